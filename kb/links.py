"""The links of the knowledge graph as the store holds them, and the two questions answered straight
from the store's link tables, without building a graph: `related` (which cases connect to one case,
and why) and `path` (the cheapest chain of links between two things).

Importing this module does not import networkx: `kb related` and `kb path` read only the rows they
need through indexed queries. `kb.graph` builds the networkx graph from the same `LINKS` for the
graph commands and the exports.

Node keys are `"<registry>:<id>"` (`case:cn-2023-li-v-liu`, `party:openai`) so that ids from
different registries never collide.

`related` scores how strongly other cases connect to one case. Each link counts once:

| link                                  | weight |
|---------------------------------------|--------|
| explicit relation (appeal-of, ...)    | 8      |
| shared party                          | 4      |
| shared product                        | 3      |
| shared claim                          | 2      |
| answered the same question of law     | 2      |
| decided by the same judge             | 2      |
| same court                            | 1      |

so an explicit relation outweighs a shared party, which outweighs a shared claim, which
outweighs a shared court. Two shared parties, products, ... of the same name count once. With
`depth=2`, cases one explicit relation beyond a directly related case are added too, at half the
weight of the link that reaches them, with the chain as the reason; a case reached through several
related cases is explained by the one with the smallest id (and its relation first in alphabetical
order).

`path` follows the cheapest chain (see HOP_COST). Among equally cheap chains it takes one that
avoids claims if there is one (claims link most cases to most others: a chain through one tells
little), then the one whose node keys, read from the start, come first in alphabetical order; of
two links of the same cost between the same two nodes (a party in two roles), the label first in
alphabetical order.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Optional

from kb.i18n import N_
from kb.registries import REGISTRY_LABELS

WEIGHTS = {"relation": 8, "party": 4, "product": 3, "claim": 2, "question": 2, "judge": 2, "court": 1}

# What a hop costs in `path`: specific links (a party, a relation) make a more telling chain
# than generic ones (two cases that both claim copyright infringement).
HOP_COST = {"relation": 1, "party": 1, "product": 1, "operator": 1, "court": 2, "claim": 3, "question": 3,
            "judge": 2}

REGISTRY_OF = {kind: registry for registry, kind in REGISTRY_LABELS.items()}


def node_key(registry: str, rid: str) -> str:
    return f"{REGISTRY_LABELS[registry]}:{rid}"


@dataclass(frozen=True)
class Link:
    """One kind of edge: the table that holds it, the columns of its two ends (`a` of type `a_type`,
    `b` of type `b_type`), the SQL of its label, and the condition a row must meet."""
    table: str
    a: str
    b: str
    label: str
    a_type: str
    b_type: str
    where: str = ""
    distinct: bool = False

    @property
    def sql(self) -> str:
        """Its ends (a, b) and label, one row per edge."""
        return (f"SELECT {'DISTINCT ' if self.distinct else ''}{self.a} AS a, {self.b} AS b, {self.label} AS label "
                f"FROM {self.table}{f' WHERE {self.where}' if self.where else ''}")


LINKS = {
    "court": Link("cases", "id", "court_id", "'heard by'", "case", "court", where="court_id IS NOT NULL"),
    "party": Link("case_parties", "case_id", "party_id", "role", "case", "party"),
    "claim": Link("case_claims", "case_id", "claim_id", "'claims'", "case", "claim"),
    "product": Link("case_products", "case_id", "product_id", "'concerns'", "case", "product"),
    "operator": Link("products", "id", "operator_id", "'operated by'", "product", "party",
                     where="operator_id IS NOT NULL"),
    "relation": Link("relations", "case_id", "related_case_id", "relation", "case", "case"),
    "question": Link("answers", "case_id", "question_id", "'answered ' || answer", "case", "question"),
    # A judge decided (a ruling of) a case: one edge per judge and case, however many of its rulings.
    "judge": Link("case_judges", "judge_id", "case_id", "'decided'", "judge", "case", distinct=True),
}
# Which end of each kind of edge it starts from: a case is heard by its court, an appeal is the appeal of its
# first instance (`source` names the case that gives the relation).
EDGE_FROM = {kind: link.a_type for kind, link in LINKS.items()}

_IN = "IN (SELECT value FROM json_each(?))"
_RANK = {kind: i for i, kind in enumerate(LINKS)}  # of links of equal weight, the first kind first; chains last


def _rows(con: sqlite3.Connection, sql: str, params=()) -> list[tuple]:
    """Rows as plain tuples, whatever the connection's row factory: thousands of them are read at a time."""
    cursor = con.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def names(con: sqlite3.Connection, kind: str, ids) -> dict[str, str]:
    """The label of each node of one type: its title or name, else its id."""
    registry = REGISTRY_OF[kind]
    column = "title" if registry == "cases" else "name"
    rows = _rows(con, f'SELECT id, {column} FROM "{registry}" WHERE id {_IN}', (json.dumps(sorted(set(ids))),))
    return {rid: text or rid for rid, text in rows}


