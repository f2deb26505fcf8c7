"""The README is part of the product: its commands run, its options exist, its tables are current.

Conventions (also in the README's «For contributors»):

* ``console`` blocks are shell sessions: a line starting with ``$ `` is a command, the lines
  after it are its expected output (stdout and stderr together).  ``...`` alone on a line
  matches any number of lines, ``...`` inside a line any text.  A command must exit 0 unless
  the next command is ``echo $?`` whose expected output is the exit code.  Trailing spaces
  and the difference between a space and a no-break space are ignored.
* The blocks of the walkthrough (the section «Заседание рабочей группы…») are one session in
  one folder, in order; a ``diff`` block there is a hand edit, applied with ``git apply``.
  Every other ``console`` block runs alone on a fresh copy of ``data/``.
"""

from __future__ import annotations

import ast
import enum
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click import exceptions as click_exceptions  # typer 0.29 vendors click
from typer.core import TyperArgument, TyperOption

import elzhur_rollout
from elzhur_rollout.cli.app import app
from elzhur_rollout.docs import codes_table, readme_codes_table
from helpers import DATA, ROOT, run

README_PATH = ROOT / "README.md"
CODE_ROOT = str(Path(elzhur_rollout.__file__).resolve().parent.parent)
README = README_PATH.read_text(encoding="utf-8")
WALKTHROUGH = "## Заседание рабочей группы"
COMMANDS_SECTION = "## Команды"


# --------------------------------------------------------------------------- parsing the README


@dataclass
class Block:
    info: str
    lines: list[str]
    section: str  # the level-2 heading the block stands under
    line: int  # 1-based line of the opening fence


def blocks(text: str = README) -> list[Block]:
    out: list[Block] = []
    section = ""
    current: Block | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if current is not None:
            if line.startswith("```"):
                out.append(current)
                current = None
            else:
                current.lines.append(line)
        elif line.startswith("```"):
            current = Block(line[3:].strip(), [], section, number)
        elif line.startswith("## "):
            section = line
    assert current is None, "an unclosed code block in README.md"
    return out


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)
    exit_code: int = 0


def steps(block: Block) -> list[Step]:
    out: list[Step] = []
    pending_code = False
    for line in block.lines:
        if line.startswith("$ "):
            command = line[2:].strip()
            assert out or command != "echo $?", f"README.md:{block.line}: echo $? without a command before it"
            pending_code = command == "echo $?"
            if not pending_code:
                out.append(Step(command))
        elif pending_code:
            out[-1].exit_code = int(line.strip())
            pending_code = False
        else:
            assert out, f"README.md:{block.line}: output before the first command"
            out[-1].expected.append(line)
    return out


def section(heading: str, text: str = README) -> str:
    """The text of a section from its heading to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index("\n" + heading + "\n") + 1
    rest = text[start + len(heading) :]
    end = re.search(rf"^#{{1,{level}}} ", rest, flags=re.MULTILINE)
    return heading + (rest[: end.start()] if end else rest)


def matches(expected: list[str], actual: str) -> bool:
    """Whether the output matches the README's expected lines (``...`` as wildcards; the
    no-break spaces of the documents compare equal to the README's plain spaces)."""
    pattern = ""
    for line in expected:
        if line.strip() == "...":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += "[^\n]*".join(re.escape(part) for part in line.rstrip().split("...")) + r"\n"
    actual = actual.replace("\u00a0", " ").replace("\u202f", " ")  # no-break spaces read as spaces
    text = "".join(line.rstrip() + "\n" for line in actual.splitlines())
    text = text.rstrip("\n") + "\n" if text.strip() else ""
    return re.fullmatch(pattern, text) is not None


def test_matches_wildcards() -> None:
    assert matches(["a", "...", "d"], "a\nb\nc\nd\n")
    assert matches(["a", "...", "b"], "a\nb\n")
    assert matches(["x = ... y."], "x = /usr/bin/python y.\n")
    assert not matches(["a", "b"], "a\nc\n")
    assert not matches(["a"], "a\nb\n")
    assert matches([], "")


# --------------------------------------------------------------------------- the opening


def test_readme_starts_with_title_paragraph_and_two_commands() -> None:
    lines = README.splitlines()
    assert lines[0] == "# elzhur-rollout"
    assert lines[1] == ""
    paragraph_end = lines.index("", 2)
    paragraph = lines[2:paragraph_end]
    assert len(paragraph) == 1, "one paragraph (one line of Markdown) after the title"
    assert re.search(r"[А-Яа-яЁё]", paragraph[0]) and not paragraph[0].startswith(("#", "```", "*", "|", ">"))
    assert lines[paragraph_end + 1] == "```sh"
    fence_end = lines.index("```", paragraph_end + 2)
    commands = lines[paragraph_end + 2 : fence_end]
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && rollout ")
    assert commands[1] == "pip install '.[test]' && python -m pytest"


