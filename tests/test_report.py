"""`rollout render report`: the progress report word for word, its chart, its signature and dates."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from elzhur_rollout import api
from elzhur_rollout.core.agenda import build_agenda
from elzhur_rollout.core.values import State
from elzhur_rollout.documents.chart import Bar, Period, gantt_table, periods
from elzhur_rollout.documents.report import bars
from helpers import DATA, ROOT, edit, run, text_of

D = dt.date


HEAD = ["№~п/п", "Мероприятие", "Срок", "Ответственный", "Отметка о~выполнении"]
TEXTS = [
    "Ознакомление сотрудников, общественное обсуждение по вопросу порядка перехода на ЭлЖур (функционал Электронный "
    "журнал/Дневник), соответствующими изменениями в~деятельности Гимназии.",
    "Организация обсуждения и~согласование подходов участников образовательного процесса к~внедрению и~использованию ЭлЖура.",
    "Формирование рабочей группы. Выработка регламента рабочей группы по использованию ЭлЖура, разработка нормативного "
    "и~регламентационного обеспечения.",
    "Анализ готовности Гимназии к~внедрению ЭлЖура:\n– анализ уровня ИКТ-компетентности учителей и~администрации, ее "
    "соответствие требованиям, необходимым для работы с~ЭлЖуром;\n– техническое оснащение Гимназии и~возможность "
    "дополнительного оснащения, расположение компьютеров и~организация доступа к~ним.",
    "Определение состава лиц, участвующих в~использовании функционала ЭлЖура.",
    "Распределение обязанностей по работе с~ЭЖ между сотрудниками, участвующими во внедрении, использовании ЭлЖура, "
    "способы их взаимодействия и~стимулирования.",
    "Определение необходимых требований к~обучению работников. Проведение обучающих семинаров-практикумов по работе в~ЭлЖуре.",
    "Определение состава технических средств, задействованных в~работах по внедрению ЭлЖура.",
    "Разработка проектов изменений в~действующих локальных актах и~проектов новых локальных нормативных актов, "
    "отражающих использование ЭлЖура.",
    "Подготовка и~заключение договоров (соглашений), регулирующих отношения по использованию ЭлЖура, в~том числе "
    "определяющих юридически обязывающую ответственность сторонней организации за сохранность данных.",
]
TERMS = [
    "Июнь 2020",
    "Июнь~– август 2020",
    "Июнь 2020",
    "Июнь~– август 2020",
    "Август 2020",
    "Август 2020",
    "Июнь~– август 2020",
    "Август 2020",
    "Июнь~– август 2020",
    "Июль~– август 2020",
]
LOYKO, ROMANENKO, RYZHENKO, ODINOKIN = "Лойко~Е.С.", "Романенко~Г.В.", "Рыженко~Е.Н.", "Одинокин~С.А."
WHO = [
    [LOYKO],
    [ROMANENKO, RYZHENKO],
    [LOYKO, ROMANENKO, RYZHENKO],
    [ROMANENKO, ODINOKIN],
    [LOYKO, ROMANENKO, RYZHENKO],
    [LOYKO],
    [ODINOKIN],
    [ODINOKIN],
    [LOYKO, ROMANENKO, RYZHENKO],
    [LOYKO],
]
BASIS = (
    "План мероприятий утверждён приказом МБОУ~– Гимназии~№~5 от 30.05.2020 №~188 «Об участии в~пилотном проекте» (приложение~1)."
)
UPCOMING_MARK = "Предстоит (начало~– август 2020~г.)"


def head(day: str, long: str) -> list[object]:
    return [
        "Муниципальное бюджетное общеобразовательное учреждение «Гимназия~№~5 г.~Феодосии Республики Крым»",
        "СПРАВКА",
        f"{day}\tг.~Феодосия",
        "О~ходе выполнения плана мероприятий по внедрению электронного журнала (ЭлЖура) в~МБОУ~– Гимназии~№~5 "
        f"г.~Феодосии по состоянию на {long}",
        BASIS,
    ]


def table(marks: list[str]) -> list[list[str]]:
    return [HEAD] + [[f"{n}.", TEXTS[n - 1], TERMS[n - 1], "\n".join(WHO[n - 1]), marks[n - 1]] for n in range(1, 11)]


def chart(labels: list[str], months: tuple[str, ...]) -> list[list[str]]:
    """The chart's table as text: two heading rows (the year, then the months over their decades:
    a heading merged across its columns reads once), a row per measure with its number and its
    state in words; the bars are cell shading."""
    decades = [m for m in months for _ in range(3)]
    return [
        ["№", "2020", "Состояние"],
        ["№", *months, "Состояние"],
        *[[str(n), *[""] * len(decades), label] for n, label in enumerate(labels, 1)],
    ]


def tail(day: str, labels: list[str]) -> list[object]:
    months = ("июнь", "июль", "авг.") + (("сент.",) if day.endswith(".09.2020") else ())
    return [
        "",  # the figure's paragraph: the chart's table follows it (Word would join two adjacent tables)
        chart(labels, months),
        # the caption and the signature share one unsplittable row (docx_output keeps a signature with its text)
        [
            [
                f"Рисунок 1~– Ход выполнения плана на {day}: полоса~– срок мероприятия, его состояние~– в~столбце "
                "«Состояние»; штриховка «////»~– выполнено, косая сетка~– просрочено, сплошная заливка~– в~работе, "
                "светлая заливка~– не начато, точки~– предстоит, горизонтальная штриховка~– отменено; пунктирная линия~– дата справки\n"
                "Заместитель директора по учебно-воспитательной работе\tЕ.Н.~Рыженко"
            ]
        ],
        day,
    ]


def report(data: Path, today: str, *extra: str) -> Path:
    result = run("render", "report", "--data", str(data), "--today", today, "--out", str(data.parent / "pechat"), *extra)
    assert result.exit_code == 0, result.output
    path = data.parent / "pechat" / f"spravka-{today}.docx"
    assert result.output == f"Записано: pechat/spravka-{today}.docx\n"
    return path


DONE_1, LATE_15 = "выполнено 25.06.2020", "просрочено на 15 дней"


def test_report_on_2020_07_01(data: Path) -> None:
    late = "просрочено на 1 день"
    assert text_of(report(data, "2020-07-01")) == head("01.07.2020", "1~июля 2020~г.") + [
        "На 1~июля 2020~г. в~плане 10 мероприятий: выполненных нет, в~работе~– ни одного, не начато 5 мероприятий, "
        "предстоят 3 мероприятия, просрочено 2 мероприятия, отменённых нет.",
        "Просрочены мероприятия №~1 и~3~– на 1 день.",
        "Внесение данных в~электронный журнал (пункт~3.1 приказа): обучающиеся~–~0 (общее число не указано); "
        "педагогические работники~–~0 (общее число не указано); родители (законные представители)~–~0 (общее число не "
        "указано). Срок (15.06.2020) истёк, внесение не завершено.",
        "Актуализация данных (пункт~3.2 приказа, не позднее 7 дней с~момента изменений): отметки об актуализации нет, "
        "хотя срок (15.06.2020) истёк.",
        "Периодические обязанности рабочей группы: просрочена 1 обязанность~– «Актуализирует систему не реже чем один "
        "раз в~неделю» (инженер-электроник Одинокин~С.А., срок~– 08.06.2020).",
        "Выполнение мероприятий плана",
        table(
            [
                "Просрочено на 1 день",
                "Не начато",
                "Просрочено на 1 день",
                "Не начато",
                UPCOMING_MARK,
                UPCOMING_MARK,
                "Не начато",
                UPCOMING_MARK,
                "Не начато",
                "Не начато",
            ]
        ),
    ] + tail(
        "01.07.2020",
        [late, "не начато", late, "не начато", "предстоит", "предстоит", "не начато", "предстоит", "не начато", "не начато"],
    )


def progress(data: Path) -> None:
    """Three measures done, one cancelled, one started; counts entered; an update; a duty done."""
    for args in (
        ["done", "1", "--date", "2020-06-25", "--note", "протокол № 3"],
        ["done", "3", "--date", "2020-06-20"],
        ["done", "7", "--date", "2020-08-28", "--note", "семинары проведены, 41 участник"],
        ["cancel", "10", "--note", "перенесено на 2021 год"],
        ["start", "2"],
        ["entered", "pupils", "450", "--of", "600", "--date", "2020-09-10"],
        ["entered", "teachers", "52", "--of", "52", "--date", "2020-09-10"],
        ["updated", "--date", "2020-09-01"],
        ["duty-done", "engineer", "weekly-update", "--date", "2020-08-25"],
    ):
        result = run(*args, "--data", str(data), "--today", "2020-09-15")
        assert result.exit_code == 0, result.output


def test_report_on_2020_09_15_with_measures_done(data: Path) -> None:
    progress(data)
    assert text_of(report(data, "2020-09-15")) == head("15.09.2020", "15~сентября 2020~г.") + [
        "Срок действия регламента рабочей группы истёк 01.09.2020; периодические обязанности рабочей группы после этой "
        "даты не учитываются.",
        "На 15~сентября 2020~г. в~плане 10 мероприятий: выполнено 3 мероприятия, в~работе~– ни одного, просрочено "
        "6 мероприятий, отменено 1 мероприятие.",
        "Просрочены мероприятия №~2, 4, 5, 6, 8 и~9~– на 15 дней.",
        "Внесение данных в~электронный журнал (пункт~3.1 приказа): обучающиеся~–~450 из 600 (75~%); педагогические "
        "работники~–~52 из 52 (100~%); родители (законные представители)~–~0 (общее число не указано). "
        "Срок (15.06.2020) истёк, внесение не завершено.",
        "Актуализация данных (пункт~3.2 приказа, не позднее 7 дней с~момента изменений): последняя~– 01.09.2020, "
        "14 дней назад, срок превышен на 7 дней.",
        "Выполнение мероприятий плана",
        table(
            [
                "Выполнено 25.06.2020. Примечание: протокол №~3.",
                "Просрочено на 15 дней",
                "Выполнено 20.06.2020.",
                "Просрочено на 15 дней",
                "Просрочено на 15 дней",
                "Просрочено на 15 дней",
                "Выполнено 28.08.2020. Примечание: семинары проведены, 41 участник.",
                "Просрочено на 15 дней",
                "Просрочено на 15 дней",
                "Отменено. Перенесено на 2021 год.",
            ]
        ),
    ] + tail(
        "15.09.2020",
        [
            DONE_1,
            LATE_15,
            "выполнено 20.06.2020",
            LATE_15,
            LATE_15,
            LATE_15,
            "выполнено 28.08.2020",
            LATE_15,
            LATE_15,
            "отменено",
        ],
    )


def test_chart_bars_match_the_plan(data: Path) -> None:
    progress(data)
    bundle = api.load(data)
    today = D(2020, 9, 15)
    june, summer, august = (D(2020, 6, 1), D(2020, 6, 30)), (D(2020, 6, 1), D(2020, 8, 31)), (D(2020, 8, 1), D(2020, 8, 31))
    late = "просрочено на 15 дней"
    assert bars(bundle, build_agenda(bundle, today)) == [
        Bar(1, *june, State.DONE, "выполнено 25.06.2020"),
        Bar(2, *summer, State.OVERDUE, late),
        Bar(3, *june, State.DONE, "выполнено 20.06.2020"),
        Bar(4, *summer, State.OVERDUE, late),
        Bar(5, *august, State.OVERDUE, late),
        Bar(6, *august, State.OVERDUE, late),
        Bar(7, *summer, State.DONE, "выполнено 28.08.2020"),
        Bar(8, *august, State.OVERDUE, late),
        Bar(9, *summer, State.OVERDUE, late),
        Bar(10, D(2020, 7, 1), D(2020, 8, 31), State.CANCELLED, "отменено"),
    ]
    early = bars(bundle, build_agenda(bundle, D(2020, 7, 1)))
    assert [b.state for b in early][4:6] == [State.UPCOMING, State.UPCOMING]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_chart_is_a_table_of_shaded_cells_in_the_document_typeface(data: Path) -> None:
    """No picture: the bars are shaded cells of a table (crisp in print, editable in Word), the
    text is at least 9 pt and takes the document's typeface (no font of its own)."""
    from lxml import etree

    progress(data)
    path = report(data, "2020-09-15")
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if n.startswith("word/media/")]
        xml = etree.fromstring(z.read("word/document.xml"))
    tbl = next(t for t in xml.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblDescription") is not None)
    assert tbl.find(f"{W}tblPr/{W}tblDescription").get(f"{W}val") == "Диаграмма хода выполнения плана"
    assert {int(s.get(f"{W}val")) for s in tbl.iter(f"{W}sz")} == {20}  # 10 pt
    assert not list(tbl.iter(f"{W}rFonts"))
    rows = tbl.findall(f"{W}tr")[2:]
    shaded = [
        [
            (tc.find(f"{W}tcPr/{W}shd").get(f"{W}val") if tc.find(f"{W}tcPr/{W}shd") is not None else "")
            for tc in tr.findall(f"{W}tc")[1:-1]
        ]
        for tr in rows
    ]
    june, summer, august = [0, 1, 2], list(range(9)), [6, 7, 8]
    done, late, cancelled = "diagStripe", "diagCross", "horzStripe"
    expected = [(june, done), (summer, late), (june, done), (summer, late), (august, late), (august, late), (summer, done),
                (august, late), (summer, late), ([3, 4, 5, 6, 7, 8], cancelled)]  # fmt: skip
    # the timeline runs to the report's month (September): twelve decades
    assert shaded == [[pattern if k in cols else "" for k in range(12)] for cols, pattern in expected]
    # the report's date (15.09): a dashed line on the nearest boundary of the decades, 11.09
    dashed = {
        k for tr in rows for k, tc in enumerate(tr.findall(f"{W}tc")) for b in tc.iter(f"{W}left") if b.get(f"{W}val") == "dashed"
    }
    assert dashed == {1 + 10}
    first = path.read_bytes()
    assert report(data, "2020-09-15").read_bytes() == first  # the whole .docx, byte for byte


def test_chart_columns_follow_the_plan_span() -> None:
    """Decades up to a year, months up to four years, quarters beyond: never more than 48 columns."""
    assert periods(D(2024, 9, 5), D(2025, 5, 31))[:4] == [
        Period(D(2024, 9, 1), D(2024, 9, 10), ("2024", "сент.")),
        Period(D(2024, 9, 11), D(2024, 9, 20), ("2024", "сент.")),
        Period(D(2024, 9, 21), D(2024, 9, 30), ("2024", "сент.")),
        Period(D(2024, 10, 1), D(2024, 10, 10), ("2024", "окт.")),
    ]
    assert len(periods(D(2024, 9, 5), D(2025, 8, 31))) == 36
    assert periods(D(2024, 9, 5), D(2026, 8, 31))[4] == Period(D(2025, 1, 1), D(2025, 1, 31), ("2025", "1"))
    quarters = periods(D(2024, 9, 5), D(2030, 8, 31))
    assert quarters[:2] == [
        Period(D(2024, 7, 1), D(2024, 9, 30), ("2024", "III")),
        Period(D(2024, 10, 1), D(2024, 12, 31), ("2024", "IV")),
    ]
    assert len(quarters) == 25


def test_before_the_order_says_so(data: Path) -> None:
    text = text_of(report(data, "2020-05-20"))
    assert text[5:9] == [
        "Справка составлена на дату, предшествующую изданию приказа от 30.05.2020 №~188, которым утверждён план: "
        "выполнение плана ещё не началось.",
        "На 20~мая 2020~г. в~плане 10 мероприятий: выполненных нет, в~работе~– ни одного, предстоит 10 мероприятий, "
        "просроченных нет, отменённых нет.",
        "Внесение данных в~электронный журнал (пункт~3.1 приказа): обучающиеся~–~0 (общее число не указано); "
        "педагогические работники~–~0 (общее число не указано); родители (законные представители)~–~0 (общее число не "
        "указано). Срок~– до 15.06.2020.",
        "Актуализация данных (пункт~3.2 приказа, не позднее 7 дней с~момента изменений): отметки об актуализации нет.",
    ]
    # the regulation is not in force yet: nothing about its duties
    assert not any("Периодические обязанности" in t for t in text if isinstance(t, str))


def test_reporter_from_the_data(data: Path) -> None:
    edit(data, "order.yaml", "signatory: loyko", "signatory: loyko\nreporter: odinokin")
    text = text_of(report(data, "2020-07-01"))
    assert text[-2][0][0].endswith("\nИнженер-электроник\tС.А.~Одинокин")


def test_unknown_reporter_is_refused(data: Path) -> None:
    edit(data, "order.yaml", "signatory: loyko", "signatory: loyko\nreporter: odinkin")
    result = run("render", "report", "--data", str(data), "--today", "2020-07-01")
    assert result.exit_code == 1
    assert "неизвестный человек «odinkin»; возможно, имелось в виду «odinokin»" in result.output


@pytest.mark.parametrize(
    ("folder", "today"),
    [("examples/school-12", "2024-09-30"), ("examples/starter", "2026-01-15"), ("examples/lyceum-3", "2024-10-15")],
)
def test_every_example_school(tmp_path: Path, folder: str, today: str) -> None:
    result = run(
        "render",
        "report",
        "--data",
        str(ROOT / folder),
        "--today",
        today,
        "--out",
        str(tmp_path),
        "--templates",
        str(ROOT / "templates"),
    )
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / f"spravka-{today}.docx")
    assert text[1] == "СПРАВКА"
    assert str(text[3]).startswith("О~ходе выполнения плана ")  # «План перехода …» → «о ходе выполнения плана перехода …»


