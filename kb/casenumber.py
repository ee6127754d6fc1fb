"""Court case numbers, split into their parts.

Sources cite a case by the number its court gave it: `(2023)京0491民初11279号`, `3:23-cv-00201-WHO`,
`[2025] EWHC 2863 (Ch)`, `42 O 14139/24`. Each system packs a year, a court or chamber, a kind of
procedure and a running number into that string. `parse` recovers these parts so that kb can check
a number is well formed, sort and group cases by year or court, and say in words what a number means.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

# Province abbreviations used in Chinese court codes (兵: Xinjiang Production and Construction Corps).
_CN_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳台兵"

# system -> procedure code -> (English, Chinese)
_PROCEDURES: dict[str, dict[str, tuple[str, str]]] = {
    "cn": {
        "民初": ("civil, first instance", "民事一审"),
        "民终": ("civil, second instance (appeal)", "民事二审"),
        "民再": ("civil retrial", "民事再审"),
        "民申": ("civil retrial application", "民事申请再审审查"),
        "知民初": ("IP civil, first instance", "知识产权民事一审"),
        "知民终": ("IP civil, appeal", "知识产权民事二审"),
        "刑初": ("criminal, first instance", "刑事一审"),
        "刑终": ("criminal, appeal", "刑事二审"),
        "行初": ("administrative, first instance", "行政一审"),
        "行终": ("administrative, appeal", "行政二审"),
        "民特": ("civil special procedure", "民事特别程序"),
        "执": ("enforcement", "执行"),
    },
    "us": {
        "cv": ("civil", "民事"),
        "cr": ("criminal", "刑事"),
        "md": ("multidistrict litigation", "多区诉讼"),
        "mc": ("miscellaneous", "杂项"),
    },
    "uk-claim": {
        "IL": ("Intellectual Property List", "知识产权案件清单"),
        "HP": ("Patents Court", "专利法庭"),
        "IP": ("Intellectual Property Enterprise Court", "知识产权企业法庭"),
        "BL": ("Business List", "商业案件清单"),
        "CL": ("Commercial Court", "商事法庭"),
        "KB": ("King's Bench Division", "王座法庭"),
        "QB": ("Queen's Bench Division", "王座法庭"),
    },
    "de": {
        "O": ("civil, first instance (Landgericht)", "民事一审"),
        "S": ("civil appeal (Landgericht)", "民事二审"),
        "C": ("civil, first instance (Amtsgericht)", "民事一审"),
        "U": ("civil appeal (Oberlandesgericht)", "民事二审"),
        "W": ("civil complaint (Beschwerde)", "民事抗告"),
        "ZR": ("civil appeal on points of law (Revision)", "民事法律审"),
        "ZB": ("civil complaint on points of law (Rechtsbeschwerde)", "民事法律抗告"),
    },
    "cz": {
        "C": ("civil, first instance", "民事一审"),
        "Co": ("civil appeal", "民事二审"),
        "Cdo": ("civil appeal on points of law (dovolání)", "民事法律审"),
        "T": ("criminal, first instance", "刑事一审"),
        "To": ("criminal appeal", "刑事二审"),
    },
    "in": {
        "CS(COMM)": ("commercial civil suit", "商事民事诉讼"),
        "CS(OS)": ("civil suit, original side", "原讼民事诉讼"),
        "FAO(OS)(COMM)": ("commercial first appeal", "商事上诉"),
        "RFA(OS)(COMM)": ("commercial regular first appeal", "商事上诉"),
    },
    "eu": {
        "C": ("Court of Justice case", "欧盟法院案件"),
        "T": ("General Court case", "欧盟普通法院案件"),
    },
}

_UK_COURTS = "UKSC|UKPC|UKHL|EWCA|EWHC|EWFC|EWCOP|UKUT|UKFTT|UKEAT|CSIH|CSOH|NICA|NIQB"

_CN_RE = re.compile(
    rf"[(（]([0-9]{{4}})[)）](最高法|[{_CN_PROVINCES}][0-9]{{0,4}}|[0-9]{{1,4}})"
    r"([\u4e00-\u9fff]{1,6})([0-9]+(?:-[0-9]+)?)[号號]"
)
_US_RE = re.compile(
    r"(?:([0-9]{1,2}):)?([0-9]{2})-(cv|cr|md|mc)-([0-9]{1,6})((?:-[A-Z]{1,4})*)", re.IGNORECASE
)
_US_APPEAL_RE = re.compile(r"([0-9]{2})-([0-9]{1,5})")
_UK_RE = re.compile(
    rf"\[([0-9]{{4}})\] ({_UK_COURTS})(?: (Civ|Crim))? ([0-9]{{1,5}})(?: \(([A-Za-z ]{{1,20}})\))?"
)
_UK_CLAIM_RE = re.compile(r"([A-Z]{2})-([0-9]{4})-([0-9]{6})")
_DE_RE = re.compile(
    r"([IVXL]{1,6}[a-z]?|[0-9]{1,3}[a-z]?) ([A-Z][A-Za-z]{0,3}) ([0-9]{1,6})/([0-9]{2})(?: ([A-Za-z]{1,4}))?"
)
_CZ_RE = re.compile(r"([0-9]{1,3}) ([A-Z][a-z]{0,3}) ([0-9]{1,6})/([0-9]{4})(?:-([0-9]+))?")
_EU_RE = re.compile(r"([CT])-([0-9]{1,4})/([0-9]{2})(?: (P|PPU|R))?")
# Indian High Court suits and appeals: CS(COMM) 1028/2024, FAO(OS)(COMM) 12/2025.
_IN_RE = re.compile(r"((?:CS|FAO|RFA)(?:\([A-Z]{2,4}\))+) ?([0-9]{1,6})/([0-9]{4})")


PROVINCE_OMITTED = "province omitted"  # marked for the catalog in `describe`


@dataclass(frozen=True)
class CaseNumber:
    """The parts of one case number; fields a system does not have are None."""

    system: str  # "cn", "us", "us-appeal", "uk", "uk-claim", "de", "cz" or "eu"
    year: int | None = None
    court_code: str | None = None
    procedure: str | None = None
    procedure_en: str | None = None
    procedure_zh: str | None = None
    sequence: str | None = None
    division: str | None = None
    judge: str | None = None
    extra: str | None = None

    def as_dict(self) -> dict[str, str | int]:
        """The fields that are set, as a plain dict."""
        return {key: value for key, value in asdict(self).items() if value is not None}


def _year2(yy: str) -> int:
    """A two-digit year: 00–69 are 20xx, 70–99 are 19xx."""
    return 2000 + int(yy) if int(yy) < 70 else 1900 + int(yy)


def _make(system: str, procedure: str | None, **fields: Any) -> CaseNumber:
    en, zh = _PROCEDURES.get(system, {}).get(procedure or "", (None, None))
    return CaseNumber(system, procedure=procedure, procedure_en=en, procedure_zh=zh, **fields)


def parse(text: str) -> CaseNumber | None:
    """Split a case number into its parts; None when `text` is in no known format."""
    if not isinstance(text, str):
        return None
    text = re.sub(r"\s+", " ", text.strip())
    if m := _CN_RE.fullmatch(text.replace(" ", "")):
        year, court, proc, seq = m.groups()
        extra = PROVINCE_OMITTED if court[0].isdigit() else None
        return _make("cn", proc, year=int(year), court_code=court, sequence=seq, extra=extra)
    if m := _US_RE.fullmatch(text):
        division, yy, proc, seq, judge = m.groups()
        if judge and not judge.isupper():
            return None
        judge = judge[1:] or None
        return _make("us", proc.lower(), year=_year2(yy), division=division, sequence=seq, judge=judge)
    if m := _US_APPEAL_RE.fullmatch(re.sub(r"^No\. ?", "", text)):  # courts of appeals write "No. 23-5233"
        return _make("us-appeal", None, year=_year2(m[1]), sequence=m[2])
    if m := _UK_RE.fullmatch(text):
        year, court, civcrim, seq, division = m.groups()
        return _make("uk", None, year=int(year), court_code=court, sequence=seq, division=civcrim or division)
    if m := _UK_CLAIM_RE.fullmatch(text):
        return _make("uk-claim", m[1], year=int(m[2]), sequence=m[3])
    if m := _DE_RE.fullmatch(text):
        chamber, proc, seq, yy, extra = m.groups()
        return _make("de", proc, year=_year2(yy), court_code=chamber, sequence=seq, extra=extra)
    if m := _CZ_RE.fullmatch(text):
        chamber, proc, seq, year, extra = m.groups()
        return _make("cz", proc, year=int(year), court_code=chamber, sequence=seq, extra=extra)
    if m := _IN_RE.fullmatch(text):
        return _make("in", m[1], year=int(m[3]), sequence=m[2])
    if m := _EU_RE.fullmatch(text):
        return _make("eu", m[1], year=_year2(m[3]), sequence=m[2], extra=m[4])
    return None


def describe(n: CaseNumber, language: str = "en") -> str:
    """One short human line, e.g. "2023 · court 京0491 · civil, first instance (民事一审) · no. 11279"; in
    Chinese "2023年 · 法院代字 京0491 · 民事一审 · 第 11279 号" (the words from kb's catalog)."""
    from kb.i18n import N_, translation

    say = translation(language).gettext if language != "en" else (lambda message: message)
    parts: list[str] = []
    if n.year is not None:
        parts.append(say(N_("{year}")).format(year=n.year))
    if n.court_code:
        parts.append(say(N_("chamber {code}") if n.system in ("de", "cz") else N_("court {code}")).format(
            code=n.court_code))
    if n.division:
        parts.append(say(N_("division {division}")).format(division=n.division))
    if n.procedure_en:
        if language == "zh":
            parts.append(n.procedure_zh or n.procedure_en)
        else:  # the Chinese term glosses a Chinese number's own code (民初); a US "cv" is just "civil"
            parts.append(f"{n.procedure_en} ({n.procedure_zh})" if n.procedure_zh and n.system == "cn"
                         else n.procedure_en)
    elif n.procedure:
        parts.append(say(N_("procedure {procedure}")).format(procedure=n.procedure))
    if n.sequence:
        parts.append(say(N_("no. {sequence}")).format(sequence=n.sequence))
    if n.judge:
        parts.append(say(N_("judge {judge}")).format(judge=n.judge))
    if n.extra:
        parts.append(say(N_("province omitted")) if n.extra == PROVINCE_OMITTED else n.extra)
    return " · ".join(parts)


def describe_parts(parts: dict, language: str) -> str:
    """`describe` in `language` from the parts a case carries (`case_number_parts`, as `as_dict` gives them)."""
    return describe(CaseNumber(**{k: v for k, v in parts.items() if k != "description"}), language)
