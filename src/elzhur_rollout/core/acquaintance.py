"""Acquaintance under signature (ТК РФ ст. 22 and 68): who must sign the sheet, from which day
and by which day.  One place for the whole rule, so that `check`, `status`, the dashboard, the
report and the sheet itself agree.

Who: everyone the order or its appendices name (the working group, the responsible, the
holders of the regulation's roles …), not the signatory unless ``print.ack_signatory``.
From when: the day the order was signed, or, for a person an amending order names anew
(``amendments[].named``), the day that amendment was signed; the order's own list is the one
``rollout sign`` recorded (``signed.named``).  By when: ``acquaint_within``
working days later (3 by default) by the school's production calendar.  Nobody owes a
signature under an order that ``rollout sign`` has not recorded as signed, nor one whom only
an unsigned edit or a draft amending order names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from elzhur_rollout.core.domain import (
    add_working_days,
    assignment_references,
    declared_roles,
    person_references,
    role_holders,
)

if TYPE_CHECKING:
    from elzhur_rollout.core.bundle import Bundle
    from elzhur_rollout.core.models import Person

DOCUMENTS = ("order", "plan", "regulation")


def named_in(bundle: Bundle, document: str) -> set[str]:
    """Keys of the people a document names: the order (its working group, control, stamps),
    the plan (responsible, co-executors), the regulation (the holders of its roles)."""
    named = {key for doc, _path, key in person_references(bundle) if doc == document}
    declared = declared_roles(bundle)  # a role among the responsible: its named holders sign
    named |= {
        h
        for doc, _path, key in assignment_references(bundle)
        if doc == document and key in declared and key not in bundle.order.people
        for h in role_holders(bundle, key)
    }
    if document == "regulation":
        roles = set(bundle.regulation.roles)
        named |= {key for key, p in bundle.order.people.items() if roles.intersection(p.roles)}
    return named


def ack_keys(bundle: Bundle, documents: tuple[str, ...] = DOCUMENTS) -> list[str]:
    """Who signs the sheet, by key, in the order of the people list: everyone the documents
    name; not the signatory of the order unless ``print.ack_signatory`` says so."""
    order = bundle.order
    named = set().union(*(named_in(bundle, d) for d in documents))
    if not order.print_.ack_signatory:
        named.discard(order.signatory_key)
    else:
        named.add(order.signatory_key)
    return [key for key in order.people if key in named]


def ack_people(bundle: Bundle, documents: tuple[str, ...] = DOCUMENTS) -> list[Person]:
    """``ack_keys`` as the people themselves."""
    return [bundle.order.people[key] for key in ack_keys(bundle, documents)]


@dataclass(frozen=True)
class AckObligation:
    """One person's duty to sign the acquaintance sheet."""

    person: str
    since: dt.date  # the day the person was named: the signature of the order or of an amendment
    due: dt.date  # the last day to sign in time
    acquainted: dt.date | None  # the recorded signature, when on or after ``since``

    def pending(self) -> bool:
        return self.acquainted is None

    def overdue(self, today: dt.date) -> bool:
        return self.acquainted is None and today > self.due


def acquaintance_obligations(bundle: Bundle) -> list[AckObligation]:
    """Everyone who must be acquainted with the signed order as it now stands (amendments
    included), with the day from which and the day by which; empty before the signature."""
    order = bundle.order
    if order.signed is None:
        return []
    # the day each person was named by a signed document: the order, then the amending orders;
    # a person no signed document names (an edit not yet signed) owes nothing yet
    signed_names = order.signed.named
    at_signature = set(ack_keys(bundle) if signed_names is None else signed_names)
    named: dict[str, dt.date] = dict.fromkeys(at_signature, order.document.date)
    for amendment in order.amendments:
        if amendment.signed is None or amendment.date is None:
            continue
        for key in amendment.named:
            named[key] = amendment.date
    keys = [k for k in ack_keys(bundle) if k in named]
    since = {k: named[k] for k in keys}
    from elzhur_rollout.core.workcal import (
        school_calendar,  # lazy: only this command needs it; keeps the start-up of the others light
    )

    cal = school_calendar(bundle)
    out = []
    for key in keys:
        day = since[key]
        recorded = order.acquainted.get(key)
        out.append(
            AckObligation(
                key, day, add_working_days(cal, day, order.acquaint_within), recorded if recorded and recorded >= day else None
            )
        )
    return out
