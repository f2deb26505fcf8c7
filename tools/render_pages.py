"""Render every document to PNG pages, to look at them as they will be printed.

    python tools/render_pages.py [--data data] [--out build/pages] [--dpi 80] [--grey]

Runs `rollout render all --pdf` into a temporary folder (LibreOffice makes the PDF) and turns
each page of each PDF into ``<out>/<document>-<page>.png`` with pdftoppm (Debian/Ubuntu:
poppler-utils).  The combined set is left out: its pages are the documents' pages.
``--grey`` reduces each page to 16 shades of grey (needs Pillow), a quarter of the size: the
picture of the order in the README was made with ``--dpi 80 --grey``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data"), help="папка с order.yaml, plan.yaml, regulation.yaml")
    parser.add_argument("--out", type=Path, default=Path("build/pages"), help="куда положить PNG")
    parser.add_argument("--templates", type=Path, default=None, help="папка шаблонов (по умолчанию как у rollout render)")
    parser.add_argument("--dpi", type=int, default=80, help="разрешение, точек на дюйм (80 — страница 662×935)")
    parser.add_argument("--with-set", action="store_true", help="также страницы общего файла komplekt.pdf")
    parser.add_argument("--grey", action="store_true", help="16 оттенков серого: файлы вчетверо меньше (нужен Pillow)")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("Нужна программа pdftoppm: в Debian/Ubuntu — sudo apt-get install poppler-utils.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-m", "elzhur_rollout", "render", "all", "--pdf", "--data", str(args.data), "--out", tmp]
        if args.templates is not None:
            command += ["--templates", str(args.templates)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(result.stderr or result.stdout, end="", file=sys.stderr)
            return result.returncode
        args.out.mkdir(parents=True, exist_ok=True)
        for old in args.out.glob("*.png"):
            old.unlink()
        for pdf in sorted(Path(tmp).glob("*.pdf")):
            if pdf.name == "komplekt.pdf" and not args.with_set:
                continue
            subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(args.out / pdf.stem)], check=True)
    pages = sorted(args.out.glob("*.png"))
    if args.grey:
        try:
            from PIL import Image
        except ImportError:
            print("Для --grey нужен Pillow: pip install pillow.", file=sys.stderr)
            return 2
        for page in pages:
            Image.open(page).convert("L").quantize(16).save(page, optimize=True)
    for page in pages:
        print(f"Записано: {page}")
    print(f"Страниц: {len(pages)}. Откройте их в любом просмотрщике изображений.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
