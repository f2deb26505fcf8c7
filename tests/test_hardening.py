"""Issue 9: nothing reaches the user as «Внутренняя ошибка»; bad input, faults and odd
environments get located Russian messages, exit code 2 and leave every file as it was."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from elzhur_rollout.core.values import State
from elzhur_rollout.source.loading import load_bundle
from elzhur_rollout.source.yaml_reader import YamlProblem, decode, parse_yaml
from helpers import DATA, ROOT, edit, line_of, run

SRC = ROOT / "src"
LONG = "9" * 5000


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def rollout(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, unprivileged: bool = False, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """The real command in a child process (``python -m elzhur_rollout``).  ``unprivileged``
    drops root's power to ignore file permissions, so read-only folders are read-only."""
    full_env = {**os.environ, "PYTHONPATH": str(SRC), **(env or {})}
    prefix: list[str] = []
    if unprivileged and os.geteuid() == 0:
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "elzhur_rollout", *args], cwd=cwd, env=full_env, capture_output=True, timeout=60, **kwargs
    )  # type: ignore[call-overload]


needs_permissions = pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None, reason="root without setpriv ignores file permissions"
)


def out(result: subprocess.CompletedProcess[bytes]) -> str:
    return (result.stdout + result.stderr).decode("utf-8")


def deep_items(levels: int) -> str:
    lines = []
    for i in range(levels):
        indent = "  " + "    " * i
        lines.append(f"{indent}- text: Уровень {i + 1}")
        if i < levels - 1:
            lines.append(f"{indent}  items:")
    return "\n".join(lines) + "\n"


def with_deep_tree(folder: Path, levels: int) -> None:
    text = (folder / "order.yaml").read_text(encoding="utf-8")
    at = text.index("\nworking_group:") + 1
    (folder / "order.yaml").write_text(text[:at] + deep_items(levels) + text[at:], encoding="utf-8")


# =========================================================================== 1. crashes


def test_long_integer_in_data_is_located(data: Path) -> None:
    edit(data, "order.yaml", "within_days: 7", f"within_days: {LONG}")
    line = line_of(data, "order.yaml", "within_days")
    result = run("check", "--today", "2020-06-01")
    assert result.exit_code == 2
    assert result.output == (
        f"data/order.yaml\n  {line}:24: ошибка [schema] число из 5000 цифр слишком длинное (допустимо до 4300); "
        "если это текст, возьмите его в кавычки\nНайдено: 1 ошибка.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["duty-done", "engineer", LONG],
            "Ошибка: у роли «Инженер-электроник» нет обязанности «" + "9" * 39 + "…»; "
            "укажите id или номер: weekly-update, 1–8. Файлы не изменены.\n",
        ),
        (
            ["entered", "pupils", LONG],
            "Ошибка: недопустимое значение ЧИСЛО: слишком длинное число.\nСправка: rollout entered --help\n",
        ),
        (
            ["entered", "pupils", "5", "--of", LONG],
            "Ошибка: недопустимое значение --of: слишком длинное число.\nСправка: rollout entered --help\n",
        ),
        (
            ["check", "--horizon", LONG],
            "Ошибка: недопустимое значение --horizon: слишком длинное число.\nСправка: rollout check --help\n",
        ),
    ],
)
def test_long_integer_on_the_command_line(data: Path, args: list[str], message: str) -> None:
    before = snapshot(data)
    result = run(*args, "--today", "2020-06-20")
    assert (result.exit_code, result.output) == (2, message)
    assert snapshot(data) == before


def test_order_dated_at_the_end_of_the_calendar(data: Path) -> None:
    edit(data, "order.yaml", "  date: 2020-05-30", "  date: 9999-12-31")
    for command, code in (("check", 1), ("status", 0)):
        result = run(command, "--today", "9999-12-31")
        assert result.exit_code == code, result.output
        assert "Внутренняя ошибка" not in result.output
    from elzhur_rollout.core.agenda import build_agenda

    weekly = build_agenda(load_bundle(data), dt.date(9999, 12, 30)).duties[0]
    assert (weekly.due, weekly.occurrences, weekly.state) == (None, (), State.NOT_TRACKED)  # not due within the calendar


