import pytest

from conftest import CASES, write_data
from kb import store
from kb.queries import CaseFilter
from kb.search import QueryError, fold, parse_query, search, unspaced

EXTRA = """\
- id: cn-2024-ultraman
  title: Ultraman generative AI case
  title_zh: 奥特曼生成式人工智能平台侵权案
  kind: ruling
  jurisdiction: CN
  court: cn-bj-internet
  status: decided
  summary: 平台未尽合理注意义务，生成奥特曼图片侵害复制权和改编权。The platform was held liable.
  sources:
    - {id: s1, url: "https://example.org/ultraman", title: Ultraman, publisher: Example}
- id: de-2024-cafe
  title: Café Kneschké v. Databank
  kind: lawsuit
  jurisdiction: DE
  status: pending
  summary: Ｆｕｌｌ-width text and the training of models on photographs.
  sources:
    - {id: s1, url: "https://example.org/cafe", title: Cafe, publisher: Example}
"""


@pytest.fixture
def db(tmp_path):
    paths = store.Paths(write_data(tmp_path / "data", cases=CASES + EXTRA), tmp_path / "kb.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    yield con
    con.close()


def ids(results):
    return [r["id"] for r in results]


def test_unspaced_scripts_are_the_character_class_they_replace():
    """The ranges of scripts written without spaces, checked per character, accept exactly the code points
    of the regular expression kb used before (every code point, one at a time)."""
    import re

    pattern = re.compile("[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                         "\uf900-\ufaff\U00020000-\U0002fa1f]")
    everything = "".join(map(chr, range(0x110000)))
    assert [c for c in everything if unspaced(c)] == pattern.findall(everything)
    assert unspaced("Trik 训练") and unspaced("ＡＩ绘画") and not unspaced("Théâtre v. 3:23-cv-00201")


def test_fold_removes_case_width_and_accents():
    assert fold("Café ＣＡＦＥ Kneschké") == "cafe cafe kneschke"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("奥特", ["cn-2024-ultraman"]),  # 2 characters: substring scan
        ("奥特曼", ["cn-2024-ultraman"]),  # 3 characters: trigram index
        ("人工智能平台", ["cn-2024-ultraman"]),  # 6 characters
        ("生成式人工智能", ["cn-2024-ultraman"]),  # 7 characters
        ("小红书", ["cn-2023-painters-v-xiaohongshu", "cn-2023-xiaohongshu-boycott"]),  # through a party alias
        ("复制权", ["cn-2024-ultraman"]),
    ],
)
def test_chinese_queries_of_any_length(db, query, expected):
    assert sorted(ids(search(db, query))) == sorted(expected)


def test_mixed_chinese_and_english_terms_must_all_match(db):
    assert ids(search(db, "ultraman 奥特曼")) == ["cn-2024-ultraman"]
    assert ids(search(db, "painters 奥特曼")) == []


def test_english_is_case_and_accent_insensitive_with_prefix_matching(db):
    assert ids(search(db, "KNESCHKE")) == ["de-2024-cafe"]
    assert ids(search(db, "cafe")) == ["de-2024-cafe"]
    assert ids(search(db, "full-width")) == ["de-2024-cafe"]
    assert ids(search(db, "photograph")) == ["de-2024-cafe"]
    assert ids(search(db, "stab")) == []  # a word, not a piece of one
    assert "us-2023-andersen-v-stability" in ids(search(db, "stab*"))


WORDS = """\
- id: us-2020-thomson-v-ross
  title: Thomson Reuters v. Ross Intelligence
  kind: ruling
  jurisdiction: US
  status: decided
  summary: Headnotes used to train a legal search tool; the court ruled on cross-motions.
  sources:
    - {id: s1, url: "https://example.org/ross", title: Ross, publisher: Example}
- id: us-2023-strike
  title: Motion to strike in an art case
  kind: ruling
  jurisdiction: US
  status: decided
  summary: Copyrightability of works made with Théâtre prompts; the parties cross-moved.
  sources:
    - {id: s1, url: "https://example.org/strike", title: Strike, publisher: Example}
"""


