"""Reading a .docx back as text: for `rollout textconv` (git diff) and for the tests.

Both read the body in document order: paragraphs, and tables row by row.  ``blocks`` keeps
the structure (a table is a list of rows of cell texts); ``docx_lines`` flattens it into
one line per paragraph or table row for `git diff`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from elzhur_rollout.errors import RenderError


class DocxReadError(RenderError):
    """The file is not a readable .docx; the message is Russian."""


def _open(path: Path) -> Any:

    from docx import Document  # lazy: python-docx costs 110 ms; only when a .docx is read

    try:
        if not path.exists():
            raise DocxReadError(f"файл {path} не найден")
        if path.is_dir():
            raise DocxReadError(f"{path} — папка, а не файл .docx")
        if path.stat().st_size == 0:
            raise DocxReadError(f"{path} пуст: это не файл .docx")
        if not zipfile.is_zipfile(path):
            raise DocxReadError(f"{path} не читается как .docx: это не документ Word (не zip-архив)")
        return Document(str(path))
    except PermissionError:
        raise DocxReadError(f"{path}: нет прав на чтение") from None
    except DocxReadError:
        raise
    except Exception:  # python-docx raises several kinds for an archive that is not a Word document
        raise DocxReadError(f"{path} не читается как .docx: в архиве нет документа Word или он повреждён") from None


def blocks(path: Path) -> list[Any]:
    """Each body paragraph as its text; each table as a list of rows of cell texts."""
    from docx.table import Table  # lazy: python-docx costs 110 ms; only when a .docx is read
    from docx.text.paragraph import Paragraph  # lazy: python-docx costs 110 ms; only when a .docx is read

    doc = _open(path)
    out: list[Any] = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(el, doc).text)
        elif tag == "tbl":
            out.append([_once(list(row.cells)) for row in Table(el, doc).rows])
    return out


def _once(cells: list[Any]) -> list[str]:
    """The texts of a row's cells, a cell merged across several columns once."""
    out: list[str] = []
    seen: list[Any] = []
    for cell in cells:
        if any(cell._tc is tc for tc in seen):
            continue
        seen.append(cell._tc)
        out.append(cell.text)
    return out


def docx_lines(path: Path) -> list[str]:
    """The text of a .docx for `git diff`: paragraphs, and table rows with cells joined by « | »,
    one per line, in document order; line breaks inside a paragraph or cell become « / »."""
    lines: list[str] = []
    for block in blocks(path):
        if isinstance(block, str):
            lines.append(block.replace("\n", " / "))
        else:
            lines += [" | ".join(cell.replace("\n", " / ") for cell in row) for row in block]
    return lines
