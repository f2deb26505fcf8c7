"""Recording progress and formatting: the YAML is edited in place, by ruamel.yaml round-trip.

Comments, key order, quoting, blank lines and indentation survive, so changing one field
is a one-line diff.  Every edit

* runs under a lock on the data folder, and checks that the file did not change on disk
  while it was being edited, so two edits racing on one file never lose either change;
* validates the whole data folder with the edit applied before anything is written;
* writes atomically: a failed edit leaves the file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.tokens import CommentToken

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import DUTY_DOCUMENTS, item_numbers, measure_numbers, role_name
from elzhur_rollout.core.models import DOCUMENTS, Duty, Measure, field_names, nested_models
from elzhur_rollout.core.values import MeasureStatus
from elzhur_rollout.errors import EditError, FileError, LoadFailed
from elzhur_rollout.findings import finding
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.lang.references import plain_text
from elzhur_rollout.source.files import data_lock, read_regular, remove_stale_temporaries, write_atomically
from elzhur_rollout.source.loading import FILES, load_bundle, shown_path
from elzhur_rollout.source.yaml_reader import _syntax_message, decode

BOM = b"\xef\xbb\xbf"
UNCHANGED_BROKEN = "Данные не изменены: сначала исправьте ошибки в файлах."


def round_trip_yaml() -> YAML:
    """ruamel.yaml set up to write back what it read: quotes kept, no line wrapping, the
    indentation of the bundled files (2 for mappings, list items indented by 2), null as
    ``null``."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None), lambda rep, _value: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
    yaml.representer.add_representer(NotADate, lambda rep, value: rep.represent_scalar("tag:yaml.org,2002:timestamp", str(value)))
    return yaml


class NotADate(str):
    """A plain scalar that looks like a date but is none (``2020-02-31``, ``9999-99-99``): the
    loader reads it as text (an order's number may be such text), and so must the round trip,
    writing it back exactly as it was."""


def _timestamp(constructor: Any, node: Any) -> Any:
    from ruamel.yaml.constructor import RoundTripConstructor  # lazy: a standard module used only here

    try:
        return RoundTripConstructor.construct_yaml_timestamp(constructor, node)
    except (ValueError, OverflowError):
        return NotADate(node.value)


def load_round_trip(yaml: YAML, raw: bytes, path: Path) -> Any:
    """The round-trip document of a file the loader already accepted.  ruamel's own scanner is
    stricter in a few corners than libyaml's (a tab before «:»): what it refuses is a located
    finding, not a crash."""

    try:
        return yaml.load(decode(raw))
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _syntax_message(err)
    except (YAMLError, RecursionError):
        line, col, message = 1, 1, "синтаксическая ошибка YAML; проверьте файл"
    raise LoadFailed(findings=[finding(shown_path(path), line, col, "yaml-syntax", message)])


def dump(yaml: YAML, doc: Any) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


@dataclass
class Edit:
    """What an edit did, for the user: the file and a Russian sentence."""

    file: Path
    message: str


def edit_file(folder: Path, kind: str, change: Callable[[Any, Bundle], str]) -> Edit:
    """Apply ``change`` (which mutates the round-trip document and returns a message) to one
    data file, validate the result with the other files, and write it atomically."""
    path = folder / FILES[kind]
    yaml = round_trip_yaml()
    try:
        if not folder.is_dir():
            load_bundle(folder)  # raises LoadFailed with the located «папка не найдена»
        with data_lock(folder, [path]):
            remove_stale_temporaries(folder, list(FILES.values()), older_than=0)  # only a killed run leaves them
            bundle = load_bundle(folder)
            raw = read_regular(path)
            doc = load_round_trip(yaml, raw, path)
            message = change(doc, bundle)
            new = (BOM if raw.startswith(BOM) else b"") + dump(yaml, doc).encode("utf-8")
            try:
                load_bundle(folder, replace={kind: new})
            except LoadFailed as failed:
                first = failed.findings[0]
                raise EditError(f"после изменения {FILES[kind]} не проходит проверку: {first.message}") from None
            if read_regular(path) != raw:  # the content, not a time stamp: under the lock it never differs
                raise EditError(f"{FILES[kind]} изменился на диске во время правки; повторите команду")
            if new != raw:
                write_atomically({path: new}, stale_after=0, within=folder)
    except LoadFailed as failed:
        raise LoadFailed(findings=failed.findings, closing=UNCHANGED_BROKEN) from None
    except FileError as err:
        raise EditError(err.message) from None
    return Edit(path, message)


