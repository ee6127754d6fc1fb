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

# The same, for the Chinese edition (the status names themselves come from kb/glossary.yaml).
STATUS_MEANINGS_ZH = {
    "filed": "已提起起诉或申请，尚无其他进展的信息。",
    "pending": "正由法院或主管机关审理，尚无终局裁决；可能已作出中间裁定（如驳回起诉动议、管辖权异议）。",
    "decided": "法院或主管机关已作出裁决；裁判、日期及结果均载于记录。",
    "appealed": "一审已裁判并已上诉；上诉尚未裁决。",
    "settled": "当事人已和解；法院未就实体问题作出裁判。",
    "dismissed": "法院驳回了整个案件。",
    "withdrawn": "原告或申请人已撤回。",
    "ongoing": "仍在法院之外进行的争议或监管程序。",
    "resolved": "在法院之外了结的争议：道歉、政策调整或达成协议。",
    "in-force": "已经生效施行的规则或法规。",
}

