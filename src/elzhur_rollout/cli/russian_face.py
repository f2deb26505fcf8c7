"""The Russian face of Typer: help headings, the usage line and command-line errors.

Typer vendors click with English strings and no message catalogue, so the few strings a
user meets are replaced here: panel titles through Typer's documented module constants,
the usage prefix and the help option through command subclasses, and usage errors by
catching them in ``main`` and printing a Russian message (exit code 2, as click does).
``main`` is also the one handler of the library's errors (``errors.RolloutError``).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer
from rich.console import Console
from typer._click import exceptions as click_exc
from typer.core import TyperCommand, TyperGroup

from elzhur_rollout.errors import RolloutError
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.source.files import os_error_ru

# typer.rich_utils pulls in rich.markdown and markdown-it (about 35 ms): it is imported
# only when help is actually shown, and its headings are translated then.
RICH_STRINGS = {
    "ARGUMENTS_PANEL_TITLE": "Аргументы",
    "OPTIONS_PANEL_TITLE": "Параметры",
    "COMMANDS_PANEL_TITLE": "Команды",
    "ERRORS_PANEL_TITLE": "Ошибка",
    "DEFAULT_STRING": "[по умолчанию: {}]",
    "REQUIRED_LONG_STRING": "[обязательно]",
    "ENVVAR_STRING": "[переменная окружения: {}]",
    "ABORTED_TEXT": "Прервано.",
}

USAGE_PREFIX = "Использование: "
HELP_TEXT = "Показать эту справку и выйти."


class _Russian:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["options_metavar"] = "[ПАРАМЕТРЫ]"
        super().__init__(*args, **kwargs)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from typer import rich_utils  # lazy: typer.rich_utils costs 240 ms; only for --help

        for name, text in RICH_STRINGS.items():
            setattr(rich_utils, name, text)
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=USAGE_PREFIX)

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
            option.metavar = ""
        return option


class RussianCommand(_Russian, TyperCommand):
    pass


class RussianGroup(_Russian, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["subcommand_metavar"] = "КОМАНДА [АРГУМЕНТЫ]..."
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

        install_output_fallback()
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "rollout",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except click_exc.UsageError as err:
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
        except click_exc.ClickException as err:
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
    pname = _param_name(param)
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
    elif m := re.match(r"No such command '(.+?)'\.", message) or re.match(r"No such command (.+?)\.", message):
        typo = m.group(1)
        text = f"неизвестная команда «{typo}»"
        text += ru.did_you_mean(typo, _commands(ctx), cutoff=0.6, n=3)
    elif m := re.match(r"Got unexpected extra arguments? ?(?:\(s\))? \((.+)\)", message):
        extra = m.group(1).split()
        text = f"лишний аргумент «{extra[0]}»" if len(extra) == 1 else "лишние аргументы: " + ", ".join(f"«{a}»" for a in extra)
        text += "; у этой команды их нет или меньше" if ctx is not None else ""
    elif message.startswith("Missing command"):
        text = "не указана команда"
    elif re.search(r"[А-Яа-яЁё]", message):
        text = message
    else:
        text = "ошибка в командной строке"
    return f"Ошибка: {text}.\nСправка: {where} --help"
