"""The `rollout` command: parses options, calls the library, prints.  No logic lives here."""

from __future__ import annotations

import datetime as dt
import os
from enum import Enum
from pathlib import Path
from typing import Annotated

# pydantic looks up plugins through importlib.metadata (about 12 ms at start-up); the CLI
# uses none.  Set before the first model is built; an explicit user setting wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer  # noqa: E402
from rich.console import Console  # noqa: E402

from . import __version__  # noqa: E402
from .cli_ru import RussianCommand, RussianGroup  # noqa: E402

app = typer.Typer(
    cls=RussianGroup,
    name="rollout",
    help="Внедрение электронного журнала ЭлЖур: проверка документов, ход работ и печатные формы.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class Scope(str, Enum):
    all = "all"
    documents = "documents"


class Format(str, Enum):
    text = "text"
    json = "json"


def _parse_today(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"«{value}» — не дата; пишите ГГГГ-ММ-ДД, например 2020-09-15") from None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rollout {__version__}")
        raise typer.Exit(0)


DataOpt = Annotated[
    Path, typer.Option("--data", help="Папка с order.yaml, plan.yaml и regulation.yaml.", metavar="ПАПКА")
]
TodayOpt = Annotated[
    dt.date | None,
    typer.Option("--today", parser=_parse_today, metavar="ГГГГ-ММ-ДД",
                 help="Считать сегодняшней эту дату вместо текущей."),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="Вид вывода.", metavar="text|json")]


@app.callback()
def root(
    version: Annotated[bool, typer.Option("--version", metavar="", help="Показать версию и выйти.", callback=_version, is_eager=True)] = False,
) -> None:
    """Внедрение электронного журнала ЭлЖур: проверка документов, ход работ и печатные формы."""


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _today(value: dt.date | None) -> dt.date:
    return value or dt.date.today()


def _load(data: Path, fmt: Format = Format.text):  # type: ignore[no-untyped-def]
    """Load the bundle or print every problem and exit 2."""
    from .loading import LoadFailed, load_bundle
    from .reporting import print_findings

    try:
        return load_bundle(data)
    except LoadFailed as failed:
        print_findings(_console(stderr=fmt == Format.text), failed.findings, fmt.value)
        raise typer.Exit(2) from None


@app.command(cls=RussianCommand)
def check(
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
    horizon: Annotated[int, typer.Option("--horizon", min=0, max=3660, metavar="ДНИ", help="За сколько дней до срока предупреждать.")] = 7,
    fmt: FormatOpt = Format.text,
    strict: Annotated[bool, typer.Option("--strict", metavar="", help="Считать предупреждения ошибками (код выхода 1).")] = False,
    scope: Annotated[Scope, typer.Option("--scope", metavar="all|documents",
                                         help="all — всё; documents — только правильность документов, без сроков и хода работ "
                                              "(для pre-commit).")] = Scope.all,
) -> None:
    """Проверить документы: схему, ссылки, сроки и полноту. Код выхода: 0 — замечаний нет, 1 — есть, 2 — данные непригодны."""
    from .checks import run_checks
    from .findings import count_by_severity
    from .reporting import print_findings

    day = _today(today)
    bundle = _load(data, fmt)
    findings = run_checks(bundle, day, horizon, progress=scope != Scope.documents)
    print_findings(_console(), findings, fmt.value)
    counts = count_by_severity(findings)
    raise typer.Exit(1 if counts["error"] or (strict and counts["warning"]) else 0)


