"""`kb related` and `kb path` answered from the store's link tables (kb.links) give what networkx gives on
the graph (kb.graph): compared on many small generated data sets, with depth 2, filters, ties, no path,
the same node, hostile input; and neither command imports networkx."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kb import graph, links, store
from kb.queries import CaseFilter, case_ids

ROLES = ["plaintiff", "defendant", "subject", "appellant"]
RELATIONS = ["same-dispute", "cites", "similar-facts", "related-controversy", "follow-up-of", "consolidated-with"]
# Names that collide, quote, or sort unlike their ids.
NAMES = ["Same Name", "Same Name", "O'Brien \"Inc\"", "李某", "<b>Zed</b>", "a; DROP TABLE cases", "Émile", "0 Zero"]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def generate(seed: int, directory: Path) -> Path:
    """A small random data set: few nodes of each kind, linked at random so that ties, shared names,
    parties in two roles, cases without a court and unlinked nodes all occur."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    sparse = seed % 2  # every other set has few links: no paths, chains only through a claim, long chains

    def pick(pool: list, k: int) -> list:
        return rng.sample(pool, rng.randint(0, min(1 if sparse and rng.random() < 0.7 else k, len(pool))))

    def named(prefix: str, count: int, extra=lambda i: "") -> tuple[list[str], str]:
        ids = [f"{prefix}{i}" if i % 3 else f"{prefix}-{i}" for i in range(count)]
        text = "".join(f"- id: {rid}\n  name: {_q(rng.choice(NAMES) if rng.random() < 0.5 else rid.upper())}\n"
                       f"{extra(i)}" for i, rid in enumerate(ids))
        return ids, text

    courts, courts_yaml = named("ct", rng.randint(1, 3 + 3 * sparse), lambda i: "  jurisdiction: CN\n  level: basic\n")
    parties, parties_yaml = named("pa", rng.randint(2, 6), lambda i: "  kind: company\n")
    claims, claims_yaml = named("cl", rng.randint(1, 3))
    operators = {}
    products, _ = named("pr", rng.randint(0, 3))
    products_yaml = ""
    for rid in products:
        operator = rng.choice(parties + [None])
        operators[rid] = operator
        products_yaml += (f"- id: {rid}\n  name: {_q(rng.choice(NAMES))}\n  kind: image-generator\n"
                          + (f"  operator: {operator}\n" if operator else ""))
    questions, questions_yaml = named("qu", rng.randint(1, 2), lambda i: f"  question: {_q(f'Question {i}?')}\n")
    judges, judges_yaml = named("ju", rng.randint(1, 3), lambda i: (
        f"  court: {courts[0]}\n  sources:\n    - {{id: s1, url: \"https://example.org/j{i}\", title: J, "
        "publisher: Example}\n"))
    # ids that sort in telling ways: a digit, a hyphen, a prefix of another
    ids = [f"k{i}" for i in range(rng.randint(4, 9))] + rng.sample(["k1-0", "k10", "k1-1", "kz", "k0-9"], 2)
    cases_yaml = ""
    for n, cid in enumerate(ids):
        controversy = rng.random() < 0.2 + 0.3 * sparse
        lines = [f"- id: {cid}", f"  title: {_q(rng.choice(NAMES) + ' ' + cid)}"]
        if controversy:
            lines += ["  kind: controversy", "  jurisdiction: CN", "  status: resolved"]
        else:
            lines += ["  kind: ruling", "  jurisdiction: CN", f"  court: {rng.choice(courts)}", "  status: decided",
                      "  decided: 2023-11-27", "  ruling: {date: 2023-11-27, outcome: Won, source: s1}",
                      "  events:", "    - {date: 2023-11-27, kind: ruling, what: Judgment., source: s1}"]
        chosen = pick(parties, 3)
        if chosen:
            lines.append("  parties:")
            lines += [f"    - {{party: {p}, role: {rng.choice(ROLES)}}}" for p in chosen]
            if rng.random() < 0.3:  # the same party in a second role
                lines.append(f"    - {{party: {chosen[0]}, role: third-party}}")
        if (chosen := pick(claims, 2)):
            lines.append(f"  claims: [{', '.join(chosen)}]")
        if (chosen := pick(products, 2)):
            lines.append(f"  products: [{', '.join(chosen)}]")
        if not controversy and not (sparse and rng.random() < 0.7):
            if (chosen := pick(questions, 2)):
                lines.append("  answers:")
                lines += [f"    - {{question: {q}, answer: \"{rng.choice(['yes', 'no'])}\", holding: H., source: s1}}"
                          for q in chosen]
            if (chosen := pick(judges, 2)):
                lines.append("  judges:")
                lines += [f"    - {{judge: {j}, role: judge, date: 2023-11-27, source: s1}}" for j in chosen]
        others = [c for c in ids if c != cid]
        if (chosen := rng.sample(others, rng.choice([0, 0, 0, 0, 1] if sparse else [0, 0, 1, 1, 2]))):
            lines.append("  related:")
            lines += [f"    - {{case: {c}, relation: {rng.choice(RELATIONS)}}}" for c in chosen]
        lines += ["  sources:", f"    - {{id: s1, url: \"https://example.org/{cid}\", title: T, publisher: Example}}"]
        cases_yaml += "\n".join(lines) + "\n"
    files = {"courts": courts_yaml, "parties": parties_yaml, "claims": claims_yaml, "products": products_yaml,
             "questions": questions_yaml, "judges": judges_yaml, "cases": cases_yaml}
    for name, text in files.items():
        (directory / f"{name}.yaml").write_text(text or "[]\n", encoding="utf-8")
    return directory


