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

from elzhur_rollout.core.acquaintance import ack_keys, ack_people
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import (
    assignee_name,
    declared_roles,
    item_numbers,
    role_holders,
)
from elzhur_rollout.core.models import (
    BASIS_VERB_CASE,
    Appendix,
    AppendixMark,
    Approval,
    BasisDocument,
    Column,
    Deadline,
    Order,
    OrderItem,
    Person,
    Role,
    Section,
    Signed,
)
from elzhur_rollout.documents.table_fit import SIGNED_MARK
from elzhur_rollout.errors import GrammarError, RenderError
from elzhur_rollout.lang import inflection as grammar
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.lang.references import expand_references, person_words

TARGETS = ("order", "plan", "regulation", "ack", "all", "report", "amendments")  # "report": report.report_jobs, on a day
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
    # a name's number stays with the name: «Лицей № 9», «СОШ № 58», «Гимназии № 5» (a capitalised word)
    (re.compile(r"(?<![А-Яа-яЁё])([А-ЯЁ][А-ЯЁа-яё]*) +(?=№)"), "\\1" + NBSP),
    # initials before a surname: «Е.С. Лойко»
    (re.compile(r"(?<![А-ЯЁA-Za-z])((?:[А-ЯЁ]\.){1,2}) +(?=[А-ЯЁ][а-яё])"), "\\1" + NBSP),
    # a surname before its initials: «Рыженко Е.Н.»
    (re.compile(r"([А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) +(?=(?:[А-ЯЁ]\.){1,2}(?![А-Яа-яЁё]))"), "\\1" + NBSP),
    # a number and its unit or «г.»: «2020 г.», «30 мая»
    (re.compile(rf"(\d) +(?={_UNITS}|{_MONTHS_GEN}(?![а-яё]))"), "\\1" + NBSP),
    # abbreviations before a name: «г. Феодосия», «ул. Мира»
    (re.compile(r"(?<![А-Яа-яЁё])(г|ул|д|пос|обл|пр|пер)\. +(?=[А-ЯЁ\d])"), "\\1." + NBSP),
    # a reference and its number: «(приложение 2)», «(приложение № 2)», «пункт 3.1», «ст. 22»
    (re.compile(r"(?<![А-Яа-яЁё])(приложени[а-я]*|пункт[а-я]*|п\.|ст\.|ч\.|гл\.|раздел[а-я]*) +(?=\d|№)"), "\\1" + NBSP),
    # one-letter prepositions and conjunctions never end a line: «в МБОУ», «и далее»
    (re.compile(r"(?<![\w.\-])([вВкКсСоОуУиИаАяЯ]) +"), "\\1" + NBSP),
    # a document's number is one word: «№ 112-од» never breaks at its hyphen
    (re.compile(r"(№\u00a0[\w/.]*\d)-(?=[а-яёА-ЯЁ\w])"), "\\1" + NBHY),
    # a dash never starts a line: «июнь – август», «МБОУ – Гимназия»
    (re.compile(r"(?<=\S) +(?=[–—])"), NBSP),
    # nor does a short number after a dash: «Фёдорову И.М. – 1» (copies in «Разослать:»), «обучающиеся – 450»;
    # a date after a dash may start a line («02.09.2024 – 10.09.2024» would be too long a word for a table's column)
    (re.compile(r"(?<=\S[\u00a0 ][–—]) +(?=\d{1,3}(?!\d|[.,]\d))"), NBSP),
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


def _name_with_position(person: Person, case: str) -> str:
    return f"{grammar.short_name(person, case)}, {grammar.position(person, case)}"  # type: ignore[arg-type]


def _org_gent(order: Order) -> str:
    return grammar.organization_name(order.organization, "gent")


DRAFT_DATE = "«___» __________ 20__ г."
DRAFT_NUMBER = "___"


def doc_date(order: Order, day: Any) -> str:
    """A date in the marks, stamps and requisites as the order writes its dates."""
    return ru.document_date(day, order.document.date_style)


def requisites(order: Order) -> str:
    """«от 30.05.2020 № 188», unbreakable: the date and number of a document are one unit;
    a draft's blanks for the secretary (``document.draft``)."""
    if order.document.draft:
        return draft_requisites()
    return NBSP.join(["от", doc_date(order, order.document.date), "№", order.document.number])


