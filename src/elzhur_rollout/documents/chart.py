"""The plan as a Gantt chart: one bar per measure from its start to its deadline.

States are told apart by pattern and by a label beside each bar, not only by colour (the
report is printed in black and white, and some readers do not tell red from green):
done — diagonal hatching and «выполнено ДД.ММ.ГГГГ»; overdue — cross-hatching and
«просрочено на N дней»; in progress — a filled light bar and «в работе»; inside its period with
nothing recorded — an empty bar and «не начато»; not begun yet — dots and «предстоит»;
cancelled — a dashed outline and «отменено».  A vertical line marks the report's date.

matplotlib is used through its object API with the Agg backend (no pyplot, no GUI, no
global state) and imported only here.  The PNG is reproducible: no «Software» or date
metadata, the DejaVu Sans font that ships with matplotlib, fixed size and resolution, so
the same data gives the same bytes on every machine.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from elzhur_rollout.core.values import State
from elzhur_rollout.lang import vocabulary as ru

WIDTH_CM = 16.5  # the text width of an A4 page with margins 30 + 15 mm
LABELLED = 40  # measures up to which every bar has its number and a label
MAX_HEIGHT_CM = 22.0  # a larger plan fits one page
DPI = 200

# Pattern, face and edge of each state; the label says it in words too (``lang.vocabulary``).
STYLE: dict[str, dict[str, Any]] = {
    State.DONE: {"hatch": "////", "facecolor": "#cfe8cf", "edgecolor": "#2e6b2e", "linestyle": "solid"},
    State.OVERDUE: {"hatch": "xxxx", "facecolor": "#f6d0cc", "edgecolor": "#9b1c1c", "linestyle": "solid"},
    State.IN_PROGRESS: {"hatch": "", "facecolor": "#d6e4f5", "edgecolor": "#1f4e8c", "linestyle": "solid"},
    State.PLANNED: {"hatch": "", "facecolor": "white", "edgecolor": "#1f4e8c", "linestyle": "solid"},
    State.UPCOMING: {"hatch": "....", "facecolor": "white", "edgecolor": "#1f4e8c", "linestyle": "solid"},
    State.CANCELLED: {"hatch": "", "facecolor": "white", "edgecolor": "#555555", "linestyle": "dashed"},
    State.NOT_TRACKED: {"hatch": "", "facecolor": "white", "edgecolor": "#555555", "linestyle": "dotted"},
}
LEGEND = tuple(
    (s, ru.state_word(s)) for s in (State.DONE, State.OVERDUE, State.IN_PROGRESS, State.PLANNED, State.UPCOMING, State.CANCELLED)
)


@dataclass(frozen=True)
class Bar:
    """One measure on the chart (what the tests compare with the plan)."""

    number: int
    start: dt.date
    end: dt.date
    state: str  # a State of the agenda
    label: str


def _month_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    ticks, day = [], dt.date(first.year, first.month, 1)
    while day <= last:
        ticks.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


def _x(day: dt.date) -> float:
    """A date on the chart's axis: days since 1970-01-01 (the ticks and labels are ours)."""
    return float((day - dt.date(1970, 1, 1)).days)


def gantt_png(bars: list[Bar], today: dt.date, title: str = "") -> bytes:
    """The chart as PNG bytes; the same bars and date give the same bytes."""
    from matplotlib import rc_context  # lazy: matplotlib costs 2.3 s; only the report's chart
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # lazy: matplotlib costs 2.3 s; only the report's chart
    from matplotlib.figure import Figure  # lazy: matplotlib costs 2.3 s; only the report's chart
    from matplotlib.patches import Patch  # lazy: matplotlib costs 2.3 s; only the report's chart

    rc: dict[str, Any] = {"font.family": "DejaVu Sans", "font.size": 8, "hatch.linewidth": 0.6}
    with rc_context(rc):  # type: ignore[arg-type]
        # up to LABELLED measures each bar has its number and a label; a larger plan is drawn on
        # one page, its states told apart by the bars' patterns, with every k-th number shown
        labelled = len(bars) <= LABELLED
        height_cm = 3.2 + 0.55 * max(len(bars), 1) if labelled else MAX_HEIGHT_CM
        fig = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        first = min([b.start for b in bars] + [today])
        last = max([b.end for b in bars] + [today])
        span = max((last - first).days, 1)
        for row, bar in enumerate(bars):
            style = STYLE[bar.state]
            begin = _x(bar.start)
            width = max(_x(bar.end + dt.timedelta(days=1)) - begin, 1)
            ax.barh(
                row,
                width,
                left=begin,
                height=0.6 if labelled else 0.9,
                hatch=style["hatch"],
                facecolor=style["facecolor"],
                edgecolor=style["edgecolor"],
                linestyle=style["linestyle"],
                linewidth=0.8 if labelled else 0.2,
            )
            if labelled:
                # the labels stand in a column right of the plot, never across a bar or the date line;
                # tight_layout makes room for them
                ax.text(1.01, row, bar.label, va="center", ha="left", fontsize=7, transform=ax.get_yaxis_transform())
        ax.axvline(_x(today), color="black", linewidth=1.2, linestyle=(0, (4, 2)))
        right_half = (today - first).days > span / 2  # the date's label goes towards the middle
        ax.text(
            _x(today) + span * (-0.008 if right_half else 0.008),
            -0.75,
            f"дата справки {ru.short_date(today)}",
            ha="right" if right_half else "left",
            va="center",
            fontsize=7,
            fontweight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5},
        )
        every = 1 if labelled else -(-len(bars) // LABELLED)
        ax.set_yticks(range(0, len(bars), every), [str(b.number) for b in bars[::every]])
        ax.set_ylim(len(bars) - 0.4, -1.2 if labelled else -0.03 * len(bars))
        ax.set_ylabel("№ мероприятия в плане")
        ticks = _month_ticks(first, last + dt.timedelta(days=1))
        ticks = ticks[:: -(-len(ticks) // 12)]  # at most 12 month ticks
        years = [t.year for t in ticks]
        ax.set_xticks(
            [_x(t) for t in ticks],
            [ru.month_name(t.month) + (f"\n{t.year}" if i == 0 or years[i - 1] != t.year else "") for i, t in enumerate(ticks)],
        )
        ax.set_xlim(_x(first) - span * 0.02, _x(last) + span * 0.1)
        ax.grid(axis="x", color="#bbbbbb", linewidth=0.5)
        ax.set_axisbelow(True)
        handles = [
            Patch(
                facecolor=STYLE[s]["facecolor"],
                edgecolor=STYLE[s]["edgecolor"],
                hatch=STYLE[s]["hatch"],
                linestyle=STYLE[s]["linestyle"],
                label=text,
            )
            for s, text in LEGEND
        ]
        fig.legend(handles=handles, loc="lower center", ncol=6, frameon=False, fontsize=7)
        if title:
            ax.set_title(title, fontsize=9)
        fig.tight_layout(rect=(0, 0.9 / height_cm, 1, 1))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
