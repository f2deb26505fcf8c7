"""Pydantic schema of the three data files: order.yaml, plan.yaml, regulation.yaml.

The models only describe the shape of the documents and the invariants of a single value
(a deadline has exactly one form, a person has either full names or initials).  Rules that
look across records or at the calendar live in ``checks``.  Messages raised here are shown
to the user, so they are Russian.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from elzhur_rollout.core.values import MeasureStatus, YearMonth

Key = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
Case = Literal["gent", "datv", "accs", "ablt", "loct"]
Gender = Literal["male", "female"]


def _int_to_str(value: Any) -> Any:
    """Numbers and ids may be written bare in YAML (`number: 188`); they are strings.
    An integer written otherwise than in plain decimal (``0x2``, ``0o7``, ``007``, ``+5``) is
    refused: «0x2» silently becoming «2» would renumber a measure.  A float (``151.1``) is
    refused by the type with a hint to quote it (``schema_messages``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = getattr(value, "text", None)
        if text is not None:
            raise ValueError(
                f"«{text}» читается в YAML как число {int(value)}; номер пишите цифрами без знака и "
                f'ведущих нулей ({int(value)}) или, если он именно такой, возьмите его в кавычки: "{text}"'
            )
        return str(value)
    return value


# The JSON Schema says what the loader accepts at the schema stage: a text or a bare integer.
StrId = Annotated[
    str,
    BeforeValidator(_int_to_str),
    StringConstraints(min_length=1),
    WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}),
]

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: Any) -> Any:
    """Dates are written ГГГГ-ММ-ДД and nothing else: pydantic alone would also take a number
    of seconds (``done_on: 0`` is 1970-01-01) or a date with a time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        return value
    raise ValueError(f"ожидается дата в виде ГГГГ-ММ-ДД, например 2020-06-15; получено «{value}»")


def _exact(kind: type) -> Any:
    """Only a value of this very type: ``true`` is not the number 1, nor 1 or "yes" true."""

    def check(value: Any) -> Any:
        if type(value) is not kind:
            shown = "пусто" if value is None else f"«{value}»"
            expected = "true или false" if kind is bool else "целое число"
            raise ValueError(f"ожидается {expected}; получено: {shown}")
        return value

    return BeforeValidator(check)


# The data format's version: 2 since the format grew additively; version-1 files are
# refused with a located message by the loader and rewritten by ``rollout migrate``.
FORMAT_VERSION = 2
Version = Annotated[Literal[2], _exact(int)]
Int = Annotated[int, Strict()]  # a count or a day: written as a number, not "7" nor true
MAX_COUNT = 100_000  # pupils, teachers or parents of one school: far above any real school
MAX_DAYS = 1096  # a term in days (how often data are updated): three years at most
Flag = Annotated[bool, Strict()]

Date = Annotated[
    dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date", "pattern": _ISO_DATE.pattern})
]
Text = Annotated[str, StringConstraints(min_length=1)]


class Model(BaseModel):
    # defer_build: only the three documents build a validator, on first use; nested models
    # are validated inside them and never need their own (saves ~30 ms at start-up).
    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


# --------------------------------------------------------------------------- people


class Person(Model):
    surname: Text
    first_name: Text | None = None
    patronymic: Text | None = None
    initials: Annotated[str, StringConstraints(pattern=r"^([А-ЯЁ]\.){1,2}$")] | None = None
    gender: Gender | None = None
    position: Text
    roles: list[Key] = Field(default_factory=list)
    name_forms: dict[Case, Text] = Field(default_factory=dict)
    position_forms: dict[Case, Text] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _names(self) -> Person:
        if self.first_name is None and self.initials is None:
            raise ValueError("укажите имя и отчество (first_name, patronymic) или инициалы (initials), например «Е.Н.»")
        if self.first_name is not None and self.initials is not None:
            raise ValueError("укажите либо имя и отчество, либо инициалы, но не то и другое сразу")
        return self

    @property
    def initials_text(self) -> str:
        if self.initials is not None:
            return self.initials
        parts = [self.first_name, self.patronymic]
        return "".join(f"{p[0]}." for p in parts if p)

    @property
    def short_name(self) -> str:
        """As in tables: «Рыженко Е.Н.»."""
        return f"{self.surname} {self.initials_text}"

    @property
    def signature_name(self) -> str:
        """As under a signature: «Е.С. Лойко»."""
        return f"{self.initials_text} {self.surname}"

    @property
    def inferred_gender(self) -> Gender | None:
        if self.gender:
            return self.gender
        if self.patronymic:
            if self.patronymic.endswith(("вна", "чна", "кызы")):
                return "female"
            if self.patronymic.endswith(("вич", "ьич", "оглы")):
                return "male"
        return None


class Letterhead(Model):
    """The organisation's details printed under its name in the order's header (all optional)."""

    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    ogrn: Text | None = None
    inn: Text | None = None


class Organization(Model):
    full_name: Text
    short_name: Text
    legal_form: Text
    short_name_forms: dict[Case, Text] = Field(default_factory=dict)
    # the full name's cases for a reference «{org:род:полное}», where the derived one is wrong
    full_name_forms: dict[Case, Text] = Field(default_factory=dict)
    short_name_line: Flag = False
    letterhead: Letterhead | None = None
    # the higher body's line above the name («Управление образования администрации … района»)
    higher_body: Text | None = None


class Platform(Model):
    """The electronic journal the school moves to: the ``platform:`` section of order.yaml."""

    name: Text
    forms: dict[Case, Text] = Field(default_factory=dict)
    alias: Text | None = None
    url: Text | None = None


# consultative stamps stand on the left, approval on the right (ГОСТ Р 7.0.97: «УТВЕРЖДАЮ» top right)
APPROVAL_SIDE = {"agreed": "left", "accepted": "left", "considered": "left", "opinion": "left", "approved": "right"}


class Approval(Model):
    """A stamp: СОГЛАСОВАНО, ПРИНЯТО, РАССМОТРЕНО, УЧТЕНО мнение or УТВЕРЖДЕН(О/А/Ы):
    by whom, on which protocol or order."""

    kind: Literal["agreed", "approved", "accepted", "considered", "opinion"]
    body: Text
    person: Key | None = None
    acting: Flag = False
    acting_for: Text = "директор"
    acting_title: Text | None = None
    document: Text | None = None
    number: StrId | None = None
    date: Date | None = None
    side: Literal["left", "right"] | None = None

    @property
    def placed(self) -> str:
        return self.side or APPROVAL_SIDE[self.kind]


# --------------------------------------------------------------------------- terms


class Recurrence(Model):
    """How often a duty recurs: exactly one of the fields."""

    every: Literal["day", "week", "month", "quarter", "year", "term"] | None = None
    day_of_month: Annotated[Int, Field(ge=1, le=31)] | None = None
    on_demand: Annotated[Literal[True], _exact(bool)] | None = None
    # «постоянно»: no due date, never overdue
    constantly: Annotated[Literal[True], _exact(bool)] | None = None
    # «в течение учебного года»: a continuous activity, never overdue
    school_year: Annotated[Literal[True], _exact(bool)] | None = None
    # «в течение N рабочих дней после проведения работы»: counted from a recorded event
    after_event: Text | None = None

    @model_validator(mode="after")
    def _one(self) -> Recurrence:
        kinds = ("every", "day_of_month", "on_demand", "constantly", "school_year", "after_event")
        given = [f for f in kinds if getattr(self, f) is not None]
        if len(given) != 1:
            raise ValueError(
                "периодичность задаётся ровно одним ключом: every (day, week, month, quarter, year, term), "
                "day_of_month (1–31), on_demand: true, constantly: true, school_year: true или after_event"
            )
        return self

    # with every: month — «в последнюю пятницу месяца» (week: -1) or «во вторую среду» (week: 2)
    week: Annotated[Int, Field(ge=-1, le=5)] | None = None
    # with every: quarter — «до 5 числа месяца, следующего за отчётным»
    due_day: Annotated[Int, Field(ge=1, le=31)] | None = None
    # with every: term — «не реже одного раза в учебный период»: done any day within each period
    within: Annotated[Literal[True], _exact(bool)] | None = None
    # with every: day — school holidays (каникулы of the school year) are not days of the duty
    skip_holidays: Annotated[Literal[True], _exact(bool)] | None = None

    # A weekly duty on a fixed weekday («каждую пятницу»); only with every: week.
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] | None = None
    # Every N weeks («раз в две недели»); only with every: week.
    interval: Annotated[Int, Field(ge=2, le=52)] | None = None
    # «в течение N рабочих дней после окончания четверти» (every: term, 1–60) or «не позднее N
    # рабочих дней после проведения работы» (after_event, 0–60: 0 is the day of the event).
    working_days: Annotated[Int, Field(ge=0, le=60)] | None = None
    # The wording as the source writes it («по пятницам»); the structured form drives the tracking.
    text: Text | None = None

    @model_validator(mode="after")
    def _weekday_weekly(self) -> Recurrence:
        if self.week is not None and (self.every != "month" or self.weekday is None or self.week == 0):
            raise ValueError(
                "неделя месяца (week: 1…5 или -1 — последняя) задаётся вместе с every: month и днём недели (weekday)"
            )
        if self.weekday is not None and self.every != "week" and self.week is None:
            raise ValueError("день недели (weekday) задаётся только вместе с every: week")
        if self.due_day is not None and self.every != "quarter":
            raise ValueError("число месяца после квартала (due_day) задаётся только вместе с every: quarter")
        if self.within is not None and self.every != "term":
            raise ValueError("within: true («не реже одного раза в учебный период») задаётся только вместе с every: term")
        if self.skip_holidays is not None and self.every != "day":
            raise ValueError("skip_holidays: true задаётся только вместе с every: day")
        if self.interval is not None and self.every != "week":
            raise ValueError("интервал в неделях (interval) задаётся только вместе с every: week")
        if self.working_days is not None and self.every != "term" and self.after_event is None:
            raise ValueError(
                "рабочие дни (working_days) задаются только вместе с every: term (после окончания периода) "
                "или с after_event (после события)"
            )
        if self.working_days == 0 and self.every == "term":
            raise ValueError("с every: term рабочих дней после окончания периода (working_days) должно быть от 1 до 60")
        return self

    @property
    def period_days(self) -> int | None:
        """The longest allowed gap between two executions; None when on demand or by the
        school's periods."""
        if self.every == "day":
            return 1
        if self.every == "week":
            return 7 * (self.interval or 1)
        if self.every == "month" or self.day_of_month is not None:
            return 31
        if self.every == "quarter":
            return 92
        if self.every == "year":
            return 366
        return None


