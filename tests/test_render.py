"""`rollout render`: word for word, layout, escaping, strict templates, safe and reproducible output."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from lxml import etree

from elzhur_rollout.documents.docx_text import blocks
from helpers import ROOT, edit, run, text_of
from pdfcheck import require_libreoffice

ORDER = [
    "Муниципальное бюджетное общеобразовательное учреждение «Гимназия~№~5 г.~Феодосии Республики Крым»",
    "ПРИКАЗ",
    "30~мая 2020~г.\t№~188",
    "г.~Феодосия",
    "Об участии в~пилотном проекте",
    "Во исполнение приказа Министерства образования, науки и~молодежи Республики Крым от 08.05.2020~г. №~728, "
    "приказа МКУ «Управление образования Администрации города Феодосии Республики Крым» от 21.05.2020~г. №~190,",
    "ПРИКАЗЫВАЮ:",
    "1. Обеспечить участие МБОУ~– Гимназии~№~5 в~пилотном проекте по использованию единой системы электронных журналов "
    "в~2020/2021 учебном году.",
    "2. Ответственность за организацию работы по внедрению Электронного журнала возложить на рабочую группу в~составе:",
    "– Рыженко~Е.Н., заместителя директора по учебно-воспитательной работе, по вопросам внедрения электронного журнала в~1-4 классах;",
    "– Романенко~Г.В., заместителя директора по учебно-воспитательной работе, по вопросам внедрения электронного журнала в~5-11 классах;",
    "– Одинокина~С.А., инженера-электроника, по вопросам технического сопровождения работы системы электронного журнала.",
    "3. Рабочей группе по внедрению электронного журнала:",
    "3.1. Обеспечить внесение 100% данных в~подсистему «Электронный журнал» ЕАИС «Крос»:",
    "– об обучающихся",
    "– о~педагогических работниках",
    "– о~родителях (законных представителях)",
    "3.2. Обеспечить актуализацию внесенных ранее данных и~постоянное обновление рабочей информации не позднее 7 дней "
    "с~момента изменений.",
    "До 15.06.2020~г. и~далее~– по мере необходимости.",
    "4. Утвердить планируемую к~внедрению модель электронного журнала в~МБОУ~– Гимназии~№~5 «Информационная система "
    "«Электронный журнал ЭлЖур» с~составом функционала / услуги Электронный Журнал/Дневник.",
    "5. Утвердить план мероприятий по внедрению ЭлЖура (приложение~1).",
    "6. Утвердить регламент рабочей группы по внедрению ЭлЖура на период до 01.09.2020 (приложение~2).",
    # the last item and the signature: one row of a borderless table that does not split
    [["7. Контроль за исполнением данного приказа оставляю за собой.\nДиректор МБОУ~– Гимназии~№~5\tЕ.С.~Лойко"]],
]

PLAN_ROWS = [
    ["№~п/п", "Мероприятие", "Сроки 2020~г.", "Ответственный"],
    [
        "1.",
        "Ознакомление сотрудников, общественное обсуждение по вопросу порядка перехода на ЭлЖур (функционал "
        "Электронный журнал/Дневник), соответствующими изменениями в~деятельности Гимназии.",
        "Июнь",
        "Лойко~Е.С.",
    ],
    [
        "2.",
        "Организация обсуждения и~согласование подходов участников образовательного процесса к~внедрению и~использованию ЭлЖура.",
        "Июнь~– август",
        "Романенко~Г.В.\nРыженко~Е.Н.",
    ],
    [
        "3.",
        "Формирование рабочей группы. Выработка регламента рабочей группы по использованию ЭлЖура, разработка "
        "нормативного и~регламентационного обеспечения.",
        "Июнь",
        "Лойко~Е.С.\nРоманенко~Г.В.\nРыженко~Е.Н.",
    ],
    [
        "4.",
        "Анализ готовности Гимназии к~внедрению ЭлЖура:\n– анализ уровня ИКТ-компетентности учителей и~"
        "администрации, ее соответствие требованиям, необходимым для работы с~ЭлЖуром;\n– техническое оснащение "
        "Гимназии и~возможность дополнительного оснащения, расположение компьютеров и~организация доступа к~ним.",
        "Июнь~– август",
        "Романенко~Г.В.\nОдинокин~С.А.",
    ],
    [
        "5.",
        "Определение состава лиц, участвующих в~использовании функционала ЭлЖура.",
        "Август",
        "Лойко~Е.С.\nРоманенко~Г.В.\nРыженко~Е.Н.",
    ],
    [
        "6.",
        "Распределение обязанностей по работе с~ЭЖ между сотрудниками, участвующими во внедрении, использовании "
        "ЭлЖура, способы их взаимодействия и~стимулирования.",
        "Август",
        "Лойко~Е.С.",
    ],
    [
        "7.",
        "Определение необходимых требований к~обучению работников. Проведение обучающих семинаров-практикумов по "
        "работе в~ЭлЖуре.",
        "Июнь~– август",
        "Одинокин~С.А.",
    ],
    ["8.", "Определение состава технических средств, задействованных в~работах по внедрению ЭлЖура.", "Август", "Одинокин~С.А."],
    [
        "9.",
        "Разработка проектов изменений в~действующих локальных актах и~проектов новых локальных нормативных актов, "
        "отражающих использование ЭлЖура.",
        "Июнь~– август",
        "Лойко~Е.С.\nРоманенко~Г.В.\nРыженко~Е.Н.",
    ],
    [
        "10.",
        "Подготовка и~заключение договоров (соглашений), регулирующих отношения по использованию ЭлЖура, в~том "
        "числе определяющих юридически обязывающую ответственность сторонней организации за сохранность данных.",
        "Июль~– август",
        "Лойко~Е.С.",
    ],
]


@pytest.fixture
def school(data: Path) -> Path:
    """The bundled data with the templates beside it: a school's folder."""
    shutil.copytree(ROOT / "templates", data.parent / "templates")
    return data.parent


