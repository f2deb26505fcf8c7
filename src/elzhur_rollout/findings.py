"""A finding is data: what is wrong, where, and how bad.  One reporter prints them all."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

SEVERITY_RU = {"error": "ошибка", "warning": "предупреждение"}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    column: int
    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _key(f: Finding) -> tuple[str, int, int, str, str, str]:
    return (f.file, f.line, f.column, f.code, f.severity, f.message)


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By file and position, without duplicates."""
    return sorted(set(findings), key=_key)


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {"error": 0, "warning": 0}
    for f in findings:
        counts[f.severity] += 1
    return counts
