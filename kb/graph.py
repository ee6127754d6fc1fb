"""The knowledge graph: cases, parties, courts, claims, products, questions of law and judges as one networkx graph.

Node keys are `"<registry>:<id>"` (`case:cn-2023-li-v-liu`, `party:openai`) so that ids from
different registries never collide. Edges carry a `label` saying what links the two ends; which
links there are, and what they weigh in `related`, is `kb.links`, which also answers `kb related`
and `kb path` straight from the store without networkx. `related` here scores the same on a graph
already built (the website's case pages).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Optional

import networkx as nx

from kb.links import LINKS, REGISTRY_OF, WEIGHTS
from kb.registries import REGISTRY_LABELS

# Each kind of edge: the SQL that lists its ends (a, b) and label, and the node types of a and b.
_EDGES = {kind: (link.sql, link.a_type, link.b_type) for kind, link in LINKS.items()}


def build_graph(con: sqlite3.Connection, kinds=tuple(_EDGES), filters: Optional[dict] = None,
                label: bool = True) -> nx.MultiGraph:
    """The graph read from the store: all of it, or only the edges that `filters` select.

    `filters` maps an edge kind to an SQL condition on its ends `a` and `b` and its parameters;
    kinds without a filter are left out. Without filters every node is included, linked or not.
    """
    g = nx.MultiGraph()
    if filters is None:
        for registry, kind in REGISTRY_LABELS.items():
            g.add_nodes_from(f"{kind}:{rid}" for (rid,) in con.execute(f'SELECT id FROM "{registry}"'))
    for kind in kinds:
        sql, a_type, b_type = _EDGES[kind]
        params: list = []
        if filters is not None:
            if kind not in filters:
                continue
            condition, params = filters[kind]
            sql = f"SELECT * FROM ({sql}) WHERE {condition}"
        for a, b, text in con.execute(sql, params):
            extra = {"source": f"case:{a}"} if kind == "relation" else {}
            g.add_edge(f"{a_type}:{a}", f"{b_type}:{b}", kind=kind, label=text, **extra)
    if label:
        label_nodes(con, g, g.nodes)
    return g


def label_nodes(con: sqlite3.Connection, g: nx.MultiGraph, nodes) -> None:
    """Give nodes their type, id and names (en and zh) from the registries."""
    wanted: dict[str, list[str]] = {}
    for node in nodes:
        kind, rid = node.split(":", 1)
        wanted.setdefault(kind, []).append(rid)
    for kind, ids in wanted.items():
        registry = REGISTRY_OF[kind]
        columns = "id, title, title_zh" if registry == "cases" else "id, name, name_zh"
        rows = con.execute(f'SELECT {columns} FROM "{registry}" WHERE id IN (SELECT value FROM json_each(?))',
                           (json.dumps(ids),))
        for rid, text, text_zh in rows:
            g.nodes[f"{kind}:{rid}"].update(type=kind, id=rid, label=text, label_zh=text_zh)


def _node_label(g: nx.MultiGraph, node: str) -> str:
    return g.nodes[node].get("label") or node.split(":", 1)[1]


# -- analytics ------------------------------------------------------------------------------------
# Read straight from the store as integer adjacency lists: at 20,000 cases, building the labelled
# networkx graph alone takes longer than these answers may.
EXACT_BETWEENNESS_NODES = 2_000  # up to this many nodes betweenness is exact; above, sampled
BETWEENNESS_SAMPLES = 64  # sources sampled above that (Brandes' algorithm from k random sources)


def _pairs(con: sqlite3.Connection, kind: str) -> list[tuple[str, str]]:
    """(case id, other id) for every edge of one kind that touches cases, whichever end it starts from
    (a judge's edge starts at the judge)."""
    sql, a_type, _b_type = _EDGES[kind]
    rows = con.execute(sql)
    return [(a, b) for a, b, _ in rows] if a_type == "case" else [(b, a) for a, b, _ in rows]


def _case_links(con: sqlite3.Connection) -> list[tuple[str, str, float]]:
    """What ties cases together, as edges of one graph: explicit relations between cases, and each
    case's parties and products (a shared party is a path case–party–case), with their weights.

    Claims and courts are left out: nearly every case claims copyright infringement, and links
    through them would join everything to everything. Hubs are kept as nodes rather than joined
    pairwise: a product in 5,000 cases is 5,000 edges, not 12 million.
    """
    related = {(a, b) if a < b else (b, a) for a, b in _pairs(con, "relation") if a != b}
    links = [(f"case:{a}", f"case:{b}", WEIGHTS["relation"]) for a, b in sorted(related)]
    for kind in ("party", "product"):
        links += [(f"case:{a}", f"{kind}:{b}", WEIGHTS[kind]) for a, b in sorted(set(_pairs(con, kind)))]
    return links


def _betweenness(n: int, ends: tuple[list[int], list[int]], sources: list[int]) -> list[float]:
    """Brandes' betweenness (unweighted, endpoints excluded) accumulated from `sources`, unscaled.

    Breadth-first level by level with numpy over the graph in CSR form: each level is a few array
    operations instead of a Python loop over its edges.
    """
    import numpy as np

    a, b = np.asarray(ends[0], dtype=np.int64), np.asarray(ends[1], dtype=np.int64)
    tails, heads = np.concatenate([a, b]), np.concatenate([b, a])
    order = np.argsort(tails, kind="stable")
    indices = heads[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tails, minlength=n), out=indptr[1:])
    score = np.zeros(n)
    for s in sources:
        dist = np.full(n, -1, dtype=np.int64)
        sigma = np.zeros(n)
        dist[s], sigma[s] = 0, 1.0
        frontier = np.array([s], dtype=np.int64)
        levels = []
        depth = 0
        while frontier.size:
            starts = indptr[frontier]
            counts = indptr[frontier + 1] - starts
            total = int(counts.sum())
            if not total:
                break
            offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            tail = np.repeat(frontier, counts)
            head = indices[np.repeat(starts, counts) + offsets]
            fresh = np.unique(head[dist[head] < 0])
            dist[fresh] = depth + 1
            forward = dist[head] == depth + 1
            tail, head = tail[forward], head[forward]
            sigma += np.bincount(head, weights=sigma[tail], minlength=n)
            levels.append((tail, head))
            frontier = fresh
            depth += 1
        delta = np.zeros(n)
        for tail, head in reversed(levels):
            delta += np.bincount(tail, weights=sigma[tail] / sigma[head] * (1.0 + delta[head]), minlength=n)
        delta[s] = 0.0
        score += delta
    return score.tolist()


