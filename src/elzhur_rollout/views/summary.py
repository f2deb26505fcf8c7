"""The municipal view: one row per school, read from many data folders at once.

Each folder given is a school's data folder (it holds ``order.yaml``) or a folder of school
folders, searched for ``order.yaml``.  A school whose files cannot be read becomes a row
that says why (its first problem, with file and line): one broken school never stops the
run over a hundred others.  Rows are built from the status view (``status.build_status``, a
view of the agenda) and the checks (``checks.run_checks``), never recomputed here; each school's
documents are dropped as soon as its row is made, so memory does not grow with the
documents of every school.

Outputs: the rich table (``reporting.print_summary``), JSON, CSV (UTF-8 with BOM and
semicolons, which is what Excel with Russian regional settings opens by double-click) and
XLSX (openpyxl, imported only for that format).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elzhur_rollout.checks.rules import run_checks
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import DEFAULT_HORIZON
from elzhur_rollout.core.domain import platform_name as domain_platform_name
from elzhur_rollout.core.values import State
from elzhur_rollout.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE, RolloutError
from elzhur_rollout.findings import Finding, Severity, count_by_severity
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.source.files import OUTPUT_FOLDER
from elzhur_rollout.source.loading import load_bundle
from elzhur_rollout.views.status import build_status

if TYPE_CHECKING:
    from elzhur_rollout.views.status import StatusReport

ORDER_FILE = "order.yaml"
# folders never searched for schools: version control, build output, the shipped resources
_SKIPPED = {"build", OUTPUT_FOLDER, "node_modules", "schema", "templates", "__pycache__"}


def platform_name(bundle: Bundle) -> str:
    """The electronic journal a school moves to, as the order's ``platform:`` section names it;
    «электронный журнал» when it has none (``domain.platform_name``)."""
    return domain_platform_name(bundle)


# --------------------------------------------------------------------------- finding the schools


@dataclass(frozen=True)
class Place:
    """A folder to read as a school, or a folder given that held none (``problem``)."""

    folder: Path
    problem: str | None = None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def find_schools(dirs: Iterable[Path]) -> list[Place]:
    """The school folders under ``dirs``, in the order given and then by path; each once.
    The starter data that ships with the tool (placeholder data, examples/starter) is no school
    when met while looking for schools (a folder named on the command line is read as given);
    a folder that cannot be read is a place with its problem, never left out in silence."""
    places: list[Place] = []
    seen: set[Path] = {_starter()}

    starter = _starter_order()

    def add(place: Place, found: bool = False) -> None:
        key = place.folder.resolve()
        if key in seen:
            return
        if found and starter is not None and place.problem is None and _read(place.folder / ORDER_FILE) == starter:
            return  # the starter itself, met while looking for schools (examples/starter, wherever the tool is installed)
        seen.add(key)
        places.append(place)

    for given in dirs:
        given = Path(given)
        if (given / ORDER_FILE).is_file():
            add(Place(given))
        elif not given.is_dir():
            why = "это не папка" if given.exists() else "папка не найдена"
            add(Place(given, f"{_shown(given)}: {why}"))
        else:
            found = list(_walk(given))
            for folder in found:
                add(folder if isinstance(folder, Place) else Place(folder), found=True)
            if not found:
                add(Place(given, f"{_shown(given)}: нет ни одной папки школы (с файлом {ORDER_FILE})"))
    return places


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _starter_order() -> bytes | None:
    """The bytes of the shipped starter's order.yaml: a folder holding exactly it is no school."""
    return _read(_starter() / ORDER_FILE) if _starter() != Path() else None


def _starter() -> Path:
    from elzhur_rollout.source.resources import shared  # lazy: only this command needs it; keeps the start-up of the others light

    try:
        return shared("starter").resolve()
    except RolloutError:
        return Path()


def _walk(top: Path) -> Iterator[Path | Place]:
    problems: list[OSError] = []
    for root, dirs, files in os.walk(top, onerror=problems.append):
        while problems:
            err = problems.pop(0)
            folder = Path(err.filename) if err.filename else Path(root)
            yield Place(
                folder,
                f"{_shown(folder)}: папка не читается (нет прав на чтение), школы в ней не найти; откройте доступ (chmod u+rx)",
            )
        if ORDER_FILE in files:
            dirs[:] = []  # a school's own subfolders are not other schools
            yield Path(root)
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
    for err in problems:
        folder = Path(err.filename) if err.filename else top
        yield Place(
            folder,
            f"{_shown(folder)}: папка не читается (нет прав на чтение), школы в ней не найти; откройте доступ (chmod u+rx)",
        )


# --------------------------------------------------------------------------- one row per school


