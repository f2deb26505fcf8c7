"""Reading and writing the user's files safely: one policy for every command.

Reading (``read_regular``): only a regular file is read (a named pipe, a device or a socket is
refused at once, never waited on), and only up to ``MAX_FILE_BYTES`` (5 MB: a real order with
its appendices is 10–100 KB), checked before the file is read.

Writing (``write_atomically``): each file is written to a temporary file beside its target and
renamed over it, so a file is never half-written and a failed run leaves every file as it was.
Where the write lands is decided here, for every command alike:

* a file the user keeps (a data file, ``.gitattributes``) is written only inside the folder
  the user named (``within``): when it is a symbolic link to a file inside that folder, the
  file it points to is written and the link stays; a link that leads outside the folder (or
  nowhere) is read, never written: the command refuses with a message naming the link;
* an output (a document, a calendar, a page, a summary, a schema) is written at the path
  named: a symbolic link there is replaced by the new file, never written through, so a link
  (dangling or not) never makes the tool write anywhere else;
* a file that is read-only (no write permission for its owner) is never replaced: the
  command refuses, as for a file open in Word;
* a new file gets the permissions the umask allows (0644 under umask 022, 0600 under 077);
  a rewritten file keeps its own.

The temporary files are named ``.NAME.xxxx.tmp``; ones left behind by a killed run are removed
by the next write of that file (at once under the edit lock, else when older than 10 minutes).

``data_lock`` serialises the read-modify-write of an edit.  It locks the real files: a lock
file ``.rollout.lock`` in the real folder of each file (a data folder reached through a link,
or a data file that is a link into a subfolder, is locked where the file really is), taken in
a fixed order; it never follows a symbolic link at its own place and is removed when the
edit ends.

``os_error_ru`` says what an ``OSError`` means, in Russian, naming the user's path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from elzhur_rollout.errors import FileError

LOCK_NAME = ".rollout.lock"
# where `render`, `dashboard` and `calendar` write by default: «печать», a name a school reads and
# one that Python's own build output (build/) never takes; `rollout init` keeps it under git
OUTPUT_FOLDER = "pechat"
TEMP_PATTERN = ".*.tmp"  # what the shipped .gitignore and the one `rollout init` writes ignore
STALE_AFTER = 10 * 60  # seconds: an older temporary file of ours belongs to a run that was killed
MAX_FILE_BYTES = 5 * 1024 * 1024  # a data file: real orders with appendices are 10–100 KB
MAX_FILE_SHOWN = "5 МБ"

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


class NotRegularFile(FileError):
    """A path that is a named pipe, a device or a socket where a file is read."""


class FileTooLarge(FileError):
    """A file over the size limit: refused before it is read."""


_KINDS_RU = (
    (stat.S_ISFIFO, "именованный канал (FIFO)"),
    (stat.S_ISCHR, "устройство"),
    (stat.S_ISBLK, "устройство"),
    (stat.S_ISSOCK, "сокет"),
)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",") + " МБ"


def read_regular(path: Path, limit: int = MAX_FILE_BYTES, limit_shown: str = MAX_FILE_SHOWN) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.  A named pipe or a device is
    refused without waiting on it (``NotRegularFile``), a larger file before it is read
    (``FileTooLarge``); a missing file, a folder and permissions raise the usual ``OSError``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(st.st_mode):
            kind = next((name for test, name in _KINDS_RU if test(st.st_mode)), "не обычный файл")
            raise NotRegularFile(f"это {kind}, а не обычный файл; укажите обычный файл")
        if st.st_size > limit:
            raise FileTooLarge(
                f"файл слишком большой ({_megabytes(st.st_size)}; допустимо до {limit_shown}); проверьте, тот ли это файл"
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise FileTooLarge(f"файл слишком большой (больше {limit_shown}); проверьте, тот ли это файл")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _umask() -> int:
    """The process's umask, without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _inside(path: Path, folder: Path) -> bool:
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def write_target(shown: Path, within: Path | None = None) -> Path:
    """Where a write to ``shown`` lands, by the policy above; raises FileError (naming
    ``shown``) for a link out of ``within``, a folder, or a read-only file."""
    target = shown
    if within is not None:
        if not _inside(shown, within):
            where = os.path.realpath(shown)
            what = "символическая ссылка" if shown.is_symlink() else "путь через символическую ссылку"
            folder = "текущей папки" if within == Path(".") else f"папки {within}"
            raise FileError(
                f"{shown} — {what} на {where}, вне {folder}; файлы вне указанной папки rollout читает, "
                "но не изменяет: укажите папку, где лежит сам файл, или замените ссылку копией файла"
            )
        target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown
    try:
        st = os.lstat(target)
    except OSError:
        return target  # a new file (or a dangling link, which is replaced)
    if stat.S_ISDIR(st.st_mode):
        raise FileError(f"{shown} — папка, а не файл; удалите или переименуйте её либо укажите другое имя")
    if stat.S_ISREG(st.st_mode) and not st.st_mode & stat.S_IWUSR:
        raise FileError(f"файл {shown} только для чтения; снимите атрибут «только чтение» (chmod u+w) и повторите")
    return target


