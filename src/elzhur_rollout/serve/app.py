"""The web application of ``rollout serve`` (Flask, served by waitress from ``serve.run``).

Pages are built on every request from the files, through the same library as the command
line: the dashboard (``outputs.dashboard``: the same view and template as ``rollout
dashboard``), the findings of ``check``, the semantic diff of ``diff`` and the documents of
``render``.  Forms post to the library's recording functions (``serve.actions``) and, in a
git repository, every accepted change is committed (``serve.minutes``).

Safety, by default:

* requests from other sites are refused: the Host header must name this server (unless
  ``--host`` opened it to the network, where the access key is required instead), every form
  carries a CSRF token bound to the browser's session cookie, and an Origin from elsewhere is
  refused;
* with ``--host`` nothing is shown or accepted without the access key printed at start;
* no part of a request reaches the file system: the routes are fixed, choices are keys the
  library checks, downloads are served from memory by a random id;
* a Content-Security-Policy allows nothing from outside the server, and only the page's own
  scripts (by hash); the pages work without JavaScript (plain forms, POST, then a redirect);
* a change is refused when the file it edits was changed on disk (in an editor) since the
  page was loaded: the form carries the file's content hash.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import re
import secrets
import shutil
import sys
import tempfile
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from elzhur_rollout import api
from elzhur_rollout.errors import GitError, LoadFailed, RolloutError, UsageError
from elzhur_rollout.findings import Finding, sort_findings
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.outputs import dashboard
from elzhur_rollout.serve import actions
from elzhur_rollout.serve.minutes import REVISION, Author, Minutes
from elzhur_rollout.source.loading import FILES

if TYPE_CHECKING:
    from flask import Flask, Response
    from jinja2 import Environment

TEMPLATE_PACKAGES = ("elzhur_rollout.serve", "elzhur_rollout.outputs")
MAX_REQUEST = 64 * 1024  # bytes: the largest form is a few hundred
REMEMBERED_NOTES = 500  # answers to posts kept for the page after the redirect
REMEMBERED_SETS = 6  # rendered document sets kept for download
REMEMBERED_WRITES = 2000  # this server's own writes, per file (for the conflict check)
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")

T = TypeVar("T")


class Memo(Generic[T]):
    """A bounded map from random ids to values (the oldest is forgotten first)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[str, T] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, value: T) -> str:
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> T | None:
        with self._lock:
            return self._items.get(key)


@dataclass
class Note:
    """The answer to a post, shown next to the form that was posted."""

    action: str
    ok: bool
    lines: list[str]
    session: str
    typed: dict[str, str] = field(default_factory=dict)  # what the user typed, kept when refused


@dataclass
class DocumentSet:
    title: str
    files: list[tuple[str, bytes]]
    remarks: list[str]
    session: str
    made: str


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:32]


class Served:
    """Everything one running server knows: where the data is, its secrets, its own writes."""

    def __init__(self, data: Path, today: dt.date | None = None, token: str | None = None, port: int = 0) -> None:
        self.data = data
        self.fixed_today = today
        self.token = token  # the access key (with --host); None: loopback only
        self.port = port
        self.secret = secrets.token_bytes(32)
        self.write_lock = threading.Lock()  # one change at a time: the edit and its commit
        self.render_lock = threading.Lock()  # one LibreOffice at a time
        self.notes: Memo[Note] = Memo(REMEMBERED_NOTES)
        self.sets: Memo[DocumentSet] = Memo(REMEMBERED_SETS)
        self.writes: dict[str, OrderedDict[str, str]] = {kind: OrderedDict() for kind in FILES}
        self.minutes = Minutes(data)
        self.env: Environment = dashboard.environment(TEMPLATE_PACKAGES)

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def path(self, kind: str) -> Path:
        return self.data / FILES[kind]

    def version(self, kind: str) -> str:
        try:
            return digest(self.path(kind).read_bytes())
        except OSError:
            return ""

    def csrf(self, session: str) -> str:
        return hmac.new(self.secret, b"csrf:" + session.encode(), hashlib.sha256).hexdigest()[:40]

    def cookie(self, what: str) -> str:
        return f"rollout_{what}_{self.port}"  # per port: two servers on one machine keep apart

    # ------------------------------------------------------------------ conflicts

    def unchanged_since(self, kind: str, seen: str) -> bool:
        """Whether the file is as the page saw it, or changed since only by this server (whose
        changes the library re-validates: two people marking different measures both win)."""
        now = self.version(kind)
        writes = self.writes[kind]
        hops = 0
        while seen != now and seen in writes and hops <= len(writes):
            seen, hops = writes[seen], hops + 1
        return seen == now

    def wrote(self, kind: str, before: str, after: str) -> None:
        writes = self.writes[kind]
        writes[before] = after
        while len(writes) > REMEMBERED_WRITES:
            writes.popitem(last=False)