def draft_requisites() -> str:
    """The date and number of a document not yet signed: blanks to fill in by hand."""
    return f"от{NBSP}{DRAFT_DATE} №{NBSP}{DRAFT_NUMBER}"


def _order_ref(order: Order, case: str, sep: str = " ", organization: bool = True) -> str:
    """«приказу МБОУ – Гимназии № 5 от 30.05.2020 № 188» with the kind in ``case``;
    ``sep`` goes before «от» (a line break in the marks of the appendices); without
    ``organization`` the name is left out («к приказу от 01.09.2025 № 62-о»)."""
    kind = grammar.inflect_phrase(order.document.kind, case)  # type: ignore[arg-type]
    if not organization:  # short enough for one line
        return f"{kind} {requisites(order)}"
    return f"{kind} {_org_gent(order)}{sep}{requisites(order)}"


def deadline_sentence(d: Deadline) -> str:
    """The deadline line under an order item: «До 15.06.2020 г. и далее – по мере необходимости.»"""
    if d.until:
        text = f"До {ru.short_date(d.until)} г." + (f" и далее – {d.then}" if d.then else "")
    else:
        text = "Срок – " + ru.deadline_text(d)
    return text.rstrip(".") + "."


SIGNATURE_LINE = "_" * 12
_STAMP_WORD = {"agreed": "СОГЛАСОВАНО", "accepted": "ПРИНЯТО", "considered": "РАССМОТРЕНО", "opinion": "УЧТЕНО"}


def acting_position(acting_for: str, acting_title: str | None, case: str | None = None) -> str:
    """«И.о. директора» (the position acted for in the genitive after the uninflected «И.о.»), or
    the acting title as written («Временно исполняющий обязанности директора»), in ``case``."""
    if acting_title:
        return acting_title if case in (None, "nomn") else grammar.inflect_phrase(acting_title, case, animate=True)  # type: ignore[arg-type]
    return f"И.о. {grammar.inflect_phrase(acting_for, 'gent', animate=True)}"


def _stamp(approval: Approval, title: str, people: dict[str, Person], date_style: str = "numeric") -> str:
    """One stamp: its word (УТВЕРЖДЕН agreeing with the title's head noun), the body, the person
    (with «И.о. …» when acting) and the protocol or order."""
    word = grammar.approved_word(title) if approval.kind == "approved" else _STAMP_WORD[approval.kind]
    lines = [word, f"мнение {approval.body}" if approval.kind == "opinion" else approval.body]
    person = people.get(approval.person) if approval.person else None
    if person is not None:
        if approval.acting or approval.acting_title:
            lines.append(acting_position(approval.acting_for, approval.acting_title))
        lines.append(f"{SIGNATURE_LINE} {person.signature_name}")  # a named approver signs
    ref = " ".join(
        p
        for p in (
            approval.document or "",
            f"от {ru.document_date(approval.date, date_style)}" if approval.date else "",
            f"№ {approval.number}" if approval.number else "",
        )
        if p
    )
    if ref:
        lines.append(ref)
    return "\n".join(lines)


def stamps(
    approvals: list[Approval],
    title: str,
    people: dict[str, Person],
    columns: bool,
    right_first: list[str] | None = None,
    date_style: str = "numeric",
    first: list[str] | None = None,
) -> dict[str, Any]:
    """The stamps of a document in its layout: one under another at the right (``approvals``),
    or two columns (``print.stamps: columns``): consultative ones left, the approval right;
    ``right_first`` (the appendix mark) heads the right column; ``first`` (the approval by the
    order apart from the mark) comes before the document's own stamps."""
    texts = [("right", t) for t in first or []] + [(a.placed, _stamp(a, title, people, date_style)) for a in approvals]
    # ``approvals`` is always filled: a template made before the columns shows every stamp in its list
    stack = [t for _side, t in texts]
    if not columns or not (texts or right_first):
        return {"stamp_columns": False, "approvals": stack, "stamps_left": "", "stamps_right": ""}
    left = [t for side, t in texts if side == "left"]
    right = (right_first or []) + [t for side, t in texts if side == "right"]
    return {"stamp_columns": True, "approvals": stack, "stamps_left": "\n\n".join(left), "stamps_right": "\n\n".join(right)}


