"""The progress report («Справка о ходе выполнения плана мероприятий …») on a given day.

Its wording and its template context live here; the facts come from the status view
(``status.build_status``: the plan's rows with their states, data entry, the last update,
each person's recurring duties) and from ``domain``; the chart from ``chart`` (a table).  The
template is ``templates/report.docx`` (built by ``tools/make_report_template.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.domain import assignee_name, declared_roles, effective_deadlines, item_numbers, regulation_start
from elzhur_rollout.core.values import MeasureState, MeasureStatus
from elzhur_rollout.documents.chart import UPCOMING, Bar, caption, gantt_table
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.views.status import MeasureRow, StatusReport, build_status

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.models import Person
    from elzhur_rollout.documents.wording import Job

NBSP = "\u00a0"


def report_file(today: dt.date) -> str:
    """«spravka-2020-07-01.docx»: each report keeps its date, so earlier ones stay."""
    return f"spravka-{today:%Y-%m-%d}.docx"


# --------------------------------------------------------------------------- words


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """«Администратор ЭЖ» → «администратор ЭЖ»: only the first letter, and not of an abbreviation («УВР»)."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def group_words(bundle: Bundle) -> str:
    """Whose periodic duties the regulation sets, in the genitive: «рабочей группы» (the order
    creates one), «комиссии» (the order creates a commission), «работников» (no group)."""
    grouped = [item for _path, _number, item in item_numbers(bundle.order.items) if item.working_group]
    if not grouped and not bundle.order.working_group:
        return "работников"
    return "комиссии" if any("комисси" in item.text.lower() for item in grouped) else "рабочей группы"


def _numbers(numbers: list[int]) -> str:
    """«№ 1», «№ 1 и 3», «№ 2, 4 и 5»."""
    ids = [str(n) for n in numbers]
    return "№" + NBSP + (ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " и " + ids[-1])


def _verb(n: int, forms: tuple[str, str, str]) -> str:
    """The verb agreeing with a numeral: one, few, many (просрочена 1 обязанность, просрочены 2 обязанности, просрочено 5 обязанностей)."""
    return ru.plural(n, *forms).split(" ", 1)[1]


def title_of(bundle: Bundle, today: dt.date) -> str:
    """«о ходе выполнения плана мероприятий по внедрению … по состоянию на 1 июля 2020 г.»"""
    plan_title = bundle.plan.title.strip().rstrip(".")
    if plan_title.lower().startswith("план "):
        subject = "плана " + plan_title[5:]
    else:
        subject = f"плана «{plan_title}»"
    return f"о ходе выполнения {subject} по состоянию на {ru.long_date(today)}"


def phase(row: MeasureRow, measure: Any, today: dt.date) -> str:
    """The measure's state on the day (``domain.measure_state``), with open measures whose
    term has not begun and which nobody started told apart as «предстоит»."""
    start = measure.deadline.start
    if (
        row.state in (MeasureState.OPEN, MeasureState.SOON)
        and measure.status is MeasureStatus.PLANNED
        and start is not None
        and today < start
    ):
        return UPCOMING
    return MeasureState.OPEN if row.state is MeasureState.SOON else row.state


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


def mark(row: MeasureRow, measure: Any, today: dt.date) -> str:
    """The «Отметка о выполнении» cell: the state, and what was recorded with it.  A note written
    at completion (or at cancellation) is the mark; an earlier note of the measure is printed as
    a note, never as if it were the mark."""
    state = phase(row, measure, today)
    history = note_history(measure.note)
    if state is MeasureState.DONE:
        text = "Выполнено" + (f" {ru.short_date(measure.done_on)}" if measure.done_on else "")
        recorded = [t for d, t in history if d is not None and measure.done_on and d >= measure.done_on]
        if not recorded and history and history[-1][0] is None:
            recorded = [f"примечание: {history[-1][1]}"]
        extras = [_cap(x.rstrip(".")) for x in (*recorded, measure.evidence and f"подтверждение: {measure.evidence}") if x]
        return ". ".join([text] + extras) + "."
    if state is MeasureState.CANCELLED:
        reason = history[-1][1] if history else ""
        return "Отменено" + (f". {_cap(reason.rstrip('.'))}." if reason else ".")
    if state is MeasureState.OVERDUE:
        assert row.due is not None
        return f"Просрочено на {ru.days((today - row.due).days)}"
    if state == UPCOMING:
        start = measure.deadline.start
        return f"Предстоит (начало – {ru.month_name(start.month)} {start.year} г.)"
    return "В работе"


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


