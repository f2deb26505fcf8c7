"""Rule checks: pure functions from the validated documents to findings.

Each rule takes a :class:`Context` and yields findings; ``RULES`` lists them in the order
they run.  Codes are stable (scripts and pre-commit users may filter on them); messages
are Russian and say how to fix the problem.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from elzhur_rollout.checks.placeholders import placeholder_findings
from elzhur_rollout.core.agenda import Agenda, build_agenda
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import (
    DEFAULT_HORIZON,
    RoleInfo,
    YamlPath,
    appointed_by_order,
    assignment_references,
    declared_roles,
    item_numbers,
    measure_numbers,
    person_references,
    resolve_periods,
    role_holders,
    school_periods,
)
from elzhur_rollout.core.markup import references
from elzhur_rollout.core.models import Approval, OrderItem, Person
from elzhur_rollout.core.values import Kind, MeasureStatus, State
from elzhur_rollout.findings import Finding, finding, sort_findings
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.lang.references import plain_text
from elzhur_rollout.lang.vocabulary import NounCase
from elzhur_rollout.source.loading import shown_path


@dataclass(frozen=True)
class Context:
    bundle: Bundle
    today: dt.date
    horizon: int = DEFAULT_HORIZON

    def at(self, doc: str, path: YamlPath, code: str, message: str, key: bool = False) -> Finding:
        return self.bundle.sources[doc].finding(path, code, message, key=key)

    @property
    def people(self) -> dict[str, Person]:
        return self.bundle.order.people

    @cached_property
    def roles(self) -> dict[str, RoleInfo]:
        return declared_roles(self.bundle)

    @cached_property
    def agenda(self) -> Agenda:
        return build_agenda(self.bundle, self.today, self.horizon)

    @cached_property
    def numbers(self) -> dict[str, str]:
        """A measure's id → its number as printed."""
        return measure_numbers(self.bundle)

    def command(self, words: str) -> str:
        """A command to type that records what a finding asks for: «rollout done 3 --date …»,
        with ``--data`` when the documents are not in ``data`` of the current folder."""
        return f"rollout {words}{self._data_option}"

    @cached_property
    def _data_option(self) -> str:
        """`` --data ПАПКА`` as the command line needs it, once a check (a finding each at most)."""
        folder = shown_path(self.bundle.folder)
        return "" if folder == "data" else f" --data {shlex.quote(folder)}"

    def measure(self, key: str, case: NounCase = "nomn") -> str:
        """«мероприятие 3»: the measure with id ``key`` by its printed number."""
        return ru.measure_ref(self.numbers.get(key, key), case, key)


Rule = Callable[[Context], Iterator[Finding]]


# --------------------------------------------------------------------------- references


def rule_unknown_person(ctx: Context) -> Iterator[Finding]:
    known, roles = list(ctx.people), ctx.roles
    assignments = {(doc, path) for doc, path, _key in assignment_references(ctx.bundle)}
    for doc, path, key in person_references(ctx.bundle):
        if key in ctx.people:
            continue
        role_hint = ru.did_you_mean(key, list(roles)) if (doc, path) in assignments else ""
        if role_hint and not ru.did_you_mean(key, known):
            # in a list of the responsible a key may name a role: the typo is closer to one
            yield ctx.at(
                doc,
                path,
                "ref-unknown-person",
                f"неизвестный ключ «{key}»: нет ни такого сотрудника, ни такой роли{role_hint}; "
                "роли описываются в разделе roles файла regulation.yaml или order.yaml",
            )
            continue
        yield ctx.at(
            doc,
            path,
            "ref-unknown-person",
            f"неизвестный человек «{key}»{ru.did_you_mean(key, known)}; люди описываются в order.yaml, раздел people",
        )


def rule_person_or_role(ctx: Context) -> Iterator[Finding]:
    """A key of the lists of the responsible names either a person or a role, never both
    (a person whose key is that of the one role they alone hold, «director», is one
    reading, not two); a role is declared once."""
    order = ctx.bundle.order
    for key in ctx.people:
        if key in ctx.roles:
            role = ctx.roles[key]
            if not role.collective and role_holders(ctx.bundle, key) == [key]:
                continue
            yield ctx.at(
                "order",
                ("people", key),
                "key-person-and-role",
                key=True,
                message=f"ключ «{key}» означает и сотрудника ({ctx.people[key].short_name}), и роль «{role.title}» "
                f"(раздел roles файла {role.document}.yaml); в списках ответственных он неоднозначен — переименуйте один из них",
            )
    for key in order.roles:
        if key in ctx.bundle.regulation.roles:
            yield ctx.at(
                "order",
                ("roles", key),
                "role-declared-twice",
                key=True,
                message=f"роль «{key}» уже описана в regulation.yaml; в разделе roles приказа описываются только роли без обязанностей — удалите её отсюда",
            )