@app.command(cls=RussianCommand)
def status(
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
    person: Annotated[str | None, typer.Option("--person", metavar="КЛЮЧ", help="Показать план работ одного сотрудника (ключ из people).")] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Показать ход внедрения: выполненные, просроченные и ближайшие мероприятия, кто что должен."""
    from .reporting import print_status
    from .status import build_status

    day = _today(today)
    bundle = _load(data, fmt)
    if person is not None and person not in bundle.order.people:
        known = ", ".join(bundle.order.people)
        typer.echo(f"Ошибка: сотрудника «{person}» нет в order.yaml (people); известны: {known}.", err=True)
        raise typer.Exit(2)
    report = build_status(bundle, day, person=person)
    print_status(_console(), report, fmt.value, person=person)


# --------------------------------------------------------------------------- recording progress

DateOpt = Annotated[
    dt.date | None,
    typer.Option("--date", parser=_parse_today, metavar="ГГГГ-ММ-ДД", help="Дата события (по умолчанию — сегодня)."),
]


def _edit(action) -> None:  # type: ignore[no-untyped-def]
    """Run an edit of the data files and print its outcome; exit 2 when it is refused."""
    from .editing import EditError
    from .loading import LoadFailed
    from .reporting import print_findings

    try:
        edit = action()
    except LoadFailed as failed:
        print_findings(_console(stderr=True), failed.findings)
        typer.echo("Данные не изменены: сначала исправьте ошибки в файлах.", err=True)
        raise typer.Exit(2) from None
    except EditError as err:
        typer.echo(f"Ошибка: {err}. Файлы не изменены.", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{edit.message} Изменён {_shown(edit.file)}.")


MeasureArg = Annotated[str, typer.Argument(help="Номер мероприятия (id в plan.yaml).", metavar="МЕРОПРИЯТИЕ")]


@app.command(cls=RussianCommand)
def done(
    measure: MeasureArg,
    date: DateOpt = None,
    note: Annotated[str | None, typer.Option("--note", metavar="ТЕКСТ", help="Примечание или подтверждение.")] = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отметить мероприятие выполненным."""
    from .editing import set_status

    _edit(lambda: set_status(data, measure, "done", _today(today), when=date, note=note))


@app.command(cls=RussianCommand)
def start(measure: MeasureArg, data: DataOpt = Path("data"), today: TodayOpt = None) -> None:
    """Отметить, что работа над мероприятием началась."""
    from .editing import set_status

    _edit(lambda: set_status(data, measure, "in_progress", _today(today)))


@app.command(cls=RussianCommand)
def cancel(
    measure: MeasureArg,
    note: Annotated[str, typer.Option("--note", metavar="ТЕКСТ", help="Почему мероприятие отменено (обязательно).")],
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отменить мероприятие с указанием причины."""
    from .editing import set_status

    _edit(lambda: set_status(data, measure, "cancelled", _today(today), note=note))


@app.command(cls=RussianCommand)
def reopen(measure: MeasureArg, data: DataOpt = Path("data"), today: TodayOpt = None) -> None:
    """Вернуть выполненное или отменённое мероприятие в план."""
    from .editing import set_status

    _edit(lambda: set_status(data, measure, "planned", _today(today)))


@app.command("duty-done", cls=RussianCommand)
def duty_done(
    role: Annotated[str, typer.Argument(help="Роль (ключ в roles регламента).", metavar="РОЛЬ")],
    duty: Annotated[str, typer.Argument(help="Обязанность: её id или номер в роли.", metavar="ОБЯЗАННОСТЬ")],
    date: DateOpt = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отметить выполнение периодической обязанности."""
    from .editing import duty_done as record

    _edit(lambda: record(data, role, duty, _today(today), when=date))


@app.command(cls=RussianCommand)
def entered(
    category: Annotated[str, typer.Argument(help="Категория: pupils, teachers, parents.", metavar="КАТЕГОРИЯ")],
    count: Annotated[int, typer.Argument(help="Сколько записей внесено.", metavar="ЧИСЛО", min=0)],
    of: Annotated[int | None, typer.Option("--of", metavar="ВСЕГО", min=0, help="Сколько всего.")] = None,
    date: DateOpt = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Записать, сколько данных внесено в ЭлЖур (пункт 3.1 приказа): только числа, без персональных данных."""
    from .editing import data_entered

    _edit(lambda: data_entered(data, category, count, _today(today), total=of, when=date))


@app.command(cls=RussianCommand)
def updated(date: DateOpt = None, data: DataOpt = Path("data"), today: TodayOpt = None) -> None:
    """Записать дату последней актуализации данных (пункт 3.2 приказа)."""
    from .editing import data_updated

    _edit(lambda: data_updated(data, _today(today), when=date))


@app.command(cls=RussianCommand)
def fmt(
    data: DataOpt = Path("data"),
    check_only: Annotated[bool, typer.Option("--check", metavar="", help="Только проверить; код 1, если файлы не в каноническом виде.")] = False,
) -> None:
    """Привести файлы данных к единому виду: порядок ключей по схеме, отступ 2, даты ГГГГ-ММ-ДД, без flow-стиля; комментарии сохраняются."""
    from .editing import EditError, format_folder
    from .loading import LoadFailed
    from .reporting import print_findings

    try:
        changed = format_folder(data, check_only)
    except LoadFailed as failed:
        print_findings(_console(stderr=True), failed.findings)
        raise typer.Exit(2) from None
    except EditError as err:
        typer.echo(f"Ошибка: {err}", err=True)
        raise typer.Exit(2) from None
    for path in changed:
        typer.echo(f"{'Не в каноническом виде' if check_only else 'Переформатирован'}: {_shown(path)}")
    if not changed:
        typer.echo("Все файлы в каноническом виде.")
    raise typer.Exit(1 if changed and check_only else 0)


class Target(str, Enum):
    order = "order"
    plan = "plan"
    regulation = "regulation"
    ack = "ack"
    all = "all"


@app.command(cls=RussianCommand)
def render(
    what: Annotated[Target, typer.Argument(
        help="Что выпустить: order — приказ, plan — приложение 1, regulation — приложение 2, "
             "ack — лист ознакомления, all — всё и общий файл для печати.", metavar="ДОКУМЕНТ")],
    data: DataOpt = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Папка для готовых файлов.", metavar="ПАПКА")] = Path("build"),
    templates: Annotated[Path | None, typer.Option(
        "--templates", metavar="ПАПКА",
        help="Папка с шаблонами .docx (по умолчанию ./templates, а если её нет — шаблоны из поставки).")] = None,
    pdf: Annotated[bool, typer.Option("--pdf", metavar="", help="Также сохранить PDF (нужен LibreOffice).")] = False,
    pdf_a: Annotated[bool, typer.Option("--pdf-a", metavar="", help="Сохранить PDF в архивном формате PDF/A-2b.")] = False,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Выпустить, даже если в документах есть ошибки.")] = False,
) -> None:
    """Выпустить документы в .docx для печати и подписи. Код выхода: 0 — готово, 1 — в документах ошибки, 2 — не удалось."""
    from .checks import run_checks
    from .findings import count_by_severity
    from .reporting import print_findings
    from .rendering import RenderError
    from .rendering import render as render_documents

    bundle = _load(data)
    findings = run_checks(bundle, bundle.order.document.date, progress=False)
    if count_by_severity(findings)["error"] and not force:
        print_findings(_console(stderr=True), findings)
        typer.echo("Документы не выпущены: исправьте ошибки или повторите с --force.", err=True)
        raise typer.Exit(1)
    if templates is None:
        from .resources import shared

        templates = Path("templates") if Path("templates").is_dir() else shared("templates")
    notes: list[str] = []
    try:
        written = render_documents(bundle, what.value, out, templates, pdf=pdf, pdf_a=pdf_a, notify=notes.append)
    except RenderError as err:
        typer.echo(f"Ошибка: {err}", err=True)
        raise typer.Exit(2) from None
    for path in written:
        typer.echo(f"Записано: {_shown(path)}")
    for note in notes:
        typer.echo(f"Замечание: {note}")


# --------------------------------------------------------------------------- git and editors


@app.command(cls=RussianCommand)
def diff(
    rev: Annotated[str | None, typer.Argument(help="С какой ревизией сравнить (по умолчанию HEAD).", metavar="РЕВИЗИЯ")] = None,
    rev2: Annotated[str | None, typer.Argument(help="Вторая ревизия (по умолчанию — рабочая копия).", metavar="РЕВИЗИЯ2")] = None,
    data: DataOpt = Path("data"),
    fmt: FormatOpt = Format.text,
) -> None:
    """Показать по смыслу, что изменилось в документах между ревизиями git."""
    from .changes import compare
    from .loading import LoadFailed
    from .reporting import dump_json, print_findings
    from .vcs import GitError, bundle_at

    try:
        before = bundle_at(data, rev or "HEAD")
        after = bundle_at(data, rev2)
    except GitError as err:
        typer.echo(f"Ошибка: {err}.", err=True)
        raise typer.Exit(2) from None
    except LoadFailed as failed:
        print_findings(_console(stderr=True), failed.findings)
        raise typer.Exit(2) from None
    changes = compare(before, after)
    if fmt == Format.json:
        typer.echo(dump_json([c.as_dict() for c in changes]))
        return
    if not changes:
        typer.echo("Изменений по существу нет.")
    for change in changes:
        typer.echo(str(change))


@app.command(cls=RussianCommand)
def textconv(file: Annotated[Path, typer.Argument(help="Файл .docx.", metavar="ФАЙЛ")]) -> None:
    """Напечатать текст .docx построчно (для git diff: rollout git-setup)."""
    from .docx_text import DocxReadError, docx_lines

    try:
        lines = docx_lines(file)
    except DocxReadError as err:
        typer.echo(f"Ошибка: {err}", err=True)
        raise typer.Exit(2) from None
    typer.echo("\n".join(lines))


@app.command("git-setup", cls=RussianCommand)
def git_setup(repo: Annotated[Path, typer.Option("--repo", metavar="ПАПКА", help="Репозиторий git.")] = Path(".")) -> None:
    """Настроить git, чтобы git diff показывал текст изменённых .docx (пишет .gitattributes и .git/config)."""
    from .files import FileError
    from .vcs import GitError, setup

    try:
        for line in setup(repo):
            typer.echo(_cap_first(line) + ".")
    except (GitError, FileError) as err:
        typer.echo(f"Ошибка: {err}.", err=True)
        raise typer.Exit(2) from None


@app.command(cls=RussianCommand)
def schema(out: Annotated[Path, typer.Option("--out", metavar="ПАПКА", help="Куда записать схемы.")] = Path("schema")) -> None:
    """Записать JSON Schema файлов данных (для проверки и подсказок в VS Code)."""
    from .files import FileError
    from .schema import write_schemas

    try:
        for path in write_schemas(out):
            typer.echo(f"Записано: {_shown(path)}")
    except FileError as err:
        typer.echo(f"Ошибка: {err}", err=True)
        raise typer.Exit(2) from None
    except OSError as err:
        typer.echo(f"Ошибка: не удалось создать папку {out}: {err.strerror}.", err=True)
        raise typer.Exit(2) from None


@app.command(cls=RussianCommand)
def init(
    folder: Annotated[Path, typer.Argument(help="Новая (или пустая) папка школы.", metavar="ПАПКА")],
    school: Annotated[str | None, typer.Option("--school", metavar="НАЗВАНИЕ", help="Наименование школы.")] = None,
    today: TodayOpt = None,
) -> None:
    """Создать папку новой школы: образец данных, шаблоны, схемы, настройки git и pre-commit."""
    from .files import FileError
    from .scaffold import InitError
    from .scaffold import init as make

    try:
        made = make(folder, school, _today(today))
    except (InitError, FileError, FileNotFoundError) as err:
        typer.echo(f"Ошибка: {err}.", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Создана папка {_shown(folder)}: {len(made)} файлов. Дальше: cd {_shown(folder)} && rollout check")


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main() -> None:
    app()
