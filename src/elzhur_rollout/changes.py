"""What changed between two versions of the documents, by meaning, in Russian words.

«Мероприятие 7: срок июнь → июль», «Мероприятие 4: добавлен ответственный Романенко Г.В.»,
«Инженер-электроник: добавлена обязанность …» — for reviewers who read the plan, not YAML.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from . import russian as ru
from .domain import item_numbers
from .loading import Bundle
from .models import Deadline, Measure, Person
from .values import MeasureStatus


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
    if a[-4:].isdigit() and a[-4:] == b[-4:]:
        a, b = a[:-5], b[:-5]
    return a, b


def _name(people: dict[str, Person], key: str) -> str:
    return people[key].short_name if key in people else key


def _keys(label: str, old: list[str], new: list[str], people_old: dict[str, Person],
          people_new: dict[str, Person]) -> list[str]:
    out = [f"добавлен {label} {_name(people_new, k)}" for k in new if k not in old]
    out += [f"удалён {label} {_name(people_old, k)}" for k in old if k not in new]
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
    out += _keys("ответственный", old.responsible, new.responsible, a.order.people, b.order.people)
    out += _keys("соисполнитель", old.co_executors, new.co_executors, a.order.people, b.order.people)
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
    for mid, m in new.items():
        subject = f"Мероприятие {mid}"
        if mid not in old:
            out.append(Change(file, subject, f"добавлено {_quote(m.text)}, срок {ru.deadline_text(m.deadline)}"))
        else:
            out += [Change(file, subject, text) for text in _measure(old[mid], m, a, b)]
    out += [Change(file, f"Мероприятие {mid}", f"удалено {_quote(m.text)}") for mid, m in old.items() if mid not in new]
    return out


def _regulation(a: Bundle, b: Bundle, file: str) -> list[Change]:
    ra, rb = a.regulation, b.regulation
    out = []
    if ra.period.until != rb.period.until:
        out.append(Change(file, "Регламент", f"действует до {_date(ra.period.until)} → до {_date(rb.period.until)}"
                          .replace("до —", "бессрочно")))
    if [c.text for c in ra.clauses] != [c.text for c in rb.clauses]:
        out.append(Change(file, "Регламент", "изменены общие положения"))
    days_a = {e.date: e for e in ra.calendar_exceptions}
    days_b = {e.date: e for e in rb.calendar_exceptions}
    out += [Change(file, "Календарь школы", f"{_date(d)} – {'рабочий' if e.working else 'нерабочий'} день ({e.reason})")
            for d, e in days_b.items() if days_a.get(d) != e]
    out += [Change(file, "Календарь школы", f"{_date(d)} – исключение удалено") for d in days_a if d not in days_b]
    for key, role in rb.roles.items():
        if key not in ra.roles:
            out.append(Change(file, role.title, f"добавлена роль ({len(role.duties)} обязанн.)"))
            continue
        before = {d.text: d for d in ra.roles[key].duties}
        after = {d.text: d for d in role.duties}
        out += [Change(file, role.title, f"добавлена обязанность {_quote(t)}") for t in after if t not in before]
        out += [Change(file, role.title, f"удалена обязанность {_quote(t)}") for t in before if t not in after]
        for text, duty in after.items():
            if text in before and before[text].last_done != duty.last_done:
                out.append(Change(file, role.title, f"{_quote(text, 50)} выполнено {_date(duty.last_done)}"))
            if text in before and before[text].recurs != duty.recurs:
                out.append(Change(file, role.title, f"{_quote(text, 50)}: изменена периодичность"))
    out += [Change(file, role.title, "удалена роль") for key, role in ra.roles.items() if key not in rb.roles]
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
            out.append(Change(file, "Рабочая группа", f"{_name(ob.people, key)}: {_quote(area)}"))
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
                out.append(Change(file, subject, f"внесено {c.text}: {before.entered} → {c.entered}{total}"))
        if old.updates and item.updates and old.updates.last_update != item.updates.last_update:
            out.append(Change(file, subject, f"данные актуализированы {_date(item.updates.last_update)}"))
    numbers_b = {number for _p, number, _i in item_numbers(ob.items)}
    out += [Change(file, f"Пункт {n}", "удалён") for n in items_a if n not in numbers_b]
    return out


def compare(a: Bundle, b: Bundle) -> list[Change]:
    """Changes from ``a`` to ``b``, file by file."""
    return (_order(a, b, b.sources["order"].display) + _plan(a, b, b.sources["plan"].display)
            + _regulation(a, b, b.sources["regulation"].display))
