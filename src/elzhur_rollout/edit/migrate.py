"""The data format's versions: version-1 files rewritten into version 2 (``rollout migrate``).

Version 2 is version 1 grown additively (the platform, header variants, stamps of
every kind, roles among the responsible, collective roles, an optional working group,
appendices of any kind with sections, ``{key:case:form}`` references, complete deadlines and
recurrence, school periods, working days).  Every version-1 file is valid version 2 but for
its number, and no version-1 spelling has a different version-2 form (``signatory`` as a key
or as a mapping, ``clauses`` or ``sections``, and the rest are both current), so the
migration is the version bump: the one line ``schema_version: 1`` becomes
``schema_version: 2``, byte for byte everything else as it was (comments, blank lines,
quoting, line endings, a BOM).

The same rewrite, in memory, lets ``rollout diff`` read version-1 revisions from git.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from elzhur_rollout.core.models import FORMAT_VERSION
from elzhur_rollout.edit.progress import dump, load_round_trip, round_trip_yaml
from elzhur_rollout.errors import EditError, FileError, LoadFailed
from elzhur_rollout.source.files import data_lock, read_regular, remove_stale_temporaries, write_atomically
from elzhur_rollout.source.loading import FILES, load_bundle
from elzhur_rollout.source.yaml_reader import YamlProblem, decode, parse_yaml

OLD_VERSION = 1
UNCHANGED = "Данные не изменены: сначала исправьте ошибки в файлах."
_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")  # the line breaks of the YAML reader


def _is_old(root: Any) -> bool:
    return isinstance(root, dict) and type(root.get("schema_version")) is int and root["schema_version"] == OLD_VERSION


def migrated(raw: bytes) -> bytes | None:
    """The version-2 content of a version-1 file, or None when ``raw`` is not a readable
    version-1 file (already version 2, broken: the loader says what is wrong).

    The value ``1`` is replaced where the YAML reader found it, so the diff is that one line;
    should the text not be where expected (it always is), the file is rewritten by ruamel's
    round trip instead, which keeps comments and key order."""
    try:
        text = decode(raw)
        root, _keys, values = parse_yaml(text)
    except YamlProblem:
        return None
    if not _is_old(root):
        return None
    bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
    line, column = values[("schema_version",)]
    pieces = _BREAK.split(text)
    breaks = _BREAK.findall(text) + [""]
    if 0 < line <= len(pieces):
        row = pieces[line - 1]
        # an exact integer 1 is spelled «1» (0x1, +1, 01 are refused by the models)
        if row[column - 1 : column] == "1" and not row[column : column + 1].isdigit():
            pieces[line - 1] = row[: column - 1] + str(FORMAT_VERSION) + row[column:]
            new = "".join(p + b for p, b in zip(pieces, breaks, strict=True))
            if _version_only(new, root):
                return bom + new.encode("utf-8")
    return bom + _round_trip(raw)  # pragma: no cover - a safety net: the reader's position is exact


def _version_only(text: str, root: dict[Any, Any]) -> bool:
    try:
        new_root = parse_yaml(text)[0]
    except YamlProblem:  # pragma: no cover
        return False
    return bool(new_root == {**root, "schema_version": FORMAT_VERSION})


def _round_trip(raw: bytes) -> bytes:  # pragma: no cover - see migrated()

    yaml = round_trip_yaml()
    doc = load_round_trip(yaml, raw, Path("<migrate>"))
    doc["schema_version"] = FORMAT_VERSION
    return dump(yaml, doc).encode("utf-8")


def migrate_folder(folder: Path) -> list[Path]:
    """Rewrite the version-1 files of a data folder into version 2; returns the files changed
    (none: everything is version 2 already).  Under the folder's lock, validated as a whole
    with the new content before anything is written, written atomically: a refused migration
    leaves every file as it was."""
    folder = Path(folder)
    if not folder.is_dir():
        load_bundle(folder)  # raises the located «папка не найдена»
    changed = _migrated_files(folder)
    if not changed:
        load_bundle(folder)  # nothing to migrate: a broken file still says what is wrong
        return []
    try:
        kinds = {kind: folder / name for kind, name in FILES.items()}
        with data_lock(folder, kinds.values()):
            remove_stale_temporaries(folder, list(FILES.values()), older_than=0)
            changed = _migrated_files(folder)  # again, under the lock
            load_bundle(folder, replace={kind: changed[path] for kind, path in kinds.items() if path in changed})
            if changed:
                write_atomically(changed, stale_after=0, within=folder)
    except LoadFailed as failed:
        raise LoadFailed(findings=failed.findings, closing=UNCHANGED) from None
    except FileError as err:
        raise EditError(err.message) from None
    return list(changed)


def _migrated_files(folder: Path) -> dict[Path, bytes]:
    out: dict[Path, bytes] = {}
    for name in FILES.values():
        path = folder / name
        try:
            raw = read_regular(path)
        except (OSError, FileError):
            continue  # the loader reports a missing or unreadable file
        new = migrated(raw)
        if new is not None:
            out[path] = new
    return out
