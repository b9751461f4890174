"""`manage.py generate_volume`: synthetic history that keeps every constraint, and after which
the services still number people and referrals without a clash."""

from django.core.management import call_command
from django.db import models

from assessments.models import Assessment
from court.models import CourtOutcome, SuitabilityReport
from custody.models import CustodyContact, DrugTest, RequiredAssessment
from diversion.models import DivertReferral
from people.models import Person
from reporting.models import MonthlyFigure
from reporting.services import figures_refresh
from treatment.models import Referral


def test_volume_is_generated_in_proportion_and_can_be_added_to(db, make_person, make_referral):
    call_command("generate_volume", contacts=400, verbosity=0)
    call_command("generate_volume", contacts=100, verbosity=0)  # again: nothing clashes
    assert CustodyContact.objects.count() == 500
    assert 150 <= Person.objects.count() <= 250
    assert 0 < RequiredAssessment.objects.count() < DrugTest.objects.count() < 500
    assert 0 < Referral.objects.count() < 500
    assert Assessment.objects.filter(status="completed").exists()
    suites = set(CustodyContact.objects.values_list("suite__code", flat=True))
    assert len(suites) == 6  # every custody suite
    years = {d.year for d in CustodyContact.objects.dates("arrested_at", "year")}
    assert len(years) >= 9  # ten years of history
    # The sequences moved past what was inserted: the services' next numbers are new.
    person = make_person()
    referral = make_referral(person=person)
    assert Person.objects.filter(reference=person.reference).count() == 1
    assert Referral.objects.filter(reference=referral.reference).count() == 1
    figures_refresh(full=True)
    assert MonthlyFigure.objects.filter(measure="contacts").count() > 100
    assert MonthlyFigure.objects.filter(measure="divert_referrals").exists()
    assert MonthlyFigure.objects.filter(measure="drr_atr_recommended").exists()


def test_volume_includes_divert_cases_and_court_orders_in_proportion(db):
    call_command("generate_volume", contacts=3000, verbosity=0)
    divert = DivertReferral.objects.count()
    assert 120 <= divert <= 250  # one for every 16 contacts
    # Only the last four years: DIVERT is newer than the custody service.
    years = {d.year for d in DivertReferral.objects.dates("found_at", "year")}
    assert len(years) <= 5
    # Old cases have their outcome back with police; the newest are still being worked.
    assert DivertReferral.objects.filter(status="closed").exclude(outcome="").exists()
    assert DivertReferral.objects.filter(status__in=DivertReferral.OPEN).exists()
    reports = SuitabilityReport.objects.filter(status="signed_off")
    assert reports.exists()
    assert not reports.filter(signed_off_by__isnull=True).exists()
    assert CourtOutcome.objects.filter(order__in=CourtOutcome.TREATMENT_ORDERS).exists()
    assert CourtOutcome.objects.count() <= reports.count()
    # Half the reports were asked for by probation (their officer's list has them).
    requested = SuitabilityReport.objects.filter(request__isnull=False)
    assert 0.3 < requested.count() / SuitabilityReport.objects.count() < 0.7
    assert not requested.exclude(request__person=models.F("person")).exists()


def test_volume_referrals_say_when_they_finished(db):
    """The inbox keeps finished referrals for 90 days by finished_at: generated history has it."""
    call_command("generate_volume", contacts=2000, verbosity=0)
    finished = Referral.objects.filter(status__in=["declined", "engaged", "closed"])
    assert finished.exists()
    assert not finished.filter(finished_at__isnull=True).exists()
    assert not Referral.objects.filter(status__in=Referral.LIVE, finished_at__isnull=False).exists()