def rule_unknown_role(ctx: Context) -> Iterator[Finding]:
    roles = list(ctx.roles)
    for key, person in ctx.people.items():
        for j, role in enumerate(person.roles):
            if role not in ctx.roles:
                yield ctx.at(
                    "order",
                    ("people", key, "roles", j),
                    "ref-unknown-role",
                    f"роль «{role}» не описана в regulation.yaml (раздел roles){ru.did_you_mean(role, roles)}",
                )


def rule_responsible_in_group(ctx: Context) -> Iterator[Finding]:
    """Only when the order creates a working group; a person appointed by an order item
    («Назначить … ответственным за …») counts as part of it."""
    order = ctx.bundle.order
    if not order.working_group:
        return
    allowed = {m.person for m in order.working_group} | {order.signatory_key} | appointed_by_order(ctx.bundle)
    for i, m in enumerate(ctx.bundle.plan.measures):
        for j, key in enumerate(m.responsible):
            if key in ctx.people and key not in allowed:
                who, fix = ctx.people[key].short_name, "в working_group приказа или укажите в co_executors"
                yield ctx.at(
                    "plan",
                    ("measures", i, "responsible", j),
                    "ref-not-in-group",
                    ru.by_gender(
                        ctx.people[key].inferred_gender,
                        f"ответственный {who} за {ctx.measure(m.id, 'accs')} не входит в рабочую группу и не подписывает приказ; добавьте его {fix}",
                        f"ответственная {who} за {ctx.measure(m.id, 'accs')} не входит в рабочую группу и не подписывает приказ; добавьте её {fix}",
                        f"за {ctx.measure(m.id, 'accs')} отвечает {who}: не в рабочей группе и не подписывает приказ; добавьте «{key}» {fix}",
                    ),
                )


def rule_role_holders(ctx: Context) -> Iterator[Finding]:
    """A collective role («классные руководители 1–11 классов») may have no named holder."""
    held = {r for p in ctx.people.values() for r in p.roles}
    for key, role in ctx.roles.items():
        if key not in held and not role.collective:
            yield ctx.at(
                role.document,
                ("roles", key),
                "role-without-holder",
                f"роль «{role.title}» ({key}) никому не назначена; добавьте «{key}» в roles сотрудника в order.yaml"
                + ("" if role.document == "regulation" else " или отметьте роль как коллективную (collective: true)"),
                key=True,
            )


def rule_member_duties(ctx: Context) -> Iterator[Finding]:
    roles = ctx.bundle.regulation.roles
    tracked = [o.duty.responsible for o in ctx.agenda.duties if o.role is None and o.duty is not None]
    for i, m in enumerate(ctx.bundle.order.working_group):
        person = ctx.people.get(m.person)
        if person is None:
            continue
        stated = any(m.person in keys or set(person.roles).intersection(keys) for keys in tracked)
        if not stated and not any(roles[r].duties for r in person.roles if r in roles):
            yield ctx.at(
                "order",
                ("working_group", i, "person"),
                "member-without-duties",
                f"у члена рабочей группы {person.short_name} нет обязанностей в регламенте; "
                + ru.by_gender(
                    person.inferred_gender,
                    "назначьте ему роль (roles) с обязанностями из regulation.yaml",
                    "назначьте ей роль (roles) с обязанностями из regulation.yaml",
                    f"добавьте в people.{m.person}.roles роль с обязанностями из regulation.yaml",
                ),
            )


def rule_appendices(ctx: Context) -> Iterator[Finding]:
    order = ctx.bundle.order
    seen: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for i, app in enumerate(order.appendices):
        if app.key in seen:
            yield ctx.at(
                "order",
                ("appendices", i, "key"),
                "appendix-duplicate",
                f"приложение «{app.key}» уже описано (приложение {seen[app.key] + 1}); ключи приложений должны различаться",
            )
        seen.setdefault(app.key, i)
        number = str(app.number if app.number is not None else i + 1)
        if number in numbers:
            yield ctx.at(
                "order",
                ("appendices", i, "number" if app.number is not None else "key"),
                "appendix-duplicate-number",
                f"номер {number} уже есть у приложения «{order.appendices[numbers[number]].key}»; "
                "номера приложений должны различаться",
            )
        numbers.setdefault(number, i)
    referenced = {ref.key for _doc, _path, text in free_texts(ctx.bundle) for ref in references(text) if ref.kind == "appendix"}
    for path, number, item in item_numbers(order.items):
        if item.appendix is None:
            continue
        referenced.add(item.appendix)
        if item.appendix not in seen:
            yield ctx.at(
                "order",
                path + ("appendix",),
                "ref-unknown-appendix",
                f"пункт {number} ссылается на неизвестное приложение «{item.appendix}»"
                f"{ru.did_you_mean(item.appendix, list(seen))}; приложения перечислены в разделе appendices",
            )
    for i, app in enumerate(order.appendices):
        if app.key not in referenced:
            yield ctx.at(
                "order",
                ("appendices", i, "key"),
                "appendix-unreferenced",
                f"приложение {i + 1} («{app.key}») не утверждается ни одним пунктом приказа; добавьте пункту appendix: {app.key}",
            )


