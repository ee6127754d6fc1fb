"""Full-text search over cases: titles (en/zh), case numbers, summaries, holdings, party, court,
claim and product names with aliases, and event descriptions.

Two FTS5 indexes over the same folded text, one for each kind of script:

- Latin (and other spaced) scripts are matched as *words*: an FTS5 index with the `unicode61`
  tokenizer (accents removed) and the `porter` stemmer. `Ross` finds Ross, never "cross-motions";
  `copyrightable` finds copyrightability; `copyr*` is a prefix; `"training data"` a phrase.
- Chinese (and Japanese, Korean) is written without spaces, so a word tokenizer cannot find `小红书`
  inside a title. The FTS5 `trigram` index finds any run of three or more characters; shorter terms
  (two characters are a whole Chinese word) are a substring scan of the same table. Terms with no
  letter or digit at all (`[/]`) are matched literally there too.

Text is folded before indexing and querying (case, full-width forms, accents), because this
SQLite's trigram tokenizer does not fold accents itself; the original text is stored beside it
for snippets.

Query syntax, kept small and checked here so that SQLite never sees a malformed query:
words and "quoted phrases" must all match; `word*` matches words starting so; `OR` between two terms
accepts either; a leading `-` excludes a term; Latin and Chinese terms mix (`Trik 训练`).
Ranking: terms found in the title first, then terms found in the names of its parties, court and AI
products (with their other names: a search for a company ranks the cases it is a party to above those
that mention it), then FTS5's bm25 with titles weighted 10×; the site's search box ranks the same way.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional

from kb.errors import KbError

if TYPE_CHECKING:
    from kb.queries import CaseFilter

TABLE = "case_search"  # trigram index: Chinese, and the original text for snippets
WORDS = "case_words"  # word index (unicode61, porter): Latin-script words, same rowids
PREFIXES = "case_word_prefixes"  # the same words unstemmed, for `prefix*` (stems cut words short)
TITLE_WEIGHT = 10.0
NAMES_WEIGHT = 5.0  # in the score shown: a term in the names of the case's parties, court or products
SNIPPET_CONTEXT = 48


class QueryError(KbError):
    """A search query that cannot be understood; the message says what to change."""


# -- folding --------------------------------------------------------------------------------------
# Combining marks (accents) left over after NFKD decomposition: removed, so é matches e.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case, full-width to half-width, accents removed: `Café` and `ＣＡＦＥ` both become `cafe`."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def _fold_char(c: str) -> str:
    return c.lower() if c.isascii() else _COMBINING.sub("", unicodedata.normalize("NFKD", c)).casefold()


def _fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the original character."""
    out, offsets = [], []
    for i, c in enumerate(text):
        f = _fold_char(c)
        out.append(f)
        offsets.extend([i] * len(f))
    return "".join(out), offsets


# -- building -------------------------------------------------------------------------------------
_WORD = re.compile(r"[^\W_]+")  # a word, or a run of Chinese: how names are compared with a term


def names_of(con: sqlite3.Connection) -> dict[tuple[str, str], list[str]]:
    """The names and aliases of every party, court, claim, product and judge, by (table, id)."""
    names: dict[tuple[str, str], list[str]] = {}
    for table in ("parties", "courts", "claims", "products", "judges"):
        for row in con.execute(f'SELECT id, name, name_zh, aliases FROM "{table}"'):
            names[(table, row[0])] = [row[1], row[2] or "", *json.loads(row[3] or "[]")]
    return names


