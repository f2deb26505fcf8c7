"""Build the .docx templates under templates/ (run once; the school may then restyle them in Word).

    python tools/make_templates.py [--out templates]

The layout follows ГОСТ Р 7.0.97-2025: A4; margins 30 mm left, 15 mm right, 20 mm top and
bottom; Times New Roman 14 pt; body text justified with a 1.25 cm first-line indent and
automatic hyphenation, in Russian (ru-RU: spell-checking and hyphenation in Word and
LibreOffice); page numbers centred at the top (no indent) from the second page, numbered from
1 in every document.  Requisites and the signature are paragraphs with a right tab stop at
the text margin (not borderless tables, whose cell padding pushes them off the margin);
table rows never split across pages and header rows repeat.  The tags are docxtpl's
(Jinja2): the contexts they receive are built in ``elzhur_rollout.documents.wording``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
LANG = "ru-RU"
NBSP = "\u00a0"
TEXT_WIDTH = Mm(210 - 30 - 15)


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
    _lang(rpr)


def _lang(rpr) -> None:  # type: ignore[no-untyped-def]
    """Russian for spell-checking and hyphenation (python-docx's default template says en-US)."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), "ar-SA")


def _ppr_flag(style, tag: str) -> None:  # type: ignore[no-untyped-def]
    """Set an on/off paragraph property (w:suppressAutoHyphens, w:keepNext …) in a style."""
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn(tag)) is None:
        ppr.append(OxmlElement(tag))
    _order_ppr(ppr)


_PPR_ORDER = [
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:widowControl",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:spacing",
    "w:ind",
    "w:jc",
    "w:rPr",
]


def _order_ppr(ppr) -> None:  # type: ignore[no-untyped-def]
    """Word insists on the schema order of paragraph properties."""
    rank = {qn(t): i for i, t in enumerate(_PPR_ORDER)}
    children = sorted(ppr, key=lambda el: rank.get(el.tag, len(rank)))
    for el in children:
        ppr.remove(el)
        ppr.append(el)