# -- related --------------------------------------------------------------------------------------

# How near another case is, by what it shares with this one (see `related`).
NEARNESS = {"relation": 8.0, "claim": 2.0, "question": 2.0, "product": 2.0, "court": 1.0, "judge": 1.0,
            "party": 1.0, "product-kind": 0.5}
# A claim or question shared with a case of another jurisdiction, where another law answers it, weighs a
# little under half: measured on the judged related cases of tests/search_queries.py, where a third let cases
# that share only a broad question at home outrank cases abroad sharing the question and the specific claim.
ABROAD = 0.45
# Tiers: an explicit relation first, then a case one relation further, then everything else, by score.
_TIER = {"relation": 2, "chain": 1}
_KIND_ORDER = ("relation", "chain", "claim", "question", "product", "product-kind", "court", "judge", "party")


def related(con: sqlite3.Connection, case_id: str, depth: int = 1, limit: Optional[int] = None) -> list[dict[str, Any]]:
    """Cases near `case_id` in law, nearest first, each with its score and the reasons, strongest first
    (see `ranked` for the rule)."""
    return describe(con, ranked(con, case_id, depth)[:limit])


def ranked(con: sqlite3.Connection, case_id: str, depth: int = 1) -> list[tuple[str, list[tuple[str, str, float]]]]:
    """Every case near `case_id`, nearest first, with what it shares: (id, [(kind, what, weight), ...]).

    Explicit relations (appeal-of, same-dispute, ...) come first, then (with `depth=2`) cases one relation
    further, then the rest by score: each shared claim and question of law weighs 2 × its rarity
    (ln((N + 1) / n), n of N cases holding it, counted within the case's jurisdiction; a case of another
    jurisdiction, where another law answers it, gets 0.45 of it), a shared product 2, the same kind of AI
    product 0.5, the same court (the `court` each case names now) 1, a shared judge 1, shared parties 1 in
    all, however many: a party links cases, it does not make their law alike. Of cases with the same score,
    the one with the larger share of its claims shared comes first, then by id.
    """
    from kb.rarity import rarities

    home = _rows(con, "SELECT jurisdiction FROM cases WHERE id = ?", (case_id,))
    jurisdiction = home[0][0] if home else None
    links: dict[str, list[tuple[str, str, float]]] = {}  # other case -> (kind, what, weight)
    claims_of: dict[str, int] = {}  # other case sharing a claim -> how many claims it has
    rows = _rows(con, "SELECT related_case_id, relation FROM relations WHERE case_id = ? UNION ALL "
                 "SELECT case_id, relation || ' (from the other case)' FROM relations "
                 "WHERE related_case_id = ?", (case_id, case_id))
    for other, relation in rows:
        links.setdefault(other, []).append(("relation", relation, NEARNESS["relation"]))
    for kind in ("court", "party", "claim", "product", "question", "judge"):
        link = LINKS[kind]
        case, hub = (link.a, link.b) if link.a_type == "case" else (link.b, link.a)
        its_claims = "json_array_length(c.claim_ids)" if kind == "claim" else "NULL"  # for ties (below)
        rows = _rows(con, f"SELECT DISTINCT o.{case}, s.{hub}, c.jurisdiction, {its_claims} "
                     f"FROM {link.table} AS s JOIN {link.table} AS o ON o.{hub} = s.{hub} "
                     f"JOIN cases AS c ON c.id = o.{case} WHERE s.{case} = ? AND o.{case} != ?", (case_id, case_id))
        hub_type = link.b_type if link.a_type == "case" else link.a_type
        label = names(con, hub_type, [h for _, h, _, _ in rows])
        if kind in ("claim", "question") and rows:
            anywhere, at_home = rarities(con, kind, [h for _, h, _, _ in rows])  # stored with the database
        for other, h, where, its_claims in rows:
            if kind == "claim":
                claims_of[other] = its_claims or 0
            weight = NEARNESS[kind]
            if kind in ("claim", "question"):
                weight *= at_home[(h, where)] if where == jurisdiction else anywhere[h] * ABROAD
            links.setdefault(other, []).append((kind, label.get(h, h), weight))
    # from the case's own products outwards (CROSS JOIN keeps that order): a scan of every case's products
    # from the other end took most of the time
    rows = _rows(con, "WITH mine AS (SELECT product_id FROM case_products WHERE case_id = ?1), "
                 "kinds AS (SELECT DISTINCT p.kind FROM mine JOIN products AS p ON p.id = mine.product_id "
                 "WHERE p.kind != 'other') "
                 "SELECT DISTINCT o.case_id, q.kind FROM kinds CROSS JOIN products AS q ON q.kind = kinds.kind "
                 "CROSS JOIN case_products AS o ON o.product_id = q.id "
                 "WHERE o.case_id != ?1 AND o.product_id NOT IN (SELECT product_id FROM mine)", (case_id,))
    for other, product_kind in rows:
        if not any(k == "product" for k, _, _ in links.get(other, [])):
            links.setdefault(other, []).append(("product-kind", product_kind.replace("-", " "),
                                                NEARNESS["product-kind"]))
    if depth >= 2:
        direct = sorted(c for c, found in links.items() if any(kind == "relation" for kind, _, _ in found))
        for middle in direct:
            rows = _rows(con, "SELECT related_case_id, relation FROM relations WHERE case_id = ? UNION ALL "
                         "SELECT case_id, relation FROM relations WHERE related_case_id = ?", (middle, middle))
            for far, relation in sorted(rows):
                if far != case_id and far not in links:
                    links.setdefault(far, []).append(("chain", CHAIN_LINE.format(middle=middle, relation=relation),
                                                      NEARNESS["relation"] / 2))
    order = []
    for other, found in links.items():
        found = list(dict.fromkeys(found))  # a party in two roles is one shared party
        tier = max((_TIER.get(kind, 0) for kind, _, _ in found), default=0)
        # of cases that score the same, first the one whose claims are more nearly all shared: its law is
        # more nearly this case's (a suit on a voice before a suit on a whole persona of which the voice is part)
        shared = sum(kind == "claim" for kind, _, _ in found) / max(claims_of.get(other, 0), 1)
        order.append((-tier, -score(found), -shared, other, found))
    order.sort(key=lambda e: e[:4])
    return [(other, found) for _, _, _, other, found in order]