class Deadline(Model):
    """A deadline in one of its forms: a month, a month range, a date, "до <date>",
    "с <date>", a date range, the end of a school period, the school year, a recurring term
    or a condition."""

    month: YearMonth | None = None
    from_: YearMonth | None = Field(default=None, alias="from")
    to: YearMonth | None = None
    date: Date | None = None
    # «с 02.09.2024»; with until, the range «02.09.2024 – 10.09.2024»
    since: Date | None = None
    until: Date | None = None
    then: Text | None = None
    # the end of a school period by its name in the regulation's school_year («I четверть»)
    end_of: Text | None = None
    # «в течение учебного года»: due at the end of the school year's last period, when known
    school_year: Annotated[Literal[True], _exact(bool)] | None = None
    # «в течение 5 рабочих дней с 02.09.2024» (with since) or «… после окончания I четверти»
    # (with end_of): counted by the school's production calendar
    working_days: Annotated[Int, Field(ge=1, le=60)] | None = None
    every: Literal["day", "week", "month", "quarter", "year", "term"] | None = None
    # «постоянно»: no due date, never overdue
    constantly: Annotated[Literal[True], _exact(bool)] | None = None
    # with every: week — on a weekday («по пятницам»), every N weeks («раз в 2 недели»)
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] | None = None
    interval: Annotated[Int, Field(ge=2, le=52)] | None = None
    day_of_month: Annotated[Int, Field(ge=1, le=31)] | None = None
    when: Text | None = None
    # the wording as the source writes it; the structured form above drives the tracking
    text: Text | None = None

    # the last day of the named period (end_of), of the school year, or of the working days
    # (working_days): filled in by the loader (domain.resolve_periods)
    _period_end: dt.date | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _one_form(self) -> Deadline:
        forms = {
            "month": self.month is not None,
            "from/to": self.from_ is not None or self.to is not None,
            "date": self.date is not None,
            "until/since": self.until is not None or self.since is not None,
            "end_of": self.end_of is not None,
            "school_year": self.school_year is not None,
            "every": self.every is not None,
            "constantly": self.constantly is not None,
            "day_of_month": self.day_of_month is not None,
            "when": self.when is not None,
        }
        chosen = [k for k, v in forms.items() if v]
        if len(chosen) != 1:
            raise ValueError(
                "срок задаётся ровно одной формой: month: 2020-06; from: 2020-06 и to: 2020-08; "
                "date: 2020-06-15; until: 2020-06-15 (с необязательным then); since: 2020-06-15 "
                "(с необязательным until); end_of: «I четверть»; school_year: true; every: week; constantly: true; "
                "day_of_month: 10; when: «условие»"
            )
        if chosen == ["from/to"]:
            if self.from_ is None or self.to is None:
                raise ValueError("диапазон месяцев требует обоих ключей: from и to")
            if self.to <= self.from_:
                raise ValueError(f"конец диапазона ({self.to}) должен быть позже начала ({self.from_})")
        if self.since is not None and self.until is not None and self.until < self.since:
            raise ValueError(f"конец диапазона ({self.until}) должен быть не раньше начала ({self.since})")
        if (self.weekday is not None or self.interval is not None) and self.every != "week":
            raise ValueError("день недели (weekday) и интервал в неделях (interval) задаются только вместе с every: week")
        if self.working_days is not None and not (self.end_of or (self.since and self.until is None)):
            raise ValueError("рабочие дни (working_days) задаются вместе с since (без until) или с end_of")
        if self.then is not None and (self.until is None or self.since is not None):
            raise ValueError("ключ then допустим только вместе с until (без since)")
        return self

    @property
    def due(self) -> dt.date | None:
        """The last day on which the work still counts as on time; None for open terms."""
        if self.month:
            return self.month.end
        if self.to:
            return self.to.end
        if self.end_of is not None or self.school_year or self.working_days:
            return self._period_end
        return self.date or self.until

    @property
    def start(self) -> dt.date | None:
        if self.month:
            return self.month.start
        if self.from_:
            return self.from_.start
        return self.since


