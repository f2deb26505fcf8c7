"""Where the files that ship with the tool are: templates, the starter data, the JSON schemas.

Installed from a wheel they lie under ``<prefix>/share/elzhur-rollout/`` (pyproject's
data-files); in a source checkout, in the repository itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

_IN_REPOSITORY = {"templates": "templates", "starter": "examples/starter", "schema": "schema"}


def shared(name: str) -> Path:
    candidates = [
        Path(sys.prefix) / "share" / "elzhur-rollout" / name,
        Path(__file__).resolve().parents[2] / _IN_REPOSITORY[name],
    ]
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError(f"не найдена папка {name} из поставки rollout; переустановите пакет")
