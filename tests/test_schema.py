import json
from pathlib import Path

from kb import schema
from kb.models import REGISTRIES, VOCABULARIES

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def test_committed_schemas_match_the_models():
    stale = schema.stale_files(SCHEMAS)
    assert stale == [], f"run `kb schema` to update: {stale}"


def test_schema_lists_enum_values_and_forbids_unknown_fields():
    cases = schema.schema_for("cases")
    case = cases["$defs"]["Case"]
    assert case["additionalProperties"] is False
    assert "lawsuit" in json.dumps(case["properties"]["kind"])
    assert set(case["required"]) >= {"id", "title", "kind", "jurisdiction", "status", "sources"}
    assert cases["type"] == "array"


def test_check_reports_a_stale_schema_and_write_fixes_it(tmp_path):
    assert schema.write(tmp_path) == [tmp_path / f"{name}.schema.json" for name in (*REGISTRIES, *VOCABULARIES)]
    assert schema.stale_files(tmp_path) == []
    (tmp_path / "cases.schema.json").write_text("{}", encoding="utf-8")
    assert schema.stale_files(tmp_path) == [tmp_path / "cases.schema.json"]
    assert schema.write(tmp_path) == [tmp_path / "cases.schema.json"]


def test_schema_cli_check(run, tmp_path, data_dir):
    (data_dir.parent / "schemas").mkdir()
    assert run("schema", "--check").exit_code == 1
    assert run("schema").exit_code == 0
    assert run("schema", "--check").exit_code == 0
