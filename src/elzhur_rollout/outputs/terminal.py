"""Printing: one reporter for findings (text or JSON) and the terminal view of the status.

Rich decides about colour: none when the output is piped, none when ``NO_COLOR`` is set.
Everything that is a list of lines goes through :func:`emit`, which writes plain text in
one go when there is no colour: rich lays out each line it prints, which takes seconds
for a plan of 10,000 measures.
"""

from __future__ import annotations

import datetime as dt
import json
from itertools import groupby
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from elzhur_rollout.core.values import Kind, State
from elzhur_rollout.findings import SEVERITY_RU, Finding, Severity, count_by_severity, sort_findings
from elzhur_rollout.lang import vocabulary as ru

if TYPE_CHECKING:
    from elzhur_rollout.views.status import ItemRow, MeasureRow, StatusReport
    from elzhur_rollout.views.summary import SchoolRow, Summary

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}
_STATE_STYLE = {State.DONE: "green", State.OVERDUE: "bold red", State.CANCELLED: "dim"}
_SOON_STYLE = "yellow"
DONE_HEADING, OVERDUE_HEADING = ru.state_word(State.DONE, heading=True), ru.state_word(State.OVERDUE, heading=True)
DUTIES_OVERDUE_HEADING = ru.DUTIES_OVERDUE_HEADING

TABLE_ROWS_MAX = 500  # beyond this a rich table takes seconds to lay out: a list is printed instead
SUMMARY_TABLE_WIDTH = 110  # a narrower terminal gets the summary as a list
AGENDA_LIMIT = 10  # open measures shown per person in the full view; --person shows all

Line = list[tuple[str, str]]  # the (text, rich style) pieces of one output line


def emit(console: Console, lines: list[Line]) -> None:
    """Print styled lines; as plain text written at once when there is no colour."""
    if console.color_system is None:
        console.file.write("".join("".join(text for text, _ in line) + "\n" for line in lines))
        console.file.flush()
        return
    out = Text()
    for line in lines:
        for text, style in line:
            out.append(text, style=style)
        out.append("\n")
    out.rstrip()
    console.print(out, soft_wrap=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default)


# --------------------------------------------------------------------------- findings


def summary(findings: list[Finding]) -> str:
    counts = count_by_severity(findings)
    if not findings:
        return "Замечаний нет."
    parts = []
    if counts[Severity.ERROR]:
        parts.append(ru.plural(counts[Severity.ERROR], "ошибка", "ошибки", "ошибок"))
    if counts[Severity.WARNING]:
        parts.append(ru.plural(counts[Severity.WARNING], "предупреждение", "предупреждения", "предупреждений"))
    return "Найдено: " + ", ".join(parts) + "."


def print_findings(console: Console, findings: list[Finding], fmt: str = "text") -> None:
    findings = sort_findings(findings)
    if fmt == "json":
        counts = count_by_severity(findings)
        console.out(
            dump_json(
                {
                    "findings": [f.as_dict() for f in findings],
                    "summary": {"errors": counts[Severity.ERROR], "warnings": counts[Severity.WARNING]},
                }
            ),
            highlight=False,
        )
        return
    lines: list[Line] = []
    for file, group in groupby(findings, key=lambda f: f.file):
        lines.append([(file, "bold")])
        lines += [
            [
                (f"  {f.line}:{f.column}: ", ""),
                (SEVERITY_RU[f.severity], _SEVERITY_STYLE[f.severity]),
                (f" [{f.code}] {f.message}", ""),
            ]
            for f in group
        ]
    lines.append([(summary(findings), "")])
    emit(console, lines)


# --------------------------------------------------------------------------- status


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else 0
    return "█" * filled + "░" * (width - filled)


def _style(state: State, soon: bool = False) -> str:
    return _STATE_STYLE.get(state, _SOON_STYLE if soon else "")


def _mark(state: State, state_text: str) -> str:
    """« — просрочено на 3 дня» after an agenda line; nothing for work that is simply open."""
    if state is State.OVERDUE or state_text.endswith(ru.SOON_WORD) or state is State.UPCOMING:
        return f" — {state_text}"
    return ""


_PUNCT_START = (",", ";", ":", ".", "–", "—", ")")


def _pieces(text: str) -> list[str]:
    """The words of a cell, a word that is only punctuation («–») glued to the one before,
    so that no line of the cell starts with punctuation."""
    out: list[str] = []
    for word in text.split():
        if out and word.startswith(_PUNCT_START):
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def _wrap(pieces: list[str], width: int) -> str:
    """Fill lines of ``width`` with whole pieces: a word (or a name) is never broken."""
    lines: list[str] = []
    for piece in pieces:
        if lines and len(lines[-1]) + 1 + len(piece) <= width:
            lines[-1] += " " + piece
        else:
            lines.append(piece)
    return "\n".join(lines)