def put(mapping: CommentedMap, key: str, value: Any, model: type[BaseModel]) -> None:
    """Set ``key``; a new key goes where the schema's order puts it."""
    if key in mapping:
        mapping[key] = value
        return
    order = field_names(model)
    before = order[: order.index(key)] if key in order else order
    position = 0
    for i, existing in enumerate(mapping):
        if existing in before:
            position = i + 1
    last = list(mapping)[-1] if len(mapping) else None
    mapping.insert(position, key, value)
    if last is not None and position == len(mapping) - 1:
        _move_trailing_lines(_after(mapping, last), _after(mapping, key)[-1])


def _move_trailing_lines(holders: list[tuple[dict[Any, Any], Any, int]], to: tuple[dict[Any, Any], Any, int]) -> None:
    """The blank and comment lines after a mapping's (or a list's) last value end it, not that
    value: when a key or an item is appended after it, they move from where ruamel keeps them
    (``holders``, see :func:`_chain`) to ``to``, after the new last value (else the new one
    would land after the blank line that separated the mapping from what follows)."""
    for items, slot, index in holders:
        entry: list[Any] = items.get(slot) or []
        token = entry[index] if len(entry) > index else None
        if token is None or not isinstance(getattr(token, "value", None), str):
            continue
        eol, newline, rest = token.value.partition("\n")
        if not newline or not rest:
            continue
        if eol.strip():
            token.value = eol + "\n"
        else:
            entry[index] = None
        items_to, slot_to, index_to = to
        target: list[Any] = items_to.setdefault(slot_to, [None, None, None, None])
        while len(target) <= index_to:
            target.append(None)
        target[index_to] = CommentToken("\n" + rest, CommentMark(0), None)
        return


def append(seq: CommentedSeq, value: Any) -> None:
    """Append ``value`` to a block list; the lines that followed its last item follow the new one."""
    seq.append(value)
    if len(seq) > 1:
        _move_trailing_lines(_chain(seq[-2], [(seq.ca.items, len(seq) - 2, 0)]), (seq.ca.items, len(seq) - 1, 0))


# --------------------------------------------------------------------------- progress


def _check_date(when: dt.date, today: dt.date, bundle: Bundle) -> None:
    if when > today:
        raise EditError(f"дата {ru.short_date(when)} ещё не наступила (сегодня {ru.short_date(today)})")
    start = bundle.order.document.date
    if when < start:
        raise EditError(f"дата {ru.short_date(when)} раньше приказа ({ru.short_date(start)})")


def _measure(doc: Any, bundle: Bundle, measure: str) -> CommentedMap:
    ids = [m.id for m in bundle.plan.measures]
    if measure not in ids:
        printed = next((key for key, number in measure_numbers(bundle).items() if number == measure), None)
        if printed is not None:  # the number printed in the plan, not the id the commands take
            raise EditError(
                f"мероприятия с id {measure} в плане нет; под номером {measure} в плане напечатано мероприятие "
                f"с id {printed}, а команды принимают id: укажите {printed}"
            )
        raise EditError(f"мероприятия {measure} нет в плане; есть: {', '.join(ids)}")
    item: CommentedMap = doc["measures"][ids.index(measure)]
    return item


def noted(old: str | None, day: dt.date, text: str) -> str:
    """A note with a history: a new note is added after the old one with its date, so
    nothing a person typed disappears (``Приказ № 201; 01.07.2020: протокол № 3``)."""
    if not old:
        return text
    return f"{old.rstrip()}; {ru.short_date(day)}: {text}"


ITEM_ARG = re.compile(r"^п(?:ункт)?\.?\s*(\d+(?:\.\d+)*)\.?$")


