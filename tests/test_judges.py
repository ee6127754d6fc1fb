"""Judges: the registry, the judges of each ruling, `--judge` on every listing, `kb judges`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CASES, ZHU_GE, write_data

DATA = Path(__file__).resolve().parent.parent / "data"

JUDGES = ZHU_GE + """\
- id: william-orrick
  name: William H. Orrick
  aliases: [Orrick]
  court: us-cand
  sources:
    - {id: s1, url: "https://example.org/orrick", title: Orrick, publisher: Example Law}
"""

LI_JUDGES = """\
  judges:
    - {judge: zhu-ge, role: judge, date: 2023-11-27, source: s1, note: Named by the court's list.}
"""


def _cases(judges: str = LI_JUDGES) -> str:
    """The fixture cases with `judges` on Li v. Liu (after its ruling)."""
    marker = "    source: s1\n  sources:\n    - {id: s1, url: \"https://example.org/li-v-liu\""
    assert CASES.count(marker) == 1
    return CASES.replace(marker, marker.replace("  sources:\n", judges + "  sources:\n", 1))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data", judges=JUDGES, cases=_cases())


def _validate(run, tmp_path: Path, cases: str):
    bad = write_data(tmp_path / "bad", judges=JUDGES, cases=cases)
    return run("validate", data=bad)


def test_the_judges_of_a_ruling_are_validated_against_the_registry_and_the_timeline(run, tmp_path):
    assert run("validate").exit_code == 0
    result = _validate(run, tmp_path, _cases(
        "  judges:\n"
        "    - {judge: zhu-gee, role: judge, date: 2023-11-27, source: s1}\n"
        "    - {judge: zhu-ge, role: chief, date: 2023-11-27, source: s1}\n"))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "cases.yaml:" in line]
    assert any(":26:" in line and "unknown judge 'zhu-gee'; did you mean 'zhu-ge'?" in line for line in lines)
    assert any(":27:" in line and "'chief' is not a valid role" in line for line in lines), lines
    result = _validate(run, tmp_path, _cases("  judges:\n    - {judge: zhu-ge, role: judge, date: 2023-11-28, source: s1}\n"))
    assert result.exit_code == 1
    assert "cases.yaml:26:" in result.output and "no event of this case is dated 2023-11-28" in result.output


def test_a_judge_listed_twice_for_one_ruling_is_an_error(run, tmp_path):
    twice = "  judges:\n" + "    - {judge: zhu-ge, role: judge, date: 2023-11-27, source: s1}\n" * 2
    result = _validate(run, tmp_path, _cases(twice))
    assert result.exit_code == 1
    assert "judge 'zhu-ge' is listed twice for the ruling of 2023-11-27" in result.output


def test_a_judge_needs_a_source_and_a_known_court(run, tmp_path):
    judges = "- id: zhu-ge\n  name: Zhu Ge\n  court: cn-bj-internett\n  sources: []\n"
    bad = write_data(tmp_path / "bad", judges=judges, cases=_cases())
    result = run("validate", data=bad)
    assert result.exit_code == 1
    assert "judges.yaml:3:" in result.output and "cn-bj-internet" in result.output
    assert "judges.yaml:4:" in result.output


def test_kb_judges_lists_each_judge_with_their_rulings(run):
    result = run("judges", "--json")
    assert result.exit_code == 0, result.output
    judges = {j["id"]: j for j in json.loads(result.stdout)}
    assert set(judges) == {"zhu-ge", "william-orrick"}
    (ruling,) = judges["zhu-ge"]["rulings"]
    assert ruling["case"]["id"] == "cn-2023-li-v-liu" and ruling["date"] == "2023-11-27"
    assert ruling["role"] == "judge" and ruling["outcome"] == "Plaintiff won"
    assert ruling["court"]["id"] == "cn-bj-internet"
    assert ruling["source"]["url"] == "https://example.org/li-v-liu"
    assert judges["william-orrick"]["rulings"] == []
    table = run("judges").output
    assert "朱阁" in table and "Plaintiff won" in table and "no ruling recorded" in table


QUESTIONS = """\
- id: ai-output-protection
  name: Protection of AI output
  question: Can content generated with AI be protected by copyright?
  claims: [copyrightability-ai-output]
- id: training-infringement
  name: Training on works
  question: Does training on works without permission infringe?
"""


def test_kb_judges_question_keeps_the_rulings_that_answered_it_with_the_answer(run, tmp_path):
    answered = _cases('  answers:\n    - {question: ai-output-protection, answer: "yes", holding: The image is a work., '
                      'source: s1}\n' + LI_JUDGES)
    data = write_data(tmp_path / "answered", judges=JUDGES, cases=answered, questions=QUESTIONS)
    judges = json.loads(run("judges", "--question", "ai-output-protection", "--json", data=data).stdout)
    assert [j["id"] for j in judges] == ["zhu-ge"]
    (ruling,) = judges[0]["rulings"]
    assert [(a["question"], a["answer"], a["holding"]) for a in ruling["answers"]] == \
        [("ai-output-protection", "yes", "The image is a work.")]
    assert json.loads(run("judges", "--question", "training-infringement", "--json", data=data).stdout) == []
    typo = run("judges", "--question", "ai-output-protectio", data=data)
    assert typo.exit_code == 2 and "--question: unknown question 'ai-output-protectio'; did you mean" in typo.output


def test_a_holding_is_shown_with_its_own_source_and_the_judges_source_apart(run, tmp_path):
    """The answer's holding comes from s1 (the court); the judge is named by s2 (a blog): each under its own."""
    answered = _cases('  answers:\n    - {question: ai-output-protection, answer: "yes", holding: The image is a work., '
                      'source: s1}\n' + LI_JUDGES.replace("source: s1", "source: s2"))
    answered = answered.replace('publisher: Example Court, published: 2023-11-29}',
                                'publisher: Example Court, published: 2023-11-29}\n'
                                '    - {id: s2, url: "https://example.org/blog", title: A blog, publisher: Example Blog}')
    data = write_data(tmp_path / "answered", judges=JUDGES, cases=answered, questions=QUESTIONS)
    judges = json.loads(run("judges", "--question", "ai-output-protection", "--json", data=data).stdout)
    (ruling,) = judges[0]["rulings"]
    assert ruling["answers"][0]["source"]["id"] == "s1" and ruling["source"]["id"] == "s2"
    assert ruling["holding_source"]["publisher"] == "Example Court"
    table = run("judges", "--question", "ai-output-protection", data=data).stdout
    lines = [line.split("  ")[-1].strip() for line in table.splitlines()]
    holding = next(i for i, line in enumerate(lines) if "The image is a work." in line)
    assert lines[holding + 1] == "[s1] Example Court", lines
    assert "judge named by [s2] Example Blog" in lines
    assert "[s2] Example Blog" not in lines  # never bare, as if it sourced the holding


def test_on_the_shipped_data_each_answer_is_shown_with_the_source_it_cites(run):
    """GEMA v. OpenAI: the holding is the law firm's (s3); the music blog (s9) only names the judge."""
    import sqlite3

    result = run("judges", "--question", "training-infringement", "--json", data=DATA)
    cited = dict(((case, question), source) for case, question, source in
                 sqlite3.connect(run.db).execute("SELECT case_id, question_id, source_id FROM answers"))
    seen = 0
    for judge in json.loads(result.stdout):
        for ruling in judge["rulings"]:
            for answer in ruling["answers"]:
                assert answer["source"]["id"] == cited[(ruling["case"]["id"], answer["question"])]
                seen += 1
    assert seen >= 5
    table = run("judges", "--question", "training-infringement", "--judge", "Schwager", data=DATA).stdout
    assert "judge named by [s9] raptastisch.net" in table
    assert "[s9] raptastisch" not in table.replace("judge named by [s9] raptastisch", "")
    assert f"[{cited[('de-2024-gema-v-openai', 'training-infringement')]}] Hogan Lovells" in table


def test_kb_judges_takes_the_filters_of_every_listing(run):
    by_claim = json.loads(run("judges", "--claim", "copyrightability-ai-output", "--json").stdout)
    assert [j["id"] for j in by_claim] == ["zhu-ge"]
    assert json.loads(run("judges", "--claim", "training-data-use", "--json").stdout) == []
    assert [j["id"] for j in json.loads(run("judges", "--judge", "Orrick", "--json").stdout)] == ["william-orrick"]
    typo = run("judges", "--claim", "copyrightability-ai-outputt")
    assert typo.exit_code == 2 and "did you mean" in typo.output


@pytest.mark.parametrize("command", [("cases",), ("search", "image"), ("timeline",), ("related", "cn-2023-li-v-liu"),
                                     ("export", "json"), ("judges",)])
def test_every_listing_takes_judge_and_refuses_an_unknown_one(run, command):
    result = run(*command, "--judge", "zhu-gee")
    assert result.exit_code == 2
    assert "--judge: unknown judge 'zhu-gee'; did you mean" in result.output


def test_judge_filter_selects_the_cases_they_decided(run):
    for name in ("zhu-ge", "Zhu Ge", "朱阁"):
        cases = json.loads(run("cases", "--judge", name, "--json").stdout)
        assert [c["id"] for c in cases] == ["cn-2023-li-v-liu"], name
    assert json.loads(run("cases", "--judge", "Orrick", "--json").stdout) == []
    events = json.loads(run("timeline", "--judge", "zhu-ge", "--json").stdout)
    assert events and {e["case"]["id"] for e in events} == {"cn-2023-li-v-liu"}
    misspelt = run("cases", "--judge", "Orick")
    assert misspelt.exit_code == 2 and "did you mean 'Orrick'" in misspelt.output


def test_show_and_search_name_the_judges(run):
    shown = run("show", "cn-2023-li-v-liu").output
    assert "Judges" in shown and "Zhu Ge (朱阁)" in shown and "Named by the court's list." in shown
    case = json.loads(run("show", "cn-2023-li-v-liu", "--json").stdout)
    assert case["judges"] == [{"id": "zhu-ge", "name": "Zhu Ge", "name_zh": "朱阁", "role": "judge",
                               "date": "2023-11-27", "source": "s1", "note": "Named by the court's list."}]
    found = json.loads(run("search", "朱阁", "--json").stdout)
    assert [r["id"] for r in found] == ["cn-2023-li-v-liu"]


def test_judges_are_graph_nodes_that_decided_cases(con):
    from kb import graph, links

    g = graph.build_graph(con)
    assert g.nodes["judge:zhu-ge"]["label_zh"] == "朱阁"
    (edge,) = g.get_edge_data("judge:zhu-ge", "case:cn-2023-li-v-liu").values()
    assert edge["label"] == "decided" and links.EDGE_FROM[edge["kind"]] == "judge"

    hops = links.path(con, "judge:zhu-ge", "case:cn-2023-li-v-liu")
    assert [h["link"] for h in hops] == ["decided"]



def test_graph_central_ranks_judges_by_the_cases_they_decided(run):
    """A judge's edge starts at the judge: the ranking must still count the judge's cases."""
    result = run("graph", "central", "--kind", "judge", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["type"], r["degree"]) for r in rows] == [("zhu-ge", "judge", 1), ("william-orrick", "judge", 0)]
    assert rows[0]["label"] == "Zhu Ge"

