"""Make docs/dashboard.png, the picture in the README: examples/lyceum-3 on 30.09.2024 in
headless Chromium at 1280 px (a projector), the top of the page.

    python tools/dashboard_screenshot.py            # needs playwright and /usr/bin/chromium
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from elzhur_rollout import api  # noqa: E402  (after the path of the checkout is put first)


def main() -> None:
    from playwright.sync_api import sync_playwright

    html, _ = api.dashboard(dt.date(2024, 9, 30), data=ROOT / "examples" / "lyceum-3")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "dashboard.html"
        page_file.write_text(html, encoding="utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1180})
        page.goto(page_file.as_uri())
        page.screenshot(path=str(ROOT / "docs" / "dashboard.png"))
        browser.close()


if __name__ == "__main__":
    main()
