"""Build the static site: one page per case, court, party, claim and product, the list of all cases,
the timeline (all of it and per jurisdiction), charts, search, the Atom feed and a sitemap, written
into a fresh directory.

Every page is rendered by Jinja2 with autoescaping on, and no page carries a script that comes from
the data: the only scripts are the files in `static/` and Pagefind's own, and a Content Security
Policy forbids any other. Links between pages are relative, so the site works from any folder of
any static host (GitHub Pages serves it under /<repository>/); it needs to be served, since its links end
in folders and its search loads JavaScript modules, neither of which a browser follows from disk.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from kb.errors import KbError, UsageError
from kb.i18n import N_
from kb.web.preview import DESCRIPTION, case_description as _case_description, cite_text as _cite, shorten as _shorten, sitemap as _sitemap

HERE = Path(__file__).parent
MARKER = ".kb-site"  # written into every site, so that a rebuild only ever replaces a site
FOLDERS = {"cases": "cases", "courts": "courts", "parties": "parties", "claims": "claims", "products": "products",
           "questions": "questions", "judges": "judges"}
REGISTRY_OF_TYPE = {"case": "cases", "court": "courts", "party": "parties", "claim": "claims", "product": "products",
                    "question": "questions", "judge": "judges"}
TITLES = {"courts": N_("Courts"), "parties": N_("Parties"), "claims": N_("Claims"), "products": N_("AI products"),
          "judges": N_("Judges")}
# The editions: each language's pages in its own folder (English at the root), with its own search index.
EDITIONS = {"en": "", "zh": "zh/"}
HTML_LANG = {"en": "en", "zh": "zh-CN"}
LATEST_EVENTS = 12
RELATED_SHOWN = 10


class SiteError(KbError):
    """The site cannot be built (a missing extra, an output folder that is not a site)."""


@dataclass
class Site:
    """What was built, for the CLI to report."""
    out: Path
    pages: list[str] = field(default_factory=list)  # paths relative to `out`, e.g. cases/x/index.html
    templates: dict[str, str] = field(default_factory=dict)  # page path -> the template that rendered it
    charts: list[str] = field(default_factory=list)  # the charts' names (charts/<name>.svg, .png, .csv)
    search_index: bool = False
    yaml_note: Optional[str] = None  # why no record.yaml was published, when none was
    rendered: int = 0  # pages rendered by this build
    reused: int = 0  # pages taken unchanged from the site built before (kb.web.incremental)
    full_reason: Optional[str] = None  # why nothing could be reused (a message of the catalog), when nothing was


def _require(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        raise SiteError(f"kb site needs the '{module}' package: pip install 'kb[web]'")


def check_base_url(url: str) -> str:
    """The address the site is served at, if it is an absolute http(s) URL (canonical links, the sitemap and
    cite text need one a browser opens); else a UsageError saying what fits."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)
    except ValueError:  # an unclosed [IPv6] bracket
        usable = False
    if not usable:
        raise UsageError(f"--base-url: '{url}' is not an http(s) address; give the site's absolute URL, "
                         "e.g. https://example.org/kb/")
    return url


def _check_replaceable(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise SiteError(f"{out} exists and is not a site kb built; choose an empty or new folder")


def _environment(language: str = "en"):
    """The templates of one edition: its messages from kb's catalog (Jinja2's i18n extension, the same
    catalog as the CLI's), and `label` for kb's fixed values from the glossary."""
    import jinja2

    from kb.casenumber import describe_parts
    from kb.glossary import label
    from kb.i18n import translation
    from kb.web.lang import mark, plain, whole

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every template is HTML: data is always text, never markup
        trim_blocks=True, lstrip_blocks=True,
        finalize=mark,  # Chinese text inside lang="zh-CN" (kb.web.lang), also inside English in the Chinese edition
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translation(language), newstyle=True)  # type: ignore[attr-defined]
    from kb.freshness import OPEN_STATUSES, STALE_MONTHS
    from kb.version import DATA_LICENSE_URL

    from kb.links import REASON_SEPARATOR, reason_in
    from kb.web.news import said_in

    env.filters["plain"] = plain
    env.filters["reasons"] = lambda lines: translation(language).gettext(REASON_SEPARATOR).join(
        reason_in(line, language) for line in lines)  # plain text: finalize marks the Chinese in it
    env.filters["whole"] = whole
    env.filters["mark"] = mark  # for data inside a translated message (gettext returns markup, which finalize skips)
    env.globals["translate"] = translation(language).gettext  # plain gettext, for messages formatted in Python
    env.globals["change_line"] = lambda change: said_in(change, translation(language).gettext, language)
    env.globals["data_license_url"] = DATA_LICENSE_URL
    env.globals["stale_months"] = STALE_MONTHS
    env.globals["open_statuses"] = OPEN_STATUSES
    env.globals.update(lang=language, html_lang=HTML_LANG[language],
                       zh=language == "zh", label=lambda field, value: plain(label(field, value, language)),  # inside the edition's own lang
                       number_description=lambda parts: describe_parts(parts, language))
    return env


