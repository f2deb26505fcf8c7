"""Issue 8 §1.10, §1.5, §1.3: appendices of every kind (plan, положение with sections, job
instruction, cyclogram, referenced-only), their numbers, marks and revision lines; references
to people, roles, the organisation, appendices and measures from free text, inflected by the
tool.  examples/lyceum-9 uses them all.  Everything through the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import ROOT, assert_as_expected, edit, example_school, line_of, lines_of, run


@pytest.fixture
def lyceum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("lyceum-9", tmp_path, monkeypatch).parent


def render(school: Path, document: str) -> list[str]:
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    return lines_of(school / "pechat" / document)


def test_lyceum_9_checks_clean_on_its_order_date(lyceum: Path) -> None:
    result = run("check", "--today", "2025-08-29")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("prikaz.docx", "lyceum-9-prikaz.txt"),
        ("prilozhenie-1-plan.docx", "lyceum-9-plan.txt"),
        ("prilozhenie-2-reglament.docx", "lyceum-9-reglament.txt"),
        ("prilozhenie-3-instrukciya.docx", "lyceum-9-instrukciya.txt"),
        ("prilozhenie-4-ciklogramma.docx", "lyceum-9-ciklogramma.txt"),
    ],
)
def test_lyceum_9_documents_word_for_word(lyceum: Path, document: str, expected: str) -> None:
    render(lyceum, document)
    assert_as_expected(lyceum / "pechat" / document, expected)


def test_a_referenced_only_appendix_is_not_rendered_but_numbered(lyceum: Path) -> None:
    got = render(lyceum, "prikaz.docx")
    assert any(line.endswith("(приложение~5).") for line in got)
    assert sorted(p.name for p in (lyceum / "pechat").glob("prilozhenie-*")) == [
        "prilozhenie-1-plan.docx",
        "prilozhenie-2-reglament.docx",
        "prilozhenie-3-instrukciya.docx",
        "prilozhenie-4-ciklogramma.docx",
    ]


def test_an_explicit_appendix_number_is_used_everywhere(lyceum: Path) -> None:
    data = lyceum / "data"
    edit(data, "order.yaml", "    kind: reference\n", "    kind: reference\n    number: 7\n")
    assert run("check", "--today", "2025-08-29").output == "Замечаний нет.\n"
    assert any(line.endswith("(приложение~7).") for line in render(lyceum, "prikaz.docx"))


def test_two_appendices_with_one_number_or_key(lyceum: Path) -> None:
    data = lyceum / "data"
    edit(data, "order.yaml", "    kind: reference\n", "    kind: reference\n    number: 4\n")
    edit(data, "order.yaml", "  - key: cyclogram\n", "  - key: instruction\n")
    edit(data, "order.yaml", "appendix: cyclogram", "appendix: instruction")
    number, key = line_of(data, "order.yaml", "    number: 4"), line_of(data, "order.yaml", "  - key: instruction", 2)
    result = run("check", "--today", "2025-08-29")
    assert result.output.splitlines()[1:-1] == [
        f"  {key}:10: ошибка [appendix-duplicate] приложение «instruction» уже описано (приложение 3); "
        "ключи приложений должны различаться",
        f"  {number}:13: ошибка [appendix-duplicate-number] номер 4 уже есть у приложения «instruction»; "
        "номера приложений должны различаться",
    ]


def test_unknown_references_are_reported_at_their_column(lyceum: Path) -> None:
    data = lyceum / "data"
    edit(data, "order.yaml", "{zaitsev:вин:полное-должность}", "{zaytsev:вин:полное-должность}")
    edit(data, "order.yaml", "справка {pavlov:дат:должность}", "справка {pavlov:дательный}")
    edit(data, "plan.yaml", "{measure:2}", "{measure:9}")
    edit(data, "regulation.yaml", "{org:пр}", "{appendix:rulez}")
    item, row = line_of(data, "order.yaml", "zaytsev"), line_of(data, "order.yaml", "дательный")
    measure, clause = line_of(data, "plan.yaml", "measure:9"), line_of(data, "regulation.yaml", "rulez")
    result = run("check", "--today", "2025-08-29")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "data/order.yaml",
        f"  {item}:21: ошибка [text-unknown-ref] ссылка {{zaytsev:вин:полное-должность}}: нет ни сотрудника, ни роли "
        "с ключом «zaytsev»; возможно, имелось в виду «zaitsev»; люди — в разделе people, роли — в разделе roles",
        f"  {row}:52: ошибка [text-unknown-ref] ссылка {{pavlov:дательный}}: «дательный» — не падеж и не форма имени; "
        "падежи: им, род, дат, вин, тв, пр; формы: инициалы, полное, подпись, должность, должность-инициалы, "
        "инициалы-должность, должность-полное, полное-должность",
        "data/plan.yaml",
        f"  {measure}:61: ошибка [text-unknown-ref] ссылка {{measure:9}}: в плане нет мероприятия «9»",
        "data/regulation.yaml",
        f"  {clause}:78: ошибка [text-unknown-ref] ссылка {{appendix:rulez}}: нет приложения с ключом «rulez»; "
        "возможно, имелось в виду «rules»; приложения — в разделе appendices",
        "Найдено: 4 ошибки.",
    ]


def test_name_forms_cases_and_abbreviated_positions(lyceum: Path) -> None:
    data = lyceum / "data"
    edit(
        data,
        "order.yaml",
        "Назначить {zaitsev:вин:полное-должность}, администратором",
        "Поручить {kuznetsova:дат:полное} и {smirnova:дат:должность-инициалы} совместно с {kuznetsova:тв:инициалы-должность}, "
        "{class_teachers:тв} и {ej_admin:тв} по согласованию с {pavlov:тв:подпись} подготовить {org:вин:полное}; назначить "
        "{zaitsev:вин} администратором",
    )
    got = render(lyceum, "prikaz.docx")
    assert got[12] == (  # after the place line
        "2. Поручить Кузнецовой Марине Олеговне и~зам. директора по ВР Смирновой~А.В. совместно с~Кузнецовой~М.О., "
        "заместителем директора по учебно-воспитательной работе, классными руководителями 1–11 классов и~администратором "
        "электронного журнала по согласованию с~И.Н.~Павлов подготовить Муниципальное бюджетное общеобразовательное "
        "учреждение «Лицей~№~9»; назначить Зайцева~О.П. администратором электронного журнала."
    )


def test_renaming_a_person_once_changes_every_document(lyceum: Path) -> None:
    edit(lyceum / "data", "order.yaml", "surname: Кузнецова", "surname: Морозова")
    order = render(lyceum, "prikaz.docx")
    instruction = lines_of(lyceum / "pechat" / "prilozhenie-3-instrukciya.docx")
    cyclogram = lines_of(lyceum / "pechat" / "prilozhenie-4-ciklogramma.docx")
    assert order[14].startswith("4. Заместителю директора по учебно-воспитательной работе Морозовой~М.О. ежемесячно")
    assert instruction[4] == "1.2. Администратор подчиняется заместителю директора по учебно-воспитательной работе Морозовой~М.О."
    assert cyclogram[-1].startswith("3. | Морозова~М.О. |")
    assert not any("Кузнецов" in line for line in order + instruction + cyclogram)


def test_an_instruction_needs_sections_and_a_title(lyceum: Path) -> None:
    edit(
        lyceum / "data",
        "order.yaml",
        "    code: ДИ-07\n    title: Должностная инструкция администратора электронного журнала\n",
        "",
    )
    result = run("check", "--today", "2025-08-29")
    assert result.exit_code == 2
    assert "должностная инструкция (instruction) требует заголовка (title) и разделов (sections)" in result.output


def test_the_readme_examples_of_references(lyceum: Path) -> None:
    edit(
        lyceum / "data",
        "order.yaml",
        "Назначить {zaitsev:вин:полное-должность}, администратором",
        "Назначить {kuznetsova:вин:полное}, поручить {kuznetsova:дат} в соответствии с {appendix:plan:тв} "
        "и {appendix:rules} по итогам мероприятия {measure:2} и {smirnova:дат:должность-инициалы}; назначить {zaitsev:вин} "
        "администратором",
    )
    assert render(lyceum, "prikaz.docx")[12] == (
        "2. Назначить Кузнецову Марину Олеговну, поручить Кузнецовой~М.О. в~соответствии с~приложением~1 и~приложение~5 "
        "по итогам мероприятия 2 и~зам. директора по ВР Смирновой~А.В.; назначить Зайцева~О.П. администратором "
        "электронного журнала."
    )


def test_a_templates_folder_without_the_cyclogram_prints_its_rows_as_text(lyceum: Path) -> None:
    (lyceum / "templates" / "schedule.docx").unlink()
    got = render(lyceum, "prilozhenie-4-ciklogramma.docx")
    assert got[1:] == [
        "Циклограмма работы с~электронным журналом",
        "1. Классные руководители 1–11 классов~– ежедневно~– Отметки о~посещаемости и~текущие оценки.",
        "2. Администратор электронного журнала~– по пятницам~– Резервная копия данных журнала.",
        "3. Кузнецова~М.О.~– до 5 числа каждого месяца~– Проверка заполнения журнала, справка директору.",
    ]


def test_status_words_the_references_too(lyceum: Path) -> None:
    output = run("status", "--person", "kuznetsova", "--today", "2025-10-15").output
    assert "Совещание классных руководителей 1–11 классов о заполнении" in output
    assert "по итогам мероприятия 2." in output
    assert "{" not in output


def test_lyceum_9_status_later_shows_the_overdue_measures_per_person() -> None:
    result = run("status", "--data", str(ROOT / "examples" / "lyceum-9"), "--today", "2025-10-15")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[2:4] == ["Мероприятия  ░░░░░░░░░░░░░░░░░░░░ 0 из 3 мероприятий выполнено (0 %)", "Просрочено: 2 мероприятия"]
    assert lines[lines.index("Павлов И.Н., директор") :] == [
        "Павлов И.Н., директор",
        "  открытых мероприятий и периодических обязанностей нет",
        "Кузнецова М.О., заместитель директора по учебно-воспитательной работе",
        "  мероприятие 2 (срок: сентябрь 2025) — просрочено на 15 дней: Совещание классных руководителей 1–11 классов о "
        "заполнении электронно…",
        "  мероприятие 3 (срок: октябрь 2025): Проверка заполнения журнала по итогам мероприятия 2.",
        "Смирнова А.В., зам. директора по ВР",
        # a co-executor through the role she holds
        "  мероприятие 3, соисполнитель как классные руководители 1–11 классов (срок: октябрь 2025): Проверка заполнения "
        "журнала по итогам мероприятия 2.",
        "Зайцев О.П., учитель информатики",
        "  мероприятие 1 (срок: до 12.09.2025) — просрочено на 33 дня: Создание учётных записей обучающихся 1-х классов и "
        "их родителей.",
    ]
