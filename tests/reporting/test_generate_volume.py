"""`manage.py generate_volume`: synthetic history that keeps every constraint, and after which
the services still number people and referrals without a clash."""

from django.core.management import call_command

from assessments.models import Assessment
from custody.models import CustodyContact, DrugTest, RequiredAssessment
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
