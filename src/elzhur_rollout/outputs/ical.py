"""The rollout as an iCalendar file (RFC 5545) for phones, Outlook, Yandex and Google calendars.

What goes in:

* each open measure — an all-day event on its deadline (a month: its last working day; a
  month range: the last working day of its last month), with a reminder ``remind`` days
  before at 09:00; measures with a recurring deadline recur like duties; a measure whose
  term is a condition («по обращениям родителей») has no date and is left out;
* each recurring duty of the regulation — a recurring event (RRULE) from the regulation's
  start to its end (open-ended: no end); «every: day» counts working days, so the
  production calendar's holidays on weekdays are excluded (EXDATE) and working Saturdays
  added (RDATE) — up to the regulation's end, or, when it is open-ended, to the end of the
  year after the file's date;
* the order's deadlines for data entry (item 3.1) and for keeping the data fresh (3.2).

Every UID is derived from the data: the school, the order (number and date) and the
measure's id, the role and duty, or the order item.  Importing a newer file therefore
updates the events instead of duplicating them.  LAST-MODIFIED and SEQUENCE come from the
latest date the data records for the event (the order's date, a done date, a duty's last
execution, the last update), DTSTAMP from ``today``: the same data and ``--today`` give the
same bytes.  icalendar is imported here only, on first use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.domain import (
    NEVER_DUE,
    add_working_days,
    assigned_as,
    assignee_name,
    day_in_month,
    declared_roles,
    effective_deadlines,
    nth_weekday,
    platform_name,
    quarterly_due,
    regulation_start,
    role_holders,
    roles_of,
    school_periods,
    short_name,
)
from elzhur_rollout.core.values import MeasureStatus, YearMonth
from elzhur_rollout.core.workcal import WorkCalendar, plus_days, school_calendar
from elzhur_rollout.documents.wording import plain_text
from elzhur_rollout.errors import UsageError
from elzhur_rollout.lang import vocabulary as ru

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.models import Deadline, Measure, Recurrence, SchoolPeriod

PRODID = "-//elzhur-rollout//Календарь внедрения электронного журнала//RU"
DEFAULT_REMIND = 3
REMIND_AT_HOUR = 9  # the reminder rings at 09:00, ``remind`` days before
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class Entry:
    """One event of the calendar, before it becomes iCalendar text (what the tests read)."""

    uid: str
    summary: str
    description: str
    start: dt.date
    modified: dt.date
    categories: str
    rrule: dict[str, Any] | None = None
    exdates: list[dt.date] = field(default_factory=list)
    rdates: list[dt.date] = field(default_factory=list)
    alarm: bool = False
    status: str = "CONFIRMED"


# --------------------------------------------------------------------------- identifiers


_UNSAFE = re.compile(r"[^A-Za-z0-9_.]+")


def _slug(text: str) -> str:
    """A piece of a UID: Latin letters, digits, «_», «.» and hyphens; a short hash keeps it
    unique when anything had to be replaced."""
    clean = _UNSAFE.sub("-", text).strip("-").lower()
    if clean != text.lower() or not clean:
        clean = f"{clean}-{hashlib.sha1(text.encode()).hexdigest()[:6]}".lstrip("-")
    return clean


class Uids:
    def __init__(self, bundle: Bundle) -> None:
        order = bundle.order
        school = hashlib.sha1(order.organization.full_name.encode()).hexdigest()[:10]
        self.suffix = f"prikaz-{_slug(order.document.number)}-{order.document.date:%Y%m%d}@{school}.elzhur-rollout"

    def __call__(self, *parts: str) -> str:
        return "-".join(_slug(p) for p in parts) + "." + self.suffix


# --------------------------------------------------------------------------- dates


def _first_after(start: dt.date, weekday: int) -> dt.date:
    """The first ``weekday`` (0 = Monday) after ``start``."""
    return start + dt.timedelta(days=(weekday - start.weekday() - 1) % 7 + 1)


def _next_month_same_day(start: dt.date) -> tuple[dt.date, int]:
    """(the first date a month after ``start``, the BYMONTHDAY of the series)."""
    nxt = YearMonth.of(start).plus(1)
    if start.day > 28:  # the 29th–31st: the last day of every month
        return nxt.end, -1
    return nxt.start.replace(day=start.day), start.day


def recurrence(
    r: Recurrence | Deadline,
    start: dt.date,
    until: dt.date | None,
    cal: WorkCalendar,
    horizon: dt.date,
    periods: list[SchoolPeriod] | None = None,
) -> tuple[dt.date, dict[str, Any] | None, list[dt.date], list[dt.date]] | None:
    """(first date, RRULE, EXDATEs, RDATEs) of a recurring term that starts to count on ``start``:
    weekly (optionally on a weekday, every N weeks), monthly on a day, «by the N-th», yearly,
    daily on working days; at the end of each school period (no RRULE: the dates themselves)."""
    rule: dict[str, Any]
    every = r.every
    day_of_month = r.day_of_month
    exdates: list[dt.date] = []
    rdates: list[dt.date] = []
    weekday = getattr(r, "weekday", None)
    if any(getattr(r, k, None) for k in NEVER_DUE):  # «постоянно», «в течение учебного года»: no dates
        return None
    if every == "month" and getattr(r, "week", None) is not None and weekday:
        # «в последнюю пятницу месяца»: BYDAY=-1FR, the first on or after the start (domain.nth_weekday)
        week: int = getattr(r, "week")  # noqa: B009 (a Deadline has no week)
        first = nth_weekday(start.year, start.month, weekday, week)
        if first < start:
            following = YearMonth.of(start).plus(1).start
            first = nth_weekday(following.year, following.month, weekday, week)
        rule = {"freq": "monthly", "byday": f"{week}{WEEKDAYS[_WEEKDAY_KEYS.index(weekday)]}"}
    elif every == "quarter" and getattr(r, "due_day", None):
        # «ежеквартально до 5 числа месяца, следующего за отчётным»: January, April, July, October
        first = quarterly_due(r.due_day, start, None)  # type: ignore[union-attr,arg-type]
        rule = {"freq": "monthly", "interval": 3, "bymonthday": first.day}
    elif every == "term" and getattr(r, "within", None):
        # «не реже одного раза в учебный период»: the end of each period that has not ended yet
        dates = [p.to for p in periods or [] if p.to >= start and (until is None or p.to <= until)]
        return (dates[0], None, [], dates[1:]) if dates else None
    elif every == "week":
        if weekday:
            first = _first_after(start, _WEEKDAY_KEYS.index(weekday))
            rule = {"freq": "weekly", "byday": WEEKDAYS[_WEEKDAY_KEYS.index(weekday)]}
        else:
            first = start + dt.timedelta(days=7)
            rule = {"freq": "weekly"}
        interval = getattr(r, "interval", None)
        if interval:
            rule["interval"] = interval
            if not weekday:
                first = start + dt.timedelta(days=7 * interval)
    elif every == "term":
        working = getattr(r, "working_days", None)
        dates = [add_working_days(cal, p.to, working) if working else p.to for p in periods or [] if p.to >= start]
        dates = [d for d in dates if until is None or d <= until]
        return (dates[0], None, [], dates[1:]) if dates else None
    elif every == "year":
        first = (
            start.replace(year=start.year + 1)
            if (start.month, start.day) != (2, 29)
            else start.replace(year=start.year + 1, day=28)
        )
        rule = {"freq": "yearly"}
    elif every == "month":
        first, day = _next_month_same_day(start)
        rule = {"freq": "monthly", "bymonthday": day}
    elif day_of_month is not None:
        # the first such day on or after the start, not a month later (as domain.duty_due); in a
        # shorter month the last day: «до 30 числа» — the last of the 28th–30th that the month has
        first = day_in_month(start, day_of_month)
        if first < start:
            first = day_in_month(YearMonth.of(start).plus(1).start, day_of_month)
        if day_of_month <= 28:
            rule = {"freq": "monthly", "bymonthday": day_of_month}
        elif day_of_month == 31:
            rule = {"freq": "monthly", "bymonthday": -1}
        else:
            rule = {"freq": "monthly", "bymonthday": list(range(28, day_of_month + 1)), "bysetpos": -1}
    elif every == "day":
        # a daily series starts no earlier than the year before the horizon's: the days off are
        # listed day by day, so the span walked is at most three years, whatever the dates
        first = max(plus_days(start, 1), dt.date(max(horizon.year - 2, 1), 1, 1))
        limit = plus_days(first, 60)
        while not cal.is_working(first) and first < limit:
            first = plus_days(first, 1)
        rule = {"freq": "weekly", "byday": list(WEEKDAYS[:5])}
        last = min(until or horizon, horizon)  # the days off are known, and listed, up to the horizon
        exdates = cal.weekdays_off(first, last)
        rdates = cal.weekend_working(first, last)
    else:
        return None
    if until is not None:
        if first > until:
            return None
        rule["until"] = until
    return first, rule, exdates, rdates


def measure_date(deadline: Deadline, cal: WorkCalendar) -> dt.date | None:
    """The day a measure's event stands on: a month (or the last month of a range) — its last
    working day; a date or «до» a date — that date; other terms — none."""
    if deadline.month:
        return cal.last_working_day(deadline.month)
    if deadline.to:
        return cal.last_working_day(deadline.to)
    return deadline.date or deadline.until


# --------------------------------------------------------------------------- texts


def _requisites(bundle: Bundle) -> str:
    doc = bundle.order.document
    return f"{_cap(doc.kind)} от {ru.short_date(doc.date)} № {doc.number} «{doc.title}» ({bundle.order.organization.short_name})"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(bundle: Bundle, keys: list[str]) -> str:
    """«Романенко Г.В., Классные руководители 1–11 классов»: people by name, roles by title
    (a key nobody has stands as it is)."""
    roles = declared_roles(bundle)
    return ", ".join(assignee_name(bundle, k, roles) for k in keys)


def _plan_appendix(bundle: Bundle) -> str:
    for n, app in enumerate(bundle.order.appendices, 1):
        if app.kind == "plan":
            return f"приложение {n}"
    return "план мероприятий"


# --------------------------------------------------------------------------- events


def _served_measures(bundle: Bundle, person: str) -> dict[str, str]:
    """Measures a person's roles serve by their duties: measure id → role title."""
    out: dict[str, str] = {}
    for _key, role in roles_of(bundle, person):
        for duty in role.duties:
            for mid in duty.measures:
                out.setdefault(str(mid), role.title.rstrip(":"))
    return out


