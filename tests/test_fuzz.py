"""The short form of bench/fuzz.py: damaged data folders through every command that reads or
writes them (each command at least twice); none may crash.  The long form (20,000 runs) is
run by hand and its figures are in the README («Надёжность»)."""

from __future__ import annotations

import sys

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from fuzz import COMMANDS, fuzz


def test_short_fuzz_of_every_command_crashes_nothing() -> None:
    result = fuzz(inputs=len(COMMANDS), seed=19, per_input=2, quiet=True)
    assert result["runs"] == 2 * len(COMMANDS)
    assert {name for name, _code in result["codes"]} == {name for name, _make in COMMANDS}
    assert result["crashes"] == []
