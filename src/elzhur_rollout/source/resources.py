"""Where the files that ship with the tool are: templates, the starter data, the JSON schemas.

In an installed wheel they are package data (``elzhur_rollout.templates`` and so on, see
pyproject's package-dir), found through ``importlib.resources``; when the code runs from a
source checkout (an editable install, ``PYTHONPATH=src``) they are the repository's own
folders, so that editing ``templates/`` there takes effect at once.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from elzhur_rollout.errors import FileError

_IN_REPOSITORY = {"templates": "templates", "starter": "examples/starter", "schema": "schema", "example": "data"}
# `schema` is a module; `example` is the bundled order № 188 (`rollout init --example`)
_PACKAGE = {"templates": "templates", "starter": "starter", "schema": "schemas", "example": "example"}


def shared(name: str) -> Path:
    """The folder of shipped files ``name`` (templates, starter, schema, example)."""
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file() and (checkout / _IN_REPOSITORY[name]).is_dir():
        return checkout / _IN_REPOSITORY[name]
    try:  # a data folder is a namespace subpackage: its one location is the folder
        folder = importlib.resources.files(f"elzhur_rollout.{_PACKAGE[name]}")
        located = [Path(str(p)) for p in getattr(folder, "_paths", [folder])]
    except ModuleNotFoundError:
        located = []
    for path in located:
        if path.is_dir():
            return path
    raise FileError(
        f"не найдена папка {name} из поставки rollout; переустановите пакет: pip install --force-reinstall elzhur-rollout"
    )
