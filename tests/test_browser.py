"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright.

What is asserted comes from the rendered DOM: the numbers shown, that no request leaves the
page, that the page is exactly as wide as a 390 px phone and a 1280 px projector, that sorting
and filtering work without a server, that the print layout cuts no table, and the basics of
accessibility.  Screenshots of both widths are left in each test's temporary folder.

Without Chromium (or Playwright) the tests are skipped locally and FAIL when CI=true:
`.ci/run` installs the browser (apt-get install chromium).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from elzhur_rollout import api
from elzhur_rollout.lang.vocabulary import STATE_WORD
from helpers import DATA, ROOT, edit

CHROMIUM = os.environ.get("ROLLOUT_CHROMIUM", "/usr/bin/chromium")
PHONE, PROJECTOR = 390, 1280
A4_LANDSCAPE_PX = 1047  # (297 mm - 2 × 10 mm margins) at 96 px per inch


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    why = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "нет пакета playwright: pip install '.[test]'"
    if why is None and not Path(CHROMIUM).exists():
        why = f"нет браузера {CHROMIUM}: apt-get install chromium"
    if why is not None:
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"CI: {why}")
        pytest.skip(why)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Page:
    """A page opened from a file at a width; every request it makes is recorded, and any
    request other than the file itself is refused."""

    def __init__(self, browser: Any, path: Path, width: int, media: str = "screen") -> None:
        self.url = path.resolve().as_uri()
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route("**/*", lambda route: route.continue_() if route.request.url == self.url else route.abort())
        self.page.emulate_media(media=media)
        self.page.goto(self.url)

    def js(self, code: str) -> Any:
        return self.page.evaluate(code)

    def page_width(self) -> int:
        return self.js("document.documentElement.scrollWidth")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def school_page(data: Path, tmp_path: Path) -> Path:
    html, _ = api.dashboard(dt.date(2020, 7, 1), data=data)
    out = tmp_path / "dashboard.html"
    out.write_text(html, encoding="utf-8")
    return out


def test_school_page_shows_the_status_numbers_and_fits_both_screens(
    browser: Any, school_page: Path, data: Path, tmp_path: Path
) -> None:
    report = api.status(api.load(data), dt.date(2020, 7, 1))
    for width in (PROJECTOR, PHONE):
        view = Page(browser, school_page, width)
        assert view.requests == [view.url]  # nothing else was asked for: no CDN, font or script
        assert view.js("window.innerWidth") == width
        assert view.page_width() == width  # no horizontal scrolling of the page itself
        view.page.screenshot(path=str(tmp_path / f"dashboard-{width}.png"), full_page=True)
        shown = view.js("""() => {
            const num = (s) => [...document.querySelectorAll(`[data-num="${s}"]`)].map(e => e.textContent.trim());
            return {done: num('done'), counted: num('counted'), percent: num('percent'), overdue: num('overdue'),
                    planned: num('planned'), upcoming: num('upcoming'), duties: num('duties-overdue'), entry: num('entry'),
                    rows: [...document.querySelectorAll('table.plan tbody tr')].map(r => [r.cells[0].textContent.trim(), r.dataset.state]),
                    bars: [...document.querySelectorAll('svg.timeline g.bar')].map(g => g.dataset.state),
                    title: document.title, lang: document.documentElement.lang};
        }""")
        view.close()
        states = [str(m.state) for m in report.measures]
        assert shown["done"] == [str(report.done)] and shown["counted"] == [str(report.counted)]
        assert shown["percent"] == ["0"]
        assert shown["overdue"] == [str(states.count("overdue"))] == ["2"]
        assert shown["planned"] == [str(states.count("planned"))] == ["5"]
        assert shown["upcoming"] == [str(states.count("upcoming"))] == ["3"]
        assert shown["duties"] == ["1"]  # the engineer's weekly update
        assert shown["entry"] == ["общее число не указано"] * 3
        assert shown["rows"] == [[m.number, str(m.state)] for m in report.measures]
        assert shown["bars"] == states
        assert shown["lang"] == "ru"
    assert (tmp_path / f"dashboard-{PHONE}.png").stat().st_size > 10_000
    assert (tmp_path / f"dashboard-{PROJECTOR}.png").stat().st_size > 10_000


def test_plan_sorts_and_filters_without_a_server(browser: Any, school_page: Path) -> None:
    view = Page(browser, school_page, PROJECTOR)
    page = view.page
    rows = "() => [...document.querySelectorAll('table.plan tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())"
    page.get_by_role("button", name="Срок").first.click()
    assert view.js(rows) == ["1", "3", "2", "4", "5", "6", "7", "8", "9", "10"]  # June first; ties as written
    assert view.js("document.querySelector('table.plan th[aria-sort]').textContent.trim()") == "Срок"
    page.get_by_role("button", name="Срок").first.click()
    assert view.js(rows) == ["2", "4", "5", "6", "7", "8", "9", "10", "1", "3"]
    assert view.js("document.querySelector('table.plan th[aria-sort]').getAttribute('aria-sort')") == "descending"
    page.get_by_role("button", name="№").first.click()
    assert view.js(rows) == [str(i) for i in range(1, 11)]

    plan = page.locator("[data-filter$='-plan-body']")
    plan.get_by_label("Состояние").select_option("overdue")
    assert view.js(rows) == ["1", "3"]
    assert plan.locator("output").text_content() == "Показано: 2 из 10"
    plan.get_by_label("Состояние").select_option("")
    plan.get_by_label("Поиск").fill("одинокин")
    assert view.js(rows) == ["4", "7", "8"]

    people = page.locator("[data-filter$='-agendas']")
    people.get_by_role("searchbox").fill("Инженер-электроник")
    shown = view.js(
        "() => [...document.querySelectorAll('.agenda')].filter(a => !a.hidden).map(a => a.querySelector('h3').textContent)"
    )
    assert shown == ["Одинокин С.А., инженер-электроник"]
    view.close()


