"""`kb graph`: central nodes, clusters of cases, graph statistics."""

from __future__ import annotations

from enum import Enum

import typer

from kb.cli.base import JSON_OPTION, Group, Typer, app, connect, emit, err
from kb.i18n import N_, _


graph_app = Typer(help=N_("Graph analytics: central nodes, clusters of cases, graph statistics."),
                        no_args_is_help=True, cls=Group)
app.add_typer(graph_app, name="graph")


class NodeKind(str, Enum):
    party = "party"
    court = "court"
    claim = "claim"
    product = "product"
    question = "question"
    judge = "judge"
    case = "case"


def _graph(ctx: typer.Context):
    from kb import graph

    return graph, graph.build_graph(connect(ctx))


@graph_app.command("central")
def graph_central(
    ctx: typer.Context,
    kind: NodeKind = typer.Option(NodeKind.party, "--kind", help="Which nodes to rank."),
    limit: int = typer.Option(20, min=1, help="At most this many."),
    json_: bool = JSON_OPTION,
) -> None:
    """Who and what is most connected: degree and betweenness centrality (estimated from a sample of
    nodes on large graphs, as the output says)."""
    from kb import graph

    result = graph.central(connect(ctx), kind.value, limit)
    emit(result["rows"], json_, "central_table", kind.value, result)
    if json_ and not result["exact"]:
        err(f"kb: {_estimate(result)}")


def _estimate(result: dict) -> str:
    from kb.graph import EXACT_BETWEENNESS_NODES

    return _("betweenness estimated from {sources:,} of {nodes:,} nodes (exact up to {exact:,} nodes)").format(
        sources=result["sources"], nodes=result["nodes"], exact=EXACT_BETWEENNESS_NODES)


@graph_app.command("clusters")
def graph_clusters(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
    """Groups of cases that belong together (Louvain communities of cases linked by relations, parties
    and products), with the parties, products and claims they share. On large graphs a faster Louvain
    finds them, as the output says."""
    from kb import graph

    result = graph.clusters(connect(ctx))
    emit(result["clusters"], json_, "clusters_view", result)
    if json_ and not result["exact"]:
        err(f"kb: {result['note']}")


@graph_app.command("stats")
def graph_stats(ctx: typer.Context, json_: bool = JSON_OPTION) -> None:
    """Nodes and edges by type, connected components, density."""
    graph, g = _graph(ctx)
    result = graph.stats(g)
    emit(result, json_, "graph_stats_view")


