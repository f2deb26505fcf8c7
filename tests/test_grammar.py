"""Cases of positions, organisation names and people's names."""

from __future__ import annotations

from pathlib import Path

import pytest

from elzhur_rollout.core.models import Person
from elzhur_rollout.lang.inflection import (
    GrammarError,
    approved_word,
    full_name,
    inflect_phrase,
    position,
    short_name,
    uncertain_forms,
)
from helpers import edit, example_school, lines_of, run

POSITIONS = {
    "заместитель директора по учебно-воспитательной работе": (
        "заместителя директора по учебно-воспитательной работе",
        "заместителю директора по учебно-воспитательной работе",
        "заместителя директора по учебно-воспитательной работе",
    ),
    "инженер-электроник": ("инженера-электроника", "инженеру-электронику", "инженера-электроника"),
    "директор": ("директора", "директору", "директора"),
    "учитель информатики": ("учителя информатики", "учителю информатики", "учителя информатики"),
    "классный руководитель": ("классного руководителя", "классному руководителю", "классного руководителя"),
    "педагог-психолог": ("педагога-психолога", "педагогу-психологу", "педагога-психолога"),
    "главный бухгалтер": ("главного бухгалтера", "главному бухгалтеру", "главного бухгалтера"),
    "учитель-предметник": ("учителя-предметника", "учителю-предметнику", "учителя-предметника"),
    "администратор электронного журнала": (
        "администратора электронного журнала",
        "администратору электронного журнала",
        "администратора электронного журнала",
    ),
}


@pytest.mark.parametrize(("nominative", "forms"), POSITIONS.items())
def test_positions(nominative: str, forms: tuple[str, str, str]) -> None:
    assert tuple(inflect_phrase(nominative, case) for case in ("gent", "datv", "accs")) == forms


@pytest.mark.parametrize(
    ("name", "gent"),
    [
        (
            "Министерство образования, науки и молодежи Республики Крым",
            "Министерства образования, науки и молодежи Республики Крым",
        ),
        (
            "МКУ «Управление образования Администрации города Феодосии Республики Крым»",
            "МКУ «Управление образования Администрации города Феодосии Республики Крым»",
        ),
        ("МБОУ – Гимназия № 5", "МБОУ – Гимназии № 5"),
        (
            "Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 5»",
            "Муниципального бюджетного общеобразовательного учреждения «Гимназия № 5»",
        ),
        ("приказ", "приказа"),
    ],
)
def test_organisations_and_documents(name: str, gent: str) -> None:
    assert inflect_phrase(name, "gent") == gent


def person(surname: str, gender: str | None = None, **names: str) -> Person:
    if "first_name" not in names:
        names["initials"] = "А.Б."
    return Person(surname=surname, gender=gender, position="учитель", **names)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("who", "forms"),
    [
        (person("Рыженко"), ("Рыженко А.Б.", "Рыженко А.Б.", "Рыженко А.Б.")),
        (person("Лойко"), ("Лойко А.Б.", "Лойко А.Б.", "Лойко А.Б.")),
        (person("Одинокин", "male"), ("Одинокина А.Б.", "Одинокину А.Б.", "Одинокина А.Б.")),
        (person("Одинокина", "female"), ("Одинокиной А.Б.", "Одинокиной А.Б.", "Одинокину А.Б.")),
        (person("Петров", "male"), ("Петрова А.Б.", "Петрову А.Б.", "Петрова А.Б.")),
        (person("Петрова", "female"), ("Петровой А.Б.", "Петровой А.Б.", "Петрову А.Б.")),
        (person("Царская", "female"), ("Царской А.Б.", "Царской А.Б.", "Царскую А.Б.")),
        (person("Орлов-Смирнов", "male"), ("Орлова-Смирнова А.Б.", "Орлову-Смирнову А.Б.", "Орлова-Смирнова А.Б.")),
        (person("Белых"), ("Белых А.Б.", "Белых А.Б.", "Белых А.Б.")),
    ],
)
def test_short_names(who: Person, forms: tuple[str, str, str]) -> None:
    assert tuple(short_name(who, case) for case in ("gent", "datv", "accs")) == forms


def test_gender_from_patronymic_and_full_names() -> None:
    anna = person("Петрова", first_name="Анна", patronymic="Ивановна")
    ilya = person("Иванов", first_name="Илья", patronymic="Петрович")
    assert full_name(anna) == "Петрова Анна Ивановна"
    assert full_name(anna, "datv") == "Петровой Анне Ивановне"
    assert full_name(ilya, "gent") == "Иванова Ильи Петровича"
    assert short_name(ilya, "datv") == "Иванову И.П."


def test_ambiguous_gender_asks_for_it() -> None:
    with pytest.raises(GrammarError, match="укажите gender"):
        short_name(person("Иванов"), "gent")


