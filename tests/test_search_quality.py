"""Search quality on the shipped data: precision and recall over the labelled queries of
tests/search_queries.py, and the figures the README reports."""

from pathlib import Path

import pytest

from kb.search import search
from kb.vocabulary import did_you_mean, weak
from search_queries import NUMBERS, QUERIES, TYPOS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped(shipped_db):
    return shipped_db[1]


def measure(con) -> dict:
    scores = []
    for query, expected, _ in QUERIES:
        found = {r["id"] for r in search(con, query)}
        hits = len(found & set(expected))
        scores.append((hits / len(found) if found else 0.0, hits / len(expected)))
    return {"precision": sum(p for p, _ in scores) / len(scores), "recall": sum(r for _, r in scores) / len(scores)}


def readme_sentence(result: dict) -> str:
    languages = [language for _, _, language in QUERIES]
    return (f"On the {len(QUERIES)} labelled queries of `tests/search_queries.py` ({languages.count('en')} English, "
            f"{languages.count('zh')} Chinese, {languages.count('mixed')} mixed), `kb search` has a mean precision "
            f"of {result['precision']:.2f} and a mean recall of {result['recall']:.2f}; each of its {len(NUMBERS)} "
            f"case numbers (whole or in part) ranks its case first, and each of its {len(TYPOS)} typos gets the "
            f"name meant as \"did you mean\".")


def test_the_labelled_set_is_large_and_covers_both_scripts():
    languages = [language for _, _, language in QUERIES]
    assert len(QUERIES) >= 30 and languages.count("zh") >= 5 and languages.count("en") >= 20
    assert len({q for q, _, _ in QUERIES}) == len(QUERIES)


def test_every_expected_case_exists(shipped):
    ids = {r[0] for r in shipped.execute("SELECT id FROM cases")}
    assert {case for _, expected, _ in QUERIES for case in expected} <= ids


def test_precision_and_recall_hold_and_the_readme_reports_them(shipped):
    result = measure(shipped)
    assert result["precision"] >= 0.9 and result["recall"] >= 0.95, result
    assert readme_sentence(result) in " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())


@pytest.mark.parametrize("query, wrong", [("Ross", "us-2023-kadrey-v-meta"), ("Trik", "us-2023-andersen-v-stability")])
def test_words_are_not_pieces_of_other_words(shipped, query, wrong):
    assert wrong not in {r["id"] for r in search(shipped, query)}


@pytest.mark.parametrize("query, case_id", NUMBERS)
def test_a_case_number_whole_or_in_part_ranks_its_case_first(shipped, query, case_id):
    assert search(shipped, query)[0]["id"] == case_id


@pytest.mark.parametrize("query, meant", TYPOS)
def test_a_typo_finds_nothing_and_did_you_mean_offers_the_name_meant(shipped, query, meant):
    results = search(shipped, query)
    assert weak(results) and meant in did_you_mean(shipped, query)


def test_a_query_that_finds_enough_gets_no_suggestion_need(shipped):
    assert not weak(search(shipped, "Midjourney"))


def test_chinese_whole_phrase_matches_come_before_single_characters(shipped):
    """Every case whose text holds 小红书 as written comes before any case that holds only its characters."""
    ids = [r["id"] for r in search(shipped, "小红书")]
    whole = {case_id for (case_id,) in shipped.execute(
        "SELECT case_id FROM case_search WHERE instr(title_text, '小红书') OR instr(body_text, '小红书')")}
    assert set(ids[:len(whole)]) == whole and len(whole) >= 4
    assert {"cn-2023-illustrators-v-xiaohongshu", "cn-2023-xiaohongshu-trik-ai-boycott",
            "cn-2024-xingyin-v-ai-writing-goose", "cn-2025-xingyin-v-ai-writing-goose-appeal"} <= whole
