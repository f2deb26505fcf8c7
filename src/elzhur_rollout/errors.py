"""The one family of errors the library raises.

Every error carries its Russian message and the exit code the command line ends with; the
command line has one handler that prints them (``cli_ru.RussianGroup.invoke``).  Errors
that stem from files carry the located findings that explain them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from elzhur_rollout.findings import Finding

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNUSABLE = 2


class RolloutError(Exception):
    """A Russian message for the user (a clause, without the final full stop), an exit code,
    the findings that explain it and an optional closing sentence («Файлы не изменены.»)."""

    exit_code = EXIT_UNUSABLE
    closing = ""

    def __init__(self, message: str = "", findings: Sequence[Finding] = (), closing: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.findings = list(findings)
        if closing is not None:
            self.closing = closing

    def __str__(self) -> str:
        """The message, or what the findings say: «2 замечания: data/plan.yaml:4:17: … (и ещё 1)»."""
        if self.message:
            return self.message
        if not self.findings:
            return self.closing or "ошибка"
        first, more = self.findings[0], len(self.findings) - 1
        rest = f" (и ещё {more})" if more else ""
        return f"{_remarks(len(self.findings))}: {first.file}:{first.line}:{first.column}: {first.message}{rest}"

    def lines(self) -> list[str]:
        """What the user reads after the findings (which the reporter prints)."""
        out = []
        if self.message:
            end = "" if self.message.endswith((".", "?", "!")) else "."
            out.append(f"Ошибка: {self.message}{end}" + (f" {self.closing}" if self.closing else ""))
        elif self.closing:
            out.append(self.closing)
        return out


def _remarks(n: int) -> str:
    """«1 замечание», «2 замечания», «5 замечаний» (the Russian plural rule; this module is below
    the vocabulary, which says the same for every other word)."""
    if n % 10 == 1 and n % 100 != 11:
        word = "замечание"
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = "замечания"
    else:
        word = "замечаний"
    return f"{n} {word}"


class UsageError(RolloutError):
    """The command was given something it cannot use (an unknown person, an unknown revision)."""


class LoadFailed(RolloutError):
    """The data folder cannot be read: every located problem is in ``findings``."""


class EditError(RolloutError):
    """An edit of the data files was refused; nothing was written."""

    closing = "Файлы не изменены."


class FileError(RolloutError):
    """A file could not be read or written."""


class RenderError(RolloutError):
    """A document could not be produced (a template, LibreOffice, the output folder)."""


class ChecksFailed(RolloutError):
    """The documents have errors, so they are not issued (``render`` without ``--force``)."""

    exit_code = EXIT_PROBLEMS


class GrammarError(RolloutError):
    """A grammatical form cannot be derived safely; the message says which override to add."""


class GitError(RolloutError):
    """git could not give what was asked of it."""


class InitError(RolloutError):
    """A new school's folder could not be made."""
