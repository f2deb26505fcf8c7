"""The agenda: every obligation the documents create, worked out once for a day.

``check``, ``status``, ``calendar``, ``render report``, ``dashboard``, ``summary`` and ``diff``
are views of it: none of them computes a due date, a printed number, a state, a percentage
or a list of the people who owe something on its own.

An :class:`Obligation` is one thing somebody owes: a measure of the plan, an order item with
a deadline, one category of data entry, the rule that keeps the data fresh, or a recurring
duty of a role.  Each carries the key and the number *as printed*, the text as written (the
views word its ``{…}`` references with ``lang.references``), who owes it and how (people and
roles; responsible, co-executor, serving it by a duty, member of the working group; the roles
through which a person holds it), its due date, its occurrences (and the rule behind them,
enough for an RRULE), its :class:`State` on the day and where it stands in the files.

Rules applied here and nowhere else:

* a due date on a day off of the school's calendar moves to the next working day (ТК РФ
  ст. 14, ГК РФ ст. 193) — a deadline, each occurrence of «по пятницам», a freshness term;
* a recurring duty's next occurrence counts from its last execution (or from the
  regulation's start before the first);
* «in progress» is said only of work recorded as started; a measure inside its period with
  nothing recorded is PLANNED («не начато»), one whose period has not begun UPCOMING.

Adding a kind of obligation: add a member to :class:`Kind`, a builder ``_<kind>s(ctx)``
yielding :class:`Obligation` (state from the data, owners by :func:`owners`, occurrences by
:func:`series` or a single due date), list it in :func:`build_agenda`, and give the kind its
words in ``lang.vocabulary`` (``KIND_WORDS``); views that list obligations by kind then show it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import (
    DEFAULT_HORIZON,
    WEEKDAYS,
    RoleInfo,
    YamlPath,
    add_working_days,
    day_in_month,
    declared_roles,
    effective_deadlines,
    measure_numbers,
    nth_weekday,
    quarterly_due,
    regulation_start,
    reported_quarter,
    role_holders,
    role_name,
    school_holidays,
    school_periods,
    tracked_duties,
)
from elzhur_rollout.core.models import DataCategory, Deadline, Duty, Measure, OrderItem, Recurrence, SchoolPeriod
from elzhur_rollout.core.values import Kind, MeasureStatus, Part, State, YearMonth
from elzhur_rollout.core.workcal import WorkCalendar, school_calendar


@dataclass(frozen=True)
class Owner:
    """A person or a role who owes an obligation; ``via`` the roles through which a person owes
    it (empty when named)."""

    key: str
    person: bool
    part: Part
    via: tuple[str, ...] = ()


class Freq(StrEnum):
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


@dataclass(frozen=True)
class Repeat:
    """The rule behind a series of occurrences, as an RRULE says it; ``freq`` None: the dates
    themselves.  ``nominal`` are the dates the rule yields from its first one to the horizon;
    the occurrences differ from them where a day off moved a date (EXDATE and RDATE)."""

    freq: Freq | None
    nominal: tuple[dt.date, ...]
    interval: int = 1
    weekdays: tuple[int, ...] = ()  # BYDAY, 0 = Monday
    month_days: tuple[int, ...] = ()  # BYMONTHDAY, -1 = the last day
    set_pos: int | None = None  # BYSETPOS
    until: dt.date | None = None


@dataclass(frozen=True)
class Location:
    """Where an obligation is written: a document and the path of its node."""

    document: str  # "order", "plan", "regulation"
    path: YamlPath


@dataclass(frozen=True)
class Entry:
    """Data entry of one category: counts only, never personal data."""

    category: str
    label: str  # the category as the order writes it («данных о педагогических работниках»)
    entered: int
    total: int | None
    as_of: dt.date | None

    @property
    def percent(self) -> int | None:
        """Entered of the total, in whole percent (rounded down); 100 when there is nothing to
        enter (total 0); None when the total is not known."""
        return percent(self.entered, self.total)

    @property
    def complete(self) -> bool:
        return self.total is not None and self.entered >= self.total


def percent(entered: int, total: int | None) -> int | None:
    """The one rule of a data-entry percentage (see :attr:`Entry.percent`)."""
    if total is None:
        return None
    return entered * 100 // total if total else 100


@dataclass(frozen=True)
class Freshness:
    """The order's rule that data are updated within ``within_days`` of a change."""

    within_days: int
    last_update: dt.date | None
    age: int | None  # days since the last update

    @property
    def fresh(self) -> bool:
        return self.last_update is not None and self.age is not None and self.age <= self.within_days