# --------------------------------------------------------------------------- contexts


DEFAULT_BASIS_VERB = "Во исполнение"


def _basis_act(b: BasisDocument, case: str) -> str:
    """One act in the case its verb governs: «приказа управления … от 26.08.2024 № 412 «О …»»,
    «решения педагогического совета (протокол от 29.08.2025 № 1)», «Положением …, утверждённым
    приказом от 31.08.2023 № 96»."""
    words = [grammar.inflect_phrase(b.kind, case)]  # type: ignore[arg-type]
    if b.issuer is not None:
        words.append(b.issuer_genitive or grammar.inflect_phrase(b.issuer, "gent"))
    date = ru.short_date(b.date) + (" г." if b.year_mark and not (b.protocol or b.approved_by) else "")
    if b.protocol:
        text = f"{' '.join(words)} (протокол от {date} № {b.number})"
    elif b.approved_by:
        text = f"{' '.join(words)}, {b.approved_by} от {date} № {b.number}"
    else:
        text = f"{' '.join(words)} от {date} № {b.number}"
    return text + (f" «{b.title}»" if b.title else "")


def _preamble(order: Order) -> str:
    """The acts by their verbs («Во исполнение …, в соответствии с …»), the purpose, and the
    closing punctuation (``preamble_end``, «,» by default) or the decree written inline."""
    groups: list[tuple[str, list[str]]] = []
    case = "gent"
    for b in order.basis:
        if b.verb is not None or not groups:
            verb = b.verb or DEFAULT_BASIS_VERB
            groups.append((verb, []))
            case = b.governed_case or BASIS_VERB_CASE.get(verb.lower(), "gent")
        groups[-1][1].append(_basis_act(b, case))
    parts = [f"{verb} {', '.join(acts)}" for verb, acts in groups]
    if order.purpose:
        parts.append(order.purpose)
    parts = [ru.cap(p) if i == 0 else p[:1].lower() + p[1:] if not p[1:2].isupper() else p for i, p in enumerate(parts)]
    end = order.preamble_end if order.preamble_end is not None else ("" if order.decree.inline else ",")
    text = ", ".join(parts) + end
    return f"{text} {order.decree.text}" if order.decree.inline else text


def _mark_of(order: Order, key: str) -> AppendixMark:
    for app in order.appendices:
        if app.key == key and app.mark is not None:
            return app.mark
    return AppendixMark()


def _appendix_label(order: Order, key: str) -> str:
    """The appendix's number («№ 1» when its mark writes the sign); an unknown key (rendered
    with --force) shows as «key», never «None»."""
    number = order.appendix_number(key)
    if number is None:
        return f"«{key}»"
    return f"№ {number}" if _mark_of(order, key).number_sign else str(number)


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
            out += _group_lines(order)
        lines = [f"– {b}" for b in item.bullets] + [f"– {c.text}" for c in item.data_entry if c.printed]
        if opens and not item.items:
            lines = [_punctuated(line, ";" if k < len(lines) - 1 else ".") for k, line in enumerate(lines)]
        out += lines
        child_prefix = item.number.rstrip(".") + "." if item.number else number
        out += _item_paragraphs(order, item.items, child_prefix, colon_list=opens)
        if item.deadline is not None and item.deadline_line:
            out.append(deadline_sentence(item.deadline))
    return out


