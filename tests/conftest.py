"""Shared fixtures: a small, valid data directory written by each test that needs one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

# Test tiers. `pytest -m "not slow"` is the contributor's loop; CI runs everything. A test is `browser` when
# it drives Chromium (found from its code, so a new browser test is marked without anyone remembering to),
# and `slow` when it is a browser test, sits in one of these modules (each builds something big: pre-commit
# environments, a site with its search index, a Datasette server, generated data sets, killed loads), or is
# named in SLOW_TESTS. Both lists are checked: a name that no longer exists is a usage error, not a quiet move.
SLOW_MODULES = {
    "test_precommit", "test_site_browser", "test_serve", "test_site", "test_properties", "test_export_tools",
    "test_bench_run", "test_bench_same_db", "test_links", "test_workflows", "test_state", "test_jsonschema",
    "test_charts",
}
# Single tests of several seconds each in modules that are otherwise quick.
SLOW_TESTS = {
    "test_version::test_citation_cff_is_valid_for_cffconvert",
    "test_hostile::test_hostile_input_is_located_refused_and_loses_nothing",
    "test_db::test_readme_use_the_database_examples_run",
    "test_readme::test_readme_examples_show_what_kb_prints_today",
    "test_readme::test_adding_a_valid_case_needs_only_a_regeneration_of_the_readme",
    "test_questions::test_shipped_questions_and_answers_validate_against_the_generated_json_schemas",
    "test_contributing::test_the_quick_loop_named_in_readme_and_contributing_leaves_out_the_slow_tiers",
    "test_incremental::test_random_edits_give_the_database_of_a_full_build",
    "test_incremental::test_a_random_edit_at_scale_reads_one_case_and_its_links",
    "test_incremental::test_the_shipped_data_edited_one_record_at_a_time",
}


def pytest_collection_modifyitems(config, items):
    import inspect

    seen_modules, seen_tests = set(), set()
    for item in items:
        function = getattr(item, "function", None)
        try:
            code = inspect.getsource(function) if function else ""
        except (OSError, TypeError):
            code = ""
        if "chromium_page(" in code or "chromium_path(" in code:
            item.add_marker(pytest.mark.browser)
        module = item.module.__name__.rsplit(".", 1)[-1]
        seen_modules.add(module)
        seen_tests.add(f"{module}::{item.originalname}")
        if (item.get_closest_marker("browser") or module in SLOW_MODULES
                or f"{module}::{item.originalname}" in SLOW_TESTS):
            item.add_marker(pytest.mark.slow)
    stale = {f"{m}.py" for m in SLOW_MODULES if not (Path(__file__).parent / f"{m}.py").exists()}
    stale |= {name for name in SLOW_TESTS if name.split("::")[0] in seen_modules} - seen_tests
    if stale:  # a renamed test would silently move to the quick loop
        raise pytest.UsageError(f"SLOW_TESTS in tests/conftest.py or SLOW_MODULES name what does not exist: {sorted(stale)}")


@pytest.fixture(autouse=True)
def _no_inherited_terminal_size(monkeypatch):
    """The same environment in every worker: pytest-xdist's workers inherit COLUMNS=80 and LINES=24,
    which a serial run does not have; a test that wants a width sets COLUMNS itself."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)

COURTS = """\
- id: cn-bj-internet
  name: Beijing Internet Court
  name_zh: 北京互联网法院
  aliases: [BIC]
  jurisdiction: CN
  level: basic
  code: 京0491
- id: us-cand
  name: U.S. District Court for the Northern District of California
  aliases: [N.D. Cal.]
  jurisdiction: US
  level: federal-district
  courtlistener: cand
"""

PARTIES = """\
- id: li
  name: Li
  name_zh: 李某
  kind: person
  jurisdiction: CN
- id: liu
  name: Liu
  name_zh: 刘某
  kind: person
  jurisdiction: CN
- id: xingyin
  name: Xingyin Information Technology
  name_zh: 行吟信息科技(上海)有限公司
  aliases: [Xiaohongshu, 小红书]
  kind: company
  jurisdiction: CN
- id: painter-a
  name: Painter A
  kind: person
- id: stability-ai
  name: Stability AI
  kind: company
"""

CLAIMS = """\
- id: copyright-infringement
  name: Copyright infringement
  name_zh: 著作权侵权
- id: training-data-use
  name: Use of works as AI training data
  parent: copyright-infringement
- id: copyrightability-ai-output
  name: Copyrightability of AI output
"""

# A judge of the fixture court, for the tests of judges and of the exports that draw them.
ZHU_GE = """\
- id: zhu-ge
  name: Zhu Ge
  name_zh: 朱阁
  court: cn-bj-internet
  sources:
    - {id: s1, url: "https://example.org/typical-cases", title: Typical cases, publisher: Example Court}
"""

