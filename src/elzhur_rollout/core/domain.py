"""The domain core: facts derived from the three documents, once for everyone.

Checks, the views, rendering, the diff and the edits ask this module how order items,
measures and appendices are numbered as printed, which deadline applies to an item, who is
named where and who holds a role, when the regulation starts, and how working days are
counted.  What is owed, when and in which state on a given day is the agenda's
(``core.agenda``), built on these.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.workcal import school_calendar

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.models import (
        Case,
        Clause,
        Deadline,
        Duty,
        OrderItem,
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


def role_name(title: str) -> str:
    """A role's title without the colon of a heading («Учитель-предметник:» → «Учитель-предметник»),
    with the capitals the source gives it: how messages, cells and lists name the role (the
    heading itself prints the title as written)."""
    return title.rstrip(":")


def in_sentence(text: str) -> str:
    """A title inside a sentence: the first letter lower-cased («классные руководители 1–11
    классов», «администратор ЭЖ», «и.о. директора»), unless the first word is an abbreviation,
    which keeps its capitals («ИКТ-специалист», «ГИС «Электронная школа»»)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


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
    # the title inside a sentence by case, as written in the YAML where the derived form is wrong
    title_forms: Mapping[Case, str] = dataclasses.field(default_factory=dict, hash=False, compare=False)

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
        """The title inside a sentence (:func:`in_sentence`)."""
        return in_sentence(self.title)


def declared_roles(bundle: Bundle) -> dict[str, RoleInfo]:
    """Every declared role by key: the regulation's first, then the order's own."""
    out = {
        k: RoleInfo(k, role_name(r.title), r.collective, "regulation", r.plan_title, r.holder_title, r.title_forms)
        for k, r in bundle.regulation.roles.items()
    }
    for k, r in bundle.order.roles.items():
        out.setdefault(k, RoleInfo(k, role_name(r.title), r.collective, "order", r.plan_title, r.holder_title, r.title_forms))
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


def add_working_days(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``day`` by the school's production calendar."""
    from elzhur_rollout.core.workcal import plus_days  # lazy: only this command needs it; keeps the start-up of the others light

    for _ in range(n):
        day = plus_days(day, 1)
        limit = plus_days(day, 60)
        while not cal.is_working(day) and day < limit:
            day = plus_days(day, 1)
    return day


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as the data writes them, Monday first


def nth_weekday(year: int, month: int, weekday: str, week: int) -> dt.date:
    """The ``week``-th ``weekday`` of a month (``week`` −1: the last one; a fifth that the month
    lacks: the last one)."""

    wd = WEEKDAYS.index(weekday)
    last_day = calendar.monthrange(year, month)[1]
    days = [dt.date(year, month, d) for d in range(1, last_day + 1) if dt.date(year, month, d).weekday() == wd]
    return days[-1] if week == -1 or week > len(days) else days[week - 1]


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
class TrackedDuty:
    """A recurring duty stated outside a role's list of duties — in an order item, a paragraph
    of the regulation or a row of a cyclogram: tracked like a role's duty, printed as written."""

    document: str
    path: YamlPath  # to the mapping that holds ``recurs`` and ``last_done``
    label: str  # «Пункт 4 приказа», «Пункт 6 регламента», «Строка 1 графика»
    duty: Duty
    number: str | None = None  # an item's or a paragraph's number («4», «3.1»); a row has none

    @property
    def address(self) -> str | None:
        """How ``rollout duty-done`` and ``rollout event`` name it: «приказ 4», «регламент 3.1»;
        None for a row of an appendix."""
        if self.number is None:
            return None
        word = next(w for w, d in DUTY_DOCUMENTS.items() if d == self.document)
        return f"{word} {self.number}"


# the word that names the document of a duty written outside a role (rollout duty-done приказ 4)
DUTY_DOCUMENTS = {"приказ": "order", "регламент": "regulation"}


def tracked_duties(bundle: Bundle) -> list[TrackedDuty]:
    """Every recurring duty written outside a role's list (``recurs`` on an order item, a
    regulation clause or section clause, a cyclogram row), as a Duty of its responsible."""
    from elzhur_rollout.core.models import Duty  # lazy: only this command needs it; keeps the start-up of the others light

    def as_duty(text: str, node: OrderItem | Clause | SectionClause | ScheduleRow, responsible: list[str]) -> Duty:
        return Duty(text=text, recurs=node.recurs, last_done=node.last_done, last_event=node.last_event, responsible=responsible)

    out: list[TrackedDuty] = []
    for path, number, item in item_numbers(bundle.order.items):
        if item.recurs is not None:
            duty = as_duty(item.text, item, list(item.responsible))
            out.append(TrackedDuty("order", path, f"Пункт {number} приказа", duty, number))
    reg = bundle.regulation
    for i, c in enumerate(reg.clauses, 1):
        if c.recurs is not None and c.text:
            out.append(
                TrackedDuty(
                    "regulation", ("clauses", i - 1), f"Пункт {i} регламента", as_duty(c.text, c, list(c.responsible)), str(i)
                )
            )
    for i, section in enumerate(reg.sections, 1):
        prefix = (section.label or f"{i}.").rstrip(".")
        for j, sc in enumerate(section.clauses, 1):
            if sc.recurs is not None:
                label = (sc.label or f"{prefix}.{j}.").rstrip(".")
                where = ("sections", i - 1, "clauses", j - 1)
                out.append(
                    TrackedDuty(
                        "regulation", where, f"Пункт {label} регламента", as_duty(sc.text, sc, list(sc.responsible)), label
                    )
                )
    for k, app in enumerate(bundle.order.appendices):
        for n, row in enumerate(app.rows, 1):
            if row.recurs is not None:
                label = f"Строка {n} приложения {app.key}"
                out.append(TrackedDuty("order", ("appendices", k, "rows", n - 1), label, as_duty(row.task, row, [row.role])))
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
