"""Helpers shared by the tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from elzhur_rollout.cli.app import app
from elzhur_rollout.documents.docx_text import blocks

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


def example_school(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of examples/<name> as ``data/`` with the templates beside it; the working
    directory is their parent (findings name files as ``data/plan.yaml``), the terminal 80 wide.
    Returns the data folder."""
    shutil.copytree(ROOT / "examples" / name, tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    return tmp_path / "data"


def check_findings(*args: str) -> list[tuple[str, str, int, str]]:
    """(code, file, line, message) of every finding of ``rollout check --format json``."""
    result = run("check", "--format", "json", *args)
    return [(f["code"], f["file"], f["line"], f["message"]) for f in json.loads(result.output)["findings"]]


NBSP = "\u00a0"


def shown(value: Any) -> Any:
    """Text (or nested lists of texts) with each no-break space made visible as «~», so the
    expected texts show where a line may not break."""
    if isinstance(value, str):
        assert "~" not in value
        return value.replace(NBSP, "~")
    return [shown(v) for v in value]


def text_of(path: Path) -> list[Any]:
    """A rendered .docx as its paragraphs and tables, no-break spaces as «~»."""
    return shown(blocks(path))  # type: ignore[no-any-return]


def one_line(text: str) -> str:
    """A paragraph or cell on one line: no-break spaces as «~», line breaks as « / »."""
    return shown(text).replace("\n", " / ")  # type: ignore[no-any-return]


def lines_of(path: Path) -> list[str]:
    """One line per paragraph, one per table row (cells joined by « | »), as in tests/expected."""
    out: list[str] = []
    for block in blocks(path):
        if isinstance(block, str):
            out.append(one_line(block))
        else:
            out += [" | ".join(one_line(cell) for cell in row) for row in block]
    return out


def assert_as_expected(path: Path, expected: str) -> None:
    """The rendered document ``path`` equals tests/expected/``expected``, paragraph by paragraph."""
    want = (ROOT / "tests" / "expected" / expected).read_text(encoding="utf-8").splitlines()
    got = lines_of(path)
    assert len(got) == len(want)
    for n, (g, w) in enumerate(zip(got, want, strict=True), 1):
        assert g == w, f"{expected}, paragraph {n}"
