"""`rollout init`: a new school's folder: its data, and pointers to the shipped templates and schemas.

The starter data (``examples/starter``) is neutral; its dates are moved to the day of
``init`` (the order is dated today, the plan's months follow it).  What the school told
(its names, city, director, electronic journal, school year) goes in; whatever else would
identify a school (the other people, the order's number) becomes a placeholder
``[заполните: …]`` that ``check`` reports as an error, so a starter is never printed by
mistake.  ``--example`` makes the folder with the bundled order № 188 instead.  Edits go
through ruamel.yaml round-trip: comments stay.

The templates and JSON schemas are not copied: ``render`` uses the shipped templates, so an
upgrade of the tool takes effect.  The data files, which the school commits, name no path of
this machine; the editor finds the shipped schemas through its machine-local settings
(``.vscode/settings.json``, ignored by git), which ``init`` writes and ``rollout schema
--editor`` writes again after a clone or an upgrade into another environment.  With
``own_templates`` the templates are copied into ``templates/`` with a record of what they
were made from (``templates/origin.json``), so that ``check`` can say when the shipped ones change.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from elzhur_rollout.checks.placeholders import placeholder
from elzhur_rollout.checks.rules import run_checks
from elzhur_rollout.checks.templates import ORIGIN_FILE, template_origin
from elzhur_rollout.core.values import YearMonth
from elzhur_rollout.edit.progress import dump, round_trip_yaml
from elzhur_rollout.errors import FileError, InitError
from elzhur_rollout.source.files import LOCK_NAME, OUTPUT_FOLDER, TEMP_PATTERN, os_error_ru, write_atomically
from elzhur_rollout.source.git import ATTRIBUTES_LINE
from elzhur_rollout.source.loading import FILES, load_bundle
from elzhur_rollout.source.resources import shared
from elzhur_rollout.source.yaml_reader import decode

EDITOR_SETTINGS = ".vscode/settings.json"
SCHEMAS_KEY = "yaml.schemas"  # the setting of VS Code's YAML extension (Red Hat): schema → file globs

GITIGNORE = f"""\
# Готовые документы ({OUTPUT_FOLDER}/) хранятся в git: git diff показывает, что в них изменилось.
{LOCK_NAME}
{TEMP_PATTERN}
# пути к схемам на этом компьютере (rollout schema --editor)
{EDITOR_SETTINGS}
.venv/
venv/
__pycache__/
"""

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

Документы внедрения в виде файлов YAML (папка `data/`). {templates}

    rollout check            # проверить документы, сроки и полноту
    rollout status           # ход работ: что сделано, что просрочено, кто что должен
    rollout done 1           # отметить мероприятие 1 выполненным сегодня
    rollout render all       # приказ, приложения и лист ознакомления в {output}/

Значения `[заполните: …]` — заглушки образца: `rollout check` показывает каждую, и пока они
есть, документы не печатаются.

Перед первым коммитом: `git init`, `rollout git-setup` (читаемые diff для .docx) и
`pre-commit install` (проверка при каждом коммите).

На другом компьютере после `git clone`, а также после переустановки rollout: `rollout schema --editor`
(подсказки ключей в VS Code; путь к схемам у каждого компьютера свой, поэтому его нет в git).
"""
SHIPPED_TEMPLATES = "Шаблоны печатных форм — из поставки rollout: они обновляются вместе с ней."
OWN_TEMPLATES = "Свои шаблоны печатных форм — в папке `templates/`."

_MODELINE = re.compile(r"^# yaml-language-server: \$schema=.*\n", re.MULTILINE)
EDITOR_NOTE = f"# Подсказки ключей в VS Code: rollout schema --editor (записывает {EDITOR_SETTINGS})"
# whose name each starter person's placeholders ask for (genitive), by the starter's keys
_WHOSE = {"director": "директора", "deputy": "заместителя директора", "engineer": "инженера-электроника"}
_LEGAL_FORM_ENDS = ("учреждение", "организация")


@dataclass(frozen=True)
class School:
    """What a school tells ``init`` about itself; ``None`` leaves a placeholder."""

    full_name: str | None = None  # «Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»»
    short_name: str | None = None  # «МБОУ «Лицей № 3»»
    city: str | None = None  # «г. Кировск» (a bare «Кировск» is printed as «г. Кировск»)
    director: str | None = None  # «Лойко Елена Сергеевна» or «Лойко Е.С.»
    platform: str | None = None  # «Сетевой город. Образование»
    year: str | None = None  # the school year: «2025/2026»


@dataclass(frozen=True)
class Made:
    """What ``init`` made: the files written and how many placeholders are left to fill."""

    files: list[Path]
    placeholders: int