# --------------------------------------------------------------------------- building the app


def create_app(served: Served, loopback_only: bool = True) -> Flask:
    from flask import Flask, Response, g, redirect, request  # lazy: Flask is loaded only by rollout serve
    from werkzeug.exceptions import HTTPException  # lazy: a standard module used only here

    app = Flask(__name__, static_folder=None)  # no static route: nothing is read by a request's path
    app.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST

    def page(template: str, status: int = 200, **context: Any) -> Response:
        context.setdefault("page", "school")
        context.setdefault("today", ru.long_date(served.today()))
        context.setdefault("today_iso", served.today().isoformat())
        context.setdefault("csrf", served.csrf(g.session) if "session" in g else "")
        context.setdefault("section", template.removesuffix(".html.j2"))
        html = served.env.get_template(template).render(**context)
        response = Response(html, status=status, mimetype="text/html")
        response.headers["Content-Security-Policy"] = policy(html)
        return response

    def notice(status: int, title: str, lines: list[str]) -> Response:
        return page("notice.html.j2", status, title=title, heading=title, lines=lines)

    @app.before_request
    def guard() -> Response | None:
        host, port = split_host(request.host)
        if loopback_only and (host not in LOOPBACK or port != str(served.port)):
            g.pop("session", None)
            return notice(403, "Запрос отклонён", [f"Сервер отвечает только по адресу http://127.0.0.1:{served.port}/."])
        if served.token is not None:
            given = request.args.get("token")
            if given is not None and hmac.compare_digest(given.encode(), served.token.encode()):
                response = redirect(request.path, 303)
                response.set_cookie(served.cookie("access"), served.token, httponly=True, samesite="Strict")
                return response  # type: ignore[return-value]
            if not hmac.compare_digest(request.cookies.get(served.cookie("access"), "").encode(), served.token.encode()):
                return notice(
                    403,
                    "Нужен ключ доступа",
                    ["Откройте ссылку с ключом, которую rollout serve напечатал при запуске (…/?token=…)."],
                )
        session = request.cookies.get(served.cookie("session"), "")
        g.new_session = not re.fullmatch(r"[A-Za-z0-9_-]{20,64}", session)
        g.session = secrets.token_urlsafe(24) if g.new_session else session
        if request.method == "POST":
            origin = request.headers.get("Origin")
            same = origin is None or origin == f"{request.scheme}://{request.host}"
            sent = request.form.get("csrf", "")
            if g.new_session or not same or not hmac.compare_digest(sent.encode(), served.csrf(g.session).encode()):
                return notice(
                    403,
                    "Форма отклонена",
                    [
                        "В форме нет действующего ключа защиты: она открыта давно (сервер перезапускали) или отправлена не с этой страницы.",
                        "Ничего не изменено. Обновите страницу и повторите.",
                    ],
                )
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        if g.get("new_session") and "session" in g:
            response.set_cookie(served.cookie("session"), g.session, httponly=True, samesite="Strict")
        response.headers.setdefault("Content-Security-Policy", policy(""))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" makes Chromium send «Origin: null» with the forms
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(Exception)
    def failed(err: Exception) -> Response:
        if isinstance(err, HTTPException):
            code = err.code or 500
            words = {
                404: ("Такой страницы нет", "Проверьте адрес или вернитесь на главную страницу."),
                405: ("Так обратиться к странице нельзя", "Вернитесь на главную страницу."),
                413: ("Слишком большой запрос", "Формы этой программы так много не отправляют."),
            }.get(code, ("Запрос не выполнен", "Вернитесь на главную страницу."))
            return notice(code, words[0], [words[1]])
        if isinstance(err, RolloutError):  # the library's refusal where no form waits for it: its own words
            return notice(400, "Не выполнено", error_lines(err))
        print(f"rollout serve: внутренняя ошибка: {type(err).__name__}: {err}", file=sys.stderr)
        return notice(500, "Внутренняя ошибка", ["Ничего не изменено. Сообщите разработчикам, что вы делали."])

    # ------------------------------------------------------------------ the dashboard and its forms

    @app.get("/")
    def index() -> Response:
        today = served.today()
        versions = {kind: served.version(kind) for kind in FILES}  # before reading: a later edit is a conflict
        shown = served.notes.get(request.args.get("m", ""))
        note = shown if shown is not None and shown.session == g.session else None
        try:
            bundle = api.load(served.data)
        except LoadFailed as err:
            return page("broken.html.j2", title="Файлы данных не читаются", findings=findings_text(err.findings), note=note)
        report = api.status(bundle, today)
        view = dashboard.school_view(bundle, report, api.check(bundle, today).findings)
        forms = []
        for action in actions.ACTIONS:
            if not action.applies(bundle):
                continue
            mine = note if note is not None and note.action == action.name else None
            form = actions.form_view(action, bundle, report, today, mine.typed if mine and not mine.ok else None)
            form.note, form.version = mine, versions[action.file]
            forms.append(form)
        people = [(key, f"{p.short_name}, {p.position}") for key, p in bundle.order.people.items()]
        chosen = request.cookies.get(served.cookie("author"), "")
        configured = served.minutes.configured()
        return page(
            "page.html.j2",
            **dashboard.school_context(view, today),
            forms=forms,
            people=people,
            author=chosen if chosen in bundle.order.people or chosen == "git" else "",
            configured=configured.name if configured else None,
            in_git=served.minutes.active,
            note=note,
        )

    @app.post("/record/<name>")
    def record(name: str) -> Response:
        action = actions.find(name)
        if action is None:
            return notice(404, "Такой формы нет", ["Вернитесь на главную страницу."])
        typed = {f.name: request.form.get(f.name, "")[: actions.TEXT_LIMIT * 2] for f in action.fields}
        chosen = request.form.get("author", "")
        try:
            values = actions.parse(action, typed)
            lines = change(action, values, chosen, request.form.get("version", ""))
            note = Note(action.name, True, lines, g.session)
        except RolloutError as err:
            note = Note(action.name, False, error_lines(err), g.session, typed)
        response = redirect(f"/?m={served.notes.add(note)}#form-{action.name}", 303)
        if note.ok and chosen:
            response.set_cookie(served.cookie("author"), chosen, httponly=True, samesite="Strict", max_age=365 * 24 * 3600)
        return response  # type: ignore[return-value]

    def change(action: actions.Action, values: actions.Values, chosen: str, seen: str) -> list[str]:
        """Check, write through the library, commit: the lines of the answer."""
        today = served.today()
        path = served.path(action.file)
        minutes = served.minutes
        with served.write_lock:
            configured = minutes.configured()
            author = pick_author(chosen, configured)
            if not served.unchanged_since(action.file, seen):
                raise UsageError(
                    f"файл {path.name} изменён на диске после того, как страница была открыта (например, в редакторе); "
                    "чтобы не затереть ту правку, изменение не записано. Введённое сохранено в форме: "
                    "проверьте обновлённую страницу и отправьте форму ещё раз"
                )
            before = served.version(action.file)
            state = minutes.state(path)
            edit = action.run(served.data, values, today)
            served.wrote(action.file, before, served.version(action.file))
            lines = [f"{edit.message} Изменён файл {path.name}."]
            if author is None:
                return lines + ["Папка данных не в репозитории git: история изменений не ведётся."]
            subject = f"{edit.message.rstrip('.')} ({author.shown})"
            body = action.details(values)
            if state.strip() and state != "??":
                body.append(f"Вместе с этим записаны правки {path.name}, сделанные до этого в редакторе.")
            try:
                commit = minutes.commit(path, subject, body, author, committer=configured is None, add=state == "??")
            except GitError as err:
                return lines + [f"В историю git не записано: {err.message}."]
            return lines + [f"В истории git: {commit} «{subject}»."]

    def pick_author(chosen: str, configured: Author | None) -> Author | None:
        """The author of the commit: a person of the order chosen on the page, else git's own
        settings; None outside git."""
        if not served.minutes.active:
            return None
        if chosen and chosen != "git":
            from elzhur_rollout.lang.inflection import (
                full_name,  # lazy: only this command needs it; keeps the start-up of the others light  # lazy: only this command needs it; keeps the start-up of the others light
            )

            person = api.load(served.data).order.people.get(chosen)
            if person is not None:
                return Author(full_name(person), "", person.short_name)
        if chosen in ("", "git") and configured is not None:
            return configured
        raise UsageError("выберите в списке «Кто записывает», от чьего имени записать изменение в историю git")

    # ------------------------------------------------------------------ what changed

    @app.get("/changes")
    def changes() -> Response:
        minutes = served.minutes
        context: dict[str, Any] = {
            "title": "Что изменилось",
            "in_git": minutes.active,
            "changes": [],
            "history": [],
            "problem": None,
        }
        if not minutes.active:
            return page("changes.html.j2", **context, since=None, since_label="", revisions=[])
        tag = minutes.last_tag()
        revisions = minutes.history(limit=30)
        asked = request.args.get("since", "")
        since: str | None
        if asked and REVISION.fullmatch(asked) and any(r.commit.startswith(asked) for r in revisions):
            since = next(r.commit for r in revisions if r.commit.startswith(asked))
            entry = next(r for r in revisions if r.commit == since)
            label = f"версии {entry.short} от {entry.when} («{entry.subject}»)"
        elif (signed := _last_signed(served.data)) is not None:
            since, label = signed
        elif tag is not None:
            since, label = minutes.tag_commit(tag), f"метки {tag}"
        elif revisions:
            since = revisions[-1].commit
            entry = revisions[-1]
            label = f"первой записанной версии {entry.short} от {entry.when}"
        else:
            since, label = None, ""
        if since is not None:
            try:
                context["changes"] = [str(c) for c in api.diff(served.data, since)]
            except RolloutError as err:
                context["problem"] = error_lines(err)
            context["history"] = minutes.history(since=since)
        return page("changes.html.j2", **context, since=since, since_label=label, revisions=revisions)

    # ------------------------------------------------------------------ documents

    @app.get("/documents")
    def documents() -> Response:
        shown = served.sets.get(request.args.get("set", ""))
        ready = shown if shown is not None and shown.session == g.session else None
        note = served.notes.get(request.args.get("m", ""))
        return page(
            "documents.html.j2",
            title="Документы для печати",
            ready=ready,
            set_id=request.args.get("set", "") if ready else "",
            note=note if note is not None and note.session == g.session else None,
        )

    @app.post("/documents")
    def make_documents() -> Response:
        what = request.form.get("what", "")
        kinds = {
            "docx": (api.RenderTarget.ALL, False, "Приказ с приложениями (.docx)"),
            "pdf": (api.RenderTarget.ALL, True, "Приказ с приложениями (.docx и PDF)"),
            "report": (api.RenderTarget.REPORT, False, "Справка о ходе выполнения плана (.docx)"),
            "report-pdf": (api.RenderTarget.REPORT, True, "Справка о ходе выполнения плана (.docx и PDF)"),
        }
        if what not in kinds:
            return notice(400, "Такого набора документов нет", ["Вернитесь на страницу «Документы» и выберите кнопку."])
        target, pdf, title = kinds[what]
        remarks: list[str] = []
        try:
            with served.render_lock:
                folder = Path(tempfile.mkdtemp(prefix="rollout-serve-"))
                try:
                    written = api.render(
                        api.load(served.data),
                        target,
                        folder,
                        pdf=pdf,
                        force=request.form.get("force") == "yes",
                        notify=remarks.append,
                        today=served.today(),
                    )
                    files = [(p.name, p.read_bytes()) for p in written]
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
        except RolloutError as err:
            key = served.notes.add(Note("documents", False, error_lines(err), g.session))
            return redirect(f"/documents?m={key}", 303)  # type: ignore[return-value]
        made = dt.datetime.now().strftime("%d.%m.%Y %H:%M")
        key = served.sets.add(DocumentSet(title, files, remarks, g.session, made))
        return redirect(f"/documents?set={key}", 303)  # type: ignore[return-value]

    @app.get("/download/<key>/<int:number>")
    def download(key: str, number: int) -> Response:
        from flask import send_file  # lazy: Flask is loaded only by rollout serve  # lazy: Flask is loaded only by rollout serve

        ready = served.sets.get(key)
        if ready is None or ready.session != g.session or not 0 <= number < len(ready.files):
            return notice(404, "Файла нет", ["Наборы документов хранятся, пока сервер работает; выпустите документы ещё раз."])
        name, content = ready.files[number]
        return send_file(io.BytesIO(content), as_attachment=True, download_name=name, mimetype=mimetype(name))

    @app.get("/download/<key>/all.zip")
    def download_all(key: str) -> Response:
        from flask import send_file  # lazy: Flask is loaded only by rollout serve  # lazy: Flask is loaded only by rollout serve

        ready = served.sets.get(key)
        if ready is None or ready.session != g.session:
            return notice(404, "Файла нет", ["Наборы документов хранятся, пока сервер работает; выпустите документы ещё раз."])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in ready.files:
                archive.writestr(name, content)
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, download_name="dokumenty.zip", mimetype="application/zip")

    return app


