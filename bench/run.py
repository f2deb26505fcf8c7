"""Benchmark: wall time and peak memory of `rollout` commands, against the import floor.

    python bench/run.py            # all benchmarks, 7 runs each
    python bench/run.py --runs 3

Targets (see README): `check` on the bundled data within 1.5x the modules every Typer +
pydantic + rich command must load (typer.main with its adapters, rich.console,
pydantic.BaseModel, ruamel's C loader), `status` within 1.6x of them; `check` and `status` on a plan of
10,000 measures under 2 s; `render all` under 1.5 s on the bundled data and under 4 s with
1,000 measures; `render all --pdf` (LibreOffice) under 4 s on the bundled data; `calendar` on
10,000 measures under 2 s; `render report` on the bundled data under 3 s.  Each command runs
in a fresh process, as a user would run it.

    python bench/run.py --pdf-only  # only `render all --pdf`
    python bench/run.py --startup   # only check and status against the modules (15+ turns)
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ROLLOUT = [sys.executable, "-m", "elzhur_rollout"]


def generate_plan(folder: Path, measures: int) -> Path:
    """A copy of the bundled data whose plan has ``measures`` measures (canonical layout)."""
    shutil.copytree(DATA, folder, dirs_exist_ok=True)
    people = ["loyko", "ryzhenko", "romanenko", "odinokin"]
    lines = ["schema_version: 2", "title: Большой план для замера", "", "measures:"]
    for i in range(1, measures + 1):
        month = 6 + i % 3
        lines += [
            f"  - id: {i}",
            f"    text: Мероприятие № {i} — обучение работе в ЭлЖуре, проверка заполнения и отчёт рабочей группе.",
            "    deadline:",
            f"      month: 2020-0{month}",
            "    responsible:",
            f"      - {people[i % 4]}",
            f"      - {people[(i + 1) % 4]}",
            f"    status: {'done' if i % 5 == 0 else 'planned'}",
        ]
        if i % 5 == 0:
            lines.append("    done_on: 2020-05-30")
    (folder / "plan.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# As on a user's machine: bytecode is cached.  (This workplace sets PYTHONDONTWRITEBYTECODE,
# which would make every run compile the project's own modules from source again.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], runs: int, ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """Median wall time (s) and peak RSS (MiB) over ``runs`` fresh processes, after one warm-up."""
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    times, peak = [], 0.0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, env=ENV)
        times.append(time.perf_counter() - start)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return statistics.median(times), peak


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Wall times of ``commands`` run in turns, so that a busy moment of the machine falls on
    all of them alike (the ratios are what the targets are about)."""
    for cmd in commands.values():
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV)
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--pdf-only", action="store_true", help="only `render all --pdf`")
    parser.add_argument("--startup", action="store_true", help="only check and status against the modules they must load")
    args = parser.parse_args()
    ENV.setdefault("SOURCE_DATE_EPOCH", "1590796800")
    rows: list[tuple[str, float, float, str]] = []
    if args.pdf_only:
        rows.append(render_pdf(args.runs))
        report(rows)
        return
    floor, _ = measure([sys.executable, "-c", "import typer, rich, pydantic, ruamel.yaml"], args.runs)
    rows.append(("floor: import typer, rich, pydantic, ruamel.yaml", floor, 0, ""))
    # The floor above imports lazily: neither pydantic.BaseModel nor rich.console is loaded
    # by it.  What any Typer + pydantic + rich command must import:
    modules = [
        sys.executable,
        "-c",
        "import typer.main, typer._adapters, rich.console, ruamel.yaml.cyaml; from pydantic import BaseModel",
    ]
    turns = interleaved(
        {
            "modules": modules,
            "check": ROLLOUT + ["check", "--today", "2020-05-30"],
            "status": ROLLOUT + ["status", "--today", "2020-07-01"],
        },
        max(args.runs, 15),
    )
    used = statistics.median(turns["modules"])
    rows.append(("modules every such command loads", used, 0, f"{used / floor:.2f}x floor"))
    for name, target in (("check", 1.5), ("status", 1.6)):
        t = statistics.median(turns[name])
        ratios = sorted(a / b for a, b in zip(turns[name], turns["modules"], strict=True))
        q = statistics.quantiles(ratios, n=4)
        rows.append(
            (
                f"{name}, bundled data",
                t,
                0,
                f"{t / used:.2f}x the modules (target <= {target}x; per turn {q[0]:.2f}–{q[2]:.2f}x, quartiles)",
            )
        )
    if args.startup:
        report(rows)
        return
    with tempfile.TemporaryDirectory() as tmp:
        big = generate_plan(Path(tmp) / "big", 10_000)
        for command in ("check", "status"):
            t, m = measure(ROLLOUT + [command, "--data", str(big), "--today", "2020-09-15"], max(3, args.runs // 2))
            rows.append((f"{command}, 10,000 measures", t, m, "target < 2 s"))
        t, m = measure(
            ROLLOUT + ["calendar", "--data", str(big), "--today", "2020-07-01", "--out", str(Path(tmp) / "big.ics")],
            max(3, args.runs // 2),
            ok=(0,),
        )
        rows.append(("calendar, 10,000 measures", t, m, "target < 2 s"))
        if not args.skip_render:
            out = Path(tmp) / "out"
            t, m = measure(ROLLOUT + ["render", "all", "--out", str(out)], args.runs, ok=(0,))
            rows.append(("render all, bundled data", t, m, "target < 1.5 s"))
            t, m = measure(ROLLOUT + ["render", "report", "--today", "2020-07-01", "--out", str(out)], args.runs, ok=(0,))
            rows.append(("render report, bundled data", t, m, "target < 3 s"))
            mid = generate_plan(Path(tmp) / "mid", 1_000)
            t, m = measure(
                ROLLOUT + ["render", "all", "--data", str(mid), "--out", str(out), "--force"], max(3, args.runs // 2), ok=(0,)
            )
            rows.append(("render all, 1,000 measures", t, m, "target < 4 s"))
    if not args.skip_render:
        rows.append(render_pdf(args.runs))
    report(rows)


def render_pdf(runs: int) -> tuple[str, float, float, str]:
    """`render all --pdf` on the bundled data: five .docx, then one LibreOffice run for five PDFs."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return ("render all --pdf, bundled data", float("nan"), 0, "skipped: LibreOffice is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        t, m = measure(ROLLOUT + ["render", "all", "--pdf", "--out", str(out)], max(3, runs // 2), ok=(0,))
        pages = {pdf.stem: len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf.read_bytes())) for pdf in sorted(out.glob("*.pdf"))}
    total = pages.pop("komplekt", 0)
    detail = ", ".join(f"{name} {n}" for name, n in pages.items())
    return ("render all --pdf, bundled data", t, m, f"target < 4 s; komplekt.pdf {total} pages ({detail})")


def report(rows: list[tuple[str, float, float, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'what':<{width}}  median s  peak MiB (cumulative)  note")
    for name, t, m, note in rows:
        print(f"{name:<{width}}  {t:8.3f}  {m:8.1f}  {note}")


if __name__ == "__main__":
    main()
