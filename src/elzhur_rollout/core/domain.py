"""The domain core: facts derived from the three documents, once for everyone.

Checks, the views, rendering, the diff and the edits ask this module how order items,
measures and appendices are numbered as printed, which deadline applies to an item, who is
named where and who holds a role, when the regulation starts, and how working days are
counted.  What is owed, when and in which state on a given day is the agenda's
(``core.agenda``), built on these.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.workcal import school_calendar

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.models import (
        Clause,
        Deadline,
        Duty,
        OrderItem,
        Recurrence,
        Role,
        ScheduleRow,
        SchoolPeriod,
        SectionClause,
    )
    from elzhur_rollout.core.workcal import WorkCalendar

DEFAULT_HORIZON = 7  # days before a deadline from which it counts as "due soon"

YamlPath = tuple[Any, ...]


# --------------------------------------------------------------------------- order items


def item_numbers(items: list[OrderItem], prefix: str = "") -> Iterator[tuple[YamlPath, str, OrderItem]]:
    """(YAML path, number as printed, item) for every order item, depth first: 1, 2, 3, 3.1,
    3.2 …; an explicit ``number`` as written («1.5.» → «1.5», «08.02.01»), and its sub-items
    numbered under it."""
    for i, item in enumerate(items):
        number = item.number.strip().rstrip(".") if item.number else f"{prefix}{i + 1}"
        path: YamlPath = ("items", i)
        yield path, number, item
        for sub_path, sub_number, sub in item_numbers(item.items, number + "."):
            yield path + sub_path, sub_number, sub


def measure_numbers(bundle: Bundle) -> dict[str, str]:
    """A measure's id → its number as printed in the plan (its place: 1, 2, 3 …)."""
    return {m.id: str(i) for i, m in enumerate(bundle.plan.measures, 1)}


def measure_number(bundle: Bundle, key: str) -> str | None:
    """The number the plan prints for the measure with id ``key``; None when there is none."""
    for i, m in enumerate(bundle.plan.measures, 1):
        if m.id == key:
            return str(i)
    return None


def appendix_number(bundle: Bundle, key: str) -> str | None:
    """The number an appendix is printed with: as written (``number``) or its place in the list."""
    number = bundle.order.appendix_number(key)
    return None if number is None else str(number)


def plan_appendix_number(bundle: Bundle) -> str | None:
    """The number of the appendix that is the plan, as printed; None when the plan is not one."""
    for app in bundle.order.appendices:
        if app.kind == "plan":
            return appendix_number(bundle, app.key)
    return None


def effective_deadlines(items: list[OrderItem]) -> Iterator[tuple[YamlPath, str, OrderItem, Deadline | None]]:
    """Order items with the deadline that applies to them: their own or their parent's."""
    stack: list[tuple[YamlPath, Deadline | None]] = []
    for path, number, item in item_numbers(items):
        while stack and stack[-1][0] != path[: len(stack[-1][0])]:
            stack.pop()
        parent = stack[-1][1] if stack else None
        own = item.deadline or parent
        stack.append((path, own))
        yield path, number, item, own


# --------------------------------------------------------------------------- people


def person_references(bundle: Bundle) -> Iterator[tuple[str, YamlPath, str]]:
    """(document, path, person key) for every place that names a person by key; in the lists
    of responsible people and co-executors (``assignment_references``) the keys of people and
    the unknown keys, not those of declared roles."""
    order, plan, reg = bundle.order, bundle.plan, bundle.regulation
    for i, member in enumerate(order.working_group):
        yield "order", ("working_group", i, "person"), member.person
    yield "order", ("signatory",) if isinstance(order.signatory, str) else ("signatory", "person"), order.signatory_key
    if order.control.person:
        yield "order", ("control", "person"), order.control.person
    if order.reporter:
        yield "order", ("reporter",), order.reporter
    for doc, approvals in (("order", order.approvals), ("plan", plan.approvals), ("regulation", reg.approvals)):
        for i, a in enumerate(approvals):
            if a.person:
                yield doc, ("approvals", i, "person"), a.person
    if order.acquaintance:
        for i, key in enumerate(order.acquaintance.people):
            yield "order", ("acquaintance", "people", i), key
    roles = declared_roles(bundle)
    for doc, path, key in assignment_references(bundle):
        if key not in roles or key in bundle.order.people:  # a key of both is the person («director»)
            yield doc, path, key