def _measure_entries(
    bundle: Bundle, cal: WorkCalendar, uid: Uids, person: str | None, include_closed: bool, horizon: dt.date
) -> Iterator[Entry]:
    order, plan = bundle.order, bundle.plan
    served = _served_measures(bundle, person) if person else {}
    base = max([order.document.date] + [a.date for a in plan.approvals if a.date])
    requisites, appendix = _requisites(bundle), _plan_appendix(bundle)
    start, until = regulation_start(bundle), bundle.regulation.period.until
    roles = declared_roles(bundle)
    for number, m in enumerate(plan.measures, 1):
        # a person's own measures: named, or through a role they hold among the responsible
        via = assigned_as(bundle, person, m.responsible + m.co_executors, roles) if person else []
        if person and via is None and m.id not in served:
            continue
        closed = m.status.closed
        if closed and not include_closed:
            continue
        entry = _measure_entry(bundle, m, number, cal, start, until, horizon, uid, requisites, appendix, base)
        if entry is None:
            continue
        if person and via:
            entry.description += f"\nВ календаре как исполнитель роли «{via[0].title}»."
        elif person and via is None:
            entry.description += f"\nВ календаре по обязанности роли «{served[m.id]}» (регламент рабочей группы)."
        yield entry


def _measure_entry(
    bundle: Bundle,
    m: Measure,
    number: int,
    cal: WorkCalendar,
    start: dt.date,
    until: dt.date | None,
    horizon: dt.date,
    uid: Uids,
    requisites: str,
    appendix: str,
    base: dt.date,
) -> Entry | None:
    day = measure_date(m.deadline, cal)
    series = None
    if day is None:
        series = recurrence(m.deadline, start, until, cal, horizon, school_periods(bundle))
        if series is None:
            return None
        day = series[0]
    lines = [plain_text(bundle, m.text)] + [f"– {plain_text(bundle, p)}" for p in m.points]
    term = ru.deadline_text(m.deadline)
    if m.deadline.due and m.deadline.due != day:
        term += f" (последний рабочий день — {ru.short_date(day)})"
    lines.append(f"Срок: {term}")
    lines.append(f"Ответственные: {_names(bundle, m.responsible) or 'не назначены'}")
    if m.co_executors:
        lines.append(f"Соисполнители: {_names(bundle, m.co_executors)}")
    status = ru.STATUS_RU[m.status]
    if m.status is MeasureStatus.DONE and m.done_on:
        status += f" {ru.short_date(m.done_on)}"
    lines.append(f"Статус: {status}")
    if m.note:
        lines.append(f"Примечание: {m.note}")
    if m.evidence:
        lines.append(f"Подтверждение: {m.evidence}")
    lines.append(f"Основание: {requisites}, {appendix}, мероприятие {number}.")
    summary = f"Мероприятие {number}: {_short(plain_text(bundle, m.text))}"
    if m.status.closed:
        summary = f"[{ru.STATUS_RU[m.status]}] {summary}"
    modified = max([base] + ([m.done_on] if m.done_on else []))
    entry = Entry(
        uid=uid("measure", m.id),
        summary=summary,
        description="\n".join(lines),
        start=day,
        modified=modified,
        categories="План мероприятий",
        alarm=not m.status.closed,
        status="CANCELLED" if m.status is MeasureStatus.CANCELLED else "CONFIRMED",
    )
    if series is not None:
        entry.rrule, entry.exdates, entry.rdates = series[1], series[2], series[3]
    return entry


