"""Where the rollout stands on a given day: a pure summary of the documents, ready to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from . import russian as ru
from .domain import DEFAULT_HORIZON, duty_terms, effective_deadlines, measure_state, roles_of, short_name
from .errors import UsageError
from .loading import Bundle
from .values import MeasureState, MeasureStatus


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


@dataclass
class PersonAgenda:
    key: str
    name: str
    position: str
    measures: list[MeasureRow] = field(default_factory=list)
    duties: list[DutyRow] = field(default_factory=list)


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
    """The status on ``today``; with ``person``, only that person's agenda (UsageError for an
    unknown key)."""
    order, plan = bundle.order, bundle.plan
    people = order.people
    if person is not None and person not in people:
        raise UsageError(f"сотрудника «{person}» нет в order.yaml (people); известны: {', '.join(people)}")

    rows = [
        MeasureRow(
            id=m.id, text=m.text, deadline=ru.deadline_text(m.deadline), due=m.deadline.due,
            responsible=[short_name(bundle, k) for k in m.responsible], responsible_keys=list(m.responsible),
            status=m.status, status_text=ru.STATUS_RU[m.status], state=measure_state(m, today, horizon),
        )
        for m in plan.measures
    ]
    data_entry: list[DataEntryRow] = []
    last_update, within = None, None
    for _path, _number, item, deadline in effective_deadlines(order.items):
        for cat in item.data_entry:
            label = ru.CATEGORY_RU.get(cat.category, cat.text)
            data_entry.append(DataEntryRow(label, cat.entered, cat.total, deadline.due if deadline else None))
        if item.updates:
            last_update, within = item.updates.last_update, item.updates.within_days

    # by deadline, then in the plan's own order (ids are text: "10" must not come before "2")
    position = {id(r): i for i, r in enumerate(rows)}
    upcoming = sorted((r for r in rows if r.state in (MeasureState.OPEN, MeasureState.SOON) and r.due),
                      key=lambda r: (r.due, position[id(r)]))

    agendas: list[PersonAgenda] = []
    for key, p in people.items():
        if person is not None and key != person:
            continue
        agenda = PersonAgenda(key, p.short_name, p.position)
        mine = [r for r in rows if key in r.responsible_keys and r.state in _PENDING]
        agenda.measures = sorted(mine, key=lambda r: (r.due or dt.date.max, _URGENCY[r.state]))
        for term in duty_terms(bundle, today, roles_of(bundle, key)):
            duty = term.duty
            assert duty.recurs is not None  # duty_terms yields recurring duties only
            agenda.duties.append(DutyRow(term.role.title, duty.text, ru.recurrence_text(duty.recurs),
                                         duty.last_done, term.due, term.overdue))
        agendas.append(agenda)

    return StatusReport(
        today=today, school=order.organization.short_name, measures=rows, data_entry=data_entry,
        last_update=last_update, update_within_days=within, next_deadlines=upcoming[:5], people=agendas,
    )
