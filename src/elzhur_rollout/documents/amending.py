"""The order after its signature: the signed text, the amending orders drawn from git, the checks
of the chain.

* The signed text of the order and its appendices is the data of the commit ``rollout sign``
  recorded, printed with the number and the date the signature wrote (:func:`signed_state`).
* ``rollout amend`` compares that text with the current data and words each difference by the
  rules of legal drafting for amending acts (:func:`draft_amendment`): «в пункте 2 слова «…»
  заменить словами «…»», «дополнить пунктом 3.3 следующего содержания: «…»», «пункт 5 признать
  утратившим силу», «приложение 1 изложить в новой редакции (прилагается)».
* ``rollout check`` warns when the printed text differs from the last signed revision (the order,
  or the last signed amending order) and validates the chain (:func:`life_findings`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from elzhur_rollout.core.acquaintance import ack_keys, acquaintance_obligations
from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.domain import item_numbers
from elzhur_rollout.core.models import Amendment, Order, OrderItem
from elzhur_rollout.documents import wording
from elzhur_rollout.documents.wording import NBSP, Job, typeset, with_references, wording_errors
from elzhur_rollout.edit.life import save_amendment, sign_amendment, sign_order
from elzhur_rollout.edit.progress import Edit
from elzhur_rollout.errors import EditError, GitError, RenderError, UsageError
from elzhur_rollout.findings import Finding
from elzhur_rollout.lang import inflection as grammar
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.source.git import full_commit, head_commit, repo_root, uncommitted
from elzhur_rollout.source.loading import FILES, load_bundle
from elzhur_rollout.views.changes import common_ends

# an appendix changed in this many places or more is set out anew
RESTATE_FROM = 3
# a replacement of more words than this is worded as a new wording of the whole item
MAX_WORDS = 12
GENERIC_PURPOSE = "В связи с производственной необходимостью"
STAFF_PURPOSE = "В связи с кадровыми изменениями"


# --------------------------------------------------------------------------- the signed text


def signed_commit(order: Order) -> str | None:
    """The commit of the last signed revision: of the last signed amending order, else of the order."""
    commit = order.signed.commit if order.signed else None
    for a in order.amendments:
        if a.signed is not None:
            commit = a.signed.commit
    return commit


def signed_state(bundle: Bundle, commit: str) -> Bundle:
    """The documents as signed: the data of ``commit`` with what only the signatures write
    (the number and date, the records of signing and acquaintance, the amending orders) taken
    from the current data, so that only the text itself is compared."""
    from elzhur_rollout.views.revisions import (
        bundle_at,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    old = bundle_at(bundle.folder, commit)
    now = bundle.order
    head = old.order.document.model_copy(
        update={"number": now.document.number, "date": now.document.date, "draft": now.document.draft}
    )
    order = old.order.model_copy(
        update={
            "document": head,
            "signed": now.signed,
            "acquainted": now.acquainted,
            "acquaint_within": now.acquaint_within,
            "amendments": now.amendments,
        }
    )
    return dataclasses.replace(old, order=order)


@dataclass(frozen=True)
class Printed:
    """One printed document as lines of text: «приказ» or an appendix."""

    key: str | None  # the appendix's key; None for the order itself
    kind: str  # "order" or the appendix's kind
    label: str  # «приказа», «приложения 1» (genitive, for messages)
    number: str  # the appendix's number («1»); "" for the order
    lines: list[str]


def _lines(value: Any) -> list[str]:
    """Every text of a context, in order, one line per paragraph (no-break spaces as spaces)."""
    if isinstance(value, str):
        return [line.replace(NBSP, " ") for line in value.split("\n") if line.strip()]
    if isinstance(value, list):
        return [line for v in value for line in _lines(v)]
    if isinstance(value, dict):
        if ("number" in value and "text" in value) or ("role" in value and "task" in value):  # a table row: one line
            return [" | ".join(str(v).replace("\n", " / ") for k, v in value.items() if k != "responsible_and_co")]
        return [line for k, v in value.items() if k not in _NOT_TEXT for line in _lines(v)]
    return []


# the parts of a context that are not the document's text: the mark names the order's own
# number and revision, the stamps' layout repeats the stamps
_NOT_TEXT = {"mark", "stamps_left", "stamps_right", "stamp_columns", "co_executors_column", "acquaintance"}


def _appendix_context(bundle: Bundle, kind: str) -> Callable[[Bundle, Any], dict[str, Any]] | None:
    return {
        "plan": wording.plan_context,
        "regulation": wording.regulation_context,
        "text": wording.text_appendix_context,
        "instruction": wording.text_appendix_context,
        "schedule": wording.schedule_context,
    }.get(kind)


def printed(bundle: Bundle) -> list[Printed]:
    """The printed text of the order and of each of its appendices (the referenced-only aside)."""
    order = bundle.order
    with wording_errors():
        out = [Printed(None, "order", "приказа", "", _lines(with_references(bundle, wording.order_context(bundle))))]
        for app in order.appendices:
            make = _appendix_context(bundle, app.kind)
            if make is None:
                continue
            number = str(order.appendix_number(app.key))
            ctx = with_references(bundle, make(bundle, app))
            out.append(Printed(app.key, app.kind, f"приложения {number}", number, _lines(ctx)))
    return out


def fingerprint(bundle: Bundle) -> str:
    """A short fingerprint of the whole printed text (order and appendices)."""
    text = "\n\n".join("\n".join([p.label, *p.lines]) for p in printed(bundle))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- wording the changes


def _words(count_old: int, count_new: int, digits: bool) -> tuple[str, str]:
    """«слова … заменить словами», «слово … словом», «цифры … цифрами»."""
    if digits:
        return "цифры", "цифрами"
    return ("слово" if count_old == 1 else "слова"), ("словом" if count_new == 1 else "словами")


_EDGE = ".,;:!?»)"


def replaced_words(old: str, new: str, whole: str) -> tuple[str, str] | None:
    """The one span of words that changed from ``old`` to ``new``, if it is short and occurs
    once in ``whole`` (the text of the item or appendix), so that «слова «X» заменить словами
    «Y»» says it exactly; None otherwise."""
    a, b = old.split(" "), new.split(" ")
    start, end = common_ends(a, b)
    x, y = " ".join(a[start : len(a) - end]), " ".join(b[start : len(b) - end])
    while x and y and x[-1] == y[-1] and x[-1] in _EDGE:
        x, y = x[:-1], y[:-1]
    while x and y and x[0] == y[0] and x[0] in "«(":
        x, y = x[1:], y[1:]
    if not x.strip() or not y.strip() or len(x.split()) > MAX_WORDS or len(y.split()) > MAX_WORDS:
        return None
    if whole.count(x) != 1:
        return None
    return x, y


def _digits(text: str) -> bool:
    return bool(text) and all(c.isdigit() or c == "." for c in text)


def _replace_sentence(where: str, x: str, y: str) -> str:
    left, right = _words(len(x.split()), len(y.split()), _digits(x) and _digits(y))
    return f"{where} {left} «{x}» заменить {right} «{y}»."


@dataclass
class Sub:
    """One sub-item of the amending order."""

    text: str
    quoted: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, **({"quoted": self.quoted} if self.quoted else {})}


def _own_paragraphs(order: Order, item: OrderItem, number: str) -> list[str]:
    """An item's own paragraphs as printed (its number, text, bullets, data lines, working group
    and deadline; its sub-items are items of their own)."""
    alone = item.model_copy(update={"number": f"{number}.", "items": []})
    return wording._item_paragraphs(order, [alone], "")


def _member_line(order: Order, person: str, area: str | None) -> str:
    who = wording._name_with_position(order.people[person], "gent")
    return f"– {who}, {area}" if area else f"– {who}"


def _name_pos(order: Order, person: str) -> str:
    return wording._name_with_position(order.people[person], "gent")


def _abzac(n: int, case: str) -> str:
    word = ru.ordinal(n, case)
    noun = {"nomn": "абзац", "gent": "абзаца", "ablt": "абзацем", "loct": "абзаце"}[case]
    return f"{noun} {word}" if word else f"{noun} {n}"


def _group_changes(old: Order, new: Order, number: str) -> list[Sub]:
    """The working group of item ``number``: a person replaced in the same line of work, a member
    added or removed, a line of work changed.  The item's first paragraph is абзац первый, the
    members are the paragraphs after it."""
    before = [(m.person, m.area) for m in old.working_group]
    after = [(m.person, m.area) for m in new.working_group]
    kept_old = {p for p, _a in before}
    kept_new = {p for p, _a in after}
    subs: list[Sub] = []
    matched: set[str] = set()
    for i, (person, area) in enumerate(before):
        if person in kept_new:
            new_area = dict(after)[person]
            if new_area != area:
                pair = replaced_words(area, new_area, area) if area and new_area else None
                where = f"В {_abzac(i + 2, 'loct')} пункта {number}"
                if pair:
                    subs.append(Sub(_replace_sentence(where, *pair)))
                else:
                    subs.append(
                        Sub(
                            f"{ru.cap(_abzac(i + 2, 'nomn'))} пункта {number} изложить в следующей редакции:",
                            [_member_line(new, person, new_area) + (";" if person != after[-1][0] else ".")],
                        )
                    )
            continue
        successor = next((p for p, a in after if a == area and p not in kept_old and p not in matched), None)
        if successor is not None:
            matched.add(successor)
            subs.append(
                Sub(f"В пункте {number} слова «{_name_pos(old, person)}» заменить словами «{_name_pos(new, successor)}».")
            )
        else:
            subs.append(Sub(f"{ru.cap(_abzac(i + 2, 'nomn'))} пункта {number} признать утратившим силу."))
    for j, (person, area) in enumerate(after):
        if person in kept_old or person in matched:
            continue
        line = _member_line(new, person, area) + ("." if j == len(after) - 1 else ";")
        if j == len(after) - 1:
            subs.append(Sub(f"Пункт {number} дополнить {_abzac(j + 2, 'ablt')} следующего содержания:", [line]))
        else:
            subs.append(Sub(f"Пункт {number} после {_abzac(j + 1, 'gent')} дополнить абзацем следующего содержания:", [line]))
    return subs


def _text_changes(where_loct: str, where_nomn: str, old: list[str], new: list[str]) -> list[Sub]:
    """Paragraphs of one item (or the preamble) that changed: one span of words → «слова …
    заменить словами …»; otherwise the whole in a new wording."""
    if old == new:
        return []
    if len(old) == len(new):
        differ = [k for k, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if len(differ) == 1:
            pair = replaced_words(old[differ[0]], new[differ[0]], "\n".join(old))
            if pair:
                return [Sub(_replace_sentence(f"В {where_loct}", *pair))]
    return [Sub(f"{where_nomn} изложить в следующей редакции:", new)]


def _number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def _order_changes(old: Order, new: Order) -> list[Sub]:
    subs: list[Sub] = []
    if wording._preamble(old) != wording._preamble(new):
        subs += _text_changes("преамбуле", "Преамбулу", [wording._preamble(old)], [wording._preamble(new)])
    items_old = {n: i for _p, n, i in item_numbers(old.items)}
    items_new = {n: i for _p, n, i in item_numbers(new.items)}
    for number in sorted(set(items_old) | set(items_new), key=_number_key):
        a, b = items_old.get(number), items_new.get(number)
        if a is None and b is not None:
            subs.append(Sub(f"Дополнить пунктом {number} следующего содержания:", _own_paragraphs(new, b, number)))
            continue
        if b is None:
            subs.append(Sub(f"Пункт {number} признать утратившим силу."))
            continue
        assert a is not None
        if a.working_group and b.working_group:
            subs += _group_changes(old, new, number)
            a, b = a.model_copy(update={"working_group": False}), b.model_copy(update={"working_group": False})
        subs += _text_changes(
            f"пункте {number}", f"Пункт {number}", _own_paragraphs(old, a, number), _own_paragraphs(new, b, number)
        )
    control_old, control_new = wording.control_sentence(old), wording.control_sentence(new)
    if control_old != control_new:
        label = wording._control_label(new).rstrip(".")
        subs += _text_changes(f"пункте {label}", f"Пункт {label}", [control_old], [control_new])
    return subs


def _appendix_changes(old: Bundle, new: Bundle) -> tuple[list[Sub], list[str], list[str]]:
    """The sub-items about the appendices, the keys of those changed and of those set out anew."""
    before = {p.key: p for p in printed(old) if p.key is not None}
    subs: list[Sub] = []
    changed: list[str] = []
    restated: list[str] = []
    for p in printed(new):
        if p.key is None:
            continue
        q = before.pop(p.key, None)
        if q is None:
            subs.append(Sub(f"Дополнить приложением {p.number} (прилагается)."))
            changed.append(p.key)
            restated.append(p.key)
            continue
        if q.lines == p.lines:
            continue
        changed.append(p.key)
        places = [op for op in difflib.SequenceMatcher(None, q.lines, p.lines, autojunk=False).get_opcodes() if op[0] != "equal"]
        words: list[Sub] = []
        if len(places) < RESTATE_FROM:
            whole = "\n".join(q.lines)
            for tag, i1, i2, j1, j2 in places:
                pair = replaced_words(q.lines[i1], p.lines[j1], whole) if tag == "replace" and i2 - i1 == j2 - j1 == 1 else None
                if pair is None:
                    words = []
                    break
                words.append(Sub(_replace_sentence(f"В приложении {p.number}", *pair)))
        if words:
            subs += words
        else:
            subs.append(Sub(f"Приложение {p.number} изложить в новой редакции (прилагается)."))
            restated.append(p.key)
    for q in before.values():
        subs.append(Sub(f"Приложение {q.number} признать утратившим силу."))
    return subs, changed, restated


@dataclass
class Draft:
    purpose: str
    changes: list[Sub]
    appendices: list[str]
    restated: list[str]
    named: list[str]


def draft_amendment(old: Bundle, new: Bundle) -> Draft:
    """The amending order that turns the signed text ``old`` into the current one ``new``: each
    change a sub-item, in the order of the amended document (the order's items, then the
    appendices)."""
    with wording_errors():
        subs = _order_changes(old.order, new.order)
        more, changed, restated = _appendix_changes(old, new)
    named_before = set(ack_keys(old))
    named = [k for k in ack_keys(new) if k not in named_before]
    staff = bool(named) or {m.person for m in old.order.working_group} != {m.person for m in new.order.working_group}
    return Draft(STAFF_PURPOSE if staff else GENERIC_PURPOSE, subs + more, changed, restated, named)


# --------------------------------------------------------------------------- the amending order in print


def amendment_requisites(amendment: Amendment) -> str:
    if amendment.date is None or amendment.number is None:
        return wording.draft_requisites()
    return NBSP.join(["от", ru.short_date(amendment.date), "№", amendment.number])


def _glued(text: str, order: Order) -> str:
    """The amended order's date and number kept on one line wherever the text names them, and
    a sub-item's «Пункт 2», «Приложение 1» at the start of a sentence too (the shared typography
    glues only the lower-case words)."""
    plain = wording.requisites(order).replace(NBSP, " ")
    text = text.replace(plain, wording.requisites(order))
    return re.sub(r"(?<![А-Яа-яЁё])(Пункт[а-я]*|Приложени[а-я]*|Абзац[а-я]*) (?=\d)", "\\1" + NBSP, text)


def amendment_context(bundle: Bundle, amendment: Amendment) -> dict[str, Any]:
    """The amending order in the variables of the order's template (order.docx)."""
    order = bundle.order
    doc = order.document
    subject = f"{wording._order_ref(order, 'accs')} «{doc.title}»"
    changes = amendment.changes
    body: list[str] = []
    if len(changes) == 1:
        body.append(f"1. Внести в {subject} следующее изменение:")
        first = changes[0]
        body.append(first.text[:1].lower() + first.text[1:])
        body += _quoted(first.quoted)
    else:
        body.append(f"1. Внести в {subject} следующие изменения:")
        for i, change in enumerate(changes, 1):
            body.append(f"1.{i}. {change.text}")
            body += _quoted(change.quoted)
    body.append(f"2. {wording.control_sentence(order)}")
    signatory = order.people[order.signatory_key]
    if amendment.date is None or amendment.number is None:
        date, number = wording.DRAFT_DATE, wording.DRAFT_NUMBER
    else:
        date = ru.short_date(amendment.date) if doc.date_style == "numeric" else ru.long_date(amendment.date)
        number = amendment.number
    # the order's own marks («Контроль», its visas, «Разослать:», the executor) are the order's,
    # not the amending order's: only the higher body above the organization is shared
    preamble = amendment.purpose.rstrip(",")
    return {
        **wording.stamps([], doc.kind, order.people, False),
        "org_above": [order.organization.higher_body] if order.organization.higher_body else [],
        "decree": "" if order.decree.inline else order.decree.text,
        "requisites": [],
        "requisite_starts": [],
        "organization": order.organization.full_name,
        "org_lines": wording._letterhead(order),
        "kind": doc.kind.upper(),
        "date": date,
        "number": number,
        "place": doc.place or "",
        "places": [doc.place] if doc.place else [],
        "title": _glued(amendment.title, order),
        "preamble": f"{preamble} {order.decree.text}" if order.decree.inline else preamble + ",",
        "body": [_glued(line, order) for line in body],
        "signature_position": wording.signature_position(order),
        "signature_name": signatory.signature_name,
        "acquaintance": [],
    }


