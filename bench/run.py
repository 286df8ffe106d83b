"""Benchmark the real build on synthetic corpora of 10k, 100k and 1M claims.

Prints, per size, in one run on this machine: the full build time (validation with quote
verification, load, views, checks, publish) and its peak memory; a bare DuckDB baseline that
loads the same claims from CSV into one table with no validation, and the ratio; quote
verification throughput; `select count(*)` and a typical query per view; and a rebuild after one
report's claims file changed (claims cached by content hash), with its ratio to the baseline.
Writes the figures to bench/RESULTS.md with the command that produced them.

    python bench/run.py --sizes 10000,100000,1000000
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
ANALYSIS = "<!-- analysis: written by hand, kept by bench/run.py -->"
TYPICAL = {
    "claim_detail": "select indicator_code, count(*) from claim_detail where year_from = 2010 group by 1",
    "claim_figure": "select count(*) from claim_figure where not is_reported",
    "figure": "select * from figure where n_distinct_values > 1 order by figure_key limit 100",
    "conflict": "select conflict_kind, count(*) from conflict group by 1",
    "consistency_check": "select result, count(*) from consistency_check group by 1",
    "exchange_rate": "select currency, avg(usd_per_unit) from exchange_rate group by 1",
    "indicator_coverage": "select coverage, count(*) from indicator_coverage where indicator_code = 'victims_identified' group by 1",
    "reconciled_by_policy": "select policy_id, count(*) from reconciled_by_policy where indicator_code = 'victims_identified' group by 1",
    "reconciled": "select * from reconciled where indicator_code = 'victims_identified' and year_from = 2010 order by figure_key limit 100",
    "justice_funnel": "select * from justice_funnel where is_reconciled order by country_iso3, year limit 100",
    "revision": "select count(*) from revision where is_changed",
    "source_comparison": "select * from source_comparison where indicator_code = 'persons_convicted' order by figure_key limit 100",
}
# The build as `tiplake build` runs it: one worker process per CPU validates the claims files.
# Each stage's seconds come from the build's own progress messages (the time until the next).
CHILD = """
import json, os, sys, time
from pathlib import Path
from tiplake.build import build
from tiplake.project import Project
stages, last = [], [time.perf_counter()]
def say(message):
    now = time.perf_counter()
    if stages:
        stages[-1][1] = now - last[0]
    stages.append([message.split(":")[0], 0.0])
    last[0] = now
started = time.perf_counter()
result = build(Path(sys.argv[1]), Project(Path(sys.argv[2])), progress=say, jobs=len(os.sched_getaffinity(0)))
elapsed = time.perf_counter() - started
if stages:
    stages[-1][1] = time.perf_counter() - last[0]
print(json.dumps({"seconds": elapsed, "claims": result.counts["claim"], "stages": stages}))
"""


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def _tree(pid: int) -> list[int]:
    out = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [q for child in f.read().split() for q in _tree(int(child))]
    except OSError:
        pass
    return out


def timed_build(db: Path, root: Path, code: Path = REPO) -> dict:
    """Run the build in a fresh process. Peak memory is the largest sum, sampled every 0.1 s,
    of the proportional set size (PSS) of the build process and its workers: a page a forked
    worker shares with its parent counts once, split between them (RSS would count it twice)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(root)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=code,
        env=os.environ | {"PYTHONPATH": str(code)},
    )  # fmt: skip
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_pss_kib(p) for p in _tree(proc.pid)))
        time.sleep(0.1)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{err[-4000:]}")
    return json.loads(out.strip().splitlines()[-1]) | {"peak_mib": peak / 1024}


def baseline(root: Path) -> float:
    db = root / "baseline.duckdb"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    with duckdb.connect(str(db)) as con:
        con.execute(
            f"create table claim as select * from read_csv('{root / 'claims.csv'}', header = true)"
        )
        con.execute("checkpoint")
    return time.perf_counter() - started


def quote_throughput(root: Path) -> float:
    from tiplake.quotes import DocumentIndex

    docs = {}
    with open(root / "claims.csv", newline="", encoding="utf-8") as f:
        rows = [(r["report_id"], r["quote"]) for r in csv.DictReader(f)]
    started = time.perf_counter()
    found = 0
    for report_id, quote in rows:
        if report_id not in docs:
            text = (root / "seeds" / "documents" / f"{report_id}.txt").read_text(encoding="utf-8")
            docs[report_id] = DocumentIndex(text)
        found += len(docs[report_id].find(quote)) == 1
    elapsed = time.perf_counter() - started
    assert found == len(rows), (found, len(rows))
    return len(rows) / elapsed


