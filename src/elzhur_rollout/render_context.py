"""The wording of the printed documents: the contexts the .docx templates receive.

Contexts are plain dicts built from the models; all Russian grammar is derived here
(``grammar``), never typed twice in the YAML.  Every string of a context finally goes
through ``typography``, which puts no-break spaces where a line must not break.
Nothing here touches files or imports docxtpl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import grammar
from . import russian as ru
from .domain import item_numbers, person_references
from .errors import GrammarError, RenderError
from .loading import Bundle
from .models import Appendix, Approval, Deadline, Order, OrderItem, Person

TARGETS = ("order", "plan", "regulation", "ack", "all")
NBSP = "\u00a0"

# Latin file names: Cyrillic names are fine on NTFS, but are mangled by zip archivers,
# mail clients and USB sticks formatted by old systems at many schools.
ORDER_FILE = "prikaz.docx"
ACK_FILE = "list-oznakomleniya.docx"
BUNDLE_FILE = "komplekt.docx"
_APPENDIX_SLUG = {"plan": "plan", "regulation": "reglament", "text": "prilozhenie"}


@dataclass
class Job:
    """One output file: which template, with which contexts (several: one section each)."""

    filename: str
    template: str
    context: dict[str, Any]
    title: str
    more: list[dict[str, Any]] = field(default_factory=list)  # further sections of the same template


# --------------------------------------------------------------------------- typography

# «г.» as a year, not «г. Феодосия» (the abbreviation of «город» before a name is glued by its own rule)
_UNITS = r"(?:гг?\.(?!\s*[А-ЯЁ])|вв?\.|руб\.|коп\.|тыс\.|чел\.|шт\.|(?:млн|млрд|мм|см|км|кг|мин|ч)(?![а-яё])|%)"
_MONTHS_GEN = r"(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
_TYPOGRAPHY = [
    # «№ 5», «§ 3»: the sign never ends a line
    (re.compile(r"([№§]) +(?=\S)"), "\\1" + NBSP),
    # initials before a surname: «Е.С. Лойко»
    (re.compile(r"(?<![А-ЯЁA-Za-z])((?:[А-ЯЁ]\.){1,2}) +(?=[А-ЯЁ][а-яё])"), "\\1" + NBSP),
    # a surname before its initials: «Рыженко Е.Н.»
    (re.compile(r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) +(?=(?:[А-ЯЁ]\.){1,2}(?![А-Яа-яЁё]))"), "\\1" + NBSP),
    # a number and its unit or «г.»: «2020 г.», «30 мая»
    (re.compile(rf"(\d) +(?={_UNITS}|{_MONTHS_GEN}(?![а-яё]))"), "\\1" + NBSP),
    # abbreviations before a name: «г. Феодосия», «ул. Мира»
    (re.compile(r"(?<![А-Яа-яЁё])(г|ул|д|пос|обл|пр|пер)\. +(?=[А-ЯЁ\d])"), "\\1." + NBSP),
    # a reference and its number: «(приложение 2)», «пункт 3.1», «ст. 22»
    (re.compile(r"(?<![А-Яа-яЁё])(приложени[а-я]*|пункт[а-я]*|п\.|ст\.|ч\.|гл\.|раздел[а-я]*) +(?=\d)"), "\\1" + NBSP),
    # one-letter prepositions and conjunctions never end a line: «в МБОУ», «и далее»
    (re.compile(r"(?<![\w.\-])([вВкКсСоОуУиИаАяЯ]) +"), "\\1" + NBSP),
    # a dash never starts a line: «июнь – август», «МБОУ – Гимназия»
    (re.compile(r"(?<=\S) +(?=[–—])"), NBSP),
]


def typography(text: str) -> str:
    """No-break spaces by the rules of Russian typesetting (only spaces change, never words)."""
    for pattern, replacement in _TYPOGRAPHY:
        text = pattern.sub(replacement, text)
    return text


def typeset(value: Any) -> Any:
    """``typography`` applied to every string of a context."""
    if isinstance(value, str):
        return typography(value)
    if isinstance(value, list):
        return [typeset(v) for v in value]
    if isinstance(value, dict):
        return {k: typeset(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- words


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _name_with_position(person: Person, case: str) -> str:
    return f"{grammar.short_name(person, case)}, {grammar.position(person, case)}"  # type: ignore[arg-type]


def _org_gent(order: Order) -> str:
    return grammar.organization_name(order.organization, "gent")


def requisites(order: Order) -> str:
    """«от 30.05.2020 № 188», unbreakable: the date and number of a document are one unit."""
    return NBSP.join(["от", ru.short_date(order.document.date), "№", order.document.number])


def _order_ref(order: Order, case: str, sep: str = " ") -> str:
    """«приказу МБОУ – Гимназии № 5 от 30.05.2020 № 188» with the kind in ``case``;
    ``sep`` goes before «от» (a line break in the marks of the appendices)."""
    kind = grammar.inflect_phrase(order.document.kind, case)  # type: ignore[arg-type]
    return f"{kind} {_org_gent(order)}{sep}{requisites(order)}"


def deadline_sentence(d: Deadline) -> str:
    """The deadline line under an order item: «До 15.06.2020 г. и далее – по мере необходимости.»"""
    if d.until:
        text = f"До {ru.short_date(d.until)} г." + (f" и далее – {d.then}" if d.then else "")
    else:
        text = "Срок – " + ru.deadline_text(d)
    return text.rstrip(".") + "."


def _stamp(approval: Approval, title: str, people: dict[str, Person]) -> str:
    word = "СОГЛАСОВАНО" if approval.kind == "agreed" else grammar.approved_word(title)
    lines = [word, approval.body]
    if approval.person and approval.person in people:
        lines.append(people[approval.person].signature_name)
    ref = " ".join(p for p in (
        approval.document or "",
        f"от {ru.short_date(approval.date)}" if approval.date else "",
        f"№ {approval.number}" if approval.number else "",
    ) if p)
    if ref:
        lines.append(ref)
    return "\n".join(lines)


# --------------------------------------------------------------------------- contexts


def _preamble(order: Order) -> str:
    parts = []
    if order.basis:
        docs = []
        for b in order.basis:
            issuer = b.issuer_genitive or grammar.inflect_phrase(b.issuer, "gent")
            docs.append(f"{grammar.inflect_phrase(b.kind, 'gent')} {issuer} от {ru.short_date(b.date)} г. № {b.number}")
        parts.append("Во исполнение " + ", ".join(docs))
    if order.purpose:
        parts.append(order.purpose if not parts else order.purpose[:1].lower() + order.purpose[1:])
    return ", ".join(parts) + ","


def _appendix_label(order: Order, key: str) -> str:
    """The appendix's number; an unknown key (rendered with --force) shows as «key», never «None»."""
    number = order.appendix_number(key)
    return str(number) if number is not None else f"«{key}»"