def test_init_at_the_end_of_the_calendar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "school", "--today", "9999-12-31")
    assert (result.exit_code, result.output) == (
        2,
        (
            "Ошибка: дата 9999-12-31 слишком близко к концу календаря: план и регламент на год вперёд вышли бы "
            "за 9999 год; укажите настоящую дату (--today или без него).\n"
        ),
    )
    assert not (tmp_path / "school").exists()


def test_forty_thousand_nested_mappings_are_refused_at_once(data: Path) -> None:
    n = 40_000
    text = "schema_version: 2\ntitle: " + "{a: " * n + "1" + "}" * n + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as info:
        parse_yaml(text)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert (info.value.code, info.value.line) == ("yaml-depth", 2)
    assert elapsed < 0.3 and peak < 20_000_000, (elapsed, peak)
    (data / "plan.yaml").write_text(text, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 2
    assert result.output == (
        "data/plan.yaml\n  2:260: ошибка [yaml-depth] слишком глубокая вложенность: больше 64 уровней списков и словарей; "
        "проверьте скобки и отступы (или разбейте пункты на меньшее число уровней)\nНайдено: 1 ошибка.\n"
    )


def test_a_deep_but_allowed_item_tree_works_everywhere(data: Path) -> None:
    with_deep_tree(data, 31)
    assert run("check", "--today", "2020-05-30").output == "Замечаний нет.\n"
    assert run("fmt", "--check").exit_code == 0
    assert run("fmt").exit_code == 0
    assert run("updated", "--today", "2020-06-01").exit_code == 0
    assert run("status", "--today", "2020-06-01").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["fmt"],
        ["fmt", "--check"],
        ["updated", "--today", "2020-06-01"],
        ["status"],
        ["done", "1", "--today", "2020-06-01"],
    ],
)
def test_a_140_deep_item_tree_is_refused_by_every_command(data: Path, command: list[str]) -> None:
    with_deep_tree(data, 140)
    before = snapshot(data)
    result = run(*command)
    assert result.exit_code == 2
    assert "[yaml-depth] слишком глубокая вложенность: больше 64 уровней" in result.output
    assert "Внутренняя ошибка" not in result.output
    assert snapshot(data) == before


@pytest.mark.parametrize("epoch", ["4354819200", "99999999999999999999", "-1", "soon"])
def test_source_date_epoch_out_of_zip_range(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    result = run("render", "order", "--out", str(tmp_path / "out"), "--templates", str(ROOT / "templates"))
    assert "Внутренняя ошибка" not in result.output
    if result.exit_code == 0:  # clamped into the zip format's 1980–2107
        with zipfile.ZipFile(tmp_path / "out" / "prikaz.docx") as z:
            assert 1980 <= z.infolist()[0].date_time[0] <= 2107
    else:
        assert result.exit_code == 2 and result.output.startswith("Ошибка: SOURCE_DATE_EPOCH")


def test_render_of_an_order_dated_9999(data: Path, tmp_path: Path) -> None:
    edit(data, "order.yaml", "  date: 2020-05-30", "  date: 9999-12-31")
    result = run("render", "order", "--force", "--out", str(tmp_path / "out"), "--templates", str(ROOT / "templates"))
    assert result.exit_code == 0, result.output


def _template_with(tmp_path: Path, name: str, replace: tuple[bytes, bytes] | None = None, xml: bytes | None = None) -> Path:
    folder = tmp_path / "tpl"
    shutil.copytree(ROOT / "templates", folder, dirs_exist_ok=True)
    src = (ROOT / "templates" / name).read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(buffer, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "word/document.xml":
                if replace:
                    assert replace[0] in body
                    body = body.replace(replace[0], replace[1], 1)
                if xml is not None:
                    body = xml
            zout.writestr(info, body)
    (folder / name).write_bytes(buffer.getvalue())
    return folder


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        (b"{{ 1/0 }}", "деление на ноль"),
        (b"{{ range(10000000)|list }}", "слишком"),
    ],
)
def test_template_errors_name_the_template(data: Path, tmp_path: Path, expression: bytes, words: str) -> None:
    templates = _template_with(tmp_path, "order.docx", replace=(b"{{ title }}", expression))
    started = time.perf_counter()
    result = run("render", "order", "--out", str(tmp_path / "out"), "--templates", str(templates))
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2
    assert result.output.startswith(f"Ошибка: шаблон {templates / 'order.docx'}:") and words in result.output
    assert "Error" not in result.output and "Внутренняя ошибка" not in result.output


