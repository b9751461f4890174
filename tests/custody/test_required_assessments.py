"""Required assessments after a positive test (Drugs Act 2005 ss9-14): the initial and the
follow-up imposed together, the outcome of each, police told of each offence, and the
appointment dates within REQUIRED_INITIAL_ASSESSMENT_DAYS / REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from custody.models import PoliceNotification, RequiredAssessment
from custody.services import (
    drug_test_record,
    required_assessment_plan,
    required_attendance_record,
    required_follow_up_decide,
)

PLACE = "Synthetic Recovery Hub, Example Street"


@pytest.fixture
def required(make_contact, make_person, custody_worker):
    contact = make_contact(person=make_person(date_of_birth=datetime.date(1990, 6, 1)))
    drug_test_record(
        contact=contact, results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at, by=custody_worker,
    )  # fmt: skip
    return contact.required_assessment


def _days(n: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=n)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# Drugs Act 2005 s10(2): the follow-up is imposed with the initial assessment.
def test_the_initial_and_the_follow_up_are_imposed_together(required):
    assert required.follow_up == RequiredAssessment.FollowUp.SET
    assert required.follow_up_at is None  # its time and place come at the initial (s13(4))


# Drugs Act 2005 s13(2)-(3): only the initial assessor ends the follow-up, at the initial one.
def test_the_follow_up_is_ended_only_at_the_initial_assessment(required, custody_worker):
    with pytest.raises(ValidationError, match="only be ended at the initial assessment"):
        required_follow_up_decide(required=required, required_follow_up=False, by=custody_worker)
    required_attendance_record(
        required=required, stage="initial", outcome="not_attended", by=custody_worker
    )
    with pytest.raises(ValidationError, match="only be ended at the initial assessment"):
        required_follow_up_decide(required=required, required_follow_up=False, by=custody_worker)
    required.initial_attendance = "attended"  # corrected: they came after all
    required.save()
    required_follow_up_decide(required=required, required_follow_up=False, by=custody_worker)
    required.refresh_from_db()
    assert required.follow_up == RequiredAssessment.FollowUp.CANCELLED
    assert required.get_follow_up_display() == "Ended at the initial assessment"


# Drugs Act 2005 ss12(2)-(3), 14(2)-(3): not attending, or attending but not remaining for the
# assessment's duration, is an offence and is reported to police; staying to the end is not.
@pytest.mark.parametrize(
    ("outcome", "reported", "words"),
    [
        ("attended", False, ""),
        ("left_early", True, "attended but left before the end"),
        ("not_attended", True, "not attended"),
    ],
)
def test_police_are_told_of_leaving_early_and_of_not_attending(
    required, custody_worker, outcome, reported, words
):
    notification = required_attendance_record(
        required=required, stage="initial", outcome=outcome, by=custody_worker
    )
    required.refresh_from_db()
    assert required.initial_attendance == outcome
    if not reported:
        assert notification is None and not PoliceNotification.objects.exists()
        return
    assert notification.reason == outcome
    assert f"Required initial assessment {words} (Drugs Act 2005 s12)" in notification.message
    # The follow-up's too, once its time and place are given (s14).
    required_follow_up_decide(
        required=required, required_follow_up=True, follow_up_at=_days(7), follow_up_place=PLACE,
        by=custody_worker,
    )  # fmt: skip
    follow_up = required_attendance_record(
        required=required, stage="follow_up", outcome=outcome, by=custody_worker
    )
    assert follow_up.stage == "follow_up" and "(Drugs Act 2005 s14)" in follow_up.message
    assert PLACE in follow_up.message
    assert PoliceNotification.objects.filter(required_assessment=required).count() == 2


def test_attending_the_initial_assessment_in_custody_records_the_contact_seen_and_assessed(
    required, custody_worker
):
    # Issue 23: attending to the end in custody is being seen and assessed; not asked again.
    contact = required.contact
    assert contact.outcome == ""
    required_attendance_record(
        required=required, stage=PoliceNotification.Stage.INITIAL, outcome="attended",
        by=custody_worker,
    )  # fmt: skip
    contact.refresh_from_db()
    assert (contact.outcome, contact.seen_by) == ("assessed", custody_worker)


def test_the_first_outcome_recorded_stands(required, custody_worker):
    first = required_attendance_record(
        required=required, stage="initial", outcome="left_early", by=custody_worker
    )
    again = required_attendance_record(
        required=required, stage="initial", outcome="attended", by=custody_worker
    )
    assert again == first
    required.refresh_from_db()
    assert required.initial_attendance == "left_early"
    assert PoliceNotification.objects.count() == 1


def test_a_follow_ups_outcome_needs_its_time_and_place(required, custody_worker):
    with pytest.raises(ValidationError, match="time and place"):
        required_attendance_record(
            required=required, stage="follow_up", outcome="not_attended", by=custody_worker
        )


@override_settings(
    SERVICE_TIMINGS={
        "REQUIRED_INITIAL_ASSESSMENT_DAYS": 7,
        "REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS": 28,
        "MINIMUM_AGE_FOR_TEST_ON_ARREST": 18,
    }
)
def test_appointments_are_within_the_configured_days(required, custody_worker):
    # Initial: no later than 7 days after the requirement was imposed (today).
    with pytest.raises(ValidationError, match="must be on or before"):
        required_assessment_plan(
            required=required, initial_in_custody=False, initial_at=_days(8), initial_place=PLACE,
            by=custody_worker,
        )  # fmt: skip
    required_assessment_plan(
        required=required, initial_in_custody=False, initial_at=_days(7), initial_place=PLACE,
        by=custody_worker,
    )  # fmt: skip
    # Follow-up: after the initial one, no later than 28 days after it.
    with pytest.raises(ValidationError, match="after the initial assessment"):
        required_follow_up_decide(
            required=required, required_follow_up=True, follow_up_at=_days(6),
            follow_up_place=PLACE, by=custody_worker,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="must be on or before"):
        required_follow_up_decide(
            required=required, required_follow_up=True, follow_up_at=_days(36),
            follow_up_place=PLACE, by=custody_worker,
        )  # fmt: skip
    required_follow_up_decide(
        required=required, required_follow_up=True, follow_up_at=_days(35),
        follow_up_place=PLACE, by=custody_worker,
    )  # fmt: skip
    required.refresh_from_db()
    assert required.follow_up_at == _days(35)


def test_a_shorter_setting_gives_a_nearer_limit(required, custody_worker, settings):
    settings.SERVICE_TIMINGS = {**settings.SERVICE_TIMINGS, "REQUIRED_INITIAL_ASSESSMENT_DAYS": 2}
    with pytest.raises(ValidationError, match="must be on or before"):
        required_assessment_plan(
            required=required, initial_in_custody=False, initial_at=_days(3), initial_place=PLACE,
            by=custody_worker,
        )  # fmt: skip


def test_the_page_shows_the_limits_and_the_three_outcomes(client, required, custody_worker):
    client.force_login(custody_worker)
    url = reverse("custody:contact", args=[required.contact_id])
    page = client.get(url).content.decode()
    initial_limit = timezone.localdate() + datetime.timedelta(days=7)
    follow_up_limit = timezone.localdate() + datetime.timedelta(days=28)
    assert f"On or before {initial_limit:%-d %B %Y}" in page
    assert f"On or before {follow_up_limit:%-d %B %Y}" in page
    for label in (
        "Attended and stayed to the end",
        "Attended but left before the end: notify police",
        "Did not attend: notify police",
    ):
        assert label in page
    # Too late: the error summary, and what was typed kept.
    late = timezone.localdate() + datetime.timedelta(days=8)
    response = client.post(
        reverse("custody:contact_part", args=[required.contact_id, "initial"]),
        {"initial_in_custody": "no", "initial_date_0": late.day, "initial_date_1": late.month,
         "initial_date_2": late.year, "initial_time": "10:00", "initial_place": PLACE},
    )  # fmt: skip
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert f"must be on or before {initial_limit:%-d %B %Y}" in content
    assert PLACE in content
    # Leaving early, from the page: police told.
    response = client.post(
        reverse("custody:contact_part", args=[required.contact_id, "initial_attendance"]),
        {"outcome": "left_early"},
    )
    assert response.status_code == 302
    notification = PoliceNotification.objects.get(required_assessment=required)
    assert notification.reason == "left_early"


def test_save_and_refer_records_the_initial_assessment_and_opens_the_referral_form(
    required, custody_worker, client
):
    # Issue 23: the custody journey in 12 page loads: attending in custody, then the referral,
    # without the contact page in between. Only where the initial assessment is in custody.
    required.initial_in_custody = True
    required.save(update_fields=["initial_in_custody"])
    client.force_login(custody_worker)
    contact_page = client.get(reverse("custody:contact", args=[required.contact_id]))
    assert "Save and refer to treatment" in contact_page.content.decode()
    part = reverse("custody:contact_part", args=[required.contact_id, "initial_attendance"])
    missing = client.post(part, {"then_refer": "Save and refer to treatment"})
    assert "govuk-error-summary" in missing.content.decode()
    assert "Save and refer to treatment" in missing.content.decode()  # kept with the errors
    response = client.post(part, {"outcome": "attended", "then_refer": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/treatment/refer/contact/{required.contact_id}/"
    required.refresh_from_db()
    assert required.initial_attendance == "attended"
    # "Save the assessment outcome" still returns to the contact.
    follow_up = reverse("custody:contact_part", args=[required.contact_id, "initial_attendance"])
    assert client.post(follow_up, {"outcome": "attended"})["Location"].startswith(
        f"/custody/contacts/{required.contact_id}/"
    )
