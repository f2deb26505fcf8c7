"""The rollout as an iCalendar file (RFC 5545) for phones, Outlook, Yandex and Google calendars.

Every event is an obligation of the agenda (``core.agenda``) with its occurrences, as the
agenda has them — nothing is dated here:

* each open measure — an all-day event on its due date (a month: its last day; a due date
  on a day off: the next working day), with a reminder ``remind`` days before at 09:00; a
  measure with a recurring deadline recurs; one whose term is a condition («по обращениям
  родителей») has no date and is left out;
* each recurring duty of the regulation — a recurring event from its next due date (counted
  from its last execution) on: an RRULE, with EXDATE for the dates a day off moved and RDATE
  for the working days they moved to (up to the end of the year after the file's date), or
  the dates themselves (the end of each school period);
* the order's deadlines: data entry, keeping the data fresh, an item with people named for it.

Every UID is derived from the data: the school, the order (number and date) and the
measure's id, the role and duty, or the order item.  Importing a newer file therefore
updates the events instead of duplicating them.  LAST-MODIFIED and SEQUENCE come from the
latest date the data records for the event (the order's date, a done date, a duty's last
execution, the last update), DTSTAMP from ``today``: the same data and ``--today`` give the
same bytes.  icalendar is imported here only, on first use.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.agenda import Obligation, build_agenda
from elzhur_rollout.core.domain import (
    assignee_name,
    declared_roles,
    measure_numbers,
    plan_appendix_number,
    platform_name,
    regulation_start,
    role_holders,
    role_name,
    short_name,
)
from elzhur_rollout.core.values import Kind, Part, State
from elzhur_rollout.errors import UsageError
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.lang.references import plain_text

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle

PRODID = "-//elzhur-rollout//Календарь внедрения электронного журнала//RU"
DEFAULT_REMIND = 3
REMIND_AT_HOUR = 9  # the reminder rings at 09:00, ``remind`` days before
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


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


# --------------------------------------------------------------------------- texts


def _requisites(bundle: Bundle) -> str:
    doc = bundle.order.document
    return (
        f"{ru.cap(doc.kind)} от {ru.short_date(doc.date)} № {doc.number} «{doc.title}» ({bundle.order.organization.short_name})"
    )


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _names(bundle: Bundle, keys: list[str]) -> str:
    """«Романенко Г.В., Классные руководители 1–11 классов»: people by name, roles by title
    (a key nobody has stands as it is)."""
    roles = declared_roles(bundle)
    return ", ".join(assignee_name(bundle, k, roles) for k in keys)


# --------------------------------------------------------------------------- events


def _series(o: Obligation) -> tuple[dt.date, dict[str, Any] | None, list[dt.date], list[dt.date]]:
    """(DTSTART, RRULE, EXDATEs, RDATEs) of the agenda's occurrences of ``o``."""
    occurrences = list(o.occurrences)
    rule = o.repeat
    if rule is None or rule.freq is None:
        return occurrences[0], None, [], occurrences[1:]
    rrule: dict[str, Any] = {"freq": rule.freq.value.lower()}
    if rule.interval > 1:
        rrule["interval"] = rule.interval
    nth = rule.set_pos is not None and len(rule.weekdays) == 1 and not rule.month_days
    if nth:  # the N-th (-1: the last) weekday of the month, as RFC 5545 writes it: BYDAY=-1FR
        rrule["byday"] = f"{rule.set_pos}{WEEKDAYS[rule.weekdays[0]]}"
    elif rule.weekdays:
        days = [WEEKDAYS[d] for d in rule.weekdays]
        rrule["byday"] = days[0] if len(days) == 1 else days
    if rule.month_days:
        rrule["bymonthday"] = rule.month_days[0] if len(rule.month_days) == 1 else list(rule.month_days)
    if rule.set_pos is not None and not nth:
        rrule["bysetpos"] = rule.set_pos
    if rule.until is not None:
        rrule["until"] = rule.until
    nominal, moved = set(rule.nominal), set(occurrences)
    return rule.nominal[0], rrule, sorted(nominal - moved), sorted(moved - nominal)


def _shown(o: Obligation, person: str | None, include_closed: bool) -> bool:
    if not o.dated or (person is not None and o.owed_by(person) is None):
        return False
    return o.open or (include_closed and o.state.closed)


