"""`rollout init`: a new school's folder that passes `rollout check` at once.

The starter data (``examples/starter``) is neutral; its dates are moved to the day of
``init`` (the order is dated today, the plan's months follow it), so the checks pass on
the day the folder is made.  Edits go through ruamel.yaml round-trip: comments stay.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from .checks import run_checks
from .editing import dump, round_trip_yaml
from .errors import InitError
from .files import write_atomically
from .loading import FILES, decode, load_bundle
from .resources import shared
from .values import YearMonth
from .vcs import ATTRIBUTES_LINE


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


def init(folder: Path, school: str | None, today: dt.date) -> list[Path]:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(f"папка {folder} не пуста; укажите новую или пустую папку")
    yaml = round_trip_yaml()
    starter = shared("starter")
    docs = {kind: yaml.load(decode((starter / name).read_bytes())) for kind, name in FILES.items()}

    order, plan, regulation = docs["order"], docs["plan"], docs["regulation"]
    order["document"]["date"] = today
    if school:
        order["organization"]["short_name"] = school
        order["organization"]["full_name"] = school
    order["items"][2]["deadline"]["until"] = _month(today, 1).end
    for i, measure in enumerate(plan["measures"]):
        deadline = measure["deadline"]
        if "month" in deadline:
            deadline["month"] = str(_month(today, 1 + i))
        else:
            deadline["from"], deadline["to"] = str(_month(today, 1)), str(_month(today, 2 + i))
    regulation["period"]["until"] = _month(today, 12).end

    files = {folder / "data" / name: dump(yaml, docs[kind]).encode("utf-8") for kind, name in FILES.items()}
    files[folder / ".gitattributes"] = (ATTRIBUTES_LINE + "\n").encode()
    files[folder / ".gitignore"] = b"build/\n.rollout.lock\n"
    files[folder / ".pre-commit-config.yaml"] = PRE_COMMIT.encode("utf-8")
    files[folder / "README.md"] = README.format(school=school or "Школа").encode("utf-8")
    for sub in ("templates", "schema"):
        for path in sorted(shared(sub).iterdir()):
            files[folder / sub / path.name] = path.read_bytes()
    try:
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(files)
        findings = run_checks(load_bundle(folder / "data"), today)
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if findings:  # the starter must pass on its first day; anything else is our bug
        raise InitError("образец не прошёл проверку: " + "; ".join(f.message for f in findings))
    return sorted(files)
