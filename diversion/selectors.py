"""Reading DIVERT referrals, filtered by who is looking.

An officer sees their own referrals and nothing of anyone else's; what they see of their own is
progress and outcome only (the officer's serializer and template hold no other field). The
service's workers see every case.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.access import Capability, can
from diversion.models import DivertReferral


def divert_referrals_of_officer(*, user) -> QuerySet[DivertReferral]:
    """The officer's own referrals, newest first."""
    if not can(user, Capability.DIVERT_REFER):
        return DivertReferral.objects.none()
    return DivertReferral.objects.filter(officer=user).order_by("-created_at", "-id")


def divert_referral_of_officer(*, user, reference: str) -> DivertReferral:
    try:
        return divert_referrals_of_officer(user=user).get(reference=reference)
    except DivertReferral.DoesNotExist:
        raise Http404 from None


def divert_cases_for(*, user) -> QuerySet[DivertReferral]:
    """Every DIVERT case, for the service's workers; none for anyone else."""
    if not can(user, Capability.DIVERT_WORK):
        return DivertReferral.objects.none()
    return DivertReferral.objects.select_related("person", "officer")


def divert_case_get_for(*, user, reference: str) -> DivertReferral:
    try:
        return divert_cases_for(user=user).get(reference=reference)
    except DivertReferral.DoesNotExist:
        raise Http404 from None


def earlier_referrals(*, referral: DivertReferral) -> QuerySet[DivertReferral]:
    """The person's other DIVERT referrals before this one: the worker sees who did not engage
    (whether to divert them again is a police decision, so nothing is blocked)."""
    return (
        DivertReferral.objects.filter(
            person_id=referral.person_id, created_at__lt=referral.created_at
        )
        .exclude(pk=referral.pk)
        .order_by("-created_at")
    )


def divert_referral_sent_from_draft(*, user, key: str) -> DivertReferral | None:
    """The referral this officer already made with this idempotency key, if any."""
    from diversion.models import IdempotencyKey

    done = IdempotencyKey.objects.filter(user=user, key=key).select_related("referral").first()
    return done.referral if done is not None else None


def divert_found_for(
    *, user, reference: str = "", name: str = ""
) -> list[tuple[DivertReferral, str]]:
    """The header search (docs/decisions/0031): DIVERT referrals with this reference, or (an
    officer's own only, by the name as they typed it) close to this name, each with the page
    this user opens it on: the case for the service's workers, the referral for its officer."""
    from django.urls import reverse

    from people.matching import typed_name_matches

    found = []
    if reference:
        for case in divert_cases_for(user=user).filter(reference=reference):
            found.append((case, reverse("diversion:case", args=[case.reference])))
    own = divert_referrals_of_officer(user=user)
    mine = own.filter(reference=reference) if reference else typed_name_matches(own, text=name)
    if reference or name:
        found += [(r, reverse("diversion:referral", args=[r.reference])) for r in mine[:20]]
    return found


def timeline_of_person(*, person, user) -> list:
    """The person's timeline entries for their DIVERT cases, for the service's workers."""
    from django.urls import reverse

    from people.selectors import TimelineEvent

    return [
        TimelineEvent(
            referral.created_at,
            f"DIVERT referral {referral.reference}",
            referral.officer.get_full_name() if referral.officer_id else "Police",
            referral.get_status_display(),
            reverse("diversion:case", args=[referral.reference]),
        )
        for referral in divert_cases_for(user=user).filter(person=person)
    ]
