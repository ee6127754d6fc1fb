"""Readers' words (data/aliases.yaml): validated, stored, used by `kb search` to widen a term to its group,
and "did you mean" for a query that finds little; on small fixtures and on the shipped data."""

import difflib
import random
import sqlite3
from pathlib import Path

import pytest

from conftest import write_data
from kb import store
from kb.search import search
from kb.vocabulary import build as vocab_build, close_matches, collect, did_you_mean, key, synonyms, vocabulary, weak

ROOT = Path(__file__).resolve().parent.parent

ALIASES = """\
- id: xhs
  terms:
  - {term: RED app, lang: en}
  - {term: 小红书, lang: zh}
- id: ultraman
  terms:
  - {term: Ultraman, lang: en}
  - {term: 奥特曼, lang: zh}
"""


def build(tmp_path, aliases: str):
    paths = store.Paths(write_data(tmp_path / "data", aliases=aliases), tmp_path / "kb.sqlite")
    return paths, store.build(paths)


@pytest.fixture
def con(tmp_path):
    paths, (dataset, findings) = build(tmp_path, ALIASES)
    assert dataset is not None, findings
    connection = store.connect_readonly(paths.db)
    yield connection
    connection.close()


def test_a_term_widens_to_its_group(con):
    assert synonyms(con, "red APP") == ["小红书"]
    plain = {r["id"] for r in search(con, "小红书")}
    assert plain and {r["id"] for r in search(con, "RED app")} == plain
    assert {r["id"] for r in search(con, '"red app"')} == plain


def test_an_excluded_term_stays_as_typed(con):
    assert search(con, "Xiaohongshu -小红书") == []


@pytest.mark.parametrize("aliases, message, line", [
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n  - {term: Times, lang: en}\n"
     "- id: b\n  terms:\n  - {term: nyt, lang: en}\n  - {term: Gray Lady, lang: en}\n",
     "the term 'nyt' is already in group 'a'", 7),
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n  - {term: '  ', lang: en}\n", "term", 4),
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n", "at least 2", 3),
    ("- id: a\n  terms:\n  - {term: NYT, lang: english}\n  - {term: Times, lang: en}\n", "lang", 3),
    ("- id: a\n  terms:\n  - {term: NYT, lang: en}\n  - {term: Times, lang: en}\n"
     "- id: a\n  terms:\n  - {term: X, lang: en}\n  - {term: Y, lang: en}\n", "duplicate alias group id 'a'", 5),
])
def test_bad_alias_groups_are_refused_with_their_position(tmp_path, aliases, message, line):
    paths, (dataset, findings) = build(tmp_path, aliases)
    assert dataset is None and not paths.db.exists()
    errors = [f for f in findings if f.severity == "error"]
    assert any(message in f.message and f.line == line and f.file.endswith("aliases.yaml") for f in errors), errors


def test_kb_validate_reports_a_bad_group_with_file_and_line(run, data_dir):
    (data_dir / "aliases.yaml").write_text("- id: a\n  terms:\n  - {term: NYT, lang: en}\n", encoding="utf-8")
    result = run("validate")
    assert result.exit_code == 1 and "aliases.yaml:3" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_did_you_mean_on_the_cli_stderr_with_and_without_json(run):
    for args in (("search", "Xiaohongshuu"), ("search", "Xiaohongshuu", "--json")):
        result = run(*args)
        assert result.exit_code == 0 and "did you mean" in result.stderr and "Xiaohongshu" in result.stderr
    result = run("search", "Xiaohongshu", "--json")
    assert "did you mean" not in result.stderr


