"""Producing the files: docxtpl, print fixes, reproducible zips, the combined set, PDF, atomic output.

* Templates are .docx files with docxtpl tags under ``templates/``: the school restyles
  them in Word without touching code.  Jinja runs sandboxed, with autoescaping (a value
  with ``&`` or ``<`` would otherwise silently vanish) and StrictUndefined (a template that
  names an unknown variable fails with the template's name and the variable).
* After rendering, a few print rules are applied to whatever template was used: the
  paragraphs before a signature are kept with it, and hyphenation follows the data switch.
* The combined set puts each document into a section of its own: it starts on a new page,
  its pages are numbered from 1 and its first page carries no number (ГОСТ Р 7.0.97).
* Output is reproducible (fixed zip timestamps and document properties) and written
  atomically: everything is rendered first, then each file replaces its predecessor.
* PDF: one LibreOffice run for all files, optionally PDF/A-2b; the fonts LibreOffice used
  are read back from the PDF, so a substituted Times New Roman is reported.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any

from elzhur_rollout.documents.table_fit import fit_signed_lines, fit_tables, keep_names_whole
from elzhur_rollout.errors import FileError, RenderError
from elzhur_rollout.source.files import os_error_ru, write_atomically, write_target

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SIGNATURE_STYLE = "SignatureBlock"


# --------------------------------------------------------------------------- docxtpl


def _environment() -> Any:
    from jinja2 import StrictUndefined  # lazy: jinja2 costs 118 ms; only when rendering

    from elzhur_rollout.documents.sandbox import (
        LimitedSandbox,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    return LimitedSandbox(autoescape=True, undefined=StrictUndefined)


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement  # lazy: python-docx costs 110 ms; only when rendering
    from docx.oxml.ns import qn  # lazy: python-docx costs 110 ms; only when rendering

    el = OxmlElement(tag)
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


def _keep_signature_with_text(document: Any) -> None:
    """The signature never stands alone at the top of a page.  The last paragraph of text and
    the signature go into one row of a borderless table that may not split (no padding, so the
    text stays on the margins).  «Keep with next» alone is not enough: LibreOffice lets a
    signature with space above it move to the next page without the paragraph before it.
    Empty paragraphs between them (an older template's way to leave room) become spacing."""
    styles = {s.style_id for s in document.styles if s.name == SIGNATURE_STYLE}
    body = document.element.body
    for p in list(body.iter(f"{W}p")):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None or style.get(f"{W}val") not in styles or p.getparent() is not body:
            continue
        prev, empty = p.getprevious(), 0
        while prev is not None and prev.tag == f"{W}p" and _is_empty(prev):
            before = prev.getprevious()
            body.remove(prev)
            prev, empty = before, empty + 1
        if empty:
            ppr = p.get_or_add_pPr()
            spacing = ppr.find(f"{W}spacing")
            if spacing is None:
                spacing = _el("w:spacing")
                ppr.insert_element_before(spacing, *_AFTER_KEEP_NEXT[_AFTER_KEEP_NEXT.index("w:spacing") + 1 :])
            spacing.set(f"{W}before", str(280 * empty))  # a 14-pt line per removed paragraph
        if prev is None or prev.tag != f"{W}p":
            continue
        ppr = prev.get_or_add_pPr()
        if ppr.find(f"{W}keepNext") is None:  # Word keeps them together by this alone
            ppr.insert_element_before(_el("w:keepNext"), *_AFTER_KEEP_NEXT)
        cell = _keep_together_cell(prev, _text_width(document))
        cell.append(prev)
        cell.append(p)


def _fit_grid(document: Any, widths_cm: list[float]) -> None:
    """A table whose columns the data name (``table.docx``: ``{%tc %}`` loops) gets a grid of
    ``widths_cm`` and each cell the width of the columns it spans."""
    twips = [round(w / 2.54 * 1440) for w in widths_cm]
    for tbl in document.element.body.iter(f"{W}tbl"):
        rows = tbl.findall(f"{W}tr")
        if not rows or len(rows[0].findall(f"{W}tc")) != len(twips):
            continue
        grid = tbl.find(f"{W}tblGrid")
        for col in list(grid):
            grid.remove(col)
        for w in twips:
            grid.append(_el("w:gridCol", w=str(w)))
        for row in rows:
            at = 0
            for tc in row.findall(f"{W}tc"):
                span_el = tc.find(f"{W}tcPr/{W}gridSpan")
                span = int(span_el.get(f"{W}val")) if span_el is not None else 1
                if span_el is not None and span == 1:
                    span_el.getparent().remove(span_el)
                width = tc.find(f"{W}tcPr/{W}tcW")
                if width is not None:
                    width.set(f"{W}w", str(sum(twips[at : at + span])))
                    width.set(f"{W}type", "dxa")
                at += span
        return


def _no_break_hyphens(document: Any) -> None:
    """A no-break hyphen of the text (U+2011, from ``typography``) as Word's own <w:noBreakHyphen/>:
    every font has it, and the text reads back with a plain «-»."""
    for t in list(document.element.body.iter(f"{W}t")):
        if not t.text or NBHY not in t.text:
            continue
        parent, index = t.getparent(), t.getparent().index(t)
        pieces = t.text.split(NBHY)
        parent.remove(t)
        new = []
        for k, piece in enumerate(pieces):
            if k:
                new.append(_el("w:noBreakHyphen"))
            if piece:
                el = _el("w:t")
                el.text = piece
                el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                new.append(el)
        for offset, el in enumerate(new):
            parent.insert(index + offset, el)


NBHY = "\u2011"


def _text_width(document: Any) -> int:
    """The width of the text column of the last section, in twips."""
    sect = document.element.body.sectPr
    width = int(sect.find(f"{W}pgSz").get(f"{W}w"))
    margins = sect.find(f"{W}pgMar")
    return width - int(margins.get(f"{W}left")) - int(margins.get(f"{W}right"))


def _keep_together_cell(anchor: Any, width: int) -> Any:
    """A one-cell table, borderless and without padding, whose row never splits, put in place of
    ``anchor``; returns the cell to fill."""
    tbl = _el("w:tbl")
    pr = _el("w:tblPr")
    pr.append(_el("w:tblW", w=str(width), type="dxa"))
    pr.append(_el("w:tblInd", w="0", type="dxa"))
    borders = _el("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{edge}", val="nil"))
    pr.append(borders)
    pr.append(_el("w:tblLayout", type="fixed"))
    margins = _el("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{edge}", w="0", type="dxa"))
    pr.append(margins)
    tbl.append(pr)
    grid = _el("w:tblGrid")
    grid.append(_el("w:gridCol", w=str(width)))
    tbl.append(grid)
    row = _el("w:tr")
    row_pr = _el("w:trPr")
    row_pr.append(_el("w:cantSplit"))
    row.append(row_pr)
    cell = _el("w:tc")
    cell_pr = _el("w:tcPr")
    cell_pr.append(_el("w:tcW", w=str(width), type="dxa"))
    cell.append(cell_pr)
    row.append(cell)
    tbl.append(row)
    anchor.addprevious(tbl)
    return cell