def test_malformed_document_xml_names_the_template(data: Path, tmp_path: Path) -> None:
    templates = _template_with(tmp_path, "order.docx", xml=b"<w:document><w:body><w:p>")
    result = run("render", "order", "--out", str(tmp_path / "out"), "--templates", str(templates))
    assert result.exit_code == 2
    assert result.output.startswith(f"Ошибка: шаблон {templates / 'order.docx'} повреждён")
    assert "XMLSyntaxError" not in result.output and "Внутренняя ошибка" not in result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "school"
    shutil.copytree(DATA, root / "data")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    monkeypatch.chdir(root)
    return root


def test_git_setup_with_a_windows_1251_gitattributes(repo: Path) -> None:
    (repo / ".gitattributes").write_bytes("# вложения\n*.pdf binary\n".encode("cp1251"))
    result = run("git-setup")
    assert (result.exit_code, result.output) == (
        2,
        (
            f"Ошибка: {repo / '.gitattributes'} не в кодировке UTF-8 (похоже, Windows-1251); git читает его как UTF-8 — "
            "пересохраните файл в UTF-8 (iconv -f cp1251 -t utf-8) и повторите.\n"
        ),
    )


def test_git_setup_with_a_gitattributes_folder(repo: Path) -> None:
    (repo / ".gitattributes").mkdir()
    result = run("git-setup")
    assert (result.exit_code, result.output) == (
        2,
        (f"Ошибка: {repo / '.gitattributes'} — папка, а должен быть файл; удалите или переименуйте её и повторите.\n"),
    )


def test_git_setup_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("git-setup").output == "Ошибка: . не в репозитории git; сначала создайте репозиторий: git init.\n"


def test_init_on_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("мои заметки", encoding="utf-8")
    result = run("init", "notes.txt")
    assert (result.exit_code, result.output) == (2, "Ошибка: notes.txt — это файл, а не папка; укажите новую или пустую папку.\n")
    assert Path("notes.txt").read_text(encoding="utf-8") == "мои заметки"


def test_init_under_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("x", encoding="utf-8")
    result = run("init", "notes.txt/school")
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: не удалось создать папку notes.txt/school: {tmp_path / 'notes.txt'} — это файл, а не папка.\n",
    )