def build(tmp_path: Path, seed: int):
    paths = store.Paths(generate(seed, tmp_path / f"data{seed}"), tmp_path / f"kb{seed}.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    return store.connect_readonly(paths.db), paths


# -- the networkx references ----------------------------------------------------------------------

def reference_related(con, case_id: str, depth: int) -> list[dict]:
    """The rule of kb.links.related, written again in plain Python over whole tables: explicit relations
    first, then chains, then by score (claims and questions by rarity, within the jurisdiction or a
    third abroad; parties counted once), then id."""
    import math

    jur = dict(con.execute("SELECT id, jurisdiction FROM cases"))
    title = dict(con.execute("SELECT id, title FROM cases"))
    court = dict(con.execute("SELECT id, court_id FROM cases"))
    found: dict[str, list] = {}
    rows = lambda sql: [tuple(r) for r in con.execute(sql)]  # noqa: E731

    def add(other, kind, what, weight):
        if other != case_id:
            found.setdefault(other, []).append((kind, what, weight))

    for a, b, rel in con.execute("SELECT case_id, related_case_id, relation FROM relations"):
        if a == case_id:
            add(b, "relation", rel, links.NEARNESS["relation"])
        if b == case_id:
            add(a, "relation", f"{rel} (from the other case)", links.NEARNESS["relation"])
    label = {kind: dict(con.execute(f"SELECT id, name FROM {table}")) for kind, table in
             (("court", "courts"), ("party", "parties"), ("claim", "claims"), ("product", "products"),
              ("question", "questions"), ("judge", "judges"))}
    sets = {"court": [(c, k) for c, k in court.items() if k],
            "party": rows("SELECT case_id, party_id FROM case_parties"),
            "claim": rows("SELECT case_id, claim_id FROM case_claims"),
            "product": rows("SELECT case_id, product_id FROM case_products"),
            "question": rows("SELECT case_id, question_id FROM answers"),
            "judge": rows("SELECT case_id, judge_id FROM case_judges")}
    sizes: dict[str, int] = {}
    for j in jur.values():
        sizes[j] = sizes.get(j, 0) + 1
    for kind, pairs in sets.items():
        pairs = set(pairs)
        mine = {h for c, h in pairs if c == case_id}
        for other, h in sorted(pairs):
            if h not in mine or other == case_id:
                continue
            weight = links.NEARNESS[kind]
            if kind in ("claim", "question"):
                holders = {c for c, x in pairs if x == h}
                if jur[other] == jur.get(case_id):
                    weight *= math.log((sizes[jur[other]] + 1) / len({c for c in holders if jur[c] == jur[other]}))
                else:
                    weight *= math.log((len(jur) + 1) / len(holders)) * links.ABROAD
            add(other, kind, label[kind].get(h) or h, weight)
    kinds = dict(con.execute("SELECT id, kind FROM products"))
    products = set(sets["product"])
    mine = {p for c, p in products if c == case_id}
    my_kinds = {kinds[p] for p in mine if kinds[p] != "other"}
    for other, p in sorted(products):
        theirs = {x for c, x in products if c == other}
        if other != case_id and kinds[p] in my_kinds and p not in mine and not theirs & mine:
            add(other, "product-kind", kinds[p].replace("-", " "), links.NEARNESS["product-kind"])
    if depth >= 2:
        direct = sorted(c for c, f in found.items() if any(k == "relation" for k, _, _ in f))
        for middle in direct:
            pairs = rows("SELECT case_id, related_case_id, relation FROM relations")
            near = [(b, r) for a, b, r in pairs if a == middle] + [(a, r) for a, b, r in pairs if b == middle]
            for far, rel in sorted(near):
                if far != case_id and far not in found:
                    add(far, "chain", f"via {middle}: {rel}", links.NEARNESS["relation"] / 2)
    claims_of: dict[str, int] = {}
    for c, _ in set(sets["claim"]):
        claims_of[c] = claims_of.get(c, 0) + 1
    result = []
    for other, f in found.items():
        f = list(dict.fromkeys(f))
        tier = 2 if any(k == "relation" for k, _, _ in f) else 1 if any(k == "chain" for k, _, _ in f) else 0
        parties = [w for k, _, w in f if k == "party"]
        score = round(sum(w for k, _, w in f if k != "party") + max(parties, default=0.0), 2)
        # equal scores: the larger share of the other case's claims shared first
        share = sum(k == "claim" for k, _, _ in f) / max(claims_of.get(other, 0), 1)
        result.append((tier, share, {"id": other, "title": title.get(other) or other, "score": score,
                                     "reasons": links.reasons(f)}))
    result.sort(key=lambda e: (-e[0], -e[2]["score"], -e[1], e[2]["id"]))
    return [r for _, _, r in result]


def _weighted(g: nx.MultiGraph, without_claims: bool) -> nx.Graph:
    w = nx.Graph()
    for u, v, data in g.edges(data=True):
        if without_claims and data["kind"] == "claim":
            continue
        cost = links.HOP_COST[data["kind"]]
        if not w.has_edge(u, v) or w[u][v]["weight"] > cost:
            w.add_edge(u, v, weight=cost)
    return w


def reference_path(g: nx.MultiGraph, a: str, b: str) -> list[dict]:
    """The rule of kb.links.path with networkx: the cheapest chain; of equal cost, one without claims if any,
    then the first by its node keys; of parallel links of the same cost, the first label."""
    if a == b:
        return []
    full = _weighted(g, False)
    if a not in full or b not in full or not nx.has_path(full, a, b):
        return []
    cost = nx.dijkstra_path_length(full, a, b)
    plain = _weighted(g, True)
    if a in plain and b in plain and nx.has_path(plain, a, b) and nx.dijkstra_path_length(plain, a, b) == cost:
        full = plain
    nodes = min(nx.all_shortest_paths(full, a, b, weight="weight"))
    label = lambda n: g.nodes[n].get("label") or n.split(":", 1)[1]  # noqa: E731
    return [{"from": {"key": here, "type": here.split(":", 1)[0], "label": label(here)},
             "to": {"key": there, "type": there.split(":", 1)[0], "label": label(there)},
             "link": min((links.HOP_COST[d["kind"]], d["label"]) for d in g.get_edge_data(here, there).values())[1]}
            for here, there in zip(nodes, nodes[1:])]


# -- equality -------------------------------------------------------------------------------------

def english(rows: list[dict]) -> list[dict]:
    """What the reference computes of `related`'s rows (their Chinese title and reasons are tested elsewhere)."""
    return [{k: v for k, v in row.items() if k not in ("title_zh", "reasons_zh")} for row in rows]


SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_related_and_path_equal_the_networkx_reference(tmp_path, seed):
    con, _ = build(tmp_path, seed)
    case_list = [r[0] for r in con.execute("SELECT id FROM cases ORDER BY id")]
    for case_id in case_list:
        for depth in (1, 2):
            assert english(links.related(con, case_id, depth)) == reference_related(con, case_id, depth), (case_id,
                                                                                                         depth)
    g = graph.build_graph(con)
    nodes = sorted(g.nodes)
    rng = random.Random(seed)
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(150)] + [(n, n) for n in nodes[::3]]
    for a, b in pairs:
        assert links.path(con, a, b) == reference_path(g, a, b), (a, b)