def _duty_entries(bundle: Bundle, cal: WorkCalendar, uid: Uids, person: str | None, horizon: dt.date) -> Iterator[Entry]:
    reg = bundle.regulation
    start, until = regulation_start(bundle), reg.period.until
    roles = roles_of(bundle, person) if person else list(reg.roles.items())
    base = max([bundle.order.document.date] + [a.date for a in reg.approvals if a.date])
    period = f"с {ru.short_date(start)} по {ru.short_date(until)}" if until else f"с {ru.short_date(start)}, бессрочно"
    for role_key, role in roles:
        holders = _names(bundle, role_holders(bundle, role_key))
        for j, duty in enumerate(role.duties, 1):
            if duty.recurs is None or duty.recurs.on_demand:
                continue
            series = recurrence(duty.recurs, start, until, cal, horizon, school_periods(bundle))
            if series is None:
                continue
            first, rule, exdates, rdates = series
            lines = [
                plain_text(bundle, duty.text),
                f"Периодичность: {ru.recurrence_text(duty.recurs)}"
                + (" (по рабочим дням производственного календаря)" if duty.recurs.every == "day" else ""),
                f"Роль: {role.title.rstrip(':')} — {holders or 'никто не назначен'}",
                f"Действует {period} ({reg.title}).",
            ]
            if duty.measures:
                lines.append("Мероприятия плана: " + ", ".join(map(str, duty.measures)))
            if duty.last_done:
                lines.append(f"Последнее выполнение: {ru.short_date(duty.last_done)}")
            lines.append(f"Отметить выполнение: rollout duty-done {role_key} {duty.id or j}")
            lines.append(f"Основание: {_requisites(bundle)}.")
            modified = max([base] + ([duty.last_done] if duty.last_done else []))
            yield Entry(
                uid=uid("duty", role_key, duty.id or str(j)),
                summary=f"{role.title.rstrip(':')}: {_short(plain_text(bundle, duty.text))}",
                description="\n".join(lines),
                start=first,
                modified=modified,
                categories="Регламент рабочей группы",
                rrule=rule,
                exdates=exdates,
                rdates=rdates,
            )


