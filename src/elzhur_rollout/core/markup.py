"""References in free text: ``{kuznetsova:дат:полное}``, ``{org:род}``, ``{appendix:plan}``.

A deputy director names a person, a role, the organisation, an appendix or a measure by its
key inside any text of the YAML, with the case and the name form the sentence needs; the
wording is derived when the documents are printed (``render_context.expand_references``), so
renaming a person once changes every document.  This module only parses: which references a
text holds, where they stand and what they ask for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# {ключ}, {ключ:падеж}, {ключ:падеж:форма}, {appendix:ключ}, {appendix:ключ:падеж}, {measure:номер}
REFERENCE = re.compile(r"\{([a-z][a-z0-9_-]*)((?::[^{}:\s]+)*)\}")

CASES = {
    "им": "nomn",
    "род": "gent",
    "дат": "datv",
    "вин": "accs",
    "тв": "ablt",
    "пр": "loct",
    **{c: c for c in ("nomn", "gent", "datv", "accs", "ablt", "loct")},
}
# how a person is named: «Кузнецовой М.О.» (default), «Кузнецову Марину Олеговну», «М.О. Кузнецова»,
# the position alone, or the position before / after the name
FORMS = (
    "инициалы",
    "полное",
    "подпись",
    "должность",
    "должность-инициалы",
    "инициалы-должность",
    "должность-полное",
    "полное-должность",
)
PREFIXES = ("appendix", "measure", "org")


@dataclass(frozen=True)
class Reference:
    text: str  # as written, with the braces
    start: int  # offset in the string
    kind: str  # "person-or-role", "appendix", "measure", "org"
    key: str  # the person's, role's, appendix's or measure's key ("" for the organisation)
    case: str  # nomn … loct
    form: str  # one of FORMS ("инициалы" by default); "полное" for the organisation's full name
    error: str | None = None  # what is wrong with the markup itself


def references(text: str) -> Iterator[Reference]:
    """The references of ``text`` in order; a malformed one carries its ``error``."""
    for m in REFERENCE.finditer(text):
        head, args = m.group(1), [a for a in m.group(2).split(":") if a]
        kind, key = "person-or-role", head
        if head in ("appendix", "measure"):
            kind = head
            key = args.pop(0) if args else ""
        elif head == "org":
            kind, key = "org", ""
        case, form, error = "nomn", "инициалы", None
        for arg in args:
            if arg in CASES:
                case = CASES[arg]
            elif arg in FORMS:
                form = arg
            else:
                error = f"«{arg}» — не падеж и не форма имени; падежи: им, род, дат, вин, тв, пр; формы: {', '.join(FORMS)}"
        if kind in ("appendix", "measure") and not key:
            error = (
                f"после «{head}:» нужен ключ, например {{{head}:plan}}"
                if head == "appendix"
                else "после «measure:» нужен номер мероприятия"
            )
        yield Reference(m.group(0), m.start(), kind, key, case, form, error)