def _measure_entry(bundle: Bundle, o: Obligation, uid: Uids, base: dt.date, person: str | None, today: dt.date) -> Entry:
    m = o.measure
    assert m is not None
    roles = declared_roles(bundle)
    lines = [plain_text(bundle, m.text)] + [f"– {plain_text(bundle, p)}" for p in m.points]
    term = ru.deadline_text(m.deadline)
    if o.due is not None and o.due != o.written_due:
        term += f" ({ru.moved_due(o.due)})"
    lines.append(f"Срок: {term}")
    lines.append(f"Ответственные: {_names(bundle, m.responsible) or 'не назначены'}")
    if m.co_executors:
        lines.append(f"Соисполнители: {_names(bundle, m.co_executors)}")
    lines.append(f"Статус на {ru.short_date(today)}: {ru.state_text(o.state, done_on=o.done_on)}")
    if o.marks:  # a recurring row: a mark a period
        lines.append(ru.periods_text(o.marks))
    if m.note:
        lines.append(f"Примечание: {m.note}")
    if m.evidence:
        lines.append(f"Подтверждение: {m.evidence}")
    if not o.state.closed:
        lines.append(f"Отметить выполнение: rollout done {m.id}")
    appendix = ru.appendix_ref(plan_appendix_number(bundle))
    lines.append(f"Основание: {_requisites(bundle)}, {appendix}, {ru.measure_ref(o.number)}.")
    owner = o.owed_by(person) if person else None
    if owner is not None and owner.part is Part.SERVES:
        lines.append(f"В календаре по обязанности роли «{role_name(roles[owner.via[0]].title)}» (регламент рабочей группы).")
    elif owner is not None and owner.via:
        lines.append(f"В календаре как исполнитель роли «{role_name(roles[owner.via[0]].title)}».")
    summary = f"{ru.cap(ru.measure_ref(o.number))}: {_short(plain_text(bundle, m.text))}"
    if o.state.closed:
        summary = f"[{ru.state_word(o.state)}] {summary}"
    start, rule, exdates, rdates = _series(o)
    return Entry(
        uid=uid("measure", m.id),
        summary=summary,
        description="\n".join(lines),
        start=start,
        modified=max([base] + [d for d in (m.done_on, m.last_done) if d]),
        categories=ru.cap(ru.DOCUMENT_WORD["plan"]),
        rrule=rule,
        exdates=exdates,
        rdates=rdates,
        alarm=not o.state.closed,
        status="CANCELLED" if o.state is State.CANCELLED else "CONFIRMED",
    )


def _duty_entry(bundle: Bundle, o: Obligation, uid: Uids, base: dt.date) -> Entry:
    """A recurring duty: of a role, or written in an order item, a paragraph or a row (its
    ``title`` says where, its UID is that place)."""
    reg = bundle.regulation
    duty, role_key, recurs = o.duty, o.role, o.recurs
    assert duty is not None and recurs is not None
    start, until = regulation_start(bundle), reg.period.until
    period = f"с {ru.short_date(start)} по {ru.short_date(until)}" if until else f"с {ru.short_date(start)}, бессрочно"
    first, rule, exdates, rdates = _series(o)
    lines = [
        plain_text(bundle, duty.text),
        f"Периодичность: {ru.recurrence_text(recurs)}"
        + (" (по рабочим дням производственного календаря)" if recurs.every == "day" else ""),
    ]
    if role_key is not None:
        heading = role_name(reg.roles[role_key].title)
        holders = _names(bundle, role_holders(bundle, role_key))
        lines.append(f"Роль: {heading} — {holders or 'никто не назначен'}")
        event = uid("duty", role_key, duty.id or o.number)
    else:
        heading = o.title or ""
        lines.append(f"Ответственные: {_names(bundle, o.responsible) or 'не назначены'}")
        event = uid("duty", *o.key.split("/"))
    mark = f"rollout duty-done {o.address}" if o.address else ""  # a row of an appendix is marked in its file
    lines.append(f"Действует {period} ({reg.title}).")
    if duty.measures:
        numbers = measure_numbers(bundle)
        lines.append("Мероприятия плана: " + ", ".join(numbers.get(str(k), str(k)) for k in duty.measures))
    if o.last_done:
        lines.append(f"Последнее выполнение: {ru.short_date(o.last_done)}")
    if exdates:
        lines.append("Сроки, выпавшие на выходные и праздничные дни, перенесены на ближайший рабочий день.")
    if mark:
        lines.append(f"Отметить выполнение: {mark}")
    lines.append(f"Основание: {_requisites(bundle)}.")
    return Entry(
        uid=event,
        summary=f"{heading}: {_short(plain_text(bundle, duty.text))}",
        description="\n".join(lines),
        start=first,
        modified=max([base] + ([o.last_done] if o.last_done else [])),
        categories="Регламент рабочей группы" if o.source.document == "regulation" else "Приказ",
        rrule=rule,
        exdates=exdates,
        rdates=rdates,
    )


