"""The hand-written corpus in tests/grammar_corpus/: every form of every row, asserted.

Positions: the nomenclature of pedagogical positions (Постановление Правительства РФ от
21.02.2022 № 225) and the usual school staff, commission and working-group roles, in all
six cases; organisation names and document kinds; people's names of the hard classes;
document titles with their approval word.  A cell lists the variants a philologist accepts.
The ``*_heldout.tsv`` files were written after the code and measured once before any change.
"""

from __future__ import annotations

import pytest

from corpus_data import CASES, NameRow, names, organizations, positions, titles
from elzhur_rollout.core.models import Person
from elzhur_rollout.lang import inflection as grammar


def _holder(position: str) -> Person:
    return Person(surname="Иванов", initials="И.И.", position=position)


POSITIONS = positions() + positions(held_out=True)
NAMES = names() + names(held_out=True)
TITLES = titles() + titles(held_out=True)


@pytest.mark.parametrize(("nominative", "forms"), POSITIONS, ids=[p for p, _ in POSITIONS])
def test_position(nominative: str, forms: dict[str, tuple[str, ...]]) -> None:
    holder = _holder(nominative)
    derived = {case: grammar.position(holder, case) for case in CASES}  # type: ignore[arg-type]
    assert {c: f for c, f in derived.items() if f not in forms[c]} == {}


@pytest.mark.parametrize(("nominative", "forms"), organizations(), ids=[p for p, _ in organizations()])
def test_organization_or_document_kind(nominative: str, forms: dict[str, tuple[str, ...]]) -> None:
    derived = {case: grammar.inflect_phrase(nominative, case) for case in CASES}  # type: ignore[arg-type]
    assert {c: f for c, f in derived.items() if f not in forms[c]} == {}


@pytest.mark.parametrize("row", NAMES, ids=[r.label for r in NAMES])
def test_name(row: NameRow) -> None:
    person = Person(
        surname=row.surname,
        first_name=row.first_name,
        patronymic=row.patronymic,
        initials=row.initials,
        gender=row.gender,
        position="учитель",
    )  # type: ignore[arg-type]
    derived = {case: grammar.full_name(person, case) for case in CASES}  # type: ignore[arg-type]
    assert {c: f for c, f in derived.items() if f not in row.forms[c]} == {}


@pytest.mark.parametrize(("title", "word"), TITLES)
def test_approval_word(title: str, word: str) -> None:
    assert grammar.approved_word(title) == word


def test_corpus_size() -> None:
    """The corpus the README's accuracy numbers are measured on (forms per class), the
    development set and the held-out set."""
    assert [len(positions()) * 6, len(organizations()) * 6, len(names()) * 6, len(titles())] == [630, 96, 246, 36]
    assert [len(positions(True)) * 6, len(names(True)) * 6, len(titles(True))] == [210, 108, 20]
