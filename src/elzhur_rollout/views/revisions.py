"""The data folder at a git revision, for ``rollout diff`` and the checks that compare with
what was signed."""

from __future__ import annotations

from pathlib import Path

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.edit.migrate import migrated
from elzhur_rollout.errors import GitError
from elzhur_rollout.source.git import git, repo_root, verify
from elzhur_rollout.source.loading import FILES, load_bundle


def bundle_at(data: Path, rev: str | None) -> Bundle:
    """The data folder as it was at ``rev`` (None: the working tree).  Files of a revision
    in the format's version 1 are migrated in memory, so history stays reviewable."""
    if rev is None or not data.is_dir():
        return load_bundle(data)  # a missing folder is reported as such, not as «not in git»
    root = repo_root(data.resolve())
    rel = data.resolve().relative_to(root)
    verify(root, rev)
    contents = {}
    for kind, name in FILES.items():
        spec = f"{rev}:{(rel / name).as_posix()}"
        try:
            raw = git(root, "show", spec)
        except GitError:
            raise GitError(f"в ревизии {rev} нет файла {(rel / name).as_posix()}") from None
        contents[kind] = migrated(raw) or raw  # an older revision in version 1 is read as version 2
    return load_bundle(data, replace=contents)
