"""The floor for `kb load`: parse the YAML and insert it into equivalent tables, nothing more.

No validation, no cross-checks, no search index: the least any loader must do. `--parser`
picks the YAML parser, to compare yaml-rs (the fastest here) with PyYAML's C loader.

    python bench/floor.py DATA_DIR DB [--parser yaml-rs|pyyaml]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

REGISTRIES = ("courts", "parties", "claims", "products")
CASE_COLUMNS = ("id", "title", "title_zh", "kind", "jurisdiction", "court", "case_number", "status", "as_of", "filed",
                "decided", "summary", "summary_zh", "note")


def parse(path: Path, parser: str):
    text = path.read_text(encoding="utf-8")
    if parser == "yaml-rs":
        import yaml_rs

        return yaml_rs.loads(text)
    import yaml

    return yaml.load(text, Loader=yaml.CSafeLoader)


def text(value):
    return value if value is None or isinstance(value, (str, int, float)) else str(value)


def main() -> int:
    args = argparse.ArgumentParser()
    args.add_argument("data", type=Path)
    args.add_argument("db", type=Path)
    args.add_argument("--parser", choices=("yaml-rs", "pyyaml"), default="yaml-rs")
    ns = args.parse_args()
    con = sqlite3.connect(ns.db)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    with con:
        for name in REGISTRIES:
            rows = parse(ns.data / f"{name}.yaml", ns.parser)
            con.execute(f"CREATE TABLE {name} (id TEXT PRIMARY KEY, name TEXT, name_zh TEXT, record TEXT)")
            con.executemany(f"INSERT INTO {name} VALUES (?, ?, ?, ?)",
                            ((r["id"], r["name"], r.get("name_zh"), json.dumps(r, default=str)) for r in rows))
        cases = parse(ns.data / "cases.yaml", ns.parser)
        con.execute(f"CREATE TABLE cases ({', '.join(CASE_COLUMNS)}, record TEXT, PRIMARY KEY (id))")
        con.executemany(f"INSERT INTO cases VALUES ({', '.join('?' * (len(CASE_COLUMNS) + 1))})",
                        ([text(c.get(k)) for k in CASE_COLUMNS] + [json.dumps(c, default=str)] for c in cases))
        children = {
            "case_parties": ("party", "role"), "events": ("date", "kind", "what", "source"),
            "sources": ("id", "url", "title", "publisher", "published"), "relations": ("case", "relation"),
        }
        for table, columns in children.items():
            field = {"case_parties": "parties", "relations": "related"}.get(table, table)
            quoted = ", ".join(f'"{c}"' for c in columns)
            con.execute(f'CREATE TABLE {table} (case_id, position, {quoted})')
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * (len(columns) + 2))})",
                            ([c["id"], i, *(text(item.get(k)) for k in columns)]
                             for c in cases for i, item in enumerate(c.get(field) or [])))
        for table, field in (("case_claims", "claims"), ("case_products", "products")):
            con.execute(f"CREATE TABLE {table} (case_id, position, value)")
            con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)",
                            ((c["id"], i, v) for c in cases for i, v in enumerate(c.get(field) or [])))
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