def _names_by_type(registries: dict[str, list[dict]]) -> dict[str, dict[str, dict]]:
    return {registry: {r["id"]: r for r in rows} for registry, rows in registries.items()}


def build_site(con: sqlite3.Connection, out: Path, data_dir: Path, base_url: Optional[str] = None,
               repo_url: Optional[str] = None, search_index: bool = True, today: Optional[dt.date] = None,
               full: bool = False) -> Site:
    """Write the whole site into `out` (replacing a site built before, never anything else).

    `today` is the build date, from which an open case's `as_of` counts as out of date (kb.freshness).
    When `out` holds a site kb built, the pages whose inputs did not change are taken from it
    (kb.web.incremental) unless `full`; the result is the same, byte for byte.
    """
    _require("jinja2")
    _require("matplotlib")
    if search_index:
        _require("pagefind")
    out = Path(out)
    _check_replaceable(out)
    base_url = (check_base_url(base_url).rstrip("/") + "/") if base_url else None
    repo_url = repo_url.rstrip("/") if repo_url else None
    from kb.web.incremental import Manifest, Previous, site_digest
    from kb.web.outdir import building

    key = site_digest(base_url, repo_url, search_index)
    with building(out) as tmp:  # built beside, swapped in whole, one build at a time
        previous, reason = (None, "--full") if full else Previous.load(out, key)
        manifest = Manifest(key)
        site = _write(con, tmp, data_dir, base_url, repo_url, today or dt.date.today(), previous, manifest)
        site.full_reason = reason or None
        (tmp / MARKER).write_text("built by kb site\n", encoding="utf-8")
        if search_index:
            from kb.web.searchindex import index_editions

            index_editions(tmp, EDITIONS["zh"], previous, manifest)
            site.search_index = True
        manifest.write(tmp)
    site.out = out
    return site


