"""What a reader typed, resolved to the id of the record it names.

Users come with names, not ids: `resolve` turns an id, a name, an alias (Chinese too) or a case number
into an id, or says which records were meant when it is ambiguous, with the nearest names when none is.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from typing import Optional

from kb.errors import NotFound
from kb.i18n import _
from kb.registries import REGISTRY_LABELS


def _labels(con: sqlite3.Connection, registry: str) -> list[tuple[str, list[str]]]:
    """(id, names) for every record of a registry; for cases the names are titles, case numbers and citations."""
    if registry == "cases":
        rows = con.execute("SELECT id, title, title_zh, case_number FROM cases")
        labels = {r[0]: [v for v in r[1:] if v] for r in rows}
        for case_id, citation in con.execute("SELECT case_id, citation FROM citations ORDER BY case_id, position"):
            labels[case_id].append(citation)
        return list(labels.items())
    rows = con.execute(f'SELECT id, name, name_zh, aliases FROM "{registry}"')
    return [(r[0], [r[1], *([r[2]] if r[2] else []), *json.loads(r[3] or "[]")]) for r in rows]


def _norm(text: str) -> str:
    # NFKC folds full-width forms, so （2023）京0491民初11279号 finds (2023)京0491民初11279号.
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _has_id(con: sqlite3.Connection, registry: str, text: str) -> bool:
    return con.execute(f'SELECT 1 FROM "{registry}" WHERE id = ?', (text,)).fetchone() is not None


def _loose(text: str) -> str:
    """A name without its punctuation, spaces collapsed: "Li v Liu" and "Li v. Liu" are the same name."""
    folded = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in _norm(text))
    return " ".join(folded.split())


def _matches(labels: list[tuple[str, list[str]]], text: str, *, partial: bool, loose: bool = False) -> list[str]:
    norm = _loose if loose else _norm
    wanted = norm(text)
    if partial:
        return sorted({rid for rid, names in labels if len(wanted) >= 2 and any(wanted in norm(n) for n in names)})
    return sorted({rid for rid, names in labels if rid == text or any(norm(n) == wanted for n in names)})


def _pick(registry: str, text: str, found: list[str]) -> Optional[str]:
    if len(found) > 1:
        raise NotFound(_("'{text}' matches more than one {what}: {ids}; give the id").format(
            text=text, what=_(REGISTRY_LABELS[registry]), ids=", ".join(found[:8])))
    return found[0] if found else None


def resolve(con: sqlite3.Connection, registry: str, text: str) -> str:
    """The id of the one record that `text` names: by id, by name or alias (any case), or by case number.

    An exact id or name wins; then a name that differs only in punctuation ("Li v Liu" for "Li v. Liu");
    otherwise a unique partial match of a name, first as written, then without punctuation.
    """
    if _has_id(con, registry, text):  # the common case, answered by the primary key
        return text
    labels = _labels(con, registry)
    for partial, loose in ((False, False), (False, True), (True, False), (True, True)):
        found = _pick(registry, text, _matches(labels, text, partial=partial, loose=loose))
        if found:
            return found
    import difflib

    ids = sorted(rid for rid, _ in labels)
    pool = ids + sorted({n for _, names in labels for n in names})
    close = difflib.get_close_matches(text, pool, n=3, cutoff=0.5)
    if not close:  # a misspelt surname ("Alsop") names the person whose name has that word
        words = {w.casefold(): n for _, names in labels for n in names for w in n.split() if len(w) >= 4}
        close = list(dict.fromkeys(words[w] for w in difflib.get_close_matches(text.casefold(), list(words), n=3,
                                                                               cutoff=0.75)))
    hint = (_("; did you mean {names}?").format(names=_(" or ").join(repr(c) for c in close)) if close
            else _("; see `kb {registry}`").format(registry=registry))
    raise NotFound(_("unknown {what} '{text}'").format(what=_(REGISTRY_LABELS[registry]), text=text) + hint)


def resolve_any(con: sqlite3.Connection, text: str) -> tuple[str, str]:
    """(registry, id) of the case, party, court, claim or product that `text` names.

    An exact id is taken as meant. Exact names are tried in every registry before partial matches,
    so "Getty Images" finds the party of that name rather than failing on two case titles that
    contain it; but a name that also names a record of another kind in part ("Midjourney": the
    product, and the party Midjourney, Inc.) is ambiguous, and both are listed.
    """
    exact = [registry for registry in REGISTRY_LABELS if _has_id(con, registry, text)]
    if len(exact) == 1:
        return exact[0], text
    labels = {registry: _labels(con, registry) for registry in REGISTRY_LABELS}
    hits = [(registry, rid) for registry, rows in labels.items() for rid in _matches(rows, text, partial=False)]
    if hits:
        kinds = {registry for registry, _ in hits}
        hits += [(registry, rid) for registry, rows in labels.items() if registry != "cases" and registry not in kinds
                 for rid in _matches(rows, text, partial=True)]
    else:
        hits = [(registry, rid) for registry, rows in labels.items() for rid in _matches(rows, text, partial=True)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        names = ", ".join(f"{_(REGISTRY_LABELS[r])} {i}" for r, i in hits[:8])
        more = _(" and {n} more").format(n=len(hits) - 8) if len(hits) > 8 else ""
        raise NotFound(_("'{text}' matches more than one thing: {names}{more}; give the id").format(
            text=text, names=names, more=more))
    import difflib

    pool = sorted({n for rows in labels.values() for rid, names in rows for n in (rid, *names)})
    close = list({c.casefold(): c for c in reversed(difflib.get_close_matches(text, pool, n=6, cutoff=0.6))}
                 .values())[::-1][:3]
    hint = _("; did you mean {names}?").format(names=_(" or ").join(repr(c) for c in close)) if close else ""
    raise NotFound(_("nothing is named '{text}': not a case, party, court, claim, product, question or judge id or name")
                   .format(text=text) + hint)
