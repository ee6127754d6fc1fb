"""Keep the README's terminal examples true: run each one on the shipped data and write its output.

A block written as

    ```console lines=12
    $ kb cases --court "Beijing Internet Court"
    ```

is filled with the first 12 lines the command prints at 100 columns (and a last line `…` when
there are more). `python tools/readme.py` rewrites README.md; `--check` exits 1 when it is stale.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```console(?: lines=(\d+))?\n\$ kb (.*?)\n.*?^```$", re.S | re.M)


def run(args: str, db: Path) -> str:
    from typer.testing import CliRunner

    from kb.cli import app

    env = {"COLUMNS": "100", "KB_DATA": str(ROOT / "data"), "KB_DB": str(db)}
    result = CliRunner().invoke(app, shlex.split(args), env=env)
    return result.stdout


def render(text: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.sqlite"

        def fill(match: re.Match) -> str:
            lines, args = match.group(1), match.group(2)
            output = [line.rstrip() for line in run(args, db).rstrip("\n").splitlines()]
            if lines and len(output) > int(lines):
                output = output[: int(lines)] + ["…"]
            head = f"```console lines={lines}" if lines else "```console"
            return "\n".join([head, f"$ kb {args}", *output, "```"])

        return BLOCK.sub(fill, text)


def main() -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in sys.argv[1:]:
        if fresh != current:
            print("README.md examples are stale; run: python tools/readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.pop("KB_DEBUG", None)
    sys.exit(main())
