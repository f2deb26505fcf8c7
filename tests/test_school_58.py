"""examples/school-58: a plan where only roles are responsible, with co-executors and deadlines
counted in working days (after the start, after the end of a quarter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_as_expected, example_school, run


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("school-58", tmp_path, monkeypatch).parent


def test_school_58_checks_clean_on_its_order_date(school: Path) -> None:
    result = run("check", "--today", "2024-08-30")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


@pytest.mark.parametrize(
    ("document", "expected"),
    [("prikaz.docx", "school-58-prikaz.txt"), ("prilozhenie-1-plan.docx", "school-58-plan.txt")],
)
def test_school_58_documents_word_for_word(school: Path, document: str, expected: str) -> None:
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    assert_as_expected(school / "pechat" / document, expected)


def test_school_58_status_after_the_quarter_per_person_and_role(school: Path) -> None:
    """On 06.11.2024 every term has passed: 8, 10 and 15 working days from 02.09.2024 and
    3 working days after the first quarter (26.10.2024; 04.11 is a holiday)."""
    result = run("status", "--today", "2024-11-06")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[lines.index("Зайцева О.И., директор") :] == [
        "Зайцева О.И., директор",
        "  открытых мероприятий и периодических обязанностей нет",
        "Морозов П.С., заместитель директора по учебно-воспитательной работе",
        "  мероприятие 3, соисполнитель как заместитель директора по УВР (срок: в течение 15 рабочих дней с 02.09.2024) — просрочено на 47 дней: Заполнение тематического планирования по всем предметам.",
        "  мероприятие 4, соисполнитель (срок: в течение 3 рабочих дней после окончания I четверти) — просрочено на 7 дней: Выставление итоговых отметок за I четверть.",
        "  обязанность (ежемесячно, последний раз: не выполнялась; просрочена 02.10.2024): Проверяет заполнение журнала.",
        "Лапина А.В., учитель информатики",
        "  мероприятие 1, как администратор электронного журнала (срок: в течение 8 рабочих дней с 02.09.2024) — просрочено на 56 дней: Создание учётных записей учителей, обучающихся и родителей.",
        "  мероприятие 2, соисполнитель как администратор электронного журнала (срок: в течение 10 рабочих дней с 02.09.2024) — просрочено на 54 дня: Внесение списков классов и сведений о родителях (законных представите…",
        "Сергеева М.О., учитель начальных классов",
        "  мероприятие 2, как классные руководители 1–11 классов (срок: в течение 10 рабочих дней с 02.09.2024) — просрочено на 54 дня: Внесение списков классов и сведений о родителях (законных представите…",
        "  мероприятие 4, как классные руководители 1–11 классов (срок: в течение 3 рабочих дней после окончания I четверти) — просрочено на 7 дней: Выставление итоговых отметок за I четверть.",
        "Учителя-предметники, коллективная роль, исполнители поимённо не названы",
        "  мероприятие 3 (срок: в течение 15 рабочих дней с 02.09.2024) — просрочено на 47 дней: Заполнение тематического планирования по всем предметам.",
        "  мероприятие 4 (срок: в течение 3 рабочих дней после окончания I четверти) — просрочено на 7 дней: Выставление итоговых отметок за I четверть.",
        "  обязанность (ежедневно, последний раз: не выполнялась; просрочена 03.09.2024): Выставляют отметки в день проведения урока.",
    ]