@needs_permissions
def test_init_in_a_read_only_parent(tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    result = rollout("init", "ro/school", cwd=tmp_path, unprivileged=True)
    assert (result.returncode, out(result)) == (
        2,
        f"Ошибка: не удалось создать папку ro/school: нет прав на запись в папку {parent}.\n",
    )
    assert list(parent.iterdir()) == []


@needs_permissions
def test_fmt_in_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    folder.chmod(0o555)
    try:
        check = rollout("fmt", "--check", cwd=tmp_path, unprivileged=True)
        assert (check.returncode, out(check)) == (0, "Все файлы в каноническом виде.\n")
        assert rollout("fmt", cwd=tmp_path, unprivileged=True).returncode == 0  # nothing to change: nothing to lock
        folder.chmod(0o755)
        edit(folder, "plan.yaml", "schema_version: 2", "schema_version:   2")
        folder.chmod(0o555)
        check = rollout("fmt", "--check", cwd=tmp_path, unprivileged=True)
        assert (check.returncode, out(check)) == (1, "Не в каноническом виде: data/plan.yaml\n")
        write = rollout("fmt", cwd=tmp_path, unprivileged=True)
        assert (write.returncode, out(write)) == (
            2,
            "Ошибка: нет прав на запись в папку data, а изменение файлов в ней требует их. Файлы не изменены.\n",
        )
        assert not (folder / ".rollout.lock").exists()
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize(
    ("command", "code", "first_line"),
    [
        (["status", "--today", "2020-07-01"], 0, "МБОУ – Гимназия № 5: ход внедрения ЭлЖура на 01.07.2020"),
        (["check", "--today", "2020-09-01"], 1, "data/order.yaml"),
        (
            ["status", "--today", "2020-07-01", "--person", "nobody"],
            2,
            "Ошибка: сотрудника «nobody» нет в order.yaml (people); известны: loyko, ryzhenko, romanenko, odinokin.",
        ),
    ],
)
def test_output_to_a_cp1251_stdout(command: list[str], code: int, first_line: str) -> None:
    result = rollout(*command, "--data", str(DATA), env={"PYTHONIOENCODING": "cp1251"})
    text = (result.stdout + result.stderr).decode("cp1251")
    assert result.returncode == code
    assert "Внутренняя ошибка" not in text and "Traceback" not in text
    assert text.splitlines()[0] == first_line


def test_diff_to_a_cp1251_stdout(repo: Path) -> None:
    for args in (["config", "user.email", "a@b"], ["config", "user.name", "a"], ["add", "-A"], ["commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=repo, check=True)
    edit(
        repo / "data",
        "plan.yaml",
        "      month: 2020-08\n    responsible:\n      - odinokin",
        "      month: 2020-07\n    responsible:\n      - odinokin",
    )
    result = rollout("diff", cwd=repo, env={"PYTHONIOENCODING": "cp1251"})
    assert (result.returncode, result.stdout.decode("cp1251")) == (0, "Мероприятие 8: срок август → июль\n".replace("→", "->"))


def test_ascii_stdout_falls_back_too() -> None:
    result = rollout("status", "--today", "2020-07-01", "--data", str(DATA), env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and b"???" in result.stdout


@pytest.mark.parametrize("delay", [0.15, 0.3, 0.45, 0.6])
def test_ctrl_c_at_any_moment_exits_130_quietly(delay: float) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    process = subprocess.Popen(
        [sys.executable, "-m", "elzhur_rollout", "status", "--today", "2020-07-01", "--data", str(DATA)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _stdout, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr and b"KeyboardInterrupt" not in stderr
    # 130, or killed by SIGINT after the handlers (-2: a shell shows $? = 130 as well); 0: finished before the signal
    assert process.returncode in (130, -signal.SIGINT, 0)


def test_ctrl_c_in_a_callback_python_cannot_raise_from_still_ends_quietly() -> None:
    # Ctrl-C landing in the import system's lock release or a finaliser is «unraisable»: Python
    # would print «Exception ignored … KeyboardInterrupt» and go on with the command
    code = textwrap.dedent(
        """
        import sys, types
        from elzhur_rollout import launch

        class Finaliser:
            def __del__(self):
                raise KeyboardInterrupt

        def run():
            Finaliser()
            print("went on")

        app = types.ModuleType("elzhur_rollout.cli.app")
        app.main = run
        sys.modules["elzhur_rollout.cli.app"] = app
        launch.main()
        """
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (130, b"", b"")


def test_ctrl_c_inside_a_command_exits_130(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import elzhur_rollout.api as api

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "check", interrupted)
    result = run("check")
    assert (result.exit_code, result.output) == (130, "")


def test_status_into_a_closed_pipe_exits_0() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    shell = f"{sys.executable} -m elzhur_rollout status --today 2020-07-01 --data {DATA} | head -1; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", shell], capture_output=True, env=env, timeout=60)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("utf-8") == "МБОУ – Гимназия № 5: ход внедрения ЭлЖура на 01.07.2020\n"


# =========================================================================== 2. clear Russian


def test_os_errors_are_russian_and_name_the_users_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import elzhur_rollout.source.files as files

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(data / ".plan.yaml.abc123.tmp"))

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    result = run("done", "1", "--today", "2020-06-20")
    assert (result.exit_code, result.output) == (2, "Ошибка: не удалось записать data: нет прав на запись. Файлы не изменены.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chek"], "Ошибка: неизвестная команда «chek»; возможно, имелось в виду «check», «schema».\nСправка: rollout --help\n"),
        (
            ["check", "extra"],
            "Ошибка: лишний аргумент «extra»; у этой команды их нет или меньше.\nСправка: rollout check --help\n",
        ),
        (
            ["entered", "pupils", "-5"],
            "Ошибка: отрицательное число -5 недопустимо: число не может быть меньше 0.\nСправка: rollout entered --help\n",
        ),
        (["done"], "Ошибка: не указан обязательный аргумент МЕРОПРИЯТИЕ.\nСправка: rollout done --help\n"),
        (["render"], "Ошибка: не указан обязательный аргумент ДОКУМЕНТ.\nСправка: rollout render --help\n"),
        (
            ["render", "poster"],
            "Ошибка: недопустимое значение ДОКУМЕНТ; допустимо: order, plan, regulation, ack, all, report, amendments.\nСправка: rollout render --help\n",
        ),
        (
            ["entered", "pupils", "x"],
            "Ошибка: недопустимое значение ЧИСЛО: ожидается целое число.\nСправка: rollout entered --help\n",
        ),
        (
            ["entered", "pupils", "٣"],
            "Ошибка: недопустимое значение ЧИСЛО: ожидается целое число.\nСправка: rollout entered --help\n",
        ),
        (
            ["check", "--today", "20200530"],
            "Ошибка: недопустимое значение --today: «20200530» — не дата; пишите ГГГГ-ММ-ДД, например 2020-09-15.\nСправка: rollout check --help\n",
        ),
        (
            ["check", "--today", "2020-W23-6"],
            "Ошибка: недопустимое значение --today: «2020-W23-6» — не дата; пишите ГГГГ-ММ-ДД, например 2020-09-15.\nСправка: rollout check --help\n",
        ),
    ],
)
def test_command_line_messages(args: list[str], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.output) == (2, message)
    assert not any(word in result.output for word in ("Did you mean", "MEASURE", "WHAT", "count", "Error"))


def test_bare_rollout_prints_help_once() -> None:
    result = rollout()
    assert result.returncode == 0
    assert out(result).count("Использование: rollout") == 1


@pytest.mark.parametrize("kind", ["missing", "folder", "empty", "text"])
def test_textconv_of_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    monkeypatch.chdir(tmp_path)
    path = Path("x.docx")
    if kind == "folder":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("не docx", encoding="utf-8")
    result = run("textconv", str(path))
    assert result.exit_code == 2
    expected = {
        "missing": "Ошибка: файл x.docx не найден.\n",
        "folder": "Ошибка: x.docx — папка, а не файл .docx.\n",
        "empty": "Ошибка: x.docx пуст: это не файл .docx.\n",
        "text": "Ошибка: x.docx не читается как .docx: это не документ Word (не zip-архив).\n",
    }[kind]
    assert result.output == expected


def test_diff_without_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "school"
    shutil.copytree(DATA, root / "data")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    monkeypatch.chdir(root)
    result = run("diff")
    assert (result.exit_code, result.output) == (
        2,
        (
            f"Ошибка: в репозитории {root} ещё нет ни одного коммита, сравнивать не с чем; сделайте первый коммит "
            '(git add data && git commit -m "Документы внедрения").\n'
        ),
    )


@needs_permissions
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "plan.yaml").chmod(0)
    result = rollout("check", cwd=tmp_path, unprivileged=True)
    assert (result.returncode, out(result)) == (
        2,
        (
            "data/plan.yaml\n  1:1: ошибка [unreadable] нет прав на чтение файла; откройте доступ к нему (свойства файла → "
            "безопасность, или chmod u+r) либо скопируйте папку к себе\nНайдено: 1 ошибка.\n"
        ),
    )
    (folder / "plan.yaml").chmod(0o644)
    folder.chmod(0)
    try:
        result = rollout("check", cwd=tmp_path, unprivileged=True)
        assert (result.returncode, out(result)) == (
            2,
            "Ошибка: --data data: нет прав на чтение; откройте доступ (chmod u+rx) или укажите другой путь.\n"
            "Справка: rollout check --help\n",
        )
    finally:
        folder.chmod(0o755)