def assignment_references(bundle: Bundle) -> Iterator[tuple[str, YamlPath, str]]:
    """(document, path, key) for every key in a list of the responsible or the co-executors of
    a measure or an order item: a person or a declared role."""
    for path, _number, item in item_numbers(bundle.order.items):
        for field, keys in (("responsible", item.responsible), ("co_executors", item.co_executors)):
            for j, key in enumerate(keys):
                yield "order", path + (field, j), key
    for i, m in enumerate(bundle.plan.measures):
        for field, keys in (("responsible", m.responsible), ("co_executors", m.co_executors)):
            for j, key in enumerate(keys):
                yield "plan", ("measures", i, field, j), key
    for role_key, role in bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            for k, key in enumerate(duty.responsible):
                yield "regulation", ("roles", role_key, "duties", j, "responsible", k), key


def short_name(bundle: Bundle, key: str) -> str:
    """«Рыженко Е.Н.» for a person key; the key itself when nobody has it."""
    person = bundle.order.people.get(key)
    return person.short_name if person else key


# --------------------------------------------------------------------------- roles


@dataclass(frozen=True)
class RoleInfo:
    """A role as the assignments see it: declared in the regulation (with duties) or in the
    order's ``roles`` (without duties).  A collective role may have no named holder at all."""

    key: str
    title: str
    collective: bool
    document: str  # "regulation" or "order": where it is declared
    plan_title: str | None = None  # as a plan's cell prints it («классные руководители»)
    holder_title: str | None = None  # one holder in a person's agenda («член комиссии»)

    @property
    def agenda_title(self) -> str:
        """How a person's agenda says they have the work: «как член комиссии», else the title."""
        return self.holder_title or self.lower_title

    @property
    def cell_title(self) -> str:
        """The role in a cell of a plan or a cyclogram: its ``plan_title`` or its title."""
        return self.plan_title or self.title

    @property
    def lower_title(self) -> str:
        """The title inside a sentence: «классные руководители 1–11 классов»; an abbreviation
        at the start («ИКТ-специалист») keeps its capitals."""
        t = self.title
        return t[:1].lower() + t[1:] if len(t) > 1 and t[1].islower() else t


def declared_roles(bundle: Bundle) -> dict[str, RoleInfo]:
    """Every declared role by key: the regulation's first, then the order's own."""
    # a heading's colon («Администратор ЭЖ:») is not part of the role's name in messages and cells
    out = {
        k: RoleInfo(k, r.title.rstrip(":"), r.collective, "regulation", r.plan_title, r.holder_title)
        for k, r in bundle.regulation.roles.items()
    }
    for k, r in bundle.order.roles.items():
        out.setdefault(k, RoleInfo(k, r.title.rstrip(":"), r.collective, "order", r.plan_title, r.holder_title))
    return out


def assignee_name(bundle: Bundle, key: str, roles: dict[str, RoleInfo] | None = None) -> str:
    """How a list of the responsible prints a key: a person's «Рыженко Е.Н.», a role's title
    («Классные руководители 1–11 классов»); an unknown key as itself."""
    roles = declared_roles(bundle) if roles is None else roles
    if key in bundle.order.people or key not in roles:
        return short_name(bundle, key)
    return roles[key].title


