"""The entry point of the ``rollout`` command: Ctrl-C at any moment ends it quietly.

Start-up imports typer, rich and pydantic (about 0.2 s); a Ctrl-C pressed then would show a
traceback if the handler were inside ``cli``.  This module imports nothing heavy, so the
handler is in place before the first heavy import.
"""

from __future__ import annotations

import contextlib
import os
import sys

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def main() -> None:
    sys.unraisablehook = _unraisable
    # pydantic scans every installed package's entry points for its plugins when it builds the
    # first model; the command uses none.  Set before the models are built (they are, when the
    # library is imported); an explicit user setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        from elzhur_rollout.cli.app import (
            main as run,  # lazy: typer, rich and pydantic cost about 200 ms; the Ctrl-C handler comes first
        )

        run()
    except KeyboardInterrupt:
        _quiet_exit()


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """Ctrl-C that lands in a callback Python cannot raise from (the import system's lock
    release, a finaliser) is still Ctrl-C: end quietly instead of printing «Exception ignored»
    and going on."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        _quiet_exit()
    sys.__unraisablehook__(unraisable)


def _quiet_exit() -> None:
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):  # a closed pipe must not print anything at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    os._exit(EXIT_INTERRUPTED)  # no exit handlers: nothing more to say, nothing half-written


if __name__ == "__main__":  # pragma: no cover
    main()