# --------------------------------------------------------------------------- helpers


def split_host(host: str) -> tuple[str, str]:
    """(name, port) of a Host header: «127.0.0.1:8188», «[::1]:8188», «localhost»."""
    if host.startswith("["):
        name, _, rest = host.partition("]")
        return name + "]", rest.removeprefix(":")
    name, _, port = host.partition(":")
    return name, port


def findings_text(findings: list[Finding]) -> list[str]:
    return [f"{f.file}:{f.line}:{f.column}: {f.message}" for f in sort_findings(findings)]


def error_lines(err: RolloutError) -> list[str]:
    """What the command line prints for the error, as lines: the findings, then the message."""
    text = [line.removeprefix("Ошибка: ") for line in err.lines()]
    return findings_text(err.findings) + [t[:1].upper() + t[1:] for t in text]


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def policy(html: str) -> str:
    """The Content-Security-Policy of a page: nothing from elsewhere, only its own scripts."""
    scripts = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'" for s in _SCRIPT.findall(html)
    )
    return (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
        f"script-src {scripts or chr(39) + 'none' + chr(39)}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    )


def mimetype(name: str) -> str:
    if name.endswith(".pdf"):
        return "application/pdf"
    if name.endswith(".docx"):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return "application/octet-stream"


def _last_signed(data: Path) -> tuple[str, str] | None:
    """The revision of the last signature recorded by ``rollout sign`` (the order's, or of the
    latest signed amending order) and how the page names it; None when nothing is signed or the
    data cannot be read (the page then shows their findings elsewhere)."""
    try:
        order = api.load(data).order
    except RolloutError:
        return None
    signed = [
        (a.date, a.signed.commit, f"подписания приказа о внесении изменений от {a.date:%d.%m.%Y} № {a.number}")
        for a in order.amendments
        if a.signed is not None and a.date is not None
    ]
    if order.signed is not None:
        doc = order.document
        signed.append((doc.date, order.signed.commit, f"подписания приказа от {doc.date:%d.%m.%Y} № {doc.number}"))
    if not signed:
        return None
    _day, commit, label = max(signed, key=lambda s: s[0])
    return commit, label
