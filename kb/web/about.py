"""The words of the site's About and method page that depend on the models: what each status means."""

from __future__ import annotations

# One entry per value of kb.models.CaseStatus, in the model's order (a test keeps them in step).
STATUS_MEANINGS = {
    "filed": "A complaint or application has been lodged and nothing more is known yet.",
    "pending": "Before a court or an authority, with no final decision yet; interim rulings (on a motion to "
               "dismiss, on jurisdiction) may already have been given.",
    "decided": "A court or an authority has decided it; the ruling, its date and its outcome are on the record.",
    "appealed": "Decided at first instance and appealed; the appeal has not been decided.",
    "settled": "The parties settled; no court decided the merits.",
    "dismissed": "The court dismissed the case as a whole.",
    "withdrawn": "The claimant withdrew it.",
    "ongoing": "A controversy or a regulatory process still going on outside any court.",
    "resolved": "A controversy that ended outside court: an apology, a change of policy, an agreement.",
    "in-force": "A rule or regulation that has entered into force.",
}