def _order_entries(bundle: Bundle, uid: Uids, person: str | None, include_closed: bool) -> Iterator[Entry]:
    order = bundle.order
    if person and person not in {m.person for m in order.working_group} | {order.reporter, order.signatory_key}:
        return
    requisites = _requisites(bundle)
    for _path, number, item, deadline in effective_deadlines(order.items):
        due = deadline.due if deadline else None
        if item.data_entry and due:
            complete = all(c.total is not None and c.entered >= c.total for c in item.data_entry)
            if complete and not include_closed:
                continue
            lines = [plain_text(bundle, item.text)]
            for c in item.data_entry:
                label = ru.CATEGORY_RU.get(c.category, c.text)
                share = f" ({c.entered * 100 // c.total} %)" if c.total else ""
                lines.append(f"– {label}: внесено {c.entered}" + (f" из {c.total}{share}" if c.total is not None else ""))
            lines.append(f"Основание: {requisites}, пункт {number}.")
            dates = [order.document.date] + [c.as_of for c in item.data_entry if c.as_of]
            yield Entry(
                uid=uid("order-item", number, "data-entry"),
                summary=("[выполнено] " if complete else "")
                + f"Пункт {number} приказа: внесение 100 % данных в {platform_name(bundle)}",
                description="\n".join(lines),
                start=due,
                modified=max(dates),
                categories="Приказ",
                alarm=not complete,
            )
        if item.updates:
            upd = item.updates
            last = upd.last_update
            day = last + dt.timedelta(days=upd.within_days) if last else due
            if day is None:
                continue
            lines = [
                plain_text(bundle, item.text),
                f"Данные обновляются не позднее {ru.days(upd.within_days, 'gent')} с момента изменений.",
                f"Последняя актуализация: {ru.short_date(last)}" if last else "Актуализация ещё не отмечена.",
                "После актуализации: rollout updated (и файл календаря выпускается заново).",
                f"Основание: {requisites}, пункт {number}.",
            ]
            yield Entry(
                uid=uid("order-item", number, "updates"),
                summary=f"Пункт {number} приказа: актуализация данных не позднее {ru.short_date(day)}",
                description="\n".join(lines),
                start=day,
                modified=max(order.document.date, last or day),
                categories="Приказ",
                alarm=True,
            )