def test_all_does_not_include_the_report(data: Path) -> None:
    result = run("render", "all", "--data", str(data), "--out", str(data.parent / "all"))
    assert result.exit_code == 0
    assert "spravka" not in result.output


def test_missing_report_template_is_named(data: Path) -> None:
    templates = data.parent / "templates"
    templates.mkdir()
    result = run("render", "report", "--data", str(data), "--today", "2020-07-01", "--templates", str(templates))
    assert result.exit_code == 2
    assert "report.docx не найден" in result.output


def test_api_report(data: Path) -> None:
    bundle = api.load(data)
    files = api.report(bundle, D(2020, 7, 1), out=data.parent / "api", templates=ROOT / "templates")
    assert [f.name for f in files] == ["spravka-2020-07-01.docx"]
    assert DATA.exists()


def test_school_12_summary_in_words(tmp_path: Path) -> None:
    result = run(
        "render",
        "report",
        "--data",
        str(ROOT / "examples" / "school-12"),
        "--today",
        "2024-09-30",
        "--out",
        str(tmp_path),
        "--templates",
        str(ROOT / "templates"),
    )
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "spravka-2024-09-30.docx")
    assert text[5:9] == [
        "На 30~сентября 2024~г. в~плане 6 мероприятий: выполнено 1 мероприятие, в~работе 2 мероприятия, "
        "не начато 3 мероприятия, просроченных нет, отменённых нет.",
        "Внесение данных в~электронный журнал (пункт~3.1 приказа): обучающиеся~–~512 из 512 (100~%); "
        "педагогические работники~–~41 из 41 (100~%); родители (законные представители)~–~780 из 801 (97~%). "
        "Срок~– до 30.09.2024.",
        "Актуализация данных (пункт~3.2 приказа, не позднее 3 дней с~момента изменений): последняя~– 27.09.2024, "
        "3 дня назад, в~пределах срока.",
        "Просроченных периодических обязанностей рабочей группы нет.",
    ]


def test_a_large_plan_has_a_row_per_measure() -> None:
    today = D(2020, 7, 15)
    many = [Bar(n, D(2020, 6, 1), D(2020, 8, 31), State.IN_PROGRESS, "в работе") for n in range(1, 1001)]
    xml = gantt_table(many, today, 9354)
    assert xml.count("<w:tr>") == 2 + 1000
    assert xml.count("<w:tblHeader/>") == 2  # the headings repeat on every page
    assert sum(int(w) for w in re.findall(r"<w:gridCol w:w='(\d+)'/>", xml)) == 9354


def test_report_names_a_responsible_role_by_its_title(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "examples" / "school-44", data)
    monkeypatch.chdir(tmp_path)
    rows = next(b for b in text_of(report(data, "2025-09-22")) if isinstance(b, list))
    three = next(r for r in rows if r[0] == "3.")
    assert three[3] == "Классные руководители 1–11 классов\nТарасов~Д.И. (соисполнитель)"
