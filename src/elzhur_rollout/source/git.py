"""Git plumbing: the repository of a folder, a revision git knows, and readable diffs of
rendered .docx files (``rollout git-setup``)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from elzhur_rollout.errors import FileError, GitError
from elzhur_rollout.source.files import os_error_ru, read_regular, write_atomically

DOCX_DRIVER = "rollout-docx"
ATTRIBUTES_LINE = f"*.docx diff={DOCX_DRIVER}"
ATTRIBUTES_LIMIT = 1024 * 1024


def git(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> bytes:
    """The output of a git command run in ``cwd`` (``env``: extra environment variables, such
    as the author of a commit)."""
    full = None if env is None else {**os.environ, **env}
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, env=full)
    except FileNotFoundError:
        raise GitError("git не установлен или не найден в PATH") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {detail[-1] if detail else 'ошибка'}")
    return result.stdout


def repo_root(path: Path, why: str = "rollout diff сравнивает версии из git") -> Path:
    if not path.exists():
        raise GitError(f"папка {path} не найдена")
    folder = path if path.is_dir() else path.parent
    try:
        return Path(git(folder, "rev-parse", "--show-toplevel").decode(errors="replace").strip())
    except GitError:
        raise GitError(f"{path} не в репозитории git; {why}") from None


def verify(root: Path, rev: str) -> None:
    """A revision git knows, or a message that says which one and what to do."""
    try:
        git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
        return
    except GitError:
        pass
    try:
        git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        has_commits = True
    except GitError:
        has_commits = False
    if not has_commits:
        raise GitError(
            f"в репозитории {root} ещё нет ни одного коммита, сравнивать не с чем; "
            'сделайте первый коммит (git add data && git commit -m "Документы внедрения")'
        )
    raise GitError(
        f"ревизии «{rev}» нет в репозитории; укажите коммит, ветку или метку (например HEAD~1; список — git log --oneline)"
    )


def _attributes_text(path: Path) -> str:
    """The current .gitattributes (UTF-8), or a refusal that says what is wrong with it."""
    if not path.exists() and not path.is_symlink():
        return ""
    if path.is_dir():
        raise GitError(f"{path} — папка, а должен быть файл; удалите или переименуйте её и повторите")
    try:
        data = read_regular(path, ATTRIBUTES_LIMIT, "1 МБ")
    except FileError as err:
        raise GitError(f"{path}: {err.message}") from None
    except OSError as err:
        raise GitError(os_error_ru(err, path, "чтение")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GitError(
            f"{path} не в кодировке UTF-8 (похоже, Windows-1251); git читает его как UTF-8 — "
            f"пересохраните файл в UTF-8 (iconv -f cp1251 -t utf-8) и повторите"
        ) from None


def setup(repo: Path) -> list[str]:
    """Write ``.gitattributes`` and the repository's git config for readable .docx diffs.
    Idempotent; returns what was done, in Russian."""
    root = repo_root(repo, "сначала создайте репозиторий: git init")
    done = []
    attributes = root / ".gitattributes"
    text = _attributes_text(attributes)
    if ATTRIBUTES_LINE not in text.splitlines():
        new = text + ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTES_LINE + "\n"
        try:
            write_atomically({attributes: new.encode("utf-8")}, within=root)
        except FileError as err:
            raise GitError(err.message) from None
        done.append(f"в .gitattributes добавлено: {ATTRIBUTES_LINE}")
    command = f"{shlex.quote(sys.executable)} -m elzhur_rollout textconv"
    key = f"diff.{DOCX_DRIVER}.textconv"
    try:
        current = git(root, "config", "--local", "--get", key).decode().strip()
    except GitError:
        current = ""
    if current != command:
        git(root, "config", "--local", key, command)
        done.append(f"в .git/config: {key} = {command}")
    return done or ["всё уже настроено"]


def head_commit(root: Path) -> str:
    """The full hash of HEAD, or a message that says to make the first commit."""
    verify(root, "HEAD")
    return git(root, "rev-parse", "--verify", "HEAD^{commit}").decode().strip()


def full_commit(root: Path, rev: str) -> str:
    """The full hash of a revision git knows (a message naming it otherwise)."""
    verify(root, rev)
    return git(root, "rev-parse", "--verify", f"{rev}^{{commit}}").decode().strip()


def uncommitted(root: Path, files: list[Path]) -> list[Path]:
    """Those of ``files`` whose content differs from HEAD (changed, staged or untracked)."""
    rels = [f.resolve().relative_to(root).as_posix() for f in files]
    out = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *rels).decode("utf-8", "replace")
    changed = {entry[3:] for entry in out.split("\0") if len(entry) > 3}
    return [f for f, rel in zip(files, rels, strict=True) if rel in changed]
