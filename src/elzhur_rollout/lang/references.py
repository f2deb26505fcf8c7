"""References in free text worded: ``{kuznetsova:дат:полное}`` → «Кузнецовой Марине Олеговне».

``core.markup`` parses a reference; this module words it (a person in the case and form
asked, a role by its title, the organisation, an appendix by its number as printed, a measure
by its number in the plan), for the printed documents and for every view that shows a text
of the YAML (status, the dashboard, the calendar, the report).
"""

from __future__ import annotations

import re
from typing import Any

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import appendix_number, declared_roles, measure_number
from elzhur_rollout.core.markup import references
from elzhur_rollout.core.models import Person
from elzhur_rollout.errors import GrammarError
from elzhur_rollout.lang import inflection as grammar


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _person_words(person: Person, case: Any, form: str) -> str:
    """A person as a reference asks: «Кузнецовой М.О.», «Кузнецову Марину Олеговну», «М.О. Кузнецова»,
    the position alone, or the position before («заместителю директора Кузнецовой М.О.») or
    after the name («Кузнецовой М.О., заместителю директора»)."""

    def name(kind: str) -> str:
        if kind == "полное":
            return grammar.full_name(person, case)
        if kind == "подпись":
            return person.signature_name
        return grammar.short_name(person, case)

    parts = form.split("-")
    if form == "должность":
        return grammar.position(person, case)
    if parts[0] == "должность":
        return f"{grammar.position(person, case)} {name(parts[1])}"
    if len(parts) == 2:
        return f"{name(parts[0])}, {grammar.position(person, case)}"
    return name(form)


def expand_references(bundle: Bundle, text: str) -> str:
    """``text`` with every ``{…}`` reference replaced by its wording: a person by name in the
    case and form asked («Кузнецову Марину Олеговну», «Кузнецовой М.О.»), a role by its title,
    the organisation by its short (or full) name, an appendix as «приложение 2», a measure by
    its number in the plan.  An unknown key raises KeyError (``rollout check`` reports it)."""
    if "{" not in text:
        return text
    order = bundle.order
    out: list[str] = []
    last = 0
    for ref in references(text):
        if ref.error:
            raise KeyError(ref.text)
        if ref.kind == "org":
            if ref.form == "полное":
                name = order.organization.full_name
                words = name if ref.case == "nomn" else grammar.inflect_phrase(name, ref.case)  # type: ignore[arg-type]
            else:
                words = grammar.organization_name(order.organization, ref.case)  # type: ignore[arg-type]
        elif ref.kind == "appendix":
            number = appendix_number(bundle, ref.key)
            if number is None:
                raise KeyError(ref.key)
            words = f"{grammar.inflect_phrase('приложение', ref.case)} {number}"  # type: ignore[arg-type]
        elif ref.kind == "measure":
            shown = measure_number(bundle, ref.key)
            if shown is None:
                raise KeyError(ref.key)
            words = shown
        elif ref.key in order.people:
            words = _person_words(order.people[ref.key], ref.case, ref.form)
        else:
            roles = declared_roles(bundle)
            if ref.key not in roles:
                raise KeyError(ref.key)
            title = roles[ref.key].lower_title.rstrip(":")  # a heading's colon is not part of the name
            words = title if ref.case == "nomn" else grammar.inflect_phrase(title, ref.case, animate=True)  # type: ignore[arg-type]
        before = text[last : ref.start]
        if words.endswith(".") and text[ref.start + len(ref.text) : ref.start + len(ref.text) + 1] == ".":
            words = words[:-1]  # «… Кузнецовой М.О.» ends the sentence: one full stop
        if not "".join(out + [before]).strip() or re.search(r"[.!?]\s+$", before):
            words = _cap(words)  # a sentence begins with the reference
        out += [before, words]
        last = ref.start + len(ref.text)
    return "".join(out) + text[last:]


def plain_text(bundle: Bundle, text: str) -> str:
    """``text`` with its references worded, for the terminal, the dashboard and the calendar;
    a reference that cannot be worded stays as written (``rollout check`` reports it)."""
    try:
        return expand_references(bundle, text)
    except (KeyError, GrammarError):
        return text
