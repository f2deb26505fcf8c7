"""The Russian face of the command line: help, the usage line, command-line errors, completion.

* Typer's own strings (panel titles, «[default: …]», «Missing command.») go through gettext:
  :func:`speak_russian` binds the default domain to the catalog ``locale/ru/LC_MESSAGES/rollout.mo``
  (its source ``rollout.po`` is beside it) and asks for Russian, so they come out Russian.
* Help is written by the command classes here (click's documented ``format_help``), from the
  parameters' own attributes: the metavar a command declares, never a type name (``<str>``,
  ``<int range>``), ranges as words, choices listed in full.  Every command of ``rollout`` is
  of these classes, so a new command gets the same help without doing anything.
* Usage errors are caught in ``main`` and printed as a Russian sentence (exit code 2, as click
  does); ``main`` is also the one handler of the library's errors (``errors.RolloutError``).
"""

from __future__ import annotations

import codecs
import contextlib
import gettext
import io
import os
import re
import shutil
import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from typer._click import exceptions as click_exc
from typer.core import TyperCommand, TyperGroup

from elzhur_rollout.errors import RolloutError
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.source.files import os_error_ru

DOMAIN = "rollout"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
USAGE_PREFIX = "Использование: "
HELP_TEXT = "Показать эту справку и выйти."
OPTIONS_METAVAR = "[ПАРАМЕТРЫ]"
COMMAND_METAVAR = "КОМАНДА [АРГУМЕНТЫ]..."
HELP_WIDTH = 100  # help wider than this is hard to read even on a wide terminal


def speak_russian() -> None:
    """Bind gettext's default domain to the Russian catalog of Typer's strings and ask for
    Russian (``LANGUAGE``, which gettext reads first): this tool speaks nothing else."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = "ru"


def _range(param: Any) -> str:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return f"от {low} до {high}"
    if low is not None:
        return f"не меньше {low}"
    if high is not None:
        return f"не больше {high}"
    return ""


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None) if getattr(descriptor, "is_choice", False) else None
    return [str(c.value if isinstance(c, Enum) else c) for c in choices or ()]


def _default(param: Any, ctx: Any) -> str:
    if getattr(param, "is_flag", False) or getattr(param, "show_default", True) is False or param.required:
        return ""
    try:
        value = param.get_default(ctx, call=False)
    except Exception:  # a default that cannot be computed without the user's input
        return ""
    if value is None or value == [] or value == () or value == "" or callable(value):
        return ""
    return str(value.value if isinstance(value, Enum) else value)


def _param_help(param: Any, ctx: Any) -> str:
    """A parameter's help text with what else the user must know, in words."""
    text = " ".join((getattr(param, "help", None) or "").split())
    extras = []
    choices = _choices(param)
    metavar = param.metavar or ""
    if choices and not all(c in text for c in choices) and not all(c in metavar for c in choices):
        extras.append("Варианты: " + ", ".join(choices) + ".")
    if bounds := _range(param):
        extras.append(f"Число {bounds}.")
    if default := _default(param, ctx):
        extras.append(f"[по умолчанию: {default}]")
    if param.required:
        extras.append("[обязательно]")
    return " ".join([text, *extras]).strip()


def _argument_name(param: Any) -> str:
    name = str(param.metavar or (param.name or "").upper())
    return f"{name}..." if param.nargs == -1 else name


def _usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [OPTIONS_METAVAR] if any(p.param_type_name == "option" and not p.hidden for p in command.get_params(ctx)) else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            name = _argument_name(param)
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append(COMMAND_METAVAR)
    return pieces


def _first_paragraph(text: str | None) -> str:
    return " ".join((text or "").split("\n\n")[0].split())