def render(*args: str):  # type: ignore[no-untyped-def]
    return run("render", *args)


def test_order_word_for_word(school: Path) -> None:
    result = render("order")
    assert (result.exit_code, result.output) == (0, "Записано: pechat/prikaz.docx\n")
    assert text_of(school / "pechat" / "prikaz.docx") == ORDER


def mark(number: int) -> str:
    """The appendix mark of order № 188, one block with the approval by the order."""
    return f"Приложение {number}\nУТВЕРЖДЕН\nприказом МБОУ~– Гимназии~№~5\nот~30.05.2020~№~188"


def test_plan_appendix_word_for_word(school: Path) -> None:
    assert render("plan").exit_code == 0
    got = text_of(school / "pechat" / "prilozhenie-1-plan.docx")
    assert got[:2] == [
        mark(1),  # one block: the mark and the approval by the order, not the order's reference twice
        "План мероприятий по внедрению электронного журнала (ЭлЖура) в~МБОУ~– Гимназии~№~5 г.~Феодосии",
    ]
    assert got[2] == PLAN_ROWS
    assert len(got) == 3


def test_regulation_appendix(school: Path) -> None:
    assert render("regulation").exit_code == 0
    got = text_of(school / "pechat" / "prilozhenie-2-reglament.docx")
    assert got[:3] == [
        mark(2),
        "Регламент рабочей группы по внедрению ЭлЖура в~МБОУ~– Гимназии~№~5 на период до 01.09.2020",
        "1. Настоящий регламент определяет порядок взаимодействия, сроки и~последовательность административных процедур "
        "и~административных действий при внедрении информационной системы Электронного журнала/дневника в~МБОУ~– "
        "Гимназии~№~5.",
    ]
    assert got[5] == (
        "4. Обязанности членов рабочей группы по внедрению информационной системы Электронного "
        "журнала/дневника в~МБОУ~– Гимназии~№~5 в~2020/2021 учебном году:"
    )
    headings = [b for b in got if isinstance(b, str) and b[:2] == "4." and b[3:4] == "."]
    assert headings == ["4.1. Директор", "4.2. Инженер-электроник", "4.3. Заместитель директора по УВР"]
    assert "– Актуализирует систему не реже чем один раз в~неделю." in got
    assert sum(1 for b in got if isinstance(b, str) and b.startswith("– ")) == 7 + 8 + 5


def test_acknowledgement_sheet(school: Path) -> None:
    assert render("ack").exit_code == 0
    # the people the order names, not the director who signs it; five empty rows for other staff;
    # the order's requisites «от 30.05.2020 № 188» never break
    assert text_of(school / "pechat" / "list-oznakomleniya.docx") == [
        "Лист ознакомления с~приказом МБОУ~– Гимназии~№~5 от~30.05.2020~№~188 «Об участии в~пилотном проекте» "
        "и~приложениями к~нему",
        [
            ["№~п/п", "Фамилия, инициалы", "Должность", "Дата ознакомления", "Подпись"],
            ["1.", "Рыженко~Е.Н.", "Заместитель директора по учебно-воспитательной работе", "", ""],
            ["2.", "Романенко~Г.В.", "Заместитель директора по учебно-воспитательной работе", "", ""],
            ["3.", "Одинокин~С.А.", "Инженер-электроник", "", ""],
            ["4.", "", "", "", ""],
            ["5.", "", "", "", ""],
            ["6.", "", "", "", ""],
            ["7.", "", "", "", ""],
            ["8.", "", "", "", ""],
        ],
    ]


