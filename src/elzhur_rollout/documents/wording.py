"""The wording of the printed documents: the contexts the .docx templates receive.

Contexts are plain dicts built from the models; all Russian grammar is derived here
(``grammar``), never typed twice in the YAML.  Every string of a context finally goes
through ``typography``, which puts no-break spaces where a line must not break.
Nothing here touches files or imports docxtpl.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import (
    assignee_name,
    assignment_references,
    declared_roles,
    item_numbers,
    person_references,
    role_holders,
)
from elzhur_rollout.core.models import Appendix, Approval, Deadline, Order, OrderItem, Person, Role, Section
from elzhur_rollout.errors import GrammarError, RenderError
from elzhur_rollout.lang import inflection as grammar
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.lang.references import expand_references

TARGETS = ("order", "plan", "regulation", "ack", "all", "report")  # "report": report.report_jobs, on a day
NBSP = "\u00a0"
NBHY = "\u2011"  # a no-break hyphen: written into the .docx as <w:noBreakHyphen/>, read back as «-»

# Latin file names: Cyrillic names are fine on NTFS, but are mangled by zip archivers,
# mail clients and USB sticks formatted by old systems at many schools.
ORDER_FILE = "prikaz.docx"
ACK_FILE = "list-oznakomleniya.docx"
BUNDLE_FILE = "komplekt.docx"
_APPENDIX_SLUG = {
    "plan": "plan",
    "regulation": "reglament",
    "text": "prilozhenie",
    "instruction": "instrukciya",
    "schedule": "ciklogramma",
}


@dataclass
class Job:
    """One output file: which template, with which contexts (several: one section each)."""

    filename: str
    template: str
    context: dict[str, Any]
    title: str
    more: list[dict[str, Any]] = field(default_factory=list)  # further sections of the same template
    # a school's own templates folder made before ``template`` existed: this template, with this context
    fallback: tuple[str, dict[str, Any]] | None = None


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
    # a document's number is one word: «№ 112-од» never breaks at its hyphen
    (re.compile(r"(№\u00a0[\w/.]*\d)-(?=[а-яёА-ЯЁ\w])"), "\\1" + NBHY),
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


_STAMP_WORD = {"agreed": "СОГЛАСОВАНО", "accepted": "ПРИНЯТО", "considered": "РАССМОТРЕНО", "opinion": "УЧТЕНО"}


def acting_position(acting_for: str, acting_title: str | None, case: str | None = None) -> str:
    """«И.о. директора» (the position acted for in the genitive after the uninflected «И.о.»), or
    the acting title as written («Временно исполняющий обязанности директора»), in ``case``."""
    if acting_title:
        return acting_title if case in (None, "nomn") else grammar.inflect_phrase(acting_title, case, animate=True)  # type: ignore[arg-type]
    return f"И.о. {grammar.inflect_phrase(acting_for, 'gent', animate=True)}"


def _stamp(approval: Approval, title: str, people: dict[str, Person]) -> str:
    """One stamp: its word (УТВЕРЖДЕН agreeing with the title's head noun), the body, the person
    (with «И.о. …» when acting) and the protocol or order."""
    word = grammar.approved_word(title) if approval.kind == "approved" else _STAMP_WORD[approval.kind]
    lines = [word, f"мнение {approval.body}" if approval.kind == "opinion" else approval.body]
    person = people.get(approval.person) if approval.person else None
    if person is not None:
        if approval.acting or approval.acting_title:
            lines.append(acting_position(approval.acting_for, approval.acting_title))
        lines.append(person.signature_name)
    ref = " ".join(
        p
        for p in (
            approval.document or "",
            f"от {ru.short_date(approval.date)}" if approval.date else "",
            f"№ {approval.number}" if approval.number else "",
        )
        if p
    )
    if ref:
        lines.append(ref)
    return "\n".join(lines)


def stamps(
    approvals: list[Approval], title: str, people: dict[str, Person], columns: bool, right_first: list[str] | None = None
) -> dict[str, Any]:
    """The stamps of a document in its layout: one under another at the right (``approvals``),
    or two columns (``print.stamps: columns``): consultative ones left, the approval right;
    ``right_first`` (the appendix mark) heads the right column."""
    texts = [(a.placed, _stamp(a, title, people)) for a in approvals]
    # ``approvals`` is always filled: a template made before the columns shows every stamp in its list
    stack = [t for _side, t in texts]
    if not columns or not (texts or right_first):
        return {"stamp_columns": False, "approvals": stack, "stamps_left": "", "stamps_right": ""}
    left = [t for side, t in texts if side == "left"]
    right = (right_first or []) + [t for side, t in texts if side == "right"]
    return {"stamp_columns": True, "approvals": stack, "stamps_left": "\n\n".join(left), "stamps_right": "\n\n".join(right)}


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


_FINAL = ".;,"


def _punctuated(text: str, mark: str) -> str:
    """``text`` ending in ``mark`` («;» or «.»), unless it ends in «:», «!», «?» or «…» (the source
    says otherwise there)."""
    text = text.rstrip()
    if text.endswith((":", "!", "?", "…")):
        return text
    return text.rstrip(_FINAL) + mark


def _with_appendix(order: Order, text: str, key: str, mark: str | None) -> str:
    """«… (приложение 1).» with the item's own final punctuation (or ``mark``) after the bracket:
    never «…; (приложение 1).»."""
    core = text.rstrip()
    own = core[-1] if core[-1:] in ".;" else "."
    return f"{core.rstrip(_FINAL)} (приложение {_appendix_label(order, key)}){mark or own}"


def next_label(label: str) -> str | None:
    """The label after ``label`` at the same level: «7.» → «8.», «08.02.01» → «08.02.02»; None when
    it is not a number."""
    m = re.fullmatch(r"((?:\d+\.)*)(\d+)(\.?)", label.strip())
    if not m:
        return None
    return f"{m.group(1)}{int(m.group(2)) + 1:0{len(m.group(2))}d}{m.group(3)}"


def _item_paragraphs(order: Order, items: list[OrderItem], prefix: str, colon_list: bool = False) -> list[str]:
    """The order's items: an explicit ``number`` is printed exactly, others get the computed one.
    With ``print.list_punctuation: russian`` the elements of a list introduced by a colon end in
    «;», the last one in «.»."""
    russian = order.print_.list_punctuation == "russian"
    out: list[str] = []
    for i, item in enumerate(items):
        number = item.number if item.number else f"{prefix}{i + 1}."
        mark = (";" if i < len(items) - 1 else ".") if russian and colon_list else None
        text = item.text
        if item.appendix is not None:
            text = _with_appendix(order, text, item.appendix, mark)
        elif mark:
            text = _punctuated(text, mark)
        out.append(f"{number} {text}")
        opens = russian and item.text.rstrip().endswith(":")
        if item.working_group:
            members = [f"– {_name_with_position(order.people[m.person], 'gent')}, {m.area}" for m in order.working_group]
            out += [line + (";" if k < len(members) - 1 else ".") for k, line in enumerate(members)]
        lines = [f"– {b}" for b in item.bullets] + [f"– {c.text}" for c in item.data_entry]
        if opens and not item.items:
            lines = [_punctuated(line, ";" if k < len(lines) - 1 else ".") for k, line in enumerate(lines)]
        out += lines
        child_prefix = item.number.rstrip(".") + "." if item.number else number
        out += _item_paragraphs(order, item.items, child_prefix, colon_list=opens)
        if item.deadline is not None:
            out.append(deadline_sentence(item.deadline))
    return out


def _control_label(order: Order) -> str:
    last = order.items[-1].number if order.items else None
    following = next_label(last) if last else None
    return following or f"{len(order.items) + 1}."


def _letterhead(order: Order) -> list[str]:
    org = order.organization
    lines = [f"({org.short_name})"] if org.short_name_line else []
    head = org.letterhead
    if head is not None:
        contacts = ", ".join(
            p for p in (f"тел. {head.phone}" if head.phone else "", f"e-mail: {head.email}" if head.email else "") if p
        )
        codes = ", ".join(p for p in (f"ОГРН {head.ogrn}" if head.ogrn else "", f"ИНН {head.inn}" if head.inn else "") if p)
        lines += [line for line in (head.address or "", contacts, codes) if line]
    return lines


def signature_position(order: Order) -> str:
    """«Директор МБОУ – Гимназии № 5», «И.о. директора МАОУ «Лицей № 7»», or the acting title."""
    signer = order.signer
    person = order.people[signer.person]
    if signer.acting or signer.acting_title:
        return f"{acting_position(signer.acting_for, signer.acting_title)} {_org_gent(order)}"
    return f"{_cap(grammar.position(person))} {_org_gent(order)}"


def _acquaintance(bundle: Bundle) -> list[str]:
    """«С приказом ознакомлены:» and a line to sign for each person (the listed ones, or all the
    documents name), at the end of the order itself."""
    order = bundle.order
    if order.acquaintance is None:
        return []
    keys = order.acquaintance.people
    people = [order.people[k] for k in keys] if keys else ack_people(bundle)
    year = order.document.date.year
    return ["С приказом ознакомлены:"] + [f"{p.signature_name}\t________________ «____» ______________ {year} г." for p in people]


def order_context(bundle: Bundle) -> dict[str, Any]:
    order = bundle.order
    signatory = order.people[order.signatory_key]
    body = _item_paragraphs(order, order.items, "")
    control = "Контроль за исполнением данного приказа "
    if order.control.person:
        control += f"возложить на {_name_with_position(order.people[order.control.person], 'accs')}."
    else:
        control += "оставляю за собой."
    body.append(f"{_control_label(order)} {control}")
    doc = order.document
    return {
        **stamps(order.approvals, doc.kind, order.people, order.print_.stamps == "columns"),
        "organization": order.organization.full_name,
        "org_lines": _letterhead(order),
        "kind": doc.kind.upper(),
        "date": ru.short_date(doc.date) if doc.date_style == "numeric" else ru.long_date(doc.date),
        "number": doc.number,
        "place": doc.place or "",
        "places": [doc.place] if doc.place else [],
        "title": doc.title,
        "preamble": _preamble(order),
        "body": body,
        "signature_position": signature_position(order),
        "signature_name": signatory.signature_name,
        "acquaintance": _acquaintance(bundle),
    }


def _approved_by_order(order: Order, appendix: Appendix) -> bool:
    return any(item.appendix == appendix.key for _p, _n, item in item_numbers(order.items))


def _marks(bundle: Bundle, appendix: Appendix, title: str) -> dict[str, Any]:
    """The appendix mark, combined with the approval by the order when an item approves it
    («Приложение 1 / УТВЕРЖДЕН / приказом … / от … № …»), and the appendix's own stamps (in two
    columns with ``print.stamps: columns``: the mark heads the right one)."""
    order = bundle.order
    number = order.appendix_number(appendix.key)
    if _approved_by_order(order, appendix):
        mark = f"Приложение {number}\n{grammar.approved_word(title)}\n{_order_ref(order, 'ablt', sep=chr(10))}"
    else:
        mark = f"Приложение {number}\nк {_order_ref(order, 'datv', sep=chr(10))}"
    if appendix.code:
        mark += f"\nРег. № {appendix.code}"
    own = (
        bundle.plan.approvals
        if appendix.kind == "plan"
        else bundle.regulation.approvals
        if appendix.kind == "regulation"
        else appendix.approvals
    )
    return {"mark": mark, **stamps(own, title, order.people, order.print_.stamps == "columns", [mark])}


REVISION = "(новая редакция)"


def _titled(title: str, revision: bool) -> str:
    """The title, with «(новая редакция)» on its own line under it."""
    return f"{title}\n{REVISION}" if revision else title


def _one_year(deadlines: list[Deadline]) -> str | None:
    years = {str(m.year) for d in deadlines for m in (d.month, d.from_, d.to) if m}
    only_months = all(d.month or d.from_ for d in deadlines)
    return years.pop() if only_months and len(years) == 1 else None


def plan_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    plan, people = bundle.plan, bundle.order.people
    year = _one_year([m.deadline for m in plan.measures])
    marks = _marks(bundle, appendix, plan.title)
    roles = declared_roles(bundle)
    known = set(people) | set(roles)

    def names(keys: list[str]) -> list[str]:
        """People by name, roles by title («Классные руководители 1–11 классов»)."""
        return [assignee_name(bundle, k, roles) for k in keys if k in known]

    rows = []
    for i, m in enumerate(plan.measures, 1):
        points = [f"– {p}" for p in m.points]
        if bundle.order.print_.list_punctuation == "russian" and m.text.rstrip().endswith(":"):
            points = [_punctuated(p, ";" if k < len(points) - 1 else ".") for k, p in enumerate(points)]
        text = "\n".join([m.text] + points)
        rows.append(
            {
                "number": f"{i}.",
                "text": text,
                "deadline": ru.deadline_text(m.deadline, with_year=year is None, capital=True),
                "responsible": "\n".join(names(m.responsible)),
                "co_executors": "\n".join(names(m.co_executors)),
                # in one column, as a template without the «Соисполнители» column prints them
                "responsible_and_co": "\n".join(names(m.responsible) + [f"{n} (соисполнитель)" for n in names(m.co_executors)]),
            }
        )
    return {
        **marks,
        "title": plan.title,
        "deadline_header": f"Сроки {year} г." if year else "Сроки",
        "measures": rows,
        "co_executors_column": any(m.co_executors for m in plan.measures),
    }


PLAN_TEMPLATE, PLAN_CO_TEMPLATE = "plan.docx", "plan-co.docx"


def plan_job_template(ctx: dict[str, Any]) -> tuple[str, tuple[str, dict[str, Any]] | None]:
    """The plan's template: with the «Соисполнители» column when a measure has co-executors
    (falling back to the co-executors in the «Ответственный» column for an older templates
    folder), otherwise the four-column one."""
    if not ctx["co_executors_column"]:
        return PLAN_TEMPLATE, None
    one_column = dict(ctx, measures=[dict(r, responsible=r["responsible_and_co"]) for r in ctx["measures"]])
    return PLAN_CO_TEMPLATE, (PLAN_TEMPLATE, one_column)


def regulation_title(bundle: Bundle) -> str:
    reg = bundle.regulation
    return reg.title + (f" на период до {ru.short_date(reg.period.until)}" if reg.period.until else "")


def _role_paragraphs(roles: list[Role], prefix: str, first: int) -> list[str]:
    """Role headings (their own ``label`` as written, or ``prefix`` + the computed number) and
    their duties as dashed lines."""
    body: list[str] = []
    for j, role in enumerate(roles, first):
        body.append(f"{role.label or f'{prefix}{j}.'} {role.title}")
        body += [f"– {d.text}" for d in role.duties]
    return body


def section_paragraphs(sections: list[Section], roles: list[Role] | None = None) -> list[str]:
    """Sections «1. Общие положения» with their clauses 1.1, 1.2 …: an explicit label is printed
    exactly, others get the computed number; the section with ``duties: true`` holds ``roles``."""
    body: list[str] = []
    for i, section in enumerate(sections, 1):
        label = section.label or f"{i}."
        body.append(f"{label} {section.title}")
        prefix = label.rstrip(".") + "."
        for j, clause in enumerate(section.clauses, 1):
            body.append(f"{clause.label or f'{prefix}{j}.'} {clause.text}")
        if section.duties and roles:
            body += _role_paragraphs(roles, prefix, len(section.clauses) + 1)
    return body


def regulation_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    reg = bundle.regulation
    marks = _marks(bundle, appendix, reg.title)
    roles = list(reg.roles.values())
    if reg.sections:
        body = section_paragraphs(reg.sections, roles)
        if not any(s.duties for s in reg.sections):  # the duties as the last section
            section = len(reg.sections) + 1
            body.append(f"{section}. {reg.duties_intro}")
            body += _role_paragraphs(roles, f"{section}.", 1)
    else:
        body = [f"{i}. {c.text}" for i, c in enumerate(reg.clauses, 1)]
        section = len(reg.clauses) + 1
        body.append(f"{section}. {reg.duties_intro}")
        body += _role_paragraphs(roles, f"{section}.", 1)
    title = _titled(regulation_title(bundle), reg.revision or appendix.revision)
    return {**marks, "title": title, "body": body}


def text_appendix_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    """A text appendix or a job instruction: paragraphs, or sections with clauses."""
    assert appendix.title is not None
    body = list(appendix.paragraphs) + section_paragraphs(appendix.sections)
    return {**_marks(bundle, appendix, appendix.title), "title": _titled(appendix.title, appendix.revision), "body": body}


def schedule_context(bundle: Bundle, appendix: Appendix) -> dict[str, Any]:
    """A cyclogram: who (a role's title or a person's name), how often, what."""
    assert appendix.title is not None
    roles = declared_roles(bundle)
    rows = [
        {"number": f"{i}.", "role": assignee_name(bundle, r.role, roles).rstrip(":"), "frequency": r.frequency, "task": r.task}
        for i, r in enumerate(appendix.rows, 1)
    ]
    return {**_marks(bundle, appendix, appendix.title), "title": _titled(appendix.title, appendix.revision), "rows": rows}


# --------------------------------------------------------------------------- references in text


def with_references(bundle: Bundle, value: Any) -> Any:
    """``expand_references`` over every string of a context."""
    if isinstance(value, str):
        return expand_references(bundle, value)
    if isinstance(value, list):
        return [with_references(bundle, v) for v in value]
    if isinstance(value, dict):
        return {k: with_references(bundle, v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- acknowledgement


def _named_in(bundle: Bundle, document: str) -> set[str]:
    """Keys of the people a document names: the order (its working group, control, stamps),
    the plan (responsible, co-executors), the regulation (the holders of its roles)."""
    named = {key for doc, _path, key in person_references(bundle) if doc == document}
    declared = declared_roles(bundle)  # a role among the responsible: its named holders sign
    named |= {
        h
        for doc, _path, key in assignment_references(bundle)
        if doc == document and key in declared and key not in bundle.order.people
        for h in role_holders(bundle, key)
    }
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
        named.discard(order.signatory_key)
    else:
        named.add(order.signatory_key)
    return [p for key, p in order.people.items() if key in named]


def _ack_sheet(bundle: Bundle, subject: str, people: list[Person]) -> dict[str, Any]:
    rows = [{"number": f"{i}.", "name": p.short_name, "position": _cap(p.position)} for i, p in enumerate(people, 1)]
    rows += [
        {"number": f"{i}.", "name": "", "position": ""}
        for i in range(len(rows) + 1, len(rows) + 1 + bundle.order.print_.ack_empty_rows)
    ]
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
        if app.kind == "reference":
            continue  # its text lives elsewhere
        title = {"plan": bundle.plan.title, "regulation": regulation_title(bundle)}.get(app.kind, app.title or "")
        subject = f"с приложением {order.appendix_number(app.key)} «{title}» к {_order_ref(order, 'datv')}"
        kinds = ("plan",) if app.kind == "plan" else ("regulation",) if app.kind == "regulation" else ("order",)
        people = ack_people(bundle, kinds)
        if app.kind == "instruction" and app.role:  # the holders of the role sign their instruction
            holders = set(role_holders(bundle, app.role)) - {order.signatory_key}
            people = [p for key, p in order.people.items() if key in holders] or people
        sheets.append(_ack_sheet(bundle, subject, people))
    return sheets


def ack_context(bundle: Bundle) -> dict[str, Any]:
    """The first (or only) acknowledgement sheet."""
    first: dict[str, Any] = typeset(ack_contexts(bundle)[0])
    return first


# --------------------------------------------------------------------------- jobs


@contextlib.contextmanager
def wording_errors() -> Iterator[None]:
    """Turn what building a context can run into (a form the grammar cannot derive, a key the
    data lack when rendered with --force) into a RenderError that says what to do."""
    try:
        yield
    except GrammarError as err:
        raise RenderError(f"не удалось построить падежную форму: {err}") from None
    except KeyError as err:  # only with --force over data that `rollout check` rejects
        raise RenderError(
            f"в данных нет записи «{err.args[0]}», на которую они ссылаются; исправьте то, о чём сообщает rollout check"
        ) from None


def jobs(bundle: Bundle, target: str) -> list[Job]:
    """The files ``target`` produces, with their contexts (grammar errors raise RenderError)."""
    order = bundle.order
    with wording_errors():
        out: list[Job] = []
        if target in ("order", "all"):
            out.append(Job(ORDER_FILE, "order.docx", order_context(bundle), order.document.title))
        for n, app in enumerate(order.appendices, 1):
            fallback = None
            if app.kind == "plan" and target in ("plan", "all"):
                ctx, title = plan_context(bundle, app), bundle.plan.title
                template, fallback = plan_job_template(ctx)
            elif app.kind == "regulation" and target in ("regulation", "all"):
                ctx, template, title = regulation_context(bundle, app), "appendix.docx", bundle.regulation.title
            elif app.kind in ("text", "instruction") and target == "all":
                ctx, template, title = text_appendix_context(bundle, app), "appendix.docx", app.title or ""
            elif app.kind == "schedule" and target == "all":
                ctx, template, title = schedule_context(bundle, app), "schedule.docx", app.title or ""
                # a school's templates folder made before the cyclogram: its rows as lines of text
                lines = [f"{r['number']} {r['role']} – {r['frequency']} – {r['task']}" for r in ctx["rows"]]
                fallback = ("appendix.docx", {**ctx, "body": lines})
            else:  # a referenced-only appendix: its text lives elsewhere
                continue
            number = app.number if app.number is not None else n
            out.append(Job(f"prilozhenie-{number}-{_APPENDIX_SLUG[app.kind]}.docx", template, ctx, title, fallback=fallback))
        if target in ("ack", "all"):
            first, *more = ack_contexts(bundle)
            out.append(Job(ACK_FILE, "ack.docx", first, "Лист ознакомления", more))
        for job in out:
            job.context = typeset(with_references(bundle, job.context))
            job.more = [typeset(with_references(bundle, c)) for c in job.more]
            if job.fallback is not None:
                job.fallback = (job.fallback[0], typeset(with_references(bundle, job.fallback[1])))
        return out
