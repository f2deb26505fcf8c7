"""The `rollout` command: parses options, calls the library (``api``), prints.  No logic lives here.

Errors are not caught here: every library error is a ``RolloutError`` and the one handler in
``cli_ru.RussianGroup.main`` prints it and ends with its exit code."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from elzhur_rollout import __version__, api
from elzhur_rollout.api import CheckScope, RenderTarget, SummaryFormat
from elzhur_rollout.cli.russian_face import RussianCommand, RussianGroup, report_format
from elzhur_rollout.documents.docx_text import docx_lines
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.source.files import OUTPUT_FOLDER
from elzhur_rollout.source.git import setup

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.edit.progress import Edit
    from elzhur_rollout.findings import Finding

app = typer.Typer(
    cls=RussianGroup,
    name="rollout",
    help="Внедрение электронного журнала: проверка документов, ход работ и печатные формы.",
    no_args_is_help=True,
    add_completion=False,  # `rollout completion` installs it, with Russian messages
    context_settings={"help_option_names": ["-h", "--help"]},
    suggest_commands=False,  # its suggestion is English; the Russian one is added by russian_face
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class Format(StrEnum):
    text = "text"
    json = "json"


def _parse_today(value: str) -> dt.date:
    try:  # fromisoformat alone also takes 20200530 and 2020-W23-6
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"«{value}» — не дата; пишите ГГГГ-ММ-ДД, например 2020-09-15") from None


def _version(value: bool) -> None:
    if value:
        from elzhur_rollout.core.models import (
            FORMAT_VERSION,  # lazy: only this command needs it; keeps the start-up of the others light
        )

        typer.echo(f"rollout {__version__}\nФормат данных: версия {FORMAT_VERSION} (файлы версии 1 переводит rollout migrate).")
        raise typer.Exit(0)


DataOpt = Annotated[Path, typer.Option("--data", help="Папка с order.yaml, plan.yaml и regulation.yaml.", metavar="ПАПКА")]
TodayOpt = Annotated[
    dt.date | None,
    typer.Option("--today", parser=_parse_today, metavar="ГГГГ-ММ-ДД", help="Считать сегодняшней эту дату вместо текущей."),
]
FormatOpt = Annotated[Format, typer.Option("--format", help="Вид вывода.", metavar="text|json")]


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", metavar="", help="Показать версию программы и формата данных и выйти.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Внедрение электронного журнала: проверка документов, ход работ и печатные формы."""


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _today(value: dt.date | None) -> dt.date:
    return value or dt.date.today()


def _report_as(fmt: Format) -> None:
    """Tell the error handler how findings of a failure are printed (JSON on stdout for scripts)."""
    report_format(fmt.value)


def _load(data: Path, fmt: Format = Format.text) -> Bundle:

    _report_as(fmt)
    return api.load(data)


@app.command(cls=RussianCommand)
def check(
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
    horizon: Annotated[
        int, typer.Option("--horizon", min=0, max=3660, metavar="ДНИ", help="За сколько дней до срока предупреждать.")
    ] = 7,
    fmt: FormatOpt = Format.text,
    strict: Annotated[bool, typer.Option("--strict", metavar="", help="Считать предупреждения ошибками (код выхода 1).")] = False,
    scope: Annotated[
        CheckScope,
        typer.Option(
            "--scope",
            metavar="all|documents",
            help="all — всё; documents — только правильность документов, без сроков и хода работ (для pre-commit).",
        ),
    ] = CheckScope.ALL,
    grammar: Annotated[
        bool,
        typer.Option("--grammar", metavar="", help="Также проверить падежные формы должностей, имён и названий (медленнее)."),
    ] = False,
) -> None:
    """Проверить документы: схему, ссылки, сроки и полноту. Код выхода: 0 — замечаний нет, 1 — есть, 2 — данные непригодны."""
    from elzhur_rollout.outputs.terminal import (
        print_findings,  # lazy: the terminal printer costs 11 ms; the edit commands do without
    )

    result = api.check(_load(data, fmt), _today(today), horizon, scope, grammar=grammar)
    print_findings(_console(), result.findings, fmt.value)
    raise typer.Exit(result.exit_code(strict))


