"""Russian words for numbers, dates and terms shown to the user.

Plural categories follow CLDR's rule for Russian (one, few, many) and the month names are
the CLDR ones, written out here: no locale library is needed (Babel's data for every
language would weigh 36 MB in the install for twelve words and one rule).

A count agrees with its noun by the CLDR category of the number *and* the case the phrase
needs (:func:`count`): after a nominative or accusative number the noun is nominative
singular for «one» (1, 21, 101), genitive singular for «few» (2–4, 22–24) and genitive
plural for «many» (0, 5–20, 25–30, 111); in the other cases it is singular for «one» and
plural in that same case otherwise: «из 21 мероприятия», «из 3 мероприятий», «по 2
мероприятиям», «с 1 ошибкой».  Gender-dependent wording (ответственный / ответственная,
его / её) is chosen by :func:`by_gender`, with a neutral wording for an unknown gender.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from elzhur_rollout.core.models import Deadline, Recurrence
from elzhur_rollout.core.values import Kind, MeasureStatus, State, YearMonth

if TYPE_CHECKING:
    from collections.abc import Sequence

    from elzhur_rollout.core.agenda import Mark

# --------------------------------------------------------------------------- states
#
# The one place for the words of a state (``core.values.State``): every view takes them from
# here, chosen by context — a table cell or a sentence («в работе»), a heading («В работе»),
# a count («в работе 2 мероприятия», «выполненных нет»), of a duty (feminine: «просрочена»).

STATE_WORD = {
    State.DONE: "выполнено",
    State.IN_PROGRESS: "в работе",
    State.PLANNED: "не начато",
    State.UPCOMING: "предстоит",
    State.OVERDUE: "просрочено",
    State.CANCELLED: "отменено",
    State.NOT_TRACKED: "не отслеживается",
}
# what the plan records (``status:``) in the same words: the state it leads to inside the period
STATUS_RU = {
    MeasureStatus.PLANNED: STATE_WORD[State.PLANNED],
    MeasureStatus.IN_PROGRESS: STATE_WORD[State.IN_PROGRESS],
    MeasureStatus.DONE: STATE_WORD[State.DONE],
    MeasureStatus.CANCELLED: STATE_WORD[State.CANCELLED],
}
SOON_WORD = "срок близко"
# a recurring duty: «просрочена 04.10.2024», «следующий срок 11.10.2024»
DUTY_OVERDUE_WORD = "просрочена"
DUTY_NEXT_WORD = "следующий срок"
DUTIES_OVERDUE_HEADING = "Обязанности просрочены"  # a column of counts
# «выполнено 2 мероприятия»: the word before a count agrees with it (one, few, many)
_STATE_COUNTED = {
    State.DONE: ("выполнено", "выполнено", "выполнено"),
    State.IN_PROGRESS: ("в работе", "в работе", "в работе"),
    State.PLANNED: ("не начато", "не начато", "не начато"),
    State.UPCOMING: ("предстоит", "предстоят", "предстоит"),
    State.OVERDUE: ("просрочено", "просрочено", "просрочено"),
    State.CANCELLED: ("отменено", "отменено", "отменено"),
    State.NOT_TRACKED: ("не отслеживается", "не отслеживаются", "не отслеживается"),
}
# «выполненных нет»: none of a state
_STATE_NONE = {
    State.DONE: "выполненных нет",
    State.IN_PROGRESS: "в работе – ни одного",
    State.PLANNED: "не начатых нет",
    State.UPCOMING: "предстоящих нет",
    State.OVERDUE: "просроченных нет",
    State.CANCELLED: "отменённых нет",
    State.NOT_TRACKED: "неотслеживаемых нет",
}
_DUTY_COUNTED = {State.OVERDUE: ("просрочена", "просрочены", "просрочено")}


def cap(text: str) -> str:
    """The first letter capital: a heading, the start of a table cell or a sentence."""
    return text[:1].upper() + text[1:]


def state_word(state: State, heading: bool = False) -> str:
    """«в работе» in a cell or a sentence, «В работе» as a heading."""
    word = STATE_WORD[state]
    return cap(word) if heading else word


def state_text(state: State, days_overdue: int = 0, done_on: dt.date | None = None, soon: bool = False) -> str:
    """The state with its particulars: «просрочено на 3 дня», «выполнено 25.06.2020»,
    «не начато, срок близко»."""
    word = STATE_WORD[state]
    if state is State.OVERDUE and days_overdue:
        word += f" на {days(days_overdue)}"
    elif state is State.DONE and done_on:
        word += f" {short_date(done_on)}"
    if soon and not state.closed and state is not State.OVERDUE:
        word += f", {SOON_WORD}"
    return word


def agreeing(n: int, forms: tuple[str, str, str]) -> str:
    """The form (one, few, many) of a word that agrees with the number ``n``."""
    form = _plural_form(abs(n))
    return {"one": forms[0], "few": forms[1]}.get(form, forms[2])


def state_count(state: State, n: int, noun: Noun | None = None) -> str:
    """«выполнено 2 мероприятия», «предстоят 2 мероприятия», «просрочена 1 обязанность»; for
    none: «выполненных нет»."""
    noun = MEASURE if noun is None else noun
    if not n:
        return _STATE_NONE[state]
    forms = _DUTY_COUNTED.get(state) if noun is DUTY else None
    return f"{agreeing(n, forms or _STATE_COUNTED[state])} {count(n, noun)}"


# --------------------------------------------------------------------------- kinds of obligation

KIND_WORD = {
    Kind.MEASURE: "мероприятие",
    Kind.ORDER_ITEM: "пункт приказа",
    Kind.DATA_ENTRY: "внесение данных",
    Kind.UPDATES: "актуализация данных",
    Kind.DUTY: "обязанность",
}


def measure_ref(
    number: str, case: Literal["nomn", "gent", "datv", "accs", "ablt", "loct"] = "nomn", key: str | None = None
) -> str:
    """«мероприятие 3», «мероприятия 3» (gent), «мероприятию 3» (datv): a measure by its
    number as printed in the plan; with its key in plan.yaml when that differs («мероприятие 1
    (id 11)»), since commands such as ``rollout done`` take the key."""
    shown = f"{MEASURE.form(case, 'sing')} {number}"
    return f"{shown} (id {key})" if key is not None and key != number else shown


def item_ref(number: str, case: Literal["nomn", "gent"] = "nomn") -> str:
    """«пункт 3.1 приказа», «пункта 3.1 приказа»."""
    return f"{'пункт' if case == 'nomn' else 'пункта'} {number} приказа"


# --------------------------------------------------------------------------- kinds of document

DOCUMENT_WORD = {
    "order": "приказ",
    "plan": "план мероприятий",
    "regulation": "регламент рабочей группы",
    "appendix": "приложение",
}


def appendix_ref(number: str | None) -> str:
    """«приложение 2», or «план мероприятий» when the plan is not an appendix."""
    return f"{DOCUMENT_WORD['appendix']} {number}" if number else DOCUMENT_WORD["plan"]


def moved_due(due: dt.date) -> str:
    """«перенос на ближайший рабочий день — 02.09.2024»: a due date that fell on a day off."""
    return f"перенос на ближайший рабочий день — {short_date(due)}"


CATEGORY_RU = {
    "pupils": "Обучающиеся",
    "teachers": "Педагогические работники",
    "parents": "Родители (законные представители)",
}


def category_label(category: str, text: str) -> str:
    """A category of data entry as a label: «Обучающиеся»; another category by the order's text."""
    return CATEGORY_RU.get(category, text)