def test_unreadable_file_in_process(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from elzhur_rollout.source import files

    original = files.read_regular

    def denied(path: Path, *args: object) -> bytes:
        if path.name == "plan.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "read_regular", denied)
    assert "[unreadable] нет прав на чтение файла" in run("check").output


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16-le", "UTF-16 без метки BOM (UTF-16LE)"),
        ("utf-16-be", "UTF-16 без метки BOM (UTF-16BE)"),
        ("utf-16", "UTF-16 (UTF-16LE)"),
        ("utf-32", "UTF-32 (UTF-32LE)"),
        ("utf-32-le", "UTF-32 без метки BOM (UTF-32LE)"),
        ("utf-32-be", "UTF-32 без метки BOM (UTF-32BE)"),
    ],
)
def test_wide_encodings_are_named(encoding: str, name: str) -> None:
    text = (DATA / "plan.yaml").read_text(encoding="utf-8")
    with pytest.raises(YamlProblem) as info:
        decode(text.encode(encoding))
    short = name.split(" ")[0]
    assert info.value.message == (
        f"файл в кодировке {name}, а нужна UTF-8; пересохраните его в UTF-8: в Блокноте — «Сохранить как» → "
        f"«Кодировка: UTF-8», или командой iconv -f {name.split('(')[1][:-1]} -t UTF-8 старый.yaml > новый.yaml"
    )
    assert short in ("UTF-16", "UTF-32")


