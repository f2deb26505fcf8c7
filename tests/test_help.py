"""Help a Russian user reads: no English word, no type placeholder, `-h`, `rollout help`,
shell completion, and Typer's own strings translated through the gettext catalog."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from elzhur_rollout.cli.app import app
from elzhur_rollout.source.json_schema import json_schema
from helpers import ROOT, run

CATALOG = ROOT / "src" / "elzhur_rollout" / "cli" / "locale" / "ru" / "LC_MESSAGES"
LATIN_WORD = re.compile(r"\.?[A-Za-z][A-Za-z0-9_]*(?:[-/.][A-Za-z0-9_]+)*")
# names a user types or reads as they are: programs, formats and products; every other Latin
# word in help must be a command, an option, a choice or a key of the data files
NAMES = {
    "rollout",
    "git",
    "Ctrl",  # the key as printed on keyboards: «Ctrl+C»
    "C",
    "LibreOffice",
    "PDF",
    "PDF/A-2b",
    "HTML",
    "JSON",
    "Schema",
    "VS",
    "Code",
    "iCalendar",
    "Outlook",
    "Google",
    "Excel",
    "UTF-8",
    "BOM",
    "pre-commit",
    "bash",
    "zsh",
    "powershell",
    "Windows",
    "Tab",
    "HEAD",
    # the usual categories of data entry, as written in order.yaml (`rollout entered pupils 612`)
    "pupils",
    "teachers",
    "parents",
}
FILE_NAME = re.compile(r"[\w./-]*\.(?:yaml|docx|ics|html|json|xlsx|csv)\b")


def _commands() -> dict[tuple[str, ...], Any]:
    found: dict[tuple[str, ...], Any] = {}

    def walk(command: Any, path: tuple[str, ...]) -> None:
        found[path] = command
        for name, sub in (getattr(command, "commands", None) or {}).items():
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return found


def _schema_keys() -> set[str]:
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            keys.update(str(v) for v in node.get("enum", []))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in ("order", "plan", "regulation"):
        walk(json_schema(kind))
    return keys


def _allowed_words(commands: dict[tuple[str, ...], Any]) -> set[str]:
    allowed = set(NAMES) | _schema_keys() | {"h", "help"}
    for path, command in commands.items():
        allowed.update(path)
        for param in command.params:
            allowed.update(o.lstrip("-") for o in param.opts + param.secondary_opts)
            descriptor = getattr(param, "type_descriptor", None)
            if getattr(descriptor, "is_choice", False):
                allowed.update(str(getattr(c, "value", c)) for c in descriptor.choices)
            allowed.update(LATIN_WORD.findall(param.metavar or ""))
            if isinstance(param.default, str | Path):
                allowed.add(str(param.default))
    return allowed


def test_help_has_no_english_word_and_no_type_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    commands = _commands()
    assert len(commands) >= 23
    allowed = _allowed_words(commands)
    wrong = []
    for path in commands:
        result = run(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        text = result.output
        assert text.startswith(f"Использование: {' '.join(('rollout', *path))} ")
        for artefact in ("<", ">", "x>=", "x<=", "{", "}", "[default", "[required"):
            if artefact in text:
                wrong.append(f"rollout {' '.join(path)}: «{artefact}»")
        for word in LATIN_WORD.findall(FILE_NAME.sub(" ", text)):
            if word in allowed or word.startswith("."):
                continue
            wrong.append(f"rollout {' '.join(path)}: {word}")
    assert not wrong, "English in help: " + "; ".join(wrong)


def test_choices_are_listed_unwrapped_and_ranges_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    entered = run("entered", "--help").output
    assert "│ ЧИСЛО        Сколько записей внесено. Число от 0 до 100000. [обязательно]    │" in entered
    assert "Использование: rollout entered [ПАРАМЕТРЫ] КАТЕГОРИЯ ЧИСЛО\n" in entered
    completion = run("completion", "--help").output
    assert "Варианты: bash, zsh, powershell." in completion or "bash, zsh или powershell" in completion
    check = run("check", "--help").output
    assert (
        "│ --horizon   ДНИ            За сколько дней до срока предупреждать. Число от  │\n│                            0 до 3660. [по умолчанию: 7]                      │\n"
        in check
    )


def test_duty_done_and_event_name_the_order_and_the_regulation_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """check's hint «rollout duty-done приказ 8 …» must be what the help of duty-done allows."""
    monkeypatch.setenv("COLUMNS", "80")
    for command in ("duty-done", "event"):
        page = run(command, "--help").output
        assert "│ РОЛЬ           Роль (ключ в roles регламента), «приказ» или «регламент».     │" in page
        assert "│ ОБЯЗАННОСТЬ    Обязанность: её id или номер в роли; номер пункта.            │" in page


def test_short_help_option_and_help_command_show_the_same_page() -> None:
    page = run("render", "--help").output
    assert run("render", "-h").output == page
    assert run("help", "render").output == page
    assert run("help").output == run("--help").output
    wrong = run("help", "rendr")
    assert (wrong.exit_code, wrong.output) == (
        2,
        "Ошибка: неизвестная команда «rendr»; возможно, имелось в виду «render», «calendar», «amend».\n",
    )