def test_the_judges_table_points_at_judges_and_cases(con):
    keys = {(row[2], row[3], row[4]) for row in con.execute("PRAGMA foreign_key_list(case_judges)")}
    assert ("judges", "judge_id", "id") in keys and ("cases", "case_id", "id") in keys
    assert ("courts", "court_id", "id") in {(r[2], r[3], r[4]) for r in con.execute("PRAGMA foreign_key_list(judges)")}
    assert [tuple(r) for r in con.execute("SELECT judge_id, role, date FROM case_judges")] == [("zhu-ge", "judge", "2023-11-27")]


@pytest.mark.parametrize("selection", [("--claim", "fair-use"), ("--question", "training-infringement")])
def test_who_ruled_on_fair_use_in_ai_training_in_the_shipped_data(run, selection):
    result = run("judges", *selection, "--json", data=DATA)
    assert result.exit_code == 0, result.output
    judges = {j["id"]: j for j in json.loads(result.stdout)}
    expected = {"william-alsup": ("us-2024-bartz-v-anthropic", "2025-06-23", "partly"),
                "vince-chhabria": ("us-2023-kadrey-v-meta", "2025-06-25", "no"),
                "stephanos-bibas": ("us-2020-thomson-reuters-v-ross", "2025-02-11", "yes")}
    assert set(expected) <= set(judges)
    for jid, (case, date, answer) in expected.items():
        ruling = next(r for r in judges[jid]["rulings"] if r["date"] == date)
        assert ruling["case"]["id"] == case and ruling["holding"]
        assert {a["question"]: a["answer"] for a in ruling["answers"]}["training-infringement"] == answer
    assert "designation" in judges["stephanos-bibas"]["note"]