def test_bare_float_number_says_to_quote_it(data: Path) -> None:
    edit(data, "order.yaml", '  number: "188"', "  number: 151.1")
    line = line_of(data, "order.yaml", "number: 151.1")
    result = run("check")
    assert result.output == (
        f"data/order.yaml\n  {line}:11: ошибка [schema] 151.1 без кавычек читается в YAML как дробное число, а здесь нужен "
        'текст; возьмите значение в кавычки, как написано: "151.1"\nНайдено: 1 ошибка.\n'
    )


# =========================================================================== 3. not silently


@pytest.mark.parametrize(
    ("written", "column", "code", "shown"),
    [
        ('"\\e[31mВнимание"', 9, "0x001b", "\\e"),
        ('"\\x01"', 9, "0x0001", "\\x01"),
        ('"Итог\\u0007"', 13, "0x0007", "\\u0007"),
        ('"a\\rb"', 10, "0x000d", "\\r"),
    ],
)
def test_escaped_control_characters_are_refused(data: Path, written: str, column: int, code: str, shown: str) -> None:
    edit(data, "plan.yaml", "title: ", f"title: {written}\nold_title: ")
    text = (data / "plan.yaml").read_text(encoding="utf-8")
    (data / "plan.yaml").write_text(text.replace("\nold_title: ", "\n# "), encoding="utf-8")
    line = line_of(data, "plan.yaml", "title: ")
    result = run("status")
    assert result.exit_code == 2
    assert result.output == (
        f"data/plan.yaml\n  {line}:{column}: ошибка [yaml-syntax] управляющий символ (код {code}), записанный как «{shown}»; "
        "такие символы не печатаются и портят вывод в терминале — удалите его\nНайдено: 1 ошибка.\n"
    )


def test_ordinary_escapes_still_work() -> None:
    assert parse_yaml('a: "Строка\\tс табуляцией\\nи переводом, \\u00ab\\u00bb"\n')[0] == {
        "a": "Строка\tс табуляцией\nи переводом, «»"
    }


def test_duty_number_in_arabic_indic_digits_is_refused(data: Path) -> None:
    before = snapshot(data)
    result = run("duty-done", "engineer", "٣", "--today", "2020-06-12")
    assert (result.exit_code, result.output) == (
        2,
        (
            "Ошибка: у роли «Инженер-электроник» нет обязанности «٣» (номер пишется цифрами 0–9); "
            "укажите id или номер: weekly-update, 1–8. Файлы не изменены.\n"
        ),
    )
    assert snapshot(data) == before


