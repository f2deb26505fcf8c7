"""Benchmark: `rollout summary` (and the municipal dashboard) over many generated school folders.

    python bench/summary.py                    # 50, 500 and 2,000 schools, 3 runs each
    python bench/summary.py --schools 500 --runs 5

Each size runs in a fresh process (bytecode cached, as on a user's machine) that times the
summary in-process — finding the folders, reading, validating and checking every school,
building the rows and writing the CSV and XLSX — and reports its own peak memory.  The whole
command (`rollout summary DIR --out svodka.csv`, start-up included) and the municipal
dashboard are timed as well.  Targets (see README): 500 schools under 5 s and 300 MiB,
time linear in the number of schools.

The schools are copies of data/, examples/school-12 and examples/lyceum-3 in turn, each with
its own name; every hundredth one has a broken plan.yaml (a row that says so).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "data", ROOT / "examples" / "school-12", ROOT / "examples" / "lyceum-3"]
TODAY = "2024-09-30"
# As on a user's machine: bytecode is cached (this workplace sets PYTHONDONTWRITEBYTECODE).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(ROOT / "src")


def generate(top: Path, schools: int) -> Path:
    """``schools`` school folders under ``top``/district-K/school-N (100 to a district)."""
    texts = [
        {name: (src / name).read_text(encoding="utf-8") for name in ("order.yaml", "plan.yaml", "regulation.yaml")}
        for src in SOURCES
    ]
    for i in range(schools):
        files = dict(texts[i % len(texts)])
        lines = files["order.yaml"].splitlines(keepends=True)
        files["order.yaml"] = "".join(
            f"{line.rstrip()} (копия {i})\n" if line.startswith("  short_name:") else line for line in lines
        )
        if i % 100 == 99:
            files["plan.yaml"] = files["plan.yaml"].replace("measures:", "measures: [", 1)
        folder = top / f"district-{i // 100:02d}" / f"school-{i:04d}"
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    return top


def one(top: Path) -> None:
    """Run inside the measured process: time the summary of every school under ``top``."""
    import datetime as dt

    from elzhur_rollout import api

    today = dt.date.fromisoformat(TODAY)
    start = time.perf_counter()
    result = api.summary([top], today)
    read = time.perf_counter() - start
    csv_bytes = api.summary_bytes(result, "csv")
    after_csv = time.perf_counter() - start
    xlsx = api.summary_bytes(result, "xlsx")
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "schools": len(result.rows),
                "unreadable": len(result.rows) - result.readable,
                "read": read,
                "csv": after_csv - read,
                "xlsx": total - after_csv,
                "total": total,
                "peak_mib": peak,
                "csv_bytes": len(csv_bytes),
                "xlsx_bytes": len(xlsx),
            }
        )
    )


def run_one(top: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--one", str(top)], capture_output=True, text=True, env=ENV, check=True)
    return json.loads(out.stdout)


def wall(cmd: list[str], cwd: Path) -> tuple[float, float]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=ENV, cwd=cwd, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, nargs="*", default=[50, 500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one)
        return
    print(
        f"{'schools':>8} {'in-process':>11} {'per school':>11} {'read+check':>11} {'csv':>6} {'xlsx':>6} "
        f"{'peak MiB':>9} {'command':>8} {'dashboard':>10} {'page MB':>8}"
    )
    for n in args.schools:
        with tempfile.TemporaryDirectory() as tmp:
            top = generate(Path(tmp) / "schools", n)
            run_one(top)  # warm-up: bytecode and the file cache
            runs = [run_one(top) for _ in range(args.runs)]
            med = {k: statistics.median(r[k] for r in runs) for k in ("read", "csv", "xlsx", "total", "peak_mib")}
            rollout = [sys.executable, "-m", "elzhur_rollout"]
            command = statistics.median(
                wall(rollout + ["summary", str(top), "--today", TODAY, "--out", "svodka.csv"], Path(tmp))[0]
                for _ in range(args.runs)
            )
            page, _ = wall(rollout + ["dashboard", str(top), "--today", TODAY, "--out", "mun.html"], Path(tmp))
            size = (Path(tmp) / "mun.html").stat().st_size / 1e6
            print(
                f"{n:>8} {med['total']:>10.2f}s {med['total'] / n * 1000:>9.2f}ms {med['read']:>10.2f}s "
                f"{med['csv']:>5.2f}s {med['xlsx']:>5.2f}s {med['peak_mib']:>9.0f} {command:>7.2f}s {page:>9.2f}s "
                f"{size:>8.1f}"
            )
            shutil.rmtree(top)


if __name__ == "__main__":
    main()