# --------------------------------------------------------------------------- order


# the case a preamble's verb governs: «Во исполнение приказа», «В соответствии с приказом»
BASIS_VERB_CASE: dict[str, Case] = {
    "во исполнение": "gent",
    "в соответствии с": "ablt",
    "на основании": "gent",
    "в целях исполнения": "gent",
    "в целях реализации": "gent",
    "согласно": "datv",
}


class BasisDocument(Model):
    """An act the order rests on: «приказа управления образования … от 26.08.2024 № 412 «О …»»
    after its verb («Во исполнение», «В соответствии с», «На основании»)."""

    kind: Text = "приказ"
    issuer: Text | None = None
    issuer_genitive: Text | None = None
    date: Date
    number: StrId
    # the verb before this act; without it the act continues the previous verb («Во исполнение» first)
    verb: Text | None = None
    # the case the verb governs, when it is not one of BASIS_VERB_CASE
    case: Case | None = None
    title: Text | None = None
    # «от 30.05.2020 г. № 188» (true) or «от 30.05.2020 № 188» (false)
    year_mark: Flag = True
    # «решения педагогического совета (протокол от 29.08.2025 № 1)»
    protocol: Flag = False
    # «Положением …, утверждённым приказом от 31.08.2023 № 96»: the words before the date
    approved_by: Text | None = None

    @model_validator(mode="after")
    def _verb_case(self) -> BasisDocument:
        if self.verb is not None and self.case is None and self.verb.strip().lower() not in BASIS_VERB_CASE:
            raise ValueError(
                f"падеж после «{self.verb}» неизвестен: укажите case (gent, datv, accs, ablt, loct); известные слова: "
                + ", ".join(f"«{v}»" for v in BASIS_VERB_CASE)
            )
        return self

    @property
    def governed_case(self) -> Case | None:
        """The case the act's own verb governs (None: the previous verb's)."""
        if self.case is not None:
            return self.case
        return BASIS_VERB_CASE[self.verb.strip().lower()] if self.verb is not None else None


