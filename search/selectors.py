"""The header search: everything this user may see that matches what they typed.

Each app's own selectors decide what the viewer may see (people_for, referrals_for, the
team's and the officer's lists), so this module holds no visibility rule of its own: a result
the viewer may not see is simply never found, and the page then looks exactly as it does
for something that does not exist (docs/decisions/0031).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.urls import reverse
from django.utils.formats import date_format

from court.selectors import court_found_for
from custody.selectors import contacts_with_record_number_for
from diversion.selectors import divert_found_for
from people.selectors import (
    people_named_for,
    people_with_identifier_for,
    people_with_reference_for,
)
from search.query import NAME, NHS, PNC, RECORD_NUMBER, REFERENCE, Query, query_read
from treatment.selectors import referrals_with_reference_for

# A name matches many people: the best this many are shown (the worker adds a given name).
NAME_LIMIT = 20


@dataclass(frozen=True)
class Result:
    what: str  # "Person", "Treatment referral", ...
    title: str
    url: str
    details: tuple[str, ...] = ()
    record: models.Model | None = None  # what the access log records as listed


@dataclass
class Found:
    query: Query
    results: list[Result] = field(default_factory=list)


def _person(person, *, why: tuple[str, ...] = ()) -> Result:
    born = date_format(person.date_of_birth, "j F Y")
    return Result(
        "Person",
        person.full_name,
        reverse("people:detail", args=[person.pk]),
        (person.reference, f"Born {born}", *why),
        person,
    )


def _by_reference(user, reference: str) -> list[Result]:
    prefix = reference.split("-", 1)[0]
    if prefix == "ARS":
        return [_person(p) for p in people_with_reference_for(user=user, reference=reference)]
    if prefix == "TR":
        return [
            Result(
                "Treatment referral",
                referral.reference,
                reverse("treatment:referral", args=[referral.reference]),
                (
                    referral.person.full_name,
                    str(referral.destination),
                    referral.get_status_display(),
                ),
                referral,
            )
            for referral in referrals_with_reference_for(user=user, reference=reference)
        ]
    if prefix == "CR":
        return [
            _court(record, url) for record, url in court_found_for(user=user, reference=reference)
        ]
    return [
        _divert(record, url) for record, url in divert_found_for(user=user, reference=reference)
    ]


def _court(record, url: str) -> Result:
    if hasattr(record, "report_deadline") and hasattr(record, "officer_id"):  # probation's request
        return Result(
            "Report request",
            f"{record.given_name} {record.family_name}",
            url,
            (record.court, f"Hearing {date_format(record.hearing_date, 'j F Y')}"),
            record,
        )
    return Result(
        "Suitability report",
        record.reference,
        url,
        (record.person.full_name if record.person_id else "", record.get_status_display()),
        record,
    )


def _divert(referral, url: str) -> Result:
    # What the officer typed, never the linked record's name (docs/decisions/0025).
    return Result(
        "DIVERT referral",
        referral.reference,
        url,
        (f"{referral.given_name} {referral.family_name}", referral.get_status_display()),
        referral,
    )


def search_for(*, user, text: str) -> Found:
    """What this user may see that matches `text`, best first."""
    query = query_read(text)
    found = Found(query)
    if query.kind == REFERENCE:
        found.results = _by_reference(user, query.value)
    elif query.kind in (NHS, PNC):
        identifier = {"pnc_id": query.value} if query.kind == PNC else {"nhs_number": query.value}
        found.results = [_person(p) for p in people_with_identifier_for(user=user, **identifier)]
        if query.kind == PNC:
            found.results += [
                _court(r, u) for r, u in court_found_for(user=user, pnc_id=query.value)
            ]
    elif query.kind == RECORD_NUMBER:
        found.results = [
            Result(
                "Custody contact",
                f"{contact.suite.name}, {contact.custody_record_number}",
                reverse("custody:contact", args=[contact.pk]),
                (contact.person.full_name, date_format(contact.arrested_at, "j F Y")),
                contact,
            )
            for contact in contacts_with_record_number_for(user=user, number=query.value)[
                :NAME_LIMIT
            ]
        ]
    elif query.kind == NAME:
        found.results = [
            _person(candidate.person, why=tuple(candidate.reasons))
            for candidate in people_named_for(user=user, text=query.value, limit=NAME_LIMIT)
        ]
        found.results += [_divert(r, u) for r, u in divert_found_for(user=user, name=query.value)]
        found.results += [_court(r, u) for r, u in court_found_for(user=user, name=query.value)]
    return found
