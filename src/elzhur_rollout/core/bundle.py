"""The loaded documents: the three validated models of a data folder (:class:`Bundle`) and,
for each file, where its keys and values stand (:class:`Source`), so that every finding
names a file, a line and a column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elzhur_rollout.core.models import Order, Plan, Regulation
from elzhur_rollout.findings import Finding, finding

Path_ = tuple[Any, ...]  # a path of keys and indexes inside a YAML document
Pos = tuple[int, int]  # a 1-based line and column


@dataclass
class Source:
    """One data file with the positions (1-based) of its keys and values."""

    path: Path
    display: str
    keys: dict[Path_, Pos] = field(default_factory=dict)
    values: dict[Path_, Pos] = field(default_factory=dict)

    def locate(self, path: Path_, key: bool = False) -> Pos:
        """Position of the key (or value) at ``path``, or of its nearest located parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))

    def finding(self, path: Path_, code: str, message: str, key: bool = False) -> Finding:
        line, col = self.locate(path, key)
        return finding(self.display, line, col, code, message)


@dataclass
class Bundle:
    """The three validated documents and where each of their parts stands in its file."""

    folder: Path
    order: Order
    plan: Plan
    regulation: Regulation
    sources: dict[str, Source]
