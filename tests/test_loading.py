"""Loading: the bundled data matches the seed, and every kind of broken file gets an exact,
located Russian message with exit code 2."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from elzhur_rollout.source.loading import LoadFailed, load_bundle
from helpers import DATA, edit, line_of, run


def findings_of(folder: Path) -> list[tuple[str, int, int, str, str]]:
    with pytest.raises(LoadFailed) as info:
        load_bundle(folder)
    return [(f.file, f.line, f.column, f.code, f.message) for f in info.value.findings]


# --------------------------------------------------------------------------- the seed


def test_bundled_plan_matches_seed() -> None:
    b = load_bundle(DATA)
    people = b.order.people
    rows = [
        (
            m.id,
            m.deadline.start.month if m.deadline.start else None,
            m.deadline.due,
            [people[k].short_name for k in m.responsible],
        )
        for m in b.plan.measures
    ]
    jun, jul, aug = 6, 7, 8
    end_jun, end_aug = dt.date(2020, 6, 30), dt.date(2020, 8, 31)
    assert rows == [
        ("1", jun, end_jun, ["Лойко Е.С."]),
        ("2", jun, end_aug, ["Романенко Г.В.", "Рыженко Е.Н."]),
        ("3", jun, end_jun, ["Лойко Е.С.", "Романенко Г.В.", "Рыженко Е.Н."]),
        ("4", jun, end_aug, ["Романенко Г.В.", "Одинокин С.А."]),
        ("5", aug, end_aug, ["Лойко Е.С.", "Романенко Г.В.", "Рыженко Е.Н."]),
        ("6", aug, end_aug, ["Лойко Е.С."]),
        ("7", jun, end_aug, ["Одинокин С.А."]),
        ("8", aug, end_aug, ["Одинокин С.А."]),
        ("9", jun, end_aug, ["Лойко Е.С.", "Романенко Г.В.", "Рыженко Е.Н."]),
        ("10", jul, end_aug, ["Лойко Е.С."]),
    ]
    assert len(b.plan.measures[3].points) == 2
    assert "Одинкин" not in (DATA / "plan.yaml").read_text(encoding="utf-8")


def test_bundled_order_matches_seed() -> None:
    o = load_bundle(DATA).order
    assert (o.document.kind, o.document.number, o.document.date, o.document.place) == (
        "приказ",
        "188",
        dt.date(2020, 5, 30),
        "г. Феодосия",
    )
    assert o.document.title == "Об участии в пилотном проекте"
    assert [(b.number, b.date) for b in o.basis] == [("728", dt.date(2020, 5, 8)), ("190", dt.date(2020, 5, 21))]
    assert o.basis[0].issuer == "Министерство образования, науки и молодежи Республики Крым"
    assert [(o.people[m.person].short_name, m.area) for m in o.working_group] == [
        ("Рыженко Е.Н.", "по вопросам внедрения электронного журнала в 1-4 классах"),
        ("Романенко Г.В.", "по вопросам внедрения электронного журнала в 5-11 классах"),
        ("Одинокин С.А.", "по вопросам технического сопровождения работы системы электронного журнала"),
    ]
    assert o.people[o.signatory].signature_name == "Е.С. Лойко"
    assert len(o.items) == 6 and o.control.person is None  # item 7 is the control clause
    item3 = o.items[2]
    assert [i.text[:30] for i in item3.items] == ["Обеспечить внесение 100% данны", "Обеспечить актуализацию внесен"]
    assert [c.text for c in item3.items[0].data_entry] == [
        "об обучающихся",
        "о педагогических работниках",
        "о родителях (законных представителях)",
    ]
    assert item3.deadline is not None and item3.deadline.until == dt.date(2020, 6, 15)
    assert item3.deadline.then == "по мере необходимости"
    assert [a.key for a in o.appendices] == ["plan", "regulation"]
    assert [i.appendix for i in o.items] == [None, None, None, None, "plan", "regulation"]


def test_bundled_regulation_matches_seed() -> None:
    r = load_bundle(DATA).regulation
    assert {k: (role.title, len(role.duties)) for k, role in r.roles.items()} == {
        "director": ("Директор", 7),
        "engineer": ("Инженер-электроник", 8),
        "deputy_uvr": ("Заместитель директора по УВР", 5),
    }
    weekly = [d for d in r.roles["engineer"].duties if d.recurs]
    assert [(d.text, d.recurs.every) for d in weekly] == [("Актуализирует систему не реже чем один раз в неделю.", "week")]
    assert r.period.until == dt.date(2020, 9, 1)
    assert [c.kind for c in r.clauses] == ["scope", "purpose", "recipients"]


# --------------------------------------------------------------------------- broken files


def test_syntax_error(data: Path) -> None:
    edit(data, "plan.yaml", "    status: planned\n", "    status: [planned\n")
    line = line_of(data, "plan.yaml", "status: [planned")
    assert findings_of(data) == [
        (
            "data/plan.yaml",
            line,
            13,
            "yaml-syntax",
            "синтаксическая ошибка YAML: не закрыт список в квадратных скобках: ожидалась «,» или «]»",
        ),
    ]


def test_bad_indentation(data: Path) -> None:
    edit(data, "order.yaml", "  short_name: МБОУ", " short_name: МБОУ")
    assert findings_of(data) == [
        (
            "data/order.yaml",
            9,
            2,
            "yaml-syntax",
            "синтаксическая ошибка YAML: нарушены отступы: ожидался ключ на том же уровне, что и соседние",
        ),
    ]


def test_duplicate_key(data: Path) -> None:
    edit(data, "plan.yaml", "    status: planned\n", "    status: planned\n    status: done\n")
    first = line_of(data, "plan.yaml", "status: planned")
    assert findings_of(data) == [
        (
            "data/plan.yaml",
            first + 1,
            5,
            "yaml-duplicate-key",
            f"ключ «status» повторяется (впервые — в строке {first}); оставьте один из них",
        ),
    ]


def test_wrong_type(data: Path) -> None:
    edit(
        data,
        "plan.yaml",
        "    responsible:\n      - loyko\n    status: planned\n  - id: 2",
        "    responsible: loyko\n    status: planned\n  - id: 2",
    )
    line = line_of(data, "plan.yaml", "responsible: loyko")
    assert findings_of(data) == [
        ("data/plan.yaml", line, 18, "schema", "ожидается список (элементы с «- »); получено: «loyko»"),
    ]


def test_impossible_date(data: Path) -> None:
    edit(data, "order.yaml", "date: 2020-05-30", "date: 2020-02-31")
    line = line_of(data, "order.yaml", "date: 2020-02-31")
    assert findings_of(data) == [
        ("data/order.yaml", line, 9, "schema", "такой даты нет в календаре: 2020-02-31; проверьте день и месяц"),
    ]


def test_unknown_key_suggests_the_known_one(data: Path) -> None:
    edit(
        data,
        "plan.yaml",
        "    responsible:\n      - loyko\n    status: planned\n  - id: 2",
        "    responsibel:\n      - loyko\n    status: planned\n  - id: 2",
    )
    line = line_of(data, "plan.yaml", "responsibel:")
    assert findings_of(data) == [
        ("data/plan.yaml", line, 5, "schema", "неизвестный ключ «responsibel»; возможно, имелось в виду «responsible»"),
    ]


def test_missing_key_and_bad_literal(data: Path) -> None:
    edit(data, "plan.yaml", "title: План", "titel: План")
    edit(data, "plan.yaml", "status: planned", "status: finished")
    status_line = line_of(data, "plan.yaml", "status: finished")
    assert findings_of(data) == [
        ("data/plan.yaml", 4, 1, "schema", "нет обязательного ключа «title»; добавьте его"),
        ("data/plan.yaml", 5, 1, "schema", "неизвестный ключ «titel»; возможно, имелось в виду «title»"),
        (
            "data/plan.yaml",
            status_line,
            13,
            "schema",
            "недопустимое значение «finished»; допустимо: planned, in_progress, done, cancelled",
        ),
    ]


def test_deadline_with_two_forms(data: Path) -> None:
    edit(data, "plan.yaml", "      month: 2020-06\n", "      month: 2020-06\n      date: 2020-06-15\n")
    line = line_of(data, "plan.yaml", "month: 2020-06")
    (finding,) = findings_of(data)
    assert finding[:4] == ("data/plan.yaml", line, 7, "schema")
    assert finding[4].startswith("срок задаётся ровно одной формой: month: 2020-06;")


def test_empty_file(data: Path) -> None:
    (data / "regulation.yaml").write_text("# пусто\n", encoding="utf-8")
    assert findings_of(data) == [
        ("data/regulation.yaml", 1, 1, "empty-file", "файл пуст; заполните его по образцу data/regulation.yaml"),
    ]


def test_missing_file(data: Path) -> None:
    (data / "plan.yaml").unlink()
    assert findings_of(data) == [
        ("data/plan.yaml", 1, 1, "missing-file", "файл не найден; создайте plan.yaml (образец — в папке data/ проекта)"),
    ]


def test_missing_folder(data: Path) -> None:
    assert findings_of(data / "nope") == [
        ("data/nope", 1, 1, "missing-folder", "папка с данными не найдена; укажите её параметром --data"),
    ]


def test_aliases_are_refused(data: Path) -> None:
    edit(
        data,
        "plan.yaml",
        "    responsible:\n      - loyko\n    status: planned\n  - id: 2",
        "    responsible: &boss\n      - loyko\n    status: planned\n  - id: 2",
    )
    line = line_of(data, "plan.yaml", "&boss")
    assert findings_of(data) == [
        ("data/plan.yaml", line, 18, "yaml-alias", "якоря и ссылки YAML (&имя, *имя) не поддерживаются; повторите значение явно"),
    ]


def test_alias_bomb_is_refused_quickly(data: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(12)
    )
    (data / "plan.yaml").write_text(bomb, encoding="utf-8")
    assert findings_of(data)[0][3] == "yaml-alias"


def test_windows_1251_file(data: Path) -> None:
    text = (data / "plan.yaml").read_text(encoding="utf-8")
    (data / "plan.yaml").write_bytes(text.encode("cp1251"))
    assert findings_of(data) == [
        (
            "data/plan.yaml",
            2,
            3,
            "encoding",
            "файл не в кодировке UTF-8 (похоже, это Windows-1251); пересохраните его в UTF-8: в Блокноте — "
            "«Сохранить как» → «Кодировка: UTF-8», или командой iconv -f cp1251 -t utf-8 старый.yaml > новый.yaml",
        ),
    ]


def test_bom_is_accepted(data: Path) -> None:
    path = data / "order.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_bundle(data).order.document.number == "188"


def test_yaml_12_scalars_stay_strings(data: Path) -> None:
    edit(data, "order.yaml", "  place: г. Феодосия", "  place: no")
    assert load_bundle(data).order.document.place == "no"


def test_all_files_reported_in_one_run(data: Path) -> None:
    edit(data, "order.yaml", "date: 2020-05-30", "date: 2020-02-31")
    edit(data, "plan.yaml", "title: План", "titel: План")
    (data / "regulation.yaml").write_text("", encoding="utf-8")
    files = sorted({f[0] for f in findings_of(data)})
    assert files == ["data/order.yaml", "data/plan.yaml", "data/regulation.yaml"]


def test_cli_load_error_exit_code_and_text(data: Path) -> None:
    edit(data, "order.yaml", "date: 2020-05-30", "date: 2020-02-31")
    line = line_of(data, "order.yaml", "date: 2020-02-31")
    result = run("check", "--today", "2020-05-30")
    assert result.exit_code == 2
    assert result.output == (
        "data/order.yaml\n"
        f"  {line}:9: ошибка [schema] такой даты нет в календаре: 2020-02-31; проверьте день и месяц\n"
        "Найдено: 1 ошибка.\n"
    )
    assert "Traceback" not in result.output