def _is_empty(p: Any) -> bool:
    """A paragraph with no text, no drawing, no field and no section break."""
    if p.find(f"{W}pPr/{W}sectPr") is not None:
        return False
    return not any(
        el.tag in (f"{W}t", f"{W}drawing", f"{W}fldChar", f"{W}br", f"{W}tab") and (el.tag != f"{W}t" or el.text)
        for el in p.iter()
    )


# elements that follow w:keepNext in a w:pPr (schema order)
_AFTER_KEEP_NEXT = (
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _marker(key: str) -> str:
    return f"\ue000{key}\ue000"  # private-use characters: never in the data


def _place_blocks(document: Any, blocks: dict[str, Any]) -> None:
    """Each block's table after the paragraph that holds its marker; the marker goes, the paragraph
    stays (it keeps the block apart from a table before it: Word joins adjacent tables)."""
    from docx.oxml import parse_xml  # lazy: python-docx costs ~110 ms

    if not blocks:
        return
    width = _text_width(document)
    for p in list(document.element.body.iter(f"{W}p")):
        texts = [t for t in p.iter(f"{W}t") if t.text and "\ue000" in t.text]
        for t in texts:
            for marker, block in blocks.items():
                if marker in t.text:
                    t.text = t.text.replace(marker, "")
                    p.addnext(parse_xml(block.block(width)))


def _print_defaults(document: Any) -> None:
    """Fixes for templates made before the print rules: Russian instead of python-docx's en-US
    (spell-checking and hyphenation), and page numbers without the body's first-line indent."""
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = defaults.find(f"{W}lang") if defaults is not None else None
    if lang is not None and lang.get(f"{W}val") == "en-US":
        lang.set(f"{W}val", "ru-RU")
        lang.set(f"{W}eastAsia", "ru-RU")
    for style in document.styles:
        if style.name == "Header" and style.type == 1:  # paragraph style
            style.paragraph_format.first_line_indent = 0


def _set_hyphenation(document: Any, on: bool) -> None:
    """The document-wide switch (w:autoHyphenation in settings.xml)."""
    settings = document.settings.element
    current = settings.find(f"{W}autoHyphenation")
    if not on:
        if current is not None:
            settings.remove(current)
        return
    if current is None:
        current = _el("w:autoHyphenation")
        anchor = settings.find(f"{W}defaultTabStop")
        if anchor is not None:
            anchor.addnext(current)
        else:
            settings.insert(0, current)
    current.attrib.pop(f"{W}val", None)


def render_template(
    path: Path, contexts: list[dict[str, Any]], title: str, when: dt.datetime, author: str, hyphenation: bool = True
) -> bytes:
    """Render a template once per context; several contexts make one file of several sections."""
    parts = [_render_once(path, ctx, title, when, author, hyphenation) for ctx in contexts]
    return parts[0] if len(parts) == 1 else combine(parts, when)


def _render_once(path: Path, context: dict[str, Any], title: str, when: dt.datetime, author: str, hyphenation: bool) -> bytes:
    from docxtpl import DocxTemplate  # lazy: docxtpl costs 425 ms; only when rendering
    from jinja2 import TemplateError, UndefinedError  # lazy: jinja2 costs 118 ms; only when rendering
    from jinja2.exceptions import SecurityError  # lazy: jinja2 costs 118 ms; only when rendering
    from lxml import etree  # lazy: lxml costs 24 ms; only when rendering

    if not path.is_file():
        raise RenderError(
            f"шаблон {path} не найден; восстановите его из папки templates/ проекта "
            "или укажите папку шаблонов параметром --templates"
        )
    from elzhur_rollout.documents.sandbox import (  # lazy: only this command needs it; keeps the start-up of the others light
        TemplateLimit,
        watchdog,
    )

    try:
        template = DocxTemplate(path)
        # a block (report.Chart: a table) stands in the text as a marker, replaced after rendering
        blocks = {_marker(k): v for k, v in context.items() if hasattr(v, "block")}
        context = {k: _marker(k) if hasattr(v, "block") else v for k, v in context.items()}
        with watchdog():
            template.render(context, jinja_env=_environment(), autoescape=True)
    except TemplateLimit as err:
        raise RenderError(f"шаблон {path}: {err}; исправьте шаблон в Word") from None
    except RecursionError:
        raise RenderError(
            f"шаблон {path}: макрос или цикл шаблона вызывает сам себя без конца (слишком глубокая рекурсия); исправьте шаблон в Word"
        ) from None
    except MemoryError:
        raise RenderError(
            f"шаблон {path}: не хватило памяти — выражение шаблона создаёт слишком много текста; исправьте шаблон в Word"
        ) from None
    except UndefinedError as err:
        m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(err))
        name = (m.group(1) or m.group(2)) if m else str(err)
        raise RenderError(
            f"шаблон {path}: неизвестная переменная «{name}»; исправьте шаблон "
            "(доступные переменные описаны в docs/printing.md, раздел «Шаблоны»)"
        ) from None
    except SecurityError:
        raise RenderError(
            f"шаблон {path}: недопустимое выражение — обращаться к служебным атрибутам объектов в шаблоне нельзя "
            "(шаблоны выполняются в песочнице); исправьте шаблон в Word"
        ) from None
    except TemplateError as err:
        line = getattr(err, "lineno", None)  # a syntax error knows its line in the template's XML
        where = f" (строка {line} разметки)" if line else ""
        raise RenderError(
            f"шаблон {path}: ошибка в тегах шаблона{where} — незакрытые или лишние {{{{ }}}} или {{% %}}; исправьте шаблон в Word"
        ) from None
    except ZeroDivisionError:
        raise RenderError(f"шаблон {path}: деление на ноль в выражении шаблона; исправьте шаблон в Word") from None
    except OverflowError as err:
        what = (
            "слишком большой диапазон range() (песочница допускает до 100 000 элементов)"
            if "MAX_RANGE" in str(err)
            else "слишком большое число в выражении шаблона"
        )
        raise RenderError(f"шаблон {path}: {what}; исправьте шаблон в Word") from None
    except etree.XMLSyntaxError as err:
        raise RenderError(
            f"шаблон {path} повреждён: word/document.xml не читается как XML (строка {err.lineno}); "
            "восстановите шаблон из папки templates/ проекта"
        ) from None
    except (KeyError, ValueError) as err:
        if _in_template(err):
            raise RenderError(f"шаблон {path}: ошибка в выражении шаблона ({_cause(err)}); исправьте шаблон в Word") from None
        raise RenderError(
            f"шаблон {path} повреждён или не является файлом .docx; восстановите его из папки templates/ проекта"
        ) from None
    except zipfile.BadZipFile:
        raise RenderError(
            f"шаблон {path} повреждён или не является файлом .docx; восстановите его из папки templates/ проекта"
        ) from None
    except TypeError as err:
        if "no loader" in str(err):
            raise RenderError(
                f"шаблон {path}: теги {{% include %}}, {{% import %}} и {{% extends %}} не поддерживаются — шаблон "
                "не может подключать другие файлы; перенесите нужный текст в сам шаблон"
            ) from None
        raise RenderError(f"шаблон {path}: ошибка в выражении шаблона ({_cause(err)}); исправьте шаблон в Word") from None
    except (AttributeError, IndexError, ArithmeticError) as err:
        raise RenderError(f"шаблон {path}: ошибка в выражении шаблона ({_cause(err)}); исправьте шаблон в Word") from None
    document = template.docx  # not get_docx(): it reloads the unrendered template
    if isinstance(context.get("widths"), list) and context.get("heads"):
        _fit_grid(document, [float(w) for w in context["widths"]])
    _check_page_setup(document, path)
    _print_defaults(document)
    _place_blocks(document, blocks)
    fit_tables(document, _text_width(document))
    keep_names_whole(document)
    fit_signed_lines(document, _text_width(document))
    _keep_signature_with_text(document)
    _no_break_hyphens(document)
    _set_hyphenation(document, hyphenation)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.created = props.modified = when
    props.revision = 1
    props.comments, props.keywords, props.subject, props.category = "", "", "", ""
    buffer = io.BytesIO()
    template.save(buffer)
    return reproducible_zip(buffer.getvalue(), when)