def test_acknowledgement_sheet_settings(school: Path) -> None:
    edit(
        school / "data",
        "order.yaml",
        "signatory: loyko\n",
        "signatory: loyko\nprint:\n  ack_empty_rows: 1\n  ack_signatory: true\n  ack_per_document: true\n",
    )
    assert render("ack").exit_code == 0
    got = text_of(school / "pechat" / "list-oznakomleniya.docx")
    titles = [b for b in got if isinstance(b, str) and b]
    assert titles == [
        "Лист ознакомления с~приказом МБОУ~– Гимназии~№~5 от~30.05.2020~№~188 «Об участии в~пилотном проекте»",
        "Лист ознакомления с~приложением~1 «План мероприятий по внедрению электронного журнала (ЭлЖура) в~МБОУ~– "
        "Гимназии~№~5 г.~Феодосии» к~приказу МБОУ~– Гимназии~№~5 от~30.05.2020~№~188",
        "Лист ознакомления с~приложением~2 «Регламент рабочей группы по внедрению ЭлЖура в~МБОУ~– Гимназии~№~5 "
        "на период до 01.09.2020» к~приказу МБОУ~– Гимназии~№~5 от~30.05.2020~№~188",
    ]
    names = [[row[1] for row in b[1:]] for b in got if isinstance(b, list)]
    assert names == [
        ["Лойко~Е.С.", "Рыженко~Е.Н.", "Романенко~Г.В.", "Одинокин~С.А.", ""],  # the working group and the signatory
        ["Лойко~Е.С.", "Рыженко~Е.Н.", "Романенко~Г.В.", "Одинокин~С.А.", ""],  # everyone responsible in the plan
        ["Лойко~Е.С.", "Рыженко~Е.Н.", "Романенко~Г.В.", "Одинокин~С.А.", ""],  # the holders of the regulation's roles
    ]
    doc = Document(str(school / "pechat" / "list-oznakomleniya.docx"))
    assert len(doc.sections) == 3  # each sheet from a new page, numbered on its own


def test_all_writes_every_file_and_the_combined_one(school: Path) -> None:
    result = render("all")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Записано: pechat/prikaz.docx",
        "Записано: pechat/prilozhenie-1-plan.docx",
        "Записано: pechat/prilozhenie-2-reglament.docx",
        "Записано: pechat/list-oznakomleniya.docx",
        "Записано: pechat/komplekt.docx",
    ]
    combined = text_of(school / "pechat" / "komplekt.docx")
    texts = [b for b in combined if isinstance(b, str)]
    assert combined[: len(ORDER)] == ORDER
    assert texts.index(mark(1)) == len(ORDER)  # no empty paragraph, no page break between the documents
    assert mark(2) in texts
    assert [b for b in combined if isinstance(b, list)][-1][0][1] == "Фамилия, инициалы"
    assert not list((school / "pechat").glob("*.tmp"))


