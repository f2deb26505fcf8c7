"""Writing files safely: atomically, never half-written, with Russian messages."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


from .errors import FileError


def write_atomically(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary file beside it, then rename each over its target.
    A failure before the renames leaves every previous file as it was."""
    temps: dict[Path, str] = {}
    try:
        for target, data in files.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps[target] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            mode = (target.stat().st_mode & 0o777) if target.exists() else 0o644
            os.chmod(tmp, mode)
        for target, tmp in temps.items():
            try:
                os.replace(tmp, target)
            except PermissionError:
                raise FileError(f"файл {target} занят другой программой (открыт в Word?) или защищён от записи; "
                                "закройте его и повторите") from None
    except OSError as err:
        raise FileError(f"не удалось записать {err.filename or 'файл'}: {err.strerror}") from None
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                os.unlink(tmp)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on a data folder for one read-modify-write (``.rollout.lock``):
    two edits racing on one file run one after the other, so neither change is lost."""
    path = folder / ".rollout.lock"
    try:
        fh = open(path, "a+b")
    except OSError as err:
        raise FileError(f"не удалось создать файл блокировки {path}: {err.strerror}") from None
    with fh:
        try:
            import fcntl
        except ImportError:  # Windows: msvcrt locks a byte range instead
            import msvcrt

            fh.seek(0)
            msvcrt.locking(fh.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            try:
                yield
            finally:
                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            return
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