@dataclass
class SchoolRow:
    folder: str
    school: str  # the organisation's short name, or the folder's name when unreadable
    order_number: str | None = None
    order_date: dt.date | None = None
    platform: str | None = None
    done: int = 0
    counted: int = 0  # measures that count (cancelled ones do not)
    overdue: int = 0
    due_soon: int = 0
    data_entry: dict[str, int | None] = field(default_factory=dict)  # category → % (None: total unknown)
    last_update: dt.date | None = None
    update_fresh: bool | None = None  # None: the order does not track updates
    duties_overdue: int = 0
    errors: int = 0
    warnings: int = 0
    problem: str | None = None  # why the school could not be read
    pending: bool = False  # the order is dated after the summary's day: the rollout has not begun

    @property
    def readable(self) -> bool:
        return self.problem is None

    @property
    def done_share(self) -> float:
        return self.done / self.counted if self.counted else 1.0

    @property
    def troubled(self) -> bool:
        return not self.readable or bool(self.errors or (not self.pending and (self.overdue or self.duties_overdue)))

    def rank(self) -> tuple[Any, ...]:
        """Worst first: unreadable, then most overdue measures, overdue duties, check errors,
        then the least done; ties by name and folder."""
        return (
            self.readable,
            self.pending,
            -self.overdue,
            -self.duties_overdue,
            -self.errors,
            self.done_share,
            self.school,
            self.folder,
        )

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def school_row(
    folder: str, bundle: Bundle, report: StatusReport, findings_errors: int, findings_warnings: int, today: dt.date
) -> SchoolRow:
    """The row of a readable school, from its status view and its checks."""
    order = bundle.order
    return SchoolRow(
        folder=folder,
        school=order.organization.short_name,
        order_number=order.document.number,
        order_date=order.document.date,
        platform=platform_name(bundle),
        done=report.done,
        counted=report.counted,
        overdue=report.counts["measures"][State.OVERDUE],
        due_soon=sum(m.soon for m in report.measures),
        data_entry=dict(report.data_by_category),
        last_update=report.last_update,
        update_fresh=report.update_fresh,
        duties_overdue=report.counts["duties"][State.OVERDUE],
        errors=findings_errors,
        warnings=findings_warnings,
        pending=order.document.date > today,
    )


def unreadable_row(folder: Path, problem: str) -> SchoolRow:
    """A school whose files cannot be read, named by its folder («lyceum-3/data», not «data»)."""
    resolved = folder.resolve()
    name = f"{resolved.parent.name}/{resolved.name}" if resolved.name == "data" and resolved.parent.name else resolved.name
    return SchoolRow(folder=_shown(folder), school=name, problem=problem)


@dataclass
class Summary:
    today: dt.date
    horizon: int
    rows: list[SchoolRow]

    @property
    def categories(self) -> list[str]:
        """Data-entry categories of all schools: the order's usual three first, then others."""
        seen = dict.fromkeys(ru.CATEGORY_RU)
        for row in self.rows:
            seen.update(dict.fromkeys(row.data_entry))
        used = {k for row in self.rows for k in row.data_entry}
        return [k for k in seen if k in used]

    @property
    def readable(self) -> int:
        return sum(r.readable for r in self.rows)

    def exit_code(self) -> int:
        """2 when no school could be read, 1 when any school has errors or overdue items, else 0."""
        if not self.readable:
            return EXIT_UNUSABLE
        return EXIT_PROBLEMS if any(r.troubled for r in self.rows) else EXIT_OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today,
            "horizon": self.horizon,
            "categories": {k: category_label(k) for k in self.categories},
            "schools": [r.as_dict() for r in self.rows],
            "totals": {
                "schools": len(self.rows),
                "readable": self.readable,
                "troubled": sum(r.troubled for r in self.rows),
                "pending": sum(r.pending for r in self.rows),
            },
        }


def category_label(key: str) -> str:
    return ru.CATEGORY_RU.get(key, key)


_CATEGORY_SHORT = {"pupils": "Обучающиеся", "teachers": "Педагоги", "parents": "Родители"}


def category_short(key: str) -> str:
    """A column heading that fits a projector: «Педагоги» for «Педагогические работники»."""
    return _CATEGORY_SHORT.get(key) or category_label(key)


SchoolHook = Callable[[SchoolRow, Bundle | None, "StatusReport | None", list[Finding]], None]


def summarize(dirs: Iterable[Path], today: dt.date, horizon: int = DEFAULT_HORIZON, each: SchoolHook | None = None) -> Summary:
    """Read every school under ``dirs``; ``each`` (row, bundle, status, findings) is called
    once per school while its documents are still at hand (the municipal dashboard uses it)."""

    rows: list[SchoolRow] = []
    for place in find_schools(dirs):
        bundle = report = None
        findings: list[Finding] = []
        if place.problem is not None:
            row = unreadable_row(place.folder, place.problem)
        else:
            try:
                bundle = load_bundle(place.folder)
                findings = run_checks(bundle, today, horizon)
                report = build_status(bundle, today, horizon=horizon)
                counts = count_by_severity(findings)
                row = school_row(_shown(place.folder), bundle, report, counts[Severity.ERROR], counts[Severity.WARNING], today)
            except RolloutError as err:
                first = err.findings[0] if err.findings else None
                where = f"{first.file}:{first.line}:{first.column}: {first.message}" if first else err.message
                row = unreadable_row(place.folder, where)
                findings = list(err.findings)
                bundle = report = None
            except Exception as err:  # a bug on one school's data must not stop a run over hundreds
                if os.environ.get("ROLLOUT_DEBUG"):
                    raise
                row = unreadable_row(
                    place.folder,
                    f"{_shown(place.folder)}: внутренняя ошибка программы ({type(err).__name__}: {err}); сообщите разработчикам",
                )
                bundle = report = None
        if each is not None:
            each(row, bundle, report, findings)
        rows.append(row)
    rows.sort(key=SchoolRow.rank)
    return Summary(today, horizon, rows)