def set_status(
    folder: Path, measure: str, status: MeasureStatus, today: dt.date, when: dt.date | None = None, note: str | None = None
) -> Edit:
    """done / in_progress / cancelled / planned (reopen), with the refusals a user expects; a
    measure of the plan by its id, or an order item with a deadline as «п5» / «п3.1»."""
    if note is not None and not note.strip():  # the user's value is at fault, not plan.yaml
        why = (
            "напишите, почему мероприятие отменено"
            if status is MeasureStatus.CANCELLED
            else "напишите примечание или уберите --note"
        )
        raise EditError(f"значение --note пустое; {why}")
    item_arg = ITEM_ARG.match(measure.strip())
    if item_arg:
        number = item_arg.group(1)

        def change_item(doc: Any, bundle: Bundle) -> str:
            for path, n, item in item_numbers(bundle.order.items):
                if n == number:
                    if item.deadline is None and not item.responsible:
                        raise EditError(f"у пункта {number} приказа нет срока и ответственных: отмечать его выполнение не нужно")
                    return _apply_status(
                        _order_items(doc, path), item, f"пункт {number} приказа", f"п{number}", status, today, when, note, bundle
                    )
            known = ", ".join(n for _p, n, it in item_numbers(bundle.order.items) if it.deadline or it.responsible)
            raise EditError(f"пункта {number} в приказе нет; пункты со сроком или ответственными: {known or 'нет'}")

        return edit_file(folder, "order", change_item)

    def change(doc: Any, bundle: Bundle) -> str:
        item = _measure(doc, bundle, measure)
        current = bundle.plan.measures[[m.id for m in bundle.plan.measures].index(measure)]
        if status is MeasureStatus.DONE and current.recurs is not None and current.status is not MeasureStatus.CANCELLED:
            return _record_execution(item, current, f"мероприятие {measure}", today, when, note, bundle)
        return _apply_status(item, current, f"мероприятие {measure}", measure, status, today, when, note, bundle)

    return edit_file(folder, "plan", change)


def _apply_status(
    item: CommentedMap,
    current: Any,
    what: str,
    arg: str,
    status: MeasureStatus,
    today: dt.date,
    when: dt.date | None,
    note: str | None,
    bundle: Bundle,
) -> str:
    """Change the status of a measure or an order item (``what``: «мероприятие 3», «пункт 5
    приказа»; ``arg``: how the commands name it)."""
    model = type(current)
    if status is MeasureStatus.DONE:
        if current.status is MeasureStatus.DONE:
            done = f" {ru.short_date(current.done_on)}" if current.done_on else ""
            raise EditError(f"{what} уже отмечено выполненным{done}")
        if current.status is MeasureStatus.CANCELLED:
            raise EditError(f"{what} отменено; сначала rollout reopen {arg}")
        day = when or today
        _check_date(day, today, bundle)
        put(item, "status", MeasureStatus.DONE.value, model)
        put(item, "done_on", day, model)
        if note:
            put(item, "note", noted(current.note, day, note), model)
        return f"{ru.cap(what)}: выполнено {ru.short_date(day)}."
    if status is MeasureStatus.IN_PROGRESS:
        if current.status is not MeasureStatus.PLANNED:
            raise EditError(
                f"{what} уже «{ru.STATUS_RU[current.status]}»; начать можно только то, что «{ru.STATUS_RU[MeasureStatus.PLANNED]}»"
            )
        put(item, "status", MeasureStatus.IN_PROGRESS.value, model)
        return f"{ru.cap(what)}: {ru.STATUS_RU[MeasureStatus.IN_PROGRESS]}."
    if status is MeasureStatus.CANCELLED:
        if current.status is MeasureStatus.CANCELLED:
            raise EditError(f"{what} уже отменено")
        if current.status is MeasureStatus.DONE:
            raise EditError(f"{what} уже выполнено; отменить можно только невыполненное")
        put(item, "status", MeasureStatus.CANCELLED.value, model)
        put(item, "note", noted(current.note, today, note or ""), model)
        return f"{ru.cap(what)}: отменено ({note})."
    # reopen
    if not current.status.closed:
        raise EditError(f"{what} не закрыто (статус — «{ru.STATUS_RU[current.status]}»)")
    put(item, "status", MeasureStatus.PLANNED.value, model)
    if "done_on" in item:
        del item["done_on"]
    if current.note:  # the note stays, with a dated line that says it no longer holds
        was = "выполнено" if current.status is MeasureStatus.DONE else "отменено"
        put(item, "note", noted(current.note, today, f"возвращено в план (было: {was})"), model)
    if current.recurs is not None:  # its state is its periods'
        return f"{ru.cap(what)}: возвращено в план; выполнение снова отмечается по периодам."
    return f"{ru.cap(what)}: снова {ru.STATUS_RU[MeasureStatus.PLANNED]}."


