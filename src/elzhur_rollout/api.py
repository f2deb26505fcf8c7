"""The library face of elzhur-rollout: what the ``rollout`` command does, for Python callers.

Every function takes plain values (paths, dates, keys) and returns data; every failure is a
:class:`~elzhur_rollout.errors.RolloutError` with a Russian message and an exit code.  The
command line (``cli``) only parses options, calls these functions and prints their results,
so a script gets the same policies: the render gate, the template lookup, the exit code of
a check.

Example::

    import datetime as dt
    from elzhur_rollout import api

    bundle = api.load("data")
    result = api.check(bundle, today=dt.date(2020, 7, 1))
    for f in result.findings:
        print(f.file, f.line, f.code, f.message)
    api.done("data", "3", today=dt.date(2020, 7, 1), note="Приказ № 201")

Heavy libraries (docxtpl, the Russian dictionaries) are imported only by the functions that
need them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import DEFAULT_HORIZON
from elzhur_rollout.core.values import MeasureStatus
from elzhur_rollout.errors import EXIT_OK, EXIT_PROBLEMS, ChecksFailed, FileError, LoadFailed, UsageError
from elzhur_rollout.findings import Finding, Severity, count_by_severity, sort_findings
from elzhur_rollout.source.files import os_error_ru, write_atomically
from elzhur_rollout.source.loading import load_bundle
from elzhur_rollout.source.resources import shared

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from elzhur_rollout.edit.progress import Edit
    from elzhur_rollout.views.changes import Change
    from elzhur_rollout.views.status import StatusReport
    from elzhur_rollout.views.summary import Summary

__all__ = [
    "Bundle",
    "CheckResult",
    "CheckScope",
    "RenderTarget",
    "SummaryFormat",
    "calendar",
    "cancel",
    "check",
    "dashboard",
    "diff",
    "done",
    "duty_done",
    "entered",
    "find_templates",
    "fmt",
    "load",
    "migrate",
    "render",
    "reopen",
    "report",
    "start",
    "status",
    "summary",
    "summary_bytes",
    "updated",
    "write_output",
]

TEMPLATE_FOLDER = "templates"


def load(data: Path | str = "data") -> Bundle:
    """Read and validate the three files of a data folder (raises LoadFailed with findings)."""
    return load_bundle(Path(data))


# --------------------------------------------------------------------------- check


class CheckScope(StrEnum):
    ALL = "all"  # the documents and how the work is going (deadlines, data entry, duties)
    DOCUMENTS = "documents"  # only whether the documents are right: what a pre-commit hook blocks on


@dataclass(frozen=True)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count_by_severity(self.findings)[Severity.ERROR]

    @property
    def warnings(self) -> int:
        return count_by_severity(self.findings)[Severity.WARNING]

    def exit_code(self, strict: bool = False) -> int:
        """0 when nothing is wrong (warnings allowed unless ``strict``), 1 otherwise."""
        return EXIT_PROBLEMS if self.errors or (strict and self.warnings) else EXIT_OK


def check(
    bundle: Bundle, today: dt.date, horizon: int = DEFAULT_HORIZON, scope: CheckScope = CheckScope.ALL, grammar: bool = False
) -> CheckResult:
    """Run every rule of ``checks`` on the bundle as of ``today``; with ``grammar``, also warn
    where a derived case form is uncertain (loads the Russian dictionaries: slower)."""
    from elzhur_rollout.checks.rules import (
        run_checks,  # lazy: checks.rules with the agenda costs 60 ms; the edit commands do without
    )

    findings = run_checks(bundle, today, horizon, progress=scope is CheckScope.ALL)
    if grammar:
        from elzhur_rollout.checks.grammar import (
            grammar_findings,  # lazy: grammar checks load the dictionaries (pymorphy3, 45 ms + 160 ms); only with --grammar
        )

        findings = sort_findings(findings + grammar_findings(bundle))
    return CheckResult(findings)


# --------------------------------------------------------------------------- status


def status(bundle: Bundle, today: dt.date, person: str | None = None, horizon: int = DEFAULT_HORIZON) -> StatusReport:
    """Where the rollout stands on ``today`` (UsageError for an unknown ``person``)."""
    from elzhur_rollout.views.status import build_status  # lazy: the status view costs 60 ms; only status

    return build_status(bundle, today, person=person, horizon=horizon)


# --------------------------------------------------------------------------- dashboard and the municipal summary


def summary(dirs: Iterable[Path | str], today: dt.date, horizon: int = DEFAULT_HORIZON) -> Summary:
    """One row per school found under ``dirs`` (school data folders, or folders of them), worst
    first.  A school that cannot be read is a row with its first problem; ``exit_code()`` is
    2 when no school could be read, 1 when any has errors or overdue items, else 0."""
    from elzhur_rollout.views.summary import summarize  # lazy: the municipal summary costs 12 ms; only summary

    return summarize([Path(d) for d in dirs], today, horizon)


class SummaryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def summary_bytes(result: Summary, fmt: SummaryFormat | str) -> bytes:
    """The summary as a file: JSON (UTF-8), CSV (UTF-8 with BOM, «;») or XLSX."""
    from elzhur_rollout.outputs.terminal import dump_json  # lazy: the terminal printer costs 11 ms; only when printing
    from elzhur_rollout.views import summary as municipal  # lazy: the municipal summary costs 12 ms; only summary

    fmt = SummaryFormat(fmt)
    if fmt is SummaryFormat.CSV:
        return municipal.to_csv(result)
    if fmt is SummaryFormat.XLSX:
        return municipal.to_xlsx(result)
    if fmt is SummaryFormat.JSON:
        return (dump_json(result.as_dict()) + "\n").encode("utf-8")
    raise UsageError("текстовая таблица печатается на экран; для файла выберите --format json, csv или xlsx")


def dashboard(
    today: dt.date, data: Path | str | None = None, dirs: Iterable[Path | str] = (), horizon: int = DEFAULT_HORIZON
) -> tuple[str, Summary | None]:
    """The HTML dashboard: of one school's data folder (``data``), or, when ``dirs`` are given,
    the municipal page of every school under them (then with its summary).  A broken data
    folder raises LoadFailed; a municipal page with no readable school raises LoadFailed too."""
    from elzhur_rollout.outputs.dashboard import (  # lazy: the dashboard costs 106 ms (jinja2 on rendering); only dashboard
        municipal_page,
        school_page,
    )

    folders = [Path(d) for d in dirs]
    if not folders:
        return school_page(load(data or "data"), today, horizon), None
    html, result = municipal_page(folders, today, horizon)
    if not result.readable:
        raise LoadFailed("не прочитано ни одной школы: " + "; ".join(r.problem or "" for r in result.rows[:5]))
    return html, result


def write_output(path: Path | str, content: bytes) -> Path:
    """Write a report atomically, making its folder when needed."""

    path = Path(path)
    if path.parent != Path() and not path.parent.exists():
        try:
            path.parent.mkdir(parents=True)
        except OSError as err:
            raise FileError(os_error_ru(err, path.parent, "создание")) from None
    write_atomically({path: content})
    return path


# --------------------------------------------------------------------------- render


class RenderTarget(StrEnum):
    ORDER = "order"
    PLAN = "plan"
    REGULATION = "regulation"
    ACK = "ack"
    ALL = "all"
    REPORT = "report"  # the progress report on ``today`` (not part of ALL)


NOT_ISSUED = "Документы не выпущены: исправьте ошибки или повторите с --force."


def find_templates(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The templates to use: the folder given, else ``./templates`` when the school keeps its
    own, else the templates that ship with the tool."""
    if explicit is not None:
        return explicit
    local = (cwd or Path.cwd()) / TEMPLATE_FOLDER
    if local.is_dir():
        return Path(TEMPLATE_FOLDER) if cwd is None else local

    return shared("templates")


