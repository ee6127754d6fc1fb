"""An incremental rebuild makes the database a full build makes, with the same findings, and falls back
to a full build wherever it cannot be sure.

Each test edits the YAML as a contributor would (a record rewritten, added, removed, renamed with the
references to it, a party renamed, records swapped), builds the database it had before incrementally,
builds another from scratch, and compares the two with bench/same_db.py's fingerprint.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import write_data
from kb import incremental, store
from kb.yamlfile import record_spans

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("same_db", ROOT / "bench" / "same_db.py")
same_db = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(same_db)


# -- editing the YAML, record by record ------------------------------------------------------------------
class DataFile:
    """A data file as its header and the text of each record, to edit one record's text at a time."""

    def __init__(self, path: Path):
        self.path = path
        text = path.read_text(encoding="utf-8")
        spans = record_spans(text)
        self.header = text[:spans[0][0]] if spans else text
        self.chunks = [text[start:end] for start, end, _ in spans]

    def record(self, i: int) -> dict:
        return yaml.safe_load(self.chunks[i])[0]

    def set(self, i: int, record: dict) -> None:
        self.chunks[i] = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=10_000)

    def ids(self) -> list[str]:
        return [self.record(i)["id"] for i in range(len(self.chunks))]

    def save(self) -> None:
        self.path.write_text(self.header + "".join(self.chunks), encoding="utf-8")


def _append(path: Path, i: int, key: str, words: str) -> None:
    """Words added to one field of the record at place `i` (modulo the number of records)."""
    file = DataFile(path)
    i %= len(file.chunks)
    record = file.record(i)
    record[key] += words
    file.set(i, record)
    file.save()


def edit(data: Path, i: int) -> str:
    _append(data / "cases.yaml", i, "title", " (edited)")
    return "edit"


def add(data: Path, i: int) -> str:
    cases = DataFile(data / "cases.yaml")
    record = cases.record(i % len(cases.chunks))
    record["id"] = f"{record['id']}-copy{len(cases.chunks)}"
    cases.chunks.append("")
    cases.set(len(cases.chunks) - 1, record)
    cases.save()
    return "add"


def delete(data: Path, i: int) -> str:
    cases = DataFile(data / "cases.yaml")
    del cases.chunks[i % len(cases.chunks)]
    cases.save()
    return "delete"


def rename(data: Path, i: int) -> str:
    """A new id for a case, and every `related` reference to it changed to match."""
    cases = DataFile(data / "cases.yaml")
    i %= len(cases.chunks)
    record = cases.record(i)
    old, new = record["id"], record["id"] + "-renamed"
    for j in range(len(cases.chunks)):
        other = record if j == i else cases.record(j)
        refs = [r for r in other.get("related") or [] if r.get("case") == old]
        for r in refs:
            r["case"] = new
        if j == i:
            other["id"] = new
        if refs or j == i:
            cases.set(j, other)
    cases.save()
    return "rename"


def rename_party(data: Path, i: int) -> str:
    _append(data / "parties.yaml", i, "name", " Holdings")
    return "party"


def swap(data: Path, i: int) -> str:
    cases = DataFile(data / "cases.yaml")
    i %= len(cases.chunks) - 1
    cases.chunks[i], cases.chunks[i + 1] = cases.chunks[i + 1], cases.chunks[i]
    cases.save()
    return "swap"


def misdate(data: Path, i: int) -> str:
    """An error: a case decided before it was filed (both builds refuse it, with the same finding)."""
    cases = DataFile(data / "cases.yaml")
    i %= len(cases.chunks)
    record = cases.record(i)
    record["filed"], record["decided"] = "2024-05-02", "2024-05-01"
    cases.set(i, record)
    cases.save()
    return "error"


EDITS = (edit, add, delete, rename, rename_party, swap, misdate)


# -- building both ways ------------------------------------------------------------------------------------
def both_ways(data: Path, db: Path, scratch: Path):
    """Build `db` (incremental where it can) and a database from scratch; assert they are the same.
    Returns the incremental build's dataset (None when the data has errors)."""
    dataset, findings = store.build(store.Paths(data, db))
    fresh = scratch / "full.sqlite"
    fresh.unlink(missing_ok=True)
    full_dataset, full_findings = store.build(store.Paths(data, fresh), full=True)
    assert (dataset is None) == (full_dataset is None)
    assert findings == full_findings
    assert [f.said() for f in findings] == [f.said() for f in full_findings]
    if dataset is not None:
        assert same_db.differences(db, fresh) == []
        assert dataset.counts() == full_dataset.counts()
    return dataset