def test_layout_follows_gost(school: Path) -> None:
    render("all")
    for name in ("prikaz", "prilozhenie-1-plan", "prilozhenie-2-reglament", "list-oznakomleniya"):
        doc = Document(str(school / "pechat" / f"{name}.docx"))
        section = doc.sections[0]
        assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)
        assert section.left_margin >= Mm(20) and section.right_margin >= Mm(10)
        assert section.top_margin >= Mm(20) and section.bottom_margin >= Mm(20)
        assert section.different_first_page_header_footer  # no number on the first page
        header = section.header.paragraphs[0]
        assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert "PAGE" in header._p.xml
        normal = doc.styles["Normal"]
        assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
        assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(normal.paragraph_format.first_line_indent - Cm(1.25)) < Mm(0.1)
        # Russian for spell-checking and hyphenation, hyphenation on, page numbers without indent
        assert normal.element.xpath("./w:rPr/w:lang/@w:val") == ["ru-RU"]
        assert doc.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["ru-RU"]
        assert doc.settings.element.find(qn("w:autoHyphenation")) is not None
        assert header.paragraph_format.first_line_indent == 0 and header.style.paragraph_format.first_line_indent == 0
        assert section.first_page_header.paragraphs[0].text == ""  # an explicit empty header on page 1
        assert section._sectPr.xpath("./w:pgNumType/@w:start") == ["1"]
        for table in doc.tables[:1] if name in ("prilozhenie-1-plan", "list-oznakomleniya") else []:
            rows = table._tbl.tr_lst
            assert rows[0].xpath("./w:trPr/w:tblHeader") and rows[0].xpath("./w:trPr/w:cantSplit")
            assert all(r.xpath("./w:trPr/w:cantSplit") for r in rows)
            assert table._tbl.xpath("./w:tblPr/w:tblCellMar/w:bottom/@w:w") == [str(int(Mm(1).twips))]
    order = Document(str(school / "pechat" / "prikaz.docx"))
    body = next(p for p in order.paragraphs if p.text.startswith("1. Обеспечить"))
    assert body.style.name == "Normal"
    # the signature: the position at the margin, the name flush right by a tab stop at the right margin
    signature = order.tables[-1].rows[0].cells[0].paragraphs[-1]
    assert signature.style.name == "SignatureBlock"
    assert signature.paragraph_format.left_indent in (None, 0)
    stops = signature.style.paragraph_format.tab_stops
    assert [(round(t.position.mm), t.alignment) for t in stops] == [(165, WD_TAB_ALIGNMENT.RIGHT)]
    assert signature.style.paragraph_format.space_before == Pt(28)  # room to sign, not empty paragraphs
    # it shares a row that never splits with the last item; no borders, no padding: on the margins
    block = order.tables[-1]._tbl
    assert [len(block.tr_lst), len(block.tr_lst[0].tc_lst)] == [1, 1]
    assert block.xpath("./w:tr/w:trPr/w:cantSplit") and block.xpath("./w:tblPr/w:tblInd[@w:w='0']")
    assert [e.get(qn("w:w")) for e in block.xpath("./w:tblPr/w:tblCellMar/*")] == ["0"] * 4
    assert {e.get(qn("w:val")) for e in block.xpath("./w:tblPr/w:tblBorders/*")} == {"nil"}
    assert block.xpath("./w:tblGrid/w:gridCol/@w:w") == [str(11906 - 1701 - 850)]  # the text width, twips
    assert order.tables[-1].rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next
    plan = Document(str(school / "pechat" / "prilozhenie-1-plan.docx"))
    assert plan.paragraphs[0].style.paragraph_format.left_indent >= Cm(8)  # the mark stands at the top right


def test_an_older_template_keeps_its_signature_with_the_text(school: Path) -> None:
    """Empty paragraphs before the signature (how templates used to leave room) become spacing:
    LibreOffice does not carry «keep with next» through empty paragraphs."""
    template = school / "templates" / "order.docx"
    doc = Document(str(template))
    signature = next(p for p in doc.paragraphs if p.style.name == "SignatureBlock")
    signature.style.paragraph_format.space_before = Pt(0)
    signature.insert_paragraph_before("")
    signature.insert_paragraph_before("")
    doc.save(str(template))
    assert render("order").exit_code == 0
    last_item, signature = Document(str(school / "pechat" / "prikaz.docx")).tables[-1].rows[0].cells[0].paragraphs
    assert last_item.text == "7. Контроль за исполнением данного приказа оставляю за собой."
    assert signature.paragraph_format.space_before == Pt(28)


def test_an_older_template_gets_russian_and_centred_page_numbers(school: Path) -> None:
    template = school / "templates" / "order.docx"
    doc = Document(str(template))
    doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).set(
        qn("w:val"), "en-US"
    )
    doc.styles["Header"].paragraph_format.first_line_indent = Cm(1.25)
    doc.save(str(template))
    assert render("order").exit_code == 0
    order = Document(str(school / "pechat" / "prikaz.docx"))
    lang = order.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "ru-RU"
    assert order.styles["Header"].paragraph_format.first_line_indent == 0
    assert order.settings.element.find(qn("w:autoHyphenation")) is not None


def test_special_characters_render_literally(school: Path) -> None:
    tricky = "Закупка «ПО» & проверка <b>1 < 2 > 0</b> \"кавычки\" 'апостроф' {{ 7*7 }} {% if %}"
    edit(
        school / "data",
        "plan.yaml",
        "    text: Определение состава технических средств, задействованных в работах по внедрению ЭлЖура.",
        "    text: '" + tricky.replace("'", "''") + "'",
    )
    assert render("plan").exit_code == 0
    rows = blocks(school / "pechat" / "prilozhenie-1-plan.docx")[2]
    assert rows[8][1] == tricky
    assert rows[9][0] == "9."  # the next row survived


