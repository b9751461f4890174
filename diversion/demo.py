"""Synthetic DIVERT referrals for the demo: the officers' lists and the service's cases at
every stage (idempotent: nothing if there are referrals already)."""

from __future__ import annotations

import datetime
import random
import uuid

from django.utils import timezone

from diversion.models import DivertReferral, Substance
from diversion.services import (
    contact_attempt_record,
    divert_referral_submit,
    outcome_return,
    session_attendance_record,
    session_book,
)
from people.models import Person

STAGES = ["referred", "contacted", "booked", "completed", "returned_complete", "not_engaged"]
PLACES = ["Corporation Street", "New Street station", "Victoria Square", "Broad Street",
          "Digbeth coach station", "Coventry Road"]  # fmt: skip


def demo_divert_load(*, rng: random.Random, officers: list, worker, count=18) -> int:
    if DivertReferral.objects.exists():
        return 0
    now = timezone.now()
    # People the service already knows (the referral links to them on name and date of birth).
    people = list(Person.objects.filter(anonymised_at__isnull=True).order_by("reference")[:count])
    for n, person in enumerate(people):
        officer = officers[n % len(officers)]
        found_at = now - datetime.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 12))
        found_at = max(found_at, now - datetime.timedelta(days=29))
        vulnerabilities = ["exploitation"] if n % 7 == 3 else []
        referral, _ = divert_referral_submit(
            officer=officer,
            key=str(uuid.UUID(int=rng.getrandbits(128))),
            data={
                "occurrence_number": f"20/{rng.randint(100000, 999999)}/26",
                "found_at": found_at,
                "found_where": rng.choice(PLACES),
                "substances": [rng.choice([Substance.CANNABIS, Substance.CANNABIS,
                                           Substance.COCAINE, Substance.KETAMINE])],
                "amount": rng.choice(["About 2 grams", "One wrap", "A small bag", "Two pills"]),
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": person.date_of_birth,
                "phone": f"07700 900{rng.randint(100, 999)}",
                "postcode": person.postcode,
                "address": "" if person.postcode else "No fixed abode",
                "consent_to_contact": True,
                "vulnerabilities": vulnerabilities,
            },
        )  # fmt: skip
        stage = STAGES[n % len(STAGES)]
        if stage == "referred":
            continue
        contact_attempt_record(
            referral=referral, by=worker, at=now, method="phone", result="agreed"
        )
        if stage == "contacted":
            continue
        if stage == "not_engaged":
            outcome_return(referral=referral, by=worker, outcome="not_engaged")
            continue
        booked = stage == "booked"
        session = session_book(
            referral=referral,
            by=worker,
            starts_at=now + datetime.timedelta(days=2) if booked else now,
            location="DIVERT hub, Digbeth",
        )
        if booked:
            continue
        session_attendance_record(session=session, by=worker, attendance="completed")
        if stage == "returned_complete":
            outcome_return(referral=referral, by=worker, outcome="complete")
    return len(people)