def _quoted(lines: list[str]) -> list[str]:
    if not lines:
        return []
    out = list(lines)
    out[0] = "«" + out[0]
    out[-1] = out[-1] + "»."
    return out


def amendment_jobs(bundle: Bundle, index: int) -> list[Job]:
    """The files of amending order ``index``: the order, each appendix in its new wording (marked
    «в редакции приказа от … № …»), the acquaintance sheet of the people it names anew."""
    order = bundle.order
    amendment = order.amendments[index]
    prefix = f"izmeneniya-{index + 1}"
    with wording_errors():
        jobs = [Job(f"{prefix}.docx", "order.docx", amendment_context(bundle, amendment), amendment.title)]
        earlier = dataclasses.replace(bundle, order=order.model_copy(update={"amendments": order.amendments[:index]}))
        for app in order.appendices:
            make = _appendix_context(bundle, app.kind)
            if app.key not in amendment.restated or make is None:
                continue
            ctx = make(earlier, app)
            mark = ctx["mark"] + f"\n(в редакции приказа {amendment_requisites(amendment)})"
            ctx = {**ctx, "mark": mark, "stamps_right": ctx["stamps_right"].replace(ctx["mark"], mark)}
            number = order.appendix_number(app.key)
            template = "appendix.docx"
            if app.kind == "plan":
                template, _fallback = wording.plan_job_template(ctx)
            elif app.kind == "schedule":
                template = "schedule.docx"
            slug = wording._APPENDIX_SLUG[app.kind]
            jobs.append(Job(f"{prefix}-prilozhenie-{number}-{slug}.docx", template, ctx, app.title or ""))
        if amendment.named:
            jobs.append(Job(f"{prefix}-{wording.ACK_FILE}", "ack.docx", _ack(bundle, amendment), "Лист ознакомления"))
    for job in jobs:
        job.context = typeset(with_references(bundle, job.context))
    return jobs


