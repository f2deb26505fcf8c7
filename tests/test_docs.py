"""The README and the pages of docs/ are part of the product: their commands run, their options
exist, their tables are current, their links lead somewhere.

Conventions (also in docs/contributing.md):

* ``console`` blocks are shell sessions: a line starting with ``$ `` is a command, the lines
  after it are its expected output (stdout and stderr together).  ``...`` alone on a line
  matches any number of lines, ``...`` inside a line any text.  A command must exit 0 unless
  the next command is ``echo $?`` whose expected output is the exit code.  Trailing spaces
  and the difference between a space and a no-break space are ignored.
* The blocks of the README's walkthrough (the section «Заседание рабочей группы…») are one
  session in one folder, in order; a ``diff`` block there is a hand edit, applied with
  ``git apply``.  Every other ``console`` block, in the README or in docs/, runs alone on a
  fresh copy of ``data/``.
* The reference is docs/commands.md: a ``## `rollout NAME` `` section for every command.
"""

from __future__ import annotations

import enum
import importlib.util
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
from helpers import DATA, ROOT, run

README_PATH = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README_PATH, *sorted(DOCS.glob("*.md"))]  # every page that is tested
TEXTS = {path: path.read_text(encoding="utf-8") for path in PAGES}
README = TEXTS[README_PATH]
COMMANDS_PATH = DOCS / "commands.md"  # the reference: a section for every command
CODES_PATH = DOCS / "codes.md"  # the table of finding codes
ARCHITECTURE_PATH = DOCS / "architecture.md"
CODE_ROOT = str(Path(elzhur_rollout.__file__).resolve().parent.parent)
WALKTHROUGH = "## Заседание рабочей группы"
README_LIMIT = 30_000  # bytes: the README is read by a deputy director, the reference is in docs/


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _load_tool(name: str) -> Any:
    """A module of tools/ (development tools are not part of the installed package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


PAGE_IDS = [_name(p) for p in PAGES]


# --------------------------------------------------------------------------- parsing the pages


@dataclass
class Block:
    info: str
    lines: list[str]
    section: str  # the level-2 heading the block stands under
    line: int  # 1-based line of the opening fence
    page: str = "README.md"  # the file, relative to the repository root

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def blocks(path: Path = README_PATH) -> list[Block]:
    out: list[Block] = []
    section = ""
    current: Block | None = None
    for number, line in enumerate(TEXTS[path].splitlines(), 1):
        if current is not None:
            if line.startswith("```"):
                out.append(current)
                current = None
            else:
                current.lines.append(line)
        elif line.startswith("```"):
            current = Block(line[3:].strip(), [], section, number, _name(path))
        elif line.startswith("## "):
            section = line
    assert current is None, f"an unclosed code block in {_name(path)}"
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
            assert out or command != "echo $?", f"{block.where}: echo $? without a command before it"
            pending_code = command == "echo $?"
            if not pending_code:
                out.append(Step(command))
        elif pending_code:
            out[-1].exit_code = int(line.strip())
            pending_code = False
        else:
            assert out, f"{block.where}: output before the first command"
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
    """Whether the output matches the expected lines (``...`` as wildcards; the no-break spaces
    of the documents compare equal to the plain spaces of the pages)."""
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


def _readme_commands() -> list[str]:
    """The lines of the first code block after the title and the paragraph."""
    lines = README.splitlines()
    paragraph_end = lines.index("", 2)
    assert lines[paragraph_end + 1] == "```sh", "the paragraph is followed by a ```sh block"
    fence_end = lines.index("```", paragraph_end + 2)
    return lines[paragraph_end + 2 : fence_end]


SETUP = ["python3 -m venv .venv", ". .venv/bin/activate"]  # a fresh Debian or Ubuntu: pip only in a venv (PEP 668)


def test_readme_starts_with_title_paragraph_and_two_commands() -> None:
    lines = README.splitlines()
    assert lines[0] == "# elzhur-rollout"
    assert lines[1] == ""
    paragraph_end = lines.index("", 2)
    paragraph = lines[2:paragraph_end]
    assert len(paragraph) == 1, "one paragraph (one line of Markdown) after the title"
    assert re.search(r"[А-Яа-яЁё]", paragraph[0]) and not paragraph[0].startswith(("#", "```", "*", "|", ">"))
    commands = _readme_commands()
    assert len(commands) == 2, "exactly two one-line commands: set up and try, then test"
    for command in commands:
        parts = [p.strip() for p in command.split("&&")]
        assert parts[:2] == SETUP, f"{command}: make and enter a virtual environment first"
        check = subprocess.run(["sh", "-n", "-c", command], capture_output=True, text=True)
        assert check.returncode == 0, f"{command}: not valid sh: {check.stderr}"
    first, second = ([p.strip() for p in c.split("&&")] for c in commands)
    assert first[2] == "pip install ." and len(first) > 3 and all(p.startswith("rollout ") for p in first[3:])
    assert second[2:] == ["pip install '.[test]'", "python -m pytest"]


def test_readme_names_the_windows_commands() -> None:
    """Beside the two commands: what to type in PowerShell, where `.` and `&&` do not work."""
    opening = README[: README.index(WALKTHROUGH)]
    assert "PowerShell" in opening
    assert "py -m venv .venv; .venv\\Scripts\\python -m pip install ." in opening
    assert ".venv\\Scripts\\python -m pytest" in opening


def test_first_command_works(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `rollout` parts of the README's first command exit 0 on the bundled data."""
    parts = [p.strip() for p in _readme_commands()[0].split("&&")]
    assert parts[: len(SETUP) + 1] == [*SETUP, "pip install ."]
    monkeypatch.chdir(ROOT)
    for part in parts[len(SETUP) + 1 :]:
        args = shlex.split(part)
        assert args[0] == "rollout"
        result = run(*args[1:])
        assert result.exit_code == 0, f"{part}: {result.output}"


