"""Compile the Russian catalog of Typer's strings: rollout.po → rollout.mo (beside it).

    python tools/compile_catalog.py

tests/test_help.py fails when the committed .mo differs from what this writes.
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parent.parent / "src" / "elzhur_rollout" / "cli" / "locale" / "ru" / "LC_MESSAGES"


def compiled(po: Path) -> bytes:
    with po.open("rb") as f:
        catalog = read_po(f, locale="ru")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> None:
    po = CATALOG / "rollout.po"
    po.with_suffix(".mo").write_bytes(compiled(po))
    print(f"Записано: {po.with_suffix('.mo')}")


if __name__ == "__main__":
    main()
