"""A school's own .docx templates run in a sandbox with limits: string repetition, long
joins, format widths, huge numbers, recursion, output size and render time are bounded, and
each refusal names the template and what broke.  ``{% include %}`` says why it cannot work."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from elzhur_rollout.documents import sandbox
from helpers import ROOT, run

ANCHOR = b"{{ title }}"


def template_with(tmp_path: Path, expression: str) -> Path:
    """The shipped templates, with ``expression`` in place of the order's title."""
    folder = tmp_path / "tpl"
    shutil.copytree(ROOT / "templates", folder)
    src = (ROOT / "templates" / "order.docx").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(buffer, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "word/document.xml":
                assert ANCHOR in body
                escaped = expression.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                body = body.replace(ANCHOR, escaped.encode("utf-8"), 1)
            zout.writestr(info, body)
    (folder / "order.docx").write_bytes(buffer.getvalue())
    return folder


def render_with(tmp_path: Path, expression: str):  # type: ignore[no-untyped-def]
    templates = template_with(tmp_path, expression)
    return run("render", "order", "--out", str(tmp_path / "out"), "--templates", str(templates)), templates


LIMITED = [
    (
        "{{ 'x' * 1000000000 }}",
        "выражение шаблона создаёт строку или список из 1 000 000 000 элементов (допустимо до 5 000 000) — "
        "например, повторение строки «'x' * n» или длинное объединение",
    ),
    (
        "{{ ['x'] * 6000000 }}",
        "выражение шаблона создаёт строку или список из 6 000 000 элементов (допустимо до 5 000 000) — "
        "например, повторение строки «'x' * n» или длинное объединение",
    ),
    (
        "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}",
        "выражение шаблона создаёт строку или список из 8 388 608 элементов (допустимо до 5 000 000) — "
        "например, повторение строки «'x' * n» или длинное объединение",
    ),
    ("{{ 'x'|center(1000000000) }}", "слишком большое число 1000000000 в вызове функции или фильтра шаблона"),
    ("{{ 'ab'.ljust(99999999) }}", "слишком большое число 99999999 в вызове функции или фильтра шаблона"),
    ("{{ (['xxxxxxxxxx'] * 1000000)|join }}", "выражение шаблона создаёт строку или список из 10 000 000 элементов"),
    ("{{ '%999999999d' % 1 }}", "ширина поля в строке формата больше 5 000 000 символов"),
    ("{{ '{:>999999999}'.format(1) }}", "ширина поля в строке формата больше 5 000 000 символов"),
    ("{{ 9 ** 99999 }}", "выражение шаблона создаёт слишком большое число (возведение в степень)"),
    (
        "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
        "макрос или цикл шаблона вызывает сам себя без конца (слишком глубокая рекурсия)",
    ),
    (
        "{% include 'header.docx' %}",
        "теги {% include %}, {% import %} и {% extends %} не поддерживаются — шаблон не может подключать другие файлы; "
        "перенесите нужный текст в сам шаблон",
    ),
    (
        "{% import 'macros' as m %}",
        "теги {% include %}, {% import %} и {% extends %} не поддерживаются — шаблон не может подключать другие файлы; "
        "перенесите нужный текст в сам шаблон",
    ),
    (
        "{{ '<w:p>'|safe }}",
        "после подстановки значений в документе пропали параметры страницы (размер и поля) — вероятно, выражение "
        "шаблона вставляет разметку Word (фильтр safe); уберите его",
    ),
    ("{{ 'abc'.index('z') }}", "ошибка в выражении шаблона (ошибка вычисления: substring not found)"),
]


@pytest.mark.parametrize(("expression", "words"), LIMITED, ids=[e[:30] for e, _ in LIMITED])
def test_a_template_past_a_limit_is_named_with_what_broke(data: Path, tmp_path: Path, expression: str, words: str) -> None:
    started = time.perf_counter()
    result, templates = render_with(tmp_path, expression)
    assert time.perf_counter() - started < 20  # bounded: none of these runs to the time limit
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"Ошибка: шаблон {templates / 'order.docx'}: {words}"), result.output
    assert "Внутренняя ошибка" not in result.output
    assert not (tmp_path / "out" / "prikaz.docx").exists()


def test_a_loop_that_calls_nothing_is_stopped_by_the_watchdog(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    text = "{% set s = 'x' * 4000000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"
    started = time.perf_counter()
    result, templates = render_with(tmp_path, text)
    assert time.perf_counter() - started < 15
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: шаблон {templates / 'order.docx'}: шаблон выполняется дольше 1 секунды — вероятно, бесконечный или "
        "слишком большой цикл; исправьте шаблон в Word.\n",
    )


def test_a_loop_over_ranges_is_stopped_by_the_clock(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 1.0)
    text = "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}"
    result, _templates = render_with(tmp_path, text)
    assert result.exit_code == 2
    assert "шаблон выполняется дольше 1 секунды" in result.output


def test_the_output_of_a_template_is_capped(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "MAX_OUTPUT", 200_000)
    result, templates = render_with(tmp_path, "{% for i in range(1000) %}{{ 'x' * 1000 }}{% endfor %}")
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: шаблон {templates / 'order.docx'}: шаблон выводит больше 200 000 символов — вероятно, слишком "
        "большой цикл или повторение; исправьте шаблон в Word.\n",
    )


def test_ordinary_expressions_still_work(data: Path, tmp_path: Path) -> None:
    from helpers import lines_of

    result, _ = render_with(tmp_path, "{{ title|upper }} · {{ 'ab' * 3 }} · {{ '%05d' % 42 }} · {{ [1, 2]|join('-') }}")
    assert result.exit_code == 0, result.output
    assert "ОБ УЧАСТИИ В~ПИЛОТНОМ ПРОЕКТЕ · ababab · 00042 · 1-2" in lines_of(tmp_path / "out" / "prikaz.docx")


def test_the_watchdog_never_fires_after_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.05)
    for _ in range(20):
        with sandbox.watchdog(0.01):
            pass
    time.sleep(0.1)  # a timeout set at the very end would be raised here