def _entry_event(bundle: Bundle, group: list[Obligation], uid: Uids) -> Entry:
    """The data entry of one order item (its categories together) by the item's deadline."""
    first = group[0]
    assert first.item is not None and first.due is not None
    complete = all(o.state is State.DONE for o in group)
    lines = [plain_text(bundle, first.item.text)]
    for o in group:
        e = o.entry
        assert e is not None
        label = ru.category_label(e.category, e.label)
        share = f" ({e.percent} %)" if e.total else ""
        lines.append(f"– {label}: внесено {e.entered}" + (f" из {e.total}{share}" if e.total is not None else ""))
    lines.append(f"Основание: {_requisites(bundle)}, пункт {first.number}.")
    dates = [bundle.order.document.date] + [o.entry.as_of for o in group if o.entry and o.entry.as_of]
    return Entry(
        uid=uid("order-item", first.number, "data-entry"),
        summary=(f"[{ru.state_word(State.DONE)}] " if complete else "")
        + f"Пункт {first.number} приказа: внесение 100 % данных в {platform_name(bundle)}",
        description="\n".join(lines),
        start=first.due,
        modified=max(dates),
        categories="Приказ",
        alarm=not complete,
    )


def _updates_event(bundle: Bundle, o: Obligation, uid: Uids) -> Entry:
    fresh, item = o.freshness, o.item
    assert fresh is not None and item is not None and o.due is not None
    last = fresh.last_update
    lines = [
        plain_text(bundle, item.text),
        f"Данные обновляются не позднее {ru.days(fresh.within_days, 'gent')} с момента изменений.",
        f"Последняя актуализация: {ru.short_date(last)}" if last else "Актуализация ещё не отмечена.",
        "После актуализации: rollout updated (и файл календаря выпускается заново).",
        f"Основание: {_requisites(bundle)}, пункт {o.number}.",
    ]
    return Entry(
        uid=uid("order-item", o.number, "updates"),
        summary=f"Пункт {o.number} приказа: актуализация данных не позднее {ru.short_date(o.due)}",
        description="\n".join(lines),
        start=o.due,
        modified=max(bundle.order.document.date, last or o.due),
        categories="Приказ",
        alarm=True,
    )


def _item_event(bundle: Bundle, o: Obligation, uid: Uids) -> Entry:
    assert o.due is not None
    lines = [plain_text(bundle, o.text)]
    if o.deadline is not None:
        lines.append(f"Срок: {ru.deadline_text(o.deadline)}")
    lines.append(f"Ответственные: {_names(bundle, o.responsible) or 'не назначены'}")
    if not o.state.closed:
        lines.append(f"Отметить выполнение: rollout done п{o.number}")
    lines.append(f"Основание: {_requisites(bundle)}, пункт {o.number}.")
    return Entry(
        uid=uid("order-item", o.number),
        summary=f"Пункт {o.number} приказа: {_short(plain_text(bundle, o.text))}",
        description="\n".join(lines),
        start=o.due,
        modified=bundle.order.document.date,
        categories="Приказ",
        alarm=True,
    )


def entries(bundle: Bundle, today: dt.date, person: str | None = None, include_closed: bool = False) -> list[Entry]:
    """The calendar's events, in a fixed order: the plan, the duties, the order's deadlines."""
    people = bundle.order.people
    if person is not None and person not in people:
        raise UsageError(f"сотрудника «{person}» нет в order.yaml (people); известны: {', '.join(people)}")
    agenda = build_agenda(bundle, today)
    uid = Uids(bundle)
    order_date = bundle.order.document.date
    plan_base = max([order_date] + [a.date for a in bundle.plan.approvals if a.date])
    reg_base = max([order_date] + [a.date for a in bundle.regulation.approvals if a.date])
    shown = [o for o in agenda.obligations if _shown(o, person, include_closed)]
    out = [_measure_entry(bundle, o, uid, plan_base, person, today) for o in shown if o.kind is Kind.MEASURE]
    out += [_duty_entry(bundle, o, uid, reg_base) for o in shown if o.kind is Kind.DUTY]
    entered: dict[str, list[Obligation]] = {}
    for o in agenda.entries:
        if o.dated and (person is None or o.owed_by(person) is not None):
            entered.setdefault(o.number, []).append(o)
    for o in agenda.obligations:
        if o.kind is Kind.DATA_ENTRY and o.number in entered and entered[o.number][0] is o:
            group = entered[o.number]
            if include_closed or not all(g.state is State.DONE for g in group):
                out.append(_entry_event(bundle, group, uid))
        elif o.kind is Kind.UPDATES and o in shown:
            out.append(_updates_event(bundle, o, uid))
        elif o.kind is Kind.ORDER_ITEM and o in shown:
            out.append(_item_event(bundle, o, uid))
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
    from icalendar.prop import vDuration, vRecur  # lazy: icalendar costs 144 ms; only when the file is written

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


__all__ = ["Entry", "build", "default_name", "entries", "to_ical"]
