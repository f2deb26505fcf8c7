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
    api.done("data", 3, today=dt.date(2020, 7, 1), note="Приказ № 201")

Measure ids may be given as numbers or strings (``3`` or ``"3"``), as in plan.yaml.  Every
function below says what it takes, what it returns and which errors it raises.

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
from elzhur_rollout.source.files import OUTPUT_FOLDER, os_error_ru, write_atomically
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
    "MeasureId",
    "RenderTarget",
    "SummaryFormat",
    "acquainted",
    "amend",
    "calendar",
    "cancel",
    "check",
    "dashboard",
    "diff",
    "done",
    "duty_done",
    "entered",
    "event",
    "find_templates",
    "fmt",
    "load",
    "migrate",
    "next_year",
    "render",
    "reopen",
    "report",
    "sign",
    "start",
    "status",
    "summary",
    "summary_bytes",
    "updated",
    "write_output",
]

TEMPLATE_FOLDER = "templates"


MeasureId = int | str  # a measure's id as plan.yaml writes it: 3 or "3", "2.1"


def load(data: Path | str = "data") -> Bundle:
    """Read and validate the three files of a data folder.

    Args:
        data: the folder with order.yaml, plan.yaml and regulation.yaml.

    Returns:
        The validated documents with the positions of their values.

    Raises:
        LoadFailed: a file is missing, unreadable or invalid; ``findings`` locates every problem
            (file, line, column, code, Russian message); exit code 2.
    """
    return load_bundle(Path(data))


# --------------------------------------------------------------------------- check


class CheckScope(StrEnum):
    """What ``check`` looks at."""

    ALL = "all"  # the documents and how the work is going (deadlines, data entry, duties)
    DOCUMENTS = "documents"  # only whether the documents are right: what a pre-commit hook blocks on


@dataclass(frozen=True)
class CheckResult:
    """The findings of ``check``, sorted by file and position."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """How many findings are errors (``Severity.ERROR``): a count, not a list."""
        return count_by_severity(self.findings)[Severity.ERROR]

    @property
    def warnings(self) -> int:
        """How many findings are warnings (``Severity.WARNING``): a count, not a list."""
        return count_by_severity(self.findings)[Severity.WARNING]

    def exit_code(self, strict: bool = False) -> int:
        """0 when nothing is wrong (warnings allowed unless ``strict``), 1 otherwise."""
        return EXIT_PROBLEMS if self.errors or (strict and self.warnings) else EXIT_OK


def check(
    bundle: Bundle,
    today: dt.date,
    horizon: int = DEFAULT_HORIZON,
    scope: CheckScope = CheckScope.ALL,
    grammar: bool = False,
    templates: Path | None = None,
) -> CheckResult:
    """Run every rule of ``checks`` on the bundle as of ``today``.

    Args:
        bundle: the documents, from :func:`load`.
        today: the date deadlines are measured against.
        horizon: how many days before a deadline ``deadline-soon`` warns.
        scope: ``ALL``, or ``DOCUMENTS`` for only whether the documents are right (no deadlines
            or progress: what a pre-commit hook blocks on).
        grammar: also warn where a derived case form is uncertain (loads the Russian
            dictionaries: slower).
        templates: the school's own templates folder (default: ``./templates`` when it exists),
            checked against the shipped templates it was copied from (``template-outdated``).

    Returns:
        The findings; ``exit_code()`` is what ``rollout check`` ends with.

    Raises:
        FileError: the shipped templates cannot be found (a broken installation).
    """
    from elzhur_rollout.checks.rules import (
        run_checks,  # lazy: checks.rules with the agenda costs 60 ms; the edit commands do without
    )
    from elzhur_rollout.checks.templates import (
        template_findings,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    findings = run_checks(bundle, today, horizon, progress=scope is CheckScope.ALL)
    findings = sort_findings(findings + template_findings(find_templates(templates)))
    if scope is CheckScope.ALL and bundle.order.signed is not None:
        from elzhur_rollout.documents.amending import (
            life_findings,  # lazy: only this command needs it; keeps the start-up of the others light
        )

        findings = sort_findings(findings + life_findings(bundle))
    if grammar:
        from elzhur_rollout.checks.grammar import (
            grammar_findings,  # lazy: grammar checks load the dictionaries (pymorphy3, 45 ms + 160 ms); only with --grammar
        )

        findings = sort_findings(findings + grammar_findings(bundle))
    return CheckResult(findings)


# --------------------------------------------------------------------------- status


def status(bundle: Bundle, today: dt.date, person: str | None = None, horizon: int = DEFAULT_HORIZON) -> StatusReport:
    """Where the rollout stands on ``today``.

    Args:
        bundle: the documents, from :func:`load`.
        today: the date of the report.
        person: a key of ``people``: only their measures and duties.
        horizon: how many days ahead a deadline counts as near.

    Returns:
        The report ``rollout status`` prints (``as_dict()`` for JSON).

    Raises:
        UsageError: ``person`` is not in ``people``.
    """
    from elzhur_rollout.views.status import build_status  # lazy: the status view costs 60 ms; only status

    return build_status(bundle, today, person=person, horizon=horizon)


# --------------------------------------------------------------------------- dashboard and the municipal summary


def summary(dirs: Iterable[Path | str], today: dt.date, horizon: int = DEFAULT_HORIZON) -> Summary:
    """One row per school found under ``dirs``, worst first.

    Args:
        dirs: school data folders, or folders in which school folders are found (by order.yaml).
        today: the date of the summary.
        horizon: how many days ahead a deadline counts as near.

    Returns:
        The summary; a school that cannot be read is a row with its first problem.
        ``exit_code()`` is 2 when no school could be read, 1 when any has errors or overdue
        items, else 0.

    Raises:
        Nothing: a school that cannot be read is a row with its problem, not an error.
    """
    from elzhur_rollout.views.summary import summarize  # lazy: the municipal summary costs 12 ms; only summary

    return summarize([Path(d) for d in dirs], today, horizon)


class SummaryFormat(StrEnum):
    """The forms of the municipal summary."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