def real_target(path: Path) -> Path:
    """The file a write to the kept file ``path`` replaces: the end of a chain of symbolic links."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def remove_stale_temporaries(folder: Path, names: list[str], older_than: float = STALE_AFTER) -> list[Path]:
    """Delete ``.NAME.xxxx.tmp`` files of ``names`` in ``folder`` left by a killed run: those
    older than ``older_than`` seconds (0 under the edit lock, where no other run writes)."""
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


def write_atomically(files: dict[Path, bytes], stale_after: float = STALE_AFTER, within: Path | None = None) -> None:
    """Write every file to a temporary file beside it, then rename each over its target.
    A failure before the renames leaves every previous file as it was.  ``within``: the files
    are ones the user keeps in that folder (data files, .gitattributes), see the policy above;
    None: outputs, replaced at the path named.  Every refusal comes before anything is written."""
    temps: dict[Path, str] = {}
    targets = {shown: write_target(shown, within) for shown in files}
    by_folder: dict[Path, list[str]] = {}
    for target in targets.values():
        by_folder.setdefault(target.parent, []).append(target.name)
    for folder, names in by_folder.items():
        remove_stale_temporaries(folder, names, stale_after)
    new_mode = 0o666 & ~_umask()
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
            try:
                st = os.lstat(target)
                mode = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else new_mode
            except FileNotFoundError:
                mode = new_mode
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
        if err.errno == errno.EISDIR:
            raise FileError(f"{path} — папка, а должен быть файл блокировки правок; удалите эту папку и повторите") from None
        if err.errno in (errno.EACCES, errno.EPERM):
            raise FileError(f"нет прав на запись в папку {path.parent}, а изменение файлов в ней требует их") from None
        if err.errno == errno.EROFS:
            raise FileError(f"папка {path.parent} на диске, доступном только для чтения; изменить файлы в ней нельзя") from None
        raise FileError(os_error_ru(err, path.parent, "запись")) from None


@contextlib.contextmanager
def data_lock(folder: Path, files: Iterable[Path] = ()) -> Iterator[None]:
    """An exclusive lock for one read-modify-write of ``files`` of the data folder ``folder``:
    the ``.rollout.lock`` of the folder and of the real folder of each file that lives inside
    it (a link into a subfolder), taken in a fixed order.  Two edits that reach one file by
    different names (a folder link, a file link) take the same lock, so neither change is lost."""
    top = Path(os.path.realpath(folder))
    shown: dict[str, Path] = {str(top): folder}
    for file in files:
        real = Path(os.path.realpath(file)).parent
        if _inside(real, top) and str(real) not in shown:
            shown[str(real)] = folder / os.path.relpath(real, top)
    with contextlib.ExitStack() as stack:
        for key in sorted(shown):
            stack.enter_context(_lock_at(shown[key] / LOCK_NAME))
        yield


def folder_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """The lock of a data folder alone (``data_lock`` without files)."""
    return data_lock(folder)


@contextlib.contextmanager
def _lock_at(path: Path) -> Iterator[None]:
    """An exclusive lock by the lock file ``path``, removed when the edit ends."""
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