_STAMP_NAME = {"agreed": "СОГЛАСОВАНО", "accepted": "ПРИНЯТО", "considered": "РАССМОТРЕНО", "opinion": "УЧТЕНО мнение"}


def _stamped_documents(ctx: Context) -> Iterator[tuple[str, YamlPath, list[Approval], str, dt.date, str | None]]:
    """Every document with stamps: (file, path of its approvals, the stamps, what it is, the
    date it is approved on, the order's item that approves it)."""
    order = ctx.bundle.order
    approving = {item.appendix: number for _path, number, item in item_numbers(order.items) if item.appendix}
    yield "order", ("approvals",), order.approvals, f"{order.document.kind}", order.document.date, None
    for i, app in enumerate(order.appendices):
        number = order.appendix_number(app.key)
        if app.kind == "plan":
            where: tuple[str, YamlPath, list[Approval]] = ("plan", ("approvals",), ctx.bundle.plan.approvals)
        elif app.kind == "regulation":
            where = ("regulation", ("approvals",), ctx.bundle.regulation.approvals)
        else:
            where = ("order", ("appendices", i, "approvals"), app.approvals)
        approved = next((a.date for a in where[2] if a.kind == "approved" and a.date), None)
        by_order = approving.get(app.key)
        yield *where, f"приложение {number}", order.document.date if by_order else approved or order.document.date, by_order


def rule_stamps(ctx: Context) -> Iterator[Finding]:
    """A stamp must not repeat the approval by the order, and what it records (agreement, the
    opinion of a council) comes before the approval."""
    for doc, path, approvals, what, approved_on, item in _stamped_documents(ctx):
        for j, a in enumerate(approvals):
            if a.kind == "approved" and item is not None:
                yield ctx.at(
                    doc,
                    path + (j, "kind"),
                    "stamp-duplicates-approval",
                    f"{what} утверждается пунктом {item} приказа, и отметка «{ru.cap(what)} / УТВЕРЖДЕН приказом … от … № …» "
                    "печатается над ним сама; этот гриф УТВЕРЖДЕН её повторяет — удалите его",
                )
            elif a.kind != "approved" and a.date is not None and a.date > approved_on:
                yield ctx.at(
                    doc,
                    path + (j, "date"),
                    "stamp-after-approval",
                    f"гриф «{_STAMP_NAME[a.kind]}» у документа «{what}» датирован {ru.short_date(a.date)} — позже его "
                    f"утверждения ({ru.short_date(approved_on)}); согласование предшествует утверждению: проверьте дату",
                )


_LABEL = re.compile(r"(\d+(?:\.\d+)*)\.?")


def _label_parts(label: str | None) -> list[str] | None:
    m = _LABEL.fullmatch(label.strip()) if label else None
    return m.group(1).split(".") if m else None


def _numbering_findings(ctx: Context, items: list[OrderItem], path: YamlPath, parent: list[str] | None) -> Iterator[Finding]:
    """An explicit label («1.5.», «08.02.01») is printed as written; it is reported when it does not
    follow the label before it (or, for a first sub-item, its parent's).  Labels that are not
    numbers («а)») are not compared."""
    previous: list[str] | None = None
    for i, item in enumerate(items):
        own = _label_parts(item.number)
        expected: list[str] | None
        if previous is not None:
            expected = previous[:-1] + [f"{int(previous[-1]) + 1:0{len(previous[-1])}d}"]
            after = f"после пункта {'.'.join(previous)}"
        elif parent is not None:
            expected = parent + ["1"]
            after = f"первым подпунктом пункта {'.'.join(parent)}"
        else:
            expected = ["1"] if not path else None
            after = "первым пунктом"
        if own is not None and expected is not None and [int(x) for x in own] != [int(x) for x in expected]:
            shown = ".".join(expected)
            yield ctx.at(
                "order",
                path + ("items", i, "number"),
                "item-numbering",
                f"{after} записан пункт «{item.number}», а по порядку ожидается {shown}; номер печатается "
                "как записан — исправьте его, если это опечатка, или удалите ключ number, и номер посчитается сам",
            )
        current = own if own is not None else (expected if item.number is None else None)
        yield from _numbering_findings(ctx, item.items, path + ("items", i), current)
        previous = current


def rule_numbering(ctx: Context) -> Iterator[Finding]:
    yield from _numbering_findings(ctx, ctx.bundle.order.items, (), None)
    seen: dict[str, int] = {}
    for i, m in enumerate(ctx.bundle.plan.measures):
        if m.id in seen:
            yield ctx.at(
                "plan",
                ("measures", i, "id"),
                "measure-duplicate-id",
                f"номер мероприятия {m.id} уже занят (мероприятие в позиции {seen[m.id] + 1}); номера не должны повторяться",
            )
        seen.setdefault(m.id, i)


