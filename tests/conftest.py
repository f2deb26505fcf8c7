from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import DATA


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the bundled data; the working directory is its parent,
    so findings name files as ``data/plan.yaml``."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    monkeypatch.chdir(tmp_path)
    return target
