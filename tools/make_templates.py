"""Build the .docx templates under templates/ (run once; the school may then restyle them in Word).

    python tools/make_templates.py [--out templates]

The layout follows ГОСТ Р 7.0.97-2025: A4; margins 30 mm left, 15 mm right, 20 mm top and
bottom; Times New Roman 14 pt; body text justified with a 1.25 cm first-line indent; page
numbers centred at the top from the second page.  The tags are docxtpl's (Jinja2): the
contexts they receive are built in ``elzhur_rollout.rendering``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"


def _fonts(style, size: int) -> None:  # type: ignore[no-untyped-def]
    style.font.name = FONT
    style.font.size = Pt(size)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _page_field(paragraph) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def new_document(title: str) -> Document:  # type: ignore[valid-type]
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)

    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal, 14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.25)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0

    def add(name: str, align, bold: bool = False, indent: bool = False, before: int = 0, after: int = 0, size: int = 14):  # type: ignore[no-untyped-def]
        style = styles.add_style(name, 1)
        style.base_style = normal
        _fonts(style, size)
        style.font.bold = bold
        pf = style.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Cm(1.25) if indent else Cm(0)
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        return style

    add("Organization", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    add("DocumentKind", WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=12, after=12)
    add("Requisite", WD_ALIGN_PARAGRAPH.LEFT)
    add("Place", WD_ALIGN_PARAGRAPH.CENTER, after=12)
    add("DocumentTitle", WD_ALIGN_PARAGRAPH.LEFT, bold=True, after=12)
    add("CenteredTitle", WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=12, after=12)
    add("Decree", WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6)
    add("Mark", WD_ALIGN_PARAGRAPH.LEFT, after=6).paragraph_format.left_indent = Cm(8.5)
    add("SignatureRight", WD_ALIGN_PARAGRAPH.RIGHT)
    add("TableText", WD_ALIGN_PARAGRAPH.LEFT, size=12)
    add("TableHead", WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    doc.core_properties.title = title
    doc.core_properties.author = ""
    return doc


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _widths(table, widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    """Fixed column widths (cm), in the grid and in every cell, so Word and LibreOffice agree."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)


def _two_columns(doc, left: str, right: str, widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths)
    a, b = table.rows[0].cells
    a.paragraphs[0].text = left
    a.paragraphs[0].style = "Requisite"
    b.paragraphs[0].text = right
    b.paragraphs[0].style = "SignatureRight"


def _grid(doc, heads: list[str], cells: list[str], widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "TableHead"
    table.rows[1].cells[0].paragraphs[0].text = cells[0]
    for cell, text in zip(table.rows[2].cells, cells[1]):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "TableText"
    table.rows[3].cells[0].paragraphs[0].text = cells[2]
    _widths(table, widths)
    # the header row repeats on every page
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def _loop(doc, items: str, var: str, style: str) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph(f"{{%p for {var} in {items} %}}", style=style)
    doc.add_paragraph(f"{{{{ {var} }}}}", style=style)
    doc.add_paragraph("{%p endfor %}", style=style)


def order(out: Path) -> None:
    doc = new_document("Приказ")
    _loop(doc, "approvals", "stamp", "Mark")
    doc.add_paragraph("{{ organization }}", style="Organization")
    doc.add_paragraph("{{ kind }}", style="DocumentKind")
    _two_columns(doc, "{{ date }}", "№ {{ number }}", [8.25, 8.25])
    doc.add_paragraph("{{ place }}", style="Place")
    doc.add_paragraph("{{ title }}", style="DocumentTitle")
    doc.add_paragraph("{{ preamble }}", style="Normal")
    doc.add_paragraph("ПРИКАЗЫВАЮ:", style="Decree")
    _loop(doc, "body", "paragraph", "Normal")
    doc.add_paragraph("", style="Requisite")
    doc.add_paragraph("", style="Requisite")
    _two_columns(doc, "{{ signature_position }}", "{{ signature_name }}", [11.5, 5.0])
    doc.save(out / "order.docx")


def _appendix_head(title: str) -> Document:  # type: ignore[valid-type]
    """An appendix: its mark and approval stamps at the top right, then its title."""
    doc = new_document(title)
    doc.add_paragraph("{{ mark }}", style="Mark")
    _loop(doc, "approvals", "stamp", "Mark")
    doc.add_paragraph("{{ title }}", style="CenteredTitle")
    return doc


def plan(out: Path) -> None:
    doc = _appendix_head("План мероприятий")
    _grid(doc, ["№ п/п", "Мероприятие", "{{ deadline_header }}", "Ответственный"],
          ["{%tr for m in measures %}", ["{{ m.number }}", "{{ m.text }}", "{{ m.deadline }}", "{{ m.responsible }}"],
           "{%tr endfor %}"], [1.4, 8.1, 3.0, 4.0])
    doc.save(out / "plan.docx")


def appendix(out: Path) -> None:
    doc = _appendix_head("Приложение")
    _loop(doc, "body", "paragraph", "Normal")
    doc.save(out / "appendix.docx")


def ack(out: Path) -> None:
    doc = new_document("Лист ознакомления")
    doc.add_paragraph("{{ title }}", style="CenteredTitle")
    _grid(doc, ["№ п/п", "Фамилия, имя, отчество", "Должность", "Дата ознакомления", "Подпись"],
          ["{%tr for r in rows %}", ["{{ r.number }}", "{{ r.name }}", "{{ r.position }}", "", ""], "{%tr endfor %}"],
          [1.4, 4.6, 4.6, 3.2, 2.7])
    doc.save(out / "ack.docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "templates")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for build in (order, plan, appendix, ack):
        build(args.out)


if __name__ == "__main__":
    main()
