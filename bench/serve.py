"""Benchmark: `rollout serve` on the bundled data, as the meeting uses it.

    python bench/serve.py             # 30 pages and 30 recorded changes
    python bench/serve.py --runs 50

The server runs as a user starts it (a separate process on a free 127.0.0.1 port) on a copy of
data/ in a fresh git repository.  Measured from the client, over HTTP:

* the page: GET / (read the three files, check, status, the dashboard with its forms);
  target < 300 ms;
* a recorded change: POST of the «Мероприятие выполнено» form (parse, the conflict check,
  ``api.done``: lock, validation, atomic write; ``git add`` and ``git commit``), then GET of
  the page it redirects to; target < 500 ms.  Measure 3 is marked done and returned to the
  plan in turn, so every post is a real change and a real commit.

Only 127.0.0.1 is contacted; the number of requests is bounded by --runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30.0


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


def hidden(session: requests.Session, url: str, action: str) -> dict[str, str]:
    html = session.get(url + "/", timeout=TIMEOUT).text
    form = html[html.index(f'id="form-{action}"') :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    with tempfile.TemporaryDirectory() as tmp:
        school = Path(tmp) / "school"
        shutil.copytree(ROOT / "data", school / "data")
        git(school, "init", "--quiet")
        git(school, "config", "user.name", "Замер")
        git(school, "config", "user.email", "bench@example.org")
        git(school, "add", "data")
        git(school, "commit", "--quiet", "-m", "Документы внедрения")
        command = [sys.executable, "-m", "elzhur_rollout", "serve", "--port", "0", "--today", "2020-07-01"]
        server = subprocess.Popen(command, cwd=school, env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            url = re.search(r"http://127\.0\.0\.1:\d+", server.stdout.readline())
            if url is None:
                raise SystemExit("rollout serve did not start")
            base = url[0]
            session = requests.Session()
            session.get(base + "/", timeout=TIMEOUT)  # warm-up: templates compiled, modules imported
            pages = []
            for _ in range(args.runs):
                start = time.perf_counter()
                response = session.get(base + "/", timeout=TIMEOUT)
                pages.append(time.perf_counter() - start)
                assert response.status_code == 200
            changes = []
            for n in range(args.runs):
                action, fields = ("done", {"measure": "3", "date": "25.06.2020"}) if n % 2 == 0 else ("reopen", {"measure": "3"})
                data = {**hidden(session, base, action), **fields}
                start = time.perf_counter()
                posted = session.post(f"{base}/record/{action}", data=data, allow_redirects=False, timeout=TIMEOUT)
                page = session.get(base + posted.headers["Location"].split("#")[0], timeout=TIMEOUT)
                changes.append(time.perf_counter() - start)
                assert posted.status_code == 303 and "answer-ok" in page.text, page.text[-2000:]
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(TIMEOUT)
        commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=school, capture_output=True, text=True).stdout
    for name, times, target in (("page (GET /)", pages, 0.300), ("recorded change (POST, commit, new page)", changes, 0.500)):
        median, worst = statistics.median(times), max(times)
        verdict = "ok" if median < target else "SLOW"
        print(f"{name:45} median {median * 1000:6.0f} ms  max {worst * 1000:6.0f} ms  target < {target * 1000:.0f} ms  {verdict}")
    print(f"commits made: {int(commits) - 1}")


if __name__ == "__main__":
    main()
