"""Where the rollout stands on a given day: a pure summary of the documents, ready to print."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from . import russian as ru
from .checks import DEFAULT_HORIZON, duty_due, effective_deadlines, regulation_in_force, regulation_start
from .loading import Bundle


@dataclass
class MeasureRow:
    id: str
    text: str
    deadline: str
    due: dt.date | None
    responsible: list[str]
    responsible_keys: list[str]
    status: str
    status_text: str
    state: str  # done, cancelled, overdue, soon, open

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
        return sum(m.state == "done" for m in self.measures)

    @property
    def counted(self) -> int:
        """Measures that count towards progress: cancelled ones do not."""
        return sum(m.state != "cancelled" for m in self.measures)

    def as_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["done"], out["counted"] = self.done, self.counted
        return out


_URGENCY = {"overdue": 0, "soon": 1, "open": 2}


def _state(status: str, due: dt.date | None, today: dt.date, horizon: int) -> str:
    if status in ("done", "cancelled"):
        return status
    if due is not None and due < today:
        return "overdue"
    if due is not None and (due - today).days <= horizon:
        return "soon"
    return "open"


def build_status(bundle: Bundle, today: dt.date, person: str | None = None, horizon: int = DEFAULT_HORIZON) -> StatusReport:
    order, plan, reg = bundle.order, bundle.plan, bundle.regulation
    people = order.people

    def name(key: str) -> str:
        return people[key].short_name if key in people else key

    rows = [
        MeasureRow(
            id=m.id, text=m.text, deadline=ru.deadline_text(m.deadline), due=m.deadline.due,
            responsible=[name(k) for k in m.responsible], responsible_keys=list(m.responsible),
            status=m.status, status_text=ru.STATUS_RU[m.status],
            state=_state(m.status, m.deadline.due, today, horizon),
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

    upcoming = sorted((r for r in rows if r.state in ("open", "soon") and r.due), key=lambda r: (r.due, r.id))

    start = regulation_start(bundle)
    active = regulation_in_force(bundle, today)
    agendas: list[PersonAgenda] = []
    for key, p in people.items():
        if person is not None and key != person:
            continue
        agenda = PersonAgenda(key, p.short_name, p.position)
        mine = [r for r in rows if key in r.responsible_keys and r.state in ("open", "soon", "overdue")]
        agenda.measures = sorted(mine, key=lambda r: (r.due or dt.date.max, _URGENCY[r.state]))
        for role_key in p.roles:
            role = reg.roles.get(role_key)
            if role is None or not active:
                continue
            for duty in role.duties:
                due = duty_due(duty, start)
                if due is None or duty.recurs is None:
                    continue
                agenda.duties.append(DutyRow(role.title, duty.text, ru.recurrence_text(duty.recurs), duty.last_done, due, due < today))
        agendas.append(agenda)

    return StatusReport(
        today=today, school=order.organization.short_name, measures=rows, data_entry=data_entry,
        last_update=last_update, update_within_days=within, next_deadlines=upcoming[:5], people=agendas,
    )