def test_first_command_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `rollout` parts of the README's first command exit 0 on the bundled data."""
    first = blocks()[0]
    parts = [p.strip() for p in first.lines[0].split("&&")]
    assert parts[0] == "pip install ."
    monkeypatch.chdir(ROOT)
    for part in parts[1:]:
        args = shlex.split(part)
        assert args[0] == "rollout"
        result = run(*args[1:])
        assert result.exit_code == 0, f"{part}: {result.output}"


# --------------------------------------------------------------------------- the reference


def _commands() -> dict[str, Any]:
    """Every command of `rollout`, by its full name, walking groups recursively."""
    found: dict[str, Any] = {}

    def walk(command: Any, name: str) -> None:
        if getattr(command, "commands", None):
            for sub_name, sub in command.commands.items():
                walk(sub, f"{name} {sub_name}")
        else:
            found[name] = command

    walk(typer.main.get_command(app), "rollout")
    return found


def _documented_words(param: Any) -> list[str]:
    """What of a parameter must appear in its command's section: option names, an argument's
    metavar or, for a choice, every choice."""
    words: list[str] = []
    if isinstance(param, TyperOption):
        words += [opt for opt in param.opts + param.secondary_opts if opt != "--help"]
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        words += [str(member.value) for member in annotation]
    elif isinstance(param, TyperArgument):
        words.append(param.metavar or param.name or "")
    return words


def test_every_command_and_option_is_documented() -> None:
    commands = _commands()
    assert len(commands) >= 16
    reference = section(COMMANDS_SECTION)
    missing = []
    for name, command in commands.items():
        heading = f"### `{name}`"
        if f"\n{heading}\n" not in reference:
            missing.append(f"{heading} (a section under «Команды»)")
            continue
        text = section(heading, reference)
        for param in command.params:
            missing += [f"{name}: {word}" for word in _documented_words(param) if word not in text]
    root = typer.main.get_command(app)
    missing += [opt for param in root.params for opt in _documented_words(param) if opt not in README]
    assert not missing, "not documented in README.md: " + "; ".join(missing)


def test_codes_table_is_current() -> None:
    assert readme_codes_table(README) == codes_table(), "run: python tools/update_readme.py"


def _rollout_lines() -> list[tuple[int, str]]:
    out = []
    for block in blocks():
        if block.info not in ("sh", "console"):
            continue
        for i, line in enumerate(block.lines):
            text = line[2:] if block.info == "console" and line.startswith("$ ") else line
            if block.info == "console" and not line.startswith("$ "):
                continue
            lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
            lexer.whitespace_split = True
            command: list[str] = []
            for token in [*lexer, "&&"]:
                if token in ("&&", "||", "|", ";"):
                    if command and command[0] == "rollout":
                        out.append((block.line + 1 + i, shlex.join(command)))
                    command = []
                else:
                    command.append(token)
    return out


def test_every_rollout_example_parses() -> None:
    """Every `rollout …` in a sh or console block names a real command with real options
    (synopses such as `rollout check [--data ПАПКА] …` are skipped: the docs test covers them)."""
    commands = _commands()
    lines = _rollout_lines()
    assert len(lines) > 30
    for number, line in lines:
        if "[" in line:
            continue  # a synopsis
        args = shlex.split(line)[1:]
        if args in (["--version"], ["--help"]):
            continue
        command = commands.get(f"rollout {args[0]}")
        assert command is not None, f"README.md:{number}: {line}: no such command"
        try:
            command.make_context(args[0], args[1:])
        except click_exceptions.UsageError as err:
            pytest.fail(f"README.md:{number}: {line}: {err.format_message()}")