def _in_template(err: BaseException) -> bool:
    """Whether an error arose in the template's own code (an expression), not in reading the file."""
    import traceback  # lazy: a standard module used only here

    return any(frame.f_code.co_filename == "<template>" for frame, _line in traceback.walk_tb(err.__traceback__))


def _cause(err: Exception) -> str:
    """What went wrong in a template expression, in Russian, for the message."""
    kind = {
        TypeError: "значение не того типа",
        AttributeError: "у значения нет такого атрибута",
        IndexError: "номер элемента вне списка",
        ZeroDivisionError: "деление на ноль",
    }.get(type(err), "ошибка вычисления")
    detail = str(err).splitlines()[0][:120] if str(err) else ""
    return f"{kind}: {detail}" if detail else kind


def _check_page_setup(document: Any, path: Path) -> None:
    """The rendered body still ends with its page setup (w:sectPr with the page size and the
    margins): a template expression that writes Word's markup itself (``|safe``) can cut it off."""
    sect = document.element.body.sectPr
    size = sect.find(f"{W}pgSz") if sect is not None else None
    margins = sect.find(f"{W}pgMar") if sect is not None else None
    if (
        size is None
        or margins is None
        or not (size.get(f"{W}w") or "").isdigit()
        or not all((margins.get(f"{W}{edge}") or "").lstrip("-").isdigit() for edge in ("left", "right"))
    ):
        raise RenderError(
            f"шаблон {path}: после подстановки значений в документе пропали параметры страницы (размер и поля) — "
            "вероятно, выражение шаблона вставляет разметку Word (фильтр safe); уберите его и исправьте шаблон в Word"
        )


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """Repack a .docx with a fixed timestamp on every entry: equal input, equal bytes."""
    # a zip entry's date lies between 1980 and 2107: an order dated 9999 or a far SOURCE_DATE_EPOCH is clamped
    stamp = min(max(when, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31, 23, 59, 58)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- the combined set


def _ends_with_paragraph(document: Any) -> None:
    """A section ends in a paragraph; after a final table add one of 1 pt, so it takes no room."""
    body = document.element.body
    last = body[-2] if len(body) > 1 and body[-1].tag == f"{W}sectPr" else body[-1]
    if last.tag == f"{W}p":
        return
    p = _el("w:p")
    ppr = _el("w:pPr")
    ppr.append(_el("w:spacing", before="0", after="0", line="20", lineRule="exact"))
    rpr = _el("w:rPr")
    rpr.append(_el("w:sz", val="2"))
    ppr.append(rpr)
    p.append(ppr)
    last.addnext(p)


def _section(part_sectpr: Any, header_refs: list[Any]) -> Any:
    """A part's own page setup with the master's headers, numbered from 1, from a new page."""
    sect = copy.deepcopy(part_sectpr)
    for ref in sect.findall(f"{W}headerReference") + sect.findall(f"{W}footerReference"):
        sect.remove(ref)
    for i, ref in enumerate(header_refs):
        sect.insert(i, copy.deepcopy(ref))
    kind = sect.find(f"{W}type")
    if kind is None:
        kind = _el("w:type")
        sect.insert(len(header_refs), kind)
    kind.set(f"{W}val", "nextPage")
    number = sect.find(f"{W}pgNumType")
    if number is None:
        number = _el("w:pgNumType")
        anchor = sect.find(f"{W}pgMar")
        (anchor.addnext(number) if anchor is not None else sect.append(number))
    number.set(f"{W}start", "1")
    if sect.find(f"{W}titlePg") is None:
        grid = sect.find(f"{W}docGrid")
        (grid.addprevious(_el("w:titlePg")) if grid is not None else sect.append(_el("w:titlePg")))
    return sect


def combine(parts: list[bytes], when: dt.datetime) -> bytes:
    """One file to print in one go: each part in a section of its own (a new page, numbered from 1,
    no number on its first page), with its styles and numbering intact (``docx_append``)."""
    from docx import Document  # lazy: python-docx costs 110 ms; only when rendering

    from elzhur_rollout.documents.docx_append import (
        append_document,  # lazy: it imports python-docx (110 ms); only for a combined file
    )

    docs = [Document(io.BytesIO(part)) for part in parts]
    for doc in docs[:-1]:
        _ends_with_paragraph(doc)
    master = docs[0]
    body = master.element.body
    refs = body.sectPr.findall(f"{W}headerReference") + body.sectPr.findall(f"{W}footerReference")
    own = [copy.deepcopy(doc.element.body.sectPr) for doc in docs]
    ends = []
    for doc in docs[1:]:
        ends.append(body[-2])
        append_document(master, doc)
    for end, sectpr in zip(ends, own, strict=False):
        end.get_or_add_pPr().append(_section(sectpr, refs))
    last = _section(own[-1], refs)
    body.replace(body.sectPr, last)
    buffer = io.BytesIO()
    master.save(buffer)
    return reproducible_zip(buffer.getvalue(), when)


# --------------------------------------------------------------------------- files


def check_target(out: Path, name: str) -> Path:
    """The path of the output file ``name`` in ``out``; what may be written there is decided by
    ``files.write_target`` (a link is replaced, a read-only file or a folder refused)."""
    if Path(name).name != name or name in ("", ".", ".."):
        raise RenderError(f"имя файла «{name}» выводит за пределы папки {out}; запись отменена")
    target = out / name
    try:
        write_target(target)
    except FileError as err:
        raise RenderError(err.message) from None
    return target


def write_files(out: Path, rendered: dict[str, bytes]) -> list[Path]:
    """Write all files atomically into ``out`` (created if missing)."""
    if out.exists() and not out.is_dir():
        raise RenderError(f"{out} — файл, а не папка; --out указывает папку для готовых документов: укажите папку")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RenderError(os_error_ru(err, out, "создание")) from None
    files = {check_target(out, name): data for name, data in rendered.items()}
    try:
        write_atomically(files)
    except FileError as err:
        raise RenderError(err.message) from None
    return list(files)


# --------------------------------------------------------------------------- PDF


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PDF_MISSING = (
    "для --pdf нужен LibreOffice (команда soffice), а он не найден. Установите его: в Debian/Ubuntu — "
    "sudo apt-get install --no-install-recommends libreoffice-writer-nogui fonts-liberation2 hyphen-ru; в Windows — "
    "установщик с libreoffice.org (раздел «Скачать»). Файлы .docx можно получить и без --pdf."
)

# PDF/A-2b: the archival profile (fonts embedded, no transparency groups left undefined)
_PDF_A = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
REQUESTED_FONT = "Times New Roman"
# fonts with the widths of Times New Roman: lines and pages break as in Word
METRIC_COMPATIBLE = ("Liberation Serif", "PT Astra Serif", "Tinos")


def pdf_fonts(data: bytes) -> set[str]:
    """The font families a PDF uses, from its font dictionaries («Liberation Serif»)."""
    names = set()
    for raw in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+#-]+)", data):
        name = raw.decode("ascii", "replace").split("+", 1)[-1]
        name = re.sub(r"[-,](Bold|Italic|BoldItalic|Regular|Roman|Oblique|BoldOblique)$", "", name)
        names.add(re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.replace("#20", " ")).strip())
    return names


