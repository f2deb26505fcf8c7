"""The municipal summary: three example schools and a broken one, read back as CSV, XLSX and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from elzhur_rollout import api
from elzhur_rollout.cli.app import app
from elzhur_rollout.source.loading import load_bundle
from elzhur_rollout.views.summary import find_schools, platform_name
from helpers import DATA, ROOT, edit, line_of, run

TODAY = dt.date(2024, 9, 30)

HEADER = [
    "Школа",
    "Приказ №",
    "Дата приказа",
    "Платформа",
    "Выполнено",
    "Всего мероприятий",
    "Просрочено",
    "Срок в ближайшие 7 дней",
    "Данные: Обучающиеся, %",
    "Данные: Педагогические работники, %",
    "Данные: Родители (законные представители), %",
    "Последняя актуализация",
    "Актуализация в срок",
    "Просрочено обязанностей",
    "Ошибок проверки",
    "Папка",
    "Не прочитано: первая проблема",
]
BROKEN = "mun/school-40/plan.yaml:26:13: недопустимое значение «started»; допустимо: planned, in_progress, done, cancelled"
# worst first: the unreadable school, then by overdue measures
CSV_ROWS = [
    ["school-40", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "mun/school-40", BROKEN],
    [
        "МБОУ – Гимназия № 5",
        "188",
        "30.05.2020",
        "ЭлЖур",
        "0",
        "10",
        "10",
        "0",
        "",
        "",
        "",
        "",
        "нет",
        "0",
        "13",
        "mun/gymnasium-5",
        "",
    ],
    [
        "МБОУ «Лицей № 3»",
        "87-о",
        "26.08.2024",
        "ЭлЖур",
        "2",
        "5",
        "1",
        "1",
        "91",
        "100",
        "",
        "13.09.2024",
        "нет",
        "2",
        "6",
        "mun/lyceum-3",
        "",
    ],
    [
        "МАОУ СОШ № 12",
        "112/01-07",
        "20.08.2024",
        "ЭлЖур",
        "1",
        "6",
        "0",
        "0",
        "100",
        "100",
        "97",
        "27.09.2024",
        "да",
        "0",
        "0",
        "mun/school-12",
        "",
    ],
]


@pytest.fixture
def municipality(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """mun/: the bundled gymnasium, examples/school-12, examples/lyceum-3 and a copy of school-12
    whose plan has a status the schema does not know."""
    mun = tmp_path / "mun"
    shutil.copytree(DATA, mun / "gymnasium-5")
    shutil.copytree(ROOT / "examples" / "school-12", mun / "school-12")
    shutil.copytree(ROOT / "examples" / "lyceum-3", mun / "lyceum-3")
    shutil.copytree(ROOT / "examples" / "school-12", mun / "school-40")
    edit(mun / "school-40", "plan.yaml", "status: in_progress", "status: started")
    assert line_of(mun / "school-40", "plan.yaml", "status: started") == 26
    monkeypatch.chdir(tmp_path)
    return mun


def test_rows_worst_first(municipality: Path) -> None:
    result = api.summary([municipality], TODAY)
    rows = [
        (
            r.school,
            r.order_number,
            r.order_date,
            r.platform,
            r.done,
            r.counted,
            r.overdue,
            r.due_soon,
            r.data_entry,
            r.last_update,
            r.update_fresh,
            r.duties_overdue,
            r.errors,
            r.problem,
        )
        for r in result.rows
    ]
    assert rows == [
        ("school-40", None, None, None, 0, 0, 0, 0, {}, None, None, 0, 0, BROKEN),
        (
            "МБОУ – Гимназия № 5",
            "188",
            dt.date(2020, 5, 30),
            "ЭлЖур",
            0,
            10,
            10,
            0,
            {"pupils": None, "teachers": None, "parents": None},
            None,
            False,
            0,
            13,
            None,
        ),
        (
            "МБОУ «Лицей № 3»",
            "87-о",
            dt.date(2024, 8, 26),
            "ЭлЖур",
            2,
            5,
            1,
            1,
            {"pupils": 91, "teachers": 100, "parents": None},
            dt.date(2024, 9, 13),
            False,
            2,
            6,
            None,
        ),
        (
            "МАОУ СОШ № 12",
            "112/01-07",
            dt.date(2024, 8, 20),
            "ЭлЖур",
            1,
            6,
            0,
            0,
            {"pupils": 100, "teachers": 100, "parents": 97},
            dt.date(2024, 9, 27),
            True,
            0,
            0,
            None,
        ),
    ]
    assert result.exit_code() == 1


def test_the_numbers_agree_with_check_and_status(municipality: Path) -> None:
    """A row is the status view and the checks of that school, not a second computation."""
    row = next(r for r in api.summary([municipality], TODAY).rows if r.folder == "mun/lyceum-3")
    bundle = api.load(municipality / "lyceum-3")
    status = api.status(bundle, TODAY)
    checked = api.check(bundle, TODAY)
    assert (row.done, row.counted) == (status.done, status.counted)
    assert (row.errors, row.warnings) == (checked.errors, checked.warnings)
    assert row.duties_overdue == sum(f.code == "duty-overdue" for f in checked.findings)
    assert row.overdue == sum(f.code == "deadline-overdue" for f in checked.findings)


def test_csv_reads_back_with_the_csv_module(municipality: Path, tmp_path: Path) -> None:
    result = run("summary", "mun", "--today", "2024-09-30", "--format", "csv", "--out", "out/svodka.csv")
    assert (result.exit_code, result.output) == (1, "Записано: out/svodka.csv\n")
    raw = (tmp_path / "out" / "svodka.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows == [HEADER] + CSV_ROWS


def test_format_follows_the_extension_of_out(municipality: Path, tmp_path: Path) -> None:
    assert run("summary", "mun", "--today", "2024-09-30", "--out", "s.json").exit_code == 1
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [s["school"] for s in data["schools"]] == [r[0] for r in CSV_ROWS]
    assert data["categories"]["teachers"] == "Педагогические работники"
    assert data["totals"] == {"schools": 4, "readable": 3, "troubled": 3, "pending": 0}


def test_xlsx_reads_back_with_openpyxl(municipality: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert run("summary", "mun", "--today", "2024-09-30", "--format", "xlsx", "--out", "s.xlsx").exit_code == 1
    ws = load_workbook(tmp_path / "s.xlsx").active
    assert ws.title == "Школы"
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    assert values[0] == HEADER
    assert values[1][0] == "school-40" and values[1][-1] == BROKEN
    assert values[2][:15] == [
        "МБОУ – Гимназия № 5",
        "188",
        dt.datetime(2020, 5, 30),
        "ЭлЖур",
        0,
        10,
        10,
        0,
        None,
        None,
        None,
        None,
        "нет",
        0,
        13,
    ]
    assert values[3][:15] == [
        "МБОУ «Лицей № 3»",
        "87-о",
        dt.datetime(2024, 8, 26),
        "ЭлЖур",
        2,
        5,
        1,
        1,
        91,
        100,
        None,
        dt.datetime(2024, 9, 13),
        "нет",
        2,
        6,
    ]
    assert values[4][:15] == [
        "МАОУ СОШ № 12",
        "112/01-07",
        dt.datetime(2024, 8, 20),
        "ЭлЖур",
        1,
        6,
        0,
        0,
        100,
        100,
        97,
        dt.datetime(2024, 9, 27),
        "да",
        0,
        0,
    ]
    assert all(cell.font.b for cell in ws[1])
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:Q5"
    assert ws.column_dimensions["A"].width == 28 and ws.column_dimensions["Q"].width == 60
    assert ws["C3"].number_format == "DD.MM.YYYY"
    rules = {str(r.sqref): [x.operator or x.formula for x in r.rules] for r in ws.conditional_formatting}
    assert rules["G2:G5"] == ["greaterThan"]  # overdue measures
    assert rules["N2:N5"] == ["greaterThan"]  # overdue duties
    red = next(r for r in ws.conditional_formatting if str(r.sqref) == "G2:G5").rules[0]
    assert red.dxf.fill.fgColor.rgb.endswith("FFC7CE")


def test_xlsx_is_reproducible(municipality: Path) -> None:
    one = api.summary_bytes(api.summary([municipality], TODAY), "xlsx")
    two = api.summary_bytes(api.summary([municipality], TODAY), "xlsx")
    assert one == two


def test_text_table_names_the_broken_school_and_its_problem(municipality: Path) -> None:
    env = {"COLUMNS": "160"}
    result = CliRunner().invoke(app, ["summary", "mun", "--today", "2024-09-30"], env=env)
    assert result.exit_code == 1
    out = result.output
    assert "┃ Школа" in out
    line = next(x for x in out.splitlines() if "МАОУ СОШ № 12" in x)
    assert [c.strip() for c in line.split("│")[1:-1]] == [
        "МАОУ СОШ № 12",
        "№ 112/01-07 от 20.08.2024",
        "ЭлЖур",
        "1 из 6",
        "0",
        "0",
        "100 · 100 · 97",
        "✓ 27.09.2024",
        "0",
        "0",
    ]
    assert f"Не прочитаны:\n  school-40 (mun/school-40): {BROKEN}\n" in out
    assert out.endswith("Школ: 4; с ошибками, просрочками или нечитаемыми файлами: 3; не прочитано: 1.\n")


def test_narrow_terminal_gets_the_summary_as_a_list(municipality: Path) -> None:
    out = run("summary", "mun", "--today", "2024-09-30").output.splitlines()  # 80 columns
    assert out[1:3] == ["school-40", f"  не прочитано: {BROKEN}"]
    facts = (
        "  приказ: № 112/01-07 от 20.08.2024; платформа: ЭлЖур; выполнено: 1 из 6; просрочено: 0; скоро: 0; "
        "данные, %: 100 · 100 · 97; актуализация: ✓ 27.09.2024; обязанности просрочены: 0; ошибки: 0"
    )
    assert out[7:9] == ["МАОУ СОШ № 12", facts]


def test_json_on_stdout(municipality: Path) -> None:
    result = run("summary", "mun/school-12", "--today", "2024-09-30", "--format", "json")
    assert result.exit_code == 0  # no errors, nothing overdue
    data = json.loads(result.stdout)
    assert data["schools"][0]["data_entry"] == {"pupils": 100, "teachers": 100, "parents": 97}
    assert data["schools"][0]["order_date"] == "2024-08-20"


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (["mun/school-40"], BROKEN),
        (["nowhere"], "nowhere: папка не найдена"),
        (["empty"], "empty: нет ни одной папки школы (с файлом order.yaml)"),
    ],
)
def test_exit_2_when_no_school_could_be_read(municipality: Path, tmp_path: Path, given: list[str], problem: str) -> None:
    (tmp_path / "empty").mkdir()
    result = run("summary", *given, "--today", "2024-09-30", "--format", "csv")
    assert result.exit_code == 2
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2 and rows[1][-1] == problem


def test_schools_are_found_below_the_folders_given(municipality: Path, tmp_path: Path) -> None:
    """A folder of schools made by `rollout init` (data/ inside), hidden and output folders skipped,
    a school given twice counted once."""
    assert run("init", "district/lyceum-9", "--school", "МБОУ «Лицей № 9»", "--today", "2024-09-01").exit_code == 0
    shutil.copytree(ROOT / "examples" / "school-12", tmp_path / "district" / ".git" / "school-12")
    shutil.copytree(ROOT / "examples" / "school-12", tmp_path / "district" / "lyceum-9" / "pechat" / "copy")
    found = [p.folder.as_posix() for p in find_schools([Path("district"), Path("mun/school-12"), Path("mun")])]
    assert found == ["district/lyceum-9/data", "mun/school-12", "mun/gymnasium-5", "mun/lyceum-3", "mun/school-40"]


def test_platform_is_read_from_the_order_in_one_place(data: Path) -> None:
    """The platform is data (the ``platform:`` section), never guessed from the texts."""
    assert platform_name(load_bundle(data)) == "ЭлЖур"
    edit(
        data,
        "order.yaml",
        "platform:\n  name: ЭлЖур\n  forms:\n    gent: ЭлЖура\n",
        "platform:\n  name: Сетевой город. Образование\n  alias: ЭЖ\n",
    )
    assert platform_name(load_bundle(data)) == "Сетевой город. Образование"
    edit(data, "order.yaml", "platform:\n  name: Сетевой город. Образование\n  alias: ЭЖ\n", "")
    assert platform_name(load_bundle(data)) == "электронный журнал"  # the order's «ЭлЖур» is not a guess


def test_xlsx_is_not_printed_on_the_terminal(municipality: Path) -> None:
    result = run("summary", "mun", "--format", "xlsx")
    assert result.exit_code == 2
    assert "укажите --out ФАЙЛ.xlsx" in result.output