def summary(bundle: Bundle, report: StatusReport, today: dt.date) -> list[str]:
    """The report's paragraphs before the table."""
    order, reg = bundle.order, bundle.regulation
    group = group_words(bundle)
    out: list[str] = []
    if today < order.document.date:
        out.append(
            f"Справка составлена на дату, предшествующую изданию {order.document.kind}а от "
            f"{ru.short_date(order.document.date)} № {order.document.number}, которым утверждён план: "
            "выполнение плана ещё не началось."
        )
    if reg.period.until is not None and today > reg.period.until:
        out.append(
            f"Срок действия регламента{' ' + group if group != 'работников' else ''} истёк "
            f"{ru.short_date(reg.period.until)}; периодические обязанности {group} после этой даты не учитываются."
        )

    rows = report.measures
    position = {id(r): n for n, r in enumerate(rows, 1)}
    phases = [phase(r, m, today) for r, m in zip(rows, bundle.plan.measures, strict=True)]

    def count(state: str) -> int:
        return sum(p == state for p in phases)

    overdue = [r for r, p in zip(rows, phases, strict=True) if p is MeasureState.OVERDUE]
    done, working, upcoming, cancelled = (
        count(MeasureState.DONE),
        count(MeasureState.OPEN),
        count(UPCOMING),
        count(MeasureState.CANCELLED),
    )
    parts = [
        f"выполнено {ru.measures(done)}" if done else "выполненных нет",
        f"в работе {ru.measures(working)}" if working else "в работе – ни одного",
    ]
    if upcoming:
        parts.append(f"{_verb(upcoming, ('предстоит', 'предстоят', 'предстоит'))} {ru.measures(upcoming)}")
    parts += [
        f"просрочено {ru.measures(len(overdue))}" if overdue else "просроченных нет",
        f"отменено {ru.measures(cancelled)}" if cancelled else "отменённых нет",
    ]
    out.append(f"На {ru.long_date(today)} в плане {ru.measures(len(rows))}: " + ", ".join(parts) + ".")
    if overdue:
        groups: dict[int, list[int]] = {}
        for r in overdue:
            assert r.due is not None
            groups.setdefault((today - r.due).days, []).append(position[id(r)])
        pieces = [f"{_numbers(g)} – на {ru.days(days)}" for days, g in sorted(groups.items(), reverse=True)]
        word = "Просрочено мероприятие" if len(overdue) == 1 else "Просрочены мероприятия"
        out.append(f"{word} " + "; ".join(pieces) + ".")

    for _path, number, item, deadline in effective_deadlines(order.items):
        due = deadline.due if deadline else None
        if item.data_entry:
            cats = []
            for c in item.data_entry:
                label = ru.CATEGORY_RU.get(c.category, c.text)
                label = label[:1].lower() + label[1:]
                if c.total:
                    cats.append(f"{label} – {c.entered} из {c.total} ({c.entered * 100 // c.total}{NBSP}%)")
                else:
                    cats.append(f"{label} – {c.entered} (общее число не указано)")
            complete = all(c.total is not None and c.entered >= c.total for c in item.data_entry)
            term = ""
            if due is not None:
                if complete:
                    term = " Внесение завершено."
                elif today > due:
                    term = f" Срок ({ru.short_date(due)}) истёк, внесение не завершено."
                else:
                    term = f" Срок – до {ru.short_date(due)}."
            out.append(f"Внесение данных в электронный журнал (пункт {number} приказа): " + "; ".join(cats) + "." + term)
        if item.updates:
            upd = item.updates
            rule = f"не позднее {ru.days(upd.within_days, 'gent')} с момента изменений"
            if upd.last_update is None:
                state = "отметки об актуализации нет" + (
                    f", хотя срок ({ru.short_date(due)}) истёк" if due is not None and today > due else ""
                )
            else:
                age = (today - upd.last_update).days
                ago = {0: "сегодня", 1: "вчера"}.get(age, f"{ru.days(age)} назад")
                state = f"последняя – {ru.short_date(upd.last_update)}, {ago}"
                state += f", срок превышен на {ru.days(age - upd.within_days)}" if age > upd.within_days else ", в пределах срока"
            out.append(f"Актуализация данных (пункт {number} приказа, {rule}): {state}.")
    if report.not_acquainted:
        missing = [f"{r.name} (срок – {ru.short_date(r.due)}{', истёк' if r.overdue else ''})" for r in report.not_acquainted]
        out.append("С приказом под подпись не ознакомлены: " + ", ".join(missing) + ".")

    late: dict[tuple[str, str], tuple[dt.date, list[str]]] = {}
    for agenda in report.people:
        for duty in agenda.duties:
            if duty.overdue:
                due, names = late.setdefault((duty.role, duty.text), (duty.due, []))
                names.append(agenda.name)
    if late:
        forms = ("просрочена", "просрочены", "просрочено")
        head = f"Периодические обязанности {group}: {_verb(len(late), forms)} " + ru.plural(
            len(late), "обязанность", "обязанности", "обязанностей"
        )
        items = [
            f"«{text.rstrip('.')}» ({_lower_first(role)} {', '.join(names)}, срок – {ru.short_date(due)})"
            for (role, text), (due, names) in late.items()
        ]
        out.append(head + (" – " if len(items) == 1 else ": ") + "; ".join(items) + ".")
    elif today >= regulation_start(bundle) and (reg.period.until is None or today <= reg.period.until):
        out.append(f"Просроченных периодических обязанностей {group} нет.")
    return out


