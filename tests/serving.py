"""Helpers for the tests of `rollout serve`: a school folder in a git repository, the server
started as a user starts it (a separate process on a free loopback port, stopped by Ctrl-C),
and a client that posts the page's forms as a browser without JavaScript does.

Every request goes to 127.0.0.1 only, with a timeout; a server that does not start within
START_TIMEOUT seconds fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests
from lxml import html as lxml_html

import elzhur_rollout
from helpers import DATA

TODAY = "2020-07-01"
ROLLOUT = [sys.executable, "-m", "elzhur_rollout"]
START_TIMEOUT = 30.0  # seconds
REQUEST_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
SECRETARY = ("Секретарь Рабочей Группы", "secretary@gymnasium5.example")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True, env=git_env(folder)).stdout


def git_env(home: Path) -> dict[str, str]:
    """No global or system git settings: only what a test sets in its repository counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(home / "no-global-gitconfig"), HOME=str(home))
    return env


def make_school(root: Path, data: Path = DATA, repo: bool = True, identity: bool = True) -> Path:
    """``root/data`` as a copy of ``data``; with ``repo``, ``root`` is a git repository whose
    first commit holds it (and, with ``identity``, whose settings name the secretary)."""
    shutil.copytree(data, root / "data")
    if repo:
        git(root, "init", "--quiet", "--initial-branch=main")
        if identity:
            git(root, "config", "user.name", SECRETARY[0])
            git(root, "config", "user.email", SECRETARY[1])
        git(root, "add", "data")
        git(root, "-c", "user.name=Init", "-c", "user.email=init@example.org", "commit", "--quiet", "-m", "Документы внедрения")
    return root


def subjects(root: Path) -> list[str]:
    """Commit subjects, newest first."""
    return git(root, "log", "--format=%s").splitlines()


class Server:
    """`rollout serve` running in ``school`` (its data folder ``data``) until ``stop``."""

    def __init__(self, school: Path, *extra: str, env_extra: dict[str, str] | None = None) -> None:
        env = git_env(school) | (env_extra or {})
        package_root = str(Path(elzhur_rollout.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join([package_root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        env["PYTHONUNBUFFERED"] = "1"
        command = [*ROLLOUT, "serve", "--data", "data", "--port", "0", "--today", TODAY, *extra]
        self.school = school
        self.process = subprocess.Popen(
            command, cwd=school, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        self.lines: list[str] = []
        self._ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(START_TIMEOUT):
            self.process.kill()
            raise AssertionError(
                f"rollout serve did not start: {self.lines} {self.process.stderr.read() if self.process.stderr else ''}"
            )
        found = re.search(r"http://[^\s/]+:(\d+)/(\?token=(\S+))?", self.lines[0])
        assert found, self.lines
        self.port = int(found[1])
        self.token = found[3]
        self.url = f"http://127.0.0.1:{self.port}"
        self.link = found[0]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))
            if "Ctrl+C" in line:  # the last line printed at start
                self._ready.set()

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(STOP_TIMEOUT)
            raise AssertionError("rollout serve did not stop on Ctrl-C") from None

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()


@contextmanager
def serving(school: Path, *extra: str, env_extra: dict[str, str] | None = None) -> Iterator[Server]:
    server = Server(school, *extra, env_extra=env_extra)
    try:
        yield server
    finally:
        code = server.stop()
        errors = server.stderr()
        assert code == 130, (code, errors)
        assert "Traceback" not in errors, errors


class Client:
    """A browser without JavaScript: keeps cookies, reads the forms of the page, posts them."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.session = requests.Session()

    def get(self, path: str = "/", **kw: Any) -> requests.Response:
        return self.session.get(self.server.url + path, timeout=REQUEST_TIMEOUT, **kw)

    def page(self, path: str = "/") -> Any:
        response = self.get(path)
        assert response.status_code == 200, response.text
        return lxml_html.fromstring(response.text)

    def hidden(self, action: str, path: str = "/") -> dict[str, str]:
        """The hidden fields (CSRF token, content hash) of a form on the page."""
        form = self.page(path).get_element_by_id(f"form-{action}")
        return {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}

    def post(self, action: str, fields: dict[str, str], hidden: dict[str, str] | None = None) -> requests.Response:
        data = {**(hidden if hidden is not None else self.hidden(action)), **fields}
        return self.session.post(f"{self.server.url}/record/{action}", data=data, allow_redirects=False, timeout=REQUEST_TIMEOUT)

    def answer(self, response: requests.Response, action: str) -> tuple[bool, list[str]]:
        """(accepted, the lines shown next to the form) after a post's redirect."""
        assert response.status_code == 303, (response.status_code, response.text)
        location = response.headers["Location"]
        assert location.endswith(f"#form-{action}"), location
        page = self.page(location.split("#")[0])
        box = page.get_element_by_id(f"form-{action}").xpath(".//div[contains(@class, 'answer')]")
        assert len(box) == 1
        return "answer-ok" in box[0].get("class"), [p.text_content() for p in box[0].xpath("./p")]

    def record(self, action: str, **fields: str) -> tuple[bool, list[str]]:
        return self.answer(self.post(action, fields), action)
