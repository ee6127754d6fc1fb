import pytest

from kb import links
from kb.graph import build_graph
from kb.links import NEARNESS, WEIGHTS


@pytest.fixture
def g(con):
    return build_graph(con)


def test_graph_nodes_and_edges(g):
    assert g.nodes["case:cn-2023-li-v-liu"]["type"] == "case"
    assert g.nodes["court:cn-bj-internet"]["label"] == "Beijing Internet Court"
    edge_kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert edge_kinds == {"court", "party", "claim", "product", "operator", "relation"}
    roles = {d["label"] for _, _, d in g.edges("party:xingyin", data=True)}
    assert roles == {"defendant", "subject", "operated by"}


def test_scoring_order_is_relation_then_party_then_claim_then_court():
    assert WEIGHTS["relation"] > WEIGHTS["party"] > WEIGHTS["claim"] > WEIGHTS["court"]


def related(con, case_id, depth=1):
    return links.related(con, case_id, depth)


def test_related_explains_each_link_strongest_first(con):
    import math

    result = related(con, "cn-2023-painters-v-xiaohongshu")
    by_id = {r["id"]: r for r in result}
    boycott = by_id["cn-2023-xiaohongshu-boycott"]
    assert boycott["score"] == NEARNESS["relation"] + NEARNESS["party"]
    assert boycott["reasons"] == ["explicit relation: related-controversy (from the other case)",
                                  "shared party: Xingyin Information Technology"]
    li = by_id["cn-2023-li-v-liu"]
    # copyright infringement: 2 of the 3 Chinese cases claim it, so it weighs 2 × ln(4 / 2)
    rare = NEARNESS["claim"] * math.log(4 / 2)
    assert li["score"] == round(NEARNESS["relation"] + rare + NEARNESS["product-kind"] + NEARNESS["court"], 2)
    assert li["reasons"] == ["explicit relation: similar-facts", "shared claim: Copyright infringement",
                             "same kind of AI product: image generator", "same court: Beijing Internet Court"]
    andersen = by_id["us-2023-andersen-v-stability"]
    assert andersen["reasons"] == ["shared claim: Use of works as AI training data",
                                   "same kind of AI product: image generator", "shared party: Painter A"]
    assert [r["id"] for r in result] == ["cn-2023-li-v-liu", "cn-2023-xiaohongshu-boycott",
                                         "us-2023-andersen-v-stability"]  # relations first, then by score


def test_shared_parties_count_once_and_never_outweigh_a_relation(con):
    (boycott,) = [r for r in related(con, "cn-2023-painters-v-xiaohongshu") if r["id"] == "cn-2023-xiaohongshu-boycott"]
    assert boycott["score"] == NEARNESS["relation"] + NEARNESS["party"]
    found = [("party", "A", 1.0), ("party", "B", 1.0), ("claim", "C", 0.5)]
    assert links.score(found) == 1.5


def test_depth_two_reaches_through_an_intermediate_case(con):
    one = {r["id"] for r in related(con, "cn-2023-xiaohongshu-boycott")}
    assert "cn-2023-li-v-liu" not in one
    two = {r["id"]: r for r in related(con, "cn-2023-xiaohongshu-boycott", depth=2)}
    assert two["cn-2023-li-v-liu"]["reasons"] == ["via cn-2023-painters-v-xiaohongshu: similar-facts"]


def test_path_through_a_party(con):
    hops = links.path(con, "case:cn-2023-xiaohongshu-boycott", "case:us-2023-andersen-v-stability")
    assert [h["to"]["key"] for h in hops] == ["case:cn-2023-painters-v-xiaohongshu", "party:painter-a",
                                              "case:us-2023-andersen-v-stability"]
    assert [h["link"] for h in hops] == ["related-controversy", "plaintiff", "plaintiff"]


def test_no_path(con):
    assert links.path(con, "party:loner", "case:cn-2023-li-v-liu") == []


def test_path_prefers_specific_links_over_shared_generic_claims(con):
    # Li v. Liu and Andersen share a product (Stable Diffusion); Li v. Liu and Painters share a claim.
    hops = links.path(con, "case:cn-2023-li-v-liu", "case:us-2023-andersen-v-stability")
    assert [h["to"]["key"] for h in hops] == ["product:stable-diffusion", "case:us-2023-andersen-v-stability"]
    assert [h["link"] for h in hops] == ["concerns", "concerns"]


def test_central_parties_by_degree_then_betweenness(con):
    from kb.graph import central

    result = central(con, "party")
    rows = result["rows"]
    assert [(r["id"], r["degree"]) for r in rows[:2]] == [("painter-a", 2), ("xingyin", 2)]
    assert rows[0]["betweenness"] > 0 and rows[0]["label"] == "Painter A"
    assert result["exact"] and result["sources"] == result["nodes"] == 9  # 4 cases, 5 parties
    assert {r["id"] for r in central(con, "court")["rows"]} == {"cn-bj-internet", "us-cand"}


def test_central_cases_count_their_links(con):
    from kb.graph import central

    rows = {r["id"]: r for r in central(con, "case")["rows"]}
    # two relations (Li v. Liu, the boycott), one party in common use (painter-a), xingyin, trik-ai
    assert rows["cn-2023-painters-v-xiaohongshu"]["degree"] == 5