def describe(con: sqlite3.Connection, ranked_cases: list[tuple[str, list]]) -> list[dict[str, Any]]:
    """The entries `related` gives for some of `ranked`'s cases: id, title (and `title_zh`, None where the
    case has none), score, reasons, and `reasons_zh`: the same lines in Chinese, naming each court, party,
    claim, product, question and judge by its Chinese name where it has one. Titles and reasons are read
    and written only for the cases asked for (a listing shows 20 of thousands)."""
    ids = [other for other, _ in ranked_cases]
    titles = dict(_rows(con, f"SELECT id, json_array(title, title_zh) FROM cases WHERE id {_IN}",
                        (json.dumps(sorted(set(ids))),)))
    zh = _chinese_names(con, [f for _, found in ranked_cases for f in found])
    out = []
    for other, found in ranked_cases:
        title, title_zh = json.loads(titles[other]) if other in titles else (other, None)
        found_zh = [(kind, zh.get((kind, what), what), weight) for kind, what, weight in found]
        out.append({"id": other, "title": title or other, "title_zh": title_zh, "score": score(found),
                    "reasons": reasons(found),
                    "reasons_zh": [reason_in(line, "zh") for line in reasons(found_zh, separator="、")]})
    return out


def _chinese_names(con: sqlite3.Connection, found: list[tuple[str, str, float]]) -> dict[tuple[str, str], str]:
    """(kind, English name) → Chinese name, for the records named in `found` that have one (a name two
    records share, with different Chinese names, stays English); and each kind of AI product in Chinese."""
    from kb.glossary import label

    wanted: dict[str, set[str]] = {}
    for kind, what, _ in found:
        wanted.setdefault(kind, set()).add(what)
    out: dict[tuple[str, str], str] = {}
    for kind, whats in wanted.items():
        if kind == "product-kind":
            out.update({(kind, w): label("product_kind", w.replace(" ", "-"), "zh") for w in whats})
        elif kind in REGISTRY_OF and kind != "case":
            by_name: dict[str, set[str]] = {}
            for name, name_zh in _rows(con, f'SELECT name, name_zh FROM "{REGISTRY_OF[kind]}" WHERE name {_IN}',
                                       (json.dumps(sorted(whats)),)):
                by_name.setdefault(name, set()).add(name_zh)
            out.update({(kind, name): zh.pop() for name, zh in by_name.items() if len(zh) == 1 and None not in zh})
    return out