def rule_duty_measures(ctx: Context) -> Iterator[Finding]:
    ids = [m.id for m in ctx.bundle.plan.measures]
    for role_key, role in ctx.bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            for k, mid in enumerate(duty.measures):
                if mid not in ids:
                    yield ctx.at(
                        "regulation",
                        ("roles", role_key, "duties", j, "measures", k),
                        "ref-unknown-measure",
                        f"обязанность ссылается на мероприятие {mid}, которого нет в плане; номера мероприятий — {', '.join(ids)}",
                    )


def rule_school_periods(ctx: Context) -> Iterator[Finding]:
    """A deadline by a school period («до окончания I четверти») names a period of the
    regulation's ``school_year``; a duty by the periods needs the ``school_year`` at all."""
    names = [p.name for p in school_periods(ctx.bundle)]
    listed = ", ".join(f"«{n}»" for n in names)
    for doc, path, name in resolve_periods(ctx.bundle):
        known = f"; периоды учебного года — {listed}" if names else "; в регламенте нет раздела school_year с периодами"
        yield ctx.at(doc, path, "ref-unknown-period", f"срок «до окончания {name}»: такого учебного периода нет{known}")
    if names:
        return
    for role_key, role in ctx.bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            if duty.recurs is not None and duty.recurs.every == "term":
                yield ctx.at(
                    "regulation",
                    ("roles", role_key, "duties", j, "recurs", "every"),
                    "ref-unknown-period",
                    "обязанность выполняется по окончании учебных периодов, а в регламенте нет раздела "
                    "school_year с периодами (четвертями или триместрами)",
                )


def rule_no_responsible(ctx: Context) -> Iterator[Finding]:
    for i, m in enumerate(ctx.bundle.plan.measures):
        if not m.responsible:
            yield ctx.at(
                "plan",
                ("measures", i),
                "measure-no-responsible",
                f"у {ctx.measure(m.id, 'gent')} нет ответственного; добавьте responsible с ключом сотрудника",
            )


# --------------------------------------------------------------------------- deadlines


def responsible_phrase(ctx: Context, keys: list[str], people_too: bool = False) -> str:
    """«; ответственные — классные руководители 1–11 классов» when a role is among the
    responsible (the holders of a role that is not collective in brackets); empty otherwise
    (a message about people alone stays as it was) unless ``people_too``."""
    roles = ctx.roles
    named = [k for k in keys if k in roles and k not in ctx.people]
    if not keys or (not named and not people_too):
        return ""
    parts = []
    holders: list[str] = []
    for key in keys:
        if key in named:
            role = roles[key]
            who = [] if role.collective else role_holders(ctx.bundle, key)
            holders += who
            names = ", ".join(ctx.people[h].short_name for h in who)
            parts.append(role.lower_title + (f" ({names})" if names else ""))
        else:
            parts.append(ctx.people[key].short_name if key in ctx.people else key)
            holders.append(key)
    single = len(keys) == 1 and not (named and roles[named[0]].collective) and len(holders) == 1 and holders[0] in ctx.people
    if not single:
        return f"; ответственные — {', '.join(parts)}"
    label = ru.by_gender(ctx.people[holders[0]].inferred_gender, "ответственный — ", "ответственная — ", "отвечает ")
    return f"; {label}{parts[0]}"


def rule_measure_deadlines(ctx: Context) -> Iterator[Finding]:
    for o in ctx.agenda.measures:
        m, due = o.measure, o.due
        if due is None or m is None or not (o.state is State.OVERDUE or o.soon):
            continue
        path = o.source.path + ("deadline",)
        status = ru.STATUS_RU[m.status]
        term = ru.deadline_text(m.deadline)
        if o.due != o.written_due:
            term += f" ({ru.moved_due(due)})"
        elif m.deadline.month or m.deadline.to:
            term += f" (до {ru.short_date(due)})"
        name = ctx.measure(m.id)
        late = [k for k in o.marks if k.overdue]
        if o.state is State.OVERDUE and m.recurs is not None and late:  # a recurring row: the periods owed
            more = f", а также {', '.join(ru.execution_for(k) for k in late[1:])}" if late[1:] else ""
            last = f"последнее выполнение — {ru.short_date(m.last_done)}" if m.last_done else "отметок о выполнении нет"
            yield ctx.at(
                "plan",
                o.source.path + ("recurs",),
                "deadline-overdue",
                key=True,
                message=f"{name}: выполнение {ru.execution_for(late[0])} {ru.state_text(State.OVERDUE, o.days_overdue)}: "
                f"срок — {ru.short_date(late[0].due)} ({ru.recurrence_text(m.recurs)}){more}; {last}"
                f"{responsible_phrase(ctx, m.responsible)}; отметьте выполнение: {ctx.command(f'done {m.id} --date ГГГГ-ММ-ДД')}",
            )
        elif o.state is State.OVERDUE:
            yield ctx.at(
                "plan",
                path,
                "deadline-overdue",
                key=True,
                message=f"{name} {ru.state_text(State.OVERDUE, o.days_overdue)}: срок — {term}, статус — «{status}»"
                f"{responsible_phrase(ctx, m.responsible)}; "
                f"отметьте выполнение: {ctx.command(f'done {m.id} --date ГГГГ-ММ-ДД')} — или перенесите срок",
            )
        else:
            left = (due - ctx.today).days
            when = "сегодня" if left == 0 else f"через {ru.days(left)}"
            yield ctx.at(
                "plan",
                path,
                "deadline-soon",
                key=True,
                message=f"срок {ctx.measure(m.id, 'gent')} истекает {when} ({ru.short_date(due)}), статус — «{status}»"
                f"{responsible_phrase(ctx, m.responsible)}",
            )


