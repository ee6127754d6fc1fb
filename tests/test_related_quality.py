"""Related-case quality on the shipped data: the judgements of tests/search_queries.py (RELATED, one or two
cases of each family, and pairs whose order the ranking must keep), and the figures the README reports."""

from pathlib import Path

import pytest

from kb import links
from search_queries import RELATED, RELATED_ORDER

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped(shipped_db):
    return shipped_db[1]


def measure(con) -> dict:
    precision, recall = [], []
    for case_id, judged in RELATED.items():
        ranked = [r["id"] for r in links.related(con, case_id)]
        precision.append(len(set(ranked[:len(judged)]) & set(judged)) / len(judged))
        recall.append(len(set(ranked[:10]) & set(judged)) / len(judged))
    return {"precision": sum(precision) / len(precision), "recall": sum(recall) / len(recall)}


def readme_sentence(result: dict) -> str:
    return (f"On the related-case judgements of `tests/search_queries.py` ({len(RELATED)} cases, one or two of each "
            "family: training-data suits, AI-image copyrightability, voice and likeness, face swap, LoRA and models, "
            f"criminal and public-interest suits), `kb related` has a mean precision of {result['precision']:.2f} "
            "among as many top results as there are judged cases, and a mean recall of "
            f"{result['recall']:.2f} among its first 10.")


def test_every_judged_case_exists(shipped):
    ids = {r[0] for r in shipped.execute("SELECT id FROM cases")}
    assert set(RELATED) | {c for judged in RELATED.values() for c in judged} <= ids
    assert {c for pair in RELATED_ORDER for c in pair} <= ids


def test_precision_and_recall_hold_and_the_readme_reports_them(shipped):
    result = measure(shipped)
    assert result["precision"] >= 0.6 and result["recall"] >= 0.85, result
    assert readme_sentence(result) in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


@pytest.mark.parametrize("case_id, nearer, farther", RELATED_ORDER)
def test_nearer_in_law_ranks_above(shipped, case_id, nearer, farther):
    ranked = [r["id"] for r in links.related(shipped, case_id)]
    assert nearer in ranked and (farther not in ranked or ranked.index(nearer) < ranked.index(farther))


def test_a_shared_court_is_the_court_each_record_names(shipped):
    """The reason "same court" holds for the courts the records name now, never for one a case has left."""
    court = dict(shipped.execute("SELECT id, court_id FROM cases"))
    for case_id in ("us-2025-reddit-v-anthropic", "cn-2024-yin-ai-voice"):
        for r in links.related(shipped, case_id):
            if any(line.startswith("same court") for line in r["reasons"]):
                assert court[r["id"]] == court[case_id] is not None


def test_explicit_relations_come_first(shipped):
    for case_id in RELATED:
        ranked = links.related(shipped, case_id)
        tiers = [any(x.startswith("explicit relation") for x in r["reasons"]) for r in ranked]
        assert tiers == sorted(tiers, reverse=True)


def test_datasette_s_related_query_gives_the_same_ranking_for_every_shipped_case(shipped):
    """The canned query `related` of `kb serve` (SQL) and kb.links.related: the same cases, order and scores."""
    from kb.web.datasette import RELATED_QUERY

    for (case_id,) in shipped.execute("SELECT id FROM cases"):
        rows = shipped.execute(RELATED_QUERY["sql"], {"case": case_id}).fetchall()
        expected = links.related(shipped, case_id)
        assert [r[0] for r in rows] == [r["id"] for r in expected], case_id
        assert all(abs(r[2] - e["score"]) <= 0.011 for r, e in zip(rows, expected)), case_id


def test_reasons_in_chinese_name_records_by_their_chinese_names(shipped):
    """`reasons_zh` says each line of `reasons` in Chinese, and names each court, party, claim, product, question
    and judge by the Chinese name its record has (one that another record shares under another Chinese name
    stays English); `title_zh` is the case's own."""
    from kb.i18n import translation

    chinese: dict[str, set] = {}
    for table in ("courts", "parties", "claims", "products", "questions", "judges"):
        for name, name_zh in shipped.execute(f"SELECT name, name_zh FROM {table}"):
            chinese.setdefault(name, set()).add(name_zh)
    titles = dict(shipped.execute("SELECT id, title_zh FROM cases"))
    checked = 0
    for case_id in RELATED:
        for row in links.related(shipped, case_id):
            assert row["title_zh"] == titles[row["id"]]
            assert len(row["reasons_zh"]) == len(row["reasons"])
            for en, zh in zip(row["reasons"], row["reasons_zh"]):
                head = en.split(": ", 1)[0]
                assert translation("zh").gettext(head + ": {items}").split("{")[0] in zh or en.startswith("via ")
                items = en.split(": ", 1)[1] if ": " in en else ""
                for name, names_zh in chinese.items():
                    (name_zh,) = names_zh if len(names_zh) == 1 else (None,)
                    if name_zh and f"{name}" == items:  # a line naming one record: its Chinese name
                        assert name_zh in zh, (en, zh)
                        checked += 1
    assert checked > 20  # the shipped data's related cases share many named records
