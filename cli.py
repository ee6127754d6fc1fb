"""Run the kb command line from a checkout: `python cli.py ...` is the same as `kb ...`."""

from kb.cli import main

if __name__ == "__main__":
    main()