def _group_lines(order: Order) -> list[str]:
    """The working group or commission under the item that creates it: «– Рыженко Е.Н.,
    заместителя …, <area>;» (``group_list``: the case, short or full names, and the labels
    «председатель комиссии:» / «члены комиссии:»)."""
    style = order.group_list
    case = None if style.case == "nomn" else style.case

    def line(m: Any) -> str:
        person = order.people[m.person]
        name = grammar.full_name(person, case) if style.names == "full" else grammar.short_name(person, case)
        return ", ".join(p for p in (name, grammar.position(person, case), m.area) if p)

    chairs = [m for m in order.working_group if m.chair] if style.chair_label else []
    members = [m for m in order.working_group if m not in chairs]
    out = [f"{style.chair_label} {line(m)};" for m in chairs]
    if style.members_label:
        out.append(style.members_label)
    out += [f"– {line(m)}" + (";" if k < len(members) - 1 else ".") for k, m in enumerate(members)]
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
    """«Директор МБОУ – Гимназии № 5», «И.о. директора МАОУ «Лицей № 7»», the acting title, or
    the line exactly as the data write it («Директор школы»)."""
    signer = order.signer
    if signer.line:
        return signer.line
    person = order.people[signer.person]
    if signer.acting or signer.acting_title:
        return f"{acting_position(signer.acting_for, signer.acting_title)} {_org_gent(order)}"
    return f"{ru.cap(grammar.position(person))} {_org_gent(order)}"


def _acquaintance(bundle: Bundle) -> list[str]:
    """«С приказом ознакомлены:» and a line to sign for each person (the listed ones, or all the
    documents name), at the end of the order itself."""
    order = bundle.order
    if order.acquaintance is None:
        return []
    if order.acquaintance.sheet_line:
        return ["С приказом ознакомлены: (лист ознакомления)"]
    keys = order.acquaintance.people
    people = [order.people[k] for k in keys] if keys else ack_people(bundle)
    year = order.document.date.year
    return ["С приказом ознакомлены:"] + [f"{p.signature_name}\t________________ «____» ______________ {year} г." for p in people]


def _signed(order: Order, signed: Signed) -> list[str]:
    """«Заместитель директора по УВР	(подпись)	Т.А. Лукина» and the date on the next line."""
    name = order.people[signed.person].signature_name if signed.person else signed.name
    return [f"{signed.position}\t{SIGNED_MARK}\t{name}"] + ([doc_date(order, signed.date)] if signed.date else [])


def requisite_groups(order: Order) -> list[list[str]]:
    """The requisites after the signature (ГОСТ Р 7.0.97), one paragraph a line, in groups set
    apart alike: the stamp of the electronic signature, each visa with its date, «Копия верна»,
    «Разослать:», the executor with the phone, «В дело»."""
    out: list[list[str]] = []
    if order.e_signature is not None:
        e = order.e_signature
        out.append(
            [
                "ДОКУМЕНТ ПОДПИСАН ЭЛЕКТРОННОЙ ПОДПИСЬЮ",
                f"Сертификат: {e.certificate}",
                f"Владелец: {e.owner}",
                f"Действителен: с {ru.short_date(e.valid_from)} по {ru.short_date(e.valid_to)}",
            ]
        )
    out += [_signed(order, visa) for visa in order.visas]
    if order.copy_certified is not None:
        out.append(["Копия верна", *_signed(order, order.copy_certified)])
    if order.mailing:
        to = [f"{grammar.short_name(order.people[m.person], 'datv') if m.person else m.to} – {m.copies}" for m in order.mailing]
        out.append([f"Разослать: {', '.join(to)}."])
    if order.executor is not None:
        out.append(
            [grammar.full_name(order.people[order.executor.person])] + ([order.executor.phone] if order.executor.phone else [])
        )
    if order.filed is not None:
        out.append([f"В дело № {order.filed.case}", *_signed(order, order.filed)])
    return out


def requisite_lines(order: Order) -> list[str]:
    """The requisites after the signature, one paragraph a line (see ``requisite_groups``)."""
    return [line for group in requisite_groups(order) for line in group]


def requisite_starts(order: Order) -> list[int]:
    """The indices in ``requisite_lines`` of the lines that start a group."""
    starts, at = [], 0
    for group in requisite_groups(order):
        starts.append(at)
        at += len(group)
    return starts


def control_sentence(order: Order) -> str:
    """«Контроль за исполнением данного приказа возложить на …» or «… оставляю за собой.»"""
    control = f"Контроль за исполнением {order.control.this} приказа "
    if order.control.person:
        who = person_words(order.people[order.control.person], "accs", order.control.form)
        return control + f"возложить на {who.rstrip('.')}."  # «… Орлову Н.С.» ends the sentence: one full stop
    return control + "оставляю за собой."


