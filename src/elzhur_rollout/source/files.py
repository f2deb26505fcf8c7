"""Writing files safely: atomically, never half-written, with Russian messages.

* ``write_atomically`` writes each file beside its target and renames it over the target; a
  symbolic link is written through to the file it points to (as editors do), so the link
  stays a link.  The temporary files are named ``.NAME.xxxx.tmp``; ones left behind by a
  killed run are removed by the next write into that folder.
* ``folder_lock`` serialises the read-modify-write of an edit: it never follows a symbolic
  link, and the lock file is removed when the edit ends.
* ``os_error_ru`` says what an ``OSError`` means, in Russian, naming the user's path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from elzhur_rollout.errors import FileError

LOCK_NAME = ".rollout.lock"
TEMP_PATTERN = ".*.tmp"  # what the shipped .gitignore and the one `rollout init` writes ignore
STALE_AFTER = 10 * 60  # seconds: an older temporary file of ours belongs to a run that was killed

_ERRNO_RU = {
    errno.EACCES: "нет прав на {action}",
    errno.EPERM: "нет прав на {action}",
    errno.ENOENT: "не найдено",
    errno.ENOTDIR: "на пути к нему стоит файл, а не папка",
    errno.EISDIR: "это папка, а не файл",
    errno.EEXIST: "уже существует",
    errno.ENOTEMPTY: "папка не пуста",
    errno.EROFS: "диск или папка доступны только для чтения",
    errno.ENOSPC: "на диске нет места",
    errno.EDQUOT: "исчерпана дисковая квота",
    errno.ELOOP: "символическая ссылка (или их цикл) там, где нужен файл",
    errno.ENAMETOOLONG: "слишком длинное имя",
    errno.EBUSY: "занято другой программой",
    errno.ETXTBSY: "занято другой программой",
    errno.EMFILE: "открыто слишком много файлов",
    errno.EIO: "ошибка ввода-вывода (диск повреждён или отключён?)",
    errno.EXDEV: "нельзя переместить файл на другой диск",
}


def os_error_ru(err: OSError, path: Path | str | None = None, action: str = "запись") -> str:
    """«не удалось записать data/plan.yaml: нет прав на запись» — the path the user knows
    (``path``; else the error's own file name unless it is one of our temporary files)."""
    reason = _ERRNO_RU.get(err.errno or 0, "").format(action="чтение" if action == "чтение" else "запись")
    if not reason:
        reason = f"системная ошибка {err.errno}" if err.errno else "системная ошибка"
    shown = path if path is not None else err.filename
    if shown is not None and _is_temp(Path(str(shown))):
        shown = Path(str(shown)).parent
    verb = {"запись": "записать", "чтение": "прочитать", "создание": "создать"}.get(action, "обработать")
    return f"не удалось {verb} {shown}: {reason}" if shown is not None else reason


def _is_temp(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(".tmp")


def real_target(path: Path) -> Path:
    """The file a write to ``path`` must replace: the end of a chain of symbolic links."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def remove_stale_temporaries(folder: Path, names: list[str], older_than: float = STALE_AFTER) -> list[Path]:
    """Delete ``.NAME.xxxx.tmp`` files of ``names`` in ``folder`` left by a killed run: those
    older than ``older_than`` seconds (0 under the folder lock, where no other run writes)."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    prefixes = tuple(f".{name}." for name in names)
    for entry in entries:
        if not (entry.name.startswith(prefixes) and entry.name.endswith(".tmp")):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime >= older_than:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def write_atomically(files: dict[Path, bytes], stale_after: float = STALE_AFTER) -> None:
    """Write every file to a temporary file beside it, then rename each over its target.
    A failure before the renames leaves every previous file as it was.  A target that is a
    symbolic link is written through to the file it points to."""
    temps: dict[Path, str] = {}
    targets = {shown: real_target(shown) for shown in files}
    by_folder: dict[Path, list[str]] = {}
    for target in targets.values():
        by_folder.setdefault(target.parent, []).append(target.name)
    for folder, names in by_folder.items():
        remove_stale_temporaries(folder, names, stale_after)
    shown = None
    try:
        for shown, data in files.items():
            target = targets[shown]
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps[target] = tmp
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            mode = (target.stat().st_mode & 0o777) if target.exists() else 0o644
            os.chmod(tmp, mode)
        for shown, target in targets.items():
            try:
                os.replace(temps[target], target)
            except PermissionError:
                raise FileError(
                    f"файл {shown} занят другой программой (открыт в Word?) или защищён от записи; закройте его и повторите"
                ) from None
    except OSError as err:
        where = shown if shown is not None and not (err.errno == errno.ENOENT and err.filename is None) else None
        if where is not None and err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            where = Path(where).parent  # a new file in a folder without write permission: name the folder
        raise FileError(os_error_ru(err, where)) from None
    finally:
        for tmp in temps.values():
            if os.path.exists(tmp):
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _open_lock(path: Path) -> int:
    """Open (creating) the lock file without following a symbolic link at its place."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    if path.is_symlink():
        raise FileError(f"{path} — символическая ссылка; файл блокировки не может быть ссылкой: удалите её и повторите")
    try:
        return os.open(path, flags, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise FileError(
                f"{path} — символическая ссылка; файл блокировки не может быть ссылкой: удалите её и повторите"
            ) from None
        if err.errno in (errno.EACCES, errno.EPERM):
            raise FileError(f"нет прав на запись в папку {path.parent}, а изменение файлов в ней требует их") from None
        if err.errno == errno.EROFS:
            raise FileError(f"папка {path.parent} на диске, доступном только для чтения; изменить файлы в ней нельзя") from None
        raise FileError(os_error_ru(err, path.parent, "запись")) from None


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """An exclusive lock on a data folder for one read-modify-write (``.rollout.lock``):
    two edits racing on one file run one after the other, so neither change is lost.
    The lock file is removed when the edit ends."""
    path = folder / LOCK_NAME
    try:
        import fcntl  # lazy: platform-specific: fcntl on POSIX
    except ImportError:  # Windows: msvcrt locks a byte range instead; the file stays
        import msvcrt  # lazy: platform-specific: msvcrt on Windows

        fd = _open_lock(path)
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        finally:
            os.close(fd)
        return
    while True:
        fd = _open_lock(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        # the holder before us removes the file when done: a lock on a removed file locks nothing
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
