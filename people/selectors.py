"""Reading people, filtered by who is looking."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.access import Capability, can
from people.models import ConsentToShare, Person, PersonAlias, PersonMerge

# What a provider worker's sight of a person needs besides live consent, registered by the
# apps that hold it (treatment: a live referral to one of the worker's services). `people` is
# below them and never imports them (docs/decisions/0017); each condition is called with the
# user and gives an expression on Person. None registered: a provider sees no one.
_SHARED_REQUIRES: list[Callable[..., Exists]] = []


def shared_person_requires(condition: Callable[..., Exists]) -> None:
    """Register a condition every person shared with a provider worker must meet (once)."""
    if condition not in _SHARED_REQUIRES:
        _SHARED_REQUIRES.append(condition)


def people_for(*, user) -> QuerySet[Person]:
    """The people this user may see.

    The arrest referral team: everyone the service holds. A provider worker: a person only
    while they have live consent to share with one of the worker's services AND what the apps
    above register holds: a live referral to one of those services (DESIGN.md; issue 21,
    docs/decisions/0025). Withdrawal, a decline or a close hides them at once.
    """
    if can(user, Capability.PEOPLE_VIEW):
        return Person.objects.all()
    if can(user, Capability.PEOPLE_SHARED) and _SHARED_REQUIRES:
        live_consent = ConsentToShare.objects.filter(
            person=OuterRef("pk"),
            recipient=ConsentToShare.Recipient.PROVIDER_SERVICE,
            provider_service__in=user.provider_services.all(),
            withdrawn_at__isnull=True,
        )
        conditions = [condition(user=user) for condition in _SHARED_REQUIRES]
        return Person.objects.filter(Exists(live_consent), *conditions)
    return Person.objects.none()


def person_get_for(*, user, person_id) -> Person:
    """One person this user may see, or 404 (never 403: outsiders must not learn it exists)."""
    try:
        return people_for(user=user).select_related("local_authority").get(pk=person_id)
    except (Person.DoesNotExist, ValueError):
        raise Http404 from None


def live_consents(*, person) -> QuerySet[ConsentToShare]:
    return person.consents.filter(withdrawn_at__isnull=True).select_related("provider_service")


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime.datetime
    title: str
    by: str
    description: str = ""
    url: str = ""  # the record the entry is about, where it has a page of its own


# What apps above `people` add to a person's timeline (their referrals, cases, reports),
# registered in their ready() like panels: each is called with person= and user= and gives
# TimelineEvents of the records this user may see, each with its page (docs/decisions/0017).
_TIMELINE_SOURCES: list[Callable[..., list]] = []


def timeline_source(load: Callable[..., list]) -> None:
    """Register what an app adds to every person's timeline (once)."""
    if load not in _TIMELINE_SOURCES:
        _TIMELINE_SOURCES.append(load)


def _who(user) -> str:
    return user.get_full_name() or user.username if user else "System"


def person_timeline(*, person, user) -> list[TimelineEvent]:
    """Everything that happened to the person, newest first (the MOJ timeline), each entry
    linked to its record where this user may open it: its own page, else the part of the
    person's page that shows it (consent, a live flag). A merge and the record's creation
    have no record of their own beyond this page."""
    events: list[TimelineEvent] = []
    who = _who
    contacts_open = can(user, Capability.CUSTODY_TODAY)
    versions_open = can(user, Capability.PEOPLE_VIEW)

    for contact in person.custody_contacts.select_related(
        "suite", "offence_category", "created_by"
    ):
        outcome = contact.get_outcome_display() or "outcome not recorded yet"
        events.append(
            TimelineEvent(
                contact.arrested_at,
                f"Custody contact at {contact.suite.name}",
                who(contact.created_by),
                f"{contact.offence_category.label}. {outcome}.",
                reverse("custody:contact", args=[contact.pk]) if contacts_open else "",
            )
        )
    for assessment in person.assessments.select_related("created_by", "completed_by"):
        url = reverse("assessments:version", args=[person.pk, assessment.pk])
        url = url if versions_open else ""
        events.append(
            TimelineEvent(
                assessment.created_at,
                f"Assessment version {assessment.version} started",
                who(assessment.created_by),
                assessment.reason_for_new_version,
                url,
            )
        )
        if assessment.completed_at:
            events.append(
                TimelineEvent(
                    assessment.completed_at,
                    f"Assessment version {assessment.version} completed",
                    who(assessment.completed_by),
                    url=url,
                )
            )
    for consent in person.consents.select_related("given_by", "withdrawn_by", "provider_service"):
        recipient = str(consent.provider_service or consent.get_recipient_display())
        events.append(
            TimelineEvent(
                consent.given_at,
                f"Consent to share with {recipient}",
                who(consent.given_by),
                url="" if consent.withdrawn_at else "#consent-to-share",
            )
        )
        if consent.withdrawn_at:
            events.append(
                TimelineEvent(
                    consent.withdrawn_at,
                    f"Consent to share with {recipient} withdrawn",
                    who(consent.withdrawn_by),
                    consent.withdrawn_reason,
                )
            )
    for flag in person.flags.select_related("created_by", "cleared_by"):
        events.append(
            TimelineEvent(
                flag.created_at,
                f"{flag.get_kind_display()} flag raised",
                who(flag.created_by),
                flag.note,
                "" if flag.cleared_at else f"#flag-{flag.pk}",
            )
        )
        if flag.cleared_at:
            events.append(
                TimelineEvent(
                    flag.cleared_at, f"{flag.get_kind_display()} flag cleared", who(flag.cleared_by)
                )
            )
    for merge in person.merges.select_related("merged_by"):
        events.append(
            TimelineEvent(
                merge.merged_at,
                f"Record {merge.removed_reference} merged into this one",
                who(merge.merged_by),
                merge.reason,
            )
        )
    for load in _TIMELINE_SOURCES:
        events.extend(load(person=person, user=user))
    events.append(TimelineEvent(person.created_at, "Record created", who(person.created_by)))
    return sorted(events, key=lambda e: e.at or timezone.now(), reverse=True)