def _item_paragraphs(order: Order, items: list[OrderItem], prefix: str) -> list[str]:
    out: list[str] = []
    for i, item in enumerate(items):
        number = f"{prefix}{i + 1}."
        text = item.text
        if item.appendix is not None:
            text = f"{text.rstrip('.')} (приложение {_appendix_label(order, item.appendix)})."
        out.append(f"{number} {text}")
        if item.working_group:
            members = [
                f"– {_name_with_position(order.people[m.person], 'gent')}, {m.area}"
                for m in order.working_group
            ]
            out += [line + (";" if k < len(members) - 1 else ".") for k, line in enumerate(members)]
        out += [f"– {b}" for b in item.bullets]
        out += [f"– {c.text}" for c in item.data_entry]
        out += _item_paragraphs(order, item.items, number)
        if item.deadline is not None:
            out.append(deadline_sentence(item.deadline))
    return out


def order_context(bundle: Bundle) -> dict[str, Any]:
    order = bundle.order
    signatory = order.people[order.signatory]
    body = _item_paragraphs(order, order.items, "")
    control = "Контроль за исполнением данного приказа "
    if order.control.person:
        control += f"возложить на {_name_with_position(order.people[order.control.person], 'accs')}."
    else:
        control += "оставляю за собой."
    body.append(f"{len(order.items) + 1}. {control}")
    return {
        "approvals": [_stamp(a, order.document.kind, order.people) for a in order.approvals],
        "organization": order.organization.full_name,
        "kind": order.document.kind.upper(),
        "date": ru.long_date(order.document.date),
        "number": order.document.number,
        "place": order.document.place,
        "title": order.document.title,
        "preamble": _preamble(order),
        "body": body,
        "signature_position": f"{_cap(grammar.position(signatory))} {_org_gent(order)}",
        "signature_name": signatory.signature_name,
    }


