"""The dashboard: one self-contained HTML page for the meeting screen, a phone or paper.

A school's page is built from its status view (``status.build_status``, itself a view of the
agenda: states, dates, percentages, who owes what) and its checks; this module only lays
them out.  The municipal page is the summary (``summary.summarize``) with a section per
school.  The page carries its CSS, its small script and its SVG inline and asks for nothing
over the network, so it opens from a USB stick; the same data and day give the same bytes.

Jinja2 is imported only when a page is rendered, autoescaped and with StrictUndefined.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elzhur_rollout import __version__
from elzhur_rollout.checks.rules import run_checks
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import DEFAULT_HORIZON, declared_roles, in_sentence
from elzhur_rollout.core.values import STATE_ORDER as AGENDA_ORDER
from elzhur_rollout.core.values import State, YearMonth
from elzhur_rollout.core.workcal import plus_days
from elzhur_rollout.findings import Finding, Severity, count_by_severity, sort_findings
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.views.status import MeasureRow, PersonAgenda, StatusReport, build_status
from elzhur_rollout.views.summary import SchoolRow, Summary, category_label, category_short, columns, platform_name, summarize

if TYPE_CHECKING:
    from jinja2 import Environment, Template

TEMPLATE = "dashboard.html.j2"

# how a state is told apart without colour: a word (the vocabulary's), a sign and (on the
# timeline) a pattern
STATE_LABEL = dict(ru.STATE_WORD)
STATE_SIGN = {
    State.DONE: "✓",
    State.OVERDUE: "!",
    State.IN_PROGRESS: "◐",
    State.PLANNED: "○",
    State.UPCOMING: "◌",
    State.NOT_TRACKED: "·",
    State.CANCELLED: "✕",
}
STATE_ORDER = [s for s in AGENDA_ORDER if s is not State.NOT_TRACKED]  # the states of a measure
FINDINGS_SHOWN = 50  # per school; the rest are counted

# the timeline's geometry (SVG user units; the picture scales with its box)
LABEL_W, PLOT_W, ROW_H, AXIS_H = 170, 780, 26, 34


@dataclass
class Bar:
    id: str
    y: float
    x: float
    width: float
    state: str
    label: str  # «1 ✓ выполнено»
    title: str  # the tooltip and the accessible name
    open_end: bool  # no end date (a recurring or conditional term)


@dataclass
class Timeline:
    width: int
    height: int
    plot_x: int
    axis_y: int
    months: list[tuple[float, str]]
    today_x: float
    today_label: str
    bars: list[Bar]


@dataclass
class PlanRow:
    row: MeasureRow
    state: str
    label: str
    sign: str
    due_sort: str


@dataclass
class EntryView:
    label: str
    entered: int
    total: int | None
    percent: int | None
    due: str


@dataclass
class AgendaView:
    agenda: PersonAgenda
    roles: list[str]  # the roles a person holds; None for the agenda of a role without named holders
    measures: list[PlanRow]
    person: bool = True


@dataclass
class SchoolView:
    anchor: str
    school: str
    full_name: str
    order_line: str
    platform: str
    today: str
    done: int = 0
    counted: int = 0
    percent: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    entries: list[EntryView] = field(default_factory=list)
    update_text: str = ""
    not_acquainted: str = ""  # «Белов А.И. (срок 15.06.2020, прошёл), …»: the sheet's missing signatures
    ack_overdue: bool = False
    update_fresh: bool | None = None
    duties_overdue: list[tuple[str, str, str, str]] = field(default_factory=list)  # (who, role, duty, when)
    timeline: Timeline | None = None
    plan: list[PlanRow] = field(default_factory=list)
    agendas: list[AgendaView] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    findings: list[str] = field(default_factory=list)
    more_findings: int = 0
    folder: str = ""
    problem: str | None = None  # an unreadable school in the municipal page


def _plan_row(r: MeasureRow) -> PlanRow:
    return PlanRow(r, str(r.state), r.state_text, STATE_SIGN[r.state], r.due.isoformat() if r.due else "9999-12-31")


def _findings_text(findings: list[Finding]) -> list[str]:
    return [f"{f.file}:{f.line}:{f.column}: {SEVERITY_WORD[f.severity]}: {f.message}" for f in sort_findings(findings)]


SEVERITY_WORD = {Severity.ERROR: "ошибка", Severity.WARNING: "предупреждение"}


def timeline(bundle: Bundle, report: StatusReport, rows: list[PlanRow]) -> Timeline:
    """One bar per measure from its start (domain) to its deadline; a line for today."""
    order_date = bundle.order.document.date
    starts = [r.start or order_date for r in report.measures]
    dues = [r.due for r in report.measures]
    first = min([order_date, report.today] + starts)
    last = max([report.today, order_date] + [d for d in dues if d] + starts)
    first = first.replace(day=1)
    last = YearMonth.of(last).end  # the end of its month
    span = (last - first).days + 1

    def x(day: dt.date) -> float:
        return round(LABEL_W + PLOT_W * (day - first).days / span, 1)

    months: list[tuple[float, str]] = []
    every = max(1, round(span / 31 / 12))  # at most about a dozen month labels
    count = (last.year - first.year) * 12 + last.month - first.month + 1  # counted, not walked
    for i in range(0, count, every):
        cursor = YearMonth.of(first).plus(i).start
        name = ru.month_name(cursor.month)[:3] + (f" {cursor.year}" if cursor.month == 1 or not months else "")
        months.append((x(cursor), name))
    bars = []
    for n, (start, pr) in enumerate(zip(starts, rows, strict=False)):
        r = pr.row
        end = plus_days(r.due, 1) if r.due else plus_days(last, 1)
        left, right = x(start), x(min(end, plus_days(last, 1)))
        title = f"{ru.cap(ru.measure_ref(r.number))}: {r.short_text}. Срок: {r.deadline}. {ru.cap(pr.label)}." + (
            f" {r.periods}." if r.periods else ""
        )
        bars.append(
            Bar(
                r.number,
                AXIS_H + n * ROW_H,
                left,
                max(round(right - left, 1), 4.0),
                pr.state,
                f"{r.number} {pr.sign} {pr.label}",
                title,
                r.due is None,
            )
        )
    return Timeline(
        LABEL_W + PLOT_W + 10,
        AXIS_H + len(bars) * ROW_H + 8,
        LABEL_W,
        AXIS_H - 8,
        months,
        x(report.today),
        f"сегодня {ru.short_date(report.today)}",
        bars,
    )


def school_view(
    bundle: Bundle, report: StatusReport, findings: list[Finding], anchor: str = "school", folder: str = ""
) -> SchoolView:
    order, today = bundle.order, report.today
    doc = order.document
    plan = [_plan_row(r) for r in report.measures]
    counts = {str(s): report.counts["measures"][s] for s in STATE_ORDER}
    severity = count_by_severity(findings)
    view = SchoolView(
        anchor=anchor,
        school=order.organization.short_name,
        full_name=order.organization.full_name,
        order_line=f"{doc.kind[:1].upper()}{doc.kind[1:]} от {ru.long_date(doc.date)} № {doc.number} «{doc.title}»",
        platform=platform_name(bundle),
        today=ru.long_date(today),
        done=report.done,
        counted=report.counted,
        percent=report.percent,
        counts=counts,
        plan=plan,
        errors=severity[Severity.ERROR],
        warnings=severity[Severity.WARNING],
        folder=folder,
    )
    shown = _findings_text(findings)
    view.findings, view.more_findings = shown[:FINDINGS_SHOWN], max(0, len(shown) - FINDINGS_SHOWN)
    for d in report.data_entry:
        view.entries.append(EntryView(d.label, d.entered, d.total, d.percent, ru.short_date(d.due) if d.due else ""))
    if report.update_within_days is not None:
        within = ru.days(report.update_within_days)
        view.update_fresh = report.update_fresh
        if report.last_update is None or report.update_age is None:
            view.update_text = f"отметок об актуализации нет (положено не реже чем раз в {within})"
        else:
            age = report.update_age
            ago = "сегодня" if age == 0 else f"{ru.days(age)} назад"
            view.update_text = (
                f"последняя актуализация {ru.short_date(report.last_update)}, {ago} (положено не реже чем раз в {within})"
            )
    if report.not_acquainted:
        view.not_acquainted = ", ".join(
            f"{r.name} (срок {ru.short_date(r.due)}{', прошёл' if r.overdue else ''})" for r in report.not_acquainted
        )
        view.ack_overdue = any(r.overdue for r in report.not_acquainted)
    by_id = {p.row.id: p for p in plan}
    declared = declared_roles(bundle)
    for agenda in report.people + report.roles:
        person = bundle.order.people.get(agenda.key)
        roles = [declared[r].title for r in (person.roles if person else []) if r in declared]
        view.agendas.append(
            AgendaView(agenda, roles, [by_id.get(m.id) or _plan_row(m) for m in agenda.measures], person is not None)
        )
    for duty in report.duties:
        if duty.overdue:
            last = f"последний раз {ru.short_date(duty.last_done)}" if duty.last_done else "отметок нет"
            if duty.last_event:
                last = f"событие {ru.short_date(duty.last_event)}; {last}"
            view.duties_overdue.append(
                (
                    ", ".join(duty.owners),
                    in_sentence(duty.role),  # in parentheses after the names
                    duty.text,
                    f"{duty.recurrence}; срок прошёл {ru.short_date(duty.due)}; {last}",
                )
            )
    view.timeline = timeline(bundle, report, plan)
    return view


# --------------------------------------------------------------------------- rendering


def environment(packages: tuple[str, ...] = (__package__ or "elzhur_rollout.outputs",)) -> Environment:
    """The Jinja environment of the dashboard: autoescaped, StrictUndefined, its words and
    states as globals; templates are looked up in ``packages`` in turn (``rollout serve``
    adds its own, whose pages extend ``dashboard.html.j2``)."""

    from jinja2 import (  # lazy: jinja2 costs 118 ms; only when a page is rendered
        ChoiceLoader,
        Environment,
        FunctionLoader,
        StrictUndefined,
    )

    def from_package(package: str) -> FunctionLoader:
        def read(name: str) -> str | None:
            resource = files(package).joinpath(name)
            return resource.read_text(encoding="utf-8") if name.endswith(".j2") and resource.is_file() else None

        return FunctionLoader(read)

    env = Environment(
        loader=ChoiceLoader([from_package(p) for p in packages]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        STATE_LABEL={str(k): v for k, v in STATE_LABEL.items()},
        STATE_SIGN={str(k): v for k, v in STATE_SIGN.items()},
        STATE_ORDER=[str(s) for s in STATE_ORDER],
        DUTY_OVERDUE_WORD=ru.DUTY_OVERDUE_WORD,
        DUTY_NEXT_WORD=ru.DUTY_NEXT_WORD,
        DUTIES_OVERDUE_HEADING=ru.DUTIES_OVERDUE_HEADING,
        item_ref=ru.item_ref,
        version=__version__,
        plural=ru.plural,
        measures=ru.measures,
    )
    return env


def _template() -> Template:
    return environment().get_template(TEMPLATE)


def school_context(view: SchoolView, today: dt.date) -> dict[str, Any]:
    """What the school's page template is rendered with."""
    return {
        "page": "school",
        "title": f"{view.school}: ход внедрения — {ru.short_date(today)}",
        "today": ru.long_date(today),
        "today_iso": today.isoformat(),
        "school": view,
        "summary": None,
        "schools": [],
        "table": None,
    }