class Revocation(Model):
    """«Признать утратившим силу приказ от 30.08.2024 № 118-од»: the earlier order, typed."""

    kind: Text = "приказ"
    date: Date
    number: StrId
    title: Text | None = None


class DataCategory(Model):
    """Data entry for one category of people, as counts only: never personal data."""

    category: Key
    text: Text
    entered: Annotated[Int, Field(ge=0, le=MAX_COUNT)] = 0
    total: Annotated[Int, Field(ge=0, le=MAX_COUNT)] | None = None
    as_of: Date | None = None
    # false: tracked only, no «– …» line under the item
    printed: Flag = True

    @model_validator(mode="after")
    def _counts(self) -> DataCategory:
        if self.total is not None and self.entered > self.total:
            raise ValueError(f"внесено ({self.entered}) больше, чем всего ({self.total})")
        return self


class UpdateTracking(Model):
    within_days: Annotated[Int, Field(ge=1, le=MAX_DAYS)]
    last_update: Date | None = None


class OrderItem(Model):
    number: StrId | None = None
    text: Text
    bullets: list[Text] = Field(default_factory=list)
    items: list[OrderItem] = Field(default_factory=list)
    deadline: Deadline | None = None
    working_group: Flag = False
    appendix: Key | None = None
    data_entry: list[DataCategory] = Field(default_factory=list)
    updates: UpdateTracking | None = None
    responsible: list[Key] = Field(default_factory=list)
    co_executors: list[Key] = Field(default_factory=list)
    # false: the deadline stands inside the item's sentence («… в срок до 10.09.2024»): tracked, no line printed
    deadline_line: Flag = True
    # the progress of an item with a deadline, as for a measure (rollout done/start/cancel п4)
    status: MeasureStatus = MeasureStatus.PLANNED
    done_on: Date | None = None
    note: Text | None = None
    # a recurring duty the item gives («ежемесячно представлять …»): tracked, nothing printed
    recurs: Recurrence | None = None
    last_done: Date | None = None
    # with recurs.after_event: the day the event last happened (rollout event)
    last_event: Date | None = None
    # «Признать утратившим силу приказ от … № …»: the earlier order (rollout check compares dates)
    revokes: Revocation | None = None


class RoleDeclaration(Model):
    """A role named in the order or the plan that has no duties in the regulation
    («классные руководители 1–11 классов»): its title and whether it is collective."""

    title: Text
    collective: Flag = False
    # the role as a plan's or a cyclogram's cell prints it («классные руководители»)
    plan_title: Text | None = None
    # one holder of the role in a person's agenda («как член комиссии»)
    holder_title: Text | None = None
    # the title's cases inside a sentence, for a reference «{ключ:дат}», where the derived one is wrong
    title_forms: dict[Case, Text] = Field(default_factory=dict)


class Member(Model):
    person: Key
    area: Text | None = None
    # the chairman, listed first under ``group_list.chair_label``
    chair: Flag = False


class GroupList(Model):
    """How the order lists its working group or commission: «– Рыженко Е.Н., заместителя …»
    (genitive, short names: the default) or in the nominative with full names under
    «председатель комиссии:» and «члены комиссии:»."""

    case: Literal["gent", "nomn"] = "gent"
    names: Literal["short", "full"] = "short"
    chair_label: Text | None = None
    members_label: Text | None = None


