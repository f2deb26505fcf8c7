"""The library as its documentation promises it: documented functions, Russian errors with the
right plural, ids as numbers or strings, and a client that type-checks with mypy --strict."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from elzhur_rollout import api, errors
from elzhur_rollout.errors import LoadFailed, RolloutError
from elzhur_rollout.findings import finding
from helpers import DATA, ROOT, edit

FUNCTIONS = [name for name in api.__all__ if inspect.isfunction(getattr(api, name))]


def _section(doc: str, title: str) -> str:
    m = re.search(rf"^    {title}:\n((?:        .*\n|            .*\n|\n)*)", doc + "\n", flags=re.MULTILINE)
    return m.group(1) if m else ""


@pytest.mark.parametrize("name", FUNCTIONS)
def test_every_public_function_documents_arguments_result_and_errors(name: str) -> None:
    function = getattr(api, name)
    doc = function.__doc__ or ""
    assert doc, f"api.{name} has no docstring"
    parameters = list(inspect.signature(function).parameters)
    documented = _section(doc, "Args")
    missing = [p for p in parameters if not re.search(rf"^        {p}: ", documented, flags=re.MULTILINE)]
    assert not missing, f"api.{name}: arguments not documented: {missing}"
    assert _section(doc, "Returns").strip(), f"api.{name}: no «Returns:» section"
    assert _section(doc, "Raises").strip(), f"api.{name}: no «Raises:» section"


def test_the_library_documents_its_public_classes() -> None:
    for name in ("CheckResult", "CheckScope", "RenderTarget", "SummaryFormat"):
        assert getattr(api, name).__doc__, name
    assert "count" in (api.CheckResult.errors.__doc__ or "")


def _findings(n: int) -> list[object]:
    return [finding("data/plan.yaml", 4 + i, 17, "schema", f"ошибка {i + 1}") for i in range(n)]


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1 замечание: data/plan.yaml:4:17: ошибка 1"),
        (2, "2 замечания: data/plan.yaml:4:17: ошибка 1 (и ещё 1)"),
        (5, "5 замечаний: data/plan.yaml:4:17: ошибка 1 (и ещё 4)"),
        (11, "11 замечаний: data/plan.yaml:4:17: ошибка 1 (и ещё 10)"),
        (21, "21 замечание: data/plan.yaml:4:17: ошибка 1 (и ещё 20)"),
        (22, "22 замечания: data/plan.yaml:4:17: ошибка 1 (и ещё 21)"),
    ],
)
def test_an_error_of_findings_says_how_many_in_russian(n: int, text: str) -> None:
    assert str(LoadFailed(findings=_findings(n))) == text  # type: ignore[arg-type]


def test_every_error_is_russian(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "plan.yaml").write_text("schema_version: 2\ntitle: План\nmeasures: 7\n", encoding="utf-8")
    with pytest.raises(LoadFailed) as caught:
        api.load(tmp_path / "data")
    assert re.fullmatch(r"1 замечание: \S+plan\.yaml:3:11: .+", str(caught.value))
    for cls in (getattr(errors, n) for n in dir(errors)):
        if isinstance(cls, type) and issubclass(cls, RolloutError):
            assert str(cls("файл не найден")) == "файл не найден"
            text = str(cls(findings=_findings(3)))  # type: ignore[arg-type]
            assert text.startswith("3 замечания: ") and not re.search(r"[A-Za-z]", text.replace("data/plan.yaml", "")), cls


def test_measure_ids_are_numbers_or_strings(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    today = dt.date(2020, 7, 1)
    assert api.done(data, 2, today, when=dt.date(2020, 6, 25)).message == "Мероприятие 2: выполнено 25.06.2020."
    assert api.reopen(data, 2, today).message.startswith("Мероприятие 2:")
    assert api.start(data, "2", today).message.startswith("Мероприятие 2:")
    assert api.cancel(data, 3, today, note="Перенесено").message.startswith("Мероприятие 3:")
    duties = api.load(data).regulation.roles["engineer"].duties
    weekly = next(i for i, duty in enumerate(duties, 1) if duty.id == "weekly-update")
    assert api.duty_done(data, "engineer", weekly, today).message.startswith("Инженер-электроник:")


CLIENT = '''\
"""A school's script, written from the docstrings of elzhur_rollout.api."""

import datetime as dt
import sys
from pathlib import Path

from elzhur_rollout import api
from elzhur_rollout.errors import ChecksFailed, LoadFailed


def main(data: Path, out: Path) -> int:
    today = dt.date(2020, 7, 1)
    try:
        bundle = api.load(data)
    except LoadFailed as err:
        print(err, file=sys.stderr)
        return 2
    result: api.CheckResult = api.check(bundle, today, horizon=7, scope=api.CheckScope.ALL)
    errors: int = result.errors
    for f in result.findings:
        print(f.file, f.line, f.column, f.code, f.severity.russian, f.message)
    edit = api.done(data, 3, today, when=dt.date(2020, 6, 30), note="Приказ № 201")
    print(edit.file.name, edit.message)
    report = api.status(api.load(data), today)
    print(len(report.as_dict()))
    try:
        written: list[Path] = api.render(api.load(data), api.RenderTarget.ORDER, out)
    except ChecksFailed as err:
        print(err.findings[0].message, file=sys.stderr)
        return 1
    print([p.name for p in written], errors)
    return result.exit_code()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
'''


def test_a_client_script_type_checks_strictly_and_runs(tmp_path: Path) -> None:
    script = tmp_path / "client.py"
    script.write_text(CLIENT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MYPYPATH": str(ROOT / "src")}
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    shutil.copytree(DATA, tmp_path / "data")
    edit(tmp_path / "data", "plan.yaml", "status: planned", "status: planned", 1)
    ran = subprocess.run(
        [sys.executable, str(script), "data", "pechat"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert ran.returncode == 1, ran.stdout + ran.stderr  # overdue measures on 01.07.2020: findings, exit code 1
    assert "plan.yaml Мероприятие 3: выполнено 30.06.2020.\n" in ran.stdout
    assert "Приказ № 201" in (tmp_path / "data" / "plan.yaml").read_text(encoding="utf-8")
    assert "['prikaz.docx']" in ran.stdout