def render_help(command: Any, ctx: Any) -> str:
    """The help page of ``command``: usage, description, arguments, options and subcommands."""
    from rich.panel import Panel  # lazy: rich.console costs ~70 ms; only when printing
    from rich.table import Table  # lazy: rich.console costs ~70 ms; only when printing
    from rich.text import Text  # lazy: rich.console costs ~70 ms; only when printing

    width = min(shutil.get_terminal_size((80, 24)).columns, HELP_WIDTH)
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, highlight=False, emoji=False, soft_wrap=False)
    console.print(Text(USAGE_PREFIX + " ".join([ctx.command_path, *_usage_pieces(command, ctx)])))
    if command.help:
        console.print()
        for paragraph in command.help.split("\n\n"):
            console.print(Text(" ".join(paragraph.split())), style="")
        console.print()
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    panels: list[tuple[str, list[tuple[str, str, str]]]] = [
        ("Аргументы", [(_argument_name(p), "", _param_help(p, ctx)) for p in params if p.param_type_name == "argument"]),
        (
            "Параметры",
            [
                (
                    ", ".join(sorted(p.opts, key=len) + p.secondary_opts),
                    "" if p.is_flag else str(p.metavar or ""),
                    _param_help(p, ctx),
                )
                for p in params
                if p.param_type_name == "option"
            ],
        ),
    ]
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                rows.append((name, "", _first_paragraph(sub.help)))
        panels.append(("Команды", rows))
    for title, rows in panels:
        if not rows:
            continue
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for name, metavar, text in rows:
            table.add_row(Text(name), Text(metavar), Text(text))
        console.print(Panel(table, title=title, title_align="left", expand=True))
    return out.getvalue()


def help_of(ctx: Any, names: list[str]) -> str:
    """The help page of the command ``names`` name under the root of ``ctx`` (`rollout help render`)."""
    from elzhur_rollout.errors import UsageError  # lazy: only this command needs it; keeps the start-up of the others light

    parent = ctx.find_root()
    command = parent.command
    for name in names:
        sub = command.get_command(parent, name) if isinstance(command, TyperGroup) else None
        if sub is None:
            known = command.list_commands(parent) if isinstance(command, TyperGroup) else []
            raise UsageError(f"неизвестная команда «{name}»{ru.did_you_mean(name, known, cutoff=0.6, n=3)}")
        parent = sub.make_context(name, [], parent=parent, resilient_parsing=True)
        command = sub
    return str(command.get_help(parent))


def _typer_completion(name: str) -> Any:
    """A function of Typer's completion module (the scripts, their installation, the shells' classes)."""
    import importlib  # lazy: a standard module used only here

    return getattr(importlib.import_module("typer.completion"), name)


def completion_script(shell: str) -> str:
    """The script that makes ``shell`` complete rollout's commands and options (Typer's protocol)."""
    return str(_typer_completion("get_completion_script")(prog_name="rollout", complete_var=COMPLETE_VAR, shell=shell))


def install_completion(shell: str) -> tuple[Path, Path | None]:
    """Write the completion script where ``shell`` loads it; returns the script and the settings
    file that loads it (bash: ~/.bashrc, zsh: ~/.zshrc; PowerShell: the profile is the script)."""
    _shell, path = _typer_completion("install")(shell=shell, prog_name="rollout", complete_var=COMPLETE_VAR)
    settings = {"bash": Path.home() / ".bashrc", "zsh": Path.home() / ".zshrc"}.get(shell)
    return Path(path), settings


