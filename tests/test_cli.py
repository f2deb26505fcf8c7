"""The command line: Russian help and errors, exit codes, the status view and the example school."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from elzhur_rollout.lang import vocabulary as ru
from helpers import DATA, ROOT, edit, line_of, run


def test_version() -> None:
    result = run("--version")
    assert (result.exit_code, result.output) == (
        0,
        "rollout 0.1.0\nФормат данных: версия 2 (файлы версии 1 переводит rollout migrate).\n",
    )


COMMANDS = [
    "check",
    "status",
    "render",
    "done",
    "start",
    "cancel",
    "reopen",
    "duty-done",
    "entered",
    "updated",
    "fmt",
    "diff",
    "textconv",
    "git-setup",
    "schema",
    "init",
    "dashboard",
    "summary",
    "calendar",
]


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS])
def test_help_is_russian(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Использование: rollout" in result.output
    assert "Показать эту справку и выйти." in result.output
    for english in ("Usage:", "Show this message", "Options", "[default"):
        assert english not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "--bogus"], "Ошибка: неизвестный параметр --bogus.\nСправка: rollout check --help\n"),
        (
            ["check", "--today", "2020-13-01"],
            "Ошибка: недопустимое значение --today: «2020-13-01» — не дата; пишите ГГГГ-ММ-ДД, например 2020-09-15.\nСправка: rollout check --help\n",
        ),
        (
            ["check", "--horizon", "x"],
            "Ошибка: недопустимое значение --horizon: ожидается целое число.\nСправка: rollout check --help\n",
        ),
        (
            ["check", "--format", "xml"],
            "Ошибка: недопустимое значение --format; допустимо: text, json.\nСправка: rollout check --help\n",
        ),
        (["frobnicate"], "Ошибка: неизвестная команда «frobnicate».\nСправка: rollout --help\n"),
    ],
)
def test_usage_errors_are_russian_with_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.output == message


def test_plural_forms() -> None:
    assert [ru.measures(n) for n in (1, 2, 5, 11, 21, 22, 111)] == [
        "1 мероприятие",
        "2 мероприятия",
        "5 мероприятий",
        "11 мероприятий",
        "21 мероприятие",
        "22 мероприятия",
        "111 мероприятий",
    ]
    assert [ru.days(n) for n in (1, 3, 7, 14)] == ["1 день", "3 дня", "7 дней", "14 дней"]


def test_status_text_for_bundled_data() -> None:
    result = run("status", "--data", str(DATA), "--today", "2020-07-01")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "МБОУ – Гимназия № 5: ход внедрения ЭлЖура на 01.07.2020"
    assert "Мероприятия  ░░░░░░░░░░░░░░░░░░░░ 0 из 10 мероприятий выполнено (0 %)" in lines
    assert "Просрочено: 2 мероприятия" in lines
    assert "Последняя актуализация данных: отметок нет (не реже чем раз в 7 дней)" in lines
    assert "\x1b[" not in result.output  # piped: no colour codes


def test_status_progress_and_person(data: Path) -> None:
    edit(data, "plan.yaml", "    status: planned", "    status: done\n    done_on: 2020-06-05")
    edit(
        data,
        "order.yaml",
        "            text: об обучающихся\n            entered: 0",
        "            text: об обучающихся\n            entered: 450\n            total: 600",
    )
    result = run("status", "--today", "2020-06-10")
    assert "Мероприятия  ██░░░░░░░░░░░░░░░░░░ 1 из 10 мероприятий выполнено (10 %)" in result.output
    assert "Обучающиеся: ███████████████░░░░░ 450 из 600 (75 %), срок до 15.06.2020" in result.output
    one = run("status", "--today", "2020-06-10", "--person", "odinokin")
    assert one.exit_code == 0
    assert "Одинокин С.А., инженер-электроник" in one.output
    assert "Лойко" not in one.output


def test_status_person_agenda_exact(data: Path) -> None:
    result = run("status", "--today", "2020-06-10", "--person", "odinokin")
    assert result.output.splitlines()[2:] == [
        "Одинокин С.А., инженер-электроник",
        "  мероприятие 4 (срок: июнь – август 2020): Анализ готовности Гимназии к внедрению ЭлЖура:",
        "  мероприятие 7 (срок: июнь – август 2020): Определение необходимых требований к обучению работников. Проведение…",
        "  мероприятие 8 (срок: август 2020) — предстоит: Определение состава технических средств, задействованных в работах по…",
        # the order's own deadlines, owed by every member of the working group
        "  пункт 3.1 приказа (срок: до 15.06.2020 и далее – по мере необходимости) — не начато, срок близко: внесение данных "
        "об обучающихся, о педагогических работниках, о родителях (законных представителях)",
        "  пункт 3.2 приказа (срок: до 15.06.2020) — не начато, срок близко: актуализация данных",
        # due a week after Saturday 30.05.2020, moved off Saturday 06.06 to Monday 08.06
        "  обязанность (еженедельно, последний раз: не выполнялась; просрочена 08.06.2020): Актуализирует систему не реже чем один раз в неделю.",
    ]


def test_status_unknown_person(data: Path) -> None:
    result = run("status", "--person", "nobody", "--today", "2020-06-10")
    assert result.exit_code == 2
    assert (
        result.output
        == "Ошибка: сотрудника «nobody» нет в order.yaml (people); известны: loyko, ryzhenko, romanenko, odinokin.\n"
    )


def test_status_json(data: Path) -> None:
    result = run("status", "--today", "2020-09-15", "--format", "json")
    report = json.loads(result.output)
    assert report["done"] == 0 and report["counted"] == 10
    assert [m["state"] for m in report["measures"]] == ["overdue"] * 10
    assert report["measures"][0]["responsible"] == ["Лойко Е.С."]
    assert report["data_entry"][0] == {
        "label": "Обучающиеся",
        "entered": 0,
        "total": None,
        "percent": None,
        "due": "2020-06-15",
        "state": "overdue",
    }
    assert report["counts"]["measures"]["overdue"] == 10 and report["counts"]["duties"] == {
        "overdue": 0,
        "in_progress": 0,
        "planned": 0,
        "upcoming": 0,
        "not_tracked": 1,  # the regulation ended on 01.09.2020
        "done": 0,
        "cancelled": 0,
    }


def test_check_json_keeps_cyrillic(data: Path) -> None:
    result = run("check", "--today", "2020-07-01", "--format", "json")
    assert result.exit_code == 1
    assert "просрочено" in result.output and "\\u" not in result.output
    first = json.loads(result.output)["findings"][0]
    assert set(first) == {"file", "line", "column", "code", "severity", "message"}


def test_example_school_passes() -> None:
    result = run("check", "--data", str(ROOT / "examples" / "school-12"), "--today", "2024-09-30")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


def test_real_process_has_no_colour_when_piped_and_honours_no_color(tmp_path: Path) -> None:
    env = dict(os.environ, NO_COLOR="1", FORCE_COLOR="")
    env.pop("FORCE_COLOR")
    out = subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", "status", "--data", str(DATA), "--today", "2020-07-01"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "\x1b[" not in out.stdout
    assert out.stdout.startswith("МБОУ – Гимназия № 5: ход внедрения ЭлЖура на 01.07.2020\n")


@pytest.mark.parametrize("command", ["check", "status"])
def test_check_and_status_do_not_import_heavy_libraries(command: str) -> None:
    code = (
        "import sys\n"
        "from elzhur_rollout.cli.app import main\n"
        f"sys.argv = ['rollout', {command!r}, '--data', {str(DATA)!r}, '--today', '2020-09-15']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docxtpl', 'docx', 'pymorphy3', 'pytrovich', 'jinja2', 'icalendar', "
        "'holidays') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "HEAVY []"


def test_narrow_terminal_gets_a_list_instead_of_a_table() -> None:
    env = dict(os.environ, COLUMNS="40", NO_COLOR="1")
    out = subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", "status", "--data", str(DATA), "--today", "2020-07-01"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert "┃" not in out and "│" not in out
    assert "1. июнь 2020 · Лойко Е.С. · просрочено на 1 день" in out.splitlines()
    assert "10. июль – август 2020 · Лойко Е.С. · не начато" in out.splitlines()


def test_check_grammar_warns_about_an_unknown_position(data: Path) -> None:
    edit(data, "order.yaml", "position: инженер-электроник", "position: коуч")
    plain = run("check", "--today", "2020-05-30")
    assert (plain.exit_code, plain.output) == (0, "Замечаний нет.\n")
    result = run("check", "--today", "2020-05-30", "--grammar", "--strict")
    assert result.exit_code == 1
    assert result.output == (
        "data/order.yaml\n"
        f"  {line_of(data, 'order.yaml', 'position: коуч')}:15: предупреждение [grammar-uncertain] должность «коуч»: "
        "слово «коуч» словарю неизвестно, и фраза оставлена без изменений (родительный — «коуч»; дательный — «коуч»; "
        "винительный — «коуч»; творительный — «коуч»; предложный — «коуч»); укажите верные формы в position_forms "
        "сотрудника odinokin (gent, datv, accs, ablt, loct)\n"
        "Найдено: 1 предупреждение.\n"
    )


def test_render_warns_about_an_uncertain_form_but_renders(data: Path) -> None:
    edit(data, "order.yaml", "position: инженер-электроник", "position: коуч")
    result = run("render", "order", "--out", str(data.parent / "out"))
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Записано: out/prikaz.docx",
        "data/order.yaml",
        f"  {line_of(data, 'order.yaml', 'position: коуч')}:15: предупреждение [grammar-uncertain] должность «коуч»: "
        "слово «коуч» словарю неизвестно, и фраза оставлена без изменений (родительный — «коуч»; дательный — «коуч»; "
        "винительный — «коуч»; творительный — «коуч»; предложный — «коуч»); укажите верные формы в position_forms "
        "сотрудника odinokin (gent, datv, accs, ablt, loct)",
        "Найдено: 1 предупреждение.",
    ]
