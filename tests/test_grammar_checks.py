"""Warnings about uncertain derived forms (grammar_checks), with the override they name."""

from __future__ import annotations

from pathlib import Path

from elzhur_rollout.checks.grammar import grammar_findings
from elzhur_rollout.source.loading import load_bundle
from helpers import edit, line_of


def findings(folder: Path) -> list[tuple[str, int, str]]:
    return [(f.code, f.line, f.message) for f in grammar_findings(load_bundle(folder))]


def test_order_188_is_certain(data: Path) -> None:
    assert findings(data) == []


def test_unknown_word_asks_for_position_forms(data: Path) -> None:
    edit(data, "order.yaml", "position: инженер-электроник", "position: коуч")
    assert findings(data) == [
        (
            "grammar-uncertain",
            line_of(data, "order.yaml", "position: коуч"),
            (
                "должность «коуч»: слово «коуч» словарю неизвестно, и фраза оставлена без изменений (родительный — «коуч»; "
                "дательный — «коуч»; винительный — «коуч»; творительный — «коуч»; предложный — «коуч»); "
                "укажите верные формы в position_forms сотрудника odinokin (gent, datv, accs, ablt, loct)"
            ),
        )
    ]


def test_overridden_cases_are_not_reported(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "position: инженер-электроник",
        "position: коуч\n    position_forms:\n      gent: коуча\n      datv: коучу\n      accs: коуча\n      ablt: коучем",
    )
    assert [f[2].endswith("в position_forms сотрудника odinokin (loct)") for f in findings(data)] == [True]


def test_parses_that_disagree_are_listed(data: Path) -> None:
    edit(data, "order.yaml", "position: инженер-электроник", "position: домина")
    assert findings(data) == [
        (
            "grammar-uncertain",
            line_of(data, "order.yaml", "position: домина"),
            (
                "должность «домина»: словарь допускает разные формы (винительный — «домину» или «домино»); в документ идёт "
                "первая; если она неверна, укажите верную в position_forms сотрудника odinokin (accs)"
            ),
        )
    ]


def test_surname_without_gender(data: Path) -> None:
    edit(data, "order.yaml", "    gender: male\n", "")
    assert findings(data) == [
        (
            "grammar-uncertain",
            line_of(data, "order.yaml", "surname: Одинокин"),
            "у «Одинокин» падежные формы зависят от пола: укажите gender (male или female) или готовую форму в name_forms.gent",
        )
    ]


def test_organisation_and_issuer(data: Path) -> None:
    edit(data, "order.yaml", "short_name: МБОУ – Гимназия № 5", "short_name: коуч-центр")
    edit(data, "order.yaml", "issuer: Министерство образования, науки и молодежи", "issuer: Коуч-ассоциация")
    got = findings(data)
    assert [(code, line) for code, line, _ in got] == [
        ("grammar-uncertain", line_of(data, "order.yaml", "short_name: коуч-центр")),
        ("grammar-uncertain", line_of(data, "order.yaml", "issuer: Коуч-ассоциация")),
    ]
    assert got[0][2].endswith("укажите верные формы в short_name_forms (gent, datv, accs, ablt, loct)")
    assert got[1][2] == (
        "издатель документа «Коуч-ассоциация Республики Крым»: слово «Коуч-ассоциация» словарю "
        "неизвестно, и фраза оставлена без изменений (родительный — «Коуч-ассоциация Республики Крым»); "
        "укажите верные формы в issuer_genitive (gent)"
    )