def score(found: list[tuple[str, str, float]]) -> float:
    """The sum of the links' weights, shared parties counted once; rounded to hundredths."""
    parties = [weight for kind, _, weight in found if kind == "party"]
    return round(sum(weight for kind, _, weight in found if kind != "party") + max(parties, default=0.0), 2)


def reasons(found: list[tuple[str, str, float]], separator: str = ", ") -> list[str]:
    """One line per kind of link, strongest kind first (relations, then the kinds of `_KIND_ORDER`), the
    items of a line heaviest first, then in alphabetical order: 'shared claims: A, B'."""
    by_kind: dict[str, list[tuple[float, str]]] = {}
    for kind, what, weight in found:
        by_kind.setdefault(kind, []).append((weight, what))
    lines = []
    for kind in sorted(by_kind, key=lambda k: _KIND_ORDER.index(k) if k in _KIND_ORDER else len(_KIND_ORDER)):
        items = [what for _, what in sorted(by_kind[kind], key=lambda x: (-round(x[0], 6), x[1]))]
        if kind == "relation":
            lines += [REASON_LINES["relation"][0].format(items=item) for item in sorted(items)]
        elif kind == "chain":
            lines += sorted(items)
        else:
            one, many = REASON_LINES.get(kind) or (f"shared {kind}: {{items}}",
                                                   f"shared {REGISTRY_OF[kind]}: {{items}}")
            lines.append((one if len(items) == 1 else many).format(items=separator.join(items)))
    return lines


# The lines of `reasons`, by kind of link (one item, several): the English that `related` returns, and
# the messages of the catalog through which `reason_in` says a line in the interface's language.
REASON_LINES = {
    "relation": (N_("explicit relation: {items}"),) * 2,
    "question": (N_("answered the same question: {items}"), N_("answered the same questions: {items}")),
    "product-kind": (N_("same kind of AI product: {items}"),) * 2,
    "court": (N_("same court: {items}"),) * 2,
    "claim": (N_("shared claim: {items}"), N_("shared claims: {items}")),
    "party": (N_("shared party: {items}"), N_("shared parties: {items}")),
    "product": (N_("shared product: {items}"), N_("shared products: {items}")),
    "judge": (N_("shared judge: {items}"), N_("shared judges: {items}")),
}
CHAIN_LINE = N_("via {middle}: {relation}")  # written in the query of `related` (depth 2)
FROM_THE_OTHER_CASE = N_("{relation} (from the other case)")
REASON_SEPARATOR = N_("; ")  # between the lines of `reasons` written on one line (the site)


@functools.cache
def _pattern(message: str) -> "re.Pattern":
    import re

    parts = re.split(r"\{(\w+)\}", message)
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)))


