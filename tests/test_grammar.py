"""Cases of positions, organisation names and people's names."""

from __future__ import annotations

import pytest

from elzhur_rollout.grammar import GrammarError, approved_word, full_name, inflect_phrase, short_name
from elzhur_rollout.models import Person

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
        "администратора электронного журнала", "администратору электронного журнала", "администратора электронного журнала",
    ),
}


@pytest.mark.parametrize(("nominative", "forms"), POSITIONS.items())
def test_positions(nominative: str, forms: tuple[str, str, str]) -> None:
    assert tuple(inflect_phrase(nominative, case) for case in ("gent", "datv", "accs")) == forms


@pytest.mark.parametrize(("name", "gent"), [
    ("Министерство образования, науки и молодежи Республики Крым", "Министерства образования, науки и молодежи Республики Крым"),
    ("МКУ «Управление образования Администрации города Феодосии Республики Крым»",
     "МКУ «Управление образования Администрации города Феодосии Республики Крым»"),
    ("МБОУ – Гимназия № 5", "МБОУ – Гимназии № 5"),
    ("Муниципальное бюджетное общеобразовательное учреждение «Гимназия № 5»",
     "Муниципального бюджетного общеобразовательного учреждения «Гимназия № 5»"),
    ("приказ", "приказа"),
])
def test_organisations_and_documents(name: str, gent: str) -> None:
    assert inflect_phrase(name, "gent") == gent


def person(surname: str, gender: str | None = None, **names: str) -> Person:
    if "first_name" not in names:
        names["initials"] = "А.Б."
    return Person(surname=surname, gender=gender, position="учитель", **names)  # type: ignore[arg-type]


@pytest.mark.parametrize(("who", "forms"), [
    (person("Рыженко"), ("Рыженко А.Б.", "Рыженко А.Б.", "Рыженко А.Б.")),
    (person("Лойко"), ("Лойко А.Б.", "Лойко А.Б.", "Лойко А.Б.")),
    (person("Одинокин", "male"), ("Одинокина А.Б.", "Одинокину А.Б.", "Одинокина А.Б.")),
    (person("Одинокина", "female"), ("Одинокиной А.Б.", "Одинокиной А.Б.", "Одинокину А.Б.")),
    (person("Петров", "male"), ("Петрова А.Б.", "Петрову А.Б.", "Петрова А.Б.")),
    (person("Петрова", "female"), ("Петровой А.Б.", "Петровой А.Б.", "Петрову А.Б.")),
    (person("Царская", "female"), ("Царской А.Б.", "Царской А.Б.", "Царскую А.Б.")),
    (person("Орлов-Смирнов", "male"), ("Орлова-Смирнова А.Б.", "Орлову-Смирнову А.Б.", "Орлова-Смирнова А.Б.")),
    (person("Белых"), ("Белых А.Б.", "Белых А.Б.", "Белых А.Б.")),
])
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
    odd = Person(surname="Шевчук", initials="А.Б.", position="инженер-программист",
                 name_forms={"gent": "Шевчука А.Б."}, position_forms={"gent": "инженера-программиста"})
    assert short_name(odd, "gent") == "Шевчука А.Б."
    assert inflect_phrase("инженер-программист", "gent") == "инженера-программиста"


def test_approved_word_agrees() -> None:
    assert [approved_word(t) for t in ("Регламент работы", "План мероприятий", "Памятка для родителей", "Положение о журнале")] == [
        "УТВЕРЖДЕН", "УТВЕРЖДЕН", "УТВЕРЖДЕНА", "УТВЕРЖДЕНО",
    ]