_EVERY_RU = {
    "day": "ежедневно",
    "week": "еженедельно",
    "month": "ежемесячно",
    "quarter": "ежеквартально",
    "year": "ежегодно",
    "term": "по окончании каждого учебного периода",
}
# «по пятницам»: the dative plural of the weekdays
_ON_WEEKDAYS = {
    "mon": "по понедельникам",
    "tue": "по вторникам",
    "wed": "по средам",
    "thu": "по четвергам",
    "fri": "по пятницам",
    "sat": "по субботам",
    "sun": "по воскресеньям",
}


@lru_cache(maxsize=1024)
def _plural_form(n: int) -> str:
    """The CLDR plural category of a whole number in Russian: one (1, 21, 101), few (2–4, 22–24),
    many (0, 5–20, 25–30, 11–14)."""
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def plural(n: int, one: str, few: str, many: str) -> str:
    """«1 мероприятие», «2 мероприятия», «5 мероприятий» by the CLDR rules for Russian."""
    form = _plural_form(abs(n))
    word = {"one": one, "few": few}.get(form, many)
    return f"{n} {word}"


NounCase = Literal["nomn", "gent", "datv", "accs", "ablt", "loct"]
_CASES: tuple[NounCase, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True)
class Noun:
    """A countable noun: its six singular and six plural forms (им., род., дат., вин., твор.,
    предл.), written out; ``animate`` nouns take the genitive-like accusative."""

    singular: tuple[str, ...]
    plural: tuple[str, ...]
    animate: bool = False

    @classmethod
    def of(cls, singular: str, plural: str, animate: bool = False) -> Noun:
        return cls(tuple(singular.split()), tuple(plural.split()), animate)

    def form(self, case: NounCase, number: Literal["sing", "plur"]) -> str:
        return (self.singular if number == "sing" else self.plural)[_CASES.index(case)]