def reason_in(line: str, language: Optional[str] = None) -> str:
    """A line of `reasons` in `language` (default: the interface's): kb's words from the catalog, the
    relation and the kind of product from the glossary, the names of the records as they are. English,
    and a line of no known form, come back unchanged."""
    from kb.i18n import lang, translation

    language = language or lang()
    if language == "en":
        return line
    from kb.glossary import label

    gettext = translation(language).gettext

    def relation(value: str) -> str:
        suffix = " (from the other case)"
        if value.endswith(suffix):
            return gettext(FROM_THE_OTHER_CASE).format(relation=label("relation", value[: -len(suffix)], language))
        return label("relation", value, language)

    for kind, messages in [*REASON_LINES.items(), ("chain", (CHAIN_LINE,))]:
        for message in dict.fromkeys(messages):
            found = _pattern(message).fullmatch(line)
            if not found:
                continue
            values = found.groupdict()
            if kind == "relation":
                values["items"] = relation(values["items"])
            elif kind == "chain":
                values["relation"] = relation(values["relation"])
            elif kind == "product-kind":
                values["items"] = "、".join(label("product_kind", v.replace(" ", "-"), language)
                                           for v in values["items"].split(", "))
            return gettext(message).format(**values)
    return line


# -- path -----------------------------------------------------------------------------------------

def path(con: sqlite3.Connection, a: str, b: str) -> list[dict[str, Any]]:
    """The cheapest chain of links from node `a` to node `b` (see HOP_COST and the tie rule in the
    module's docstring), hop by hop; empty if there is none or `a` is `b`.

    A bidirectional search from both ends that reads, level by level of cost, only the links of the
    nodes it reaches. Claims link most cases to most others, and most links are claims: a chain
    through a claim costs at least 2 × 3 (case → claim → case), so the search first leaves them out,
    and reads them only when that finds no chain of cost 6 or less (or when an end is a claim).
    """
    if a == b:
        return []
    with_claims = list(LINKS)
    without = [k for k in LINKS if k != "claim"]
    claim_end = a.startswith("claim:") or b.startswith("claim:")
    found = None if claim_end else _Search(con, without, a, b).run(limit=2 * HOP_COST["claim"])
    if found is None:
        found = _Search(con, with_claims, a, b).run()
        if found is not None and not claim_end and found[0] > 2 * HOP_COST["claim"]:
            plain = _Search(con, without, a, b).run(limit=found[0])
            if plain is not None and plain[0] == found[0]:
                found = plain
    return _hops(con, found[1]) if found else []


