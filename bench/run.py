"""The benchmark suite: kb against the tools a user would pick instead, as whole processes.

Every measurement runs a command as its own process (cold imports included), several times,
and reports the median with min and max; targets are ratios between commands measured side by
side in the same run, because this machine is shared and absolute times drift while ratios hold.

    python bench/run.py            # the full suite at 20,000 cases (and 1k–100k for growth)
    python bench/run.py --quick    # small sizes, few runs: a smoke test in well under 2 minutes
    python bench/run.py --only query against --against REV
                                   # re-measure some groups (here the read ratio, and `kb load` against
                                   # the kb of git revision REV) into their own section of results.md

It prints a table and writes bench/results.md. Baselines that are not installed (sqlite-utils,
yaml-to-sqlite) are reported as missing; `pip install -e '.[bench]'` installs them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))


@dataclass
class Timing:
    name: str
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    missing: Optional[str] = None
    cpu: list[float] = field(default_factory=list)  # CPU seconds per run, where taken

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def peak(self) -> float:
        return max(self.peak_mb) if self.peak_mb else float("nan")


def run_once(cmd: list[str], env: Optional[dict] = None, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall-clock seconds and peak resident memory (MiB) of one process."""
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty process cannot block on it
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {errors.read().decode()[-500:]}")
    global LAST_CPU
    LAST_CPU = usage.ru_utime + usage.ru_stime
    return elapsed, usage.ru_maxrss / 1024


LAST_CPU = 0.0  # CPU seconds (user + system) of the last process run_once ran


def measure(name: str, cmd: list[str], runs: int, before=None, env=None, ok: tuple[int, ...] = (0,)) -> Timing:
    timing = Timing(name)
    for _ in range(runs):
        if before:
            before()
        seconds, peak = run_once(cmd, env, ok)
        timing.seconds.append(seconds)
        timing.peak_mb.append(peak)
    return timing


def measure_pair(a: tuple[str, list[str], Optional[dict]], b: tuple[str, list[str], Optional[dict]], runs: int,
                 before=None) -> tuple[Timing, Timing]:
    """Two commands run in turn (a, b, a, b, ...), so that the machine's drift falls on both alike."""
    timings = (Timing(a[0]), Timing(b[0]))
    for _ in range(runs):
        for timing, (_, cmd, env) in zip(timings, (a, b)):
            if before:
                before()
            seconds, peak = run_once(cmd, env)
            timing.seconds.append(seconds)
            timing.peak_mb.append(peak)
            timing.cpu.append(LAST_CPU)
    return timings