@dataclass(frozen=True)
class Mark:
    """One period of a recurring row of the plan: its term as the rule gives it (``nominal``),
    moved off a day off (``due``), and the day it was carried out (None: still owed)."""

    nominal: dt.date
    due: dt.date
    done_on: dt.date | None
    quarter: tuple[int, int] | None = None  # (year, 1–4): a report due after a quarter is for it
    overdue: bool = False  # owed, and its term has passed
    missed: bool = False  # passed over: a later execution counts for a later period


@dataclass(eq=False)  # one obligation is itself: compared by identity
class Obligation:
    kind: Kind
    key: str  # stable and unique: a measure's id, «3.1/pupils», «3.2/updates», «4/item», «role/duty»
    number: str  # as printed: a measure's place in the plan, an item's number, a duty's number in its role
    text: str  # as written in the YAML (``lang.references.plain_text`` words its references)
    owners: tuple[Owner, ...]
    state: State
    source: Location
    due: dt.date | None = None  # the (next) due date, moved off days off
    written_due: dt.date | None = None  # the due date the documents give, before the move
    start: dt.date | None = None  # when its period begins
    occurrences: tuple[dt.date, ...] = ()  # every due date up to the horizon (a single one for a one-off)
    repeat: Repeat | None = None  # the rule of a recurring obligation
    soon: bool = False  # open, and due within the horizon of «due soon»
    days_overdue: int = 0
    # what the documents record, by kind
    measure: Measure | None = None
    item: OrderItem | None = None
    deadline: Deadline | None = None  # a measure's or an item's deadline
    entry: Entry | None = None
    freshness: Freshness | None = None
    duty: Duty | None = None
    role: str | None = None  # the role a duty stands under
    title: str | None = None  # the heading a duty is shown under: its role's title, or where it is written («Пункт 4 приказа»)
    address: str | None = None  # how rollout duty-done and rollout event name a duty: «teacher 2», «приказ 4»; a row has none
    recurs: Recurrence | None = None
    last_done: dt.date | None = None
    done_on: dt.date | None = None
    last_event: dt.date | None = None  # the recorded event a duty's term counts from (after_event)
    marks: tuple[Mark, ...] = ()  # a recurring row of the plan: its periods, done and owed

    # still owed on the day: not done or cancelled; when the data cannot tell, not yet past
    open: bool = False

    @property
    def dated(self) -> bool:
        """Has a date a calendar can show."""
        return bool(self.occurrences)

    @property
    def responsible(self) -> list[str]:
        """The keys written as responsible (people and roles), in order."""
        return [o.key for o in self.owners if o.part is Part.RESPONSIBLE and not o.via]

    @property
    def co_executors(self) -> list[str]:
        return [o.key for o in self.owners if o.part is Part.CO_EXECUTOR and not o.via]

    def owed_by(self, key: str) -> Owner | None:
        """How ``key`` (a person or a role) owes this obligation, or None."""
        for o in self.owners:
            if o.key == key:
                return o
        return None


@dataclass
class Agenda:
    """Every obligation on ``today``, in the documents' order: the plan, the order, the duties."""

    bundle: Bundle
    today: dt.date
    horizon: int
    horizon_end: dt.date  # occurrences are worked out up to this day
    obligations: list[Obligation]

    def of_kind(self, *kinds: Kind) -> list[Obligation]:
        return [o for o in self.obligations if o.kind in kinds]

    @property
    def measures(self) -> list[Obligation]:
        return self.of_kind(Kind.MEASURE)

    @property
    def duties(self) -> list[Obligation]:
        return self.of_kind(Kind.DUTY)

    @property
    def entries(self) -> list[Obligation]:
        return self.of_kind(Kind.DATA_ENTRY)

    @property
    def updates(self) -> Obligation | None:
        found = self.of_kind(Kind.UPDATES)
        return found[0] if found else None

    def of(self, key: str) -> list[Obligation]:
        """The obligations a person or a role owes, in the agenda's order."""
        return [o for o in self.obligations if o.owed_by(key) is not None]

    def count(self, kind: Kind, state: State) -> int:
        return sum(o.state is state for o in self.obligations if o.kind is kind)

    @property
    def done(self) -> int:
        return self.count(Kind.MEASURE, State.DONE)

    @property
    def counted(self) -> int:
        """Measures that count towards progress: cancelled ones do not."""
        return sum(o.state is not State.CANCELLED for o in self.measures)

    @property
    def percent_done(self) -> int:
        """Done of the counted measures, in whole percent; 0 when there are none."""
        return self.done * 100 // self.counted if self.counted else 0

    def by_category(self) -> dict[str, Entry]:
        """Data entry summed by category over the order's items (a total unknown anywhere:
        unknown), for the municipal summary."""
        out: dict[str, Entry] = {}
        for o in self.entries:
            e = o.entry
            assert e is not None
            had = out.get(e.category)
            if had is None:
                out[e.category] = e
            else:
                total = None if had.total is None or e.total is None else had.total + e.total
                out[e.category] = Entry(
                    e.category, had.label, had.entered + e.entered, total, max(filter(None, [had.as_of, e.as_of]), default=None)
                )
        return out

    @cached_property
    def regulation_in_force(self) -> bool:
        until = self.bundle.regulation.period.until
        return until is None or self.today <= until


