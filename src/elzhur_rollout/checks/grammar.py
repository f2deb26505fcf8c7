"""Warnings about derived grammatical forms that are not certain, with the override to add.

A form is uncertain when pymorphy3's parses of a word give different forms (the first is
used), or when nothing in the phrase could be inflected (the first word is unknown); a surname
whose forms depend on an unknown gender is reported too.  Overridden cases are not checked.
The fields are checked where they are written; the forms that ``{…}`` references in the texts
derive (a role's title, the organisation's full name, a full name) where the reference stands,
unless a warning about the same field and case has been given.

This module loads the dictionaries (≈ 160 ms), so plain ``rollout check`` does not run it:
``rollout render`` and ``rollout check --grammar`` call :func:`grammar_findings`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from elzhur_rollout.checks.rules import free_texts, reference_position
from elzhur_rollout.core.markup import references
from elzhur_rollout.errors import GrammarError
from elzhur_rollout.findings import Finding, finding
from elzhur_rollout.lang import inflection as grammar
from elzhur_rollout.lang.references import derived_phrase, person_words

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.domain import YamlPath

CASES: tuple[grammar.AnyCase, ...] = ("gent", "datv", "accs", "ablt", "loct")
CODE = "grammar-uncertain"


def _q(text: str) -> str:
    return f"«{text}»"


def _message(what: str, phrase: str, found: list[tuple[str, grammar.AnyCase, list[str]]], override: str) -> str:
    unknown = grammar.unknown_word(phrase.split(", ")[0])
    keys = ", ".join(case for _, case, _ in found)
    if unknown is not None:
        forms = "; ".join(f"{grammar.CASE_RU[case]} — {_q(forms[0])}" for _, case, forms in found)
        return (
            f"{what} {_q(phrase)}: слово {_q(unknown)} словарю неизвестно, и фраза оставлена без изменений "
            f"({forms}); укажите верные формы в {override} ({keys})"
        )
    choices = "; ".join(f"{grammar.CASE_RU[case]} — " + " или ".join(_q(f) for f in forms) for _, case, forms in found)
    return (
        f"{what} {_q(phrase)}: словарь допускает разные формы ({choices}); в документ идёт первая; "
        f"если она неверна, укажите верную в {override} ({keys})"
    )


def grammar_findings(bundle: Bundle) -> list[Finding]:
    """Warnings for every position, organisation name and basis issuer whose derived forms
    are uncertain, every surname whose forms need a gender, and every form a reference in a
    text derives that no warning about its field and case has named yet."""
    order = bundle.order
    source = bundle.sources["order"]
    out: list[Finding] = []
    warned: set[tuple[str, YamlPath, str | None]] = set()  # (document, field, case or None: every case)
    for key, person in order.people.items():
        cases = tuple(c for c in CASES if c not in person.position_forms)
        found = grammar.uncertain_forms(person.position, cases, animate=True)
        if found:
            warned |= {("order", ("people", key, "position"), case) for _, case, _ in found}
            out.append(
                source.finding(
                    ("people", key, "position"),
                    CODE,
                    _message("должность", person.position, found, f"position_forms сотрудника {key}"),
                )
            )
        for case in (c for c in CASES if c not in person.name_forms):
            try:
                grammar.short_name(person, case)
            except GrammarError as err:
                warned.add(("order", ("people", key), None))
                out.append(source.finding(("people", key, "surname"), CODE, str(err)))
                break
    org = order.organization
    cases = tuple(c for c in CASES if c not in org.short_name_forms)
    found = grammar.uncertain_forms(org.short_name, cases)
    if found:
        warned |= {("order", ("organization", "short_name"), case) for _, case, _ in found}
        out.append(
            source.finding(
                ("organization", "short_name"), CODE, _message("краткое наименование", org.short_name, found, "short_name_forms")
            )
        )
    for i, basis in enumerate(order.basis):
        if basis.issuer_genitive is None and basis.issuer is not None:
            found = grammar.uncertain_forms(basis.issuer, ("gent",))
            if found:
                out.append(
                    source.finding(
                        ("basis", i, "issuer"), CODE, _message("издатель документа", basis.issuer, found, "issuer_genitive")
                    )
                )
    return out + _reference_findings(bundle, warned)


def _reference_findings(bundle: Bundle, warned: set[tuple[str, YamlPath, str | None]]) -> list[Finding]:
    """Warnings at the references of the texts whose derived forms are uncertain: a role's title,
    the organisation's full name, a person's name whose forms need a gender; one for each field
    and case (a person's name: one for the person)."""
    out: list[Finding] = []
    for doc, path, text in free_texts(bundle):
        for ref in references(text):
            messages: list[str] = []
            derived = derived_phrase(bundle, ref)
            if derived is not None and (*derived.field, derived.case) not in warned:
                found = grammar.uncertain_forms(derived.phrase, (derived.case,), animate=derived.animate)
                if found:
                    warned.add((*derived.field, derived.case))
                    messages.append(_message(f"ссылка {ref.text}: {derived.what}", derived.phrase, found, derived.override))
            person = bundle.order.people.get(ref.key) if ref.kind == "person-or-role" and not ref.error else None
            if person is not None and ref.case != "nomn" and ("order", ("people", ref.key), None) not in warned:
                try:
                    person_words(person, ref.case, ref.form)
                except GrammarError as err:
                    warned.add(("order", ("people", ref.key), None))
                    messages.append(f"ссылка {ref.text}: {err}")
            if messages:
                line, column = reference_position(bundle, doc, path, text, ref.start)
                out += [finding(bundle.sources[doc].display, line, column, CODE, m) for m in messages]
    return out
