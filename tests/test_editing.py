"""Recording progress: exact changed lines, refusals that change nothing, races, `fmt`."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from elzhur_rollout.source.loading import load_bundle
from helpers import DATA, edit, run


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}


def test_done_changes_status_and_adds_the_date(data: Path) -> None:
    before = (data / "plan.yaml").read_text(encoding="utf-8")
    result = run("done", "7", "--date", "2020-06-10", "--today", "2020-06-20")
    assert (result.exit_code, result.output) == (0, "Мероприятие 7: выполнено 10.06.2020. Изменён data/plan.yaml.\n")
    after = (data / "plan.yaml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-    status: planned", "+    status: done", "+    done_on: 2020-06-10"]


def test_start_is_a_one_line_diff_and_comments_survive(data: Path) -> None:
    edit(data, "plan.yaml", "  - id: 3\n", "  # согласовать с методсоветом\n  - id: 3\n")
    before = (data / "plan.yaml").read_text(encoding="utf-8")
    result = run("start", "3", "--today", "2020-06-01")
    assert (result.exit_code, result.output) == (0, "Мероприятие 3: в работе. Изменён data/plan.yaml.\n")
    after = (data / "plan.yaml").read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-    status: planned", "+    status: in_progress"]
    assert "  # согласовать с методсоветом\n" in after
    again = run("start", "3", "--today", "2020-06-02")
    assert (again.exit_code, again.output) == (
        2,
        "Ошибка: мероприятие 3 уже «в работе»; начать можно только то, что «не начато». Файлы не изменены.\n",
    )
    assert (data / "plan.yaml").read_text(encoding="utf-8") == after


def test_a_new_last_key_goes_above_the_blank_line_and_the_comment_that_end_the_item(data: Path) -> None:
    edit(data, "plan.yaml", "  - id: 10\n", "\n  # договоры — после согласования с юристом\n  - id: 10\n")
    result = run("done", "9", "--date", "2020-06-10", "--today", "2020-06-20")
    assert result.exit_code == 0
    assert ("    status: done\n    done_on: 2020-06-10\n\n  # договоры — после согласования с юристом\n  - id: 10\n") in (
        data / "plan.yaml"
    ).read_text(encoding="utf-8")


def test_duty_done_entered_updated(data: Path) -> None:
    reg, order = (data / "regulation.yaml").read_text(encoding="utf-8"), (data / "order.yaml").read_text(encoding="utf-8")
    assert run("duty-done", "engineer", "weekly-update", "--today", "2020-06-05").output == (
        "Инженер-электроник: «Актуализирует систему не реже чем один раз в неделю.» — выполнено 05.06.2020. "
        "Изменён data/regulation.yaml.\n"
    )
    assert changed_lines(reg, (data / "regulation.yaml").read_text(encoding="utf-8")) == [
        "-        last_done: null",
        "+        last_done: 2020-06-05",
    ]
    assert run("entered", "pupils", "450", "--of", "600", "--today", "2020-06-05").exit_code == 0
    assert run("updated", "--date", "2020-06-04", "--today", "2020-06-05").exit_code == 0
    assert changed_lines(order, (data / "order.yaml").read_text(encoding="utf-8")) == [
        "-            entered: 0",
        "+            entered: 450",
        "+            total: 600",
        "+            as_of: 2020-06-05",
        "+          last_update: 2020-06-04",
    ]
    # the duty can also be named by its number in the role
    assert run("duty-done", "engineer", "3", "--today", "2020-06-12").exit_code == 0


def test_cancel_and_reopen(data: Path) -> None:
    before = (data / "plan.yaml").read_text(encoding="utf-8")
    assert run("cancel", "9", "--note", "перенесено на 2021 год", "--today", "2020-06-05").output == (
        "Мероприятие 9: отменено (перенесено на 2021 год). Изменён data/plan.yaml.\n"
    )
    assert run("reopen", "9", "--today", "2020-06-05").output == "Мероприятие 9: снова не начато. Изменён data/plan.yaml.\n"
    # the cancellation's reason stays, with a dated line that it no longer holds
    assert changed_lines(before, (data / "plan.yaml").read_text(encoding="utf-8")) == [
        "+    note: 'перенесено на 2021 год; 05.06.2020: возвращено в план (было: отменено)'"
    ]


def test_notes_keep_their_history(data: Path) -> None:
    assert run("done", "1", "--note", "Приказ № 201", "--today", "2020-06-03").exit_code == 0
    assert run("reopen", "1", "--today", "2020-06-04").exit_code == 0
    assert run("done", "1", "--note", "протокол № 3", "--today", "2020-06-05").exit_code == 0
    assert load_bundle(data).plan.measures[0].note == (
        "Приказ № 201; 04.06.2020: возвращено в план (было: выполнено); 05.06.2020: протокол № 3"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["done", "99", "--today", "2020-06-20"],
            "Ошибка: мероприятия 99 нет в плане; есть: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10. Файлы не изменены.\n",
        ),
        (
            ["done", "5", "--date", "2020-07-01", "--today", "2020-06-20"],
            "Ошибка: дата 01.07.2020 ещё не наступила (сегодня 20.06.2020). Файлы не изменены.\n",
        ),
        (
            ["done", "5", "--date", "2020-05-01", "--today", "2020-06-20"],
            "Ошибка: дата 01.05.2020 раньше приказа (30.05.2020). Файлы не изменены.\n",
        ),
        (
            ["reopen", "5", "--today", "2020-06-20"],
            "Ошибка: мероприятие 5 не закрыто (статус — «не начато»). Файлы не изменены.\n",
        ),
        (
            ["duty-done", "engineer", "1", "--today", "2020-06-20"],
            "Ошибка: обязанность «Устанавливает и обновляет ПО, необходимое для работы ЭлЖура, обеспечивает надлежащее "
            "функционирование созданной программно-аппаратной среды.» не периодическая: отмечать её выполнение не нужно. "
            "Файлы не изменены.\n",
        ),
        (
            ["entered", "students", "5", "--today", "2020-06-20"],
            "Ошибка: категории «students» нет в приказе (data_entry); есть: parents, pupils, teachers. Файлы не изменены.\n",
        ),
        (
            ["entered", "pupils", "700", "--of", "600", "--today", "2020-06-20"],
            "Ошибка: внесено (700) не может быть больше, чем всего (600). Файлы не изменены.\n",
        ),
    ],
)
def test_refusals_change_nothing(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = run(*args)
    assert (result.exit_code, result.output) == (2, message)
    assert snapshot(data) == before


def test_the_printed_number_of_a_measure_whose_id_differs_is_explained(data: Path) -> None:
    edit(data, "plan.yaml", "  - id: 2\n", "  - id: contracts\n")
    before = snapshot(data)
    result = run("done", "2", "--today", "2020-06-20")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: мероприятия с id 2 в плане нет; под номером 2 в плане напечатано мероприятие с id contracts, "
        "а команды принимают id: укажите contracts. Файлы не изменены.\n",
    )
    assert snapshot(data) == before


def test_done_twice_is_refused(data: Path) -> None:
    assert run("done", "1", "--date", "2020-06-03", "--today", "2020-06-20").exit_code == 0
    before = snapshot(data)
    result = run("done", "1", "--today", "2020-06-20")
    assert result.output == "Ошибка: мероприятие 1 уже отмечено выполненным 03.06.2020. Файлы не изменены.\n"
    assert snapshot(data) == before


def test_a_folder_that_does_not_validate_is_not_edited(data: Path) -> None:
    edit(data, "order.yaml", "signatory: loyko", "signatory: loyko\nsignatory: loyko")
    before = snapshot(data)
    result = run("done", "1", "--today", "2020-06-20")
    assert result.exit_code == 2
    assert result.output.endswith("Данные не изменены: сначала исправьте ошибки в файлах.\n")
    assert "[yaml-duplicate-key]" in result.output
    assert snapshot(data) == before


def test_a_failed_write_leaves_the_file_as_it_was(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import elzhur_rollout.source.files as files

    def broken(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(files.os, "replace", broken)
    before = snapshot(data)
    result = run("done", "1", "--today", "2020-06-20")
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: не удалось записать data/plan.yaml: на диске нет места. Файлы не изменены.\n",
    )
    assert snapshot(data) == before
    assert sorted(p.name for p in data.iterdir() if not p.name.startswith(".rollout")) == sorted(before)


def test_racing_edits_keep_both_changes(data: Path) -> None:
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "elzhur_rollout",
                "done",
                str(n),
                "--date",
                "2020-06-10",
                "--today",
                "2020-06-20",
                "--data",
                str(data),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(1, 11)
    ]
    codes = [p.wait() for p in procs]
    assert codes == [0] * 10
    text = (data / "plan.yaml").read_text(encoding="utf-8")
    assert text.count("status: done") == 10 and text.count("done_on: 2020-06-10") == 10


# --------------------------------------------------------------------------- fmt


def test_bundled_data_is_canonical() -> None:
    result = run("fmt", "--check", "--data", str(DATA))
    assert (result.exit_code, result.output) == (0, "Все файлы в каноническом виде.\n")


def test_fmt_check_and_rewrite(data: Path) -> None:
    edit(data, "plan.yaml", "  - id: 1\n    text: Ознакомление", "  - text: Ознакомление")
    edit(
        data,
        "plan.yaml",
        "    deadline:\n      month: 2020-06\n    responsible:\n      - loyko\n    status: planned\n  - id: 2",
        "    deadline: {month: 2020-06}\n    responsible: [loyko]  # директор\n    status: planned\n    id: 1\n  - id: 2",
    )
    messy = (data / "plan.yaml").read_text(encoding="utf-8")
    check = run("fmt", "--check")
    assert (check.exit_code, check.output) == (1, "Не в каноническом виде: data/plan.yaml\n")
    assert (data / "plan.yaml").read_text(encoding="utf-8") == messy
    assert run("fmt").output == "Переформатирован: data/plan.yaml\n"
    text = (data / "plan.yaml").read_text(encoding="utf-8")
    assert "  - id: 1\n    text: Ознакомление" in text
    # the comment stays; ruamel moves a comment of a flow list to the key when the list goes block style
    assert "    responsible:          # директор\n      - loyko\n" in text
    assert run("fmt", "--check").exit_code == 0
    assert text.replace("          # директор", "") == (DATA / "plan.yaml").read_text(encoding="utf-8")


def test_fmt_moves_comments_with_their_keys(data: Path) -> None:
    """A comment above a key moves with it (comments above a mapping's first key stay at its top)."""
    plan = data / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    head, _sep, _rest = text.partition("\ntitle:")
    plan.write_text(
        head + "\nmeasures:\n"
        "  - id: 1\n"
        "    text: Первое\n"
        "    # отвечает директор\n"
        "    responsible:\n"
        "      - loyko\n"
        "    # срок согласован с управлением\n"
        "    deadline:\n"
        "      month: 2020-06\n"
        "  - text: Второе\n"
        "    # номер не менять: на него ссылается регламент\n"
        "    id: 2\n"
        "    deadline:\n"
        "      month: 2020-07\n"
        "    responsible: [loyko]\n"
        "# заголовок как в приказе\n"
        "title: План\n",
        encoding="utf-8",
    )
    assert run("fmt").exit_code == 0
    lines = plan.read_text(encoding="utf-8").splitlines()
    for comment, key in [
        ("# заголовок как в приказе", "title: План"),
        ("# номер не менять", "  - id: 2"),
        ("# срок согласован", "    deadline:"),
        ("# отвечает директор", "    responsible:"),
    ]:
        at = next(i for i, line in enumerate(lines) if comment in line)
        assert lines[at + 1].startswith(key), (comment, lines[at + 1])
    assert run("fmt", "--check").exit_code == 0
