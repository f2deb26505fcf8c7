"""Reading rendered .docx files back: paragraphs and table cells in document order."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def blocks(path: Path) -> list[object]:
    """Each body paragraph as its text; each table as a list of rows of cell texts."""
    doc = Document(str(path))
    out: list[object] = []
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(el, doc).text)
        elif tag == "tbl":
            out.append([[c.text for c in row.cells] for row in Table(el, doc).rows])
    return out
