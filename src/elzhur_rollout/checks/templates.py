"""A school's own templates against the shipped ones they were copied from.

``rollout init --own-templates`` copies the shipped templates into the school's
``templates/`` and records, in :data:`ORIGIN_FILE`, the digest of each as shipped.  When an
upgrade of the tool brings a changed template, ``check`` warns (``template-outdated``): the
school's copy is older than the shipped one it came from.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from elzhur_rollout import __version__
from elzhur_rollout.findings import Finding, finding
from elzhur_rollout.source.resources import shared

ORIGIN_FILE = "origin.json"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def template_origin() -> dict[str, Any]:
    """What a copy of the shipped templates is made from: the tool's version and each file's digest."""
    return {"version": __version__, "templates": {p.name: digest(p) for p in sorted(shared("templates").glob("*.docx"))}}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def template_findings(folder: Path) -> list[Finding]:
    """A ``template-outdated`` warning for each own template whose shipped original has changed
    since it was copied (nothing when ``folder`` has no record of its origin)."""
    record = folder / ORIGIN_FILE
    try:
        origin = json.loads(record.read_text(encoding="utf-8"))
        copied: dict[str, str] = origin["templates"]
        version = str(origin.get("version", "?"))
    except (OSError, ValueError, KeyError, TypeError):
        return []
    shipped = shared("templates")
    out = []
    for name, was in sorted(copied.items()):
        original = shipped / name
        if not isinstance(was, str) or not original.is_file() or not (folder / name).is_file() or digest(original) == was:
            continue
        out.append(
            finding(
                _shown(folder / name),
                1,
                1,
                "template-outdated",
                f"шаблон скопирован из поставки версии {version}, а в поставке (версия {__version__}) он с тех пор изменён: "
                f"сравните со своим {original} и перенесите нужные правки; "
                f"чтобы больше не напоминать, удалите строку «{name}» из {_shown(record)}",
            )
        )
    return out