@app.command(cls=RussianCommand)
def status(
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
    person: Annotated[
        str | None, typer.Option("--person", metavar="КЛЮЧ", help="Показать план работ одного сотрудника (ключ из people).")
    ] = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """Показать ход внедрения: выполненные, просроченные и ближайшие мероприятия, кто что должен."""
    from elzhur_rollout.outputs.terminal import (
        print_status,  # lazy: the terminal printer costs 11 ms; the edit commands do without
    )

    report = api.status(_load(data, fmt), _today(today), person=person)
    print_status(_console(), report, fmt.value, person=person)


DirsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Папки данных школ или папки, в которых лежат папки школ (ищутся по order.yaml).",
        metavar="ПАПКА",
        show_default=False,
    ),
]
HorizonOpt = Annotated[
    int, typer.Option("--horizon", min=0, max=3660, metavar="ДНИ", help="Сколько дней до срока считать «скоро».")
]


@app.command(cls=RussianCommand)
def dashboard(
    dirs: DirsArg = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
    horizon: HorizonOpt = 7,
    out: Annotated[Path, typer.Option("--out", metavar="ФАЙЛ.html", help="Куда записать страницу.")] = Path(
        OUTPUT_FOLDER, "dashboard.html"
    ),
) -> None:
    """Записать панель хода внедрения — одну страницу HTML для проектора, телефона и печати, без интернета.
    С папками школ — сводная страница муниципалитета. Код выхода: 0 — записано, 2 — данные непригодны."""

    html, _ = api.dashboard(_today(today), data=None if dirs else data, dirs=dirs or [], horizon=horizon)
    typer.echo(f"Записано: {_shown(api.write_output(out, html.encode('utf-8')))}")


@app.command(cls=RussianCommand)
def serve(
    data: DataOpt = Path("data"),
    port: Annotated[int, typer.Option("--port", min=0, max=65535, metavar="ПОРТ", help="Порт (0 — любой свободный).")] = 8188,
    open_browser: Annotated[bool, typer.Option("--open", metavar="", help="Открыть страницу в браузере.")] = False,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="АДРЕС",
            help="Открыть страницу компьютерам сети (например 0.0.0.0); вход — только по напечатанной ссылке с ключом.",
        ),
    ] = None,
    today: TodayOpt = None,
) -> None:
    """Открыть панель в браузере с формами для записи хода работ: изменения записываются в файлы данных и в историю git.
    По умолчанию доступна только на этом компьютере. Остановить — Ctrl+C."""
    from elzhur_rollout.serve.run import serve as run  # lazy: only this command needs it; keeps the start-up of the others light

    run(data, port=port, host=host, open_browser=open_browser, today=today, say=typer.echo)


@app.command(cls=RussianCommand)
def summary(
    dirs: Annotated[
        list[Path],
        typer.Argument(help="Папки данных школ или папки, в которых лежат папки школ (ищутся по order.yaml).", metavar="ПАПКА"),
    ],
    today: TodayOpt = None,
    horizon: HorizonOpt = 7,
    fmt: Annotated[
        SummaryFormat | None,
        typer.Option(
            "--format",
            metavar="text|json|csv|xlsx",
            help="Вид: text — таблица на экране; json, csv (для Excel: UTF-8 с BOM, «;»), xlsx. "
            "По умолчанию — по расширению --out, иначе text.",
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="ФАЙЛ", help="Записать в файл вместо вывода на экран.")] = None,
) -> None:
    """Сводка по школам для управления образования: строка на школу, сначала худшие.
    Код выхода: 0 — всё в порядке, 1 — есть ошибки или просрочки, 2 — не прочитано ни одной школы."""
    from elzhur_rollout.outputs.terminal import (
        print_summary,  # lazy: the terminal printer costs 11 ms; the edit commands do without
    )

    kind = fmt or _format_of(out)
    result = api.summary(dirs, _today(today), horizon)
    if out is not None:
        typer.echo(f"Записано: {_shown(api.write_output(out, api.summary_bytes(result, kind)))}")
    elif kind is SummaryFormat.TEXT:
        print_summary(_console(), result)
    elif kind is SummaryFormat.XLSX:
        raise typer.BadParameter("файл xlsx не выводится на экран; укажите --out ФАЙЛ.xlsx", param_hint="--format")
    else:
        typer.echo(api.summary_bytes(result, kind), nl=False)
    raise typer.Exit(result.exit_code())


