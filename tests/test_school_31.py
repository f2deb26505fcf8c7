"""examples/school-31: an order that approves a regulation alone (no plan), signed by an acting
director, the regulation with three consultative stamps in the left column and the approval
by the order in the right one."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_as_expected, example_school, run


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("school-31", tmp_path, monkeypatch).parent


def test_school_31_checks_clean_on_its_order_date(school: Path) -> None:
    result = run("check", "--today", "2025-08-29")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


@pytest.mark.parametrize(
    ("document", "expected"),
    [("prikaz.docx", "school-31-prikaz.txt"), ("prilozhenie-1-reglament.docx", "school-31-reglament.txt")],
)
def test_school_31_documents_word_for_word(school: Path, document: str, expected: str) -> None:
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    # no plan is approved, so none is issued
    assert not (school / "pechat" / "prilozhenie-1-plan.docx").exists()
    assert_as_expected(school / "pechat" / document, expected)


def test_school_31_status_later_shows_the_overdue_duty_of_its_holder(school: Path) -> None:
    result = run("status", "--today", "2025-10-15")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "МБОУ «СОШ № 31»: ход внедрения электронного журнала на 15.10.2025",
        "",
        "Мероприятий в плане нет.",
        "",
        "Громова Е.В., заместитель директора по учебно-воспитательной работе",
        "  обязанность (ежемесячно, последний раз: не выполнялась; просрочена 01.10.2025): "
        "Контролирует заполнение журнала раз в месяц.",
        "Петров И.А., учитель информатики",
        "  открытых мероприятий и периодических обязанностей нет",
    ]
    check = run("check", "--today", "2025-10-15")
    assert check.exit_code == 1
    assert (
        "[duty-overdue] Заместитель директора по УВР: обязанность «Контролирует заполнение журнала раз в месяц.»" in check.output
    )