def test_ci_runs_the_readme_commands() -> None:
    """.ci/run takes the two commands from the README (through .ci/readme_commands.py), not a
    recipe of its own."""
    printed = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme_commands.py")], capture_output=True, text=True, check=True
    ).stdout
    assert printed.splitlines() == _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_commands.py" in ci
    assert "pip install" not in ci, ".ci/run installs only through the README's commands"


def test_readme_is_short() -> None:
    size = len(README.encode("utf-8"))
    assert size < README_LIMIT, f"README.md is {size} bytes; the reference belongs in docs/"


def test_readme_links_every_page() -> None:
    """«Что читать дальше» leads to every page of docs/."""
    linked = set(re.findall(r"\]\((docs/[^)#]+\.md)", README))
    missing = [_name(p) for p in PAGES[1:] if _name(p) not in linked]
    assert not missing, "README.md does not link: " + ", ".join(missing)


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(text: str) -> set[str]:
    found: set[str] = set()
    fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("#"):
            found.add(_anchor(line.lstrip("#")))
    return found


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_links_lead_somewhere(page: Path) -> None:
    """Every relative link and picture names a file that exists, and a heading that exists in it."""
    text = re.sub(r"```.*?```", "", TEXTS[page], flags=re.DOTALL)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # an address on the web
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists():
            broken.append(target)
            continue
        if anchor and (path.suffix != ".md" or anchor not in _anchors(path.read_text(encoding="utf-8"))):
            broken.append(f"{target} (no such heading)")
    assert not broken, f"{_name(page)}: links that lead nowhere: " + ", ".join(broken)


@pytest.mark.parametrize("page", PAGES[1:], ids=PAGE_IDS[1:])
def test_page_has_a_title(page: Path) -> None:
    first = TEXTS[page].splitlines()[0]
    assert first.startswith("# ") and first.count("#") == 1, f"{_name(page)} starts with its title"


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
    reference = TEXTS[COMMANDS_PATH]
    missing = []
    for name, command in commands.items():
        heading = f"## `{name}`"
        if f"\n{heading}\n" not in reference:
            missing.append(f"{heading} (a section of docs/commands.md)")
            continue
        text = section(heading, reference)
        for param in command.params:
            missing += [f"{name}: {word}" for word in _documented_words(param) if word not in text]
    root = typer.main.get_command(app)
    everywhere = "".join(TEXTS.values())
    missing += [opt for param in root.params for opt in _documented_words(param) if opt not in everywhere]
    assert not missing, "not documented in docs/commands.md: " + "; ".join(missing)


def test_codes_table_is_current() -> None:
    codes = _load_tool("codes_table")
    assert codes.written_codes_table(TEXTS[CODES_PATH]) == codes.codes_table(), "run: python tools/update_docs.py"


def _rollout_lines(path: Path) -> list[tuple[int, str]]:
    out = []
    for block in blocks(path):
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


def test_there_are_examples() -> None:
    assert sum(len(_rollout_lines(path)) for path in PAGES) > 30
    assert len(_rollout_lines(COMMANDS_PATH)) > 20


