import json

import pytest

from kb.errors import NotFound, UsageError
from kb.queries import CaseFilter, get_case, list_cases, list_registry, stats
from kb.resolve import resolve


def ids(cases):
    return [c["id"] for c in cases]


@pytest.mark.parametrize("text", ["cn-bj-internet", "Beijing Internet Court", "beijing internet court", "北京互联网法院",
                                  "BIC", "互联网"])
def test_resolve_court_by_id_name_alias_or_unique_part(con, text):
    assert resolve(con, "courts", text) == "cn-bj-internet"


def test_resolve_case_by_case_number_or_title(con):
    assert resolve(con, "cases", "(2023)京0491民初11279号") == "cn-2023-li-v-liu"
    assert resolve(con, "cases", "李某诉刘某案") == "cn-2023-li-v-liu"


@pytest.mark.parametrize("text", ["Li v Liu", "li v liu", "Li v. Liu", "Li  v.Liu", "（2023）京0491民初11279号"])
def test_a_name_is_found_whatever_its_punctuation(con, text):
    assert resolve(con, "cases", text) == "cn-2023-li-v-liu"


@pytest.mark.parametrize("text, expected", [("Li v Liu", "cn-2023-li-v-liu"), ("GEMA v OpenAI", "de-2024-gema-v-openai"),
                                            ("Andersen v Stability", "us-2023-andersen-v-stability")])
def test_kb_show_finds_a_shipped_case_named_without_its_dots(run, text, expected):
    from pathlib import Path

    result = run("show", text, "--json", data=Path(__file__).resolve().parent.parent / "data")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["id"] == expected


def test_resolve_party_by_chinese_alias(con):
    assert resolve(con, "parties", "小红书") == "xingyin"


def test_unknown_name_suggests_close_ids(con):
    with pytest.raises(NotFound, match="unknown court 'cn-bj-intenet'; did you mean 'cn-bj-internet'"):
        resolve(con, "courts", "cn-bj-intenet")


def test_ambiguous_name_lists_candidates(con):
    with pytest.raises(NotFound, match="matches more than one case: cn-2023-painters-v-xiaohongshu, cn-2023-xiaohongshu-boycott"):
        resolve(con, "cases", "xiaohongshu")


def test_list_cases_oldest_first_with_parties_and_claims(con):
    cases = list_cases(con)
    assert ids(cases) == ["us-2023-andersen-v-stability", "cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu",
                          "cn-2023-xiaohongshu-boycott"]
    li = cases[1]
    assert li["parties"] == [{"id": "li", "name": "Li", "name_zh": "李某", "role": "plaintiff"},
                             {"id": "liu", "name": "Liu", "name_zh": "刘某", "role": "defendant"}]
    assert li["claims"] == ["copyrightability-ai-output", "copyright-infringement"]
    assert li["case_number"] == "(2023)京0491民初11279号"


@pytest.mark.parametrize(
    "f, expected",
    [
        (CaseFilter(court="Beijing Internet Court"), ["cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"]),
        (CaseFilter(party="小红书"), ["cn-2023-painters-v-xiaohongshu", "cn-2023-xiaohongshu-boycott"]),
        (CaseFilter(claim="training-data-use"), ["us-2023-andersen-v-stability", "cn-2023-painters-v-xiaohongshu"]),
        (CaseFilter(product="Stable Diffusion"), ["us-2023-andersen-v-stability", "cn-2023-li-v-liu"]),
        (CaseFilter(status="pending", jurisdiction="cn"), ["cn-2023-painters-v-xiaohongshu"]),
        (CaseFilter(kind="controversy"), ["cn-2023-xiaohongshu-boycott"]),
        (CaseFilter(limit=1), ["us-2023-andersen-v-stability"]),
    ],
)
def test_filters(con, f, expected):
    assert ids(list_cases(con, f)) == expected


def test_since_and_until_compare_periods(con):
    # Li v. Liu: filed 2023-05, events 2023-11 and 2023-11-27. Its month-precision event counts for 2023-11.
    assert "cn-2023-li-v-liu" in ids(list_cases(con, CaseFilter(since="2023-11")))
    assert "cn-2023-li-v-liu" in ids(list_cases(con, CaseFilter(since="2023-11-27")))
    assert "cn-2023-li-v-liu" in ids(list_cases(con, CaseFilter(since="2023-11-28")))  # the month event overlaps
    assert "cn-2023-li-v-liu" not in ids(list_cases(con, CaseFilter(since="2023-12")))
    assert ids(list_cases(con, CaseFilter(until="2023-01"))) == ["us-2023-andersen-v-stability"]
    assert ids(list_cases(con, CaseFilter(since="2024"))) == ["cn-2023-painters-v-xiaohongshu"]


def test_bad_filter_date_is_a_user_error(con):
    with pytest.raises(UsageError, match="--since: '2023-13' is not a real calendar date"):
        list_cases(con, CaseFilter(since="2023-13"))


def test_get_case_expands_references_and_orders_the_timeline(con):
    case = get_case(con, "cn-2023-painters-v-xiaohongshu")
    assert case["court"]["name_zh"] == "北京互联网法院"
    assert [e["date"] for e in case["events"]] == ["2023-10", "2024-06-20"]
    assert case["related"] == [
        {"case": "cn-2023-li-v-liu", "title": "Li v. Liu", "relation": "similar-facts", "direction": "out"},
        {"case": "cn-2023-xiaohongshu-boycott", "title": "Illustrators boycott Xiaohongshu",
         "relation": "related-controversy", "direction": "in"},
    ]
    assert case["products"][0]["name"] == "Trik AI"


def test_registry_counts(con):
    parties = {p["id"]: p["cases"] for p in list_registry(con, "parties")}
    assert parties == {"painter-a": 2, "xingyin": 2, "li": 1, "liu": 1, "stability-ai": 1}
    courts = list_registry(con, "courts")
    assert [(c["id"], c["cases"], c["code"]) for c in courts] == [("cn-bj-internet", 2, "京0491"), ("us-cand", 1, None)]


def test_stats(con):
    s = stats(con)
    assert s["cases"] == 4
    assert s["by_jurisdiction"] == {"CN": 3, "US": 1}
    assert s["by_claim"]["copyright-infringement"] == 2
    assert s["by_year"] == {"2023": 3}


def test_resolve_any_prefers_an_exact_name_in_any_registry(con):
    from kb.resolve import resolve_any

    assert resolve_any(con, "Stable Diffusion") == ("products", "stable-diffusion")
    assert resolve_any(con, "小红书") == ("parties", "xingyin")  # an exact alias beats partial case titles
    assert resolve_any(con, "(2023)京0491民初11279号") == ("cases", "cn-2023-li-v-liu")
    with pytest.raises(NotFound, match="nothing is named"):
        resolve_any(con, "zzz-nothing")