def parse_director(text: str) -> dict[str, str]:
    """«Лойко Елена Сергеевна» or «Лойко Е.С.» as the fields of a person."""
    words = text.split()
    if len(words) == 2 and re.fullmatch(r"([А-ЯЁ]\.){1,2}", words[1]):
        return {"surname": words[0], "initials": words[1]}
    if len(words) in (2, 3) and all(re.fullmatch(r"[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?", w) for w in words):
        return dict(zip(("surname", "first_name", "patronymic"), words, strict=False))
    raise InitError(f"«{text}» — не фамилия, имя и отчество; напишите, например, «Лойко Елена Сергеевна» или «Лойко Е.С.»")


def parse_year(text: str) -> int:
    """The first calendar year of a school year written «2025/2026», «2025-2026», «2025/26» or «2025»."""
    m = re.fullmatch(r"\s*(\d{4})(?:\s*[/–-]\s*(\d{2}|\d{4}))?\s*", text)
    if m:
        first = int(m.group(1))
        second = m.group(2)
        if (second is None or int(second) in (first + 1, (first + 1) % 100)) and 1900 <= first <= 9000:
            return first
    raise InitError(f"«{text}» — не учебный год; напишите, например, 2025/2026")


def place_of(city: str) -> str:
    """How the city stands in the order's header: «Кировск» → «г. Кировск»; «с. Покровка» as written."""
    city = city.strip()
    return f"г. {city}" if city[:1].isupper() else city


def legal_form_of(full_name: str) -> str | None:
    """«Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3»» → its legal form."""
    head = full_name.split("«")[0].strip()
    return head[:1].lower() + head[1:] if head.lower().endswith(_LEGAL_FORM_ENDS) else None


def school_year_of(today: dt.date) -> int:
    """The school year a starter made on ``today`` plans for: from June on, the coming one."""
    return today.year if today.month >= 6 else today.year - 1


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


def _fill(docs: dict[str, Any], school: School, today: dt.date) -> None:
    """Put what the school told into the starter documents; placeholders where it told nothing."""
    order, plan, regulation = docs["order"], docs["plan"], docs["regulation"]
    org = order["organization"]
    org["full_name"] = school.full_name or placeholder("полное наименование школы, как в уставе")
    org["short_name"] = school.short_name or placeholder("краткое наименование школы, как в уставе")
    org["legal_form"] = (school.full_name and legal_form_of(school.full_name)) or placeholder(
        "организационно-правовая форма, например «муниципальное бюджетное общеобразовательное учреждение»"
    )
    order["document"]["date"] = today
    order["document"]["number"] = placeholder("номер приказа")
    order["document"]["place"] = place_of(school.city) if school.city else placeholder("город или село, например «г. Кировск»")
    for key, person in order["people"].items():
        whose = _WHOSE.get(key, f"сотрудника «{key}»")
        if key == "director" and school.director:
            for name in ("surname", "first_name", "patronymic", "initials"):
                person.pop(name, None)
            fields = parse_director(school.director)
            for at, (name, value) in enumerate(fields.items()):
                person.insert(at, name, value)
            continue
        person["surname"] = placeholder(f"фамилия {whose}")
        person["first_name"] = placeholder(f"имя {whose}")
        person["patronymic"] = placeholder(f"отчество {whose}")
    if school.platform:
        order["platform"] = {"name": school.platform}
    first = parse_year(school.year) if school.year else school_year_of(today)
    try:
        order["items"][2]["deadline"]["until"] = _month(today, 1).end
        for i, measure in enumerate(plan["measures"]):
            deadline = measure["deadline"]
            if "month" in deadline:
                deadline["month"] = str(_month(today, 1 + i))
            else:
                deadline["from"], deadline["to"] = str(_month(today, 1)), str(_month(today, 2 + i))
        regulation["period"]["until"] = max(dt.date(first + 1, 8, 31), _month(today, 12).end)
    except (ValueError, OverflowError):
        raise InitError(
            f"дата {today.isoformat()} слишком близко к концу календаря: план и регламент на год вперёд "
            "вышли бы за 9999 год; укажите настоящую дату (--today или без него)"
        ) from None


def _without_modeline(text: str) -> str:
    """The data file with the starter's modeline replaced by a line that says where the editor
    finds the schemas: its own settings, not a path committed into the data (the lines keep
    their numbers)."""
    return _MODELINE.sub(EDITOR_NOTE + "\n", text, count=1)


def _shipped_schemas() -> dict[str, list[str]]:
    """``yaml.schemas``: the file URI of each shipped schema → the data file it describes."""
    return {(shared("schema") / f"{kind}.schema.json").as_uri(): [f"data/{name}"] for kind, name in FILES.items()}


def _globs(value: Any) -> set[str]:
    """The file globs of a ``yaml.schemas`` entry: one string or a list of them."""
    return {value} if isinstance(value, str) else {g for g in value if isinstance(g, str)} if isinstance(value, list) else set()