class SectionClause(Model):
    """A numbered clause of a section: its computed number («1.2.») or an explicit ``label``
    printed exactly as written («1.5.», «08.02.01»)."""

    label: Text | None = None
    text: Text
    # a recurring duty the paragraph states: tracked (status, check, calendar), nothing printed
    recurs: Recurrence | None = None
    responsible: list[Key] = Field(default_factory=list)
    last_done: Date | None = None
    last_event: Date | None = None


class Section(Model):
    """A section of a regulation or a text appendix: «1. Общие положения» → 1.1, 1.2.
    ``duties: true`` puts the roles and their duties (regulation.yaml) under this section."""

    label: Text | None = None
    title: Text
    clauses: list[SectionClause] = Field(default_factory=list)
    duties: Flag = False


class ScheduleRow(Model):
    """A row of a cyclogram: who (a role or a person), how often, what."""

    role: Key
    frequency: Text
    task: Text
    # the frequency as tracked (the printed ``frequency`` stays as written)
    recurs: Recurrence | None = None
    last_done: Date | None = None
    last_event: Date | None = None


class Column(Model):
    """A column of a table appendix: which field it shows and its heading; ``empty`` is what an
    empty cell prints («—»); ``width`` in centimetres."""

    field: Key
    title: Text
    empty: str = ""
    width: Annotated[float, Field(gt=0, le=30)] | None = None


class AppendixMark(Model):
    """The appendix mark at the top right: «Приложение 1 к приказу … от … № …» and the approval.
    ``approval``: combined — «Приложение 1 / УТВЕРЖДЕН / приказом …» (the default when the
    order approves it); separate — the mark, then «УТВЕРЖДЕН / <approved_by> / от … № …»
    apart; none — the mark alone."""

    approval: Literal["combined", "separate", "none"] = "combined"
    approved_by: Text | None = None
    organization: Flag = True
    number_sign: Flag = False


APPENDIX_KINDS = ("plan", "regulation", "text", "instruction", "schedule", "reference")


class Appendix(Model):
    key: Key
    kind: Literal["plan", "regulation", "text", "instruction", "schedule", "reference"]
    title: Text | None = None
    paragraphs: list[Text] = Field(default_factory=list)
    # a number as written in the order («3»), instead of the position in the list
    number: StrId | None = None
    # the registry code of the document («ДИ-07»), printed in its mark
    code: Text | None = None
    # «(новая редакция)» under the title
    revision: Flag = False
    # the appendix's own stamps (the plan and the regulation keep theirs in their files)
    approvals: list[Approval] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    # a job instruction: the role it is for (its holders sign the acknowledgement)
    role: Key | None = None
    # a cyclogram: role × frequency × task
    rows: list[ScheduleRow] = Field(default_factory=list)
    # the appendix mark's layout
    mark: AppendixMark | None = None
    # a cyclogram's columns (fields: number, role, frequency, task), in order
    columns: list[Column] = Field(default_factory=list)

    @model_validator(mode="after")
    def _text_kind(self) -> Appendix:
        own_text = self.kind in ("text", "instruction")
        if self.kind == "text" and (self.title is None or not (self.paragraphs or self.sections)):
            raise ValueError("приложение вида text требует заголовка (title) и абзацев (paragraphs) или разделов (sections)")
        if self.kind == "instruction" and (self.title is None or not self.sections):
            raise ValueError("должностная инструкция (instruction) требует заголовка (title) и разделов (sections)")
        if self.kind == "schedule" and (self.title is None or not self.rows):
            raise ValueError("циклограмма (schedule) требует заголовка (title) и строк (rows)")
        if self.kind == "reference" and self.title is None:
            raise ValueError("приложение вида reference (только упоминается в приказе) требует заголовка (title)")
        if not own_text and (self.paragraphs or self.sections):
            raise ValueError(f"приложение вида {self.kind} не содержит абзацев и разделов; paragraphs и sections здесь не нужны")
        if self.kind != "schedule" and self.rows:
            raise ValueError("строки (rows) бывают только у циклограммы (kind: schedule)")
        if self.kind in ("plan", "regulation") and self.approvals:
            raise ValueError(f"грифы приложения вида {self.kind} записываются в его файле (раздел approvals)")
        return self


class Control(Model):
    person: Key | None = None
    # «Контроль за исполнением <this> приказа …»: данного (default) or настоящего
    this: Text = "данного"
    # how the person is named (the forms of references): «Морозова П.С., заместителя …» by default
    form: Literal["инициалы", "полное", "должность-инициалы", "инициалы-должность", "должность-полное", "полное-должность"] = (
        "инициалы-должность"
    )
    # the mark «Контроль» at the top of the first page (ГОСТ Р 7.0.97)
    mark: Flag = False