PRODUCTS = """\
- id: trik-ai
  name: Trik AI
  kind: image-generator
  operator: xingyin
- id: stable-diffusion
  name: Stable Diffusion
  kind: image-generator
  operator: stability-ai
"""

CASES = """\
- id: cn-2023-li-v-liu
  title: Li v. Liu
  title_zh: 李某诉刘某案
  kind: ruling
  jurisdiction: CN
  court: cn-bj-internet
  case_number: (2023)京0491民初11279号
  status: decided
  filed: 2023-05
  decided: 2023-11-27
  parties:
    - {party: li, role: plaintiff}
    - {party: liu, role: defendant}
  claims: [copyrightability-ai-output, copyright-infringement]
  products: [stable-diffusion]
  summary: An AI-generated image is a work.
  events:
    - {date: 2023-11-27, kind: ruling, what: Judgment for the plaintiff., source: s1}
    - {date: 2023-11, kind: statement, what: Court publishes the case., source: s1}
  ruling:
    date: 2023-11-27
    outcome: Plaintiff won
    damages: {amount: 500, currency: CNY}
    source: s1
  sources:
    - {id: s1, url: "https://example.org/li-v-liu", title: Li v. Liu, publisher: Example Court, published: 2023-11-29}
- id: cn-2023-painters-v-xiaohongshu
  title: Painters v. Xiaohongshu
  title_zh: 画师诉小红书案
  kind: lawsuit
  jurisdiction: CN
  court: cn-bj-internet
  status: pending
  as_of: 2024-06
  filed: 2023-10
  parties:
    - {party: painter-a, role: plaintiff}
    - {party: xingyin, role: defendant}
  claims: [training-data-use, copyright-infringement]
  products: [trik-ai]
  summary: Illustrators say Trik AI was trained on their drawings.
  events:
    - {date: 2024-06-20, kind: hearing, what: Online hearing., source: s1}
    - {date: 2023-10, kind: filed, what: Suit filed., source: s1}
  related:
    - {case: cn-2023-li-v-liu, relation: similar-facts}
  sources:
    - {id: s1, url: "https://example.org/painters", title: Painters sue, publisher: Example News}
- id: us-2023-andersen-v-stability
  title: Andersen v. Stability AI
  kind: lawsuit
  jurisdiction: US
  court: us-cand
  case_number: 3:23-cv-00201-WHO
  status: pending
  as_of: 2024-08
  filed: 2023-01-13
  parties:
    - {party: painter-a, role: plaintiff}
    - {party: stability-ai, role: defendant}
  claims: [training-data-use]
  products: [stable-diffusion]
  sources:
    - {id: s1, url: "https://example.org/andersen", title: Andersen, publisher: Example Law}
- id: cn-2023-xiaohongshu-boycott
  title: Illustrators boycott Xiaohongshu
  kind: controversy
  jurisdiction: CN
  status: resolved
  parties:
    - {party: xingyin, role: subject}
  events:
    - {date: 2023-08, kind: complaint, what: Illustrators object., source: s1}
  related:
    - {case: cn-2023-painters-v-xiaohongshu, relation: related-controversy}
  sources:
    - {id: s1, url: "https://example.org/boycott", title: Boycott, publisher: Example News}
"""

FILES = {"courts": COURTS, "parties": PARTIES, "claims": CLAIMS, "products": PRODUCTS, "cases": CASES}


def write_data(directory: Path, **overrides: str) -> Path:
    """Write the fixture data set into `directory`, with some files replaced by `overrides`."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **overrides}.items():
        (directory / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """kb speaks English in the tests, whatever the locale of the machine; a test of the Chinese
    interface sets KB_LANG=zh itself (see tests/test_i18n.py)."""
    monkeypatch.setenv("KB_LANG", "en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return write_data(tmp_path / "data")


@pytest.fixture
def run(data_dir: Path, tmp_path: Path):
    """Invoke the CLI on the fixture data: run("cases", "--json") -> Result."""
    runner = CliRunner()
    db = tmp_path / "kb.sqlite"

    def invoke(*args: str, data: Path = data_dir, input: str | None = None):
        from kb.cli import app

        return runner.invoke(app, ["--data", str(data), "--db", str(db), *args], input=input, catch_exceptions=False)

    invoke.db = db
    return invoke


@pytest.fixture
def con(data_dir: Path, tmp_path: Path):
    """A read-only connection to a database built from the fixture data."""
    from kb import store

    paths = store.Paths(data_dir, tmp_path / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    connection = store.connect_readonly(paths.db)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory):
    """The shipped data (data/) built once into a database: (its paths, a read-only connection)."""
    from kb import store

    root = Path(__file__).resolve().parent.parent
    paths = store.Paths(root / "data", tmp_path_factory.mktemp("shipped-db") / "kb.sqlite")
    dataset, findings = store.build(paths)
    assert dataset is not None, findings
    con = store.connect_readonly(paths.db)
    yield paths, con
    con.close()
