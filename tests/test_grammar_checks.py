"""Warnings about uncertain derived forms (grammar_checks), with the override they name."""

from __future__ import annotations

from pathlib import Path

from elzhur_rollout.checks.grammar import grammar_findings
from elzhur_rollout.source.loading import load_bundle
from helpers import edit, line_of, lines_of, run


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


# --------------------------------------------------------------------------- references in texts


def coach_references(data: Path) -> None:
    """The engineer's role and position renamed to a word the dictionary does not know, and
    referenced from an order item and a plan measure in the dative and the instrumental."""
    edit(data, "regulation.yaml", "    title: Инженер-электроник\n", "    title: Коуч по ЭлЖуру\n")
    edit(data, "order.yaml", "position: инженер-электроник", "position: коуч")
    edit(
        data,
        "order.yaml",
        "  - text: Обеспечить участие МБОУ",
        "  - text: Поручить {engineer:дат} и {odinokin:дат:должность} обеспечить участие МБОУ",
    )
    edit(
        data,
        "plan.yaml",
        "    text: Формирование рабочей группы.",
        "    text: Формирование рабочей группы с {engineer:тв} и {engineer:дат}.",
    )


def test_forms_of_references_in_texts_are_checked_once_per_field_and_case(data: Path) -> None:
    coach_references(data)
    position, item = line_of(data, "order.yaml", "position: коуч"), line_of(data, "order.yaml", "{engineer:дат}")
    measure = line_of(data, "plan.yaml", "{engineer:тв}")
    result = run("check", "--grammar", "--today", "2020-05-30")
    assert (result.exit_code, result.output.splitlines()) == (
        0,
        [
            "data/order.yaml",
            f"  {position}:15: предупреждение [grammar-uncertain] должность «коуч»: слово «коуч» словарю неизвестно, "
            "и фраза оставлена без изменений (родительный — «коуч»; дательный — «коуч»; винительный — «коуч»; "
            "творительный — «коуч»; предложный — «коуч»); укажите верные формы в position_forms сотрудника odinokin "
            "(gent, datv, accs, ablt, loct)",
            f"  {item}:20: предупреждение [grammar-uncertain] ссылка {{engineer:дат}}: роль «коуч по ЭлЖуру»: слово «коуч» "
            "словарю неизвестно, и фраза оставлена без изменений (дательный — «коуч по ЭлЖуру»); укажите верные формы "
            "в title_forms роли engineer (datv)",
            "data/plan.yaml",
            f"  {measure}:41: предупреждение [grammar-uncertain] ссылка {{engineer:тв}}: роль «коуч по ЭлЖуру»: слово «коуч» "
            "словарю неизвестно, и фраза оставлена без изменений (творительный — «коуч по ЭлЖуру»); укажите верные формы "
            "в title_forms роли engineer (ablt)",
            "Найдено: 3 предупреждения.",
        ],
    )
    assert run("check", "--grammar", "--strict", "--today", "2020-05-30").exit_code == 1


def test_title_forms_settle_a_role_in_a_text(data: Path) -> None:
    coach_references(data)
    edit(
        data,
        "regulation.yaml",
        "    title: Коуч по ЭлЖуру\n",
        "    title: Коуч по ЭлЖуру\n    title_forms:\n      datv: коучу по ЭлЖуру\n      ablt: коучем по ЭлЖуру\n",
    )
    edit(data, "order.yaml", "position: коуч", "position: инженер-электроник")
    assert run("check", "--grammar", "--today", "2020-05-30").output == "Замечаний нет.\n"
    result = run("render", "order", "--today", "2020-05-30")
    assert result.exit_code == 0, result.output
    assert lines_of(data.parent / "pechat" / "prikaz.docx")[7] == (
        "1. Поручить коучу по ЭлЖуру и~инженеру-электронику обеспечить участие МБОУ~– Гимназии~№~5 в~пилотном проекте "
        "по использованию единой системы электронных журналов в~2020/2021 учебном году."
    )


def test_full_name_of_the_organisation_in_a_text(data: Path) -> None:
    edit(data, "order.yaml", "  - text: Обеспечить участие МБОУ", "  - text: Обеспечить участие {org:род:полное} и МБОУ")
    full_name = "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 5 г. Феодосии Республики Крым»"
    edit(data, "order.yaml", full_name, "Коуч-центр «Гимназия № 5»")
    item = line_of(data, "order.yaml", "{org:род:полное}")
    result = run("check", "--grammar", "--today", "2020-05-30")
    assert result.output.splitlines() == [
        "data/order.yaml",
        f"  {item}:30: предупреждение [grammar-uncertain] ссылка {{org:род:полное}}: полное наименование «Коуч-центр "
        "«Гимназия № 5»»: слово «Коуч-центр» словарю неизвестно, и фраза оставлена без изменений (родительный — "
        "«Коуч-центр «Гимназия № 5»»); укажите верные формы в full_name_forms (gent)",
        "Найдено: 1 предупреждение.",
    ]
    edit(
        data,
        "order.yaml",
        "  full_name: Коуч-центр «Гимназия № 5»",
        "  full_name: Коуч-центр «Гимназия № 5»\n  full_name_forms:\n    gent: Коуч-центра «Гимназия № 5»",
    )
    assert run("check", "--grammar", "--today", "2020-05-30").output == "Замечаний нет.\n"


def test_a_full_name_in_a_text_that_needs_a_gender(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "  odinokin:\n",
        "  tkachenko:\n    surname: Ткаченко\n    first_name: Мишель\n    position: учитель информатики\n  odinokin:\n",
    )
    edit(
        data,
        "order.yaml",
        "  - text: Обеспечить участие МБОУ",
        "  - text: Поручить {tkachenko:дат} и {tkachenko:дат:полное} обеспечить участие МБОУ",
    )
    edit(
        data,
        "plan.yaml",
        "    text: Формирование рабочей группы.",
        "    text: Формирование рабочей группы с {tkachenko:тв:полное}.",
    )
    item = line_of(data, "order.yaml", "{tkachenko:дат:полное}")
    result = run("check", "--grammar", "--today", "2020-05-30")
    assert result.output.splitlines() == [
        "data/order.yaml",
        f"  {item}:38: предупреждение [grammar-uncertain] ссылка {{tkachenko:дат:полное}}: у имени «Мишель» падежные "
        "формы зависят от пола: укажите gender (male или female)",
        "Найдено: 1 предупреждение.",
    ]