def _format_of(out: Path | None) -> SummaryFormat:
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    return SummaryFormat(suffix) if suffix in {"json", "csv", "xlsx"} else SummaryFormat.TEXT


# --------------------------------------------------------------------------- recording progress

DateOpt = Annotated[
    dt.date | None,
    typer.Option("--date", parser=_parse_today, metavar="ГГГГ-ММ-ДД", help="Дата события (по умолчанию — сегодня)."),
]
MeasureArg = Annotated[str, typer.Argument(help="Номер мероприятия (id в plan.yaml).", metavar="МЕРОПРИЯТИЕ")]


def _edited(edit: Edit) -> None:
    typer.echo(f"{edit.message} Изменён {_shown(edit.file)}.")


@app.command(cls=RussianCommand)
def done(
    measure: MeasureArg,
    date: DateOpt = None,
    note: Annotated[str | None, typer.Option("--note", metavar="ТЕКСТ", help="Примечание или подтверждение.")] = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отметить мероприятие выполненным."""

    _edited(api.done(data, measure, _today(today), when=date, note=note))


@app.command(cls=RussianCommand)
def start(measure: MeasureArg, data: DataOpt = Path("data"), today: TodayOpt = None) -> None:
    """Отметить, что работа над мероприятием началась."""

    _edited(api.start(data, measure, _today(today)))


@app.command(cls=RussianCommand)
def cancel(
    measure: MeasureArg,
    note: Annotated[str, typer.Option("--note", metavar="ТЕКСТ", help="Почему мероприятие отменено (обязательно).")],
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отменить мероприятие с указанием причины."""

    _edited(api.cancel(data, measure, _today(today), note=note))


@app.command(cls=RussianCommand)
def reopen(measure: MeasureArg, data: DataOpt = Path("data"), today: TodayOpt = None) -> None:
    """Вернуть выполненное или отменённое мероприятие в план."""

    _edited(api.reopen(data, measure, _today(today)))


# a recurring duty as duty-done and event name it: «engineer weekly-update», «приказ 8»
DutyRoleArg = Annotated[str, typer.Argument(help="Роль (ключ в roles регламента), «приказ» или «регламент».", metavar="РОЛЬ")]
DutyArg = Annotated[str, typer.Argument(help="Обязанность: её id или номер в роли; номер пункта.", metavar="ОБЯЗАННОСТЬ")]


@app.command("duty-done", cls=RussianCommand)
def duty_done(
    role: DutyRoleArg,
    duty: DutyArg,
    date: DateOpt = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отметить выполнение периодической обязанности."""

    _edited(api.duty_done(data, role, duty, _today(today), when=date))


@app.command(cls=RussianCommand)
def event(
    role: DutyRoleArg,
    duty: DutyArg,
    date: DateOpt = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Записать, что произошло событие, от которого считается срок обязанности (after_event)."""

    _edited(api.event(data, role, duty, _today(today), when=date))


@app.command(cls=RussianCommand)
def entered(
    category: Annotated[str, typer.Argument(help="Категория: pupils, teachers, parents.", metavar="КАТЕГОРИЯ")],
    count: Annotated[int, typer.Argument(help="Сколько записей внесено.", metavar="ЧИСЛО", min=0, max=100_000)],
    of: Annotated[int | None, typer.Option("--of", metavar="ВСЕГО", min=0, max=100_000, help="Сколько всего.")] = None,
    date: DateOpt = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Записать, сколько данных внесено в электронный журнал (пункт приказа с data_entry): только числа, без персональных данных."""

    _edited(api.entered(data, category, count, _today(today), total=of, when=date))


@app.command(cls=RussianCommand)
def updated(date: DateOpt = None, data: DataOpt = Path("data"), today: TodayOpt = None) -> None:
    """Записать дату последней актуализации данных (пункт приказа с updates)."""

    _edited(api.updated(data, _today(today), when=date))


@app.command(cls=RussianCommand)
def fmt(
    data: DataOpt = Path("data"),
    check_only: Annotated[
        bool, typer.Option("--check", metavar="", help="Только проверить; код 1, если файлы не в каноническом виде.")
    ] = False,
) -> None:
    """Привести файлы данных к единому виду: порядок ключей по схеме, отступ 2, даты ГГГГ-ММ-ДД, списки и словари — по строке на элемент, без скобок; комментарии сохраняются."""

    changed = api.fmt(data, check_only)
    for path in changed:
        typer.echo(f"{'Не в каноническом виде' if check_only else 'Переформатирован'}: {_shown(path)}")
    if not changed:
        typer.echo("Все файлы в каноническом виде.")
    raise typer.Exit(1 if changed and check_only else 0)


@app.command(cls=RussianCommand)
def migrate(data: DataOpt = Path("data")) -> None:
    """Перевести файлы данных версии 1 в версию 2: меняется только строка schema_version, комментарии и вид файлов сохраняются."""

    changed = api.migrate(data)
    for path in changed:
        typer.echo(f"Переведён в версию 2: {_shown(path)}")
    if not changed:
        typer.echo("Все файлы уже в версии 2.")


@app.command(cls=RussianCommand)
def render(
    what: Annotated[
        RenderTarget,
        typer.Argument(
            help="Что выпустить: order — приказ, plan — приложение 1, regulation — приложение 2, "
            "ack — лист ознакомления, all — всё и общий файл для печати, "
            "report — справка о ходе выполнения плана на дату --today, "
            "amendments — приказы о внесении изменений.",
            metavar="ДОКУМЕНТ",
        ),
    ],
    data: DataOpt = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Папка для готовых файлов.", metavar="ПАПКА")] = Path(OUTPUT_FOLDER),
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar="ПАПКА",
            help="Папка с шаблонами .docx (по умолчанию ./templates, а если её нет — шаблоны из поставки).",
        ),
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", metavar="", help="Также сохранить PDF (нужен LibreOffice).")] = False,
    pdf_a: Annotated[bool, typer.Option("--pdf-a", metavar="", help="Сохранить PDF в архивном формате PDF/A-2b.")] = False,
    force: Annotated[bool, typer.Option("--force", metavar="", help="Выпустить, даже если в документах есть ошибки.")] = False,
    remaining: Annotated[
        bool,
        typer.Option("--remaining", metavar="", help="С ack: лист только для тех, кто ещё не ознакомлен с подписанным приказом."),
    ] = False,
    today: TodayOpt = None,
) -> None:
    """Выпустить документы в .docx для печати и подписи. Код выхода: 0 — готово, 1 — в документах ошибки, 2 — не удалось."""

    if remaining and what is not RenderTarget.ACK:
        raise typer.BadParameter("--remaining относится только к листу ознакомления: rollout render ack --remaining")
    notes: list[str] = []
    warnings: list[Finding] = []
    for path in api.render(
        _load(data),
        what,
        out,
        templates,
        pdf=pdf,
        pdf_a=pdf_a,
        force=force,
        notify=notes.append,
        warn=warnings.extend,
        today=_today(today),
        remaining=remaining,
    ):
        typer.echo(f"Записано: {_shown(path)}")
    for note in notes:
        typer.echo(f"Замечание: {note}")
    if warnings:
        from elzhur_rollout.outputs.terminal import (
            print_findings,  # lazy: the terminal printer costs 11 ms; the edit commands do without
        )

        print_findings(_console(stderr=True), warnings)


@app.command(cls=RussianCommand)
def calendar(
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            metavar="КЛЮЧ",
            help="Только мероприятия и обязанности этого сотрудника (ключ из people), в том числе по его ролям.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            metavar="ФАЙЛ.ics",
            help="Куда записать календарь (по умолчанию pechat/kalendar.ics или pechat/kalendar-КЛЮЧ.ics; «-» — на экран).",
        ),
    ] = None,
    remind: Annotated[
        int, typer.Option("--remind", min=0, max=365, metavar="ДНИ", help="За сколько дней до срока напомнить (в 9:00).")
    ] = 3,
    include_closed: Annotated[
        bool, typer.Option("--all", metavar="", help="Включить выполненные и отменённые мероприятия (с пометкой).")
    ] = False,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Записать календарь iCalendar (.ics) со сроками мероприятий, периодическими обязанностями и сроками приказа — для телефона, Outlook, Яндекс и Google Календаря."""

    from elzhur_rollout.outputs.ical import default_name  # lazy: the calendar costs 55 ms; only calendar

    to_screen = out is not None and str(out) == "-"
    target = None if to_screen else out or Path(OUTPUT_FOLDER) / default_name(person)
    ics = api.calendar(_load(data), _today(today), person=person, remind=remind, include_closed=include_closed, out=target)
    if target is None:
        sys.stdout.buffer.write(ics)
    else:
        events = ru.plural(ics.count(b"BEGIN:VEVENT"), "событие", "события", "событий")
        typer.echo(f"Записано: {_shown(target)} ({events})")


# --------------------------------------------------------------------------- the order's life after signing


@app.command(cls=RussianCommand)
def sign(
    number: Annotated[str, typer.Option("--number", metavar="НОМЕР", help="Номер, под которым приказ зарегистрирован.")],
    date: Annotated[dt.date, typer.Option("--date", parser=_parse_today, metavar="ГГГГ-ММ-ДД", help="Дата подписания приказа.")],
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отметить, что приказ подписан (а если он уже подписан — последний проект приказа о внесении изменений): номер и дата записываются в данные, подписанная редакция — коммит git."""

    _edited(api.sign(data, number, date, _today(today)))


@app.command(cls=RussianCommand)
def acquainted(
    people: Annotated[
        list[str] | None,
        typer.Argument(help="Кто ознакомлен: ключ из people или фамилия с инициалами («Белов А.И.»).", metavar="СОТРУДНИК"),
    ] = None,
    date: DateOpt = None,
    all_from: Annotated[
        Path | None,
        typer.Option("--all-from", metavar="ФАЙЛ", help="Файл со списком ознакомленных: по одному сотруднику на строку."),
    ] = None,
    data: DataOpt = Path("data"),
    today: TodayOpt = None,
) -> None:
    """Отметить, кто расписался в листе ознакомления с подписанным приказом, и когда."""

    _edited(api.acquainted(data, people or [], _today(today), when=date, from_file=all_from))


@app.command(cls=RussianCommand)
def amend(
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="РЕВИЗИЯ", help="С какой ревизией git сравнить (по умолчанию — последняя подписанная)."),
    ] = None,
    data: DataOpt = Path("data"),
    out: Annotated[Path, typer.Option("--out", help="Папка для готовых файлов.", metavar="ПАПКА")] = Path(OUTPUT_FOLDER),
    templates: Annotated[
        Path | None, typer.Option("--templates", metavar="ПАПКА", help="Папка с шаблонами .docx (как у render).")
    ] = None,
) -> None:
    """Составить проект приказа о внесении изменений: что изменилось в напечатанном тексте с подписанной редакции, словами юридической техники."""

    edit, written = api.amend(data, since, out, templates)
    _edited(edit)
    for path in written:
        typer.echo(f"Записано: {_shown(path)}")


@app.command("next-year", cls=RussianCommand)
def next_year(
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            metavar="ПАПКА",
            help="Новая (или пустая) папка для приказа на следующий год (по умолчанию ПАПКА-ГГГГ-ГГГГ рядом с данными).",
        ),
    ] = None,
    school_year: Annotated[
        str | None,
        typer.Option("--school-year", metavar="ГГГГ/ГГГГ", help="Учебный год нового приказа (по умолчанию — следующий)."),
    ] = None,
    data: DataOpt = Path("data"),
) -> None:
    """Сделать приказ на следующий учебный год: даты переносятся на год, ход работ и ознакомление сбрасываются, номер и дату впишет секретарь."""

    written = api.next_year(data, to, school_year)
    for path in written:
        typer.echo(f"Записано: {_shown(path)}")
    typer.echo(f"Дальше: rollout check --data {_shown(written[0].parent)} — она напомнит, что заполнить.")


# --------------------------------------------------------------------------- git and editors


@app.command(cls=RussianCommand)
def diff(
    rev: Annotated[str | None, typer.Argument(help="С какой ревизией сравнить (по умолчанию HEAD).", metavar="РЕВИЗИЯ")] = None,
    rev2: Annotated[str | None, typer.Argument(help="Вторая ревизия (по умолчанию — рабочая копия).", metavar="РЕВИЗИЯ2")] = None,
    data: DataOpt = Path("data"),
    fmt: FormatOpt = Format.text,
) -> None:
    """Показать по смыслу, что изменилось в документах между ревизиями git."""
    from elzhur_rollout.outputs.terminal import dump_json  # lazy: the terminal printer costs 11 ms; the edit commands do without

    changes = api.diff(data, rev, rev2)
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

    typer.echo("\n".join(docx_lines(file)))


@app.command("git-setup", cls=RussianCommand)
def git_setup(repo: Annotated[Path, typer.Option("--repo", metavar="ПАПКА", help="Репозиторий git.")] = Path(".")) -> None:
    """Настроить git, чтобы git diff показывал текст изменённых .docx (пишет .gitattributes и .git/config)."""

    for line in setup(repo):
        typer.echo(line[:1].upper() + line[1:] + ".")


@app.command(cls=RussianCommand)
def schema(
    out: Annotated[Path, typer.Option("--out", metavar="ПАПКА", help="Куда записать схемы.")] = Path("schema"),
    editor: Annotated[
        bool,
        typer.Option(
            "--editor",
            help="Вместо схем записать в .vscode/settings.json текущей папки школы, где на этом компьютере "
            "лежат схемы из поставки (подсказки VS Code); прочие настройки файла сохраняются.",
        ),
    ] = False,
) -> None:
    """Записать JSON Schema файлов данных (для проверки и подсказок в VS Code)."""
    if editor:
        from elzhur_rollout.edit.starter import write_editor_settings  # lazy: only schema --editor

        typer.echo(f"Записано: {_shown(write_editor_settings(Path('.')))}")
        return
    from elzhur_rollout.source.json_schema import write_schemas  # lazy: the JSON Schema writer costs 9 ms; only schema

    for path in write_schemas(out):
        typer.echo(f"Записано: {_shown(path)}")


@app.command(cls=RussianCommand)
def init(
    folder: Annotated[Path, typer.Argument(help="Новая (или пустая) папка школы.", metavar="ПАПКА")],
    full_name: Annotated[
        str | None, typer.Option("--full-name", metavar="ТЕКСТ", help="Полное наименование школы, как в уставе.")
    ] = None,
    school: Annotated[
        str | None,
        typer.Option("--school", metavar="ТЕКСТ", help="Краткое наименование школы, например «МБОУ «Лицей № 3»»."),
    ] = None,
    city: Annotated[
        str | None, typer.Option("--city", metavar="ТЕКСТ", help="Город или село для шапки приказа: «Кировск» или «с. Покровка».")
    ] = None,
    director: Annotated[
        str | None, typer.Option("--director", metavar="ФИО", help="Директор: «Лойко Елена Сергеевна» или «Лойко Е.С.».")
    ] = None,
    platform: Annotated[
        str | None,
        typer.Option("--platform", metavar="ТЕКСТ", help="Электронный журнал, например «Сетевой город. Образование»."),
    ] = None,
    year: Annotated[str | None, typer.Option("--year", metavar="ГГГГ/ГГГГ", help="Учебный год, например 2025/2026.")] = None,
    example: Annotated[
        bool,
        typer.Option(
            "--example", metavar="", help="Вместо образца взять пример из поставки: приказ № 188 гимназии № 5 г. Феодосии."
        ),
    ] = False,
    own_templates: Annotated[
        bool,
        typer.Option(
            "--own-templates",
            metavar="",
            help="Скопировать шаблоны .docx в папку школы, чтобы менять их (иначе берутся шаблоны из поставки).",
        ),
    ] = False,
    today: TodayOpt = None,
) -> None:
    """Создать папку новой школы: данные, настройки git и pre-commit; шаблоны и схемы — из поставки.
    Чего не указали (в терминале команда спросит), останется заглушкой «[заполните: …]»: rollout check покажет каждую."""
    from elzhur_rollout.cli.questions import (
        ask_school,  # lazy: only this command needs it; keeps the start-up of the others light
    )
    from elzhur_rollout.edit.starter import School  # lazy: the starter costs 30 ms; only init
    from elzhur_rollout.edit.starter import init as make  # lazy: the starter costs 30 ms; only init

    details = School(full_name, school, city, director, platform, year)
    if example:
        given = [name for name, value in zip(_SCHOOL_OPTIONS, vars(details).values(), strict=True) if value]
        if given:
            from elzhur_rollout.errors import (
                UsageError,  # lazy: only this command needs it; keeps the start-up of the others light
            )

            raise UsageError("--example — готовая школа со своими данными; уберите " + ", ".join(given))
    else:
        details = ask_school(details)
    made = make(folder, details, _today(today), example=example, own_templates=own_templates)
    typer.echo(f"Создана папка {_shown(folder)}: {_files(len(made.files))}.")
    if made.placeholders:
        left = ru.plural(made.placeholders, "заглушку", "заглушки", "заглушек")
        typer.echo(f"Осталось заполнить {left} «[заполните: …]» в папке data: rollout check покажет, где они.")
    typer.echo(f"Дальше: {_cd(folder)} && rollout check")


_SCHOOL_OPTIONS = ("--full-name", "--school", "--city", "--director", "--platform", "--year")


def _files(n: int) -> str:

    return ru.plural(n, "файл", "файла", "файлов")


def _cd(folder: Path) -> str:
    """The command that enters ``folder``, quoted for the shell the user has."""
    shown = _shown(folder)
    if os.name == "nt":
        return f'cd "{shown}"' if re.search(r"[\s\"'&;|<>()`$]", shown) else f"cd {shown}"
    import shlex  # lazy: a standard module used only here

    return f"cd {shlex.quote(shown)}"


# --------------------------------------------------------------------------- help and completion


@app.command("help", cls=RussianCommand)
def help_(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Команда (и подкоманда), справку по которой показать.", metavar="КОМАНДА")
    ] = None,
) -> None:
    """Показать справку по команде: rollout help render — то же, что rollout render --help."""
    from elzhur_rollout.cli.russian_face import (
        help_of,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    typer.echo(help_of(ctx, names or []))


class Shell(StrEnum):
    bash = "bash"
    zsh = "zsh"
    powershell = "powershell"


@app.command(cls=RussianCommand)
def completion(
    shell: Annotated[Shell, typer.Argument(help="Оболочка: bash, zsh или powershell (Windows).", metavar="ОБОЛОЧКА")],
    install: Annotated[
        bool, typer.Option("--install", metavar="", help="Установить: записать сценарий и подключить его в настройках оболочки.")
    ] = False,
) -> None:
    """Дополнение команд и параметров клавишей Tab: напечатать сценарий для оболочки или установить его (--install)."""
    from elzhur_rollout.cli.russian_face import (  # lazy: only this command needs it; keeps the start-up of the others light
        completion_script,
        install_completion,
    )

    if not install:
        typer.echo(completion_script(shell.value))
        return
    path, rc = install_completion(shell.value)
    typer.echo(f"Записано: {path}")
    if rc is not None:
        typer.echo(f"Подключено в {rc}.")
    typer.echo("Дополнение заработает в новом окне терминала.")


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def main() -> None:
    app()
