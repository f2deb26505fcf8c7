"""The domain core: facts derived from the three documents, once for everyone.

Checks, the status view, rendering, the diff and the edits all ask this module how order
items are numbered, which deadline applies to an item, who is named where, when the
regulation is in force, when a recurring duty is next due, and where a measure stands on
a given day.  "Overdue" and "due soon" are decided here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .values import MeasureState, MeasureStatus

if TYPE_CHECKING:
    from .loading import Bundle
    from .models import Deadline, Duty, Measure, OrderItem, Role

DEFAULT_HORIZON = 7  # days before a deadline from which it counts as "due soon"

YamlPath = tuple[Any, ...]


# --------------------------------------------------------------------------- order items


def item_numbers(items: list[OrderItem], prefix: str = "") -> Iterator[tuple[YamlPath, str, OrderItem]]:
    """(YAML path, printed number, item) for every order item, depth first: 1, 2, 3, 3.1, 3.2 …"""
    for i, item in enumerate(items):
        number = f"{prefix}{i + 1}"
        path: YamlPath = ("items", i)
        yield path, number, item
        for sub_path, sub_number, sub in item_numbers(item.items, number + "."):
            yield path + sub_path, sub_number, sub


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
    """(document, path, person key) for every place that names a person by key."""
    order, plan, reg = bundle.order, bundle.plan, bundle.regulation
    for i, member in enumerate(order.working_group):
        yield "order", ("working_group", i, "person"), member.person
    yield "order", ("signatory",), order.signatory
    if order.control.person:
        yield "order", ("control", "person"), order.control.person
    for doc, approvals in (("order", order.approvals), ("plan", plan.approvals), ("regulation", reg.approvals)):
        for i, a in enumerate(approvals):
            if a.person:
                yield doc, ("approvals", i, "person"), a.person
    for i, m in enumerate(plan.measures):
        for field, keys in (("responsible", m.responsible), ("co_executors", m.co_executors)):
            for j, key in enumerate(keys):
                yield "plan", ("measures", i, field, j), key


def short_name(bundle: Bundle, key: str) -> str:
    """«Рыженко Е.Н.» for a person key; the key itself when nobody has it."""
    person = bundle.order.people.get(key)
    return person.short_name if person else key


def role_holders(bundle: Bundle, role: str) -> list[str]:
    """The keys of the people who hold a role, in the order of ``people``."""
    return [key for key, p in bundle.order.people.items() if role in p.roles]


def roles_of(bundle: Bundle, person: str) -> list[tuple[str, Role]]:
    """The regulation's roles a person holds, as (key, role)."""
    p = bundle.order.people.get(person)
    roles = bundle.regulation.roles
    return [(r, roles[r]) for r in (p.roles if p else []) if r in roles]


# --------------------------------------------------------------------------- measures


def measure_state(measure: Measure, today: dt.date, horizon: int = DEFAULT_HORIZON) -> MeasureState:
    """Where a measure stands on ``today``: done, cancelled, overdue, due soon or open."""
    if measure.status is MeasureStatus.DONE:
        return MeasureState.DONE
    if measure.status is MeasureStatus.CANCELLED:
        return MeasureState.CANCELLED
    due = measure.deadline.due
    if due is not None and due < today:
        return MeasureState.OVERDUE
    if due is not None and (due - today).days <= horizon:
        return MeasureState.SOON
    return MeasureState.OPEN


def days_overdue(due: dt.date, today: dt.date) -> int:
    return (today - due).days


def measure_start(bundle: Bundle, measure: Measure) -> dt.date:
    """When the work on a measure begins: the first day of its (first) month, or, for a
    deadline without a month («до 15.06.2020», «еженедельно»), the order's date."""
    return measure.deadline.start or bundle.order.document.date


# --------------------------------------------------------------------------- data updates (order item 3.2)


def update_age(last_update: dt.date, today: dt.date) -> int:
    """Days since the last recorded update of the data."""
    return (today - last_update).days


def update_fresh(last_update: dt.date | None, within_days: int, today: dt.date) -> bool:
    """Whether the data were updated within the allowed number of days (never updated: no)."""
    return last_update is not None and update_age(last_update, today) <= within_days


# --------------------------------------------------------------------------- regulation


def regulation_start(bundle: Bundle) -> dt.date:
    """When the regulation's duties start to count: its own start, or the order's date."""
    return bundle.regulation.period.from_ or bundle.order.document.date


def regulation_in_force(bundle: Bundle, today: dt.date) -> bool:
    until = bundle.regulation.period.until
    return until is None or today <= until


def duty_due(duty: Duty, start: dt.date) -> dt.date | None:
    """The date by which a recurring duty must next be done; None for non-recurring duties."""
    r = duty.recurs
    if r is None or r.on_demand:
        return None
    last = duty.last_done or start
    try:
        if r.day_of_month is not None:
            # due on the N-th of the month following the last execution
            following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
            return following.replace(day=min(r.day_of_month, 28))
        return last + dt.timedelta(days=r.period_days or 0)
    except (OverflowError, ValueError):  # past 9999-12-31: not due within the calendar
        return dt.date.max


@dataclass(frozen=True)
class DutyTerm:
    """A recurring duty of a role with its next due date on a day."""

    role_key: str
    role: Role
    index: int
    duty: Duty
    due: dt.date
    overdue: bool


def duty_terms(bundle: Bundle, today: dt.date, roles: list[tuple[str, Role]] | None = None) -> list[DutyTerm]:
    """The recurring duties (of all roles, or of ``roles``) with their due dates on ``today``;
    none while the regulation is not in force."""
    if not regulation_in_force(bundle, today):
        return []
    start = regulation_start(bundle)
    out = []
    for role_key, role in roles if roles is not None else list(bundle.regulation.roles.items()):
        for j, duty in enumerate(role.duties):
            due = duty_due(duty, start)
            if due is not None:
                out.append(DutyTerm(role_key, role, j, duty, due, due < today))
    return out