def editor_settings(folder: Path) -> bytes:
    """``.vscode/settings.json`` of the school ``folder`` pointing VS Code's YAML extension at the
    shipped schemas: the file as it is with ``yaml.schemas`` merged in (its other settings and
    other schemas stay; an older mapping of the data files, from another installation, goes)."""
    path = folder / EDITOR_SETTINGS
    settings: Any = {}
    if path.exists():
        by_hand = f"файл не изменён — добавьте в него «{SCHEMAS_KEY}» вручную или удалите его и повторите"
        try:
            settings = json.loads(path.read_bytes().decode("utf-8-sig"))
        except json.JSONDecodeError as err:  # VS Code also reads comments and trailing commas, JSON does not
            raise FileError(
                f"{path}:{err.lineno}:{err.colno}: не удалось прочитать настройки как JSON "
                f"(здесь комментарий, лишняя запятая или ошибка записи); {by_hand}"
            ) from None
        except ValueError:  # not UTF-8
            raise FileError(f"{path}: не удалось прочитать настройки: файл не в кодировке UTF-8; {by_hand}") from None
        except OSError as err:
            raise FileError(os_error_ru(err, path, "чтение")) from None
        if not isinstance(settings, dict) or not isinstance(settings.get(SCHEMAS_KEY, {}), dict):
            raise FileError(f"{path}: настройки должны быть JSON-объектом {{…}}, и «{SCHEMAS_KEY}» в них — тоже; {by_hand}")
    ours = _shipped_schemas()
    targets = {glob for globs in ours.values() for glob in globs}
    kept = {uri: globs for uri, globs in settings.get(SCHEMAS_KEY, {}).items() if not _globs(globs) & targets}
    settings[SCHEMAS_KEY] = kept | ours
    return (json.dumps(settings, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_editor_settings(folder: Path) -> Path:
    """Write ``.vscode/settings.json`` of the school ``folder`` (see ``editor_settings``)."""
    if not (folder / "data" / FILES["order"]).is_file():
        where = "в текущей папке" if folder == Path(".") else f"в папке {folder}"
        inside = " (вы в самой папке data: перейдите на уровень выше, cd ..)" if (folder / FILES["order"]).is_file() else ""
        raise FileError(f"{where} нет data/{FILES['order']}{inside}: перейдите в папку школы (где лежит папка data) и повторите")
    path = folder / EDITOR_SETTINGS
    content = editor_settings(folder)
    try:
        path.parent.mkdir(exist_ok=True)
    except OSError as err:
        raise FileError(os_error_ru(err, path.parent, "создание")) from None
    write_atomically({path: content}, within=folder)
    return path


def init(folder: Path, school: School, today: dt.date, example: bool = False, own_templates: bool = False) -> Made:
    """Make a new school's folder (``folder`` new or empty); raise InitError when it cannot be made."""
    _refuse_unusable(folder)
    yaml = round_trip_yaml()
    if example:
        source = shared("example")
        texts = {kind: decode((source / name).read_bytes()) for kind, name in FILES.items()}
        title = "МБОУ «Гимназия № 5» (пример: приказ № 188 от 30.05.2020)"
    else:
        starter = shared("starter")
        docs = {kind: yaml.load(decode((starter / name).read_bytes())) for kind, name in FILES.items()}
        _fill(docs, school, today)
        texts = {kind: dump(yaml, docs[kind]) for kind in FILES}
        title = school.short_name or "Школа"
    files = {folder / "data" / name: _without_modeline(texts[kind]).encode("utf-8") for kind, name in FILES.items()}
    files[folder / ".gitattributes"] = (ATTRIBUTES_LINE + "\n").encode()
    files[folder / ".gitignore"] = GITIGNORE.encode("utf-8")
    files[folder / ".pre-commit-config.yaml"] = PRE_COMMIT.encode("utf-8")
    files[folder / EDITOR_SETTINGS] = editor_settings(folder)  # machine-local, ignored by git
    readme = README.format(school=title, templates=OWN_TEMPLATES if own_templates else SHIPPED_TEMPLATES, output=OUTPUT_FOLDER)
    files[folder / "README.md"] = readme.encode("utf-8")
    if own_templates:
        for path in sorted(shared("templates").glob("*.docx")):
            files[folder / "templates" / path.name] = path.read_bytes()
        files[folder / "templates" / ORIGIN_FILE] = (json.dumps(template_origin(), ensure_ascii=False, indent=2) + "\n").encode()
    existed = folder.exists()
    try:
        for path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(files, within=folder)
        bundle = load_bundle(folder / "data")
        findings = run_checks(bundle, bundle.order.document.date, progress=False)
    except BaseException as err:
        _undo(folder, existed)
        if isinstance(err, FileError):
            raise InitError(err.message) from None
        if isinstance(err, OSError):
            raise InitError(_creation_refused(err, folder)) from None
        raise
    left = [f for f in findings if f.code == "placeholder"]
    wrong = [f for f in findings if f.code != "placeholder"]
    if wrong:  # the starter must be right but for its placeholders; anything else is our bug
        _undo(folder, existed)
        raise InitError("образец не прошёл проверку: " + "; ".join(f.message for f in wrong))
    return Made(sorted(files), len(left))


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
