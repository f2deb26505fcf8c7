"""Value types of the domain: a year-month, a measure's recorded status, and the kinds, states
and parts of the obligations of the agenda (``core.agenda``).

They travel through the code as these types, never as strings sliced apart; the YAML and
JSON spellings (``2020-06``, ``done``) are their ``str()``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic_core import core_schema

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
YEAR_MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


@dataclass(frozen=True, order=True)
class YearMonth:
    """A calendar month of a year, as the plan's deadlines name them: ``2020-06``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12 or not 1 <= self.year <= 9999:
            raise ValueError(f"нет такого месяца: {self.year:04d}-{self.month:02d}")

    @classmethod
    def parse(cls, text: str) -> YearMonth:
        match = _YEAR_MONTH.match(text)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueError(f"месяц записывается как ГГГГ-ММ, например 2020-06; получено «{text}»")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> YearMonth:
        return cls(day.year, day.month)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the month."""
        if self.month == 12:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, self.month + 1, 1) - dt.timedelta(days=1)

    def plus(self, months: int) -> YearMonth:
        index = self.year * 12 + self.month - 1 + months
        return YearMonth(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    # pydantic: read from «ГГГГ-ММ» text, written back as text, described as a string pattern
    @classmethod
    def __get_pydantic_core_schema__(cls, _source: Any, _handler: Any) -> Any:

        def validate(value: Any) -> YearMonth:
            if isinstance(value, YearMonth):
                return value
            if not isinstance(value, str):
                raise ValueError(f"месяц записывается как ГГГГ-ММ, например 2020-06; получено «{value}»")
            return cls.parse(value)

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, _schema: Any, _handler: Any) -> dict[str, Any]:
        return {"type": "string", "pattern": YEAR_MONTH_PATTERN}


class MeasureStatus(StrEnum):
    """What the plan records about a measure."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def closed(self) -> bool:
        return self in (MeasureStatus.DONE, MeasureStatus.CANCELLED)


class Kind(StrEnum):
    """What kind of thing is owed."""

    MEASURE = "measure"  # a measure of the plan
    ORDER_ITEM = "order_item"  # an order item with a deadline and people named for it
    DATA_ENTRY = "data_entry"  # one category of data to enter by the order's deadline
    UPDATES = "updates"  # the order's rule that the data are kept fresh
    DUTY = "duty"  # a recurring duty of a role of the regulation


class State(StrEnum):
    """Where an obligation stands on the day: the one vocabulary of every view."""

    DONE = "done"
    IN_PROGRESS = "in_progress"  # recorded as started (a measure), data partly entered
    PLANNED = "planned"  # inside its period, nothing recorded: «не начато»
    UPCOMING = "upcoming"  # its period has not begun; a recurring obligation whose next term is ahead
    OVERDUE = "overdue"
    CANCELLED = "cancelled"
    NOT_TRACKED = "not_tracked"  # the data cannot tell (an order item without counts; a duty out of force)

    @property
    def closed(self) -> bool:
        return self in (State.DONE, State.CANCELLED)


# the order in which views list and count states: the most urgent first
STATE_ORDER = (State.OVERDUE, State.IN_PROGRESS, State.PLANNED, State.UPCOMING, State.NOT_TRACKED, State.DONE, State.CANCELLED)


class Part(StrEnum):
    """How somebody owes an obligation."""

    RESPONSIBLE = "responsible"
    CO_EXECUTOR = "co_executor"
    SERVES = "serves"  # a duty of a role they hold serves the measure (regulation, ``measures``)
    GROUP = "group"  # the order's own deadline, owed by the working group as a whole
