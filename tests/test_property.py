"""Random damage to the bundled files never produces a traceback or an unexpected exit code."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from helpers import DATA, ROOT, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elzhur_rollout.loading import parse_yaml

NAMES = ["order.yaml", "plan.yaml", "regulation.yaml"]
ORIGINAL = {name: (DATA / name).read_text(encoding="utf-8") for name in NAMES}
PARSED = {name: parse_yaml(text)[0] for name, text in ORIGINAL.items()}

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 10_000), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["2020-02-31", "2020-06", "2020-06-15", "loyko", "done", "week", "", "&x", "*x"]),
    st.lists(st.integers(0, 3), max_size=2), st.dictionaries(st.sampled_from(["month", "until", "every", "x"]), st.text(max_size=5), max_size=2),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, prefix + (i,))
    return out


def _mutate(doc: Any, path: tuple, action: str, value: Any) -> Any:
    doc = json.loads(json.dumps(doc))
    if not path:
        return value if action == "replace" else doc
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "swap" and isinstance(parent[last], (str, int)):
        parent[last] = [parent[last]]
    elif action == "swap":
        parent[last] = "текст"
    return doc


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, str]:
    files = dict(ORIGINAL)
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        kind = draw(st.sampled_from(["tree", "tree", "truncate", "bytes"]))
        if kind == "truncate":
            text = files[name]
            files[name] = text[: draw(st.integers(0, len(text)))]
        elif kind == "bytes":
            text = files[name]
            at = draw(st.integers(0, len(text)))
            files[name] = text[:at] + draw(st.sampled_from([":", "- ", "\t", "[", "'", "&a ", "*a", "\n  x", "{"])) + text[at:]
        else:
            doc = PARSED[name]
            path = draw(st.sampled_from(_paths(doc)))
            action = draw(st.sampled_from(["delete", "replace", "swap"]))
            files[name] = json.dumps(_mutate(doc, path, action, draw(scalars)), ensure_ascii=False)
    return files


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=damaged(), today=st.dates(), command=st.sampled_from(["check", "status", "fmt", "done", "render"]))
def test_damage_never_crashes(files: dict[str, str], today: Any, command: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        folder.mkdir()
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
        extra = {
            "check": ["--today", today.isoformat()],
            "status": ["--today", today.isoformat()],
            "fmt": [],
            "done": ["1", "--today", today.isoformat()],
            "render": ["--force", "--out", str(Path(tmp) / "out"), "--templates", str(ROOT / "templates")],
        }[command]
        args = ["render", "order"] if command == "render" else [command]
        result = run(*args, "--data", str(folder), *extra)
        assert result.exit_code in (0, 1, 2), result.output
        assert "Traceback" not in result.output
        assert "Внутренняя ошибка" not in result.output, result.output
        if command == "status" and result.exit_code != 2:
            assert result.exit_code == 0