def summary_bytes(result: Summary, fmt: SummaryFormat | str) -> bytes:
    """The summary as the bytes of a file.

    Args:
        result: the summary, from :func:`summary`.
        fmt: ``text`` (the table as on a terminal 160 characters wide, UTF-8), ``json`` (UTF-8),
            ``csv`` (UTF-8 with BOM, «;», for Excel) or ``xlsx``.

    Returns:
        The file's content.

    Raises:
        ValueError: ``fmt`` is not a form of :class:`SummaryFormat`.
    """
    from elzhur_rollout.outputs.terminal import dump_json  # lazy: the terminal printer costs 11 ms; only when printing
    from elzhur_rollout.views import summary as municipal  # lazy: the municipal summary costs 12 ms; only summary

    fmt = SummaryFormat(fmt)
    if fmt is SummaryFormat.CSV:
        return municipal.to_csv(result)
    if fmt is SummaryFormat.XLSX:
        return municipal.to_xlsx(result)
    if fmt is SummaryFormat.JSON:
        return (dump_json(result.as_dict()) + "\n").encode("utf-8")
    import io  # lazy: a standard module used only here

    from rich.console import Console  # lazy: rich.console costs ~70 ms; only when printing

    from elzhur_rollout.outputs.terminal import (
        print_summary,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    buffer = io.StringIO()
    print_summary(Console(file=buffer, width=160, color_system=None, highlight=False, soft_wrap=True), result)
    return buffer.getvalue().encode("utf-8")


def dashboard(
    today: dt.date, data: Path | str | None = None, dirs: Iterable[Path | str] = (), horizon: int = DEFAULT_HORIZON
) -> tuple[str, Summary | None]:
    """The HTML dashboard of one school, or the municipal page of many.

    Args:
        today: the date of the page.
        data: one school's data folder (default ``data``), used when ``dirs`` is empty.
        dirs: school folders or folders of them: the municipal page of every school found.
        horizon: how many days ahead a deadline counts as near.

    Returns:
        The page (one self-contained HTML document) and, for the municipal page, its summary
        (``None`` for one school).

    Raises:
        LoadFailed: the school's data folder cannot be read, or no school under ``dirs`` can.
    """
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
    """Write a file atomically (never half-written), making its folder when needed.

    Args:
        path: the file to write.
        content: its bytes.

    Returns:
        ``path``.

    Raises:
        FileError: the folder cannot be made or the file cannot be written (Russian reason).
    """

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
    """What ``render`` issues."""

    ORDER = "order"
    PLAN = "plan"
    REGULATION = "regulation"
    ACK = "ack"
    ALL = "all"
    REPORT = "report"  # the progress report on ``today`` (not part of ALL)
    AMENDMENTS = "amendments"  # the amending orders (not part of ALL)


NOT_ISSUED = "Документы не выпущены: исправьте ошибки или повторите с --force."


def find_templates(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The templates to use.

    Args:
        explicit: a folder given by the user: used as it is.
        cwd: the folder in which ``templates/`` is looked for (default: the working directory).

    Returns:
        ``explicit``, else ``templates/`` when the school keeps its own, else the templates
        that ship with the tool.

    Raises:
        FileError: the shipped templates cannot be found (a broken installation).
    """
    if explicit is not None:
        return explicit
    local = (cwd or Path.cwd()) / TEMPLATE_FOLDER
    if local.is_dir():
        return Path(TEMPLATE_FOLDER) if cwd is None else local

    return shared("templates")


def render(
    bundle: Bundle,
    target: RenderTarget | str,
    out: Path | str = OUTPUT_FOLDER,
    templates: Path | None = None,
    pdf: bool = False,
    force: bool = False,
    pdf_a: bool = False,
    notify: Callable[[str], None] | None = None,
    warn: Callable[[list[Finding]], None] | None = None,
    today: dt.date | None = None,
    remaining: bool = False,
) -> list[Path]:
    """Write the documents of ``target`` as .docx (and PDF) into ``out``.

    The gate: documents with errors (as of the order's date, deadlines aside; placeholders
    of a new school's starter included) are not issued unless ``force``.

    Args:
        bundle: the documents, from :func:`load`.
        target: ``order``, ``plan``, ``regulation``, ``ack``, ``all`` or ``report``.
        out: the folder for the files (default ``pechat``).
        templates: the templates folder (default: see :func:`find_templates`).
        pdf: also save PDF (needs LibreOffice).
        force: issue even when the documents have errors.
        pdf_a: save PDF/A-2b (implies ``pdf``).
        notify: receives remarks for the user (which font the PDF got).
        warn: receives the ``grammar-uncertain`` warnings (never blocking: the forms are
            printed as derived, and the warning names the override to add).
        today: the date of the progress report (``report``; default: the real date).
        remaining: with ``ack``, the sheet of those who have not signed yet, with no empty rows.

    Returns:
        The files written, in order.

    Raises:
        ChecksFailed: the documents have errors and ``force`` is not set (exit code 1; the
            errors are in ``findings``).
        RenderError: a template is missing or broken, LibreOffice failed, a form cannot be
            derived.
        FileError: the output folder or a file in it cannot be written.
        ValueError: ``target`` is not a :class:`RenderTarget`.
    """
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
        remaining=remaining,
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


def done(data: Path | str, measure: MeasureId, today: dt.date, when: dt.date | None = None, note: str | None = None) -> Edit:
    """Mark a measure done in plan.yaml (``status: done``, ``done_on``).

    Args:
        data: the data folder.
        measure: the measure's id: ``3`` or ``"3"``.
        today: the real date (an event after it is refused).
        when: the day it was done (default ``today``).
        note: a note or the evidence («Приказ № 201»), appended with its date.

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown measure, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), str(measure), MeasureStatus.DONE, today, when=when, note=note)


def start(data: Path | str, measure: MeasureId, today: dt.date) -> Edit:
    """Mark that work on a measure has begun (``status: in_progress``).

    Args:
        data: the data folder.
        measure: the measure's id: ``3`` or ``"3"``.
        today: the real date.

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown measure, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), str(measure), MeasureStatus.IN_PROGRESS, today)


def cancel(data: Path | str, measure: MeasureId, today: dt.date, note: str) -> Edit:
    """Cancel a measure, with the reason (``status: cancelled``).

    Args:
        data: the data folder.
        measure: the measure's id: ``3`` or ``"3"``.
        today: the real date.
        note: why it is cancelled (required), appended with its date.

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown measure, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), str(measure), MeasureStatus.CANCELLED, today, note=note)