class _Russian:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = OPTIONS_METAVAR
        super().__init__(*args, **kwargs)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(render_help(self, ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(_usage_pieces(self, ctx)), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
            option.metavar = ""
        return option


def _click_exceptions() -> tuple[Any, Any]:
    """click's UsageError and ClickException, found from Typer's public ``BadParameter`` (whether
    Typer vendors click or depends on it)."""
    bases = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
    return bases["UsageError"], bases["ClickException"]


class RussianCommand(_Russian, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        refuse_repeated_options(self, ctx, args)
        return super().parse_args(ctx, args)


def refuse_repeated_options(command: Any, ctx: Any, args: list[str]) -> None:
    """An option with a value given twice (``--note a --note b``) is refused: click would keep
    the last one and silently drop the other."""

    options = {
        opt: param
        for param in command.params
        if getattr(param, "param_type_name", "") == "option" and not param.is_flag and not param.multiple and not param.count
        for opt in (*param.opts, *param.secondary_opts)
    }
    seen: dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            break
        name, has_value, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        param = options.get(name)
        if param is not None:
            if not has_value:
                i += 1
                value = args[i] if i < len(args) else ""
            if param.name in seen:
                raise click_exc.UsageError(
                    f"параметр {name} указан дважды («{seen[param.name]}» и «{value}»); укажите его один раз", ctx
                )
            seen[param.name] = value
        i += 1


class RussianGroup(_Russian, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["subcommand_metavar"] = COMMAND_METAVAR
        super().__init__(*args, **kwargs)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        usage_error, click_exception = _click_exceptions()
        install_output_fallback()
        speak_russian()
        if os.environ.get(COMPLETE_VAR):  # a shell asks what to complete: Typer's protocol and classes
            _typer_completion("completion_init")()
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "rollout",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except usage_error as err:
            if err.__class__.__name__ == "NoArgsIsHelpError":
                if err.message:  # rich has already printed the help when the message is empty
                    typer.echo(err.message)
                rv = 0
            else:
                typer.echo(usage_error_message(err), err=True)
                rv = 2
        except RolloutError as err:
            _report_error(err)
            rv = err.exit_code
        except click_exception as err:
            typer.echo(f"Ошибка: {err.format_message()}", err=True)
            rv = 2
        except typer.Abort:
            typer.echo("Прервано.", err=True)
            rv = 1
        except KeyboardInterrupt:  # Ctrl-C: every write is atomic, so nothing is half-written
            rv = EXIT_INTERRUPTED
        except BrokenPipeError:  # `rollout status | head -1`: the reader has all it wanted
            _quiet_broken_pipe()
            rv = 0
        except OSError as err:  # a file system refusal nobody anticipated: still Russian, still exit 2
            typer.echo(f"Ошибка: {os_error_ru(err)}.", err=True)
            rv = 2
        except Exception as err:  # a bug must not reach the user as a traceback
            if os.environ.get("ROLLOUT_DEBUG"):
                raise
            typer.echo(
                f"Внутренняя ошибка программы ({type(err).__name__}: {err}). "
                "Сообщите разработчикам; для подробностей запустите с ROLLOUT_DEBUG=1.",
                err=True,
            )
            rv = 2
        except SystemExit as exit_:
            _quiet_broken_pipe()
            if isinstance(exit_.__context__, BrokenPipeError):  # rich ends a broken pipe with exit 1
                rv = 0
            else:
                raise
        code = rv if isinstance(rv, int) else 0
        if standalone_mode:
            _quiet_broken_pipe()
            sys.exit(code)
        return code


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
COMPLETE_VAR = "_ROLLOUT_COMPLETE"  # set by the completion scripts of `rollout completion`

# Characters the tool prints that legacy encodings (cp1251 of a Russian Windows console, cp866,
# latin-1) lack, with what stands in for them; anything else becomes «?».
_FALLBACK = {
    "█": "#",
    "░": ".",
    "▓": "#",
    "▒": ":",
    "■": "#",
    "□": ".",
    "▌": "#",
    "▐": "#",
    "✓": "+",
    "✔": "+",
    "✗": "x",
    "✘": "x",
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "—": "-",
    "–": "-",
    "«": '"',
    "»": '"',
    "…": "...",
    "№": "N",
    "•": "*",
    "·": ".",
    "\u202f": " ",
    "\u00a0": " ",
    "≤": "<=",
    "≥": ">=",
    "×": "x",
}


def _fallback(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    bad = err.object[err.start : err.end]
    out = []
    for ch in bad:
        sub = _FALLBACK.get(ch, "?")
        try:
            sub.encode(err.encoding)
        except (UnicodeEncodeError, LookupError):
            sub = "?"
        out.append(sub)
    return "".join(out), err.end


def install_output_fallback() -> None:
    """Never fail on a stdout or stderr that cannot encode Russian text or the bars of
    ``status`` (``PYTHONIOENCODING=cp1251``, a Russian Windows console): characters the
    encoding lacks become their nearest ASCII stand-ins."""

    try:
        codecs.lookup_error("rollout-fallback")
    except LookupError:
        codecs.register_error("rollout-fallback", _fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding in ("utf8", "utf8sig", "utf16", "utf32"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                reconfigure(errors="rollout-fallback")


_REPORT = {"format": "text"}


def report_format(fmt: str) -> None:
    """How the findings of a failed command are printed: ``text`` on stderr, ``json`` on stdout."""
    _REPORT["format"] = fmt


def _report_error(err: RolloutError) -> None:
    """The one place where a library error reaches the user: its findings, then its message."""
    fmt = _REPORT["format"]
    _REPORT["format"] = "text"
    if err.findings:
        from elzhur_rollout.outputs.terminal import (
            print_findings,  # lazy: the terminal printer costs 11 ms; only for a message with findings
        )

        print_findings(Console(stderr=fmt == "text", highlight=False, soft_wrap=True), err.findings, fmt)
    for line in err.lines():
        typer.echo(line, err=True)


def _quiet_broken_pipe() -> None:
    """After `rollout status | head`, let the interpreter exit without a BrokenPipeError."""
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _param_name(param: Any) -> str:
    """How a parameter is named to the user: an option by its flag (--of), an argument by its
    Russian metavar (ЧИСЛО), never by the Python name (count)."""
    if param is None:
        return ""
    if getattr(param, "param_type_name", "") == "argument":
        return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "").upper()
    opts = getattr(param, "opts", None)
    return opts[0] if opts else str(getattr(param, "name", ""))


def _commands(ctx: Any) -> list[str]:
    command = getattr(ctx, "command", None)
    return sorted(getattr(command, "commands", {}) or {})


def usage_error_message(err: Any) -> str:
    """A Russian sentence for a click usage error, with a pointer to the help."""

    name = type(err).__name__
    ctx = getattr(err, "ctx", None)
    where = ctx.command_path if ctx is not None else "rollout"
    param = getattr(err, "param", None)
    pname = _param_name(param) or str(getattr(err, "param_hint", None) or "")
    message = str(getattr(err, "message", "") or "")
    if m := re.match(r"Option '(.+)' requires an argument", message):
        text = f"параметру {m.group(1)} нужно значение"
    elif name == "NoSuchOption" and re.fullmatch(r"-\d+([.,]\d+)?", err.option_name or ""):
        text = f"отрицательное число {err.option_name} недопустимо: число не может быть меньше 0"
    elif name == "NoSuchOption":
        text = f"неизвестный параметр {err.option_name}"
        if err.possibilities:
            text += ru.maybe_meant(sorted(err.possibilities))
    elif name == "MissingParameter":
        what = "аргумент" if getattr(param, "param_type_name", "") == "argument" else "параметр"
        text = f"не указан обязательный {what} {pname}"
    elif name == "BadParameter" or name == "BadOptionUsage":
        path_problem = re.search(
            r"^(?:path|file|directory) '?(.+?)'? (does not exist|is a file|is a directory|is not readable|is not writable)\.$",
            message,
        )
        if path_problem:
            what = {
                "does not exist": "не найдено",
                "is a file": "это файл, а нужна папка",
                "is a directory": "это папка, а нужен файл",
                "is not readable": "нет прав на чтение; откройте доступ (chmod u+rx) или укажите другой путь",
                "is not writable": "нет прав на запись",
            }[path_problem.group(2)]
            text = f"{pname} {path_problem.group(1)}: {what}"
        elif m := re.search(r"is not one of (.+?)\.?$", message):
            text = f"недопустимое значение {pname}; допустимо: {m.group(1).replace(chr(39), '')}"
        elif re.search(r"[А-Яа-яЁё]", message):
            text = f"недопустимое значение {pname}: {message}"
        elif "exceeded maximum size" in message or "4300" in message:
            text = f"недопустимое значение {pname}: слишком длинное число"
        elif "valid integer" in message or "integer" in message:
            text = f"недопустимое значение {pname}: ожидается целое число"
        elif m := re.search(r"(greater|less) than or equal to (\S+)", message):
            bound = "не меньше" if m.group(1) == "greater" else "не больше"
            text = f"недопустимое значение {pname}: должно быть {bound} {m.group(2).rstrip('.')}"
        else:
            text = f"недопустимое значение {pname}"
    elif m := re.match(r"(?:No such command|Неизвестная команда) '?(.+?)'?\.$", message):
        typo = m.group(1)
        text = f"неизвестная команда «{typo}»"
        text += ru.did_you_mean(typo, _commands(ctx), cutoff=0.6, n=3)
    elif m := re.match(r"Got unexpected extra arguments? ?(?:\(s\))? \((.+)\)", message):
        extra = m.group(1).split()
        text = f"лишний аргумент «{extra[0]}»" if len(extra) == 1 else "лишние аргументы: " + ", ".join(f"«{a}»" for a in extra)
        text += "; у этой команды их нет или меньше" if ctx is not None else ""
    elif message.startswith(("Missing command", "Не указана команда")):
        text = "не указана команда"
    elif re.search(r"[А-Яа-яЁё]", message):
        text = message
    else:
        text = "ошибка в командной строке"
    return f"Ошибка: {text}.\nСправка: {where} --help"
