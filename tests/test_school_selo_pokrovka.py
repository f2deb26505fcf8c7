"""examples/school-selo-pokrovka: a village school's order as issued (source.txt): a preamble of
a purpose alone without a final comma, a revoked order, a deadline and a recurrence inside the
items' sentences, «настоящего приказа», «Директор школы», the stamp of an electronic signature;
appendices «№ 1» and «№ 2» whose marks omit the school's name: a procedure with the roles
placed in its clauses and a schedule table with its own columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import assert_as_expected, example_school, run


@pytest.fixture
def school(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return example_school("school-selo-pokrovka", tmp_path, monkeypatch).parent


def test_pokrovka_checks_clean_on_its_order_date(school: Path) -> None:
    result = run("check", "--today", "2025-09-01")
    assert (result.exit_code, result.output) == (0, "Замечаний нет.\n")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("prikaz.docx", "school-selo-pokrovka-prikaz.txt"),
        ("prilozhenie-1-reglament.docx", "school-selo-pokrovka-reglament.txt"),
        ("prilozhenie-2-ciklogramma.docx", "school-selo-pokrovka-ciklogramma.txt"),
    ],
)
def test_pokrovka_documents_word_for_word(school: Path, document: str, expected: str) -> None:
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    assert_as_expected(school / "pechat" / document, expected)


def test_pokrovka_prints_no_acquaintance_sheet(school: Path) -> None:
    """``print.ack_sheet: false``: the source has no sheet, so none is produced."""
    assert run("render", "all").exit_code == 0
    assert not (school / "pechat" / "list-oznakomleniya.docx").exists()


def test_pokrovka_progress_later_and_the_calendar(school: Path) -> None:
    """On 01.10.2025: item 5 (in its sentence, due 12.09) is done, the teachers' daily entry was
    recorded on 30.09, the last-Friday report on 26.09: no findings; the calendar repeats the
    report on the last Friday of each month."""
    before = run("check", "--today", "2025-10-01")
    assert before.exit_code == 1
    assert [line.split("] ")[0].strip() for line in before.output.splitlines() if "[" in line] == [
        "63:5: ошибка [duty-overdue",
        "73:7: ошибка [deadline-overdue",
        "28:9: ошибка [duty-overdue",
    ]
    for args in (
        ("done", "п5", "--date", "2025-09-11"),
        ("duty-done", "приказ", "4", "--date", "2025-09-30"),
        ("duty-done", "journal_admin", "2", "--date", "2025-09-26"),
    ):
        result = run(*args, "--today", "2025-10-01")
        assert result.exit_code == 0, result.output
    after = run("check", "--today", "2025-10-01")
    assert (after.exit_code, after.output) == (0, "Замечаний нет.\n")
    assert run("calendar", "--today", "2025-10-01", "--out", "cal.ics").exit_code == 0
    assert "RRULE:FREQ=MONTHLY;BYDAY=-1FR" in (school / "cal.ics").read_text(encoding="utf-8")
