"""The format's version 2: `rollout migrate`, the message for a version-1 file, diff across versions."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from elzhur_rollout.core.models import FORMAT_VERSION
from elzhur_rollout.source.loading import FILES
from helpers import DATA, ROOT, edit, run
from test_hardening import needs_permissions, out, rollout, snapshot

BUNDLED = [DATA, *sorted(p for p in (ROOT / "examples").iterdir() if (p / "order.yaml").exists())]


def to_v1(folder: Path) -> None:
    for name in FILES.values():
        edit(folder, name, "\nschema_version: 2\n", "\nschema_version: 1\n")


@pytest.fixture
def v1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A version-1 copy of the bundled data, as a school has it before upgrading."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    to_v1(target)
    monkeypatch.chdir(tmp_path)
    return target


def test_every_bundled_file_is_version_2() -> None:
    assert FORMAT_VERSION == 2
    for folder in BUNDLED:
        for name in FILES.values():
            assert "\nschema_version: 2\n" in (folder / name).read_text(encoding="utf-8"), folder / name
    for name in FILES:
        schema = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["properties"]["schema_version"]["const"] == 2


def test_a_version_1_file_names_its_line_and_says_to_migrate(v1: Path) -> None:
    result = run("check", "--today", "2020-06-01")
    message = (
        "ошибка [schema-old-version] файл в формате версии 1, а нужна версия 2; переведите данные командой "
        "rollout migrate --data data (меняется только эта строка, комментарии сохраняются)"
    )
    assert (result.exit_code, result.output) == (
        2,
        f"data/order.yaml\n  5:17: {message}\n"
        f"data/plan.yaml\n  4:17: {message}\n"
        f"data/regulation.yaml\n  5:17: {message}\n"
        "Найдено: 3 ошибки.\n",
    )
    as_json = json.loads(run("check", "--format", "json").output)
    assert [(f["file"], f["line"], f["column"], f["code"]) for f in as_json["findings"]] == [
        ("data/order.yaml", 5, 17, "schema-old-version"),
        ("data/plan.yaml", 4, 17, "schema-old-version"),
        ("data/regulation.yaml", 5, 17, "schema-old-version"),
    ]
    assert run("status", "--today", "2020-06-01").exit_code == 2


def test_a_version_1_file_with_another_error_reports_both(v1: Path) -> None:
    edit(v1, "plan.yaml", "status: planned", "status: planed")  # the rest is read as version 2: one run, every problem
    result = run("check")
    assert result.exit_code == 2
    assert "4:17: ошибка [schema-old-version]" in result.output
    assert "недопустимое значение «planed»" in result.output
    migrate = run("migrate")  # nothing is written while the data has other errors
    assert migrate.exit_code == 2
    assert migrate.output.endswith("Данные не изменены: сначала исправьте ошибки в файлах.\n")
    assert "\nschema_version: 1\n" in (v1 / "plan.yaml").read_text(encoding="utf-8")


def test_unknown_versions_keep_a_clear_message(data: Path) -> None:
    edit(data, "order.yaml", "schema_version: 2", "schema_version: 3")
    edit(data, "plan.yaml", "schema_version: 2", 'schema_version: "x"')
    edit(data, "regulation.yaml", "schema_version: 2", "schema_version: 0")
    result = run("check")
    assert (result.exit_code, result.output) == (
        2,
        "data/order.yaml\n  5:17: ошибка [schema] версия формата 3 новее, чем понимает эта программа (версия 2); "
        "обновите rollout\n"
        "data/plan.yaml\n  4:17: ошибка [schema] ожидается целое число; получено: «x»\n"
        "data/regulation.yaml\n  5:17: ошибка [schema] неизвестная версия формата «0»; текущая — 2\n"
        "Найдено: 3 ошибки.\n",
    )
    assert run("migrate").exit_code == 2  # not version 1: nothing to migrate, and the data is unusable


def test_migrate_changes_only_the_version_lines(v1: Path) -> None:
    before = {name: (v1 / name).read_text(encoding="utf-8") for name in FILES.values()}
    result = run("migrate")
    assert (result.exit_code, result.output) == (
        0,
        "Переведён в версию 2: data/order.yaml\nПереведён в версию 2: data/plan.yaml\nПереведён в версию 2: data/regulation.yaml\n",
    )
    for name, text in before.items():
        after = (v1 / name).read_text(encoding="utf-8")
        changed = [
            line
            for line in difflib.unified_diff(text.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        assert changed == ["-schema_version: 1", "+schema_version: 2"], name
        assert after == (DATA / name).read_text(encoding="utf-8")  # comments and layout as they were
    assert run("check", "--today", "2020-06-01", "--scope", "documents").exit_code == 0


def test_migrate_keeps_comments_bom_and_line_endings(v1: Path) -> None:
    raw = (v1 / "plan.yaml").read_bytes()
    odd = b"\xef\xbb\xbf" + raw.replace(
        b"schema_version: 1\n", b"schema_version:   1   # \xd0\xb2\xd0\xb5\xd1\x80\xd1\x81\xd0\xb8\xd1\x8f\n"
    )
    odd = odd.replace(b"\n", b"\r\n")
    (v1 / "plan.yaml").write_bytes(odd)
    assert run("migrate").exit_code == 0
    assert (v1 / "plan.yaml").read_bytes() == odd.replace(b"schema_version:   1   #", b"schema_version:   2   #")


def test_migrate_is_idempotent(v1: Path) -> None:
    assert run("migrate", "--data", "data").exit_code == 0
    migrated = snapshot(v1)
    again = run("migrate", "--data", "data")
    assert (again.exit_code, again.output) == (0, "Все файлы уже в версии 2.\n")
    assert snapshot(v1) == migrated


def test_migrate_one_file_of_three(v1: Path) -> None:
    for name in ("order.yaml", "regulation.yaml"):
        edit(v1, name, "\nschema_version: 1\n", "\nschema_version: 2\n")
    result = run("migrate")
    assert (result.exit_code, result.output) == (0, "Переведён в версию 2: data/plan.yaml\n")


def test_migrate_a_missing_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("migrate", "--data", "nowhere")
    assert result.exit_code == 2
    assert "папка с данными не найдена" in result.output


@needs_permissions
def test_migrate_refuses_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    to_v1(folder)
    before = snapshot(folder)
    folder.chmod(0o555)
    try:
        result = rollout("migrate", cwd=tmp_path, unprivileged=True)
        assert (result.returncode, out(result)) == (
            2,
            "Ошибка: нет прав на запись в папку data, а изменение файлов в ней требует их. Файлы не изменены.\n",
        )
        assert snapshot(folder) == before
        assert not (folder / ".rollout.lock").exists()
    finally:
        folder.chmod(0o755)
    done = rollout("migrate", cwd=tmp_path)
    assert (done.returncode, out(done).count("Переведён в версию 2")) == (0, 3)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_diff_between_a_version_1_commit_and_a_version_2_working_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "school"
    shutil.copytree(DATA, root / "data")
    to_v1(root / "data")
    git(root, "init", "-q")
    git(root, "config", "user.email", "engineer@example.org")
    git(root, "config", "user.name", "Инженер")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "version 1")
    monkeypatch.chdir(root)
    assert run("migrate").exit_code == 0
    assert run("diff").output == "Изменений по существу нет.\n"
    assert run("done", "1", "--date", "2020-06-15", "--today", "2020-06-20").exit_code == 0
    result = run("diff")
    assert (result.exit_code, result.output) == (0, "Мероприятие 1: статус «не начато» → «выполнено» (15.06.2020)\n")
    git(root, "commit", "-qam", "version 2 and a done measure")
    assert run("diff", "HEAD~1", "HEAD").output == "Мероприятие 1: статус «не начато» → «выполнено» (15.06.2020)\n"
    assert run("diff", "HEAD", "HEAD~1").output == "Мероприятие 1: статус «выполнено» → «не начато»\n"