def test_betweenness_is_networkx_exactly_and_says_when_it_samples():
    import networkx as nx

    from kb.graph import betweenness

    g = nx.gnm_random_graph(40, 90, seed=7)
    ends = ([a for a, _ in g.edges()], [b for _, b in g.edges()])
    exact, sources = betweenness(40, ends)
    reference = nx.betweenness_centrality(g)
    assert sources == 40 and max(abs(exact[v] - reference[v]) for v in g) < 1e-12
    sampled, sources = betweenness(40, ends, samples=10)
    assert sources == 10 and sampled != exact
    top = max(range(40), key=exact.__getitem__)
    assert sampled[top] > 0


def test_clusters_group_cases_with_what_they_share(con):
    from kb.graph import clusters

    about = clusters(con)
    assert about["method"] == "louvain" and about["exact"] and about["note"] is None
    result = about["clusters"]
    members = [set(c["cases"]) for c in result]
    assert {"cn-2023-painters-v-xiaohongshu", "cn-2023-xiaohongshu-boycott"} <= set().union(*members)
    biggest = result[0]
    shared = {s["id"] for s in biggest["shared"]}
    assert shared and all(s["cases"] >= 2 and s["label"] for s in biggest["shared"])
    assert biggest["cluster"] == 1 and biggest["size"] == len(biggest["cases"])
    assert clusters(con)["clusters"] == result  # seeded: the same data gives the same groups


def test_clusters_switch_to_fast_louvain_on_large_graphs_and_say_so(con):
    from kb.graph import clusters

    exact = clusters(con)
    fast = clusters(con, exact_nodes=exact["nodes"] - 1)
    assert fast["method"] == "fast-louvain" and not fast["exact"]
    assert f"fast Louvain on {exact['nodes']:,} nodes" in fast["note"] and "approximation" in fast["note"]
    # on this small graph both find the same groups
    assert [c["cases"] for c in fast["clusters"]] == [c["cases"] for c in exact["clusters"]]
    assert clusters(con, exact_nodes=exact["nodes"])["method"] == "louvain"


def test_fast_louvain_finds_planted_communities():
    import networkx as nx

    from kb import louvain

    g = nx.planted_partition_graph(6, 25, 0.5, 0.01, seed=3)
    edges = [(a, b, 1.0) for a, b in g.edges()]
    found = louvain.communities(g.number_of_nodes(), edges, seed=0)
    assert found == [list(range(i * 25, (i + 1) * 25)) for i in range(6)]
    assert louvain.communities(g.number_of_nodes(), edges, seed=0) == found  # seeded
    assert louvain.communities(3, [(0, 1, 2.0)]) == [[0, 1], [2]]  # a node without edges stays alone
    assert louvain.communities(2, []) == [[0], [1]]


def test_fast_louvain_modularity_is_that_of_networkx_louvain():
    import networkx as nx

    from kb import louvain

    g = nx.random_partition_graph([40, 60, 30, 80, 50, 40], 0.15, 0.01, seed=5)
    for a, b, data in g.edges(data=True):
        data["weight"] = 1 + (a * b) % 4  # weighted, like kb's links
    edges = [(a, b, data["weight"]) for a, b, data in g.edges(data=True)]
    fast = nx.community.modularity(g, louvain.communities(g.number_of_nodes(), edges, seed=1), weight="weight")
    full = nx.community.modularity(g, nx.community.louvain_communities(g, weight="weight", seed=1), weight="weight")
    assert fast > 0.5 and abs(fast - full) / full < 0.02


def test_graph_stats(g):
    from kb.graph import stats

    s = stats(g)
    assert s["nodes_by_type"] == {"case": 4, "claim": 3, "court": 2, "party": 5, "product": 2}
    assert s["edges_by_kind"]["relation"] == 2 and s["components"] == 1
    assert 0 < s["density"] < 1


def test_cli_graph_commands(run):
    import json

    assert json.loads(run("graph", "central", "--json").stdout)[0]["id"] == "painter-a"
    assert json.loads(run("graph", "central", "--kind", "court", "--json").stdout)[0]["id"] == "cn-bj-internet"
    clustered = run("graph", "clusters", "--json")
    assert json.loads(clustered.stdout)[0]["cluster"] == 1 and "Louvain" not in clustered.stderr
    assert json.loads(run("graph", "stats", "--json").stdout)["nodes"] == 16
    for args in (("graph", "central"), ("graph", "clusters"), ("graph", "stats")):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout.strip()
    assert run("graph", "central", "--kind", "planet").exit_code == 2


def test_cli_says_when_betweenness_is_an_estimate(run, monkeypatch):
    import kb.graph

    assert "estimated" not in run("graph", "central").stdout
    monkeypatch.setattr(kb.graph, "EXACT_BETWEENNESS_NODES", 4)
    monkeypatch.setattr(kb.graph, "BETWEENNESS_SAMPLES", 3)
    assert "betweenness estimated from 3 of 9 nodes" in run("graph", "central").stdout
    assert "betweenness estimated from 3 of 9 nodes" in run("graph", "central", "--json").stderr


def test_cli_says_when_clusters_come_from_fast_louvain(run, monkeypatch):
    import json

    import kb.graph

    assert "fast Louvain" not in run("graph", "clusters").stdout
    monkeypatch.setattr(kb.graph, "EXACT_LOUVAIN_NODES", 4)
    human = run("graph", "clusters").stdout
    assert "clusters found by fast Louvain on 11 nodes" in human and "approximation" in human
    result = run("graph", "clusters", "--json")
    assert "clusters found by fast Louvain on 11 nodes" in result.stderr
    assert json.loads(result.stdout)[0]["cluster"] == 1