# --------------------------------------------------------------------------- the chart


def bars(bundle: Bundle, report: StatusReport, today: dt.date) -> list[Bar]:
    """One bar per measure, in the plan's order: from the start of its term (or the order's
    date) to its deadline; a measure with a recurring or conditional term spans the
    regulation's period (to the report's date when it is open-ended) and says its term."""
    out = []
    order_date = bundle.order.document.date
    reg_start, reg_end = regulation_start(bundle), bundle.regulation.period.until
    for number, (m, row) in enumerate(zip(bundle.plan.measures, report.measures, strict=True), 1):
        d = m.deadline
        ongoing = d.due is None  # every week, by the 10th, «по обращениям»: the regulation's whole period
        start = d.start or (reg_start if ongoing else order_date)
        end = d.due or reg_end or max(today, start)
        if end < start:
            start = end
        if phase(row, m, today) == UPCOMING:
            label = "предстоит"
        elif row.state is MeasureState.DONE:
            label = "выполнено" + (f" {ru.short_date(m.done_on)}" if m.done_on else "")
        elif row.state is MeasureState.OVERDUE:
            assert row.due is not None
            label = f"просрочено на {ru.days((today - row.due).days)}"
        elif row.state is MeasureState.CANCELLED:
            label = "отменено"
        else:
            label = "в работе"
        if ongoing and row.state not in (MeasureState.DONE, MeasureState.CANCELLED):
            label += f" ({ru.deadline_text(d)})"
        out.append(Bar(number, start, end, phase(row, m, today), label))
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
    from elzhur_rollout.documents.wording import Job, typeset, with_references, wording_errors

    with wording_errors():
        context = with_references(bundle, report_context(bundle, today))
    return [Job(report_file(today), "report.docx", typeset(context), "Справка о ходе выполнения плана")]


def report_context(bundle: Bundle, today: dt.date) -> dict[str, Any]:
    from elzhur_rollout.lang import inflection as grammar

    order = bundle.order
    report = build_status(bundle, today)
    people = order.people
    roles = declared_roles(bundle)
    known = set(people) | set(roles)
    rows = []
    for number, (m, row) in enumerate(zip(bundle.plan.measures, report.measures, strict=True), 1):

        def name(key: str) -> str:  # «Рыженко Е.Н.» unbroken; a role by its title
            shown = assignee_name(bundle, key, roles)
            return shown.replace(" ", NBSP, 1) if key in people else shown

        names = [name(k) for k in m.responsible if k in known]
        names += [f"{name(k)} (соисполнитель)" for k in m.co_executors if k in known]
        rows.append(
            {
                "number": f"{number}.",
                "text": "\n".join([m.text] + [f"– {p}" for p in m.points]),
                "deadline": ru.deadline_text(m.deadline, capital=True),
                "responsible": "\n".join(names),
                "mark": mark(row, m, today),
            }
        )
    signer = _signer(bundle)
    kind = grammar.inflect_phrase(order.document.kind, "ablt")
    appendix = next((n for n, a in enumerate(order.appendices, 1) if a.kind == "plan"), None)
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
        "title": _cap(title_of(bundle, today)),
        "basis": basis,
        "summary": summary(bundle, report, today),
        "measures": rows,
        "chart": Chart(bars(bundle, report, today), today),
        "chart_caption": caption(today),
        "signature_position": _cap(signer.position),
        "signature_name": signer.signature_name.replace(" ", NBSP),
        "signature_date": ru.short_date(today),
    }
