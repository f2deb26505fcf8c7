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


def _checked(check: Callable[[str], object] | None) -> Callable[[str], str]:
    def proc(value: str) -> str:
        value = value.strip()
        if value and check is not None:
            try:
                check(value)
            except InitError as err:
                raise typer.BadParameter(err.message) from None
        return value

    return proc


def ask_school(given: School) -> School:
    """Ask for each detail not given, when a person is at the terminal; else return ``given``."""
    missing = [q for q in _QUESTIONS if getattr(given, q[0]) is None]
    if not missing or not interactive():
        return given
    typer.echo(INTRO)
    answers: dict[str, str | None] = {}
    for field, question, check in missing:
        answer = typer.prompt(question, default="", show_default=False, value_proc=_checked(check))
        answers[field] = answer or None
    return dataclasses.replace(given, **answers)