def rule_after_period(ctx: Context) -> Iterator[Finding]:
    until = ctx.bundle.regulation.period.until
    if until is None:
        return
    for o in ctx.agenda.measures:
        due = o.due
        if due is not None and due > until:
            yield ctx.at(
                "plan",
                o.source.path + ("deadline",),
                "deadline-after-period",
                key=True,
                message=f"срок {ctx.measure(o.key, 'gent')} ({ru.short_date(due)}) позже окончания действия регламента "
                f"({ru.short_date(until)}); перенесите срок или продлите period.until в regulation.yaml",
            )


def rule_basis_dates(ctx: Context) -> Iterator[Finding]:
    order = ctx.bundle.order
    for i, b in enumerate(order.basis):
        if b.date > order.document.date:
            yield ctx.at(
                "order",
                ("basis", i, "date"),
                "basis-after-order",
                f"документ-основание № {b.number} датирован {ru.short_date(b.date)} — позже самого приказа "
                f"({ru.short_date(order.document.date)}); проверьте даты",
            )


def rule_done_dates(ctx: Context) -> Iterator[Finding]:
    for i, m in enumerate(ctx.bundle.plan.measures):
        if m.status is MeasureStatus.DONE and m.done_on is None:
            yield ctx.at(
                "plan",
                ("measures", i, "status"),
                "done-without-date",
                f"{ctx.measure(m.id)} отмечено выполненным без даты; добавьте done_on: ГГГГ-ММ-ДД",
            )
        if m.done_on is not None and m.status is not MeasureStatus.DONE:
            yield ctx.at(
                "plan",
                ("measures", i, "done_on"),
                "done-date-not-done",
                f"у {ctx.measure(m.id, 'gent')} указана дата выполнения, но статус — «{ru.STATUS_RU[m.status]}»; "
                "поставьте status: done или удалите done_on",
            )


def _recorded_dates(ctx: Context) -> Iterator[tuple[str, YamlPath, dt.date, str]]:
    """Every date that records something that happened: it cannot lie in the future."""
    for i, m in enumerate(ctx.bundle.plan.measures):
        if m.done_on:
            yield "plan", ("measures", i, "done_on"), m.done_on, f"дата выполнения {ctx.measure(m.id, 'gent')}"
    for role_key, role in ctx.bundle.regulation.roles.items():
        for j, duty in enumerate(role.duties):
            if duty.last_done:
                yield (
                    "regulation",
                    ("roles", role_key, "duties", j, "last_done"),
                    duty.last_done,
                    "дата последнего выполнения обязанности",
                )
    for path, number, item in item_numbers(ctx.bundle.order.items):
        if item.updates and item.updates.last_update:
            yield "order", path + ("updates", "last_update"), item.updates.last_update, f"дата актуализации (пункт {number})"
        for k, cat in enumerate(item.data_entry):
            if cat.as_of:
                yield "order", path + ("data_entry", k, "as_of"), cat.as_of, f"дата подсчёта (пункт {number})"


def rule_future_dates(ctx: Context) -> Iterator[Finding]:
    for doc, path, when, what in _recorded_dates(ctx):
        if when > ctx.today:
            yield ctx.at(
                doc,
                path,
                "date-in-future",
                f"{what} {ru.short_date(when)} ещё не наступила (сегодня {ru.short_date(ctx.today)}); исправьте дату",
            )


# --------------------------------------------------------------------------- completeness


def rule_data_entry(ctx: Context) -> Iterator[Finding]:
    for o in ctx.agenda.entries:
        e, item, due = o.entry, o.item, o.due
        if o.state is not State.OVERDUE or e is None or item is None or due is None:
            continue
        who = responsible_phrase(ctx, item.responsible)
        if e.total is None:
            yield ctx.at(
                "order",
                o.source.path,
                "data-entry-incomplete",
                f"пункт {o.number}: срок внесения данных {e.label} истёк {ru.short_date(due)}, "
                f"внесено {e.entered}, а общее число не указано{who}; "
                f"укажите, сколько внесено и сколько всего: {ctx.command(f'entered {e.category} ЧИСЛО --of ВСЕГО')}",
            )
        else:
            yield ctx.at(
                "order",
                o.source.path + ("entered",),
                "data-entry-incomplete",
                f"пункт {o.number}: внесены данные {e.label}: {e.entered} из {e.total} ({e.percent} %), "
                f"а срок истёк {ru.short_date(due)}{who}; "
                f"когда внесут остальное, отметьте: {ctx.command(f'entered {e.category} ЧИСЛО')}",
            )


