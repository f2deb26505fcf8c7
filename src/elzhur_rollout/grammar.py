"""Russian grammatical cases for positions, organisation names and people's names.

Rendered documents need forms the YAML never spells out: «в составе Одинокина С.А.,
инженера-электроника» (genitive), «возложить на Романенко Г.В., заместителя директора …»
(accusative).  They are derived from the nominative records:

* phrases (positions, organisation names, document kinds) with pymorphy3: only the head
  noun and the adjectives before it are inflected; dependent words («директора по
  учебно-воспитательной работе», «информатики») stay as they are; abbreviations (МБОУ) and
  quoted names («Гимназия № 5» after an abbreviation) are skipped, as they do not
  decline; a hyphenated noun (инженер-электроник) is inflected part by part;
* people's names with pytrovich (the petrovich rules), with the gender from the record or
  from the patronymic.

Any form a library gets wrong is fixed by an override in the YAML (``name_forms``,
``position_forms``, ``short_name_forms``, ``issuer_genitive``), which always wins.
The dictionaries are loaded on first use: only rendering pays for them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .models import Case, Organization, Person

CASE_RU = {"gent": "родительный", "datv": "дательный", "accs": "винительный", "ablt": "творительный", "loct": "предложный"}


class GrammarError(ValueError):
    """A form cannot be derived safely; the message says which override to add."""


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _petrovich() -> Any:
    from pytrovich.maker import PetrovichDeclinationMaker

    return PetrovichDeclinationMaker()


_WORD = re.compile(r"^([«\"(]*)([А-Яа-яЁё-]+)([»\",.;:)]*)$")


def _match_case(original: str, inflected: str) -> str:
    if original.isupper() and len(original) > 1:
        return inflected.upper()
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


def _parses(word: str) -> list[Any]:
    return [p for p in _morph().parse(word.lower()) if "nomn" in p.tag]


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


def _inflect_noun(word: str, case: str) -> str | None:
    """A (possibly hyphenated) noun in the nominative, put in ``case``; None if not a noun.

    Each part of a hyphenated noun is inflected on its own (педагог-психолог → педагога-
    психолога); a part the dictionary does not know as a nominative noun (электроник)
    follows the first part by analogy."""
    parts = word.split("-")
    out: list[str] = []
    model: tuple[str, str] | None = None
    for part in parts:
        nouns = [p for p in _parses(part) if p.tag.POS == "NOUN"]
        form = nouns[0].inflect({case}) if nouns else None
        if form is not None:
            out.append(_match_case(part, form.word))
            model = model or (part.lower(), form.word)
            continue
        guess = _like(model[0], model[1], part) if model else None
        if guess is None:
            return None
        out.append(guess)
    return "-".join(out)


def _head_tags(word: str) -> Any:
    part = word.split("-")[0]
    nouns = [p for p in _parses(part) if p.tag.POS == "NOUN"]
    return nouns[0].tag if nouns else None


def _inflect_adjective(word: str, case: str, head: Any) -> str | None:
    adjectives = [p for p in _parses(word) if p.tag.POS in ("ADJF", "PRTF")]
    if head is not None:
        agreeing = [p for p in adjectives if (head.number == "plur" and p.tag.number == "plur")
                    or (p.tag.gender == head.gender and p.tag.number == head.number)]
        adjectives = agreeing or adjectives
    if not adjectives:
        return None
    wanted = {case}
    if case == "accs" and head is not None and head.animacy == "anim":
        wanted.add("anim")
    form = adjectives[0].inflect(wanted) or adjectives[0].inflect({case})
    return _match_case(word, form.word) if form else None


def inflect_phrase(phrase: str, case: Case) -> str:
    """Put a nominative phrase in ``case``: the leading adjectives and the head noun change."""
    tokens = phrase.split(" ")
    adjectives: list[int] = []
    for i, token in enumerate(tokens):
        m = _WORD.match(token)
        if token.startswith("«") or not m:
            # a quoted name or a number: nothing before it was a head noun, nothing to inflect
            if token in ("–", "—", "-") or re.fullmatch(r"[A-ZА-ЯЁ0-9]{2,}", token.strip(",")):
                continue
            break
        lead, word, trail = m.groups()
        if lead:
            break
        if word.isupper() and len(word) > 1:  # an abbreviation: МБОУ, МКУ, УВР
            continue
        is_last = i == len(tokens) - 1 or bool(trail)
        has_adj = any(p.tag.POS in ("ADJF", "PRTF") for p in _parses(word))
        has_noun = any(p.tag.POS == "NOUN" for p in _parses(word.split("-")[0]))
        if has_adj and (not is_last or not has_noun) and "-" not in word:
            adjectives.append(i)
            continue
        if not has_noun:
            break
        noun = _inflect_noun(word, case)
        if noun is None:
            break
        head = _head_tags(word)
        result = list(tokens)
        result[i] = lead + noun + trail
        for j in adjectives:
            form = _inflect_adjective(tokens[j], case, head)
            if form is None:
                raise GrammarError(f"не удалось просклонять «{phrase}» ({CASE_RU[case]} падеж)")
            result[j] = form
        return " ".join(result)
    return phrase


# --------------------------------------------------------------------------- people

_PETROVICH_CASE = {"gent": "GENITIVE", "datv": "DATIVE", "accs": "ACCUSATIVE", "ablt": "INSTRUMENTAL", "loct": "PREPOSITIONAL"}


def _name_part(part: str, value: str, gender: str, case: Case) -> str:
    from pytrovich.enums import Case as PCase
    from pytrovich.enums import Gender, NamePart

    return str(_petrovich().make(NamePart[part], Gender[gender.upper()], PCase[_PETROVICH_CASE[case]], value))


def _surname(person: Person, case: Case) -> str:
    gender = person.inferred_gender
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


def short_name(person: Person, case: Case | None = None) -> str:
    """«Одинокина С.А.» in ``case`` (None: nominative)."""
    if case is None:
        return person.short_name
    if case in person.name_forms:
        return person.name_forms[case]
    return f"{_surname(person, case)} {person.initials_text}"


def full_name(person: Person, case: Case | None = None) -> str:
    """«Петрова Анна Ивановна», or the short form when only initials are known."""
    if person.first_name is None:
        return short_name(person, case)
    if case is None:
        return " ".join(p for p in (person.surname, person.first_name, person.patronymic) if p)
    gender = person.inferred_gender or "male"
    parts = [_surname(person, case), _name_part("FIRSTNAME", person.first_name, gender, case)]
    if person.patronymic:
        parts.append(_name_part("MIDDLENAME", person.patronymic, gender, case))
    return " ".join(parts)


def position(person: Person, case: Case | None = None) -> str:
    if case is None:
        return person.position
    if case in person.position_forms:
        return person.position_forms[case]
    return inflect_phrase(person.position, case)


def organization_name(org: Organization, case: Case) -> str:
    if case in org.short_name_forms:
        return org.short_name_forms[case]
    return inflect_phrase(org.short_name, case)


def approved_word(title: str) -> str:
    """УТВЕРЖДЕН / УТВЕРЖДЕНА / УТВЕРЖДЕНО agreeing with the head noun of a title."""
    first = title.split(" ")[0]
    tags = _head_tags(first)
    gender = tags.gender if tags is not None else "masc"
    return {"femn": "УТВЕРЖДЕНА", "neut": "УТВЕРЖДЕНО"}.get(gender, "УТВЕРЖДЕН")