class DocumentHead(Model):
    kind: Text
    date: Date
    date_style: Literal["words", "numeric", "quoted"] = "words"
    number: StrId
    place: Text | None = None
    title: Text
    # a draft for the secretary (``rollout next-year``): the number and the date are placeholders,
    # printed as blanks, until ``rollout sign`` writes them
    draft: Flag = False


class Signatory(Model):
    """Who signs, when more than the key is needed: an acting director («И.о. директора»)."""

    person: Key
    acting: Flag = False
    acting_for: Text = "директор"
    acting_title: Text | None = None
    # the position line exactly as printed («Директор школы», «И.о. директора»)
    line: Text | None = None


class Acquaintance(Model):
    """«С приказом ознакомлены:» at the end of the order itself."""

    people: list[Key] = Field(default_factory=list)
    # «С приказом ознакомлены: (лист ознакомления)»: one line, the signatures on the separate sheet
    sheet_line: Flag = False


class Signed(Model):
    """A signature in a requisite: the position, «(подпись)», the name («Т.А. Лукина») of a
    person by key or as written, and the date on the next line."""

    position: Text
    person: Key | None = None
    name: Text | None = None
    date: Date | None = None

    @model_validator(mode="after")
    def _who(self) -> Signed:
        if (self.person is None) == (self.name is None):
            raise ValueError("укажите либо person (ключ сотрудника), либо name («Т.А. Лукина»)")
        return self


class Filed(Signed):
    """«В дело № 01-09» with the signature of who filed it."""

    case: Text


class MailingEntry(Model):
    """One addressee of «Разослать:»: a person by key (in the dative) or as written («в дело»)."""

    person: Key | None = None
    to: Text | None = None
    copies: Annotated[Int, Field(ge=1)] = 1

    @model_validator(mode="after")
    def _who(self) -> MailingEntry:
        if (self.person is None) == (self.to is None):
            raise ValueError("укажите либо person (ключ сотрудника), либо to («в дело»)")
        return self


class Executor(Model):
    """The executor mark: the full name of the person and a phone."""

    person: Key
    phone: Text | None = None


class ESignature(Model):
    """The stamp of an electronic signature."""

    certificate: Text
    owner: Text
    valid_from: Date
    valid_to: Date


class Decree(Model):
    """The decree word: «ПРИКАЗЫВАЮ:» on its own line, or inline at the end of the preamble
    («… учебном году приказываю:»)."""

    text: Text = "ПРИКАЗЫВАЮ:"
    inline: Flag = False


Commit = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,64}$")]


class Signature(Model):
    """What ``rollout sign`` remembers: the git commit whose data were signed.  The signed text
    is the documents of that commit with the number and the date written by the signature."""

    commit: Commit
    # who the signed order names (its acquaintance sheet), as ``rollout sign`` found them
    named: list[Key] | None = None


class AmendmentChange(Model):
    """One sub-item of an amending order: its sentence, and the text it quotes (the new
    paragraph or item), one paragraph a line, printed in «…»."""

    text: Text
    quoted: list[Text] = Field(default_factory=list)


class Amendment(Model):
    """An amending order («О внесении изменений в приказ от … № …»), drafted by ``rollout amend``
    from the difference between the signed revision and the data, signed by ``rollout sign``."""

    title: Text
    number: StrId | None = None
    date: Date | None = None
    purpose: Text
    changes: list[AmendmentChange] = Field(min_length=1)
    # the appendices it changes (those set out anew are also in ``restated``)
    appendices: list[Key] = Field(default_factory=list)
    restated: list[Key] = Field(default_factory=list)
    # people it names anew: they are acquainted from its date; its own acquaintance sheet
    named: list[Key] = Field(default_factory=list)
    # the signed revision it amends, and a fingerprint of the printed text it brings about
    base: Commit
    result: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16,64}$")]
    signed: Signature | None = None


class PrintSettings(Model):
    """How the documents are printed: the optional ``print:`` section of order.yaml."""

    hyphenation: Annotated[Flag, Field(description="Автоматические переносы в основном тексте (false — без переносов).")] = True
    ack_empty_rows: Annotated[
        Int, Field(ge=0, le=100, description="Сколько пустых строк добавить в лист ознакомления для других сотрудников.")
    ] = 5
    ack_signatory: Annotated[Flag, Field(description="true — включить в лист ознакомления и того, кто подписывает приказ.")] = (
        False
    )
    ack_sheet: Annotated[Flag, Field(description="false — не печатать отдельный лист ознакомления.")] = True
    ack_per_document: Annotated[
        Flag, Field(description="true — отдельный лист ознакомления для приказа и для каждого приложения.")
    ] = False
    stamps: Annotated[
        Literal["stack", "columns"],
        Field(
            description="stack — грифы один под другим справа; columns — в две колонки: согласования слева, утверждение справа."
        ),
    ] = "stack"
    list_punctuation: Annotated[
        Literal["as_written", "russian"],
        Field(description="russian — перечисления после двоеточия заканчиваются «;», последнее — «.»; as_written — как в YAML."),
    ] = "as_written"


