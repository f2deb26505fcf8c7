"""The HTML dashboard as a file: self-contained, escaped, reproducible; exit codes.
What it looks like in a browser is tested in test_browser.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import DATA, ROOT, edit, run


def _page(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_school_page_is_written_and_russian(data: Path, tmp_path: Path) -> None:
    result = run("dashboard", "--today", "2020-07-01", "--out", "out/panel.html")
    assert (result.exit_code, result.output) == (0, "Записано: out/panel.html\n")
    html = _page(tmp_path / "out" / "panel.html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ru">\n')
    assert "<title>МБОУ – Гимназия № 5: ход внедрения — 01.07.2020</title>" in html
    assert "Приказ от 30 мая 2020 г. № 188 «Об участии в пилотном проекте»" in html


def test_nothing_is_fetched_from_outside(data: Path, tmp_path: Path) -> None:
    """No stylesheet, script, font or image is loaded from anywhere: the page opens from a USB stick."""
    run("dashboard", "--today", "2020-07-01", "--out", "d.html")
    html = _page(tmp_path / "d.html")
    assert not re.search(r"<link\b|<img\b|<iframe\b|\bsrc\s*=|@import|@font-face|url\((?!#)", html)
    assert set(re.findall(r'href="([^"#][^"]*)"', html)) == set()  # every link is to a place on the page
    assert re.findall(r"https?://[^\s\"'<>)]+", html) == ["http://www.w3.org/2000/svg"]  # a namespace, not a request


def test_same_data_and_day_give_the_same_bytes(data: Path, tmp_path: Path) -> None:
    run("dashboard", "--today", "2020-07-01", "--out", "one.html")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))  # this checkout, whatever is installed
    subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", "dashboard", "--today", "2020-07-01", "--out", "two.html"],
        check=True,
        capture_output=True,
        cwd=tmp_path,
        env=env,
    )
    assert (tmp_path / "one.html").read_bytes() == (tmp_path / "two.html").read_bytes()
    run("dashboard", "--today", "2020-07-02", "--out", "three.html")
    assert (tmp_path / "one.html").read_bytes() != (tmp_path / "three.html").read_bytes()


def test_text_from_the_data_is_escaped(data: Path, tmp_path: Path) -> None:
    edit(data, "plan.yaml", "Определение состава лиц", "<script>alert(1)</script> & «Определение» состава лиц")
    run("dashboard", "--today", "2020-07-01", "--out", "d.html")
    html = _page(tmp_path / "d.html")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; «Определение» состава лиц" in html
    assert html.count("<script>") == 1  # the page's own


def test_broken_data_folder_is_exit_2_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    edit(data, "plan.yaml", "status: planned", "status: started")
    result = run("dashboard", "--today", "2020-07-01", "--out", "d.html")
    assert result.exit_code == 2
    assert "data/plan.yaml" in result.output and "«started»" in result.output
    assert not (tmp_path / "d.html").exists()


def test_municipal_page_links_every_school_to_its_section(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(DATA, tmp_path / "mun" / "gymnasium-5")
    shutil.copytree(ROOT / "examples" / "school-12", tmp_path / "mun" / "school-12")
    shutil.copytree(ROOT / "examples" / "school-12", tmp_path / "mun" / "school-40")
    edit(tmp_path / "mun" / "school-40", "order.yaml", "number: 112/01-07", "number: [")
    monkeypatch.chdir(tmp_path)
    result = run("dashboard", "mun", "--today", "2024-09-30", "--out", "mun.html")
    assert (result.exit_code, result.output) == (0, "Записано: mun.html\n")
    html = _page(tmp_path / "mun.html")
    links = re.findall(r'<th scope="row"><a href="#(school-\d+)">([^<]+)</a>', html)
    assert links == [("school-1", "school-40"), ("school-2", "МБОУ – Гимназия № 5"), ("school-3", "МАОУ СОШ № 12")]
    for anchor, _ in links:
        assert f'<section class="school" id="{anchor}"' in html
    assert "Файлы школы не читаются." in html and "mun/school-40/order.yaml:" in html


def test_municipal_page_without_a_readable_school_is_exit_2(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = run("dashboard", "empty", "nowhere", "--today", "2024-09-30", "--out", "mun.html")
    assert result.exit_code == 2
    assert "не прочитано ни одной школы" in result.output and "nowhere: папка не найдена" in result.output
    assert not (tmp_path / "mun.html").exists()


def test_agendas_show_role_assignments_and_roles_without_holders(tmp_path: Path) -> None:
    out = tmp_path / "s44.html"
    result = run("dashboard", "--data", str(ROOT / "examples" / "school-44"), "--today", "2025-09-22", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    headings = re.findall(r'id="school-person-\d+">([^<]*)<', page)
    assert headings == [
        "Лебедева О.П., директор",
        "Кузнецова М.О., заместитель директора по учебно-воспитательной работе",
        "Тарасов Д.И., учитель информатики",
        "Белова Н.А., учитель начальных классов",
        "Учителя-предметники, коллективная роль, исполнители поимённо не названы",
        # a co-executor of measure 5: its obligations are listed like those of the responsible
        "Председатели родительских комитетов классов, коллективная роль, исполнители поимённо не названы",
    ]
    assert "<p>Роли: Классные руководители 1–11 классов.</p>" in page
    assert page.count("<small>(как классные руководители 1–11 классов)</small>") == 3