def test_version_names_the_data_format() -> None:
    result = run("--version")
    assert result.output.splitlines()[1] == "Формат данных: версия 2 (файлы версии 1 переводит rollout migrate)."


# --------------------------------------------------------------------------- completion


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """`rollout` on PATH as the code under test, a private home."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "rollout"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m elzhur_rollout "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_ROLLOUT", "_TYPER"))}
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "HOME": str(home), "PYTHONPATH": str(ROOT / "src")})
    return env


def test_bash_completion_installs_and_completes_commands_and_choices(shell_env: dict[str, str]) -> None:
    if shutil.which("bash") is None:
        pytest.skip("needs bash")
    home = Path(shell_env["HOME"])
    installed = subprocess.run(["rollout", "completion", "bash", "--install"], env=shell_env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    script = home / ".bash_completions" / "rollout.sh"
    assert installed.stdout == (
        f"Записано: {script}\nПодключено в {home / '.bashrc'}.\nДополнение заработает в новом окне терминала.\n"
    )
    assert f"source '{script}'" in (home / ".bashrc").read_text(encoding="utf-8")
    assert script.read_text(encoding="utf-8") == run("completion", "bash").output.rstrip("\n")

    def complete(*words: str) -> list[str]:
        line = " ".join(f"'{w}'" for w in words)
        program = f"source '{script}'; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _rollout_completion rollout; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        done = subprocess.run(["bash", "-c", program], env=shell_env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("rollout", "ren") == ["render"]
    assert complete("rollout", "render", "a") == ["ack", "all", "amendments"]
    assert complete("rollout", "check", "--fo") == ["--format"]


@pytest.mark.parametrize(
    ("shell", "env", "expected"),
    [
        ("zsh", {"_TYPER_COMPLETE_ARGS": "rollout ren"}, '_arguments \'*: :(("render":"Выпустить документы в .docx'),
        (
            "powershell",
            {"_TYPER_COMPLETE_ARGS": "rollout ren", "_TYPER_COMPLETE_WORD_TO_COMPLETE": "ren"},
            "render:::Выпустить документы в .docx",
        ),
    ],
)
def test_zsh_and_powershell_scripts_use_the_completion_protocol(
    shell: str, env: dict[str, str], expected: str, shell_env: dict[str, str]
) -> None:
    script = run("completion", shell).output
    assert "_ROLLOUT_COMPLETE" in script and f"complete_{shell}" in script
    answer = subprocess.run(
        ["rollout"],
        env={**shell_env, **env, "_ROLLOUT_COMPLETE": f"complete_{shell}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert answer.stdout.startswith(expected), answer.stdout + answer.stderr


# --------------------------------------------------------------------------- the catalog


def _catalog() -> dict[str, str]:
    with (CATALOG / "rollout.po").open("rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f, locale="ru") if m.id}


def test_compiled_catalog_is_the_po_file() -> None:
    with (CATALOG / "rollout.po").open("rb") as f:
        catalog = read_po(f, locale="ru")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    assert (CATALOG / "rollout.mo").read_bytes() == out.getvalue(), "run: python tools/compile_catalog.py"
    with (CATALOG / "rollout.mo").open("rb") as f:
        assert {str(m.id): str(m.string) for m in read_mo(f) if m.id} == _catalog()


def test_every_string_typer_translates_is_in_the_catalog() -> None:
    """A newer Typer with a new user-facing string fails here until the string is translated."""
    root = Path(typer.__file__).parent
    wanted = set()
    for path in sorted(root.rglob("*.py")):
        for _lineno, message, _comments, _context in extract_from_file(
            "python", str(path), keywords={"_": None, "gettext": None, "ngettext": (1, 2)}
        ):
            wanted.update([message] if isinstance(message, str) else message)
    catalog = _catalog()
    assert wanted, "Typer marks no string for gettext any more: see cli/russian_face.py"
    assert sorted(wanted - set(catalog)) == []
    for msgid, msgstr in catalog.items():
        assert msgstr, msgid
        words = set(LATIN_WORD.findall(re.sub(r"\{[^}]*\}|\[/?[a-z]*\]", "", msgstr)))
        assert not words, (msgid, msgstr)


def test_typer_strings_come_out_russian() -> None:
    """Through gettext, as Typer looks them up: the rich panel titles and the group's errors."""
    program = (
        "from elzhur_rollout.cli.russian_face import speak_russian; speak_russian();"
        "from typer import rich_utils; import json, gettext;"
        "print(json.dumps([rich_utils.OPTIONS_PANEL_TITLE, rich_utils.DEFAULT_STRING, gettext.gettext('Missing command.')]))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "LANGUAGE": "en", "LANG": "C.UTF-8"}
    out = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["Параметры", "[по умолчанию: {}]", "Не указана команда."]
