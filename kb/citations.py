"""Official citations of rulings: recognised, checked and written one canonical way.

Four kinds, each by its published format:

- `us-reporter`: a US reporter citation (`130 F.4th 1039`, `765 F. Supp. 3d 382`), parsed by eyecite,
  the Free Law Project's citation parser, which knows every reporter and its editions;
- `uk-neutral`: a UK neutral citation (`[2025] EWHC 2863 (Ch)`), as the judiciary's practice direction
  on neutral citations lays it out;
- `ecli`: a European Case Law Identifier (`ECLI:DE:LGHH:2024:0927.310O227.23.00`), five parts joined by
  colons as the Council conclusions on ECLI define them;
- `cn-designation`: a Chinese court's published designation of a case as guiding, typical or
  reference case (`指导性案例第xx号`, `…典型案例`, `…十大典型案件`, `入库参考案例 2025-07-2-474-001`).

eyecite is imported only when a US citation is checked: it takes a third of a second to import, and
no read command needs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

KINDS = ("us-reporter", "uk-neutral", "ecli", "cn-designation")

# Courts and tribunals that issue neutral citations, with the divisions that follow the number.
_UK_COURTS = r"UKSC|UKPC|UKHL|UKUT \((?:IAC|LC|TCC|AAC)\)|UKFTT \((?:TC|GRC)\)|EWCA (?:Civ|Crim)|EWHC|EWCOP|EWFC|CSOH|CSIH|NICA|NIKB|NIQB"
_UK_DIVISIONS = r"Ch|KB|QB|Pat|IPEC|Comm|Admin|Fam|TCC|Costs|Admlty|SCCO|Mercantile"
UK_NEUTRAL = re.compile(rf"\[(?P<year>\d{{4}})\] (?P<court>{_UK_COURTS}) (?P<number>\d{{1,5}})(?: \((?P<division>{_UK_DIVISIONS})\))?")
ECLI = re.compile(r"ECLI:(?P<country>[A-Z]{2}):(?P<court>[A-Z0-9]{1,7}):(?P<year>\d{4}):(?P<number>[A-Z0-9.]{1,25})")
CN_DESIGNATION = re.compile(r".*(?:指导性案例|指导案例|典型案例|典型案件|参考案例|案例).*")


class CitationError(ValueError):
    """A citation that is not in any recognised format, with what was expected."""


@dataclass(frozen=True)
class Citation:
    """A citation parsed into its parts; `text` is its canonical form."""

    kind: str
    text: str
    container: Optional[str] = None  # the reporter, court code or issuing list
    volume: Optional[str] = None
    page: Optional[str] = None
    number: Optional[str] = None
    year: Optional[str] = None

    def csl(self) -> dict[str, str]:
        """The CSL-JSON fields of a legal case that this citation fills. Never `number`: that is the case
        number, as the court writes it. A reporter or neutral citation is where the ruling is printed
        (`container-title`, `volume`, `page`: `EWHC 2863 (Ch)`); a Chinese designation names the list the
        court published the case in (`collection-title`); an ECLI has no CSL variable and fills none."""
        if self.kind == "ecli":
            return {}
        if self.kind == "cn-designation":
            return {"collection-title": self.text}
        fields = {"container-title": self.container, "volume": self.volume, "page": self.page}
        return {key: value for key, value in fields.items() if value}


def parse(text: str) -> Citation:
    """Recognise `text` as one citation of a known kind, or raise CitationError saying what fits."""
    value = " ".join(text.split())
    if value.startswith("ECLI"):
        m = ECLI.fullmatch(value)
        if not m:
            raise CitationError("an ECLI has five parts: ECLI:<country>:<court>:<year>:<number>, "
                                "e.g. ECLI:DE:LGHH:2024:0927.310O227.23.00")
        return Citation("ecli", value, container=m["court"], number=value, year=m["year"])
    if value.startswith("["):
        m = UK_NEUTRAL.fullmatch(value)
        if not m:
            raise CitationError("a UK neutral citation reads [year] court number (division), "
                                "e.g. [2025] EWHC 2863 (Ch)")
        page = m["number"] + (f" ({m['division']})" if m["division"] else "")
        return Citation("uk-neutral", value, container=m["court"], page=page, number=m["number"], year=m["year"])
    if re.search(r"[\u4e00-\u9fff]", value):
        if not CN_DESIGNATION.fullmatch(value):
            raise CitationError("a Chinese designation names the list the court published it in, "
                                "e.g. 指导性案例第xx号, …典型案例 or …典型案件")
        return Citation("cn-designation", value, number=value)
    return _us_reporter(value)


_CANONICAL_US = re.compile(r"(?P<volume>\d+) (?P<reporter>\S.*?\S|\S) (?P<page>\d+)")


def parse_stored(text: str) -> Citation:
    """The parts of a citation as the database stores it: validated and written canonically by `parse`, so a US
    one splits as volume, reporter and page without eyecite, whose import alone costs about a second."""
    m = _CANONICAL_US.fullmatch(text)
    if m and not text.startswith(("ECLI", "[")):
        return Citation("us-reporter", text, container=m["reporter"], volume=m["volume"], page=m["page"])
    return parse(text)


def _us_reporter(value: str) -> Citation:
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    found = [c for c in get_citations(value) if isinstance(c, FullCaseCitation)]
    if len(found) != 1 or found[0].span() != (0, len(value)):
        raise CitationError("not a citation kb recognises: a US reporter citation reads volume reporter page "
                            "(e.g. 130 F.4th 1039), a UK one [2025] EWHC 2863 (Ch), an ECLI ECLI:DE:…")
    cite = found[0]
    groups = cite.groups
    canonical = cite.corrected_citation()
    reporter = canonical[len(groups["volume"]) + 1: len(canonical) - len(groups["page"]) - 1]
    return Citation("us-reporter", canonical, container=reporter, volume=groups["volume"], page=groups["page"])
