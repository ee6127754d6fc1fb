"""The charts a newsroom can publish, drawn at build time by matplotlib: cases per year by jurisdiction,
answers to each question of law by court and year, and the timeline of events by jurisdiction.

Each chart is written three ways beside its page: SVG (text kept as text, no script, nothing fetched
from elsewhere), PNG, and the CSV of exactly the numbers drawn. Nothing is left out quietly: what a
chart cannot place (a case with no date at all) is in its CSV and said in its note. matplotlib is
imported only here, and only when a site is built.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from kb.i18n import N_

# Colours that stay apart for readers with a colour-vision deficiency (Okabe and Ito), then greys.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
OTHER = "#9a9a9a"
ANSWER_COLOURS = {"yes": "#009E73", "no": "#D55E00", "partly": "#E69F00", "not decided": "#8c8c8c"}
NAMED_JURISDICTIONS = len(PALETTE)  # the rest share one colour, named in the legend
COURT_LABEL_WIDTH = 34  # characters a line in the answers chart; longer court names wrap, never cut
WIDTH_IN = 9.0  # inches; the page scales the picture to its column
DPI_PNG = 150


@dataclass
class Chart:
    """One chart as the charts page shows it: where its files are, what it says, and its data."""
    slug: str
    title: str  # a message of the catalog (the Chinese edition's page shows it translated)
    notes: tuple[tuple[str, dict], ...]  # what is drawn and what is not: messages and their values
    columns: tuple[str, ...]
    rows: list[tuple]
    svg: str = ""  # the SVG as written to <slug>.svg

    @property
    def note(self) -> str:
        return self.note_in(None)

    def note_in(self, gettext=None, sep: str = " ") -> str:
        """The note in one language (`gettext` of its catalog; English without one; Chinese sentences
        follow each other with no space, `sep=""`)."""
        return sep.join((gettext(m) if gettext else m).format(**values) for m, values in self.notes)

    def inputs(self, source: str) -> str:
        """A digest of everything the chart's files are drawn from: its numbers, words and source line."""
        from kb.web.incremental import digest

        return digest([self.slug, self.title, self.notes, self.columns, self.rows, source])

    def csv_text(self) -> str:
        from kb.export import neutralise

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
        return out.getvalue()


# -- the data of each chart ------------------------------------------------------------------------

def case_years(con: sqlite3.Connection) -> list[tuple[str, Optional[str], int]]:
    """(jurisdiction, year, cases): a case counts in the year it was filed, else of its earliest dated
    event, else of its decision; a case with none of these has year None."""
    sql = (
        "SELECT c.jurisdiction, substr(coalesce(c.filed_start, (SELECT min(e.date_start) FROM events e "
        "WHERE e.case_id = c.id), c.decided_start), 1, 4) AS y, count(*) FROM cases c "
        "GROUP BY c.jurisdiction, y ORDER BY c.jurisdiction, y"
    )
    return [(j, y, n) for j, y, n in con.execute(sql)]


def answer_cells(con: sqlite3.Connection) -> list[tuple]:
    """(question, question name, court, court name, jurisdiction, year, answer, answers) for every answer,
    dated by its ruling (else the case's decision); year None when neither is known."""
    sql = (
        "SELECT a.question_id, q.name, c.court_id, k.name, c.jurisdiction, "
        "substr(coalesce(c.ruling_date_start, c.decided_start), 1, 4) AS y, a.answer, count(*) "
        "FROM answers a JOIN cases c ON c.id = a.case_id JOIN questions q ON q.id = a.question_id "
        "LEFT JOIN courts k ON k.id = c.court_id "
        "GROUP BY a.question_id, c.court_id, c.jurisdiction, y, a.answer "
        "ORDER BY (SELECT rowid FROM questions WHERE id = a.question_id), c.jurisdiction, k.name, y, a.answer"
    )
    return [tuple(r) for r in con.execute(sql)]


