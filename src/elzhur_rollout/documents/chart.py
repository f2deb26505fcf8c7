"""The plan as a Gantt chart drawn natively in the .docx: a table whose shaded cells are the bars.

One row per measure: its number, a cell per period of the timeline (decades of a month for a
plan of up to a year, months up to four years, quarters beyond), shaded from the start of its
term to its deadline, and its state in words.  The table is real text and real cell shading:
crisp at any print resolution, editable in Word, set in the document's own typeface (the
cells take the template's «TableText» style, at least 9 pt).

States are told apart by the words in the last column first, then by the shading: Word draws
its patterns (done — diagonal stripes, overdue — a diagonal grid, in work — solid, upcoming —
dots, cancelled — horizontal stripes), LibreOffice the patterns' tints, which still differ in
black and white.  A dashed vertical line marks the report's date.

Nothing here touches files or imports a library: the table is WordprocessingML text, put in
place of the template's ``{{ chart }}`` paragraph by ``docx_writer``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from xml.sax.saxutils import escape

from elzhur_rollout.core.values import State
from elzhur_rollout.lang import vocabulary as ru

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FONT_HALF_POINTS = 20  # 10 pt: the chart's text (the caption asks for at least 9 pt)
NUMBER_WIDTH = 510  # twips: «№» and up to three digits
LABEL_WIDTH = 2700  # twips: «просрочено на 15 дней» on two lines at most
DESCRIPTION = "Диаграмма хода выполнения плана"  # the table's alternative text; marks it as the chart

# shading of each state (the agenda's): (Word's pattern, pattern colour, fill)
SHADING: dict[State, tuple[str, str, str]] = {
    State.DONE: ("diagStripe", "2E6B2E", "CFE8CF"),
    State.OVERDUE: ("diagCross", "9B1C1C", "F6D0CC"),
    State.IN_PROGRESS: ("clear", "auto", "9DBCE3"),
    State.PLANNED: ("clear", "auto", "DCE7F4"),
    State.UPCOMING: ("pct20", "1F4E8C", "FFFFFF"),
    State.CANCELLED: ("horzStripe", "808080", "FFFFFF"),
    State.NOT_TRACKED: ("clear", "auto", "FFFFFF"),
}
LEGEND = tuple(
    (s, how, ru.state_word(s))
    for s, how in (
        (State.DONE, "штриховка «////»"),
        (State.OVERDUE, "косая сетка"),
        (State.IN_PROGRESS, "сплошная заливка"),
        (State.PLANNED, "светлая заливка"),
        (State.UPCOMING, "точки"),
        (State.CANCELLED, "горизонтальная штриховка"),
    )
)
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Bar:
    """One measure on the chart (what the tests compare with the plan)."""

    number: int | str
    start: dt.date
    end: dt.date
    state: State  # the agenda's
    label: str


@dataclass(frozen=True)
class Period:
    """One column of the timeline: [start, end] under its headings (a year, then a month or a
    quarter): equal headings of neighbouring columns make one heading cell."""

    start: dt.date
    end: dt.date
    heads: tuple[str, str]


def _month_end(day: dt.date) -> dt.date:
    if day.month == 12:  # December: the year after 9999 cannot be counted
        return dt.date(day.year, 12, 31)
    return dt.date(day.year, day.month + 1, 1) - dt.timedelta(days=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of each month from ``first``'s to ``last``'s, counted by months (never
    past 9999-12-31)."""
    out, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        out.append(day)
        if day.month == 12 and day.year == dt.MAXYEAR:
            break
        day = _month_end(day) + dt.timedelta(days=1)
    return out


def periods(first: dt.date, last: dt.date) -> list[Period]:
    """The timeline's columns from the month of ``first`` to the month of ``last``: decades
    (1–10, 11–20, 21–end) up to 12 months, months up to 48, quarters beyond."""
    months = _months(first, last)
    out: list[Period] = []
    if len(months) <= 12:
        for m in months:
            heads = (str(m.year), ru.MONTH_ABBR[m.month - 1])
            bounds = [(m, m.replace(day=10)), (m.replace(day=11), m.replace(day=20)), (m.replace(day=21), _month_end(m))]
            out += [Period(a, b, heads) for a, b in bounds]
    elif len(months) <= 48:
        out = [Period(m, _month_end(m), (str(m.year), str(m.month))) for m in months]
    else:
        for m in months:
            q = (m.month - 1) // 3
            start = dt.date(m.year, 3 * q + 1, 1)
            if not out or out[-1].start != start:
                out.append(Period(start, _month_end(dt.date(m.year, 3 * q + 3, 1)), (str(m.year), _ROMAN[q])))
    return out