def _print_plan(console: Console, rows: list[MeasureRow], title: str) -> None:
    """The plan as a table; on a terminal too narrow for five columns, or for a very large
    plan, as a list with a line of facts and a line of text per measure.  The narrow columns
    are as wide as their longest word (a name counts as one word), and their cells are
    wrapped here, between words: no word is broken, no line starts with punctuation."""
    cells = [
        (
            _pieces(r.deadline),
            [n + ("," if k < len(r.responsible) - 1 else "") for k, n in enumerate(r.responsible)],
            _pieces(r.state_text),
        )
        for r in rows[: TABLE_ROWS_MAX + 1]
    ]
    fixed = {"№": 3, "Срок": 14, "Ответственные": 15, "Состояние": 13}
    for k, name in enumerate(("Срок", "Ответственные", "Состояние")):
        fixed[name] = max([fixed[name]] + [len(p) for cell in cells for p in cell[k]])
    text_width = console.width - sum(fixed.values()) - 16  # borders and padding
    if text_width < 16 or len(rows) > TABLE_ROWS_MAX:
        lines: list[Line] = [[(title, "italic")]]
        for r in rows:
            style = _style(r.state, r.soon)
            lines.append([(f"{r.number}. {r.deadline} · {', '.join(r.responsible)} · {r.state_text}", style)])
            lines.append([(f"   {r.short_text}", style)])
            if r.periods:
                lines.append([(f"   {r.periods}", style)])
        emit(console, lines)
        return
    from rich.table import Table  # lazy: rich.table costs 9 ms; not for piped output or a very large plan

    table = Table(title=title, title_justify="left")
    table.add_column("№", justify="right", no_wrap=True, width=fixed["№"])
    table.add_column("Мероприятие", overflow="ellipsis", no_wrap=True, width=text_width)
    for name in ("Срок", "Ответственные", "Состояние"):
        table.add_column(name, overflow="fold", width=fixed[name])
    for r, (deadline, responsible, state) in zip(rows, cells, strict=False):
        table.add_row(
            r.number,
            f"{r.text}\n{r.periods}" if r.periods else r.text,
            _wrap(deadline, fixed["Срок"]),
            _wrap(responsible, fixed["Ответственные"]),
            _wrap(state, fixed["Состояние"]),
            style=_style(r.state, r.soon),
        )
    console.print(table)


def _overview(report: StatusReport) -> list[Line]:
    done, total, pct = report.done, report.counted, report.percent
    if not report.measures:  # an order that approves no plan (a regulation alone)
        lines: list[Line] = [[("Мероприятий в плане нет.", "")]]
    else:
        lines = [
            [
                (
                    f"Мероприятия  {_bar(done, total)} {ru.of_total(done, total, ru.MEASURE)} {ru.state_word(State.DONE)} ({pct} %)",
                    "",
                )
            ]
        ]
    late = report.counts["measures"][State.OVERDUE]
    if late:
        lines.append([(f"{ru.state_word(State.OVERDUE, heading=True)}: {ru.measures(late)}", "bold red")])
    for d in report.data_entry:
        if d.total is not None and d.percent is not None:
            share, bar = f"{d.entered} из {d.total} ({d.percent} %)", _bar(d.percent, 100)
        else:
            share, bar = f"{d.entered} из ? (общее число не указано)", _bar(0, 1)
        due = f", срок до {ru.short_date(d.due)}" if d.due else ""
        lines.append([(f"{d.label}: {bar} {share}{due}", "")])
    if report.update_within_days is not None:
        when = ru.short_date(report.last_update) if report.last_update else "отметок нет"
        lines.append([(f"Последняя актуализация данных: {when} (не реже чем раз в {ru.days(report.update_within_days)})", "")])
    lines += not_acquainted_lines(report)
    return lines


def not_acquainted_lines(report: StatusReport) -> list[Line]:
    """«Не ознакомлены с приказом под подпись: Белов А.И. (срок 15.06.2020, прошёл), …»."""
    if not report.not_acquainted:
        return []
    parts = [f"{r.name} (срок {ru.short_date(r.due)}{', прошёл' if r.overdue else ''})" for r in report.not_acquainted]
    style = "bold red" if any(r.overdue for r in report.not_acquainted) else ""
    return [[("Не ознакомлены с приказом под подпись: " + ", ".join(parts), style)]]


