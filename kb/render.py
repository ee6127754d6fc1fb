"""Rich renderings of query results for people. Scripts use `--json` instead.

Every piece of text that comes from the data goes through `_t`, which makes terminal escape
sequences and bidi controls visible (`kb.textsafe.inert`) and wraps the text in a Rich `Text`
object, so that `[red]` in a case title is printed as written, never read as markup.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Optional

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from kb.glossary import label
from kb.i18n import N_, _, is_zh
from kb.textsafe import inert


def _t(value: Any, style: str = "") -> Text:
    return Text(inert("" if value is None else str(value)), style=style)


def _name(item: Optional[dict], key: str = "name") -> Text:
    if not item:
        return Text("")
    zh = item.get(f"{key}_zh")
    if is_zh():  # the Chinese name first; the English one after it, or alone and marked
        return _t(f"{zh} ({item.get(key)})" if zh else f"{item.get(key)}{_EN_MARK}")
    return _t(f"{item.get(key)}" + (f" ({zh})" if zh else ""))


# After English text shown to a Chinese reader where the record has no Chinese: "(英文)".
_EN_MARK = " (英文)"


def _own(item: dict, key: str, style: str = "") -> list[Text]:
    """Where English shows only the English: the same in English, both languages in Chinese."""
    return _bi(item, key, style) if is_zh() else [_t(item.get(key), style)]


def _bi(item: dict, key: str, style: str = "") -> list[Text]:
    """A field in both languages, one line each: the reader's language first. In Chinese, a field the
    record gives only in English is shown marked (英文); facts are never translated."""
    en, zh = item.get(key), item.get(f"{key}_zh")
    chinese = _t(zh, style if is_zh() else "")
    chinese.overflow = "fold"  # Chinese prose has no spaces to wrap at: fold it, never cut it short with an ellipsis
    if not is_zh():
        return [_t(en, style), chinese]
    if zh:
        return [chinese, _t(en, "dim")]
    return [_t(f"{en}{_EN_MARK}" if en else None, style)]


# Columns whose values must stay on one line: people copy ids and read dates at a glance.
_KEEP_WHOLE = {"id", "score", "cases", "jurisdiction", "code", "courtlistener", "ecli"}


# Every column name and table title a table may have, marked for the catalog: `_table` shows them
# translated, and refuses a name missing here (add it, then update the catalog; see CONTRIBUTING).
_COLUMNS = frozenset((
    N_("id"), N_("case"), N_("status"), N_("name"), N_("cases"), N_("score"), N_("why"), N_("snippet"),
    N_("date"), N_("kind"), N_("what"), N_("question"), N_("rulings"), N_("jurisdiction"), N_("answers"),
    N_("ruling"), N_("answer"), N_("holding"), N_("as_of"), N_("court"), N_("case number"), N_("judge"), N_("how"),
    N_("links"), N_("betweenness"), N_("claim"), N_("year"), N_("level"), N_("code"), N_("courtlistener"),
    N_("ecli"), N_("operator"), N_("parent"), N_("party"), N_("product"),
    N_("by kind"), N_("by status"), N_("by jurisdiction"), N_("by court"), N_("by claim"), N_("by year"),
    N_("parties"), N_("courts"), N_("claims"), N_("products"), N_("questions"), N_("judges"),
))


def _table(title: str, *columns: str) -> Table:
    # The title is a Text, never markup: it may echo what the user typed (`kb search '[/]'`).
    # Column names are English (kb's words for them, kept whole when listed in _KEEP_WHOLE), shown translated.
    table = Table(title=Text(inert(title)), title_justify="left", box=box.SIMPLE_HEAD, header_style="bold",
                  pad_edge=False)
    for column in columns:
        if column not in _COLUMNS:
            raise ValueError(f"column {column!r} is not in kb.render._COLUMNS, so it has no translation")
        # a column kept whole that must still be cut (a very narrow terminal) ends in "…", never silently
        whole = column in _KEEP_WHOLE
        table.add_column(_(column), overflow="ellipsis" if whole else "fold", no_wrap=whole)
    return table


# The narrowest a column kept whole (an id) is cut to, with "…", to leave the others room for their tokens.
MIN_WHOLE_WIDTH = 16


_ID_LINE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")  # a line that is a record id alone (`cn-2023-li-v-liu`)


def _token_width(text: str, ids: bool = True) -> int:
    """The width of the longest piece of `text` that must stay on one line: an id, a Latin word, a
    URL, a case number such as (2018)京0491民初239号. Runs of Chinese prose may wrap anywhere. With
    `ids` false, a line that is an id alone does not count: it may be cut, with "…"."""
    from rich.cells import cell_len

    if not ids and _ID_LINE.match(text.strip()):
        return 0
    widest = 0
    for word in text.split():
        if word.isascii() or (any(c.isdigit() for c in word) and cell_len(word) <= 40):
            widest = max(widest, cell_len(word))
    return widest


def _cut_id_lines(cell: Any, width: int) -> Any:
    """`cell` with each line that is an id alone and wider than `width` cut to it, ending in "…"."""
    if not isinstance(cell, Text) or width < 2:
        return cell
    pieces, start, changed = [], 0, False
    for line in cell.plain.split("\n"):
        end = start + len(line)
        if _ID_LINE.match(line) and len(line) > width:
            pieces += [cell[start:start + width - 1], Text("…", style="dim")]
            changed = True
        else:
            pieces.append(cell[start:end])
        pieces.append(Text("\n"))
        start = end + 1
    return Text("").join(pieces[:-1]) if changed else cell


def fit(renderable: Any, width: int) -> Any:
    """Give each wrapping column of the tables in `renderable` room for its longest token at `width`
    columns, so that Rich's own squeezing never cuts an id, a case number or a URL in two."""
    if isinstance(renderable, Group):
        for part in renderable.renderables:
            fit(part, width)
        return renderable
    if not isinstance(renderable, Table) or not renderable.columns:
        return renderable
    from rich.cells import cell_len

    table = renderable
    widest, tokens, tokens_but_ids = [], [], []
    for column in table.columns:
        cells = [str(column.header), *(c.plain if isinstance(c, Text) else str(c) for c in column._cells)]
        lines = [line for cell in cells for line in cell.split("\n")]
        widest.append(max((cell_len(line) for line in lines), default=0))
        tokens.append(widest[-1] if column.no_wrap else max((_token_width(line) for line in lines), default=0))
        tokens_but_ids.append(tokens[-1] if column.no_wrap else
                              max((_token_width(line, ids=False) for line in lines), default=0))
    room = width - table._extra_width - sum(table._get_padding_width(i) for i in range(len(table.columns)))
    if sum(widest) <= room:
        return table
    # Not room for every token (a date, a case number) beside every whole id: the ids give way first,
    # cut with "…", so that no date or number is split across lines.
    need = sum(tokens) - room
    for i in sorted((i for i, c in enumerate(table.columns) if c.no_wrap), key=lambda i: -widest[i]):
        give = min(need, widest[i] - MIN_WHOLE_WIDTH)
        if give > 0:
            widest[i] -= give
            tokens[i] -= give
            need -= give
            table.columns[i].width = widest[i]
    cut_ids = need > 0  # still no room: ids alone on a line in the other columns give way too, with "…"
    if cut_ids:
        tokens = tokens_but_ids
    slack = [w - t for w, t in zip(widest, tokens)]
    excess = sum(widest) - room
    total_slack = sum(slack)
    for i, column in enumerate(table.columns):
        if column.no_wrap:
            continue
        cut = slack[i] if total_slack <= excess else -(-excess * slack[i] // total_slack)
        column.width = max(tokens[i], widest[i] - cut, 1)
        if cut_ids:
            column._cells[:] = [_cut_id_lines(c, column.width) for c in column._cells]
    return table


def _lines(*parts: Text) -> Text:
    lines = Text("\n").join(p for p in parts if p.plain)
    if any(p.overflow == "fold" for p in parts):
        lines.overflow = "fold"  # a join keeps no part's overflow: Chinese in it must still fold, not be cut
    return lines


def cases_table(cases: list[dict]) -> Table:
    table = _table(_("{n} case(s)").format(n=len(cases)), "id", "case", "status")
    for c in cases:
        where = " · ".join(v for v in (c.get("court"), c.get("case_number")) if v)
        dates = " → ".join(v for v in (c.get("filed"), c.get("decided")) if v)
        ruling = c.get("ruling_date") if c.get("ruling_date") != c.get("decided") else None
        said = (is_zh() and c.get("outcome_zh")) or c.get("outcome")
        outcome = " ".join(v for v in (_("ruling {date}:").format(date=ruling) if ruling else None, said) if v)
        table.add_row(_t(c["id"], "cyan"), _lines(*_bi(c, "title", "bold"), _t(where, "dim")),
                      _lines(_t(label("status", c["status"])), _t(dates, "dim"), _t(outcome, "italic")))
    return table


def _grid(*rows: tuple[str, Any]) -> Table:
    """Label-value lines with the values aligned and wrapped under themselves."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for name, value in rows:
        if value:
            grid.add_row(name, value if isinstance(value, Text) else _t(value))
    return grid


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def _court(court: dict) -> Text:
    """A court's name, then its standard ids: its ECLI court code and its CourtListener id."""
    ids = [f"{name} {court[key]}" for key, name in (("ecli", "ECLI"), ("courtlistener", "CourtListener"))
           if court.get(key)]
    return _lines(_name(court), _t(" · ".join(ids), "dim")) if ids else _name(court)


def case_detail(case: dict) -> Group:
    first, *other = _bi(case, "title", "bold")
    parts: list = [Text.assemble(first, "  ", _t(case["id"], "cyan"))]
    parts += [line for line in other if line.plain]
    court = case.get("court")
    status = label("status", case.get("status"))
    parts.append(_grid(
        (_("kind"), label("kind", case.get("kind"))), (_("jurisdiction"), case.get("jurisdiction")),
        (_("court"), _court(court) if court else None),
        (_("case number"), _lines(_t(case.get("case_number")),
                               _t(_number_description(case.get("case_number_parts")), "dim"))),
        (_("citations"), _lines(*(_t(f"{c['citation']}  ({c['date']})") for c in case.get("citations", [])))
         if case.get("citations") else None),
        (_("status"), status + (_(" (as of {date})").format(date=case["as_of"]) if case.get("as_of") else "")),
        (_("filed"), case.get("filed")), (_("decided"), case.get("decided")),
        (_("claims"), ", ".join(c["id"] for c in case.get("claims", []))),
        (_("products"), ", ".join(p["name"] for p in case.get("products", []))),
    ))
    if case.get("summary") or case.get("summary_zh"):
        parts += [_section(_("Summary")), *(line for line in _bi(case, "summary") if line.plain or not is_zh())]
    if case.get("parties"):
        parts.append(_section(_("Parties")))
        parts += [Text.assemble(_t(label("role", p["role"]), "dim"), "  ", _name(p), "  ", _t(p["id"], "cyan"))
                  for p in case["parties"]]
    ruling = case.get("ruling")
    if ruling:
        damages = ruling.get("damages")
        parts += [_section(_("Ruling")), _grid(
            (_("date"), ruling.get("date")), (_("outcome"), _lines(*_bi(ruling, "outcome"))),
            (_("holding"), _lines(*_bi(ruling, "holding")) if ruling.get("holding") else None),
            (_("damages"), _damages(damages) if damages else None),
            (_("source"), ruling.get("source")))]
    if case.get("answers"):
        rows: list = []
        for a in case["answers"]:
            zh = _t(a.get("holding_zh"))
            zh.overflow = "fold"  # Chinese prose wraps anywhere; Latin tokens in it still get room (see `fit`)
            holdings = [("", zh), ("", _t(a.get("holding")))] if is_zh() else [("", _t(a.get("holding"))), ("", zh)]
            rows += [(label("answer", a["answer"]), Text.assemble(_name(a) if is_zh() else _t(a["name"], "bold"), "  ", _t(a["question"], "cyan"), "  ",
                                                                 _t(f"[{a['source']}]", "dim"))),
                     *holdings]
        parts += [_section(_("Questions of law answered")), _grid(*rows)]
    if case.get("judges"):
        parts.append(_section(_("Judges")))
        parts += [Text.assemble(_t(j["date"], "green"), "  ", _t(label("judge_role", j["role"]), "dim"), "  ", _name(j), "  ",
                                _t(j["id"], "cyan"), "  ", _t(f"[{j['source']}]", "dim"),
                                *(("  ", _t(j["note"], "italic")) if j.get("note") else ()))
                  for j in case["judges"]]
    if case.get("events"):
        timeline = Table.grid(padding=(0, 2))
        for column in ("date", "kind", "what", "source"):
            timeline.add_column(no_wrap=column != "what", style={"date": "green", "kind": "dim", "source": "dim"}
                                .get(column, ""))
        for e in case["events"]:
            timeline.add_row(_t(e["date"]), _t(label("event", e.get("kind", "other"))), _lines(*_own(e, "what")),
                             _t(f"[{e['source']}]"))
        parts += [_section(_("Timeline")), timeline]
    if case.get("related"):
        parts.append(_section(_("Related cases")))
        parts += [Text.assemble(_t(label("relation", r["relation"]) if r["direction"] == "out"
                                   else _("{relation} (from)").format(relation=label("relation", r["relation"])), "dim"),
                                "  ", _t(r["case"], "cyan"), "  ", _t(r.get("title"))) for r in case["related"]]
    parts.append(_section(_("Sources")))
    for s in case.get("sources", []):
        parts += [Text.assemble(_t(s["id"], "dim"), "  ", _t(s["title"]), " — ", _t(s["publisher"]),
                                _t(f", {s['published']}" if s.get("published") else "")),
                  Text.assemble("    ", _url(s["url"]), no_wrap=True, overflow="ignore")]
    if case.get("note"):
        parts += [_section(_("Note")), _t(case["note"])]
    return Group(*parts)


def _number_description(parts: Optional[dict]) -> Optional[str]:
    """What a case number says, in the reader's language."""
    if not parts or not is_zh():
        return (parts or {}).get("description")
    from kb.casenumber import describe_parts

    return describe_parts(parts, "zh")


def _damages(damages: dict) -> str:
    """An amount as money; anything else (a database from an older kb can hold null for `.inf`) as it is."""
    amount = damages.get("amount")
    if isinstance(amount, (int, float)) and not isinstance(amount, bool) and math.isfinite(amount):
        amount = f"{amount:,.2f}"
    return f"{_('unknown amount') if amount is None else amount} {damages.get('currency') or ''}".rstrip()


def _url(url: str) -> Text:
    # Never broken: a terminal's own wrapping keeps a long address one line for copying.
    return Text(inert(url), style="blue", no_wrap=True, overflow="ignore")


def registry_table(registry: str, rows: list[dict]) -> Table:
    extra = [k for k in rows[0] if k not in ("id", "name", "name_zh", "cases")] if rows else []
    table = _table(_("{n} {registry}").format(n=len(rows), registry=_(registry)), "id", "name", *extra, "cases")
    for row in rows:
        table.add_row(_t(row["id"], "cyan"), _name(row), *(_t(label(_FIELD_OF_COLUMN.get(k, k), row[k])
                                                              if k in _FIELD_OF_COLUMN else row[k]) for k in extra),
                      _t(row["cases"]))
    return table


# Registry columns whose values are kb's fixed words, labelled from the glossary.
_FIELD_OF_COLUMN = {"kind": "party_kind", "level": "level"}
# The counts of `kb stats` whose keys are fixed words.
_FIELD_OF_STAT = {"by_kind": "kind", "by_status": "status"}


def stats_tables(stats: dict) -> Group:
    tables: list = [Text(_("{n} cases").format(n=stats["cases"]), style="bold")]
    for key, counts in stats.items():
        if key == "cases" or not counts:
            continue
        table = _table(_(key.replace("_", " ")), key.removeprefix("by_"), "cases")
        for name, n in counts.items():
            table.add_row(_t(label(_FIELD_OF_STAT[key], name) if key in _FIELD_OF_STAT else name), _t(n))
        tables.append(table)
    return Group(*tables)


def related_table(case_id: str, rows: list[dict]) -> Table:
    from kb.links import reason_in

    table = _table(_("{n} case(s) related to {case}").format(n=len(rows), case=inert(case_id)), "score", "case", "why")
    for row in rows:
        # in Chinese: the case's Chinese title first, and the reasons naming records by their Chinese names
        lines = row["reasons_zh"] if is_zh() and row.get("reasons_zh") else [reason_in(r) for r in row["reasons"]]
        table.add_row(_t(f"{row['score']:g}"), _lines(_t(row["id"], "cyan"), *_own(row, "title", "dim")),
                      _t("\n".join(lines)))
    return table


def path_lines(hops: Iterable[dict]) -> Group:
    hops = list(hops)
    if not hops:
        return Group(Text(_("no path")))

    def node(end: dict) -> Text:
        from rich.cells import cell_len

        kind = _(end["type"])
        return Text.assemble(_t(kind + " " * max(8 - cell_len(kind), 1), "dim"), _t(end["label"], "bold"))

    lines = [node(hops[0]["from"])]
    for hop in hops:
        lines += [Text.assemble("   │ ", _t(hop["link"], "yellow")), node(hop["to"])]
    return Group(*lines)


def search_table(query: str, results: list[dict]) -> Table:
    table = _table(_("{n} result(s) for {query}").format(n=len(results), query=inert(query)), "score", "case",
                   "snippet")
    for r in results:
        snippet = _t(r["snippet"])
        for start, end in r["highlights"]:
            snippet.stylize("bold reverse", start, end)
        title = _bi(r, "title", "dim")[0] if is_zh() else _t(r["title"], "dim")  # one title: the reader's
        table.add_row(_t(f"{r['score']:g}"), _lines(_t(r["id"], "cyan"), title), snippet)
    return table


def timeline_table(events: list[dict]) -> Table:
    table = _table(_("{n} event(s)").format(n=len(events)), "date", "kind", "what", "case")
    for e in events:
        source = e["source"]
        what = _lines(*_bi(e, "what"), _t(f"[{source['id']}] {source['publisher'] or ''}", "dim"))
        table.add_row(_t(e["date"], "green"), _t(label("event", e["kind"]), "dim"), what, _t(e["case"]["id"], "cyan"))
    return table


def central_table(kind: str, about: dict, rows: list[dict]) -> Table:
    degree = "links" if kind == "case" else "cases"
    title = _("most connected: {kind}").format(kind=_(kind))
    if not about["exact"]:
        title += _(" (betweenness estimated from {sources:,} of {nodes:,} nodes)").format(sources=about["sources"],
                                                                                       nodes=about["nodes"])
    table = _table(title, "id", "name", degree, "betweenness")
    for r in rows:
        table.add_row(_t(r["id"], "cyan"), _t(r["label"]), _t(r["degree"]), _t(f"{r['betweenness']:.4f}"))
    return table


def clusters_view(about: dict, clusters: list[dict]) -> Group:
    parts: list = [Text(_("{n} cluster(s)").format(n=len(clusters)), style="bold")]
    if not about["exact"]:
        parts.append(Text(about["note"], style="dim"))
    for c in clusters:
        shared = ", ".join(f"{s['label']} ({s['cases']})" for s in c["shared"][:8])
        parts += [_section(_("Cluster {cluster}: {size} cases").format(cluster=c["cluster"], size=c["size"])), _grid((_("shared"), shared)),
                  *(Text.assemble("  ", _t(case, "cyan")) for case in c["cases"])]
    return Group(*parts)


def graph_stats_view(stats: dict) -> Group:
    nodes = ", ".join(f"{n} {k}" for k, n in stats["nodes_by_type"].items())
    edges = ", ".join(f"{n} {k}" for k, n in stats["edges_by_kind"].items())
    return Group(_grid((_("nodes"), f"{stats['nodes']} ({nodes})"), (_("edges"), f"{stats['edges']} ({edges})"),
                       (_("components"), _("{n} (largest: {largest} nodes)").format(
                           n=stats["components"], largest=stats["largest_component"])),
                       (_("density"), f"{stats['density']}")))


def stale_table(months: int, cases: list[dict]) -> Table:
    table = _table(_("{n} open case(s) with as_of older than {months} month(s)").format(n=len(cases), months=months),
                   "as_of", "id", "case", "status")
    for c in cases:
        table.add_row(_t(c.get("as_of") or _("none"), "green" if c.get("as_of") else "red"), _t(c["id"], "cyan"),
                      _lines(*_own(c, "title", "bold"), _t(c["jurisdiction"], "dim")), _t(label("status", c["status"])))
    return table


def undocketed_table(cases: list[dict]) -> Table:
    table = _table(_("{n} US federal case(s) without a CourtListener docket among their sources").format(n=len(cases)),
                   "court", "id", "case", "case number")
    for c in cases:
        table.add_row(_t(c["court"], "dim"), _t(c["id"], "cyan"),
                      _lines(*_own(c, "title", "bold"), _t(label("status", c["status"]), "dim")),
                      _t(c.get("case_number") or _("none"), "green" if c.get("case_number") else "red"))
    return table