def rule_item_deadlines(ctx: Context) -> Iterator[Finding]:
    """An order item with its own deadline and the responsible (no data to count): late or due
    soon until it is marked with ``rollout done``."""
    for o in ctx.agenda.of_kind(Kind.ORDER_ITEM):
        item, due = o.item, o.due
        if item is None or due is None or item.deadline is None or o.state is State.NOT_TRACKED:
            continue
        who = responsible_phrase(ctx, item.responsible)
        if o.state is State.OVERDUE:
            yield ctx.at(
                "order",
                o.source.path + ("deadline",),
                "deadline-overdue",
                f"пункт {o.number} приказа просрочен на {ru.days(o.days_overdue)}: срок — {ru.deadline_text(item.deadline)}"
                f"{who}; отметьте выполнение: {ctx.command(f'done п{o.number} --date ГГГГ-ММ-ДД')}",
            )
        elif o.soon:
            left = (due - ctx.today).days
            when = "сегодня" if left == 0 else f"через {ru.days(left)}"
            yield ctx.at(
                "order",
                o.source.path + ("deadline",),
                "deadline-soon",
                f"срок пункта {o.number} приказа истекает {when} ({ru.short_date(due)}){who}",
            )


def rule_revocation(ctx: Context) -> Iterator[Finding]:
    """«Признать утратившим силу приказ от … № …»: an earlier order, not this one."""
    doc = ctx.bundle.order.document
    for path, number, item in item_numbers(ctx.bundle.order.items):
        r = item.revokes
        if r is None:
            continue
        if r.number == doc.number and r.date == doc.date:
            yield ctx.at(
                "order", path + ("revokes",), "revokes-itself", f"пункт {number} отменяет сам этот приказ; укажите прежний приказ"
            )
        elif r.date >= doc.date:
            yield ctx.at(
                "order",
                path + ("revokes", "date"),
                "revokes-later",
                f"пункт {number} отменяет приказ от {ru.short_date(r.date)} № {r.number} — не раньше самого приказа "
                f"({ru.short_date(doc.date)}); утратить силу может только прежний приказ",
            )
        elif ru.short_date(r.date) not in item.text or r.number not in item.text:
            yield ctx.at(
                "order",
                path + ("text",),
                "revokes-text",
                f"пункт {number}: в тексте нет реквизитов отменяемого приказа «от {ru.short_date(r.date)} № {r.number}»; "
                "исправьте текст или revokes",
            )


def rule_updates(ctx: Context) -> Iterator[Finding]:
    o = ctx.agenda.updates
    if o is None or o.state is not State.OVERDUE or o.freshness is None:
        return
    fresh = o.freshness
    if fresh.last_update is None:
        yield ctx.at(
            "order",
            o.source.path,
            "update-missing",
            f"пункт {o.number}: нет отметки об актуализации данных; отметьте актуализацию: {ctx.command('updated --date ГГГГ-ММ-ДД')}",
        )
        return
    assert fresh.age is not None
    yield ctx.at(
        "order",
        o.source.path + ("last_update",),
        "update-stale",
        f"пункт {o.number}: данные последний раз актуализировались {ru.short_date(fresh.last_update)}, "
        f"{ru.days(fresh.age)} назад, а положено не реже чем раз в {ru.days(fresh.within_days)}; "
        f"отметьте актуализацию: {ctx.command('updated --date ГГГГ-ММ-ДД')}",
    )


def rule_recurring_duties(ctx: Context) -> Iterator[Finding]:
    for o in ctx.agenda.duties:
        duty = o.duty
        if o.state is not State.OVERDUE or duty is None or o.recurs is None or o.due is None:
            continue
        last = f"последний раз — {ru.short_date(o.last_done)}" if o.last_done else "отметок о выполнении нет"
        if o.recurs.after_event and o.last_event:  # counted from the recorded event
            last = f"событие «{o.recurs.after_event}» записано {ru.short_date(o.last_event)}, {last}"
        yield ctx.at(
            o.source.document,
            o.source.path,
            "duty-overdue",
            f"{o.title}: обязанность «{plain_text(ctx.bundle, duty.text)}» выполняется {ru.recurrence_text(o.recurs)}, {last}; "
            f"срок прошёл {ru.short_date(o.due)}{responsible_phrase(ctx, duty.responsible, people_too=True)}; "
            + (
                f"отметьте выполнение: {ctx.command(f'duty-done {o.address} --date ГГГГ-ММ-ДД')}"
                if o.address
                else "отметьте выполнение в last_done"
            ),
        )


# --------------------------------------------------------------------------- the order's life after signing


