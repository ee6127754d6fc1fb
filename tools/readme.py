"""Keep the README's terminal examples and its counts true: run each example on the data and write its output.

A block written as

    ```console lines=12
    $ kb cases --court "Beijing Internet Court"
    ```

is filled with the first 12 lines the command prints at 100 columns (and a last line `…` when
there are more). The data summary between `<!-- counts -->` and `<!-- /counts -->` is written from
the data files ("96 records (38 of them Chinese), 32 courts and 22 judges").

`python tools/readme.py` rewrites README.md; `--check` exits 1 when it is stale. A data pull request
runs it (or lets the `kb-readme` pre-commit hook run it) rather than editing counts or examples by hand.
`--data DIR` renders from another data directory (the tests add a case to a copy and render again).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console(?: lines=(\d+))?\n\$ kb (.*?)\n.*?^```$", re.S | re.M)
COUNTS = re.compile(r"<!-- counts -->.*?<!-- /counts -->", re.S)


def run(args: str, data: Path, db: Path) -> str:
    from typer.testing import CliRunner

    from kb.cli import app

    env = {"COLUMNS": "100", "KB_DATA": str(data), "KB_DB": str(db)}
    result = CliRunner().invoke(app, shlex.split(args), env=env)
    return result.stdout


def counts(data: Path) -> str:
    """The data summary sentence's numbers, read from the data files as kb reads them."""
    import yaml

    def records(name: str) -> list:
        path = data / f"{name}.yaml"
        return (yaml.safe_load(path.read_text(encoding="utf-8")) or []) if path.exists() else []

    cases = records("cases")
    chinese = sum(isinstance(c, dict) and c.get("jurisdiction") == "CN" for c in cases)
    return (f"<!-- counts -->{len(cases)} records ({chinese} of them Chinese), {len(records('courts'))} courts "
            f"and {len(records('judges'))} judges<!-- /counts -->")


def render(text: str, data: Path = ROOT / "data") -> str:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.sqlite"

        def fill(match: re.Match) -> str:
            lines, args = match.group(1), match.group(2)
            output = [line.rstrip() for line in run(args, data, db).rstrip("\n").splitlines()]
            if lines and len(output) > int(lines):
                output = output[: int(lines)] + ["…"]
            head = f"```console lines={lines}" if lines else "```console"
            return "\n".join([head, f"$ kb {args}", *output, "```"])

        text = COUNTS.sub(lambda _: counts(data), text)
        return BLOCK.sub(fill, text)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md is stale, change nothing")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data directory to render from")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    fresh = render(current, args.data)
    if args.check:
        if fresh != current:
            print("README.md examples or counts are stale; run: python tools/readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.pop("KB_DEBUG", None)
    sys.exit(main(sys.argv[1:]))