def _runs(cols: list[Period], level: int) -> list[tuple[str, int]]:
    """Runs of equal headings down to ``level``: (the heading, how many columns)."""
    out: list[tuple[tuple[str, ...], int]] = []
    for p in cols:
        key = p.heads[: level + 1]
        if out and out[-1][0] == key:
            out[-1] = (key, out[-1][1] + 1)
        else:
            out.append((key, 1))
    return [(key[-1], n) for key, n in out]


def _run(text: str, bold: bool = False) -> str:
    rpr = f"<w:rPr>{'<w:b/>' if bold else ''}<w:sz w:val='{FONT_HALF_POINTS}'/><w:szCs w:val='{FONT_HALF_POINTS}'/></w:rPr>"
    return f"<w:r>{rpr}<w:t xml:space='preserve'>{escape(text)}</w:t></w:r>" if text else ""


def _paragraph(text: str, align: str, bold: bool = False) -> str:
    ppr = (
        "<w:pPr><w:pStyle w:val='TableText'/><w:suppressAutoHyphens/><w:spacing w:before='0' w:after='0' w:line='240' "
        f"w:lineRule='auto'/><w:ind w:left='0' w:right='0' w:firstLine='0'/><w:jc w:val='{align}'/></w:pPr>"
    )
    return f"<w:p>{ppr}{_run(text, bold)}</w:p>"


def _cell(width: int, text: str = "", *, align: str = "left", bold: bool = False, extra: str = "", span: int = 1) -> str:
    spans = f"<w:gridSpan w:val='{span}'/>" if span > 1 else ""
    return f"<w:tc><w:tcPr><w:tcW w:w='{width}' w:type='dxa'/>{spans}{extra}</w:tcPr>{_paragraph(text, align, bold)}</w:tc>"


EDGE = "w:val='single' w:sz='4' w:space='0' w:color='000000'"
THIN = "w:val='single' w:sz='2' w:space='0' w:color='A0A0A0'"
DASHED = "w:val='dashed' w:sz='12' w:space='0' w:color='000000'"
NONE = "w:val='nil'"


def _borders(top: str, left: str, bottom: str, right: str) -> str:
    """All four edges of a cell, always: LibreOffice draws no table border for an edge a cell's
    own borders leave out."""
    return f"<w:tcBorders><w:top {top}/><w:left {left}/><w:bottom {bottom}/><w:right {right}/></w:tcBorders>"


MAX_YEARS = 10  # the longest timeline: 40 quarters still fit a page's width


def _window(starts: list[dt.date], ends: list[dt.date], today: dt.date) -> tuple[dt.date, dt.date]:
    """The timeline's first and last day: the bars and the report's date; over ``MAX_YEARS``,
    the bars alone (the date's line then stands at the nearer edge), and over that still the
    first ``MAX_YEARS`` of them (a bar running past is cut at the edge)."""
    first, last = min([*starts, today]), max([*ends, today])
    if last.year - first.year < MAX_YEARS:
        return first, last
    first, last = min(starts, default=today), max(ends, default=today)
    if last.year - first.year < MAX_YEARS:
        return first, last
    return first, dt.date(first.year + MAX_YEARS - 1, 12, 31)


