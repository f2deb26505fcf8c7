"""The library face without the command line: what a Python caller of elzhur_rollout gets."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from elzhur_rollout import api
from elzhur_rollout.core.agenda import build_agenda
from elzhur_rollout.core.values import MeasureStatus, State, YearMonth
from elzhur_rollout.errors import ChecksFailed, EditError, LoadFailed, RolloutError, UsageError
from helpers import DATA, edit


def test_check_returns_findings_and_the_exit_policy() -> None:
    bundle = api.load(DATA)
    clean = api.check(bundle, dt.date(2020, 5, 30))
    assert (clean.errors, clean.warnings, clean.exit_code(), clean.exit_code(strict=True)) == (0, 0, 0, 0)
    late = api.check(bundle, dt.date(2020, 7, 1))
    assert [f.code for f in late.findings if f.code == "deadline-overdue"] == ["deadline-overdue"] * 2
    assert late.exit_code() == 1
    documents_only = api.check(bundle, dt.date(2020, 7, 1), scope=api.CheckScope.DOCUMENTS)
    assert documents_only.findings == []


def test_warnings_fail_only_when_strict() -> None:
    bundle = api.load(DATA)
    soon = api.check(bundle, dt.date(2020, 6, 5), horizon=30)
    assert [(f.code, f.line) for f in soon.findings] == [("deadline-soon", 10), ("deadline-soon", 26)]
    assert (soon.errors, soon.warnings) == (0, 2)
    assert (soon.exit_code(), soon.exit_code(strict=True)) == (0, 1)


def test_status_and_unknown_person() -> None:
    bundle = api.load(DATA)
    report = api.status(bundle, dt.date(2020, 7, 1), person="odinokin")
    assert [a.key for a in report.people] == ["odinokin"]
    assert [m.id for m in report.people[0].measures] == ["4", "7", "8"]
    with pytest.raises(UsageError) as err:
        api.status(bundle, dt.date(2020, 7, 1), person="nobody")
    assert err.value.exit_code == 2
    assert err.value.lines() == [
        "Ошибка: сотрудника «nobody» нет в order.yaml (people); известны: loyko, ryzhenko, romanenko, odinokin."
    ]


def test_load_failure_carries_located_findings(tmp_path: Path) -> None:
    with pytest.raises(LoadFailed) as err:
        api.load(tmp_path / "nowhere")
    assert isinstance(err.value, RolloutError)
    assert err.value.exit_code == 2
    assert [(f.code, f.line, f.column) for f in err.value.findings] == [("missing-folder", 1, 1)]


def test_edits_through_the_api(data: Path) -> None:
    edit_ = api.done(data, "1", today=dt.date(2020, 6, 20), when=dt.date(2020, 6, 3), note="протокол № 1")
    assert edit_.message == "Мероприятие 1: выполнено 03.06.2020."
    assert api.load(data).plan.measures[0].status is MeasureStatus.DONE
    with pytest.raises(EditError) as err:
        api.done(data, "1", today=dt.date(2020, 6, 20))
    assert err.value.lines() == ["Ошибка: мероприятие 1 уже отмечено выполненным 03.06.2020. Файлы не изменены."]


def test_render_gate_refuses_documents_with_errors(data: Path, tmp_path: Path) -> None:
    edit(data, "plan.yaml", "      - loyko\n", "      - lojko\n")
    bundle = api.load(data)
    with pytest.raises(ChecksFailed) as err:
        api.render(bundle, api.RenderTarget.ORDER, tmp_path / "out")
    assert err.value.exit_code == 1
    assert [f.code for f in err.value.findings] == ["ref-unknown-person"]
    assert err.value.lines() == ["Документы не выпущены: исправьте ошибки или повторите с --force."]
    assert not (tmp_path / "out").exists()
    written = api.render(bundle, "order", tmp_path / "out", force=True)
    assert [p.name for p in written] == ["prikaz.docx"]


def test_template_lookup(tmp_path: Path) -> None:
    assert api.find_templates(tmp_path / "mine") == tmp_path / "mine"
    (tmp_path / "templates").mkdir()
    assert api.find_templates(cwd=tmp_path) == tmp_path / "templates"
    shipped = api.find_templates(cwd=tmp_path / "elsewhere")
    assert (shipped / "order.docx").is_file()


def test_one_place_decides_the_state() -> None:
    bundle = api.load(DATA)

    def first(day: dt.date, horizon: int = 7) -> tuple[State, bool]:
        measure = build_agenda(bundle, day, horizon).measures[0]  # June 2020, nothing recorded
        return measure.state, measure.soon

    assert first(dt.date(2020, 5, 30)) == (State.UPCOMING, False)  # its month has not begun
    assert first(dt.date(2020, 6, 1)) == (State.PLANNED, False)
    assert first(dt.date(2020, 6, 23)) == (State.PLANNED, True)
    assert first(dt.date(2020, 6, 30)) == (State.PLANNED, True)
    assert first(dt.date(2020, 7, 1)) == (State.OVERDUE, False)
    assert first(dt.date(2020, 7, 1), horizon=0) == (State.OVERDUE, False)


def test_year_month_arithmetic() -> None:
    june = YearMonth.parse("2020-06")
    assert (june.start, june.end) == (dt.date(2020, 6, 1), dt.date(2020, 6, 30))
    assert YearMonth.parse("2020-02").end == dt.date(2020, 2, 29)
    assert str(june.plus(7)) == "2021-01"
    assert str(june.plus(-6)) == "2019-12"
    assert YearMonth(2020, 12).end == dt.date(2020, 12, 31)
    with pytest.raises(ValueError, match="ГГГГ-ММ"):
        YearMonth.parse("2020-13")


def test_api_does_not_load_the_command_line() -> None:
    code = (
        "import datetime as dt, sys\nfrom elzhur_rollout import api\n"
        f"api.check(api.load({str(DATA)!r}), dt.date(2020, 7, 1))\n"
        "print(sorted(m for m in ('typer', 'elzhur_rollout.cli.app', 'docxtpl', 'pymorphy3') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "[]\n"


def test_next_deadlines_keep_the_plans_order_for_one_date() -> None:
    report = api.status(api.load(DATA), dt.date(2020, 7, 15))
    # all remaining deadlines are 31.08.2020: the plan's order decides, so «10» does not jump ahead of «2»
    assert [m.id for m in report.next_deadlines] == ["2", "4", "5", "6", "7"]