def documents(cases: Iterable[dict], names: dict[tuple[str, str], list[str]]
              ) -> Iterator[tuple[str, str, str, str, str, str]]:
    """(case id, folded title, folded body, title, body, names) of each case, from its record as plain data (as
    stored in `case_records`, or as `kb.tables.dump_all` gives it) and the names of what it refers to
    (`names_of`). `names` are the folded words of its parties', court's and products' names and other names,
    each between spaces (` getty images us inc 小红书 `): a term is in them as a whole word, a Chinese run
    anywhere."""
    for case in cases:
        title = "\n".join(filter(None, [case.get("title"), case.get("title_zh"), case.get("case_number"),
                                        *(c["citation"] for c in case.get("citations") or [])]))
        ruling = case.get("ruling") or {}
        body = [case.get("summary"), case.get("summary_zh"), ruling.get("outcome"), ruling.get("outcome_zh"),
                ruling.get("holding"), ruling.get("holding_zh")]
        body += [e.get(k) for e in case.get("events") or [] for k in ("what", "what_zh")]
        parties = [n for p in case.get("parties") or [] for n in names.get(("parties", p["party"]), [])]
        court = names.get(("courts", case.get("court")), [])
        products = [n for p in case.get("products") or [] for n in names.get(("products", p), [])]
        body += parties + court
        body += [n for c in case.get("claims") or [] for n in names.get(("claims", c), [])]
        body += products
        body += [n for j in dict.fromkeys(j["judge"] for j in case.get("judges") or [])
                 for n in names.get(("judges", j), [])]
        body_text = "\n".join(filter(None, body))
        named = " ".join(_WORD.findall(fold("\n".join(parties + court + products))))
        yield case["id"], fold(title), fold(body_text), title, body_text, f" {named} "


def _documents(con: sqlite3.Connection, case_ids: Optional[list[str]] = None
               ) -> Iterator[tuple[str, str, str, str, str, str]]:
    """`documents` of every case, or of `case_ids` (in table order)."""
    where, args = ("", ()) if case_ids is None else (
        " WHERE case_id IN (SELECT value FROM json_each(?)) ORDER BY rowid", (json.dumps(case_ids),))
    records = (json.loads(record) for (record,) in con.execute(f"SELECT record FROM case_records{where}", args))
    return documents(records, names_of(con))


def build(con: sqlite3.Connection, cases: Optional[Iterable[dict]] = None) -> None:
    """Create and fill the index; called by the store while it builds a database. `cases`, when given, are
    the records of `case_records` in the same order, as plain data: they spare reading the JSON back."""
    con.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5("
        "case_id UNINDEXED, title, body, title_text UNINDEXED, body_text UNINDEXED, names UNINDEXED, "
        "tokenize='trigram')"
    )
    # A large pending-data buffer lets FTS5 write a bulk load as a few big segments: twice as fast.
    con.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('hashsize', ?)", (64 * 2**20,))
    rows = _documents(con) if cases is None else documents(cases, names_of(con))
    con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows)
    # The word index keeps no text of its own (content=''): it answers MATCH and bm25 by rowid.
    for table, tokenizer in ((WORDS, "porter unicode61 remove_diacritics 2"), (PREFIXES, "unicode61 remove_diacritics 2")):
        con.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(title, body, content='', tokenize='{tokenizer}')")
        con.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", (64 * 2**20,))
        con.execute(f"INSERT INTO {table}(rowid, title, body) SELECT rowid, title, body FROM {TABLE}")


def remove(con: sqlite3.Connection, rowids: list[int]) -> None:
    """Take the cases with these rowids out of the indexes (an incremental rebuild, `kb.incremental`).
    The word indexes keep no text: FTS5 removes a row from them given the text it indexed, kept in TABLE."""
    ids = json.dumps(rowids)
    for table in (WORDS, PREFIXES):
        con.execute(f"INSERT INTO {table}({table}, rowid, title, body) SELECT 'delete', rowid, title, body "
                    f"FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(?))", (ids,))
    con.execute(f"DELETE FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(?))", (ids,))