def test_the_shipped_aliases_are_valid_and_stored(tmp_path):
    paths = store.Paths(ROOT / "data", tmp_path / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None and not [f for f in findings if f.file.endswith("aliases.yaml")]
    con = store.connect_readonly(paths.db)
    groups = {g: [t for (t,) in con.execute("SELECT term FROM aliases WHERE group_id = ?", (g,))]
              for (g,) in con.execute("SELECT DISTINCT group_id FROM aliases")}
    assert {"deepfake", "face swap", "换脸", "深度伪造"} <= set(groups["deepfake"])
    assert "NYT" in groups["new-york-times"] and "合理使用" in groups["fair-use"] and "LoRA" in groups["lora"]
    assert "Midjourney" in did_you_mean(con, "Midjurney") and weak(search(con, "Midjurney"))


# -- the vocabulary table and its lookup, against the algorithm it replaces ----------------------------

def reference_did_you_mean(con, query: str, limit: int = 3, vocab=None) -> list[str]:
    """"Did you mean" as it was computed before the vocabulary had a table: the names collected from the
    whole database on every call (`vocab`: those names, collected once for many calls), then difflib over
    all of them."""
    vocab = list(collect(con).values()) if vocab is None else vocab
    folded = {key(v): v for v in vocab}
    q = key(query.replace('"', " "))
    if not q:
        return []
    choices = list(folded)
    found = [folded[m] for m in difflib.get_close_matches(q, choices, n=limit, cutoff=0.75) if m != q]
    if found or " " not in q:
        return found
    single = [c for c in choices if " " not in c]
    known = set(single)
    typed = query.replace('"', " ").split()
    words, changed = [], False
    for i, word in enumerate(q.split()):
        as_typed = typed[i] if len(typed) == len(q.split()) else word
        if word in known or not word.isalpha():
            words.append(as_typed)
            continue
        near = difflib.get_close_matches(word, single, n=1, cutoff=0.75)
        words.append(folded[near[0]] if near else as_typed)
        changed |= bool(near)
    return [" ".join(words)] if changed else []


def typos(names: list[str], seed: int, count: int) -> list[str]:
    """Queries a reader might type: names and words of the data with a letter dropped, doubled, swapped or
    changed, a few of them run together, and some untouched, in any case."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        name = rng.choice(names)
        chars = list(name)
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            if not chars:
                break
            i = rng.randrange(len(chars))
            edit = rng.choice(("drop", "double", "swap", "change"))
            if edit == "drop":
                del chars[i]
            elif edit == "double":
                chars.insert(i, chars[i])
            elif edit == "swap" and i + 1 < len(chars):
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            else:
                chars[i] = rng.choice("aeiouxyzrstn")
        query = "".join(chars)
        if rng.random() < 0.3:
            query += " " + rng.choice(names).split()[0]
        out.append(query.upper() if rng.random() < 0.1 else query)
    return out


EDGE_QUERIES = ["", " ", '"', "Midjurney", "Stabilty", "Xiaohongshuu", "trainng data", "Getty Imagse",
                "Stabilty AI Midjurney", "copyright infringment", "小红书", "小红", "奥特慢", "Theatre", "Théâtre",
                "ＣＡＦＥ", "ab", "a b", "x" * 60, "training 训练 dat", '"Getty Imges"', "3:23-cv-00201", "AI Act",
                "".join(map(chr, range(0x4E00, 0x4E00 + 1500))), "Midjurney Stabilty " * 20]  # more characters than bits


def check_same_suggestions(con, seed: int, count: int) -> None:
    names = list(collect(con).values())
    assert vocabulary(con) == names  # the table holds what the whole database gives, in the same order
    for query in EDGE_QUERIES + typos(names, seed, count):
        assert did_you_mean(con, query) == reference_did_you_mean(con, query, vocab=names), query


def test_suggestions_equal_the_whole_vocabulary_algorithm_on_a_fixture(con):
    check_same_suggestions(con, seed=1, count=300)


def test_suggestions_equal_the_whole_vocabulary_algorithm_on_the_shipped_data(shipped_db):
    _, con = shipped_db
    check_same_suggestions(con, seed=2, count=600)


def test_close_matches_are_difflibs_over_every_name(shipped_db):
    """The prefilter (lengths, then characters) only ever leaves out names difflib would refuse: for any
    word and cutoff, the same matches in the same order."""
    _, con = shipped_db
    names = collect(con)
    single = [f for f in names if " " not in f]
    rng = random.Random(3)
    words = [key(q) for q in typos(list(names.values()), 4, 200)] + [key(q) for q in EDGE_QUERIES if key(q)]
    for word in words:
        cutoff = rng.choice((0.3, 0.6, 0.75, 0.9, 1.0))
        n = rng.choice((1, 3, 10))
        for only_single, choices in ((False, list(names)), (True, single)):
            expected = difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)
            assert close_matches(con, word, n, cutoff, single=only_single) == [(m, names[m]) for m in expected], \
                (word, cutoff, only_single)


def test_the_table_is_rebuilt_from_the_database_alone_and_the_same_twice(tmp_path):
    """`build` reads only the database's tables: run again after cases change, it gives what a fresh
    build of the changed data gives, and run twice, the same table."""
    paths, (dataset, findings) = build(tmp_path, ALIASES)
    assert dataset is not None, findings
    con = sqlite3.connect(paths.db)
    rows = lambda: con.execute("SELECT * FROM vocabulary ORDER BY position").fetchall()  # noqa: E731
    first = rows()
    vocab_build(con)
    assert rows() == first
    con.execute("UPDATE cases SET title = 'Zanzibarian Quokkas v. Stabilty' WHERE rowid = 1")
    con.execute("DELETE FROM aliases WHERE group_id = 'ultraman'")
    vocab_build(con)
    after = [name for (name,) in con.execute("SELECT name FROM vocabulary ORDER BY position")]
    assert after == list(collect(con).values()) and "Zanzibarian" in after and "Ultraman" not in after
    assert did_you_mean(con, "Zanzibarien") == reference_did_you_mean(con, "Zanzibarien") == ["Zanzibarian"]
    con.close()
