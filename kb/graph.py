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
from typing import Any, Optional

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


_PLURAL = {"party": "parties", "product": "products", "claim": "claims", "court": "courts"}


def related(g: nx.MultiGraph, case_id: str, depth: int = 1) -> list[dict[str, Any]]:
    """Cases connected to `case_id`, strongest first, each with its score and the reasons, strongest first."""
    start = f"case:{case_id}"
    links: dict[str, list[tuple[str, str, float]]] = {}  # other case -> (kind, what, weight)

    for _, neighbour, data in g.edges(start, data=True):
        kind = data["kind"]
        if kind == "relation":
            relation = data["label"] if data.get("source") == start else f"{data['label']} (from the other case)"
            links.setdefault(neighbour, []).append(("relation", relation, WEIGHTS["relation"]))
            continue
        for _, other, other_data in g.edges(neighbour, data=True):
            if other != start and other_data["kind"] == kind and g.nodes[other]["type"] == "case":
                links.setdefault(other, []).append((kind, _node_label(g, neighbour), WEIGHTS[kind]))
    if depth >= 2:
        direct = [c for c, found in links.items() if any(kind == "relation" for kind, _, _ in found)]
        for middle in direct:
            for _, far, data in g.edges(middle, data=True):
                if data["kind"] == "relation" and far != start and far not in links:
                    via = f"via {g.nodes[middle]['id']}: {data['label']}"
                    links.setdefault(far, []).append(("chain", via, WEIGHTS["relation"] / 2))
    result = []
    for other, found in links.items():
        found = list(dict.fromkeys(found))  # a party in two roles is one shared party
        result.append({"id": g.nodes[other]["id"], "title": g.nodes[other]["label"],
                       "score": sum(weight for _, _, weight in found), "reasons": _reasons(found)})
    return sorted(result, key=lambda e: (-e["score"], e["id"]))


def _reasons(found: list[tuple[str, str, float]]) -> list[str]:
    """One line per kind of link, strongest kind first: 'shared claims: A, B'."""
    by_kind: dict[str, list[str]] = {}
    weight_of: dict[str, float] = {}
    for kind, what, weight in found:
        by_kind.setdefault(kind, []).append(what)
        weight_of[kind] = weight
    lines = []
    for kind in sorted(by_kind, key=lambda k: -weight_of[k]):
        items = by_kind[kind]
        if kind == "relation":
            lines += [f"explicit relation: {item}" for item in items]
        elif kind == "chain":
            lines += items
        else:
            label = _PLURAL[kind] if len(items) > 1 else kind
            lines.append(f"shared {label}: {', '.join(items)}")
    return lines


# What a hop costs in `path`: specific links (a party, a relation) make a more telling chain
# than generic ones (two cases that both claim copyright infringement).
HOP_COST = {"relation": 1, "party": 1, "product": 1, "operator": 1, "court": 2, "claim": 3}


def _hop_cost(here: str, there: str, edges: dict) -> float:
    return min(HOP_COST[data["kind"]] for data in edges.values())


def path(g: nx.MultiGraph, a: str, b: str) -> list[dict[str, Any]]:
    """The cheapest chain of links from node `a` to node `b` (see HOP_COST), hop by hop; empty if none."""
    try:
        nodes = nx.shortest_path(g, a, b, weight=_hop_cost)
    except nx.NetworkXNoPath:
        return []
    hops = []
    for here, there in zip(nodes, nodes[1:]):
        edge = min(g.get_edge_data(here, there).values(), key=lambda data: HOP_COST[data["kind"]])
        hops.append({
            "from": {"key": here, "type": g.nodes[here]["type"], "label": _node_label(g, here)},
            "to": {"key": there, "type": g.nodes[there]["type"], "label": _node_label(g, there)},
            "link": edge["label"],
        })
    return hops