def font_note(used: set[str]) -> str | None:
    """A Russian note when the PDF was not set in Times New Roman (None when it was)."""
    wanted = REQUESTED_FONT.replace(" ", "").lower()
    others = sorted(f for f in used if f.replace(" ", "").lower() != wanted and "Symbol" not in f)
    if not others:
        return None
    compatible = [f for f in others if f in METRIC_COMPATIBLE]
    if compatible and len(compatible) == len(others):
        return (
            f"Шрифт {REQUESTED_FONT} не установлен; в PDF он заменён на {', '.join(compatible)} — шрифт "
            "с теми же размерами букв, поэтому строки и страницы совпадут с Word."
        )
    return (
        f"Шрифт {REQUESTED_FONT} не установлен; в PDF он заменён на {', '.join(others)} — у этого шрифта "
        "другие размеры букв, строки и страницы могут разойтись с Word. Установите Liberation Serif: "
        "в Debian/Ubuntu — sudo apt-get install fonts-liberation2."
    )


def _profile_cache() -> Path | None:
    """Where LibreOffice keeps its settings between our runs: its first start with a new profile
    costs about a second.  None where it cannot be cached (no home, no locking)."""

    base = os.environ.get("XDG_CACHE_HOME") or (str(Path.home() / ".cache") if Path.home().is_dir() else "")
    if not base:
        return None
    return Path(base) / "elzhur-rollout" / "libreoffice-profile"