@pytest.mark.parametrize(("written", "value"), [("0x2", 2), ("0o2", 2), ("002", 2), ("+2", 2)])
def test_measure_id_written_otherwise_than_decimal_is_refused(data: Path, written: str, value: int) -> None:
    edit(data, "plan.yaml", "  - id: 2\n", f"  - id: {written}\n")
    line = line_of(data, "plan.yaml", f"id: {written}")
    result = run("check")
    assert result.output == (
        f"data/plan.yaml\n  {line}:9: ошибка [schema] «{written}» читается в YAML как число {value}; номер пишите цифрами без "
        f'знака и ведущих нулей ({value}) или, если он именно такой, возьмите его в кавычки: "{written}"\nНайдено: 1 ошибка.\n'
    )
    edit(data, "plan.yaml", f"  - id: {written}\n", f'  - id: "{written}"\n')
    assert "[schema]" not in run("check", "--scope", "documents").output  # quoted, it is the id «0x2» as written


def test_two_appendices_of_one_kind(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "  - key: regulation\n    kind: regulation\n",
        "  - key: regulation\n    kind: regulation\n  - key: plan-2\n    kind: plan\n",
    )
    line = line_of(data, "order.yaml", "  - key: plan")
    result = run("check")
    assert result.output == (
        f"data/order.yaml\n  {line}:3: ошибка [schema] приложение вида plan указано дважды (приложения 1 и 3), а plan.yaml "
        "один; удалите лишнее\nНайдено: 1 ошибка.\n"
    )


def test_two_appendices_with_one_key(data: Path) -> None:
    edit(
        data,
        "order.yaml",
        "  - key: regulation\n    kind: regulation\n",
        "  - key: regulation\n    kind: regulation\n  - key: plan\n    kind: text\n    title: Памятка\n    paragraphs: [Текст]\n",
    )
    result = run("check", "--scope", "documents")
    assert result.exit_code == 1
    assert "[appendix-duplicate] приложение «plan» уже описано (приложение 1)" in result.output


# =========================================================================== 4. files and links