def entries(bundle: Bundle, today: dt.date, person: str | None = None, include_closed: bool = False) -> list[Entry]:
    """The calendar's events, in a fixed order: the plan, the duties, the order's deadlines."""
    people = bundle.order.people
    if person is not None and person not in people:
        raise UsageError(f"сотрудника «{person}» нет в order.yaml (people); известны: {', '.join(people)}")
    cal = school_calendar(bundle)
    uid = Uids(bundle)
    horizon = dt.date(min(max(today, regulation_start(bundle)).year + 1, dt.date.max.year), 12, 31)
    out = list(_measure_entries(bundle, cal, uid, person, include_closed, horizon))
    out += _duty_entries(bundle, cal, uid, person, horizon)
    out += _order_entries(bundle, uid, person, include_closed)
    return out


# --------------------------------------------------------------------------- iCalendar


def _stamp(day: dt.date) -> bytes:
    return f"{day:%Y%m%d}T000000Z".encode()


def fold(line: bytes) -> bytes:
    """RFC 5545 §3.1: lines of at most 75 octets, continued after CRLF and a space, never
    inside a UTF-8 sequence.  (icalendar folds character by character: 0.6 ms a line, too
    slow for a 10,000-measure plan; the values themselves are encoded by icalendar.)"""
    if len(line) <= 75:
        return line + b"\r\n"
    parts, pos, width, size = [], 0, 75, len(line)
    while pos + width < size:
        cut = pos + width
        while (line[cut] & 0xC0) == 0x80:  # never inside a UTF-8 sequence
            cut -= 1
        parts.append(line[pos:cut])
        pos, width = cut, 74
    parts.append(line[pos:])
    return b"\r\n ".join(parts) + b"\r\n"


def text(value: str) -> bytes:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped, as
    icalendar's vText does (which costs 13 µs a value; ``str.translate`` on Cyrillic, 15 µs)."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n").encode()
    )