MEASURE = Noun.of(
    "мероприятие мероприятия мероприятию мероприятие мероприятием мероприятии",
    "мероприятия мероприятий мероприятиям мероприятия мероприятиями мероприятиях",
)
DAY = Noun.of("день дня дню день днём дне", "дни дней дням дни днями днях")
ERROR = Noun.of("ошибка ошибки ошибке ошибку ошибкой ошибке", "ошибки ошибок ошибкам ошибки ошибками ошибках")
WARNING = Noun.of(
    "предупреждение предупреждения предупреждению предупреждение предупреждением предупреждении",
    "предупреждения предупреждений предупреждениям предупреждения предупреждениями предупреждениях",
)
DUTY = Noun.of(
    "обязанность обязанности обязанности обязанность обязанностью обязанности",
    "обязанности обязанностей обязанностям обязанности обязанностями обязанностях",
)
EMPLOYEE = Noun.of(
    "сотрудник сотрудника сотруднику сотрудника сотрудником сотруднике",
    "сотрудники сотрудников сотрудникам сотрудников сотрудниками сотрудниках",
    animate=True,
)


def noun_for(n: int, noun: Noun, case: NounCase = "nomn") -> str:
    """The form of ``noun`` after the number ``n`` in ``case`` (the number itself not included)."""
    category = _plural_form(abs(n))
    if case == "nomn" or (case == "accs" and not noun.animate):
        if category == "one":
            return noun.form(case, "sing")
        return noun.form("gent", "sing" if category == "few" else "plur")
    if case == "accs":  # animate: одного сотрудника, двух сотрудников, но двадцать два сотрудника
        if category == "one":
            return noun.form("accs", "sing")
        if category == "few" and abs(n) % 100 > 4:
            return noun.form("gent", "sing")
        return noun.form("gent", "plur")
    return noun.form(case, "sing" if category == "one" else "plur")


def count(n: int, noun: Noun, case: NounCase = "nomn") -> str:
    """«21 мероприятие» (nomn), «из 21 мероприятия» (gent), «по 2 мероприятиям» (datv)…"""
    return f"{n} {noun_for(n, noun, case)}"


def of_total(part: int, total: int, noun: Noun) -> str:
    """«0 из 3 мероприятий», «1 из 21 мероприятия»: after «из» the noun agrees with the total,
    in the genitive."""
    return f"{part} из {count(total, noun, 'gent')}"