# --------------------------------------------------------------------------- running the examples


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """`rollout` on PATH as the code under test, a fixed git identity, no user configuration."""
    if shutil.which("git") is None or os.name == "nt":
        pytest.skip("the README's examples need git and a POSIX shell")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "rollout"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m elzhur_rollout "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "ROLLOUT_", "SOURCE_DATE_EPOCH"))}
    env.update(
        {
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            # the code under test, also for the textconv command git runs: a relative PYTHONPATH=src
            # or an editable install elsewhere must not decide which elzhur_rollout the examples run
            "PYTHONPATH": os.pathsep.join([CODE_ROOT, *filter(None, [os.environ.get("PYTHONPATH")])]),
            "HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CEILING_DIRECTORIES": str(tmp_path),  # the examples' folder is never inside another repository
            "GIT_CONFIG_COUNT": "1",  # no «hint: Using 'master' as the name…» from any git version
            "GIT_CONFIG_KEY_0": "init.defaultBranch",
            "GIT_CONFIG_VALUE_0": "main",
            "GIT_AUTHOR_NAME": "Романенко Г.В.",
            "GIT_AUTHOR_EMAIL": "romanenko@example.org",
            "GIT_COMMITTER_NAME": "Романенко Г.В.",
            "GIT_COMMITTER_EMAIL": "romanenko@example.org",
            "COLUMNS": "80",
            "NO_COLOR": "1",
            "TERM": "dumb",
            "PYTHONUNBUFFERED": "1",
            "PYTHONIOENCODING": "utf-8",
            "LC_ALL": "C.UTF-8",
        }
    )
    used = subprocess.run(
        [sys.executable, "-c", "import elzhur_rollout; print(elzhur_rollout.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(used).resolve() == Path(elzhur_rollout.__file__).resolve(), f"the examples would run {used}"
    return env


def _school(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(DATA, folder / "data")
    return folder


def _play(block: Block, folder: Path, env: dict[str, str]) -> None:
    if block.info == "diff":
        patch = "\n".join(block.lines) + "\n"
        result = subprocess.run(["git", "apply", "-"], input=patch.encode(), cwd=folder, env=env, capture_output=True)
        assert result.returncode == 0, f"README.md:{block.line}: git apply: {result.stderr.decode()}"
        return
    for step in steps(block):
        result = subprocess.run(
            step.command, shell=True, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120
        )
        output = result.stdout.decode("utf-8", "replace")
        where = f"README.md:{block.line}: $ {step.command}"
        assert result.returncode == step.exit_code, (
            f"{where}\nexit code {result.returncode}, README says {step.exit_code}\n{output}"
        )
        assert matches(step.expected, output), f"{where}\nREADME shows:\n" + "\n".join(step.expected) + f"\nactual:\n{output}"


def test_walkthrough_runs(tmp_path: Path, shell_env: dict[str, str]) -> None:
    walkthrough = [b for b in blocks() if b.section.startswith(WALKTHROUGH) and b.info in ("console", "diff")]
    assert len(walkthrough) >= 8
    commands = [s.command for b in walkthrough if b.info == "console" for s in steps(b)]
    for needed in (
        "rollout check",
        "rollout status",
        "rollout status --person",
        "rollout done",
        "rollout start",
        "rollout duty-done",
        "rollout entered",
        "rollout updated",
        "rollout render",
        "git diff",
        "rollout diff",
    ):
        assert any(c.startswith(needed) for c in commands), f"the walkthrough does not show {needed}"
    folder = _school(tmp_path, "school")
    for block in walkthrough:
        _play(block, folder, shell_env)


OTHER_EXAMPLES = [b for b in blocks() if b.info == "console" and not b.section.startswith(WALKTHROUGH)]


@pytest.mark.parametrize("block", OTHER_EXAMPLES, ids=[f"line{b.line}" for b in OTHER_EXAMPLES])
def test_reference_example_runs(block: Block, tmp_path: Path, shell_env: dict[str, str]) -> None:
    _play(block, _school(tmp_path, "school"), shell_env)


# --------------------------------------------------------------------------- the architecture

PACKAGE = ROOT / "src" / "elzhur_rollout"
SHARED_ROW = "общие для всех:"


def _modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem not in ("__init__", "__main__"))


def _runtime_imports(module: str) -> set[str]:
    """The package's modules that ``module`` imports when it runs (not under TYPE_CHECKING)."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.ImportFrom) and child.level == 1:
                if child.module:
                    found.add(child.module.split(".")[0])
                else:
                    found.update(alias.name for alias in child.names)
            visit(child)

    visit(tree)
    return found & set(_modules())


def _layers() -> tuple[dict[str, int], set[str]]:
    """The rows of the README's diagram: module → row (0 at the top), and the shared modules."""
    diagram = next(b for b in blocks() if b.section == "## Архитектура" and b.info == "")
    names = set(_modules())
    rows: dict[str, int] = {}
    shared: set[str] = set()
    row = 0
    for line in diagram.lines:
        if line.startswith(SHARED_ROW):
            shared.update(w for w in re.findall(r"\w+", line) if w in names)
            continue
        drawn = re.split(r" {3,}", line.strip())[0]  # the comment column starts after a wide gap
        words = [w for w in re.findall(r"\w+", drawn) if w in names]
        if words:
            rows.update(dict.fromkeys(words, row))
            row += 1
    return rows, shared


def test_architecture_lists_every_module() -> None:
    text = section("## Архитектура")
    rows, shared = _layers()
    for module in _modules():
        assert f"`{module}.py`" in text, f"«Архитектура» has no line for {module}.py"
        assert module in rows or module in shared, f"the diagram does not show {module}"


def test_imports_point_down_the_diagram() -> None:
    rows, shared = _layers()
    wrong = []
    for module in _modules():
        for target in sorted(_runtime_imports(module)):
            if target == "cli" and module != "launch":  # only the entry point starts the command line
                wrong.append(f"{module} imports cli")
            elif module in shared and target not in shared:
                wrong.append(f"{module} (shared) imports {target}")
            elif module not in shared and target not in shared and rows[target] < rows[module]:
                wrong.append(f"{module} (row {rows[module]}) imports {target} (row {rows[target]})")
    assert not wrong, "the README's architecture diagram is wrong: " + "; ".join(wrong)