def kb_at(rev: str, work: Path) -> tuple[list[str], dict]:
    """The kb command of another revision of this repository (its `kb/` package, run by this Python)."""
    import io
    import tarfile

    dest = work / f"kb-at-{rev.replace('/', '_')}"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "kb"], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    env = {**os.environ, "PYTHONPATH": str(dest)}
    # `python -c` puts the working directory first on the path: run from the repository, that would
    # import this revision's kb rather than the other one
    first = "import sys; sys.path = [p for p in sys.path if p]; "
    check = subprocess.run([sys.executable, "-c", first + "import kb; print(kb.__file__)"], env=env, cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert check.startswith(str(dest)), check
    return [sys.executable, "-c", first + "from kb.cli import main; main()"], env


def tool(name: str) -> Optional[str]:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


def kb(data: Path, db: Path, *args: str) -> list[str]:
    return [str(BIN / "kb"), "--data", str(data), "--db", str(db), *args]


def generate(cases: int, out: Path, errors: int = 0) -> Path:
    cmd = [sys.executable, str(ROOT / "bench" / "generate.py"), "--cases", str(cases), "--seed", "1", "--out", str(out)]
    if errors:
        cmd += ["--errors", str(errors)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out


def edit_one_case(cases: Path):
    """Before each run: the title of one case in the middle of the file changed (another word each time)."""
    count = [0]

    def edit():
        text = cases.read_text(encoding="utf-8")
        at = text.index("\n  title: \"", len(text) // 2) + len("\n  title: \"")  # generated titles are quoted
        count[0] += 1
        cases.write_text(f"{text[:at]}Edit {count[0]} {text[at:]}", encoding="utf-8")

    return edit


def remove(*paths: Path):
    def clear():
        for p in paths:
            p.unlink(missing_ok=True)

    return clear


# Why a target can be missed, measured with cProfile on the 20,000-case set; printed under the
# table for every target the run misses.
WHY = {
    "kb load": (
        "`kb load` does what the floor does (parse with yaml-rs, insert with executemany in one "
        "transaction) and, on top, validates every record into pydantic models, cross-checks references, "
        "dates and brackets, writes each record's JSON and builds four FTS5 indexes (trigram, word and "
        "prefix search, and the `cases_fts` index Datasette searches, which indexes every substring of each "
        "Chinese run). Of its CPU time, SQLite filling the four indexes takes about a quarter, the tables and "
        "their indexes a sixth, yaml-rs and pydantic-core (parse, validate, dump) a fifth, and the Python "
        "cross-checks and row and document generation a third: most of it C work the floor does not do. "
        "After an edit, `kb load` rebuilds only what changed (the row \"after an edit of one case\")."
    ),
    "kb path A B": (
        "a bidirectional search reads, level by level of cost, the links of every node it reaches; between "
        "cases far apart that is tens of thousands of rows, where `kb cases` reads 20."
    ),
    "kb path A B, first and last case": (
        "a bidirectional search reads, level by level of cost, the links of every node it reaches; between "
        "cases far apart that is tens of thousands of rows, where `kb cases` reads 20."
    ),
    "kb related ID": ("it scores every case connected to the case (about 3,000 here, most through a shared claim "
                      "or court) before it can show the nearest 20; titles and reasons are written only for those."),
    "kb fmt --check, files as generated": (
        "a file whose records are not canonical is read three times where `kb validate` reads it once: with "
        "yaml-rs (to recognise the canonical records), with libyaml's events (yaml-rs keeps no trace of which "
        "values were quoted, which decides how a value is written), and once written, back with yaml-rs and "
        "libyaml's events to check that every value is the same; and it is written in Python."
    ),
    "kb --help": "Typer builds the help of every command; the ratio moves with the machine's load.",
    "kb cases --court X --json": "the Python start-up of a Typer app; the ratio moves with the machine's load.",
}

GROUPS = ("query", "startup", "load", "against", "graph", "growth", "validate", "site", "fmt")

QUERY_SQL = """
SELECT c.id, c.title, c.title_zh, c.kind, c.jurisdiction, c.court_id, c.case_number, c.status, c.filed, c.decided,
  (SELECT json_group_array(json_object('id', p.id, 'name', p.name, 'name_zh', p.name_zh, 'role', cp.role))
     FROM case_parties cp JOIN parties p ON p.id = cp.party_id WHERE cp.case_id = c.id) AS parties,
  (SELECT json_group_array(claim_id) FROM case_claims WHERE case_id = c.id) AS claims
FROM cases c WHERE c.court_id = '{court}' ORDER BY coalesce(c.filed_start, c.decided_start, '9999'), c.id
"""


def busiest(db: Path) -> dict[str, str]:
    """Ids to query with: the busiest court, two cases linked through a party, the first and the last case
    by id (a longer chain), a common word."""
    import sqlite3

    con = sqlite3.connect(db)
    court = con.execute("SELECT court_id, count(*) n FROM cases WHERE court_id IS NOT NULL GROUP BY court_id "
                        "ORDER BY n DESC LIMIT 1").fetchone()[0]
    a, b = con.execute("SELECT a.case_id, b.case_id FROM case_parties a JOIN case_parties b ON a.party_id = b.party_id "
                       "AND a.case_id < b.case_id LIMIT 1").fetchone()
    first, last = (con.execute(f"SELECT {f}(id) FROM cases").fetchone()[0] for f in ("min", "max"))
    # a name of the data misspelt (two letters swapped), which finds nothing and gets "did you mean"
    product = con.execute("SELECT name FROM products ORDER BY id LIMIT 1").fetchone()
    name = product[0].split()[0] if product else "Midjourney"
    typo = name[:-3] + name[-2] + name[-3] + name[-1] if len(name) > 3 else "Midjurney"
    return {"court": court, "case": a, "other": b, "word": "training", "typo": typo, "first": first, "last": last}


def suite(args) -> tuple[list[tuple], list[str]]:
    """Run every benchmark; return table rows and the lines of results.md."""
    runs, size = args.runs, args.cases
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    rows: list[tuple] = []
    notes: list[str] = []

    def row(group: str, t: Timing, baseline: Optional[Timing] = None, target: Optional[float] = None,
            memory: bool = False):
        ratio = t.median / baseline.median if baseline and baseline.seconds and t.seconds else None
        verdict = "" if ratio is None or target is None else ("met" if ratio <= target else f"missed by {ratio / target:.2f}×")
        rows.append((group, t.name, t.median, min(t.seconds, default=float("nan")), max(t.seconds, default=float("nan")),
                     t.peak if memory else None, ratio, target, verdict, t.missing))

    def wanted(group: str) -> bool:
        return not args.only or group in args.only

    kb_load: Optional[Timing] = None

    try:
        data = generate(size, work / f"data-{size}")
        db = work / "kb.sqlite"
        subprocess.run(kb(data, db, "load"), check=True, stderr=subprocess.DEVNULL)
        ids = busiest(db)

        # 1. query
        if wanted("query"):
            kb_query = measure("kb cases --court X --json", kb(data, db, "cases", "--court", ids["court"], "--json"), runs)
            su = tool("sqlite-utils")
            su_query = (measure("sqlite-utils query (same SQL)", [su, "query", str(db), QUERY_SQL.format(**ids)], runs)
                        if su else Timing("sqlite-utils query (same SQL)", missing="sqlite-utils not installed"))
            row("query", su_query)
            row("query", kb_query, su_query, 1.0)

        # 2. startup
        if wanted("startup"):
            typer_import = measure("python -c 'import typer'", [sys.executable, "-c", "import typer"], runs)
            kb_help = measure("kb --help", [str(BIN / "kb"), "--help"], runs)
            row("startup", typer_import)
            row("startup", kb_help, typer_import, 1.5)
            # in Chinese: kb's start-up with the catalog loaded and a message translated
            zh = {**os.environ, "KB_LANG": "zh"}
            kb_zh = measure("KB_LANG=zh: import kb.cli + catalog", [sys.executable, "-c", "import kb.cli; from kb.i18n "
                                                                     "import _; _('id')"], runs, env=zh)
            row("startup", kb_zh, typer_import, 1.5)

        # 3. load
        if wanted("load"):
            floor_db = work / "floor.sqlite"
            floor = measure("floor: yaml-rs + executemany", [sys.executable, str(ROOT / "bench" / "floor.py"), str(data),
                                                             str(floor_db)], runs, remove(floor_db))
            kb_db = work / "load.sqlite"
            kb_load = measure("kb load", kb(data, kb_db, "load"), runs, remove(kb_db))
            pyyaml = measure("PyYAML CSafeLoader + executemany",
                             [sys.executable, str(ROOT / "bench" / "floor.py"), str(data), str(floor_db), "--parser",
                              "pyyaml"], max(1, runs // 3), remove(floor_db))
            y2s = tool("yaml-to-sqlite")
            y2s_db = work / "y2s.sqlite"
            if y2s:
                y2s_cmd = [sys.executable, "-c", _Y2S.format(tool=y2s, db=y2s_db, data=data)]
                y2s_time = measure("yaml-to-sqlite", y2s_cmd, max(1, runs // 3), remove(y2s_db))
            else:
                y2s_time = Timing("yaml-to-sqlite", missing="yaml-to-sqlite not installed")
            # the same load after a contributor's edit of one record: only what changed is rebuilt
            edited = work / "edited"
            shutil.rmtree(edited, ignore_errors=True)
            shutil.copytree(data, edited)
            edited_db = work / "edited.sqlite"
            subprocess.run(kb(edited, edited_db, "load"), check=True, stderr=subprocess.DEVNULL)
            kb_edit = measure("kb load after an edit of one case", kb(edited, edited_db, "load"), runs,
                              edit_one_case(edited / "cases.yaml"))
            row("load", floor, memory=True)
            row("load", kb_load, floor, 2.0, memory=True)
            row("load", pyyaml, floor, None, memory=True)
            row("load", y2s_time, floor, None, memory=True)
            row("load", kb_edit, kb_load, 0.1, memory=True)
            mem_ratio = kb_load.peak / floor.peak
            notes.append(f"Peak memory of `kb load`: {kb_load.peak:.0f} MiB, {mem_ratio:.2f}× the floor's "
                         f"{floor.peak:.0f} MiB (target ≤ 1.5×: {'met' if mem_ratio <= 1.5 else 'missed'}).")

        # 3b. load against other revisions of kb (same data, same Python, runs taken in turn)
        if args.against and wanted("against"):
            against_db = work / "against.sqlite"
            for rev in args.against:
                cmd, env = kb_at(rev, work)
                label = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h", rev], check=True,
                                       capture_output=True, text=True).stdout.strip()
                now, then = measure_pair(
                    ("kb load", kb(data, against_db, "load"), None),
                    (f"kb load at {label} ({rev})", [*cmd, "--data", str(data), "--db", str(against_db), "load"], env),
                    runs, remove(against_db))
                row("against", then, memory=True)
                row("against", Timing(f"kb load vs {label}", now.seconds, now.peak_mb), then, 1.0, memory=True)
                cpu_now, cpu_then = statistics.median(now.cpu), statistics.median(then.cpu)
                notes.append(f"CPU time (user + system) of `kb load` against {label}: {cpu_now:.1f} s vs "
                             f"{cpu_then:.1f} s, {cpu_now / cpu_then:.2f}× (median of {runs}; CPU time moves less "
                             f"with the machine's load than wall-clock time).")

        # 4. graph and search, against kb cases at the same size
        if wanted("graph"):
            kb_cases = measure("kb cases --json", kb(data, db, "cases", "--json", "--limit", "20"), runs)
            row("graph/search", kb_cases)
            answers = (("kb related ID", ["related", ids["case"], "--json", "--limit", "20"]),
                       ("kb path A B", ["path", ids["case"], ids["other"], "--json"]),
                       ("kb path A B, first and last case", ["path", ids["first"], ids["last"], "--json"]))
            # kb related and kb search answer a reader as fast as a listing does (within 1.2×); a path search may
            # read more of the graph and has twice that
            limits = {"kb related ID": 1.2, "kb search WORD": 1.2, "kb search TYPO (did you mean)": 1.2}
            for name, cmd in (*answers, ("kb search WORD", ["search", ids["word"], "--json", "--limit", "20"]),
                              ("kb search TYPO (did you mean)", ["search", ids["typo"], "--json", "--limit", "20"])):
                row("graph/search", measure(name, kb(data, db, *cmd), runs), kb_cases, limits.get(name, 2.0))
            said = subprocess.run(kb(data, db, "search", ids["typo"], "--json"), capture_output=True, text=True).stderr
            notes.append(f"`kb search {ids['typo']}` (the TYPO row) says: " + (
                said.strip().splitlines()[-1] if "did you mean" in said else "no \"did you mean\" (the row measures "
                                                                             "a search without one)."))
            # the same answers from other revisions of kb (same data, runs taken in turn)
            for rev in args.against or ():
                cmd, env = kb_at(rev, work)
                label = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%h", rev], check=True,
                                       capture_output=True, text=True).stdout.strip()
                then_db = work / f"graph-{label}.sqlite"  # its own: a kb rebuilds a database another kb built
                subprocess.run([*cmd, "--data", str(data), "--db", str(then_db), "load"], env=env, check=True,
                               stderr=subprocess.DEVNULL)
                for name, args_ in answers:
                    then_cmd = [*cmd, "--data", str(data), "--db", str(then_db), *args_]
                    now, then = measure_pair((name, kb(data, db, *args_), None),
                                             (f"{name} at {label} ({rev})", then_cmd, env), runs)
                    row("graph/search", then)
                    row("graph/search", Timing(f"{name} vs {label}", now.seconds), then)
            # graph analytics: an answer in under 10 s at 20,000 cases (an absolute target; the ratio is shown)
            for name, cmd in (("kb graph central --json", ["graph", "central", "--json"]),
                              ("kb graph central --kind case --json", ["graph", "central", "--kind", "case", "--json"]),
                              ("kb graph clusters --json", ["graph", "clusters", "--json"])):
                t = measure(name, kb(data, db, *cmd), runs)
                row("graph/search", t, kb_cases)
                said = subprocess.run(kb(data, db, *cmd), capture_output=True, text=True).stderr.strip()
                notes.append(f"`{name}` at {size:,} cases: {t.median:.1f} s (target < 10 s: "
                             f"{'met' if t.median < 10 else 'missed'})" + (f"; it says: {said}" if said else "") + ".")

        # 5. growth
        if wanted("growth"):
            per_case = {}
            for n in args.growth:
                grow = generate(n, work / f"growth-{n}")
                grow_db = work / f"growth-{n}.sqlite"
                growth_runs = max(1, runs if n <= 20_000 else runs // 3)
                t = measure(f"kb load, {n:,} cases", kb(grow, grow_db, "load"), growth_runs, remove(grow_db))
                subprocess.run(kb(grow, grow_db, "load"), check=True, stderr=subprocess.DEVNULL)
                q = measure(f"kb cases --court X --json, {n:,} cases",
                            kb(grow, grow_db, "cases", "--court", busiest(grow_db)["court"], "--json"), growth_runs)
                per_case[n] = t.median / n
                row("growth", t)
                row("growth", q)
                shutil.rmtree(grow, ignore_errors=True)
                grow_db.unlink(missing_ok=True)
            smallest, largest = min(per_case), max(per_case)
            growth_ratio = per_case[largest] / per_case[smallest]
            notes.append(f"Load time per case: {per_case[smallest] * 1e6:.0f} µs at {smallest:,} cases, "
                         f"{per_case[largest] * 1e6:.0f} µs at {largest:,} ({growth_ratio:.2f}×; target ≤ 1.3×: "
                         f"{'met' if growth_ratio <= 1.3 else 'missed'}).")

        # 6. validate with seeded errors
        if wanted("validate"):
            errors = min(100, max(1, size // 10))
            bad = generate(size, work / "with-errors", errors=errors)
            expected = json.loads((bad / "expected_errors.json").read_text())
            result = subprocess.run(kb(bad, work / "bad.sqlite", "validate", "--format", "json"), capture_output=True,
                                    text=True)
            found = {(f["line"]) for f in json.loads(result.stdout) if f["severity"] == "error"}
            located = sum(e["line"] in found for e in expected)
            validate = measure(f"kb validate, {errors} seeded errors", kb(bad, work / "bad.sqlite", "validate"), runs,
                               ok=(1,))
            row("validate", validate, kb_load, 2.0)
            notes.append(f"`kb validate` found {located} of {len(expected)} seeded errors, each at its expected line.")

        # 7. the website, search index included: the repository's data, then a synthetic set
        if wanted("site"):
            if importlib.util.find_spec("jinja2") and importlib.util.find_spec("pagefind"):
                for label, site_data, limit in (("the repository's data", ROOT / "data", 10.0),  # both editions
                                                (f"{args.site_cases:,} cases", generate(args.site_cases,
                                                                                       work / "site-data"), 60.0)):
                    site_db, site_out = work / "site.sqlite", work / "site"
                    subprocess.run(kb(site_data, site_db, "load"), check=True, stderr=subprocess.DEVNULL)
                    count = subprocess.run(kb(site_data, site_db, "stats", "--json"), check=True, capture_output=True,
                                           text=True).stdout
                    cases = json.loads(count)["cases"]
                    t = measure(f"kb site -o DIR, {label}", kb(site_data, site_db, "site", "-o", str(site_out)),
                                max(1, runs // 3))
                    row("site", t)
                    notes.append(f"`kb site` with its search index: {cases:,} cases in {t.median:.1f} s "
                                 f"(target < {limit:g} s: {'met' if t.median < limit else 'missed'}).")
                    site_db.unlink(missing_ok=True)
            else:
                row("site", Timing("kb site -o DIR", missing="the web extra is not installed"))
        # 8. kb fmt --check against kb validate: on the files as generated (every value quoted, so not canonical:
        # fmt formats them and checks the result) and on the same files once formatted
        if wanted("fmt"):
            formatted = work / "fmt-data"
            shutil.copytree(data, formatted)
            subprocess.run(kb(formatted, db, "fmt"), check=True, stderr=subprocess.DEVNULL)
            validate = measure("kb validate", kb(data, db, "validate"), runs)
            canonical = measure("kb fmt --check, canonical files", kb(formatted, db, "fmt", "--check"), runs)
            generated = measure("kb fmt --check, files as generated", kb(data, db, "fmt", "--check"), runs, ok=(1,))
            row("fmt", validate)
            row("fmt", canonical, validate, 3.0)
            row("fmt", generated, validate, 3.0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows, notes


_Y2S = """
import subprocess, sys
for name in ("courts", "parties", "claims", "products", "cases"):
    subprocess.run(["{tool}", "{db}", name, "{data}/" + name + ".yaml"], check=True)
"""


def render(rows: list[tuple], notes: list[str], args) -> str:
    head = ("| group | command | median s | min s | max s | peak MiB | ratio | target | |\n"
            "|---|---|---:|---:|---:|---:|---:|---:|---|")
    lines = [head]
    for group, name, median, lo, hi, peak, ratio, target, verdict, missing in rows:
        if missing:
            lines.append(f"| {group} | {name} | – | – | – | – | – | – | {missing} |")
            continue
        lines.append(f"| {group} | {name} | {median:.3f} | {lo:.3f} | {hi:.3f} | "
                     f"{'' if peak is None else f'{peak:.0f}'} | {'' if ratio is None else f'{ratio:.2f}×'} | "
                     f"{'' if target is None else f'≤ {target:g}×'} | {verdict} |")
    why = [f"- **{name}** misses its target: {WHY[name]}" for _, name, *rest in rows
           if rest[-2].startswith("missed") and name in WHY]
    if why:
        why = ["", "Where a target is missed, and why:", "", *why]
    return "\n".join(lines + [""] + [f"- {n}" for n in notes] + why) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and 3 runs: a smoke test")
    parser.add_argument("--cases", type=int, help="size for query, load, graph and validate (default 20000)")
    parser.add_argument("--runs", type=int, help="runs per measurement (default 5; --quick 3)")
    parser.add_argument("--growth", type=int, nargs="*", help="sizes for the growth test")
    parser.add_argument("--site-cases", type=int, help="size of the synthetic set for kb site (default 1000)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md", help="where to write the table")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups; their table is written "
                        "as a section of --out (replacing the section of the same groups), the rest kept")
    parser.add_argument("--against", action="append", metavar="REV", help="also time `kb load` (group `against`) "
                        "and `kb related` / `kb path` (group `graph`) of this git revision on the same data, in turn "
                        "with this one (repeatable)")
    args = parser.parse_args()
    args.cases = args.cases or (300 if args.quick else 20_000)
    args.runs = args.runs or (3 if args.quick else 5)
    args.site_cases = args.site_cases or (100 if args.quick else 1_000)
    args.growth = args.growth or ([100, 300] if args.quick else [1_000, 5_000, 20_000, 100_000])
    started = time.perf_counter()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_before = os.getloadavg()[0]
    rows, notes = suite(args)
    load_after = os.getloadavg()[0]
    table = render(rows, notes, args)
    print(table)
    how = (f"{args.cases:,} cases, median of {args.runs} runs, whole processes; Python {sys.version.split()[0]}, "
           f"{os.cpu_count()} cores. Run on {when}; took {time.perf_counter() - started:.0f} s; load "
           f"average (1 min) {load_before:.1f} at the start and {load_after:.1f} at the end: absolute times "
           f"grow with the machine's load, ratios between commands measured side by side much less")
    if args.only:
        command = " ".join(["python bench/run.py", *sys.argv[1:]]).replace(str(ROOT) + os.sep, "")
        section = f"{SECTION}{', '.join(args.only)}\n\n`{command}` — {how}.\n\n{table}"
        args.out.write_text(replace_section(args.out.read_text(encoding="utf-8") if args.out.exists() else "",
                                            section, args.only), encoding="utf-8")
        return 0
    header = f"# Benchmark results\n\n`python bench/run.py{' --quick' if args.quick else ''}` — {how}.\n\n"
    args.out.write_text(header + table, encoding="utf-8")
    return 0


SECTION = "## Re-measured: "


def replace_section(text: str, section: str, groups: list[str]) -> str:
    """`text` with the section of these groups replaced by `section` (or added at the end)."""
    head = f"{SECTION}{', '.join(groups)}\n"
    if head in text:
        before, rest = text.split(head, 1)
        after = rest[rest.index("\n## ") + 1:] if "\n## " in rest else ""
        return before + section + ("\n" + after if after else "")
    return text.rstrip("\n") + "\n\n" + section


if __name__ == "__main__":
    sys.exit(main())
