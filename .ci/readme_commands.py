#!/usr/bin/env python3
"""Print the commands of the README's first ```sh block, one a line, exactly as written.

.ci/run runs them in a fresh clone instead of a recipe of its own, so CI tries what a new
user types.  Only the standard library: it runs before any environment exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    lines = README.read_text(encoding="utf-8").splitlines()
    try:
        start = lines.index("```sh") + 1
        end = lines.index("```", start)
    except ValueError:
        print("README.md has no ```sh block", file=sys.stderr)
        return 1
    print("\n".join(lines[start:end]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
