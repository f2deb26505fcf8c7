"""Every output tells the same story: the calendar, check, status, summary, the report and the
dashboard are views of one agenda, over every example school and the bundled data, on the
order's date, inside the plan and after it.

The calendar is read back by ``recurring_ical_events`` (independent of our writer); the report
by its text; the dashboard by its numbers and the keys of its rows.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events

from elzhur_rollout import api
from elzhur_rollout.core.agenda import Agenda, Obligation, build_agenda
from elzhur_rollout.core.values import Kind, State
from elzhur_rollout.core.workcal import school_calendar
from helpers import DATA, ROOT, run, text_of

SCHOOLS = [DATA] + sorted(p.parent for p in (ROOT / "examples").glob("*/order.yaml"))


def _dates(folder: Path) -> list[dt.date]:
    """The order's date, 75 days into the plan, and a month after its last due date."""
    bundle = api.load(folder)
    start = bundle.order.document.date
    dues = [o.due for o in build_agenda(bundle, start).measures if o.due]
    after = max(dues + [start]) + dt.timedelta(days=30)
    return [start, start + dt.timedelta(days=75), after]


CASES = [pytest.param(folder, day, id=f"{folder.name}-{day}") for folder in SCHOOLS for day in _dates(folder)]


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / folder.name
    shutil.copytree(folder, target)
    return target


def _uid_key(uid: str) -> str:
    """measure-3.prikaz… → measure/3; duty-engineer-weekly-update… → duty/engineer-weekly-update;
    order-item-3.1-data-entry… → order-item/3.1-data-entry."""
    head = uid.split(".prikaz-")[0]
    for prefix in ("measure-", "duty-", "order-item-"):
        if head.startswith(prefix):
            return prefix[:-1] + "/" + head[len(prefix) :]
    raise AssertionError(uid)


def _calendar_keys(agenda: Agenda, obligations: list[Obligation]) -> dict[str, list[Obligation]]:
    """The calendar event each obligation belongs to (the data entry of an item is one event)."""
    out: dict[str, list[Obligation]] = {}
    for o in obligations:
        if o.kind is Kind.MEASURE:
            key = f"measure/{o.key}"
        elif o.kind is Kind.DUTY and o.role is None:  # written in an order item, a paragraph or a row: by where
            key = "duty/" + o.key.replace("/", "-")
        elif o.kind is Kind.DUTY:
            assert o.duty is not None
            key = f"duty/{o.role}-{o.duty.id or o.number}"
        elif o.kind is Kind.DATA_ENTRY:
            key = f"order-item/{o.number}-data-entry"
        elif o.kind is Kind.UPDATES:
            key = f"order-item/{o.number}-updates"
        else:
            key = f"order-item/{o.number}"
        out.setdefault(key, []).append(o)
    return out


def _in_calendar(o: Obligation) -> bool:
    """What ``calendar --all`` shows: every dated obligation still owed, done or cancelled."""
    return o.dated and (o.open or o.state.closed)


@pytest.mark.parametrize(("folder", "day"), CASES)
def test_the_calendar_has_the_agendas_occurrences(folder: Path, day: dt.date) -> None:
    calendar_has_the_agendas_occurrences(folder, day)