def test_the_comparison_covers_what_it_claims(tmp_path):
    """The generated sets do hold what the comparison is meant to exercise."""
    seen = set()
    for seed in SEEDS:
        con, _ = build(tmp_path, seed)
        g = graph.build_graph(con)
        full, plain = _weighted(g, False), _weighted(g, True)
        for case_id in [r[0] for r in con.execute("SELECT id FROM cases")]:
            result = links.related(con, case_id, 2)
            seen |= {"chain" for r in result if any(x.startswith("via ") for x in r["reasons"])}
            seen |= {"judge" for r in result if any("shared judge" in x for x in r["reasons"])}
            seen |= {"question" for r in result if any("question" in x for x in r["reasons"])}
        nodes = sorted(g)
        for a in nodes:
            for b in nodes:
                if a < b and a in full and b in full and nx.has_path(full, a, b):
                    paths = list(nx.all_shortest_paths(full, a, b, weight="weight"))
                    seen |= {"tie"} if len(paths) > 1 else set()
                    if nx.dijkstra_path_length(full, a, b) > 6:
                        seen |= {"long"}
                    if not (a in plain and b in plain and nx.has_path(plain, a, b)) and not (a.startswith("claim:") or b.startswith("claim:")):
                        seen |= {"only through a claim"}
                elif a < b:
                    seen |= {"no path"}
        seen |= {"unlinked"} if any(g.degree(n) == 0 for n in g) else set()
        if len(seen) == 8:
            break
    assert seen == {"chain", "judge", "question", "tie", "long", "only through a claim", "no path", "unlinked"}


