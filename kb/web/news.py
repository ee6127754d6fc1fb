"""What's new: the case records added or changed, newest first, each with its date and one line on
what changed (new case, new ruling, status change …).

The dates come from the git history of `data/cases.yaml` where the checkout has it: one `git log -p`
call reads every commit, and git's own hunk headers say which record each change falls in (a
`- id:` line is a record's first line). A record the history does not cover (no git, a shallow
checkout, a file outside a repository) is dated by its `as_of`, and the page says which date is which.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from kb.findings import Said
from kb.i18n import N_

ID_LINE = re.compile(r"^- id:\s*['\"]?([^'\"\s#]+)")
FUNCNAME = r"^- id: *(.*)$"
GIT_TIMEOUT = 60
EVENT_KIND = re.compile(r"^    (?:- )?(?:\{.*?\b)?kind:\s*([\w-]+)")  # block or flow style, as kb fmt writes either


@dataclass
class Change:
    """One record changed on one day."""
    date: str
    case: str
    what: list[str] = field(default_factory=list)
    source: str = "git"  # "git": a commit to data/cases.yaml; "as_of": the record's as_of

    @property
    def line(self) -> str:
        return "; ".join(dict.fromkeys(self.what))

    @property
    def rank(self) -> int:
        """How newsworthy the change is: its most newsworthy part's place in ORDER (0: a new case)."""
        return min(_rank(w) for w in self.what) if self.what else len(ORDER)

    @property
    def translation_only(self) -> bool:
        """The change only adds or revises Chinese text: nothing new about the case."""
        return all(w.startswith("Chinese text") for w in self.what)


def _repository_of(path: Path) -> Optional[Path]:
    for folder in [path, *path.parents]:
        if (folder / ".git").exists():
            return folder
    return None


def _git(data_dir: Path, *args: str) -> Optional[str]:
    try:
        result = subprocess.run(["git", "-C", str(data_dir), *args], capture_output=True, text=True,
                                encoding="utf-8", errors="replace", timeout=GIT_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_log(data_dir: Path) -> Optional[str]:
    """The patch history of cases.yaml with each hunk labelled by its record, or None without git history."""
    if _repository_of(Path(data_dir).resolve()) is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".attributes", delete=False, encoding="utf-8") as attributes:
        attributes.write("*.yaml diff=kbrecord\n")
    try:
        return _git(data_dir, "-c", f"core.attributesFile={attributes.name}",
                    "-c", f"diff.kbrecord.xfuncname={FUNCNAME}",
                    "log", "--no-color", "--no-ext-diff", "--no-renames", "-p", "-U0", "--format=%x01%H %cs",
                    "--", "cases.yaml")
    finally:
        os.unlink(attributes.name)


def is_shallow(data_dir: Path) -> bool:
    return (_git(data_dir, "rev-parse", "--is-shallow-repository") or "").strip() == "true"


# A key of a block-style record line (`  title_zh: ...`, `    what_zh: >-`, `  - date: ...`): what a changed line holds.
_KEY = re.compile(r"^ *(?:- )?([A-Za-z_]+):(?: |$)")


def _only_chinese_text(added: list[str], removed: list[str]) -> bool:
    """Every line added and removed is a Chinese field (`title_zh`, `what_zh` ...) or a line of one's value: a
    translation, which says nothing new about the case. A line of a value whose key did not change, or a record
    written in flow style (`{date: ..., what_zh: ...}`), is not known to be one, and counts as any other change."""
    if not added and not removed:
        return False
    for lines in (added, removed):
        chinese = False
        for line in lines:
            key = _KEY.match(line)
            if key:
                chinese = key.group(1).endswith("_zh")
            elif line.lstrip().startswith(("- ", "{")) or not line.startswith("    "):
                chinese = False  # a list item or a top-level line, not the value of the key above
            if not chinese:
                return False
    return True


def _describe(added: list[str], removed: list[str]) -> list[str]:
    """What a record's added and removed lines in one commit amount to, in words (each `Said`: the site says it
    in the edition's language, `said_in`)."""
    what: list[str] = []
    new_status = next((m.group(1) for line in added if (m := re.match(r"^  status:\s*(\S+)", line))), None)
    old_status = next((m.group(1) for line in removed if (m := re.match(r"^  status:\s*(\S+)", line))), None)
    if new_status and new_status != old_status:
        what.append(Said(N_("status {old} → {new}"), old=old_status, new=new_status) if old_status
                    else Said(N_("status {new}"), new=new_status))
    if any(re.match(r"^  ruling:", line) for line in added) or any(
            re.match(r"^    outcome:", line) for line in added):
        what.append(Said(N_("new ruling")))
    kinds = [m.group(1) for line in added if (m := EVENT_KIND.match(line))]
    if "ruling" in kinds and "new ruling" not in what:
        what.append(Said(N_("new ruling")))
    others = sorted({k for k in kinds if k != "ruling"})
    if others:
        what.append(Said(N_("new events ({kinds})") if len(others) > 1 else N_("new event ({kinds})"),
                         kinds=", ".join(others)))
    if any(re.match(r"^  - id:\s*s\d", line) or re.match(r"^    url:", line) for line in added):
        what.append(Said(N_("new source")))
    if not what and _only_chinese_text(added, removed):
        what.append(Said(N_("Chinese text added or revised")))
    if not what and any(re.match(r"^  as_of:", line) for line in added):
        what.append(Said(N_("re-checked against its sources")))
    if not what:
        what.append(Said(N_("corrected or extended")))
    return what


