"""`rollout serve` over HTTP: the forms record through the library exactly what the commands
record, git keeps the minutes, and the server refuses what it must (CSRF, paths, other hosts,
edits made on disk meanwhile, writes without the access key).

The server runs as a separate process on a free loopback port (tests/serving.py) and is
stopped by Ctrl-C, which must end it with exit code 130.
"""

from __future__ import annotations

import datetime as dt
import http.client
import io
import shutil
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from typer.testing import CliRunner

import elzhur_rollout
from elzhur_rollout import api
from elzhur_rollout.cli.app import app
from helpers import DATA, edit, lines_of
from serving import REQUEST_TIMEOUT, ROLLOUT, SECRETARY, TODAY, Client, git, git_env, make_school, serving, subjects

DAY = dt.date.fromisoformat(TODAY)


def cli(data: Path, *args: str) -> str:
    result = CliRunner().invoke(app, [*args, "--data", str(data), "--today", TODAY])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def school(tmp_path: Path) -> Path:
    return make_school(tmp_path / "school")


@pytest.fixture
def twin(tmp_path: Path) -> Path:
    """A second copy of the data, changed by the command line for comparison."""
    shutil.copytree(DATA, tmp_path / "twin")
    return tmp_path / "twin"


# --------------------------------------------------------------------------- every form, as the command line


FORMS = [
    # (action, fields, the same change on the command line, the file, the commit's subject)
    (
        "done",
        {"measure": "3", "date": "2020-06-25", "note": "Протокол № 3", "author": "romanenko"},
        ["done", "3", "--date", "2020-06-25", "--note", "Протокол № 3"],
        "plan.yaml",
        "Мероприятие 3: выполнено 25.06.2020 (Романенко Г.В.)",
    ),
    ("start", {"measure": "4"}, ["start", "4"], "plan.yaml", f"Мероприятие 4: в работе ({SECRETARY[0]})"),
    (
        "cancel",
        {"measure": "10", "reason": "договоры не нужны"},
        ["cancel", "10", "--note", "договоры не нужны"],
        "plan.yaml",
        f"Мероприятие 10: отменено (договоры не нужны) ({SECRETARY[0]})",
    ),
    (
        "duty-done",
        {"duty": "engineer/3", "date": "30.06.2020"},
        ["duty-done", "engineer", "weekly-update", "--date", "2020-06-30"],
        "regulation.yaml",
        f"Инженер-электроник: «Актуализирует систему не реже чем один раз в неделю.» — выполнено 30.06.2020 ({SECRETARY[0]})",
    ),
    (
        "entered",
        {"category": "pupils", "count": "512", "total": "530", "date": "2020-06-30"},
        ["entered", "pupils", "512", "--of", "530", "--date", "2020-06-30"],
        "order.yaml",
        f"Пункт 3.1: внесены данные об обучающихся: 512 из 530 на 30.06.2020 ({SECRETARY[0]})",
    ),
    (
        "updated",
        {"date": "2020-06-29"},
        ["updated", "--date", "2020-06-29"],
        "order.yaml",
        f"Пункт 3.2: данные актуализированы 29.06.2020 ({SECRETARY[0]})",
    ),
]


@pytest.mark.parametrize(("action", "fields", "command", "name", "subject"), FORMS, ids=[f[0] for f in FORMS])
def test_each_form_changes_what_its_command_changes_and_commits_it(
    school: Path, twin: Path, action: str, fields: dict[str, str], command: list[str], name: str, subject: str
) -> None:
    out = cli(twin, *command)
    message = out.split(" Изменён ")[0]
    with serving(school) as server:
        ok, lines = Client(server).record(action, **fields)
    assert ok, lines
    assert (school / "data" / name).read_bytes() == (twin / name).read_bytes()
    commit = git(school, "log", "-1", "--format=%h")
    assert lines == [f"{message} Изменён файл {name}.", f"В истории git: {commit.strip()} «{subject}»."]
    assert subjects(school) == [subject, "Документы внедрения"]
    assert git(school, "show", "--stat", "--format=", "HEAD").split("|")[0].strip() == f"data/{name}"
    assert git(school, "status", "--porcelain") == ""


