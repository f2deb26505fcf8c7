"""One policy for links, permissions and sizes, held by every command that reads or writes.

* A data file (or ``.gitattributes``) that is a link to a file outside the folder named is
  read, never written: the command refuses, naming the link; a link inside the folder is
  written through and stays a link.
* An output path (render, calendar, dashboard, summary, schema) that is a link is replaced
  by the new file: the file it pointed to is untouched, a dangling link creates nothing.
* A read-only file is never replaced; new files follow the umask, rewritten ones keep their mode.
* Only regular files of at most 5 MB are read: a named pipe, a device or a larger file is
  refused at once.
* Edits lock the real file, so two data folders that reach one file lose no edit.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import DATA, ROOT, run

SRC = ROOT / "src"
TODAY = "2020-06-20"


def rollout(*args: str, cwd: Path, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "elzhur_rollout", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.is_symlink()}


# =========================================================================== data files: links

EDITS = [
    (["done", "1"], "plan.yaml"),
    (["start", "1"], "plan.yaml"),
    (["cancel", "1", "--note", "перенесено"], "plan.yaml"),
    (["reopen", "1"], "plan.yaml"),
    (["duty-done", "engineer", "weekly-update"], "regulation.yaml"),
    (["entered", "pupils", "5"], "order.yaml"),
    (["updated"], "order.yaml"),
    (["fmt"], "plan.yaml"),
]


def _link_out(data: Path, tmp_path: Path, name: str) -> Path:
    """Move ``name`` out of the data folder and leave a link to it in its place."""
    shared = tmp_path / "shared"
    shared.mkdir(exist_ok=True)
    (data / name).rename(shared / name)
    (data / name).symlink_to(Path("..") / "shared" / name)
    return shared / name


@pytest.mark.parametrize(("args", "name"), EDITS, ids=[a[0] for a, _ in EDITS])
def test_a_data_file_linked_from_outside_is_read_but_never_written(
    data: Path, tmp_path: Path, args: list[str], name: str
) -> None:
    if args == ["fmt"]:
        (data / name).write_text((data / name).read_text(encoding="utf-8").replace("schema_version: 2", "schema_version:  2"))
    if args == ["reopen", "1"]:
        text = (data / name).read_text(encoding="utf-8")
        (data / name).write_text(text.replace("    status: planned\n", "    status: done\n    done_on: 2020-06-01\n", 1))
    outside = _link_out(data, tmp_path, name)
    before = outside.read_bytes()
    assert run("check", "--today", TODAY).exit_code in (0, 1)  # read through the link
    result = run(*args, "--today", TODAY) if args != ["fmt"] else run("fmt")
    assert result.exit_code == 2
    assert result.output == (
        f"Ошибка: data/{name} — символическая ссылка на {outside}, вне папки data; файлы вне указанной папки rollout "
        "читает, но не изменяет: укажите папку, где лежит сам файл, или замените ссылку копией файла. Файлы не изменены.\n"
    )
    assert outside.read_bytes() == before
    assert (data / name).is_symlink()
    assert sorted(p.name for p in tmp_path.joinpath("shared").iterdir()) == [name]


def test_migrate_refuses_a_data_file_linked_from_outside(data: Path, tmp_path: Path) -> None:
    (data / "plan.yaml").write_text(
        (data / "plan.yaml").read_text(encoding="utf-8").replace("schema_version: 2", "schema_version: 1"), encoding="utf-8"
    )
    outside = _link_out(data, tmp_path, "plan.yaml")
    before = outside.read_bytes()
    result = run("migrate")
    assert result.exit_code == 2
    assert result.output.startswith(f"Ошибка: data/plan.yaml — символическая ссылка на {outside}, вне папки data;")
    assert outside.read_bytes() == before


def test_a_data_file_linked_inside_the_folder_is_written_through(data: Path) -> None:
    (data / "files").mkdir()
    (data / "plan.yaml").rename(data / "files" / "plan.yaml")
    (data / "plan.yaml").symlink_to(Path("files") / "plan.yaml")
    stale = data / "files" / ".plan.yaml.k1ll3d.tmp"  # left by a killed edit beside the real file
    stale.write_text("half", encoding="utf-8")
    result = run("done", "1", "--today", TODAY)
    assert (result.exit_code, result.output) == (0, "Мероприятие 1: выполнено 20.06.2020. Изменён data/files/plan.yaml.\n")
    assert (data / "plan.yaml").is_symlink()
    assert "done_on: 2020-06-20" in (data / "files" / "plan.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (data / "files").iterdir()) == ["plan.yaml"]  # the stale file and the lock are gone


def test_a_dangling_data_link_creates_nothing(data: Path, tmp_path: Path) -> None:
    (data / "plan.yaml").unlink()
    (data / "plan.yaml").symlink_to(tmp_path / "nowhere" / "plan.yaml")
    result = run("done", "1", "--today", TODAY)
    assert result.exit_code == 2 and "файл не найден" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_two_data_folders_sharing_a_file_lose_no_edit(tmp_path: Path) -> None:
    """``a/plan.yaml`` is a link to ``a/b/plan.yaml``, and ``a/b`` is a data folder of its own:
    ten edits, half through each folder, at once.  The lock is on the real file's folder."""
    outer, inner = tmp_path / "a", tmp_path / "a" / "b"
    shutil.copytree(DATA, outer)
    shutil.copytree(DATA, inner)
    (outer / "plan.yaml").unlink()
    (outer / "plan.yaml").symlink_to(Path("b") / "plan.yaml")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "elzhur_rollout", "done", str(n), "--date", "2020-06-10", "--today", TODAY, "--data"]
            + [str(outer if n % 2 else inner)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(1, 11)
    ]
    results = [(p.wait(timeout=120), p.stderr.read().decode() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * 10, results
    text = (inner / "plan.yaml").read_text(encoding="utf-8")
    assert text.count("status: done") == 10 and text.count("done_on: 2020-06-10") == 10
    assert (outer / "plan.yaml").is_symlink()


def test_two_folders_linking_one_outside_file_never_write_it(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(DATA / "plan.yaml", shared / "plan.yaml")
    for name in ("a", "b"):
        shutil.copytree(DATA, tmp_path / name)
        (tmp_path / name / "plan.yaml").unlink()
        (tmp_path / name / "plan.yaml").symlink_to(shared / "plan.yaml")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "elzhur_rollout", "done", str(n), "--today", TODAY, "--data", str(tmp_path / "ab"[n % 2])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(1, 11)
    ]
    assert [p.wait(timeout=120) for p in procs] == [2] * 10  # each one told, none lost in silence
    assert (shared / "plan.yaml").read_bytes() == (DATA / "plan.yaml").read_bytes()


def test_a_lock_that_is_a_folder_is_named(data: Path) -> None:
    (data / ".rollout.lock").mkdir()
    result = run("done", "1", "--today", TODAY)
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: data/.rollout.lock — папка, а должен быть файл блокировки правок; удалите эту папку и повторите. "
        "Файлы не изменены.\n",
    )


# =========================================================================== git-setup and init


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "school"
    shutil.copytree(DATA, root / "data")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    monkeypatch.chdir(root)
    return root


def test_git_setup_never_writes_a_linked_gitattributes_outside_the_repository(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("*.txt text\n", encoding="utf-8")
    (repo / ".gitattributes").symlink_to(outside)
    result = run("git-setup")
    assert result.exit_code == 2
    assert result.output == (
        f"Ошибка: {repo}/.gitattributes — символическая ссылка на {outside}, вне папки {repo}; файлы вне указанной "
        "папки rollout читает, но не изменяет: укажите папку, где лежит сам файл, или замените ссылку копией файла.\n"
    )
    assert outside.read_text(encoding="utf-8") == "*.txt text\n"


def test_git_setup_writes_through_a_link_inside_the_repository(repo: Path) -> None:
    (repo / "config").mkdir()
    (repo / "config" / "attributes").write_text("*.txt text\n", encoding="utf-8")
    (repo / ".gitattributes").symlink_to(Path("config") / "attributes")
    assert run("git-setup").exit_code == 0
    assert (repo / ".gitattributes").is_symlink()
    assert (repo / "config" / "attributes").read_text(encoding="utf-8") == "*.txt text\n*.docx diff=rollout-docx\n"


def test_init_writes_only_into_the_folder_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    (tmp_path / "school").symlink_to(tmp_path / "real")  # the folder named is a link: its files are its own
    assert run("init", "school", "--today", "2020-05-30").exit_code == 0
    assert (tmp_path / "real" / "data" / "plan.yaml").is_file()
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    result = run("init", "gone", "--today", "2020-05-30")
    assert result.exit_code == 2 and not (tmp_path / "nowhere").exists()


# =========================================================================== outputs: links replaced


def _outputs(tmp_path: Path) -> list[tuple[list[str], Path]]:
    return [
        (["calendar", "--out", "out/kalendar.ics"], tmp_path / "out" / "kalendar.ics"),
        (["dashboard", "--out", "out/panel.html"], tmp_path / "out" / "panel.html"),
        (["summary", "data", "--out", "out/svodka.csv"], tmp_path / "out" / "svodka.csv"),
        (["render", "order", "--out", "out"], tmp_path / "out" / "prikaz.docx"),
        (["schema", "--out", "out"], tmp_path / "out" / "plan.schema.json"),
    ]


OUTPUT_COMMANDS = ["calendar", "dashboard", "summary", "render", "schema"]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_an_output_that_is_a_link_is_replaced_never_written_through(data: Path, tmp_path: Path, command: str) -> None:
    args, target = {a[0]: (a, t) for a, t in _outputs(tmp_path)}[command]
    target.parent.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("мой файл\n", encoding="utf-8")
    target.symlink_to(victim)
    result = run(*args, "--today", TODAY) if command != "schema" else run(*args)
    assert result.exit_code in (0, 1), result.output
    assert victim.read_text(encoding="utf-8") == "мой файл\n"
    assert not target.is_symlink() and target.stat().st_size > 0


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_a_dangling_output_link_creates_nothing_elsewhere(data: Path, tmp_path: Path, command: str) -> None:
    args, target = {a[0]: (a, t) for a, t in _outputs(tmp_path)}[command]
    target.parent.mkdir()
    target.symlink_to(tmp_path / "elsewhere" / "x")
    result = run(*args, "--today", TODAY) if command != "schema" else run(*args)
    assert result.exit_code in (0, 1), result.output
    assert not (tmp_path / "elsewhere").exists()
    assert not target.is_symlink() and target.is_file()


# =========================================================================== permissions


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["dashboard", "--out", "panel.html", "--today", TODAY], "panel.html"),
        (["calendar", "--out", "kalendar.ics", "--today", TODAY], "kalendar.ics"),
        (["summary", "data", "--out", "svodka.json", "--today", TODAY], "svodka.json"),
        (["render", "order", "--out", ".", "--today", TODAY], "prikaz.docx"),
    ],
    ids=["dashboard", "calendar", "summary", "render"],
)
def test_a_read_only_output_is_refused(data: Path, tmp_path: Path, args: list[str], name: str) -> None:
    target = tmp_path / name
    target.write_text("прежний\n", encoding="utf-8")
    target.chmod(0o444)
    result = run(*args)
    assert (result.exit_code, result.output) == (
        2,
        f"Ошибка: файл {name} только для чтения; снимите атрибут «только чтение» (chmod u+w) и повторите.\n",
    )
    assert target.read_text(encoding="utf-8") == "прежний\n"


