"""Rewrite the generated parts of the documentation in place (the table of finding codes in docs/codes.md).

    python tools/update_docs.py          # rewrite docs/codes.md
    python tools/update_docs.py --check  # exit 1 if docs/codes.md is stale

The table stands between two HTML comments, see ``tools/codes_table.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codes_table import with_codes_table

CODES_MD = Path(__file__).resolve().parent.parent / "docs" / "codes.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether docs/codes.md is up to date")
    args = parser.parse_args()
    text = CODES_MD.read_text(encoding="utf-8")
    new = with_codes_table(text)
    if new == text:
        print("docs/codes.md is up to date.")
        return 0
    if args.check:
        print("docs/codes.md is stale: run python tools/update_docs.py", file=sys.stderr)
        return 1
    CODES_MD.write_text(new, encoding="utf-8", newline="\n")
    print("docs/codes.md: the table of finding codes rewritten.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
