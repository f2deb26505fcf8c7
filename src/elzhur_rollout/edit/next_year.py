"""``rollout next-year``: the next school year's order made from this one, in a new folder.

Dates move to the same places of the next year (a deadline «до 15.09.2025» becomes «до
15.09.2026»; a month, a range of months, the regulation's term, the school's periods likewise);
deadlines counted in working days or from the end of a school period are recomputed by the
loader on the new year's calendar.  The school periods are marked for the school to confirm
(``school_year.confirmed: false``).  Progress, the signature, the acquaintance and the amending
orders are not carried over; the number and date are left for the secretary
(``document.draft: true``, the number «б/н»); the stamps lose last year's protocol numbers and
dates; an item revoking this order (and its signed amending orders) is added.  People and roles are kept.

In free text, a school year («2020/2021») and a date (31.08.2021) of this school year move too,
unless the date is that of a document («от 29.12.2012 № 273-ФЗ»).  Nothing is written outside
the folder named; the folder must be new or empty.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from elzhur_rollout.core.bundle import Bundle
from elzhur_rollout.core.models import DocumentHead, SchoolYear
from elzhur_rollout.edit.progress import BOM, dump, load_round_trip, put, round_trip_yaml
from elzhur_rollout.errors import EditError, FileError, LoadFailed, UsageError
from elzhur_rollout.lang import vocabulary as ru
from elzhur_rollout.source.files import os_error_ru, write_atomically
from elzhur_rollout.source.loading import FILES, load_bundle

NO_NUMBER = "б/н"
# keys whose values are facts that do not move with the year, or keys and names
_KEEP = {
    "schema_version",
    "organization",
    "people",
    "basis",
    "approvals",
    "platform",
    "print",
    "signatory",
    "control",
    "reporter",
    "category",
    "id",
    "person",
    "key",
    "appendix",
    "responsible",
    "co_executors",
}
# progress, cleared
_PROGRESS = {"done_on", "note", "evidence", "last_done", "as_of", "last_update"}
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def school_year_start(bundle: Bundle) -> int:
    """The calendar year in which the order's school year begins: by the school's first period,
    else by the order's date (an order from May on prepares the school year that starts in
    September)."""
    year = bundle.regulation.school_year
    if year is not None:
        return year.periods[0].from_.year
    d = bundle.order.document.date
    return d.year if d.month >= 5 else d.year - 1


def parse_school_year(text: str) -> int:
    m = re.fullmatch(r"\s*(\d{4})\s*[/–-]\s*(\d{4})\s*", text)
    if not m or int(m.group(2)) != int(m.group(1)) + 1:
        raise UsageError(f"«{text}» — не учебный год; пишите два года подряд через косую черту, например 2026/2027")
    return int(m.group(1))


def add_years(day: dt.date, n: int) -> dt.date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # the 29th of February
        return day.replace(year=day.year + n, day=28)


class _Shift:
    def __init__(self, start: int, years: int) -> None:
        self.start, self.years = start, years

    def text(self, text: str) -> str:
        """School years and dates of this school year, moved; documents' dates kept."""

        def school_year(m: re.Match[str]) -> str:
            y1, y2 = int(m.group(1)), int(m.group(3))
            if y1 != self.start or y2 != y1 + 1:
                return m.group(0)
            return f"{y1 + self.years}{m.group(2)}{y2 + self.years}"

        def date(m: re.Match[str]) -> str:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if year not in (self.start, self.start + 1):
                return m.group(0)
            try:
                moved = add_years(dt.date(year, month, day), self.years)
            except ValueError:
                return m.group(0)
            return f"{moved:%d.%m.%Y}"

        text = re.sub(r"\b(\d{4})(\s*/\s*|[–-])(\d{4})\b", school_year, text)
        return re.sub(r"\b(\d{2})\.(\d{2})\.(\d{4})\b(?!\s*(?:г\.)?\s*№)", date, text)

    def tree(self, node: Any) -> Any:
        """Every date, month and text of ``node`` moved, but under the keys of ``_KEEP``."""
        if isinstance(node, CommentedMap):
            for key in list(node):
                if key in _PROGRESS:
                    del node[key]
                elif key not in _KEEP:
                    node[key] = self.tree(node[key])
            return node
        if isinstance(node, CommentedSeq):
            for i, value in enumerate(node):
                node[i] = self.tree(value)
            return node
        if isinstance(node, dt.date) and not isinstance(node, dt.datetime):
            return add_years(node, self.years)
        if isinstance(node, str):
            m = _YEAR_MONTH.match(node)
            moved = f"{int(m.group(1)) + self.years}-{m.group(2)}" if m else self.text(node)
            return type(node)(moved) if isinstance(node, ScalarString) else moved
        return node


