"""Deadlines and recurrence in every form, working days (issue 8, §6–7): through the CLI, with
the exact findings, status lines, plan cells and calendar rules; examples/gymnasium-2."""

from __future__ import annotations

from pathlib import Path

import pytest

from elzhur_rollout.documents.docx_text import blocks
from helpers import ROOT, check_findings, edit, example_school, line_of, run

GYMNASIUM_2 = ROOT / "examples" / "gymnasium-2"
NBSP = "\u00a0"


@pytest.fixture
def g2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of examples/gymnasium-2 as ``data/``, with the templates beside it."""
    return example_school("gymnasium-2", tmp_path, monkeypatch)


findings = check_findings


def codes(*args: str) -> list[str]:
    return [f[0] for f in findings(*args)]


# --------------------------------------------------------------------------- the example school


def test_gymnasium_2_is_clean_on_its_order_date() -> None:
    result = run("check", "--data", str(GYMNASIUM_2), "--today", "2024-08-28")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


STATUS_0909 = "МБОУ «Гимназия № 2»: ход внедрения ЭлЖура на 09.09.2024\n\nМероприятия  ░░░░░░░░░░░░░░░░░░░░ 0 из 8 мероприятий выполнено (0 %)\nПросрочено: 1 мероприятие\nОбучающиеся: ░░░░░░░░░░░░░░░░░░░░ 0 из 702 (0 %), срок до 12.09.2024\nПедагогические работники: ░░░░░░░░░░░░░░░░░░░░ 0 из 58 (0 %), срок до 12.09.2024\nРодители (законные представители): ░░░░░░░░░░░░░░░░░░░░ 0 из ? (общее число не указано), срок до 12.09.2024\nПоследняя актуализация данных: отметок нет (не реже чем раз в 7 дней)\n\nПлан мероприятий\n┏━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n┃   № ┃ Мероприятие         ┃ Срок           ┃ Ответственные   ┃ Состояние     ┃\n┡━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n│   1 │ Создание учётных з… │ в течение 6    │ Петренко О.И.   │ просрочено на │\n│     │                     │ рабочих дней с │                 │ 2 дня         │\n│     │                     │ 02.09.2024     │                 │               │\n│   2 │ Выдача логинов и п… │ 02.09.2024 –   │ Яковлев П.Д.    │ не начато,    │\n│     │                     │ 10.09.2024     │                 │ срок близко   │\n│   3 │ Ведение электронно… │ с 02.09.2024   │ Яковлев П.Д.    │ не начато     │\n│   4 │ Анализ заполнения … │ до окончания I │ Яковлев П.Д.    │ не начато     │\n│     │                     │ четверти       │                 │               │\n│   5 │ Отчёт о заполнении… │ в течение 5    │ Яковлев П.Д.    │ не начато     │\n│     │                     │ рабочих дней   │                 │               │\n│     │                     │ после          │                 │               │\n│     │                     │ окончания I    │                 │               │\n│     │                     │ четверти       │                 │               │\n│   6 │ Консультации для р… │ в течение      │ Яковлев П.Д.    │ не начато     │\n│     │                     │ учебного года  │                 │               │\n│   7 │ Создание учётных з… │ по мере        │ Петренко О.И.   │ не начато     │\n│     │                     │ поступления    │                 │               │\n│   8 │ Обновление инструк… │ по факту       │ Петренко О.И.   │ не начато     │\n│     │                     │ обновлений     │                 │               │\n│     │                     │ ЭлЖура         │                 │               │\n└─────┴─────────────────────┴────────────────┴─────────────────┴───────────────┘\n\nБлижайшие сроки\n  10.09.2024  мероприятие 2: Выдача логинов и паролей родителям обучающихся 5–11 классов. — Яковлев П.Д.\n  26.10.2024  мероприятие 4: Анализ заполнения журнала по итогам четверти. — Яковлев П.Д.\n  01.11.2024  мероприятие 5: Отчёт о заполнении журнала на педагогическом совете. — Яковлев П.Д.\n  24.05.2025  мероприятие 6: Консультации для родителей по работе с электронным дневником. — Яковлев П.Д.\n\nГромова Е.В., директор\n  пункт 3.1 приказа (срок: в течение 10 рабочих дней с 02.09.2024) — не начато, срок близко: внесение данных об обучающихся, о педагогических работниках, о родителях (законных представителях)\n  пункт 3.2 приказа (срок: до 12.09.2024) — не начато, срок близко: актуализация данных\nЯковлев П.Д., заместитель директора по учебно-воспитательной работе\n  мероприятие 2 (срок: 02.09.2024 – 10.09.2024) — не начато, срок близко: Выдача логинов и паролей родителям обучающихся 5–11 классов.\n  мероприятие 4 (срок: до окончания I четверти): Анализ заполнения журнала по итогам четверти.\n  мероприятие 5 (срок: в течение 5 рабочих дней после окончания I четверти): Отчёт о заполнении журнала на педагогическом совете.\n  мероприятие 6 (срок: в течение учебного года): Консультации для родителей по работе с электронным дневником.\n  мероприятие 3 (срок: с 02.09.2024): Ведение электронного журнала всеми учителями.\n  пункт 3.1 приказа (срок: в течение 10 рабочих дней с 02.09.2024) — не начато, срок близко: внесение данных об обучающихся, о педагогических работниках, о родителях (законных представителях)\n  пункт 3.2 приказа (срок: до 12.09.2024) — не начато, срок близко: актуализация данных\n  обязанность (по пятницам, последний раз: не выполнялась; просрочена 06.09.2024): Проверяет своевременность выставления оценок.\n  обязанность (до 5 числа каждого месяца, последний раз: не выполнялась; просрочена 05.09.2024): Представляет директору сведения о заполнении журнала.\n  обязанность (в течение 3 рабочих дней после окончания каждого учебного периода, последний раз: не выполнялась; следующий срок 30.10.2024): Готовит отчёт об успеваемости.\nПетренко О.И., инженер-программист\n  мероприятие 1 (срок: в течение 6 рабочих дней с 02.09.2024) — просрочено на 2 дня: Создание учётных записей учителей и классных руководителей.\n  мероприятие 7 (срок: по мере поступления): Создание учётных записей прибывших обучающихся.\n  мероприятие 8 (срок: по факту обновлений ЭлЖура): Обновление инструкций для учителей на сайте гимназии.\n  пункт 3.1 приказа (срок: в течение 10 рабочих дней с 02.09.2024) — не начато, срок близко: внесение данных об обучающихся, о педагогических работниках, о родителях (законных представителях)\n  пункт 3.2 приказа (срок: до 12.09.2024) — не начато, срок близко: актуализация данных\n  обязанность (ежедневно, последний раз: не выполнялась; просрочена 03.09.2024): Выгружает резервную копию журнала.\n  обязанность (раз в две недели, последний раз: не выполнялась; следующий срок 16.09.2024): Проверяет журнал событий безопасности.\n"


def test_gymnasium_2_status_a_week_into_the_year(g2: Path) -> None:
    result = run("status", "--today", "2024-09-09")
    assert result.exit_code == 0
    assert result.output.splitlines() == STATUS_0909.splitlines()


def test_plan_prints_each_term_as_written(g2: Path) -> None:
    assert run("render", "plan", "--today", "2024-08-28").exit_code == 0
    table = blocks(g2.parent / "pechat" / "prilozhenie-1-plan.docx")[2]
    assert isinstance(table, list)
    assert [row[2].replace(NBSP, "~") for row in table] == [
        "Сроки",
        "В~течение 6 рабочих дней с~02.09.2024",
        "02.09.2024~– 10.09.2024",
        "С~02.09.2024",
        "До окончания I четверти",
        "В~течение 5 рабочих дней после окончания I четверти",
        "В~течение учебного года",
        "По мере поступления",
        "по факту обновлений ЭлЖура",  # its own text: as the source wrote it, not capitalised
    ]


# --------------------------------------------------------------------------- due dates of measures


def test_date_range_is_due_on_its_last_day(g2: Path) -> None:
    assert not [f for f in findings("--today", "2024-09-10") if f[3].startswith("мероприятие 2 ")]
    assert [f for f in findings("--today", "2024-09-11") if "мероприятие 2 " in f[3]] == [
        (
            "deadline-overdue",
            "data/plan.yaml",
            line_of(g2, "plan.yaml", "id: 2") + 2,
            "мероприятие 2 просрочено на 1 день: срок — 02.09.2024 – 10.09.2024, статус — «не начато»; "
            "отметьте выполнение: rollout done 2 --date ГГГГ-ММ-ДД — или перенесите срок",
        )
    ]


def measure_1(today: str) -> list[str]:
    return [f[3] for f in findings("--today", today) if f[3].startswith(("мероприятие 1 ", "срок мероприятия 1 "))]


def test_working_days_from_a_date_count_a_working_saturday_of_a_six_day_week(g2: Path) -> None:
    # from 02.09.2024 (Monday), 6 working days of a six-day week: the last is Saturday 07.09
    assert measure_1("2024-09-07") == ["срок мероприятия 1 истекает сегодня (07.09.2024), статус — «не начато»"]
    assert measure_1("2024-09-08")[0].startswith("мероприятие 1 просрочено на 1 день")
    edit(g2, "regulation.yaml", "six_day_week: true", "six_day_week: false")
    # a five-day week: 02–06.09 and Monday 09.09 are the six working days
    assert measure_1("2024-09-08") == ["срок мероприятия 1 истекает через 1 день (09.09.2024), статус — «не начато»"]


def test_open_ended_start_event_triggered_and_school_year_are_never_overdue(g2: Path) -> None:
    late = [f[3] for f in findings("--today", "2025-05-24") if f[0] == "deadline-overdue"]
    assert not any(f.startswith(("мероприятие 3 ", "мероприятие 6 ", "мероприятие 7 ", "мероприятие 8 ")) for f in late)
    late = [f[3] for f in findings("--today", "2025-05-25") if f[0] == "deadline-overdue"]
    assert any(f.startswith("мероприятие 6 просрочено на 1 день: срок — в течение учебного года") for f in late)


def test_end_of_a_period_and_working_days_after_it(g2: Path) -> None:
    # I четверть ends on Saturday 26.10.2024; 5 working days of a six-day week after it: 28.10–01.11
    assert [f[3][:40] for f in findings("--today", "2024-10-27") if f[0] == "deadline-overdue" and "мероприятие 4" in f[3]] == [
        "мероприятие 4 просрочено на 1 день: срок"
    ]
    assert not [f for f in findings("--today", "2024-11-01") if "мероприятие 5 " in f[3]]
    assert next(f for f in findings("--today", "2024-11-02") if "мероприятие 5 " in f[3])[0] == "deadline-overdue"


def test_an_unknown_period_is_named_at_its_line(g2: Path) -> None:
    edit(g2, "plan.yaml", "end_of: I четверть\n    responsible", "end_of: 1 четверть\n    responsible")
    assert findings("--today", "2024-08-28") == [
        (
            "ref-unknown-period",
            "data/plan.yaml",
            line_of(g2, "plan.yaml", "end_of: 1 четверть"),
            "срок «до окончания 1 четверть»: такого учебного периода нет; периоды учебного года — "
            "«I четверть», «II четверть», «III четверть», «IV четверть»",
        )
    ]


def test_a_duty_by_periods_needs_the_school_year(g2: Path) -> None:
    text = (g2 / "regulation.yaml").read_text(encoding="utf-8")
    (g2 / "regulation.yaml").write_text(text[: text.index("school_year:")], encoding="utf-8")  # the last section
    got = findings("--today", "2024-08-28")
    assert [f[0] for f in got] == ["ref-unknown-period", "ref-unknown-period", "ref-unknown-period"]
    assert got[-1][1:] == (
        "data/regulation.yaml",
        line_of(g2, "regulation.yaml", "every: term"),
        "обязанность выполняется по окончании учебных периодов, а в регламенте нет раздела "
        "school_year с периодами (четвертями или триместрами)",
    )


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (
            "since: 2024-09-02\n      until: 2024-09-10\n      working_days: 3",
            "рабочие дни (working_days) задаются вместе с since (без until) или с end_of",
        ),
        ("since: 2024-09-10\n      until: 2024-09-02", "конец диапазона (2024-09-02) должен быть не раньше начала (2024-09-10)"),
        ("since: 2024-09-02\n      date: 2024-09-10", "срок задаётся ровно одной формой"),
    ],
)
def test_malformed_terms_are_refused_with_a_russian_message(g2: Path, deadline: str, message: str) -> None:
    edit(g2, "plan.yaml", "since: 2024-09-02\n      until: 2024-09-10", deadline)
    result = run("check", "--today", "2024-08-28")
    assert result.exit_code == 2
    assert message in result.output.replace("\n", " ").replace("  ", " ")


# --------------------------------------------------------------------------- recurring duties


def duty_lines(today: str) -> list[str]:
    return [line.strip() for line in run("status", "--today", today).output.splitlines() if "обязанность (" in line]


def test_a_weekly_duty_done_on_friday_is_not_overdue_on_monday(g2: Path) -> None:
    edit(g2, "regulation.yaml", "          weekday: fri\n", "          weekday: fri\n        last_done: 2024-09-13\n")
    assert (
        "обязанность (по пятницам, последний раз: 13.09.2024; следующий срок 20.09.2024): Проверяет своевременность выставления оценок."
        in duty_lines("2024-09-16")
    )
    edit(g2, "regulation.yaml", "          weekday: fri\n", "")  # plain «еженедельно»: seven days on
    assert (
        "обязанность (еженедельно, последний раз: 13.09.2024; следующий срок 20.09.2024): Проверяет своевременность выставления оценок."
        in duty_lines("2024-09-16")
    )


def test_monthly_by_a_day_is_first_due_on_the_next_such_day_after_the_start(g2: Path) -> None:
    # the regulation starts on 02.09.2024: the first «до 5 числа» is 05.09.2024, not 05.10.2024
    assert (
        "обязанность (до 5 числа каждого месяца, последний раз: не выполнялась; следующий срок 05.09.2024): Представляет директору сведения о заполнении журнала."
        in duty_lines("2024-09-03")
    )
    edit(g2, "regulation.yaml", "          day_of_month: 5\n", "          day_of_month: 5\n        last_done: 2024-09-04\n")
    assert (
        "обязанность (до 5 числа каждого месяца, последний раз: 04.09.2024; следующий срок 05.10.2024): Представляет директору сведения о заполнении журнала."
        in duty_lines("2024-09-09")
    )


def test_daily_counts_working_days_of_the_school(g2: Path) -> None:
    edit(g2, "regulation.yaml", "          every: day\n", "          every: day\n        last_done: 2024-10-03\n")
    # 04.10 is the town's day off (calendar_exceptions): due on Saturday 05.10 (a six-day week)
    assert any(
        line.startswith("обязанность (ежедневно, последний раз: 03.10.2024; следующий срок 05.10.2024)")
        for line in duty_lines("2024-10-04")
    )
    edit(g2, "regulation.yaml", "six_day_week: true", "six_day_week: false")
    assert any(
        line.startswith("обязанность (ежедневно, последний раз: 03.10.2024; следующий срок 07.10.2024)")
        for line in duty_lines("2024-10-04")
    )


def test_within_working_days_after_each_period(g2: Path) -> None:
    # I четверть ends on 26.10.2024; three working days after it (a six-day week): 28, 29, 30.10
    assert any(
        "последний раз: не выполнялась; следующий срок 30.10.2024): Готовит отчёт об успеваемости." in line
        for line in duty_lines("2024-10-01")
    )
    edit(g2, "regulation.yaml", "          working_days: 3\n", "          working_days: 3\n        last_done: 2024-10-29\n")
    # the next is after II четверть (ends 28.12.2024): 30.12 and 31.12 are days off, 01–08.01 holidays
    line = next(line for line in duty_lines("2024-11-06") if "Готовит отчёт" in line)
    assert "последний раз: 29.10.2024; следующий срок 11.01.2025)" in line


def test_calendar_rules_for_weekday_interval_and_monthly(g2: Path) -> None:
    result = run("calendar", "--today", "2024-08-28", "--out", "-")
    assert result.exit_code == 0
    text = result.output.replace("\r\n", "\n")
    for start, rule in [
        ("DTSTART;VALUE=DATE:20240906", "RRULE:FREQ=WEEKLY;UNTIL=20250531;BYDAY=FR"),
        ("DTSTART;VALUE=DATE:20240905", "RRULE:FREQ=MONTHLY;UNTIL=20250531;BYMONTHDAY=5"),
        ("DTSTART;VALUE=DATE:20240916", "RRULE:FREQ=WEEKLY;UNTIL=20250531;INTERVAL=2"),
    ]:
        assert start in text and rule in text
        event = next(e for e in text.split("BEGIN:VEVENT") if rule in e)
        assert start in event


def test_a_duty_after_each_period_is_an_event_with_the_dates_of_the_periods(g2: Path) -> None:
    result = run("calendar", "--today", "2024-08-28", "--out", "-")
    text = result.output.replace("\r\n", "\n").replace("\n ", "")
    event = next(e for e in text.split("BEGIN:VEVENT") if "duty-deputy_uvr-term-report" in e)
    # three working days (a six-day week) after 26.10.2024, 28.12.2024 (then the New Year holidays),
    # 22.03.2025 and 24.05.2025
    assert "DTSTART;VALUE=DATE:20241030\n" in event
    assert "RDATE;VALUE=DATE:20250111,20250326,20250528\n" in event
    assert "RRULE" not in event


def test_the_example_is_in_canonical_form(g2: Path) -> None:
    result = run("fmt", "--check")
    assert result.exit_code == 0, result.output


def test_a_changed_term_behind_the_same_printed_text_shows_in_the_diff(g2: Path) -> None:
    from elzhur_rollout.source.loading import load_bundle
    from elzhur_rollout.views.changes import compare

    term = "      since: 2024-09-02\n      until: 2024-09-10\n"
    edit(g2, "plan.yaml", term, term + "      text: в начале сентября\n")
    old = load_bundle(g2)
    edit(g2, "plan.yaml", "until: 2024-09-10", "until: 2024-09-12")
    assert [str(c) for c in compare(old, load_bundle(g2))] == ["Мероприятие 2: срок 02.09.2024 – 10.09 → 02.09.2024 – 12.09"]


def test_a_recurring_measure_on_a_weekday_prints_never_falls_overdue_and_repeats_in_the_calendar(g2: Path) -> None:
    edit(
        g2,
        "plan.yaml",
        "      since: 2024-09-02\n    responsible:\n      - yakovlev",
        "      every: week\n      weekday: fri\n    responsible:\n      - yakovlev",
    )
    assert not [f for f in findings("--today", "2025-05-30") if f[3].startswith(("мероприятие 3 ", "срок мероприятия 3 "))]
    line = next(x for x in run("status", "--today", "2024-09-09").output.splitlines() if "мероприятие 3 " in x)
    assert line == "  мероприятие 3 (срок: по пятницам): Ведение электронного журнала всеми учителями."
    text = run("calendar", "--today", "2024-08-28", "--out", "-").output.replace("\r\n", "\n").replace("\n ", "")
    event = next(e for e in text.split("BEGIN:VEVENT") if "Ведение электронного журнала" in e)
    assert "RRULE:FREQ=WEEKLY;UNTIL=20250531;BYDAY=FR\n" in event


def test_a_measure_after_each_period_is_an_event_with_the_periods_dates(g2: Path) -> None:
    edit(g2, "plan.yaml", "      school_year: true\n", "      every: term\n")
    text = run("calendar", "--today", "2024-08-28", "--out", "-").output.replace("\r\n", "\n").replace("\n ", "")
    event = next(e for e in text.split("BEGIN:VEVENT") if "Консультации для родителей" in e)
    assert "DTSTART;VALUE=DATE:20241026\n" in event
    assert "RDATE;VALUE=DATE:20241228,20250322,20250524\n" in event
    assert run("render", "plan", "--today", "2024-08-28").exit_code == 0
    table = blocks(g2.parent / "pechat" / "prilozhenie-1-plan.docx")[2]
    assert isinstance(table, list)
    assert table[6][2] == "По окончании каждого учебного периода"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    - name: II четверть\n", "    - name: I четверть\n", "название периода повторяется: «I четверть»"),
        (
            "      from: 2024-11-05\n",
            "      from: 2024-10-20\n",
            "период «II четверть» начинается (2024-10-20) раньше, чем кончается «I четверть» (2024-10-26)",
        ),
        (
            "          weekday: fri\n",
            "          weekday: fri\n          interval: 1\n",
            "33:21: ошибка [schema] значение 1 вне допустимого диапазона: должно быть не меньше 2",
        ),
    ],
)
def test_a_malformed_school_year_or_recurrence_is_refused(g2: Path, old: str, new: str, message: str) -> None:
    edit(g2, "regulation.yaml", old, new)
    result = run("check", "--today", "2024-08-28")
    assert result.exit_code == 2
    assert message in " ".join(result.output.split()), result.output


@pytest.mark.parametrize(
    ("done", "due"),
    [
        ("2024-09-13", "20.09.2024"),  # on the Friday itself
        ("2024-09-12", "20.09.2024"),  # a day early: counts for Friday 13.09
        ("2024-09-14", "20.09.2024"),  # a day late: still for Friday 13.09
        ("2024-09-17", "27.09.2024"),  # Tuesday: for the coming Friday 20.09
    ],
)
def test_a_duty_on_a_weekday_counts_for_the_nearest_such_weekday(g2: Path, done: str, due: str) -> None:
    edit(g2, "regulation.yaml", "          weekday: fri\n", f"          weekday: fri\n        last_done: {done}\n")
    line = next(x for x in duty_lines("2024-09-18") if "по пятницам" in x)
    assert f"; следующий срок {due})" in line, line


def test_by_a_day_past_the_28th_is_due_on_the_last_day_of_a_shorter_month(g2: Path) -> None:
    edit(g2, "regulation.yaml", "          day_of_month: 5\n", "          day_of_month: 30\n        last_done: 2025-01-30\n")
    line = next(x for x in duty_lines("2025-02-03") if "до 30 числа" in x)
    assert "; следующий срок 28.02.2025)" in line, line  # not the 28th of every month, not 02.03
    text = run("calendar", "--today", "2024-08-28", "--out", "-").output.replace("\r\n", "\n").replace("\n ", "")
    event = next(e for e in text.split("BEGIN:VEVENT") if "до 30 числа" in e)
    # counted from the last execution, as in status; Sunday 30.03.2025 moves to Monday 31.03
    assert "DTSTART;VALUE=DATE:20250228\n" in event
    assert "RRULE:FREQ=MONTHLY;UNTIL=20250531;BYMONTHDAY=28,29,30;BYSETPOS=-1\n" in event
    assert "EXDATE;VALUE=DATE:20250330\nRDATE;VALUE=DATE:20250331\n" in event
