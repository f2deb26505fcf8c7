"""examples/school-3-kirovsk: a school's order as issued (source.txt): the higher body's line,
acts with different verbs, a working group in the genitive with full names, a deadline inside an
item, «И.о. директора» without the school's name, visas, «Разослать», the executor, «В дело»;
appendix marks apart from «УТВЕРЖДЕН … приказом директора»; a plan with stages, a result column
and «—» in its empty cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_as_expected, example_school, run


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("school-3-kirovsk", tmp_path, monkeypatch).parent


def test_kirovsk_documents_are_right_on_the_order_date(school: Path) -> None:
    result = run("check", "--today", "2024-08-30", "--scope", "documents")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


def test_kirovsk_on_the_order_date_only_the_two_near_deadlines(school: Path) -> None:
    """The source gives 02.09 and 06.09 for measures 1 and 2 and 06.09 for item 4 (inside its
    sentence): all within a week of 30.08."""
    result = run("check", "--today", "2024-08-30")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "data/order.yaml",
        "  92:7: предупреждение [deadline-soon] срок пункта 4 приказа истекает через 7 дней (06.09.2024)",
        "data/plan.yaml",
        "  25:5: предупреждение [deadline-soon] срок мероприятия 1 истекает через 3 дня (02.09.2024), статус — «не начато»",
        "  33:5: предупреждение [deadline-soon] срок мероприятия 2 истекает через 7 дней (06.09.2024), статус — «не начато»",
        "Найдено: 3 предупреждения.",
    ]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("prikaz.docx", "school-3-kirovsk-prikaz.txt"),
        ("prilozhenie-1-plan.docx", "school-3-kirovsk-plan.txt"),
        ("prilozhenie-2-reglament.docx", "school-3-kirovsk-reglament.txt"),
    ],
)
def test_kirovsk_documents_word_for_word(school: Path, document: str, expected: str) -> None:
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    assert_as_expected(school / "pechat" / document, expected)


def test_kirovsk_later_after_progress_exactly_the_true_findings(school: Path) -> None:
    """On 10.10.2024, with measures 1–3 and item 4 done and the monthly meeting held on
    30.09.2024: the quarterly report (due 05.10.2024, a Saturday: so by Monday 07.10) is late —
    the regulation's duty and the plan's recurring row alike; the next meeting is due 31.10."""
    for args in (
        ("done", "1", "--date", "2024-09-02"),
        ("done", "2", "--date", "2024-09-05"),
        ("done", "3", "--date", "2024-09-27"),
        ("done", "п4", "--date", "2024-09-05"),
        ("duty-done", "регламент", "2.1", "--date", "2024-09-30"),
    ):
        result = run(*args, "--today", "2024-10-10")
        assert result.exit_code == 0, result.output
    result = run("check", "--today", "2024-10-10")
    assert result.output.splitlines() == [
        "data/plan.yaml",
        "  75:5: ошибка [deadline-overdue] мероприятие 6: выполнение за III квартал 2024 просрочено на 3 дня: "
        "срок — 07.10.2024 (ежеквартально до 5 числа месяца, следующего за отчётным); отметок о выполнении нет; "
        "отметьте выполнение: rollout done 6 --date ГГГГ-ММ-ДД",
        "data/regulation.yaml",
        "  31:9: ошибка [duty-overdue] Руководитель рабочей группы: обязанность «ежеквартально до 5 числа месяца, "
        "следующего за отчётным, представляет отчёт о заполнении электронного журнала в управление образования.» "
        "выполняется ежеквартально до 5 числа месяца, следующего за отчётным, отметок о выполнении нет; "
        "срок прошёл 07.10.2024; отметьте выполнение: rollout duty-done group_head 2 --date ГГГГ-ММ-ДД",
        "Найдено: 2 ошибки.",
    ]
    assert run("duty-done", "group_head", "2", "--date", "2024-10-04", "--today", "2024-10-10").exit_code == 0
    result = run("done", "6", "--date", "2024-10-04", "--today", "2024-10-10")
    assert result.output == (
        "Мероприятие 6: выполнение за III квартал 2024 отмечено 04.10.2024; следующий срок — 09.01.2025. Изменён data/plan.yaml.\n"
    )
    result = run("check", "--today", "2024-10-10")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")
