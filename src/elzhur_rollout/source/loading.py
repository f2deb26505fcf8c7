"""Reading the data folder: YAML with positions (``yaml_reader``), then validation by the
models, with pydantic's errors in Russian (``schema_messages``).

Every problem becomes a :class:`Finding`; all three files are read even when the first is
broken, so that one run reports everything.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from elzhur_rollout.core.bundle import Bundle, Source
from elzhur_rollout.core.domain import resolve_periods
from elzhur_rollout.core.models import DOCUMENTS, FORMAT_VERSION
from elzhur_rollout.errors import LoadFailed
from elzhur_rollout.findings import Finding, finding, sort_findings
from elzhur_rollout.source.files import os_error_ru
from elzhur_rollout.source.schema_messages import schema_findings
from elzhur_rollout.source.yaml_reader import YamlProblem, decode, parse_yaml

FILES = {"order": "order.yaml", "plan": "plan.yaml", "regulation": "regulation.yaml"}


# --------------------------------------------------------------------------- files and folders


def read_document(
    path: Path, kind: str, display: str | None = None, data: bytes | None = None
) -> tuple[Any, Source, list[Finding]]:
    """Parse and validate one file (or ``data``, the file's would-be content).
    Returns (model or None, source, findings)."""
    from elzhur_rollout.errors import FileError  # lazy: only this command needs it; keeps the start-up of the others light
    from elzhur_rollout.source.files import (
        read_regular,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    source = Source(path, display or str(path))
    try:
        if data is None:
            data = read_regular(path)
    except FileError as err:  # a named pipe, a device, a file over the size limit
        return None, source, [finding(source.display, 1, 1, "unreadable", err.message)]
    except FileNotFoundError:
        return (
            None,
            source,
            [
                finding(
                    source.display,
                    1,
                    1,
                    "missing-file",
                    f"файл не найден; создайте {FILES[kind]} (образец — в папке data/ проекта)",
                )
            ],
        )
    except IsADirectoryError:
        return None, source, [finding(source.display, 1, 1, "missing-file", "это папка, а не файл")]
    except PermissionError:
        return (
            None,
            source,
            [
                finding(
                    source.display,
                    1,
                    1,
                    "unreadable",
                    "нет прав на чтение файла; откройте доступ к нему (свойства файла → безопасность, "
                    "или chmod u+r) либо скопируйте папку к себе",
                )
            ],
        )
    except OSError as err:
        return (
            None,
            source,
            [finding(source.display, 1, 1, "unreadable", "файл не читается: " + os_error_ru(err, None, "чтение"))],
        )
    try:
        text = decode(data)
        root, source.keys, source.values = parse_yaml(text)
    except YamlProblem as p:
        return None, source, [finding(source.display, p.line, p.column, p.code, p.message)]
    if root is None:
        return (
            None,
            source,
            [finding(source.display, 1, 1, "empty-file", f"файл пуст; заполните его по образцу data/{FILES[kind]}")],
        )
    if not isinstance(root, dict):
        return (
            None,
            source,
            [
                source.finding(
                    (), "schema", f"файл должен начинаться со словаря ключей (schema_version: {FORMAT_VERSION} и т. д.)"
                )
            ],
        )
    model = DOCUMENTS[kind]
    old = _version_finding(root, source)
    if old is not None:  # the rest is validated as version 2 would be: one run reports everything
        root = {**root, "schema_version": FORMAT_VERSION}
    try:
        document = model.model_validate(root)
    except ValidationError as exc:
        return None, source, ([old] if old else []) + schema_findings(exc, model, source)
    return (document, source, []) if old is None else (None, source, [old])


def _version_finding(root: dict[Any, Any], source: Source) -> Finding | None:
    """A version-1 file: a located message that says to run ``rollout migrate`` (the format
    grew additively, so the rest of the file is read as version 2).  A version the program
    does not know yet (3) says so; other values are left to the schema's messages."""
    version = root.get("schema_version")
    where = ("schema_version",)
    spelled = getattr(version, "text", None)  # 0x1, +1, 01: an integer not written in decimal
    if spelled is None and isinstance(version, str) and version.strip().isdigit():
        spelled = version  # «!!int 1», «"2"»: text
    if spelled is None and type(version) is float and version.is_integer():
        spelled = str(version)
    if spelled is not None:
        return source.finding(
            where,
            "schema",
            f"номер версии формата пишется так: schema_version: {FORMAT_VERSION} — цифрой, без кавычек, знака, "
            f"ведущих нулей и тегов; получено: «{spelled}»",
        )
    if type(version) is not int or version == FORMAT_VERSION:
        return None
    if version == 1:
        folder = shlex.quote(shown_path(source.path.parent))
        return source.finding(
            where,
            "schema-old-version",
            f"файл в формате версии 1, а нужна версия {FORMAT_VERSION}; переведите данные командой "
            f"rollout migrate --data {folder} (меняется только эта строка, комментарии сохраняются)",
        )
    if version > FORMAT_VERSION:
        return source.finding(
            where,
            "schema",
            f"версия формата {version} новее, чем понимает эта программа (версия {FORMAT_VERSION}); обновите rollout",
        )
    return source.finding(where, "schema", f"неизвестная версия формата «{version}»; текущая — {FORMAT_VERSION}")


def load_bundle(folder: Path, replace: dict[str, bytes] | None = None) -> Bundle:
    """Read and validate all three files; raise LoadFailed with every problem found.
    ``replace`` gives the content of some files instead of what is on disk (an edit
    is validated before it is written)."""
    folder = Path(folder)
    if not folder.is_dir():
        shown = shown_path(folder)
        why = "не найдена" if not folder.exists() else "это не папка"
        raise LoadFailed(findings=[finding(shown, 1, 1, "missing-folder", f"папка с данными {why}; {_where_is_data(folder)}")])
    try:
        (folder / FILES["order"]).exists()
        next(iter(folder.iterdir()), None)
    except PermissionError:
        raise LoadFailed(
            findings=[
                finding(
                    shown_path(folder),
                    1,
                    1,
                    "unreadable",
                    "нет прав на чтение папки с данными; откройте доступ к ней (chmod u+rx или свойства папки → безопасность)",
                )
            ]
        ) from None
    docs: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    findings: list[Finding] = []
    for kind, name in FILES.items():
        doc, source, problems = read_document(
            folder / name, kind, display=shown_path(folder / name), data=(replace or {}).get(kind)
        )
        docs[kind], sources[kind] = doc, source
        findings += problems
    if findings:
        raise LoadFailed(findings=sort_findings(findings))
    bundle = Bundle(folder, docs["order"], docs["plan"], docs["regulation"], sources)
    resolve_periods(bundle)
    return bundle


def _where_is_data(folder: Path) -> str:
    """What to do when the data folder is not where it was looked for: the user is inside it
    (`cd data && rollout check`) or below the school's folder; else name the option."""
    here = Path.cwd()
    if not folder.is_absolute() and len(folder.parts) == 1:
        if (here / FILES["order"]).is_file():
            return "похоже, вы внутри неё: перейдите в папку школы (cd ..) и повторите"
        for up, parent in enumerate(here.parents, 1):
            if (parent / folder / FILES["order"]).is_file():
                return f"она выше: перейдите в папку школы (cd {'/'.join(['..'] * up)}) и повторите"
            if (parent / ".git").exists():
                break
    return "укажите её параметром --data"


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