def test_cases_decided_by_the_same_judge_are_related_through_the_judge(run, tmp_path):
    painters = CASES.replace("""    - {date: 2024-06-20, kind: hearing, what: Online hearing., source: s1}
""", """    - {date: 2024-06-20, kind: hearing, what: Online hearing., source: s1}
    - {date: 2024-07-01, kind: ruling, what: Interim ruling., source: s1}
""")
    marker = "  related:\n    - {case: cn-2023-li-v-liu, relation: similar-facts}\n"
    assert painters.count(marker) == 1
    painters = painters.replace(marker, "  judges:\n    - {judge: zhu-ge, role: judge, date: 2024-07-01, source: s1}\n"
                                + marker)
    li = "    source: s1\n  sources:\n    - {id: s1, url: \"https://example.org/li-v-liu\""
    cases = painters.replace(li, li.replace("  sources:\n", LI_JUDGES + "  sources:\n", 1), 1)
    data = write_data(tmp_path / "shared", judges=JUDGES, cases=cases)
    assert run("validate", data=data).exit_code == 0
    related = json.loads(run("related", "cn-2023-li-v-liu", "--json", data=data).stdout)
    painters_row = next(r for r in related if r["id"] == "cn-2023-painters-v-xiaohongshu")
    assert "shared judge: Zhu Ge" in painters_row["reasons"]
    hops = json.loads(run("path", "cn-2023-li-v-liu", "zhu-ge", "--json", data=data).stdout)
    assert [h["link"] for h in hops] == ["decided"]


def test_the_dc_circuit_panel_of_the_thaler_appeal_is_recorded(run):
    """Thaler v. Perlmutter, No. 23-5233 (D.C. Cir. 2025-03-18): Millett wrote for Wilkins and Rogers."""
    result = run("judges", "--judge", "Millett", "--json", data=DATA)
    assert result.exit_code == 0, result.output
    (millett,) = json.loads(result.stdout)
    assert millett["court"]["id"] == "us-cadc"
    (ruling,) = millett["rulings"]
    assert (ruling["case"]["id"], ruling["date"], ruling["role"]) == ("us-2025-thaler-v-perlmutter-appeal",
                                                                      "2025-03-18", "author")
    panel = json.loads(run("judges", "--json", "--party", "Stephen Thaler", data=DATA).stdout)
    on_appeal = {j["id"]: r["role"] for j in panel for r in j["rulings"]
                 if r["case"]["id"] == "us-2025-thaler-v-perlmutter-appeal"}
    assert on_appeal == {"patricia-a-millett": "author", "robert-l-wilkins": "panel", "judith-w-rogers": "panel"}
