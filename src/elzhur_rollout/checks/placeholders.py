"""Placeholders: the values a new school's folder (``rollout init``) leaves for the school to
fill, written as ``[заполните: что]``.  ``check`` reports each one as an error, so a starter
is never printed by mistake (``render`` refuses documents with errors)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.findings import Finding

MARK = "заполните"
_PLACEHOLDER = re.compile(r"\[\s*" + MARK + r"\b[^\]]*\]", re.IGNORECASE)


def placeholder(what: str) -> str:
    """The text a starter writes where the school has to put its own value."""
    return f"[{MARK}: {what}]"


def is_placeholder(value: object) -> bool:
    return isinstance(value, str) and _PLACEHOLDER.search(value) is not None


def _strings(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string of a validated document with its path of YAML keys (aliases, as written)."""
    if isinstance(value, BaseModel):
        for name in value.model_fields_set:
            field = type(value).model_fields[name]
            yield from _strings(getattr(value, name), (*path, field.alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))
    elif isinstance(value, str):
        yield path, value


def placeholder_findings(bundle: Bundle) -> list[Finding]:
    """A ``placeholder`` error at each value still marked ``[заполните: …]``."""
    out = []
    for kind, document in (("order", bundle.order), ("plan", bundle.plan), ("regulation", bundle.regulation)):
        for path, text in _strings(document, ()):
            for match in _PLACEHOLDER.finditer(text):
                out.append(
                    bundle.sources[kind].finding(
                        path, "placeholder", f"заглушка образца {match.group(0)}: впишите вместо неё настоящее значение"
                    )
                )
    return out
