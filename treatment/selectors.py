"""Reading referrals, filtered by who is looking. HTML views and the API both come here."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.access import Capability, can
from accounts.selectors import provider_service_ids
from core.references import reference_normalised
from people.models import ConsentToShare
from treatment.models import Referral

Status = Referral.Status

# The inbox's views of the work, in the order a provider worker meets them.
INBOX_GROUPS: dict[str, tuple[str, Q | None]] = {
    "new": ("New", Q(status=Status.SENT)),
    "overdue": ("Overdue", None),  # sent and past the deadline: needs `now`
    "accepted": ("Accepted, no appointment", Q(status__in=[Status.ACCEPTED])),
    "awaiting": (
        "Awaiting first appointment",
        Q(status__in=[Status.BOOKED, Status.DID_NOT_ATTEND]),
    ),
    "in_treatment": ("Attended or engaged", Q(status__in=[Status.ATTENDED, Status.ENGAGED])),
    "closed": ("Declined or closed", Q(status__in=[Status.DECLINED, Status.CLOSED])),
}

# Finished referrals (declined, engaged, closed) stay in the inbox this long after their last
# change; older ones are on the person's page. So the inbox holds the live work and the recent
# past, not ten years of history: its queries stay the same size as the years go by.
INBOX_FINISHED_DAYS = 90

INBOX_SORTS = {
    "sent": ("Newest first", ["-sent_at", "-id"]),
    "oldest": ("Oldest first", ["sent_at", "id"]),
    "deadline": ("Accept by, soonest first", ["accept_by", "sent_at", "id"]),
    "name": ("Name", ["person__family_name", "person__given_name", "id"]),
}


def _group_filter(group: str, now) -> Q:
    if group == "overdue":
        return Q(status=Status.SENT, accept_by__lte=now)
    return INBOX_GROUPS[group][1]


def referrals_for(*, user) -> QuerySet[Referral]:
    """The referrals this user may see.

    The arrest referral team: all of them. A provider worker: referrals to their own provider
    services, while the person's consent to share with that service is live (withdrawal hides
    the referral at once, as it hides the person). Everyone else: none.
    """
    if can(user, Capability.PEOPLE_VIEW):
        return Referral.objects.all()
    if can(user, Capability.TREATMENT_INBOX):
        live_consent = ConsentToShare.objects.filter(
            person=OuterRef("person_id"),
            recipient=ConsentToShare.Recipient.PROVIDER_SERVICE,
            provider_service=OuterRef("provider_service_id"),
            withdrawn_at__isnull=True,
        )
        return Referral.objects.filter(
            Exists(live_consent), provider_service__in=provider_service_ids(user)
        )
    return Referral.objects.none()


def live_referral_to_users_services(*, user) -> Exists:
    """An expression on Person: a live referral to one of the user's provider services, with
    live consent to share with that service (what a provider needs to see the person)."""
    return Exists(
        referrals_for(user=user).filter(
            person=OuterRef("pk"), status__in=Referral.LIVE, out_of_area=False
        )
    )


def people_shown_of(*, user, referrals) -> set:
    """Of these referrals' people, the ids of those the user may see now (one query): a
    provider keeps a finished referral, not its person (issue 21)."""
    from people.selectors import people_for

    ids = {referral.person_id for referral in referrals}
    return set(people_for(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def referral_get_for(*, user, reference: str, for_update: bool = False) -> Referral:
    """One referral this user may see, by its reference, or 404."""
    try:
        return (
            referrals_for(user=user)
            .select_related(
                "person",
                "person__local_authority",
                "provider_service",
                "provider_service__local_authority",
                "proposed_provider_service",
                "decline_reason",
                "closure_reason",
                "created_by",
                "accepted_by",
                "declined_by",
                "custody_contact__suite",
            )
            .get(reference=reference)
        )
    except Referral.DoesNotExist:
        raise Http404 from None


def inbox_for(
    *,
    user,
    groups: list[str] | None = None,
    services: list[int] | None = None,
    sort: str = "sent",
    now=None,
) -> QuerySet[Referral]:
    """A provider worker's inbox: their referrals, in the groups and services chosen, sorted."""
    now = now or timezone.now()
    referrals = _inbox_base(user=user, now=now)
    if groups:
        condition = Q()
        for group in groups:
            condition |= _group_filter(group, now)
        referrals = referrals.filter(condition)
    if services:
        referrals = referrals.filter(provider_service_id__in=services)
    return referrals.select_related("person", "provider_service").order_by(
        *INBOX_SORTS.get(sort, INBOX_SORTS["sent"])[1]
    )


def inbox_counts(*, user, now=None) -> dict[str, int]:
    """How many of the user's referrals are in each group: one query."""
    now = now or timezone.now()
    aggregates = {group: Count("id", filter=_group_filter(group, now)) for group in INBOX_GROUPS}
    return _inbox_base(user=user, now=now).aggregate(**aggregates)


def inbox_total(counts: dict[str, int], groups: list[str]) -> int:
    """How many referrals `inbox_for` lists for these groups (all services), from the counts
    by group: the groups other than overdue divide the statuses between them, and overdue is
    part of new. Saves counting the same rows twice on every inbox page (issue 11)."""
    chosen = set(groups) or set(INBOX_GROUPS) - {"overdue"}
    if "new" in chosen:
        chosen.discard("overdue")
    return sum(counts[group] for group in chosen)


def _inbox_base(*, user, now) -> QuerySet[Referral]:
    """The user's in-area referrals that are live, or finished in the last 90 days."""
    recent = now - datetime.timedelta(days=INBOX_FINISHED_DAYS)
    return referrals_for(user=user).filter(
        Q(status__in=Referral.LIVE) | Q(finished_at__gte=recent), out_of_area=False
    )


def referrals_of_person(*, user, person) -> QuerySet[Referral]:
    """The person's referrals this user may see, newest first."""
    return (
        referrals_for(user=user)
        .filter(person=person)
        .select_related("provider_service")
        .order_by("-sent_at")
    )


def referrals_with_reference_for(*, user, reference: str) -> QuerySet[Referral]:
    """The referral with this reference (TR-YY-NNNNNN), if this user may see it."""
    return (
        referrals_for(user=user)
        .filter(reference=reference)
        .select_related("person", "provider_service")
    )


def inbox_search_for(*, user, text: str, now=None, limit: int = 50) -> list[Referral]:
    """The inbox's referrals (inbox_for) matching a reference or a name typed without a date
    of birth, best match first: by name, the matching query over the inbox's own people, so
    a person the worker cannot list is never a candidate (docs/decisions/0031)."""
    from people.matching import find_by_name

    referrals = inbox_for(user=user, now=now)
    reference = reference_normalised(text)
    if reference:  # any of the worker's referrals, however old (its page is theirs to open)
        return list(referrals_with_reference_for(user=user, reference=reference))
    people = list(referrals.values_list("person_id", flat=True).distinct())
    order = {c.person.pk: i for i, c in enumerate(find_by_name(text=text, among=people))}
    found = list(referrals.filter(person_id__in=order))
    return sorted(found, key=lambda r: order[r.person_id])[:limit]


def timeline_of_person(*, person, user) -> list:
    """The person's timeline entries for their referrals this user may see (people's page)."""
    from django.urls import reverse

    from people.selectors import TimelineEvent

    return [
        TimelineEvent(
            referral.sent_at,
            f"Referred to {referral.destination}",
            referral.created_by.get_full_name() if referral.created_by else "System",
            referral.get_status_display(),
            reverse("treatment:referral", args=[referral.reference]),
        )
        for referral in referrals_of_person(user=user, person=person).select_related("created_by")
    ]
