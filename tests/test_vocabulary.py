"""One vocabulary: the words for a state, an obligation and a document are defined in
``lang.vocabulary`` and nowhere else; every view takes them from there, chosen by context."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from elzhur_rollout.core.values import Kind, State
from elzhur_rollout.lang import vocabulary as ru
from helpers import ROOT

PACKAGE = ROOT / "src" / "elzhur_rollout"
# the rooms whose modules show states to the user (edit/ reports what it recorded)
VIEWS = ["checks", "views", "documents", "outputs", "serve", "cli", "api.py"]
WORDS = {w.lower() for w in ru.STATE_WORD.values()} | {ru.SOON_WORD, ru.DUTY_OVERDUE_WORD, ru.DUTY_NEXT_WORD}
STATE_ENUMS = {"State", "MeasureStatus", "MeasureState"}
_STRIP = " \t\n,.;:!?—–-«»()[]!"


def _files(suffix: str) -> list[Path]:
    out: list[Path] = []
    for room in VIEWS:
        path = PACKAGE / room
        out += [path] if path.is_file() else sorted(path.rglob(f"*{suffix}"))
    return [p for p in out if p.suffix == suffix]


def _docstrings(tree: ast.AST) -> set[int]:
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def own_state_words(path: Path) -> list[str]:
    """The places in ``path`` that word a state themselves: a text that is a state word
    («Выполнено», «не отслеживается», «просрочено на …»), or a mapping from states to texts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value.strip(_STRIP).lower()
            if text in WORDS or any(text.startswith(f"{w} на") for w in WORDS):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
        if isinstance(node, ast.Dict):
            keys = [k for k in node.keys if isinstance(k, ast.Attribute) and isinstance(k.value, ast.Name)]
            if any(k.value.id in STATE_ENUMS for k in keys) and any(  # type: ignore[union-attr]
                isinstance(v, ast.Constant) and isinstance(v.value, str) and re.search("[а-яё]", v.value) for v in node.values
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: a mapping of states to words")
    return found


def test_no_view_words_a_state_itself() -> None:
    found = [hit for path in _files(".py") for hit in own_state_words(path)]
    for template in _files(".j2"):
        for n, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<[^>]*>", " ", line).lower()
            found += [f"{template.relative_to(ROOT)}:{n}: «{w}»" for w in WORDS if re.search(rf"(?<![\w-]){w}(?![\w-])", text)]
    assert not found, "state words outside lang/vocabulary.py:\n" + "\n".join(found)


def test_the_scan_finds_a_views_own_words(tmp_path: Path) -> None:
    """The test above can fail: a module of its own words is caught."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        'LABEL = {State.PLANNED: "в плане"}\nHEAD = "Выполнено"\nLATE = f" просрочено на {n}"\nOK = "в плане 10 мероприятий"\n',
        encoding="utf-8",
    )
    sample = sample.rename(ROOT / "tests" / "_vocabulary_sample.py")
    try:
        assert [hit.split(": ", 1)[1] for hit in own_state_words(sample)] == [
            "a mapping of states to words",
            "'Выполнено'",
            "' просрочено на '",
        ]
    finally:
        sample.unlink()


def test_every_state_and_kind_has_its_words() -> None:
    assert set(ru.STATE_WORD) == set(State)
    assert set(ru.KIND_WORD) == set(Kind)
    assert {s: ru.state_word(s, heading=True) for s in (State.DONE, State.IN_PROGRESS)} == {
        State.DONE: "Выполнено",
        State.IN_PROGRESS: "В работе",
    }


@pytest.mark.parametrize(
    ("state", "n", "noun", "said"),
    [
        (State.DONE, 0, ru.MEASURE, "выполненных нет"),
        (State.DONE, 2, ru.MEASURE, "выполнено 2 мероприятия"),
        (State.IN_PROGRESS, 1, ru.MEASURE, "в работе 1 мероприятие"),
        (State.IN_PROGRESS, 0, ru.MEASURE, "в работе – ни одного"),
        (State.PLANNED, 5, ru.MEASURE, "не начато 5 мероприятий"),
        (State.UPCOMING, 3, ru.MEASURE, "предстоят 3 мероприятия"),
        (State.UPCOMING, 21, ru.MEASURE, "предстоит 21 мероприятие"),
        (State.OVERDUE, 1, ru.DUTY, "просрочена 1 обязанность"),
        (State.OVERDUE, 2, ru.DUTY, "просрочены 2 обязанности"),
        (State.OVERDUE, 5, ru.DUTY, "просрочено 5 обязанностей"),
    ],
)
def test_a_count_agrees_with_its_state(state: State, n: int, noun: ru.Noun, said: str) -> None:
    assert ru.state_count(state, n, noun) == said


def test_a_state_with_its_particulars() -> None:
    import datetime as dt

    assert ru.state_text(State.OVERDUE, 3) == "просрочено на 3 дня"
    assert ru.state_text(State.DONE, done_on=dt.date(2020, 6, 25)) == "выполнено 25.06.2020"
    assert ru.state_text(State.PLANNED, soon=True) == "не начато, срок близко"
    assert ru.measure_ref("1", "gent", key="11") == "мероприятия 1 (id 11)"
