"""Issue 8, the document model: the platform as data, header variants, stamps of every kind,
list punctuation by Russian rules and item labels as written; and examples/lyceum-7, which uses
them all.  Everything through the command line, reading the rendered .docx back."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from elzhur_rollout.documents.docx_text import blocks
from helpers import ROOT, assert_as_expected, edit, example_school, line_of, lines_of, one_line, run, shown


@pytest.fixture
def school(data: Path) -> Path:
    shutil.copytree(ROOT / "templates", data.parent / "templates")
    return data.parent


def render_order(school: Path) -> list[str]:
    result = run("render", "order")
    assert result.exit_code == 0, result.output
    return lines_of(school / "pechat" / "prikaz.docx")


PLATFORM = "platform:\n  name: ЭлЖур\n  forms:\n    gent: ЭлЖура\n"


# --------------------------------------------------------------------------- §8 the platform


def test_status_names_the_platform_from_the_data(data: Path) -> None:
    def header() -> str:
        result = run("status", "--today", "2020-07-01")
        return str(result.output.splitlines()[0])

    assert header() == "МБОУ – Гимназия № 5: ход внедрения ЭлЖура на 01.07.2020"
    edit(data, "order.yaml", PLATFORM, "platform:\n  name: Дневник.ру\n  forms:\n    gent: Дневника.ру\n")
    assert header() == "МБОУ – Гимназия № 5: ход внедрения Дневника.ру на 01.07.2020"
    edit(data, "order.yaml", "  forms:\n    gent: Дневника.ру\n", "  alias: ЭЖ\n  url: https://dnevnik.example.ru\n")
    assert header() == "МБОУ – Гимназия № 5: ход внедрения электронного журнала «Дневник.ру» на 01.07.2020"
    edit(data, "order.yaml", "platform:\n  name: Дневник.ру\n  alias: ЭЖ\n  url: https://dnevnik.example.ru\n", "")
    assert header() == "МБОУ – Гимназия № 5: ход внедрения электронного журнала на 01.07.2020"
    report = json.loads(run("status", "--today", "2020-07-01", "--format", "json").output)
    assert report["platform"] == "электронного журнала"


def test_no_code_or_template_names_a_platform() -> None:
    sources = [p.read_text(encoding="utf-8") for p in (ROOT / "src" / "elzhur_rollout").rglob("*") if p.suffix in (".py", ".j2")]
    for template in (ROOT / "templates").glob("*.docx"):
        with zipfile.ZipFile(template) as z:
            sources += [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
    sources.append((ROOT / "examples" / "starter" / "order.yaml").read_text(encoding="utf-8").split("\nplatform")[0])
    assert not [s for s in sources if re.search("ЭлЖур|Элжур", s.split("# platform:")[0])]
    assert "ЭлЖур" not in run("--help").output


def test_a_wrong_platform_key_is_a_schema_error(data: Path) -> None:
    edit(data, "order.yaml", "  name: ЭлЖур\n", "  nmae: ЭлЖур\n")
    result = run("check", "--today", "2020-05-30")
    assert result.exit_code == 2
    assert result.output.splitlines()[:2] == [
        "data/order.yaml",
        f"  {line_of(data, 'order.yaml', 'nmae:')}:3: ошибка [schema] неизвестный ключ «nmae»; возможно, имелось в виду «name»",
    ]


# --------------------------------------------------------------------------- §9 header variants


HEADER = """\
organization:
  full_name: Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 5 г. Феодосии Республики Крым»
  short_name: МБОУ – Гимназия № 5
  legal_form: муниципальное бюджетное общеобразовательное учреждение