def test_unknown_template_variable_fails_with_template_and_name(school: Path) -> None:
    template = school / "templates" / "order.docx"
    doc = Document(str(template))
    doc.add_paragraph("{{ school_motto }}")
    doc.save(str(template))
    (school / "pechat").mkdir()
    (school / "pechat" / "prikaz.docx").write_bytes(b"previous")
    result = render("order")
    assert result.exit_code == 2
    assert result.output == (
        "Ошибка: шаблон templates/order.docx: неизвестная переменная «school_motto»; исправьте шаблон "
        "(доступные переменные описаны в docs/printing.md, раздел «Шаблоны»).\n"
    )
    assert (school / "pechat" / "prikaz.docx").read_bytes() == b"previous"


def test_templates_run_sandboxed(school: Path) -> None:
    template = school / "templates" / "order.docx"
    doc = Document(str(template))
    doc.add_paragraph("{{ title.__class__.__mro__[1].__subclasses__() }}")
    doc.save(str(template))
    result = render("order")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: шаблон templates/order.docx: недопустимое выражение — обращаться к служебным атрибутам объектов "
        "в шаблоне нельзя (шаблоны выполняются в песочнице); исправьте шаблон в Word.\n",
    )


def test_missing_template(school: Path) -> None:
    (school / "templates" / "ack.docx").unlink()
    result = render("ack")
    assert result.exit_code == 2
    assert result.output.startswith("Ошибка: шаблон templates/ack.docx не найден;")


def test_read_only_target_is_refused_and_kept(school: Path) -> None:
    out = school / "pechat"
    out.mkdir()
    target = out / "prikaz.docx"
    target.write_bytes(b"signed copy")
    target.chmod(0o444)
    result = render("order")
    assert result.exit_code == 2
    assert (
        result.output
        == "Ошибка: файл pechat/prikaz.docx только для чтения; снимите атрибут «только чтение» (chmod u+w) и повторите.\n"
    )
    assert target.read_bytes() == b"signed copy"