def _approved_by_order(order: Order, appendix: Appendix) -> bool:
    return any(item.appendix == appendix.key for _p, _n, item in item_numbers(order.items))


def _marks(bundle: Bundle, appendix: Appendix, title: str) -> tuple[str, list[str]]:
    """The appendix mark, combined with the approval by the order when an item approves it
    («Приложение 1 / УТВЕРЖДЕН / приказом … / от … № …»), and the appendix's own stamps."""
    order = bundle.order
    number = order.appendix_number(appendix.key)
    if _approved_by_order(order, appendix):
        mark = f"Приложение {number}\n{grammar.approved_word(title)}\n{_order_ref(order, 'ablt', sep=chr(10))}"
    else:
        mark = f"Приложение {number}\nк {_order_ref(order, 'datv', sep=chr(10))}"
    own = bundle.plan.approvals if appendix.kind == "plan" else bundle.regulation.approvals if appendix.kind == "regulation" else []
    return mark, [_stamp(a, title, order.people) for a in own]


def _one_year(deadlines: list[Deadline]) -> str | None:
    years = {str(m.year) for d in deadlines for m in (d.month, d.from_, d.to) if m}
    only_months = all(d.month or d.from_ for d in deadlines)
    return years.pop() if only_months and len(years) == 1 else None


def plan_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    plan, people = bundle.plan, bundle.order.people
    year = _one_year([m.deadline for m in plan.measures])
    mark, stamps = _marks(bundle, appendix, plan.title)
    rows = []
    for i, m in enumerate(plan.measures, 1):
        text = "\n".join([m.text] + [f"– {p}" for p in m.points])
        names = [people[k].short_name for k in m.responsible if k in people]
        names += [f"{people[k].short_name} (соисполнитель)" for k in m.co_executors if k in people]
        rows.append({
            "number": f"{i}.",
            "text": text,
            "deadline": ru.deadline_text(m.deadline, with_year=year is None, capital=True),
            "responsible": "\n".join(names),
        })
    return {
        "mark": mark,
        "approvals": stamps,
        "title": plan.title,
        "deadline_header": f"Сроки {year} г." if year else "Сроки",
        "measures": rows,
    }


def regulation_title(bundle: Bundle) -> str:
    reg = bundle.regulation
    return reg.title + (f" на период до {ru.short_date(reg.period.until)}" if reg.period.until else "")


def regulation_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    reg = bundle.regulation
    mark, stamps = _marks(bundle, appendix, reg.title)
    body = [f"{i}. {c.text}" for i, c in enumerate(reg.clauses, 1)]
    section = len(reg.clauses) + 1
    body.append(f"{section}. {reg.duties_intro}")
    for j, role in enumerate(reg.roles.values(), 1):
        body.append(f"{section}.{j}. {role.title}")
        body += [f"– {d.text}" for d in role.duties]
    return {"mark": mark, "approvals": stamps, "title": regulation_title(bundle), "body": body}


def text_appendix_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    assert appendix.title is not None
    mark, stamps = _marks(bundle, appendix, appendix.title)
    return {"mark": mark, "approvals": stamps, "title": appendix.title, "body": list(appendix.paragraphs)}


# --------------------------------------------------------------------------- acknowledgement


def _named_in(bundle: Bundle, document: str) -> set[str]:
    """Keys of the people a document names: the order (its working group, control, stamps),
    the plan (responsible, co-executors), the regulation (the holders of its roles)."""
    named = {key for doc, _path, key in person_references(bundle) if doc == document}
    if document == "regulation":
        roles = set(bundle.regulation.roles)
        named |= {key for key, p in bundle.order.people.items() if roles.intersection(p.roles)}
    return named


