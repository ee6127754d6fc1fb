"""Rebuilding a site kb built before: only the pages whose inputs changed are rendered again.

Every site carries a manifest (`.kb-manifest.json`, beside its `.kb-site` marker) that records, for each
page kb can reuse, a digest of what the page is made of, and the digest of each file it wrote:

- the site as a whole: kb's version, a digest of kb's code, templates, static files and message catalog,
  the versions of the libraries that draw and render pages, and the options (`--base-url`, `--repo-url`,
  search or not). When any of these differ, nothing is reused;
- a case page (with its `graph.svg` and `record.yaml`, in both editions): the record as the database
  holds it, its line in the case lists, the registry rows it names, the cases that name it, its YAML
  text, its neighbourhood in the graph (what its picture draws), the related cases it shows with their
  titles, and the build day when the case may be out of date (only then does its page say the day);
- a court, party, claim, product or judge page: its row, other names and the cases it lists;
- each chart: the numbers it draws and its source line; each edition's search index: the pages it indexes.

What a page looks up in the site-wide tables while it is rendered (a court's name, a case's Chinese title)
is recorded as it happens (`Tracked`) and its value is part of the page's digest, so that a template
that looks up something new never leaves a page stale. "Related cases" are ranked by `kb.links`, whose
ranking reads every case that shares a court, party, claim, product, question or judge with the case
and how many cases each jurisdiction has: the ranking is done again only for the cases whose
neighbourhood (`RankInputs`) changed, and the page again only when what it shows changed.

Anything in doubt (no manifest, one that cannot be read, another kb, other options, a file that is not
what the manifest says) and the site is built whole, which gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Iterator, Optional

MANIFEST = ".kb-manifest.json"
FORMAT = 1


def digest(value: Any) -> str:
    """A short digest of any JSON-able value (keys sorted, so that the same value gives the same digest)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def code_digest() -> str:
    """kb's own files (code, templates, static files, catalogs) and the versions of the libraries that
    shape pages: a change to any of them changes every page kb could otherwise reuse."""
    from importlib import metadata

    import kb

    h = hashlib.blake2b(digest_size=16)
    package = Path(kb.__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in ("jinja2", "markupsafe", "matplotlib", "networkx", "pydantic", "pagefind", "pagefind-bin-extended"):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        h.update(f"{name}={version}\0".encode())
    return h.hexdigest()


def site_digest(base_url: Optional[str], repo_url: Optional[str], search_index: bool) -> str:
    import kb

    return digest({"kb": kb.__version__, "code": code_digest(), "base_url": base_url, "repo_url": repo_url,
                   "search": search_index, "format": FORMAT})


# -- what a page looks up while it is rendered ----------------------------------------------------
class Recorder:
    """The lookups of the unit being rendered now (None between units: nothing is recorded)."""

    def __init__(self) -> None:
        self.current: Optional[set[tuple]] = None


class Tracked(Mapping):
    """A read-only view of a site-wide table that records each key a template reads through it.
    `depth` levels are tracked (names → registry → row → field: 3); what lies below is returned as it is."""

    def __init__(self, data: Mapping, path: tuple, recorder: Recorder, depth: int = 1):
        self._data, self._path, self._recorder, self._depth = data, path, recorder, depth

    def __getitem__(self, key):
        if self._depth > 1:
            return Tracked(self._data[key], self._path + (key,), self._recorder, self._depth - 1)
        if self._recorder.current is not None:
            self._recorder.current.add(self._path + (key,))
        return self._data[key]

    def _whole(self) -> None:
        if self._recorder.current is not None:
            self._recorder.current.add(self._path + ("*",))

    def __iter__(self) -> Iterator:
        self._whole()
        return iter(self._data)

    def __len__(self) -> int:
        self._whole()
        return len(self._data)


MISSING = "\0missing"


def looked_up(tables: dict[str, Mapping], path: list) -> Any:
    """The value now at a recorded lookup: the whole table for '*', MISSING for a key that is not there."""
    value: Any = tables
    for key in path:
        if key == "*":
            return value
        if not isinstance(value, Mapping) or key not in value:
            return MISSING
        value = value[key]
    return value


def unit_digest(direct: str, lookups: list[list], tables: dict[str, Mapping]) -> str:
    return digest([direct, [[path, looked_up(tables, path)] for path in lookups]])


# -- the inputs of "related cases" -----------------------------------------------------------------
class RankInputs:
    """Everything `kb.links.ranked` reads for one case, as a digest: its relations, and for each court,
    party, claim, product, question and judge it has, that hub's name and the cases (with their
    jurisdiction) that share it; the cases holding a product of the same kind; the number of cases in
    each jurisdiction when rarity counts (claims, questions). Built once for all cases from the link tables."""

    def __init__(self, con) -> None:
        from kb.links import LINKS, _rows

        self.jurisdiction = dict(_rows(con, "SELECT id, jurisdiction FROM cases"))
        self.sizes = sorted(_rows(con, "SELECT jurisdiction, count(*) FROM cases GROUP BY jurisdiction"))
        self.relations: dict[str, list] = {}
        for a, b, relation in _rows(con, "SELECT case_id, related_case_id, relation FROM relations"):
            self.relations.setdefault(a, []).append(("out", b, relation))
            self.relations.setdefault(b, []).append(("in", a, relation))
        self.hubs: dict[str, dict[str, set]] = {}  # kind -> case -> hubs
        members: dict[tuple[str, str], set] = {}
        labels: dict[str, dict[str, str]] = {}
        for kind in ("court", "party", "claim", "product", "question", "judge"):
            link = LINKS[kind]
            case, hub = (link.a, link.b) if link.a_type == "case" else (link.b, link.a)
            hub_type = link.b_type if link.a_type == "case" else link.a_type
            rows = _rows(con, f"SELECT {case}, {hub} FROM {link.table}"
                         + (f" WHERE {link.where}" if link.where else ""))
            mine = self.hubs.setdefault(kind, {})
            for c, h in rows:
                mine.setdefault(c, set()).add(h)
                members.setdefault((kind, h), set()).add((c, self.jurisdiction.get(c)))
            from kb.links import REGISTRY_OF

            registry = REGISTRY_OF[hub_type]
            columns = "title, title_zh" if registry == "cases" else "name, name_zh"  # reasons name both
            labels[kind] = {rid: [text or rid, text_zh] for rid, text, text_zh in
                            _rows(con, f'SELECT id, {columns} FROM "{registry}"')}
        self.hub_digest = {key: digest([labels[key[0]].get(key[1], key[1]), sorted(cases, key=str)])
                           for key, cases in members.items()}
        product_kind = dict(_rows(con, "SELECT id, kind FROM products"))
        by_kind: dict[str, list] = {}
        for product, kind in sorted(product_kind.items()):
            by_kind.setdefault(kind, []).append(product)
        self.product_kind = product_kind
        self.kind_digest = {kind: digest([[p, self.hub_digest.get(("product", p))] for p in products])
                            for kind, products in by_kind.items()}

    def of(self, case_id: str) -> str:
        hubs = {kind: sorted(self.hubs[kind].get(case_id, ())) for kind in self.hubs}
        parts: dict[str, Any] = {
            "jurisdiction": self.jurisdiction.get(case_id),
            "relations": sorted(self.relations.get(case_id, [])),
            "hubs": {kind: [[h, self.hub_digest[(kind, h)]] for h in ids] for kind, ids in hubs.items()},
            "kinds": {k: self.kind_digest[k] for k in sorted({self.product_kind.get(p) for p in hubs["product"]})
                      if k and k != "other"},
        }
        if hubs["claim"] or hubs["question"]:  # rarity: ln((N + 1) / n), per jurisdiction and over all
            parts["sizes"] = self.sizes
        return digest(parts)


def neighbourhood(g, node: str, position: dict[str, int]) -> str:
    """A digest of what a case's picture draws: the nodes one link away (with their names), in the graph's
    order, and every link among them (as `nx.ego_graph(g, node, radius=1)` has them)."""
    nodes = {node, *g[node]}
    edges = set()
    for u in nodes:
        kind = u.split(":", 1)[0]
        if kind not in ("case", "product"):  # other nodes link only to cases and (a party) to products
            continue
        for v, keyed in g[u].items():
            if v in nodes:
                for data in keyed.values():
                    a, b = sorted((u, v))
                    edges.add((a, b, data.get("kind"), data.get("label"), data.get("source")))
    ordered = sorted(nodes, key=lambda n: position.get(n, -1))
    return digest([[n, g.nodes[n]] for n in ordered] + sorted(edges, key=str))


class CaseInputs:
    """The digest of what a case page (with its picture and record.yaml) is made of, but for what it looks
    up while it is rendered: see the module's docstring."""

    def __init__(self, con, g, cases: list[dict], titles_zh: dict, today) -> None:
        self.rank = RankInputs(con)
        self.g, self.titles_zh, self.today = g, titles_zh, today
        self.position = {node: i for i, node in enumerate(g.nodes)}
        self.rows = {registry: {r[0]: dict(zip([d[0] for d in cursor.description], r)) for r in cursor.fetchall()}
                     for registry in ("courts", "parties", "claims", "products", "judges", "questions")
                     for cursor in [con.execute(f'SELECT * FROM "{registry}"')]}
        self.title = {c["id"]: c["title"] for c in cases}

    def of(self, listed: dict, record: dict, yaml: Any, shown: str, shown_ids: list[str]) -> str:
        """`listed`: the case as the lists show it; `record`: its full record; `yaml`: its (line, text);
        `shown`: the digest of the related cases it shows (ids, reasons, how many in all), `shown_ids` theirs."""
        named = {"courts": [record.get("court")], "parties": [p["party"] for p in record.get("parties") or []],
                 "claims": record.get("claims") or [], "products": record.get("products") or [],
                 "judges": [j["judge"] for j in record.get("judges") or []],
                 "questions": [a["question"] for a in record.get("answers") or []]}
        cid = listed["id"]
        return digest({
            "record": record, "listed": listed, "today": self.today.isoformat() if listed["stale"] else None,
            "yaml": yaml, "picture": neighbourhood(self.g, f"case:{cid}", self.position),
            "rows": {r: [self.rows[r].get(i) for i in ids if i] for r, ids in named.items()},
            "relations": [[*rel, self.title.get(rel[1]), self.titles_zh.get(rel[1])]
                          for rel in sorted(self.rank.relations.get(cid, []))],
            "related": shown, "titles": [[i, self.title.get(i), self.titles_zh.get(i)] for i in shown_ids]})


# -- the site built before -------------------------------------------------------------------------
class Previous:
    """The site in the output folder, as its manifest describes it, once every file the manifest names
    is found to be what it says; `None` from `load` (with the reason) when it cannot be reused."""

    def __init__(self, root: Path, manifest: dict):
        self.root = root
        self.units: dict[str, dict] = manifest.get("units", {})
        self.charts: dict[str, dict] = manifest.get("charts", {})
        self.search: dict[str, dict] = manifest.get("search", {})

    @staticmethod
    def load(out: Path, site: str) -> tuple[Optional["Previous"], str]:
        from kb.i18n import N_

        path = out / MANIFEST
        if not path.is_file():
            return None, N_("no site built before with a manifest")
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            assert isinstance(manifest, dict) and manifest.get("format") == FORMAT
        except (OSError, ValueError, AssertionError):
            return None, N_("the manifest of the site built before cannot be read")
        if manifest.get("site") != site:
            return None, N_("the site built before was built by another kb or with other options")
        previous = Previous(out, manifest)
        try:
            for group in (previous.units, previous.charts, previous.search):
                for entry in group.values():
                    for rel, expected in entry["files"].items():
                        target = out / rel
                        if target.is_symlink() or file_digest(target.read_bytes()) != expected:
                            return None, N_("the site built before differs from its manifest")
        except (OSError, KeyError, TypeError, AttributeError):
            return None, N_("the site built before differs from its manifest")
        return previous, ""

    def reuse(self, files: dict[str, str], into: Path, link: bool = True) -> None:
        """Put the files of a unit (checked by `load`) into the new site: hard links where the folder
        allows (nothing writes to a reused file afterwards), else copies."""
        for rel in files:
            target = into / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if link:
                try:
                    os.link(self.root / rel, target)
                    continue
                except OSError:
                    pass
            shutil.copyfile(self.root / rel, target)


class Manifest:
    """What the site being built records for the next build."""

    def __init__(self, site: str):
        self.site = site
        self.units: dict[str, dict] = {}
        self.charts: dict[str, dict] = {}
        self.search: dict[str, dict] = {}

    def write(self, folder: Path) -> None:
        data = {"format": FORMAT, "site": self.site, "units": self.units, "charts": self.charts,
                "search": self.search}
        (folder / MANIFEST).write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=0) + "\n",
                                       encoding="utf-8")


def files_of(folder: Path, rels: list[str]) -> dict[str, str]:
    return {rel: file_digest((folder / rel).read_bytes()) for rel in rels}
