"""Where the rollout stands on a given day: the agenda (``core.agenda``) laid out for printing.

Nothing is worked out here: the states, due dates, numbers, percentages and who owes what
come from the agenda; this module picks what a reader of ``rollout status`` sees and words it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from elzhur_rollout.core.agenda import Agenda, Obligation, build_agenda
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import (
    DEFAULT_HORIZON,
    RoleInfo,
    assignee_name,
    declared_roles,
    platform_genitive,
    role_name,
    roles_of,
)
from elzhur_rollout.core.values import STATE_ORDER, Kind, Part, State
from elzhur_rollout.errors import UsageError
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.lang.references import plain_text


def _short(text: str) -> str:
    return text if len(text) <= 70 else text[:69].rstrip() + "…"


@dataclass
class MeasureRow:
    id: str  # the key in plan.yaml (what ``rollout done`` takes)
    number: str  # as printed in the plan
    text: str
    deadline: str
    due: dt.date | None
    responsible: list[str]
    responsible_keys: list[str]
    state: State
    state_text: str  # «не начато, срок близко», «просрочено на 3 дня»
    soon: bool = False
    days_overdue: int = 0
    start: dt.date | None = None  # when its period begins
    periods: str = ""  # a recurring row: «По периодам: IV квартал 2024 — выполнено 09.01.2025; …»

    @property
    def short_text(self) -> str:
        return _short(self.text)


@dataclass
class ItemRow:
    """An obligation of the order: an item with a deadline, data entry of a category, the
    freshness of the data."""

    number: str
    kind: Kind
    text: str  # «внесение данных об обучающихся» for data entry, the item's text otherwise
    deadline: str
    due: dt.date | None
    responsible_keys: list[str]
    state: State
    state_text: str
    soon: bool = False
    category: str = ""  # data entry: the category as the order words it («об обучающихся»)
    key: str = ""  # the obligation's key in the agenda («3.1/pupils»)

    @property
    def short_text(self) -> str:
        return _short(self.text)


@dataclass
class DataEntryRow:
    label: str
    entered: int
    total: int | None
    percent: int | None
    due: dt.date | None
    state: State


@dataclass
class DutyRow:
    role: str
    text: str
    recurrence: str
    last_done: dt.date | None
    due: dt.date
    overdue: bool
    as_role: str | None = None  # «классные руководители 1–11 классов» when the agenda names the role
    key: str = ""  # «role/duty» in the agenda
    state: State = State.UPCOMING
    owners: list[str] = field(default_factory=list)  # who owes it: people by name, a role nobody holds by its title
    last_event: dt.date | None = None  # the recorded event a term counted from an event runs from


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
    # measure id → the roles whose duties make the measure this person's (regulation, ``measures``)
    serves: dict[str, list[str]] = field(default_factory=dict)
    co_executor: list[str] = field(default_factory=list)  # ids of the measures this person co-executes
    items: list[ItemRow] = field(default_factory=list)  # the order's obligations
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
    done: int = 0
    counted: int = 0  # measures that count towards progress: cancelled ones do not
    percent: int = 0
    update_fresh: bool | None = None  # None: the order does not track updates
    update_due: dt.date | None = None
    update_state: State | None = None
    update_age: int | None = None  # days since the last update
    duties: list[DutyRow] = field(default_factory=list)  # every recurring duty in force, once
    data_by_category: dict[str, int | None] = field(default_factory=dict)  # category → % over the order's items
    # how many measures and recurring duties are in each state («done», «overdue», …)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _counts(agenda: Agenda) -> dict[str, dict[str, int]]:
    out = {}
    for kind, items in (("measures", agenda.measures), ("duties", agenda.duties)):
        out[kind] = {str(s): sum(o.state is s for o in items) for s in STATE_ORDER}
    return out


def _measure_row(bundle: Bundle, o: Obligation, roles: dict[str, RoleInfo]) -> MeasureRow:
    assert o.deadline is not None
    return MeasureRow(
        id=o.key,
        number=o.number,
        text=plain_text(bundle, o.text),
        deadline=ru.deadline_text(o.deadline),
        due=o.due,
        responsible=[assignee_name(bundle, k, roles) for k in o.responsible],
        responsible_keys=o.responsible,
        state=o.state,
        state_text=ru.state_text(o.state, o.days_overdue, soon=o.soon),
        soon=o.soon,
        days_overdue=o.days_overdue,
        start=o.start,
        periods=ru.periods_text(o.marks),
    )


def _item_row(bundle: Bundle, o: Obligation) -> ItemRow:
    if o.kind is Kind.DATA_ENTRY:
        assert o.entry is not None
        text = f"{ru.KIND_WORD[Kind.DATA_ENTRY]} {o.entry.label}"
    elif o.kind is Kind.UPDATES:
        text = ru.KIND_WORD[Kind.UPDATES]
    else:
        text = plain_text(bundle, o.text)
    deadline = (
        f"до {ru.short_date(o.due)}" if o.kind is Kind.UPDATES and o.due else (ru.deadline_text(o.deadline) if o.deadline else "")
    )
    return ItemRow(
        o.number,
        o.kind,
        text,
        deadline,
        o.due,
        o.responsible,
        o.state,
        ru.state_text(o.state, o.days_overdue, soon=o.soon),
        o.soon,
        o.entry.label if o.entry else "",
        o.key,
    )


def _owner_names(bundle: Bundle, o: Obligation) -> list[str]:
    """People by name; a role nobody is named for, by its title."""
    people = bundle.order.people
    names = [people[w.key].short_name for w in o.owners if w.person and w.key in people]
    held = {r for w in o.owners for r in w.via}
    return names + [assignee_name(bundle, w.key) for w in o.owners if not w.person and w.key not in held]


def _duty_row(bundle: Bundle, o: Obligation, as_role: str | None = None, owners: list[str] | None = None) -> DutyRow:
    assert o.recurs is not None and o.due is not None
    return DutyRow(
        role_name(bundle.regulation.roles[o.role].title) if o.role is not None else (o.title or ""),
        plain_text(bundle, o.text),
        ru.recurrence_text(o.recurs),
        o.last_done,
        o.due,
        o.state is State.OVERDUE,
        as_role,
        o.key,
        o.state,
        owners or [],
        o.last_event,
    )


def _urgency(row: MeasureRow) -> tuple[dt.date, int]:
    return (row.due or dt.date.max, 0 if row.state is State.OVERDUE else 1 if row.soon else 2)


def build_status(bundle: Bundle, today: dt.date, person: str | None = None, horizon: int = DEFAULT_HORIZON) -> StatusReport:
    """The status on ``today``; with ``person``, only that person's agenda, or that role's
    when ``person`` is the key of a role nobody is named for (UsageError for an unknown key)."""
    agenda = build_agenda(bundle, today, horizon)
    return status_of(agenda, person)


def status_of(agenda: Agenda, person: str | None = None) -> StatusReport:
    """The status view of an agenda (see :func:`build_status`)."""
    bundle, today = agenda.bundle, agenda.today
    order = bundle.order
    people = order.people
    roles = declared_roles(bundle)
    unheld = {k: r for k, r in roles.items() if k not in people and not any(k in p.roles for p in people.values())}
    if person is not None and person not in people and person not in roles:
        raise UsageError(
            f"сотрудника «{person}» нет в order.yaml (people); известны: {', '.join(people)}"
            + (f"; роли без исполнителей: {', '.join(unheld)}" if unheld else "")
        )
    shown_roles = dict(unheld)
    if person is not None and person in roles and person not in people:
        shown_roles = {person: roles[person]}

    rows = {o.key: _measure_row(bundle, o, roles) for o in agenda.measures}
    data_entry = [
        DataEntryRow(
            ru.category_label(o.entry.category, o.entry.label), o.entry.entered, o.entry.total, o.entry.percent, o.due, o.state
        )
        for o in agenda.entries
        if o.entry is not None
    ]
    upd = agenda.updates
    fresh = upd.freshness if upd else None

    # by deadline, then in the plan's own order
    upcoming = [rows[o.key] for o in agenda.measures if o.state in (State.PLANNED, State.IN_PROGRESS, State.UPCOMING) and o.due]
    upcoming.sort(key=lambda r: r.due or dt.date.max)

    def fill(view: PersonAgenda, key: str, is_person: bool) -> None:
        with_duties = sum(1 for _k, role in roles_of(bundle, key) if role.duties) if is_person else 0
        mine = []
        for o in agenda.of(key):
            if not o.open:
                continue
            owner = o.owed_by(key)
            assert owner is not None
            if o.kind is Kind.MEASURE:
                row = rows[o.key]
                mine.append(row)
                if owner.part is Part.SERVES:
                    view.serves[row.id] = [roles[r].lower_title for r in _serving_roles(o, key, is_person)]
                elif owner.via:
                    view.as_roles[row.id] = [roles[r].agenda_title for r in owner.via]
                if owner.part is Part.CO_EXECUTOR:
                    view.co_executor.append(row.id)
            elif o.kind is Kind.DUTY:
                assert o.duty is not None
                via = [roles[r] for r in owner.via]
                shown = [r for r in via if r.collective or with_duties > 1 or o.duty.responsible]
                view.duties.append(_duty_row(bundle, o, ", ".join(r.agenda_title for r in shown) or None))
            else:
                view.items.append(_item_row(bundle, o))
                if owner.via:
                    view.item_roles[o.number] = [roles[r].agenda_title for r in owner.via]
        view.measures = sorted(mine, key=_urgency)

    agendas: list[PersonAgenda] = []
    for key, p in people.items():
        if person is not None and key != person:
            continue
        view = PersonAgenda(key, p.short_name, p.position)
        fill(view, key, True)
        agendas.append(view)

    role_agendas: list[PersonAgenda] = []
    for key, info in shown_roles.items():
        if person is not None and key != person:
            continue
        kind = "коллективная роль" if info.collective else "роль"
        holders = ", ".join(p.short_name for p in people.values() if key in p.roles)
        view = PersonAgenda(
            key, info.title, f"{kind}, " + (f"исполнители: {holders}" if holders else "исполнители поимённо не названы")
        )
        fill(view, key, False)
        if view.measures or view.items or view.duties or key == person:
            role_agendas.append(view)

    from elzhur_rollout.core.acquaintance import (
        acquaintance_obligations,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    unsigned = [
        AckRow(o.person, people[o.person].short_name, o.since, o.due, o.overdue(today))
        for o in acquaintance_obligations(bundle)
        if o.pending() and (person is None or o.person == person)
    ]
    return StatusReport(
        today=today,
        school=order.organization.short_name,
        measures=list(rows.values()),
        data_entry=data_entry,
        last_update=fresh.last_update if fresh else None,
        update_within_days=fresh.within_days if fresh else None,
        next_deadlines=upcoming[:5],
        people=agendas,
        platform=platform_genitive(bundle),
        roles=role_agendas,
        not_acquainted=unsigned,
        done=agenda.done,
        counted=agenda.counted,
        percent=agenda.percent_done,
        update_fresh=fresh.fresh if fresh else None,
        update_due=upd.due if upd else None,
        update_state=upd.state if upd else None,
        update_age=fresh.age if fresh else None,
        data_by_category={k: e.percent for k, e in agenda.by_category().items()},
        duties=[_duty_row(bundle, o, owners=_owner_names(bundle, o)) for o in agenda.duties if o.open],
        counts=_counts(agenda),
    )


def _serving_roles(o: Obligation, key: str, is_person: bool) -> list[str]:
    """The roles (of ``key``, or ``key`` itself) whose duties serve the measure ``o``."""
    owner = o.owed_by(key)
    assert owner is not None
    return list(owner.via) if is_person else [key]
