"""Counts and plurals: CLDR categories through Babel, in every case, over 0–200 and 1000–1025.

The expected forms are computed here by the school-grammar rule on the last two digits,
independently of Babel, and a few are written out in full."""

from __future__ import annotations

import pytest

from elzhur_rollout.lang import vocabulary as ru

NUMBERS = [*range(201), *range(1000, 1026)]


def school_rule(n: int) -> str:
    """one / few / many by the rule taught at school: 1, 21, 101 but not 11, 111; 2–4 but not 12–14."""
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "few"
    return "many"


EXPECTED = {
    # case: (one, few, many) for «мероприятие»
    "nomn": ("мероприятие", "мероприятия", "мероприятий"),
    "gent": ("мероприятия", "мероприятий", "мероприятий"),
    "datv": ("мероприятию", "мероприятиям", "мероприятиям"),
    "accs": ("мероприятие", "мероприятия", "мероприятий"),
    "ablt": ("мероприятием", "мероприятиями", "мероприятиями"),
    "loct": ("мероприятии", "мероприятиях", "мероприятиях"),
}


@pytest.mark.parametrize("case", list(EXPECTED))
def test_every_number_in_every_case(case: str) -> None:
    forms = dict(zip(("one", "few", "many"), EXPECTED[case], strict=True))
    derived = {n: ru.count(n, ru.MEASURE, case) for n in NUMBERS}  # type: ignore[arg-type]
    assert {n: form for n, form in derived.items() if form != f"{n} {forms[school_rule(n)]}"} == {}


@pytest.mark.parametrize("n", NUMBERS)
def test_of_total(n: int) -> None:
    word = "мероприятия" if school_rule(n) == "one" else "мероприятий"
    assert ru.of_total(0, n, ru.MEASURE) == f"0 из {n} {word}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ru.of_total(0, 3, ru.MEASURE), "0 из 3 мероприятий"),
        (ru.of_total(1, 1, ru.MEASURE), "1 из 1 мероприятия"),
        (ru.of_total(5, 21, ru.MEASURE), "5 из 21 мероприятия"),
        (ru.of_total(5, 11, ru.MEASURE), "5 из 11 мероприятий"),
        (ru.of_total(5, 111, ru.MEASURE), "5 из 111 мероприятий"),
        (ru.of_total(5, 1001, ru.MEASURE), "5 из 1001 мероприятия"),
        (ru.count(2, ru.ERROR, "datv"), "2 ошибкам"),
        (ru.count(1, ru.ERROR, "accs"), "1 ошибку"),
        (ru.count(21, ru.ERROR, "ablt"), "21 ошибкой"),
        (ru.count(1012, ru.WARNING, "gent"), "1012 предупреждений"),
        (ru.count(1, ru.DAY, "ablt"), "1 днём"),
        (ru.count(3, ru.DAY, "loct"), "3 днях"),
        (ru.count(22, ru.DUTY, "nomn"), "22 обязанности"),
        (ru.count(1, ru.EMPLOYEE, "accs"), "1 сотрудника"),
        (ru.count(3, ru.EMPLOYEE, "accs"), "3 сотрудников"),
        (ru.count(23, ru.EMPLOYEE, "accs"), "23 сотрудника"),
        (ru.count(5, ru.EMPLOYEE, "accs"), "5 сотрудников"),
        (ru.days(1), "1 день"),
        (ru.days(4), "4 дня"),
        (ru.days(11), "11 дней"),
        (ru.days(101), "101 день"),
        (ru.measures(112), "112 мероприятий"),
        (ru.measures(1022), "1022 мероприятия"),
        (ru.plural(14, "ошибка", "ошибки", "ошибок"), "14 ошибок"),
    ],
)
def test_written_out(text: str, expected: str) -> None:
    assert text == expected


def test_gendered_wording() -> None:
    assert [ru.by_gender(g, "его", "её", "—") for g in ("male", "female", None)] == ["его", "её", "—"]
