"""Recurring records: a recurring row of the plan keeps an execution a period (``rollout done``
on it adds to ``executions``, the row stays open), and a duty counted from an event is due
once the event is recorded (``rollout event``), until its execution is recorded."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from elzhur_rollout import api
from helpers import edit, example_school, lines_of, run
from serving import Client, make_school, serving


def changed(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def plan_lines(output: str, number: str) -> list[str]:
    """The lines of ``rollout status`` for measure ``number`` of the plan (printed as a list)."""
    lines = output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{number}. "))
    end = next(i for i in range(at + 1, len(lines)) if not lines[i].startswith("   "))
    return lines[at:end]


@pytest.fixture
def kirovsk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """examples/school-3-kirovsk: measure 6 is «Отчёт … ежеквартально до 5 числа месяца,
    следующего за отчётным» (recurs: every quarter, due_day 5)."""
    return example_school("school-3-kirovsk", tmp_path, monkeypatch)


@pytest.fixture
def lyceum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """examples/lyceum-15: order item 8 «… представлять справку директору лицея не позднее 3
    рабочих дней после проведения проверки» (recurs: after_event, working_days 3)."""
    return example_school("lyceum-15", tmp_path, monkeypatch)


# --------------------------------------------------------------------------- a recurring row of the plan


def test_a_recurring_row_is_due_each_quarter_and_shows_its_periods(kirovsk: Path) -> None:
    result = run("status", "--today", "2025-01-20")
    assert plan_lines(result.output, "6") == [
        "6. ежеквартально до 5 числа месяца, следующего за отчётным · Лукина Т.А. · просрочено на 105 дней",
        "   Отчёт о заполнении электронного журнала в управление образования",
        "   По периодам: III квартал 2024 — просрочено (срок 07.10.2024); IV квартал 2024 — просрочено (срок 09.01.2025); "
        "I квартал 2025 — срок 07.04.2025",
    ]
    result = run("check", "--today", "2025-01-20")
    assert (
        "  69:5: ошибка [deadline-overdue] мероприятие 6: выполнение за III квартал 2024 просрочено на 105 дней: "
        "срок — 07.10.2024 (ежеквартально до 5 числа месяца, следующего за отчётным), а также за IV квартал 2024; "
        "отметок о выполнении нет; отметьте выполнение: rollout done 6 --date ГГГГ-ММ-ДД"
    ) in result.output.splitlines()


def test_done_on_a_recurring_row_records_the_period_and_keeps_it_open(kirovsk: Path) -> None:
    before = (kirovsk / "plan.yaml").read_text(encoding="utf-8")
    result = run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20")
    assert (result.exit_code, result.output) == (
        0,
        "Мероприятие 6: выполнение за IV квартал 2024 отмечено 09.01.2025 (без отметки остаётся III квартал 2024); "
        "следующий срок — 07.04.2025. Изменён data/plan.yaml.\n",
    )
    assert changed(before, (kirovsk / "plan.yaml").read_text(encoding="utf-8")) == ["+    executions:", "+      - 2025-01-09"]
    status = run("status", "--today", "2025-01-20").output
    assert plan_lines(status, "6") == [
        "6. ежеквартально до 5 числа месяца, следующего за отчётным · Лукина Т.А. · предстоит",
        "   Отчёт о заполнении электронного журнала в управление образования",
        "   По периодам: III квартал 2024 — без отметки (срок 07.10.2024); IV квартал 2024 — выполнено 09.01.2025; "
        "I квартал 2025 — срок 07.04.2025",
    ]
    assert (
        "  07.04.2025  мероприятие 6: Отчёт о заполнении электронного журнала в управление образования — Лукина Т.А."
        in status.splitlines()
    )
    assert "мероприятие 6" not in run("check", "--today", "2025-01-20").output
    # the next quarter: one more execution, one more line
    result = run("done", "6", "--date", "2025-04-02", "--today", "2025-04-20")
    assert result.output == (
        "Мероприятие 6: выполнение за I квартал 2025 отмечено 02.04.2025; следующий срок — 07.07.2025. Изменён data/plan.yaml.\n"
    )
    assert changed(before, (kirovsk / "plan.yaml").read_text(encoding="utf-8")) == [
        "+    executions:",
        "+      - 2025-01-09",
        "+      - 2025-04-02",
    ]
    assert [line for line in run("check", "--today", "2025-07-20").output.splitlines() if "мероприятие 6" in line] == [
        "  69:5: ошибка [deadline-overdue] мероприятие 6: выполнение за II квартал 2025 просрочено на 13 дней: "
        "срок — 07.07.2025 (ежеквартально до 5 числа месяца, следующего за отчётным); последнее выполнение — 02.04.2025; "
        "отметьте выполнение: rollout done 6 --date ГГГГ-ММ-ДД"
    ]


def test_executions_stay_above_the_blank_line_and_the_comment_after_the_row(kirovsk: Path) -> None:
    edit(kirovsk, "plan.yaml", "  - id: 7\n", "\n  # родители — вместе с классными руководителями\n  - id: 7\n")
    assert run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20").exit_code == 0
    assert run("done", "6", "--date", "2025-04-02", "--today", "2025-04-20").exit_code == 0
    assert (
        "      result: Отчёт представлен в срок\n    executions:\n      - 2025-01-09\n      - 2025-04-02\n\n"
        "  # родители — вместе с классными руководителями\n  - id: 7\n"
    ) in (kirovsk / "plan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2025-01-09", "Ошибка: мероприятие 6: выполнение 09.01.2025 уже отмечено. Файлы не изменены."),
        ("2025-01-08", "Ошибка: последнее выполнение уже отмечено позже: 09.01.2025. Файлы не изменены."),
        ("2025-02-01", "Ошибка: дата 01.02.2025 ещё не наступила (сегодня 20.01.2025). Файлы не изменены."),
        (  # a second report in the period the first one already marks: it would count for nothing
            "2025-01-15",
            "Ошибка: мероприятие 6: выполнение за IV квартал 2024 уже отмечено 09.01.2025; следующий срок — 07.04.2025. "
            "Файлы не изменены.",
        ),
    ],
)
def test_an_execution_recorded_twice_or_out_of_order_is_refused(kirovsk: Path, date: str, message: str) -> None:
    assert run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20").exit_code == 0
    before = (kirovsk / "plan.yaml").read_bytes()
    result = run("done", "6", "--date", date, "--today", "2025-01-20")
    assert (result.exit_code, result.output) == (2, message + "\n")
    assert (kirovsk / "plan.yaml").read_bytes() == before


def test_cancel_and_reopen_a_recurring_row(kirovsk: Path) -> None:
    assert run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20").exit_code == 0
    result = run("reopen", "6", "--today", "2025-01-20")
    assert result.output == "Ошибка: мероприятие 6 не закрыто (статус — «не начато»). Файлы не изменены.\n"
    assert run("cancel", "6", "--note", "отчёт отменён управлением", "--today", "2025-01-20").exit_code == 0
    assert run("done", "6", "--today", "2025-01-20").output == (
        "Ошибка: мероприятие 6 отменено; сначала rollout reopen 6. Файлы не изменены.\n"
    )
    # cancelled: the periods it recorded stay, the missed and the coming ones are owed no more
    assert plan_lines(run("status", "--today", "2025-05-20").output, "6") == [
        "6. ежеквартально до 5 числа месяца, следующего за отчётным · Лукина Т.А. · отменено",
        "   Отчёт о заполнении электронного журнала в управление образования",
        "   По периодам: III квартал 2024 — без отметки (срок 07.10.2024); IV квартал 2024 — выполнено 09.01.2025",
    ]
    assert (
        run("reopen", "6", "--today", "2025-01-20").output
        == "Мероприятие 6: возвращено в план; выполнение снова отмечается по периодам. Изменён data/plan.yaml.\n"
    )
    plan = (kirovsk / "plan.yaml").read_text(encoding="utf-8")
    assert "    executions:\n      - 2025-01-09\n" in plan  # the periods recorded stay
    assert plan_lines(run("status", "--today", "2025-01-20").output, "6")[0].endswith("· предстоит")


def test_the_calendar_entry_of_a_recurring_row_shows_its_periods_and_how_to_mark_one(kirovsk: Path) -> None:
    from icalendar import Calendar

    assert run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20").exit_code == 0
    ics = run("calendar", "--out", "-", "--today", "2025-01-20").output
    event = next(e for e in Calendar.from_ical(ics).walk("VEVENT") if str(e["SUMMARY"]).startswith("Мероприятие 6"))
    assert str(event["DESCRIPTION"]).splitlines()[3:6] == [
        "Статус на 20.01.2025: предстоит",
        "По периодам: III квартал 2024 — без отметки (срок 07.10.2024); IV квартал 2024 — выполнено 09.01.2025; "
        "I квартал 2025 — срок 07.04.2025",
        "Отметить выполнение: rollout done 6",
    ]


def test_the_calendar_repeats_a_recurring_row_from_its_next_period(kirovsk: Path) -> None:
    assert run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20").exit_code == 0
    ics = run("calendar", "--out", "-", "--today", "2025-01-20").output
    event = next(e for e in ics.split("BEGIN:VEVENT")[1:] if "SUMMARY:Мероприятие 6" in e)
    lines = [line for line in event.splitlines() if line.startswith(("DTSTART", "RRULE", "EXDATE", "RDATE"))]
    assert lines == [
        "DTSTART;VALUE=DATE:20250405",
        "RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=5",
        "EXDATE;VALUE=DATE:20250405,20250705,20251005,20260105,20260405,20260705",
        "RDATE;VALUE=DATE:20250407,20250707,20251006,20260112,20260406,20260706",
    ]


def test_the_report_and_the_dashboard_mark_each_period(kirovsk: Path) -> None:
    assert run("done", "6", "--date", "2025-01-09", "--today", "2025-01-20").exit_code == 0
    assert run("render", "report", "--today", "2025-01-20").exit_code == 0
    rows = [line for line in lines_of(kirovsk.parent / "pechat" / "spravka-2025-01-20.docx") if line.startswith("6. |")]
    assert rows == [
        "6. | Отчёт о~заполнении электронного журнала в~управление образования | Ежеквартально до 5 числа месяца, "
        "следующего за отчётным | Лукина~Т.А. | Предстоит. По периодам: III квартал 2024~– без отметки (срок 07.10.2024); "
        "IV квартал 2024~– выполнено 09.01.2025; I квартал 2025~– срок 07.04.2025."
    ]
    duties = [line for line in lines_of(kirovsk.parent / "pechat" / "spravka-2025-01-20.docx") if "пункт~2.1" in line]
    assert duties[0].endswith(
        "«Заседания рабочей группы проводятся по мере необходимости, но не реже одного раза в~месяц до 31.12.2024» "
        "(Лукина~Т.А., пункт~2.1 регламента, срок~– 02.10.2024)."
    )
    assert run("dashboard", "--today", "2025-01-20").exit_code == 0
    page = (kirovsk.parent / "pechat" / "dashboard.html").read_text(encoding="utf-8")
    assert (
        "Мероприятие 6: Отчёт о заполнении электронного журнала в управление образования. Срок: ежеквартально до 5 числа "
        "месяца, следующего за отчётным. Предстоит. По периодам: III квартал 2024 — без отметки (срок 07.10.2024); "
        "IV квартал 2024 — выполнено 09.01.2025; I квартал 2025 — срок 07.04.2025.</title>"
    ) in page


def test_the_library_records_an_execution_as_the_command_does(kirovsk: Path) -> None:
    import datetime as dt

    recorded = api.done(kirovsk, 6, dt.date(2025, 1, 20), when=dt.date(2025, 1, 9))
    assert recorded.message == (
        "Мероприятие 6: выполнение за IV квартал 2024 отмечено 09.01.2025 (без отметки остаётся III квартал 2024); "
        "следующий срок — 07.04.2025."
    )
    assert api.load(kirovsk).plan.measures[5].executions == [dt.date(2025, 1, 9)]


def test_the_page_s_form_records_an_execution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    school = make_school(tmp_path / "school", Path(__file__).parent.parent / "examples" / "school-3-kirovsk")
    monkeypatch.setattr("serving.TODAY", "2025-01-20")
    with serving(school) as server:
        ok, lines = Client(server).record("done", measure="6", date="09.01.2025")
    assert ok, lines
    assert lines[0] == (
        "Мероприятие 6: выполнение за IV квартал 2024 отмечено 09.01.2025 (без отметки остаётся III квартал 2024); "
        "следующий срок — 07.04.2025. Изменён файл plan.yaml."
    )
    assert "    executions:\n      - 2025-01-09\n" in (school / "data" / "plan.yaml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- a term counted from an event

ITEM_8 = (
    "Пункт 8 приказа: «Комиссии ежемесячно проверять заполнение электронного журнала в соответствии с планом "
    "мероприятий (приложение 1) и представлять справку директору лицея не позднее 3 рабочих дней после "
    "проведения проверки.»"
)


def test_without_a_recorded_event_the_duty_is_never_due(lyceum: Path) -> None:
    assert run("check", "--today", "2025-09-02").output == "Замечаний нет.\n"
    assert "справку" not in run("status", "--today", "2026-05-20").output
    assert "Пункт 8 приказа" not in run("check", "--today", "2026-05-20").output


def test_an_event_makes_the_duty_due_three_working_days_later_until_it_is_done(lyceum: Path) -> None:
    before = (lyceum / "order.yaml").read_text(encoding="utf-8")
    result = run("event", "приказ", "8", "--date", "2025-10-24", "--today", "2025-10-24")
    assert (result.exit_code, result.output) == (
        0,
        f"{ITEM_8} — событие «проведение проверки» записано 24.10.2025; выполнить до 29.10.2025. Изменён data/order.yaml.\n",
    )
    assert changed(before, (lyceum / "order.yaml").read_text(encoding="utf-8")) == ["+    last_event: 2025-10-24"]
    assert (  # the item's new last key stays above the blank line that ends the list of items
        "      text: не позднее 3 рабочих дней после проведения проверки\n    last_event: 2025-10-24\n\nworking_group:\n"
    ) in (lyceum / "order.yaml").read_text(encoding="utf-8")
    status = run("status", "--person", "orlova", "--today", "2025-10-27").output
    assert (
        "  обязанность как член комиссии (не позднее 3 рабочих дней после проведения проверки, последний раз: не выполнялась; "
        "событие: 24.10.2025; следующий срок 29.10.2025): Комиссии ежемесячно проверять заполнение электронного журнала в соответствии с планом "
        "мероприятий (приложение 1) и представлять справку директору лицея не позднее 3 рабочих дней после проведения проверки."
    ) in status.splitlines()
    assert "Пункт 8 приказа" not in run("check", "--today", "2025-10-29").output
    late = [line for line in run("check", "--today", "2025-10-30").output.splitlines() if "Пункт 8 приказа" in line]
    assert late == [
        "  113:5: ошибка [duty-overdue] Пункт 8 приказа: обязанность «Комиссии ежемесячно проверять заполнение электронного "
        "журнала в соответствии с планом мероприятий (приложение 1) и представлять справку директору лицея не позднее 3 "
        "рабочих дней после проведения проверки.» выполняется не позднее 3 рабочих дней после проведения проверки, событие "
        "«проведение проверки» записано 24.10.2025, отметок о выполнении нет; срок прошёл 29.10.2025; ответственные — "
        "комиссия по контролю за ведением электронного журнала (Орлова Н.С., Гусев А.В., Лаптева Е.И., Шубин Р.А.); "
        "отметьте выполнение: rollout duty-done приказ 8 --date ГГГГ-ММ-ДД"
    ]
    assert run("dashboard", "--today", "2025-10-30").exit_code == 0
    page = (lyceum.parent / "pechat" / "dashboard.html").read_text(encoding="utf-8")
    assert "не позднее 3 рабочих дней после проведения проверки; срок прошёл 29.10.2025; событие 24.10.2025; отметок нет" in page
    result = run("duty-done", "приказ", "8", "--date", "2025-10-30", "--today", "2025-10-30")
    assert result.output == f"{ITEM_8} — выполнено 30.10.2025. Изменён data/order.yaml.\n"
    assert changed(before, (lyceum / "order.yaml").read_text(encoding="utf-8")) == [
        "+    last_done: 2025-10-30",
        "+    last_event: 2025-10-24",
    ]
    assert "Пункт 8 приказа" not in run("check", "--today", "2026-03-30").output  # closed until the next event
    # the next inspection opens it again
    assert run("event", "приказ", "8", "--date", "2025-11-25", "--today", "2025-11-25").exit_code == 0
    ics = run("calendar", "--out", "-", "--today", "2025-11-25").output
    event = next(e for e in ics.split("BEGIN:VEVENT")[1:] if "SUMMARY:Пункт 8 приказа" in e)
    assert [line for line in event.splitlines() if line.startswith(("DTSTART", "RRULE"))] == ["DTSTART;VALUE=DATE:20251128"]


def test_the_documents_print_nothing_of_the_tracking(lyceum: Path) -> None:
    assert run("event", "приказ", "8", "--date", "2025-10-24", "--today", "2025-10-24").exit_code == 0
    assert run("render", "order", "--today", "2025-10-24").exit_code == 0
    text = "\n".join(lines_of(lyceum.parent / "pechat" / "prikaz.docx"))
    assert "проведение проверки" not in text
    assert "24.10.2025" not in text


def test_the_same_day_and_a_role_s_duty(lyceum: Path) -> None:
    """«в день проведения урока»: working_days 0 — due on the day of the event (a Saturday's: the
    Monday after); a duty of a role is addressed as duty-done addresses it."""
    edit(
        lyceum,
        "regulation.yaml",
        "      - text: записывает тему урока и домашнее задание в день проведения урока;\n",
        "      - text: записывает тему урока и домашнее задание в день проведения урока;\n"
        "        recurs:\n          after_event: проведение урока\n          working_days: 0\n",
    )
    before = (lyceum / "regulation.yaml").read_text(encoding="utf-8")
    result = run("event", "subject_teacher", "1", "--date", "2025-10-25", "--today", "2025-10-27")
    assert result.output == (
        "Учитель-предметник: «записывает тему урока и домашнее задание в день проведения урока;» — событие «проведение "
        "урока» записано 25.10.2025; выполнить до 27.10.2025. Изменён data/regulation.yaml.\n"
    )
    assert changed(before, (lyceum / "regulation.yaml").read_text(encoding="utf-8")) == ["+        last_event: 2025-10-25"]
    assert [line for line in run("check", "--today", "2025-10-28").output.splitlines() if "тему урока" in line] == [
        "  47:9: ошибка [duty-overdue] Учитель-предметник: обязанность «записывает тему урока и домашнее задание в день "
        "проведения урока;» выполняется в день события «проведение урока», событие «проведение урока» записано 25.10.2025, "
        "отметок о выполнении нет; срок прошёл 27.10.2025; отметьте выполнение: rollout duty-done subject_teacher 1 --date ГГГГ-ММ-ДД"
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["event", "приказ", "7"],
            "в пункте 7 приказа нет периодической обязанности (recurs); есть: 8",
        ),
        (
            ["event", "class_teacher", "1"],
            "срок обязанности «ежедневно отмечает в электронном журнале обучающихся, отсутствующих на уроках, и причины "
            "отсутствия;» не считается от события (в recurs нет after_event): записывать событие не нужно; выполнение "
            "отмечает rollout duty-done class_teacher 1",
        ),
        (["event", "nobody", "1"], "роли «nobody» нет в регламенте; есть: class_teacher, subject_teacher, ej_admin"),
        (["event", "приказ", "abc"], "«abc» — не номер пункта приказа; пункты с периодической обязанностью (recurs): 8"),
        (["event", "приказ", "8", "--date", "2025-10-20"], "последнее событие уже записано позже: 24.10.2025"),
        (["event", "приказ", "8", "--date", "2025-10-24"], "событие «проведение проверки» 24.10.2025 уже записано"),
        (["event", "приказ", "8", "--date", "2025-08-01"], "дата 01.08.2025 раньше приказа (02.09.2025)"),
    ],
)
def test_event_refusals_change_nothing(lyceum: Path, args: list[str], message: str) -> None:
    assert run("event", "приказ", "8", "--date", "2025-10-24", "--today", "2025-10-30").exit_code == 0
    before = {p.name: p.read_bytes() for p in lyceum.glob("*.yaml")}
    result = run(*args, "--today", "2025-10-30")
    assert (result.exit_code, result.output) == (2, f"Ошибка: {message}. Файлы не изменены.\n")
    assert {p.name: p.read_bytes() for p in lyceum.glob("*.yaml")} == before


@pytest.mark.parametrize(
    ("recurs", "message"),
    [
        (
            "      every: week\n      working_days: 3\n",
            "рабочие дни (working_days) задаются только вместе с every: term (после окончания периода) или с after_event "
            "(после события)",
        ),
        (
            "      every: term\n      working_days: 0\n",
            "с every: term рабочих дней после окончания периода (working_days) должно быть от 1 до 60",
        ),
    ],
)
def test_working_days_are_checked(lyceum: Path, recurs: str, message: str) -> None:
    edit(
        lyceum,
        "order.yaml",
        "      after_event: проведение проверки\n      working_days: 3\n",
        recurs,
    )
    result = run("check", "--today", "2025-09-02")
    assert result.exit_code == 2
    assert message in re.sub(r"\s+", " ", result.output)


def test_the_page_records_an_event(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    school = make_school(tmp_path / "school", Path(__file__).parent.parent / "examples" / "lyceum-15")
    monkeypatch.setattr("serving.TODAY", "2025-10-24")
    with serving(school) as server:
        client = Client(server)
        offered = client.page().xpath("//form[@id='form-event']//select[@name='duty']/option/@value")
        ok, lines = client.record("event", duty="приказ/8", date="24.10.2025")
        regulation_form = client.page().xpath("//form[@id='form-event-regulation']")
    assert offered == ["", "приказ/8"]  # «— выберите —» and item 8
    assert ok, lines
    assert lines[0] == (
        f"{ITEM_8} — событие «проведение проверки» записано 24.10.2025; выполнить до 29.10.2025. Изменён файл order.yaml."
    )
    assert regulation_form == []  # no duty of the regulation counts from an event
    assert "    last_event: 2025-10-24\n" in (school / "data" / "order.yaml").read_text(encoding="utf-8")


def test_an_execution_of_a_duty_recorded_twice_is_refused(lyceum: Path) -> None:
    assert run("event", "приказ", "8", "--date", "2025-10-24", "--today", "2025-10-30").exit_code == 0
    assert run("duty-done", "приказ", "8", "--date", "2025-10-28", "--today", "2025-10-30").exit_code == 0
    before = (lyceum / "order.yaml").read_bytes()
    result = run("duty-done", "приказ", "8", "--date", "2025-10-28", "--today", "2025-10-30")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: выполнение обязанности 28.10.2025 уже отмечено. Файлы не изменены.\n",
    )
    assert (lyceum / "order.yaml").read_bytes() == before


@pytest.mark.parametrize("address", [["Приказ", "п8"], ["приказ", "п. 8"], ["приказ", "8."]])
def test_an_order_item_is_addressed_as_done_addresses_it(lyceum: Path, address: list[str]) -> None:
    result = run("event", *address, "--date", "2025-10-24", "--today", "2025-10-24")
    assert (result.exit_code, result.output) == (
        0,
        f"{ITEM_8} — событие «проведение проверки» записано 24.10.2025; выполнить до 29.10.2025. Изменён data/order.yaml.\n",
    )
    result = run("duty-done", *address, "--date", "2025-10-27", "--today", "2025-10-27")
    assert (result.exit_code, result.output) == (0, f"{ITEM_8} — выполнено 27.10.2025. Изменён data/order.yaml.\n")


def test_an_execution_that_falls_in_no_period_is_refused(kirovsk: Path) -> None:
    before = (kirovsk / "plan.yaml").read_bytes()
    result = run("done", "6", "--date", "2024-09-02", "--today", "2024-09-03")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: мероприятие 6: выполнение 02.09.2024 не приходится ни на один период (ближайший — III квартал 2024, "
        "срок 07.10.2024); проверьте дату. Файлы не изменены.\n",
    )
    assert (kirovsk / "plan.yaml").read_bytes() == before


def test_a_duty_that_serves_a_recurring_row_is_carried_out_with_it(kirovsk: Path) -> None:
    # the head's quarterly report (regulation, measures: [6]) is the plan's row 6: one act, one mark
    late = "Руководитель рабочей группы: обязанность «ежеквартально до 5 числа месяца"
    assert late in run("check", "--today", "2024-10-10").output
    assert run("done", "6", "--date", "2024-10-03", "--today", "2024-10-10").exit_code == 0
    assert late not in run("check", "--today", "2024-10-10").output
    status = run("status", "--today", "2024-10-10").output
    assert (
        "  обязанность (ежеквартально до 5 числа месяца, следующего за отчётным, последний раз: 03.10.2024; "
        "следующий срок 09.01.2025): ежеквартально до 5 числа месяца, следующего за отчётным, представляет отчёт о "
        "заполнении электронного журнала в управление образования."
    ) in status.splitlines()
