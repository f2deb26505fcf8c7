"""Printing: one reporter for findings (text or JSON) and the terminal view of the status.

Rich decides about colour: none when the output is piped, none when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from typing import Any

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from . import russian as ru
from .findings import SEVERITY_RU, Finding, count_by_severity, sort_findings
from .status import MeasureRow, StatusReport

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
_STATE_STYLE = {"done": "green", "overdue": "bold red", "soon": "yellow", "cancelled": "dim", "open": ""}
_STATE_RU = {"overdue": "просрочено", "soon": "срок близко"}


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


def summary(findings: list[Finding]) -> str:
    counts = count_by_severity(findings)
    if not findings:
        return "Замечаний нет."
    parts = []
    if counts["error"]:
        parts.append(ru.plural(counts["error"], "ошибка", "ошибки", "ошибок"))
    if counts["warning"]:
        parts.append(ru.plural(counts["warning"], "предупреждение", "предупреждения", "предупреждений"))
    return "Найдено: " + ", ".join(parts) + "."


def print_findings(console: Console, findings: list[Finding], fmt: str = "text") -> None:
    findings = sort_findings(findings)
    if fmt == "json":
        counts = count_by_severity(findings)
        console.out(dump_json({
            "findings": [f.as_dict() for f in findings],
            "summary": {"errors": counts["error"], "warnings": counts["warning"]},
        }), highlight=False)
        return
    for file, group in groupby(findings, key=lambda f: f.file):
        console.print(Text(file, style="bold"))
        for f in group:
            line = Text(f"  {f.line}:{f.column}: ")
            line.append(SEVERITY_RU[f.severity], style=_SEVERITY_STYLE[f.severity])
            line.append(f" [{f.code}] {f.message}")
            console.print(line, soft_wrap=True)
    console.print(Text(summary(findings)))


# --------------------------------------------------------------------------- status


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def _state_text(r: MeasureRow) -> str:
    return r.status_text + (f", {_STATE_RU[r.state]}" if r.state in _STATE_RU else "")


def _measure_table(rows: list[MeasureRow], title: str, width: int) -> Table | Group:
    """The plan as a table; on a terminal too narrow for five columns, as a list."""
    fixed = {"№": 3, "Срок": 18, "Ответственные": 16, "Состояние": 14}
    text_width = width - sum(fixed.values()) - 16  # 6 borders and 2 spaces of padding per column
    if text_width < 16:
        lines: list[Text] = [Text(title, style="italic")]
        for r in rows:
            style = _STATE_STYLE[r.state]
            lines.append(Text(f"{r.id}. {r.deadline} · {', '.join(r.responsible)} · {_state_text(r)}", style=style))
            lines.append(Text(f"   {r.short_text}", style=style))
        return Group(*lines)
    table = Table(title=title, title_justify="left")
    table.add_column("№", justify="right", no_wrap=True, width=fixed["№"])
    table.add_column("Мероприятие", overflow="ellipsis", no_wrap=True, width=text_width)
    for name in ("Срок", "Ответственные", "Состояние"):
        table.add_column(name, overflow="fold", width=fixed[name])
    for r in rows:
        table.add_row(r.id, r.text, r.deadline, ", ".join(r.responsible), _state_text(r), style=_STATE_STYLE[r.state])
    return table


def print_status(console: Console, report: StatusReport, fmt: str = "text", person: str | None = None) -> None:
    if fmt == "json":
        console.out(dump_json(report.as_dict()), highlight=False)
        return
    console.print(Text(f"{report.school}: ход внедрения ЭлЖура на {ru.short_date(report.today)}", style="bold"))
    if person is None:
        console.print()
        done, total = report.done, report.counted
        pct = done * 100 // total if total else 0
        console.print(f"Мероприятия  {_bar(done, total)} {done} из {ru.measures(total)} выполнено ({pct} %)")
        late = sum(r.state == "overdue" for r in report.measures)
        if late:
            console.print(Text(f"Просрочено: {ru.measures(late)}", style="bold red"))
        for d in report.data_entry:
            if d.total:
                share = f"{d.entered} из {d.total} ({d.entered * 100 // d.total} %)"
                bar = _bar(d.entered, d.total)
            else:
                share = f"{d.entered} из ? (общее число не указано)"
                bar = _bar(0, 1)
            due = f", срок до {ru.short_date(d.due)}" if d.due else ""
            console.print(f"{d.label}: {bar} {share}{due}")
        if report.update_within_days is not None:
            when = ru.short_date(report.last_update) if report.last_update else "отметок нет"
            console.print(f"Последняя актуализация данных: {when} (не реже чем раз в {ru.days(report.update_within_days)})")
        console.print()
        console.print(_measure_table(report.measures, "План мероприятий", console.width))
        if report.next_deadlines:
            console.print()
            console.print(Text("Ближайшие сроки", style="bold"))
            for r in report.next_deadlines:
                console.print(f"  {ru.short_date(r.due)}  мероприятие {r.id}: {r.short_text} — {', '.join(r.responsible)}")  # type: ignore[arg-type]
    console.print()
    for agenda in report.people:
        console.print(Text(f"{agenda.name}, {agenda.position}", style="bold"))
        if not agenda.measures and not agenda.duties:
            console.print("  открытых мероприятий и периодических обязанностей нет")
        for r in agenda.measures:
            mark = f" — {_STATE_RU[r.state]}" if r.state in _STATE_RU else ""
            console.print(Text(f"  мероприятие {r.id} (срок: {r.deadline}){mark}: {r.short_text}", style=_STATE_STYLE[r.state]))
        for d in agenda.duties:
            last = ru.short_date(d.last_done) if d.last_done else "не выполнялась"
            state = "просрочена" if d.overdue else "следующий срок"
            console.print(Text(f"  обязанность ({d.recurrence}, последний раз: {last}; {state} {ru.short_date(d.due)}): {d.text}",
                               style="bold red" if d.overdue else ""))