def test_reopen_and_the_author_chosen_on_the_page(school: Path) -> None:
    with serving(school) as server:
        client = Client(server)
        assert client.record("done", measure="3", date="2020-06-25", author="romanenko")[0]
        ok, lines = client.record("reopen", measure="3", author="ryzhenko")
        # the page remembers the last author chosen
        chosen = client.page().xpath("//form[@id='form-done']//select[@name='author']/option[@selected]/@value")
    assert ok and lines[0] == "Мероприятие 3: снова не начато. Изменён файл plan.yaml."
    assert chosen == ["ryzhenko"]
    log = git(school, "log", "--format=%an <%ae>|%cn|%s").splitlines()
    # git drops a name's final dot; the message keeps it
    assert log[:2] == [
        f"Рыженко Е.Н <>|{SECRETARY[0]}|Мероприятие 3: снова не начато (Рыженко Е.Н.)",
        f"Романенко Г.В <>|{SECRETARY[0]}|Мероприятие 3: выполнено 25.06.2020 (Романенко Г.В.)",
    ]


# --------------------------------------------------------------------------- refusals: the library's words, nothing changed


@pytest.mark.parametrize(
    ("action", "fields", "shown"),
    [
        (
            "done",
            {"measure": "3", "date": "2020-07-02"},
            "Дата 02.07.2020 ещё не наступила (сегодня 01.07.2020). Файлы не изменены.",
        ),
        ("done", {"measure": "3", "date": "2020-05-01"}, "Дата 01.05.2020 раньше приказа (30.05.2020). Файлы не изменены."),
        (
            "done",
            {"measure": "3", "date": "31.06.2020"},
            "«Дата выполнения»: «31.06.2020» — не дата; пишите ДД.ММ.ГГГГ, например 25.06.2020.",
        ),
        ("done", {"measure": "", "date": "2020-06-25"}, "«Мероприятие»: выберите значение."),
        (
            "done",
            {"measure": "99", "date": "2020-06-25"},
            "Мероприятия 99 нет в плане; есть: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10. Файлы не изменены.",
        ),
        ("cancel", {"measure": "3", "reason": "  "}, "«Причина отмены»: заполните поле."),
        (
            "entered",
            {"category": "pupils", "count": "600", "total": "530", "date": "2020-06-30"},
            "Внесено (600) не может быть больше, чем всего (530). Файлы не изменены.",
        ),
        (
            "entered",
            {"category": "pupils", "count": "пятьсот"},
            "«Внесено записей»: «пятьсот» — не число; пишите цифрами, например 512.",
        ),
        (
            "duty-done",
            {"duty": "engineer/1", "date": "2020-06-30"},
            "Обязанность «Устанавливает и обновляет ПО, необходимое для работы ЭлЖура, обеспечивает надлежащее функционирование созданной программно-аппаратной среды.» не периодическая: отмечать её выполнение не нужно. Файлы не изменены.",
        ),
    ],
)
def test_a_refused_form_shows_the_reason_beside_it_and_keeps_what_was_typed(
    school: Path, action: str, fields: dict[str, str], shown: str
) -> None:
    before = {p.name: p.read_bytes() for p in (school / "data").iterdir()}
    with serving(school) as server:
        client = Client(server)
        response = client.post(action, fields)
        ok, lines = client.answer(response, action)
        form = client.page(response.headers["Location"].split("#")[0]).get_element_by_id(f"form-{action}")
    assert (ok, lines) == (False, [shown])
    for name, value in fields.items():
        field = form.xpath(f".//*[@name='{name}']")[0]
        if field.tag == "select":  # what was chosen stays chosen, when it is still offered
            offered = field.xpath("./option/@value")
            assert (field.xpath("./option[@selected]/@value") or [""]) == [value if value in offered else ""], name
        else:
            assert field.get("value") == value, name
    assert {p.name: p.read_bytes() for p in (school / "data").iterdir()} == before
    assert subjects(school) == ["Документы внедрения"]