def to_ical(bundle: Bundle, items: list[Entry], today: dt.date, remind: int = DEFAULT_REMIND, person: str | None = None) -> bytes:
    """The iCalendar text of ``items`` (CRLF, folded lines).  RRULE and the alarm's duration are
    encoded by icalendar's property types; texts, dates and the lines themselves here, because
    icalendar's own serializer takes 0.7 ms an event (6 s for a 10,000-measure plan)."""
    from icalendar.prop import vDuration, vRecur

    order = bundle.order
    name = f"{platform_name(bundle)}: {order.organization.short_name}"
    if person:
        name += f" — {short_name(bundle, person)}"
    desc = (
        f"Сроки плана мероприятий и обязанности рабочей группы: {_requisites(bundle)}. Файл составлен на {ru.short_date(today)}."
    )
    out = [
        b"BEGIN:VCALENDAR\r\n",
        b"VERSION:2.0\r\n",
        fold(b"PRODID:" + text(PRODID)),
        b"CALSCALE:GREGORIAN\r\n",
        b"METHOD:PUBLISH\r\n",
        fold(b"X-WR-CALNAME:" + text(name)),
        fold(b"X-WR-CALDESC:" + text(desc)),
    ]
    stamp = b"DTSTAMP:" + _stamp(today) + b"\r\n"
    before = -dt.timedelta(days=remind) + dt.timedelta(hours=REMIND_AT_HOUR)
    trigger = b"TRIGGER:" + vDuration(before).to_ical() + b"\r\n"  # type: ignore[no-untyped-call]
    base = order.document.date
    for item in items:
        summary = text(item.summary)
        out += [
            b"BEGIN:VEVENT\r\n",
            fold(b"UID:" + text(item.uid)),
            stamp,
            b"LAST-MODIFIED:" + _stamp(item.modified) + b"\r\n",
            b"SEQUENCE:%d\r\n" % max(0, (item.modified - base).days),
            fold(b"SUMMARY:" + summary),
            fold(b"DESCRIPTION:" + text(item.description)),
            b"DTSTART;VALUE=DATE:%s\r\n" % item.start.strftime("%Y%m%d").encode(),
            # the day after 9999-12-31 cannot be written: a day's length says the same
            b"DTEND;VALUE=DATE:%s\r\n" % (item.start + dt.timedelta(days=1)).strftime("%Y%m%d").encode()
            if item.start < dt.date.max
            else b"DURATION:P1D\r\n",
            b"TRANSP:TRANSPARENT\r\n",  # a deadline does not make anyone busy
            fold(b"CATEGORIES:" + text(item.categories)),
            b"STATUS:" + item.status.encode() + b"\r\n",
        ]
        if item.rrule is not None:
            out.append(fold(b"RRULE:" + vRecur(item.rrule).to_ical()))  # type: ignore[no-untyped-call]
        if item.exdates:
            out.append(fold(b"EXDATE;VALUE=DATE:" + ",".join(f"{d:%Y%m%d}" for d in item.exdates).encode()))
        if item.rdates:
            out.append(fold(b"RDATE;VALUE=DATE:" + ",".join(f"{d:%Y%m%d}" for d in item.rdates).encode()))
        if item.alarm:
            out += [b"BEGIN:VALARM\r\n", b"ACTION:DISPLAY\r\n", fold(b"DESCRIPTION:" + summary), trigger, b"END:VALARM\r\n"]
        out.append(b"END:VEVENT\r\n")
    out.append(b"END:VCALENDAR\r\n")
    return b"".join(out)


def build(
    bundle: Bundle, today: dt.date, person: str | None = None, remind: int = DEFAULT_REMIND, include_closed: bool = False
) -> bytes:
    import gc

    # The loaded documents live as long as the command: moved out of the collector's sight,
    # they are not traversed again by every collection the many small strings below trigger
    # (a 10,000-measure plan: 0.34 s -> 0.19 s).
    gc.freeze()
    try:
        return to_ical(bundle, entries(bundle, today, person, include_closed), today, remind, person)
    finally:
        gc.unfreeze()


def default_name(person: str | None) -> str:
    return f"kalendar-{person}.ics" if person else "kalendar.ics"


__all__ = ["Entry", "build", "default_name", "entries", "measure_date", "recurrence", "to_ical"]