class _Search:
    """Bidirectional Dijkstra over integer costs, settling whole levels of cost at a time: after it, every
    node at cost ≤ `radius[0]` from `a` and ≤ `radius[1]` from `b` is settled with its exact cost."""

    def __init__(self, con: sqlite3.Connection, kinds: list[str], a: str, b: str) -> None:
        self.con, self.kinds, self.ends = con, kinds, (a, b)
        self.adj: dict[str, dict[str, int]] = {}  # node -> neighbour -> cheapest link's cost
        self.settled: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self.tentative: tuple[dict[str, int], dict[str, int]] = ({a: 0}, {b: 0})
        self.radius = [-1, -1]
        self.best = float("inf")

    def run(self, limit: Optional[float] = None) -> Optional[tuple[int, list[str]]]:
        inf = float("inf")
        while True:
            reach = self.radius[0] + self.radius[1]
            if reach >= self.best - 1:
                break  # every chain of cost ≤ reach + 1 has been seen
            if limit is not None and reach + 2 > limit and self.best > limit:
                return None  # any chain not yet seen costs more than the limit
            open_ = [[n for n, d in self.tentative[s].items() if d == self.radius[s] + 1] for s in (0, 1)]
            side = 0 if len(open_[0]) <= len(open_[1]) else 1
            if self.radius[side] == -1 or self.radius[1 - side] == -1:
                side = 0 if self.radius[0] == -1 else 1
            self._settle(side, open_[side])
            if not self.tentative[side] and self.radius[side] != inf:
                self.radius[side] = inf  # everything reachable from this end is settled
        if self.best == inf or (limit is not None and self.best > limit):
            return None
        return int(self.best), self._walk(int(self.best))

    def _settle(self, side: int, nodes: list[str]) -> None:
        level = self.radius[side] + 1
        self._read([n for n in nodes if n not in self.adj])
        mine, other = self.settled[side], self.settled[1 - side]
        tentative = self.tentative[side]
        for node in nodes:
            del tentative[node]
            mine[node] = level
        for node in nodes:
            for far, cost in self.adj[node].items():
                if far in other:
                    self.best = min(self.best, level + cost + other[far])
                if far not in mine and level + cost < tentative.get(far, float("inf")):
                    tentative[far] = level + cost
        self.radius[side] = level

    def _read(self, nodes: list[str]) -> None:
        """The links of these nodes, each neighbour with the cost of its cheapest link."""
        by_type: dict[str, list[str]] = {}
        for node in nodes:
            self.adj[node] = {}
            kind, rid = node.split(":", 1)
            by_type.setdefault(kind, []).append(rid)
        for kind in self.kinds:
            link, cost = LINKS[kind], HOP_COST[kind]
            for here, there, here_type, there_type in ((link.a, link.b, link.a_type, link.b_type),
                                                        (link.b, link.a, link.b_type, link.a_type)):
                ids = by_type.get(here_type)
                if not ids:
                    continue
                where = f" AND {link.where}" if link.where else ""
                rows = _rows(self.con, f"SELECT {here}, {there} FROM {link.table} WHERE {here} {_IN}{where}",
                             (json.dumps(ids),))
                for x, y in rows:
                    near, far = self.adj[f"{here_type}:{x}"], f"{there_type}:{y}"
                    if cost < near.get(far, cost + 1):
                        near[far] = cost

    def _walk(self, total: int) -> list[str]:
        """The chain of cost `total` whose keys come first in alphabetical order: from `a`, always the
        first neighbour from which `b` is still reachable at the cost left."""
        forward, backward = self.settled
        reach_b = self.radius[1]
        memo: dict[str, bool] = {}

        def reaches(node: str, left: int) -> bool:
            # Whether `b` is `left` away from `node`, knowing it is not nearer.
            if node in backward:
                return backward[node] <= left
            if left <= reach_b:
                return False
            # then `node` lies on a cheapest chain only `total - left` from `a`: settled from there
            if forward.get(node) != total - left:
                return False
            if node not in memo:
                memo[node] = any(reaches(far, left - cost) for far, cost in self.adj[node].items() if cost <= left)
            return memo[node]

        node, left, chain = self.ends[0], total, [self.ends[0]]
        while node != self.ends[1]:
            node, cost = next((far, cost) for far, cost in sorted(self.adj[node].items())
                              if cost <= left and reaches(far, left - cost))
            left -= cost
            chain.append(node)
        return chain


def _hops(con: sqlite3.Connection, nodes: list[str]) -> list[dict[str, Any]]:
    wanted: dict[str, list[str]] = {}
    for node in nodes:
        kind, rid = node.split(":", 1)
        wanted.setdefault(kind, []).append(rid)
    labels = {f"{kind}:{rid}": text for kind, ids in wanted.items() for rid, text in names(con, kind, ids).items()}
    hops = []
    for here, there in zip(nodes, nodes[1:]):
        hops.append({
            "from": {"key": here, "type": here.split(":", 1)[0], "label": labels.get(here, here.split(":", 1)[1])},
            "to": {"key": there, "type": there.split(":", 1)[0], "label": labels.get(there, there.split(":", 1)[1])},
            "link": _link_label(con, here, there),
        })
    return hops


def _link_label(con: sqlite3.Connection, here: str, there: str) -> str:
    """The label of the cheapest link between two nodes (of equal cost, the first in alphabetical order)."""
    (here_type, x), (there_type, y) = here.split(":", 1), there.split(":", 1)
    found = []
    for kind, link in LINKS.items():
        for a, b, a_type, b_type in ((x, y, here_type, there_type), (y, x, there_type, here_type)):
            if (a_type, b_type) == (link.a_type, link.b_type):
                rows = con.execute(f"SELECT {link.label} FROM {link.table} WHERE {link.a} = ? AND {link.b} = ?",
                                   (a, b))
                found += [(HOP_COST[kind], label) for (label,) in rows]
    return min(found)[1]