def _settings(doc) -> None:  # type: ignore[no-untyped-def]
    """Automatic hyphenation (the data may switch it off), no hyphenated capitals, Russian theme fonts."""
    settings = doc.settings.element
    anchor = settings.find(qn("w:defaultTabStop"))
    elements = [
        OxmlElement("w:autoHyphenation"),
        OxmlElement("w:consecutiveHyphenLimit"),
        OxmlElement("w:hyphenationZone"),
        OxmlElement("w:doNotHyphenateCaps"),
    ]
    elements[1].set(qn("w:val"), "2")
    elements[2].set(qn("w:val"), "357")
    for el in reversed(elements):
        anchor.addnext(el)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _lang(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))


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
    section.first_page_header.is_linked_to_previous = False  # an explicit empty header on page 1
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Cm(0)
    header.paragraph_format.left_indent = header.paragraph_format.right_indent = Cm(0)
    _page_field(header)
    number = OxmlElement("w:pgNumType")  # every document is numbered from 1 (also inside komplekt.docx)
    number.set(qn("w:start"), "1")
    section._sectPr.find(qn("w:pgMar")).addnext(number)

    styles = doc.styles
    normal = styles["Normal"]
    _fonts(normal, 14)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Cm(1.25)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    fmt.widow_control = True
    _settings(doc)
    header_style = styles["Header"]
    header_style.paragraph_format.first_line_indent = Cm(0)
    header_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def add(
        name: str,
        align,
        bold: bool = False,
        indent: bool = False,
        before: int = 0,
        after: int = 0,  # type: ignore[no-untyped-def]
        size: int = 14,
        hyphenate: bool = False,
        keep: bool = False,
    ):
        style = styles.add_style(name, 1)
        style.base_style = normal
        _fonts(style, size)
        style.font.bold = bold
        pf = style.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Cm(1.25) if indent else Cm(0)
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        if not hyphenate:  # titles, requisites, marks and signatures are never hyphenated
            _ppr_flag(style, "w:suppressAutoHyphens")
        if keep:
            pf.keep_with_next = True
            pf.keep_together = True
        return style

    add("Organization", WD_ALIGN_PARAGRAPH.CENTER, bold=True, keep=True)
    add("DocumentKind", WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=12, after=12, keep=True)
    add("Requisite", WD_ALIGN_PARAGRAPH.LEFT, keep=True).paragraph_format.tab_stops.add_tab_stop(
        TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT
    )
    add("Place", WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    # the title keeps its distance from the requisites whether a place line is printed or not
    add("DocumentTitle", WD_ALIGN_PARAGRAPH.LEFT, bold=True, before=12, after=12, keep=True)
    add("CenteredTitle", WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=12, after=12, keep=True)
    add("Decree", WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6, keep=True)
    add("Mark", WD_ALIGN_PARAGRAPH.LEFT, after=6, keep=True).paragraph_format.left_indent = Cm(8.5)
    # the signature: the position at the left margin, the name flush with the right margin
    # (spacing before it, not empty paragraphs: «keep with next» must reach the last item)
    signature = add("SignatureBlock", WD_ALIGN_PARAGRAPH.LEFT, before=28)
    signature.paragraph_format.keep_together = True
    signature.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    add("OrgDetail", WD_ALIGN_PARAGRAPH.CENTER, size=12, keep=True)
    add("Stamp", WD_ALIGN_PARAGRAPH.LEFT, keep=True).paragraph_format.right_indent = Cm(0.5)  # a gap between the columns
    add("AcquaintanceHead", WD_ALIGN_PARAGRAPH.LEFT, before=18, after=6, keep=True)
    add("Acquaintance", WD_ALIGN_PARAGRAPH.LEFT, after=6).paragraph_format.tab_stops.add_tab_stop(
        TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT
    )
    # requisites after the signature: «Заместитель директора	(подпись)	Т.А. Лукина»
    # a group's lines follow each other closely; a group (a visa with its date) starts 12 pt
    # below the last, the first 18 pt below the signature
    for name, before in (("Requisites", 0), ("RequisitesHead", 18), ("RequisitesGroup", 12)):
        requisite = add(name, WD_ALIGN_PARAGRAPH.LEFT, before=before, keep=True)
        requisite.paragraph_format.tab_stops.add_tab_stop(Mm(110), WD_TAB_ALIGNMENT.CENTER)
        requisite.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    add("TableText", WD_ALIGN_PARAGRAPH.LEFT, size=12, hyphenate=True)
    add("TableHead", WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=12)
    doc.core_properties.title = title
    doc.core_properties.author = ""
    return doc


def _widths(table, widths: list[float]) -> None:  # type: ignore[no-untyped-def]
    """Fixed column widths (cm), in the grid and in every cell, so Word and LibreOffice agree."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Cm(width)


def _row_flags(row, *tags: str, height_mm: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Row properties: w:cantSplit (the row stays on one page), w:tblHeader (repeats on every page),
    a minimum height."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in tags:
        tr_pr.append(OxmlElement(tag))
    if height_mm is not None:
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(Mm(height_mm).twips)))
        height.set(qn("w:hRule"), "atLeast")
        tr_pr.insert(0, height)


def _cell_margins(table, top_bottom_mm: float, sides_mm: float) -> None:  # type: ignore[no-untyped-def]
    """Padding inside the cells, so text never touches a border; the table starts at the margin."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, size in (("top", top_bottom_mm), ("left", sides_mm), ("bottom", top_bottom_mm), ("right", sides_mm)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(Mm(size).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr.append(margins)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    # indented by the cell padding, so the borders stand on the text margins, not outside them
    # (at render time ``documents.table_fit`` fits the columns to their content the same way)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(int(Mm(sides_mm).twips)))
    indent.set(qn("w:type"), "dxa")
    tbl_pr.find(qn("w:jc")).addnext(indent)


def _grid(doc, heads: list[str], cells: list[str], widths: list[float], row_height_mm: float | None = None) -> None:  # type: ignore[no-untyped-def]
    table = doc.add_table(rows=4, cols=len(heads))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, heads, strict=False):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "TableHead"
    table.rows[1].cells[0].paragraphs[0].text = cells[0]
    for cell, text in zip(table.rows[2].cells, cells[1], strict=False):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "TableText"
    table.rows[3].cells[0].paragraphs[0].text = cells[2]
    _widths(table, widths)
    _cell_margins(table, 1.0, 1.5)
    _row_flags(table.rows[0], "w:cantSplit", "w:tblHeader")  # the header row repeats on every page
    _row_flags(table.rows[2], "w:cantSplit", height_mm=row_height_mm)  # the repeated row never splits


def _loop(doc, items: str, var: str, style: str) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph(f"{{%p for {var} in {items} %}}", style=style)
    doc.add_paragraph(f"{{{{ {var} }}}}", style=style)
    doc.add_paragraph("{%p endfor %}", style=style)


