"""`rollout init` in a terminal asks for what its options did not give; never in CI or without a terminal."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Callable

import typer

from elzhur_rollout.edit.starter import School, parse_director, parse_year
from elzhur_rollout.errors import InitError

INTRO = "Расскажите о школе. Enter — пропустить: останется заглушка «[заполните: …]», её можно вписать потом в data/order.yaml."

# the questions, in order: the field of School, the question, how the answer is checked
_QUESTIONS: list[tuple[str, str, Callable[[str], object] | None]] = [
    ("full_name", "Полное наименование школы, как в уставе", None),
    ("short_name", "Краткое наименование, например МБОУ «Лицей № 3»", None),
    ("city", "Город или село для шапки приказа", None),
    ("director", "Директор (Фамилия Имя Отчество)", parse_director),
    ("platform", "Электронный журнал, например Сетевой город. Образование", None),
    ("year", "Учебный год, например 2025/2026 (Enter — ближайший)", parse_year),
]


def interactive() -> bool:
    """A person at a terminal: standard input is a terminal and this is not a CI run."""
    stdin = sys.stdin
    return stdin is not None and stdin.isatty() and not os.environ.get("CI")


def _ask(question: str, check: Callable[[str], object] | None) -> str | None:
    """One answer, asked again (with the reason) until ``check`` accepts it; empty is «skip»."""
    while True:
        answer = str(typer.prompt(question, default="", show_default=False)).strip()
        if not answer or check is None:
            return answer or None
        try:
            check(answer)
        except InitError as err:
            typer.echo(f"Ошибка: {err.message}.", err=True)
            continue
        return answer


def ask_school(given: School) -> School:
    """Ask for each detail not given, when a person is at the terminal; else return ``given``."""
    missing = [q for q in _QUESTIONS if getattr(given, q[0]) is None]
    if not missing or not interactive():
        return given
    typer.echo(INTRO)
    answers = {field: _ask(question, check) for field, question, check in missing}
    return dataclasses.replace(given, **answers)