"""


def test_header_variants(school: Path) -> None:
    data = school / "data"
    edit(
        data,
        "order.yaml",
        HEADER,
        HEADER + "  short_name_line: true\n  letterhead:\n"
        "    address: ул. Карла Маркса, д. 1, г. Феодосия, 298100\n    phone: +7 (36562) 3-00-00\n"
        '    email: gymn5@example.ru\n    ogrn: "1149102000000"\n    inn: "9108000000"\n',
    )
    edit(
        data,
        "order.yaml",
        '  date: 2020-05-30\n  number: "188"\n  place: г. Феодосия\n',
        "  date: 2020-05-30\n  date_style: numeric\n  number: 45/1-од\n",
    )
    edit(
        data,
        "order.yaml",
        "signatory: loyko\n",
        "signatory:\n  person: loyko\n  acting: true\nacquaintance:\n  people:\n    - romanenko\n    - odinokin\n",
    )
    got = render_order(school)
    assert got[:7] == [
        "Муниципальное бюджетное общеобразовательное учреждение «Гимназия~№~5 г.~Феодосии Республики Крым»",
        "(МБОУ~– Гимназия~№~5)",
        "ул.~Карла Маркса, д.~1, г.~Феодосия, 298100",
        "тел. +7 (36562) 3-00-00, e-mail: gymn5@example.ru",
        "ОГРН 1149102000000, ИНН 9108000000",
        "ПРИКАЗ",
        "30.05.2020\t№~45/1-од",
    ]
    assert got[7] == "Об участии в~пилотном проекте"  # no place line
    assert got[-4:] == [
        "7. Контроль за исполнением данного приказа оставляю за собой. / И.о. директора МБОУ~– Гимназии~№~5\tЕ.С.~Лойко",
        "С~приказом ознакомлены:",
        "Г.В.~Романенко\t________________ «____» ______________ 2020~г.",
        "С.А.~Одинокин\t________________ «____» ______________ 2020~г.",
    ]
    # the acting director signs: not on the acknowledgement sheet, like any signatory
    assert run("render", "ack").exit_code == 0
    names = [row[1] for row in blocks(school / "pechat" / "list-oznakomleniya.docx")[1][1:] if row[1]]
    assert shown(names) == ["Рыженко~Е.Н.", "Романенко~Г.В.", "Одинокин~С.А."]


def test_acting_title_as_written_and_unknown_acquainted_person(school: Path) -> None:
    data = school / "data"
    edit(
        data,
        "order.yaml",
        "signatory: loyko\n",
        "signatory:\n  person: loyko\n"
        "  acting_title: Временно исполняющий обязанности директора\nacquaintance:\n  people:\n    - romanenco\n",
    )
    result = run("check", "--scope", "documents", "--today", "2020-05-30")
    assert result.output == (
        f"data/order.yaml\n  {line_of(data, 'order.yaml', '- romanenco')}:7: ошибка [ref-unknown-person] неизвестный "
        "человек «romanenco»; возможно, имелось в виду «romanenko»; люди описываются в order.yaml, раздел people\n"
        "Найдено: 1 ошибка.\n"
    )
    edit(data, "order.yaml", "- romanenco", "- romanenko")
    got = render_order(school)
    assert got[-3] == (
        "7. Контроль за исполнением данного приказа оставляю за собой. / Временно исполняющий обязанности "
        "директора МБОУ~– Гимназии~№~5\tЕ.С.~Лойко"
    )


# --------------------------------------------------------------------------- §4 stamps


def test_stamps_of_every_kind_in_two_columns(school: Path) -> None:
    data = school / "data"
    with (data / "order.yaml").open("a", encoding="utf-8") as f:
        f.write("\nprint:\n  stamps: columns\n")
    edit(
        data,
        "regulation.yaml",
        "period:\n",
        """\
approvals:
  - kind: opinion
    body: Совета родителей
    document: протокол
    number: "2"
    date: 2020-05-27
  - kind: considered
    body: на заседании методического объединения
  - kind: accepted
    body: педагогическим советом
    document: протокол
    number: "5"
    date: 2020-05-29
  - kind: agreed
    body: Председатель профкома
    person: romanenko
