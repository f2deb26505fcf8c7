"""`rollout serve` in a real browser (Debian's Chromium driven by Playwright, as in
test_browser.py): the meeting's secretary marks measure 3 done through the form, and the
files, git's history, the page and `rollout status` all agree; the page works without
JavaScript, its own script runs under the Content-Security-Policy, nothing is requested from
outside the server, and the documents are downloaded from it.

The server listens on a free 127.0.0.1 port.  With ROLLOUT_DOCS_SCREENSHOTS=1 the meeting's
screenshot is also written to docs/serve.png (the picture of docs/serve.md).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from elzhur_rollout.cli.app import app
from helpers import DATA, ROOT
from serving import TODAY, Server, git, make_school, serving, subjects
from test_browser import browser  # noqa: F401  (the one Chromium of the browser tests)

PROJECTOR = 1280


class Tab:
    """A browser tab on the server; every request it makes is recorded."""

    def __init__(self, chromium: Any, server: Server, javascript: bool = True) -> None:
        self.context = chromium.new_context(
            viewport={"width": PROJECTOR, "height": 900}, locale="ru-RU", java_script_enabled=javascript, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.console: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        self.page.set_default_timeout(60_000)
        self.server = server
        self.page.goto(server.url + "/")

    def js(self, code: str) -> Any:
        return self.page.evaluate(code)

    def close(self) -> None:
        self.context.close()


def test_the_meeting_marks_measure_3_done_in_the_browser(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    school = make_school(tmp_path / "school")
    twin = tmp_path / "twin"
    shutil.copytree(DATA, twin)
    runner = CliRunner()
    cli = runner.invoke(
        app, ["done", "3", "--date", "2020-06-25", "--note", "Протокол № 3", "--data", str(twin), "--today", TODAY]
    )
    assert cli.exit_code == 0, cli.output
    with serving(school) as server:
        tab = Tab(browser, server)
        page = tab.page
        assert page.title() == "МБОУ – Гимназия № 5: ход внедрения — 01.07.2020"
        form = page.locator("#form-done")
        form.get_by_label("Мероприятие").select_option("3")
        assert form.get_by_label("Дата выполнения").input_value() == "01.07.2020"  # today, as Russians write it
        form.get_by_label("Дата выполнения").fill("25.06.2020")
        form.get_by_label("Примечание").fill("Протокол № 3")
        form.get_by_label("Кто записывает").select_option("romanenko")
        form.get_by_role("button", name="Отметить выполненным").click()
        page.wait_for_url(re.compile(r"/\?m=[\w-]+#form-done$"))
        answer = page.locator("#form-done [role=status]").inner_text()
        commit = git(school, "log", "-1", "--format=%h").strip()
        assert answer == (
            "Мероприятие 3: выполнено 25.06.2020. Изменён файл plan.yaml.\n\n"
            f"В истории git: {commit} «Мероприятие 3: выполнено 25.06.2020 (Романенко Г.В.)»."
        )
        shown = tab.js("""() => ({
            row: document.querySelector('table.plan tr[data-state] td.num') &&
                 [...document.querySelectorAll('table.plan tbody tr')].filter(r => r.cells[0].textContent.trim() === '3')
                     .map(r => [r.dataset.state, r.cells[1].textContent.trim()])[0],
            done: document.querySelector('[data-num=done]').textContent,
            offered: [...document.querySelectorAll('#done-measure option')].map(o => o.value),
            reopen: [...document.querySelectorAll('#reopen-measure option')].map(o => o.value),
        })""")
        assert shown == {
            "row": ["done", "✓ выполнено"],
            "done": "1",
            "offered": ["", "1", "2", "4", "5", "6", "7", "8", "9", "10"],
            "reopen": ["", "3"],
        }
        # the page's own script (sorting) runs under the server's policy, and nothing else was asked for
        page.get_by_role("button", name="Срок").first.click()
        assert tab.js("document.querySelector('table.plan th[aria-sort]').textContent.trim()") == "Срок"
        # the picture of the meeting: the header, the summary and the first row of forms with the answer
        bottom = tab.js("window.scrollY + document.getElementById('form-done').getBoundingClientRect().bottom") + 12
        page.screenshot(
            path=str(tmp_path / "serve.png"), full_page=True, clip={"x": 0, "y": 0, "width": PROJECTOR, "height": bottom}
        )
        assert all(url.startswith(server.url + "/") for url in tab.requests), tab.requests
        assert tab.console == []
        tab.close()

        # without JavaScript the forms work the same: plain POST, then the page again
        plain = Tab(browser, server, javascript=False)
        plain.page.locator("#form-start").get_by_label("Мероприятие").select_option("4")
        plain.page.locator("#form-start").get_by_role("button", name="Отметить начало").click()
        plain.page.wait_for_url(re.compile(r"/\?m=[\w-]+#form-start$"))
        assert (
            plain.page.locator("#form-start [role=status] p").first.inner_text()
            == "Мероприятие 4: в работе. Изменён файл plan.yaml."
        )
        plain.close()

    plan = (school / "data" / "plan.yaml").read_text(encoding="utf-8")
    twin_plan = (twin / "plan.yaml").read_text(encoding="utf-8")
    # exactly the lines `rollout done` changed, and then the start of measure 4
    assert plan == twin_plan.replace(
        "      - odinokin\n    status: planned\n  - id: 5", "      - odinokin\n    status: in_progress\n  - id: 5", 1
    )
    assert subjects(school) == [
        "Мероприятие 4: в работе (Секретарь Рабочей Группы)",
        "Мероприятие 3: выполнено 25.06.2020 (Романенко Г.В.)",
        "Документы внедрения",
    ]
    status = runner.invoke(app, ["status", "--data", str(school / "data"), "--today", TODAY, "--format", "json"])
    measures = {m["id"]: m["state"] for m in json.loads(status.output)["measures"]}
    assert (measures["3"], measures["4"]) == ("done", "in_progress")
    assert (tmp_path / "serve.png").stat().st_size > 20_000
    if os.environ.get("ROLLOUT_DOCS_SCREENSHOTS"):
        shutil.copyfile(tmp_path / "serve.png", ROOT / "docs" / "serve.png")


def test_documents_are_downloaded_from_the_page(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    school = make_school(tmp_path / "school")
    with serving(school) as server:
        tab = Tab(browser, server)
        tab.page.get_by_role("link", name="Документы для печати").click()
        tab.page.get_by_role("button", name="Справка (.docx и PDF)").click()
        tab.page.wait_for_url(re.compile(r"/documents\?set=[\w-]+$"))
        names = tab.js("[...document.querySelectorAll('ul.files a')].map(a => a.textContent)")
        assert names == ["spravka-2020-07-01.docx", "spravka-2020-07-01.pdf"]
        with tab.page.expect_download() as download:
            tab.page.get_by_role("link", name="spravka-2020-07-01.pdf").click()
        saved = tmp_path / "got.pdf"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "spravka-2020-07-01.pdf"
        assert saved.read_bytes().startswith(b"%PDF")
        assert all(url.startswith(server.url + "/") for url in tab.requests), tab.requests
        tab.close()
