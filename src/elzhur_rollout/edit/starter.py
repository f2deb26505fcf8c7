"""`rollout init`: a new school's folder that passes `rollout check` at once.

The starter data (``examples/starter``) is neutral; its dates are moved to the day of
``init`` (the order is dated today, the plan's months follow it), so the checks pass on
the day the folder is made.  Edits go through ruamel.yaml round-trip: comments stay.
"""

from __future__ import annotations

import datetime as dt
import errno
import shutil
from pathlib import Path

from elzhur_rollout.checks.rules import run_checks
from elzhur_rollout.core.values import YearMonth
from elzhur_rollout.edit.progress import dump, round_trip_yaml
from elzhur_rollout.errors import FileError, InitError
from elzhur_rollout.source.files import TEMP_PATTERN, os_error_ru, write_atomically
from elzhur_rollout.source.git import ATTRIBUTES_LINE
from elzhur_rollout.source.loading import FILES, load_bundle
from elzhur_rollout.source.resources import shared
from elzhur_rollout.source.yaml_reader import decode

PRE_COMMIT = """\
# Проверка документов перед каждым коммитом: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: rollout-check
        name: rollout check (документы внедрения электронного журнала)
        entry: rollout check --scope documents
        language: system
        pass_filenames: false
        files: ^data/.*\\.yaml$
      - id: rollout-fmt
        name: rollout fmt --check (единый вид YAML)
        entry: rollout fmt --check
        language: system
        pass_filenames: false
        files: ^data/.*\\.yaml$
"""

README = """\
# {school}: внедрение электронного журнала

Документы внедрения в виде файлов YAML (папка `data/`), шаблоны печатных форм (`templates/`).

    rollout check            # проверить документы, сроки и полноту
    rollout status           # ход работ: что сделано, что просрочено, кто что должен
    rollout done 1           # отметить мероприятие 1 выполненным сегодня
    rollout render all       # приказ, приложения и лист ознакомления в build/

Перед первым коммитом: `git init`, `rollout git-setup` (читаемые diff для .docx) и
`pre-commit install` (проверка при каждом коммите).
"""


def _month(d: dt.date, shift: int) -> YearMonth:
    return YearMonth.of(d).plus(shift)


def _refuse_unusable(folder: Path) -> None:
    """A clear refusal before anything is written: an existing file, a non-empty folder, a file
    on the way to the folder, a folder that cannot be read."""
    if folder.is_symlink() and not folder.exists():
        raise InitError(f"{folder} — символическая ссылка в никуда; удалите её или укажите другую папку")
    if folder.exists():
        if not folder.is_dir():
            raise InitError(f"{folder} — это файл, а не папка; укажите новую или пустую папку")
        try:
            empty = not any(folder.iterdir())
        except OSError as err:
            raise InitError(os_error_ru(err, folder, "чтение")) from None
        if not empty:
            raise InitError(f"папка {folder} не пуста; укажите новую или пустую папку")
        return
    for parent in folder.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise InitError(f"не удалось создать папку {folder}: {parent} — это файл, а не папка")
            break


def init(folder: Path, school: str | None, today: dt.date) -> list[Path]:
    _refuse_unusable(folder)
    yaml = round_trip_yaml()
    starter = shared("starter")
    docs = {kind: yaml.load(decode((starter / name).read_bytes())) for kind, name in FILES.items()}

    order, plan, regulation = docs["order"], docs["plan"], docs["regulation"]
    order["document"]["date"] = today
    if school:
        order["organization"]["short_name"] = school
        order["organization"]["full_name"] = school
    try:
        order["items"][2]["deadline"]["until"] = _month(today, 1).end
        for i, measure in enumerate(plan["measures"]):
            deadline = measure["deadline"]
            if "month" in deadline:
                deadline["month"] = str(_month(today, 1 + i))
            else:
                deadline["from"], deadline["to"] = str(_month(today, 1)), str(_month(today, 2 + i))
        regulation["period"]["until"] = _month(today, 12).end
    except (ValueError, OverflowError):
        raise InitError(
            f"дата {today.isoformat()} слишком близко к концу календаря: план и регламент на год вперёд "
            "вышли бы за 9999 год; укажите настоящую дату (--today или без него)"
        ) from None

    files = {folder / "data" / name: dump(yaml, docs[kind]).encode("utf-8") for kind, name in FILES.items()}
    files[folder / ".gitattributes"] = (ATTRIBUTES_LINE + "\n").encode()
    files[folder / ".gitignore"] = f"build/\n.rollout.lock\n{TEMP_PATTERN}\n".encode()
    files[folder / ".pre-commit-config.yaml"] = PRE_COMMIT.encode("utf-8")
    files[folder / "README.md"] = README.format(school=school or "Школа").encode("utf-8")
    for sub in ("templates", "schema"):
        for path in sorted(shared(sub).iterdir()):
            files[folder / sub / path.name] = path.read_bytes()
    existed = folder.exists()
    try:
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(files)
        findings = run_checks(load_bundle(folder / "data"), today)
    except BaseException as err:
        _undo(folder, existed)
        if isinstance(err, FileError):
            raise InitError(err.message) from None
        if isinstance(err, OSError):
            raise InitError(_creation_refused(err, folder)) from None
        raise
    if findings:  # the starter must pass on its first day; anything else is our bug
        raise InitError("образец не прошёл проверку: " + "; ".join(f.message for f in findings))
    return sorted(files)


def _creation_refused(err: OSError, folder: Path) -> str:
    """«не удалось создать папку school: нет прав на запись в папку /srv»."""

    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        parent = next((p for p in folder.absolute().parents if p.exists()), None)
        where = f" в папку {parent}" if parent is not None and not folder.exists() else ""
        reason = "диск доступен только для чтения" if err.errno == errno.EROFS else f"нет прав на запись{where}"
        return f"не удалось создать папку {folder}: {reason}"
    return os_error_ru(err, folder, "создание")


def _undo(folder: Path, existed: bool) -> None:
    """Remove what a failed init made: the folder if it made it, else only its contents."""
    if not existed:
        shutil.rmtree(folder, ignore_errors=True)
        return
    for child in folder.iterdir() if folder.is_dir() else []:
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
