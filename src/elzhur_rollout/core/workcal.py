"""The Russian production calendar: which days are working days.

Three layers, the later winning:

1. ``holidays.RU`` — public holidays and the government's transfers of days off (and the
   Saturdays made working by them);
2. ``calendar_data/ru-days-off.json`` shipped with the tool — one-off days off declared by
   presidential decrees (30.03–11.05.2020, 24.06.2020, 01.07.2020, …), which ``holidays``
   does not know; each entry names its decree;
3. the school's own ``calendar_exceptions`` in regulation.yaml — a local day off or a
   working Saturday, with its reason; and ``six_day_week: true`` — every Saturday that is
   not a holiday is a working day.

The first layer is read from ``calendar_data/ru-production.json``, written from ``holidays``
by ``tools/make_production_calendar.py`` for the years the tool is used in: ``check`` and
``status`` ask whether every due date is a working day, and importing ``holidays`` costs about
200 ms.  Outside those years ``holidays`` itself is asked (imported on first use).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elzhur_rollout.core.values import YearMonth

if TYPE_CHECKING:
    from elzhur_rollout.core.models import CalendarException

SHIPPED = Path(__file__).with_name("calendar_data") / "ru-days-off.json"
PRODUCTION = Path(__file__).with_name("calendar_data") / "ru-production.json"
PRODUCTION_YEARS = (2015, 2040)  # the years of the shipped federal table


def plus_days(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the calendar (0001-01-01 … 9999-12-31)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


@dataclass(frozen=True)
class DayOff:
    day: dt.date
    source: str


@lru_cache(maxsize=1)
def shipped_days_off() -> dict[dt.date, str]:
    """The decreed days off shipped with the tool: date → its decree."""
    raw = json.loads(SHIPPED.read_text(encoding="utf-8"))
    out: dict[dt.date, str] = {}
    for entry in raw["days_off"]:
        day, last = dt.date.fromisoformat(entry["from"]), dt.date.fromisoformat(entry["to"])
        while day <= last:
            out[day] = entry["source"]
            day += dt.timedelta(days=1)
    return out


@lru_cache(maxsize=1)
def federal_table() -> dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]]:
    """The shipped federal calendar: year → (public holidays, days whose working status is not
    that of «Monday to Friday»)."""
    raw = json.loads(PRODUCTION.read_text(encoding="utf-8"))["years"]

    def dates(year: int, days: list[str]) -> frozenset[dt.date]:
        return frozenset(dt.date(year, int(d[:2]), int(d[2:])) for d in days)

    return {int(y): (dates(int(y), v["holidays"]), dates(int(y), v["changed"])) for y, v in raw.items()}


class WorkCalendar:
    """Working days of a school: federal calendar, decreed days off, the school's exceptions."""

    def __init__(self, exceptions: Iterable[CalendarException] = (), six_day_week: bool = False) -> None:
        self._own = {e.date: e for e in exceptions}
        self._six_day = six_day_week
        self._federal: Any = None
        self._cache: dict[dt.date, bool] = {}
        self._last: dict[YearMonth, dt.date] = {}

    def _holidays(self) -> Any:
        if self._federal is None:
            import holidays  # lazy: holidays costs 80–200 ms; only for a year outside the shipped table

            self._federal = holidays.country_holidays("RU")
        return self._federal

    def is_working(self, day: dt.date) -> bool:
        known = self._cache.get(day)
        if known is not None:
            return known
        own = self._own.get(day)
        if own is not None:
            result = own.working
        elif day in shipped_days_off():
            result = False
        elif day.year in federal_table():
            holidays, changed = federal_table()[day.year]
            if self._six_day and day.weekday() == 5:  # a Saturday of a six-day week: unless a holiday
                result = day not in holidays
            else:
                result = (day.weekday() < 5) != (day in changed)
        elif self._six_day and day.weekday() == 5:
            result = day not in self._holidays()
        else:
            result = bool(self._holidays().is_working_day(day))
        self._cache[day] = result
        return result

    def days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Every day from ``start`` to ``end``; callers bound the span (the calendar's horizon)."""
        for n in range(max((end - start).days + 1, 0)):
            yield start + dt.timedelta(days=n)

    def weekdays_off(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Monday to Friday days that are not working days (holidays, transfers, decrees)."""
        return [d for d in self.days(start, end) if d.weekday() < 5 and not self.is_working(d)]

    def weekend_working(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Saturdays and Sundays that are working days (transfers, the school's exceptions)."""
        return [d for d in self.days(start, end) if d.weekday() >= 5 and self.is_working(d)]

    def last_working_day(self, month: YearMonth) -> dt.date:
        """The last working day of a month (its last day if, improbably, none is working)."""
        known = self._last.get(month)
        if known is None:
            known = self._last[month] = self._last_working_day(month)
        return known

    def _last_working_day(self, month: YearMonth) -> dt.date:
        day = month.end
        while day >= month.start:
            if self.is_working(day):
                return day
            day -= dt.timedelta(days=1)
        return month.end

    def on_or_after(self, day: dt.date) -> dt.date:
        """The working day on or after ``day``: a term that ends on a day off ends on the next
        working day (ТК РФ ст. 14, ГК РФ ст. 193); within 60 days, else ``day`` itself."""
        for ahead in range(61):
            try:
                candidate = day + dt.timedelta(days=ahead)
            except OverflowError:  # past 9999-12-31: the day itself
                return day
            if self.is_working(candidate):
                return candidate
        return day

    def on_or_before(self, day: dt.date) -> dt.date:
        """The working day on or before ``day`` (within a week; else ``day`` itself)."""
        for back in range(8):
            candidate = day - dt.timedelta(days=back)
            if self.is_working(candidate):
                return candidate
        return day


def school_calendar(bundle: Any) -> WorkCalendar:
    """The calendar of the school whose documents ``bundle`` holds."""
    reg = bundle.regulation
    return WorkCalendar(reg.calendar_exceptions, reg.six_day_week)