def _write(con: sqlite3.Connection, out: Path, data_dir: Path, base_url: Optional[str],
           repo_url: Optional[str], today: dt.date, previous=None, manifest=None) -> Site:
    from kb import export, graph, links, picture, queries
    from kb.web.incremental import CaseInputs, Manifest, Recorder, Tracked, digest, files_of, unit_digest
    from kb.freshness import cutoff, is_open, is_stale
    from kb.web.about import STATUS_MEANINGS, STATUS_MEANINGS_ZH
    from kb.web.news import happenings, headlines, latest_events, whats_new
    from kb.web.recordtext import published_records

    from kb.i18n import translation

    envs = {language: _environment(language) for language in EDITIONS}
    translations = {language: translation(language) for language in EDITIONS}
    site = Site(out)
    cases = queries.list_cases(con)
    registries = {r: queries.list_registry(con, r) for r in ("courts", "parties", "claims", "products", "judges")}
    names = _names_by_type(registries)
    titles_zh = {c["id"]: c.get("title_zh") for c in cases}
    other_names = {r: queries.aliases(con, r) for r in registries}
    events = queries.timeline(con)
    stats = queries.stats(con)
    g = graph.build_graph(con)
    # "related" on a case page: the cases nearest in law, ranked as `kb related` ranks them (kb.links).
    records = {r["id"]: r for r in export.records(con, [c["id"] for c in cases])}
    yaml_text, site.yaml_note = published_records(con, data_dir)  # validated text only
    for c in cases:  # what every list of cases shows beside the status: when it was checked, how it ended
        record = records[c["id"]]
        c["as_of"] = record.get("as_of")
        c["open"] = is_open(c["status"])
        c["stale"] = is_stale(c["status"], c["as_of"], today)
        c["years"] = sorted({d[:4] for d in (c.get("filed"), c.get("decided"), c.get("ruling_date")) if d})
    by_id = {c["id"]: c for c in cases}
    manifest = manifest if manifest is not None else Manifest("")
    # what pages look up in the site-wide tables, recorded per page (kb.web.incremental)
    recorder = Recorder()
    tables = {"names": names, "titles_zh": titles_zh, "cases_by_id": by_id, "aliases": other_names}
    names_seen = Tracked(names, ("names",), recorder, 3)  # names → registry → id → field
    titles_zh_seen = Tracked(titles_zh, ("titles_zh",), recorder)
    by_id_seen = Tracked(by_id, ("cases_by_id",), recorder)
    aliases_seen = Tracked(other_names, ("aliases",), recorder, 2)

    # which cases each court, party, claim and product appears in
    cases_of: dict[str, dict[str, list[dict]]] = {r: {} for r in registries}
    for c in cases:
        if c.get("court"):
            cases_of["courts"].setdefault(c["court"], []).append(c)
        for p in {p["id"] for p in c["parties"]}:
            cases_of["parties"].setdefault(p, []).append(c)
        for registry in ("claims", "products"):
            for rid in c[registry]:
                cases_of[registry].setdefault(rid, []).append(c)
        for rid in dict.fromkeys(j["judge"] for j in records[c["id"]].get("judges", [])):
            cases_of["judges"].setdefault(rid, []).append(c)

    def render(path: str, template: str, title: "str | tuple[str, Optional[str]]", description: Any = None,
               **context: Any) -> list[str]:
        """The page at `path` in every edition. `title` is a message (translated for each edition) or a
        record's (English, Chinese) title, of which the Chinese edition shows the Chinese where there is one.
        `description` (the page's meta and link-preview text) is a function of the edition's gettext.
        `root` leads to the edition's top, `site_root` to the site's (static files, the feed)."""
        depth = path.count("/")
        root = "../" * depth
        written = []
        for language, prefix in EDITIONS.items():
            env = envs[language]
            if isinstance(title, tuple):
                shown = (title[1] or title[0]) if language == "zh" else title[0]
            else:
                shown = translations[language].gettext(title)
            if language == "zh":  # escaped, and left unmarked: the whole page is zh-CN
                shown = _plain(shown)
            html = env.get_template(template).render(
                root=root, site_root=root + "../" * prefix.count("/"), title=shown, page=path, edition=prefix,
                editions=EDITIONS, base_url=base_url, repo_url=repo_url, names=names_seen, titles_zh=titles_zh_seen,
                description=_shorten(description(translations[language].gettext, language) if description
                                     else translations[language].gettext(DESCRIPTION)),
                today=today.isoformat(), cases_by_id=by_id_seen,
                url=lambda kind, rid: f"{root}{FOLDERS[kind]}/{quote(rid)}/", **context)
            target = out / prefix / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            site.pages.append(prefix + path)
            site.templates[prefix + path] = template
            site.rendered += 1
            written.append(prefix + path)
        return written

    def reused(key: str, path: str, template: str, direct: str, **extra: Any) -> bool:
        """The unit `key` (the page at `path` in every edition, and its files) as the site built before has
        it, when it was made of the same inputs (its `direct` digest is compared with the lookups added)."""
        old = previous.units.get(key) if previous else None
        if old is None or unit_digest(direct, old["lookups"], tables) != old["inputs"]:
            return False
        previous.reuse(old["files"], out)
        manifest.units[key] = {**old, **extra}
        for prefix in EDITIONS.values():
            site.pages.append(prefix + path)
            site.templates[prefix + path] = template
            site.reused += 1
        return True

    def record_unit(key: str, files: list[str], direct: str, **extra: Any) -> None:
        lookups = sorted(list(p) for p in recorder.current or ())
        recorder.current = None
        manifest.units[key] = {**extra, "lookups": lookups, "inputs": unit_digest(direct, lookups, tables),
                               "files": files_of(out, files)}

    def page_of(node: str, root: str) -> Optional[str]:
        kind, rid = node.split(":", 1)
        return f"{root}{FOLDERS[REGISTRY_OF_TYPE[kind]]}/{quote(rid)}/"

    as_of = max((r["as_of"] for r in records.values() if r.get("as_of")), key=_date_key, default=None)
    latest = latest_events(events, LATEST_EVENTS)
    news = whats_new(data_dir, records)
    changed = next((c.date for c in news["changes"] if c.source == "git"), None)
    stale_cases = [c for c in cases if c["stale"]]
    render("index.html", "home.html", N_("kb: cases about AI-generated content"), stats=stats, latest=latest,
           as_of=as_of, changed=changed, newest_event=events[-1]["date"] if events else None,
           stale_count=len(stale_cases), open_count=sum(c["open"] for c in cases),
           news=headlines(news["changes"], LATEST_EVENTS), counts={r: len(rows) for r, rows in registries.items()})

    claims_used = [c for c in registries["claims"] if c["cases"]]
    courts_used = [c for c in registries["courts"] if c["cases"]]
    render("cases/index.html", "cases.html", N_("All cases"), cases=cases, claims=claims_used, courts=courts_used,
           description=lambda gettext, _lang: gettext(N_(
               "All {n} cases about AI-generated content, filterable by jurisdiction, status, claim, court and year; "
               "as CSV and JSON.")).format(n=len(cases)),
           jurisdictions=sorted(stats["by_jurisdiction"]), statuses=sorted(stats["by_status"]),
           years=sorted({y for c in cases for y in c["years"]}))
    full = [records[c["id"]] for c in cases]
    downloads = {"cases/cases.csv": export.to_csv(con, full, bom=True), "cases/cases.json": export.to_json(full)}
    for prefix in EDITIONS.values():  # each edition's list links to the downloads beside it
        (out / prefix / "cases").mkdir(parents=True, exist_ok=True)
        for name, text in downloads.items():
            (out / prefix / name).write_text(text, encoding="utf-8", newline="")
    render("new/index.html", "new.html", N_("What's new"), news=news, stale_cases=stale_cases,
           description=lambda gettext, _lang: gettext(N_(
               "Case records added or changed, newest first, each with its date and what changed.")))
    render("about/index.html", "about.html", N_("About and method"), statuses=STATUS_MEANINGS,
           statuses_zh=STATUS_MEANINGS_ZH,
           counts=stats["by_status"], cutoff=cutoff(today=today).isoformat(),
           description=lambda gettext, _lang: gettext(N_(
               "What kb covers, how each fact is sourced, what each status means, how to correct or add a case, "
               "the licenses and how to cite.")))

    inputs = CaseInputs(con, g, cases, titles_zh, today)
    for c in cases:
        record = records[c["id"]]
        # the page's inputs (kb.web.incremental): "related cases" ranked again only when what ranks them changed
        key = f"cases/{c['id']}"
        rank = inputs.rank.of(c["id"])
        old = previous.units.get(key) if previous else None
        related = None
        if old is not None and old.get("rank") == rank:
            shown_ids, shown = old["related"], old["shown"]
        else:
            ranking = links.ranked(con, c["id"])
            related = links.describe(con, ranking[:RELATED_SHOWN])
            related_total = len(ranking)
            shown_ids = [r["id"] for r in related]
            shown = digest([[[r["id"], r["title_zh"], r["reasons"], r["reasons_zh"]] for r in related], related_total])
        direct = inputs.of(c, record, yaml_text.get(c["id"]), shown, shown_ids)
        path = f"cases/{c['id']}/index.html"
        if reused(key, path, "case.html", direct, rank=rank):
            continue
        if related is None:
            ranking = links.ranked(con, c["id"])
            related = links.describe(con, ranking[:RELATED_SHOWN])
            related_total = len(ranking)
        recorder.current = set()
        case = queries.get_case(con, c["id"])
        sources = {s["id"]: s for s in case.get("sources", [])}
        notes = {(r["case"], r["relation"]): r.get("note") for r in record.get("related", [])}
        root = "../../"
        neighbourhood = export.select(g, around=f"case:{c['id']}", depth=1)
        svg = picture.svg_element(neighbourhood, f"{case['title']} and what it links to",
                                  href=lambda node: page_of(node, root))
        _mark_svg(svg)
        svg_text = ET.tostring(svg, encoding="unicode")
        line, text = yaml_text.get(c["id"], (None, None))
        files = []
        for prefix in EDITIONS.values():  # each edition's page links to its own copies
            folder = out / prefix / f"cases/{c['id']}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "graph.svg").write_text(  # the same links work from the same folder
                '<?xml version="1.0" encoding="utf-8"?>\n' + svg_text + "\n", encoding="utf-8")
            files.append(f"{prefix}cases/{c['id']}/graph.svg")
            if text is not None:
                (folder / "record.yaml").write_text(text, encoding="utf-8")
                files.append(f"{prefix}cases/{c['id']}/record.yaml")
        page_url = f"{base_url}cases/{c['id']}/" if base_url else None
        files += render(path, "case.html", (case["title"], case.get("title_zh")),
               description=lambda gettext, language, case=case, c=c: _case_description(case, by_id[c["id"]], gettext,
                                                                                        language),
               listed=by_id[c["id"]], case=case, aliases=aliases_seen, sources=sources, relation_notes=notes,
               related=related, related_total=related_total, svg=_markup(svg_text),
               cite=lambda gettext, case=case, page_url=page_url: _cite(case, page_url, gettext),
               csl=export.to_csl_json(con, [record]),
               yaml_line=line, has_yaml=text is not None)
        record_unit(key, sorted(files), direct, rank=rank, related=shown_ids, shown=shown)

    for registry, rows in registries.items():
        render(f"{registry}/index.html", "registry.html", TITLES[registry], registry=registry, rows=rows)
        for row in rows:
            n = len(cases_of[registry].get(row["id"], []))
            key, path = f"{registry}/{row['id']}", f"{registry}/{row['id']}/index.html"
            direct = digest({"row": row, "aliases": other_names[registry].get(row["id"], []),
                             "cases": cases_of[registry].get(row["id"], [])})
            if reused(key, path, "entity.html", direct):
                continue
            recorder.current = set()
            files = render(path, "entity.html", (row["name"], row.get("name_zh")),
                   registry=registry, row=row,
                   description=lambda gettext, language, row=row, n=n: gettext(
                       N_("{name}: {n} case about AI-generated content in kb.") if n == 1
                       else N_("{name}: {n} cases about AI-generated content in kb.")).format(
                       name=(row.get("name_zh") or row["name"]) if language == "zh" else row["name"], n=n),
                   aliases=other_names[registry].get(row["id"], []),
                   cases=cases_of[registry].get(row["id"], []))
            record_unit(key, files, direct)

    from kb.questions import list_questions, question_matrix

    render("questions/index.html", "questions.html", N_("Questions of law"), questions=list_questions(con))
    for q in list_questions(con):
        matrix = question_matrix(con, q["id"])
        render(f"questions/{q['id']}/index.html", "question.html", (q["name"], q.get("name_zh")), question=matrix["question"],
               answers=matrix["answers"])

    jurisdiction_of = {c["id"]: c["jurisdiction"] for c in cases}
    by_place: dict[str, list[dict]] = {}
    for e in events:
        by_place.setdefault(jurisdiction_of[e["case"]["id"]], []).append(e)
    listed = {j: happenings(found) for j, found in by_place.items()}  # a filing in several cases: once
    places = sorted(((j, len(found)) for j, found in listed.items()), key=lambda item: (-item[1], item[0]))
    everywhere = happenings(events)
    render("timeline/index.html", "timeline.html", N_("Timeline"), events=everywhere, places=places, place=None,
           description=lambda gettext, _lang: gettext(N_(
               "{n} dated events across all cases, oldest first, each with its source.")).format(n=len(everywhere)))
    for j, n in places:
        render(f"timeline/{j}/index.html", "timeline.html", (f"Timeline: {j}", f"时间线：{j}"), place=j, places=places,
               events=listed[j],
               description=lambda gettext, _lang, j=j, n=n: gettext(N_(
                   "{n} dated events of the cases in {place}, oldest first, each with its source.")).format(
                   n=n, place=j))

    from kb.web.charts import build_charts, inline_svg, source_line

    chart_inputs: dict[str, str] = {}

    def reuse_chart(chart, inputs: str) -> Optional[str]:
        chart_inputs[chart.slug] = inputs
        old = previous.charts.get(chart.slug) if previous else None
        if old is None or old["inputs"] != inputs:
            return None
        previous.reuse(old["files"], out, link=False)  # copied: the Chinese edition's copies are written from them
        return (out / "charts" / f"{chart.slug}.svg").read_text(encoding="utf-8")

    charts = build_charts(con, out / "charts", as_of, reuse=reuse_chart)
    site.charts = [ch.slug for ch in charts]
    for ch in charts:
        manifest.charts[ch.slug] = {"inputs": chart_inputs[ch.slug],
                                    "files": files_of(out, [f"charts/{ch.slug}.{ext}" for ext in ("csv", "png", "svg")])}
    render("charts/index.html", "charts.html", N_("Charts"), source=lambda gettext: source_line(as_of, gettext),
           charts=[{"chart": ch, "svg": _markup(inline_svg(ch.svg))} for ch in charts],
           description=lambda gettext, _lang: gettext(N_(
               "Charts of the cases about AI-generated content, as SVG and PNG with their data as CSV.")))
    render("search/index.html", "search.html", N_("Search"))
    from kb.web.lookup import lookup_json

    # each case's status line as its page gives it to Pagefind (data-pagefind-meta), for cases the lookup finds
    meta = {c["id"]: {"status": c["status"] + (f" (as of {c['as_of']})" if c["as_of"] else "")
                      + (", may be out of date" if c["stale"] else ""), "outcome": c.get("outcome") or ""}
            for c in cases}
    (out / "search" / "lookup.json").write_text(lookup_json(con, meta), encoding="utf-8")
    # the Chinese edition: its own lookup (status lines in Chinese) and the charts' files beside its chart page
    from kb.glossary import label as _label

    zh = translations["zh"].gettext
    meta_zh = {c["id"]: {"status": _label("status", c["status"], "zh")
                         + (zh(" (as of %(date)s)") % {"date": c["as_of"]} if c["as_of"] else "")
                         + (zh(", may be out of date") if c["stale"] else ""),
                         "outcome": c.get("outcome_zh") or c.get("outcome") or ""}
               for c in cases}
    (out / "zh/search").mkdir(parents=True, exist_ok=True)
    (out / "zh/search/lookup.json").write_text(lookup_json(con, meta_zh), encoding="utf-8")
    for chart_file in (out / "charts").iterdir():
        if chart_file.is_file() and chart_file.name != "index.html":
            shutil.copyfile(chart_file, out / "zh/charts" / chart_file.name)

    shutil.copytree(HERE / "static", out / "static")
    (out / "feed.xml").write_text(export.to_atom(
        events, feed_url=f"{base_url}feed.xml" if base_url else None,
        page_url=lambda rid: f"{base_url or ''}cases/{quote(rid)}/"), encoding="utf-8")
    (out / "sitemap.xml").write_text(_sitemap(site.pages, base_url), encoding="utf-8")
    (out / "robots.txt").write_text("User-agent: *\nAllow: /\n"
                                    + (f"Sitemap: {base_url}sitemap.xml\n" if base_url else ""), encoding="utf-8")
    return site


def _mark_svg(svg: ET.Element) -> None:
    """Names in Chinese in the picture carry their language, like the text of the page around it."""
    from kb.web.lang import CJK, language_of

    for element in svg.iter():
        text = "".join(element.itertext()) if element.tag.endswith(("text", "title")) else ""
        if text and CJK.search(text):
            element.set("lang", language_of(text))


def _plain(text: str):
    from markupsafe import escape

    return escape(text)


def _markup(text: str):
    """SVG that ElementTree wrote (it escapes every text and attribute) goes into the page as is."""
    from markupsafe import Markup

    return Markup(text)


def _date_key(value: str) -> tuple:
    from kb.dates import sort_key

    return sort_key(value)