def reopen(data: Path | str, measure: MeasureId, today: dt.date) -> Edit:
    """Return a done or cancelled measure to the plan (``status: planned``; notes are kept).

    Args:
        data: the data folder.
        measure: the measure's id: ``3`` or ``"3"``.
        today: the real date.

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown measure, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import set_status  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return set_status(Path(data), str(measure), MeasureStatus.PLANNED, today)


def duty_done(data: Path | str, role: str, duty: int | str, today: dt.date, when: dt.date | None = None) -> Edit:
    """Record an execution of a recurring duty of the regulation (``last_done``).

    Args:
        data: the data folder.
        role: the role's key in the regulation's ``roles``.
        duty: the duty's ``id`` or its number in the role (``2`` or ``"2"``).
        today: the real date.
        when: the day it was done (default ``today``).

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown role or duty, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import (
        duty_done as record,  # lazy: the round-trip editor costs 1.4 ms; only the edit commands
    )

    return record(Path(data), role, str(duty), today, when=when)


def event(data: Path | str, role: str, duty: int | str, today: dt.date, when: dt.date | None = None) -> Edit:
    """Record that the event a duty's term counts from happened (``last_event``), for a duty
    whose ``recurs`` has ``after_event``: it is then due ``working_days`` working days after
    the event until its execution is recorded with :func:`duty_done`.

    Args:
        data: the data folder.
        role: the role's key in the regulation's ``roles``; or ``"приказ"`` / ``"регламент"``
            for a duty written in an order item or a paragraph of the regulation.
        duty: the duty's ``id`` or its number in the role; the item's or the paragraph's number.
        today: the real date.
        when: the day of the event (default ``today``).

    Returns:
        The file changed and a Russian sentence saying what was recorded and the term.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown role or duty, a duty not counted from an event,
            a date before the order, after ``today`` or before the event already recorded);
            no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import (
        event_happened,  # lazy: the round-trip editor costs 1.4 ms; only the edit commands
    )

    return event_happened(Path(data), role, str(duty), today, when=when)


def entered(
    data: Path | str, category: str, count: int, today: dt.date, total: int | None = None, when: dt.date | None = None
) -> Edit:
    """Record how many records of a category are entered into the journal (counts only: never
    personal data), in the order item with ``data_entry``.

    Args:
        data: the data folder.
        category: ``pupils``, ``teachers``, ``parents`` or the order's own category.
        count: how many records are entered.
        today: the real date.
        total: how many there are in all (for the percentage).
        when: the day of the count (default ``today``).

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown category, a count above the total, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import data_entered  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return data_entered(Path(data), category, count, today, total=total, when=when)