def ack_people(bundle: Bundle, documents: tuple[str, ...] = ("order", "plan", "regulation")) -> list[Person]:
    """Who signs the sheet: everyone the documents name, in the order of the people list;
    not the signatory of the order unless ``print.ack_signatory`` says so."""
    order = bundle.order
    named = set().union(*(_named_in(bundle, d) for d in documents))
    if not order.print_.ack_signatory:
        named.discard(order.signatory)
    else:
        named.add(order.signatory)
    return [p for key, p in order.people.items() if key in named]


def _ack_sheet(bundle: Bundle, subject: str, people: list[Person]) -> dict[str, Any]:
    rows = [
        {"number": f"{i}.", "name": p.short_name, "position": _cap(p.position)}
        for i, p in enumerate(people, 1)
    ]
    rows += [{"number": f"{i}.", "name": "", "position": ""}
             for i in range(len(rows) + 1, len(rows) + 1 + bundle.order.print_.ack_empty_rows)]
    return {"title": f"Лист ознакомления {subject}", "rows": rows}


def ack_contexts(bundle: Bundle) -> list[dict[str, Any]]:
    """One sheet for the order and its appendices, or (``print.ack_per_document``) one per document."""
    order = bundle.order
    with_order = f"с {_order_ref(order, 'ablt')} «{order.document.title}»"
    if not order.print_.ack_per_document:
        tail = " и приложениями к нему" if order.appendices else ""
        return [_ack_sheet(bundle, with_order + tail, ack_people(bundle))]
    sheets = [_ack_sheet(bundle, with_order, ack_people(bundle, ("order",)))]
    for app in order.appendices:
        title = {"plan": bundle.plan.title, "regulation": regulation_title(bundle)}.get(app.kind, app.title or "")
        subject = f"с приложением {order.appendix_number(app.key)} «{title}» к {_order_ref(order, 'datv')}"
        kinds = ("plan",) if app.kind == "plan" else ("regulation",) if app.kind == "regulation" else ("order",)
        sheets.append(_ack_sheet(bundle, subject, ack_people(bundle, kinds)))
    return sheets


def ack_context(bundle: Bundle) -> dict[str, Any]:
    """The first (or only) acknowledgement sheet."""
    first: dict[str, Any] = typeset(ack_contexts(bundle)[0])
    return first


# --------------------------------------------------------------------------- jobs


def jobs(bundle: Bundle, target: str) -> list[Job]:
    """The files ``target`` produces, with their contexts (grammar errors raise RenderError)."""
    order = bundle.order
    try:
        out: list[Job] = []
        if target in ("order", "all"):
            out.append(Job(ORDER_FILE, "order.docx", order_context(bundle), order.document.title))
        for n, app in enumerate(order.appendices, 1):
            if app.kind == "plan" and target in ("plan", "all"):
                ctx, template, title = plan_context(bundle, app), "plan.docx", bundle.plan.title
            elif app.kind == "regulation" and target in ("regulation", "all"):
                ctx, template, title = regulation_context(bundle, app), "appendix.docx", bundle.regulation.title
            elif app.kind == "text" and target == "all":
                ctx, template, title = text_appendix_context(bundle, app), "appendix.docx", app.title or ""
            else:
                continue
            out.append(Job(f"prilozhenie-{n}-{_APPENDIX_SLUG[app.kind]}.docx", template, ctx, title))
        if target in ("ack", "all"):
            first, *more = ack_contexts(bundle)
            out.append(Job(ACK_FILE, "ack.docx", first, "Лист ознакомления", more))
        for job in out:
            job.context = typeset(job.context)
            job.more = [typeset(c) for c in job.more]
        return out
    except GrammarError as err:
        raise RenderError(f"не удалось построить падежную форму: {err}") from None
    except KeyError as err:  # only with --force over data that `rollout check` rejects
        raise RenderError(f"в данных нет записи «{err.args[0]}», на которую они ссылаются; "
                          "исправьте то, о чём сообщает rollout check") from None