def _ack(bundle: Bundle, amendment: Amendment) -> dict[str, Any]:
    order = bundle.order
    kind = grammar.inflect_phrase(order.document.kind, "ablt")
    subject = f"с {kind} {wording._org_gent(order)} {amendment_requisites(amendment)} «{_glued(amendment.title, order)}»"
    people = [order.people[k] for k in amendment.named if k in order.people]
    dates = {}
    if amendment.signed is not None:
        dates = {
            order.people[o.person].short_name: ru.short_date(o.acquainted)
            for o in acquaintance_obligations(bundle)
            if o.acquainted is not None and o.person in amendment.named
        }
    return wording._ack_sheet(bundle, subject, people, dates, empty_rows=0)


# --------------------------------------------------------------------------- commands


def _committed(bundle: Bundle, why: str) -> tuple[Path, str]:
    """The repository and HEAD, refusing when the data files differ from HEAD: a signature
    remembers a commit, so what is signed must be in it."""
    folder = bundle.folder
    root = repo_root(folder.resolve(), why)
    head = head_commit(root)
    dirty = uncommitted(root, [folder / name for name in FILES.values()])
    if dirty:
        names = ", ".join(p.name for p in dirty)
        raise GitError(
            f"в папке {folder} есть изменения, не сохранённые в git ({names}); подпись запоминает коммит, "
            f'поэтому сначала сохраните их: git add {folder} && git commit -m "…"'
        )
    return root, head