def days(n: int, case: NounCase = "nomn") -> str:
    return count(n, DAY, case)


def measures(n: int, case: NounCase = "nomn") -> str:
    return count(n, MEASURE, case)


Gender = Literal["male", "female"]


def by_gender(gender: Gender | None, male: str, female: str, neutral: str) -> str:
    """The wording for a man, for a woman, or one that is right for either when the gender
    is not known (never a guess)."""
    return {"male": male, "female": female}.get(gender or "", neutral)


# the months as a chart's column headings abbreviate them (ГОСТ Р 7.0.12: «сент.», «нояб.»)
MONTH_ABBR = ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек.")


MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь")
MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip


def month_name(month: int) -> str:
    """Nominative month name, lower case: «июнь»."""
    return MONTHS[month - 1]


def long_date(d: dt.date) -> str:
    """«30 мая 2020 г.» with plain spaces, as in the order's heading."""
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


@lru_cache(maxsize=256)
def quoted_date(d: dt.date) -> str:
    """«"02" сентября 2025 г.»: the day in quotes, the month in words, as some schools write."""
    return f'"{d.day:02d}" {MONTHS_GENITIVE[d.month - 1]} {d.year} г.'


def document_date(d: dt.date, style: str) -> str:
    """A date as the document's ``date_style`` writes it in marks, stamps and requisites:
    «"02" сентября 2025 г.» for quoted, «02.09.2025» otherwise."""
    return quoted_date(d) if style == "quoted" else short_date(d)