# --------------------------------------------------------------------------- tables: CSV and XLSX


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[SchoolRow], Any]
    width: int  # characters, for XLSX
    overdue: bool = False  # highlighted when above zero
    date: bool = False


def _fresh_text(row: SchoolRow) -> str:
    if row.update_fresh is None:
        return "" if not row.readable else ru.state_word(State.NOT_TRACKED)
    return "да" if row.update_fresh else "нет"


def _entry_of(key: str) -> Callable[[SchoolRow], int | None]:
    return lambda row: row.data_entry.get(key)


def columns(summary: Summary) -> list[Column]:
    cols = [
        Column("Школа", lambda r: r.school, 28),
        Column("Приказ №", lambda r: r.order_number, 11),
        Column("Дата приказа", lambda r: r.order_date, 12, date=True),
        Column("Платформа", lambda r: r.platform, 11),
        Column(ru.state_word(State.DONE, heading=True), lambda r: r.done if r.readable else None, 10),
        Column("Всего мероприятий", lambda r: r.counted if r.readable else None, 11),
        Column(ru.state_word(State.OVERDUE, heading=True), lambda r: r.overdue if r.readable else None, 11, overdue=True),
        Column(f"Срок в ближайшие {ru.days(summary.horizon)}", lambda r: r.due_soon if r.readable else None, 13),
    ]
    for key in summary.categories:
        cols.append(Column(f"Данные: {category_label(key)}, %", _entry_of(key), 14))
    cols += [
        Column("Последняя актуализация", lambda r: r.last_update, 14, date=True),
        Column("Актуализация в срок", _fresh_text, 12),
        Column("Просрочено обязанностей", lambda r: r.duties_overdue if r.readable else None, 13, overdue=True),
        Column("Ошибок проверки", lambda r: r.errors if r.readable else None, 10, overdue=True),
        Column("Папка", lambda r: r.folder, 30),
        Column("Не прочитано: первая проблема", lambda r: r.problem, 60),
    ]
    return cols


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab
    or a carriage return: a school named «=HYPERLINK(…)») gets a leading «'», so Excel and
    LibreOffice show it as text (OWASP: CSV injection).  Numbers and dates are left alone."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return ru.short_date(value)
    return str(inert(value)) if isinstance(value, str) else str(value)


def to_csv(summary: Summary) -> bytes:
    """UTF-8 with BOM, «;» between fields, dates as ДД.ММ.ГГГГ: Excel with Russian settings
    opens it by double-click with the Cyrillic intact and the numbers as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    cols = columns(summary)
    writer.writerow([c.header for c in cols])
    for row in summary.rows:
        writer.writerow([_csv_cell(c.value(row)) for c in cols])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(summary: Summary) -> bytes:
    """A workbook with one sheet: bold header row, frozen header and school column, filters,
    column widths, red fill for overdue counts and grey for unreadable schools.  The same data
    give the same bytes (fixed timestamps inside)."""
    from openpyxl import Workbook  # lazy: openpyxl costs 1 s; only for --format xlsx
    from openpyxl.formatting.rule import CellIsRule, FormulaRule  # lazy: openpyxl costs 1 s; only for --format xlsx
    from openpyxl.styles import Alignment, Font, PatternFill  # lazy: openpyxl costs 1 s; only for --format xlsx
    from openpyxl.utils import get_column_letter  # lazy: openpyxl costs 1 s; only for --format xlsx

    cols = columns(summary)
    wb = Workbook()
    ws = wb.active
    ws.title = "Школы"
    ws.append([c.header for c in cols])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in summary.rows:
        ws.append([inert(c.value(row)) for c in cols])
    last = len(summary.rows) + 1
    for i, col in enumerate(cols, 1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.date:
            for cell in ws[letter][1:]:
                cell.number_format = "DD.MM.YYYY"
        if col.overdue and last > 1:
            ws.conditional_formatting.add(
                f"{letter}2:{letter}{last}",
                CellIsRule(
                    operator="greaterThan",
                    formula=["0"],
                    fill=PatternFill("solid", fgColor="FFC7CE"),
                    font=Font(color="9C0006", bold=True),
                ),
            )
    problem = get_column_letter(len(cols))
    if last > 1:
        ws.conditional_formatting.add(
            f"A2:{problem}{last}", FormulaRule(formula=[f"LEN(${problem}2)>0"], fill=PatternFill("solid", fgColor="D9D9D9"))
        )
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{problem}{last}"
    when = dt.datetime(summary.today.year, summary.today.month, summary.today.day)
    wb.properties.creator = "rollout"
    wb.properties.created = when
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_zip(buffer.getvalue(), when)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """Repack with fixed entry timestamps and a fixed «modified» property (openpyxl writes
    the current time there on every save)."""

    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + iso + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()