def test_a_symlinked_lock_is_never_followed(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    (data / ".rollout.lock").symlink_to(outside)
    before = snapshot(data)
    result = run("done", "1", "--today", "2020-06-20")
    assert (result.exit_code, result.output) == (
        2,
        (
            "Ошибка: data/.rollout.lock — символическая ссылка; файл блокировки не может быть ссылкой: удалите её и "
            "повторите. Файлы не изменены.\n"
        ),
    )
    assert not outside.exists()
    assert snapshot(data) == before


def test_the_lock_is_removed_after_each_edit(data: Path) -> None:
    assert run("done", "1", "--today", "2020-06-20").exit_code == 0
    assert run("done", "99", "--today", "2020-06-20").exit_code == 2
    assert sorted(p.name for p in data.iterdir()) == ["order.yaml", "plan.yaml", "regulation.yaml"]


def test_stale_temporary_files_are_cleaned_and_ignored(data: Path, tmp_path: Path) -> None:
    stale = data / ".plan.yaml.k1ll3d.tmp"
    stale.write_text("half", encoding="utf-8")
    foreign = data / ".notes.txt.mine.tmp"
    foreign.write_text("not ours", encoding="utf-8")
    assert run("done", "1", "--today", "2020-06-20").exit_code == 0
    assert not stale.exists() and foreign.exists()
    assert ".*.tmp" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert run("init", str(tmp_path / "school"), "--today", "2020-05-30").exit_code == 0
    ignored = (tmp_path / "school" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert [line for line in ignored if not line.startswith("#")] == [
        ".rollout.lock",
        ".*.tmp",
        ".vscode/settings.json",
        ".venv/",
        "venv/",
        "__pycache__/",
    ]


def test_render_cleans_its_stale_temporaries(tmp_path: Path) -> None:
    from elzhur_rollout.source.files import write_atomically

    old = tmp_path / ".prikaz.docx.a1b2.tmp"
    old.write_bytes(b"x")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = tmp_path / ".prikaz.docx.c3d4.tmp"  # perhaps another render right now: left alone
    fresh.write_bytes(b"x")
    write_atomically({tmp_path / "prikaz.docx": b"docx"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [".prikaz.docx.c3d4.tmp", "prikaz.docx"]


# =========================================================================== 5. nothing lost


def test_cancel_keeps_an_existing_note(data: Path) -> None:
    assert run("done", "1", "--note", "Приказ № 201", "--today", "2020-06-03").exit_code == 0
    assert run("reopen", "1", "--today", "2020-06-04").exit_code == 0
    assert run("cancel", "1", "--note", "перенесено", "--today", "2020-06-05").exit_code == 0
    assert load_bundle(data).plan.measures[0].note == (
        "Приказ № 201; 04.06.2020: возвращено в план (было: выполнено); 05.06.2020: перенесено"
    )


# =========================================================================== 6. diff misses nothing


def _compare_after(tmp_path: Path, source: Path, edits: list[tuple[str, str, str]]) -> list[str]:
    from elzhur_rollout.views.changes import compare

    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(source, before)
    shutil.copytree(source, after)
    for name, old, new in edits:
        edit(after, name, old, new)
    return [str(c) for c in compare(load_bundle(before), load_bundle(after))]


def test_diff_names_what_it_used_to_miss(tmp_path: Path) -> None:
    school = ROOT / "examples" / "school-12"
    assert _compare_after(
        tmp_path,
        school,
        [
            ("regulation.yaml", "    body: педагогическим советом\n", "    body: Управляющим советом\n"),
            ("order.yaml", "purpose: С целью организации ведения", "purpose: С целью организованного ведения"),
            ("regulation.yaml", 'duties_intro: "Обязанности участников:"', 'duties_intro: "Обязанности сотрудников:"'),
        ],
    ) == [
        "Приказ: цель (преамбула): «С целью организации ведения электронного жур…» → «С целью организованного ведения "
        "электронного жур…»",
        "Регламент: грифы, кем согласовано или утверждено: «педагогическим советом» → «Управляющим советом»",
        "Регламент: вводная фраза к обязанностям: «Обязанности участников:» → «Обязанности сотрудников:»",
    ]


def test_diff_of_titles_deadlines_and_the_order_of_appendices(tmp_path: Path) -> None:
    assert _compare_after(
        tmp_path,
        DATA,
        [
            (
                "order.yaml",
                "  - key: plan\n    kind: plan\n  - key: regulation\n    kind: regulation\n",
                "  - key: regulation\n    kind: regulation\n  - key: plan\n    kind: plan\n",
            ),
            ("order.yaml", "      until: 2020-06-15\n", "      until: 2020-06-30\n"),
            ("regulation.yaml", "    title: Директор\n", "    title: Директор школы\n"),
            (
                "regulation.yaml",
                "title: Регламент рабочей группы по внедрению ЭлЖура",
                "title: Регламент группы по внедрению ЭлЖура",
            ),
        ],
    ) == [
        "Пункт 3: срок: до 15.06.2020 и далее – по мере необходимости → до 30.06.2020 и далее – по мере необходимости",
        "Приказ: приложения: изменён порядок: regulation, plan",
        "Регламент: заголовок: «Регламент рабочей группы по внедрению ЭлЖура в МБОУ – Гимназии № 5» → "
        "«Регламент группы по внедрению ЭлЖура в МБОУ – Гимназии № 5»",
        "Директор школы: заголовок: «Директор» → «Директор школы»",
    ]


def test_diff_of_data_entry_is_worded(tmp_path: Path) -> None:
    assert _compare_after(
        tmp_path,
        DATA,
        [
            (
                "order.yaml",
                "            text: об обучающихся\n            entered: 0",
                "            text: об обучающихся\n            entered: 450",
            ),
        ],
    ) == ["Пункт 3.1: внесены данные об обучающихся: 0 → 450"]


def test_every_field_has_a_russian_label() -> None:
    from elzhur_rollout.core.models import DOCUMENTS, nested_models
    from elzhur_rollout.views.changes import LABELS, label

    seen, todo = set(), list(DOCUMENTS.values())
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, f in model.model_fields.items():
            key = f.alias or name
            assert key in LABELS or f"{model.__name__}.{key}" in LABELS, f"{model.__name__}.{key} has no label"
            assert label(model, key) and label(model, key)[0].islower()
            todo += nested_models(f.annotation)
