"""References in free text worded: ``{kuznetsova:дат:полное}`` → «Кузнецовой Марине Олеговне».

``core.markup`` parses a reference; this module words it (a person in the case and form
asked, a role by its title, the organisation, an appendix by its number as printed, a measure
by its number in the plan), for the printed documents and for every view that shows a text
of the YAML (status, the dashboard, the calendar, the report).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import RoleInfo, YamlPath, appendix_number, declared_roles, measure_number
from elzhur_rollout.core.markup import Reference, references
from elzhur_rollout.core.models import Person
from elzhur_rollout.errors import GrammarError
from elzhur_rollout.lang import inflection as grammar
from elzhur_rollout.lang import vocabulary as ru


def person_words(person: Person, case: Any, form: str) -> str:
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


def _role_phrase(role: RoleInfo) -> str:
    """A role inside a sentence, in the nominative."""
    return role.lower_title


def _role_words(role: RoleInfo, case: Any) -> str:
    if case == "nomn":
        return _role_phrase(role)
    return role.title_forms.get(case) or grammar.inflect_phrase(_role_phrase(role), case, animate=True)


def _full_org_name(bundle: Bundle, case: Any) -> str:
    org = bundle.order.organization
    if case == "nomn":
        return org.full_name
    return org.full_name_forms.get(case) or grammar.inflect_phrase(org.full_name, case)


@dataclass(frozen=True)
class Derived:
    """A phrase a reference puts in a case that the tool derives itself (no override is written):
    what it is, the nominative, whether it names a person, the field it comes from and where
    its form would be written instead."""

    what: str  # «должность», «роль», «краткое наименование», «полное наименование»
    phrase: str
    case: grammar.AnyCase
    animate: bool
    field: tuple[str, YamlPath]  # (document, path) of the nominative
    override: str  # «title_forms роли coach»


def derived_phrase(bundle: Bundle, ref: Reference) -> Derived | None:
    """The phrase whose case form ``ref`` takes from the dictionary, as :func:`expand_references`
    words it; None when it takes none (the nominative, an override, a name, a number).  People's
    names are declined by rules, not by the dictionary: :func:`person_words` raises where they
    cannot be."""
    case: Any = ref.case
    if ref.error or case == "nomn":
        return None
    order = bundle.order
    org = order.organization
    if ref.kind == "org":
        if ref.form == "полное":
            if case in org.full_name_forms:
                return None
            field: tuple[str, YamlPath] = ("order", ("organization", "full_name"))
            return Derived("полное наименование", org.full_name, case, False, field, "full_name_forms")
        if case in org.short_name_forms:
            return None
        field = ("order", ("organization", "short_name"))
        return Derived("краткое наименование", org.short_name, case, False, field, "short_name_forms")
    if ref.kind != "person-or-role":
        return None
    person = order.people.get(ref.key)
    if person is not None:
        if "должность" not in ref.form.split("-") or case in person.position_forms:
            return None
        field = ("order", ("people", ref.key, "position"))
        return Derived("должность", person.position, case, True, field, f"position_forms сотрудника {ref.key}")
    role = declared_roles(bundle).get(ref.key)
    if role is None or case in role.title_forms:
        return None
    field = (role.document, ("roles", ref.key, "title"))  # declared in regulation.yaml or order.yaml
    return Derived("роль", _role_phrase(role), case, True, field, f"title_forms роли {ref.key}")


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
                words = _full_org_name(bundle, ref.case)
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
            words = person_words(order.people[ref.key], ref.case, ref.form)
        else:
            roles = declared_roles(bundle)
            if ref.key not in roles:
                raise KeyError(ref.key)
            words = _role_words(roles[ref.key], ref.case)
        before = text[last : ref.start]
        if words.endswith(".") and text[ref.start + len(ref.text) : ref.start + len(ref.text) + 1] == ".":
            words = words[:-1]  # «… Кузнецовой М.О.» ends the sentence: one full stop
        if not "".join(out + [before]).strip() or re.search(r"[.!?]\s+$", before):
            words = ru.cap(words)  # a sentence begins with the reference
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