def test_overrides_win() -> None:
    odd = Person(
        surname="Шевчук",
        initials="А.Б.",
        position="инженер-программист",
        name_forms={"gent": "Шевчука А.Б."},
        position_forms={"gent": "инженера-программиста"},
    )
    assert short_name(odd, "gent") == "Шевчука А.Б."
    assert inflect_phrase("инженер-программист", "gent") == "инженера-программиста"


def test_approved_word_agrees() -> None:
    assert [
        approved_word(t) for t in ("Регламент работы", "План мероприятий", "Памятка для родителей", "Положение о журнале")
    ] == [
        "УТВЕРЖДЕН",
        "УТВЕРЖДЕН",
        "УТВЕРЖДЕНА",
        "УТВЕРЖДЕНО",
    ]


# --------------------------------------------------------------------------- issue 13


def holder(position: str) -> Person:
    return Person(surname="Иванов", initials="И.И.", position=position)


@pytest.mark.parametrize(
    ("nominative", "case", "form"),
    [
        ("заведующий библиотекой", "gent", "заведующего библиотекой"),
        ("заведующая хозяйством", "gent", "заведующей хозяйством"),
        ("заведующая хозяйством", "accs", "заведующую хозяйством"),
        ("тьютор", "accs", "тьютора"),
        ("старшая вожатая", "accs", "старшую вожатую"),
        ("старший вожатый", "accs", "старшего вожатого"),
        ("зам. директора по УВР", "gent", "зам. директора по УВР"),
        ("зам. директора по УВР", "ablt", "зам. директора по УВР"),
        ("и.о. директора", "datv", "и.о. директора"),
        ("исполняющий обязанности директора", "datv", "исполняющему обязанности директора"),
        ("дежурный администратор", "ablt", "дежурным администратором"),
        ("дежурная по этажу", "accs", "дежурную по этажу"),
        ("уполномоченный по правам ребёнка", "loct", "уполномоченном по правам ребёнка"),
        ("учитель ОБЖ", "ablt", "учителем ОБЖ"),
        ("ассистент (помощник)", "datv", "ассистенту (помощнику)"),
        ("шеф-повар", "ablt", "шеф-поваром"),
        ("учитель математики, классный руководитель", "datv", "учителю математики, классному руководителю"),
        ("медицинская сестра", "accs", "медицинскую сестру"),
    ],
)
def test_issue_13_positions(nominative: str, case: str, form: str) -> None:
    assert position(holder(nominative), case) == form  # type: ignore[arg-type]


def test_positions_are_animate_other_phrases_are_not() -> None:
    assert inflect_phrase("тьютор", "accs", animate=True) == "тьютора"
    assert inflect_phrase("протокол", "accs") == "протокол"
    assert inflect_phrase("МБОУ – Гимназия № 5", "accs") == "МБОУ – Гимназию № 5"


def test_nominative_passes_through() -> None:
    p = Person(surname="Шевчук", first_name="Ольга", patronymic="Викторовна", position="заведующая хозяйством")
    assert (full_name(p, "nomn"), short_name(p, "nomn"), position(p, "nomn")) == (
        "Шевчук Ольга Викторовна",
        "Шевчук О.В.",
        "заведующая хозяйством",
    )
    assert inflect_phrase("старшая вожатая", "nomn") == "старшая вожатая"


def test_turkic_patronymic_does_not_decline() -> None:
    p = Person(surname="Мамедов", first_name="Эльчин", patronymic="Гасан оглы", position="учитель")
    assert full_name(p, "datv") == "Мамедову Эльчину Гасан оглы"


def test_approved_word_number_and_head() -> None:
    assert [
        approved_word(t)
        for t in (
            "Должностная инструкция учителя",
            "Правила ведения журнала",
            "Изменения в положение",
            "Штатное расписание",
            "«Дорожная карта» внедрения",
            "ПОЛОЖЕНИЕ О РАБОЧЕЙ ГРУППЕ",
        )
    ] == ["УТВЕРЖДЕНА", "УТВЕРЖДЕНЫ", "УТВЕРЖДЕНЫ", "УТВЕРЖДЕНО", "УТВЕРЖДЕНА", "УТВЕРЖДЕНО"]


def test_uncertain_forms() -> None:
    assert uncertain_forms("директор", animate=True) == []
    assert uncertain_forms("зам. директора по УВР", animate=True) == []  # kept as written by design
    assert uncertain_forms("коуч", ("gent",), animate=True) == [("коуч", "gent", ["коуч"])]
    assert uncertain_forms("домина", ("gent", "accs")) == [("домина", "accs", ["домину", "домино"])]


@pytest.mark.parametrize(
    ("nominative", "form"),
    [
        ("ст. методист", "ст. методиста"),  # an abbreviated adjective stays, the noun declines
        ("зав. библиотекой", "зав. библиотекой"),  # an abbreviated head stays, and so does the phrase
        ("И. о. директора", "И. о. директора"),
        ("IT-специалист", "IT-специалиста"),
    ],
)
def test_abbreviations(nominative: str, form: str) -> None:
    assert inflect_phrase(nominative, "gent", animate=True) == form