# --------------------------------------------------------------------------- building


@dataclass
class _Context:
    bundle: Bundle
    today: dt.date
    horizon: int
    horizon_end: dt.date
    cal: WorkCalendar
    periods: list[SchoolPeriod]

    @cached_property
    def roles(self) -> dict[str, RoleInfo]:
        return declared_roles(self.bundle)

    @cached_property
    def owners_of(self) -> dict[tuple[tuple[Part, tuple[str, ...]], ...], tuple[Owner, ...]]:
        """Owners already worked out for the same lists of keys (a large plan repeats them)."""
        return {}

    @cached_property
    def holders(self) -> dict[str, list[str]]:
        return {k: role_holders(self.bundle, k) for k in self.roles}

    @cached_property
    def serving(self) -> dict[str, list[str]]:
        """measure id → the roles whose duties serve it, in the regulation's order."""
        out: dict[str, list[str]] = {}
        for role_key, role in self.bundle.regulation.roles.items():
            for duty in role.duties:
                for mid in duty.measures:
                    roles = out.setdefault(str(mid), [])
                    if role_key not in roles:
                        roles.append(role_key)
        return out

    @cached_property
    def holidays(self) -> list[tuple[dt.date, dt.date]]:
        """The school holidays (каникулы) of the school year: days a duty «кроме каникул» skips."""
        return school_holidays(self.bundle)

    def moved(self, day: dt.date | None) -> dt.date | None:
        return None if day is None else self.cal.on_or_after(day)


def horizon_end(bundle: Bundle, today: dt.date) -> dt.date:
    """Occurrences are worked out to the end of the year after the later of the day and the
    regulation's start."""
    return dt.date(min(max(today, regulation_start(bundle)).year + 1, dt.MAXYEAR), 12, 31)


def _context(bundle: Bundle, today: dt.date, horizon: int = DEFAULT_HORIZON) -> _Context:
    return _Context(bundle, today, horizon, horizon_end(bundle, today), school_calendar(bundle), school_periods(bundle))


def build_agenda(bundle: Bundle, today: dt.date, horizon: int = DEFAULT_HORIZON) -> Agenda:
    """The agenda of ``bundle`` on ``today``; ``horizon``: days before a due date from which it
    counts as «due soon»."""
    ctx = _context(bundle, today, horizon)
    end = ctx.horizon_end
    obligations = [*_measures(ctx), *_order_items(ctx), *_duties(ctx)]
    for o in obligations:
        if o.state is State.NOT_TRACKED:
            o.open = o.due is not None and o.due >= today
        else:
            o.open = not o.state.closed
    return Agenda(bundle, today, horizon, end, obligations)


def owners(ctx: _Context, parts: Iterable[tuple[Part, Iterable[str]]]) -> tuple[Owner, ...]:
    """People and roles from lists of keys: a role brings its named holders (``via`` it); each
    key once, by the first (strongest) part it has."""
    given = tuple((part, tuple(keys)) for part, keys in parts)
    known = ctx.owners_of.get(given)
    if known is None:
        known = ctx.owners_of[given] = _owners(ctx, given)
    return known


def _owners(ctx: _Context, parts: tuple[tuple[Part, tuple[str, ...]], ...]) -> tuple[Owner, ...]:
    people = ctx.bundle.order.people
    out: dict[str, Owner] = {}
    for part, keys in parts:
        for key in keys:
            if key in people or key not in ctx.roles:
                if key not in out or out[key].via:
                    out[key] = Owner(key, True, part)
                continue
            out.setdefault(key, Owner(key, False, part))
            for h in ctx.holders[key]:
                had = out.get(h)
                if had is None:
                    out[h] = Owner(h, True, part, (key,))
                elif had.via and had.part is part and key not in had.via:
                    out[h] = Owner(h, True, part, had.via + (key,))
    return tuple(out.values())


def _soon(ctx: _Context, due: dt.date | None) -> bool:
    return due is not None and 0 <= (due - ctx.today).days <= ctx.horizon


