"""The hand-written grammar corpus in tests/grammar_corpus/ and a scorer for it.

``python tests/corpus_data.py [-v]`` prints the accuracy of the grammar layer on the corpus
per class (forms right / forms total), on the development set and on the held-out set
(``*_heldout.tsv``, written after the code and measured once before changing it): the
numbers the README reports.  ``-v`` lists every wrong form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "grammar_corpus"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _rows(name: str) -> Iterator[list[str]]:
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@dataclass(frozen=True)
class Expected:
    """One form and the variants a philologist accepts for it."""

    key: str
    case: str
    variants: tuple[str, ...]

    def accepts(self, form: str) -> bool:
        return form in self.variants


def phrases(name: str) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    return [(row[0], {c: tuple(cell.split("|")) for c, cell in zip(CASES, row, strict=False)}) for row in _rows(name)]


def positions(held_out: bool = False) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    return phrases("positions_heldout.tsv" if held_out else "positions.tsv")


def organizations() -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    return phrases("organizations.tsv")


@dataclass(frozen=True)
class NameRow:
    surname: str
    first_name: str | None
    patronymic: str | None
    initials: str | None
    gender: str | None
    forms: dict[str, tuple[str, ...]]

    @property
    def label(self) -> str:
        return self.forms["nomn"][0] + (f" ({self.gender})" if self.gender else "")


def names(held_out: bool = False) -> list[NameRow]:
    out = []
    for row in _rows("names_heldout.tsv" if held_out else "names.tsv"):
        fields = [None if v == "-" else v for v in row[:5]]
        out.append(NameRow(*fields, forms={c: tuple(cell.split("|")) for c, cell in zip(CASES, row[5:], strict=False)}))  # type: ignore[arg-type]
    return out


def titles(held_out: bool = False) -> list[tuple[str, str]]:
    return [(row[0], row[1]) for row in _rows("titles_heldout.tsv" if held_out else "titles.tsv")]


def score(derive: Callable[[str], str], cases: dict[str, tuple[str, ...]]) -> list[tuple[str, str, str]]:
    """The wrong forms as (case, derived, expected); an exception counts as a wrong form."""
    wrong = []
    for case, variants in cases.items():
        try:
            form = derive(case)
        except Exception as err:
            form = f"<{type(err).__name__}>"
        if form not in variants:
            wrong.append((case, form, variants[0]))
    return wrong


def measure(verbose: bool = False, held_out: bool = False) -> dict[str, tuple[int, int]]:
    from elzhur_rollout.core.models import Person
    from elzhur_rollout.lang import inflection as grammar

    def phrase(text: str) -> Callable[[str], str]:
        p = Person(surname="Иванов", initials="И.И.", position=text)
        return lambda case: grammar.position(p, None if case == "nomn" else case)  # type: ignore[arg-type]

    def person_of(r: NameRow) -> Person:
        return Person(
            surname=r.surname,
            first_name=r.first_name,
            patronymic=r.patronymic,
            initials=r.initials,
            gender=r.gender,
            position="учитель",
        )  # type: ignore[arg-type]

    def name(r: NameRow) -> Callable[[str], str]:
        p = person_of(r)
        return lambda case: grammar.full_name(p, None if case == "nomn" else case)  # type: ignore[arg-type]

    def tally(label: str, cases: list[tuple[str, Callable[[str], str], dict[str, tuple[str, ...]]]]) -> tuple[int, int]:
        """(forms right, forms in all) over (what, how to inflect it, expected forms)."""
        total = right = 0
        for what, inflect, forms in cases:
            wrong = score(inflect, forms)
            total, right = total + len(forms), right + len(forms) - len(wrong)
            if verbose:
                for w in wrong:
                    print(label, what, *w, sep=" | ")
        return right, total

    def organization(text: str) -> Callable[[str], str]:
        return lambda case: text if case == "nomn" else grammar.inflect_phrase(text, case)  # type: ignore[arg-type]

    result = {
        "positions": tally("position", [(text, phrase(text), forms) for text, forms in positions(held_out)]),
        "organizations": tally(
            "organization", [(text, organization(text), forms) for text, forms in ([] if held_out else organizations())]
        ),
        "names": tally("name", [(r.label, name(r), r.forms) for r in names(held_out)]),
    }
    total = right = 0
    for title, word in titles(held_out):
        got = grammar.approved_word(title)
        total, right = total + 1, right + (got == word)
        if verbose and got != word:
            print("title", title, got, word, sep=" | ")
    result["titles"] = (right, total)
    return result


if __name__ == "__main__":
    import sys

    for held_out in (False, True):
        print("held-out set (written after the code):" if held_out else "development set:")
        for cls, (right, total) in measure(verbose="-v" in sys.argv, held_out=held_out).items():
            if total:
                print(f"  {cls}: {right}/{total} = {100 * right / total:.1f} %")
