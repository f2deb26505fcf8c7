"""Where the rollout stands on a given day: a pure summary of the documents, ready to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import (
    DEFAULT_HORIZON,
    assigned_as,
    assignee_name,
    declared_roles,
    duty_terms_of,
    effective_deadlines,
    item_state,
    measure_state,
    platform_genitive,
    role_holders,
    roles_of,
)
from elzhur_rollout.core.values import MeasureState, MeasureStatus
from elzhur_rollout.documents.wording import plain_text
from elzhur_rollout.errors import UsageError
from elzhur_rollout.lang import vocabulary as ru


@dataclass
class MeasureRow:
    id: str
    text: str
    deadline: str
    due: dt.date | None
    responsible: list[str]
    responsible_keys: list[str]
    status: MeasureStatus
    status_text: str
    state: MeasureState

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 70 else self.text[:69].rstrip() + "…"


@dataclass
class ItemRow:
    """An order item assigned to people or roles (``responsible``) while it has a deadline."""

    number: str
    text: str
    deadline: str
    due: dt.date | None
    responsible_keys: list[str]
    state: MeasureState

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 70 else self.text[:69].rstrip() + "…"


@dataclass
class DataEntryRow:
    label: str
    entered: int
    total: int | None
    due: dt.date | None


@dataclass
class DutyRow:
    role: str
    text: str
    recurrence: str
    last_done: dt.date | None
    due: dt.date
    overdue: bool
    as_role: str | None = None  # «классные руководители 1–11 классов» when the agenda names the role


@dataclass
class AckRow:
    """Someone who must sign the acquaintance sheet of the signed order and has not yet."""

    key: str
    name: str
    since: dt.date
    due: dt.date
    overdue: bool


@dataclass
class PersonAgenda:
    key: str
    name: str
    position: str
    measures: list[MeasureRow] = field(default_factory=list)
    duties: list[DutyRow] = field(default_factory=list)
    # measure id → the titles of the roles through which the measure is this person's
    # («классные руководители 1–11 классов»); absent when the person is named
    as_roles: dict[str, list[str]] = field(default_factory=dict)
    items: list[ItemRow] = field(default_factory=list)  # order items assigned by «responsible»
    item_roles: dict[str, list[str]] = field(default_factory=dict)  # item number → as_roles


@dataclass
class StatusReport:
    today: dt.date
    school: str
    measures: list[MeasureRow]
    data_entry: list[DataEntryRow]
    last_update: dt.date | None
    update_within_days: int | None
    next_deadlines: list[MeasureRow]
    people: list[PersonAgenda]
    platform: str = "электронного журнала"  # in the genitive: «ход внедрения электронного журнала»
    roles: list[PersonAgenda] = field(default_factory=list)  # roles with no named holder
    not_acquainted: list[AckRow] = field(default_factory=list)  # the sheet's missing signatures

    @property
    def done(self) -> int:
        return sum(m.state is MeasureState.DONE for m in self.measures)

    @property
    def counted(self) -> int:
        """Measures that count towards progress: cancelled ones do not."""
        return sum(m.state is not MeasureState.CANCELLED for m in self.measures)

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["done"], out["counted"] = self.done, self.counted
        return out


_URGENCY = {MeasureState.OVERDUE: 0, MeasureState.SOON: 1, MeasureState.OPEN: 2}
_PENDING = (MeasureState.OVERDUE, MeasureState.SOON, MeasureState.OPEN)


def build_status(bundle: Bundle, today: dt.date, person: str | None = None, horizon: int = DEFAULT_HORIZON) -> StatusReport:
    """The status on ``today``; with ``person``, only that person's agenda, or that role's
    when ``person`` is the key of a role nobody is named for (UsageError for an unknown key)."""
    order, plan = bundle.order, bundle.plan
    people = order.people
    roles = declared_roles(bundle)
    unheld = {k: r for k, r in roles.items() if k not in people and not role_holders(bundle, k)}
    if person is not None and person not in people and person not in roles:
        raise UsageError(
            f"сотрудника «{person}» нет в order.yaml (people); известны: {', '.join(people)}"
            + (f"; роли без исполнителей: {', '.join(unheld)}" if unheld else "")
        )
    shown_roles = dict(unheld)
    if person is not None and person in roles and person not in people:
        shown_roles = {person: roles[person]}

    rows = [
        MeasureRow(
            id=m.id,
            text=plain_text(bundle, m.text),
            deadline=ru.deadline_text(m.deadline),
            due=m.deadline.due,
            responsible=[assignee_name(bundle, k, roles) for k in m.responsible],
            responsible_keys=list(m.responsible),
            status=m.status,
            status_text=ru.STATUS_RU[m.status],
            state=measure_state(m, today, horizon),
        )
        for m in plan.measures
    ]
    data_entry: list[DataEntryRow] = []
    last_update, within = None, None
    items: list[ItemRow] = []
    for _path, number, item, deadline in effective_deadlines(order.items):
        state = item_state(item, deadline, today, horizon) if item.responsible else None
        if deadline is not None and state in _PENDING:
            assert state is not None
            items.append(
                ItemRow(
                    number, plain_text(bundle, item.text), ru.deadline_text(deadline), deadline.due, list(item.responsible), state
                )
            )
        for cat in item.data_entry:
            label = ru.CATEGORY_RU.get(cat.category, cat.text)
            data_entry.append(DataEntryRow(label, cat.entered, cat.total, deadline.due if deadline else None))
        if item.updates:
            last_update, within = item.updates.last_update, item.updates.within_days

    # by deadline, then in the plan's own order (ids are text: "10" must not come before "2")
    position = {id(r): i for i, r in enumerate(rows)}
    upcoming = sorted(
        (r for r in rows if r.state in (MeasureState.OPEN, MeasureState.SOON) and r.due), key=lambda r: (r.due, position[id(r)])
    )

    agendas: list[PersonAgenda] = []
    for key, p in people.items():
        if person is not None and key != person:
            continue
        agenda = PersonAgenda(key, p.short_name, p.position)
        mine = []
        through = {k for k in p.roles if k in roles and k not in people}  # the roles that make a measure theirs
        for r in rows:
            if r.state not in _PENDING:
                continue
            if key in r.responsible_keys:
                mine.append(r)
            elif through and not through.isdisjoint(r.responsible_keys):
                mine.append(r)
                agenda.as_roles[r.id] = [roles[k].agenda_title for k in r.responsible_keys if k in through]
        agenda.measures = sorted(mine, key=lambda r: (r.due or dt.date.max, _URGENCY[r.state]))
        for row in items:
            how = assigned_as(bundle, key, row.responsible_keys, roles)
            if how is not None:
                agenda.items.append(row)
                if how:
                    agenda.item_roles[row.number] = [role.agenda_title for role in how]
        with_duties = sum(1 for _k, role in roles_of(bundle, key) if role.duties)
        for term, how in duty_terms_of(bundle, today, key):
            duty = term.duty
            assert duty.recurs is not None  # duty_terms yields recurring duties only
            shown = [r for r in how if r.collective or with_duties > 1 or duty.responsible]
            as_role = ", ".join(r.agenda_title for r in shown) or None
            agenda.duties.append(
                DutyRow(
                    term.role.title.rstrip(":"),
                    plain_text(bundle, duty.text),
                    ru.recurrence_text(duty.recurs),
                    duty.last_done,
                    term.due,
                    term.overdue,
                    as_role,
                )
            )
        agendas.append(agenda)

    role_agendas: list[PersonAgenda] = []
    for key, info in shown_roles.items():
        if person is not None and key != person:
            continue
        kind = "коллективная роль" if info.collective else "роль"
        holders = ", ".join(people[h].short_name for h in role_holders(bundle, key))
        agenda = PersonAgenda(
            key, info.title, f"{kind}, " + (f"исполнители: {holders}" if holders else "исполнители поимённо не названы")
        )
        mine = [r for r in rows if key in r.responsible_keys and r.state in _PENDING]
        agenda.measures = sorted(mine, key=lambda r: (r.due or dt.date.max, _URGENCY[r.state]))
        agenda.items = [row for row in items if key in row.responsible_keys]
        for term, _how in duty_terms_of(bundle, today, key):
            assert term.duty.recurs is not None
            agenda.duties.append(
                DutyRow(
                    term.role.title.rstrip(":"),
                    plain_text(bundle, term.duty.text),
                    ru.recurrence_text(term.duty.recurs),
                    term.duty.last_done,
                    term.due,
                    term.overdue,
                )
            )
        if agenda.measures or agenda.items or agenda.duties or key == person:
            role_agendas.append(agenda)

    from elzhur_rollout.core.acquaintance import acquaintance_obligations

    unsigned = [
        AckRow(o.person, people[o.person].short_name, o.since, o.due, o.overdue(today))
        for o in acquaintance_obligations(bundle)
        if o.pending() and (person is None or o.person == person)
    ]
    return StatusReport(
        today=today,
        school=order.organization.short_name,
        measures=rows,
        data_entry=data_entry,
        last_update=last_update,
        update_within_days=within,
        next_deadlines=upcoming[:5],
        people=agendas,
        platform=platform_genitive(bundle),
        roles=role_agendas,
        not_acquainted=unsigned,
    )
