"""`python -m kb`: the same as the `kb` command, for where kb is importable but not installed
(this repository's own pre-commit hooks run it from the working tree)."""

from kb.cli import main

main()
