"""Retention: people with no activity for RETENTION_YEARS are anonymised (people.retention)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone
from faker import Faker

from assessments.models import Assessment
from audit.models import AccessLog
from custody.models import CustodyContact, DrugTest, PoliceNotification, ReleasePlan
from people.matching import find_matches
from people.models import Person, PersonAlias
from people.related import related_to_person
from people.retention import people_anonymise_inactive, retention_cutoff

fake = Faker("en_GB")
Faker.seed(2026)

LONG_AGO = datetime.datetime(2019, 3, 12, 10, 0, tzinfo=datetime.UTC)
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)  # 7 years on


@pytest.fixture
def old_person(make_person, make_contact, custody_worker):
    """Someone last seen in custody in March 2019, with a history on every kind of row."""
    from custody.services import (
        drug_test_record,
        release_plan_record,
        required_attendance_record,
    )
    from organisations.models import ProviderService
    from people.services import (
        consent_give,
        consent_withdraw,
        flag_raise,
        person_alias_add,
    )
    from tests.assessments.answers import complete_assessment

    with time_machine.travel(LONG_AGO, tick=False):
        person = make_person(
            given_name=fake.first_name(),
            family_name=fake.last_name(),
            date_of_birth=datetime.date(1984, 8, 17),
            postcode="B5 4TT",
            phone="07700 900123",
            address=fake.street_address().replace("\n", ", "),
            pnc_id="19/1234567J",  # checked below only for being gone
            nhs_number="943 476 5919",
        )
        person_alias_add(
            person=person, given_name="", family_name=fake.last_name(), kind="alias",
            by=custody_worker,
        )  # fmt: skip
        contact = make_contact(person=person, arrested_at=timezone.now())
        drug_test_record(
            contact=contact,
            results={"opiates": "positive", "cocaine": "negative"},
            sample_taken_at=timezone.now(),
            by=custody_worker,
        )
        required_attendance_record(
            required=contact.required_assessment, stage="initial", outcome="not_attended",
            by=custody_worker,
        )  # fmt: skip
        release_plan_record(
            contact=contact, disposal="released", referral_made=False, by=custody_worker,
            next_steps=f"Staying with {fake.first_name()} at {fake.street_address()}",
        )  # fmt: skip
        complete_assessment(person=person, by=custody_worker)
        flag_raise(
            person=person, kind="safeguarding", note="Lives with a named partner", by=custody_worker
        )
        birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
        consent = consent_give(
            person=person, recipient="provider_service", provider_service=birmingham,
            by=custody_worker,
        )  # fmt: skip
        consent_withdraw(consent=consent, by=custody_worker, reason="Moved in with her sister")
    return person


def _anonymise(now=NOW):
    with time_machine.travel(now, tick=False):
        return people_anonymise_inactive()


def test_a_person_inactive_for_six_years_is_anonymised(old_person):
    names = (old_person.given_name, old_person.family_name)
    alias = old_person.aliases.get().family_name

    done = _anonymise()

    assert [d.reference for d in done] == [old_person.reference]
    person = Person.objects.get(pk=old_person.pk)
    assert person.anonymised_at is not None
    assert (person.given_name, person.family_name) == ("Anonymised", "person")
    assert person.date_of_birth == datetime.date(1984, 1, 1)  # coarsened to the year
    assert (person.phone, person.address, person.postcode) == ("", "", "")
    assert (person.pnc_id, person.nhs_number) == (None, None)
    assert person.local_authority.slug == "birmingham"  # kept for reporting
    assert person.reference == old_person.reference
    assert not PersonAlias.objects.filter(person=person).exists()
    assert person.flags.get().note == ""
    assert person.consents.get().withdrawn_reason == ""
    # Nothing identifying is left anywhere about them (the names, the other name).
    for text in (*names, alias, "named partner", "her sister"):
        assert not Person.objects.filter(pk=person.pk, family_name__icontains=text).exists()
    contact = CustodyContact.objects.get(person=person)
    assert contact.custody_record_number.startswith("REMOVED-")
    assert ReleasePlan.objects.get(contact=contact).next_steps == "[removed]"
    notice = PoliceNotification.objects.get(required_assessment__contact=contact)
    assert notice.message == "[removed]"


def test_anonymising_keeps_what_reporting_counts(old_person):
    before = {
        "contacts": CustodyContact.objects.filter(person=old_person).count(),
        "tests": DrugTest.objects.filter(contact__person=old_person).count(),
        "assessments": Assessment.objects.filter(person=old_person).count(),
    }
    assessment = Assessment.objects.get(person=old_person)

    _anonymise()

    assert before == {
        "contacts": CustodyContact.objects.filter(person=old_person).count(),
        "tests": DrugTest.objects.filter(
            contact__person=old_person, results__drug__code="opiates", results__result="positive"
        ).count(),
        "assessments": Assessment.objects.filter(person=old_person).count(),
    }
    after = Assessment.objects.get(pk=assessment.pk)
    # Scores and choices stay; what the person said does not.
    assert (after.audit_score, after.sds_score) == (assessment.audit_score, assessment.sds_score)
    assert after.sections["substances"]["drug_1"] == "heroin"
    assert after.sections["goals"]["goals"] == "[removed]"
    assert after.sections["recommendation"]["reasons"] == "[removed]"
    assert after.status == "completed"


def test_anonymisation_is_idempotent_and_audited(old_person):
    assert len(_anonymise()) == 1
    assert _anonymise() == []
    assert _anonymise(NOW + datetime.timedelta(days=400)) == []
    entries = AccessLog.objects.filter(person_id=old_person.pk, detail__startswith="retention")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == AccessLog.Action.CHANGE
    assert entry.detail == "retention: anonymised after 6 years without activity"


def test_a_person_with_activity_on_any_row_about_them_is_kept(old_person):
    # A police notification, three steps from the person, was corrected last year.
    notice = PoliceNotification.objects.get(required_assessment__contact__person=old_person)
    with time_machine.travel(NOW - datetime.timedelta(days=365), tick=False):
        notice.sent_to = "custody.admin@example.org"
        notice.save()
    assert _anonymise() == []
    assert Person.objects.get(pk=old_person.pk).anonymised_at is None


def test_a_person_inactive_for_less_than_the_retention_period_is_kept(old_person):
    assert _anonymise(LONG_AGO + datetime.timedelta(days=365 * 6 - 2)) == []


def test_the_retention_period_is_a_setting(old_person, settings):
    settings.SERVICE_TIMINGS = {**settings.SERVICE_TIMINGS, "RETENTION_YEARS": 10}
    assert _anonymise() == []
    assert retention_cutoff(now=NOW).year == 2016


def test_an_anonymised_person_no_longer_matches(old_person):
    given, family, alias = (
        old_person.given_name,
        old_person.family_name,
        old_person.aliases.get().family_name,
    )
    assert find_matches(
        given_name=given, family_name=family, date_of_birth=old_person.date_of_birth
    )
    _anonymise()
    for name in (family, alias, "person"):
        assert not find_matches(
            given_name=given, family_name=name, date_of_birth=datetime.date(1984, 1, 1)
        )
    assert not find_matches(
        given_name=given, family_name=family, date_of_birth=datetime.date(1984, 8, 17)
    )
    assert not find_matches(pnc_id="19/1234567J", nhs_number="943 476 5919")


def test_anonymise_inactive_dry_run_lists_references_and_counts_without_names(old_person):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("anonymise_inactive", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "1 person would be anonymised: no activity for 6 years" in text
    assert old_person.reference in text
    assert "custody.custodycontact 1" in text
    assert "assessments.assessment 1" in text
    assert old_person.given_name not in text and old_person.family_name not in text
    assert Person.objects.get(pk=old_person.pk).anonymised_at is None  # nothing changed


def test_anonymise_inactive_without_dry_run_anonymises(old_person):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("anonymise_inactive", stdout=out)
    assert "1 person anonymised" in out.getvalue()
    assert Person.objects.get(pk=old_person.pk).anonymised_at is not None


def test_the_retention_task_is_scheduled_nightly_and_calls_the_same_service(old_person):
    from people.tasks import anonymise_inactive_people
    from referral_service.celery import app

    schedule = app.conf.beat_schedule["anonymise-inactive-people"]
    assert schedule["task"] == anonymise_inactive_people.name
    with time_machine.travel(NOW, tick=False):
        assert anonymise_inactive_people.apply().get() == 1
        assert anonymise_inactive_people.apply().get() == 0


def test_every_model_that_points_at_a_person_counts_for_activity():
    """Found by a fixed point over every installed model, independently of people.related."""
    about_a_person = {Person}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in about_a_person:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in about_a_person:
                    about_a_person.add(model)
                    changed = True
                    break
    about_a_person.discard(Person)
    assert about_a_person == {related.model for related in related_to_person()}
    assert {DrugTest, PoliceNotification, PersonAlias} <= about_a_person


def test_withdrawn_consent_is_honoured_at_once_not_at_retention(
    client, make_referral, custody_worker, provider_birmingham
):
    """Retention is for the inactive; withdrawing consent hides the person straight away."""
    from people.services import consent_withdraw

    person = make_referral().person  # referred to Birmingham, with consent (issue 21)
    consent = person.consents.get()
    client.force_login(provider_birmingham)
    assert client.get(f"/people/{person.pk}/").status_code == 200
    consent_withdraw(consent=consent, by=custody_worker)
    assert client.get(f"/people/{person.pk}/").status_code == 404


def test_nothing_identifying_is_left_in_any_row_after_anonymisation(old_person):
    """Everything held about the person (the subject access export, which walks every row
    about them) no longer holds their names, address, phone, identifiers or free text."""
    import json

    from people.subject_access import subject_access_json

    identifying = [
        old_person.given_name,
        old_person.family_name,
        old_person.aliases.get().family_name,
        old_person.address,
        "07700 900123",
        "19/1234567J",
        "943 476 5919",
        "1984-08-17",
        "named partner",
        "her sister",
        "Staying with",
        "Synthetic goal",
        "Synthetic reasons",
    ]
    before = json.dumps(subject_access_json(person=old_person), ensure_ascii=False)
    assert [text for text in identifying if text not in before] == []
    _anonymise()
    after = json.dumps(
        subject_access_json(person=Person.objects.get(pk=old_person.pk)), ensure_ascii=False
    )
    assert [text for text in identifying if text in after] == []


def test_referrals_and_divert_cases_are_anonymised_but_keep_their_references(
    make_person, make_referral, police_officer, custody_worker
):
    """The walk finds the handoff's and DIVERT's rows without anyone listing them."""
    import uuid

    from diversion.services import divert_referral_submit

    with time_machine.travel(LONG_AGO, tick=False):
        person = make_person(given_name="Oldham", family_name="Quarrie", postcode="B5 4TT")
        referral = make_referral(person=person, notes="Synthetic: prefers mornings")
        divert, _ = divert_referral_submit(
            officer=police_officer,
            key=str(uuid.uuid4()),
            data={
                "occurrence_number": "19/42/19",
                "found_at": timezone.now(),
                "found_where": "Synthetic Lane",
                "substances": ["cannabis"],
                "amount": "A little",
                "given_name": "Oldham",
                "family_name": "Quarrie",
                "date_of_birth": person.date_of_birth,
                "phone": "07700 900456",
                "postcode": "B5 4TT",
                "consent_to_contact": True,
            },
        )
    assert divert.person == person
    with time_machine.travel(NOW, tick=False):
        people_anonymise_inactive()
    referral.refresh_from_db()
    divert.refresh_from_db()
    assert referral.notes == "[removed]" and divert.found_where == "[removed]"
    assert divert.phone != "07700900456"
    assert referral.reference.startswith("TR-") and divert.reference.startswith("DV-")
    assert referral.status == "sent" and divert.substances == ["cannabis"]