class _ProfileLock:
    """The cached profile serves one LibreOffice at a time: a second one would hand its work to the
    first and return without converting.  A busy profile means a fresh temporary one."""

    def __init__(self, profile: Path) -> None:
        self.profile = profile
        self.handle: IO[str] | None = None

    def __enter__(self) -> bool:
        try:
            import fcntl  # lazy: platform-specific: fcntl exists on POSIX only
        except ImportError:  # Windows: no cached profile
            return False
        try:
            self.profile.parent.mkdir(parents=True, exist_ok=True)
            handle = self.handle = open(self.profile.parent / "profile.lock", "w")
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


def _convert(exe: str, profile: Path, files: list[Path], outdir: str, pdf_a: bool) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                _PDF_A if pdf_a else "pdf",
                "--outdir",
                outdir,
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError("LibreOffice не ответил за 5 минут; закройте его окна и повторите") from None


def to_pdf(exe: str, files: list[Path], out: Path, pdf_a: bool = False) -> tuple[list[Path], set[str]]:
    """Convert ``files`` in one LibreOffice run; returns the PDFs written and the fonts they use."""
    with tempfile.TemporaryDirectory() as tmp:
        made = {Path(tmp) / (f.stem + ".pdf"): out / (f.stem + ".pdf") for f in files}
        cached = _profile_cache()
        lock = _ProfileLock(cached) if cached is not None else None
        with lock if lock is not None else _NoLock() as usable:
            result = _convert(exe, cached if usable and cached else Path(tmp) / "profile", files, tmp, pdf_a)
            if usable and cached and (result.returncode != 0 or not all(src.exists() for src in made)):
                shutil.rmtree(cached, ignore_errors=True)  # a damaged profile: start afresh, once
                result = _convert(exe, Path(tmp) / "profile", files, tmp, pdf_a)
        missing = [str(src.name) for src in made if not src.exists()]
        if result.returncode != 0 or missing:
            raise RenderError(f"LibreOffice не смог преобразовать в PDF: {', '.join(missing) or result.stderr.strip()[-300:]}")
        data = {dst: src.read_bytes() for src, dst in made.items()}
    if pdf_a and not all(b"<pdfaid:part>2</pdfaid:part>" in b for b in data.values()):
        raise RenderError(
            "LibreOffice сохранил обычный PDF вместо PDF/A-2b: для --pdf-a нужен LibreOffice 7.4 "
            "или новее; обновите его или выпустите обычный PDF параметром --pdf"
        )
    fonts = set().union(*(pdf_fonts(b) for b in data.values()))
    try:
        write_atomically({check_target(out, dst.name): b for dst, b in data.items()})
    except FileError as err:
        raise RenderError(err.message) from None
    return list(data), fonts


class _NoLock:
    def __enter__(self) -> bool:
        return False

    def __exit__(self, *exc: object) -> None:
        return None