def _days_late(ctx: _Context, state: State, due: dt.date | None) -> int:
    """How many days an overdue obligation is past ``due``; 0 for any other state."""
    return (ctx.today - due).days if state is State.OVERDUE and due is not None else 0


# --------------------------------------------------------------------------- measures


def _measures(ctx: _Context) -> Iterator[Obligation]:
    bundle = ctx.bundle
    numbers = measure_numbers(bundle)
    order_date = bundle.order.document.date
    for i, m in enumerate(bundle.plan.measures):
        d = m.deadline
        written = d.due
        due = ctx.moved(written)
        start = d.start or order_date
        occurrences: tuple[dt.date, ...] = ()
        repeat = None
        marks: tuple[Mark, ...] = ()
        if m.recurs is not None:  # a recurring row: an execution a period, the row stays open
            marks, made = _marks(ctx, m.recurs, regulation_start(bundle), m.executions, bundle.regulation.period.until)
            occurrences, repeat = made if made is not None else ((), None)
            due = written = occurrences[0] if occurrences else None
        elif due is not None:
            occurrences = (due,)
        else:
            made = series(ctx, _Cadence.of(d), regulation_start(bundle), None, bundle.regulation.period.until)
            if made is not None:
                occurrences, repeat = made
        if m.status is MeasureStatus.DONE:
            state = State.DONE
        elif m.status is MeasureStatus.CANCELLED:
            state = State.CANCELLED
            marks = tuple(k for k in marks if k.done_on is not None or k.missed)  # a cancelled row owes no period
        elif due is not None and due < ctx.today:
            state = State.OVERDUE
        elif m.status is MeasureStatus.IN_PROGRESS:
            state = State.IN_PROGRESS
        elif ctx.today < start or (m.recurs is not None and m.executions and due is not None):
            state = State.UPCOMING  # a recurring row whose next period is ahead, too
        else:
            state = State.PLANNED
        parts = [
            (Part.RESPONSIBLE, m.responsible),
            (Part.CO_EXECUTOR, m.co_executors),
            (Part.SERVES, ctx.serving.get(m.id, [])),
        ]
        yield Obligation(
            kind=Kind.MEASURE,
            key=m.id,
            number=numbers[m.id],
            text=m.text,
            owners=owners(ctx, parts),
            state=state,
            source=Location("plan", ("measures", i)),
            due=due,
            written_due=written,
            start=start,
            occurrences=occurrences,
            repeat=repeat,
            soon=not state.closed and _soon(ctx, due),
            days_overdue=_days_late(ctx, state, due),
            measure=m,
            deadline=d,
            recurs=m.recurs,
            last_done=m.last_done,
            done_on=m.done_on,
            marks=marks,
        )


def _marks(
    ctx: _Context, r: Recurrence, start: dt.date, executions: list[dt.date], until: dt.date | None
) -> tuple[tuple[Mark, ...], tuple[tuple[dt.date, ...], Repeat] | None]:
    """The periods of a recurring row, and its series from the last execution.  An execution
    covers the periods owed before it up to the one before the next term it leaves (the term
    a duty's execution leaves, by :func:`series`): the latest of them is marked with it, the
    earlier ones stay without a mark.  Then the periods owed since the last execution, up to
    the first not yet due."""
    cadence = _Cadence.of(r)

    def mark(nominal: dt.date, done_on: dt.date | None, missed: bool = False) -> Mark:
        due = ctx.cal.on_or_after(nominal)
        quarter = reported_quarter(nominal) if r.every == "quarter" and r.due_day else None
        return Mark(nominal, due, done_on, quarter, done_on is None and not missed and due < ctx.today, missed)

    marks: list[Mark] = []
    owed = series(ctx, cadence, start, None, until)
    for day in sorted(executions):
        after = series(ctx, cadence, start, day, until)
        limit = after[1].nominal[0] if after is not None else dt.date.max
        covered = [n for n in (owed[1].nominal if owed is not None else ()) if n < limit]
        marks += [mark(n, None, missed=True) for n in covered[:-1]]
        if covered:
            marks.append(mark(covered[-1], day))
        owed = after
    for nominal in owed[1].nominal if owed is not None else ():
        marks.append(mark(nominal, None))
        if marks[-1].due >= ctx.today:
            break
    return tuple(marks), owed


def execution_marks(bundle: Bundle, measure: Measure, day: dt.date, today: dt.date) -> tuple[Mark, ...]:
    """The periods of the recurring row ``measure`` were it also carried out on ``day``."""
    assert measure.recurs is not None
    until = bundle.regulation.period.until
    return _marks(_context(bundle, today), measure.recurs, regulation_start(bundle), [*measure.executions, day], until)[0]


