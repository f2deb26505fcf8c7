"""Warnings about derived grammatical forms that are not certain, with the override to add.

A form is uncertain when pymorphy3's parses of a word give different forms (the first is
used), or when nothing in the phrase could be inflected (the first word is unknown); a surname
whose forms depend on an unknown gender is reported too.  Overridden cases are not checked.

This module loads the dictionaries (≈ 160 ms), so plain ``rollout check`` does not run it:
``rollout render`` and ``rollout check --grammar`` call :func:`grammar_findings`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from elzhur_rollout.errors import GrammarError
from elzhur_rollout.findings import Finding
from elzhur_rollout.lang import inflection as grammar

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle

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
    are uncertain, and every surname whose forms need a gender."""
    order = bundle.order
    source = bundle.sources["order"]
    out: list[Finding] = []
    for key, person in order.people.items():
        cases = tuple(c for c in CASES if c not in person.position_forms)
        found = grammar.uncertain_forms(person.position, cases, animate=True)
        if found:
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
                out.append(source.finding(("people", key, "surname"), CODE, str(err)))
                break
    org = order.organization
    cases = tuple(c for c in CASES if c not in org.short_name_forms)
    found = grammar.uncertain_forms(org.short_name, cases)
    if found:
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
    return out
