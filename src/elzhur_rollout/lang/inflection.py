"""Russian grammatical cases for positions, organisation names and people's names.

Rendered documents need forms the YAML never spells out: «в составе Одинокина С.А.,
инженера-электроника» (genitive), «возложить на Романенко Г.В., заместителя директора …»
(accusative).  They are derived from the nominative records.

Phrases (positions, organisation names, document kinds and titles) go through pymorphy3,
but the layer decides itself what to inflect, word by word:

* the head is the first word that can be a nominative noun, or a substantivized adjective
  or participle (заведующий, дежурная, ответственный, уполномоченный, рабочий) that no
  nominative word agreeing with it follows; the adjectives and participles before it agree
  with it in gender, number and case (старшую вожатую, контрактного управляющего); the words
  after it depend on it and stay as written (заведующего библиотекой, исполняющего
  обязанности директора, учителя русского языка и литературы);
* a position names a person, so it is animate: the accusative of a masculine noun of the
  second declension, and of any plural, equals the genitive (тьютора, старшего вожатого),
  while a feminine one has its own (старшую вожатую, медицинскую сестру);
* a hyphenated noun is inflected part by part (учителя-дефектолога); a part the
  dictionary does not know (электроник) follows the first part by analogy;
* an apposition in brackets right after the head agrees with it: ассистента (помощника);
* abbreviations and acronyms stay as written: «зам. директора по УВР» and «и.о.
  директора» do not change at all (the abbreviated head cannot decline); a leading acronym
  (МБОУ – Гимназия № 5) is skipped; a quoted name («Гимназия № 5») is never touched;
* for a position, several positions separated by commas each decline
  (учителя математики, классного руководителя), when each starts with a singular head.

People's names go through pytrovich (the petrovich rules), with the gender from the record,
the patronymic or an unambiguous first name (pytrovich's detector: Иван, Любовь, but not
Саша); where the forms depend on a gender nothing tells, the render asks for it instead of
guessing.  A patronymic with «оглы»/«кызы» does not decline.

Any form a library gets wrong is fixed by an override in the YAML (``name_forms``,
``position_forms``, ``short_name_forms``, ``issuer_genitive``), which always wins;
:func:`uncertain_forms` finds the forms that depend on which dictionary parse is right,
so that an override can be asked for.  The dictionaries are loaded on first use: only
rendering (and an explicit grammar check) pays for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from elzhur_rollout.core.models import Case, Organization, Person
from elzhur_rollout.errors import GrammarError

AnyCase = Literal["nomn", "gent", "datv", "accs", "ablt", "loct"]

CASE_RU = {
    "nomn": "именительный",
    "gent": "родительный",
    "datv": "дательный",
    "accs": "винительный",
    "ablt": "творительный",
    "loct": "предложный",
}


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3  # lazy: pymorphy3 costs 45 ms and its dictionaries 160 ms; only for inflection

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _petrovich() -> Any:
    from pytrovich.maker import PetrovichDeclinationMaker  # lazy: pytrovich costs 10 ms; only for names in a case

    return PetrovichDeclinationMaker()


_WORD = re.compile(r"^([«\"(]*)((?:[A-Za-z]+-)?[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*)([»\",.;:)]*)$")
_DASHES = ("–", "—", "-")
# abbreviated adjectives that may stand before a head noun: «ст. методист» keeps «ст.» and
# declines the noun; any other abbreviation (зам., и.о., зав.) is the head and stays as written
_ABBREVIATED_ADJECTIVES = {"ст", "гл", "мл", "вед"}
_ADJECTIVE = ("ADJF", "PRTF")
# first parts of compounds that never decline: шеф-повара, контент-менеджера, пресс-секретаря
_FIXED_FIRST_PARTS = {
    "шеф",
    "вице",
    "экс",
    "контент",
    "бизнес",
    "веб",
    "интернет",
    "арт",
    "медиа",
    "пресс",
    "фитнес",
    "спорт",
    "фото",
    "видео",
    "теле",
    "радио",
    "кино",
    "эко",
    "мини",
    "топ",
    "смм",
    "пиар",
    "ит",
    "it",
    "smm",
    "pr",
    "ивент",
    "event",
    "hr",
    "эйчар",
    "бренд",
    "гейм",
    "унтер",
    "обер",
    "лейб",
    "штаб",
    "генерал",
}


def _match_case(original: str, inflected: str) -> str:
    if original.isupper() and len(original) > 1:
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


@lru_cache(maxsize=4096)
def _parses(word: str) -> tuple[Any, ...]:
    """The nominative analyses of a word (lower-cased), most probable first."""
    return tuple(p for p in _morph().parse(word.lower()) if "nomn" in p.tag)


def _fixed_prefix(word: str) -> tuple[str, str]:
    """(the parts of a compound that never decline, with their hyphen; the declining rest):
    шеф-, an abbreviation (ИКТ-специалиста)."""
    parts = word.split("-")
    k = 0
    while k < len(parts) - 1 and (
        parts[k].lower() in _FIXED_FIRST_PARTS or not re.search("[а-яё]", parts[k].lower()) or _is_acronym(parts[k])
    ):
        k += 1
    return "".join(p + "-" for p in parts[:k]), "-".join(parts[k:])


def _nouns(word: str) -> list[Any]:
    """Noun parses, common nouns only when there are any: a position or a title is not a
    surname, a first name or a place (бондарь: бондаря, not the indeclinable woman's surname)."""
    nouns = [p for p in _parses(_fixed_prefix(word)[1].split("-")[0]) if p.tag.POS == "NOUN"]
    common = [p for p in nouns if not {"Surn", "Name", "Patr", "Geox"} & p.tag.grammemes]
    return common or nouns


def _adjectives(word: str) -> list[Any]:
    return [] if "-" in word else [p for p in _parses(word) if p.tag.POS in _ADJECTIVE]


def _gender(tag: Any) -> str | None:
    """masc, femn, neut or None (pymorphy's grammemes refuse comparison with other strings)."""
    return str(tag.gender) if tag.gender else None


def _number(tag: Any) -> str | None:
    return str(tag.number) if tag.number else None


def _agree(a: Any, b: Any) -> bool:
    """An adjective parse ``a`` can modify a word parse ``b`` (both nominative)."""
    if _number(a.tag) != _number(b.tag):
        return False
    return _number(a.tag) == "plur" or _gender(a.tag) == _gender(b.tag) or "Ms-f" in b.tag


_VOWELS = set("аеёиоуыэюяь")


def _like(model_nom: str, model_form: str, word: str) -> str | None:
    """Inflect ``word`` the way ``model_nom`` became ``model_form`` (инженер → инженера gives
    электроник → электроника), when both end alike; None when the analogy does not hold."""
    common = 0
    while common < min(len(model_nom), len(model_form)) and model_nom[common] == model_form[common]:
        common += 1
    removed, added = model_nom[common:], model_form[common:]
    same_kind = (model_nom[-1] in _VOWELS) == (word[-1].lower() in _VOWELS)
    if not same_kind or not word.lower().endswith(removed):
        return None
    return word[: len(word) - len(removed)] + added


# --------------------------------------------------------------------------- phrases


@dataclass(frozen=True)
class _Token:
    lead: str
    word: str
    trail: str


@dataclass
class _Plan:
    """What to inflect in a phrase: the head word, the adjectives before it, an apposition."""

    tokens: list[str]
    head: int
    head_parses: list[Any]
    modifiers: list[int]
    apposition: int | None = None

    @property
    def tag(self) -> Any:
        return self.head_parses[0].tag


def _split(token: str) -> _Token | None:
    m = _WORD.match(token)
    return _Token(*m.groups()) if m else None


# grammemes of words that are not common nouns or adjectives: an upper-case word known only so
# (ГОСТ, РФ, ООО, ГИА as a first name) is an abbreviation
_PROPER = {"Abbr", "Name", "Surn", "Patr", "Geox", "Orgn", "Init"}
# upper-case words this short are abbreviations (ЭЖ, ИКТ, СОШ, УВР) even where the dictionary has a
# word spelt so (икт), except the few document kinds that are words
_SHORT_WORDS = {"акт"}


@lru_cache(maxsize=4096)
def _is_acronym(word: str) -> bool:
    """An abbreviation kept as written (ЭЖ, МБОУ, ГИС, СОШ, УВР, ИКТ): an upper-case word that the
    dictionary does not know in lower case as a common word; an upper-case word it knows
    (ПОЛОЖЕНИЕ, ПОРЯДОК, ИНСТРУКЦИЯ) is read in lower case and keeps its capitals when inflected."""
    if len(word) < 2 or not word.isupper():
        return False
    for part in word.lower().split("-"):
        if len(part) < 4 and part not in _SHORT_WORDS:
            continue
        if any(p.is_known and not _PROPER & p.tag.grammemes for p in _morph().parse(part)):
            return False
    return True


def _plan(tokens: list[str]) -> _Plan | None:
    """Find the head of a nominative phrase; None when nothing in it declines."""
    modifiers: list[int] = []
    for i, token in enumerate(tokens):
        t = _split(token)
        if t is None or t.lead:
            # a number, a quoted name, an abbreviation with inner dots (и.о.): the head, if any,
            # is not a word we may change
            if (token in _DASHES or _is_acronym(token.strip(",;:"))) and not modifiers:
                continue
            return None
        if t.trail.startswith("."):  # зам., ст.: abbreviated words stay as written
            if t.word.lower() in _ABBREVIATED_ADJECTIVES and not modifiers:
                continue
            return None
        if _is_acronym(t.word):
            if not modifiers:
                continue
            return None
        nouns, adjectives = _nouns(t.word), _adjectives(t.word)
        nxt = _split(tokens[i + 1]) if i + 1 < len(tokens) and not t.trail else None
        if adjectives and nxt is not None and not nxt.lead:
            following = _nouns(nxt.word) + _adjectives(nxt.word)
            agreeing = [a for a in adjectives if any(_agree(a, b) for b in following)]
            if agreeing:
                modifiers.append(i)
                continue
        if not nouns and not adjectives:
            return None
        head_parses = _order_head(nouns, adjectives)
        plan = _Plan(tokens, i, head_parses, modifiers)
        if not t.trail and i + 1 < len(tokens):
            app = _split(tokens[i + 1])
            if app is not None and app.lead == "(" and app.trail == ")" and _nouns(app.word):
                plan.apposition = i + 1
        return plan
    return None


def _order_head(nouns: list[Any], adjectives: list[Any]) -> list[Any]:
    """Head parses, the most likely first: singular before plural (positions and titles name
    one thing unless the word has no singular nominative), nouns before adjectives."""
    parses = nouns + adjectives
    return sorted(parses, key=lambda p: (_number(p.tag) != "sing", p.tag.POS != "NOUN"))


def _animate_accusative(tag: Any, nominative: str, animate: bool) -> bool:
    """The accusative equals the genitive: animate plurals and animate masculine nouns of the
    second declension (not дедушка, судья); adjectives agreeing with them."""
    if _number(tag) == "plur":
        return animate or tag.animacy == "anim"
    if _gender(tag) != "masc":
        return False
    if tag.POS == "NOUN" and nominative.lower().endswith(("а", "я")):
        return False
    return animate or tag.animacy == "anim"


def _target(case: str, tag: Any, nominative: str, animate: bool) -> str:
    if case == "accs" and _animate_accusative(tag, nominative, animate):
        return "gent"
    return case


def _inflect_parse(parse: Any, case: str, grammemes: set[str] = frozenset()) -> str | None:  # type: ignore[assignment]
    form = parse.inflect({case, *grammemes})
    return form.word if form is not None else None


def _noun_forms(word: str, case: str, animate: bool, parses: list[Any]) -> list[str]:
    """Every form of a (possibly hyphenated) head word in ``case``, one per plausible parse,
    the most likely first; empty when it cannot be inflected."""
    prefix, word = _fixed_prefix(word)
    parts = word.split("-")
    results: list[str] = []
    for first in parses:
        target = _target(case, first.tag, parts[0], animate)
        if first.tag.POS in _ADJECTIVE:
            grammemes = {"plur"} if _number(first.tag) == "plur" else {_gender(first.tag) or "masc", "sing"}
            form = _inflect_parse(first, target, grammemes)
        else:
            form = _inflect_parse(first, target)
        if form is None:
            continue
        out = [_match_case(parts[0], form)]
        model = (parts[0].lower(), form)
        for part in parts[1:]:
            nouns = _nouns(part)
            same = [p for p in nouns if _number(p.tag) == _number(first.tag)] or nouns
            sub = _inflect_parse(same[0], _target(case, same[0].tag, part, animate)) if same else None
            if sub is None:
                sub = _like(model[0], model[1], part)
            if sub is None:
                break
            out.append(_match_case(part, sub))
        else:
            text = prefix + "-".join(out)
            if text not in results:
                results.append(text)
    return results


def _adjective_forms(word: str, case: str, head: Any, head_word: str, animate: bool) -> list[str]:
    """Every form of an adjective agreeing with the head, one per plausible parse."""
    adjectives = _adjectives(word)
    agreeing = [p for p in adjectives if _agree(p, head)] or adjectives
    grammemes = {"plur"} if _number(head.tag) == "plur" else {_gender(head.tag) or "masc", "sing"}
    target = _target(case, head.tag, head_word, animate)
    results: list[str] = []
    for p in agreeing:
        form = _inflect_parse(p, target, grammemes)
        if form is not None and _match_case(word, form) not in results:
            results.append(_match_case(word, form))
    return results


def _alternatives(phrase: str, case: str, animate: bool) -> list[str]:
    """The phrase in ``case``: the derived form first, then the forms other parses give."""
    if case == "nomn":
        return [phrase]
    if animate and ", " in phrase:
        return _list_alternatives(phrase, case)
    tokens = phrase.split(" ")
    plan = _plan(tokens)
    if plan is None:
        return [phrase]
    head_token = _split(tokens[plan.head])
    assert head_token is not None
    heads = _noun_forms(head_token.word, case, animate, plan.head_parses)
    if not heads:
        return [phrase]
    slots: dict[int, list[str]] = {plan.head: [head_token.lead + h + head_token.trail for h in heads]}
    for j in plan.modifiers:
        forms = _adjective_forms(tokens[j], case, plan.head_parses[0], head_token.word.split("-")[0], animate)
        if not forms:
            raise GrammarError(f"не удалось просклонять «{phrase}» ({CASE_RU[case]} падеж)")
        slots[j] = forms
    if plan.apposition is not None:
        app = _split(tokens[plan.apposition])
        assert app is not None
        forms = _noun_forms(app.word, case, animate, _order_head(_nouns(app.word), []))
        if forms:
            slots[plan.apposition] = [app.lead + f + app.trail for f in forms]
    first = list(tokens)
    for j, forms in slots.items():
        first[j] = forms[0]
    results = [" ".join(first)]
    seen = {results[0].replace("ё", "е")}  # шофера and шофёра are one form, spelt with or without ё
    for j, forms in slots.items():  # one word at a time on another parse
        for other in forms[1:]:
            variant = list(first)
            variant[j] = other
            text = " ".join(variant)
            if text.replace("ё", "е") not in seen:
                seen.add(text.replace("ё", "е"))
                results.append(text)
    return results


def _list_alternatives(phrase: str, case: str) -> list[str]:
    """Positions separated by commas («учитель математики, классный руководитель»): each part
    that starts with a singular head declines; any other part depends on the previous one."""
    parts = phrase.split(", ")
    firsts: list[str] = []
    others: list[tuple[int, list[str]]] = []
    for k, part in enumerate(parts):
        plan = _plan(part.split(" "))
        if k > 0 and (plan is None or _number(plan.tag) != "sing"):
            firsts.append(part)
            continue
        forms = _alternatives(part, case, True)
        firsts.append(forms[0])
        others.append((k, forms[1:]))
    results = [", ".join(firsts)]
    for k, forms in others:
        for other in forms:
            variant = list(firsts)
            variant[k] = other
            results.append(", ".join(variant))
    return results


def inflect_phrase(phrase: str, case: AnyCase, animate: bool = False) -> str:
    """Put a nominative phrase in ``case``: the leading adjectives and the head change.

    ``animate``: the phrase names a person (a position), whatever the dictionary says."""
    return _alternatives(phrase, case, animate)[0]


def unknown_word(phrase: str) -> str | None:
    """The first word of a phrase when nothing in the phrase could be inflected because the
    dictionary does not know it as a noun or an adjective (коуч); None otherwise.

    A word pymorphy3 only guesses (тьютор is «тор» after an unknown prefix) is not reported
    when every guess gives the same forms: a guess is uncertain only when its parses disagree."""
    tokens = phrase.split(" ")
    if _plan(tokens) is not None:
        return None
    t = _split(tokens[0])
    if t is None or t.lead or t.trail.startswith(".") or _is_acronym(t.word):
        return None  # a number, a quoted name, an abbreviation: kept as written by design
    return t.word


def uncertain_forms(
    phrase: str, cases: tuple[AnyCase, ...] = ("gent", "datv", "accs", "ablt", "loct"), animate: bool = False
) -> list[tuple[str, AnyCase, list[str]]]:
    """(phrase, case, candidates) for every case whose form is not certain: the dictionary's
    parses of a word give different forms, or nothing could be inflected (:func:`unknown_word`).
    The derived form is candidates[0]; an override in the YAML settles it."""
    unknown = unknown_word(phrase.split(", ")[0])
    out: list[tuple[str, AnyCase, list[str]]] = []
    for case in cases:
        forms = _alternatives(phrase, case, animate)
        if len(forms) > 1 or unknown is not None:
            out.append((phrase, case, forms))
    return out


def head_features(phrase: str) -> tuple[str | None, str | None]:
    """(gender, number) of the head of a nominative phrase, pymorphy's grammemes: («masc»,
    «sing»), («femn», «sing»), (None, «plur») …; (None, None) when it has no head."""
    text = re.sub(r"[«»\"“”„]", "", phrase).strip()
    plan = _plan(text.split())
    if plan is None:
        return None, None
    tag = plan.tag
    return (None if _number(tag) == "plur" else _gender(tag)), _number(tag)


def approved_word(title: str) -> str:
    """УТВЕРЖДЕН / УТВЕРЖДЕНА / УТВЕРЖДЕНО / УТВЕРЖДЕНЫ agreeing with the head noun of a title
    («Должностная инструкция учителя» — УТВЕРЖДЕНА, «Правила ведения журнала» — УТВЕРЖДЕНЫ)."""
    gender, number = head_features(title)
    if number == "plur":
        return "УТВЕРЖДЕНЫ"
    return {"femn": "УТВЕРЖДЕНА", "neut": "УТВЕРЖДЕНО"}.get(gender or "masc", "УТВЕРЖДЕН")


# --------------------------------------------------------------------------- people

_PETROVICH_CASE = {"gent": "GENITIVE", "datv": "DATIVE", "accs": "ACCUSATIVE", "ablt": "INSTRUMENTAL", "loct": "PREPOSITIONAL"}
_TURKIC_PATRONYMIC = re.compile(r"\s+(оглы|кызы|улы|уулу|гызы)$", re.IGNORECASE)


def _name_part(part: str, value: str, gender: str, case: Case) -> str:
    from pytrovich.enums import Case as PCase  # lazy: pytrovich costs 10 ms; only for names in a case
    from pytrovich.enums import Gender, NamePart  # lazy: pytrovich costs 10 ms; only for names in a case

    return str(_petrovich().make(NamePart[part], Gender[gender.upper()], PCase[_PETROVICH_CASE[case]], value))


@lru_cache(maxsize=1)
def _gender_detector() -> Any:
    from pytrovich.detector import PetrovichGenderDetector  # lazy: pytrovich costs 10 ms; only for names in a case

    return PetrovichGenderDetector()


def _person_gender(person: Person) -> str | None:
    """male / female from the record, the patronymic, or an unambiguous first name (Иван,
    Любовь, Джон; not Саша, Женя); None when none of them tells."""
    if person.inferred_gender is not None:
        return person.inferred_gender
    if person.first_name:
        detected = str(_gender_detector().detect(firstname=person.first_name).name).lower()
        if detected in ("male", "female"):
            return detected
    return None


def _surname(person: Person, case: Case) -> str:
    gender = _person_gender(person)
    if gender is not None:
        return _name_part("LASTNAME", person.surname, gender, case)
    male = _name_part("LASTNAME", person.surname, "male", case)
    female = _name_part("LASTNAME", person.surname, "female", case)
    if male != female:
        raise GrammarError(
            f"у «{person.surname}» падежные формы зависят от пола: укажите gender (male или female) "
            f"или готовую форму в name_forms.{case}"
        )
    return male


def _patronymic(value: str, gender: str, case: Case) -> str:
    if _TURKIC_PATRONYMIC.search(value):  # «Гасан оглы», «Гасан кызы» do not decline
        return value
    return _name_part("MIDDLENAME", value, gender, case)


def short_name(person: Person, case: AnyCase | None = None) -> str:
    """«Одинокина С.А.» in ``case`` (None or «nomn»: nominative)."""
    if case is None or case == "nomn":
        return person.short_name
    if case in person.name_forms:
        return person.name_forms[case]
    return f"{_surname(person, case)} {person.initials_text}"


def full_name(person: Person, case: AnyCase | None = None) -> str:
    """«Петрова Анна Ивановна», or the short form when only initials are known."""
    if person.first_name is None:
        return short_name(person, case)
    if case is None or case == "nomn":
        return " ".join(p for p in (person.surname, person.first_name, person.patronymic) if p)
    gender = _person_gender(person)
    if gender is None:
        first = {_name_part("FIRSTNAME", person.first_name, g, case) for g in ("male", "female")}
        if len(first) > 1:
            raise GrammarError(f"у имени «{person.first_name}» падежные формы зависят от пола: укажите gender (male или female)")
    parts = [_surname(person, case), _name_part("FIRSTNAME", person.first_name, gender or "male", case)]
    if person.patronymic:
        parts.append(_patronymic(person.patronymic, gender or "male", case))
    return " ".join(parts)


def position(person: Person, case: AnyCase | None = None) -> str:
    """The person's position in ``case``: animate, since a position names a person."""
    if case is None or case == "nomn":
        return person.position
    if case in person.position_forms:
        return person.position_forms[case]
    return inflect_phrase(person.position, case, animate=True)


def organization_name(org: Organization, case: AnyCase) -> str:
    if case == "nomn":
        return org.short_name
    if case in org.short_name_forms:
        return org.short_name_forms[case]
    return inflect_phrase(org.short_name, case)