def test_an_edit_made_on_disk_since_the_page_was_loaded_is_refused_and_nothing_is_lost(school: Path) -> None:
    with serving(school) as server:
        client = Client(server)
        hidden = client.hidden("done")
        edit(school / "data", "plan.yaml", "  - id: 1\n", "  # решено на совещании 26.06\n  - id: 1\n")
        by_hand = (school / "data" / "plan.yaml").read_bytes()
        ok, lines = client.answer(
            client.post("done", {"measure": "3", "date": "2020-06-25", "note": "Протокол № 3"}, hidden), "done"
        )
        assert not ok
        assert lines == [
            "Файл plan.yaml изменён на диске после того, как страница была открыта (например, в редакторе); чтобы не затереть ту правку, "
            "изменение не записано. Введённое сохранено в форме: проверьте обновлённую страницу и отправьте форму ещё раз."
        ]
        assert (school / "data" / "plan.yaml").read_bytes() == by_hand
        # the page now carries the new content hash: sent again, the change is recorded over the hand edit
        ok, lines = client.record("done", measure="3", date="2020-06-25", note="Протокол № 3")
    assert ok, lines
    text = (school / "data" / "plan.yaml").read_text(encoding="utf-8")
    assert "  # решено на совещании 26.06\n" in text and "done_on: 2020-06-25" in text
    body = git(school, "log", "-1", "--format=%b")
    assert body.strip() == "Примечание: Протокол № 3\nВместе с этим записаны правки plan.yaml, сделанные до этого в редакторе."


def test_changes_by_others_through_the_server_are_not_conflicts(school: Path) -> None:
    with serving(school) as server:
        first, second = Client(server), Client(server)
        hidden_first, hidden_second = first.hidden("done"), second.hidden("start")
        assert first.answer(first.post("done", {"measure": "3", "date": "2020-06-25"}, hidden_first), "done")[0]
        assert second.answer(second.post("start", {"measure": "4"}, hidden_second), "start")[0]
        # the same measure twice: the library's own refusal, not a conflict
        ok, lines = second.answer(second.post("done", {"measure": "3", "date": "2020-06-26"}), "done")
    assert (ok, lines) == (False, ["Мероприятие 3 уже отмечено выполненным 25.06.2020. Файлы не изменены."])
    assert subjects(school)[:2] == [
        f"Мероприятие 4: в работе ({SECRETARY[0]})",
        f"Мероприятие 3: выполнено 25.06.2020 ({SECRETARY[0]})",
    ]


def test_a_hundred_concurrent_changes_are_all_kept(tmp_path: Path) -> None:
    """100 different measures marked done at once by 16 clients: each is in plan.yaml and in
    git log (bounded: 100 requests to 127.0.0.1, each with a timeout)."""
    data = tmp_path / "big"
    shutil.copytree(DATA, data)
    extra = "".join(
        f"  - id: {i}\n    text: Занятие № {i} по работе в ЭлЖуре.\n    deadline:\n      month: 2020-08\n"
        f"    responsible:\n      - odinokin\n    status: planned\n"
        for i in range(11, 111)
    )
    with (data / "plan.yaml").open("a", encoding="utf-8") as fh:
        fh.write(extra)
    school = make_school(tmp_path / "school", data)
    with serving(school) as server:
        client = Client(server)
        hidden = client.hidden("done")

        def mark(i: int) -> int:
            fields = {**hidden, "measure": str(i), "date": "2020-06-30", "note": f"занятие {i} проведено"}
            response = client.session.post(
                f"{server.url}/record/done", data=fields, allow_redirects=False, timeout=REQUEST_TIMEOUT
            )
            return response.status_code

        with ThreadPoolExecutor(max_workers=16) as pool:
            codes = list(pool.map(mark, range(11, 111)))
    assert codes == [303] * 100
    plan = api.load(school / "data").plan
    done = {m.id: (m.status.value, m.done_on, m.note) for m in plan.measures if m.id not in {str(i) for i in range(1, 11)}}
    assert done == {str(i): ("done", dt.date(2020, 6, 30), f"занятие {i} проведено") for i in range(11, 111)}
    logged = subjects(school)
    assert len(logged) == 101
    assert sorted(logged[:-1]) == sorted(f"Мероприятие {i}: выполнено 30.06.2020 ({SECRETARY[0]})" for i in range(11, 111))
    assert git(school, "status", "--porcelain") == ""


