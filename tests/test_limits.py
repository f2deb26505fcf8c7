"""Limits: dates at the end of the calendar, spans of millennia, numbers beyond meaning, text
that looks like a date but is none — each a located Russian message or a bounded run, never
«Внутренняя ошибка» nor a hang.  And the messages that used to mislead."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from elzhur_rollout.source.loading import load_bundle
from helpers import edit, line_of, run

TODAY = "2020-06-20"


# =========================================================================== text that looks like a date


@pytest.mark.parametrize(
    ("name", "old", "new", "args"),
    [
        ("order.yaml", '  number: "188"', "  number: 2020-02-31", ["entered", "pupils", "5"]),
        ("order.yaml", '  number: "188"', "  number: 2020-02-31", ["updated"]),
        ("plan.yaml", "    status: planned\n", "    status: planned\n    note: 2020-02-31\n", ["done", "1"]),
        ("plan.yaml", "    status: planned\n", "    status: planned\n    note: 2020-02-31\n", ["start", "1"]),
        ("plan.yaml", "    status: planned\n", "    status: planned\n    note: 2020-13-01\n", ["cancel", "2", "--note", "нет"]),
        (
            "regulation.yaml",
            "  until: 2020-09-01\n",
            "  until: 2020-09-01\n  basis: 2020-02-30\n",
            ["duty-done", "engineer", "1"],
        ),
    ],
    ids=["entered", "updated", "done", "start", "cancel", "duty-done"],
)
def test_text_that_looks_like_an_impossible_date_survives_every_edit(
    data: Path, name: str, old: str, new: str, args: list[str]
) -> None:
    if name == "regulation.yaml":  # a duty's text: the only free text there that may be plain
        old, new = "      - text: Разрабатывает", "      - text: 2020-02-30\n      - text: Разрабатывает"
        args = ["duty-done", "engineer", "weekly-update"]
    edit(data, name, old, new)
    written = new.strip().splitlines()[-1].strip()
    assert run("check", "--today", TODAY).exit_code in (0, 1)
    result = run(*args, "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert written in (data / name).read_text(encoding="utf-8").splitlines()[line_of(data, name, written) - 1]


def test_fmt_keeps_text_that_looks_like_an_impossible_date(data: Path) -> None:
    edit(data, "order.yaml", '  number: "188"', "  number: 2020-02-31")
    edit(data, "plan.yaml", "schema_version: 2", "schema_version:  2")
    check = run("fmt", "--check")
    assert (check.exit_code, check.output) == (1, "Не в каноническом виде: data/plan.yaml\n")
    assert run("fmt").exit_code == 0
    assert "  number: 2020-02-31\n" in (data / "order.yaml").read_text(encoding="utf-8")
    assert load_bundle(data).order.document.number == "2020-02-31"


# =========================================================================== the end of the calendar


def test_calendar_on_the_last_day_of_the_calendar(data: Path) -> None:
    # the regulation ended on 01.09.2020: its weekly duty is owed no more and is not an event
    result = run("calendar", "--today", "9999-12-31", "--out", "k.ics")
    assert (result.exit_code, result.output) == (0, "Записано: k.ics (12 событий)\n")


def test_a_daily_duty_in_force_until_9999_is_listed_for_three_years_at_most(data: Path) -> None:
    edit(data, "regulation.yaml", "  until: 2020-09-01", "  until: 9999-12-31")
    edit(data, "regulation.yaml", "every: week", "every: day")
    for today in ("2020-06-20", "9999-12-31"):
        result = run("calendar", "--today", today, "--out", "k.ics")
        assert result.exit_code == 0, result.output
        ics = Path("k.ics").read_bytes().decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")
        exdates = [d for line in re.findall(r"EXDATE;VALUE=DATE:(.*)", ics) for d in line.split(",")]
        start = re.findall(r"DTSTART;VALUE=DATE:(\d+)\n(?:.*\n){0,5}?RRULE:FREQ=WEEKLY;UNTIL=99991231;BYDAY=MO", ics)
        assert len(start) == 1
        first = dt.datetime.strptime(start[0], "%Y%m%d").date()
        assert all(first <= dt.datetime.strptime(d, "%Y%m%d").date() <= dt.date(first.year + 3, 12, 31) for d in exdates)
    assert first == dt.date(9997, 1, 1)  # the series starts a year before the horizon's year


def test_render_report_on_the_last_day_of_the_calendar(data: Path) -> None:
    result = run("render", "report", "--today", "9999-12-31", "--out", "out")
    assert (result.exit_code, result.output) == (0, "Записано: out/spravka-9999-12-31.docx\n")


def test_every_command_on_an_order_of_9999(data: Path, tmp_path: Path) -> None:
    edit(data, "order.yaml", "  date: 2020-05-30", "  date: 9999-12-30")
    edit(data, "regulation.yaml", "  until: 2020-09-01", "  until: 9999-12-31")
    edit(data, "regulation.yaml", "every: week", "every: day")
    for args in (
        ["check"],
        ["status"],
        ["calendar", "--out", "k.ics"],
        ["dashboard", "--out", "d.html"],
        ["summary", "data"],
        ["render", "report", "--out", str(tmp_path / "o")],
        ["duty-done", "engineer", "weekly-update"],
        ["done", "1"],
    ):
        result = run(*args, "--today", "9999-12-31")
        assert result.exit_code in (0, 1), (args, result.output)


# =========================================================================== numbers


def test_numbers_beyond_meaning_are_located(data: Path) -> None:
    edit(data, "order.yaml", "within_days: 7", "within_days: 1000000000000000000000000000000")
    edit(data, "order.yaml", "            entered: 0", "            entered: 100001")
    result = run("check", "--today", TODAY)
    within, entered = line_of(data, "order.yaml", "within_days"), line_of(data, "order.yaml", "entered: 100001")
    assert result.exit_code == 2
    assert (
        f"  {entered}:22: ошибка [schema] значение 100001 вне допустимого диапазона: должно быть не больше 100000\n"
        in result.output
    )
    assert (
        f"  {within}:24: ошибка [schema] значение 1000000000000000000000000000000 вне допустимого диапазона: "
        "должно быть не больше 1096\n" in result.output
    )


@pytest.mark.parametrize("args", [["pupils", "1000000000000000000000000000000"], ["pupils", "5", "--of", "100001"]])
def test_counts_on_the_command_line_are_bounded(data: Path, args: list[str]) -> None:
    result = run("entered", *args, "--today", TODAY)
    name = "--of" if "--of" in args else "ЧИСЛО"
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: недопустимое значение {name}: должно быть не больше 100000.\nСправка: rollout entered --help\n",
    )


# =========================================================================== messages


@pytest.mark.parametrize(("written", "shown"), [("0x1", "0x1"), ("+1", "+1"), ("01", "01"), ("!!int 1", "1"), ("2.0", "2.0")])
def test_a_version_written_otherwise_says_to_write_2(data: Path, written: str, shown: str) -> None:
    edit(data, "plan.yaml", "schema_version: 2", f"schema_version: {written}")
    result = run("check", "--today", TODAY)
    line = line_of(data, "plan.yaml", "schema_version")
    assert (result.exit_code, result.output) == (
        2,
        f"data/plan.yaml\n  {line}:17: ошибка [schema] номер версии формата пишется так: schema_version: 2 — цифрой, "
        f"без кавычек, знака, ведущих нулей и тегов; получено: «{shown}»\nНайдено: 1 ошибка.\n",
    )


@pytest.mark.parametrize("note", ["", "  "])
def test_an_empty_note_blames_the_option(data: Path, note: str) -> None:
    result = run("cancel", "1", "--note", note, "--today", TODAY)
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: значение --note пустое; напишите, почему мероприятие отменено. Файлы не изменены.\n",
    )
    result = run("done", "1", "--note", note, "--today", TODAY)
    assert result.output == "Ошибка: значение --note пустое; напишите примечание или уберите --note. Файлы не изменены.\n"


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["cancel", "1", "--note", "a", "--note", "b"], "параметр --note указан дважды («a» и «b»)"),
        (["done", "1", "--note=a", "--note", "b"], "параметр --note указан дважды («a» и «b»)"),
        (["status", "--data", "data", "--data", "x"], "параметр --data указан дважды («data» и «x»)"),
    ],
)
def test_a_repeated_option_is_refused(data: Path, args: list[str], shown: str) -> None:
    before = (data / "plan.yaml").read_bytes()
    result = run(*args, "--today", TODAY)
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: {shown}; укажите его один раз.\nСправка: rollout {args[0]} --help\n",
    )
    assert (data / "plan.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("escape", "what"),
    [
        ("\\uD800", "половина суррогатной пары UTF-16"),
        ("\\uDFFF", "половина суррогатной пары UTF-16"),
        ("\\U00110000", "такого кода в Юникоде нет"),
    ],
)
def test_a_lone_surrogate_is_named(data: Path, escape: str, what: str) -> None:
    edit(data, "plan.yaml", "title: ", f'title: "Ж{escape}" # ')
    line = line_of(data, "plan.yaml", "title: ")
    result = run("check", "--today", TODAY)
    column = (data / "plan.yaml").read_text(encoding="utf-8").splitlines()[line - 1].index("\\") + 1
    assert (result.exit_code, result.output) == (
        2,
        f"data/plan.yaml\n  {line}:{column}: ошибка [yaml-syntax] «{escape}» — не символ ({what}); запишите сам символ "
        "или его полный код (например, \\U0001F600 вместо пары \\uD83D\\uDE00)\nНайдено: 1 ошибка.\n",
    )


def test_render_out_a_file_says_it_wants_a_folder(data: Path, tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    result = run("render", "all", "--out", "f")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: f — файл, а не папка; --out указывает папку для готовых документов: укажите папку.\n",
    )


def test_commands_never_leave_a_lock_or_temporary_behind(data: Path) -> None:
    codes = [run(*args, "--today", TODAY).exit_code for args in (["done", "1"], ["done", "99"], ["cancel", "2", "--note", ""])]
    assert codes == [0, 2, 2]
    assert sorted(p.name for p in data.iterdir()) == ["order.yaml", "plan.yaml", "regulation.yaml"]
