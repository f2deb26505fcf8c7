"""The progress report («Справка о ходе выполнения плана мероприятий …») on a given day.

Its wording and its template context live here; the facts come from the agenda
(``core.agenda``: each measure's state and number, data entry, the freshness of the data,
the recurring duties of every role, collective ones included); the chart from ``chart`` (a table).  The
template is ``templates/report.docx`` (built by ``tools/make_report_template.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.acquaintance import acquaintance_obligations
from elzhur_rollout.core.agenda import Agenda, Obligation, build_agenda
from elzhur_rollout.core.domain import (
    assignee_name,
    declared_roles,
    in_sentence,
    item_numbers,
    plan_appendix_number,
    regulation_start,
    role_name,
)
from elzhur_rollout.core.values import Kind, State
from elzhur_rollout.documents.chart import Bar, caption, gantt_table
from elzhur_rollout.documents.wording import Job, typeset, with_references, wording_errors
from elzhur_rollout.lang import inflection as grammar
from elzhur_rollout.lang import vocabulary as ru

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.models import Person
    from elzhur_rollout.documents.wording import Job

NBSP = "\u00a0"


def report_file(today: dt.date) -> str:
    """«spravka-2020-07-01.docx»: each report keeps its date, so earlier ones stay."""
    return f"spravka-{today:%Y-%m-%d}.docx"


# --------------------------------------------------------------------------- words


def group_words(bundle: Bundle) -> str:
    """Whose periodic duties the regulation sets, in the genitive: «рабочей группы» (the order
    creates one), «комиссии» (the order creates a commission), «работников» (no group)."""
    grouped = [item for _path, _number, item in item_numbers(bundle.order.items) if item.working_group]
    if not grouped and not bundle.order.working_group:
        return "работников"
    return "комиссии" if any("комисси" in item.text.lower() for item in grouped) else "рабочей группы"


def _numbers(numbers: list[str]) -> str:
    """«№ 1», «№ 1 и 3», «№ 2, 4 и 5»."""
    ids = list(numbers)
    return "№" + NBSP + (ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " и " + ids[-1])


def title_of(bundle: Bundle, today: dt.date) -> str:
    """«о ходе выполнения плана мероприятий по внедрению … по состоянию на 1 июля 2020 г.»"""
    plan_title = bundle.plan.title.strip().rstrip(".")
    if plan_title.lower().startswith("план "):
        subject = "плана " + plan_title[5:]
    else:
        subject = f"плана «{plan_title}»"
    return f"о ходе выполнения {subject} по состоянию на {ru.long_date(today)}"


_DATED = re.compile(r"; (?=\d\d\.\d\d\.\d{4}: )")


def note_history(note: str | None) -> list[tuple[dt.date | None, str]]:
    """A note as ``edit.progress.noted`` keeps it: the first text (undated), then «; ДД.ММ.ГГГГ: …»."""
    out: list[tuple[dt.date | None, str]] = []
    for k, piece in enumerate(_DATED.split(note or "")):
        if k and piece[:10].count(".") == 2:
            day, month, year = piece[:10].split(".")
            out.append((dt.date(int(year), int(month), int(day)), piece[12:]))
        elif piece.strip():
            out.append((None, piece))
    return out


def mark(o: Obligation) -> str:
    """The «Отметка о выполнении» cell of a measure: its state on the day (the agenda's), and
    what was recorded with it.  A note written at completion (or at cancellation) is the mark;
    an earlier note of the measure is printed as a note, never as if it were the mark."""
    m = o.measure
    assert m is not None
    history = note_history(m.note)
    if o.state is State.DONE:
        text = ru.cap(ru.state_text(State.DONE, done_on=m.done_on))
        recorded = [t for d, t in history if d is not None and m.done_on and d >= m.done_on]
        if not recorded and history and history[-1][0] is None:
            recorded = [f"примечание: {history[-1][1]}"]
        extras = [ru.cap(x.rstrip(".")) for x in (*recorded, m.evidence and f"подтверждение: {m.evidence}") if x]
        return ". ".join([text] + extras) + "."
    if o.state is State.CANCELLED:
        reason = history[-1][1] if history else ""
        return ru.state_word(State.CANCELLED, heading=True) + (f". {ru.cap(reason.rstrip('.'))}." if reason else ".")
    if o.marks:  # a recurring row: its state and a mark a period
        return f"{ru.cap(ru.state_text(o.state, o.days_overdue))}. {ru.periods_text(o.marks, dash='–')}."
    if o.state is State.UPCOMING and o.start is not None:
        return f"{ru.state_word(State.UPCOMING, heading=True)} (начало – {ru.month_name(o.start.month)} {o.start.year} г.)"
    return ru.cap(ru.state_text(o.state, o.days_overdue))


def _signer(bundle: Bundle) -> Person:
    """The person who signs: ``reporter`` in order.yaml, else the deputy director who leads
    the working group, else the group's first member, else the order's signatory."""
    order = bundle.order
    people = order.people
    if order.reporter and order.reporter in people:
        return people[order.reporter]
    members = [people[m.person] for m in order.working_group if m.person in people]
    for person in members:
        if person.position.lower().startswith("заместитель директора"):
            return person
    return members[0] if members else people[order.signatory_key]


# --------------------------------------------------------------------------- the summary


def summary(bundle: Bundle, agenda: Agenda) -> list[str]:
    """The report's paragraphs before the table."""
    order, reg, today = bundle.order, bundle.regulation, agenda.today
    whose = group_words(bundle)
    out: list[str] = []
    if today < order.document.date:
        out.append(
            f"Справка составлена на дату, предшествующую изданию {order.document.kind}а от "
            f"{ru.short_date(order.document.date)} № {order.document.number}, которым утверждён план: "
            "выполнение плана ещё не началось."
        )
    if reg.period.until is not None and today > reg.period.until:
        out.append(
            f"Срок действия регламента{' ' + whose if whose != 'работников' else ''} истёк "
            f"{ru.short_date(reg.period.until)}; периодические обязанности {whose} после этой даты не учитываются."
        )

    measures = agenda.measures
    parts = []
    for state in (State.DONE, State.IN_PROGRESS, State.PLANNED, State.UPCOMING, State.OVERDUE, State.CANCELLED):
        n = agenda.count(Kind.MEASURE, state)
        if n or state not in (State.PLANNED, State.UPCOMING):
            parts.append(ru.state_count(state, n))
    out.append(f"На {ru.long_date(today)} в плане {ru.measures(len(measures))}: " + ", ".join(parts) + ".")
    overdue = [o for o in measures if o.state is State.OVERDUE]
    if overdue:
        groups: dict[int, list[str]] = {}
        for o in overdue:
            groups.setdefault(o.days_overdue, []).append(o.number)
        pieces = [f"{_numbers(g)} – на {ru.days(days)}" for days, g in sorted(groups.items(), reverse=True)]
        word = "Просрочено мероприятие" if len(overdue) == 1 else "Просрочены мероприятия"
        out.append(f"{word} " + "; ".join(pieces) + ".")

    by_item: dict[str, list[Obligation]] = {}
    for o in agenda.entries:
        by_item.setdefault(o.number, []).append(o)
    for number, group in by_item.items():
        cats = []
        for o in group:
            e = o.entry
            assert e is not None
            label = ru.category_label(e.category, e.label)
            label = label[:1].lower() + label[1:]
            if e.total is not None and e.percent is not None:
                cats.append(f"{label} – {e.entered} из {e.total} ({e.percent}{NBSP}%)")
            else:
                cats.append(f"{label} – {e.entered} (общее число не указано)")
        due = group[0].due
        term = ""
        if due is not None:
            if all(o.state is State.DONE for o in group):
                term = " Внесение завершено."
            elif any(o.state is State.OVERDUE for o in group):
                term = f" Срок ({ru.short_date(due)}) истёк, внесение не завершено."
            else:
                term = f" Срок – до {ru.short_date(due)}."
        out.append(f"Внесение данных в электронный журнал (пункт {number} приказа): " + "; ".join(cats) + "." + term)
    upd = agenda.updates
    if upd is not None and upd.freshness is not None:
        fresh = upd.freshness
        rule = f"не позднее {ru.days(fresh.within_days, 'gent')} с момента изменений"
        if fresh.last_update is None or fresh.age is None:
            said = "отметки об актуализации нет" + (
                f", хотя срок ({ru.short_date(upd.due)}) истёк" if upd.due is not None and upd.state is State.OVERDUE else ""
            )
        else:
            ago = {0: "сегодня", 1: "вчера"}.get(fresh.age, f"{ru.days(fresh.age)} назад")
            said = f"последняя – {ru.short_date(fresh.last_update)}, {ago}"
            said += f", срок превышен на {ru.days(upd.days_overdue)}" if upd.state is State.OVERDUE else ", в пределах срока"
        out.append(f"Актуализация данных (пункт {upd.number} приказа, {rule}): {said}.")
    unsigned = [o for o in acquaintance_obligations(bundle) if o.pending()]
    if unsigned:
        names = {k: p.short_name for k, p in order.people.items()}
        missing = [f"{names[o.person]} (срок – {ru.short_date(o.due)}{', истёк' if o.overdue(today) else ''})" for o in unsigned]
        out.append("С приказом под подпись не ознакомлены: " + ", ".join(missing) + ".")

    late = [o for o in agenda.duties if o.state is State.OVERDUE]
    if late:
        items = [f"«{o.text.rstrip('.')}» ({_owed_by(bundle, o)}, срок – {ru.short_date(o.due)})" for o in late if o.due]
        head = f"Периодические обязанности {whose}: {ru.state_count(State.OVERDUE, len(late), ru.DUTY)}"
        out.append(head + (" – " if len(items) == 1 else ": ") + "; ".join(items) + ".")
    elif today >= regulation_start(bundle) and agenda.regulation_in_force:
        out.append(f"Просроченных периодических обязанностей {whose} нет.")
    return out


def _owed_by(bundle: Bundle, o: Obligation) -> str:
    """«инженер-электроник Одинокин С.А.», «классные руководители 1–11 классов»: the role a
    duty stands under and the people who owe it; a role nobody is named for, by its title."""
    role = role_name(bundle.regulation.roles[o.role].title) if o.role in bundle.regulation.roles else (o.title or "")
    people = bundle.order.people
    names = [people[w.key].short_name for w in o.owners if w.person and w.key in people]
    named = [
        in_sentence(assignee_name(bundle, w.key))  # a role, named inside the sentence
        for w in o.owners
        if not w.via and w.key != o.role and not (w.person and w.key in people)
    ]
    if o.role not in bundle.regulation.roles:  # a duty written in a paragraph or an item: its people, then where
        return ", ".join(x for x in (", ".join(names + named), in_sentence(role)) if x)
    return " ".join(x for x in (in_sentence(role), ", ".join(names + named)) if x)


# --------------------------------------------------------------------------- the chart


def bars(bundle: Bundle, agenda: Agenda) -> list[Bar]:
    """One bar per measure, in the plan's order: from the start of its term (or the order's
    date) to its deadline; a measure with a recurring or conditional term spans the
    regulation's period (to the report's date when it is open-ended) and says its term."""
    out = []
    today = agenda.today
    reg_start, reg_end = regulation_start(bundle), bundle.regulation.period.until
    for o in agenda.measures:
        d = o.deadline
        assert d is not None and o.start is not None
        ongoing = o.due is None  # every week, by the 10th, «по обращениям»: the regulation's whole period
        start = d.start or (reg_start if ongoing else o.start)
        end = o.due or reg_end or max(today, start)
        if end < start:
            start = end
        label = ru.state_text(o.state, o.days_overdue, o.done_on)
        if ongoing and not o.state.closed:
            label += f" ({ru.deadline_text(d)})"
        out.append(Bar(int(o.number), start, end, o.state, label))
    return out


@dataclass
class Chart:
    """The chart for the template: ``docx_writer`` puts its table in place of the paragraph
    holding ``{{ chart }}``, as wide as the template's text."""

    bars: list[Bar]
    today: dt.date

    def block(self, width: int) -> str:
        return gantt_table(self.bars, self.today, width)


# --------------------------------------------------------------------------- the context


def report_jobs(bundle: Bundle, today: dt.date) -> list[Job]:
    """The report as a rendering job (``rendering.render`` with the target ``report``)."""

    with wording_errors():
        context = with_references(bundle, report_context(bundle, today))
    return [Job(report_file(today), "report.docx", typeset(context), "Справка о ходе выполнения плана")]


def report_context(bundle: Bundle, today: dt.date) -> dict[str, Any]:

    order = bundle.order
    agenda = build_agenda(bundle, today)
    people = order.people
    roles = declared_roles(bundle)
    known = set(people) | set(roles)
    rows = []
    for o in agenda.measures:
        m = o.measure
        assert m is not None

        def name(key: str) -> str:  # «Рыженко Е.Н.» unbroken; a role by its title
            shown = assignee_name(bundle, key, roles)
            return shown.replace(" ", NBSP, 1) if key in people else shown

        names = [name(k) for k in m.responsible if k in known]
        names += [f"{name(k)} (соисполнитель)" for k in m.co_executors if k in known]
        rows.append(
            {
                "number": f"{o.number}.",
                "text": "\n".join([m.text] + [f"– {p}" for p in m.points]),
                "deadline": ru.cap(ru.deadline_text(m.deadline, capital=True)),  # as the source wrote it, in a column of capitals
                "responsible": "\n".join(names),
                "mark": mark(o),
            }
        )
    signer = _signer(bundle)
    kind = grammar.inflect_phrase(order.document.kind, "ablt")
    appendix = plan_appendix_number(bundle)
    basis = (
        f"План мероприятий утверждён {kind} {grammar.organization_name(order.organization, 'gent')} "
        f"от {ru.short_date(order.document.date)} № {order.document.number} «{order.document.title}»"
        + (f" (приложение {appendix})" if appendix else "")
        + "."
    ).replace("№ ", "№" + NBSP)
    return {
        "organization": order.organization.full_name,
        "kind": "СПРАВКА",
        "date": ru.short_date(today),
        "place": order.document.place or "",
        "title": ru.cap(title_of(bundle, today)),
        "basis": basis,
        "summary": summary(bundle, agenda),
        "measures": rows,
        "chart": Chart(bars(bundle, agenda), today),
        "chart_caption": caption(today),
        "signature_position": ru.cap(signer.position),
        "signature_name": signer.signature_name.replace(" ", NBSP),
        "signature_date": ru.short_date(today),
    }