# --------------------------------------------------------------------------- safety


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(school: Path) -> None:
    before = (school / "data" / "plan.yaml").read_bytes()
    with serving(school) as server:
        client = Client(server)
        hidden = client.hidden("done")
        fields = {"measure": "3", "date": "2020-06-25"}
        no_token = client.session.post(
            f"{server.url}/record/done", data={"version": hidden["version"], **fields}, allow_redirects=False, timeout=10
        )
        wrong = client.post("done", fields, {**hidden, "csrf": "0" * 40})
        stranger = requests.post(f"{server.url}/record/done", data={**hidden, **fields}, allow_redirects=False, timeout=10)
        elsewhere = client.session.post(
            f"{server.url}/record/done",
            data={**hidden, **fields},
            headers={"Origin": "http://evil.example"},
            allow_redirects=False,
            timeout=10,
        )
    for response in (no_token, wrong, stranger, elsewhere):
        assert response.status_code == 403
        assert "Ничего не изменено. Обновите страницу и повторите." in response.text
    assert (school / "data" / "plan.yaml").read_bytes() == before
    assert subjects(school) == ["Документы внедрения"]


def _raw(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_no_path_from_a_request_reaches_the_file_system(school: Path) -> None:
    paths = [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/static/../../etc/passwd",
        "/download/x/..%2f..%2fetc%2fpasswd",
        "/download/../../etc/passwd/0",
        "/record/..%2F..%2Fetc%2Fpasswd",
        "/data/plan.yaml",
        "/plan.yaml",
        "/?m=../../etc/passwd",
        "/documents?set=../../etc/passwd",
        "/changes?since=../../etc/passwd",
        "/changes?since=HEAD:data/plan.yaml",
        "/changes?since=--output=/tmp/x",
    ]
    with serving(school) as server:
        answers = {path: _raw(server.port, path) for path in paths}
    for path, (status, body) in answers.items():
        assert b"root:" not in body and b"schema_version" not in body, path
        assert status in (200, 404), path
        if status == 200:  # the query was ignored: the usual page
            assert path.startswith(("/?", "/documents?", "/changes?")), path


def test_only_requests_addressed_to_the_server_are_answered(school: Path) -> None:
    with serving(school) as server:
        rebound = _raw(server.port, "/", host=f"evil.example:{server.port}")
        local = _raw(server.port, "/", host=f"localhost:{server.port}")
    assert rebound[0] == 403 and "Сервер отвечает только по адресу".encode() in rebound[1]
    assert local[0] == 200


def test_headers_forbid_requests_elsewhere_and_framing(school: Path) -> None:
    with serving(school) as server:
        response = Client(server).get("/")
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; script-src 'sha256-")
    assert policy.endswith("form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
    assert "unsafe-inline" not in policy.split("script-src")[1]
    assert response.headers["X-Frame-Options"] == "DENY"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_with_host_nothing_is_shown_or_written_without_the_access_key(school: Path) -> None:
    before = (school / "data" / "plan.yaml").read_bytes()
    with serving(school, "--host", "127.0.0.1") as server:
        assert server.token and len(server.token) >= 20
        assert server.lines[1].startswith("Ссылка содержит ключ доступа")
        stranger = Client(server)
        refused = stranger.get("/")
        wrong = stranger.get("/?token=" + "x" * 24)
        post = stranger.session.post(f"{server.url}/record/done", data={"measure": "3"}, allow_redirects=False, timeout=10)
        member = Client(server)
        entered = member.get(f"/?token={server.token}", allow_redirects=False)
        page = member.get("/")
        ok, _ = member.record("done", measure="3", date="2020-06-25")
    assert refused.status_code == wrong.status_code == post.status_code == 403
    assert "Нужен ключ доступа" in refused.text and "Документы внедрения" not in refused.text
    assert entered.status_code == 303 and entered.headers["Location"] == "/"  # the key leaves the address bar
    assert page.status_code == 200 and "Записать решение" in page.text
    assert ok
    assert (school / "data" / "plan.yaml").read_bytes() != before


# --------------------------------------------------------------------------- starting and stopping


def test_open_shows_the_page_in_the_default_browser(school: Path) -> None:
    opened = school / "opened.txt"
    # the standard library's webbrowser runs $BROWSER with the address in place of %s
    command = f'{sys.executable} -c "import pathlib, sys; pathlib.Path(sys.argv[1]).write_text(sys.argv[2])" {opened} %s'
    with serving(school, "--open", env_extra={"BROWSER": command}) as server:
        for _ in range(200):  # up to 10 s
            if opened.exists():
                break
            time.sleep(0.05)
        assert opened.read_text() == server.url + "/"
        assert server.lines == [f"Панель школы: {server.url}/", "Открыта только на этом компьютере. Остановить — Ctrl+C."]


def test_a_busy_port_or_a_missing_folder_is_a_russian_message(school: Path) -> None:
    with serving(school) as server:
        busy = subprocess.run(
            [*ROLLOUT, "serve", "--port", str(server.port)],
            cwd=school,
            capture_output=True,
            text=True,
            timeout=60,
            env=git_env(school) | {"PYTHONPATH": str(Path(elzhur_rollout.__file__).parent.parent)},
        )
    assert busy.returncode == 2
    assert busy.stderr.strip() == (
        f"Ошибка: порт {server.port} занят другой программой (может быть, rollout serve уже запущен); "
        f"укажите другой: --port {server.port + 1}."
    )
    missing = CliRunner().invoke(app, ["serve", "--data", str(school / "nowhere")])
    assert missing.exit_code == 2
    assert (
        missing.output.strip()
        == f"Ошибка: папка {school / 'nowhere'} не найдена; укажите папку с order.yaml, plan.yaml и regulation.yaml: --data ПАПКА."
    )


# --------------------------------------------------------------------------- live from the files


def test_the_page_is_built_from_the_files_on_every_request(school: Path) -> None:
    data = school / "data"
    with serving(school) as server:
        client = Client(server)

        def state(measure: str) -> str:
            return client.page().xpath(f"//table[contains(@class, 'plan')]//tr[td[1]='{measure}']/@data-state")[0]

        assert state("4") == "planned"
        edit(
            data,
            "plan.yaml",
            "      - odinokin\n    status: planned",
            "      - odinokin\n    status: done\n    done_on: 2020-06-20",
        )
        assert state("4") == "done"
        edit(data, "plan.yaml", "status: done\n    done_on: 2020-06-20", "status: finished")
        broken = client.page()
    assert broken.xpath("//h1")[0].text_content() == "Файлы данных не читаются"
    findings = broken.xpath("//ul[@class='findings']/li/text()")
    assert findings and findings[0].startswith("data/plan.yaml:") and "«finished»" in findings[0]
    assert not broken.xpath("//form")  # nothing is written while the files are broken


def test_outside_git_changes_are_written_and_the_page_says_there_is_no_history(tmp_path: Path) -> None:
    school = make_school(tmp_path / "school", repo=False)
    with serving(school) as server:
        client = Client(server)
        assert not client.page().xpath("//select[@name='author']")
        ok, lines = client.record("done", measure="3", date="2020-06-25")
    assert ok
    assert lines == [
        "Мероприятие 3: выполнено 25.06.2020. Изменён файл plan.yaml.",
        "Папка данных не в репозитории git: история изменений не ведётся.",
    ]


def test_without_an_author_in_git_or_on_the_page_nothing_is_written(tmp_path: Path) -> None:
    school = make_school(tmp_path / "school", identity=False)
    before = (school / "data" / "plan.yaml").read_bytes()
    with serving(school) as server:
        client = Client(server)
        options = client.page().xpath("//form[@id='form-done']//select[@name='author']/option/@value")
        refused = client.record("done", measure="3", date="2020-06-25", author="")
        assert (school / "data" / "plan.yaml").read_bytes() == before
        accepted = client.record("done", measure="3", date="2020-06-25", author="odinokin")
    assert options == ["", "loyko", "ryzhenko", "romanenko", "odinokin"]
    assert refused == (False, ["Выберите в списке «Кто записывает», от чьего имени записать изменение в историю git."])
    assert accepted[0]
    assert (
        git(school, "log", "-1", "--format=%an|%cn|%s")
        == "Одинокин С.А|Одинокин С.А|Мероприятие 3: выполнено 25.06.2020 (Одинокин С.А.)\n"
    )


# --------------------------------------------------------------------------- what changed, documents


def test_what_changed_since_the_last_tag_with_the_minutes(school: Path) -> None:
    with serving(school) as server:
        client = Client(server)
        assert client.record("start", measure="4")[0]
        git(school, "tag", "v1")
        assert client.record("done", measure="3", date="2020-06-25", author="romanenko")[0]
        assert client.record("entered", category="pupils", count="512", total="530", date="2020-06-30")[0]
        page = client.page("/changes")
        since_first = client.page("/changes?since=" + git(school, "rev-list", "--max-parents=0", "HEAD").strip()[:10])
    expected = [str(c) for c in api.diff(school / "data", "v1")]
    assert [li.text_content() for li in page.xpath("//ul[@class='changes']/li")] == expected
    assert expected[-1] == "Мероприятие 3: статус «не начато» → «выполнено» (25.06.2020)"
    assert page.xpath("//main//p[contains(., 'С метки')]/text()")[0].startswith("С метки v1")
    minutes = [
        [td.text_content() for td in tr.xpath("./td")][1:3]
        for tr in page.xpath("//section[@aria-labelledby='minutes-h']//tbody/tr")
    ]
    assert minutes == [
        [SECRETARY[0], f"Пункт 3.1: внесены данные об обучающихся: 512 из 530 на 30.06.2020 ({SECRETARY[0]})"],
        ["Романенко Г.В", "Мероприятие 3: выполнено 25.06.2020 (Романенко Г.В.)"],
    ]
    first = git(school, "rev-list", "--max-parents=0", "HEAD").strip()
    assert [li.text_content() for li in since_first.xpath("//ul[@class='changes']/li")] == [
        str(c) for c in api.diff(school / "data", first)
    ]
    assert len(since_first.xpath("//ul[@class='changes']/li")) == len(expected) + 1


def test_what_changed_since_the_signature_before_any_tag(school: Path) -> None:
    """With the order signed (``rollout sign``), «Что изменилось» compares with the signed
    revision, even when a later tag exists: what the director signed is the reference."""
    signed = subprocess.run(
        [*ROLLOUT, "sign", "--number", "188", "--date", "2020-05-30", "--today", "2020-05-30"],
        cwd=school, capture_output=True, text=True, env=git_env(school), check=False,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stdout + signed.stderr
    git(school, "commit", "-qam", "Подписан приказ № 188")
    commit = api.load(school / "data").order.signed
    assert commit is not None
    git(school, "tag", "later")
    with serving(school) as server:
        client = Client(server)
        assert client.record("done", measure="3", date="2020-06-25", author="romanenko")[0]
        page = client.page("/changes")
    assert page.xpath("//main//p[starts-with(., 'С подписания')]/text()")[0].startswith(
        "С подписания приказа от 30.05.2020 № 188 по файлы"
    )
    expected = [str(c) for c in api.diff(school / "data", commit.commit)]
    assert [li.text_content() for li in page.xpath("//ul[@class='changes']/li")] == expected
    assert "Мероприятие 3: статус «не начато» → «выполнено» (25.06.2020)" in expected


def test_documents_are_rendered_by_render_and_offered_for_download(school: Path, tmp_path: Path) -> None:
    with serving(school) as server:
        client = Client(server)
        token = client.hidden("documents", "/documents")
        made = client.session.post(f"{server.url}/documents", data={**token, "what": "docx"}, allow_redirects=False, timeout=120)
        assert made.status_code == 303
        page = client.page(made.headers["Location"])
        links = [(a.text_content(), a.get("href")) for a in page.xpath("//ul[@class='files']//a")]
        files = {name: client.get(href).content for name, href in links}
        archive = client.get(page.xpath("//a[contains(@href, 'all.zip')]/@href")[0])
        other = Client(server).get(links[0][1])  # another browser's session cannot fetch them
    expected = api.render(api.load(school / "data"), "all", tmp_path / "cli")
    assert sorted(files) == sorted(p.name for p in expected)
    for path in expected:
        (tmp_path / "got.docx").write_bytes(files[path.name])
        assert lines_of(tmp_path / "got.docx") == lines_of(path), path.name
    assert sorted(zipfile.ZipFile(io.BytesIO(archive.content)).namelist()) == sorted(files)
    assert other.status_code == 404