period:
""",
    )
    assert run("render", "regulation").exit_code == 0
    got = lines_of(school / "pechat" / "prilozhenie-2-reglament.docx")
    left, right = got[0].split(" | ")
    assert left.split(" /  / ") == [
        "УЧТЕНО / мнение Совета родителей / протокол от 27.05.2020 №~2",
        "РАССМОТРЕНО / на заседании методического объединения",
        "ПРИНЯТО / педагогическим советом / протокол от 29.05.2020 №~5",
        "СОГЛАСОВАНО / Председатель профкома / ____________ Г.В.~Романенко",  # a named approver signs
    ]
    # the approval by the order is the mark itself: a stamp УТВЕРЖДЕН under it would repeat it (check refuses it)
    assert right == "Приложение 2 / УТВЕРЖДЕН / приказом МБОУ~– Гимназии~№~5 / от~30.05.2020~№~188"
    assert got[1].startswith("Регламент рабочей группы")


def test_approved_agrees_with_the_head_noun_and_stack_layout_stays(school: Path) -> None:
    data = school / "data"
    edit(data, "plan.yaml", "title: План мероприятий", "title: Правила и план мероприятий")
    edit(
        data,
        "plan.yaml",
        "\nmeasures:",
        "\napprovals:\n  - kind: accepted\n    body: педагогическим советом\n"
        "    document: протокол\n    number: 1\n    date: 2020-05-29\n\nmeasures:",
    )
    assert run("render", "plan").exit_code == 0
    got = lines_of(school / "pechat" / "prilozhenie-1-plan.docx")
    assert got[:2] == [
        "Приложение 1 / УТВЕРЖДЕНЫ / приказом МБОУ~– Гимназии~№~5 / от~30.05.2020~№~188",
        "ПРИНЯТО / педагогическим советом / протокол от 29.05.2020 №~1",
    ]


# --------------------------------------------------------------------------- §11 list punctuation


def test_list_punctuation_by_russian_rules(school: Path) -> None:
    data = school / "data"
    (data / "order.yaml").write_text(
        (data / "order.yaml").read_text(encoding="utf-8") + "\nprint:\n  list_punctuation: russian\n", encoding="utf-8"
    )
    edit(
        data,
        "order.yaml",
        "  - text: Утвердить план мероприятий по внедрению ЭлЖура\n    appendix: plan\n"
        "  - text: Утвердить регламент рабочей группы по внедрению ЭлЖура на период до 01.09.2020\n    appendix: regulation\n",
        '  - text: "Утвердить:"\n    items:\n      - text: план мероприятий по внедрению ЭлЖура;\n        appendix: plan\n'
        "      - text: регламент рабочей группы по внедрению ЭлЖура на период до 01.09.2020\n        appendix: regulation\n",
    )
    got = render_order(school)
    start = got.index("– об обучающихся;")
    assert got[start : start + 3] == [
        "– об обучающихся;",
        "– о~педагогических работниках;",
        "– о~родителях (законных представителях).",
    ]
    start = got.index("5. Утвердить:")
    assert got[start:] == [
        "5. Утвердить:",
        "5.1. план мероприятий по внедрению ЭлЖура (приложение~1);",
        "5.2. регламент рабочей группы по внедрению ЭлЖура на период до 01.09.2020 (приложение~2).",
        "6. Контроль за исполнением данного приказа оставляю за собой. / Директор МБОУ~– Гимназии~№~5\tЕ.С.~Лойко",
    ]


def test_as_written_keeps_the_source_punctuation_before_the_appendix(school: Path) -> None:
    data = school / "data"
    edit(
        data,
        "order.yaml",
        "  - text: Утвердить план мероприятий по внедрению ЭлЖура\n",
        "  - text: Утвердить план мероприятий по внедрению ЭлЖура;\n",
    )
    got = render_order(school)
    assert "5. Утвердить план мероприятий по внедрению ЭлЖура (приложение~1);" in got


# --------------------------------------------------------------------------- §5 labels


def test_explicit_labels_are_printed_and_a_gap_is_a_warning(school: Path) -> None:
    data = school / "data"
    edit(data, "order.yaml", "  - text: Утвердить план мероприятий", '  - number: "5."\n    text: Утвердить план мероприятий')
    edit(
        data,
        "order.yaml",
        "      - text: Обеспечить актуализацию",
        '      - number: "3.3"\n        text: Обеспечить актуализацию',
    )
    edit(data, "order.yaml", "  - text: Утвердить регламент", '  - number: "08.02.01"\n    text: Утвердить регламент')
    result = run("check", "--scope", "documents", "--today", "2020-05-30")
    gap, odd = line_of(data, "order.yaml", 'number: "3.3"'), line_of(data, "order.yaml", 'number: "08.02.01"')
    assert result.exit_code == 0, result.output  # warnings only
    assert result.output.splitlines()[:2] == [
        "data/order.yaml",
        f"  {gap}:17: предупреждение [item-numbering] после пункта 3.1 записан "
        "пункт «3.3», а по порядку ожидается 3.2; номер печатается как записан — исправьте его, если это опечатка, "
        "или удалите ключ number, и номер посчитается сам",
    ]
    assert (
        f"  {odd}:13: предупреждение [item-numbering] после пункта 5 записан пункт «08.02.01», а по порядку ожидается 6"
    ) in result.output
    got = render_order(school)  # a warning never blocks rendering
    assert (
        "3.3 Обеспечить актуализацию внесенных ранее данных и~постоянное обновление рабочей информации не позднее "
        "7 дней с~момента изменений." in got
    )
    assert "5. Утвердить план мероприятий по внедрению ЭлЖура (приложение~1)." in got
    assert "08.02.01 Утвердить регламент рабочей группы по внедрению ЭлЖура на период до 01.09.2020 (приложение~2)." in got
    assert got[-1].startswith("08.02.02 Контроль за исполнением")


# --------------------------------------------------------------------------- examples/lyceum-7


@pytest.fixture
def lyceum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("lyceum-7", tmp_path, monkeypatch).parent


def test_lyceum_7_checks_clean_on_its_order_date(lyceum: Path) -> None:
    result = run("check", "--today", "2024-09-02")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("prikaz.docx", "lyceum-7-prikaz.txt"),
        ("prilozhenie-1-plan.docx", "lyceum-7-plan.txt"),
        ("prilozhenie-2-reglament.docx", "lyceum-7-reglament.txt"),
    ],
)
def test_lyceum_7_documents_word_for_word(lyceum: Path, document: str, expected: str) -> None:
    assert run("render", "all").exit_code == 0
    assert_as_expected(lyceum / "pechat" / document, expected)


def test_the_orders_own_stamps_in_columns_with_an_acting_signer(school: Path) -> None:
    data = school / "data"
    with (data / "order.yaml").open("a", encoding="utf-8") as f:
        f.write("\nprint:\n  stamps: columns\n")
    edit(
        data,
        "order.yaml",
        "\nbasis:\n",
        """