def sign(folder: Path, number: str, when: dt.date, today: dt.date) -> Edit:
    """``rollout sign``: the order, or else the amending order drafted last, is signed."""
    bundle = load_bundle(folder)
    order = bundle.order
    number = number.strip()
    if not number:
        raise UsageError("номер приказа пуст; укажите его: --number 188")
    drafts = [i for i, a in enumerate(order.amendments) if a.signed is None]
    if order.signed is not None and not drafts:
        raise EditError(
            "приказ и все приказы о внесении изменений уже подписаны; чтобы изменить приказ, "
            "внесите правки в данные и составьте проект: rollout amend"
        )
    _root, head = _committed(bundle, "подпись запоминает подписанную редакцию в git; сделайте папку репозиторием: git init")
    if order.signed is None:
        return sign_order(folder, number, when, head, today)
    index = drafts[0]
    amendment = order.amendments[index]
    last = max([order.document.date] + [a.date for a in order.amendments if a.signed is not None and a.date])
    if when < last:
        raise EditError(f"дата {ru.short_date(when)} раньше последнего подписанного приказа ({ru.short_date(last)})")
    current = signed_commit(order)
    if current is not None and not current.startswith(amendment.base) and not amendment.base.startswith(current):
        raise EditError(
            "проект приказа о внесении изменений составлен не от последней подписанной редакции; "
            "составьте его заново: rollout amend"
        )
    if fingerprint(bundle) != amendment.result:
        raise EditError(
            "после того как проект приказа о внесении изменений был составлен, документы снова изменились; "
            "составьте проект заново (rollout amend), сохраните его в git и подпишите"
        )
    return sign_amendment(folder, index, number, when, head, today)