@pytest.mark.parametrize("command", ["done", "migrate"])
def test_a_read_only_data_file_is_refused(data: Path, command: str) -> None:
    plan = data / "plan.yaml"
    if command == "migrate":
        plan.write_text(plan.read_text(encoding="utf-8").replace("schema_version: 2", "schema_version: 1"), encoding="utf-8")
    before = plan.read_bytes()
    plan.chmod(0o444)
    result = run(command, "1", "--today", TODAY) if command == "done" else run(command)
    assert (result.exit_code, result.output) == (
        2,
        "Ошибка: файл data/plan.yaml только для чтения; снимите атрибут «только чтение» (chmod u+w) и повторите. "
        "Файлы не изменены.\n",
    )
    assert plan.read_bytes() == before


def test_new_files_follow_the_umask_and_rewritten_ones_keep_their_mode(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "plan.yaml").chmod(0o640)
    assert rollout("done", "1", "--today", TODAY, cwd=tmp_path, umask=0o077).returncode == 0
    assert stat.S_IMODE((tmp_path / "data" / "plan.yaml").stat().st_mode) == 0o640
    for args in (["calendar", "--out", "k.ics"], ["dashboard", "--out", "d.html"], ["render", "order", "--out", "build"]):
        assert rollout(*args, "--today", TODAY, cwd=tmp_path, umask=0o077).returncode == 0
    for made in (tmp_path / "k.ics", tmp_path / "d.html", tmp_path / "build" / "prikaz.docx"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
    assert rollout("calendar", "--out", "k2.ics", "--today", TODAY, cwd=tmp_path, umask=0o022).returncode == 0
    assert stat.S_IMODE((tmp_path / "k2.ics").stat().st_mode) == 0o644


def test_a_killed_edits_temporary_file_is_removed_by_the_next(data: Path) -> None:
    for name in ("order.yaml", "plan.yaml", "regulation.yaml"):
        (data / f".{name}.x1y2z3.tmp").write_text("half", encoding="utf-8")
    assert run("updated", "--today", TODAY).exit_code == 0
    assert sorted(p.name for p in data.iterdir()) == ["order.yaml", "plan.yaml", "regulation.yaml"]


# =========================================================================== what is read


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "order.yaml").unlink()
    os.mkfifo(tmp_path / "data" / "order.yaml")
    result = rollout("check", "--today", TODAY, cwd=tmp_path)  # would block for ever if the pipe were opened to read
    assert (result.returncode, result.stdout + result.stderr) == (
        2,
        "data/order.yaml\n  1:1: ошибка [unreadable] это именованный канал (FIFO), а не обычный файл; "
        "укажите обычный файл\nНайдено: 1 ошибка.\n",
    )


def test_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    (tmp_path / "data" / "order.yaml").unlink()
    (tmp_path / "data" / "order.yaml").symlink_to("/dev/zero")
    result = rollout("check", "--today", TODAY, cwd=tmp_path)
    assert result.returncode == 2
    assert "[unreadable] это устройство, а не обычный файл; укажите обычный файл" in result.stdout + result.stderr


def test_a_file_over_5_mb_is_refused_before_it_is_read(data: Path) -> None:
    with (data / "plan.yaml").open("ab") as fh:
        fh.write(b"#" * (5 * 1024 * 1024))
    for args in (["check", "--today", TODAY], ["done", "1", "--today", TODAY], ["fmt", "--check"], ["migrate"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert (
            "data/plan.yaml\n  1:1: ошибка [unreadable] файл слишком большой (5,0 МБ; допустимо до 5 МБ); проверьте, тот ли это файл\n"
            in result.output
        ), args
