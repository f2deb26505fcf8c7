"""Rewrite the generated parts of README.md in place (the table of finding codes).

    python tools/update_readme.py          # rewrite README.md
    python tools/update_readme.py --check  # exit 1 if README.md is stale

The table stands between two HTML comments, see ``elzhur_rollout.docs``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from elzhur_rollout.docs import with_codes_table

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether README.md is up to date")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    new = with_codes_table(text)
    if new == text:
        print("README.md is up to date.")
        return 0
    if args.check:
        print("README.md is stale: run python tools/update_readme.py", file=sys.stderr)
        return 1
    README.write_text(new, encoding="utf-8", newline="\n")
    print("README.md: the table of finding codes rewritten.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