def amend(folder: Path, since: str | None) -> tuple[Edit, int]:
    """``rollout amend``: the draft of the amending order from the difference between the
    signed revision (or ``since``) and the current data, written into order.yaml."""
    bundle = load_bundle(folder)
    order = bundle.order
    base = since or signed_commit(order)
    if base is None:
        raise UsageError(
            "приказ ещё не подписан: изменения в неподписанный приказ вносятся правкой данных. "
            "Отметьте подпись (rollout sign --number НОМЕР --date ГГГГ-ММ-ДД) или укажите ревизию: --since РЕВИЗИЯ"
        )
    root = repo_root(folder.resolve(), "приказ о внесении изменений составляется по истории git")
    base = full_commit(root, base)
    old = signed_state(bundle, base)
    draft = draft_amendment(old, bundle)
    if not draft.changes:
        raise UsageError("напечатанный текст приказа и приложений не изменился с подписанной редакции: вносить изменения нечего")
    doc = order.document
    amendment: dict[str, Any] = {
        "title": f"О внесении изменений в приказ {wording.requisites(order).replace(NBSP, ' ')}",
        "purpose": draft.purpose,
        "changes": [s.as_dict() for s in draft.changes],
        "appendices": draft.appendices,
        "restated": draft.restated,
        "named": draft.named,
        "base": base,
        "result": fingerprint(bundle),
    }
    if not draft.appendices:
        del amendment["appendices"], amendment["restated"]
    elif not draft.restated:
        del amendment["restated"]
    if not draft.named:
        del amendment["named"]
    del doc
    return save_amendment(folder, amendment)