def render_school(view: SchoolView, today: dt.date) -> str:
    return _template().render(school_context(view, today))


def render_municipal(summary: Summary, views: list[SchoolView]) -> str:
    cols = columns(summary)
    table = {"categories": [(k, category_short(k), category_label(k)) for k in summary.categories]}
    troubled = sum(r.troubled for r in summary.rows)
    return _template().render(
        page="municipal",
        title=f"Внедрение электронного журнала: сводка по школам на {ru.short_date(summary.today)}",
        today=ru.long_date(summary.today),
        today_iso=summary.today.isoformat(),
        school=None,
        summary=summary,
        schools=list(zip(summary.rows, views, strict=False)),
        table=table,
        columns=cols,
        troubled=troubled,
        schools_word=ru.plural(len(summary.rows), "школа", "школы", "школ"),
        horizon_word=ru.days(summary.horizon),
    )


def school_page(bundle: Bundle, today: dt.date, horizon: int = DEFAULT_HORIZON) -> str:
    """The dashboard of one school's data folder, as HTML text."""

    report = build_status(bundle, today, horizon=horizon)
    view = school_view(bundle, report, run_checks(bundle, today, horizon))
    return render_school(view, today)


def municipal_page(dirs: Iterable[Path], today: dt.date, horizon: int = DEFAULT_HORIZON) -> tuple[str, Summary]:
    """The municipal page of every school under ``dirs``, and the summary it shows."""
    made: dict[int, SchoolView] = {}

    def each(row: SchoolRow, bundle: Bundle | None, report: StatusReport | None, findings: list[Finding]) -> None:
        if bundle is not None and report is not None:
            made[id(row)] = school_view(bundle, report, findings, folder=row.folder)
        else:
            view = SchoolView(
                anchor="",
                school=row.school,
                full_name="",
                order_line="",
                platform="",
                today=ru.long_date(today),
                folder=row.folder,
                problem=row.problem,
            )
            shown = _findings_text(findings)
            view.findings, view.more_findings = shown[:FINDINGS_SHOWN], max(0, len(shown) - FINDINGS_SHOWN)
            made[id(row)] = view

    summary = summarize(dirs, today, horizon, each=each)
    views = [made[id(row)] for row in summary.rows]
    for n, view in enumerate(views, 1):
        view.anchor = f"school-{n}"
    return render_municipal(summary, views), summary