def _tabbed(doc, left: str, right: str, style: str) -> None:  # type: ignore[no-untyped-def]
    """«left» at the margin, «right» flush with the right margin (a right tab stop in the style)."""
    paragraph = doc.add_paragraph(left, style=style)
    paragraph.add_run().add_tab()
    paragraph.add_run(right)


def _stamp_columns(doc) -> None:  # type: ignore[no-untyped-def]
    """Two columns of stamps without borders: consultative ones on the left, the approval on the
    right (``print.stamps: columns``); the table is there only when the data ask for it."""
    doc.add_paragraph("{%p if stamp_columns %}", style="Stamp")
    table = doc.add_table(rows=1, cols=2)
    for cell, var in zip(table.rows[0].cells, ("stamps_left", "stamps_right"), strict=False):
        cell.paragraphs[0].text = f"{{{{ {var} }}}}"
        cell.paragraphs[0].style = "Stamp"
    _widths(table, [8.5, 8.0])  # the right column starts where the marks do (8.5 cm)
    _cell_margins(table, 0, 0)
    _row_flags(table.rows[0], "w:cantSplit")
    doc.add_paragraph("{%p else %}", style="Stamp")


def order(out: Path) -> None:
    doc = new_document("Приказ")
    _stamp_columns(doc)
    _loop(doc, "approvals", "stamp", "Mark")
    doc.add_paragraph("{%p endif %}", style="Stamp")
    _loop(doc, "org_above", "line", "OrgDetail")
    doc.add_paragraph("{{ organization }}", style="Organization")
    _loop(doc, "org_lines", "line", "OrgDetail")
    doc.add_paragraph("{{ kind }}", style="DocumentKind")
    _tabbed(doc, "{{ date }}", f"№{NBSP}{{{{ number }}}}", "Requisite")
    _loop(doc, "places", "place", "Place")
    doc.add_paragraph("{{ title }}", style="DocumentTitle")
    doc.add_paragraph("{{ preamble }}", style="Normal")
    doc.add_paragraph("{%p if decree %}", style="Decree")
    doc.add_paragraph("{{ decree }}", style="Decree")
    doc.add_paragraph("{%p endif %}", style="Decree")
    _loop(doc, "body", "paragraph", "Normal")
    _tabbed(doc, "{{ signature_position }}", "{{ signature_name }}", "SignatureBlock")
    doc.add_paragraph("{%p for line in acquaintance %}", style="Acquaintance")
    doc.add_paragraph("{%p if loop.first %}", style="AcquaintanceHead")
    doc.add_paragraph("{{ line }}", style="AcquaintanceHead")
    doc.add_paragraph("{%p else %}", style="Acquaintance")
    doc.add_paragraph("{{ line }}", style="Acquaintance")
    doc.add_paragraph("{%p endif %}", style="Acquaintance")
    doc.add_paragraph("{%p endfor %}", style="Acquaintance")
    # the requisites in groups (each visa with its date, «Разослать:», the executor, «В дело»):
    # the first set off from the signature, each next one from the last by the same 12 pt
    doc.add_paragraph("{%p for line in requisites %}", style="Requisites")
    doc.add_paragraph("{%p if loop.first %}", style="RequisitesHead")
    doc.add_paragraph("{{ line }}", style="RequisitesHead")
    doc.add_paragraph("{%p elif loop.index0 in requisite_starts %}", style="RequisitesGroup")
    doc.add_paragraph("{{ line }}", style="RequisitesGroup")
    doc.add_paragraph("{%p else %}", style="Requisites")
    doc.add_paragraph("{{ line }}", style="Requisites")
    doc.add_paragraph("{%p endif %}", style="Requisites")
    doc.add_paragraph("{%p endfor %}", style="Requisites")
    doc.save(out / "order.docx")


def _appendix_head(title: str) -> Document:  # type: ignore[valid-type]
    """An appendix: its mark (combined with the approval by the order) and its own stamps at the
    top right, then its title."""
    doc = new_document(title)
    _stamp_columns(doc)
    doc.add_paragraph("{{ mark }}", style="Mark")
    _loop(doc, "approvals", "stamp", "Mark")
    doc.add_paragraph("{%p endif %}", style="Stamp")
    doc.add_paragraph("{{ title }}", style="CenteredTitle")
    return doc