def timeline_events(con: sqlite3.Connection) -> list[tuple[str, str, str, str, Optional[str]]]:
    """(date as written, first day it can mean, jurisdiction, case, kind) of every event, oldest first."""
    sql = ("SELECT e.date, e.date_start, c.jurisdiction, e.case_id, e.kind FROM events e "
           "JOIN cases c ON c.id = e.case_id ORDER BY e.date_start, length(e.date), e.case_id, e.position")
    return [tuple(r) for r in con.execute(sql)]


# -- drawing -----------------------------------------------------------------------------------------

def _figure(height_in: float):
    import matplotlib

    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text: selectable, searchable, measurable
        "svg.hashsalt": "kb",  # the same data draws the same file
        "font.family": "DejaVu Sans", "font.size": 10,
        "axes.spines.top": False, "axes.spines.right": False,
    })
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height_in), layout="constrained")


def _source_line(fig, source: str) -> None:
    fig.get_layout_engine().set(h_pad=0.08)
    fig.supxlabel(source, fontsize=8, color="#555555", ha="left", x=0.01)


def _save(fig, chart: Chart, folder: Path) -> None:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "kb", "Format": None, "Type": None,
                                             "Title": chart.title})
    svg = buf.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)  # its RDF names web addresses
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)  # nor is a DTD fetched from elsewhere
    chart.svg = svg
    (folder / f"{chart.slug}.svg").write_text(svg, encoding="utf-8")
    fig.set_layout_engine("none")  # laid out once, for the SVG: the PNG keeps the same places
    fig.savefig(folder / f"{chart.slug}.png", dpi=DPI_PNG, metadata={"Software": "kb"})
    (folder / f"{chart.slug}.csv").write_text(chart.csv_text(), encoding="utf-8")