@pytest.mark.parametrize("page", PAGES, ids=PAGE_IDS)
def test_every_rollout_example_parses(page: Path) -> None:
    """Every `rollout …` in a sh or console block names a real command with real options
    (synopses such as `rollout check [--data ПАПКА] …` are skipped: the docs test covers them)."""
    commands = _commands()
    name = _name(page)
    for number, line in _rollout_lines(page):
        if "[" in line:
            continue  # a synopsis
        args = shlex.split(line)[1:]
        if args in (["--version"], ["--help"]):
            continue
        command = commands.get(f"rollout {args[0]}")
        assert command is not None, f"{name}:{number}: {line}: no such command"
        try:
            command.make_context(args[0], args[1:])
        except click_exceptions.UsageError as err:
            pytest.fail(f"{name}:{number}: {line}: {err.format_message()}")


# --------------------------------------------------------------------------- running the examples


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """`rollout` on PATH as the code under test, a fixed git identity, no user configuration."""
    if shutil.which("git") is None or os.name == "nt":
        pytest.skip("the examples of the README and docs/ need git and a POSIX shell")
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


def _play(block: Block, folder: Path, env: dict[str, str]) -> Path:
    """Run a block in ``folder``; returns the folder the session is in afterwards (``$ cd DIR``
    changes it for the steps and blocks that follow, as in a terminal)."""
    if block.info == "diff":
        patch = "\n".join(block.lines) + "\n"
        result = subprocess.run(["git", "apply", "-"], input=patch.encode(), cwd=folder, env=env, capture_output=True)
        assert result.returncode == 0, f"{block.where}: git apply: {result.stderr.decode()}"
        return folder
    for step in steps(block):
        cd = re.fullmatch(r"cd (\S+)", step.command)
        if cd:
            folder = (folder / cd.group(1)).resolve()
            assert folder.is_dir(), f"{block.where}: $ {step.command}: no such folder"
            assert not step.expected, f"{block.where}: $ {step.command} prints nothing"
            continue
        result = subprocess.run(
            step.command, shell=True, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120
        )
        output = result.stdout.decode("utf-8", "replace")
        where = f"{block.where}: $ {step.command}"
        assert result.returncode == step.exit_code, (
            f"{where}\nexit code {result.returncode}, {block.page} says {step.exit_code}\n{output}"
        )
        assert matches(step.expected, output), (
            f"{where}\n{block.page} shows:\n" + "\n".join(step.expected) + f"\nactual:\n{output}"
        )
    return folder


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
    folder = tmp_path / "school"  # the walkthrough makes the school's folder itself, with rollout init
    folder.mkdir()
    for block in walkthrough:
        folder = _play(block, folder, shell_env)


# Pages whose blocks are one session in a git repository, played in order by their own test
# (tests/test_order_life.py plays docs/order-life.md).
SESSIONS = {DOCS / "order-life.md"}
OTHER_EXAMPLES = [
    b
    for path in PAGES
    for b in blocks(path)
    if b.info == "console" and not (path == README_PATH and b.section.startswith(WALKTHROUGH)) and path not in SESSIONS
]


@pytest.mark.parametrize("block", OTHER_EXAMPLES, ids=[b.where for b in OTHER_EXAMPLES])
def test_example_runs(block: Block, tmp_path: Path, shell_env: dict[str, str]) -> None:
    _play(block, _school(tmp_path, "school"), shell_env)


# --------------------------------------------------------------------------- the architecture

PACKAGE = ROOT / "src" / "elzhur_rollout"


def test_architecture_describes_every_module() -> None:
    text = TEXTS[ARCHITECTURE_PATH]
    modules = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.stem not in ("__init__", "__main__"))
    missing = [m for m in modules if f"`{m}`" not in text]
    assert not missing, f"docs/architecture.md does not describe: {missing}"
    described = re.findall(r"^\* `([a-z_/]+\.py)`", text, flags=re.M)
    gone = [m for m in described if m not in modules]
    assert not gone, f"docs/architecture.md describes modules that do not exist: {gone}"


def test_architecture_diagram_lists_the_rooms_in_order() -> None:
    from test_architecture import ROOMS

    diagram = next(b for b in blocks(ARCHITECTURE_PATH) if b.info == "")
    drawn = [line.split()[0] for line in diagram.lines if line.strip()]
    assert drawn == list(reversed(ROOMS)), (
        "the diagram in docs/architecture.md must list the rooms of tests/test_architecture.py, top first"
    )
