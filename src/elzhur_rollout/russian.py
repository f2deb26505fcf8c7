"""Russian words for numbers, dates and terms shown to the user.

Plural categories and month names come from Babel's CLDR data (``ru``: one, few, many),
imported on first use so that commands which never need a plural do not pay for it.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .models import Deadline, Recurrence
from .values import YearMonth

STATUS_RU = {
    "planned": "запланировано",
    "in_progress": "выполняется",
    "done": "выполнено",
    "cancelled": "отменено",
}

CATEGORY_RU = {
    "pupils": "Обучающиеся",
    "teachers": "Педагогические работники",
    "parents": "Родители (законные представители)",
}

_EVERY_RU = {"day": "ежедневно", "week": "еженедельно", "month": "ежемесячно"}


@lru_cache(maxsize=None)
def _locale():  # type: ignore[no-untyped-def]
    from babel.core import Locale

    return Locale.parse("ru")


@lru_cache(maxsize=1024)
def _plural_form(n: int) -> str:
    return str(_locale().plural_form(n))


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 мероприятие», «2 мероприятия», «5 мероприятий» by the CLDR rules for Russian."""
    form = _plural_form(abs(n))
    word = {"one": one, "few": few}.get(form, many)
    return f"{n} {word}"


def days(n: int) -> str:
    return plural(n, "день", "дня", "дней")


def measures(n: int) -> str:
    return plural(n, "мероприятие", "мероприятия", "мероприятий")


@lru_cache(maxsize=None)
def month_name(month: int) -> str:
    """Nominative month name, lower case: «июнь»."""
    from babel.dates import format_date

    return format_date(dt.date(2000, month, 1), "LLLL", locale="ru")


@lru_cache(maxsize=256)
def long_date(d: dt.date) -> str:
    """«30 мая 2020 г.» with plain spaces, as in the order's heading."""
    from babel.dates import format_date

    return format_date(d, "d MMMM y 'г.'", locale="ru")


@lru_cache(maxsize=4096)
def short_date(d: dt.date) -> str:
    """«15.06.2020», the Russian numeric date (CLDR pattern dd.MM.yyyy)."""
    from babel.dates import format_date

    return format_date(d, "dd.MM.yyyy", locale="ru")


def _month_of(ym: YearMonth) -> str:
    return month_name(ym.month)


def recurrence_text(r: Recurrence) -> str:
    if r.every:
        return _EVERY_RU[r.every]
    if r.day_of_month is not None:
        return f"до {r.day_of_month} числа каждого месяца"
    return "по мере необходимости"


def deadline_text(d: Deadline, with_year: bool = True, capital: bool = False) -> str:
    """A deadline as the plan's «Сроки» column writes it: «июнь», «июнь – август», «до 15.06.2020»."""
    if d.month:
        text = _month_of(d.month) + (f" {d.month.year}" if with_year else "")
    elif d.from_ and d.to:
        same_year = d.from_.year == d.to.year
        left = _month_of(d.from_) + ("" if same_year or not with_year else f" {d.from_.year}")
        text = f"{left} – {_month_of(d.to)}" + (f" {d.to.year}" if with_year else "")
    elif d.date:
        text = short_date(d.date)
    elif d.until:
        text = f"до {short_date(d.until)}" + (f" и далее – {d.then}" if d.then else "")
    elif d.every:
        text = _EVERY_RU[d.every]
    elif d.day_of_month is not None:
        text = f"до {d.day_of_month} числа каждого месяца"
    else:
        text = d.when or ""
    return text[:1].upper() + text[1:] if capital else text


def did_you_mean(word: str, options: list[str], cutoff: float = 0.5) -> str:
    """«; возможно, имелось в виду «…»» for the closest option, or nothing."""
    import difflib

    close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return f"; возможно, имелось в виду «{close[0]}»" if close else ""
