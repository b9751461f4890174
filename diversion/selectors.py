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
