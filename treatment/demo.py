"""Synthetic referrals for the demo: every status a provider meets, for the people who have
consented to share with their local service (idempotent: nothing if referrals exist)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from organisations.models import ProviderService
from people.models import ConsentToShare, Person
from people.services import consent_give
from treatment.models import ClosureReason, DeclineReason, Referral
from treatment.services import (
    appointment_book,
    appointment_outcome_record,
    referral_accept,
    referral_close,
    referral_decline,
    referral_engage,
    referral_send,
)

# The share of referrals left at each stage.
STAGES = [
    ("sent", 3),
    ("overdue", 1),
    ("accepted", 2),
    ("booked", 2),
    ("did_not_attend", 1),
    ("attended", 1),
    ("engaged", 2),
    ("declined", 1),
    ("closed", 1),
]


PER_PROVIDER = 30


def demo_referrals_load(*, rng: random.Random, worker, providers: dict) -> int:
    """Refer each consenting person to their service and move the referral on to a stage.

    The demo's provider workers get up to PER_PROVIDER referrals each: people living in their
    area are asked for consent to share first (as a worker would before referring).
    """
    if Referral.objects.exists():
        return 0
    for slug in providers:
        service = ProviderService.objects.get(local_authority__slug=slug)
        for person in Person.objects.filter(local_authority__slug=slug).order_by("reference")[
            :PER_PROVIDER
        ]:
            consent_give(
                person=person, recipient="provider_service", provider_service=service, by=worker
            )
    consents = (
        ConsentToShare.objects.filter(
            recipient=ConsentToShare.Recipient.PROVIDER_SERVICE, withdrawn_at__isnull=True
        )
        .select_related("person", "provider_service__local_authority")
        .order_by("person__reference")
    )
    now = timezone.now()
    made = 0
    for consent in consents:
        person, service = consent.person, consent.provider_service
        provider = providers.get(service.local_authority.slug)
        if provider is None:
            continue
        stage = rng.choices([s for s, _ in STAGES], weights=[w for _, w in STAGES])[0]
        contact = person.custody_contacts.order_by("-arrested_at").first()
        days_ago = 6 if stage == "overdue" else rng.randint(1, 20)
        referral = referral_send(
            person=person,
            by=worker,
            source=Referral.Source.CUSTODY if contact else Referral.Source.COMMUNITY,
            custody_contact=contact,
            # Released a day or so before the referral went (the contact may be older).
            released_on=timezone.localdate(now - datetime.timedelta(days=days_ago + 1))
            if contact
            else None,
            provider_service=service,
            choice_reason="Demo",
            sent_at=now - datetime.timedelta(days=days_ago),
        )
        made += 1
        if stage in ("sent", "overdue"):
            continue
        if stage == "declined":
            referral_decline(
                referral=referral,
                by=provider,
                reason=DeclineReason.objects.get(code="already_in_treatment"),
            )
            continue
        referral_accept(referral=referral, by=provider)
        if stage == "accepted":
            continue
        if stage == "booked":
            appointment_book(
                referral=referral,
                by=provider,
                starts_at=now + datetime.timedelta(days=rng.randint(1, 7), hours=rng.randint(1, 6)),
                location=f"{service.name}, drop-in centre",
            )
            continue
        appointment = appointment_book(
            referral=referral,
            by=provider,
            starts_at=now - datetime.timedelta(hours=rng.randint(2, 20)),
            location=f"{service.name}, drop-in centre",
        )
        outcome = (
            "did_not_attend" if stage == "did_not_attend" else rng.choice(["attended", "late"])
        )
        appointment_outcome_record(appointment=appointment, by=provider, outcome=outcome)
        if stage in ("engaged", "closed"):
            referral_engage(referral=referral, by=provider)
        if stage == "closed":
            referral_close(
                referral=referral,
                by=provider,
                reason=ClosureReason.objects.get(code="completed_drug_free"),
            )
    return made