def views(db: Path) -> list[tuple[str, float, float, int]]:
    out = []
    with duckdb.connect(str(db), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select view_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]
        for name in names:
            started = time.perf_counter()
            (count,) = con.execute(f'select count(*) from "{name}"').fetchone()
            t_count = time.perf_counter() - started
            started = time.perf_counter()
            con.execute(TYPICAL.get(name, f'select * from "{name}" limit 100')).fetchall()
            out.append((name, t_count, time.perf_counter() - started, count))
    return out


def touch_one_report(root: Path) -> Path:
    path = sorted((root / "seeds" / "claims").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    marker = "\n    quote: "
    i = text.index(marker)
    path.write_text(text[:i] + "\n    note: 'edited by the benchmark'" + text[i:], encoding="utf-8")
    return path


def run(size: int, work: Path, code: Path = REPO) -> dict:
    root = work / f"corpus-{size}"
    started = time.perf_counter()
    shape = generate.generate(size, root)
    generated = time.perf_counter() - started
    for name in ("migrations", "sql"):  # the schema and views of the code measured
        (root / name).unlink()
        os.symlink(code / name, root / name)
    db = root / "build" / "tiplake.duckdb"
    base = baseline(root)
    cold = timed_build(db, root, code)
    quotes = quote_throughput(root)
    view_times = views(db)
    touch_one_report(root)
    rebuild = timed_build(db, root, code)
    return {
        "size": size, "shape": shape, "generate_s": generated, "baseline_s": base,
        "cold": cold, "rebuild": rebuild, "quotes_per_s": quotes, "views": view_times,
    }  # fmt: skip


def report(results: list[dict], command: str) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"DuckDB {duckdb.__version__}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores.",
        "",
        "| claims | reports | baseline (s) | cold build (s) | build / baseline | peak memory, build + workers (MiB PSS) | quotes verified / s | rebuild after one file (s) | rebuild / baseline | slowest view count(*) (s) | slowest typical query (s) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        slow_count = max(v[1] for v in r["views"])
        slow_query = max(v[2] for v in r["views"])
        lines.append(
            f"| {r['cold']['claims']:,} | {r['shape']['reports']:,} | {r['baseline_s']:.2f} | {r['cold']['seconds']:.1f} "
            f"| {r['cold']['seconds'] / r['baseline_s']:.1f}x | {r['cold']['peak_mib']:.0f} | {r['quotes_per_s']:,.0f} "
            f"| {r['rebuild']['seconds']:.1f} | {r['rebuild']['seconds'] / r['baseline_s']:.1f}x | {slow_count:.3f} | {slow_query:.3f} |"
        )
    stage_names = list(dict.fromkeys(s for r in results for s, _ in r["cold"].get("stages", [])))
    lines += [
        "",
        "## Cold build by stage (s)",
        "",
        "| claims | " + " | ".join(stage_names) + " |",
        "|---|" + "---|" * len(stage_names),
    ]
    for r in results:
        got = dict((s, t) for s, t in r["cold"].get("stages", []))
        lines.append(
            f"| {r['cold']['claims']:,} | "
            + " | ".join(f"{got[s]:.2f}" if s in got else "" for s in stage_names)
            + " |"
        )
    for r in results:
        lines += [
            "",
            f"## Views at {r['cold']['claims']:,} claims",
            "",
            "| view | rows | count(*) (s) | typical query (s) |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {name} | {count:,} | {tc:.3f} | {tq:.3f} |" for name, tc, tq, count in r["views"]
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--write", type=Path, default=REPO / "bench" / "RESULTS.md")
    parser.add_argument(
        "--code",
        type=Path,
        default=REPO,
        help="a checkout whose tiplake, migrations and SQL to measure (e.g. a git worktree of "
        "an earlier commit); the corpus and the baseline are this checkout's",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="tiplake-bench-") as work:
        for size in sizes:
            r = run(size, Path(work), args.code.resolve())
            results.append(r)
            print(
                f"{size:>9,} claims: baseline {r['baseline_s']:.2f}s, cold build {r['cold']['seconds']:.1f}s "
                f"({r['cold']['seconds'] / r['baseline_s']:.1f}x), peak {r['cold']['peak_mib']:.0f} MiB, "
                f"quotes {r['quotes_per_s']:,.0f}/s, rebuild {r['rebuild']['seconds']:.1f}s "
                f"({r['rebuild']['seconds'] / r['baseline_s']:.1f}x), slowest view query "
                f"{max(max(v[1], v[2]) for v in r['views']):.3f}s",
                flush=True,
            )
    command = f"python bench/run.py --sizes {args.sizes}"
    if args.code.resolve() != REPO:
        command += f" --code {args.code}"
    text = report(results, command)
    # What follows ANALYSIS in the file (the written reading of the figures) is kept.
    old = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
    if ANALYSIS in old:
        text += "\n" + old[old.index(ANALYSIS) :]
    args.write.write_text(text, encoding="utf-8")
    print(f"wrote {args.write}")


if __name__ == "__main__":
    main()
