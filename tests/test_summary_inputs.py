"""The municipal summary is given whole folders of other people's data: which folders count as
schools, what a spreadsheet may run, and every way to ask for the result."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DATA, ROOT, edit, run


@pytest.fixture
def schools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "schools"
    shutil.copytree(DATA, folder / "gymnasium-5")
    shutil.copytree(DATA, folder / "gymnasium-6")
    edit(folder / "gymnasium-6", "order.yaml", "  short_name: МБОУ – Гимназия № 5", "  short_name: МБОУ – Гимназия № 6")
    monkeypatch.chdir(tmp_path)
    return folder


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB"]  # a carriage return: the loader refuses it


@pytest.mark.parametrize("name", FORMULAS)
def test_a_school_name_is_never_a_formula_in_csv_or_xlsx(schools: Path, name: str) -> None:
    from openpyxl import load_workbook

    quoted = name.replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    edit(schools / "gymnasium-5", "order.yaml", "  short_name: МБОУ – Гимназия № 5", f'  short_name: "{quoted}"')
    assert run("summary", "schools", "--today", "2020-06-20", "--out", "s.csv").exit_code in (0, 1)
    rows = list(csv.reader(io.StringIO(Path("s.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    cells = [row[0] for row in rows[1:]]
    assert "'" + name in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for c in row)
    assert run("summary", "schools", "--today", "2020-06-20", "--out", "s.xlsx").exit_code in (0, 1)
    sheet = load_workbook("s.xlsx").active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'" + name in values
    assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_numbers_and_dates_stay_numbers(schools: Path) -> None:
    from openpyxl import load_workbook

    assert run("summary", "schools", "--today", "2020-06-20", "--out", "s.xlsx").exit_code in (0, 1)
    sheet = load_workbook("s.xlsx").active
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert isinstance(row[header.index("Выполнено")], int)
    assert row[header.index("Дата приказа")].year == 2020


def test_summary_of_the_examples_counts_only_schools(monkeypatch: pytest.MonkeyPatch) -> None:
    """examples/starter is the placeholder data of `rollout init`; folders with only a source
    text are no data folders; orders dated after --today have not begun."""
    monkeypatch.chdir(ROOT)
    result = run("summary", "examples", "--today", "2024-09-30", "--format", "json")
    data = json.loads(result.output)
    folders = sorted(s["folder"] for s in data["schools"])
    with_order = sorted(f"examples/{p.parent.name}" for p in (ROOT / "examples").glob("*/order.yaml"))
    assert folders == [f for f in with_order if f != "examples/starter"]
    pending = sorted(s["folder"] for s in data["schools"] if s["pending"])
    later = sorted(s["folder"] for s in data["schools"] if s["order_date"] and s["order_date"] > "2024-09-30")
    assert pending == later and pending  # the examples hold orders of 2025
    assert data["totals"]["pending"] == len(pending)
    text = run("summary", "examples", "--today", "2024-09-30").output
    assert f"(из них {len(pending)} с приказом позже 30.09.2024: внедрение ещё не началось)" in text
    assert "МБОУ СОШ № 1\n" not in text  # the starter's placeholder school


def test_a_pending_school_is_listed_last_and_not_troubled(schools: Path) -> None:
    edit(schools / "gymnasium-5", "order.yaml", "  date: 2020-05-30", "  date: 2020-07-01")
    result = run("summary", "schools", "--today", "2020-06-20", "--format", "json")
    rows = json.loads(result.output)["schools"]
    assert [(r["school"], r["pending"]) for r in rows] == [("МБОУ – Гимназия № 6", False), ("МБОУ – Гимназия № 5", True)]
    assert rows[1]["overdue"] == 0
    text = run("summary", "schools", "--today", "2020-06-20").output
    assert "внедрение ещё не началось: приказ издан позже даты сводки" in text


def test_an_unreadable_folder_is_a_row(schools: Path, tmp_path: Path) -> None:
    locked = schools / "district-2"
    shutil.copytree(DATA, locked / "school-7")
    locked.chmod(0)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "elzhur_rollout", "summary", "schools", "--today", "2020-06-20", "--format", "json"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        locked.chmod(0o755)
    rows = json.loads(result.stdout)["schools"]
    assert [r["problem"] for r in rows if r["problem"]] == [
        "schools/district-2: папка не читается (нет прав на чтение), школы в ней не найти; откройте доступ (chmod u+rx)"
    ]
    assert len(rows) == 3


def test_the_text_table_can_be_written_to_a_file(schools: Path) -> None:
    result = run("summary", "schools", "--today", "2020-06-20", "--format", "text", "--out", "f.txt")
    assert result.output == "Записано: f.txt\n"
    text = Path("f.txt").read_text(encoding="utf-8")
    assert text.startswith("Внедрение электронного журнала: школы на 20.06.2020\n")
    assert "Школ: 2;" in text
    assert run("summary", "schools", "--today", "2020-06-20", "--out", "g.txt").output == "Записано: g.txt\n"


def test_xlsx_to_the_screen_names_the_option(schools: Path) -> None:
    result = run("summary", "schools", "--format", "xlsx")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: недопустимое значение --format: файл xlsx не выводится на экран; укажите --out ФАЙЛ.xlsx.\n"
        "Справка: rollout summary --help\n",
    )
