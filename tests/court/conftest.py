"""Court fixtures: a second probation officer, and reports at each step."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.utils import timezone

from referral_service.demo import PERSONAS, persona_ensure
from tests.personas import PASSWORD


@pytest.fixture
def probation_officer2(db):
    """Another probation officer (of the same service), who did not make the request."""
    first = next(p for p in PERSONAS if p.username == "probation.officer")
    persona = dataclasses.replace(first, username="probation.officer2", first_name="Other")
    return persona_ensure(persona=persona, password=PASSWORD)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def make_request(probation_officer, custody_worker):
    """A probation request; by default a custody worker then confirms who it is for (a new
    person made from what was typed). `linked=False` leaves it for the person named."""
    from court.services import probation_request_make, request_link

    def make(*, linked: bool = True, **overrides):
        values = {
            "officer": probation_officer,
            "given_name": "Caspian",
            "family_name": "Courtney",
            "date_of_birth": datetime.date(1988, 5, 6),
            "postcode": "B5 4TT",
            "court": "Birmingham Magistrates' Court",
            "hearing_date": in_days(21),
            "report_deadline": in_days(14),
        }
        values.update(overrides)
        request = probation_request_make(**values)
        if linked:
            request_link(request=request, person=None, by=custody_worker)
        return request

    return make


def drr_content(**overrides) -> dict:
    from organisations.models import ProviderService

    values = {
        "misuse": "drugs",
        "dependency_notes": "Daily heroin use for six years (synthetic).",
        "requires_treatment": True,
        "susceptible_to_treatment": True,
        "treatment_available": True,
        "provider_service": ProviderService.objects.get(local_authority__slug="birmingham"),
        "treatment_start": in_days(30),
        "willing_to_comply": True,
        "willing_to_be_tested": True,
        "recommendation": "drr",
        "reasons": "Offending is driven by opiate dependency; motivated to engage.",
        "proposed_length_months": 18,
        "review_arrangements": "Monthly review hearings at the magistrates' court.",
    }
    values.update(overrides)
    return values


@pytest.fixture
def signed_off_report(make_request, custody_worker, team_leader):
    """A requested report, completed by the custody worker and signed off by the team leader."""
    from court import services

    def make(**content):
        request = make_request()
        report = request.reports.get()
        services.report_save(report=report, by=custody_worker, data=drr_content(**content))
        services.report_submit(report=report, by=custody_worker)
        return services.report_sign_off(report=report, by=team_leader)

    return make
