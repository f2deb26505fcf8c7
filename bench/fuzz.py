"""Fuzz run: damaged data folders through `rollout check` and `rollout status`, in-process.

    python bench/fuzz.py                    # 10,000 inputs, seed 9
    python bench/fuzz.py --inputs 500 --seed 1 --keep crashes/

Each input is the bundled data with one to three kinds of damage (a changed, dropped or
retyped value, a truncated file, an inserted character, another encoding, a BOM, a NUL byte,
a 5000-digit number, 3000 levels of nesting, an escaped control character, ``0x2``, a tab
before «:»).  Every input goes through `check` and `status`; a crash is an exit code other
than 0, 1 and 2, a traceback or «Внутренняя ошибка».  The report gives the number of inputs,
runs, crashes, exit codes and the time; with ``--keep`` each crashing input is saved as a
folder to reproduce it.  Exit code 1 when anything crashed.
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
                    ]
                )
                lines[at] = key + rng.choice([": ", "\t: "]) + replacement
            files[name] = "\n".join(lines).encode("utf-8")
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="save each crashing input in this folder")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    runner = CliRunner()
    codes: collections.Counter[tuple[str, int]] = collections.Counter()
    crashes: list[tuple[int, str, str]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        for n in range(args.inputs):
            files = damage(rng)
            for name, data in files.items():
                (folder / name).write_bytes(data)
            today = f"{rng.randint(2019, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            for command in ("check", "status"):
                result = runner.invoke(app, [command, "--data", str(folder), "--today", today])
                codes[(command, result.exit_code)] += 1
                output = result.output
                if result.exit_code not in (0, 1, 2) or "Traceback" in output or "Внутренняя ошибка" in output:
                    crashes.append(
                        (n, command, output.strip().splitlines()[-1][:300] if output.strip() else repr(result.exception))
                    )
                    if args.keep:
                        target = args.keep / f"{n:05d}-{command}"
                        shutil.copytree(folder, target, dirs_exist_ok=True)
            if (n + 1) % 1000 == 0:
                print(f"  {n + 1} входов, {len(crashes)} сбоев, {time.perf_counter() - started:.0f} с", file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(
        f"Входов: {args.inputs} (seed {args.seed}); запусков: {sum(codes.values())}; сбоев: {len(crashes)}; "
        f"время: {elapsed:.1f} с ({elapsed / max(sum(codes.values()), 1) * 1000:.1f} мс на запуск)"
    )
    for (command, code), count in sorted(codes.items()):
        print(f"  {command}: код выхода {code} — {count}")
    for message, count in collections.Counter(m for _n, _c, m in crashes).most_common(20):
        print(f"  сбой ×{count}: {message}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
