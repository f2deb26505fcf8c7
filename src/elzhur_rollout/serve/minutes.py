"""Git as the minutes of the meetings: every change accepted by ``rollout serve`` becomes a
commit of the one file it changed, with a Russian message («Мероприятие 3: выполнено
25.06.2020 (Романенко Г.В.)») and the author chosen on the page; the history and the tags are
what the «Что изменилось» page starts from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from elzhur_rollout.errors import GitError
from elzhur_rollout.source.git import git, repo_root

SEPARATOR = "\x1f"
REVISION = re.compile(r"[0-9a-f]{7,40}")  # what the page accepts as a revision: a commit's hash
COMMITTED = re.compile(r"\[[^\]]*?([0-9a-f]{7,40})\]")


@dataclass(frozen=True)
class Author:
    name: str  # as git records it
    email: str
    shown: str  # in the message's brackets: «Романенко Г.В.»


@dataclass(frozen=True)
class Entry:
    """One commit of the history, as the page lists it."""

    commit: str
    short: str
    when: str  # ДД.ММ.ГГГГ ЧЧ:ММ
    author: str
    subject: str
    tags: str


class Minutes:
    """The git repository that holds a data folder, or none (then changes are only written)."""

    def __init__(self, data: Path) -> None:
        self.data = data.resolve()
        try:
            self.root: Path | None = repo_root(self.data, "история изменений ведётся в git")
        except GitError:
            self.root = None

    @property
    def active(self) -> bool:
        return self.root is not None

    def _git(self, *args: str, env: dict[str, str] | None = None) -> str:
        assert self.root is not None
        return git(self.root, *args, env=env).decode("utf-8", "replace")

    def relative(self, path: Path) -> str:
        assert self.root is not None
        return path.resolve().relative_to(self.root).as_posix()

    def configured(self) -> Author | None:
        """The author from git's own settings (user.name, user.email), when a name is set."""
        if self.root is None:
            return None
        try:
            out = self._git("config", "--get-regexp", r"^user\.(name|email)$")
        except GitError:  # neither is set
            return None
        found = dict(line.partition(" ")[::2] for line in out.splitlines())
        name = found.get("user.name", "").strip()
        return Author(name, found.get("user.email", "").strip(), name) if name else None

    def state(self, path: Path) -> str:
        """git's short status of the file: "" (as committed), "??" (not in git yet), " M" (edited)…"""
        if self.root is None:
            return ""
        return self._git("status", "--porcelain", "--", self.relative(path))[:2]

    def commit(self, path: Path, subject: str, body: list[str], author: Author, committer: bool, add: bool) -> str:
        """Commit ``path`` alone (whatever else is staged stays staged); its short hash.
        ``committer``: the author commits too (git has no identity of its own here); ``add``:
        the file is not in git yet."""
        env = {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email}
        if committer:
            env |= {"GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email}
        rel = self.relative(path)
        if add:
            self._git("add", "--", rel)
        message = [subject] + ([""] + body if body else [])
        out = self._git("commit", "--no-status", "--message", "\n".join(message), "--", rel, env=env)
        found = COMMITTED.match(out)  # «[main 1a2b3c4] Мероприятие 3: …»
        return found[1] if found else self._git("rev-parse", "--short", "HEAD").strip()

    def last_tag(self) -> str | None:
        """The newest tag reachable from HEAD, or None."""
        if self.root is None:
            return None
        try:
            return self._git("describe", "--tags", "--abbrev=0", "HEAD").strip() or None
        except GitError:
            return None

    def tag_commit(self, tag: str) -> str:
        return self._git("rev-parse", "--verify", f"refs/tags/{tag}^{{commit}}").strip()

    def history(self, since: str | None = None, limit: int = 50) -> list[Entry]:
        """The commits that touched the data folder, newest first (after ``since`` when given)."""
        if self.root is None:
            return []
        span = [f"{since}..HEAD"] if since else ["HEAD"]
        fmt = SEPARATOR.join(["%H", "%h", "%ad", "%an", "%s", "%D"])
        try:
            out = self._git(
                "log",
                f"--max-count={limit}",
                f"--format={fmt}",
                "--date=format:%d.%m.%Y %H:%M",
                *span,
                "--",
                self.relative(self.data),
            )
        except GitError:  # no commit yet
            return []
        entries = []
        for line in out.splitlines():
            full, short, when, author, subject, refs = line.split(SEPARATOR)
            tags = ", ".join(r.removeprefix("tag: ") for r in refs.split(", ") if r.startswith("tag: "))
            entries.append(Entry(full, short, when, author, subject, tags))
        return entries
