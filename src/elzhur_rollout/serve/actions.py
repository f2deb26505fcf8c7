"""The recording forms of ``rollout serve``: one per recording command, each calling the same
library function as the command line (``api.done``, ``api.start``, …), so the lock, the
minimal YAML diff, the validation and the Russian messages are the command line's own.

An ``Action`` names the data file it edits (the page puts that file's content hash into the
form, so a change made on disk since the page was loaded is refused), its fields (Russian
labels; the values are parsed here into dates, numbers and texts and then checked by the
library) and the call.  A new recording command becomes a form by one ``register(Action(…))``
call: the page, the CSRF and conflict checks, the git commit and the tests that post every
form pick it up.  (The acquaintance sheet's «ознакомлены» is meant to arrive this way.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from elzhur_rollout import api
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import role_name
from elzhur_rollout.core.values import MeasureStatus
from elzhur_rollout.edit.progress import Edit
from elzhur_rollout.errors import UsageError
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.views.status import StatusReport

if TYPE_CHECKING:
    from elzhur_rollout.core.models import Duty

TEXT_LIMIT = 500  # characters of a note or a reason
CHOICE_LIMIT = 200  # characters of a chosen key: more is not a key of ours
COUNT_DIGITS = 9


class FieldKind(StrEnum):
    CHOICE = "choice"  # a <select> of what the data offers
    DATE = "date"  # ДД.ММ.ГГГГ in a text box (a date picker would show the browser's format, 07/01/2020 in English); ГГГГ-ММ-ДД is accepted too
    TEXT = "text"
    COUNT = "count"  # a whole number, 0 or more


@dataclass(frozen=True)
class Field:
    name: str  # the form field's name: never shown
    label: str  # Russian, shown
    kind: FieldKind
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


Values = dict[str, object]  # parsed: dt.date, int, str or None for an empty optional field


@dataclass(frozen=True)
class Action:
    name: str  # the form's address: /record/NAME
    title: str
    button: str
    file: str  # the data file it edits: "plan", "regulation" or "order"
    fields: tuple[Field, ...]
    run: Callable[[Path, Values, dt.date], Edit]
    choices: Callable[[Bundle, StatusReport], dict[str, list[Choice]]] = lambda _b, _r: {}
    # whether the data has anything for this form (an order without data entry has no «внесены данные»)
    applies: Callable[[Bundle], bool] = lambda _b: True
    details: Callable[[Values], list[str]] = lambda _v: []  # lines for the commit message's body
    empty: str = "Сейчас нечего отмечать."  # shown instead of the form when a choice has no options


ACTIONS: list[Action] = []


def register(action: Action) -> Action:
    """Add a recording form to the page (after the ones already there)."""
    if any(a.name == action.name for a in ACTIONS):
        raise ValueError(f"the action {action.name} is registered twice")
    ACTIONS.append(action)
    return action


def find(name: str) -> Action | None:
    return next((a for a in ACTIONS if a.name == name), None)


# --------------------------------------------------------------------------- parsing


_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_RUSSIAN = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")


def parse_date(text: str) -> dt.date:
    iso, russian = _ISO.fullmatch(text), _RUSSIAN.fullmatch(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if russian:
            return dt.date(int(russian[3]), int(russian[2]), int(russian[1]))
    except ValueError:
        pass
    raise ValueError("не дата; пишите ДД.ММ.ГГГГ, например 25.06.2020")


def _clean(text: str) -> str:
    """One line of text: line breaks and other control characters become spaces."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def parse(action: Action, form: Mapping[str, str]) -> Values:
    """The form's values as the library takes them; a UsageError names the field and says
    what to write."""
    out: Values = {}
    for f in action.fields:
        raw = _clean(form.get(f.name, ""))
        if not raw:
            if f.required:
                raise UsageError(f"«{f.label}»: {'выберите значение' if f.kind is FieldKind.CHOICE else 'заполните поле'}")
            out[f.name] = None
            continue
        shown = raw if len(raw) <= 40 else raw[:39] + "…"
        if f.kind is FieldKind.DATE:
            try:
                out[f.name] = parse_date(raw)
            except ValueError as err:
                raise UsageError(f"«{f.label}»: «{shown}» — {err}") from None
        elif f.kind is FieldKind.COUNT:
            if not (raw.isascii() and raw.isdigit()) or len(raw) > COUNT_DIGITS:
                raise UsageError(f"«{f.label}»: «{shown}» — не число; пишите цифрами, например 512")
            out[f.name] = int(raw)
        elif f.kind is FieldKind.TEXT:
            if len(raw) > TEXT_LIMIT:
                raise UsageError(f"«{f.label}»: не длиннее {ru.plural(TEXT_LIMIT, 'знака', 'знаков', 'знаков')}")
            out[f.name] = raw
        else:
            if len(raw) > CHOICE_LIMIT:
                raise UsageError(f"«{f.label}»: такого варианта нет; обновите страницу и выберите из списка")
            out[f.name] = raw
    return out