approvals:
  - kind: approved
    body: Учредитель
    person: romanenko
    acting_title: временно исполняющий обязанности начальника управления
  - kind: agreed
    body: Управляющим советом
    document: протокол
    number: 4
    date: 2020-05-29

basis:
""",
    )
    got = render_order(school)
    assert got[0] == (
        "СОГЛАСОВАНО / Управляющим советом / протокол от 29.05.2020 №~4 | "
        "УТВЕРЖДЕН / Учредитель / временно исполняющий обязанности начальника управления / ____________ Г.В.~Романенко"
    )
    assert got[1].startswith("Муниципальное бюджетное общеобразовательное учреждение")


def test_acquaintance_without_a_list_names_everyone_the_documents_name(school: Path) -> None:
    edit(school / "data", "order.yaml", "signatory: loyko\n", "signatory: loyko\nacquaintance: {}\n")
    got = render_order(school)
    assert got[-4:] == [
        "С~приказом ознакомлены:",
        "Е.Н.~Рыженко\t________________ «____» ______________ 2020~г.",
        "Г.В.~Романенко\t________________ «____» ______________ 2020~г.",
        "С.А.~Одинокин\t________________ «____» ______________ 2020~г.",
    ]


def test_lyceum_7_is_in_canonical_form() -> None:
    result = run("fmt", "--check", "--data", str(ROOT / "examples" / "lyceum-7"))
    assert (result.exit_code, result.output) == (0, "Все файлы в каноническом виде.\n")


def test_plan_points_after_a_colon_are_punctuated_too(school: Path) -> None:
    data = school / "data"
    with (data / "order.yaml").open("a", encoding="utf-8") as f:
        f.write("\nprint:\n  list_punctuation: russian\n")
    edit(data, "plan.yaml", "необходимым для работы с ЭлЖуром;", "необходимым для работы с ЭлЖуром")
    edit(data, "plan.yaml", "организация доступа к ним.", "организация доступа к ним")
    assert run("render", "plan").exit_code == 0
    row = blocks(school / "pechat" / "prilozhenie-1-plan.docx")[2][4]
    assert one_line(row[1]) == (
        "Анализ готовности Гимназии к~внедрению ЭлЖура: / – анализ уровня ИКТ-компетентности учителей "
        "и~администрации, ее соответствие требованиям, необходимым для работы с~ЭлЖуром; / – техническое "
        "оснащение Гимназии и~возможность дополнительного оснащения, расположение компьютеров и~"
        "организация доступа к~ним."
    )


def test_a_template_made_before_the_columns_still_shows_every_stamp(school: Path) -> None:
    """An older (or restyled) template without ``stamp_columns`` lists the stamps one under another."""
    from docx import Document

    data = school / "data"
    with (data / "order.yaml").open("a", encoding="utf-8") as f:
        f.write("\nprint:\n  stamps: columns\n")
    edit(data, "order.yaml", "\nbasis:\n", "\napprovals:\n  - kind: accepted\n    body: педагогическим советом\n\nbasis:\n")
    template = school / "templates" / "order.docx"
    doc = Document(str(template))
    body = doc.element.body
    start = next(i for i, p in enumerate(doc.paragraphs) if "if stamp_columns" in p.text)
    first = doc.paragraphs[start]._p
    table, other = first.getnext(), first.getnext().getnext()
    for el in (first, table, other):
        body.remove(el)
    endif = next(p for p in doc.paragraphs if p.text == "{%p endif %}")
    body.remove(endif._p)
    doc.save(str(template))
    assert render_order(school)[0] == "ПРИНЯТО / педагогическим советом"