def _strip_approvals(doc: Any) -> None:
    for approval in doc.get("approvals") or []:
        for key in ("date", "number"):
            if key in approval:
                del approval[key]


def _order(doc: Any, bundle: Bundle, shift: _Shift) -> None:
    order = bundle.order
    for key in ("signed", "acquainted", "amendments"):
        if key in doc:
            del doc[key]
    head = doc["document"]
    put(head, "date", add_years(order.document.date, shift.years), DocumentHead)
    put(head, "number", NO_NUMBER, DocumentHead)
    put(head, "title", shift.text(order.document.title), DocumentHead)
    put(head, "draft", True, DocumentHead)
    for key in ("purpose", "items", "appendices"):
        if key in doc:
            doc[key] = shift.tree(doc[key])
    _reset_items(doc["items"])
    _strip_approvals(doc)
    for app in doc.get("appendices") or []:
        _strip_approvals(app)
    revoke = CommentedMap()
    last = order.items[-1].number if order.items else None
    if last:
        m = re.fullmatch(r"(.*?)(\d+)(\.?)", last.strip())
        if m:
            revoke["number"] = f"{m.group(1)}{int(m.group(2)) + 1}{m.group(3)}"
    doc_ = order.document
    acts = [f"от {ru.short_date(doc_.date)} № {doc_.number} «{doc_.title}»"]
    acts += [
        f"от {ru.short_date(a.date)} № {a.number} «{a.title}»"
        for a in order.amendments
        if a.signed is not None and a.date is not None and a.number is not None
    ]
    said = "утратившим силу приказ" if len(acts) == 1 else "утратившими силу приказы"
    revoke["text"] = f"Признать {said} {', '.join(acts)}."
    doc["items"].append(revoke)


def _reset_items(items: Any) -> None:
    for item in items:
        for entry in item.get("data_entry") or []:
            entry["entered"] = 0
        _reset_items(item.get("items") or [])


def _plan(doc: Any, shift: _Shift) -> None:
    for key in ("title", "measures"):
        doc[key] = shift.tree(doc[key])
    for measure in doc["measures"]:
        if "status" in measure:
            measure["status"] = "planned"
    _strip_approvals(doc)


def _regulation(doc: Any, shift: _Shift) -> None:
    for key in list(doc):
        if key in ("schema_version", "approvals", "calendar_exceptions", "six_day_week"):
            continue
        if key == "roles":
            for role in doc["roles"].values():
                for k in list(role):
                    role[k] = shift.tree(role[k]) if k != "title" else role[k]
            continue
        doc[key] = shift.tree(doc[key])
    if "calendar_exceptions" in doc:  # last year's own days off and working Saturdays
        del doc["calendar_exceptions"]
    if "school_year" in doc:
        put(doc["school_year"], "confirmed", False, SchoolYear)
    _strip_approvals(doc)


def next_year(data: Path, to: Path | None, school_year: str | None) -> list[Path]:
    """Write the next school year's three files into ``to``; returns them."""
    bundle = load_bundle(data)
    if bundle.order.document.draft:
        raise EditError("это проект приказа (document.draft): приказ на следующий год делается из подписанного")
    start = school_year_start(bundle)
    target_start = parse_school_year(school_year) if school_year else start + 1
    years = target_start - start
    if years < 1:
        raise UsageError(
            f"учебный год {target_start}/{target_start + 1} не позже нынешнего ({start}/{start + 1}); укажите следующий"
        )
    folder = to if to is not None else data.resolve().parent / f"{data.resolve().name}-{target_start}-{target_start + 1}"
    if folder.resolve() == data.resolve():
        raise UsageError("новый приказ пишется в новую папку, а не поверх нынешнего; укажите другую: --to ПАПКА")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FileError(f"папка {folder} уже есть и не пуста; укажите новую: --to ПАПКА")
    if not folder.parent.is_dir():
        raise FileError(f"папки {folder.parent} нет; создайте её или укажите другую: --to ПАПКА")
    shift = _Shift(start, years)
    yaml = round_trip_yaml()
    new: dict[str, bytes] = {}
    for kind, name in FILES.items():
        raw = (data / name).read_bytes()
        doc = load_round_trip(yaml, raw, data / name)
        if kind == "order":
            _order(doc, bundle, shift)
        elif kind == "plan":
            _plan(doc, shift)
        else:
            _regulation(doc, shift)
        new[kind] = (BOM if raw.startswith(BOM) else b"") + dump(yaml, doc).encode("utf-8")
    try:
        load_bundle(data, replace=new)
    except LoadFailed as failed:
        first = failed.findings[0]
        raise EditError(f"приказ на следующий год не проходит проверку ({first.file}:{first.line}): {first.message}") from None
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise FileError(os_error_ru(err, folder, "создание")) from None
    files = {folder / FILES[kind]: content for kind, content in new.items()}
    write_atomically(files)
    return list(files)