def order_context(bundle: Bundle) -> dict[str, Any]:
    order = bundle.order
    signatory = order.people[order.signatory_key]
    body = _item_paragraphs(order, order.items, "")
    body.append(f"{_control_label(order)} {control_sentence(order)}")
    doc = order.document
    above = (["Контроль"] if order.control.mark else []) + (
        [order.organization.higher_body] if order.organization.higher_body else []
    )
    return {
        **stamps(order.approvals, doc.kind, order.people, order.print_.stamps == "columns", date_style=doc.date_style),
        "org_above": above,
        "decree": "" if order.decree.inline else order.decree.text,
        "requisites": requisite_lines(order),
        "requisite_starts": requisite_starts(order),
        "organization": order.organization.full_name,
        "org_lines": _letterhead(order),
        "kind": doc.kind.upper(),
        "date": DRAFT_DATE
        if doc.draft
        else {"numeric": ru.short_date, "quoted": ru.quoted_date}.get(doc.date_style, ru.long_date)(doc.date),
        "number": DRAFT_NUMBER if doc.draft else doc.number,
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
    layout = appendix.mark or AppendixMark()
    number = f"№ {order.appendix_number(appendix.key)}" if layout.number_sign else order.appendix_number(appendix.key)
    approved = _approved_by_order(order, appendix)
    apart: list[str] = []
    if approved and layout.approval == "combined":
        mark = f"Приложение {number}\n{grammar.approved_word(title)}\n{_order_ref(order, 'ablt', sep=chr(10))}"
    else:
        mark = f"Приложение {number}\nк {_order_ref(order, 'datv', sep=chr(10), organization=layout.organization)}"
        if approved and layout.approval == "separate":
            by = layout.approved_by or f"{grammar.inflect_phrase(order.document.kind, 'ablt')} {_org_gent(order)}"
            apart = [f"{grammar.approved_word(title)}\n{by}\n{requisites(order)}"]
    mark += amended_by(order, appendix.key)
    if appendix.code:
        mark += f"\nРег. № {appendix.code}"
    own = (
        bundle.plan.approvals
        if appendix.kind == "plan"
        else bundle.regulation.approvals
        if appendix.kind == "regulation"
        else appendix.approvals
    )
    columns = order.print_.stamps == "columns"
    return {"mark": mark, **stamps(own, title, order.people, columns, [mark], order.document.date_style, apart)}


def amended_by(order: Order, key: str) -> str:
    """«\n(в ред. приказа от 01.09.2020 № 201)» under the mark of an appendix that signed
    amending orders changed; empty otherwise."""
    refs = [
        NBSP.join(["от", ru.short_date(a.date), "№", a.number])
        for a in order.amendments
        if a.signed is not None and a.date is not None and a.number is not None and key in a.appendices
    ]
    if not refs:
        return ""
    return f"\n(в ред. {'приказа' if len(refs) == 1 else 'приказов'} {', '.join(refs)})"


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
    ctx = {
        **marks,
        "title": plan.title,
        "deadline_header": f"Сроки {year} г." if year else "Сроки",
        "measures": rows,
        "co_executors_column": any(m.co_executors for m in plan.measures),
    }
    if not plan.columns:
        return ctx
    sep = ", " if plan.responsible_separator == "comma" else "\n"

    def cell_names(keys: list[str]) -> str:
        return sep.join(
            roles[k].cell_title if k in roles and k not in people else assignee_name(bundle, k, roles) for k in keys if k in known
        )

    table: list[dict[str, Any]] = []
    for i, (m, row) in enumerate(zip(plan.measures, rows, strict=True), 1):
        if m.stage:
            table.append(_stage_row(m.stage, len(plan.columns)))
        values = {
            "number": f"{i}." if plan.numbering == "dot" else str(i),
            "text": row["text"],
            "deadline": ru.deadline_text(m.deadline, with_year=year is None, capital=plan.capital_deadlines),
            "responsible": cell_names(m.responsible),
            "co_executors": cell_names(m.co_executors),
            **m.cells,
        }
        table.append(_table_row(plan.columns, values))
    return {**ctx, **_table(plan.columns, table, plan.note)}


TABLE_TEMPLATE = "table.docx"
# default widths (cm) of the standard fields; the others share what is left of the 16.5 cm text width
_FIELD_WIDTH = {"number": 1.3, "deadline": 3.0, "responsible": 3.2, "co_executors": 2.8, "frequency": 3.6, "role": 3.4}
_TEXT_WIDTH_CM = 16.5
_PEN_WIDTH_CM = 2.5


def _stage_row(title: str, span: int) -> dict[str, Any]:
    """A row across the whole table: a stage of the plan («Этап 1. Подготовительный»)."""
    return {"cells": [{"text": title, "span": span}]}


def _table_row(columns: list[Column], values: dict[str, str]) -> dict[str, Any]:
    return {"cells": [{"text": values.get(c.field) or c.empty, "span": 1} for c in columns]}


def _table(columns: list[Column], rows: list[dict[str, Any]], note: str | None) -> dict[str, Any]:
    """The context of ``table.docx``: the headings, the rows (cells with their span), the
    column widths in cm and the note under the table."""
    body = [r["cells"] for r in rows if len(r["cells"]) == len(columns)]  # not the stage rows
    # a column for the pen («Отметка о выполнении», empty in every row) gets room to write in
    pen = {i for i in range(len(columns)) if body and not any(cells[i]["text"].strip() for cells in body)}
    fixed = {i: c.width or _FIELD_WIDTH.get(c.field) or (_PEN_WIDTH_CM if i in pen else None) for i, c in enumerate(columns)}
    free = [i for i, w in fixed.items() if w is None]
    # the text of the measures takes a double share: it is the widest column, the one the
    # writer gives the rest of the width to (documents.table_fit)
    share = {i: 2.0 if columns[i].field == "text" else 1.0 for i in free}
    left = max(_TEXT_WIDTH_CM - sum(w for w in fixed.values() if w), 2.0 * sum(share.values()))
    widths = [fixed[i] or left * share[i] / sum(share.values()) for i in range(len(columns))]
    return {"heads": [c.title for c in columns], "table_rows": rows, "note": note or "", "widths": widths}


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
    placed = {c.role for c in reg.clauses if c.role}
    if reg.sections:
        body = section_paragraphs(reg.sections, roles)
        if not any(s.duties for s in reg.sections):  # the duties as the last section
            section = len(reg.sections) + 1
            body.append(f"{section}. {reg.duties_intro or ''}")
            body += _role_paragraphs(roles, f"{section}.", 1)
    elif placed:  # the clauses place the roles: «4. Ответственный за ведение журнала:» and its duties
        body = []
        for i, c in enumerate(reg.clauses, 1):
            if c.role is not None:
                body += _role_paragraphs([reg.roles[c.role]], "", i)
            else:
                body.append(f"{i}. {c.text}")
        rest = [r for k, r in reg.roles.items() if k not in placed]
        if rest:
            body += _role_paragraphs(rest, "", len(reg.clauses) + 1)
    else:
        body = [f"{i}. {c.text}" for i, c in enumerate(reg.clauses, 1)]
        section = len(reg.clauses) + 1
        body.append(f"{section}. {reg.duties_intro or ''}")
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
    ctx = {**_marks(bundle, appendix, appendix.title), "title": _titled(appendix.title, appendix.revision), "rows": rows}
    if not appendix.columns:
        return ctx
    people = bundle.order.people
    table = [
        _table_row(
            appendix.columns,
            dict(row, role=roles[r.role].cell_title.rstrip(":") if r.role in roles and r.role not in people else row["role"]),
        )
        for r, row in zip(appendix.rows, rows, strict=True)
    ]
    return {**ctx, **_table(appendix.columns, table, None)}


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


def _ack_sheet(
    bundle: Bundle, subject: str, people: list[Person], dates: dict[str, str] | None = None, empty_rows: int | None = None
) -> dict[str, Any]:
    """A sheet: a row for each person (with the date of a signature already recorded, as a
    printed fact: ``dates`` by short name), then empty rows for others."""
    dates = dates or {}
    rows = [
        {"number": f"{i}.", "name": p.short_name, "position": ru.cap(p.position), "date": dates.get(p.short_name, "")}
        for i, p in enumerate(people, 1)
    ]
    empty = bundle.order.print_.ack_empty_rows if empty_rows is None else empty_rows
    rows += [{"number": f"{i}.", "name": "", "position": "", "date": ""} for i in range(len(rows) + 1, len(rows) + 1 + empty)]
    return {"title": f"Лист ознакомления {subject}", "rows": rows}


def recorded_dates(bundle: Bundle) -> dict[str, str]:
    """The recorded signatures of the sheet (``rollout acquainted``), by short name, as printed."""
    from elzhur_rollout.core.acquaintance import (
        acquaintance_obligations,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    people = bundle.order.people
    return {
        people[o.person].short_name: ru.short_date(o.acquainted)
        for o in acquaintance_obligations(bundle)
        if o.acquainted is not None
    }


def remaining_sheet(bundle: Bundle) -> dict[str, Any]:
    """The sheet of those who must sign and have not yet (``render ack --remaining``)."""
    from elzhur_rollout.core.acquaintance import (
        acquaintance_obligations,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    order = bundle.order
    pending = {o.person for o in acquaintance_obligations(bundle) if o.pending()}
    if order.signed is None:
        pending = set(ack_keys(bundle))
    people = [p for key, p in order.people.items() if key in pending]
    tail = " и приложениями к нему" if order.appendices else ""
    return _ack_sheet(bundle, f"с {_order_ref(order, 'ablt')} «{order.document.title}»{tail}", people, empty_rows=0)


def ack_contexts(bundle: Bundle) -> list[dict[str, Any]]:
    """One sheet for the order and its appendices, or (``print.ack_per_document``) one per document."""
    order = bundle.order
    with_order = f"с {_order_ref(order, 'ablt')} «{order.document.title}»"
    if not order.print_.ack_per_document:
        tail = " и приложениями к нему" if order.appendices else ""
        return [_ack_sheet(bundle, with_order + tail, ack_people(bundle), recorded_dates(bundle))]
    dates = recorded_dates(bundle)
    sheets = [_ack_sheet(bundle, with_order, ack_people(bundle, ("order",)), dates)]
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
        sheets.append(_ack_sheet(bundle, subject, people, dates))
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
                if "heads" in ctx:  # the plan's own columns: the table template, or the standard one
                    template, fallback = TABLE_TEMPLATE, (template, ctx)
            elif app.kind == "regulation" and target in ("regulation", "all"):
                ctx, template, title = regulation_context(bundle, app), "appendix.docx", bundle.regulation.title
            elif app.kind in ("text", "instruction") and target == "all":
                ctx, template, title = text_appendix_context(bundle, app), "appendix.docx", app.title or ""
            elif app.kind == "schedule" and target == "all":
                ctx, template, title = schedule_context(bundle, app), "schedule.docx", app.title or ""
                # a school's templates folder made before the cyclogram: its rows as lines of text
                lines = [f"{r['number']} {r['role']} – {r['frequency']} – {r['task']}" for r in ctx["rows"]]
                fallback = ("appendix.docx", {**ctx, "body": lines})
                if "heads" in ctx:  # its own columns: the table template, or the standard cyclogram
                    template, fallback = TABLE_TEMPLATE, (template, ctx)
            else:  # a referenced-only appendix: its text lives elsewhere
                continue
            number = app.number if app.number is not None else n
            out.append(Job(f"prilozhenie-{number}-{_APPENDIX_SLUG[app.kind]}.docx", template, ctx, title, fallback=fallback))
        if target in ("ack", "all") and (order.print_.ack_sheet or target == "ack"):
            first, *more = ack_contexts(bundle)
            out.append(Job(ACK_FILE, "ack.docx", first, "Лист ознакомления", more))
        for job in out:
            job.context = typeset(with_references(bundle, job.context))
            job.more = [typeset(with_references(bundle, c)) for c in job.more]
            if job.fallback is not None:
                job.fallback = (job.fallback[0], typeset(with_references(bundle, job.fallback[1])))
        return out