# --------------------------------------------------------------------------- check


def _pair(before: list[str], after: list[str]) -> tuple[str, str]:
    """The lines that differ, quoted, long ones cut to the part that differs."""
    from elzhur_rollout.views.changes import _excerpts  # lazy: only this command needs it; keeps the start-up of the others light

    return _excerpts(" / ".join(before) or "—", " / ".join(after) or "—")


def life_findings(bundle: Bundle) -> list[Finding]:
    """The chain of signatures and the printed text against the last signed revision."""
    order = bundle.order
    if order.signed is None:
        return []
    src = bundle.sources["order"]
    out: list[Finding] = []
    previous, base = order.document.date, order.signed.commit
    for i, a in enumerate(order.amendments):
        if a.signed is None:
            continue
        if a.date is not None and a.date < previous:
            out.append(
                src.finding(
                    ("amendments", i, "date"),
                    "amendment-chain",
                    f"приказ о внесении изменений № {a.number} датирован {ru.short_date(a.date)}, "
                    f"раньше предыдущего подписанного приказа ({ru.short_date(previous)}); проверьте дату",
                )
            )
        if not (base.startswith(a.base) or a.base.startswith(base)):
            out.append(
                src.finding(
                    ("amendments", i, "base"),
                    "amendment-chain",
                    f"приказ о внесении изменений № {a.number} вносит изменения не в последнюю подписанную редакцию "
                    f"(коммит {base[:7]}), а в {a.base[:7]}; изменения между ними ничем не оформлены",
                )
            )
        previous, base = a.date or previous, a.signed.commit
    try:
        state = signed_state(bundle, base)
        before, after = printed(state), printed(bundle)
    except GitError as err:
        where = ("signed", "commit")
        return out + [
            src.finding(where, "amendment-chain", f"подписанная редакция (коммит {base[:7]}) недоступна: {err.message}")
        ]
    except RenderError:
        return out  # a reference the data lack: `check` reports it by its own rule
    signed_at = [a for a in order.amendments if a.signed is not None]
    what = (
        f"в редакции приказа от {ru.short_date(signed_at[-1].date)} № {signed_at[-1].number}"
        if signed_at and signed_at[-1].date
        else f"{ru.short_date(order.document.date)}"
    )
    draft = any(a.signed is None for a in order.amendments)
    hint = (
        "проект приказа о внесении изменений составлен — подпишите его: rollout sign --number НОМЕР --date ГГГГ-ММ-ДД"
        if draft
        else "оформите изменения приказом о внесении изменений: rollout amend"
    )
    old = {p.key: p for p in before}
    for p in after:
        q = old.pop(p.key, None)
        lines = q.lines if q else []
        if lines == p.lines:
            continue
        places = [op for op in difflib.SequenceMatcher(None, lines, p.lines, autojunk=False).get_opcodes() if op[0] != "equal"]
        _tag, i1, i2, j1, j2 = places[0]
        more = f" (и ещё {ru.plural(len(places) - 1, 'место', 'места', 'мест')})" if len(places) > 1 else ""
        was, now = _pair(lines[i1:i2], p.lines[j1:j2])
        message = f"напечатанный текст {p.label} отличается от подписанного ({what}): было {was}, стало {now}{more}; {hint}"
        doc, path = (
            ("plan", ("title",))
            if p.kind == "plan"
            else ("regulation", ("title",))
            if p.kind == "regulation"
            else ("order", ("signed",))
        )
        out.append(bundle.sources[doc].finding(path, "signed-text-changed", message, key=True))
    for q in old.values():
        out.append(
            src.finding(
                ("signed",),
                "signed-text-changed",
                f"{q.label[0].upper()}{q.label[1:]} больше нет в данных, а в подписанном тексте оно было; {hint}",
                key=True,
            )
        )
    return out
