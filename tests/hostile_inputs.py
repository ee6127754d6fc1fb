"""Hostile and broken inputs, each with the file, line, column and words kb must report."""

from conftest import CASES, CLAIMS, COURTS, PARTIES

def rep(old, new, text=CASES, count=1):
    assert old in text, old
    return text.replace(old, new, count)

BILLION = "- a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n" for i in range(1, 10))

HOSTILE_INPUTS = [
    # name, file, content (str or bytes), then where kb must point and what it must say
    ("tab indentation", "cases", rep("  title: Li v. Liu\n", "\ttitle: Li v. Liu\n"), 2, 1, 'tab character'),
    ("bad indentation", "cases", rep("  kind: ruling\n", " kind: ruling\n"), 4, 2, "did not find expected '-' indicator"),
    ("unclosed quote", "cases", rep("title: Li v. Liu", "title: 'Li v. Liu"), 78, 1, 'while scanning a quoted scalar'),
    ("unclosed bracket", "cases", rep("claims: [copyrightability-ai-output, copyright-infringement]", "claims: [copyrightability-ai-output, copyright-infringement"), 15, 11, 'while parsing a flow sequence'),
    ("byte order mark", "cases", b"\xef\xbb\xbf" + CASES.encode(), 1, 1, 'byte order mark'),
    ("CRLF line endings", "cases", CASES.replace("\n", "\r\n").encode(), 1, 23, 'Windows line endings (CRLF)'),
    ("not UTF-8", "cases", rep("title: Li v. Liu", "title: Li v. Liu \udcff").encode("utf-8", "surrogateescape"), 2, 20, 'not valid UTF-8'),
    ("NUL byte", "cases", rep("title: Li v. Liu", "title: Li\x00 v. Liu").encode(), 2, 12, 'NUL byte'),
    ("empty file", "cases", "", 1, 1, 'the file holds no records'),
    ("only comments", "cases", "# nothing here yet\n# still nothing\n", 1, 1, 'the file holds no records'),
    ("mapping where a list belongs", "cases", "id: c1\ntitle: x\n", 1, 1, 'expected a list of cases, found a mapping'),
    ("duplicate key", "cases", rep("  kind: ruling\n", "  kind: ruling\n  kind: lawsuit\n"), 5, 3, "duplicate key 'kind' (first given on line 4)"),
    ("anchor and alias", "courts", COURTS.replace("- id: us-cand", "- &c id: us-cand") + "- *c\n", 8, 3, 'anchors and aliases'),
    ("billion laughs", "claims", BILLION, 1, 7, 'anchors and aliases'),
    ("merge key", "courts", COURTS.replace("  level: basic\n", "  <<: {level: basic}\n", 1), 6, 3, 'merge keys (<<) are not allowed'),
    ("python object tag", "cases", rep("title: Li v. Liu", "title: !!python/object/apply:os.system [echo pwned]"), 2, 10, "the YAML tag '!!python/object/apply:os.system' is not allowed"),
    ("custom tag", "cases", rep("title: Li v. Liu", "title: !include secrets.yaml"), 2, 10, "the YAML tag '!include' is not allowed"),
    ("multiple documents", "cases", CASES + "---\n" + CASES, 78, 1, 'expected a single document'),
    ("text where a list belongs", "cases", rep("claims: [copyrightability-ai-output, copyright-infringement]", "claims: copyright-infringement"), 14, 11, 'claims: expected a list, found a text'),
    ("number as id", "cases", rep("- id: cn-2023-li-v-liu", "- id: 42"), 1, 7, 'id: expected text, found a number'),
    ("boolean where text belongs", "cases", rep("title: Li v. Liu", "title: true"), 2, 10, 'title: expected text, found true'),
    ("on as a status", "cases", rep("status: decided", "status: on"), 8, 11, "'on' is not a valid status"),
    ("float as a date", "cases", rep("filed: 2023-05", "filed: 2023.05"), 9, 10, 'filed: 2023.05 is not a date'),
    ("February 30th", "cases", rep("decided: 2023-11-27", "decided: 2023-02-30"), 10, 12, "'2023-02-30' is not a real calendar date"),
    ("thirteenth month", "cases", rep("filed: 2023-05", "filed: 2023-13"), 9, 10, "'2023-13' is not a real calendar date"),
    ("future date", "cases", rep("decided: 2023-11-27", "decided: 2999-01-01"), 10, 12, 'date 2999-01-01 is in the future'),
    ("decided before filed", "cases", rep("decided: 2023-11-27", "decided: 2023-04-30"), 10, 12, 'decided 2023-04-30 is before filed 2023-05'),
    ("dangling court", "cases", rep("court: cn-bj-internet", "court: cn-bj-internt"), 6, 10, "unknown court 'cn-bj-internt'; did you mean 'cn-bj-internet'?"),
    ("dangling party", "cases", rep("{party: liu, role: defendant}", "{party: lu, role: defendant}"), 13, 15, "unknown party 'lu'; did you mean 'liu'?"),
    ("dangling related case", "cases", rep("{case: cn-2023-li-v-liu, relation: similar-facts}", "{case: cn-2023-li-v-lu, relation: similar-facts}"), 46, 14, "unknown case 'cn-2023-li-v-lu'; did you mean 'cn-2023-li-v-liu'?"),
    ("dangling event source", "cases", rep("what: Judgment for the plaintiff., source: s1}", "what: Judgment for the plaintiff., source: s7}"), 18, 83, "unknown source 's7'"),
    ("self relation", "cases", rep("{case: cn-2023-li-v-liu, relation: similar-facts}", "{case: cn-2023-painters-v-xiaohongshu, relation: similar-facts}"), 46, 14, 'a case cannot be related to itself'),
    ("appeal-of cycle", "cases", rep("    - {case: cn-2023-painters-v-xiaohongshu, relation: related-controversy}", "    - {case: cn-2023-painters-v-xiaohongshu, relation: appeal-of}", rep("{case: cn-2023-li-v-liu, relation: similar-facts}", "{case: cn-2023-xiaohongshu-boycott, relation: appeal-of}")), 46, 14, 'appeal-of links go round in a circle'),
    ("duplicate id", "parties", PARTIES + "- id: li\n  name: Li again\n  kind: person\n", 23, 7, "duplicate id 'li' (also at line 1)"),
    ("one-megabyte string", "cases", rep("summary: An AI-generated image is a work.", "summary: " + "x" * 1_000_000), 16, 12, 'summary: text is longer than 20000 characters'),
    ("10,000-deep flow nesting", "cases", rep("summary: An AI-generated image is a work.", "summary: " + "[" * 10_000 + "]" * 10_000), 16, 1010, 'exceeded maximum nesting depth'),
    ("10,000-deep block nesting", "claims", "".join(" " * (2 * i) + "- \n" for i in range(10_000)), 1000, 1999, 'exceeded maximum nesting depth'),
    ("javascript: URL", "cases", rep('url: "https://example.org/li-v-liu"', 'url: "javascript:alert(1)"'), 26, 21, 'must be a web address starting with https://'),
    ("file: URL", "cases", rep('url: "https://example.org/li-v-liu"', 'url: "file:///etc/passwd"'), 26, 21, 'must be a web address starting with https://'),
    ("URL with spaces", "cases", rep('url: "https://example.org/li-v-liu"', 'url: "https://example.org/a b"'), 26, 21, 'must be a web address starting with https://'),
    # Control characters: as YAML escapes they reach the value, and validation refuses them there ...
    ("control character as a YAML escape", "cases", rep("title: Li v. Liu", 'title: "Li v. Liu\\e[2J"'), 2, 10, "title: holds U+001B (ESC) at character 10"),
    ("noncharacter as a YAML escape", "cases", rep("summary: An AI-generated image is a work.", 'summary: "An AI-generated image\\uFFFF"'), 16, 12, "summary: holds U+FFFF (a Unicode noncharacter)"),
    ("C1 control in a URL", "cases", rep('url: "https://example.org/li-v-liu"', 'url: "https://example.org/li-v\\x9bliu"'), 26, 21, "url: holds U+009B (a C1 control character)"),
    # ... written raw, neither YAML parser reads them: refused at the character's own line and column
    ("raw ESC in a plain scalar", "cases", rep("title: Li v. Liu", "title: Li\x1b v. Liu"), 2, 12, "U+001B (ESC), a character that a YAML file may not hold"),
    ("raw C1 control in a quoted scalar", "cases", rep('url: "https://example.org/li-v-liu"', 'url: "https://example.org/li-v\x9bliu"'), 26, 46, "U+009B (a C1 control character), a character that a YAML file may not hold"),
    ("raw DEL", "cases", rep("summary: An AI-generated image is a work.", "summary: An AI\x7f-generated image is a work."), 16, 17, "U+007F (DEL)"),
    ("raw NEL", "cases", rep("summary: An AI-generated image is a work.", "summary: An AI\x85-generated image is a work."), 16, 17, "U+0085 (a C1 control character)"),
    # A line break in an echoed value must not start a line of its own (a CI log runs `::notice::`)
    ("newline in an echoed value", "cases", rep("status: decided", 'status: "x\\n::notice::INJECTED"'), 8, 11, "'x\\n::notice::INJECTED' is not a valid status"),
    # Numbers: finite, not negative, never converted from text or true/false
    ("infinite amount", "cases", rep("amount: 500", "amount: .inf"), 23, 23, "amount: infinite"),
    ("amount past 1e308", "cases", rep("amount: 500", "amount: 1e400"), 23, 23, "amount: infinite"),
    ("nan amount", "cases", rep("amount: 500", "amount: .nan"), 23, 23, "amount: not a number (nan)"),
    ("negative amount", "cases", rep("amount: 500", "amount: -1"), 23, 23, "amount: -1 is negative"),
    ("true as an amount", "cases", rep("amount: 500", "amount: true"), 23, 23, "amount: expected a number, found true"),
    ("quoted amount", "cases", rep("amount: 500", 'amount: "500"'), 23, 23, "amount: expected a number, found the text '500'"),
]
HOSTILE_INPUTS += [
    # An id becomes a folder name (cases/<id>/ on the site): none that Windows reserves for a device
    ("id reserved on Windows", "parties", PARTIES.replace("- id: liu", "- id: nul"), 6, 7, "'nul' is a name Windows reserves for a device"),
    # The fast parser is taken only when a scan shows nothing it would read differently from the precise one:
    # an anchor, alias or tag right after a JSON-style key's colon, and a second document, are seen too
    ("anchor after a JSON-style key", "cases", rep("{party: liu, role: defendant}", '{"party":&p liu, "role":*p}'), 13, 16, "anchors and aliases"),
    ("tag after a JSON-style key", "cases", rep("{party: liu, role: defendant}", '{"party":!!binary bGl1, "role": defendant}'), 13, 16, "the YAML tag '!!binary' is not allowed"),
    ("several documents, one record each", "claims", CLAIMS.replace("- id: training-data-use", "---\n- id: training-data-use"), 4, 1, "expected a single document"),
    # A tag that names a type YAML would give anyway is still a tag: refused, not silently dropped
    ("explicit !!str tag", "cases", rep("title: Li v. Liu", "title: !!str Li v. Liu"), 2, 10, "the YAML tag '!!str' is not allowed"),
    # A carriage return alone is a line break to YAML but not to editors: `title: x\r  note: y` is not two keys
    ("lone carriage return", "cases", rep("title: Li v. Liu", "title: Li v. Liu\r  note: hidden"), 2, 19, "carriage return (CR) that does not end a line"),
]
