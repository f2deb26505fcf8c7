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
    from elzhur_rollout.core.models import Deadline, OrderItem, Role, SchoolPeriod
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

    @property
    def lower_title(self) -> str:
        """The title inside a sentence: «классные руководители 1–11 классов»; an abbreviation
        at the start («ИКТ-специалист») keeps its capitals."""
        t = self.title
        return t[:1].lower() + t[1:] if len(t) > 1 and t[1].islower() else t


def declared_roles(bundle: Bundle) -> dict[str, RoleInfo]:
    """Every declared role by key: the regulation's first, then the order's own."""
    out = {k: RoleInfo(k, r.title, r.collective, "regulation") for k, r in bundle.regulation.roles.items()}
    for k, r in bundle.order.roles.items():
        out.setdefault(k, RoleInfo(k, r.title, r.collective, "order"))
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
    for _ in range(n):
        day += dt.timedelta(days=1)
        limit = day + dt.timedelta(days=60)
        while not cal.is_working(day) and day < limit:
            day += dt.timedelta(days=1)
    return day


def day_in_month(month: dt.date, day: int) -> dt.date:
    """The ``day``-th of the month of ``month``; the month's last day when it is shorter
    («до 30 числа» in February: the 28th or the 29th)."""

    return month.replace(day=min(day, calendar.monthrange(month.year, month.month)[1]))


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
