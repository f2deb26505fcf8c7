"""Rule checks: pure functions from the validated documents to findings.

Each rule takes a :class:`Context` and yields findings; ``RULES`` lists them in the order
they run.  Codes are stable (scripts and pre-commit users may filter on them); messages
are Russian and say how to fix the problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import russian as ru
from .findings import Finding, sort_findings
from .loading import Bundle
from .models import Deadline, Duty, Measure, OrderItem

DEFAULT_HORIZON = 7


@dataclass(frozen=True)
class Context:
    bundle: Bundle
    today: dt.date
    horizon: int = DEFAULT_HORIZON

    def at(self, doc: str, path: tuple, code: str, severity: str, message: str, key: bool = False) -> Finding:
        return self.bundle.sources[doc].finding(path, code, severity, message, key=key)

    @property
    def people(self):  # type: ignore[no-untyped-def]
        return self.bundle.order.people

    @property
    def period_start(self) -> dt.date:
        return regulation_start(self.bundle)


def regulation_start(bundle: Bundle) -> dt.date:
    """When the regulation's duties start to count: its own start, or the order's date."""
    return bundle.regulation.period.from_ or bundle.order.document.date


def regulation_in_force(bundle: Bundle, today: dt.date) -> bool:
    until = bundle.regulation.period.until
    return until is None or today <= until


Rule = Callable[[Context], Iterator[Finding]]


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f"; возможно, имелось в виду «{close[0]}»" if close else ""


def item_numbers(items: list[OrderItem], prefix: str = "") -> Iterator[tuple[tuple, str, OrderItem]]:
    """(YAML path, printed number, item) for every order item, depth first: 1, 2, 3, 3.1, 3.2 …"""
    for i, item in enumerate(items):
        number = f"{prefix}{i + 1}"
        path: tuple = ("items", i)
        yield path, number, item
        for sub_path, sub_number, sub in item_numbers(item.items, number + "."):
            yield path + sub_path, sub_number, sub


def effective_deadlines(items: list[OrderItem], inherited: Deadline | None = None) -> Iterator[tuple[tuple, str, OrderItem, Deadline | None]]:
    """Order items with the deadline that applies to them (their own or their parent's)."""
    stack: list[tuple[tuple, Deadline | None]] = []
    for path, number, item in item_numbers(items):
        while stack and stack[-1][0] != path[: len(stack[-1][0])]:
            stack.pop()
        parent = stack[-1][1] if stack else inherited
        own = item.deadline or parent
        stack.append((path, own))
        yield path, number, item, own


# --------------------------------------------------------------------------- references


def person_references(bundle: Bundle) -> Iterator[tuple[str, tuple, str]]:
    """(document, path, person key) for every place that names a person by key."""
    order, plan, reg = bundle.order, bundle.plan, bundle.regulation
    for i, m in enumerate(order.working_group):
        yield "order", ("working_group", i, "person"), m.person
    yield "order", ("signatory",), order.signatory
    if order.control.person:
        yield "order", ("control", "person"), order.control.person
    for doc, model in (("order", order), ("plan", plan), ("regulation", reg)):
        for i, a in enumerate(model.approvals):
            if a.person:
                yield doc, ("approvals", i, "person"), a.person
    for i, m in enumerate(plan.measures):
        for field in ("responsible", "co_executors"):
            for j, key in enumerate(getattr(m, field)):
                yield "plan", ("measures", i, field, j), key


def rule_unknown_person(ctx: Context) -> Iterator[Finding]:
    known = list(ctx.people)
    for doc, path, key in person_references(ctx.bundle):
        if key not in ctx.people:
            yield ctx.at(doc, path, "ref-unknown-person", "error",
                         f"неизвестный человек «{key}»{_suggest(key, known)}; люди описываются в order.yaml, раздел people")


def rule_unknown_role(ctx: Context) -> Iterator[Finding]:
    roles = list(ctx.bundle.regulation.roles)
    for key, person in ctx.people.items():
        for j, role in enumerate(person.roles):
            if role not in ctx.bundle.regulation.roles:
                yield ctx.at("order", ("people", key, "roles", j), "ref-unknown-role", "error",
                             f"роль «{role}» не описана в regulation.yaml (раздел roles){_suggest(role, roles)}")


def rule_responsible_in_group(ctx: Context) -> Iterator[Finding]:
    order = ctx.bundle.order
    allowed = {m.person for m in order.working_group} | {order.signatory}
    for i, m in enumerate(ctx.bundle.plan.measures):
        for j, key in enumerate(m.responsible):
            if key in ctx.people and key not in allowed:
                who, fix = ctx.people[key].short_name, "в working_group приказа или укажите в co_executors"
                yield ctx.at("plan", ("measures", i, "responsible", j), "ref-not-in-group", "error", ru.by_gender(
                    ctx.people[key].inferred_gender,
                    f"ответственный {who} за мероприятие {m.id} не входит в рабочую группу и не подписывает приказ; добавьте его {fix}",
                    f"ответственная {who} за мероприятие {m.id} не входит в рабочую группу и не подписывает приказ; добавьте её {fix}",
                    f"за мероприятие {m.id} отвечает {who}: не в рабочей группе и не подписывает приказ; добавьте «{key}» {fix}"))


def rule_role_holders(ctx: Context) -> Iterator[Finding]:
    held = {r for p in ctx.people.values() for r in p.roles}
    for key, role in ctx.bundle.regulation.roles.items():
        if key not in held:
            yield ctx.at("regulation", ("roles", key), "role-without-holder", "error",
                         f"роль «{role.title}» ({key}) никому не назначена; добавьте «{key}» в roles сотрудника в order.yaml",
                         key=True)


def rule_member_duties(ctx: Context) -> Iterator[Finding]:
    roles = ctx.bundle.regulation.roles
    for i, m in enumerate(ctx.bundle.order.working_group):
        person = ctx.people.get(m.person)
        if person is None:
            continue
        if not any(roles[r].duties for r in person.roles if r in roles):
            yield ctx.at("order", ("working_group", i, "person"), "member-without-duties", "error",
                         f"у члена рабочей группы {person.short_name} нет обязанностей в регламенте; " + ru.by_gender(
                             person.inferred_gender, "назначьте ему роль (roles) с обязанностями из regulation.yaml",
                             "назначьте ей роль (roles) с обязанностями из regulation.yaml",
                             f"добавьте в people.{m.person}.roles роль с обязанностями из regulation.yaml"))


def rule_appendices(ctx: Context) -> Iterator[Finding]:
    order = ctx.bundle.order
    seen: dict[str, int] = {}
    for i, app in enumerate(order.appendices):
        if app.key in seen:
            yield ctx.at("order", ("appendices", i, "key"), "appendix-duplicate", "error",
                         f"приложение «{app.key}» уже описано (приложение {seen[app.key] + 1}); ключи приложений должны различаться")
        seen.setdefault(app.key, i)
    referenced = set()
    for path, number, item in item_numbers(order.items):
        if item.appendix is None:
            continue
        referenced.add(item.appendix)
        if item.appendix not in seen:
            yield ctx.at("order", path + ("appendix",), "ref-unknown-appendix", "error",
                         f"пункт {number} ссылается на неизвестное приложение «{item.appendix}»"
                         f"{_suggest(item.appendix, list(seen))}; приложения перечислены в разделе appendices")
    for i, app in enumerate(order.appendices):
        if app.key not in referenced:
            yield ctx.at("order", ("appendices", i, "key"), "appendix-unreferenced", "warning",
                         f"приложение {i + 1} («{app.key}») не утверждается ни одним пунктом приказа; добавьте пункту appendix: {app.key}")


def rule_numbering(ctx: Context) -> Iterator[Finding]:
    for path, number, item in item_numbers(ctx.bundle.order.items):
        if item.number is not None and item.number.rstrip(".") != number:
            yield ctx.at("order", path + ("number",), "item-numbering", "error",
                         f"пункт записан как «{item.number}», но по порядку это пункт {number}; исправьте номер или удалите ключ number")
    seen: dict[str, int] = {}
    for i, m in enumerate(ctx.bundle.plan.measures):
        if m.id in seen:
            yield ctx.at("plan", ("measures", i, "id"), "measure-duplicate-id", "error",
                         f"номер мероприятия {m.id} уже занят (мероприятие в позиции {seen[m.id] + 1}); номера не должны повторяться")
        seen.setdefault(m.id, i)


def rule_duty_measures(ctx: Context) -> Iterator[Finding]:
    ids = [m.id for m in ctx.bundle.plan.measures]
    for role_key, role in ctx.bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            for k, mid in enumerate(duty.measures):
                if mid not in ids:
                    yield ctx.at("regulation", ("roles", role_key, "duties", j, "measures", k), "ref-unknown-measure", "error",
                                 f"обязанность ссылается на мероприятие {mid}, которого нет в плане; номера мероприятий — {', '.join(ids)}")


def rule_no_responsible(ctx: Context) -> Iterator[Finding]:
    for i, m in enumerate(ctx.bundle.plan.measures):
        if not m.responsible:
            yield ctx.at("plan", ("measures", i), "measure-no-responsible", "error",
                         f"у мероприятия {m.id} нет ответственного; добавьте responsible с ключом сотрудника")


# --------------------------------------------------------------------------- deadlines


def _open(m: Measure) -> bool:
    return m.status in ("planned", "in_progress")


def rule_measure_deadlines(ctx: Context) -> Iterator[Finding]:
    for i, m in enumerate(ctx.bundle.plan.measures):
        due = m.deadline.due
        if due is None or not _open(m):
            continue
        path = ("measures", i, "deadline")
        if due < ctx.today:
            late = (ctx.today - due).days
            term = ru.deadline_text(m.deadline)
            if m.deadline.month or m.deadline.to:
                term += f" (до {ru.short_date(due)})"
            yield ctx.at("plan", path, "deadline-overdue", "error", key=True, message=
                         f"мероприятие {m.id} просрочено на {ru.days(late)}: срок — {term}, статус — «{ru.STATUS_RU[m.status]}»; отметьте выполнение "
                         "(status: done и done_on) или перенесите срок")
        elif (due - ctx.today).days <= ctx.horizon:
            left = (due - ctx.today).days
            when = "сегодня" if left == 0 else f"через {ru.days(left)}"
            yield ctx.at("plan", path, "deadline-soon", "warning", key=True, message=
                         f"срок мероприятия {m.id} истекает {when} ({ru.short_date(due)}), статус — «{ru.STATUS_RU[m.status]}»")


def rule_after_period(ctx: Context) -> Iterator[Finding]:
    until = ctx.bundle.regulation.period.until
    if until is None:
        return
    for i, m in enumerate(ctx.bundle.plan.measures):
        due = m.deadline.due
        if due is not None and due > until:
            yield ctx.at("plan", ("measures", i, "deadline"), "deadline-after-period", "warning", key=True, message=
                         f"срок мероприятия {m.id} ({ru.short_date(due)}) позже окончания действия регламента "
                         f"({ru.short_date(until)}); перенесите срок или продлите period.until в regulation.yaml")


def rule_basis_dates(ctx: Context) -> Iterator[Finding]:
    order = ctx.bundle.order
    for i, b in enumerate(order.basis):
        if b.date > order.document.date:
            yield ctx.at("order", ("basis", i, "date"), "basis-after-order", "error",
                         f"документ-основание № {b.number} датирован {ru.short_date(b.date)} — позже самого приказа "
                         f"({ru.short_date(order.document.date)}); проверьте даты")


def rule_done_dates(ctx: Context) -> Iterator[Finding]:
    for i, m in enumerate(ctx.bundle.plan.measures):
        if m.status == "done" and m.done_on is None:
            yield ctx.at("plan", ("measures", i, "status"), "done-without-date", "error",
                         f"мероприятие {m.id} отмечено выполненным без даты; добавьте done_on: ГГГГ-ММ-ДД")
        if m.done_on is not None and m.status != "done":
            yield ctx.at("plan", ("measures", i, "done_on"), "done-date-not-done", "warning",
                         f"у мероприятия {m.id} указана дата выполнения, но статус — «{ru.STATUS_RU[m.status]}»; "
                         "поставьте status: done или удалите done_on")


def _recorded_dates(ctx: Context) -> Iterator[tuple[str, tuple, dt.date, str]]:
    """Every date that records something that happened: it cannot lie in the future."""
    for i, m in enumerate(ctx.bundle.plan.measures):
        if m.done_on:
            yield "plan", ("measures", i, "done_on"), m.done_on, f"дата выполнения мероприятия {m.id}"
    for role_key, role in ctx.bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            if duty.last_done:
                yield "regulation", ("roles", role_key, "duties", j, "last_done"), duty.last_done, "дата последнего выполнения обязанности"
    for path, number, item in item_numbers(ctx.bundle.order.items):
        if item.updates and item.updates.last_update:
            yield "order", path + ("updates", "last_update"), item.updates.last_update, f"дата актуализации (пункт {number})"
        for k, cat in enumerate(item.data_entry):
            if cat.as_of:
                yield "order", path + ("data_entry", k, "as_of"), cat.as_of, f"дата подсчёта (пункт {number})"


def rule_future_dates(ctx: Context) -> Iterator[Finding]:
    for doc, path, when, what in _recorded_dates(ctx):
        if when > ctx.today:
            yield ctx.at(doc, path, "date-in-future", "error",
                         f"{what} {ru.short_date(when)} ещё не наступила (сегодня {ru.short_date(ctx.today)}); исправьте дату")


# --------------------------------------------------------------------------- completeness


def rule_data_entry(ctx: Context) -> Iterator[Finding]:
    for path, number, item, deadline in effective_deadlines(ctx.bundle.order.items):
        due = deadline.due if deadline else None
        if due is None or ctx.today <= due:
            continue
        for k, cat in enumerate(item.data_entry):
            if cat.total is None:
                yield ctx.at("order", path + ("data_entry", k), "data-entry-incomplete", "error",
                             f"пункт {number}: срок внесения данных {cat.text} истёк {ru.short_date(due)}, "
                             f"внесено {cat.entered}, а общее число не указано; заполните total")
            elif cat.entered < cat.total:
                share = cat.entered * 100 // cat.total if cat.total else 100
                yield ctx.at("order", path + ("data_entry", k, "entered"), "data-entry-incomplete", "error",
                             f"пункт {number}: внесены данные {cat.text}: {cat.entered} из {cat.total} ({share} %), "
                             f"а срок истёк {ru.short_date(due)}")


def rule_updates(ctx: Context) -> Iterator[Finding]:
    for path, number, item, deadline in effective_deadlines(ctx.bundle.order.items):
        upd = item.updates
        if upd is None:
            continue
        if upd.last_update is None:
            due = deadline.due if deadline else None
            if due is not None and ctx.today > due:
                yield ctx.at("order", path + ("updates",), "update-missing", "warning",
                             f"пункт {number}: нет отметки об актуализации данных; укажите updates.last_update")
            continue
        age = (ctx.today - upd.last_update).days
        if age > upd.within_days:
            yield ctx.at("order", path + ("updates", "last_update"), "update-stale", "error",
                         f"пункт {number}: данные последний раз актуализировались {ru.short_date(upd.last_update)}, "
                         f"{ru.days(age)} назад, а положено не реже чем раз в {ru.days(upd.within_days)}")


def duty_due(duty: Duty, start: dt.date) -> dt.date | None:
    """The date by which a recurring duty must next be done; None for non-recurring duties."""
    r = duty.recurs
    if r is None or r.on_demand:
        return None
    last = duty.last_done or start
    if r.day_of_month is not None:
        # due on the N-th of the month following the last execution
        y, mth = (last.year + last.month // 12, last.month % 12 + 1)
        day = min(r.day_of_month, 28)
        return dt.date(y, mth, day)
    return last + dt.timedelta(days=r.period_days or 0)


def rule_recurring_duties(ctx: Context) -> Iterator[Finding]:
    if not regulation_in_force(ctx.bundle, ctx.today):
        return
    for role_key, role in ctx.bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            due = duty_due(duty, ctx.period_start)
            if due is None or ctx.today <= due:
                continue
            last = f"последний раз — {ru.short_date(duty.last_done)}" if duty.last_done else "отметок о выполнении нет"
            assert duty.recurs is not None
            yield ctx.at("regulation", ("roles", role_key, "duties", j), "duty-overdue", "error",
                         f"{role.title}: обязанность «{duty.text}» выполняется {ru.recurrence_text(duty.recurs)}, {last}; "
                         f"срок прошёл {ru.short_date(due)}; отметьте выполнение в last_done")


# --------------------------------------------------------------------------- text

_NAME_AFTER = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)")
_NAME_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)\s?([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\b")


def free_texts(ctx: Context) -> Iterator[tuple[str, tuple, str]]:
    order, plan, reg = ctx.bundle.order, ctx.bundle.plan, ctx.bundle.regulation
    if order.purpose:
        yield "order", ("purpose",), order.purpose
    for path, _number, item in item_numbers(order.items):
        yield "order", path + ("text",), item.text
        for k, b in enumerate(item.bullets):
            yield "order", path + ("bullets", k), b
    for i, m in enumerate(order.working_group):
        yield "order", ("working_group", i, "area"), m.area
    for i, m in enumerate(plan.measures):
        yield "plan", ("measures", i, "text"), m.text
        for k, p in enumerate(m.points):
            yield "plan", ("measures", i, "points", k), p
        for field in ("note", "evidence"):
            if getattr(m, field):
                yield "plan", ("measures", i, field), getattr(m, field)
    for i, c in enumerate(reg.clauses):
        yield "regulation", ("clauses", i, "text"), c.text
    for role_key, role in reg.roles.items():
        for j, duty in enumerate(role.duties):
            yield "regulation", ("roles", role_key, "duties", j, "text"), duty.text


def _same_surname(written: str, registered: str) -> bool:
    """True when ``written`` is ``registered`` in some grammatical case (Одинокина → Одинокин)."""
    if written == registered:
        return True
    stem = registered[:-2] if registered.endswith(("ая", "ий", "ый", "ой")) else registered
    return written.startswith(stem) and len(written) - len(stem) <= 3 and written[len(stem):].islower()


def rule_names_in_text(ctx: Context) -> Iterator[Finding]:
    people = list(ctx.people.values())
    surnames = [p.surname for p in people]
    known_initials = {p.initials_text for p in people}
    for doc, path, text in free_texts(ctx):
        for pattern, s_group, i_group in ((_NAME_AFTER, 1, 2), (_NAME_BEFORE, 2, 1)):
            for match in pattern.finditer(text):
                surname = match.group(s_group)
                initials = match.group(i_group).replace(" ", "")
                if any(_same_surname(surname, p.surname) and p.initials_text.startswith(initials) for p in people):
                    continue
                close = difflib.get_close_matches(surname, surnames, n=1, cutoff=0.7)
                if not close and initials not in known_initials:
                    continue  # not one of ours: another person, not a typo
                hint = f"; возможно, имелось в виду «{close[0]}»" if close else ""
                yield ctx.at(doc, path, "text-unknown-name", "warning",
                             f"в тексте упоминается «{match.group(0).strip()}», но такого сотрудника нет в people{hint}")


RULES: list[Rule] = [
    rule_unknown_person,
    rule_unknown_role,
    rule_responsible_in_group,
    rule_role_holders,
    rule_member_duties,
    rule_appendices,
    rule_numbering,
    rule_duty_measures,
    rule_no_responsible,
    rule_measure_deadlines,
    rule_after_period,
    rule_basis_dates,
    rule_done_dates,
    rule_future_dates,
    rule_data_entry,
    rule_updates,
    rule_recurring_duties,
    rule_names_in_text,
]


# Rules about how the work is going rather than whether the documents are right: `render`
# does not refuse a signable order because a measure of its plan is late.
PROGRESS_RULES: set[Rule] = {
    rule_measure_deadlines, rule_future_dates, rule_data_entry, rule_updates, rule_recurring_duties,
}


def run_checks(bundle: Bundle, today: dt.date, horizon: int = DEFAULT_HORIZON, progress: bool = True) -> list[Finding]:
    """All findings, sorted; with ``progress=False`` only those about the documents themselves."""
    ctx = Context(bundle, today, horizon)
    rules = RULES if progress else [r for r in RULES if r not in PROGRESS_RULES]
    return sort_findings([f for rule in rules for f in rule(ctx)])