def rule_acquaintance(ctx: Context) -> Iterator[Finding]:
    """Who has not signed the acquaintance sheet within ``acquaint_within`` working days."""
    from elzhur_rollout.core.acquaintance import (
        acquaintance_obligations,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    order = ctx.bundle.order
    for o in acquaintance_obligations(ctx.bundle):
        if not o.overdue(ctx.today):
            continue
        person = ctx.people[o.person]
        days = ru.plural(order.acquaint_within, "рабочий день", "рабочих дня", "рабочих дней")
        yield ctx.at(
            "order",
            ("people", o.person),
            "ack-overdue",
            ru.by_gender(
                person.inferred_gender,
                f"{person.short_name} не ознакомлен с приказом под подпись",
                f"{person.short_name} не ознакомлена с приказом под подпись",
                f"нет подписи {person.short_name} в листе ознакомления с приказом",
            )
            + f": срок — {days} с {ru.short_date(o.since)}, истёк {ru.short_date(o.due)}; "
            f"когда подпись будет получена, отметьте её: {ctx.command(f'acquainted {o.person} --date ГГГГ-ММ-ДД')}",
            key=True,
        )


def rule_draft(ctx: Context) -> Iterator[Finding]:
    """A draft order (``document.draft``) waits for its number and date; school periods carried
    over from last year wait for the school to confirm them."""
    doc = ctx.bundle.order.document
    if doc.draft:
        for field, what in (("number", "номер"), ("date", "дату")):
            yield ctx.at(
                "order",
                ("document", field),
                "to-fill",
                f"проект приказа: {what} впишите при подписании — {ctx.command('sign --number НОМЕР --date ГГГГ-ММ-ДД')} "
                f"(сейчас здесь заготовка: {ru.short_date(doc.date) if field == 'date' else doc.number})",
            )
    year = ctx.bundle.regulation.school_year
    if year is not None and not year.confirmed:
        shown = ", ".join(f"{p.name} {ru.short_date(p.from_)} – {ru.short_date(p.to)}" for p in year.periods)
        yield ctx.at(
            "regulation",
            ("school_year", "confirmed"),
            "periods-to-confirm",
            f"учебные периоды перенесены с прошлого года ({shown}); сверьте их с календарным учебным графиком, "
            "исправьте даты и укажите confirmed: true",
        )


# --------------------------------------------------------------------------- text

_NAME_AFTER = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s+([А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)")
_NAME_BEFORE = re.compile(r"(?<![А-ЯЁа-яё])([А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)\s?([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\b")


def free_texts(bundle: Bundle) -> Iterator[tuple[str, YamlPath, str]]:
    """(document, path, text) of every text of the YAML that may hold ``{…}`` references."""
    order, plan, reg = bundle.order, bundle.plan, bundle.regulation
    if order.purpose:
        yield "order", ("purpose",), order.purpose
    for path, _number, item in item_numbers(order.items):
        yield "order", path + ("text",), item.text
        for k, b in enumerate(item.bullets):
            yield "order", path + ("bullets", k), b
    for i, member in enumerate(order.working_group):
        if member.area:
            yield "order", ("working_group", i, "area"), member.area
    for i, m in enumerate(plan.measures):
        yield "plan", ("measures", i, "text"), m.text
        for k, p in enumerate(m.points):
            yield "plan", ("measures", i, "points", k), p
        for field, value in (("note", m.note), ("evidence", m.evidence)):
            if value:
                yield "plan", ("measures", i, field), value
    for i, c in enumerate(reg.clauses):
        if c.text is not None:
            yield "regulation", ("clauses", i, "text"), c.text
    for role_key, role in reg.roles.items():
        for j, duty in enumerate(role.duties):
            yield "regulation", ("roles", role_key, "duties", j, "text"), duty.text
    for i, section in enumerate(reg.sections):
        yield "regulation", ("sections", i, "title"), section.title
        for j, clause in enumerate(section.clauses):
            yield "regulation", ("sections", i, "clauses", j, "text"), clause.text
    for i, app in enumerate(order.appendices):
        for k, paragraph in enumerate(app.paragraphs):
            yield "order", ("appendices", i, "paragraphs", k), paragraph
        for k, section in enumerate(app.sections):
            yield "order", ("appendices", i, "sections", k, "title"), section.title
            for j, clause in enumerate(section.clauses):
                yield "order", ("appendices", i, "sections", k, "clauses", j, "text"), clause.text
        for k, row in enumerate(app.rows):
            yield "order", ("appendices", i, "rows", k, "task"), row.task


def reference_position(bundle: Bundle, doc: str, path: YamlPath, text: str, start: int) -> tuple[int, int]:
    """Where the reference at ``start`` of ``text`` stands in the file: found on the lines of the
    value (the n-th occurrence of the same markup), else the start of the value."""
    source = bundle.sources[doc]
    line, col = source.locate(path)
    wanted = text[start : text.index("}", start) + 1]
    nth = text[:start].count(wanted)
    try:
        lines = source.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return line, col
    offset = col - 1
    for n in range(line - 1, min(len(lines), line - 1 + max(1, text.count("\n") + 1) + 20)):
        k = lines[n].find(wanted, offset)
        while k >= 0:
            if nth == 0:
                return n + 1, k + 1
            nth -= 1
            k = lines[n].find(wanted, k + 1)
        offset = 0
    return line, col


def rule_text_references(ctx: Context) -> Iterator[Finding]:
    """Every ``{ключ:падеж:форма}`` of a text names something the data have, in a valid form."""
    order, bundle = ctx.bundle.order, ctx.bundle
    appendices = [a.key for a in order.appendices]
    measures = [m.id for m in bundle.plan.measures]
    names = list(ctx.people) + list(ctx.roles)
    for doc, path, text in free_texts(ctx.bundle):
        for ref in references(text):
            if ref.error:
                problem = ref.error
            elif ref.kind == "appendix" and ref.key not in appendices:
                problem = f"нет приложения с ключом «{ref.key}»{ru.did_you_mean(ref.key, appendices)}; приложения — в разделе appendices"
            elif ref.kind == "measure" and ref.key not in measures:
                problem = f"в плане нет мероприятия «{ref.key}»"
            elif ref.kind == "person-or-role" and ref.key not in names:
                problem = (
                    f"нет ни сотрудника, ни роли с ключом «{ref.key}»{ru.did_you_mean(ref.key, names)}; "
                    "люди — в разделе people, роли — в разделе roles"
                )
            elif ref.kind == "person-or-role" and ref.key not in ctx.people and ref.form != "инициалы":
                problem = f"«{ref.key}» — роль, а не сотрудник: форма имени «{ref.form}» к ней не применяется"
            else:
                continue
            line, col = reference_position(bundle, doc, path, text, ref.start)
            yield finding(source_display(ctx, doc), line, col, "text-unknown-ref", f"ссылка {ref.text}: {problem}")


def source_display(ctx: Context, doc: str) -> str:
    return ctx.bundle.sources[doc].display


def _same_surname(written: str, registered: str) -> bool:
    """True when ``written`` is ``registered`` in some grammatical case (Одинокина → Одинокин)."""
    if written == registered:
        return True
    if registered.endswith(("ая", "ий", "ый", "ой")):
        stem = registered[:-2]
    elif registered.endswith(("ова", "ева", "ёва", "ина", "ына")):  # Кузнецова → Кузнецову, Кузнецовой
        stem = registered[:-1]
    else:
        stem = registered
    return written.startswith(stem) and len(written) - len(stem) <= 3 and written[len(stem) :].islower()


def rule_names_in_text(ctx: Context) -> Iterator[Finding]:
    people = list(ctx.people.values())
    surnames = [p.surname for p in people]
    known_initials = {p.initials_text for p in people}
    for doc, path, text in free_texts(ctx.bundle):
        for pattern, s_group, i_group in ((_NAME_AFTER, 1, 2), (_NAME_BEFORE, 2, 1)):
            for match in pattern.finditer(text):
                surname = match.group(s_group)
                initials = match.group(i_group).replace(" ", "")
                if any(_same_surname(surname, p.surname) and p.initials_text.startswith(initials) for p in people):
                    continue
                hint = ru.did_you_mean(surname, surnames, cutoff=0.7)
                if not hint and initials not in known_initials:
                    continue  # not one of ours: another person, not a typo
                yield ctx.at(
                    doc,
                    path,
                    "text-unknown-name",
                    f"в тексте упоминается «{match.group(0).strip()}», но такого сотрудника нет в people{hint}",
                )


def rule_placeholders(ctx: Context) -> Iterator[Finding]:
    yield from placeholder_findings(ctx.bundle)


RULES: list[Rule] = [
    rule_placeholders,
    rule_unknown_person,
    rule_person_or_role,
    rule_unknown_role,
    rule_responsible_in_group,
    rule_role_holders,
    rule_member_duties,
    rule_appendices,
    rule_numbering,
    rule_duty_measures,
    rule_school_periods,
    rule_no_responsible,
    rule_measure_deadlines,
    rule_after_period,
    rule_basis_dates,
    rule_stamps,
    rule_done_dates,
    rule_future_dates,
    rule_data_entry,
    rule_updates,
    rule_recurring_duties,
    rule_item_deadlines,
    rule_revocation,
    rule_names_in_text,
    rule_text_references,
    rule_acquaintance,
    rule_draft,
]


# Rules about how the work is going rather than whether the documents are right: `render`
# does not refuse a signable order because a measure of its plan is late.
PROGRESS_RULES: set[Rule] = {
    rule_measure_deadlines,
    rule_future_dates,
    rule_data_entry,
    rule_updates,
    rule_recurring_duties,
    rule_acquaintance,
    rule_item_deadlines,
}


def run_checks(bundle: Bundle, today: dt.date, horizon: int = DEFAULT_HORIZON, progress: bool = True) -> list[Finding]:
    """All findings, sorted; with ``progress=False`` only those about the documents themselves."""
    ctx = Context(bundle, today, horizon)
    rules = RULES if progress else [r for r in RULES if r not in PROGRESS_RULES]
    return sort_findings([f for rule in rules for f in rule(ctx)])
