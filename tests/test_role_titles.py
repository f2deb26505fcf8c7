"""A role's title as the source writes it: examples/lyceum-15 heads its regulation's roles
«Классный руководитель:», «Учитель-предметник:», «Администратор электронного журнала:».
A heading keeps its capitals wherever it is printed as a heading; the colon belongs to the
heading and never shows as «…::» or in the middle of a sentence; inside a sentence only the
first letter is lowered, and not that of an abbreviation (ИКТ-специалист)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from elzhur_rollout import api
from elzhur_rollout.serve.actions import find
from helpers import edit, example_school, lines_of, run

LATER = "2025-12-01"


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of examples/lyceum-15 as ``data/``; returns the data folder."""
    return example_school("lyceum-15", tmp_path, monkeypatch)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def test_headings_keep_the_capitals_of_the_source(school: Path) -> None:
    """Today's behaviour, proved on the example: the regulation, status and the calendar print
    the heading as written (the calendar and status without the heading's colon)."""
    assert run("render", "all", "--today", "2025-09-02").exit_code == 0
    printed = lines_of(school.parent / "pechat" / "prilozhenie-2-reglament.docx")
    assert [line for line in printed if line.endswith(":") and line[:1].isdigit()] == [
        "2.1. Классный руководитель:",
        "2.2. Учитель-предметник:",
        "2.3. Администратор электронного журнала:",
    ]
    status = run("status", "--today", LATER).output.splitlines()
    assert "Учитель-предметник, коллективная роль, исполнители поимённо не названы" in status
    assert run("calendar", "--today", LATER, "--out", "k.ics").exit_code == 0
    ics = (school.parent / "k.ics").read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n ", "")  # unfolded
    assert "SUMMARY:Учитель-предметник: выставляет отметки за учебный период не позднее" in ics
    assert "::" not in ics


def test_the_heading_colon_is_not_repeated_in_messages(school: Path) -> None:
    result = run("duty-done", "subject_teacher", "9", "--today", LATER)
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: у роли «Учитель-предметник» нет обязанности «9»; укажите id или номер: 1–3. Файлы не изменены.\n",
    )
    done = run("duty-done", "subject_teacher", "3", "--today", LATER)
    assert done.output.startswith("Учитель-предметник: «выставляет отметки за учебный период не позднее последнего дня")


def test_the_dashboard_and_the_forms_name_the_role_without_its_colon(school: Path) -> None:
    assert run("dashboard", "--today", LATER, "--out", "d.html").exit_code == 0
    html = (school.parent / "d.html").read_text(encoding="utf-8")
    assert "<small>(Учитель-предметник)</small>" in html
    assert "Учитель-предметник:)" not in html
    bundle = api.load(school)
    action = find("duty-done")
    assert action is not None
    labels = [c.label for c in action.choices(bundle, api.status(bundle, dt.date(2025, 12, 1)))["duty"]]
    assert [label.split(": ")[0] for label in labels] == ["Классный руководитель", "Учитель-предметник"]
    assert not [label for label in labels if "::" in label]


def test_diff_names_the_role_without_its_colon(school: Path) -> None:
    root = school.parent
    git(root, "init", "-q")
    git(root, "config", "user.email", "deputy@example.org")
    git(root, "config", "user.name", "Завуч")
    git(root, "add", "data")
    git(root, "commit", "-qm", "order")
    edit(
        school,
        "regulation.yaml",
        '  subject_teacher:\n    title: "Учитель-предметник:"\n    collective: true\n    duties:\n',
        '  subject_teacher:\n    title: "Учитель-предметник:"\n    collective: true\n    duties:\n'
        "      - text: своевременно заполняет электронный журнал.\n",
    )
    result = run("diff")
    assert (result.exit_code, result.output) == (
        0,
        "Учитель-предметник: добавлена обязанность «своевременно заполняет электронный журнал.»\n",
    )


def test_an_abbreviation_keeps_its_capitals_inside_a_sentence(school: Path) -> None:
    edit(school, "regulation.yaml", 'title: "Учитель-предметник:"', 'title: "ИКТ-специалист:"')
    assert run("render", "report", "--today", LATER).exit_code == 0
    report = lines_of(school.parent / "pechat" / "spravka-2025-12-01.docx")
    duties = next(line for line in report if line.startswith("Периодические обязанности"))
    assert "(ИКТ-специалист, срок~– 24.10.2025)" in duties
    assert "Шубин~Р.А., комиссия по контролю за ведением электронного журнала, пункт~3.1 регламента, срок~– 25.09.2025)" in duties
    assert run("render", "all", "--today", "2025-09-02").exit_code == 0
    assert "2.2. ИКТ-специалист:" in lines_of(school.parent / "pechat" / "prilozhenie-2-reglament.docx")