def _cases_per_year(con, source: str, draw: bool = True) -> tuple[Chart, Any]:
    rows = case_years(con)
    undated = sum(n for _, y, n in rows if y is None)
    totals: dict[str, int] = {}
    for j, _, n in rows:
        totals[j] = totals.get(j, 0) + n
    order = sorted(totals, key=lambda j: (-totals[j], j))
    named, rest = order[:NAMED_JURISDICTIONS], order[NAMED_JURISDICTIONS:]
    if len(rest) == 1:
        named, rest = order, []
    dated = [int(y) for _, y, _ in rows if y is not None]
    years = [str(y) for y in range(min(dated), max(dated) + 1)] if dated else []  # every year, none skipped
    notes = [(N_("A case counts in the year it was filed, else of its earliest dated event, else of its "
                 "decision."), {})]
    if undated:
        notes.append((N_("{n} case has no date at all and is not drawn (in the CSV with an empty year).")
                      if undated == 1
                      else N_("{n} cases have no date at all and are not drawn (in the CSV with an empty year)."),
                      {"n": undated}))
    chart = Chart("cases-per-year", N_("Cases per year by jurisdiction"), tuple(notes),
                  ("jurisdiction", "year", "cases"), [(j, y, n) for j, y, n in rows])
    if not draw:
        return chart, None
    fig = _figure(4.6)
    ax = fig.add_subplot()
    x = list(range(len(years)))
    bottom = [0] * len(years)
    groups = [(j, [j], PALETTE[i]) for i, j in enumerate(named)]
    if rest:
        groups.append((f"other: {', '.join(rest)}", rest, OTHER))
    for label, members, colour in groups:
        heights = [sum(n for j, y, n in rows if j in members and y == year) for year in years]
        ax.bar(x, heights, bottom=bottom, color=colour, label=label, width=0.7, edgecolor="white", linewidth=0.5)
        bottom = [b + h for b, h in zip(bottom, heights)]
    for xi, total in zip(x, bottom):
        ax.annotate(str(total), (xi, total), xytext=(0, 2), textcoords="offset points", ha="center", va="bottom",
                    fontsize=9)
    step = _year_step(len(years))
    ax.set_xticks(x[::step], years[::step])
    ax.set_ylabel("cases")
    ax.set_ylim(0, max(bottom, default=1) * 1.12 + 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(title="jurisdiction", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=9)
    ax.set_title(chart.title, loc="left", fontsize=12, fontweight="bold")
    _source_line(fig, source)
    return chart, fig


def _year_step(years: int) -> int:
    """Label every year up to 14 of them, then every second, third…: year labels never run into each other."""
    return max(1, -(-years // 14))


def _court_label(name: Optional[str], jurisdiction: str) -> str:
    text = f"{name or 'court not recorded'} ({jurisdiction})"
    return "\n".join(textwrap.wrap(text, COURT_LABEL_WIDTH, break_long_words=False))


def _answers(con, source: str, draw: bool = True) -> tuple[Chart, Any]:
    rows = answer_cells(con)
    undated = sum(r[7] for r in rows if r[5] is None)
    notes = [(N_("Each dot is a ruling's answer, placed at the year of the ruling (else of the decision); "
                 "a ruling that did not reach a question is not drawn."), {})]
    if undated:
        notes.append((N_("{n} answer with no date is drawn in the column “no date”.") if undated == 1
                      else N_("{n} answers with no date are drawn in the column “no date”."), {"n": undated}))
    chart = Chart("answers-by-court", N_("Answers to each question of law, by court and year"), tuple(notes),
                  ("question", "question_name", "court", "court_name", "jurisdiction", "year", "answer", "answers"),
                  rows)
    if not draw:
        return chart, None
    questions: dict[str, dict] = {}
    for q, qname, court, cname, j, y, answer, n in rows:
        entry = questions.setdefault(q, {"name": qname, "courts": {}})
        entry["courts"].setdefault((court, j), {"label": _court_label(cname, j), "dots": []})["dots"].append(
            (y, answer, n))
    dated = [int(r[5]) for r in rows if r[5] is not None]
    years = [str(y) for y in range(min(dated), max(dated) + 1)] if dated else []  # every year, none skipped
    columns = years + (["no date"] if undated else [])
    # one picture, a band per question: its name on a line of its own, then a row per court that answered
    rows_height = sum(1.6 + sum(c["label"].count("\n") + 1 for c in e["courts"].values()) for e in questions.values())
    fig = _figure(rows_height * 0.19 + 1.3 if questions else 2)
    if not questions:
        fig.text(0.5, 0.5, "No answers recorded yet.", ha="center")
        _source_line(fig, source)
        return chart, fig
    ax = fig.add_subplot()
    ticks, labels, top = [], [], 0.0
    xs, ys, colours = [], [], []
    for entry in questions.values():
        if top:
            ax.axhline(top, color="#cccccc", linewidth=0.8)
        ax.annotate(entry["name"], (0, top + 1.05), xycoords=ax.get_yaxis_transform(), xytext=(5, 0),
                    textcoords="offset points", fontsize=10, fontweight="bold", va="baseline", ha="left")
        top += 1.6
        for court in entry["courts"].values():
            lines = court["label"].count("\n") + 1
            centre = top + lines / 2
            ticks.append(centre)
            labels.append(court["label"])
            by_column: dict[int, list] = {}
            for y, a, n in court["dots"]:
                by_column.setdefault(columns.index(y if y is not None else "no date"), []).extend([a] * n)
            for col, answers in by_column.items():
                for k, a in enumerate(answers):
                    xs.append(col + (k - (len(answers) - 1) / 2) * 0.14)
                    ys.append(centre)
                    colours.append(ANSWER_COLOURS.get(a, OTHER))
            top += lines
    ax.scatter(xs, ys, s=46, c=colours, zorder=3, edgecolors="white", linewidths=0.6)
    ax.set_ylim(top + 0.2, 0)
    ax.set_yticks(ticks, labels, fontsize=8.5, linespacing=1.4)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.set_xlim(-0.6, len(columns) - 0.4)
    step = _year_step(len(years))
    shown = list(range(0, len(years), step)) + list(range(len(years), len(columns)))  # and "no date"
    ax.set_xticks(shown, [columns[i] for i in shown])
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", color=c, markersize=7, label=a)
               for a, c in ANSWER_COLOURS.items()]
    fig.legend(handles=handles, loc="outside upper right", ncols=len(handles), frameon=False, fontsize=9,
               title="answer", title_fontsize=9)
    fig.suptitle(chart.title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    _source_line(fig, source)
    return chart, fig


def _timeline(con, source: str, draw: bool = True) -> tuple[Chart, Any]:
    import datetime as dt

    events = timeline_events(con)
    chart = Chart("timeline", N_("Timeline of case events by jurisdiction"),
                  ((N_("Each mark is a dated event, and the number after a jurisdiction is how many it has; an event "
                       "dated only to a month or a year is drawn at its start."), {}),),
                  ("date", "jurisdiction", "case", "kind"), [(d, j, c, k) for d, _, j, c, k in events])
    if not draw:
        return chart, None
    counts: dict[str, int] = {}
    for _, _, j, _, _ in events:
        counts[j] = counts.get(j, 0) + 1
    order = sorted(counts, key=lambda j: (-counts[j], j))
    fig = _figure(0.32 * len(order) + 1.3)
    ax = fig.add_subplot()
    for row, j in enumerate(order):
        when = [dt.date.fromisoformat(s[:10]) for _, s, jj, _, _ in events if jj == j]
        ax.scatter(when, [row] * len(when), marker="|", s=120, color=PALETTE[0], alpha=0.6,
                   linewidths=1.4)
    ax.set_yticks(range(len(order)), [f"{j} ({counts[j]})" for j in order], fontsize=9)
    ax.set_ylim(len(order) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    if events:
        import matplotlib.dates as mdates

        first, last = int(events[0][1][:4]), int(events[-1][1][:4])
        ax.xaxis.set_major_locator(mdates.YearLocator(base=_year_step(last - first + 2)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="x", color="#eeeeee")
    ax.set_title(chart.title, loc="left", fontsize=12, fontweight="bold")
    _source_line(fig, source)
    return chart, fig


def build_charts(con: sqlite3.Connection, folder: Path, as_of: Optional[str],
                 reuse: Optional[Callable[[Chart, str], Optional[str]]] = None) -> list[Chart]:
    """Draw every chart into `folder` as <slug>.svg, <slug>.png and <slug>.csv. `reuse(chart, inputs)`
    may put the files of a chart drawn before from the same inputs (`Chart.inputs`) into `folder` and
    return its SVG, and then the chart is not drawn again."""
    folder.mkdir(parents=True, exist_ok=True)
    source = source_line(as_of)
    charts = []
    for draw in (_cases_per_year, _answers, _timeline):
        chart, _ = draw(con, source, draw=False)
        svg = reuse(chart, chart.inputs(source)) if reuse else None
        if svg is not None:
            chart.svg = svg
        else:
            chart, fig = draw(con, source)
            _save(fig, chart, folder)
        charts.append(chart)
    return charts


def source_line(as_of: Optional[str], gettext=None) -> str:
    """The line every chart carries (drawn in English; `gettext` gives it in another language for the page)."""
    message = (N_("Source: kb, a knowledge base of cases about AI-generated content, data as of {date}. CC BY 4.0")
               if as_of else N_("Source: kb, a knowledge base of cases about AI-generated content. CC BY 4.0"))
    return (gettext(message) if gettext else message).format(date=as_of)


def inline_svg(svg: str) -> str:
    """The SVG as it goes inside a page: no XML prolog or doctype, and its style rule kept to itself."""
    svg = re.sub(r"^.*?(?=<svg)", "", svg, flags=re.S)
    return re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>\s*", "", svg, count=1, flags=re.S)
