import pytest

from kb.graph import WEIGHTS, build_graph, path, related


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


def test_related_explains_each_link_strongest_first(g):
    result = related(g, "cn-2023-painters-v-xiaohongshu")
    by_id = {r["id"]: r for r in result}
    boycott = by_id["cn-2023-xiaohongshu-boycott"]
    assert boycott["score"] == WEIGHTS["relation"] + WEIGHTS["party"]
    assert boycott["reasons"] == ["explicit relation: related-controversy (from the other case)",
                                  "shared party: Xingyin Information Technology"]
    li = by_id["cn-2023-li-v-liu"]
    assert li["score"] == WEIGHTS["relation"] + WEIGHTS["claim"] + WEIGHTS["court"]
    andersen = by_id["us-2023-andersen-v-stability"]
    assert andersen["reasons"] == ["shared party: Painter A", "shared claim: Use of works as AI training data"]
    assert li["reasons"] == ["explicit relation: similar-facts", "shared claim: Copyright infringement",
                             "shared court: Beijing Internet Court"]
    assert [r["score"] for r in result] == sorted((r["score"] for r in result), reverse=True)


def test_depth_two_reaches_through_an_intermediate_case(g):
    one = {r["id"] for r in related(g, "cn-2023-xiaohongshu-boycott")}
    assert "cn-2023-li-v-liu" not in one
    two = {r["id"]: r for r in related(g, "cn-2023-xiaohongshu-boycott", depth=2)}
    assert two["cn-2023-li-v-liu"]["reasons"] == ["via cn-2023-painters-v-xiaohongshu: similar-facts"]


def test_path_through_a_party(g):
    hops = path(g, "case:cn-2023-xiaohongshu-boycott", "case:us-2023-andersen-v-stability")
    assert [h["to"]["key"] for h in hops] == ["case:cn-2023-painters-v-xiaohongshu", "party:painter-a",
                                              "case:us-2023-andersen-v-stability"]
    assert [h["link"] for h in hops] == ["related-controversy", "plaintiff", "plaintiff"]


def test_no_path(g):
    g.add_node("party:loner", type="party", id="loner", label="Loner")
    assert path(g, "party:loner", "case:cn-2023-li-v-liu") == []


def test_path_prefers_specific_links_over_shared_generic_claims(g):
    # Li v. Liu and Andersen share a product (Stable Diffusion); Li v. Liu and Painters share a claim.
    hops = path(g, "case:cn-2023-li-v-liu", "case:us-2023-andersen-v-stability")
    assert [h["to"]["key"] for h in hops] == ["product:stable-diffusion", "case:us-2023-andersen-v-stability"]
    assert [h["link"] for h in hops] == ["concerns", "concerns"]
