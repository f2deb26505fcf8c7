"""Starting ``rollout serve``: waitress serves the application of ``serve.app`` until Ctrl-C.

waitress (pure Python, no C compiler needed on a school's Windows machine, maintained by the
Pylons project) is a production WSGI server with a bounded pool of worker threads; the
application is synchronous like the library it calls (file locks, git), so no event loop is
involved.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from elzhur_rollout.errors import UsageError
from elzhur_rollout.serve.app import Served, create_app

DEFAULT_PORT = 8188
THREADS = 4


def serve(
    data: Path,
    port: int = DEFAULT_PORT,
    host: str | None = None,
    open_browser: bool = False,
    today: dt.date | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the data folder until Ctrl-C (which raises KeyboardInterrupt: exit code 130).

    Without ``host`` the server listens on 127.0.0.1 only and answers only requests addressed
    to it; with ``host`` it listens there and everything needs the access key of the printed
    link."""
    from waitress import create_server  # lazy: waitress is loaded only by rollout serve

    if not data.is_dir():
        raise UsageError(f"папка {data} не найдена; укажите папку с order.yaml, plan.yaml и regulation.yaml: --data ПАПКА")
    for name in ("waitress", "waitress.queue"):  # its English remarks are not for our users
        logging.getLogger(name).setLevel(logging.CRITICAL)
    bind = host or "127.0.0.1"
    token = secrets.token_urlsafe(18) if host is not None else None
    served = Served(data, today=today, token=token, port=port)
    app = create_app(served, loopback_only=host is None)
    try:
        server = create_server(app, host=bind, port=port, threads=THREADS, ident="rollout", clear_untrusted_proxy_headers=True)
    except OSError as err:
        raise UsageError(_bind_error(err, bind, port)) from None
    except ValueError as err:  # waitress: a host name that does not resolve
        raise UsageError(f"адрес «{bind}» не найден: {err}") from None
    actual = str(getattr(server, "effective_port", port))  # an int or a str, depending on the adjustments
    served.port = int(actual) if actual.isdigit() else port
    local = f"http://127.0.0.1:{served.port}/"
    if token is None:
        say(f"Панель школы: {local}")
        say("Открыта только на этом компьютере. Остановить — Ctrl+C.")
        link = local
    else:
        shown = socket.gethostname() if bind in ("0.0.0.0", "::", "") else bind
        name = f"[{shown}]" if ":" in shown else shown
        link = f"http://{name}:{served.port}/?token={token}"
        say(f"Панель школы для компьютеров сети: {link}")
        say("Ссылка содержит ключ доступа: без него страница не откроется и ничего не запишет. Передайте её только участникам.")
        say("Остановить — Ctrl+C.")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, (link,)).start()
    server.run()  # returns on Ctrl-C (waitress catches KeyboardInterrupt and stops its threads)
    raise KeyboardInterrupt


def _bind_error(err: OSError, bind: str, port: int) -> str:
    if err.errno == errno.EADDRINUSE:
        return f"порт {port} занят другой программой (может быть, rollout serve уже запущен); укажите другой: --port {port + 1}"
    if err.errno == errno.EADDRNOTAVAIL:
        return f"адрес {bind} не принадлежит этому компьютеру; укажите его адрес в сети или 0.0.0.0 (все адреса)"
    if err.errno in (errno.EACCES, errno.EPERM):
        return (
            f"нет прав открыть порт {port} (порты до 1024 — только для администратора); укажите, например, --port {DEFAULT_PORT}"
        )
    return f"не удалось открыть порт {port} на адресе {bind}: {err.strerror or err}"