def render(
    bundle: Bundle,
    target: RenderTarget | str,
    out: Path | str = "build",
    templates: Path | None = None,
    pdf: bool = False,
    force: bool = False,
    pdf_a: bool = False,
    notify: Callable[[str], None] | None = None,
    warn: Callable[[list[Finding]], None] | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write the documents of ``target`` as .docx (and PDF) into ``out``; returns the files.
    ``today`` dates the progress report (``report``; default: the real date).

    The gate: documents with errors (as of the order's date, deadlines aside) are not issued
    unless ``force``; that raises ChecksFailed (exit code 1) with the findings.  ``pdf_a``
    writes PDF/A-2b; ``notify`` receives remarks for the user (which font the PDF got);
    ``warn`` receives the ``grammar-uncertain`` warnings (never blocking: the forms are
    printed as derived, and the warning names the override to add)."""
    from elzhur_rollout.checks.rules import (
        run_checks,  # lazy: checks.rules with the agenda costs 60 ms; the edit commands do without
    )
    from elzhur_rollout.documents.render import (
        render as render_documents,  # lazy: rendering costs 41 ms before docxtpl (425 ms); only render
    )

    findings = run_checks(bundle, bundle.order.document.date, progress=False)
    if count_by_severity(findings)[Severity.ERROR] and not force:
        raise ChecksFailed(findings=findings, closing=NOT_ISSUED)
    written = render_documents(
        bundle,
        str(RenderTarget(target)),
        Path(out),
        find_templates(templates),
        pdf=pdf or pdf_a,
        pdf_a=pdf_a,
        notify=notify,
        today=today,
    )
    if warn is not None:
        from elzhur_rollout.checks.grammar import (
            grammar_findings,  # lazy: grammar checks load the dictionaries (pymorphy3, 45 ms + 160 ms); only with --grammar
        )

        uncertain = grammar_findings(bundle)
        if uncertain:
            warn(uncertain)
    return written


# --------------------------------------------------------------------------- recording progress


def done(data: Path | str, measure: str, today: dt.date, when: dt.date | None = None, note: str | None = None) -> Edit:
    """Mark a measure done (on ``when``, default ``today``), with an optional note."""
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), measure, MeasureStatus.DONE, today, when=when, note=note)


def start(data: Path | str, measure: str, today: dt.date) -> Edit:
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), measure, MeasureStatus.IN_PROGRESS, today)


def cancel(data: Path | str, measure: str, today: dt.date, note: str) -> Edit:
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), measure, MeasureStatus.CANCELLED, today, note=note)


def reopen(data: Path | str, measure: str, today: dt.date) -> Edit:
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), measure, MeasureStatus.PLANNED, today)


def duty_done(data: Path | str, role: str, duty: str, today: dt.date, when: dt.date | None = None) -> Edit:
    from elzhur_rollout.edit.progress import (
        duty_done as record,  # lazy: the round-trip editor costs 1.4 ms; only the edit commands
    )

    return record(Path(data), role, duty, today, when=when)


def entered(
    data: Path | str, category: str, count: int, today: dt.date, total: int | None = None, when: dt.date | None = None
) -> Edit:
    from elzhur_rollout.edit.progress import data_entered  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return data_entered(Path(data), category, count, today, total=total, when=when)


def updated(data: Path | str, today: dt.date, when: dt.date | None = None) -> Edit:
    from elzhur_rollout.edit.progress import data_updated  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return data_updated(Path(data), today, when=when)


def fmt(data: Path | str, check_only: bool = False) -> list[Path]:
    """Rewrite the data files canonically; returns the files that changed (or would)."""
    from elzhur_rollout.edit.progress import format_folder  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return format_folder(Path(data), check_only)


def migrate(data: Path | str) -> list[Path]:
    """Rewrite the version-1 files of a data folder into the current version (2); returns
    the files changed (none when all are version 2 already)."""
    from elzhur_rollout.edit.migrate import migrate_folder  # lazy: the round-trip editor costs 1.5 ms; only migrate

    return migrate_folder(Path(data))


# --------------------------------------------------------------------------- review


def diff(data: Path | str, rev: str | None = None, rev2: str | None = None) -> list[Change]:
    """What changed in the documents between two git revisions (default: HEAD and the working tree)."""
    from elzhur_rollout.views.changes import compare  # lazy: the semantic diff costs 2 ms; only diff
    from elzhur_rollout.views.revisions import bundle_at  # lazy: git revisions cost 2 ms; only diff

    before = bundle_at(Path(data), rev or "HEAD")
    after = bundle_at(Path(data), rev2)
    return compare(before, after)


# --------------------------------------------------------------------------- calendar


def calendar(
    bundle: Bundle,
    today: dt.date,
    person: str | None = None,
    remind: int = 3,
    include_closed: bool = False,
    out: Path | str | None = None,
) -> bytes:
    """The iCalendar file (RFC 5545) of the open measures, the recurring duties and the order's
    deadlines — of everyone, or of ``person`` (their measures and the duties of their roles);
    ``include_closed`` keeps done and cancelled measures, marked.  Written atomically to ``out``
    when given; the same data and ``today`` give the same bytes."""
    from elzhur_rollout.outputs.ical import build  # lazy: the calendar costs 55 ms (icalendar 144 ms on writing); only calendar

    data = build(bundle, today, person=person, remind=remind, include_closed=include_closed)
    if out is not None:
        if Path(out).is_dir():
            raise FileError(f"{out} — папка; укажите имя файла, например {Path(out) / 'kalendar.ics'}")
        write_output(out, data)
    return data


def report(
    bundle: Bundle,
    today: dt.date,
    out: Path | str = "build",
    templates: Path | None = None,
    pdf: bool = False,
    force: bool = False,
) -> list[Path]:
    """The progress report («Справка о ходе выполнения плана мероприятий …») on ``today`` as
    ``spravka-ГГГГ-ММ-ДД.docx`` in ``out``: ``render(bundle, "report", …, today=today)``."""
    return render(bundle, RenderTarget.REPORT, out, templates, pdf=pdf, force=force, today=today)