class Order(Model):
    schema_version: Version
    organization: Organization
    people: dict[Key, Person]
    document: DocumentHead
    approvals: list[Approval] = Field(default_factory=list)
    basis: list[BasisDocument] = Field(default_factory=list)
    purpose: Text | None = None
    # what closes the preamble: «,» by default; "" — nothing
    preamble_end: str | None = None
    decree: Decree = Decree()
    items: list[OrderItem]
    working_group: list[Member] = Field(default_factory=list)
    group_list: GroupList = GroupList()
    roles: dict[Key, RoleDeclaration] = Field(default_factory=dict)
    appendices: list[Appendix] = Field(default_factory=list)
    control: Control = Control()
    signatory: Key | Signatory
    acquaintance: Acquaintance | None = None
    # requisites after the signature (ГОСТ Р 7.0.97), printed in this order
    e_signature: ESignature | None = None
    visas: list[Signed] = Field(default_factory=list)
    copy_certified: Signed | None = None
    mailing: list[MailingEntry] = Field(default_factory=list)
    executor: Executor | None = None
    filed: Filed | None = None
    print_: PrintSettings = Field(
        default_factory=PrintSettings, alias="print", description="Настройки печати: переносы, лист ознакомления."
    )
    # Who signs the progress report (справка); by default the deputy director leading the group.
    reporter: Key | None = None
    platform: Platform | None = None
    # the order's life after signing: ``rollout sign``, ``rollout acquainted``, ``rollout amend``
    signed: Signature | None = None
    acquainted: dict[Key, Date] = Field(default_factory=dict)
    acquaint_within: Annotated[Int, Field(ge=1, le=60)] = 3
    amendments: list[Amendment] = Field(default_factory=list)

    @field_validator("appendices")
    @classmethod
    def _one_plan_one_regulation(cls, appendices: list[Appendix]) -> list[Appendix]:
        seen: dict[str, int] = {}
        for i, app in enumerate(appendices, 1):
            if app.kind in ("plan", "regulation") and app.kind in seen:
                source = "plan.yaml" if app.kind == "plan" else "regulation.yaml"
                raise ValueError(
                    f"приложение вида {app.kind} указано дважды (приложения {seen[app.kind]} и {i}), "
                    f"а {source} один; удалите лишнее"
                )
            seen.setdefault(app.kind, i)
        return appendices

    @model_validator(mode="after")
    def _preamble(self) -> Order:
        if not self.basis and self.purpose is None:
            raise ValueError("приказу нужна преамбула: основания (basis) или цель (purpose)")
        return self

    @property
    def signatory_key(self) -> str:
        """The key of the person who signs (``signatory`` is a key or a mapping with ``person``)."""
        return self.signatory if isinstance(self.signatory, str) else self.signatory.person

    @property
    def signer(self) -> Signatory:
        return Signatory(person=self.signatory) if isinstance(self.signatory, str) else self.signatory

    def appendix_number(self, key: str) -> int | str | None:
        """The appendix's number: as written (``number``) or its place in the list."""
        for i, app in enumerate(self.appendices, 1):
            if app.key == key:
                return app.number if app.number is not None else i
        return None


# --------------------------------------------------------------------------- plan


class Measure(Model):
    id: StrId
    text: Text
    points: list[Text] = Field(default_factory=list)
    deadline: Deadline
    responsible: list[Key] = Field(default_factory=list)
    co_executors: list[Key] = Field(default_factory=list)
    status: MeasureStatus = MeasureStatus.PLANNED
    done_on: Date | None = None
    note: Text | None = None
    evidence: Text | None = None
    # a stage row printed above this measure («Этап 1. Подготовительный»)
    stage: Text | None = None
    # the texts of the plan's extra columns by field («result: Сведения внесены»)
    cells: dict[Key, Text] = Field(default_factory=dict)
    # a recurring row (a monthly inspection): the days it was carried out, one a period
    # (rollout done records them); the status stays open
    recurs: Recurrence | None = None
    executions: list[Date] = Field(default_factory=list)

    @property
    def last_done(self) -> dt.date | None:
        """The latest execution of a recurring row."""
        return max(self.executions, default=None)


class Plan(Model):
    schema_version: Version
    title: Text
    approvals: list[Approval] = Field(default_factory=list)
    measures: list[Measure]
    # the table's columns in order (fields: number, text, deadline, responsible, co_executors or
    # a key of the measures' cells); without them the standard four or five
    columns: list[Column] = Field(default_factory=list)
    # «1.» (dot) or «1» (plain)
    numbering: Literal["dot", "plain"] = "dot"
    # the responsible in a cell: one per line, or in one line separated by commas
    responsible_separator: Literal["line", "comma"] = "line"
    # a paragraph under the table («Примечание. …»)
    note: Text | None = None
    # false: the deadline column as written («до 15.09.2025»), not «До 15.09.2025»
    capital_deadlines: Flag = True


# --------------------------------------------------------------------------- regulation


