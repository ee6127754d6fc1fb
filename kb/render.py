"""Rich renderings of query results for people. Scripts use `--json` instead.

Every piece of text that comes from the data goes through `_t`, which makes terminal escape
sequences and bidi controls visible (`kb.textsafe.inert`) and wraps the text in a Rich `Text`
object, so that `[red]` in a case title is printed as written, never read as markup.
"""

from __future__ import annotations

from typing import Any, Iterable, Optional

from rich.console import Group
from rich.table import Table
from rich.text import Text

from kb.textsafe import inert


def _t(value: Any, style: str = "") -> Text:
    return Text(inert("" if value is None else str(value)), style=style)


def _name(item: Optional[dict], key: str = "name") -> Text:
    if not item:
        return Text("")
    zh = item.get(f"{key}_zh")
    return _t(f"{item.get(key)}" + (f" ({zh})" if zh else ""))


# Columns whose values must stay on one line: people copy ids and read dates at a glance.
_KEEP_WHOLE = {"id", "filed", "decided", "status", "score", "cases", "case number", "jurisdiction", "code"}


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in _KEEP_WHOLE)
    return table


def cases_table(cases: list[dict]) -> Table:
    table = _table(f"{len(cases)} case(s)", "id", "title", "court", "case number", "status", "filed", "decided")
    for c in cases:
        title = c["title"] + (f"\n{c['title_zh']}" if c.get("title_zh") else "")
        table.add_row(_t(c["id"], "cyan"), _t(title), _t(c.get("court")), _t(c.get("case_number")),
                      _t(c["status"]), _t(c.get("filed")), _t(c.get("decided")))
    return table


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def case_detail(case: dict) -> Group:
    parts: list = [Text.assemble(_t(case["title"], "bold"), "  ", _t(case["id"], "cyan"))]
    if case.get("title_zh"):
        parts.append(_t(case["title_zh"], "bold"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    court = case.get("court")
    for label, value in (
        ("kind", case.get("kind")), ("jurisdiction", case.get("jurisdiction")),
        ("court", _name(court) if court else None), ("case number", case.get("case_number")),
        ("status", case.get("status") + (f" (as of {case['as_of']})" if case.get("as_of") else "")),
        ("filed", case.get("filed")), ("decided", case.get("decided")),
        ("claims", ", ".join(c["id"] for c in case.get("claims", []))),
        ("products", ", ".join(p["name"] for p in case.get("products", []))),
    ):
        if value:
            facts.add_row(label, value if isinstance(value, Text) else _t(value))
    parts.append(facts)
    if case.get("summary") or case.get("summary_zh"):
        parts += [_section("Summary"), _t(case.get("summary")), _t(case.get("summary_zh"))]
    if case.get("parties"):
        parts.append(_section("Parties"))
        parts += [Text.assemble(_t(p["role"], "dim"), "  ", _name(p), "  ", _t(p["id"], "cyan"))
                  for p in case["parties"]]
    ruling = case.get("ruling")
    if ruling:
        parts.append(_section("Ruling"))
        damages = ruling.get("damages")
        for label, value in (("date", ruling.get("date")), ("outcome", ruling.get("outcome")),
                             ("holding", ruling.get("holding")),
                             ("damages", f"{damages['amount']:,.2f} {damages['currency']}" if damages else None),
                             ("source", ruling.get("source"))):
            if value:
                parts.append(Text.assemble(_t(label, "dim"), "  ", _t(value)))
    if case.get("events"):
        parts.append(_section("Timeline"))
        parts += [Text.assemble(_t(e["date"].ljust(10), "green"), "  ", _t(e.get("kind", "other"), "dim"), "  ",
                                _t(e["what"]), "  ", _t(f"[{e['source']}]", "dim")) for e in case["events"]]
    if case.get("related"):
        parts.append(_section("Related cases"))
        parts += [Text.assemble(_t(r["relation"] if r["direction"] == "out" else f"{r['relation']} (from)", "dim"),
                                "  ", _t(r["case"], "cyan"), "  ", _t(r.get("title"))) for r in case["related"]]
    parts.append(_section("Sources"))
    parts += [Text.assemble(_t(s["id"], "dim"), "  ", _t(s["title"]), " — ", _t(s["publisher"]),
                            _t(f", {s['published']}" if s.get("published") else ""), "\n    ", _t(s["url"], "blue"))
              for s in case.get("sources", [])]
    if case.get("note"):
        parts += [_section("Note"), _t(case["note"])]
    return Group(*parts)


def registry_table(registry: str, rows: list[dict]) -> Table:
    extra = [k for k in rows[0] if k not in ("id", "name", "name_zh", "cases")] if rows else []
    table = _table(f"{len(rows)} {registry}", "id", "name", *extra, "cases")
    for row in rows:
        table.add_row(_t(row["id"], "cyan"), _name(row), *(_t(row[k]) for k in extra), _t(row["cases"]))
    return table


def stats_tables(stats: dict) -> Group:
    tables: list = [Text(f"{stats['cases']} cases", style="bold")]
    for key, counts in stats.items():
        if key == "cases" or not counts:
            continue
        table = _table(key.replace("_", " "), key.removeprefix("by_"), "cases")
        for name, n in counts.items():
            table.add_row(_t(name), _t(n))
        tables.append(table)
    return Group(*tables)


def related_table(case_id: str, rows: list[dict]) -> Table:
    table = _table(f"{len(rows)} case(s) related to {inert(case_id)}", "score", "id", "title", "why")
    for row in rows:
        table.add_row(_t(f"{row['score']:g}"), _t(row["id"], "cyan"), _t(row["title"]), _t("\n".join(row["reasons"])))
    return table


def path_lines(hops: Iterable[dict]) -> Group:
    hops = list(hops)
    if not hops:
        return Group(Text("no path"))
    lines = [Text.assemble(_t(hops[0]["from"]["type"], "dim"), " ", _t(hops[0]["from"]["label"], "bold"))]
    for hop in hops:
        lines.append(Text.assemble("  └─ ", _t(hop["link"], "yellow"), " ─ ", _t(hop["to"]["type"], "dim"), " ",
                                   _t(hop["to"]["label"], "bold")))
    return Group(*lines)