# --------------------------------------------------------------------------- the order


def _group(ctx: _Context) -> list[str]:
    """Who owes the order's own deadlines when an item names nobody: the working group, the
    reporter and the signatory."""
    order = ctx.bundle.order
    keys = [m.person for m in order.working_group] + [k for k in (order.reporter, order.signatory_key) if k]
    return list(dict.fromkeys(keys))


@dataclass(frozen=True)
class _Item:
    """An order item as its obligations share it: where, numbered how, due when, owed by whom."""

    path: YamlPath
    number: str
    item: OrderItem
    deadline: Deadline | None
    written: dt.date | None  # its deadline's due date as written
    due: dt.date | None  # moved off a day off
    start: dt.date
    owners: tuple[Owner, ...]


def _order_items(ctx: _Context) -> Iterator[Obligation]:
    order = ctx.bundle.order
    for path, number, item, deadline in effective_deadlines(order.items):
        written = deadline.due if deadline else None
        named = [(Part.RESPONSIBLE, item.responsible), (Part.CO_EXECUTOR, item.co_executors)]
        by = owners(ctx, named) if item.responsible or item.co_executors else owners(ctx, [(Part.GROUP, _group(ctx))])
        it = _Item(path, number, item, deadline, written, ctx.moved(written), order.document.date, by)
        for k, cat in enumerate(item.data_entry):
            yield _entry(ctx, it, k, cat)
        if item.updates:
            yield _updates(ctx, it)
        if not item.data_entry and not item.updates and it.due is not None and (item.responsible or item.co_executors):
            # an item with its own deadline and the people who owe it is tracked like a measure
            # (``rollout done п5``) when it has a deadline of its own and names the responsible
            tracked = item.deadline is not None and bool(item.responsible)
            if not tracked:
                state = State.NOT_TRACKED
            elif item.status is MeasureStatus.DONE:
                state = State.DONE
            elif item.status is MeasureStatus.CANCELLED:
                state = State.CANCELLED
            elif it.due < ctx.today:
                state = State.OVERDUE
            elif item.status is MeasureStatus.IN_PROGRESS:
                state = State.IN_PROGRESS
            else:
                state = State.PLANNED
            yield Obligation(
                kind=Kind.ORDER_ITEM,
                key=f"{number}/item",
                number=number,
                text=item.text,
                owners=by,
                state=state,
                source=Location("order", path),
                due=it.due,
                written_due=written,
                start=it.start,
                occurrences=(it.due,),
                soon=not state.closed and _soon(ctx, it.due),
                days_overdue=_days_late(ctx, state, it.due),
                item=item,
                deadline=deadline,
                done_on=item.done_on,
            )


def _entry(ctx: _Context, it: _Item, k: int, cat: DataCategory) -> Obligation:
    entry = Entry(cat.category, cat.text, cat.entered, cat.total, cat.as_of)
    due = it.due
    if entry.complete:
        state = State.DONE
    elif due is not None and due < ctx.today:
        state = State.OVERDUE
    elif entry.entered:
        state = State.IN_PROGRESS
    else:
        state = State.PLANNED
    return Obligation(
        kind=Kind.DATA_ENTRY,
        key=f"{it.number}/{cat.category}",
        number=it.number,
        text=it.item.text,
        owners=it.owners,
        state=state,
        source=Location("order", it.path + ("data_entry", k)),
        due=due,
        written_due=it.written,
        start=it.start,
        occurrences=(due,) if due else (),
        soon=not state.closed and _soon(ctx, due),
        days_overdue=_days_late(ctx, state, due),
        item=it.item,
        deadline=it.deadline,
        entry=entry,
    )


def _updates(ctx: _Context, it: _Item) -> Obligation:
    """Fresh data: due ``within_days`` after the last update (before the first: by the item's
    deadline)."""
    upd = it.item.updates
    assert upd is not None
    last = upd.last_update
    age = (ctx.today - last).days if last else None
    written = last + dt.timedelta(days=upd.within_days) if last else it.written
    due = ctx.moved(written) if last else it.due
    if due is not None and due < ctx.today:
        state = State.OVERDUE
    elif last is None:
        state = State.PLANNED
    else:
        state = State.UPCOMING
    return Obligation(
        kind=Kind.UPDATES,
        key=f"{it.number}/updates",
        number=it.number,
        text=it.item.text,
        owners=it.owners,
        state=state,
        source=Location("order", it.path + ("updates",)),
        due=due,
        written_due=written,
        start=it.start,
        occurrences=(due,) if due else (),
        soon=_soon(ctx, due) and state is not State.OVERDUE,
        days_overdue=_days_late(ctx, state, due),
        item=it.item,
        deadline=it.deadline,
        freshness=Freshness(upd.within_days, last, age),
        last_done=last,
    )