class Clause(Model):
    kind: Literal["scope", "purpose", "recipients", "other"] = "other"
    text: Text | None = None
    # the role's heading and duties printed here, numbered as this clause
    role: Key | None = None
    # a recurring duty the paragraph states: tracked (status, check, calendar), nothing printed
    recurs: Recurrence | None = None
    responsible: list[Key] = Field(default_factory=list)
    last_done: Date | None = None
    last_event: Date | None = None

    @model_validator(mode="after")
    def _text_or_role(self) -> Clause:
        if (self.text is None) == (self.role is None):
            raise ValueError("пункт регламента — это текст (text) или роль с обязанностями (role), одно из двух")
        return self


class Duty(Model):
    id: Key | None = None
    text: Text
    measures: list[StrId] = Field(default_factory=list)
    recurs: Recurrence | None = None
    last_done: Date | None = None
    # with recurs.after_event: the day the event last happened (rollout event)
    last_event: Date | None = None
    # who carries it out, when not every holder of the role it stands under: people and roles
    responsible: list[Key] = Field(default_factory=list)


class Role(Model):
    title: Text
    # the heading's label as written («3.2.», «а)»); otherwise the computed one
    label: Text | None = None
    collective: Flag = False
    duties: list[Duty] = Field(default_factory=list)
    # the role as a plan's or a cyclogram's cell prints it («классные руководители»)
    plan_title: Text | None = None
    # one holder of the role in a person's agenda («как член комиссии»)
    holder_title: Text | None = None
    # the title's cases inside a sentence, for a reference «{ключ:дат}», where the derived one is wrong
    title_forms: dict[Case, Text] = Field(default_factory=dict)


class CalendarException(Model):
    """A day the school's production calendar treats differently from the federal one:
    a one-off day off (a decree, a local quarantine) or a working Saturday."""

    date: Date
    working: Flag = False
    reason: Text


class Period(Model):
    from_: Date | None = Field(default=None, alias="from")
    until: Date | None = None


class SchoolPeriod(Model):
    """A quarter or a trimester of the school year: «I четверть», 02.09.2024 – 27.10.2024."""

    name: Text
    from_: Date = Field(alias="from")
    to: Date

    @model_validator(mode="after")
    def _order(self) -> SchoolPeriod:
        if self.to < self.from_:
            raise ValueError(f"конец периода ({self.to}) должен быть не раньше начала ({self.from_})")
        return self


class Holiday(Model):
    """School holidays (каникулы): days that are not school days."""

    name: Text | None = None
    from_: Date = Field(alias="from")
    to: Date


class SchoolYear(Model):
    """The school's calendar of periods (quarters or trimesters), in order, and its holidays."""

    periods: list[SchoolPeriod] = Field(min_length=1)
    # false: the periods were carried over from the year before (``rollout next-year``) and
    # wait for the school to confirm them by its calendar schedule
    confirmed: Flag = True
    holidays: list[Holiday] = Field(default_factory=list)

    @model_validator(mode="after")
    def _in_order(self) -> SchoolYear:
        names = [p.name for p in self.periods]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError("название периода повторяется: " + ", ".join(f"«{n}»" for n in twice))
        for a, b in zip(self.periods, self.periods[1:], strict=False):
            if b.from_ <= a.to:
                raise ValueError(
                    f"период «{b.name}» начинается ({b.from_}) раньше, чем кончается «{a.name}» ({a.to}); периоды пишутся по порядку"
                )
        return self


class Regulation(Model):
    schema_version: Version
    title: Text
    period: Period = Period()
    approvals: list[Approval] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)
    # the heading of the roles' duties; not needed when the clauses place the roles (``role``)
    duties_intro: Text | None = None
    # sections («1. Общие положения» → 1.1, 1.2); when given they replace ``clauses`` in print
    # and the section marked ``duties: true`` holds the roles
    sections: list[Section] = Field(default_factory=list)
    revision: Flag = False
    roles: dict[Key, Role]
    calendar_exceptions: list[CalendarException] = Field(default_factory=list)
    # a six-day school week: Saturdays are working days unless a holiday
    six_day_week: Flag = False
    school_year: SchoolYear | None = None

    @model_validator(mode="after")
    def _duties_heading(self) -> Regulation:
        placed = any(c.role for c in self.clauses) or any(s.duties for s in self.sections)
        if self.duties_intro is None and not placed:
            raise ValueError(
                "укажите заголовок обязанностей (duties_intro) или место ролей: раздел с duties: true "
                "или пункт с role: <ключ роли>"
            )
        return self


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes a field holds, through Optional, list, dict and Annotated."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return nested_models(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [m for a in typing.get_args(annotation) for m in nested_models(a)]
    if origin in (list, dict):
        return nested_models(typing.get_args(annotation)[-1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts, as written in YAML (aliases), in schema order."""
    return [f.alias or n for n, f in model.model_fields.items()]


DOCUMENTS: dict[str, type[Model]] = {"order": Order, "plan": Plan, "regulation": Regulation}