def _next_deadlines(report: StatusReport) -> list[Line]:
    lines: list[Line] = [[("Ближайшие сроки", "bold")]]
    for r in report.next_deadlines:
        due = ru.short_date(r.due) if r.due else ""
        lines.append(
            [
                (
                    f"  {due}  {ru.measure_ref(r.number, key=r.id)}: {r.short_text} — {', '.join(r.responsible)}",
                    _style(r.state, r.soon),
                )
            ]
        )
    return lines


def _merged(items: list[ItemRow]) -> list[tuple[ItemRow, list[str]]]:
    """The order's obligations of an agenda, data entry of one item in one state on one line
    («внесение данных об обучающихся, о педагогических работниках»)."""
    out: list[tuple[ItemRow, list[str]]] = []
    for item in items:
        if out and item.kind is Kind.DATA_ENTRY:
            last, categories = out[-1]
            if (last.kind, last.number, last.state_text) == (item.kind, item.number, item.state_text):
                categories.append(item.category)
                continue
        out.append((item, [item.category]))
    return out


def _agendas(report: StatusReport, limit: int | None) -> list[Line]:
    """Per person: open measures (the most urgent first, ``limit`` of them) and recurring duties,
    those that are theirs through a role marked «как <роль>»; then the roles nobody is named for."""
    lines: list[Line] = []
    for agenda in report.people + report.roles:
        lines.append([(f"{agenda.name}, {agenda.position}", "bold")])
        if not agenda.measures and not agenda.duties and not agenda.items:
            lines.append([("  открытых мероприятий и периодических обязанностей нет", "")])
        shown = agenda.measures if limit is None else agenda.measures[:limit]
        for r in shown:
            how = ", соисполнитель" if r.id in agenda.co_executor else ""
            if r.id in agenda.as_roles:
                how += f"{',' if not how else ''} как {', '.join(agenda.as_roles[r.id])}"
            elif r.id in agenda.serves:
                how = f", по обязанности роли «{', '.join(agenda.serves[r.id])}»"
            mark = _mark(r.state, r.state_text)
            lines.append(
                [
                    (
                        f"  {ru.measure_ref(r.number, key=r.id)}{how} (срок: {r.deadline}){mark}: {r.short_text}",
                        _style(r.state, r.soon),
                    )
                ]
            )
        for item, categories in _merged(agenda.items):
            mark = _mark(item.state, item.state_text)
            as_role = f", как {', '.join(agenda.item_roles[item.number])}" if item.number in agenda.item_roles else ""
            text = item.short_text if item.kind is Kind.ORDER_ITEM else item.text
            if len(categories) > 1:
                text = f"{ru.KIND_WORD[Kind.DATA_ENTRY]} {', '.join(categories)}"
            lines.append(
                [(f"  {ru.item_ref(item.number)}{as_role} (срок: {item.deadline}){mark}: {text}", _style(item.state, item.soon))]
            )
        if len(shown) < len(agenda.measures):
            rest = len(agenda.measures) - len(shown)
            lines.append([(f"  … и ещё {ru.measures(rest)}; все — rollout status --person {agenda.key}", "dim")])
        for d in agenda.duties:
            last = ru.short_date(d.last_done) if d.last_done else "не выполнялась"
            if d.last_event:
                last += f"; событие: {ru.short_date(d.last_event)}"
            state = ru.DUTY_OVERDUE_WORD if d.overdue else ru.DUTY_NEXT_WORD
            as_role = f" как {d.as_role}" if d.as_role else ""
            lines.append(
                [
                    (
                        f"  обязанность{as_role} ({d.recurrence}, последний раз: {last}; {state} {ru.short_date(d.due)}): {d.text}",
                        "bold red" if d.overdue else "",
                    )
                ]
            )
    return lines


def print_status(console: Console, report: StatusReport, fmt: str = "text", person: str | None = None) -> None:
    if fmt == "json":
        console.out(dump_json(report.as_dict()), highlight=False)
        return
    emit(console, [[(f"{report.school}: ход внедрения {report.platform} на {ru.short_date(report.today)}", "bold")], []])
    if person is None:
        emit(console, _overview(report) + [[]])
        if report.measures:
            _print_plan(console, report.measures, "План мероприятий")
            if report.next_deadlines:
                emit(console, [[]] + _next_deadlines(report))
            emit(console, [[]])
    if person is not None and report.not_acquainted:
        emit(console, not_acquainted_lines(report) + [[]])
    emit(console, _agendas(report, limit=None if person else AGENDA_LIMIT))


# --------------------------------------------------------------------------- the municipal summary