def assigned_as(bundle: Bundle, person: str, keys: list[str], roles: dict[str, RoleInfo] | None = None) -> list[RoleInfo] | None:
    """How ``person`` is among ``keys`` (the responsible of a measure or an item): named
    ([]), through the roles they hold (those roles), or not at all (None)."""
    if person in keys:
        return []
    roles = declared_roles(bundle) if roles is None else roles
    p = bundle.order.people.get(person)
    held = [roles[k] for k in keys if k in roles and p is not None and k in p.roles and k not in bundle.order.people]
    return held or None


def appointed_by_order(bundle: Bundle) -> set[str]:
    """People the order itself makes responsible: named in an item's responsible or
    co-executors («Назначить … ответственным за …»)."""
    people = bundle.order.people
    return {key for doc, _path, key in assignment_references(bundle) if doc == "order" and key in people}


def role_holders(bundle: Bundle, role: str) -> list[str]:
    """The keys of the people who hold a role, in the order of ``people``."""
    return [key for key, p in bundle.order.people.items() if role in p.roles]


def roles_of(bundle: Bundle, person: str) -> list[tuple[str, Role]]:
    """The regulation's roles a person holds, as (key, role)."""
    p = bundle.order.people.get(person)
    roles = bundle.regulation.roles
    return [(r, roles[r]) for r in (p.roles if p else []) if r in roles]


# --------------------------------------------------------------------------- measures


# --------------------------------------------------------------------------- regulation


def regulation_start(bundle: Bundle) -> dt.date:
    """When the regulation's duties start to count: its own start, or the order's date."""
    return bundle.regulation.period.from_ or bundle.order.document.date


def regulation_in_force(bundle: Bundle, today: dt.date) -> bool:
    until = bundle.regulation.period.until
    return until is None or today <= until


