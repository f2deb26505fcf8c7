"""`rollout calendar`: the .ics read back with icalendar and expanded with recurring-ical-events."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from elzhur_rollout import api
from elzhur_rollout.core.values import YearMonth
from elzhur_rollout.core.workcal import WorkCalendar
from helpers import DATA, ROOT, edit, run

D = dt.date
SUFFIX = ".prikaz-188-20200530@e2bbc2731f.elzhur-rollout"
SCHOOL_12 = ROOT / "examples" / "school-12"


def ics(data: Path, *args: str, today: str = "2020-07-01") -> bytes:
    result = run("calendar", "--data", str(data), "--today", today, "--out", "-", *args)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def events(raw: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")}


def occurrences(raw: bytes, uid: str, start: dt.date, end: dt.date) -> list[dt.date]:
    cal = icalendar.Calendar.from_ical(raw)
    return sorted(e["DTSTART"].dt for e in recurring_ical_events.of(cal).between(start, end) if str(e["UID"]) == uid)


def weekly(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    while first <= last:
        out.append(first)
        first += dt.timedelta(days=7)
    return out


def test_weekly_duty_over_the_summer_of_2020() -> None:
    raw = ics(DATA)
    uid = "duty-engineer-weekly-update" + SUFFIX
    # the regulation counts from the order's date (30.05.2020, a Saturday): due a week later, on
    # Saturday 06.06, a day off, so on Monday 08.06, and a week after each due date; it ends on 01.09.2020
    assert occurrences(raw, uid, D(2020, 6, 1), D(2020, 9, 30)) == weekly(D(2020, 6, 8), D(2020, 8, 31))
    event = events(raw)[uid]
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20200901"
    assert str(event["SUMMARY"]) == "Инженер-электроник: Актуализирует систему не реже чем один раз в неделю."
    assert "Роль: Инженер-электроник — Одинокин С.А." in event["DESCRIPTION"]
    assert "Отметить выполнение: rollout duty-done engineer weekly-update" in event["DESCRIPTION"]
    assert "VALARM" not in event.to_ical().decode()  # a reminder every week would be noise


def test_every_open_measure_is_an_event_on_its_deadline() -> None:
    raw = ics(DATA)
    found = events(raw)
    # a month deadline stands on the month's last working day: 30.06.2020 and 31.08.2020 are working days
    expected = {"1": D(2020, 6, 30), "2": D(2020, 8, 31), "3": D(2020, 6, 30)} | {str(i): D(2020, 8, 31) for i in range(4, 11)}
    measures = {uid.split(".")[0].removeprefix("measure-"): e for uid, e in found.items() if uid.startswith("measure-")}
    assert {k: e["DTSTART"].dt for k, e in measures.items()} == expected
    first = measures["1"]
    assert first["DTEND"].dt == D(2020, 7, 1)
    assert str(first["SUMMARY"]).startswith("Мероприятие 1: Ознакомление сотрудников, общественное обсуждение")
    assert str(first["DESCRIPTION"]).splitlines()[1:] == [
        "Срок: июнь 2020",
        "Ответственные: Лойко Е.С.",
        "Статус на 01.07.2020: просрочено",
        "Отметить выполнение: rollout done 1",
        "Основание: Приказ от 30.05.2020 № 188 «Об участии в пилотном проекте» (МБОУ – Гимназия № 5), приложение 1, мероприятие 1.",
    ]
    assert "Ответственные: Романенко Г.В., Одинокин С.А." in measures["4"]["DESCRIPTION"]
    alarm = first.walk("VALARM")[0]
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == -dt.timedelta(days=2, hours=15)  # 3 days before, at 09:00
    # the order's deadlines: data entry by 15.06.2020, the first update due by the same date
    assert found["order-item-3.1-data-entry" + SUFFIX]["DTSTART"].dt == D(2020, 6, 15)
    assert found["order-item-3.2-updates" + SUFFIX]["DTSTART"].dt == D(2020, 6, 15)
    assert len(found) == 13


def test_remind_option() -> None:
    raw = ics(DATA, "--remind", "0")
    alarm = events(raw)["measure-1" + SUFFIX].walk("VALARM")[0]
    assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)


def test_uids_stay_when_a_measure_changes(data: Path) -> None:
    before = ics(data)
    edit(data, "plan.yaml", "Определение состава технических средств", "Определение перечня технических средств")
    after = ics(data)
    old, new = events(before), events(after)
    assert list(old) == list(new)
    changed = [uid for uid in old if old[uid].to_ical() != new[uid].to_ical()]
    assert changed == ["measure-8" + SUFFIX]
    assert "перечня" in new["measure-8" + SUFFIX]["DESCRIPTION"]


def test_done_measures_are_left_out_or_marked(data: Path) -> None:
    assert run("done", "3", "--date", "2020-06-20", "--data", str(data), "--today", "2020-07-01").exit_code == 0
    assert run("cancel", "10", "--note", "перенесено", "--data", str(data), "--today", "2020-07-01").exit_code == 0
    found = events(ics(data))
    assert "measure-3" + SUFFIX not in found and "measure-10" + SUFFIX not in found
    assert "measure-1" + SUFFIX in found
    marked = events(ics(data, "--all"))
    done, cancelled = marked["measure-3" + SUFFIX], marked["measure-10" + SUFFIX]
    assert str(done["SUMMARY"]).startswith("[выполнено] Мероприятие 3:")
    assert "Статус на 01.07.2020: выполнено 20.06.2020" in done["DESCRIPTION"]
    assert not done.walk("VALARM")
    # the done date is the event's latest data: it dates the change, and the sequence grows
    assert done["LAST-MODIFIED"].dt == dt.datetime(2020, 6, 20, tzinfo=dt.UTC)
    assert done["SEQUENCE"] == 21
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_same_data_same_bytes_in_two_processes(tmp_path: Path) -> None:
    outs = []
    for n in (1, 2):
        target = tmp_path / f"{n}.ics"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "elzhur_rollout",
                "calendar",
                "--data",
                str(DATA),
                "--today",
                "2020-07-01",
                "--out",
                str(target),
            ],
            check=True,
            capture_output=True,
            cwd=tmp_path,
            env=os.environ | {"PYTHONPATH": str(ROOT / "src")},
        )
        outs.append(target.read_bytes())
    assert outs[0] == outs[1]
    assert b"DTSTAMP:20200701T000000Z\r\n" in outs[0]
    assert max(len(line) for line in outs[0].split(b"\r\n")) <= 75  # folded as RFC 5545 asks


def test_person_gets_own_measures_and_the_duties_of_own_roles() -> None:
    odinokin = events(ics(DATA, "--person", "odinokin"))
    assert sorted(odinokin) == sorted(
        [f"measure-{i}{SUFFIX}" for i in (4, 7, 8)]
        + ["duty-engineer-weekly-update" + SUFFIX, "order-item-3.1-data-entry" + SUFFIX, "order-item-3.2-updates" + SUFFIX]
    )
    # Лойко is responsible for 1, 3, 5, 6, 9, 10; the director's duties serve the same measures
    loyko = events(ics(DATA, "--person", "loyko"))
    assert sorted(u for u in loyko if u.startswith("measure-")) == sorted(f"measure-{i}{SUFFIX}" for i in (1, 10, 3, 5, 6, 9))
    # school-12: the subject teacher's daily duty and, as a member of the group, the order's deadlines
    teacher = events(ics(SCHOOL_12, "--person", "orlov-smirnov", today="2024-09-30"))
    assert [u.split(".prikaz")[0] for u in teacher] == [
        "duty-subject_teacher-daily-marks",
        "order-item-3.1-data-entry",
        "order-item-3.2-updates",
    ]


def test_person_gets_measures_that_duties_of_own_roles_serve(data: Path) -> None:
    # measure 8 given to the director alone: the engineer still serves it by a duty of his role
    edit(
        data,
        "plan.yaml",
        "    responsible:\n      - odinokin\n    status: planned\n  - id: 9",
        "    responsible:\n      - loyko\n    status: planned\n  - id: 9",
    )
    found = events(ics(data, "--person", "odinokin"))
    description = str(found["measure-8" + SUFFIX]["DESCRIPTION"])
    assert "Ответственные: Лойко Е.С." in description
    assert description.endswith("В календаре по обязанности роли «Инженер-электроник» (регламент рабочей группы).")
    cal = icalendar.Calendar.from_ical(ics(data, "--person", "odinokin"))
    assert str(cal["X-WR-CALNAME"]) == "ЭлЖур: МБОУ – Гимназия № 5 — Одинокин С.А."


def test_unknown_person_is_a_usage_error() -> None:
    result = run("calendar", "--data", str(DATA), "--person", "ivanov", "--out", "-")
    assert result.exit_code == 2
    assert "сотрудника «ivanov» нет в order.yaml" in result.output


def test_daily_duty_counts_working_days_of_the_production_calendar() -> None:
    raw = ics(SCHOOL_12, today="2024-09-30")
    uid = next(u for u in events(raw) if u.startswith("duty-subject_teacher-daily-marks"))
    days = occurrences(raw, uid, D(2024, 10, 28), D(2024, 11, 10))
    # 04.11.2024 (Unity Day, Monday) is off; Saturday 02.11.2024 is a working day by transfer
    assert days == [
        D(2024, 10, 28),
        D(2024, 10, 29),
        D(2024, 10, 30),
        D(2024, 10, 31),
        D(2024, 11, 1),
        D(2024, 11, 2),
        D(2024, 11, 5),
        D(2024, 11, 6),
        D(2024, 11, 7),
        D(2024, 11, 8),
    ]
    event = events(raw)[uid]
    assert "UNTIL" not in event["RRULE"].to_ical().decode()  # the regulation is open-ended


def test_decreed_days_off_of_2020_and_the_schools_own(data: Path) -> None:
    edit(data, "regulation.yaml", "        recurs:\n          every: week", "        recurs:\n          every: day")
    raw = ics(data)
    uid = "duty-engineer-weekly-update" + SUFFIX
    june = occurrences(raw, uid, D(2020, 6, 1), D(2020, 7, 3))
    off = {D(2020, 6, 12), D(2020, 6, 24), D(2020, 7, 1)}  # Russia Day; parade (decree 345); vote (decree 354)
    assert off.isdisjoint(june)
    assert len(june) == 22 - 2 + 1  # 22 weekdays in June 2020, two of them off; 2 July (the end is exclusive)
    assert june[-3:] == [D(2020, 6, 29), D(2020, 6, 30), D(2020, 7, 2)]
    # the school's day off on 30.06 moves a month deadline to the next working day (ТК РФ ст. 14):
    # 01.07.2020 is off by decree 354, so 02.07
    text = (data / "regulation.yaml").read_text(encoding="utf-8")
    (data / "regulation.yaml").write_text(
        text + "calendar_exceptions:\n  - date: 2020-06-30\n    reason: приказ по школе о карантине\n", encoding="utf-8"
    )
    assert run("check", "--data", str(data), "--scope", "documents", "--today", "2020-05-30").exit_code == 0
    measure = events(ics(data))["measure-1" + SUFFIX]
    assert measure["DTSTART"].dt == D(2020, 7, 2)
    assert "Срок: июнь 2020 (перенос на ближайший рабочий день — 02.07.2020)" in measure["DESCRIPTION"]


def test_production_calendar() -> None:
    cal = WorkCalendar()
    assert not cal.is_working(D(2020, 6, 24)) and not cal.is_working(D(2020, 7, 1))
    assert not cal.is_working(D(2020, 4, 15))  # the non-working days of spring 2020
    assert cal.is_working(D(2024, 11, 2))  # a Saturday worked instead of 30.12.2024
    assert cal.last_working_day(YearMonth(2020, 3)) == D(2020, 3, 27)  # 30–31.03.2020 off by decree 206
    assert cal.last_working_day(YearMonth(2024, 12)) == D(2024, 12, 28)  # 30 and 31 December 2024 off


def test_every_example_school(tmp_path: Path) -> None:
    for folder, today in (
        (DATA, "2020-07-01"),
        (SCHOOL_12, "2024-09-30"),
        (ROOT / "examples" / "starter", "2026-01-15"),
        (ROOT / "examples" / "lyceum-3", "2024-10-15"),
    ):
        assert events(ics(folder, today=today))


def test_writes_the_default_file(data: Path) -> None:
    result = run("calendar", "--data", str(data), "--today", "2020-07-01")
    assert result.exit_code == 0, result.output
    assert result.output == "Записано: pechat/kalendar.ics (13 событий)\n"
    assert (data.parent / "pechat" / "kalendar.ics").read_bytes() == ics(data)
    result = run("calendar", "--data", str(data), "--today", "2020-07-01", "--person", "loyko")
    assert result.output == "Записано: pechat/kalendar-loyko.ics (8 событий)\n"


def test_api_writes_atomically(tmp_path: Path) -> None:
    bundle = api.load(DATA)
    target = tmp_path / "deep" / "k.ics"
    data = api.calendar(bundle, D(2020, 7, 1), out=target)
    assert target.read_bytes() == data
    shutil.rmtree(tmp_path / "deep")


def test_weekly_duty_on_a_weekday(data: Path) -> None:
    edit(
        data,
        "regulation.yaml",
        "        recurs:\n          every: week",
        "        recurs:\n          every: week\n          weekday: fri",
    )
    raw = ics(data)
    uid = "duty-engineer-weekly-update" + SUFFIX
    event = events(raw)[uid]
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;UNTIL=20200901;BYDAY=FR"
    # Friday 12.06.2020 is Russia Day: that week's term is Monday 15.06
    fridays = weekly(D(2020, 6, 5), D(2020, 8, 28))
    assert occurrences(raw, uid, D(2020, 6, 1), D(2020, 9, 30)) == sorted(set(fridays) - {D(2020, 6, 12)} | {D(2020, 6, 15)})
    assert event["EXDATE"].to_ical() == b"20200612"
    assert event["RDATE"].to_ical() == b"20200615"


def test_weekday_only_with_every_week(data: Path) -> None:
    edit(
        data,
        "regulation.yaml",
        "        recurs:\n          every: week",
        "        recurs:\n          every: day\n          weekday: fri",
    )
    result = run("calendar", "--data", str(data), "--out", "-")
    assert result.exit_code == 2
    assert "день недели (weekday) задаётся только вместе с every: week" in result.output


def test_diff_names_calendar_exceptions_and_the_reporter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "school"
    shutil.copytree(DATA, root / "data")
    for args in (
        ["init", "-q"],
        ["config", "user.email", "e@example.org"],
        ["config", "user.name", "И"],
        ["add", "-A"],
        ["commit", "-qm", "188"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    monkeypatch.chdir(root)
    data = root / "data"
    edit(data, "order.yaml", "signatory: loyko", "signatory: loyko\nreporter: romanenko")
    text = (data / "regulation.yaml").read_text(encoding="utf-8")
    (data / "regulation.yaml").write_text(
        text + "calendar_exceptions:\n  - date: 2020-06-30\n    reason: карантин\n"
        "  - date: 2020-08-29\n    working: true\n    reason: рабочая суббота\n",
        encoding="utf-8",
    )
    assert run("diff").output.splitlines() == [
        "Справка о ходе выполнения: подписывает по умолчанию → Романенко Г.В.",
        "Календарь школы: 30.06.2020 – нерабочий день (карантин)",
        "Календарь школы: 29.08.2020 – рабочий день (рабочая суббота)",
    ]
    # the working Saturday counts for a daily duty
    edit(data, "regulation.yaml", "        recurs:\n          every: week", "        recurs:\n          every: day")
    raw = ics(data)
    days = occurrences(raw, "duty-engineer-weekly-update" + SUFFIX, D(2020, 8, 27), D(2020, 9, 1))
    assert days == [D(2020, 8, 27), D(2020, 8, 28), D(2020, 8, 29), D(2020, 8, 31)]


def test_person_calendar_includes_measures_of_a_role_they_hold(tmp_path: Path) -> None:
    school = tmp_path / "school-44"
    shutil.copytree(ROOT / "examples" / "school-44", school)
    out = tmp_path / "belova.ics"
    result = run("calendar", "--data", str(school), "--today", "2025-08-25", "--person", "belova", "--out", str(out))
    assert result.exit_code == 0, result.output
    measures = sorted(
        (str(e["SUMMARY"]), str(e["DESCRIPTION"]))
        for e in events(out.read_bytes()).values()
        if str(e["SUMMARY"]).startswith("Мероприятие")
    )
    # belova is a class teacher: measures 3 and 5 are the role's; 6 names the role beside a person
    assert [s.split(":")[0] for s, _d in measures] == ["Мероприятие 3", "Мероприятие 5", "Мероприятие 6"]
    three = measures[0][1]
    assert "Ответственные: Классные руководители 1–11 классов" in three
    assert three.endswith("В календаре как исполнитель роли «Классные руководители 1–11 классов».")


def test_references_in_texts_are_worded_in_the_calendar(tmp_path: Path) -> None:
    out = tmp_path / "l9.ics"
    result = run("calendar", "--data", str(ROOT / "examples" / "lyceum-9"), "--today", "2025-09-01", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = "\n".join(str(e.get("DESCRIPTION", "")) + str(e["SUMMARY"]) for e in events(out.read_bytes()).values())
    assert "{" not in text  # {kuznetsova:дат:полное} and the like are worded as in the documents


def test_the_shipped_production_table_is_that_of_holidays() -> None:
    """``check`` reads the federal calendar from a shipped table instead of importing holidays
    (≈ 80–200 ms); the table says for every day of its years what holidays says.  After an
    update of holidays that knows new transfers: python tools/make_production_calendar.py."""
    import holidays

    from elzhur_rollout.core.workcal import PRODUCTION_YEARS, federal_table

    years = range(PRODUCTION_YEARS[0], PRODUCTION_YEARS[1] + 1)
    ru = holidays.country_holidays("RU", years=years)
    table = federal_table()
    assert sorted(table) == list(years)
    day = D(PRODUCTION_YEARS[0], 1, 1)
    while day.year <= PRODUCTION_YEARS[1]:
        listed, changed = table[day.year]
        assert (day in listed, day in changed) == (day in ru, bool(ru.is_working_day(day)) != (day.weekday() < 5)), day
        day += dt.timedelta(days=1)