def gantt_table(bars: list[Bar], today: dt.date, width: int) -> str:
    """The chart as a ``w:tbl`` element (WordprocessingML text) ``width`` twips wide."""
    first, last = _window([b.start for b in bars], [b.end for b in bars], today)
    cols = periods(first, last)
    timeline = width - NUMBER_WIDTH - LABEL_WIDTH
    widths = [timeline // len(cols)] * len(cols)
    widths[-1] += timeline - sum(widths)
    label_width = width - NUMBER_WIDTH - sum(widths)
    # the report's date: a dashed line on the column boundary nearest to it
    # (as day numbers: the boundary after 9999-12-31 is no date)
    bounds = [p.start.toordinal() for p in cols] + [cols[-1].end.toordinal() + 1]
    today_at = min(range(len(bounds)), key=lambda k: abs(bounds[k] - today.toordinal()))
    rows_count = 2 + len(bars)

    def timeline_cell(row: int, k: int, shading: str = "", text: str = "", span: int = 1) -> str:
        left = DASHED if k == today_at else EDGE if k == 0 else THIN if cols[k].heads != cols[k - 1].heads else NONE
        right = DASHED if k + span == today_at else EDGE if k + span == len(cols) else NONE
        top, bottom = EDGE if row == 0 else THIN, EDGE if row == rows_count - 1 else THIN
        mar = "<w:tcMar><w:left w:w='0' w:type='dxa'/><w:right w:w='0' w:type='dxa'/></w:tcMar>"
        borders = _borders(top, left, bottom, right)
        return _cell(sum(widths[k : k + span]), text, align="center", extra=borders + shading + mar, span=span)

    def side_cell(row: int, width: int, text: str = "", align: str = "left", bold: bool = False, merge: str = "") -> str:
        top, bottom = EDGE if row == 0 else THIN, EDGE if row == rows_count - 1 else THIN
        pad = "<w:tcMar><w:left w:w='57' w:type='dxa'/><w:right w:w='57' w:type='dxa'/></w:tcMar>"
        if merge.startswith("<w:vMerge w:val='restart'/>"):
            return _cell(
                width,
                text,
                align=align,
                bold=bold,
                extra=merge.replace("<w:vAlign", _borders(top, EDGE, NONE, EDGE) + "<w:vAlign"),
            )
        if merge:
            return _cell(width, text, align=align, bold=bold, extra=merge + _borders(NONE, EDGE, bottom, EDGE) + pad)
        return _cell(width, text, align=align, bold=bold, extra=_borders(top, EDGE, bottom, EDGE) + pad)

    head_pr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
    merge = ("<w:vMerge w:val='restart'/><w:vAlign w:val='center'/>", "<w:vMerge/>")
    rows = []
    for level in (0, 1):  # the years, then the months or quarters
        k, line = 0, ""
        for heading, span in _runs(cols, level):
            line += timeline_cell(level, k, text=heading, span=span)
            k += span
        number = side_cell(level, NUMBER_WIDTH, "" if level else "№", align="center", bold=True, merge=merge[level])
        state = side_cell(level, label_width, "" if level else "Состояние", align="center", bold=True, merge=merge[level])
        rows.append(f"<w:tr>{head_pr}{number}{line}{state}</w:tr>")
    for row, bar in enumerate(bars, 2):
        pattern, colour, fill = SHADING[bar.state]
        shd = f"<w:shd w:val='{pattern}' w:color='{colour}' w:fill='{fill}'/>"
        cells = "".join(
            timeline_cell(row, k, shd if p.end >= bar.start and p.start <= bar.end else "") for k, p in enumerate(cols)
        )
        rows.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            f"{side_cell(row, NUMBER_WIDTH, str(bar.number), align='center')}{cells}{side_cell(row, label_width, bar.label)}</w:tr>"
        )
    grid = "".join(f"<w:gridCol w:w='{w}'/>" for w in [NUMBER_WIDTH, *widths, label_width])
    edge = "w:val='single' w:sz='4' w:space='0' w:color='000000'"
    inner = "w:val='single' w:sz='2' w:space='0' w:color='A0A0A0'"
    props = (
        f"<w:tblPr><w:tblW w:w='{width}' w:type='dxa'/><w:tblInd w:w='0' w:type='dxa'/>"
        f"<w:tblBorders><w:top {edge}/><w:left {edge}/><w:bottom {edge}/><w:right {edge}/>"
        f"<w:insideH {inner}/><w:insideV w:val='nil'/></w:tblBorders><w:tblLayout w:type='fixed'/>"
        "<w:tblCellMar><w:top w:w='20' w:type='dxa'/><w:left w:w='57' w:type='dxa'/><w:bottom w:w='20' w:type='dxa'/>"
        f"<w:right w:w='57' w:type='dxa'/></w:tblCellMar><w:tblDescription w:val='{DESCRIPTION}'/></w:tblPr>"
    )
    return f"<w:tbl xmlns:w='{W_NS}'>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def caption(today: dt.date) -> str:
    """The figure's caption: what the bars, the shading and the line mean."""
    shades = ", ".join(f"{how} – {what}" for _state, how, what in LEGEND)
    return (
        f"Рисунок 1 – Ход выполнения плана на {ru.short_date(today)}: полоса – срок мероприятия, его состояние – "
        f"в столбце «Состояние»; {shades}; пунктирная линия – дата справки"
    )