# --------------------------------------------------------------------------- duties


def _duties(ctx: _Context) -> Iterator[Obligation]:
    bundle = ctx.bundle
    reg = bundle.regulation
    start, until = regulation_start(bundle), reg.period.until
    in_force = until is None or ctx.today <= until
    listed: list[tuple[str | None, str, str, str, Duty, Location, str | None]] = [
        (role_key, f"{role_key}/{duty.id or j + 1}", str(j + 1), role_name(role.title), duty, Location("regulation", ("roles", role_key, "duties", j)), f"{role_key} {duty.id or j + 1}")
        for role_key, role in reg.roles.items()
        for j, duty in enumerate(role.duties)
    ]  # fmt: skip
    for t in tracked_duties(bundle):  # a duty written in an order item, a paragraph or a row
        key = "/".join(str(x) for x in (t.document, *t.path))
        listed.append((None, key, t.label, t.label, t.duty, Location(t.document, t.path), t.address))
    rows = {m.id: m for m in bundle.plan.measures if m.recurs is not None}
    for role_key, key, number, title, duty, where, address in listed:
        if True:
            r = duty.recurs
            if r is None or r.on_demand:
                continue
            # a duty that serves a recurring plan row is carried out whenever the row is (one act)
            done = [d for d in (duty.last_done, *(rows[str(k)].last_done for k in duty.measures if str(k) in rows)) if d]
            last = max(done, default=None)
            occurrences: tuple[dt.date, ...] = ()
            repeat: Repeat | None = None
            if r.after_event is not None:  # counted from the recorded event, if not yet carried out since
                after = _after_event(ctx, r, duty.last_event, last)
                occurrences = (after,) if after is not None else ()
            else:
                made = series(ctx, _Cadence.of(r), start, last, until)
                occurrences, repeat = made if made is not None else ((), None)
            due = occurrences[0] if occurrences and in_force else None
            if not in_force or due is None:
                state = State.NOT_TRACKED
            elif due < ctx.today:
                state = State.OVERDUE
            else:
                state = State.UPCOMING
            keys = duty.responsible or ([role_key] if role_key else [])
            yield Obligation(
                kind=Kind.DUTY,
                key=key,
                number=number,
                text=duty.text,
                owners=owners(ctx, [(Part.RESPONSIBLE, keys)]),
                state=state,
                source=where,
                due=due,
                written_due=due,
                start=start,
                occurrences=occurrences,
                repeat=repeat,
                soon=state is State.UPCOMING and _soon(ctx, due),
                days_overdue=_days_late(ctx, state, due),
                duty=duty,
                role=role_key,
                title=title,
                address=address,
                recurs=r,
                last_done=last,
                last_event=duty.last_event,
            )


def after_event_due(bundle: Bundle, r: Recurrence, event: dt.date, today: dt.date) -> dt.date | None:
    """The term of a duty counted from an event on ``event`` (None without ``working_days``)."""
    return _after_event(_context(bundle, today), r, event, None)


def _after_event(ctx: _Context, r: Recurrence, event: dt.date | None, last_done: dt.date | None) -> dt.date | None:
    """«не позднее 3 рабочих дней после проведения работы»: due ``working_days`` working days
    after the recorded event (0: that day, moved off a day off) until it is carried out; no
    event recorded, or carried out since: no term.  Without ``working_days``: never due."""
    if r.working_days is None or event is None or (last_done is not None and last_done >= event):
        return None
    return add_working_days(ctx.cal, event, r.working_days) if r.working_days else ctx.cal.on_or_after(event)


# --------------------------------------------------------------------------- series


@dataclass(frozen=True)
class _Cadence:
    """How often something recurs, from a duty's ``recurs`` or a measure's recurring deadline."""

    every: str | None
    weekday: int | None
    interval: int
    day_of_month: int | None
    working_days: int | None
    week: int | None = None  # with month: the N-th (-1: the last) weekday of the month
    due_day: int | None = None  # with quarter: the day of the month after the quarter
    within: bool = False  # with term: once any day within each school period
    skip_holidays: bool = False  # with day: not on the school holidays
    never: bool = False  # «постоянно», «в течение учебного года», after an event: no series (see _after_event)

    @classmethod
    def of(cls, r: Recurrence | Deadline) -> _Cadence:
        weekday = WEEKDAYS.index(r.weekday) if r.weekday else None
        if not isinstance(r, Recurrence):
            return cls(r.every, weekday, r.interval or 1, r.day_of_month, None)
        never = bool(r.constantly or r.school_year or r.after_event)
        return cls(
            r.every, weekday, r.interval or 1, r.day_of_month, r.working_days, r.week, r.due_day, bool(r.within),
            bool(r.skip_holidays), never,
        )  # fmt: skip


