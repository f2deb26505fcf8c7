"""examples/lyceum-15: a lyceum's order as issued (source.txt): dates «"02" сентября 2025 г.»,
acts after «В соответствии с» and «на основании» (a protocol), the purpose and «приказываю:» at
the end of the preamble, a revoked order, deadlines inside the items, a commission in the
nominative under «председатель комиссии:» / «члены комиссии:», «Директор лицея», the line about
the acquaintance sheet and «Копия верна»; appendix marks without the approval; a plan with the
columns «Форма отчёта» and «Отметка о выполнении», plain numbers and a note under the table."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_as_expected, example_school, run


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("lyceum-15", tmp_path, monkeypatch).parent


def test_lyceum_15_checks_clean_on_its_order_date(school: Path) -> None:
    result = run("check", "--today", "2025-09-02")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("prikaz.docx", "lyceum-15-prikaz.txt"),
        ("prilozhenie-1-plan.docx", "lyceum-15-plan.txt"),
        ("prilozhenie-2-reglament.docx", "lyceum-15-reglament.txt"),
    ],
)
def test_lyceum_15_documents_word_for_word(school: Path, document: str, expected: str) -> None:
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    assert_as_expected(school / "pechat" / document, expected)


def test_lyceum_15_later_after_progress_exactly_the_true_findings(school: Path) -> None:
    """On 28.10.2025 (autumn holidays from 25.10): the items and measures of September are done,
    the commission checked on 24.10, the period's check was made on 20.10, the class teachers
    marked absences on 24.10 — their next school day is 05.11, after the holidays.  Only the
    subject teachers' marks for the first quarter (ended 24.10) are unrecorded."""
    for args in (
        ("done", "п5", "--date", "2025-09-09"),
        ("done", "п6", "--date", "2025-09-15"),
        ("done", "1", "--date", "2025-09-09"),
        ("done", "2", "--date", "2025-09-12"),
        ("done", "3", "--date", "2025-09-20"),
        ("done", "4", "--date", "2025-09-25"),
        ("duty-done", "регламент", "3.1", "--date", "2025-10-24"),
        ("duty-done", "регламент", "3.2", "--date", "2025-10-20"),
        ("duty-done", "class_teacher", "1", "--date", "2025-10-24"),
    ):
        result = run(*args, "--today", "2025-10-28")
        assert result.exit_code == 0, result.output
    result = run("check", "--today", "2025-10-28")
    assert result.output.splitlines() == [
        "data/regulation.yaml",
        "  52:9: ошибка [duty-overdue] Учитель-предметник: обязанность «выставляет отметки за учебный период не позднее "
        "последнего дня учебного периода.» выполняется по окончании каждого учебного периода, отметок о выполнении нет; "
        "срок прошёл 24.10.2025; отметьте выполнение: rollout duty-done subject_teacher 3 --date ГГГГ-ММ-ДД",
        "Найдено: 1 ошибка.",
    ]


def test_lyceum_15_a_member_of_the_commission_in_the_singular(school: Path) -> None:
    result = run("status", "--today", "2025-09-02", "--person", "lapteva")
    assert (
        "  обязанность как член комиссии (до 25 числа каждого месяца, последний раз: не выполнялась; следующий срок 25.09.2025): "
        in result.output
    )
    assert "мероприятие 5, как член комиссии (срок: ежемесячно, до 25 числа)" in result.output
