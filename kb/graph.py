"""The knowledge graph: cases, parties, courts, claims and products as one networkx graph.

Node keys are `"<registry>:<id>"` (`case:cn-2023-li-v-liu`, `party:openai`) so that ids from
different registries never collide. Edges carry a `label` saying what links the two ends.

`related` scores how strongly other cases connect to one case. Each link counts once:

| link                                  | weight |
|---------------------------------------|--------|
| explicit relation (appeal-of, ...)    | 8      |
| shared party                          | 4      |
| shared product                        | 3      |
| shared claim                          | 2      |
| same court                            | 1      |

so an explicit relation outweighs a shared party, which outweighs a shared claim, which
outweighs a shared court. With `depth=2`, cases one explicit relation beyond a directly
related case are added too, at half the weight of the link that reaches them, with the chain
as the reason.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import networkx as nx

WEIGHTS = {"relation": 8, "party": 4, "product": 3, "claim": 2, "court": 1}
_PREFIX = {"cases": "case", "parties": "party", "courts": "court", "claims": "claim", "products": "product"}


def node_key(registry: str, rid: str) -> str:
    return f"{_PREFIX[registry]}:{rid}"


def build_graph(con: sqlite3.Connection) -> nx.MultiGraph:
    """The whole graph, read from the store."""
    g = nx.MultiGraph()
    for registry, kind in _PREFIX.items():
        columns = "id, title, title_zh" if registry == "cases" else "id, name, name_zh"
        for rid, label, label_zh in con.execute(f'SELECT {columns} FROM "{registry}"'):
            g.add_node(f"{kind}:{rid}", type=kind, id=rid, label=label, label_zh=label_zh)
    for case_id, court in con.execute("SELECT id, court FROM cases WHERE court IS NOT NULL"):
        g.add_edge(f"case:{case_id}", f"court:{court}", kind="court", label="heard by")
    for case_id, party, role in con.execute("SELECT case_id, party, role FROM case_parties"):
        g.add_edge(f"case:{case_id}", f"party:{party}", kind="party", label=role)
    for case_id, claim in con.execute("SELECT case_id, claim FROM case_claims"):
        g.add_edge(f"case:{case_id}", f"claim:{claim}", kind="claim", label="claims")
    for case_id, product in con.execute("SELECT case_id, product FROM case_products"):
        g.add_edge(f"case:{case_id}", f"product:{product}", kind="product", label="concerns")
    for product, operator in con.execute("SELECT id, operator FROM products WHERE operator IS NOT NULL"):
        g.add_edge(f"product:{product}", f"party:{operator}", kind="operator", label="operated by")
    for case_id, other, relation in con.execute('SELECT case_id, "case", relation FROM relations'):
        g.add_edge(f"case:{case_id}", f"case:{other}", kind="relation", label=relation, source=f"case:{case_id}")
    return g


def _node_label(g: nx.MultiGraph, node: str) -> str:
    return g.nodes[node].get("label") or node


def related(g: nx.MultiGraph, case_id: str, depth: int = 1) -> list[dict[str, Any]]:
    """Cases connected to `case_id`, strongest first, each with its score and the reasons."""
    start = f"case:{case_id}"
    found: dict[str, dict[str, Any]] = {}

    def add(other: str, score: float, reason: str) -> None:
        entry = found.setdefault(other, {"id": g.nodes[other]["id"], "title": g.nodes[other]["label"],
                                         "score": 0, "reasons": []})
        entry["score"] += score
        entry["reasons"].append(reason)

    for _, neighbour, data in g.edges(start, data=True):
        kind = data["kind"]
        if kind == "relation":
            relation = data["label"] if data.get("source") == start else f"{data['label']} (from the other case)"
            add(neighbour, WEIGHTS["relation"], f"explicit relation: {relation}")
            continue
        for _, other, other_data in g.edges(neighbour, data=True):
            if other != start and other_data["kind"] == kind and g.nodes[other]["type"] == "case":
                add(other, WEIGHTS[kind], f"shared {kind}: {_node_label(g, neighbour)}")
    if depth >= 2:
        direct = {k: v for k, v in found.items() if any(r.startswith("explicit") for r in v["reasons"])}
        for middle in direct:
            for _, far, data in g.edges(middle, data=True):
                if data["kind"] == "relation" and far != start and far not in found:
                    chain = f"via {g.nodes[middle]['id']}: {data['label']}"
                    add(far, WEIGHTS["relation"] / 2, chain)
    for entry in found.values():
        entry["reasons"] = sorted(set(entry["reasons"]), key=entry["reasons"].index)
    return sorted(found.values(), key=lambda e: (-e["score"], e["id"]))


def path(g: nx.MultiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """The shortest chain of links from node `a` to node `b`, hop by hop; empty if none."""
    try:
        nodes = nx.shortest_path(g, a, b)
    except nx.NetworkXNoPath:
        return []
    hops = []
    for here, there in zip(nodes, nodes[1:]):
        edge = next(iter(g.get_edge_data(here, there).values()))
        hops.append({
            "from": {"key": here, "type": g.nodes[here]["type"], "label": _node_label(g, here)},
            "to": {"key": there, "type": g.nodes[there]["type"], "label": _node_label(g, there)},
            "link": edge["label"],
        })
    return hops

