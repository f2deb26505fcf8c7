"""The order's life after signing, as edits of order.yaml: the signature (``rollout sign``),
the acquaintance sheet (``rollout acquainted``) and the draft of an amending order
(``rollout amend``).  Each is one round-trip edit: comments and layout survive."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from elzhur_rollout.core.acquaintance import ack_keys, acquaintance_obligations
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.models import Amendment, DocumentHead, Order, field_names
from elzhur_rollout.edit.progress import Edit, edit_file, put
from elzhur_rollout.errors import EditError
from elzhur_rollout.lang import vocabulary as ru


def _not_future(when: dt.date, today: dt.date) -> None:
    if when > today:
        raise EditError(f"дата {ru.short_date(when)} ещё не наступила (сегодня {ru.short_date(today)})")


def sign_order(folder: Path, number: str, when: dt.date, commit: str, today: dt.date) -> Edit:
    """The order is signed: its number and date, and the commit whose data were signed."""

    def change(doc: Any, bundle: Bundle) -> str:
        if bundle.order.signed is not None:
            raise EditError("приказ уже подписан")
        _not_future(when, today)
        head = doc["document"]
        put(head, "number", DoubleQuotedScalarString(number), DocumentHead)
        put(head, "date", when, DocumentHead)
        if "draft" in head:
            del head["draft"]
        put(doc, "signed", CommentedMap([("commit", commit), ("named", CommentedSeq(ack_keys(bundle)))]), Order)
        return f"Приказ № {number} от {ru.short_date(when)} подписан; подписанная редакция — коммит {commit[:7]}."

    return edit_file(folder, "order", change)


def sign_amendment(folder: Path, index: int, number: str, when: dt.date, commit: str, today: dt.date) -> Edit:
    """An amending order is signed: its number and date, and the commit whose data were signed."""

    def change(doc: Any, bundle: Bundle) -> str:
        _not_future(when, today)
        node = doc["amendments"][index]
        put(node, "number", DoubleQuotedScalarString(number), Amendment)
        put(node, "date", when, Amendment)
        put(node, "signed", CommentedMap([("commit", commit)]), Amendment)
        title = bundle.order.amendments[index].title
        return f"Приказ № {number} от {ru.short_date(when)} «{title}» подписан; подписанная редакция — коммит {commit[:7]}."

    return edit_file(folder, "order", change)


def save_amendment(folder: Path, amendment: dict[str, Any]) -> tuple[Edit, int]:
    """Write the draft of an amending order into ``amendments`` (replacing an unsigned draft);
    returns the edit and the draft's place in the list."""
    place = [0]

    def change(doc: Any, bundle: Bundle) -> str:
        node = CommentedMap()
        for key in field_names(Amendment):
            if key in amendment:
                node[key] = _yaml_value(amendment[key])
        drafts = [i for i, a in enumerate(bundle.order.amendments) if a.signed is None]
        if "amendments" not in doc:
            put(doc, "amendments", CommentedSeq(), Order)
        if drafts:
            doc["amendments"][drafts[0]] = node
            place[0] = drafts[0]
            return "Проект приказа о внесении изменений составлен заново."
        doc["amendments"].append(node)
        place[0] = len(doc["amendments"]) - 1
        return "Составлен проект приказа о внесении изменений."

    edit = edit_file(folder, "order", change)
    return edit, place[0]


def _yaml_value(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap([(k, _yaml_value(v)) for k, v in value.items()])
    if isinstance(value, list):
        return CommentedSeq([_yaml_value(v) for v in value])
    return value


# --------------------------------------------------------------------------- acquaintance


def _normal(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("ё", "е").replace("Ё", "Е").lower()


def resolve_people(bundle: Bundle, names: list[str]) -> list[str]:
    """People by key («belov»), by surname and initials as on the sheet («Белов А.И.», «А.И. Белов»)
    or by surname alone when only one person has it."""
    people = bundle.order.people
    out = []
    for name in names:
        if name in people:
            out.append(name)
            continue
        wanted = _normal(name)
        hits = [k for k, p in people.items() if wanted in (_normal(p.short_name), _normal(p.signature_name))]
        if not hits:
            hits = [k for k, p in people.items() if _normal(p.surname) == wanted]
        if len(hits) != 1:
            why = (
                "несколько сотрудников с такой фамилией; укажите инициалы или ключ" if hits else "такого сотрудника нет в people"
            )
            raise EditError(f"«{name}»: {why}{ru.did_you_mean(name, list(people)) if not hits else ''}")
        out.append(hits[0])
    return out


def record_acquainted(folder: Path, names: list[str], today: dt.date, when: dt.date | None = None) -> Edit:
    """Record that these people signed the acquaintance sheet on ``when`` (default: today)."""

    def change(doc: Any, bundle: Bundle) -> str:
        order = bundle.order
        if order.signed is None:
            raise EditError("приказ ещё не подписан: ознакомление отмечается после подписи (rollout sign)")
        day = when or today
        _not_future(day, today)
        keys = resolve_people(bundle, names)
        owed = {o.person: o for o in acquaintance_obligations(bundle)}
        for key in dict.fromkeys(keys):
            person = order.people[key]
            o = owed.get(key)
            if o is None:
                who = person.short_name
                raise EditError(
                    ru.by_gender(
                        person.inferred_gender,
                        f"{who} не назван ни в приказе, ни в приложениях",
                        f"{who} не названа ни в приказе, ни в приложениях",
                        f"{who}: нет ни в приказе, ни в приложениях",
                    )
                    + ": подпись в листе ознакомления не требуется"
                )
            if o.acquainted is not None:
                who, day_ = person.short_name, ru.short_date(o.acquainted)
                raise EditError(
                    ru.by_gender(
                        person.inferred_gender,
                        f"{who} уже ознакомлен {day_}",
                        f"{who} уже ознакомлена {day_}",
                        f"подпись {who} в листе ознакомления уже отмечена: {day_}",
                    )
                )
            if day < o.since:
                raise EditError(
                    f"{person.short_name}: дата {ru.short_date(day)} раньше, чем приказ, который называет этого сотрудника, "
                    f"подписан ({ru.short_date(o.since)})"
                )
        if "acquainted" not in doc:
            put(doc, "acquainted", CommentedMap(), Order)
        for key in dict.fromkeys(keys):  # a date object apiece: a shared one would be written as a YAML alias
            doc["acquainted"][key] = dt.date.fromordinal(day.toordinal())
        who = ", ".join(order.people[k].short_name for k in dict.fromkeys(keys))
        return f"Ознакомлены с приказом {ru.short_date(day)}: {who}" + ("" if who.endswith(".") else ".")

    return edit_file(folder, "order", change)


def people_from_file(path: Path) -> list[str]:
    """The people of a typed-in sheet: one a line; empty lines and lines from «#» are skipped."""
    from elzhur_rollout.source.files import (
        os_error_ru,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EditError(f"{path} не в кодировке UTF-8; пересохраните его в UTF-8") from None
    except OSError as err:
        raise EditError(os_error_ru(err, path, "чтение")) from None
    names = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    names = [n for n in names if n]
    if not names:
        raise EditError(f"в {path} нет ни одного сотрудника: пишите по одному на строку («Белов А.И.» или ключ)")
    return names