def person_ids_for_reference(reference: str) -> list:
    """The person's id and the ids of every record merged into it, so "who looked at this
    person" includes what was read on those records before the merge."""
    reference = reference.strip().upper()
    person = Person.objects.filter(reference=reference).values_list("pk", flat=True).first()
    if person is None:
        merged = PersonMerge.objects.filter(removed_reference=reference).first()
        if merged is None:
            return []
        person = merged.survivor_id
    ids, frontier = {person}, {person}
    while frontier:  # merges of merges
        frontier = (
            set(
                PersonMerge.objects.filter(survivor_id__in=frontier).values_list(
                    "removed_person_id", flat=True
                )
            )
            - ids
        )
        ids |= frontier
    return list(ids)


def references_by_person_id(person_ids) -> dict:
    """People's references for showing log entries (merged records: their old reference)."""
    ids = {pid for pid in person_ids if pid}
    found = dict(Person.objects.filter(pk__in=ids).values_list("pk", "reference"))
    missing = ids - set(found)
    if missing:
        found.update(
            PersonMerge.objects.filter(removed_person_id__in=missing).values_list(
                "removed_person_id", "removed_reference"
            )
        )
    return found


def person_other_by_reference(*, user, reference: str, besides: Person) -> Person | None:
    """Another record (not `besides`) with this reference, for the team merging records."""
    if not can(user, Capability.PEOPLE_VIEW):
        return None
    return Person.objects.filter(reference=reference.strip().upper()).exclude(pk=besides.pk).first()


def _squashed(expression):
    """A name as compared by the administrator's look-up: lower case, no spaces."""
    return Lower(Func(expression, Value(r"\s"), Value(""), Value("g"), function="regexp_replace"))


def people_by_name_and_birth(*, given_name: str, family_name: str, date_of_birth) -> list[Person]:
    """Everyone whose name (or another name they are known by) and date of birth are exactly
    these, ignoring case and spaces: the data protection officer's look-up for subject access
    and the access log (no similarity matching: a request names one person)."""
    given = "".join(given_name.split()).lower()
    family = "".join(family_name.split()).lower()
    aliases = PersonAlias.objects.alias(
        g=_squashed(F("given_name")), f=_squashed(F("family_name"))
    ).filter(f=family)
    return list(
        Person.objects.alias(g=_squashed(F("given_name")), f=_squashed(F("family_name")))
        .filter(date_of_birth=date_of_birth)
        .filter(
            Q(g=given, f=family)
            | Q(pk__in=aliases.filter(g=given).values("person_id"))
            # an other name with no given name: the person's own given name goes with it
            | Q(g=given, pk__in=aliases.filter(given_name="").values("person_id"))
        )
        .distinct()
    )


# --- The header search (docs/decisions/0031): only ever through people_for(user=) ------------


def people_with_reference_for(*, user, reference: str) -> QuerySet[Person]:
    """The person with this reference (ARS-YY-NNNNNN), or the record a record with this
    reference was merged into (a letter may carry the old one), if this user may see them."""
    merged_into = PersonMerge.objects.filter(removed_reference=reference).values("survivor_id")
    return people_for(user=user).filter(Q(reference=reference) | Q(pk__in=merged_into))


def people_with_identifier_for(
    *, user, pnc_id: str | None = None, nhs_number: str | None = None
) -> QuerySet[Person]:
    """The person with this PNC ID or NHS number (canonical forms), if this user may see them."""
    if not (pnc_id or nhs_number):
        return Person.objects.none()
    condition = Q(pnc_id=pnc_id) if pnc_id else Q(nhs_number=nhs_number)
    return people_for(user=user).filter(condition, anonymised_at__isnull=True)


def people_named_for(*, user, text: str, limit: int = 20) -> list:
    """People this user may see whose name is close to `text` (no date of birth), best first:
    the matching query (people.matching), restricted to the viewer's people before `limit`."""
    from people.matching import find_by_name

    if can(user, Capability.PEOPLE_VIEW):
        return find_by_name(text=text, limit=limit)
    among = list(people_for(user=user).values_list("pk", flat=True))
    return find_by_name(text=text, among=among, limit=limit)
