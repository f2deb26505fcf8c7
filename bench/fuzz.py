"""Fuzz run: damaged data folders through every command that reads or writes them, in-process.

    python bench/fuzz.py                      # 10,000 inputs × 2 commands = 20,000 runs, seed 9
    python bench/fuzz.py --inputs 500 --seed 1 --keep crashes/

Each input is the bundled data with one to three kinds of damage (a changed, dropped or
retyped value, a truncated file, an inserted character, another encoding, a BOM, a NUL byte,
a 5000-digit number or one of 10^30, 3000 levels of nesting, an escaped control character or
a lone surrogate, ``0x2``, a tab before «:», text that looks like an impossible date
``2020-02-31``, dates at the end of the calendar).  Each input goes through ``--commands``
commands (default 2) taken in turn from the list of every command that reads or writes a data
folder: check, status, fmt --check, fmt, migrate, done, start, cancel, reopen, duty-done,
entered, updated, calendar, dashboard, summary, render order, render report — the writers on a
fresh copy of the damaged files each time; ``--today`` is a random day of 2019–2022 and now and
then 9999-12-31.  A crash is an exit code other than 0, 1 and 2, a traceback or «Внутренняя
ошибка».  The report gives the number of inputs, runs, crashes, exit codes per command and the
time; with ``--keep`` each crashing input is saved as a folder to reproduce it.  Exit code 1
when anything crashed.  ``tests/test_fuzz.py`` runs a short form of this in CI.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))  # damage.py: the bundled data and its paths, shared with the property test

from typer.testing import CliRunner  # noqa: E402

from damage import NAMES, ORIGINAL, PARSED, PATHS  # noqa: E402
from elzhur_rollout.cli.app import app  # noqa: E402

SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    7,
    10_000,
    1.5,
    151.1,
    "",
    "x",
    "2020-02-31",
    "2020-06",
    "2020-06-15",
    "loyko",
    "done",
    "week",
    "&x",
    "*x",
    "0x2",
    "\x1b[31m",
    [],
    [1, 2],
    {},
    {"month": "2020-13"},
    {"every": "year"},
    "9" * 5000,
    "9999-12-31",
    "9999-12-30",
    10**30,
]
INSERTS = [
    ":",
    "- ",
    "\t",
    "[",
    "{",
    "'",
    '"',
    "&a ",
    "*a",
    "\n  x",
    "!!python/object ",
    "%YAML 1.1\n",
    "---\n",
    "\x00",
    "\x1b",
    "\\e",
    "\ufeff",
    "\u202e",
]


def damage(rng: random.Random) -> dict[str, bytes]:
    files: dict[str, bytes] = {name: text.encode("utf-8") for name, text in ORIGINAL.items()}
    for _ in range(rng.randint(1, 3)):
        name = rng.choice(NAMES)
        text = files[name].decode("utf-8", "replace")
        kind = rng.choice(["tree", "tree", "tree", "truncate", "insert", "encoding", "bom", "line"])
        if kind == "tree":
            doc = json.loads(json.dumps(PARSED[name]))
            path = rng.choice(PATHS[name][1:])
            parent = doc
            for part in path[:-1]:
                parent = parent[part]
            action = rng.choice(["delete", "replace", "wrap"])
            if action == "delete":
                del parent[path[-1]]
            elif action == "replace":
                parent[path[-1]] = rng.choice(SCALARS)
            else:
                parent[path[-1]] = [parent[path[-1]]]
            files[name] = json.dumps(doc, ensure_ascii=False).encode("utf-8")
        elif kind == "truncate":
            files[name] = files[name][: rng.randint(0, len(files[name]))]
        elif kind == "insert":
            at = rng.randint(0, len(text))
            files[name] = (text[:at] + rng.choice(INSERTS) + text[at:]).encode("utf-8")
        elif kind == "encoding":
            files[name] = text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32", "cp1251"]), "replace")
        elif kind == "bom":
            files[name] = b"\xef\xbb\xbf" + files[name]
        else:
            lines = text.split("\n")
            at = rng.randrange(len(lines))
            if ": " in lines[at]:
                key, _sep, value = lines[at].partition(": ")
                replacement = rng.choice(
                    [
                        "9" * 5000,
                        "{a: " * 3000 + "1" + "}" * 3000,
                        '"\\e[31m' + value.replace('"', "") + '"',
                        '"\\x01"',
                        "0x2",
                        "007",
                        "151.1",
                        "true",
                        "20200530",
                        "2020-02-31",
                        "2020-13-01",
                        "9999-12-31",
                        "1000000000000000000000000000000",
                        '"\\uD800"',
                        '"a\\U00110000"',
                    ]
                )
                lines[at] = key + rng.choice([": ", "\t: "]) + replacement
            files[name] = "\n".join(lines).encode("utf-8")
    return files


Args = list[str]


def _measure(rng: random.Random) -> str:
    return rng.choice(["1", "2", "3", "7", "10", "99", "x"])


# every command that reads or writes a data folder: (name, arguments after the command)
COMMANDS: list[tuple[str, Any]] = [
    ("check", lambda rng, out: []),
    ("status", lambda rng, out: rng.choice([[], ["--person", "loyko"], ["--format", "json"]])),
    ("fmt --check", lambda rng, out: ["--check"]),
    ("fmt", lambda rng, out: []),
    ("migrate", lambda rng, out: []),
    ("done", lambda rng, out: [_measure(rng), *rng.choice([[], ["--note", "Приказ № 5"], ["--date", "2020-06-01"]])]),
    ("start", lambda rng, out: [_measure(rng)]),
    ("cancel", lambda rng, out: [_measure(rng), "--note", rng.choice(["перенесено", "=1+1"])]),
    ("reopen", lambda rng, out: [_measure(rng)]),
    ("duty-done", lambda rng, out: [rng.choice(["engineer", "director"]), rng.choice(["weekly-update", "1", "3"])]),
    ("entered", lambda rng, out: [rng.choice(["pupils", "teachers", "x"]), str(rng.choice([0, 5, 100000]))]),
    ("updated", lambda rng, out: []),
    ("calendar", lambda rng, out: ["--out", str(out / "k.ics"), *rng.choice([[], ["--all"], ["--person", "loyko"]])]),
    ("dashboard", lambda rng, out: ["--out", str(out / "d.html")]),
    ("summary", lambda rng, out: ["--format", rng.choice(["text", "json", "csv"])]),
    ("render", lambda rng, out: ["order", "--out", str(out / "build")]),
    ("render report", lambda rng, out: ["--out", str(out / "build")]),
]


def invoke(runner: CliRunner, name: str, args: Args, folder: Path, today: str) -> Any:
    command = name.split()
    if command[0] == "summary":
        return runner.invoke(app, ["summary", str(folder), *args, "--today", today])
    if command[0] == "fmt" or command[0] == "migrate":
        return runner.invoke(app, [command[0], *args, "--data", str(folder)])
    return runner.invoke(app, [*command, *args, "--data", str(folder), "--today", today])


def fuzz(inputs: int, seed: int, per_input: int = 2, keep: Path | None = None, quiet: bool = False) -> dict[str, Any]:
    """Run the fuzz; returns the counts (``runs``, ``crashes``: list of (input, command, last line), ``codes``)."""
    rng = random.Random(seed)
    runner = CliRunner()
    codes: collections.Counter[tuple[str, int]] = collections.Counter()
    crashes: list[tuple[int, str, str]] = []
    started = time.perf_counter()
    turn = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        out = Path(tmp) / "out"
        for n in range(inputs):
            files = damage(rng)
            today = (
                "9999-12-31"
                if rng.random() < 0.03
                else f"{rng.randint(2019, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            )
            for _ in range(per_input):
                name, make = COMMANDS[turn % len(COMMANDS)]
                turn += 1
                for child in folder.iterdir():
                    child.unlink()
                for file, data in files.items():
                    (folder / file).write_bytes(data)
                result = invoke(runner, name, make(rng, out), folder, today)
                codes[(name, result.exit_code)] += 1
                output = result.output
                if result.exit_code not in (0, 1, 2) or "Traceback" in output or "Внутренняя ошибка" in output:
                    last = output.strip().splitlines()[-1][:300] if output.strip() else repr(result.exception)
                    crashes.append((n, name, last))
                    if keep:
                        target = keep / f"{n:05d}-{name.replace(' ', '-')}"
                        shutil.copytree(folder, target, dirs_exist_ok=True)
                        (target / "command.txt").write_text(f"{name} --today {today}\n", encoding="utf-8")
            if not quiet and (n + 1) % 1000 == 0:
                print(f"  {n + 1} входов, {len(crashes)} сбоев, {time.perf_counter() - started:.0f} с", file=sys.stderr)
    return {"runs": sum(codes.values()), "crashes": crashes, "codes": codes, "seconds": time.perf_counter() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--commands", type=int, default=2, help="commands per input")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="save each crashing input in this folder")
    args = parser.parse_args()
    result = fuzz(args.inputs, args.seed, args.commands, args.keep)
    runs, crashes, codes, elapsed = result["runs"], result["crashes"], result["codes"], result["seconds"]
    print(
        f"Входов: {args.inputs} (seed {args.seed}); запусков: {runs}; сбоев: {len(crashes)}; "
        f"время: {elapsed:.1f} с ({elapsed / max(runs, 1) * 1000:.1f} мс на запуск)"
    )
    for (command, code), count in sorted(codes.items()):
        print(f"  {command}: код выхода {code} — {count}")
    for message, count in collections.Counter(f"{c}: {m}" for _n, c, m in crashes).most_common(20):
        print(f"  сбой ×{count}: {message}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