def test_an_edit_rebuilds_only_that_record_and_makes_the_same_database(tmp_path):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    store.build(store.Paths(data, db))
    edit(data, 0)
    dataset = both_ways(data, db, tmp_path)
    assert dataset.reread is not None and dataset.reread < dataset.counts()["cases"] + dataset.counts()["courts"]
    assert len(dataset.records["cases"]) >= 1  # the edited case was read again


@pytest.mark.parametrize("change", EDITS, ids=lambda f: f.__name__)
def test_each_kind_of_change_gives_the_database_of_a_full_build(tmp_path, change):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    store.build(store.Paths(data, db))
    kind = change(data, 1)
    dataset = both_ways(data, db, tmp_path)
    if kind in ("edit", "add", "rename", "party", "swap"):  # two records swapped: each place has a new text
        assert dataset.reread is not None, f"{kind} should rebuild incrementally"
    if kind == "delete" and dataset is not None:  # (a deleted case may leave references dangling)
        assert dataset.reread is None, "a deletion moves every later record: a full build"
    if kind == "error":
        assert dataset is None


def test_the_shipped_data_edited_one_record_at_a_time(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.sqlite"))
    db = tmp_path / "kb.sqlite"
    store.build(store.Paths(data, db))
    for change, i in ((edit, 5), (rename_party, 3), (add, 17), (rename, 40)):
        kind = change(data, i)
        dataset = both_ways(data, db, tmp_path)
        assert dataset.reread is not None, kind
        assert dataset.reread < 118


def test_a_change_it_cannot_follow_falls_back_to_a_full_build(tmp_path):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    store.build(store.Paths(data, db))
    paths = store.Paths(data, db)
    (data / "cases.yaml").write_text("# a new header line\n" + (data / "cases.yaml").read_text("utf-8"), "utf-8")
    assert incremental.update(paths) == "the comments at the top of cases.yaml changed"
    assert both_ways(data, db, tmp_path).reread is None
    aliases = "- id: deepfake\n  terms:\n    - term: deepfake\n      lang: en\n    - term: face swap\n      lang: en\n"
    (data / "aliases.yaml").write_text(aliases, "utf-8")
    assert incremental.update(paths) == "a data file was added or removed"
    both_ways(data, db, tmp_path)
    (data / "aliases.yaml").write_text(aliases + "    - term: 换脸\n      lang: zh\n", "utf-8")
    assert incremental.update(paths) == "aliases.yaml changed, and every case's search entry depends on it"
    both_ways(data, db, tmp_path)
    assert isinstance(incremental.update(paths), tuple)  # nothing changed since: nothing to do but say so


def test_an_error_leaves_the_database_as_it_was(tmp_path):
    data = write_data(tmp_path / "data")
    db = tmp_path / "kb.sqlite"
    store.build(store.Paths(data, db))
    before = db.read_bytes()
    misdate(data, 0)
    dataset, findings = store.build(store.Paths(data, db))
    assert dataset is None and any("is before filed" in f.message for f in findings)
    assert db.read_bytes() == before


def test_the_cli_says_how_much_it_read_again(run, data_dir):
    assert run("load").exit_code == 0
    edit(data_dir, 0)
    result = run("load")
    assert result.exit_code == 0 and "read again, the rest kept from the last build" in result.output
    result = run("load", "--full")
    assert result.exit_code == 0 and "built " in result.output and "read again" not in result.output
    delete(data_dir, 3)  # the last case, which no other names
    result = run("load")
    assert result.exit_code == 0 and "(all records: a record was removed from cases.yaml)" in result.output


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 10_000)), min_size=1, max_size=4))
def test_random_edits_give_the_database_of_a_full_build(tmp_path_factory, steps):
    """Random series of edits, additions, deletions, renames (with their references), party renames,
    swaps and errors on the shipped data: after each, the same database and findings as a full build."""
    tmp = tmp_path_factory.mktemp("random")
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.sqlite"))
    db = tmp / "kb.sqlite"
    store.build(store.Paths(data, db))
    for change, i in steps:
        change(data, i)
        both_ways(data, db, tmp)


def test_a_random_edit_at_scale_reads_one_case_and_its_links(tmp_path):
    """On generated data (1,000 cases), editing one case reads back only a handful of records."""
    import subprocess
    import sys

    data = tmp_path / "data"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--cases", "1000", "--out", str(data)],
                   check=True, capture_output=True)
    db = tmp_path / "kb.sqlite"
    store.build(store.Paths(data, db))
    edit(data, random.Random(7).randrange(1000))
    dataset = both_ways(data, db, tmp_path)
    assert dataset.reread is not None and dataset.reread < 100