# -- analytics ------------------------------------------------------------------------------------
def _bipartite(g: nx.MultiGraph, kind: str) -> nx.Graph:
    """Cases and the nodes of one kind, linked where a case involves one (parallel edges merged)."""
    b = nx.Graph()
    b.add_nodes_from((n, d) for n, d in g.nodes(data=True) if d["type"] in ("case", kind))
    b.add_edges_from((u, v) for u, v, d in g.edges(data=True) if d["kind"] == kind)
    return b


def case_projection(g: nx.MultiGraph) -> nx.Graph:
    """Cases linked to cases, weighted by what they share: explicit relations, parties and products.

    Claims and courts are left out: nearly every case claims copyright infringement, and a
    projection through them would join everything to everything.
    """
    p = nx.Graph()
    p.add_nodes_from((n, d) for n, d in g.nodes(data=True) if d["type"] == "case")
    for u, v, d in g.edges(data=True):
        if d["kind"] == "relation":
            w = p.get_edge_data(u, v, {"weight": 0})["weight"]
            p.add_edge(u, v, weight=w + WEIGHTS["relation"])
    for kind in ("party", "product"):
        b = _bipartite(g, kind)
        for hub in (n for n, d in b.nodes(data=True) if d["type"] == kind):
            cases = sorted(b[hub])
            for i, u in enumerate(cases):
                for v in cases[i + 1:]:
                    w = p.get_edge_data(u, v, {"weight": 0})["weight"]
                    p.add_edge(u, v, weight=w + WEIGHTS[kind])
    return p


def central(g: nx.MultiGraph, kind: str = "party", limit: Optional[int] = 20) -> list[dict[str, Any]]:
    """The most connected nodes of a kind: degree (cases involved, or linked cases for `case`)
    and betweenness centrality, on the case–party graph (case–court, case–claim for those kinds)."""
    if kind == "case":
        graph, nodes = case_projection(g), None
    else:
        graph = _bipartite(g, kind)
        nodes = [n for n, d in graph.nodes(data=True) if d["type"] == kind]
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    rows = [
        {"id": graph.nodes[n]["id"], "type": graph.nodes[n]["type"], "label": graph.nodes[n]["label"],
         "degree": graph.degree(n), "betweenness": round(betweenness[n], 4)}
        for n in (nodes if nodes is not None else graph.nodes)
    ]
    rows.sort(key=lambda r: (-r["degree"], -r["betweenness"], r["id"]))
    return rows[:limit] if limit is not None else rows


def clusters(g: nx.MultiGraph, min_size: int = 2) -> list[dict[str, Any]]:
    """Groups of cases that belong together: modularity communities of the case projection, each with
    the parties, products and claims shared by two or more of its cases, most shared first."""
    p = case_projection(g)
    p.remove_nodes_from([n for n in list(p) if p.degree(n) == 0])
    communities = nx.community.greedy_modularity_communities(p, weight="weight") if p.number_of_edges() else []
    result = []
    for members in communities:
        if len(members) < min_size:
            continue
        shared: dict[str, dict[str, Any]] = {}
        for case in members:
            for _, other, d in g.edges(case, data=True):
                if d["kind"] in ("party", "product", "claim"):
                    entry = shared.setdefault(other, {"id": g.nodes[other]["id"], "type": d["kind"],
                                                      "label": g.nodes[other]["label"], "cases": set()})
                    entry["cases"].add(case)
        common = [{**e, "cases": len(e["cases"])} for e in shared.values() if len(e["cases"]) >= 2]
        order = {"party": 0, "product": 1, "claim": 2}
        common.sort(key=lambda e: (-e["cases"], order[e["type"]], e["id"]))
        cases = sorted(g.nodes[c]["id"] for c in members)
        result.append({"cases": cases, "size": len(cases), "shared": common})
    result.sort(key=lambda c: (-c["size"], c["cases"][0]))
    for number, cluster in enumerate(result, 1):
        cluster["cluster"] = number
    return result


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
