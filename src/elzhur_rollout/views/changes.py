"""What changed between two versions of the documents, by meaning, in Russian words.

«Мероприятие 7: срок июнь → июль», «Мероприятие 4: добавлен ответственный Романенко Г.В.»,
«Инженер-электроник: добавлена обязанность …» — for reviewers who read the plan, not YAML.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

from elzhur_rollout.core import models
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import assignee_name, item_numbers, measure_numbers, role_name
from elzhur_rollout.core.models import Deadline, Measure, Person, Recurrence, nested_models
from elzhur_rollout.core.values import MeasureStatus, State
from elzhur_rollout.lang import vocabulary as ru


@dataclass(frozen=True)
class Change:
    file: str
    subject: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"


def _quote(text: str, limit: int = 80) -> str:
    return f"«{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}»"


def _date(d: Any) -> str:
    return ru.short_date(d) if d else "—"


def _terms(old: Deadline, new: Deadline) -> tuple[str, str]:
    """Two deadlines in words, without the year when both are in the same one."""
    a, b = ru.deadline_text(old), ru.deadline_text(new)
    if a == b:  # the same printed wording (``text``) over a changed tracked form
        a, b = ru.deadline_text(old.model_copy(update={"text": None})), ru.deadline_text(new.model_copy(update={"text": None}))
    if a[-4:].isdigit() and a[-4:] == b[-4:]:
        a, b = a[:-5], b[:-5]
    return a, b


def _name(people: dict[str, Person], key: str) -> str:
    return people[key].short_name if key in people else key


# (the list's name in the genitive plural, a man's title, a woman's title or None)
_ASSIGNEES = {
    "responsible": ("ответственных", "ответственный", "ответственная"),
    "co_executors": ("соисполнителей", "соисполнитель", None),
}


def _keys(field: str, old: list[str], new: list[str], a: Bundle, b: Bundle) -> list[str]:
    """Who came into and who left a list of the responsible or the co-executors, in words that
    agree with the person's gender; a role (by its title), a woman co-executor and a person of
    unknown gender get a wording right for anyone."""
    genitive, his, hers = _ASSIGNEES[field]

    def said(bundle: Bundle, key: str, came: bool) -> str:
        who = assignee_name(bundle, key)
        person = bundle.order.people.get(key)
        gender = person.inferred_gender if person else None
        neutral = f"среди {genitive} {'теперь' if came else 'больше нет'} {who}"
        if came:
            return ru.by_gender(gender, f"добавлен {his} {who}", f"добавлена {hers} {who}" if hers else neutral, neutral)
        return ru.by_gender(gender, f"удалён {his} {who}", f"удалена {hers} {who}" if hers else neutral, neutral)

    out = [said(b, k, True) for k in new if k not in old]
    out += [said(a, k, False) for k in old if k not in new]
    return out


def _measure(old: Measure, new: Measure, a: Bundle, b: Bundle) -> list[str]:
    out = []
    if old.text != new.text:
        out.append(f"текст {_quote(old.text)} → {_quote(new.text)}")
    if old.points != new.points:
        out.append("изменены подпункты")
    if old.deadline != new.deadline:
        before, after = _terms(old.deadline, new.deadline)
        out.append(f"срок {before} → {after}")
    out += _keys("responsible", old.responsible, new.responsible, a, b)
    out += _keys("co_executors", old.co_executors, new.co_executors, a, b)
    if old.status != new.status:
        when = f" ({_date(new.done_on)})" if new.status is MeasureStatus.DONE and new.done_on else ""
        out.append(f"статус «{ru.STATUS_RU[old.status]}» → «{ru.STATUS_RU[new.status]}»{when}")
    elif old.done_on != new.done_on:
        out.append(f"дата выполнения {_date(old.done_on)} → {_date(new.done_on)}")
    for field, label in (("note", "примечание"), ("evidence", "подтверждение")):
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            out.append(f"{label}: {_quote(after) if after else 'удалено'}")
    return out


def _plan(a: Bundle, b: Bundle, file: str) -> list[Change]:
    old = {m.id: m for m in a.plan.measures}
    new = {m.id: m for m in b.plan.measures}
    out = []
    if a.plan.title != b.plan.title:
        out.append(Change(file, "План", f"заголовок {_quote(a.plan.title)} → {_quote(b.plan.title)}"))
    numbers_a, numbers_b = measure_numbers(a), measure_numbers(b)
    for mid, m in new.items():
        subject = ru.cap(ru.measure_ref(numbers_b[mid], key=mid))
        if mid not in old:
            out.append(Change(file, subject, f"добавлено {_quote(m.text)}, срок {ru.deadline_text(m.deadline)}"))
        else:
            out += [Change(file, subject, text) for text in _measure(old[mid], m, a, b)]
    out += [
        Change(file, ru.cap(ru.measure_ref(numbers_a[mid], key=mid)), f"удалено {_quote(m.text)}")
        for mid, m in old.items()
        if mid not in new
    ]
    return out


def _regulation(a: Bundle, b: Bundle, file: str) -> list[Change]:
    ra, rb = a.regulation, b.regulation
    out = []
    if ra.period.until != rb.period.until:
        out.append(
            Change(
                file,
                "Регламент",
                f"действует до {_date(ra.period.until)} → до {_date(rb.period.until)}".replace("до —", "бессрочно"),
            )
        )
    if [c.text for c in ra.clauses] != [c.text for c in rb.clauses]:
        out.append(Change(file, "Регламент", "изменены общие положения"))
    days_a = {e.date: e for e in ra.calendar_exceptions}
    days_b = {e.date: e for e in rb.calendar_exceptions}
    out += [
        Change(file, "Календарь школы", f"{_date(d)} – {'рабочий' if e.working else 'нерабочий'} день ({e.reason})")
        for d, e in days_b.items()
        if days_a.get(d) != e
    ]
    out += [Change(file, "Календарь школы", f"{_date(d)} – исключение удалено") for d in days_a if d not in days_b]
    for key, role in rb.roles.items():
        name = role_name(role.title)
        if key not in ra.roles:
            out.append(Change(file, name, f"добавлена роль ({len(role.duties)} обязанн.)"))
            continue
        before = {d.text: d for d in ra.roles[key].duties}
        after = {d.text: d for d in role.duties}
        out += [Change(file, name, f"добавлена обязанность {_quote(t)}") for t in after if t not in before]
        out += [Change(file, name, f"удалена обязанность {_quote(t)}") for t in before if t not in after]
        for text, duty in after.items():
            if text in before and before[text].last_done != duty.last_done:
                out.append(Change(file, name, f"{_quote(text, 50)} {ru.state_word(State.DONE)} {_date(duty.last_done)}"))
            if text in before and before[text].recurs != duty.recurs:
                out.append(Change(file, name, f"{_quote(text, 50)}: изменена периодичность"))
    out += [Change(file, role_name(role.title), "удалена роль") for key, role in ra.roles.items() if key not in rb.roles]
    return out


def _order(a: Bundle, b: Bundle, file: str) -> list[Change]:
    oa, ob = a.order, b.order
    out = []
    for field, label in (("date", "дата"), ("number", "номер"), ("title", "заголовок"), ("place", "место")):
        before, after = getattr(oa.document, field), getattr(ob.document, field)
        if before != after:
            shown = (_date(before), _date(after)) if field == "date" else (before, after)
            out.append(Change(file, "Приказ", f"{label} {shown[0]} → {shown[1]}"))
    if oa.reporter != ob.reporter:
        who = [_name(o.people, o.reporter) if o.reporter else "по умолчанию" for o in (oa, ob)]
        out.append(Change(file, "Справка о ходе выполнения", f"подписывает {who[0]} → {who[1]}"))
    for key, p in ob.people.items():
        if key not in oa.people:
            out.append(Change(file, "Сотрудники", f"добавлен {p.short_name}, {p.position}"))
        elif oa.people[key] != p:
            q = oa.people[key]
            if q.short_name != p.short_name:
                out.append(Change(file, "Сотрудники", f"{q.short_name} → {p.short_name}"))
            if q.position != p.position:
                out.append(Change(file, p.short_name, f"должность «{q.position}» → «{p.position}»"))
            if q.roles != p.roles:
                out.append(Change(file, p.short_name, f"роли {', '.join(q.roles) or '—'} → {', '.join(p.roles) or '—'}"))
    out += [Change(file, "Сотрудники", f"удалён {p.short_name}") for key, p in oa.people.items() if key not in ob.people]
    group_a = {m.person: m.area for m in oa.working_group}
    group_b = {m.person: m.area for m in ob.working_group}
    for key, area in group_b.items():
        if key not in group_a:
            out.append(Change(file, "Рабочая группа", f"добавлен {_name(ob.people, key)} ({area})"))
        elif group_a[key] != area:
            out.append(Change(file, "Рабочая группа", f"{_name(ob.people, key)}: {_quote(area or '')}"))
    out += [Change(file, "Рабочая группа", f"удалён {_name(oa.people, k)}") for k in group_a if k not in group_b]
    items_a = {number: item for _p, number, item in item_numbers(oa.items)}
    for _path, number, item in item_numbers(ob.items):
        subject = f"Пункт {number}"
        old = items_a.get(number)
        if old is None:
            out.append(Change(file, subject, f"добавлен {_quote(item.text)}"))
            continue
        if old.text != item.text:
            out.append(Change(file, subject, f"текст {_quote(old.text)} → {_quote(item.text)}"))
        cats = {c.category: c for c in old.data_entry}
        for c in item.data_entry:
            before = cats.get(c.category)
            if before is not None and (before.entered, before.total) != (c.entered, c.total):
                total = f" из {c.total}" if c.total is not None else ""
                out.append(Change(file, subject, f"внесены данные {c.text}: {before.entered} → {c.entered}{total}"))
        if old.updates and item.updates and old.updates.last_update != item.updates.last_update:
            out.append(Change(file, subject, f"данные актуализированы {_date(item.updates.last_update)}"))
    numbers_b = {number for _p, number, _i in item_numbers(ob.items)}
    out += [Change(file, f"Пункт {n}", "удалён") for n in items_a if n not in numbers_b]
    return out


def compare(a: Bundle, b: Bundle) -> list[Change]:
    """Changes from ``a`` to ``b``, file by file: the worded changes above, then every other
    difference the generic walk finds (``_rest``), so that nothing that changes a document
    goes unreported however the models grow."""
    out: list[Change] = []
    for kind, worded in (("order", _order), ("plan", _plan), ("regulation", _regulation)):
        file = b.sources[kind].display
        said = worded(a, b, file)
        out += said
        out += _rest(kind, a, b, file, said)
    return out


# --------------------------------------------------------------------------- the generic walk

# Russian names of the fields, by the key as written in YAML; ``Model.key`` where a key means
# different things in different places.  tests/test_hardening.py checks that every field of
# every model has one, so a new field cannot slip past `rollout diff`.
LABELS: dict[str, str] = {
    "schema_version": "версия формата",
    "organization": "организация",
    "full_name": "полное наименование",
    "short_name": "сокращённое наименование",
    "legal_form": "организационно-правовая форма",
    "short_name_forms": "падежные формы наименования",
    "full_name_forms": "падежные формы полного наименования",
    "title_forms": "падежные формы названия",
    "people": "сотрудники",
    "surname": "фамилия",
    "first_name": "имя",
    "patronymic": "отчество",
    "initials": "инициалы",
    "gender": "пол",
    "position": "должность",
    "roles": "роли",
    "name_forms": "падежные формы имени",
    "position_forms": "падежные формы должности",
    "document": "реквизиты",
    "kind": "вид",
    "date": "дата",
    "number": "номер",
    "place": "место издания",
    "title": "заголовок",
    "approvals": "грифы",
    "body": "кем согласовано или утверждено",
    "person": "сотрудник",
    "basis": "основания",
    "issuer": "кто издал",
    "issuer_genitive": "кто издал (в родительном падеже)",
    "purpose": "цель (преамбула)",
    "items": "подпункты",
    "text": "текст",
    "bullets": "перечисление",
    "deadline": "срок",
    "working_group": "рабочая группа",
    "appendix": "утверждает приложение",
    "data_entry": "внесение данных",
    "category": "категория",
    "entered": "внесено",
    "total": "всего",
    "as_of": "на дату",
    "updates": "актуализация",
    "within_days": "срок актуализации, дней",
    "last_update": "последняя актуализация",
    "area": "направление работы",
    "appendices": "приложения",
    "key": "ключ",
    "paragraphs": "абзацы",
    "code": "регистрационный код",
    "revision": "новая редакция",
    "sections": "разделы",
    "label": "номер как в документе",
    "rows": "строки циклограммы",
    "role": "роль",
    "frequency": "периодичность",
    "task": "содержание работы",
    "Section.duties": "раздел с обязанностями",
    "control": "контроль за исполнением",
    "signatory": "подписывает",
    "measures": "мероприятия",
    "id": "номер",
    "points": "подпункты",
    "responsible": "ответственные",
    "co_executors": "соисполнители",
    "status": "статус",
    "done_on": "дата выполнения",
    "note": "примечание",
    "evidence": "подтверждение",
    "month": "месяц",
    "from": "с",
    "to": "по",
    "until": "до",
    "then": "далее",
    "every": "периодичность",
    "day_of_month": "число месяца",
    "when": "условие",
    "since": "начиная с",
    "end_of": "до окончания периода",
    "school_year": "в течение учебного года",
    "Deadline.text": "срок как напечатан",
    "Recurrence.text": "периодичность как напечатана",
    "interval": "раз в сколько недель",
    "working_days": "рабочих дней после окончания периода",
    "six_day_week": "шестидневная неделя",
    "periods": "учебные периоды",
    "SchoolPeriod.name": "название периода",
    "SchoolPeriod.from": "начало периода",
    "SchoolPeriod.to": "окончание периода",
    "on_demand": "по мере необходимости",
    "period": "срок действия",
    "clauses": "общие положения",
    "duties_intro": "вводная фраза к обязанностям",
    "duties": "обязанности",
    "recurs": "периодичность",
    "last_done": "последнее выполнение",
    "last_event": "последнее событие",
    "executions": "выполнения по периодам",
    "Order.working_group": "состав рабочей группы",
    "OrderItem.working_group": "перечисляет рабочую группу",
    "Order.items": "пункты",
    "Order.document": "реквизиты приказа",
    "Duty.measures": "мероприятия плана",
    "Person.roles": "роли",
    "Approval.person": "подписал гриф",
    "Control.person": "на кого возложен",
    "print": "настройки печати",
    "hyphenation": "переносы",
    "ack_empty_rows": "пустые строки в листе ознакомления",
    "ack_signatory": "подписывающий в листе ознакомления",
    "ack_per_document": "отдельные листы ознакомления",
    "Period.from": "действует с",
    "Period.until": "действует до",
    "Approval.document": "документ",
    "short_name_line": "строка сокращённого наименования",
    "letterhead": "реквизиты бланка",
    "address": "адрес",
    "phone": "телефон",
    "email": "электронная почта",
    "ogrn": "регистрационный номер (ОГРН)",
    "inn": "номер налогоплательщика (ИНН)",
    "date_style": "вид даты",
    "acting": "исполняющий обязанности",
    "acting_for": "за кого исполняет обязанности",
    "acting_title": "должность исполняющего обязанности",
    "side": "сторона грифа",
    "collective": "коллективная роль",
    "acquaintance": "блок «С приказом ознакомлены»",
    "stamps": "расположение грифов",
    "list_punctuation": "знаки в перечнях",
    "reporter": "подписывает справку",
    "platform": "электронный журнал",
    "Platform.name": "название",
    "forms": "падежные формы",
    "alias": "сокращённое название в тексте",
    "url": "адрес в интернете",
    "weekday": "день недели",
    "calendar_exceptions": "календарь школы",
    "working": "рабочий день",
    "reason": "причина",
    "draft": "проект (номер и дата не присвоены)",
    "signed": "подпись",
    "commit": "подписанная ревизия",
    "acquainted": "ознакомлены под подпись",
    "acquaint_within": "срок ознакомления, рабочих дней",
    "amendments": "приказы о внесении изменений",
    "changes": "изменения",
    "quoted": "новый текст",
    "restated": "приложения в новой редакции",
    "named": "впервые названы",
    "Signature.named": "названы в подписанном приказе",
    "base": "изменяемая редакция",
    "result": "отпечаток текста после изменений",
    "confirmed": "периоды подтверждены",
    # the text as written, requisites, tracking that prints nothing
    "holidays": "каникулы",
    "Holiday.name": "название каникул",
    "plan_title": "название роли в клетке плана",
    "holder_title": "название исполнителя роли",
    "constantly": "постоянно",
    "after_event": "срок от события",
    "week": "неделя месяца",
    "due_day": "число месяца после квартала",
    "within": "раз в учебный период",
    "skip_holidays": "без каникул",
    "columns": "столбцы таблицы",
    "numbering": "нумерация строк",
    "responsible_separator": "ответственные в клетке",
    "capital_deadlines": "сроки с заглавной буквы",
    "field": "поле столбца",
    "empty": "пустая клетка",
    "width": "ширина столбца",
    "stage": "этап",
    "cells": "дополнительные столбцы",
    "preamble_end": "конец преамбулы",
    "decree": "распорядительное слово",
    "group_list": "перечень рабочей группы",
    "e_signature": "штамп электронной подписи",
    "visas": "визы",
    "copy_certified": "отметка «Копия верна»",
    "mailing": "рассылка",
    "executor": "исполнитель",
    "filed": "отметка «В дело»",
    "ack_sheet": "лист ознакомления",
    "name": "имя",
    "case": "падеж",
    "Filed.case": "номер дела",
    "copies": "экземпляров",
    "certificate": "сертификат",
    "owner": "владелец",
    "valid_from": "действителен с",
    "valid_to": "действителен по",
    "sheet_line": "строка о листе ознакомления",
    "line": "строка должности",
    "this": "слово перед «приказа» (данного или настоящего)",
    "form": "форма имени",
    "mark": "отметка",
    "approval": "гриф утверждения",
    "approved_by": "кем утверждено",
    "number_sign": "знак «№»",
    "names": "имена",
    "chair_label": "подзаголовок председателя",
    "members_label": "подзаголовок членов",
    "chair": "председатель",
    "deadline_line": "строка срока",
    "revokes": "отменяемый приказ",
    "printed": "печатается",
    "inline": "в конце преамбулы",
    "verb": "слова-связка",
    "year_mark": "сокращение «г.» после даты",
    "protocol": "протокол",
    "higher_body": "вышестоящий орган",
}

# lists whose elements are matched by a key rather than by position
_IDENTITY = {
    "measures": "id",
    "duties": "text",
    "working_group": "person",
    "appendices": "key",
    "data_entry": "category",
    "calendar_exceptions": "date",
}
# values compared whole and shown as one phrase
_WHOLE = {
    "deadline", "recurs", "points", "bullets", "paragraphs", "name_forms", "position_forms", "short_name_forms", "full_name_forms",
    "title_forms",
}  # fmt: skip


def label(model: type[BaseModel] | None, key: str) -> str:
    if model is not None and f"{model.__name__}.{key}" in LABELS:
        return LABELS[f"{model.__name__}.{key}"]
    return LABELS.get(key, key)


def _fields(model: BaseModel) -> list[tuple[str, Any]]:
    return [(f.alias or name, getattr(model, name)) for name, f in type(model).model_fields.items()]


def _show(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.date):
        return ru.short_date(value)
    if isinstance(value, MeasureStatus):
        return f"«{ru.STATUS_RU[value]}»"
    if isinstance(value, Deadline):
        return ru.deadline_text(value)
    if isinstance(value, Recurrence):
        return ru.recurrence_text(value)
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    if isinstance(value, BaseModel):
        for name in ("text", "title", "surname", "key", "body", "issuer", "person"):
            if isinstance(getattr(value, name, None), str):
                return _quote(getattr(value, name))
        return "запись"
    return str(value)


Diff = tuple[tuple[Any, ...], str, Any, Any]  # (path, what: changed/added/removed/order, old, new)


def common_ends(a: Sequence[Any], b: Sequence[Any]) -> tuple[int, int]:
    """How many leading and (then) trailing elements two sequences share: letters of two
    texts, words of two sentences.  The ends never overlap."""
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def _excerpts(a: str, b: str, limit: int = 80, context: int = 25) -> tuple[str, str]:
    """Two texts quoted; long ones cut to the part that differs, so the change is visible."""
    if len(a) <= limit and len(b) <= limit:
        return _quote(a, limit), _quote(b, limit)
    start, end = common_ends(a, b)
    lo = max(0, start - context)

    def cut(t: str) -> str:
        hi = min(len(t), len(t) - end + context)
        piece = t[lo:hi]
        return f"«{'…' if lo else ''}{piece}{'…' if hi < len(t) else ''}»"

    return cut(a), cut(b)


def _same(a: Any, b: Any) -> bool:
    """Equal, and in the same order: two dicts equal to Python may still print differently
    (the order of ``people`` is the order of the acknowledgement sheet)."""
    if a != b:
        return False
    if isinstance(a, BaseModel):
        return all(_same(getattr(a, n), getattr(b, n)) for n in type(a).model_fields)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_same(x, y) for x, y in zip(a, b, strict=False))
    return True


def _walk(old: Any, new: Any, path: tuple[Any, ...], key: str | None) -> list[Diff]:
    """Every difference between two validated values, field by field, as (path, what, old, new)."""
    if _same(old, new):
        return []
    if key in _WHOLE or type(old) is not type(new) or old is None or new is None:
        return [(path, "changed", old, new)]
    if isinstance(old, BaseModel):
        out: list[Diff] = []
        for (name, a), (_n, b) in zip(_fields(old), _fields(new), strict=True):
            out += _walk(a, b, path + (name,), name)
        return out
    if isinstance(old, dict):
        return _keyed(dict(old), dict(new), path)
    if isinstance(old, list):
        ident = _IDENTITY.get(key or "")
        if ident and all(isinstance(x, BaseModel) for x in old + new):
            a_ids = [getattr(x, ident) for x in old]
            b_ids = [getattr(x, ident) for x in new]
            if len(set(a_ids)) == len(a_ids) and len(set(b_ids)) == len(b_ids):
                return _keyed(dict(zip(a_ids, old, strict=False)), dict(zip(b_ids, new, strict=False)), path)
        if old and new and all(isinstance(x, BaseModel) for x in old + new):
            out = []
            for i, (a, b) in enumerate(zip(old, new, strict=False)):
                out += _walk(a, b, path + (i,), None)
            out += [(path + (i,), "added", None, b) for i, b in enumerate(new[len(old) :], len(old))]
            out += [(path + (i,), "removed", a, None) for i, a in enumerate(old[len(new) :], len(new))]
            return out
        return [(path, "changed", old, new)]
    return [(path, "changed", old, new)]


def _keyed(old: dict[Any, Any], new: dict[Any, Any], path: tuple[Any, ...]) -> list[Diff]:
    out: list[Diff] = []
    for k, b in new.items():
        if k not in old:
            out.append((path + (k,), "added", None, b))
        else:
            out += _walk(old[k], b, path + (k,), None)
    out += [(path + (k,), "removed", a, None) for k, a in old.items() if k not in new]
    common_a = [k for k in old if k in new]
    common_b = [k for k in new if k in old]
    if common_a != common_b:
        out.append((path, "order", common_a, common_b))
    return out


def _place(kind: str, path: tuple[Any, ...], a: Bundle, b: Bundle) -> tuple[str, int]:
    """The subject a reader knows (Мероприятие 4, Пункт 3.1, Инженер-электроник …) and how
    many parts of ``path`` it stands for."""
    head = path[0] if path else None
    if kind == "plan":
        if head == "measures" and len(path) > 1:
            return (f"Мероприятие {path[1]}" if isinstance(path[1], str) else f"Мероприятие в строке {path[1] + 1} плана"), 2
        return "План", 0
    if kind == "regulation":
        if head == "roles" and len(path) > 1:
            role = b.regulation.roles.get(path[1]) or a.regulation.roles.get(path[1])
            return (role_name(role.title) if role else path[1]), 2
        if head == "clauses" and len(path) > 1:
            return f"Регламент, положение {path[1] + 1}", 2
        return "Регламент", 0
    if head == "items" and len(path) > 1:
        numbers, used = [], 0
        while used + 1 < len(path) and path[used] == "items" and isinstance(path[used + 1], int):
            numbers.append(str(path[used + 1] + 1))
            used += 2
        return f"Пункт {'.'.join(numbers)}", used
    if head == "people" and len(path) > 1:
        person = b.order.people.get(path[1]) or a.order.people.get(path[1])
        return (person.short_name if person else path[1]), 2
    if head == "working_group":
        return "Рабочая группа", 1
    if head == "appendices" and len(path) > 1:
        return f"Приложение «{path[1]}»", 2
    if head in ("basis", "approvals") and len(path) > 1 and isinstance(path[1], int):
        return (f"Основание {path[1] + 1}" if head == "basis" else f"Гриф {path[1] + 1} приказа"), 2
    if head == "organization":
        return "Организация", 1
    return "Приказ", 0


_ROOTS = {"order": "Order", "plan": "Plan", "regulation": "Regulation"}


def _labels(kind: str, path: tuple[Any, ...]) -> str:
    """«срок, месяц» for the field names of ``path`` (positions and keys skipped)."""

    model: Any = getattr(models, _ROOTS[kind])
    words = []
    for part in path:
        if not isinstance(part, str) or model is None or not hasattr(model, "model_fields"):
            continue
        fields = {(f.alias or n): f for n, f in model.model_fields.items()}
        if part not in fields:
            continue
        words.append(label(model, part))
        inner = nested_models(fields[part].annotation)
        model = inner[0] if inner else None
    return ", ".join(words)


def _rest(kind: str, a: Bundle, b: Bundle, file: str, said: list[Change]) -> list[Change]:
    """The differences the worded changes did not mention: each with its place and the
    Russian names of its fields."""
    old, new = getattr(a, kind), getattr(b, kind)
    told = {(c.subject, c.message) for c in said}
    out: list[Change] = []
    for path, what, before, after in _walk(old, new, (), None):
        subject, used = _place(kind, path, a, b)
        inner = path[used:]
        words = _labels(kind, path[:used] + inner) if inner else ""
        if used and words.startswith(_labels(kind, path[:used])):
            words = words[len(_labels(kind, path[:used])) :].lstrip(", ")
        if _handled(kind, path, what, before, after):
            continue
        if what == "added":
            message = f"добавлено {_show(after)}" if not inner or len(inner) <= 1 else f"{words}: добавлено {_show(after)}"
        elif what == "removed":
            message = f"удалено {_show(before)}" if not inner or len(inner) <= 1 else f"{words}: удалено {_show(before)}"
        elif what == "order":
            shown = [_name(b.order.people, k) if path[-1:] == ("people",) else str(k) for k in after]
            message = f"{words + ': ' if words else ''}изменён порядок: {', '.join(shown)}"
        elif isinstance(before, str) and isinstance(after, str):
            old_text, new_text = _excerpts(before, after)
            message = f"{words or 'значение'}: {old_text} → {new_text}"
        else:
            message = f"{words or 'значение'}: {_show(before)} → {_show(after)}"
        change = Change(file, subject, message)
        if (change.subject, change.message) not in told:
            told.add((change.subject, change.message))
            out.append(change)
    return out


# the worded changes above already say these (path patterns: "*" is any key or position)
_WORDED: dict[str, list[tuple[Any, ...]]] = {
    "plan": [
        ("title",),
        ("measures", "*"),
        ("measures", "*", "text"),
        ("measures", "*", "points"),
        ("measures", "*", "deadline"),
        ("measures", "*", "responsible"),
        ("measures", "*", "co_executors"),
        ("measures", "*", "status"),
        ("measures", "*", "done_on"),
        ("measures", "*", "note"),
        ("measures", "*", "evidence"),
    ],
    "regulation": [
        ("period", "until"),
        ("clauses",),
        ("clauses", "*", "text"),
        ("roles", "*"),
        ("roles", "*", "duties", "*"),
        ("roles", "*", "duties", "*", "last_done"),
        ("roles", "*", "duties", "*", "recurs"),
        ("calendar_exceptions", "*"),
        ("calendar_exceptions", "*", "working"),
        ("calendar_exceptions", "*", "reason"),
    ],
    "order": [
        ("document", "date"),
        ("document", "number"),
        ("document", "title"),
        ("document", "place"),
        ("people", "*"),
        ("people", "*", "position"),
        ("people", "*", "roles"),
        ("working_group", "*"),
        ("working_group", "*", "area"),
        ("items", "*", "text"),
        ("items", "*", "data_entry", "*", "entered"),
        ("items", "*", "data_entry", "*", "total"),
        ("items", "*", "updates", "last_update"),
        ("reporter",),
    ],
}


def _normal(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """An order item at any depth (items/2/items/0/…) as items/*/…, as the worded changes number them."""
    i = 0
    while i + 1 < len(path) and path[i] == "items" and isinstance(path[i + 1], int):
        i += 2
    return ("items", "*") + path[i:] if i else path


def _handled(kind: str, path: tuple[Any, ...], what: str, before: Any, after: Any) -> bool:
    """Whether a worded change above always says this difference."""
    if what == "order":
        return False  # the worded changes never speak of order
    if any(part in _IDENTITY and isinstance(nxt, int) for part, nxt in itertools.pairwise(path)):
        return False  # matched by position (the keys repeat): the worded changes, by key, cannot say it
    path = _normal(path) if kind == "order" else path
    if not any(len(path) == len(p) and all(x == "*" or x == y for x, y in zip(p, path, strict=True)) for p in _WORDED[kind]):
        return False
    if path[-1:] in (("responsible",), ("co_executors",)):
        return set(before or []) != set(after or [])  # the worded change names who came and went, not the order
    return True