def _record_execution(
    item: CommentedMap, current: Measure, what: str, today: dt.date, when: dt.date | None, note: str | None, bundle: Bundle
) -> str:
    """A recurring row of the plan: the execution is added to ``executions`` (the row stays
    open); the message names the period it marks and the next term."""
    from elzhur_rollout.core.agenda import (
        execution_marks,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    day = when or today
    _check_date(day, today, bundle)
    if day in current.executions:
        raise EditError(f"{what}: выполнение {ru.short_date(day)} уже отмечено")
    _after_last(
        day, current.last_done, "последнее выполнение уже отмечено позже", f"{what}: выполнение {ru.short_date(day)} уже отмечено"
    )
    marks = execution_marks(bundle, current, day, today)
    at = next((k for k, m in enumerate(marks) if m.done_on == day), None)
    if at is None:  # it would mark no period: kept in the file, it would count for nothing
        last = next((m for m in marks if current.last_done is not None and m.done_on == current.last_done), None)
        if last is not None:  # the day falls in the period the last execution already marks
            after = next((m.due for m in marks if m.done_on is None and m.due > last.due), None)
            raise EditError(
                f"{what}: выполнение {ru.execution_for(last)} уже отмечено {ru.short_date(last.done_on)}"
                + (f"; следующий срок — {ru.short_date(after)}" if after else "")
            )
        first = next((m for m in marks if m.done_on is None and not m.missed), None)
        nearest = f" (ближайший — {ru.period_name(first)}, срок {ru.short_date(first.due)})" if first else ""
        raise EditError(f"{what}: выполнение {ru.short_date(day)} не приходится ни на один период{nearest}; проверьте дату")
    if "executions" in item:
        append(item["executions"], day)
    else:
        put(item, "executions", CommentedSeq([day]), type(current))
    if note:
        put(item, "note", noted(current.note, day, note), type(current))
    before = max((k for k, m in enumerate(marks[:at]) if m.done_on is not None), default=-1)
    missed = [ru.period_name(m) for m in marks[before + 1 : at]]
    after = next((m.due for m in marks[at + 1 :]), None)
    return ru.execution_recorded(ru.cap(what), f" {ru.execution_for(marks[at])}", day, missed, after)


@dataclass(frozen=True)
class _DutyAt:
    """A recurring duty as the edit commands address it: a role's duty (``РОЛЬ ОБЯЗАННОСТЬ``)
    or one written in an order item or a paragraph (``приказ 8``, ``регламент 3.1``)."""

    path: tuple[Any, ...]  # of the mapping that holds recurs, last_done and last_event
    label: str  # «Классный руководитель», «Пункт 8 приказа»
    duty: Duty
    model: type[BaseModel]  # of that mapping, for the order of a new key


def _document_word(role: str) -> str:
    """«Приказ», « приказ » → «приказ»: the words that name a document, whatever their case; a
    role's key stays as typed."""
    word = role.strip().lower()
    return word if word in DUTY_DOCUMENTS else role


def _duty_at(bundle: Bundle, role: str, duty: str) -> _DutyAt:
    """The duty ``duty`` of the role ``role``, or the one of an order item or a paragraph."""
    document = DUTY_DOCUMENTS.get(role)
    if document is not None:
        from elzhur_rollout.core.domain import (
            tracked_duties,  # lazy: only this command needs it; keeps the start-up of the others light
        )

        noun = "приказа" if document == "order" else "регламента"
        written = ITEM_ARG.match(duty.strip())  # «п8», «п. 8», «пункт 8» as done takes an order item
        number = written.group(1) if written else duty.strip().rstrip(".")
        found = [t for t in tracked_duties(bundle) if t.address == f"{role} {number}"]
        if not found:
            numbers = [t.number for t in tracked_duties(bundle) if t.document == document and t.number]
            known = ", ".join(numbers) or "нет"
            if not re.fullmatch(r"\d{1,6}(?:\.\d{1,6})*", number):
                shown = duty if len(duty) <= 40 else duty[:39] + "…"
                raise EditError(f"«{shown}» — не номер пункта {noun}; пункты с периодической обязанностью (recurs): {known}")
            raise EditError(f"в пункте {number} {noun} нет периодической обязанности (recurs); есть: {known}")
        node: Any = bundle.order if document == "order" else bundle.regulation
        for part in found[0].path:
            node = node[part] if isinstance(part, int) else getattr(node, part)
        return _DutyAt(found[0].path, found[0].label, found[0].duty, type(node))
    roles = bundle.regulation.roles
    if role not in roles:
        raise EditError(f"роли «{role}» нет в регламенте; есть: {', '.join(roles)}")
    duties = roles[role].duties
    ids = {d.id: i for i, d in enumerate(duties) if d.id}
    if duty in ids:
        index = ids[duty]
    elif duty.isascii() and duty.isdigit() and len(duty) <= 6 and 1 <= int(duty) <= len(duties):
        index = int(duty) - 1
    else:
        known = ", ".join(list(ids) + [f"1–{len(duties)}"]) if duties else "обязанностей нет"
        shown = duty if len(duty) <= 40 else duty[:39] + "…"
        digits = " (номер пишется цифрами 0–9)" if duty.isdigit() and not duty.isascii() else ""
        raise EditError(
            f"у роли «{role_name(roles[role].title)}» нет обязанности «{shown}»{digits}; укажите id или номер: {known}"
        )
    current = duties[index]
    if current.recurs is None:
        raise EditError(f"обязанность «{plain_text(bundle, current.text)}» не периодическая: отмечать её выполнение не нужно")
    return _DutyAt(("roles", role, "duties", index), role_name(roles[role].title), current, type(current))


def duty_done(folder: Path, role: str, duty: str, today: dt.date, when: dt.date | None = None) -> Edit:
    """Record the last execution of a recurring duty: a role's, named by its id or its number
    in the role, or one written in an order item (``приказ 4``) or a paragraph of the
    regulation (``регламент 6``, ``регламент 3.1``)."""
    role = _document_word(role)

    def change(doc: Any, bundle: Bundle) -> str:
        t = _duty_at(bundle, role, duty)
        day = when or today
        _check_date(day, today, bundle)
        _after_last(
            day,
            t.duty.last_done,
            "последнее выполнение уже отмечено позже",
            f"выполнение обязанности {ru.short_date(day)} уже отмечено",
        )
        put(_order_items(doc, t.path), "last_done", day, t.model)
        return f"{t.label}: «{plain_text(bundle, t.duty.text)}» — выполнено {ru.short_date(day)}."

    return edit_file(folder, DUTY_DOCUMENTS.get(role, "regulation"), change)


def event_happened(folder: Path, role: str, duty: str, today: dt.date, when: dt.date | None = None) -> Edit:
    """Record that the event a duty's term counts from happened (``last_event``): the duty is
    then due ``working_days`` working days after it, until its execution is recorded."""
    from elzhur_rollout.core.agenda import (
        after_event_due,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    role = _document_word(role)

    def change(doc: Any, bundle: Bundle) -> str:
        t = _duty_at(bundle, role, duty)
        r = t.duty.recurs
        if r is None or r.after_event is None:
            raise EditError(
                f"срок обязанности «{plain_text(bundle, t.duty.text)}» не считается от события (в recurs нет after_event): "
                f"записывать событие не нужно; выполнение отмечает rollout duty-done {role} {duty}"
            )
        day = when or today
        _check_date(day, today, bundle)
        _after_last(
            day,
            t.duty.last_event,
            "последнее событие уже записано позже",
            f"событие «{r.after_event}» {ru.short_date(day)} уже записано",
        )
        put(_order_items(doc, t.path), "last_event", day, t.model)
        due = after_event_due(bundle, r, day, today)
        return ru.event_recorded(t.label, plain_text(bundle, t.duty.text), r.after_event, day, due)

    return edit_file(folder, DUTY_DOCUMENTS.get(role, "regulation"), change)


def _after_last(day: dt.date, last: dt.date | None, later: str, same: str) -> None:
    """A new dated mark comes after the last one: refused when earlier (``later``: the last
    date follows) or on the same day (``same``)."""
    if last is not None and day < last:
        raise EditError(f"{later}: {ru.short_date(last)}")
    if day == last:
        raise EditError(same)


def _order_items(doc: Any, path: tuple[Any, ...]) -> Any:
    node = doc
    for part in path:
        node = node[part]
    return node


def data_entered(
    folder: Path, category: str, entered: int, today: dt.date, total: int | None = None, when: dt.date | None = None
) -> Edit:
    """Counts of entered records for order item 3.1: never personal data."""

    def change(doc: Any, bundle: Bundle) -> str:
        for path, number, item in item_numbers(bundle.order.items):
            for k, cat in enumerate(item.data_entry):
                if cat.category != category:
                    continue
                day = when or today
                _check_date(day, today, bundle)
                limit = total if total is not None else cat.total
                if limit is not None and entered > limit:
                    raise EditError(f"внесено ({entered}) не может быть больше, чем всего ({limit})")
                node = _order_items(doc, path)["data_entry"][k]
                model = type(cat)
                put(node, "entered", entered, model)
                if total is not None:
                    put(node, "total", total, model)
                put(node, "as_of", day, model)
                shown = f"{entered} из {limit}" if limit is not None else str(entered)
                return f"Пункт {number}: внесены данные {cat.text}: {shown} на {ru.short_date(day)}."
        known = sorted({c.category for _p, _n, it in item_numbers(bundle.order.items) for c in it.data_entry})
        raise EditError(f"категории «{category}» нет в приказе (data_entry); есть: {', '.join(known) or 'никаких'}")

    return edit_file(folder, "order", change)


def data_updated(folder: Path, today: dt.date, when: dt.date | None = None) -> Edit:
    """The date of the last update of the data (order item 3.2)."""

    def change(doc: Any, bundle: Bundle) -> str:
        for path, number, item in item_numbers(bundle.order.items):
            if item.updates is None:
                continue
            day = when or today
            _check_date(day, today, bundle)
            if item.updates.last_update and day < item.updates.last_update:
                raise EditError(f"последняя актуализация уже отмечена позже: {ru.short_date(item.updates.last_update)}")
            put(_order_items(doc, path)["updates"], "last_update", day, type(item.updates))
            return f"Пункт {number}: данные актуализированы {ru.short_date(day)}."
        raise EditError("в приказе нет пункта с отслеживанием актуализации (updates)")

    return edit_file(folder, "order", change)


# --------------------------------------------------------------------------- canonical format


def _chain(node: Any, holders: list[tuple[dict[Any, Any], Any, int]]) -> list[tuple[dict[Any, Any], Any, int]]:
    """Every place ruamel may keep the comment lines that follow ``node``: with its last key
    or item, at each level down to the last scalar (a list turned from flow to block style
    keeps them one level up)."""
    while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):
        if isinstance(node, CommentedMap):
            last = list(node)[-1]
            holders.append((node.ca.items, last, 2))
            node = node[last]
        else:
            holders.append((node.ca.items, len(node) - 1, 0))
            node = node[-1]
    return holders


def _after(mapping: CommentedMap, key: Any) -> list[tuple[dict[Any, Any], Any, int]]:
    """Where the comment lines between ``key``'s value and the next key may be kept."""
    return _chain(mapping[key], [(mapping.ca.items, key, 2)])


def _take_leading_comments(mapping: CommentedMap, keys: list[Any]) -> dict[Any, str]:
    """The full-line comments written just above each key (but the first), removed from where
    ruamel keeps them (after the previous key's value), so that they can travel with the key."""
    out: dict[Any, str] = {}
    for prev, key in itertools.pairwise(keys):
        node = mapping[prev]
        while isinstance(node, (CommentedMap, CommentedSeq)) and len(node):  # some are kept as the end of a list
            end = getattr(node.ca, "end", None)
            if end:
                out[key] = out.get(key, "") + "".join(" " * (t.column or 0) + t.value for t in end if isinstance(t.value, str))
                node.ca.end = []
            node = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
        for items, slot, index in _after(mapping, prev):
            entry: list[Any] = items.get(slot) or []
            token = entry[index] if entry and len(entry) > index else None
            if token is None or not isinstance(getattr(token, "value", None), str) or "\n" not in token.value:
                continue
            eol, _nl, rest = token.value.partition("\n")
            if not rest.strip():
                continue
            out[key] = out.get(key, "") + rest
            if eol.strip():
                token.value = eol + "\n"
            else:
                entry[index] = None
    return out


def _give_leading_comments(mapping: CommentedMap, keys: list[Any], leading: dict[Any, str], before: Any) -> None:
    """Put each key's comment lines back just above it, in the new order: after the last
    scalar of what now precedes it."""

    for i, key in enumerate(keys):
        text = leading.get(key)
        if not text:
            continue
        if i:
            items, slot, index = _after(mapping, keys[i - 1])[-1]
        elif before is not None and _chain(before, []):
            items, slot, index = _chain(before, [])[-1]
        else:  # the first key of a mapping that is not a list item: a comment line of its own
            lines = [line.strip().removeprefix("#").strip() for line in text.splitlines() if line.strip()]
            column = next((len(line) - len(line.lstrip()) for line in text.splitlines() if line.strip()), 0)
            mapping.yaml_set_comment_before_after_key(key, before="\n".join(lines), indent=column)
            continue
        entry: list[Any] = items.setdefault(slot, [None, None, None, None])
        while len(entry) <= index:
            entry.append(None)
        token = entry[index]
        if token is not None and isinstance(getattr(token, "value", None), str):
            token.value = token.value + ("" if token.value.endswith("\n") else "\n") + text
        else:
            entry[index] = CommentToken("\n" + text, CommentMark(0), None)


def canonical(doc: Any, model: type[BaseModel], before: Any = None) -> None:
    """Keys in schema order, block style everywhere, recursively along the schema.  A comment
    written above a key moves with the key (``before``: the list item before this mapping).
    The values are made canonical first, so that the comments are moved in their final layout."""
    if not isinstance(doc, CommentedMap):
        return
    doc.fa.set_block_style()
    fields = {(f.alias or n): f for n, f in model.model_fields.items()}
    for key, value in doc.items():
        if key not in fields:
            continue
        annotation = fields[key].annotation
        inner = nested_models(annotation)
        if isinstance(value, (CommentedSeq, CommentedMap)):
            value.fa.set_block_style()
        if not inner:
            continue
        if isinstance(value, CommentedSeq):
            for j, item in enumerate(value):
                canonical(item, inner[0], value[j - 1] if j else None)
        elif isinstance(value, CommentedMap) and _is_dict(annotation):
            for item in value.values():
                canonical(item, inner[0])
        elif isinstance(value, CommentedMap):
            canonical(value, inner[0])
    order = field_names(model)
    keys = list(doc)
    wanted = [k for k in order if k in doc] + [k for k in doc if k not in order]
    if wanted != keys:
        leading = _take_leading_comments(doc, keys)
        for key in wanted:
            doc.move_to_end(key)
        _give_leading_comments(doc, wanted, leading, before)


def _is_dict(annotation: Any) -> bool:
    """Whether a field is a mapping of keys to values (people, roles), through Optional."""
    if typing.get_origin(annotation) is dict:
        return True
    return any(
        _is_dict(a) for a in typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType)
    )


