"""Column widths that follow the content, and table borders on the text margins.

Every table with a repeated header row (the plan, the plan with co-executors, the report's
table, the acknowledgement sheet, a cyclogram) is laid out after rendering, whatever template
was used:

* each column is at least as wide as its longest unbreakable word (words joined by no-break
  spaces are one word: «Кузнецова М.О.», «№ п/п»), header included, so no header word and no
  name with its initials ever breaks; in a body cell a compound may break after its hyphen
  («Учителя-» / «предметники»), but a number range («1–11») and a short preposition with the
  next word («до 10.09.2025») count as one word; a column is no wider than its longest line
  needs, and no wider than the template made it; a column with nothing in its rows (a column
  for the pen: «Отметка о выполнении», the date and the signature of the acknowledgement sheet)
  keeps the template's width;
* the text column (the template's widest) takes the rest of the text width; while that is
  less than half the table, the other columns with content give up their room above their
  longest word, in proportion to it, so that the deadlines, names and short notes take what
  they need and only the text is hyphenated;
* a column in which a number range would break after its dash («руководители 1–» / «11
  классов») widens as far as the range needs to stay on its line (a word joiner, U+2060,
  would glue it, but Liberation Serif has no glyph for it);
* when the text column is then narrower than its longest word or than 30 % of the table, the
  table's text steps down a point at a time, never below 11 pt;
* the table is as wide as the text and indented by its cells' left padding, so its borders
  stand on the text margins (Word's and LibreOffice's tables otherwise put the cell's text on
  the margin and the border outside it).

People's names with initials are kept whole too: never hyphenated (``keep_names_whole``).

Widths are measured with Times New Roman's advance widths (``font_metrics``), which Liberation
Serif shares; a small allowance covers rounding in Word and LibreOffice.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from elzhur_rollout.documents import font_metrics

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MIN_HALF_POINTS = 22  # 11 pt: the smallest size a table steps down to
ALLOWANCE = 1.03  # measured widths × this: rounding and hinting in Word and LibreOffice
DEFAULT_PADDING = 108  # twips: Word's default left and right cell margins
TEXT_SHARE = 0.5  # the other columns give up room above their longest word until the text column has this share
TEXT_LEAST_SHARE = 0.3  # below this share of the table the table's text steps down a point


@cache
def _widths(bold: bool) -> dict[str, int]:
    return dict(zip(font_metrics.CHARS, font_metrics.BOLD if bold else font_metrics.REGULAR, strict=True))


def text_width(text: str, half_points: int, bold: bool) -> float:
    """The width of ``text`` in twips at ``half_points`` (Word's w:sz)."""
    widths = _widths(bold)
    fallback = widths["о"]
    return sum(widths.get(ch, fallback) for ch in text) * half_points * 10 / 1000 * ALLOWANCE


@dataclass
class _Piece:
    text: str
    size: int
    bold: bool


@dataclass
class _Column:
    template: int
    min: float = 0.0  # the longest unbreakable word
    natural: float = 0.0  # the longest line
    filled: bool = False  # some body row has text in it
    lines: list[list[_Piece]] = field(default_factory=list)  # each line: its pieces
    heads: list[list[_Piece]] = field(default_factory=list)  # the header's lines


def _style_props(document: Any) -> dict[str | None, tuple[int | None, bool | None, str | None]]:
    """Each paragraph style's own size, bold and base style."""
    out: dict[str | None, tuple[int | None, bool | None, str | None]] = {}
    for style in document.styles.element.findall(f"{W}style"):
        rpr = style.find(f"{W}rPr")
        size = bold = None
        if rpr is not None:
            sz = rpr.find(f"{W}sz")
            size = int(sz.get(f"{W}val")) if sz is not None else None
            b = rpr.find(f"{W}b")
            bold = b is not None and b.get(f"{W}val") not in ("0", "false") if b is not None else None
        based = style.find(f"{W}basedOn")
        out[style.get(f"{W}styleId")] = (size, bold, based.get(f"{W}val") if based is not None else None)
    return out


def _resolve(styles: dict[str | None, tuple[int | None, bool | None, str | None]], style: str | None) -> tuple[int, bool]:
    size: int | None = None
    bold: bool | None = None
    seen = set()
    while style in styles and style not in seen:
        seen.add(style)
        own_size, own_bold, based = styles[style]
        size = size if size is not None else own_size
        bold = bold if bold is not None else own_bold
        style = based
    return size or 24, bool(bold)


def _lines(p: Any, base: tuple[int, bool]) -> list[list[_Piece]]:
    """A paragraph's lines (split at its line breaks), each a list of pieces with their size."""
    lines: list[list[_Piece]] = [[]]
    for r in p.iter(f"{W}r"):
        size, bold = base
        rpr = r.find(f"{W}rPr")
        if rpr is not None:
            sz = rpr.find(f"{W}sz")
            if sz is not None:
                size = int(sz.get(f"{W}val"))
            b = rpr.find(f"{W}b")
            if b is not None:
                bold = b.get(f"{W}val") not in ("0", "false")
        for el in r:
            if el.tag == f"{W}t" and el.text:
                lines[-1].append(_Piece(el.text, size, bold))
            elif el.tag == f"{W}noBreakHyphen":
                lines[-1].append(_Piece("\u2011", size, bold))
            elif el.tag in (f"{W}tab",):
                lines[-1].append(_Piece(" ", size, bold))
            elif el.tag in (f"{W}br", f"{W}cr"):
                lines.append([])
    return lines


@dataclass
class _Box:
    """A piece of a line that never breaks inside: a word, or a compound's part up to its hyphen."""

    width: float
    space: float  # the width of the space before it (0: it follows a hyphen, no space)
    in_range: bool  # it follows the dash of a number range («1–» / «11» would break the range)
    text: str = ""


def _boxes(line: list[_Piece]) -> list[_Box]:
    """The boxes of a line: words split at spaces, and after a hyphen or a dash inside a word
    («учебно-» / «воспитательной», «1–» / «11»), where Word and LibreOffice may break a line; a
    name with initials («Петрова-Водкина М.И.») has no such break."""
    out: list[_Box] = []
    space = 0.0  # the space before the next box
    joined = False  # the next letter continues the last box
    after_range = False
    for piece in line:
        text = piece.text
        names = [m.span() for m in _NAME.finditer(text)]
        for i, ch in enumerate(text):
            width = text_width(ch, piece.size, piece.bold)
            if ch == " ":
                space += width
                joined = False
                continue
            if joined:
                out[-1].width += width
                out[-1].text += ch
            else:
                out.append(_Box(width, space, after_range, ch))
            space, joined, after_range = 0.0, True, False
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            if ch in "-–" and inside and not any(x <= i < y for x, y in names):
                joined = False  # a line may break after it
                after_range = text[i - 1].isdigit() and text[i + 1].isdigit()
    return out


def _measure(line: list[_Piece], at_hyphens: bool) -> tuple[float, float]:
    """(the widest unbreakable word, the whole line) of a line; ``at_hyphens``: a compound
    breaks after its hyphen («учебно-» / «воспитательной»), as in a body cell, but a number
    range («1–11») stays one word, and so does a short preposition with the next word («до
    10.09.2025»: a column of short content has room for it); a header's words never break."""
    words: list[float] = []
    natural = 0.0
    short = False
    for box in _boxes(line):
        if words and short:
            words[-1] += box.space + box.width
        elif words and box.space == 0 and (box.in_range or not at_hyphens):
            words[-1] += box.width
        else:
            words.append(box.width)
        natural += box.width + (box.space if natural else 0.0)
        short = at_hyphens and len(box.text) <= 2 and box.text.isalpha()
    return max(words, default=0.0), natural


def _breaks_a_range(line: list[_Piece], room: float) -> float | None:
    """Laid out greedily in ``room`` twips (as measured, and at the true widths, without the
    allowance), whether a line of the column breaks a number range after its dash; if so, the
    room its line up to the range's end needs."""
    boxes = _boxes(line)
    for factor in (1.0, 1 / ALLOWANCE):
        used = 0.0
        for box in boxes:
            add = (box.space if used else 0.0) + box.width
            if used and (used + add) * factor > room:
                if box.in_range:
                    return (used + add) + 1
                used = box.width
            else:
                used += add
    return None


def _padding(tbl: Any) -> tuple[int, int]:
    mar = tbl.find(f"{W}tblPr/{W}tblCellMar")

    def side(*names: str) -> int:
        for name in names:
            el = mar.find(f"{W}{name}") if mar is not None else None
            if el is not None and el.get(f"{W}type", "dxa") == "dxa":
                return int(el.get(f"{W}w"))
        return DEFAULT_PADDING

    return side("left", "start"), side("right", "end")


def _fittable(tbl: Any) -> bool:
    """A data table: a header row that repeats, every row filling the grid (a stage row spans it)."""
    if tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is None:
        return False
    if tbl.find(f"{W}tblPr/{W}tblDescription") is not None:  # the report's chart lays itself out
        return False
    cols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    return all(sum(_spans(tr)) == cols for tr in tbl.findall(f"{W}tr"))


def _spans(tr: Any) -> list[int]:
    """How many grid columns each cell of a row takes (a stage row «Этап 1. …» takes them all)."""
    spans = []
    for tc in tr.findall(f"{W}tc"):
        span = tc.find(f"{W}tcPr/{W}gridSpan")
        spans.append(int(span.get(f"{W}val")) if span is not None else 1)
    return spans


def _plan(columns: list[_Column], total: int, pad: int, text: int, scale: float) -> tuple[list[int], bool]:
    """The widths at ``scale`` of the base size, and whether the text column gets its least share.

    Each other column takes what its content needs, no wider than the template made it; a
    column for the pen keeps the template's width.  While the text column is short of half the
    table, the columns with content give up their room above their longest word, in
    proportion, and then each widens again as far as a number range in it needs to stay whole."""
    least = [c.min * scale + pad for c in columns]
    widths = [0.0] * len(columns)
    for j, c in enumerate(columns):
        if j != text:
            widths[j] = max(least[j], c.template if not c.filled else min(c.template, c.natural * scale + pad))
    others = [j for j in range(len(columns)) if j != text and columns[j].filled]
    aim = min(TEXT_SHARE * total, columns[text].natural * scale + pad)
    excess = sum(widths) - (total - aim)
    room = {j: widths[j] - least[j] for j in others}
    if excess > 0 and sum(room.values()) > 0:
        give = min(excess, sum(room.values()))
        for j in others:
            widths[j] -= give * room[j] / sum(room.values())
    for j in others:
        for _ in range(len(columns[j].lines)):  # each bump keeps one more range whole
            need = [_breaks_a_range(_scaled(line, scale), widths[j] - pad) for line in columns[j].lines]
            wider = max((n for n in need if n is not None), default=None)
            if wider is None:
                break
            widths[j] = wider + pad
    out = [round(w) for w in widths]
    out[text] = total - sum(out)
    floor = max(columns[text].min * scale + pad, TEXT_LEAST_SHARE * total)
    return out, out[text] >= floor


def _scaled(line: list[_Piece], scale: float) -> list[_Piece]:
    return [_Piece(p.text, round(p.size * scale), p.bold) for p in line]


def _shrink(widths: list[int], columns: list[_Column], total: int, pad: int, text: int, scale: float) -> list[int]:
    """Nothing fits even at the smallest size: the text column keeps its longest word, the
    others give up what they must, in proportion to their room above their longest word."""
    need = round(columns[text].min * scale + pad)
    others = [j for j in range(len(widths)) if j != text]
    spare = sum(widths[j] for j in others) - (total - need)
    if spare <= 0:
        return widths
    room = [max(widths[j] - pad - 1, 0) for j in others]
    out = list(widths)
    for j, r in zip(others, room, strict=True):
        out[j] -= round(spare * r / max(sum(room), 1))
    out[text] = total - sum(out[j] for j in others)
    return out


def _set_size(tbl: Any, half_points: int) -> None:
    from docx.oxml import OxmlElement  # lazy: python-docx costs ~110 ms

    for r in tbl.iter(f"{W}r"):
        rpr = r.find(f"{W}rPr")
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            r.insert(0, rpr)
        for tag in ("sz", "szCs"):
            el = rpr.find(f"{W}{tag}")
            if el is None:
                el = OxmlElement(f"w:{tag}")
                rpr.append(el)
            el.set(f"{W}val", str(half_points))


def _apply(tbl: Any, widths: list[int], indent: int) -> None:
    from docx.oxml import OxmlElement  # lazy: python-docx costs ~110 ms

    pr = tbl.find(f"{W}tblPr")
    tbl_w = pr.find(f"{W}tblW")
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        pr.append(tbl_w)
    tbl_w.set(f"{W}w", str(sum(widths)))
    tbl_w.set(f"{W}type", "dxa")
    ind = pr.find(f"{W}tblInd")
    if ind is None:
        ind = OxmlElement("w:tblInd")
        # schema order: … tblW, jc, tblCellSpacing, tblInd, tblBorders …
        anchor = next(el for el in (pr.find(f"{W}tblCellSpacing"), pr.find(f"{W}jc"), tbl_w) if el is not None)
        anchor.addnext(ind)
    ind.set(f"{W}w", str(indent))
    ind.set(f"{W}type", "dxa")
    for col, width in zip(tbl.findall(f"{W}tblGrid/{W}gridCol"), widths, strict=True):
        col.set(f"{W}w", str(width))
    for tr in tbl.findall(f"{W}tr"):
        at = 0
        for tc, span in zip(tr.findall(f"{W}tc"), _spans(tr), strict=True):
            tcw = tc.find(f"{W}tcPr/{W}tcW")
            if tcw is not None:
                tcw.set(f"{W}w", str(sum(widths[at : at + span])))
                tcw.set(f"{W}type", "dxa")
            at += span


# the elements after w:suppressAutoHyphens in a w:pPr (schema order)
_AFTER_HYPHENS = tuple(
    f"{W}{tag}"
    for tag in (
        "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
        "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    )
)  # fmt: skip


def _no_hyphenation(tc: Any) -> None:
    """The cell's words move to the next line whole: names, terms and marks are never hyphenated."""
    from docx.oxml import OxmlElement  # lazy: python-docx costs ~110 ms

    for p in tc.findall(f"{W}p"):
        ppr = p.find(f"{W}pPr")
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        if ppr.find(f"{W}suppressAutoHyphens") is not None:
            continue
        flag = OxmlElement("w:suppressAutoHyphens")
        later = next((el for el in ppr if el.tag in _AFTER_HYPHENS), None)
        (later.addprevious(flag) if later is not None else ppr.append(flag))


def fit_table(tbl: Any, styles: Any, total: int) -> None:
    """Lay out one data table ``total`` twips wide (see the module's description)."""
    grid = [int(c.get(f"{W}w")) for c in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    if not grid:
        return
    columns = [_Column(template=w) for w in grid]
    sizes: set[int] = set()
    for tr in tbl.findall(f"{W}tr"):
        if len(tr.findall(f"{W}tc")) != len(grid):
            continue  # a row across several columns (a stage) wraps in their sum: not measured
        header = tr.find(f"{W}trPr/{W}tblHeader") is not None
        for j, tc in enumerate(tr.findall(f"{W}tc")):
            for p in tc.findall(f"{W}p"):
                pstyle = p.find(f"{W}pPr/{W}pStyle")
                style = _resolve(styles, pstyle.get(f"{W}val") if pstyle is not None else None)
                for line in _lines(p, style):
                    if any(piece.text.strip() for piece in line):
                        (columns[j].heads if header else columns[j].lines).append(line)
                        columns[j].filled |= not header
                        sizes.update(piece.size for piece in line)
    left, right = _padding(tbl)
    pad = left + right
    base = max(sizes, default=24)
    text = max(range(len(grid)), key=lambda j: grid[j])
    for c in columns:
        measured = [_measure(line, at_hyphens=True) for line in c.lines] + [_measure(line, False) for line in c.heads]
        c.min = max((m for m, _ in measured), default=0.0)
        c.natural = max((n for _, n in measured), default=0.0)
    size = base
    while True:
        scale = size / base
        widths, fits = _plan(columns, total, pad, text, scale)
        if fits or size - 2 < MIN_HALF_POINTS:
            chosen = widths if fits else _shrink(widths, columns, total, pad, text, scale)
            break
        size -= 2
    if size != base:
        _set_size(tbl, size)
    for tr in tbl.findall(f"{W}tr"):
        if len(tr.findall(f"{W}tc")) != len(grid):
            continue
        for j, tc in enumerate(tr.findall(f"{W}tc")):
            if j != text:
                _no_hyphenation(tc)
    _apply(tbl, chosen, left)


def fit_tables(document: Any, total: int) -> None:
    """Every data table of ``document`` fitted to its content and to the text width ``total``."""
    styles = _style_props(document)
    for tbl in document.element.body.iter(f"{W}tbl"):
        if _fittable(tbl):
            fit_table(tbl, styles, total)


# --------------------------------------------------------------------------- names


_NAME = re.compile(
    r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\u00a0(?:[А-ЯЁ]\.){1,2}|(?:[А-ЯЁ]\.){1,2}\u00a0[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
)
NO_LANGUAGE = "zxx"  # «no linguistic content»: neither Word nor LibreOffice hyphenates it


def keep_names_whole(document: Any) -> None:
    """A person's name with initials («Кузнецову М.О.», «Е.С. Лойко») is never hyphenated: its
    run is marked as having no language, which switches hyphenation (and spell-checking) off
    for those letters only; the rest of the paragraph is hyphenated as before."""
    from docx.oxml import OxmlElement  # lazy: python-docx costs ~110 ms

    for r in list(document.element.body.iter(f"{W}r")):
        if not any(t.text and _NAME.search(t.text) for t in r.findall(f"{W}t")):
            continue
        rpr = r.find(f"{W}rPr")
        pieces: list[tuple[list[Any], bool]] = []  # (children of a new run, a name)
        for child in list(r):
            if child is rpr:
                continue
            if child.tag != f"{W}t" or not child.text or not _NAME.search(child.text):
                if not pieces or pieces[-1][1]:
                    pieces.append(([], False))
                pieces[-1][0].append(child)
                continue
            text, last = child.text, 0
            for m in _NAME.finditer(text):
                for part, name in ((text[last : m.start()], False), (m.group(), True)):
                    if not part:
                        continue
                    t = OxmlElement("w:t")
                    t.text = part
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    if name or not pieces or pieces[-1][1]:
                        pieces.append(([], name))
                    pieces[-1][0].append(t)
                last = m.end()
            if text[last:]:
                t = OxmlElement("w:t")
                t.text = text[last:]
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                if not pieces or pieces[-1][1]:
                    pieces.append(([], False))
                pieces[-1][0].append(t)
        for children, name in pieces:
            run = OxmlElement("w:r")
            if rpr is not None or name:
                own = copy.deepcopy(rpr) if rpr is not None else OxmlElement("w:rPr")
                if name:
                    lang = own.find(f"{W}lang")
                    if lang is None:
                        lang = OxmlElement("w:lang")
                        later = next((el for el in own if el.tag in _AFTER_LANG), None)
                        (later.addprevious(lang) if later is not None else own.append(lang))
                    lang.set(f"{W}val", NO_LANGUAGE)
                run.append(own)
            for child in children:
                run.append(child)
            r.addprevious(run)
        r.getparent().remove(r)


_AFTER_LANG = (f"{W}eastAsianLayout", f"{W}specVanish", f"{W}oMath")


# --------------------------------------------------------------------------- signed lines

SIGNED_MARK = "(подпись)"  # the middle of a visa's line: «Заместитель директора	(подпись)	Т.А. Лукина»
_MARK_CENTRE = 6236  # twips (110 mm): where the templates centre «(подпись)»
_GAP = 142  # twips (2.5 mm): the least room between the parts of a signed line


def _style_tabs(document: Any, style: str | None) -> list[int]:
    """The tab stops a paragraph of ``style`` inherits (its style and the styles it is based on)."""
    by_id = {s.get(f"{W}styleId"): s for s in document.styles.element.findall(f"{W}style")}
    out: list[int] = []
    seen: set[str | None] = set()
    while style in by_id and style not in seen:
        seen.add(style)
        out += [int(t.get(f"{W}pos")) for t in by_id[style].findall(f"{W}pPr/{W}tabs/{W}tab")]
        based = by_id[style].find(f"{W}basedOn")
        style = based.get(f"{W}val") if based is not None else None
    return out


def fit_signed_lines(document: Any, total: int) -> None:
    """A signed line after the signature (a visa, «Копия верна», «В дело»: the position, a tab,
    «(подпись)», a tab, the name) stays one line, as ГОСТ Р 7.0.97 lays a visa out: the name
    flush with the right margin, «(подпись)» centred at 110 mm, or, when a long position
    reaches it, centred between the position and the name.  The line's own tab stops replace
    its style's, whatever the template gave the paragraph."""
    from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER  # lazy: python-docx costs ~110 ms
    from docx.shared import Twips  # lazy: python-docx costs ~110 ms

    styles = _style_props(document)
    for p in document.element.body.iter(f"{W}p"):
        runs = [el for r in p.iter(f"{W}r") for el in r if el.tag in (f"{W}t", f"{W}tab")]
        parts = "".join((el.text or "") if el.tag == f"{W}t" else "\t" for el in runs).split("\t")
        if len(parts) != 3 or parts[1] != SIGNED_MARK or p.find(f".//{W}br") is not None:
            continue
        style_el = p.find(f"{W}pPr/{W}pStyle")
        style = style_el.get(f"{W}val") if style_el is not None else None
        size, bold = _resolve(styles, style)
        position, mark, name = (text_width(part, size, bold) for part in parts)
        right = total - name  # where the name starts
        centre = _MARK_CENTRE
        if position + _GAP > centre - mark / 2 or centre + mark / 2 + _GAP > right:
            centre = round((position + right) / 2)
        stops = p.get_or_add_pPr().get_or_add_tabs()
        for inherited in _style_tabs(document, style):
            if inherited not in (centre, total):
                stops.insert_tab_in_order(Twips(inherited), WD_TAB_ALIGNMENT.CLEAR, WD_TAB_LEADER.SPACES)
        stops.insert_tab_in_order(Twips(centre), WD_TAB_ALIGNMENT.CENTER, WD_TAB_LEADER.SPACES)
        stops.insert_tab_in_order(Twips(total), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.SPACES)
