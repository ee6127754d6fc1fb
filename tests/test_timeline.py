import json

from kb.queries import CaseFilter, timeline


def dates(events):
    return [(e["date"], e["case"]["id"]) for e in events]


def test_all_events_in_order_with_month_before_day(con):
    assert dates(timeline(con)) == [
        ("2023-08", "cn-2023-xiaohongshu-boycott"),
        ("2023-10", "cn-2023-painters-v-xiaohongshu"),
        ("2023-11", "cn-2023-li-v-liu"),
        ("2023-11-27", "cn-2023-li-v-liu"),
        ("2024-06-20", "cn-2023-painters-v-xiaohongshu"),
    ]


def test_each_event_keeps_its_precision_and_source(con):
    event = timeline(con, case="cn-2023-li-v-liu")[0]
    assert event["date"] == "2023-11" and event["precision"] == "month"
    assert event["source"] == {"id": "s1", "url": "https://example.org/li-v-liu", "title": "Li v. Liu",
                               "publisher": "Example Court"}


def test_since_includes_an_event_dated_in_that_month(con):
    assert dates(timeline(con, CaseFilter(since="2023-11"))) == [
        ("2023-11", "cn-2023-li-v-liu"), ("2023-11-27", "cn-2023-li-v-liu"),
        ("2024-06-20", "cn-2023-painters-v-xiaohongshu")]
    assert dates(timeline(con, CaseFilter(since="2023-11-15", until="2023-11-20"))) == [("2023-11", "cn-2023-li-v-liu")]
    assert dates(timeline(con, CaseFilter(until="2023-10"))) == [
        ("2023-08", "cn-2023-xiaohongshu-boycott"), ("2023-10", "cn-2023-painters-v-xiaohongshu")]


def test_filters_by_party_court_and_claim(con):
    assert {e["case"]["id"] for e in timeline(con, CaseFilter(party="小红书"))} == {
        "cn-2023-painters-v-xiaohongshu", "cn-2023-xiaohongshu-boycott"}
    assert {e["case"]["id"] for e in timeline(con, CaseFilter(claim="copyrightability-ai-output"))} == {
        "cn-2023-li-v-liu"}
    assert len(timeline(con, CaseFilter(court="us-cand"))) == 0


def test_cli_timeline_text_and_json(run):
    events = json.loads(run("timeline", "--case", "cn-2023-li-v-liu", "--json").stdout)
    assert [e["date"] for e in events] == ["2023-11", "2023-11-27"]
    text = run("timeline", "--since", "2024").stdout
    assert "2024-06-20" in text and "2023-11" not in text