def updated(data: Path | str, today: dt.date, when: dt.date | None = None) -> Edit:
    """Record the date of the last update of the journal's data (the order item with ``updates``).

    Args:
        data: the data folder.
        today: the real date.
        when: the day of the update (default ``today``).

    Returns:
        The file changed and a Russian sentence saying what was recorded.

    Raises:
        LoadFailed: the data folder cannot be read (located findings).
        EditError: the edit is refused (unknown order item, a date before the order or after
            ``today``, the result would not validate); no file is changed.
        FileError: the file cannot be written or the folder is locked by another edit.
    """
    from elzhur_rollout.edit.progress import data_updated  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return data_updated(Path(data), today, when=when)


def fmt(data: Path | str, check_only: bool = False) -> list[Path]:
    """Rewrite the data files canonically (key order, indentation, dates; comments kept).

    Args:
        data: the data folder.
        check_only: only say which files are not canonical; write nothing.

    Returns:
        The files that changed (or would change).

    Raises:
        LoadFailed: the data folder cannot be read.
        FileError: a file cannot be written or the folder is locked.
    """
    from elzhur_rollout.edit.progress import format_folder  # lazy: the round-trip editor costs 1.4 ms; only the edit commands

    return format_folder(Path(data), check_only)


def migrate(data: Path | str) -> list[Path]:
    """Rewrite the version-1 files of a data folder into the current version (2): only the
    ``schema_version`` line changes.

    Args:
        data: the data folder.

    Returns:
        The files changed (none when all are version 2 already).

    Raises:
        LoadFailed: the files have other problems than their version (nothing is written).
        FileError: a file cannot be written or the folder is locked.
    """
    from elzhur_rollout.edit.migrate import migrate_folder  # lazy: the round-trip editor costs 1.5 ms; only migrate

    return migrate_folder(Path(data))


# --------------------------------------------------------------------------- review


