"""A custody contact: test on arrest (18+ only), the required assessment and its police
notification, outcome, naloxone, release plan; recorded in under a minute."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from custody.models import CustodyContact, PoliceNotification, RequiredAssessment
from custody.services import (
    custody_contact_record_outcome,
    drug_test_record,
    naloxone_record,
    required_attendance_record,
    required_follow_up_decide,
)


def _adult(make_person):
    return make_person(date_of_birth=datetime.date(1990, 6, 1))


@pytest.fixture
def contact(make_contact, make_person):
    return make_contact(person=_adult(make_person))


def _positive(contact, by):
    return drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at + datetime.timedelta(minutes=30),
        by=by,
    )


def test_a_17_year_old_cannot_be_recorded_as_tested_on_arrest(
    make_contact, make_person, custody_worker
):
    now = timezone.now()
    seventeen = make_person(date_of_birth=(now - datetime.timedelta(days=17 * 365 + 30)).date())
    contact = make_contact(person=seventeen, arrested_at=now)
    with pytest.raises(ValidationError, match="only people aged 18 or over"):
        drug_test_record(
            contact=contact,
            results={"opiates": "negative", "cocaine": "negative"},
            sample_taken_at=now,
            by=custody_worker,
        )
    # "Not tested" can still be recorded for them.
    drug_test_record(
        contact=contact,
        results={"opiates": "not_tested", "cocaine": "not_tested"},
        sample_taken_at=None,
        by=custody_worker,
    )


def test_the_age_error_shows_on_the_page(client, make_contact, make_person, custody_worker):
    seventeen = make_person(date_of_birth=timezone.localdate() - datetime.timedelta(days=6300))
    contact = make_contact(person=seventeen)
    client.force_login(custody_worker)
    response = client.post(
        reverse("custody:contact_part", args=[contact.pk, "test"]),
        {
            "drug_opiates": "positive",
            "drug_cocaine": "negative",
            "stage": "arrest",
            "sample_time": "00:00",
        },
    )
    content = response.content.decode()
    assert "govuk-error-summary" in content and "only people aged 18 or over" in content
    assert not RequiredAssessment.objects.exists()


def test_a_positive_test_opens_a_required_assessment(contact, custody_worker):
    test = _positive(contact, custody_worker)
    assert test.is_positive
    assert RequiredAssessment.objects.filter(contact=contact).count() == 1
    _positive(contact, custody_worker)  # recorded again: still one
    assert RequiredAssessment.objects.filter(contact=contact).count() == 1


def test_a_negative_test_opens_nothing(contact, custody_worker):
    drug_test_record(
        contact=contact,
        results={"opiates": "negative", "cocaine": "refused"},
        sample_taken_at=contact.arrested_at,
        by=custody_worker,
    )
    assert not RequiredAssessment.objects.exists()


def test_follow_up_not_attended_notifies_police_once(contact, custody_worker):
    _positive(contact, custody_worker)
    required = contact.required_assessment
    required_attendance_record(
        required=required, stage="initial", outcome="attended", by=custody_worker
    )
    required_follow_up_decide(
        required=required, required_follow_up=True,
        follow_up_at=timezone.now() + datetime.timedelta(days=7),
        follow_up_place="Synthetic Recovery Hub, Example Street", by=custody_worker,
    )  # fmt: skip
    notification = required_attendance_record(
        required=required, stage="follow_up", outcome="not_attended", by=custody_worker
    )
    assert notification.stage == "follow_up"
    assert contact.custody_record_number in notification.message
    assert "Synthetic Recovery Hub" in notification.message
    assert notification.sent_at is not None and notification.sent_to
    again = required_attendance_record(
        required=required, stage="follow_up", outcome="not_attended", by=custody_worker
    )
    assert again == notification
    assert PoliceNotification.objects.count() == 1


def test_a_follow_up_needs_a_time_and_place(contact, custody_worker):
    _positive(contact, custody_worker)
    with pytest.raises(ValidationError, match="time and place"):
        required_follow_up_decide(
            required=contact.required_assessment, required_follow_up=True, by=custody_worker
        )


def test_the_written_notice_prints_the_appointments(client, contact, custody_worker):
    _positive(contact, custody_worker)
    client.force_login(custody_worker)
    content = client.get(reverse("custody:notice", args=[contact.pk])).content.decode()
    assert "you must attend a drug assessment" in content
    assert "Now, in custody" in content


def test_not_seen_needs_a_reason(contact, custody_worker):
    with pytest.raises(ValidationError):
        custody_contact_record_outcome(contact=contact, outcome="not_seen", by=custody_worker)
    custody_contact_record_outcome(
        contact=contact, outcome="not_seen", not_seen_reason="with_solicitor", by=custody_worker
    )
    contact.refresh_from_db()
    assert (contact.outcome, contact.seen_at) == ("not_seen", None)


def test_naloxone_issued_needs_kit_and_batch(contact, custody_worker):
    with pytest.raises(ValidationError):
        naloxone_record(contact=contact, outcome="issued", kit="nasal", batch="", by=custody_worker)
    record = naloxone_record(
        contact=contact, outcome="issued", kit="nasal", batch="SYN-001", training_given=True,
        by=custody_worker,
    )  # fmt: skip
    assert record.training_given


@pytest.mark.parametrize(
    ("part", "data", "check"),
    [
        ("outcome", {"outcome": "assessed"}, lambda c: c.is_seen),
        ("naloxone", {"outcome": "declined"}, lambda c: c.naloxone.outcome == "declined"),
        (
            "release",
            {"disposal": "to_court", "next_steps": "Synthetic", "referral_made": "on"},
            lambda c: c.release_plan.referral_made,
        ),
    ],
)
def test_each_part_saves_from_the_contact_page(client, contact, custody_worker, part, data, check):
    client.force_login(custody_worker)
    response = client.post(reverse("custody:contact_part", args=[contact.pk, part]), data)
    assert response.status_code == 302
    assert check(CustodyContact.objects.get(pk=contact.pk))


def _record_form(**overrides):
    today = timezone.localdate()
    form = {
        "custody_record_number": "NG-0001",
        "arrest_date_0": today.day, "arrest_date_1": today.month, "arrest_date_2": today.year,
        "arrest_time": "00:01", "offence_category": "",
        "given_name": "Petra", "family_name": "Lindqvist",
        "date_of_birth_0": "4", "date_of_birth_1": "3", "date_of_birth_2": "1991", "pnc_id": "",
    }  # fmt: skip
    form.update(overrides)
    return form


@pytest.fixture
def theft(db):
    from custody.models import OffenceCategory

    return OffenceCategory.objects.get(code="theft").pk


def test_recording_a_new_person_takes_one_page(client, custody_worker, theft):
    client.force_login(custody_worker)
    response = client.post(reverse("custody:record"), _record_form(offence_category=theft))
    contact = CustodyContact.objects.get(custody_record_number="NG-0001")
    assert response["Location"] == reverse("custody:contact", args=[contact.pk])
    assert contact.person.family_name == "Lindqvist"
    assert contact.suite == custody_worker.custody_suite


def test_a_double_submit_records_one_contact(client, custody_worker, theft):
    client.force_login(custody_worker)
    client.post(reverse("custody:record"), _record_form(offence_category=theft))
    client.post(reverse("custody:record"), _record_form(offence_category=theft))
    assert CustodyContact.objects.filter(custody_record_number="NG-0001").count() == 1


def test_a_likely_match_asks_the_worker_to_choose(client, custody_worker, make_person, theft):
    known = make_person(
        given_name="Petra", family_name="Lindqvist", date_of_birth=datetime.date(1991, 3, 4)
    )
    client.force_login(custody_worker)
    response = client.post(
        reverse("custody:record"),
        _record_form(offence_category=theft, family_name="Lindquist"),
        follow=True,
    )
    assert "Is this Petra Lindquist?" in response.content.decode()
    no_choice = client.post(reverse("custody:choose_person"), {})
    assert "Select the person, or that this is someone new" in no_choice.content.decode()
    client.post(reverse("custody:choose_person"), {"person": str(known.pk)})
    assert CustodyContact.objects.get(custody_record_number="NG-0001").person == known


def test_record_form_errors_show_the_error_summary(client, custody_worker):
    client.force_login(custody_worker)
    content = client.post(reverse("custody:record"), {}).content.decode()
    assert "govuk-error-summary" in content
    assert "Enter the custody record number" in content and "Choose the offence" in content


def test_today_marks_who_tested_positive(client, contact, custody_worker):
    _positive(contact, custody_worker)
    client.force_login(custody_worker)
    response = client.get(reverse("custody:today"))
    assert response.context["positive"] == 1
    assert "Positive" in response.content.decode()


def test_today_refreshes_only_its_table(client, contact, custody_worker):
    client.force_login(custody_worker)
    fragment = client.get(reverse("custody:today") + "?fragment=table").content.decode()
    assert "<table" in fragment and "<html" not in fragment


def _queries_for_today(client, make_contact, make_person, n, worker):
    for i in range(n):
        contact = make_contact(person=_adult(make_person), custody_record_number=f"Q{n}-{i}")
        if i % 2:
            _positive(contact, worker)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("custody:today"))  # warm the session cache, as for any page after the first
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("custody:today"))
    assert len(response.context["contacts"]) == n
    return len(captured.captured_queries)


def test_today_issues_the_same_number_of_queries_for_5_and_200_detainees(
    client, custody_worker, make_contact, make_person
):
    client.force_login(custody_worker)
    five = _queries_for_today(client, make_contact, make_person, 5, custody_worker)
    CustodyContact.objects.all().delete()
    two_hundred = _queries_for_today(client, make_contact, make_person, 200, custody_worker)
    # Six, and a seventh since issue 23: the contacts a team leader gave to the worker.
    assert five == two_hundred <= 7


def test_a_required_assessment_reminds_the_team_to_record_attendance_at_each_appointment(
    make_contact, custody_worker
):
    """Non-attendance must be reported to police: if nobody records attendance two hours
    after the appointment, the team is reminded; the follow-up takes over from the initial."""
    import datetime

    from django.utils import timezone

    from custody.services import (
        drug_test_record,
        required_assessment_plan,
        required_attendance_record,
        required_follow_up_decide,
    )
    from reminders.models import Reminder

    contact = make_contact()
    drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at,
        by=custody_worker,
    )
    required = contact.required_assessment
    initial_at = timezone.now() + datetime.timedelta(days=2)
    required_assessment_plan(
        required=required,
        initial_in_custody=False,
        initial_at=initial_at,
        initial_place="Synthetic Hub",
        by=custody_worker,
    )
    reminder = Reminder.objects.get(kind="required_assessment_non_attendance")
    assert reminder.due_at == initial_at + datetime.timedelta(hours=2)
    follow_up_at = initial_at + datetime.timedelta(days=14)
    required_follow_up_decide(
        required=required,
        required_follow_up=True,
        follow_up_at=follow_up_at,
        follow_up_place="Synthetic Hub",
        by=custody_worker,
    )
    reminder.refresh_from_db()
    assert reminder.due_at == initial_at + datetime.timedelta(hours=2)  # the initial comes first
    required_attendance_record(
        required=required, stage="initial", outcome="attended", by=custody_worker
    )
    reminder.refresh_from_db()
    assert reminder.due_at == follow_up_at + datetime.timedelta(hours=2)
    required_attendance_record(
        required=required, stage="follow_up", outcome="not_attended", by=custody_worker
    )
    assert set(Reminder.objects.values_list("state", flat=True)) == {"cancelled"}
