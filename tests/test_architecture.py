"""The house: subpackages named by job, imports that only point down, no circles.

The rooms, from the bottom up (a module may import its own room and the rooms below it):

* ``findings``, ``errors`` — the one family of diagnostics and errors, shared by all;
* ``core`` — values, models, the loaded bundle, the domain that derives every fact;
* ``lang`` — the Russian language: vocabulary and inflection;
* ``source`` — the school's files: YAML with positions, loading, schemas, atomic writes, git;
* ``checks`` — the rules of ``rollout check``;
* ``edit`` — changing the data on request;
* ``views`` — status, summary, the difference of two revisions;
* ``documents`` — the printed documents;
* ``outputs`` — terminal, dashboard, calendar;
* ``api`` — the documented library;
* ``serve`` — ``rollout serve``: the dashboard in a browser with forms that call ``api``;
* ``cli`` — the command line, started only by ``launch``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "src" / "elzhur_rollout"
ROOMS = [
    "findings",
    "errors",
    "core",
    "lang",
    "source",
    "checks",
    "edit",
    "views",
    "documents",
    "outputs",
    "api",
    "serve",
    "cli",
    "launch",
]
TOP_LEVEL = {"__init__", "__main__", "findings", "errors", "api", "launch"}
# Known exceptions, each to be removed by the change that fixes it.
ALLOWED: set[tuple[str, str]] = set()


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """Every module of the package that ``path`` imports: at the top, inside functions and
    under TYPE_CHECKING alike (a type-only import is still an edge of the graph)."""
    modules = _modules()
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "elzhur_rollout":
            assert node.level == 0, f"{path}: relative import"
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("elzhur_rollout"))
    return {m for m in found if m in modules and m != "elzhur_rollout"}


def test_every_module_lives_in_a_room() -> None:
    stray = [m for m in _modules() if _room(m) not in ROOMS and _room(m) not in TOP_LEVEL]
    assert not stray, f"modules outside the rooms: {stray}"
    loose = [m for m in _modules() if m.count(".") == 1 and _room(m) not in TOP_LEVEL and not (PACKAGE / _room(m)).is_dir()]
    assert not loose, f"top-level modules that belong in a room: {loose}"


def test_imports_point_down() -> None:
    wrong = []
    for module, path in _modules().items():
        here = _room(module)
        if here in ("__init__", "__main__"):
            continue
        for target in sorted(_imports(path)):
            there = _room(target)
            if there == "__init__" or (module, target) in ALLOWED:
                continue
            if there == "cli" and here not in ("cli", "launch"):
                wrong.append(f"{module} imports {target}: only launch starts the command line")
            elif ROOMS.index(there) > ROOMS.index(here):
                wrong.append(f"{module} ({here}) imports {target} ({there}), a room above it")
    assert not wrong, "\n".join(wrong)


def test_no_import_circles() -> None:
    graph = {m: _imports(p) for m, p in _modules().items()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not circles, "import circles: " + "; ".join(" → ".join(c) for c in circles)


def test_the_allowed_exceptions_still_exist() -> None:
    """An exception that no longer happens must leave the list."""
    modules = _modules()
    stale = [pair for pair in ALLOWED if pair[1] not in _imports(modules[pair[0]])]
    assert not stale, f"remove from ALLOWED: {stale}"


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every import inside a function of ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    assert sub.end_lineno is not None
                    found.append((sub.lineno, "\n".join(lines[sub.lineno - 1 : sub.end_lineno])))
    return found


def test_an_import_inside_a_function_says_what_it_saves() -> None:
    """Imports stand at the top of a module, where they show the real graph; one inside a
    function is allowed only to avoid a measured cost (or a platform's module) and says so:
    ``# lazy: docxtpl costs 425 ms; only when rendering``."""
    silent = [
        f"{path.relative_to(ROOT)}:{line}: {text.strip()}"
        for path in _modules().values()
        for line, text in _function_level_imports(path)
        if not re.search(r"# lazy: \S", text)
    ]
    assert not silent, "imports inside functions without «# lazy: why»:\n" + "\n".join(silent)