def add(con: sqlite3.Connection, rowids: dict[str, int]) -> None:
    """Index these cases (case id → the rowid a full build gives them: their place in the file)."""
    con.executemany(f"INSERT INTO {TABLE}(rowid, case_id, title, body, title_text, body_text, names) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    ((rowids[d[0]], *d) for d in _documents(con, list(rowids))))
    ids = json.dumps(list(rowids.values()))
    for table in (WORDS, PREFIXES):
        con.execute(f"INSERT INTO {table}(rowid, title, body) SELECT rowid, title, body FROM {TABLE} "
                    "WHERE rowid IN (SELECT value FROM json_each(?))", (ids,))


# -- queries ------------------------------------------------------------------------------------
# Scripts written without spaces between words (CJK radicals to Hangul, CJK compatibility ideographs, the
# supplementary ideographs): searched as runs of characters, not as words. Ranges of code points, checked
# one character at a time: a regular expression of them takes longer to compile than a search takes.
_UNSPACED = ((0x2E80, 0x2FDF), (0x3040, 0x30FF), (0x3100, 0x312F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
             (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def unspaced(text: str) -> bool:
    """Whether `text` holds a character of a script written without spaces."""
    for c in text:
        code = ord(c)
        if code >= 0x2E80 and any(low <= code <= high for low, high in _UNSPACED):
            return True
    return False


@dataclass(frozen=True)
class Term:
    text: str  # folded
    exclude: bool = False
    prefix: bool = False  # `copyr*`: words that start with the text

    @property
    def by_word(self) -> bool:
        """Matched as words (Latin and other spaced scripts), not as a run of characters."""
        return not unspaced(self.text) and any(c.isalnum() for c in self.text)


def parse_query(query: str) -> list[list[Term]]:
    """The query as a conjunction of disjunctions: [[a], [b, c]] means a AND (b OR c)."""
    if query.count('"') % 2:
        raise QueryError('unbalanced quote in the search query; close the "phrase" or remove the quote')
    tokens = re.findall(r'-?"[^"]*"\*?|\S+', query)
    groups: list[list[Term]] = []
    pending_or = False
    for token in tokens:
        if token == "OR":
            if not groups or pending_or:
                raise QueryError("OR needs a term on each side, as in: midjourney OR stability")
            pending_or = True
            continue
        if token in ("AND", "NOT"):
            raise QueryError(f"{token} is not needed: words must all match already; use -word to exclude one")
        exclude = token.startswith("-") and len(token) > 1
        body = token[1:] if exclude else token
        prefix = body.endswith("*") and len(body.rstrip("*")) > 0
        text = fold(body.rstrip("*") if prefix else body).strip('"').strip()
        if not text:
            continue
        term = Term(text, exclude, prefix and any(c.isalnum() for c in text))
        if pending_or:
            if exclude or groups[-1][0].exclude:
                raise QueryError("an excluded -term cannot be part of OR")
            groups[-1].append(term)
            pending_or = False
        else:
            groups.append([term])
    if pending_or:
        raise QueryError("OR needs a term on each side, as in: midjourney OR stability")
    if not groups or all(g[0].exclude for g in groups):
        raise QueryError("the search query has no words to look for")
    return groups


def expand(con: sqlite3.Connection, groups: list[list[Term]]) -> list[list[Term]]:
    """The query with readers' words (data/aliases.yaml) widened to their groups: `deepfake` also finds
    换脸 and face swap, `NYT` The New York Times. A query whose words together are one term (`fair use`,
    `New York Times`) is that term's group; otherwise each term is. Prefixes and exclusions stay as typed."""
    from kb.vocabulary import groups as alias_groups, key

    table = alias_groups(con)
    if not table:
        return groups
    plain = all(len(g) == 1 and not g[0].exclude and not g[0].prefix for g in groups)
    if plain and len(groups) > 1:
        whole = key(" ".join(g[0].text for g in groups))
        if whole in table:
            return [list(dict.fromkeys([Term(whole), *(Term(key(t)) for t in table[whole])]))]
    out = []
    for group in groups:
        if group[0].exclude:
            out.append(group)
            continue
        wider = list(group)
        for term in group:
            if not term.prefix:
                wider += [Term(key(t)) for t in table.get(key(term.text), [])]
        out.append(list(dict.fromkeys(wider)))
    return out


def _phrase(term: Term) -> str:
    """The term as an FTS5 string (a phrase of the words it holds), never as FTS5 syntax."""
    return '"' + term.text.replace('"', '""') + '"' + (" *" if term.prefix else "")


def _words_in(column: Optional[str], group: list[Term]) -> str:
    expression = " OR ".join(_phrase(t) for t in group)
    return f"{column} : ({expression})" if column else f"({expression})"


def _word_table(term: Term) -> str:
    return PREFIXES if term.prefix else WORDS


def _term_condition(term: Term, params: list, column: Optional[str] = None) -> str:
    """A condition on `s` (the trigram table row) that holds when the document contains the term."""
    if term.by_word:
        table = _word_table(term)
        params.append(_words_in(column, [term]))
        return f"s.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)"
    if len(term.text) >= 3:
        params.append(_phrase(Term(term.text)))
        return f"s.rowid IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?)"
    params += [term.text, term.text]
    return "(instr(s.title, ?) > 0 OR instr(s.body, ?) > 0)"


def _in_names(term: Term) -> str:
    """What `instr` looks for in a case's names (`documents`): ` word `, ` two words `, ` start` of a
    prefix, or a Chinese run as it is."""
    if not term.by_word:
        return term.text
    words = " ".join(_WORD.findall(term.text))
    return f" {words}" if term.prefix else f" {words} "


def _plan(groups: list[list[Term]]) -> tuple[Optional[str], Optional[str], list[str], list]:
    """(word MATCH, trigram MATCH, other conditions, their parameters).

    Groups of words go into one MATCH of the word index, groups of Chinese runs of three or more
    characters into one MATCH of the trigram index (these rank the results); everything else
    (exclusions, two-character runs, groups that mix the two) is a condition evaluated once per
    term, never per row against the index.
    """
    words, trigrams, conditions, params = [], [], [], []
    for group in groups:
        if not group[0].exclude and all(t.by_word and not t.prefix for t in group):
            words.append(_words_in(None, group))
        elif not group[0].exclude and all(not t.by_word and len(t.text) >= 3 for t in group):
            trigrams.append("(" + " OR ".join(_phrase(Term(t.text)) for t in group) + ")")
        else:
            sql = " OR ".join(_term_condition(t, params) for t in group)
            conditions.append(f"NOT ({sql})" if group[0].exclude else f"({sql})")
    return (" AND ".join(words) or None), (" AND ".join(trigrams) or None), conditions, params


_STEM_ENDINGS = ("ability", "ibility", "ations", "ation", "ings", "ing", "able", "ible", "ness", "ment", "ies",
                 "ied", "ed", "es", "s", "e", "y")


def _pattern(term: Term) -> str:
    """A regular expression for a term's hits in folded text, for snippets: whole words (and their
    other forms, roughly as the stemmer sees them) for words, the run itself for Chinese."""
    if not term.by_word:
        return re.escape(term.text)
    words = re.findall(r"\w+", term.text)
    stems = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if not (last and term.prefix):
            for ending in _STEM_ENDINGS:
                if word.endswith(ending) and len(word) - len(ending) >= 3:
                    word = word[: -len(ending)]
                    break
        stems.append(re.escape(word) + r"\w*")
    return r"(?<!\w)" + r"\W+".join(stems)


def _snippet(text: str, patterns: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """A window of the original text around the first hit, and the hits' spans within it."""
    folded, offsets = _fold_with_offsets(text)
    hits = sorted((m.start(), m.end()) for p in patterns for m in re.finditer(p, folded) if m.end() > m.start())
    if not hits:
        return text[: SNIPPET_CONTEXT * 2].replace("\n", " "), []
    first = offsets[hits[0][0]]
    start = max(0, first - SNIPPET_CONTEXT)
    end = min(len(text), first + SNIPPET_CONTEXT * 2)
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    window = prefix + text[start:end].replace("\n", " ") + suffix
    spans = []
    for a, b in hits:
        oa, ob = offsets[a], offsets[b - 1] + 1
        if start <= oa and ob <= end:
            spans.append((oa - start + len(prefix), ob - start + len(prefix)))
    return window, spans


def search(con: sqlite3.Connection, query: str, f: Optional["CaseFilter"] = None) -> list[dict[str, Any]]:
    """The results of `search_page`, without the total."""
    return search_page(con, query, f)[0]


def search_page(con: sqlite3.Connection, query: str, f: Optional["CaseFilter"] = None
                ) -> tuple[list[dict[str, Any]], int]:
    """Cases matching `query` and the filters of `f`, best first, each with a score and a snippet
    around the first hit: the page `f.limit`/`f.offset` asks for, and how many match in all.

    Order: how many query terms the title contains, then how many the names of its parties, court and
    products contain, then bm25 (titles weighted 10×) of the index that matched, then how often Chinese
    terms occur (bm25 gives a run found in most cases almost no weight), then id.
    """
    from kb.queries import CaseFilter, case_ids

    f = f or CaseFilter()
    groups = expand(con, parse_query(query))
    wanted = [t for g in groups for t in g if not t.exclude]
    words, trigrams, conditions, condition_params = _plan(groups)

    rank_params: list = []
    title_hits = []
    for t in wanted:
        if t.by_word:
            title_hits.append(f"({_term_condition(t, rank_params, 'title')})")
        else:
            title_hits.append("(instr(s.title, ?) > 0)")
            rank_params.append(t.text)
    name_hits = []
    for t in wanted:  # in ` word word `: a whole word (or words, or a word's start), a Chinese run anywhere
        name_hits.append("(instr(s.names, ?) > 0)")
        rank_params.append(_in_names(t))
    runs = [t.text for t in wanted if not t.by_word]
    occurrences = " + ".join("(length(s.body) - length(replace(s.body, ?, ''))) / length(?)" for _ in runs) or "0"
    rank_params += [x for text in runs for x in (text, text)]

    source = f"{TABLE} s"
    where: list[str] = []
    match_params: list = []
    if words:
        source = f"{WORDS} w JOIN {TABLE} s ON s.rowid = w.rowid"
        where.append(f"{WORDS} MATCH ?")
        match_params.append(words)
        rank = f"bm25({WORDS}, {TITLE_WEIGHT}, 1.0)"
        if trigrams:
            where.append(f"s.rowid IN (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ?)")
            match_params.append(trigrams)
    elif trigrams:
        where.append(f"{TABLE} MATCH ?")
        match_params.append(trigrams)
        rank = f"bm25({TABLE}, 0, {TITLE_WEIGHT}, 1.0)"
    else:
        rank = "0.0"
    where += conditions
    ids = case_ids(con, f)
    filter_params: list = []
    if ids is not None:
        where.append("s.case_id IN (SELECT value FROM json_each(?))")
        filter_params.append(json.dumps(ids))
    condition = " AND ".join(where) or "1"
    sql = (
        f"SELECT s.case_id, {' + '.join(title_hits) or '0'} AS title_hits, "
        f"{' + '.join(name_hits) or '0'} AS name_hits, {rank} AS rank, {occurrences} AS occurrences, "
        f"s.title_text, s.body_text, c.title, c.title_zh, c.kind, c.jurisdiction "
        f"FROM {source} JOIN cases c ON c.id = s.case_id WHERE {condition} "
        f"ORDER BY title_hits DESC, name_hits DESC, rank ASC, occurrences DESC, s.case_id"
    )
    # Counted without the tables that add nothing to the count: each row of the trigram index is one case,
    # and the word index has the same rows; a search for words alone is counted in the word index alone.
    counted = f"{WORDS} w" if where == [f"{WORDS} MATCH ?"] else source
    params = rank_params + match_params + condition_params + filter_params
    paged = f.limit is not None or f.offset > 0
    if paged:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if f.limit is None else f.limit, f.offset]
    try:
        rows = con.execute(sql, params).fetchall()
        complete = not paged or (f.limit is not None and len(rows) < f.limit and (rows or not f.offset))
        total = f.offset + len(rows) if complete else con.execute(
            f"SELECT count(*) FROM {counted} WHERE {condition}", match_params + condition_params + filter_params
        ).fetchone()[0]
    except sqlite3.OperationalError as exc:  # defensive: parse_query should make this unreachable
        raise QueryError(f"cannot search for {query!r}: {exc}") from None
    patterns = [_pattern(t) for t in wanted]
    results = []
    for case_id, hits, in_names, rank_value, _, title_text, body_text, title, title_zh, case_kind, cc in rows:
        folded_body = fold(body_text)
        in_body = any(re.search(p, folded_body) for p in patterns)
        snippet, spans = _snippet(body_text if in_body or not hits else title_text, patterns)
        results.append({
            "id": case_id, "title": title, "title_zh": title_zh, "kind": case_kind, "jurisdiction": cc,
            "score": round(hits * TITLE_WEIGHT + in_names * NAMES_WEIGHT - rank_value, 3), "snippet": snippet,
            "highlights": spans,
        })
    return results, total
