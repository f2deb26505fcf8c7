"""Git as the review tool: data at a revision, and readable diffs of rendered .docx files."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from .errors import GitError
from .files import write_atomically
from .loading import FILES, Bundle, load_bundle

DOCX_DRIVER = "rollout-docx"
ATTRIBUTES_LINE = f"*.docx diff={DOCX_DRIVER}"


def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git не установлен или не найден в PATH") from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args)}: {detail[-1] if detail else 'ошибка'}")
    return result.stdout


def repo_root(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except GitError:
        raise GitError(f"{path} не в репозитории git; rollout diff сравнивает версии из git") from None


def bundle_at(data: Path, rev: str | None) -> Bundle:
    """The data folder as it was at ``rev`` (None: the working tree)."""
    if rev is None or not data.is_dir():
        return load_bundle(data)  # a missing folder is reported as such, not as «not in git»
    root = repo_root(data.resolve())
    rel = data.resolve().relative_to(root)
    _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    contents = {}
    for kind, name in FILES.items():
        spec = f"{rev}:{(rel / name).as_posix()}"
        try:
            contents[kind] = _git(root, "show", spec)
        except GitError:
            raise GitError(f"в ревизии {rev} нет файла {(rel / name).as_posix()}") from None
    return load_bundle(data, replace=contents)


def setup(repo: Path) -> list[str]:
    """Write ``.gitattributes`` and the repository's git config for readable .docx diffs.
    Idempotent; returns what was done, in Russian."""
    root = repo_root(repo)
    done = []
    attributes = root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTES_LINE not in text.splitlines():
        new = text + ("" if not text or text.endswith("\n") else "\n") + ATTRIBUTES_LINE + "\n"
        write_atomically({attributes: new.encode("utf-8")})
        done.append(f"в .gitattributes добавлено: {ATTRIBUTES_LINE}")
    command = f"{shlex.quote(sys.executable)} -m elzhur_rollout textconv"
    key = f"diff.{DOCX_DRIVER}.textconv"
    try:
        current = _git(root, "config", "--local", "--get", key).decode().strip()
    except GitError:
        current = ""
    if current != command:
        _git(root, "config", "--local", key, command)
        done.append(f"в .git/config: {key} = {command}")
    return done or ["всё уже настроено"]