def diff(data: Path | str, rev: str | None = None, rev2: str | None = None) -> list[Change]:
    """What changed in the documents between two git revisions, by meaning.

    Args:
        data: the data folder (inside a git repository).
        rev: the older revision (default ``HEAD``).
        rev2: the newer revision (default: the working tree).

    Returns:
        The changes (``str()`` is the Russian sentence, ``as_dict()`` the JSON form).

    Raises:
        GitError: not a git repository, no commits yet, or an unknown revision.
        LoadFailed: the data at a revision cannot be read.
    """
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
    deadlines; the same data and ``today`` give the same bytes.

    Args:
        bundle: the documents, from :func:`load`.
        today: the date the calendar is made on.
        person: a key of ``people``: only their measures and the duties of their roles.
        remind: how many days before a deadline the reminder rings (at 9:00).
        include_closed: keep done and cancelled measures, marked.
        out: a file to write it to, atomically (not a folder).

    Returns:
        The calendar's bytes.

    Raises:
        UsageError: ``person`` is not in ``people``.
        FileError: ``out`` is a folder or cannot be written.
    """
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
    out: Path | str = OUTPUT_FOLDER,
    templates: Path | None = None,
    pdf: bool = False,
    force: bool = False,
) -> list[Path]:
    """The progress report («Справка о ходе выполнения плана мероприятий …») on ``today``.

    Args:
        bundle: the documents, from :func:`load`.
        today: the date of the report.
        out: the folder (default ``pechat``); the file is ``spravka-ГГГГ-ММ-ДД.docx``.
        templates: the templates folder (default: see :func:`find_templates`).
        pdf: also save PDF (needs LibreOffice).
        force: issue even when the documents have errors.

    Returns:
        The files written.

    Raises:
        ChecksFailed, RenderError, FileError: as :func:`render`.
    """
    return render(bundle, RenderTarget.REPORT, out, templates, pdf=pdf, force=force, today=today)


# --------------------------------------------------------------------------- the order's life after signing


def sign(data: Path | str, number: str, when: dt.date, today: dt.date) -> Edit:
    """Record the signature of the order (or, once it is signed, of the amending order drafted
    last): its number and date, and the git commit whose data were signed.

    Args:
        data: the data folder, inside a git repository.
        number: the number the order was registered under («188», «141-од»).
        when: the date of the signature.
        today: the real date; a signature cannot be dated after it.

    Returns:
        The edit made to order.yaml (its changed lines).

    Raises:
        GitError: the folder is not in git, or the data files have changes not committed.
        EditError: the date is impossible, or a drafted amendment changed since it was drafted.
        LoadFailed: the data cannot be read.
    """
    from elzhur_rollout.documents.amending import (
        sign as record,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    return record(Path(data), number, when, today)


def acquainted(
    data: Path | str, people: list[str], today: dt.date, when: dt.date | None = None, from_file: Path | str | None = None
) -> Edit:
    """Record that people signed the acquaintance sheet.

    Args:
        data: the data folder.
        people: keys, «Белов А.И.» / «А.И. Белов», or a surname only one person has.
        today: the real date; the sheet cannot be signed after it.
        when: the date of the signatures (default ``today``).
        from_file: a text file with one person a line (a sheet typed in after a meeting).

    Returns:
        The edit made to order.yaml (its changed lines).

    Raises:
        UsageError: nobody is named.
        EditError: a person is unknown or ambiguous, or the date is impossible.
        FileError: ``from_file`` cannot be read.
        LoadFailed: the data cannot be read.
    """
    from elzhur_rollout.edit.life import (  # lazy: only this command needs it; keeps the start-up of the others light
        people_from_file,
        record_acquainted,
    )

    names = list(people) + (people_from_file(Path(from_file)) if from_file is not None else [])
    if not names:
        raise UsageError("укажите, кто ознакомлен: ключи или фамилии с инициалами, или файл --all-from")
    return record_acquainted(Path(data), names, today, when=when)


def amend(
    data: Path | str, since: str | None = None, out: Path | str = OUTPUT_FOLDER, templates: Path | None = None
) -> tuple[Edit, list[Path]]:
    """Draft the amending order from the difference between the signed revision and the
    current data.

    Args:
        data: the data folder of a signed order, inside a git repository.
        since: the revision to compare with (default: the signed one).
        out: the folder for the rendered amending order (default ``pechat``).
        templates: the templates folder (default: see :func:`find_templates`).

    Returns:
        The edit made to order.yaml (the draft under ``amendments``) and the files written.

    Raises:
        GitError: no signed revision, or ``since`` is unknown to git.
        EditError: nothing changed since the signature.
        RenderError: a template is missing or broken.
        LoadFailed: the data cannot be read.
    """
    from elzhur_rollout.documents.amending import (
        amend as draft,  # lazy: only this command needs it; keeps the start-up of the others light
    )
    from elzhur_rollout.documents.render import (
        render as render_documents,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    edit, index = draft(Path(data), since)
    bundle = load(data)
    written = render_documents(bundle, "amendments", Path(out), find_templates(templates), amendment=index)
    return edit, written


def next_year(data: Path | str, to: Path | str | None = None, school_year: str | None = None) -> list[Path]:
    """Make the next school year's order from this one: dates moved a year on, progress and
    acquaintance reset, the number and date left for the secretary, an item revoking this order.

    Args:
        data: the data folder of this year's order.
        to: a new or empty folder for next year's data (default: beside ``data``).
        school_year: the next school year, «2026/2027» (default: the one after this order's).

    Returns:
        The files written.

    Raises:
        FileError: ``to`` is not empty or cannot be written.
        UsageError: ``school_year`` is not of the form ГГГГ/ГГГГ.
        LoadFailed: the data cannot be read.
    """
    from elzhur_rollout.edit.next_year import (
        next_year as make,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    return make(Path(data), None if to is None else Path(to), school_year)