def said_in(change: "Change", gettext: Callable[[str], str], language: str) -> str:
    """A change's line in an edition's language: each part from the catalog, its statuses and event kinds as the
    glossary names them."""
    from kb.glossary import label

    if language == "en":
        return change.line
    parts = []
    for part in dict.fromkeys(change.what):
        if not isinstance(part, Said):
            parts.append(str(part))
            continue
        values = {key: ("、".join(label("event", k, language) for k in value.split(", ")) if key == "kinds"
                        else label("status", value, language)) for key, value in part.values.items()}
        parts.append(gettext(part.template).format(**values))
    return "；".join(parts)


def parse_log(text: str, known: set[str], skip_oldest: bool = False) -> tuple[list[Change], set[str]]:
    """Changes per record and day from `git_log`'s text, and the records the history covers.

    `skip_oldest`: the oldest commit of a shallow checkout holds every record as if it were new; its
    changes are not counted, and the records it alone covers are left to their `as_of`.
    """
    commits = text.split("\x01")[1:]
    if skip_oldest and commits:
        commits = commits[:-1]
    changes: dict[tuple[str, str], Change] = {}
    covered: set[str] = set()
    for commit in commits:
        header, _, patch = commit.partition("\n")
        date = header.split()[1] if len(header.split()) > 1 else ""
        per_record: dict[str, tuple[list[str], list[str]]] = {}
        new_ids: set[str] = set()
        gone_ids: set[str] = set()
        current: Optional[str] = None
        for line in patch.splitlines():
            if line.startswith("@@"):
                label = line.split("@@", 2)[-1].strip()
                m = re.match(r"^(?:- id:\s*)?['\"]?([^'\"\s#]+)", label)
                current = m.group(1) if label and m else None
                continue
            if line.startswith(("+++", "---", "diff ", "index ", "new file", "deleted file")) or not line:
                continue
            sign, body = line[0], line[1:]
            if sign not in "+-":
                continue
            m = ID_LINE.match(body)
            if m:
                current = m.group(1)
                (new_ids if sign == "+" else gone_ids).add(current)
            if current is None:
                continue
            added, removed = per_record.setdefault(current, ([], []))
            (added if sign == "+" else removed).append(body)
        for rid, (added, removed) in per_record.items():
            if rid not in known:  # a record since renamed or removed
                continue
            covered.add(rid)
            if rid in new_ids and rid not in gone_ids:
                what = [Said(N_("new case"))]
            else:
                what = _describe(added, removed)
            change = changes.setdefault((date, rid), Change(date, rid))
            change.what = what + change.what if what == ["new case"] else change.what + what
    ordered = sorted(changes.values(), key=lambda c: (c.date, c.case), reverse=True)
    for c in ordered:
        c.what = _tidy(c.what)
    return ordered, covered


ORDER = ("new case", "status", "new ruling", "new event", "new source", "Chinese text", "re-checked", "corrected")


def _rank(what: str) -> int:
    return next(i for i, part in enumerate(ORDER + ("",)) if what.startswith(part))


def _tidy(what: list[str]) -> list[str]:
    """A day's changes to one record, most newsworthy first: a record added that day is a new case,
    whatever else changed; "corrected or extended" and "re-checked" only when nothing more says it."""
    if "new case" in what:
        return [next(w for w in what if w == "new case")]
    ranked = sorted(dict.fromkeys(what), key=_rank)
    specific = [w for w in ranked if not w.startswith(("corrected", "re-checked"))]
    return specific or ranked[:1]


def whats_new(data_dir: Path, records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every change, newest first: from git where the history covers a record, from `as_of` otherwise."""
    from kb.dates import sort_key

    text = git_log(Path(data_dir))
    changes: list[Change] = []
    covered: set[str] = set()
    shallow = False
    if text is not None:
        shallow = is_shallow(Path(data_dir))
        changes, covered = parse_log(text, set(records), skip_oldest=shallow)
    for rid, record in records.items():
        if rid not in covered and record.get("as_of"):
            changes.append(Change(str(record["as_of"]), rid,
                                  [Said(N_("checked against its sources: {status}"), status=record["status"])],
                                  source="as_of"))
    undated = sorted(rid for rid, r in records.items() if rid not in covered and not r.get("as_of"))
    # newest first; on one day, the most newsworthy first (a new case, a status change ... a translation last)
    changes.sort(key=lambda c: c.case)
    changes.sort(key=lambda c: c.rank)
    changes.sort(key=lambda c: sort_key(c.date), reverse=True)
    return {"changes": changes, "git": text is not None, "shallow": shallow, "undated": undated,
            "from_git": sum(c.source == "git" for c in changes), "from_as_of": sum(c.source == "as_of" for c in changes)}


def headlines(changes: list[Change], n: int) -> tuple[list[Change], int]:
    """The `n` newest changes that say something new about a case, and how many changes that only add or revise
    Chinese text were passed over to find them (the What's new page lists those too)."""
    shown: list[Change] = []
    passed = 0
    for change in changes:
        if len(shown) == n:
            break
        if change.translation_only:
            passed += 1
        else:
            shown.append(change)
    return shown, passed


def happenings(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events of the timeline (`kb.queries.timeline`), in its order, each with `cases`: one filing made
    across several cases (a motion in each case of an MDL) is recorded on each of them with the same date,
    kind, words and source, and is one entry here, with all its cases in the timeline's order, rather than
    the same line once per case."""
    entries: dict[tuple, dict[str, Any]] = {}
    for e in events:
        key = (e["date"], e["kind"], e["what"], e["what_zh"], e["source"]["url"])
        entry = entries.get(key)
        if entry is None:
            entries[key] = {**e, "cases": [e["case"]]}
        elif e["case"] not in entry["cases"]:
            entry["cases"].append(e["case"])
    return list(entries.values())


def latest_events(events: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The `n` newest `happenings` of the timeline, newest first."""
    return list(reversed(happenings(events)))[:n]