def test_locked_target_gives_a_russian_message(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import elzhur_rollout.documents.render as rendering

    def locked(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(rendering.os, "replace", locked)
    result = render("order")
    assert result.exit_code == 2
    assert "занят другой программой (открыт в Word?)" in result.output
    assert not list((school / "pechat").glob("*"))  # no half-written file, no temporary left


def test_render_refuses_data_with_errors_unless_forced(school: Path) -> None:
    edit(school / "data", "order.yaml", "    appendix: plan", "    appendix: plna")
    result = render("order")
    assert result.exit_code == 1
    assert "[ref-unknown-appendix]" in result.output
    assert result.output.endswith("Документы не выпущены: исправьте ошибки или повторите с --force.\n")
    assert not (school / "pechat").exists()
    forced = render("order", "--force")
    assert forced.exit_code == 0
    # the unknown key is shown as written, never as «None»
    assert "5. Утвердить план мероприятий по внедрению ЭлЖура (приложение «plna»)." in blocks(school / "pechat" / "prikaz.docx")


def test_late_measures_do_not_block_rendering(school: Path) -> None:
    # the plan is years overdue by the real calendar: that is progress, not a defect of the documents
    assert render("order").exit_code == 0


def test_pdf_without_libreoffice(school: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import elzhur_rollout.documents.render as rendering

    monkeypatch.setattr(rendering, "soffice", lambda: None)
    result = render("order", "--pdf")
    assert result.exit_code == 2
    assert "libreoffice-writer-nogui" in result.output and "libreoffice.org" in result.output
    assert not (school / "pechat").exists()


def test_pdf_with_libreoffice(school: Path) -> None:
    require_libreoffice()
    result = render("order", "--pdf")
    assert result.exit_code == 0, result.output
    pdf = school / "pechat" / "prikaz.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")


def test_font_substitution_is_reported_in_russian() -> None:
    from elzhur_rollout.documents.docx_writer import font_note, pdf_fonts

    assert pdf_fonts(b"<< /Type /Font /BaseFont /BAAAAA+LiberationSerif-Bold >> /BaseFont /CAAAAA+LiberationSerif") == {
        "Liberation Serif"
    }
    assert font_note({"Times New Roman"}) is None
    assert font_note({"Liberation Serif", "Open Symbol"}) == (
        "Шрифт Times New Roman не установлен; в PDF он заменён на Liberation Serif — шрифт с теми же размерами букв, "
        "поэтому строки и страницы совпадут с Word."
    )
    assert font_note({"DejaVu Serif"}) == (
        "Шрифт Times New Roman не установлен; в PDF он заменён на DejaVu Serif — у этого шрифта другие размеры букв, "
        "строки и страницы могут разойтись с Word. Установите Liberation Serif: в Debian/Ubuntu — "
        "sudo apt-get install fonts-liberation2."
    )


def _render_in_process(folder: Path, out: str, epoch: str | None) -> bytes:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", "render", "all", "--out", out],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )
    return b"".join((folder / out / name).read_bytes() for name in sorted(os.listdir(folder / out)))


def test_reproducible_across_processes(school: Path) -> None:
    first = _render_in_process(school, "one", None)
    second = _render_in_process(school, "two", None)
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    doc = Document(str(school / "one" / "prikaz.docx"))
    assert doc.core_properties.created.date().isoformat() == "2020-05-30"
    assert doc.core_properties.title == "Об участии в пилотном проекте"


def test_document_properties_are_in_their_own_namespace(school: Path) -> None:
    """docProps/core.xml holds only the core properties, each in its namespace: «изменён» names the
    organisation.  (docxcompose, once installed beside docxtpl, rebound the prefix cp to the
    custom-properties namespace and the editor and revision were written as foreign elements.)"""
    assert render("all").exit_code == 0
    for name in ("prikaz.docx", "komplekt.docx"):
        with zipfile.ZipFile(school / "pechat" / name) as z:
            core = etree.fromstring(z.read("docProps/core.xml"))
        spaces = {etree.QName(el).namespace for el in core}
        assert spaces <= set(CORE_NAMESPACES), name
        by_tag = {etree.QName(el).localname: el.text for el in core}
        assert (by_tag["lastModifiedBy"], by_tag["revision"]) == ("МБОУ – Гимназия № 5", "1"), name


CORE_NAMESPACES = (
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
)


def test_source_date_epoch_is_honoured(school: Path) -> None:
    _render_in_process(school, "epoch", "1700000000")
    doc = Document(str(school / "epoch" / "prikaz.docx"))
    assert doc.core_properties.modified.isoformat().startswith("2023-11-14T22:13:20")


def test_example_school_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "examples" / "school-12", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    assert render("all").exit_code == 0
    order = text_of(tmp_path / "pechat" / "prikaz.docx")
    assert order[0].startswith("Муниципальное автономное общеобразовательное учреждение")  # no stamp above the name
    assert (
        "С~целью организации ведения электронного журнала успеваемости и~электронных дневников обучающихся "
        "в~2024/2025 учебном году, с~учётом мнения Совета школы (протокол от 19.08.2024 №~1),"
    ) in order
    assert "– Орлова-Смирнова~Д.И., учителя-предметника, по методическому сопровождению учителей-предметников." in order
    assert order[-1] == [
        [
            "7. Контроль за исполнением данного приказа возложить на Белых~И.О., заместителя директора по "
            "учебно-воспитательной работе.\nДиректор МАОУ СОШ~№~12\tМ.В.~Соколова"
        ]
    ]
    memo = text_of(tmp_path / "pechat" / "prilozhenie-3-prilozhenie.docx")
    assert memo[0] == "Приложение 3\nУТВЕРЖДЕНА\nприказом МАОУ СОШ~№~12\nот~20.08.2024~№~112/01-07"
    ack = text_of(tmp_path / "pechat" / "list-oznakomleniya.docx")[1]
    assert ack[1] == ["1.", "Белых~И.О.", "Заместитель директора по учебно-воспитательной работе", "", ""]
    assert ["5.", "Царская~Е.А.", "Педагог-психолог", "", ""] in ack
    assert "Соколова~М.В." not in [row[1] for row in ack]  # the director signs the order
    assert ack[-1] == ["10.", "", "", "", ""]


def test_broken_template_tags_are_named_in_russian(school: Path) -> None:
    template = school / "templates" / "order.docx"
    doc = Document(str(template))
    doc.add_paragraph("{{ title ")
    doc.save(str(template))
    result = render("order")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: шаблон templates/order.docx: ошибка в тегах шаблона (строка 21 разметки) — незакрытые или лишние "
        "{{ }} или {% %}; исправьте шаблон в Word.\n",
    )