def test_print_layout_is_a4_landscape_and_cuts_no_table(browser: Any, school_page: Path, tmp_path: Path) -> None:
    view = Page(browser, school_page, A4_LANDSCAPE_PX, media="print")
    assert view.page_width() == A4_LANDSCAPE_PX
    overflowing = view.js("""() => [...document.querySelectorAll('table, svg.timeline')]
        .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .map(t => t.id || t.className.baseVal || t.className)""")
    assert overflowing == []
    assert view.js("getComputedStyle(document.querySelector('.controls')).display") == "none"
    # the header row repeats on every page only when its cells hold no button boxes
    assert view.js("getComputedStyle(document.querySelector('thead')).display") == "table-header-group"
    assert view.js("getComputedStyle(document.querySelector('th button.sort')).display") == "contents"
    view.page.pdf(path=str(tmp_path / "dashboard.pdf"), prefer_css_page_size=True)
    assert (tmp_path / "dashboard.pdf").read_bytes().startswith(b"%PDF")
    view.close()


def _contrast_script() -> str:
    return """() => {
        const lum = (c) => { const v = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(x => x / 255)
            .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
        const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
            if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
        const sel = '.state, .ok, .bad, td, th, p, h1, h2, h3, h4, label, caption, li, summary, a';
        return [...document.querySelectorAll(sel)].filter(e => e.textContent.trim()).map(e => {
            const a = lum(getComputedStyle(e).color), b = lum(bg(e));
            return [e.tagName + '.' + e.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
        }).filter(([_, ratio]) => ratio < 4.5);
    }"""


def test_accessible_structure_and_contrast(browser: Any, school_page: Path) -> None:
    view = Page(browser, school_page, PROJECTOR)
    levels = view.js("() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # no level skipped
    assert view.js("[...document.querySelectorAll('thead th')].every(th => th.getAttribute('scope') === 'col')")
    assert view.js("[...document.querySelectorAll('table')].every(t => t.tHead && t.tBodies.length === 1)")
    names = view.js("""() => [...document.querySelectorAll('[role=img]')].map(e =>
        e.getAttribute('aria-label') || (e.getAttribute('aria-labelledby') || '').split(' ')
            .map(id => document.getElementById(id)?.textContent || '').join(' ').trim())""")
    assert names and all(names)
    assert view.js("[...document.querySelectorAll('input, select')].every(i => i.closest('label'))")
    # the state is a word and a sign, never a colour alone
    states = view.js("() => [...document.querySelectorAll('.state')].map(e => e.textContent.trim())")
    words = set(STATE_WORD.values())
    assert states and all(any(w in s for w in words) or s.startswith("!") for s in states)
    assert view.js(_contrast_script()) == []
    view.close()


def test_municipal_page_in_the_browser(browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mun = tmp_path / "mun"
    shutil.copytree(DATA, mun / "gymnasium-5")
    for name in ("school-12", "lyceum-3"):
        shutil.copytree(ROOT / "examples" / name, mun / name)
    shutil.copytree(ROOT / "examples" / "school-12", mun / "school-40")
    edit(mun / "school-40", "plan.yaml", "status: in_progress", "status: started")
    monkeypatch.chdir(tmp_path)
    html, summary = api.dashboard(dt.date(2024, 9, 30), dirs=[mun])
    assert summary is not None
    page_file = tmp_path / "mun.html"
    page_file.write_text(html, encoding="utf-8")
    for width in (PROJECTOR, PHONE):
        view = Page(browser, page_file, width)
        assert view.requests == [view.url]
        assert view.page_width() == width
        view.page.screenshot(path=str(tmp_path / f"municipal-{width}.png"))
        rows = view.js("""() => [...document.querySelectorAll('#summary-body tr')].map(r =>
            [...r.cells].map(c => c.textContent.replace(/\\s+/g, ' ').trim()))""")
        assert [r[0] for r in rows] == ["school-40 ! не прочитано", "МБОУ – Гимназия № 5", "МБОУ «Лицей № 3»", "МАОУ СОШ № 12"]
        assert rows[0][1].startswith("mun/school-40/plan.yaml:26:13: недопустимое значение «started»")
        assert rows[2] == [
            "МБОУ «Лицей № 3»",
            "№ 87-о от 26.08.2024",
            "ЭлЖур",
            "2 из 5",
            "! 1",
            "1",
            "91",
            "100",
            "?",
            "! не в срок, 13.09.2024",
            "! 2",
            "6",
        ]
        assert rows[3] == [
            "МАОУ СОШ № 12",
            "№ 112/01-07 от 20.08.2024",
            "ЭлЖур",
            "1 из 6",
            "0",
            "0",
            "100",
            "100",
            "97",
            "✓ в срок, 27.09.2024",
            "0",
            "0",
        ]
        view.close()
    view = Page(browser, page_file, PROJECTOR)
    view.page.get_by_role("link", name="МАОУ СОШ № 12").click()
    assert view.js("location.hash") == "#school-4"
    assert view.js("document.querySelector('#school-4 h2').textContent") == "МАОУ СОШ № 12"
    assert view.js("document.querySelector('#school-4 [data-num=done]').textContent") == "1"
    view.close()