def _plus_months(day: dt.date, months: int, month_day: int) -> dt.date:
    """The ``month_day``-th (-1: the last day) of the month ``months`` after ``day``'s."""
    ym = YearMonth.of(day).plus(months)
    return ym.end if month_day == -1 else day_in_month(ym.start, month_day)


def _add_years(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # the 29th of February
        return day.replace(year=day.year + n, day=28)


def series(
    ctx: _Context, c: _Cadence, start: dt.date, last: dt.date | None, until: dt.date | None
) -> tuple[tuple[dt.date, ...], Repeat] | None:
    """The occurrences of a recurring term up to the horizon (and ``until``), counted from the
    last execution ``last`` or, before the first, from ``start``; each moved off a day off.
    None when it has no dated occurrence (on demand, a condition, after the last period)."""
    base = last or start
    end = ctx.horizon_end if until is None else min(until, ctx.horizon_end)
    cal = ctx.cal
    if c.never:
        return None
    try:
        if c.every == "term" and c.within:  # «не реже одного раза в учебный период»: by the end of each period not yet covered
            dates = [
                p.to
                for p in ctx.periods
                if ((last is None and p.to >= start) or (last is not None and p.from_ > last))
                and (until is None or p.to <= until)
            ]
            moved = tuple(sorted({cal.on_or_after(d) for d in dates}))
            return (moved, Repeat(None, tuple(dates), until=until)) if moved else None
        if c.every == "month" and c.week is not None and c.weekday is not None:  # «в последнюю пятницу месяца»
            wd = WEEKDAYS[c.weekday]
            if last is None:
                own = nth_weekday(start.year, start.month, wd, c.week)
                first = own if own >= start else _nth_of_month_after(start, wd, c.week)
            else:  # an execution up to a week early counts for its month's own day
                own = nth_weekday(last.year, last.month, wd, c.week)
                first = own if last < own - dt.timedelta(days=7) else _nth_of_month_after(last, wd, c.week)
            nominal = [first]
            while (d := _nth_of_month_after(nominal[-1], wd, c.week)) <= end:
                nominal.append(d)
            return _moved(cal, nominal, Repeat(Freq.MONTHLY, tuple(nominal), weekdays=(c.weekday,), set_pos=c.week, until=until))
        if c.every == "quarter" and c.due_day:  # «ежеквартально до 5 числа месяца, следующего за отчётным»
            first = quarterly_due(c.due_day, start, last)
            nominal = [first]
            while (d := _plus_months(nominal[-1], 3, c.due_day)) <= end:
                nominal.append(d)
            return _moved(cal, nominal, Repeat(Freq.MONTHLY, tuple(nominal), 3, month_days=(c.due_day,), until=until))
        if c.every == "quarter":  # every three months from the start or the last execution
            first = _plus_months(base, 3, -1 if base.day > 28 else base.day)
            nominal = [first]
            while (d := _plus_months(nominal[-1], 3, -1 if base.day > 28 else base.day)) <= end:
                nominal.append(d)
            return _moved(
                cal,
                nominal,
                Repeat(Freq.MONTHLY, tuple(nominal), 3, month_days=(-1 if base.day > 28 else base.day,), until=until),
            )
        if c.every == "day" and c.skip_holidays:  # working days outside the school holidays: the dates themselves
            first = _daily_first(ctx, base)
            last_day = max(end, first)
            days = tuple(d for d in _days(first, last_day) if cal.is_working(d) and not any(a <= d <= b for a, b in ctx.holidays))
            return (days, Repeat(None, days, until=until)) if days else None
        if c.every == "term":
            dates = []
            for p in ctx.periods:
                if (last is None and p.to >= start) or (last is not None and p.to > last):
                    dates.append(add_working_days(cal, p.to, c.working_days) if c.working_days else p.to)
            dates = [d for d in dates if until is None or d <= until]
            moved = tuple(sorted({cal.on_or_after(d) for d in dates}))
            return (moved, Repeat(None, tuple(dates), until=until)) if moved else None
        if c.every == "day":
            first = _daily_first(ctx, base)
            last_day = max(end, first)
            nominal = [first] + [d for d in _days(first + dt.timedelta(days=1), last_day) if d.weekday() < 5]
            occurrences = tuple(d for d in _days(first, last_day) if cal.is_working(d))
            return (
                (occurrences, Repeat(Freq.WEEKLY, tuple(nominal), weekdays=(0, 1, 2, 3, 4), until=until)) if occurrences else None
            )
        if c.every == "week":
            step = dt.timedelta(days=7 * c.interval)
            if c.weekday is not None:
                ahead = (c.weekday - base.weekday()) % 7
                if last is None:  # the first such weekday after the start
                    first = base + dt.timedelta(days=ahead or 7)
                else:  # an execution counts for the nearest such weekday (Thursday or Saturday: for Friday)
                    first = last + dt.timedelta(days=ahead if ahead <= 3 else ahead - 7) + step
                weekdays: tuple[int, ...] = (c.weekday,)
            else:  # «не реже раза в неделю»: a week after the last execution, then after each due date
                first = cal.on_or_after(base + step)
                weekdays = ()
            nominal = _stepping(first, end, step)
            return _moved(cal, nominal, Repeat(Freq.WEEKLY, tuple(nominal), c.interval, weekdays, until=until))
        if c.day_of_month is not None:
            n = c.day_of_month
            if last is None and base.day <= day_in_month(base, n).day:
                first = day_in_month(base, n)
            else:
                first = _plus_months(base, 1, n)
            nominal = _monthly(first, end, n)
            if n <= 28:
                rule = Repeat(Freq.MONTHLY, tuple(nominal), month_days=(n,), until=until)
            elif n == 31:
                rule = Repeat(Freq.MONTHLY, tuple(nominal), month_days=(-1,), until=until)
            else:
                rule = Repeat(Freq.MONTHLY, tuple(nominal), month_days=tuple(range(28, n + 1)), set_pos=-1, until=until)
            return _moved(cal, nominal, rule)
        if c.every == "month":  # the same day of the next month (the 29th–31st: the month's last day)
            day = -1 if base.day > 28 else base.day
            first = _plus_months(base, 1, day)
            nominal = _monthly(first, end, day)
            return _moved(cal, nominal, Repeat(Freq.MONTHLY, tuple(nominal), month_days=(day,), until=until))
        if c.every == "year":
            first = _add_years(base, 1)
            nominal = [first]
            k = 1
            while (d := _add_years(first, k)) <= end:
                nominal.append(d)
                k += 1
            if (first.month, first.day) == (2, 28) and base.month == 2 and base.day == 29:
                return _moved(cal, nominal, Repeat(None, tuple(nominal), until=until))
            return _moved(cal, nominal, Repeat(Freq.YEARLY, tuple(nominal), until=until))
    except (OverflowError, ValueError):  # past 9999-12-31: nothing due within the calendar
        return None
    return None


def _daily_first(ctx: _Context, base: dt.date) -> dt.date:
    """The first working day after ``base``, but not before the year preceding the horizon's: a
    daily series lists its days one by one, so the span walked is at most three years,
    whatever the dates (a regulation in force until 9999-12-31)."""
    window = dt.date(max(ctx.horizon_end.year - 2, 1), 1, 1)
    return add_working_days(ctx.cal, max(base, window - dt.timedelta(days=1)), 1)


def _nth_of_month_after(day: dt.date, weekday: str, week: int) -> dt.date:
    """The ``week``-th ``weekday`` of the month after ``day``'s."""
    ym = YearMonth.of(day).plus(1)
    return nth_weekday(ym.start.year, ym.start.month, weekday, week)


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        if day == dt.date.max:  # the day after 9999-12-31 cannot be counted
            return
        day += dt.timedelta(days=1)


def _stepping(first: dt.date, end: dt.date, step: dt.timedelta) -> list[dt.date]:
    out, day = [], first
    while day <= end:
        out.append(day)
        if dt.date.max - day < step:  # no further step within the calendar
            break
        day += step
    return out or [first]


def _monthly(first: dt.date, end: dt.date, month_day: int) -> list[dt.date]:
    out, k = [first], 1
    while (d := _plus_months(first, k, month_day)) <= end:
        out.append(d)
        k += 1
    return out


def _moved(cal: WorkCalendar, nominal: list[dt.date], rule: Repeat) -> tuple[tuple[dt.date, ...], Repeat] | None:
    """The nominal dates each moved to the working day on or after it; past ``until``: none."""
    if rule.until is not None:
        nominal = [d for d in nominal if d <= rule.until]
        rule = Repeat(rule.freq, tuple(nominal), rule.interval, rule.weekdays, rule.month_days, rule.set_pos, rule.until)
    if not nominal:
        return None
    return tuple(sorted({cal.on_or_after(d) for d in nominal})), rule
