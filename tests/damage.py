"""The bundled data as parsed values and every path into them: what the property test and
bench/fuzz.py damage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from elzhur_rollout.source.yaml_reader import parse_yaml

DATA = Path(__file__).resolve().parent.parent / "data"
NAMES = ["order.yaml", "plan.yaml", "regulation.yaml"]
ORIGINAL = {name: (DATA / name).read_text(encoding="utf-8") for name in NAMES}
PARSED = {name: parse_yaml(text)[0] for name, text in ORIGINAL.items()}


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into a parsed YAML value, the value itself first."""
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += paths(v, prefix + (i,))
    return out


PATHS = {name: paths(doc) for name, doc in PARSED.items()}
