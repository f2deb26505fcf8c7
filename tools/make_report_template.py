"""Build templates/report.docx, the progress report (справка), in the layout of the other templates.

    python tools/make_report_template.py [--out templates]

The page, fonts and styles come from ``make_templates.new_document`` (ГОСТ Р 7.0.97-2025:
A4, margins 30/15/20/20 mm, Times New Roman 14 pt, page numbers from the second page).
The context is built in ``elzhur_rollout.documents.report.report_context``; ``{{ chart }}`` is the
Gantt chart, inserted by docxtpl as an inline image.  The school may restyle the result in
Word, keeping the tags.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import NBSP, _grid, _loop, _tabbed, new_document

HEADS = [f"№{NBSP}п/п", "Мероприятие", "Срок", "Ответственный", f"Отметка о{NBSP}выполнении"]
WIDTHS = [1.6, 5.3, 2.6, 3.5, 3.5]  # 16.5 cm: the text width


def report(out: Path) -> None:
    doc = new_document("Справка о ходе выполнения плана мероприятий")
    figure = doc.styles.add_style("Figure", 1)
    figure.base_style = doc.styles["Normal"]
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.first_line_indent = Cm(0)
    figure.paragraph_format.space_before = Pt(6)
    caption = doc.styles.add_style("Caption RU", 1)
    caption.base_style = doc.styles["TableText"]
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_after = Pt(12)

    doc.add_paragraph("{{ organization }}", style="Organization")
    doc.add_paragraph("{{ kind }}", style="DocumentKind")
    dated = doc.styles.add_style("DatePlace", 1)  # the date at the margin, the place flush right
    dated.base_style = doc.styles["Requisite"]
    _tabbed(doc, "{{ date }}", "{{ place }}", "DatePlace")
    doc.add_paragraph("{{ title }}", style="DocumentTitle")
    doc.add_paragraph("{{ basis }}", style="Normal")
    _loop(doc, "summary", "paragraph", "Normal")
    doc.add_paragraph("Выполнение мероприятий плана", style="CenteredTitle")
    _grid(
        doc,
        HEADS,
        [
            "{%tr for m in measures %}",
            ["{{ m.number }}", "{{ m.text }}", "{{ m.deadline }}", "{{ m.responsible }}", "{{ m.mark }}"],
            "{%tr endfor %}",
        ],
        WIDTHS,
    )
    doc.add_paragraph("{{ chart }}", style="Figure")
    doc.add_paragraph("{{ chart_caption }}", style="Caption RU")
    _tabbed(doc, "{{ signature_position }}", "{{ signature_name }}", "SignatureBlock")
    doc.add_paragraph("{{ signature_date }}", style="Requisite")
    doc.save(out / "report.docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "templates")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report(args.out)


if __name__ == "__main__":
    main()