def add_working_days(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` by the school's production calendar."""
    from elzhur_rollout.core.workcal import plus_days  # lazy: only this command needs it; keeps the start-up of the others light

    for _ in range(n):
        day = plus_days(day, 1)
        limit = plus_days(day, 60)
        while not cal.is_working(day) and day < limit:
            day = plus_days(day, 1)
    return day


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _add_years(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # the 29th of February
        return day.replace(year=day.year + n, day=28)


def nth_weekday(year: int, month: int, weekday: str, week: int) -> dt.date:
    """The ``week``-th ``weekday`` of a month (``week`` −1: the last one; a fifth that the month
    lacks: the last one)."""

    wd = _WEEKDAYS.index(weekday)
    last_day = calendar.monthrange(year, month)[1]
    days = [dt.date(year, month, d) for d in range(1, last_day + 1) if dt.date(year, month, d).weekday() == wd]
    return days[-1] if week == -1 or week > len(days) else days[week - 1]


def _next_month(day: dt.date) -> tuple[int, int]:
    return (day.year + day.month // 12, day.month % 12 + 1)


def monthly_weekday_due(r: Recurrence, start: dt.date, last: dt.date | None) -> dt.date:
    """«в последнюю пятницу месяца»: the first such day on or after the start; after an
    execution, the one of the next month (an execution up to a week early counts for the
    month's own day)."""
    assert r.weekday is not None and r.week is not None
    if last is None:
        own = nth_weekday(start.year, start.month, r.weekday, r.week)
        return own if own >= start else nth_weekday(*_next_month(start), r.weekday, r.week)
    own = nth_weekday(last.year, last.month, r.weekday, r.week)
    if last < own - dt.timedelta(days=7):
        return own
    return nth_weekday(*_next_month(last), r.weekday, r.week)


def quarterly_due(due_day: int, start: dt.date, last: dt.date | None) -> dt.date:
    """«ежеквартально до 5 числа месяца, следующего за отчётным»: the ``due_day`` of January,
    April, July or October after the start; after an execution, the one after the quarter it
    reported on (an execution counts for the report due within the month after it)."""
    after = start if last is None else last + dt.timedelta(days=31)
    year = after.year
    while True:
        for month in (1, 4, 7, 10):
            candidate = day_in_month(dt.date(year, month, 1), due_day)
            if candidate > after or (last is None and candidate == after):
                return candidate
        year += 1


def reported_quarter(due: dt.date) -> tuple[int, int]:
    """(year, quarter 1–4) a report due in the month after a quarter is for: due in January
    2025 — the IV quarter of 2024."""
    quarter = (due.month - 1) // 3
    return (due.year, quarter) if quarter else (due.year - 1, 4)


def within_period_due(periods: list[SchoolPeriod], start: dt.date, last: dt.date | None) -> dt.date | None:
    """«не реже одного раза в учебный период»: done any day within each period, so due at the
    end of the first period not yet covered (the one the start falls in, or after the last
    execution's period)."""
    for p in periods:
        if (last is None and p.to >= start) or (last is not None and p.from_ > last):
            return p.to
    return None


def in_holidays(day: dt.date, holidays: list[tuple[dt.date, dt.date]]) -> bool:
    return any(a <= day <= b for a, b in holidays)


def next_school_day(cal: WorkCalendar, day: dt.date, holidays: list[tuple[dt.date, dt.date]]) -> dt.date:
    """The first working day after ``day`` that is not in the school holidays."""
    day = add_working_days(cal, day, 1)
    for _ in range(400):
        if not in_holidays(day, holidays):
            break
        day = add_working_days(cal, day, 1)
    return day


NEVER_DUE = ("on_demand", "constantly", "school_year", "after_event")


def duty_due(
    duty: Duty,
    start: dt.date,
    cal: WorkCalendar | None = None,
    periods: list[SchoolPeriod] | None = None,
    holidays: list[tuple[dt.date, dt.date]] | None = None,
) -> dt.date | None:
    """The date by which a recurring duty must next be done; None for non-recurring duties
    and for a duty by the school's periods after the last of them.

    Counted from the last execution, or from ``start`` (the regulation's start) before the first:
    daily — the next working day of the production calendar (``cal``); weekly — seven days on
    (a weekly duty done on Friday is due the next Friday); on a weekday — seven days after the
    such weekday nearest to the execution (done on Thursday for Friday: the Friday after);
    every N weeks — 7·N days on; by the N-th of each month (the last day of a shorter month) — the
    next N-th on or after the start,
    then the N-th of the month after the last execution; yearly — a year on; at the end of each
    period (``every: term``) — the end of the first period not yet closed, plus ``working_days``."""
    r = duty.recurs
    if r is None or any(getattr(r, k) for k in NEVER_DUE):  # «постоянно», «в течение учебного года»: never overdue
        return None
    last = duty.last_done
    base = last or start
    try:
        if r.every == "month" and r.week is not None:
            return monthly_weekday_due(r, start, last)
        if r.every == "quarter":
            return quarterly_due(r.due_day or 1, start, last) if r.due_day else base + dt.timedelta(days=92)
        if r.every == "term" and r.within:
            return within_period_due(periods or [], start, last)
        if r.every == "day" and r.skip_holidays and cal is not None:
            return next_school_day(cal, base, holidays or [])
        if r.day_of_month is not None:
            if last is None and base.day <= day_in_month(base, r.day_of_month).day:
                return day_in_month(base, r.day_of_month)
            following = dt.date(base.year + base.month // 12, base.month % 12 + 1, 1)
            return day_in_month(following, r.day_of_month)
        if r.every == "term":
            for p in periods or []:
                if (last is None and p.to >= start) or (last is not None and p.to > last):
                    return add_working_days(cal, p.to, r.working_days) if cal and r.working_days else p.to
            return None
        if r.every == "day" and cal is not None:
            return add_working_days(cal, base, 1)
        if r.every == "week" and r.weekday is not None:
            ahead = (_WEEKDAYS.index(r.weekday) - base.weekday()) % 7
            if last is None:  # the first such weekday after the start
                return base + dt.timedelta(days=ahead or 7)
            # an execution counts for the nearest such weekday (done on Thursday or on Saturday:
            # for Friday); the next is due 7·N days after that one
            covered = last + dt.timedelta(days=ahead if ahead <= 3 else ahead - 7)
            return covered + dt.timedelta(days=7 * (r.interval or 1))
        if r.every == "year":
            return _add_years(base, 1)
        return base + dt.timedelta(days=r.period_days or 0)
    except (OverflowError, ValueError):  # past 9999-12-31: not due within the calendar
        return dt.date.max


def day_in_month(month: dt.date, day: int) -> dt.date:
    """The ``day``-th of the month of ``month``; the month's last day when it is shorter
    («до 30 числа» in February: the 28th or the 29th)."""

    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


def school_holidays(bundle: Bundle) -> list[tuple[dt.date, dt.date]]:
    """The school holidays (каникулы) of the regulation's ``school_year``, as (from, to)."""
    year = bundle.regulation.school_year
    return [(h.from_, h.to) for h in year.holidays] if year else []


def school_periods(bundle: Bundle) -> list[SchoolPeriod]:
    """The school's quarters or trimesters, from the regulation's ``school_year``."""
    year = bundle.regulation.school_year
    return list(year.periods) if year else []


def deadline_references(bundle: Bundle) -> Iterator[tuple[str, YamlPath, Deadline]]:
    """(document, path to the deadline, deadline) for every deadline of the plan and the order."""
    for i, m in enumerate(bundle.plan.measures):
        yield "plan", ("measures", i, "deadline"), m.deadline
    for path, _number, item in item_numbers(bundle.order.items):
        if item.deadline is not None:
            yield "order", path + ("deadline",), item.deadline


def resolve_periods(bundle: Bundle) -> list[tuple[str, YamlPath, str]]:
    """Fill in the end of the named period (``end_of``), of the school year (``school_year:
    true``) and of N working days (``working_days``, by the school's production calendar) on
    every deadline; (document, path, name) of the unknown period names."""
    periods = {p.name: p.to for p in school_periods(bundle)}
    year_end = max(periods.values()) if periods else None
    unknown = []
    cal = None
    for doc, path, d in deadline_references(bundle):
        end: dt.date | None = None
        if d.end_of is not None:
            end = periods.get(d.end_of)
            if end is None:
                unknown.append((doc, path + ("end_of",), d.end_of))
        elif d.school_year:
            end = year_end
        if d.working_days and (end is not None or d.since is not None):
            if cal is None:
                cal = school_calendar(bundle)
            if end is not None:  # N working days after the end of the period
                end = add_working_days(cal, end, d.working_days)
            elif d.since is not None:  # N working days from ``since`` on, that day counting
                end = add_working_days(cal, d.since - dt.timedelta(days=1), d.working_days)
        d._period_end = end
    return unknown


@dataclass(frozen=True)
class DutyTerm:
    """A recurring duty of a role with its next due date on a day."""

    role_key: str
    role: Role
    index: int
    duty: Duty
    due: dt.date
    overdue: bool
    # where a duty stated outside a role's list stands (an order item, a paragraph, a row)
    document: str = "regulation"
    path: YamlPath | None = None


@dataclass(frozen=True)
class TrackedDuty:
    """A recurring duty stated outside a role's list of duties — in an order item, a paragraph
    of the regulation or a row of a cyclogram: tracked like a role's duty, printed as written."""

    document: str
    path: YamlPath  # to the mapping that holds ``recurs`` and ``last_done``
    label: str  # «Пункт 4 приказа», «Пункт 6 регламента», «Строка 1 графика»
    duty: Duty


def tracked_duties(bundle: Bundle) -> list[TrackedDuty]:
    """Every recurring duty written outside a role's list (``recurs`` on an order item, a
    regulation clause or section clause, a cyclogram row), as a Duty of its responsible."""
    from elzhur_rollout.core.models import Duty  # lazy: only this command needs it; keeps the start-up of the others light

    def as_duty(text: str, node: OrderItem | Clause | SectionClause | ScheduleRow, responsible: list[str]) -> Duty:
        return Duty(text=text, recurs=node.recurs, last_done=node.last_done, last_event=node.last_event, responsible=responsible)

    out: list[TrackedDuty] = []
    for path, number, item in item_numbers(bundle.order.items):
        if item.recurs is not None:
            out.append(TrackedDuty("order", path, f"Пункт {number} приказа", as_duty(item.text, item, list(item.responsible))))
    reg = bundle.regulation
    for i, c in enumerate(reg.clauses, 1):
        if c.recurs is not None and c.text:
            out.append(
                TrackedDuty("regulation", ("clauses", i - 1), f"Пункт {i} регламента", as_duty(c.text, c, list(c.responsible)))
            )
    for i, section in enumerate(reg.sections, 1):
        prefix = (section.label or f"{i}.").rstrip(".")
        for j, sc in enumerate(section.clauses, 1):
            if sc.recurs is not None:
                label = (sc.label or f"{prefix}.{j}.").rstrip(".")
                where = ("sections", i - 1, "clauses", j - 1)
                out.append(
                    TrackedDuty("regulation", where, f"Пункт {label} регламента", as_duty(sc.text, sc, list(sc.responsible)))
                )
    for k, app in enumerate(bundle.order.appendices):
        for n, row in enumerate(app.rows, 1):
            if row.recurs is not None:
                label = f"Строка {n} приложения {app.key}"
                out.append(TrackedDuty("order", ("appendices", k, "rows", n - 1), label, as_duty(row.task, row, [row.role])))
    return out


def duty_terms(bundle: Bundle, today: dt.date, roles: list[tuple[str, Role]] | None = None) -> list[DutyTerm]:
    """The recurring duties (of all roles, or of ``roles``) with their due dates on ``today``;
    none while the regulation is not in force."""
    if not regulation_in_force(bundle, today):
        return []
    from elzhur_rollout.core.models import Role  # lazy: only this command needs it; keeps the start-up of the others light

    start = regulation_start(bundle)
    periods = school_periods(bundle)
    holidays = school_holidays(bundle)
    cal = None
    out = []
    listed: list[tuple[str, Role, int, Duty, str, YamlPath | None]] = [
        (role_key, role, j, duty, "regulation", None)
        for role_key, role in (roles if roles is not None else list(bundle.regulation.roles.items()))
        for j, duty in enumerate(role.duties)
    ]
    if roles is None:
        listed += [
            (t.duty.responsible[0] if t.duty.responsible else "", Role(title=t.label), 0, t.duty, t.document, t.path)
            for t in tracked_duties(bundle)
        ]
    for role_key, role, j, duty, document, path in listed:
        r = duty.recurs
        if cal is None and r is not None and (r.every == "day" or r.working_days):
            cal = school_calendar(bundle)
        due = duty_due(duty, start, cal, periods, holidays)
        if due is not None:
            out.append(DutyTerm(role_key, role, j, duty, due, due < today, document, path))
    return out


# --------------------------------------------------------------------------- the platform

# What the tool says when the order has no ``platform:`` section.
GENERIC_PLATFORM = "электронный журнал"
GENERIC_PLATFORM_GENITIVE = "электронного журнала"


def platform_name(bundle: Bundle) -> str:
    """The electronic journal a school moves to, as the order's ``platform:`` section names it
    («Сетевой город. Образование», «Дневник.ру»); «электронный журнал» when it has none."""
    platform = bundle.order.platform
    return platform.name if platform else GENERIC_PLATFORM


def platform_genitive(bundle: Bundle) -> str:
    """«(ход внедрения) Дневника.ру»: the genitive from ``platform.forms.gent``; without it the
    name stays as written, in quotes after «электронного журнала» (no dictionaries at start-up)."""
    platform = bundle.order.platform
    if platform is None:
        return GENERIC_PLATFORM_GENITIVE
    return platform.forms.get("gent") or f"{GENERIC_PLATFORM_GENITIVE} «{platform.name}»"