def calendar_has_the_agendas_occurrences(folder: Path, day: dt.date) -> None:
    agenda = build_agenda(api.load(folder), day)
    result = run("calendar", "--data", str(folder), "--today", day.isoformat(), "--all", "--out", "-")
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    expected = _calendar_keys(agenda, [o for o in agenda.obligations if _in_calendar(o)])
    events = {_uid_key(str(e["UID"])): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == sorted(expected)
    first = min([day] + [d for group in expected.values() for o in group for d in o.occurrences])
    found: dict[str, list[dt.date]] = {}
    for e in recurring_ical_events.of(calendar).between(first, agenda.horizon_end + dt.timedelta(days=1)):
        found.setdefault(_uid_key(str(e["UID"])), []).append(e["DTSTART"].dt)
    for key, group in expected.items():
        want = sorted({d for o in group for d in o.occurrences if d <= agenda.horizon_end})
        assert sorted(found.get(key, [])) == want, key


def _report_counts(paragraphs: list[str]) -> dict[str, int]:
    text = " ".join(p.replace("~", " ") for p in paragraphs)
    line = re.search(r"в плане \d+ мероприят\w+: ([^.]*)\.", text)
    assert line, text
    counts = {"done": 0, "in_progress": 0, "overdue": 0, "duties_overdue": 0}
    for word, key in (("выполнено", "done"), ("в работе", "in_progress"), ("просрочено", "overdue")):
        found = re.search(rf"{word} (\d+) мероприят", line.group(1))
        counts[key] = int(found.group(1)) if found else 0
    # whose: «рабочей группы», «комиссии» or «работников», as the order creates them
    duties = re.search(r"Периодические обязанности (?:рабочей группы|комиссии|работников): просрочен\w (\d+) обязанност", text)
    counts["duties_overdue"] = int(duties.group(1)) if duties else 0
    return counts


def _dashboard_counts(page: str) -> dict[str, int]:
    def num(name: str) -> int:
        found = set(re.findall(rf'data-num="{name}">(\d+)<', page))  # the same number wherever it is shown
        assert len(found) <= 1, name
        return int(found.pop()) if found else 0

    return {
        "done": num("done"),
        "in_progress": num("in_progress"),
        "overdue": num("overdue"),
        "duties_overdue": num("duties-overdue"),
    }


@pytest.mark.parametrize(("folder", "day"), CASES)
def test_every_view_counts_the_same(folder: Path, day: dt.date, tmp_path: Path) -> None:
    every_view_counts_the_same(_copy(folder, tmp_path), day, tmp_path)


def every_view_counts_the_same(school: Path, day: dt.date, tmp_path: Path) -> None:
    today = day.isoformat()
    agenda = build_agenda(api.load(school), day)
    want = {
        "done": agenda.count(Kind.MEASURE, State.DONE),
        "in_progress": agenda.count(Kind.MEASURE, State.IN_PROGRESS),
        "overdue": agenda.count(Kind.MEASURE, State.OVERDUE),
        "duties_overdue": agenda.count(Kind.DUTY, State.OVERDUE),
    }

    check = json.loads(run("check", "--data", str(school), "--today", today, "--format", "json").output)
    codes = [f["code"] for f in check["findings"]]
    items_overdue = agenda.count(Kind.ORDER_ITEM, State.OVERDUE)  # an order item with its own deadline is late like a measure
    assert (codes.count("deadline-overdue"), codes.count("duty-overdue")) == (
        want["overdue"] + items_overdue,
        want["duties_overdue"],
    )

    status = json.loads(run("status", "--data", str(school), "--today", today, "--format", "json").output)
    counts = status["counts"]
    assert {
        "done": counts["measures"]["done"],
        "in_progress": counts["measures"]["in_progress"],
        "overdue": counts["measures"]["overdue"],
        "duties_overdue": counts["duties"]["overdue"],
    } == want
    assert status["done"] == want["done"]

    summary = json.loads(run("summary", str(school), "--today", today, "--format", "json").output)
    row = summary["schools"][0]
    assert (row["done"], row["overdue"], row["duties_overdue"]) == (want["done"], want["overdue"], want["duties_overdue"])

    page = tmp_path / "panel.html"
    assert run("dashboard", "--data", str(school), "--today", today, "--out", str(page)).exit_code == 0
    assert _dashboard_counts(page.read_text(encoding="utf-8")) == want

    if api.load(school).plan.measures:
        out = tmp_path / "build"
        result = run(
            "render", "report", "--data", str(school), "--today", today, "--out", str(out), "--templates", str(ROOT / "templates")
        )
        assert result.exit_code == 0, result.output
        paragraphs = [b for b in text_of(out / f"spravka-{today}.docx") if isinstance(b, str)]
        assert _report_counts(paragraphs) == want


def _status_keys(report: dict[str, object], key: str, agenda: Agenda) -> set[str]:
    """A person's dated obligations in ``status --person --format json``, by their agenda keys."""
    dated = {(o.kind, o.key) for o in agenda.obligations if o.dated}
    people = report["people"] + report["roles"]  # type: ignore[operator]
    mine = next(p for p in people if p["key"] == key)
    keys = {f"measure:{m['id']}" for m in mine["measures"] if (Kind.MEASURE, m["id"]) in dated}
    keys |= {f"duty:{d['key']}" for d in mine["duties"]}
    keys |= {f"{i['kind']}:{i['key']}" for i in mine["items"]}
    return keys


def _expected_keys(agenda: Agenda, key: str) -> set[str]:
    return {f"{o.kind}:{o.key}" for o in agenda.of(key) if o.open and o.dated}


@pytest.mark.parametrize(("folder", "day"), CASES)
def test_each_person_owes_the_same_in_status_calendar_and_dashboard(folder: Path, day: dt.date, tmp_path: Path) -> None:
    each_person_owes_the_same(_copy(folder, tmp_path), day, tmp_path)


def each_person_owes_the_same(school: Path, day: dt.date, tmp_path: Path) -> None:
    today = day.isoformat()
    bundle = api.load(school)
    agenda = build_agenda(bundle, day)
    page = tmp_path / "panel.html"
    assert run("dashboard", "--data", str(school), "--today", today, "--out", str(page)).exit_code == 0
    sections = re.split(r'<section class="agenda" data-item data-owner="', page.read_text(encoding="utf-8"))[1:]
    dashboard = {s.split('"', 1)[0]: set(re.findall(r'<tr data-key="([^"]+)"', s.split("</section>", 1)[0])) for s in sections}
    by_key = {o.key: o for o in agenda.obligations}
    for person in bundle.order.people:
        want = _expected_keys(agenda, person)
        status = json.loads(run("status", "--data", str(school), "--today", today, "--person", person, "--format", "json").output)
        assert _status_keys(status, person, agenda) == want, person

        result = run("calendar", "--data", str(school), "--today", today, "--person", person, "--out", "-")
        assert result.exit_code == 0, result.output
        events = {_uid_key(str(e["UID"])) for e in icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")}
        mine = [o for o in agenda.of(person) if o.open and o.dated]
        assert events == set(_calendar_keys(agenda, mine)), person

        shown = {f"{by_key[k].kind}:{k}" for k in dashboard.get(person, set()) if by_key[k].dated}
        assert shown == want, person


# After recording: a recurring row of the plan with an execution a period, a duty counted from a
# recorded event (due, then overdue, then done) — on the days before, at and after its term.
RECORDED = [
    ("school-3-kirovsk", [("done", "6", "--date", "2025-01-09")], ["2025-01-20", "2025-04-08", "2025-07-20"]),
    ("lyceum-15", [("event", "приказ", "8", "--date", "2025-10-24")], ["2025-10-27", "2025-10-30"]),
    (
        "lyceum-15",
        [("event", "приказ", "8", "--date", "2025-10-24"), ("duty-done", "приказ", "8", "--date", "2025-10-29")],
        ["2025-10-30"],
    ),
]


@pytest.mark.parametrize(
    ("name", "steps", "day"),
    [pytest.param(name, steps, day, id=f"{name}-{len(steps)}-{day}") for name, steps, days in RECORDED for day in days],
)
def test_after_recording_every_view_agrees(name: str, steps: list[tuple[str, ...]], day: str, tmp_path: Path) -> None:
    school = _copy(ROOT / "examples" / name, tmp_path)
    for step in steps:
        result = run(*step, "--data", str(school), "--today", day)
        assert result.exit_code == 0, result.output
    today = dt.date.fromisoformat(day)
    assert any(o.marks or o.last_event for o in build_agenda(api.load(school), today).obligations)
    calendar_has_the_agendas_occurrences(school, today)
    every_view_counts_the_same(school, today, tmp_path)
    each_person_owes_the_same(school, today, tmp_path)


# --------------------------------------------------------------------------- the reproductions


def _ics(folder: Path, today: str, *args: str) -> icalendar.Calendar:
    result = run("calendar", "--data", str(folder), "--today", today, "--out", "-", *args)
    assert result.exit_code == 0, result.output
    return icalendar.Calendar.from_ical(result.stdout_bytes)


def _summaries(calendar: icalendar.Calendar) -> list[str]:
    return [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]


def test_every_measure_with_a_date_is_in_the_calendar() -> None:
    """«с <date>» + N working days, the end of a school period (with or without working days)
    and the school year are dated like any other term."""
    school_58 = _ics(ROOT / "examples" / "school-58", "2024-08-26", "--all")
    assert sorted(s.split(":")[0] for s in _summaries(school_58) if s.startswith("Мероприятие")) == [
        f"Мероприятие {n}" for n in (1, 2, 3, 4)
    ]
    found = {
        str(e["UID"]).split(".")[0]: e["DTSTART"].dt for e in _ics(ROOT / "examples" / "gymnasium-2", "2024-08-28").walk("VEVENT")
    }
    assert {k: v for k, v in found.items() if k in {f"measure-{n}" for n in (1, 4, 5, 6)}} == {
        "measure-1": dt.date(2024, 9, 7),  # 6 working days from Monday 02.09 in a six-day week
        "measure-4": dt.date(2024, 10, 26),  # the end of the first quarter (a working Saturday there)
        "measure-5": dt.date(2024, 11, 1),  # 5 working days after it
        "measure-6": dt.date(2025, 5, 24),  # the end of the school year's last period
    }


def test_a_recurring_duty_counts_from_its_last_execution_everywhere() -> None:
    school = ROOT / "examples" / "school-12"
    status = run("status", "--data", str(school), "--today", "2024-10-05").output
    assert "последний раз: 27.09.2024; просрочена 04.10.2024): Проверяет заполнение электронного журнала." in status
    # monthly from 20.09: 20.10.2024 is a Sunday, so the next working day
    assert "последний раз: 20.09.2024; следующий срок 21.10.2024): Выгружает резервную копию журнала." in status
    check = run("check", "--data", str(school), "--today", "2024-10-05").output
    assert (
        "Заместитель директора по УВР: обязанность «Проверяет заполнение электронного журнала.» выполняется еженедельно, последний раз — 27.09.2024; срок прошёл 04.10.2024"
        in check
    )
    calendar = _ics(school, "2024-10-05")
    first = {str(e["UID"]).split(".prikaz")[0]: e["DTSTART"].dt for e in calendar.walk("VEVENT")}
    assert first["duty-deputy_uvr-weekly-check"] == dt.date(2024, 10, 4)
    backup = next(e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("duty-ej_admin-backup"))
    days = sorted(
        e["DTSTART"].dt
        for e in recurring_ical_events.of(calendar).between(dt.date(2024, 10, 1), dt.date(2025, 1, 1))
        if e["UID"] == backup["UID"]
    )
    assert days == [dt.date(2024, 10, 21), dt.date(2024, 11, 20), dt.date(2024, 12, 20)]


def test_a_measure_and_an_appendix_go_by_their_printed_numbers(data: Path) -> None:
    plan = (data / "plan.yaml").read_text(encoding="utf-8")
    (data / "plan.yaml").write_text(plan.replace("  - id: 1\n", "  - id: 11\n", 1), encoding="utf-8")
    order = (data / "order.yaml").read_text(encoding="utf-8")
    assert "  - key: plan\n    kind: plan\n" in order
    (data / "order.yaml").write_text(
        order.replace("  - key: plan\n    kind: plan\n", "  - key: plan\n    kind: plan\n    number: 2\n", 1), encoding="utf-8"
    )
    order = (data / "order.yaml").read_text(encoding="utf-8")
    today = ("--today", "2020-07-01")
    status = run("status", *today).output
    assert "  мероприятие 1 (id 11) (срок: июнь 2020) — просрочено на 1 день: Ознакомление" in status
    assert "│   1 │ Ознакомление" in status or "\n1. июнь 2020" in status
    check = run("check", *today).output
    assert "мероприятие 1 (id 11) просрочено на 1 день" in check
    event = next(e for e in _ics(data, "2020-07-01").walk("VEVENT") if str(e["UID"]).startswith("measure-11."))
    assert str(event["SUMMARY"]).startswith("Мероприятие 1: Ознакомление")
    assert "приложение 2, мероприятие 1." in str(event["DESCRIPTION"])
    assert run("dashboard", *today, "--out", "panel.html").exit_code == 0
    assert '<tr data-key="11"><td class="num">1</td>' in (data.parent / "panel.html").read_text(encoding="utf-8")


def test_one_word_for_each_state_in_every_view(data: Path) -> None:
    today = ("--today", "2020-07-01")
    assert run("dashboard", *today, "--out", "panel.html").exit_code == 0
    page = (data.parent / "panel.html").read_text(encoding="utf-8")
    assert "в плане" not in page and "не начато" in page
    assert run("render", "report", *today, "--out", "build", "--templates", str(ROOT / "templates")).exit_code == 0
    report = " ".join(b for b in text_of(data.parent / "build" / "spravka-2020-07-01.docx") if isinstance(b, str))
    assert "в~работе~– ни одного" in report  # nobody recorded a start: nothing is «в работе»
    assert run("start", "4", *today).exit_code == 0
    assert "в работе" in run("status", *today).output


def test_a_data_entry_with_nothing_to_enter_is_complete_everywhere(data: Path) -> None:
    for category, total in (("pupils", "0"), ("teachers", "0"), ("parents", "0")):
        assert run("entered", category, "0", "--of", total, "--date", "2020-06-10", "--today", "2020-06-10").exit_code == 0
    today = ("--today", "2020-07-01")
    assert "0 из 0 (100 %)" in run("status", *today).output
    assert "data-entry-incomplete" not in run("check", *today).output
    summary = json.loads(run("summary", str(data), *today, "--format", "json").output)
    assert summary["schools"][0]["data_entry"] == {"pupils": 100, "teachers": 100, "parents": 100}
    assert run("dashboard", *today, "--out", "panel.html").exit_code == 0
    assert re.findall(r'data-num="entry">(\d+)', (data.parent / "panel.html").read_text(encoding="utf-8")) == ["100"] * 3
    assert "order-item-3.1-data-entry" not in run("calendar", *today, "--out", "-").output


@pytest.mark.parametrize(("school", "day", "late"), [("school-58", "2024-11-09", 2), ("school-44", "2025-11-08", 4)])
def test_duties_of_collective_roles_are_in_the_report(school: str, day: str, late: int, tmp_path: Path) -> None:
    folder = ROOT / "examples" / school
    findings = json.loads(run("check", "--data", str(folder), "--today", day, "--format", "json").output)["findings"]
    assert [f["code"] for f in findings].count("duty-overdue") == late
    out = tmp_path / "build"
    assert (
        run(
            "render", "report", "--data", str(folder), "--today", day, "--out", str(out), "--templates", str(ROOT / "templates")
        ).exit_code
        == 0
    )
    paragraphs = [b.replace("~", " ") for b in text_of(out / f"spravka-{day}.docx") if isinstance(b, str)]
    duties = next(p for p in paragraphs if p.startswith("Периодические обязанности работников"))  # no working group there
    assert f" {late} обязанност" in duties
    assert duties.count("«") == late


def test_a_co_executor_has_the_measure_in_status() -> None:
    result = run("status", "--data", str(ROOT / "examples" / "school-12"), "--today", "2024-10-05", "--person", "belykh")
    assert (
        "  мероприятие 2, соисполнитель (срок: октябрь 2024): Родительские собрания о работе с электронным дневником."
        in result.output
    )


def test_no_term_falls_on_a_day_off() -> None:
    """data/: the order is dated Saturday 30.05.2020; a weekly duty is never due on a Saturday, and
    «по пятницам» never on a public holiday or a school's own day off."""
    calendar = _ics(DATA, "2020-07-01")
    days = [
        e["DTSTART"].dt
        for e in recurring_ical_events.of(calendar).between(dt.date(2020, 5, 30), dt.date(2020, 9, 2))
        if str(e["UID"]).startswith("duty-")
    ]
    assert days and all(d.weekday() < 5 for d in days)
    gymnasium = ROOT / "examples" / "gymnasium-2"  # a city day off on Friday 04.10.2024 (calendar_exceptions)
    calendar = _ics(gymnasium, "2024-08-28")
    fridays = sorted(
        e["DTSTART"].dt
        for e in recurring_ical_events.of(calendar).between(dt.date(2024, 9, 1), dt.date(2025, 6, 1))
        if str(e["UID"]).startswith("duty-deputy_uvr-weekly-check")
    )
    assert dt.date(2024, 10, 4) not in fridays and dt.date(2024, 10, 5) in fridays  # a working Saturday of its six-day week
    cal = school_calendar(api.load(gymnasium))
    assert all(cal.is_working(d) for d in fridays)
    moved = [d for d in fridays if d.weekday() != 4]
    assert moved and all(not cal.is_working(d - dt.timedelta(days=(d.weekday() - 4) % 7)) for d in moved)