def _cli(paths, *args):
    from kb.cli import app

    return CliRunner().invoke(app, ["--data", str(paths.data), "--db", str(paths.db), *args], catch_exceptions=False)


@pytest.mark.parametrize("seed", range(6))
def test_related_filters_and_paging_as_before(tmp_path, seed):
    con, paths = build(tmp_path, seed)
    rng = random.Random(seed)
    cases = [r[0] for r in con.execute("SELECT id FROM cases ORDER BY id")]
    options = {"court": "SELECT id FROM courts", "judge": "SELECT id FROM judges", "claim": "SELECT id FROM claims",
               "party": "SELECT id FROM parties", "product": "SELECT id FROM products"}
    for name, sql in options.items():
        values = [r[0] for r in con.execute(sql)]
        if not values:
            continue
        value, case_id, depth = rng.choice(values), rng.choice(cases), rng.choice([1, 2])
        wanted = set(case_ids(con, CaseFilter(**{name: value})))
        expected = [r for r in reference_related(con, case_id, depth) if r["id"] in wanted]
        result = _cli(paths, "related", case_id, f"--{name}", value, "--depth", str(depth), "--json")
        assert result.exit_code == 0, result.output
        assert english(json.loads(result.stdout)) == expected
        paged = _cli(paths, "related", case_id, f"--{name}", value, "--depth", str(depth), "--offset", "1",
                     "--limit", "2", "--json")
        assert english(json.loads(paged.stdout)) == expected[1:3]


def test_path_of_a_node_to_itself_is_empty_and_succeeds(tmp_path):
    con, paths = build(tmp_path, 3)
    case_id = con.execute("SELECT id FROM cases LIMIT 1").fetchone()[0]
    assert links.path(con, f"case:{case_id}", f"case:{case_id}") == []
    result = _cli(paths, "path", case_id, case_id, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


HOSTILE = ["'; DROP TABLE cases; --", "%", "_", "case:", "k1' OR '1'='1", "\u202e", "k" * 500, "NULL", "*", "[]"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_ids_are_refused_cleanly_and_change_nothing(tmp_path, text):
    con, paths = build(tmp_path, 1)
    con.close()
    case_id = "k0"
    before = hashlib.sha256(paths.db.read_bytes()).hexdigest()
    for args in (["related", text], ["path", text, case_id], ["path", case_id, text]):
        result = _cli(paths, *args, "--json")
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("error:") and "Traceback" not in result.output, result.output
    assert hashlib.sha256(paths.db.read_bytes()).hexdigest() == before


def test_related_and_path_do_not_import_networkx(tmp_path):
    con, paths = build(tmp_path, 2)
    a, b = [r[0] for r in con.execute("SELECT id FROM cases ORDER BY id LIMIT 2")]
    g = graph.build_graph(con)
    env = {**os.environ, "KB_DATA": str(paths.data), "KB_DB": str(paths.db)}
    for args, expected in ((["related", a, "--depth", "2"], reference_related(con, a, 2)),
                           (["path", a, b], reference_path(g, f"case:{a}", f"case:{b}"))):
        result = subprocess.run([sys.executable, "-X", "importtime", "-c", "from kb.cli import main; main()",
                                 *args, "--json"], env=env, capture_output=True, text=True)
        got = json.loads(result.stdout) if result.returncode in (0, 1) else None
        assert (english(got) if args[0] == "related" else got) == expected, result.stderr[-2000:]
        imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
        assert "kb" in imported and "networkx" not in imported