def _table_appendix(out: Path, name: str, kind: str, each: str, columns: list[tuple[str, str, float]]) -> None:
    """An appendix that is one table: a header row, then a row per element of ``each``
    (``columns``: header, the element's field, width in cm)."""
    item, items = each.split(" in ")
    doc = _appendix_head(kind)
    _grid(
        doc,
        [header for header, _field, _width in columns],
        [
            f"{{%tr for {item} in {items} %}}",
            [f"{{{{ {item}.{field} }}}}" for _header, field, _width in columns],
            "{%tr endfor %}",
        ],
        [width for _header, _field, width in columns],
    )
    doc.save(out / name)


def plan(out: Path) -> None:
    _table_appendix(
        out,
        "plan.docx",
        "План мероприятий",
        "m in measures",
        [
            (f"№{NBSP}п/п", "number", 1.6),
            ("Мероприятие", "text", 7.0),
            ("{{ deadline_header }}", "deadline", 3.4),
            ("Ответственный", "responsible", 4.5),
        ],
    )


def plan_co(out: Path) -> None:
    """The plan with a «Соисполнители» column: used when a measure has co-executors."""
    _table_appendix(
        out,
        "plan-co.docx",
        "План мероприятий",
        "m in measures",
        [
            (f"№{NBSP}п/п", "number", 1.4),
            ("Мероприятие", "text", 6.2),
            ("{{ deadline_header }}", "deadline", 2.9),
            ("Ответственный", "responsible", 3.2),
            ("Соисполнители", "co_executors", 2.8),
        ],
    )


def schedule(out: Path) -> None:
    """A cyclogram: role × frequency × task."""
    _table_appendix(
        out,
        "schedule.docx",
        "Циклограмма",
        "r in rows",
        [
            (f"№{NBSP}п/п", "number", 1.6),
            ("Исполнитель", "role", 4.4),
            ("Периодичность", "frequency", 3.6),
            ("Содержание работы", "task", 6.9),
        ],
    )


def table(out: Path) -> None:
    """An appendix that is one table with the columns the data name (``heads``; rows of
    ``cells``, a cell spanning ``span`` columns: a stage row), and a note under it.  The
    column widths come from the context (``widths``): the writer fits the grid after rendering."""
    doc = _appendix_head("Таблица")
    tbl = doc.add_table(rows=4, cols=3)
    tbl.style = "Table Grid"
    texts = [
        ["{%tc for h in heads %}", "{{ h }}", "{%tc endfor %}"],
        ["{%tr for row in table_rows %}", "", ""],
        ["{%tc for c in row.cells %}", "{% colspan c.span %}{{ c.text }}", "{%tc endfor %}"],
        ["{%tr endfor %}", "", ""],
    ]
    for row, values in zip(tbl.rows, texts, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = "TableHead" if row is tbl.rows[0] else "TableText"
    for row in (tbl.rows[1], tbl.rows[3]):  # a {%tr %} row is one cell
        merged = row.cells[0].merge(row.cells[2])
        merged.paragraphs[0].text = merged.paragraphs[0].text.strip()
    _widths(tbl, [1.3, 12.0, 3.2])
    _cell_margins(tbl, 1.0, 1.5)
    _row_flags(tbl.rows[0], "w:cantSplit", "w:tblHeader")
    _row_flags(tbl.rows[2], "w:cantSplit")
    doc.add_paragraph("{%p if note %}", style="Normal")
    doc.add_paragraph("{{ note }}", style="Normal")
    doc.add_paragraph("{%p endif %}", style="Normal")
    doc.save(out / "table.docx")


def appendix(out: Path) -> None:
    doc = _appendix_head("Приложение")
    _loop(doc, "body", "paragraph", "Normal")
    doc.save(out / "appendix.docx")


def ack(out: Path) -> None:
    """The acknowledgement sheet (ТК РФ ст. 22): rows of 10 mm and more, to sign in."""
    doc = new_document("Лист ознакомления")
    doc.add_paragraph("{{ title }}", style="CenteredTitle")
    _grid(
        doc,
        [f"№{NBSP}п/п", "Фамилия, инициалы", "Должность", "Дата ознакомления", "Подпись"],
        ["{%tr for r in rows %}", ["{{ r.number }}", "{{ r.name }}", "{{ r.position }}", "{{ r.date }}", ""], "{%tr endfor %}"],
        [1.7, 3.6, 4.9, 3.3, 3.0],
        row_height_mm=10.5,
    )
    doc.save(out / "ack.docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "templates")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for build in (order, plan, plan_co, schedule, table, appendix, ack):
        build(args.out)


if __name__ == "__main__":
    main()