@lru_cache(maxsize=4096)
def short_date(d: dt.date) -> str:
    """«15.06.2020», the Russian numeric date (dd.MM.yyyy)."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def _month_of(ym: YearMonth) -> str:
    return month_name(ym.month)


def _weekly(weekday: str | None, interval: int | None) -> str:
    """«по пятницам», «раз в 2 недели», «раз в 2 недели, по пятницам»."""
    every = (f"раз в {interval} недели" if interval < 5 else f"раз в {interval} недель") if interval else ""
    return ", ".join(x for x in (every, _ON_WEEKDAYS[weekday] if weekday else "") if x)


# «в последнюю пятницу», «во вторую среду»: the ordinal agreeing with the weekday
_WEEKDAY_ACCS = {
    "mon": "понедельник",
    "tue": "вторник",
    "wed": "среду",
    "thu": "четверг",
    "fri": "пятницу",
    "sat": "субботу",
    "sun": "воскресенье",
}
_FEMININE_DAYS = ("wed", "fri", "sat")
_NTH_WEEKDAY_FORMS = {
    -1: ("в последний", "в последнюю", "в последнее"),
    1: ("в первый", "в первую", "в первое"),
    2: ("во второй", "во вторую", "во второе"),
    3: ("в третий", "в третью", "в третье"),
    4: ("в четвёртый", "в четвёртую", "в четвёртое"),
    5: ("в пятый", "в пятую", "в пятое"),
}


def _nth(week: int, weekday: str) -> str:
    forms = _NTH_WEEKDAY_FORMS[week]
    return forms[1] if weekday in _FEMININE_DAYS else forms[2] if weekday == "sun" else forms[0]


def recurrence_text(r: Recurrence) -> str:
    """A recurrence as written: its ``text`` when given, else «еженедельно», «по пятницам»,
    «раз в 2 недели», «до 5 числа каждого месяца», «в течение 3 рабочих дней после окончания
    каждого учебного периода»."""
    if r.text:
        return r.text
    if r.every == "week" and (r.weekday or r.interval):
        return _weekly(r.weekday, r.interval)
    if r.every == "term" and r.working_days:
        return f"в течение {days_genitive(r.working_days)} после окончания каждого учебного периода"
    if r.every == "term" and r.within:
        return "не реже одного раза в учебный период"
    if r.every == "month" and r.week is not None and r.weekday:
        return f"{_nth(r.week, r.weekday)} {_WEEKDAY_ACCS[r.weekday]} месяца"
    if r.every == "quarter" and r.due_day:
        return f"ежеквартально до {r.due_day} числа месяца, следующего за отчётным"
    if r.every == "day" and r.skip_holidays:
        return "ежедневно, кроме выходных, праздничных и каникулярных дней"
    if r.constantly:
        return "постоянно"
    if r.school_year:
        return "в течение учебного года"
    if r.after_event and r.working_days is not None:
        days_after = f"не позднее {days_genitive(r.working_days)} после" if r.working_days else "в день"
        return f"{days_after} события «{r.after_event}»"
    if r.after_event:
        return f"после события «{r.after_event}»"
    if r.every:
        return _EVERY_RU[r.every]
    if r.day_of_month is not None:
        return f"до {r.day_of_month} числа каждого месяца"
    return "по мере необходимости"


QUARTER_NUMERALS = ("I", "II", "III", "IV")


def period_name(mark: Mark) -> str:
    """The period of a recurring row of the plan: «IV квартал 2024» (a report due after a
    quarter), else by its term: «период до 07.04.2025»."""
    if mark.quarter is not None:
        year, quarter = mark.quarter
        return f"{QUARTER_NUMERALS[quarter - 1]} квартал {year}"
    return f"период до {short_date(mark.due)}"


def execution_for(mark: Mark) -> str:
    """«за IV квартал 2024», «за период до 07.04.2025»."""
    return f"за {period_name(mark)}"


def execution_recorded(what: str, period: str, day: dt.date, missed: list[str], after: dt.date | None) -> str:
    """«Мероприятие 6: выполнение за IV квартал 2024 отмечено 09.01.2025 (без отметки остаётся
    III квартал 2024); следующий срок — 07.04.2025.»"""
    text = f"{what}: выполнение{period} отмечено {short_date(day)}"
    if missed:
        text += f" (без отметки {'остаётся' if len(missed) == 1 else 'остаются'} {', '.join(missed)})"
    if after is not None:
        text += f"; следующий срок — {short_date(after)}"
    return text + "."


def event_recorded(label: str, text: str, event: str, day: dt.date, due: dt.date | None) -> str:
    """«Пункт 8 приказа: «…» — событие «проведение проверки» записано 14.10.2025; выполнить до
    17.10.2025.»"""
    then = f"выполнить до {short_date(due)}" if due else "срок от события не задан (working_days)"
    return f"{label}: «{text}» — событие «{event}» записано {short_date(day)}; {then}."


PERIODS_SHOWN = 4  # the last periods of a recurring row that status and the report show


def periods_text(marks: Sequence[Mark], dash: str = "—") -> str:
    """«По периодам: III квартал 2024 — без отметки (срок 07.10.2024); IV квартал 2024 —
    выполнено 09.01.2025; I квартал 2025 — просрочено (срок 07.04.2025); II квартал 2025 — срок
    07.07.2025» (the last :data:`PERIODS_SHOWN`); ``dash``: «–» in a printed document that sets
    its dashes so."""
    if not marks:
        return ""
    parts = []
    for m in marks[-PERIODS_SHOWN:]:
        if m.done_on is not None:
            parts.append(f"{period_name(m)} {dash} выполнено {short_date(m.done_on)}")
        elif m.missed:
            parts.append(f"{period_name(m)} {dash} без отметки (срок {short_date(m.due)})")
        elif m.overdue:
            parts.append(f"{period_name(m)} {dash} просрочено (срок {short_date(m.due)})")
        else:
            parts.append(f"{period_name(m)} {dash} срок {short_date(m.due)}")
    return "По периодам: " + "; ".join(parts)


_PERIOD_GENITIVE = {"четверть": "четверти", "триместр": "триместра", "полугодие": "полугодия", "модуль": "модуля"}


def period_genitive(name: str) -> str:
    """«I четверть» → «I четверти», «2 триместр» → «2 триместра»; other names as written."""
    head, _, last = name.rpartition(" ")
    form = _PERIOD_GENITIVE.get(last.lower())
    return f"{head} {form}".strip() if form else name


def days_genitive(n: int) -> str:
    """«1 рабочего дня», «3 рабочих дней» — after «в течение»."""
    return f"{n} рабочего дня" if n % 10 == 1 and n % 100 != 11 else f"{n} рабочих дней"


def deadline_text(d: Deadline, with_year: bool = True, capital: bool = False) -> str:
    """A deadline as the plan's «Сроки» column writes it: «июнь», «июнь – август», «до 15.06.2020»;
    its ``text`` exactly as the source wrote it (never capitalised) when given."""
    if d.text:
        return d.text
    if d.month:
        text = _month_of(d.month) + (f" {d.month.year}" if with_year else "")
    elif d.from_ and d.to:
        same_year = d.from_.year == d.to.year
        left = _month_of(d.from_) + ("" if same_year or not with_year else f" {d.from_.year}")
        text = f"{left} – {_month_of(d.to)}" + (f" {d.to.year}" if with_year else "")
    elif d.date:
        text = short_date(d.date)
    elif d.since and d.working_days:
        text = f"в течение {days_genitive(d.working_days)} с {short_date(d.since)}"
    elif d.since:
        text = f"{short_date(d.since)} – {short_date(d.until)}" if d.until else f"с {short_date(d.since)}"
    elif d.end_of and d.working_days:
        text = f"в течение {days_genitive(d.working_days)} после окончания {period_genitive(d.end_of)}"
    elif d.end_of:
        text = f"до окончания {period_genitive(d.end_of)}"
    elif d.school_year:
        text = "в течение учебного года"
    elif d.until:
        text = f"до {short_date(d.until)}" + (f" и далее – {d.then}" if d.then else "")
    elif d.constantly:
        text = "постоянно"
    elif d.every == "week" and (d.weekday or d.interval):
        text = _weekly(d.weekday, d.interval)
    elif d.every:
        text = _EVERY_RU[d.every]
    elif d.day_of_month is not None:
        text = f"до {d.day_of_month} числа каждого месяца"
    else:
        text = d.when or ""
    return text[:1].upper() + text[1:] if capital else text


def maybe_meant(candidates: list[str]) -> str:
    """«; возможно, имелось в виду «a», «b»» — the one wording of a suggestion; nothing for none."""
    return "; возможно, имелось в виду " + ", ".join(f"«{c}»" for c in candidates) if candidates else ""


def did_you_mean(word: str, options: list[str], cutoff: float = 0.5, n: int = 1) -> str:
    """The suggestion of the ``n`` options closest to ``word`` (``maybe_meant``), or nothing."""

    return maybe_meant(difflib.get_close_matches(word, options, n=n, cutoff=cutoff))


_ORDINAL_STEMS = (
    "перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм", "девят", "десят",
    "одиннадцат", "двенадцат", "тринадцат", "четырнадцат", "пятнадцат", "шестнадцат", "семнадцат",
    "восемнадцат", "девятнадцат", "двадцат",
)  # fmt: skip
_THIRD = {"nomn": "третий", "gent": "третьего", "datv": "третьему", "ablt": "третьим", "loct": "третьем"}


def ordinal(n: int, case: str = "nomn") -> str | None:
    """A masculine ordinal word as amending orders count paragraphs («абзац четвертый», «после
    абзаца третьего», «абзацем пятым», «в абзаце втором»): 1 to 20, else None.  Official texts
    write «е», not «ё»."""
    if not 1 <= n <= len(_ORDINAL_STEMS):
        return None
    if n == 3:
        return _THIRD[case]
    stem = _ORDINAL_STEMS[n - 1]
    if case == "nomn":
        return stem + ("ой" if n in (2, 6, 7, 8) else "ый")
    return stem + {"gent": "ого", "datv": "ому", "ablt": "ым", "loct": "ом"}[case]
