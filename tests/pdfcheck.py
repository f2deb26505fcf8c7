"""LibreOffice in the tests: skipped locally when it is missing, a failure in CI."""

from __future__ import annotations

import os
import shutil

import pytest


def require_libreoffice() -> None:
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("CI"):
        pytest.fail("CI: LibreOffice (soffice) is not installed, but the print check must run here (.ci/run installs it)")
    pytest.skip("LibreOffice (soffice) is not installed: the print check reads the PDF it makes")
