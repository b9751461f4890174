"""Synthetic court work for the demo: probation's requests at every step (one waiting for the
team to confirm who it is for), a report awaiting the team leader's sign-off, signed-off reports
probation can read, and an 18-month order that refers the person to treatment and has its
monthly reviews; probation's notes, and a report sent back once with its reason (idempotent:
nothing if there are reports already)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from court.models import SuitabilityReport
from court.services import (
    court_outcome_record,
    probation_request_make,
    report_save,
    report_send_back,
    report_sign_off,
    report_submit,
    request_link,
)
from organisations.models import ProviderService
from people.models import Person
from people.services import consent_give
from treatment.models import Referral

COURTS = ["Birmingham Magistrates' Court", "Coventry Magistrates' Court",
          "Wolverhampton Magistrates' Court"]  # fmt: skip
# Probation's notes on the requests (synthetic), shown at the top of the report's page.
NOTES = [
    "Breached a community order in 2024: please assess his motivation carefully.",
    "",
    "Currently on a waiting list with the GP for mental health support.",
    "Has asked for a female worker if possible.",
]
# What each demo request has reached, in the order they are made.
STEPS = ["requested", "in_progress", "submitted", "signed_off", "ordered", "requested"]


def _content(service: ProviderService, start: datetime.date, *, drugs: bool) -> dict:
    return {
        "misuse": "drugs" if drugs else "alcohol",
        "dependency_notes": (
            "Daily crack cocaine and heroin use for several years (synthetic)."
            if drugs
            else "Drinks most days; withdrawal symptoms when stopping (synthetic)."
        ),
        "requires_treatment": True,
        "susceptible_to_treatment": True,
        "treatment_available": True,
        "provider_service": service,
        "treatment_start": start,
        "willing_to_comply": True,
        "willing_to_be_tested": drugs,
        "recommendation": "drr" if drugs else "atr",
        "reasons": "Offending is linked to dependency; motivated to engage (synthetic).",
        "proposed_length_months": 12,
        "review_arrangements": "Monthly reviews at the magistrates' court.",
    }


def demo_court_load(*, rng: random.Random, officer, worker, team_leader) -> int:
    if SuitabilityReport.objects.exists():
        return 0
    today = timezone.localdate()
    people = list(
        Person.objects.filter(anonymised_at__isnull=True, local_authority__isnull=False)
        .exclude(referrals__status__in=Referral.LIVE)  # so the order can refer them
        .select_related("local_authority")
        .order_by("-reference")[: len(STEPS)]
    )
    for n, (person, step) in enumerate(zip(people, STEPS, strict=False)):
        ordered = step == "ordered"
        hearing = today + datetime.timedelta(days=rng.randint(10, 28))
        request = probation_request_make(
            officer=officer,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            postcode=person.postcode,
            court=COURTS[n % len(COURTS)],
            hearing_date=hearing,
            report_kind="short" if n % 2 else "standard",
            report_deadline=hearing - datetime.timedelta(days=rng.randint(2, 7)),
            notes=NOTES[n % len(NOTES)],
        )
        if step == "requested" and n == len(STEPS) - 1:
            continue  # left for the team to confirm who it is for
        # The team confirms who it is: the person on record it was typed as.
        request_link(request=request, person=person, by=worker)
        if step == "requested":
            continue
        report = request.reports.get()
        service = ProviderService.objects.filter(local_authority=person.local_authority).first()
        report_save(
            report=report,
            by=worker,
            # The one that reaches court is a DRR (with monthly reviews); the others vary.
            data=_content(
                service, hearing + datetime.timedelta(days=7), drugs=ordered or n % 3 != 2
            ),
        )
        if step == "in_progress":
            # Submitted once, and sent back by the team leader with what must change.
            report_submit(report=report, by=worker)
            report_send_back(
                report=report,
                by=team_leader,
                reason="Say which provider service has a place for them, and from when.",
            )
            continue
        report_submit(report=report, by=worker)
        if step == "submitted":
            continue
        report = report_sign_off(report=report, by=team_leader)
        if ordered:
            # This one has been to court: its dates are moved back, as if weeks had passed.
            heard = today - datetime.timedelta(days=7)
            SuitabilityReport.objects.filter(pk=report.pk).update(
                hearing_date=heard, report_deadline=heard - datetime.timedelta(days=3)
            )
            request.__class__.objects.filter(pk=request.pk).update(
                hearing_date=heard, report_deadline=heard - datetime.timedelta(days=3)
            )
            report.refresh_from_db()
            # They agreed to share with the service, so the order refers them straight away;
            # 18 months brings monthly reviews.
            consent_give(
                person=person, recipient="provider_service", provider_service=service, by=worker
            )
            court_outcome_record(
                report=report,
                by=worker,
                order=report.recommendation,
                length_months=18,
                start_date=today - datetime.timedelta(days=1),
            )
    return SuitabilityReport.objects.count()