def formatted(path: Path, kind: str) -> tuple[bytes, bytes]:
    """(the file as it is, the file in canonical layout)."""
    raw = read_regular(path)
    yaml = round_trip_yaml()
    doc = load_round_trip(yaml, raw, path)
    canonical(doc, DOCUMENTS[kind])
    return raw, (BOM if raw.startswith(BOM) else b"") + dump(yaml, doc).encode("utf-8")


def format_folder(folder: Path, check_only: bool) -> list[Path]:
    """Rewrite the data files canonically (or, with ``check_only``, only say which would change)."""
    load_bundle(folder)  # a file that does not validate is not reformatted
    changed = _reformatted(folder)
    if check_only or not changed:  # only reading: no lock file, so it works in a read-only folder (a pre-commit hook)
        return list(changed)
    try:
        with data_lock(folder, [folder / name for name in FILES.values()]):
            remove_stale_temporaries(folder, list(FILES.values()), older_than=0)
            load_bundle(folder)  # again, under the lock: another edit may have finished meanwhile
            changed = _reformatted(folder)
            if changed:
                write_atomically(changed, stale_after=0, within=folder)
    except FileError as err:
        raise EditError(err.message) from None
    return list(changed)


def _reformatted(folder: Path) -> dict[Path, bytes]:
    changed: dict[Path, bytes] = {}
    for kind, name in FILES.items():
        raw, new = formatted(folder / name, kind)
        if new != raw:
            changed[folder / name] = new
    return changed