def betweenness(n: int, ends: tuple[list[int], list[int]], samples: Optional[int] = None, seed: int = 0
                ) -> tuple[list[float], int]:
    """Normalised betweenness centrality of nodes 0..n-1 linked by the edges `ends` (as networkx
    computes it), and the number of source nodes it was computed from: all of them up to
    EXACT_BETWEENNESS_NODES nodes, else a seeded random sample of `samples` (BETWEENNESS_SAMPLES),
    scaled up: an estimate."""
    import random

    if n < 3:
        return [0.0] * n, n
    k = n if n <= EXACT_BETWEENNESS_NODES and samples is None else min(n, samples or BETWEENNESS_SAMPLES)
    sources = list(range(n)) if k == n else sorted(random.Random(seed).sample(range(n), k))
    raw = _betweenness(n, ends, sources)
    if k == n:
        return [x / ((n - 1) * (n - 2)) for x in raw], k
    sampled = set(sources)
    return [x / ((k - 1 if v in sampled else k) * (n - 2)) for v, x in enumerate(raw)], k


def _labels(con: sqlite3.Connection, kind: str, ids: list[str]) -> dict[str, str]:
    registry = REGISTRY_OF[kind]
    column = "title" if registry == "cases" else "name"
    rows = con.execute(f'SELECT id, {column} FROM "{registry}" WHERE id IN (SELECT value FROM json_each(?))',
                       (json.dumps(ids),))
    return dict(rows.fetchall())


def central(con: sqlite3.Connection, kind: str = "party", limit: Optional[int] = 20,
            samples: Optional[int] = None) -> dict[str, Any]:
    """The most connected nodes of a kind: degree and betweenness centrality. For a party, court,
    claim or product: the cases it is in, on the graph of cases and nodes of that kind. For a case:
    its links (relations, parties, products) on the graph of `_case_links`.

    Returns {"rows": [...], "nodes": n, "sources": k, "exact": k == n}: above
    EXACT_BETWEENNESS_NODES nodes betweenness is estimated from k sampled sources, and says so.
    """
    keys = {f"case:{case_id}": i for i, (case_id,) in enumerate(con.execute("SELECT id FROM cases ORDER BY id"))}
    ranked = list(keys)
    if kind == "case":
        pairs = [(a, b) for a, b, _ in _case_links(con)]
        for key in sorted({b for _, b in pairs if not b.startswith("case:")}):
            keys[key] = len(keys)
    else:
        first = len(keys)
        for i, (rid,) in enumerate(con.execute(f'SELECT id FROM "{REGISTRY_OF[kind]}" ORDER BY id')):
            keys[f"{kind}:{rid}"] = first + i
        pairs = [(f"case:{a}", f"{kind}:{b}") for a, b in sorted(set(_pairs(con, kind)))]
        ranked = list(keys)[first:]
    ends = ([keys[a] for a, _ in pairs], [keys[b] for _, b in pairs])
    degree = [0] * len(keys)
    for end in ends:
        for v in end:
            degree[v] += 1
    scores, sources = betweenness(len(keys), ends, samples)
    rows = [{"id": key.split(":", 1)[1], "type": kind, "degree": degree[keys[key]],
             "betweenness": round(scores[keys[key]], 4)} for key in ranked]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["id"]))
    rows = rows[:limit] if limit is not None else rows
    labels = _labels(con, kind, [r["id"] for r in rows])
    for r in rows:
        r["label"] = labels.get(r["id"], r["id"])
    return {"rows": rows, "nodes": len(keys), "sources": sources, "exact": sources == len(keys)}