@pytest.mark.parametrize(
    ("surname", "first_name", "gent"),
    [
        ("Смит", "Джон", "Смита Джона"),  # the first name tells the gender
        ("Смит", "Мэри", "Смит Мэри"),
        ("Лойко", "Любовь", "Лойко Любови"),
        ("Лойко", "Саша", "Лойко Саши"),  # either gender gives the same forms
    ],
)
def test_gender_from_an_unambiguous_first_name(surname: str, first_name: str, gent: str) -> None:
    assert full_name(Person(surname=surname, first_name=first_name, position="учитель"), "gent") == gent


def test_gender_nothing_tells_is_asked_for() -> None:
    with pytest.raises(GrammarError, match="укажите gender"):
        full_name(Person(surname="Шевчук", first_name="Саша", position="учитель"), "gent")


# --------------------------------------------------------------------------- upper-case words


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("ПОЛОЖЕНИЕ о рабочей группе по внедрению ЭЖ", "УТВЕРЖДЕНО"),
        ("ПОРЯДОК ведения электронного журнала", "УТВЕРЖДЕН"),
        ("ИНСТРУКЦИЯ по работе", "УТВЕРЖДЕНА"),
        ("ПРАВИЛА ведения электронного журнала в МБОУ СОШ № 3", "УТВЕРЖДЕНЫ"),
        ("ПОЛОЖЕНИЕ О РАБОЧЕЙ ГРУППЕ ПО ВНЕДРЕНИЮ ЭЖ", "УТВЕРЖДЕНО"),
        ("АКТ проверки ведения журналов", "УТВЕРЖДЕН"),
        ("ГИС «Электронная школа»: инструкция", "УТВЕРЖДЕНА"),
    ],
)
def test_approved_word_reads_upper_case_words(title: str, word: str) -> None:
    """An upper-case word the dictionary knows is read as that word; an abbreviation is not."""
    assert approved_word(title) == word


@pytest.mark.parametrize(
    ("nominative", "case", "form"),
    [
        ("ЗАМЕСТИТЕЛЬ ДИРЕКТОРА ПО УВР", "datv", "ЗАМЕСТИТЕЛЮ ДИРЕКТОРА ПО УВР"),
        ("СТАРШАЯ ВОЖАТАЯ", "accs", "СТАРШУЮ ВОЖАТУЮ"),
        ("ИНЖЕНЕР-ЭЛЕКТРОНИК", "gent", "ИНЖЕНЕРА-ЭЛЕКТРОНИКА"),
        ("АДМИНИСТРАТОР ЭЖ", "datv", "АДМИНИСТРАТОРУ ЭЖ"),
        ("УЧИТЕЛЬ информатики", "ablt", "УЧИТЕЛЕМ информатики"),
        ("ИКТ-специалист", "datv", "ИКТ-специалисту"),
        ("ИКТ-специалист", "accs", "ИКТ-специалиста"),
        ("МБОУ СОШ № 5", "gent", "МБОУ СОШ № 5"),
        ("МБОУ ЛИЦЕЙ № 3", "gent", "МБОУ ЛИЦЕЯ № 3"),
    ],
)
def test_upper_case_words_in_positions(nominative: str, case: str, form: str) -> None:
    assert inflect_phrase(nominative, case, animate=True) == form  # type: ignore[arg-type]


def test_stamps_of_documents_titled_in_upper_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A title whose first word is written in capitals gets the approval word of that word."""
    data = example_school("lyceum-9", tmp_path, monkeypatch)
    edit(data, "regulation.yaml", "title: Положение об электронном журнале", "title: ПОЛОЖЕНИЕ об электронном журнале")
    edit(data, "order.yaml", "title: Должностная инструкция администратора", "title: ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ администратора")
    result = run("render", "all")
    assert result.exit_code == 0, result.output
    printed = tmp_path / "pechat"
    assert lines_of(printed / "prilozhenie-2-reglament.docx")[:3] == [
        "Приложение 2 / УТВЕРЖДЕНО / приказом МБОУ «Лицей~№~9» / от~29.08.2025~№~112-од",
        "ПРИНЯТО / педагогическим советом / протокол от 28.08.2025 №~1",
        "ПОЛОЖЕНИЕ об электронном журнале на период до 31.05.2026 / (новая редакция)",
    ]
    assert lines_of(printed / "prilozhenie-3-instrukciya.docx")[:2] == [
        "Приложение 3 / УТВЕРЖДЕНА / приказом МБОУ «Лицей~№~9» / от~29.08.2025~№~112-од / Рег. №~ДИ-07",
        "ДОЛЖНОСТНАЯ ИНСТРУКЦИЯ администратора электронного журнала",
    ]