@pytest.fixture
def words_db(tmp_path):
    paths = store.Paths(write_data(tmp_path / "data", cases=CASES + EXTRA + WORDS), tmp_path / "kb.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    yield con
    con.close()


@pytest.mark.parametrize("query, expected", [
    ("Ross", ["us-2020-thomson-v-ross"]),  # not "cross-motions"
    ("Trik", ["cn-2023-painters-v-xiaohongshu"]),  # not "strike"
    # stems: copyrightability, and the claim "Copyright infringement" of two cases
    ("copyrightable", ["us-2023-strike", "cn-2023-li-v-liu", "cn-2023-painters-v-xiaohongshu"]),
    ("copyrightabi*", ["us-2023-strike", "cn-2023-li-v-liu"]),  # a prefix of the word as written, not its stem
    ("theatre", ["us-2023-strike"]),  # accents folded
    ('"legal search tool"', ["us-2020-thomson-v-ross"]),
    ('"search legal tool"', []),
    ("trained", ["us-2020-thomson-v-ross", "cn-2023-painters-v-xiaohongshu", "de-2024-cafe",  # train, training
                 "us-2023-andersen-v-stability"]),
    ("Trik 小红书", ["cn-2023-painters-v-xiaohongshu"]),  # mixed scripts
    ("cross -Ross", ["us-2023-strike"]),  # "cross-moved" holds the word cross; the Ross case is excluded
    ("[/]", []),  # no letters: matched literally, not an error
])
def test_latin_scripts_match_words(words_db, query, expected):
    assert sorted(ids(search(words_db, query))) == sorted(expected)


def test_snippets_mark_whole_words(words_db):
    (result,) = [r for r in search(words_db, "copyrightable") if r["id"] == "us-2023-strike"]
    (start, end), = result["highlights"]
    assert result["snippet"][start:end] == "Copyrightability"
    (ross,) = search(words_db, "ross")
    assert all(ross["snippet"][a:b].lower() == "ross" for a, b in ross["highlights"])


def test_case_number_search(db):
    assert ids(search(db, "(2023)京0491民初11279号")) == ["cn-2023-li-v-liu"]


def test_title_hits_rank_first(db):
    results = search(db, "xiaohongshu")
    assert results[0]["id"] in ("cn-2023-painters-v-xiaohongshu", "cn-2023-xiaohongshu-boycott")
    title_hit = [r for r in results if "xiaohongshu" in r["id"]]
    others = [r for r in results if "xiaohongshu" not in r["id"]]
    assert min(r["score"] for r in title_hit) > max((r["score"] for r in others), default=-1e9)


NAMED = """\
- id: us-2025-mentions-xingyin
  title: A suit over image prompts
  kind: lawsuit
  jurisdiction: US
  status: pending
  summary: >-
    Images made with Stable Diffusion, Stable Diffusion again and Stable Diffusion once more were posted by
    Xingyin Information Technology, and Xingyin Information Technology's app; Xingyin says so. 行吟说明。
  sources:
    - {id: s1, url: "https://example.org/mentions", title: Mentions, publisher: Example}
"""


def test_a_party_court_or_product_named_by_the_query_ranks_above_a_mention(tmp_path):
    """A case whose party or product the query names comes before one that only mentions it, however often
    (neither title says it), and its score says so."""
    paths = store.Paths(write_data(tmp_path / "data", cases=CASES + NAMED), tmp_path / "kb.sqlite")
    assert store.build(paths)[0] is not None
    con = store.connect_readonly(paths.db)
    try:
        for query, party_to in (("xingyin", "cn-2023-painters-v-xiaohongshu"),  # a party
                                ("stable diffusion", "cn-2023-li-v-liu"),  # a product
                                ("北京互联网法院", "cn-2023-li-v-liu")):  # a court, in Chinese
            results = {r["id"]: r["score"] for r in search(con, query)}
            order = list(results)
            if query != "北京互联网法院":
                assert order.index(party_to) < order.index("us-2025-mentions-xingyin"), (query, order)
                assert results[party_to] > results["us-2025-mentions-xingyin"], (query, results)
            assert results[party_to] >= 5, (query, results)
        # whole words: "xing" names nothing (the case is found only where its text says the word)
        assert search(con, "xing") == []
    finally:
        con.close()


def test_or_and_exclusion(db):
    assert sorted(ids(search(db, "ultraman OR kneschke"))) == ["cn-2024-ultraman", "de-2024-cafe"]
    assert "cn-2024-ultraman" not in ids(search(db, "liable -奥特曼")) and ids(search(db, "liable")) == [
        "cn-2024-ultraman"]


def test_filters_and_limit(db):
    assert ids(search(db, "case", CaseFilter(kind="controversy"))) == []
    assert ids(search(db, "stability", CaseFilter(jurisdiction="us"))) == ["us-2023-andersen-v-stability"]
    assert len(search(db, "a", CaseFilter(limit=2))) == 2


def test_snippet_marks_the_hit_in_the_original_text(db):
    (result,) = search(db, "kneschke")
    start, end = result["highlights"][0]
    assert result["snippet"][start:end] == "Kneschké"


@pytest.mark.parametrize("query, words", [('"unbalanced', "unbalanced quote"), ("AND OR", "AND is not needed"),
                                          ("OR stability", "OR needs a term"), ("stability OR", "OR needs a term"),
                                          ("-only", "no words"), ("   ", "no words"), ('""', "no words")])
def test_malformed_queries_give_friendly_messages(db, query, words):
    with pytest.raises(QueryError, match=words):
        search(db, query)


def test_hostile_fts_syntax_is_searched_as_text(db):
    assert search(db, "NEAR(a b) * ^ col:x") == []
    assert parse_query('title:x "a*b"')[0][0].text == "title:x"


def test_cli_search_text_and_json(run):
    results = __import__("json").loads(run("search", "小红书", "--json").stdout)
    assert {"id", "title", "score", "snippet"} <= set(results[0])
    text = run("search", "Xiaohongshu")
    assert text.exit_code == 0 and "result(s)" in text.stdout
    bad = run("search", '"oops')
    assert bad.exit_code == 1 and "unbalanced quote" in bad.stderr


def test_a_page_counts_every_match_on_the_shipped_data(shipped_db):
    """The total a page reports (counted in the word index alone for a search of words, without the cases
    table otherwise) is the number of cases the whole search finds: words, phrases, prefixes, Chinese,
    exclusions, OR, with and without filters."""
    from kb.search import search_page
    from search_queries import NUMBERS, QUERIES, TYPOS

    _, con = shipped_db
    queries = [q for q, _, _ in QUERIES] + [q for q, _ in NUMBERS] + [q for q, _ in TYPOS]
    queries += ["copyright -China", "Getty OR Midjourney", "copyr*", "小红 training", "声音", '"training data"']
    counted = 0
    for query in queries:
        every = search(con, query)
        for f in (CaseFilter(limit=1), CaseFilter(limit=2, offset=1), CaseFilter(limit=1, jurisdiction="CN")):
            page, total = search_page(con, query, f)
            expected = every if f.jurisdiction is None else [r for r in every if r["jurisdiction"] == "CN"]
            assert total == len(expected) and page == expected[f.offset:f.offset + f.limit], (query, f)
            counted += total > f.offset + f.limit
    assert counted > 20  # most of these totals were counted, not read off a short page