EXACT_LOUVAIN_NODES = 5_000  # up to this many nodes networkx's Louvain; above, the faster kb.louvain


def clusters(con: sqlite3.Connection, min_size: int = 2, seed: int = 0,
             exact_nodes: Optional[int] = None) -> dict[str, Any]:
    """Groups of cases that belong together: Louvain modularity communities (seeded, so the same
    data gives the same groups) of the graph of cases, their relations, parties and products (see
    `_case_links`), each with the parties, products and claims shared by two or more of its cases,
    most shared first.

    Returns {"clusters": [...], "nodes": n, "method": ..., "exact": bool, "note": ...}: up to
    EXACT_LOUVAIN_NODES nodes (or `exact_nodes`) networkx's Louvain, which revisits every node on
    every pass; above, `kb.louvain`, which revisits only nodes whose neighbours moved — communities
    of about the same modularity, not necessarily the same ones — and says so.
    """
    limit = EXACT_LOUVAIN_NODES if exact_nodes is None else exact_nodes
    keys: dict[str, int] = {}
    weights: dict[tuple[int, int], float] = {}
    for a, b, weight in _case_links(con):
        ends = (keys.setdefault(a, len(keys)), keys.setdefault(b, len(keys)))
        weights[ends] = weights.get(ends, 0) + weight
    names = list(keys)
    exact = len(names) <= limit
    if not weights:
        communities: list = []
    elif exact:
        p = nx.Graph()
        p.add_weighted_edges_from((names[a], names[b], w) for (a, b), w in weights.items())
        communities = nx.community.louvain_communities(p, weight="weight", seed=seed)
    else:
        from kb import louvain

        found = louvain.communities(len(names), [(a, b, w) for (a, b), w in weights.items()], seed=seed)
        communities = [[names[i] for i in group] for group in found]
    about = {"nodes": len(names), "method": "louvain" if exact else "fast-louvain", "exact": exact, "note": None}
    if not exact:
        about["note"] = (f"clusters found by fast Louvain on {len(names):,} nodes, which revisits only nodes whose "
                         f"neighbours moved: an approximation of Louvain (used above {limit:,} nodes)")
    groups = [sorted(n.split(":", 1)[1] for n in members if n.startswith("case:")) for members in communities]
    groups = [members for members in groups if len(members) >= min_size]
    if not groups:
        return {"clusters": [], **about}
    cluster_of = {case: i for i, members in enumerate(groups) for case in members}
    shared: list[dict[str, dict[str, Any]]] = [{} for _ in groups]
    for kind in ("party", "product", "claim"):
        for case, other in _pairs(con, kind):
            i = cluster_of.get(case)
            if i is not None:
                shared[i].setdefault(f"{kind}:{other}", {"id": other, "type": kind, "cases": set()})["cases"].add(case)
    order = {"party": 0, "product": 1, "claim": 2}
    result = []
    for members, found in zip(groups, shared):
        common = [{**e, "cases": len(e["cases"])} for e in found.values() if len(e["cases"]) >= 2]
        common.sort(key=lambda e: (-e["cases"], order[e["type"]], e["id"]))
        result.append({"cases": members, "size": len(members), "shared": common})
    result.sort(key=lambda c: (-c["size"], c["cases"][0]))
    for kind in ("party", "product", "claim"):
        ids = sorted({e["id"] for c in result for e in c["shared"] if e["type"] == kind})
        labels = _labels(con, kind, ids)
        for c in result:
            for e in c["shared"]:
                if e["type"] == kind:
                    e["label"] = labels.get(e["id"], e["id"])
    for number, cluster in enumerate(result, 1):
        cluster["cluster"] = number
    return {"clusters": result, **about}


def stats(g: nx.MultiGraph) -> dict[str, Any]:
    """Nodes and edges by type, connected components and density of the whole graph."""
    nodes: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        nodes[d["type"]] = nodes.get(d["type"], 0) + 1
    edges: dict[str, int] = {}
    for _, _, d in g.edges(data=True):
        edges[d["kind"]] = edges.get(d["kind"], 0) + 1
    components = sorted((len(c) for c in nx.connected_components(g)), reverse=True)
    return {
        "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
        "nodes_by_type": dict(sorted(nodes.items())), "edges_by_kind": dict(sorted(edges.items())),
        "components": len(components), "largest_component": components[0] if components else 0,
        "density": round(nx.density(nx.Graph(g)), 5),
    }