def _entry_text(row: SchoolRow, categories: list[str]) -> str:
    return (
        " · ".join(
            "—" if k not in row.data_entry else "?" if row.data_entry[k] is None else str(row.data_entry[k]) for k in categories
        )
        or "—"
    )


def _update_text(row: SchoolRow) -> str:
    if row.update_fresh is None:
        return "не отслеж."
    when = ru.short_date(row.last_update) if row.last_update else "нет"
    return f"{'✓' if row.update_fresh else '!'} {when}"


PENDING = "внедрение ещё не началось: приказ издан позже даты сводки"


def print_summary(console: Console, summary: Summary) -> None:
    """The schools as a table (a list beyond TABLE_ROWS_MAX rows), worst first, then totals."""
    from elzhur_rollout.views.summary import category_label  # lazy: the municipal summary costs 12 ms; only summary

    rows, cats = summary.rows, summary.categories
    title = f"Внедрение электронного журнала: школы на {ru.short_date(summary.today)}"
    headers = [
        "Школа",
        "Приказ",
        "Платформа",
        DONE_HEADING,
        OVERDUE_HEADING,
        "Скоро",
        "Данные, %",
        "Актуализация",
        DUTIES_OVERDUE_HEADING,
        "Ошибки",
    ]
    cells = []
    for r in rows:
        if not r.readable:
            cells.append((r, [r.school, "не прочитано", *[""] * 8]))
            continue
        order = f"№ {r.order_number} от {ru.short_date(r.order_date)}" if r.order_date else ""
        if r.pending:
            cells.append((r, [r.school, order, r.platform or "", ru.state_word(State.PLANNED), *["—"] * 5, str(r.errors)]))
            continue
        cells.append(
            (
                r,
                [
                    r.school,
                    order,
                    r.platform or "",
                    f"{r.done} из {r.counted}",
                    str(r.overdue),
                    str(r.due_soon),
                    _entry_text(r, cats),
                    _update_text(r),
                    str(r.duties_overdue),
                    str(r.errors),
                ],
            )
        )
    if len(rows) > TABLE_ROWS_MAX or console.width < SUMMARY_TABLE_WIDTH:
        lines: list[Line] = [[(title, "bold")]]
        for r, c in cells:
            lines.append([(r.school, "bold red" if not r.readable else "bold")])
            facts = (
                "; ".join(f"{h.lower()}: {v}" for h, v in zip(headers[1:], c[1:], strict=False) if v)
                if r.readable
                else f"не прочитано: {r.problem}"
            )
            if r.pending:
                facts = f"приказ: {c[1]}; платформа: {c[2]}; {PENDING}; ошибки: {r.errors}"
            lines.append([("  " + facts, "red" if r.troubled else "")])
        emit(console, lines)
        as_table = False
    else:
        from rich.table import Table  # lazy: rich.table costs 9 ms; not for piped output or a very large plan

        table = Table(title=title, title_justify="left")
        for h in headers:
            numeric = h in (DONE_HEADING, OVERDUE_HEADING, "Скоро", DUTIES_OVERDUE_HEADING, "Ошибки")
            table.add_column(
                h.replace(" ", "\n") if h == DUTIES_OVERDUE_HEADING else h,
                overflow="fold",
                justify="right" if numeric else "left",
                min_width=12 if h == "Школа" else None,
                no_wrap=h in ("Приказ", "Данные, %", "Актуализация"),
            )
        for r, c in cells:
            table.add_row(*c, style="red" if not r.readable or r.overdue else "")
        console.print(table)
        as_table = True
    broken = [r for r in rows if not r.readable]
    lines = []
    if cats:
        legend = (
            f"Данные, %: {' · '.join(category_label(k) for k in cats)}; «?» — не указано, сколько всего. "
            f"Скоро — срок в ближайшие {ru.days(summary.horizon)}. Актуализация: ✓ в срок, ! просрочена."
        )
        lines.append([(legend, "dim")])
    if broken and as_table:
        lines.append([("Не прочитаны:", "bold red")])
        lines += [[(f"  {r.school} ({r.folder}): {r.problem}", "")] for r in broken]
    troubled = sum(r.troubled for r in rows)
    pending = sum(r.pending for r in rows)
    later = f" (из них {pending} с приказом позже {ru.short_date(summary.today)}: внедрение ещё не началось)" if pending else ""
    total = f"Школ: {len(rows)}{later}; с ошибками, просрочками или нечитаемыми файлами: {troubled}; не прочитано: {len(broken)}."
    lines.append([(total, "")])
    emit(console, lines)
