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
    assert_as_expected(school / "build" / document, expected)


def test_pokrovka_prints_no_acquaintance_sheet(school: Path) -> None:
    """``print.ack_sheet: false``: the source has no sheet, so none is produced."""
    assert run("render", "all").exit_code == 0
    assert not (school / "build" / "list-oznakomleniya.docx").exists()