def _text(values: Values, name: str) -> str:
    value = values[name]
    assert isinstance(value, str)
    return value


def _date(values: Values, name: str) -> dt.date | None:
    value = values.get(name)
    assert value is None or isinstance(value, dt.date)
    return value


def _count(values: Values, name: str) -> int | None:
    value = values.get(name)
    assert value is None or isinstance(value, int)
    return value


# --------------------------------------------------------------------------- choices


def shortened(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _measures(*statuses: MeasureStatus) -> Callable[[Bundle, StatusReport], dict[str, list[Choice]]]:
    def choices(bundle: Bundle, report: StatusReport) -> dict[str, list[Choice]]:
        recorded = {m.id: m.status for m in bundle.plan.measures}
        return {
            "measure": [
                Choice(r.id, f"{r.number}. {shortened(r.short_text)} ({r.state_text})")
                for r in report.measures
                if recorded.get(r.id) in statuses
            ]
        }

    return choices


def _duties(bundle: Bundle, _report: StatusReport) -> dict[str, list[Choice]]:
    out = []
    for key, role in bundle.regulation.roles.items():
        for n, duty in enumerate(role.duties, 1):
            if duty.recurs is not None:
                last = f"; последний раз {ru.short_date(duty.last_done)}" if duty.last_done else ""
                out.append(
                    Choice(
                        f"{key}/{n}",
                        f"{role_name(role.title)}: {shortened(duty.text, 70)} ({ru.recurrence_text(duty.recurs)}{last})",
                    )
                )
    return {"duty": out}


def _after_event(bundle: Bundle, file: str) -> list[Choice]:
    """The duties of ``file`` whose term counts from an event (``recurs.after_event``): a role's
    as «РОЛЬ/НОМЕР», one written in an order item or a paragraph as «приказ/8», «регламент/3.1»."""
    from elzhur_rollout.core.domain import (
        tracked_duties,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    listed: list[tuple[str, str, Duty]] = []
    if file == "regulation":
        listed += [
            (f"{key}/{n}", role_name(role.title), duty)
            for key, role in bundle.regulation.roles.items()
            for n, duty in enumerate(role.duties, 1)
        ]
    word = "приказ" if file == "order" else "регламент"
    listed += [(f"{word}/{t.number}", t.label, t.duty) for t in tracked_duties(bundle) if t.document == file and t.number]
    out = []
    for value, title, duty in listed:
        if duty.recurs is None or duty.recurs.after_event is None:
            continue
        last = f"; последнее событие {ru.short_date(duty.last_event)}" if duty.last_event else ""
        out.append(Choice(value, f"{title}: {shortened(duty.text, 70)} ({ru.recurrence_text(duty.recurs)}{last})"))
    return out


def _categories(bundle: Bundle) -> list[tuple[str, str, int, int | None]]:
    """(key, label, entered, total) of every category of data entry in the order."""
    from elzhur_rollout.core.domain import (
        item_numbers,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    return [
        (cat.category, ru.CATEGORY_RU.get(cat.category, cat.text), cat.entered, cat.total)
        for _path, _number, item in item_numbers(bundle.order.items)
        for cat in item.data_entry
    ]


def _category_choices(bundle: Bundle, _report: StatusReport) -> dict[str, list[Choice]]:
    return {
        "category": [
            Choice(key, f"{label} (сейчас: {entered} из {total})" if total is not None else f"{label} (сейчас: {entered})")
            for key, label, entered, total in _categories(bundle)
        ]
    }


def _has_updates(bundle: Bundle) -> bool:
    from elzhur_rollout.core.domain import (
        item_numbers,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    return any(item.updates is not None for _path, _number, item in item_numbers(bundle.order.items))


# --------------------------------------------------------------------------- the forms

MEASURE = Field("measure", "Мероприятие", FieldKind.CHOICE)


def _done(data: Path, v: Values, today: dt.date) -> Edit:
    note = v.get("note")
    return api.done(data, _text(v, "measure"), today, when=_date(v, "date"), note=note if isinstance(note, str) else None)


def _duty(data: Path, v: Values, today: dt.date) -> Edit:
    role, _, number = _text(v, "duty").rpartition("/")
    return api.duty_done(data, role, number, today, when=_date(v, "date"))


def _event_choices(file: str) -> Callable[[Bundle, StatusReport], dict[str, list[Choice]]]:
    return lambda bundle, _report: {"duty": _after_event(bundle, file)}


def _has_events(file: str) -> Callable[[Bundle], bool]:
    return lambda bundle: bool(_after_event(bundle, file))


def _event(data: Path, v: Values, today: dt.date) -> Edit:
    role, _, number = _text(v, "duty").rpartition("/")
    return api.event(data, role, number, today, when=_date(v, "date"))


def _entered(data: Path, v: Values, today: dt.date) -> Edit:
    count = _count(v, "count")
    assert count is not None
    return api.entered(data, _text(v, "category"), count, today, total=_count(v, "total"), when=_date(v, "date"))


register(
    Action(
        "done",
        "Мероприятие выполнено",
        "Отметить выполненным",
        "plan",
        (
            MEASURE,
            Field("date", "Дата выполнения", FieldKind.DATE),
            Field("note", "Примечание", FieldKind.TEXT, required=False, hint="например, «Протокол № 3»"),
        ),
        _done,
        _measures(MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS),
        details=lambda v: [f"Примечание: {v['note']}"] if v.get("note") else [],
        empty="Невыполненных мероприятий нет.",
    )
)
register(
    Action(
        "start",
        "Работа началась",
        "Отметить начало",
        "plan",
        (MEASURE,),
        lambda data, v, today: api.start(data, _text(v, "measure"), today),
        _measures(MeasureStatus.PLANNED),
        empty="Не начатых мероприятий нет.",
    )
)
register(
    Action(
        "cancel",
        "Мероприятие отменено",
        "Отменить мероприятие",
        "plan",
        (MEASURE, Field("reason", "Причина отмены", FieldKind.TEXT, hint="например, «решение педсовета от 20.06.2020»")),
        lambda data, v, today: api.cancel(data, _text(v, "measure"), today, note=_text(v, "reason")),
        _measures(MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS),
        empty="Отменять нечего: все мероприятия выполнены или отменены.",
    )
)
register(
    Action(
        "reopen",
        "Вернуть в план",
        "Вернуть в план",
        "plan",
        (MEASURE,),
        lambda data, v, today: api.reopen(data, _text(v, "measure"), today),
        _measures(MeasureStatus.DONE, MeasureStatus.CANCELLED),
        empty="Выполненных и отменённых мероприятий нет.",
    )
)
register(
    Action(
        "duty-done",
        "Обязанность выполнена",
        "Отметить выполнение",
        "regulation",
        (Field("duty", "Обязанность", FieldKind.CHOICE), Field("date", "Дата выполнения", FieldKind.DATE)),
        _duty,
        _duties,
        applies=lambda b: any(d.recurs is not None for r in b.regulation.roles.values() for d in r.duties),
    )
)
for _file, _name in (("order", "event"), ("regulation", "event-regulation")):
    register(
        Action(
            _name,
            "Событие, от которого считается срок",
            "Записать событие",
            _file,
            (Field("duty", "Обязанность", FieldKind.CHOICE), Field("date", "Дата события", FieldKind.DATE)),
            _event,
            _event_choices(_file),
            applies=_has_events(_file),
        )
    )
register(
    Action(
        "entered",
        "Внесены данные в журнал",
        "Записать",
        "order",
        (
            Field("category", "Данные", FieldKind.CHOICE),
            Field("count", "Внесено записей", FieldKind.COUNT),
            Field("total", "Всего записей", FieldKind.COUNT, required=False, hint="если известно или изменилось"),
            Field("date", "На дату", FieldKind.DATE),
        ),
        _entered,
        _category_choices,
        applies=lambda b: bool(_categories(b)),
    )
)
register(
    Action(
        "updated",
        "Данные актуализированы",
        "Записать",
        "order",
        (Field("date", "Дата актуализации", FieldKind.DATE),),
        lambda data, v, today: api.updated(data, today, when=_date(v, "date")),
        applies=_has_updates,
    )
)


@dataclass
class FormView:
    """What the page shows of one form: its options, the values in its fields and the answer
    to its last post."""

    action: Action
    choices: dict[str, list[Choice]]
    values: dict[str, str]
    note: object = None  # the answer to the last post of this form (app.Note)
    version: str = ""  # the content hash of the file it edits
    errors: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return all(self.choices.get(f.name) for f in self.action.fields if f.kind is FieldKind.CHOICE)


def form_view(action: Action, bundle: Bundle, report: StatusReport, today: dt.date, typed: Mapping[str, str] | None) -> FormView:
    """The form as the page shows it: today's date in date fields, or what the user typed
    when the last post was refused."""
    values = {f.name: (ru.short_date(today) if f.kind is FieldKind.DATE else "") for f in action.fields}
    if typed:
        values.update({k: v for k, v in typed.items() if k in values})
    return FormView(action, action.choices(bundle, report), values)
