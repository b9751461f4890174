"""Reading referrals, filtered by who is looking. HTML views and the API both come here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

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
                "custody_contact__offence_category",
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


# --- The referral's summary (issue 23) ---------------------------------------------------------

# What the person's consent to share with a provider service lets that service see here: the
# same as its pages always showed (people/person_shared.html, decision 0025), said in words.
CONSENT_SCOPE = (
    "their name, date of birth, phone number, postcode and language; this referral, with the "
    "test on arrest and offence of the custody contact it came from; and their latest "
    "completed assessment"
)


@dataclass(frozen=True)
class ReferralSummary:
    """What a provider needs first about a referred person, in the order the page shows it."""

    tests: list[tuple[str, str]]  # (drug, result) on the referral's custody contact
    offence: str
    trigger_offence: bool
    risks: list[str]
    audit: object | None  # assessments.scoring.AuditResult
    sds: object | None  # assessments.scoring.SdsResult
    consent: ConsentToShare | None  # the consent the referral rests on
    consent_scope: str
    phone: str
    postcode: str
    address: str | None  # None: not shared with this viewer (a provider)
    texts: bool
    language: str
    interpreter: bool


def _answer_label(key: str, field: str, value) -> str:
    """A stored answer's label as the section's form words it ('' when none)."""
    from assessments.sections import SECTIONS_BY_KEY

    if value in (None, "", []):
        return ""
    base = SECTIONS_BY_KEY[key].form.base_fields.get(field)
    choices = dict(getattr(base, "choices", []) or [])
    return str(choices.get(value, value))


def _risks(sections: dict) -> list[str]:
    """Overdose risk, injecting and safeguarding, from the assessment's answers."""
    overdose = sections.get("overdose") or {}
    substances = sections.get("substances") or {}
    safeguarding = sections.get("safeguarding") or {}
    risks = []
    risk = _answer_label("overdose", "risk", overdose.get("risk"))
    risks.append(f"Overdose risk: {risk}" if risk else "Overdose risk: not recorded")
    if overdose.get("overdose_last_year") == "yes":
        risks.append("Overdosed in the last 12 months")
    if overdose.get("has_naloxone") == "no":
        risks.append("Has no naloxone")
    injecting = _answer_label("substances", "injecting", substances.get("injecting"))
    risks.append(f"Injecting: {injecting}" if injecting else "Injecting: not recorded")
    concerns = safeguarding.get("concerns")
    if concerns == "yes":
        kinds = [
            _answer_label("safeguarding", "exploitation", kind)
            for kind in safeguarding.get("exploitation") or []
        ]
        risks.append("Safeguarding concerns" + (f": {', '.join(kinds)}" if kinds else ""))
    elif concerns == "no":
        risks.append("No safeguarding concerns")
    else:
        risks.append("Safeguarding: not recorded")
    return risks


def referral_summary(*, user, referral: Referral, assessment, scores: dict) -> ReferralSummary:
    """The summary at the top of a referral's page. The caller shows it only where the viewer
    may see the person now (people_shown_of); the full address is the team's only."""
    from custody.selectors import contact_test_results

    person = referral.person
    contact = referral.custody_contact
    consent = (
        ConsentToShare.objects.filter(
            person=person,
            recipient=ConsentToShare.Recipient.PROVIDER_SERVICE,
            provider_service_id=referral.provider_service_id,
            withdrawn_at__isnull=True,
        ).first()
        if referral.provider_service_id
        else None
    )
    return ReferralSummary(
        tests=contact_test_results(contact=contact),
        offence=contact.offence_category.label if contact else "",
        trigger_offence=bool(contact and contact.offence_is_trigger),
        risks=_risks(assessment.sections) if assessment else [],
        audit=scores.get("audit"),
        sds=scores.get("sds"),
        consent=consent,
        consent_scope=CONSENT_SCOPE,
        phone=person.phone,
        postcode=person.postcode,
        address=person.address if can(user, Capability.PEOPLE_VIEW) else None,
        texts=person.contact_by_sms,
        language=person.preferred_language,
        interpreter=person.interpreter_needed,
    )
