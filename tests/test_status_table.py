"""The status table: no word is broken, no line of a cell starts with punctuation (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, edit


def table(folder: Path, columns: int = 110) -> list[list[str]]:
    """The cells of the plan table's body rows, one list of cell lines per text line."""
    env = dict(
        os.environ,
        COLUMNS=str(columns),
        NO_COLOR="1",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    )
    out = subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", "status", "--data", str(folder), "--today", "2020-07-01"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if line.startswith("│")]


def column(rows: list[list[str]], k: int) -> list[list[str]]:
    """Each measure's cell in column ``k`` as its lines (a new measure starts where № is filled)."""
    cells: list[list[str]] = []
    for row in rows:
        if row[0]:
            cells.append([])
        if row[k]:
            cells[-1].append(row[k])
    return cells


def test_state_reads_as_one_phrase_over_two_lines(data: Path) -> None:
    rows = table(data)
    state = column(rows, 4)
    assert state[0] == ["просрочено на", "1 день"]
    assert state[1] == ["не начато"]
    assert not [line for row in rows for line in row if line.startswith((",", ";", ":", ".", "–", ")"))]


def test_long_names_and_states_are_never_broken(data: Path) -> None:
    edit(data, "order.yaml", "    surname: Лойко\n", "    surname: Римская-Корсакова\n")
    edit(data, "plan.yaml", "status: planned", "status: in_progress")
    rows = table(data, columns=140)
    assert column(rows, 3)[0] == ["Римская-Корсакова Е.С."]
    assert column(rows, 3)[2] == ["Римская-Корсакова Е.С.,", "Романенко Г.В.,", "Рыженко Е.Н."]
    assert column(rows, 4)[0] == ["просрочено на", "1 день"]  # started, and late
    assert column(rows, 2)[1] == ["июнь – август", "2020"]


def test_progress_line_agrees_after_iz(data: Path) -> None:
    """«0 из 3 мероприятий выполнено»: after «из N» the noun is genitive (issue 13)."""
    edit(data, "plan.yaml", "status: planned", "status: cancelled\n    note: отменено", count=7)
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    out = subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", "status", "--data", str(data), "--today", "2020-07-01"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert "Мероприятия  ░░░░░░░░░░░░░░░░░░░░ 0 из 3 мероприятий выполнено (0 %)" in out.splitlines()
