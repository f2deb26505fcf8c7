"""Helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from elzhur_rollout.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def edit(folder: Path, name: str, old: str, new: str, count: int = 1) -> None:
    """Replace text in a data file; fail loudly if the text is not there."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(folder: Path, name: str, needle: str, nth: int = 1) -> int:
    """1-based line number of the nth line containing ``needle``."""
    hits = [i for i, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[nth - 1]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))
