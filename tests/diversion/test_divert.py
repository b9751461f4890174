"""DIVERT: the officer's referral (pages and API, idempotent), what the officer may see, and
the service's case through to the outcome returned to police."""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from accounts.services import api_token_create
from diversion.models import DivertReferral, InterventionSession
from diversion.services import (
    DivertConflict,
    contact_attempt_record,
    divert_close,
    divert_referral_submit,
    outcome_return,
    session_attendance_record,
    session_book,
)
from tests.assessments.answers import complete_assessment

pytestmark = pytest.mark.django_db

API = "/api/v1/divert/referrals/"


def body(**overrides) -> dict:
    data = {
        "occurrence_number": "20/123456/26",
        "found_at": timezone.now().replace(microsecond=0).isoformat(),
        "found_where": "Corporation Street",
        "substances": ["cannabis"],
        "amount": "About 2 grams",
        "given_name": "Dara",
        "family_name": "Quint",
        "date_of_birth": "1999-04-05",
        "phone": "07700 900982",
        "postcode": "B4 6AA",
        "consent_to_contact": True,
        "vulnerabilities": [],
    }
    data.update(overrides)
    return data


def post(client, officer, data, key=None):
    return client.post(
        API,
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {api_token_create(user=officer)[1]}",
        HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()),
    )


def submit(officer, **overrides) -> DivertReferral:
    data = body(**overrides)
    data["found_at"] = timezone.now()
    data["date_of_birth"] = datetime.date.fromisoformat(data["date_of_birth"])
    referral, _ = divert_referral_submit(officer=officer, key=str(uuid.uuid4()), data=data)
    return referral


# --- The API ------------------------------------------------------------------------------------


def test_ten_replays_of_one_idempotency_key_create_one_referral(client, police_officer):
    key = str(uuid.uuid4())
    data = body()
    answers = [post(client, police_officer, data, key) for _ in range(10)]
    assert [a.status_code for a in answers] == [201] + [200] * 9
    assert len({a.json()["reference"] for a in answers}) == 1
    assert DivertReferral.objects.count() == 1


def test_a_changed_body_with_a_used_key_gets_422(client, police_officer):
    key = str(uuid.uuid4())
    assert post(client, police_officer, body(), key).status_code == 201
    changed = post(client, police_officer, body(amount="About 5 grams"), key)
    assert changed.status_code == 422
    assert DivertReferral.objects.count() == 1


def test_a_referral_without_an_idempotency_key_is_refused(client, police_officer):
    response = client.post(
        API,
        body(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {api_token_create(user=police_officer)[1]}",
    )
    assert response.status_code == 400 and "Idempotency-Key" in response.json()


def test_invalid_input_gets_field_errors_in_the_api_and_nothing_is_saved(client, police_officer):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(
        client,
        police_officer,
        body(date_of_birth=tomorrow, occurrence_number="", phone="12345"),
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"date_of_birth", "occurrence_number", "phone"}
    assert "past" in errors["date_of_birth"][0]
    assert DivertReferral.objects.count() == 0


def test_a_second_officer_gets_404_for_the_first_officers_referral(
    client, police_officer, police_officer2
):
    reference = post(client, police_officer, body()).json()["reference"]
    token2 = api_token_create(user=police_officer2)[1]
    assert client.get(f"{API}{reference}/", HTTP_AUTHORIZATION=f"Token {token2}").status_code == 404
    client.force_login(police_officer2)
    assert client.get(f"/divert/referrals/{reference}/").status_code == 404
    assert reference not in client.get("/divert/my-referrals/").content.decode()


def test_the_officers_view_has_no_field_from_the_assessment(client, police_officer, custody_worker):
    referral = submit(police_officer)
    complete_assessment(person=referral.person, by=custody_worker)
    token = api_token_create(user=police_officer)[1]
    answer = client.get(f"{API}{referral.reference}/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert set(answer) == {
        "reference",
        "status",
        "status_label",
        "outcome",
        "outcome_date",
        "outcome_due",
    }
    client.force_login(police_officer)
    page = client.get(f"/divert/referrals/{referral.reference}/").content.decode()
    for assessment_word in ("AUDIT", "Severity of Dependence", "assessment", "Injecting"):
        assert assessment_word not in page


# --- The officer's two screens ----------------------------------------------------------------


def screen_one(**overrides) -> dict:
    now = timezone.localtime()
    data = {
        "occurrence_number": "20/555/26",
        "found_date_0": now.day,
        "found_date_1": now.month,
        "found_date_2": now.year,
        "found_time": now.strftime("%H:%M"),
        "found_where": "Victoria Square",
        "substances": ["cocaine"],
        "amount": "One wrap",
    }
    data.update(overrides)
    return data


def screen_two(**overrides) -> dict:
    data = {
        "given_name": "Jo",
        "family_name": "Marlow",
        "date_of_birth_0": "3",
        "date_of_birth_1": "9",
        "date_of_birth_2": "2001",
        "phone": "0121 496 0000",
        "postcode": "b5 4tt",
        "consent_to_contact": "yes",
    }
    data.update(overrides)
    return data


def test_a_referral_on_two_screens_sent_twice_makes_one(client, police_officer):
    client.force_login(police_officer)
    assert client.get("/divert/refer/", follow=True).status_code == 200
    draft = uuid.uuid4()
    first = client.post(f"/divert/refer/{draft}/", screen_one())
    assert first.status_code == 302 and first["Location"] == f"/divert/refer/{draft}/person/"
    sent = client.post(f"/divert/refer/{draft}/person/", screen_two())
    again = client.post(f"/divert/refer/{draft}/person/", screen_two())  # a retry
    referral = DivertReferral.objects.get()
    assert sent["Location"] == again["Location"] == f"/divert/referrals/{referral.reference}/"
    assert referral.person.postcode == "B5 4TT"
    assert referral.phone == "01214960000"
    confirmation = client.get(sent["Location"]).content.decode()
    assert "Referral sent" in confirmation and referral.reference in confirmation


def test_invalid_input_on_the_screens_gets_field_errors_and_saves_nothing(client, police_officer):
    client.force_login(police_officer)
    draft = uuid.uuid4()
    empty = client.post(f"/divert/refer/{draft}/", screen_one(occurrence_number=""))
    assert empty.status_code == 400
    assert "Enter the occurrence or incident number" in empty.content.decode()
    client.post(f"/divert/refer/{draft}/", screen_one())
    year = timezone.localdate().year + 1
    bad = client.post(
        f"/divert/refer/{draft}/person/", screen_two(date_of_birth_2=str(year), phone="12345")
    )
    page = bad.content.decode()
    assert bad.status_code == 400 and "govuk-error-summary" in page
    assert "Date of birth must be in the past" in page
    assert "Enter a UK phone number" in page
    assert DivertReferral.objects.count() == 0


def test_screen_one_survives_a_dropped_connection(client, police_officer):
    client.force_login(police_officer)
    draft = uuid.uuid4()
    client.post(f"/divert/refer/{draft}/", screen_one(found_where="Moor Street"))
    # The phone comes back to screen one (a reload, the back link): what was typed is there.
    page = client.get(f"/divert/refer/{draft}/").content.decode()
    assert 'value="Moor Street"' in page


# --- The case -----------------------------------------------------------------------------------


def test_under_18s_go_to_the_youth_pathway(police_officer):
    sixteen = timezone.localdate().replace(year=timezone.localdate().year - 16, day=1)
    referral = submit(police_officer, date_of_birth=sixteen.isoformat())
    assert referral.youth_pathway
    assert "under_18" in referral.vulnerabilities


def test_the_outcome_is_due_28_days_after_the_referral(police_officer):
    referral = submit(police_officer)
    assert referral.outcome_due == timezone.localdate() + datetime.timedelta(days=28)


def test_the_outcome_deadline_is_in_the_workers_list_and_past_it_in_the_overdue_list(
    client, police_officer, custody_worker
):
    due = submit(police_officer)
    late = submit(police_officer, given_name="Lou")
    DivertReferral.objects.filter(pk=late.pk).update(
        outcome_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(custody_worker)
    open_list = client.get("/divert/cases/").content.decode()
    assert due.reference in open_list and due.outcome_due.strftime("%-d %b %Y") in open_list
    overdue = client.get("/divert/cases/", {"show": "overdue"}).content.decode()
    assert late.reference in overdue and due.reference not in overdue


def test_someone_who_did_not_engage_before_is_flagged_to_the_worker(
    client, police_officer, custody_worker
):
    first = submit(police_officer)
    outcome_return(referral=first, by=custody_worker, outcome="not_engaged")
    second = submit(police_officer)
    assert second.person == first.person
    client.force_login(custody_worker)
    page = client.get(f"/divert/cases/{second.reference}/").content.decode()
    assert "Did not engage after an earlier DIVERT referral" in page
    assert first.reference in page


def test_the_case_from_contact_to_a_completed_outcome_returned_to_police(
    client, police_officer, custody_worker
):
    police_officer.email = "officer@police.example"
    police_officer.save()
    referral = submit(police_officer)
    contact_attempt_record(
        referral=referral, by=custody_worker, at=timezone.now(), method="phone", result="agreed"
    )
    assert referral.status == DivertReferral.Status.CONTACTED
    with pytest.raises(DivertConflict):  # complete needs a completed session
        outcome_return(referral=referral, by=custody_worker, outcome="complete")
    session = session_book(
        referral=referral,
        by=custody_worker,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        location="Synthetic Hub",
    )
    session_attendance_record(
        session=session, by=custody_worker, attendance=InterventionSession.Attendance.COMPLETED
    )
    with pytest.raises(DivertConflict):
        session_attendance_record(session=session, by=custody_worker, attendance="not_engaged")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome_return(referral=referral, by=custody_worker, outcome="complete")
    divert_close(referral=referral, by=custody_worker)
    assert referral.status == DivertReferral.Status.CLOSED
    assert [m.to for m in mail.outbox] == [["officer@police.example"]]
    assert referral.reference in mail.outbox[0].body
    assert referral.person.family_name not in mail.outbox[0].body  # reference, not names
    client.force_login(police_officer)
    mine = client.get("/divert/my-referrals/").content.decode()
    assert "Community resolution complete" in mine


def test_case_forms_show_field_errors(client, police_officer, custody_worker):
    referral = submit(police_officer)
    client.force_login(custody_worker)
    response = client.post(f"/divert/cases/{referral.reference}/attempts/", {})
    assert response.status_code == 400
    assert "Select how you tried to contact them" in response.content.decode()


def test_only_the_service_works_divert_cases(client, police_officer, provider_birmingham):
    referral = submit(police_officer)
    for user in (police_officer, provider_birmingham):
        client.force_login(user)
        assert client.get(f"/divert/cases/{referral.reference}/").status_code == 404
        assert client.get("/divert/cases/").status_code == 404


def test_a_worker_refers_on_to_treatment_from_a_divert_case(client, police_officer, custody_worker):
    from organisations.models import ProviderService
    from people.services import consent_give
    from tests.treatment.checking import send_referral
    from treatment.models import Referral

    divert = submit(police_officer)
    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    consent_give(
        person=divert.person,
        recipient="provider_service",
        provider_service=birmingham,
        by=custody_worker,
    )
    client.force_login(custody_worker)
    case_page = client.get(f"/divert/cases/{divert.reference}/").content.decode()
    assert f"/treatment/refer/divert/{divert.reference}/" in case_page
    response = send_referral(
        client,
        f"/treatment/refer/divert/{divert.reference}/",
        {"destination": str(birmingham.pk), "submit_token": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.source, referral.divert_referral) == ("divert", divert)


# --- Reminders: the safeguarding task and the outcome deadline ---------------------------------


def test_an_exploitation_flag_creates_the_safeguarding_task_for_the_team_today(
    client, police_officer, team_leader
):
    from reminders.models import Reminder

    referral = submit(police_officer, vulnerabilities=["exploitation"])
    task = Reminder.objects.get(kind="safeguarding_not_picked_up")
    assert task.subject_id == str(referral.pk) and task.due_at <= timezone.now()
    assert task.organisation == team_leader.organisation
    client.force_login(team_leader)
    page = client.get("/tasks/team/").content.decode()
    assert "Safeguarding concern not picked up" in page and referral.person.reference in page


def test_a_referral_without_a_vulnerability_creates_no_safeguarding_task(police_officer):
    from reminders.models import Reminder

    submit(police_officer)
    assert not Reminder.objects.filter(kind="safeguarding_not_picked_up").exists()


def test_the_outcome_deadline_reminders_are_cancelled_when_the_outcome_goes_to_police(
    police_officer, custody_worker
):
    from reminders.models import Reminder

    referral = submit(police_officer)
    due = {r.kind: r for r in Reminder.objects.filter(kind__startswith="divert_outcome")}
    soon, passed = due["divert_outcome_due_soon"], due["divert_outcome_overdue"]
    assert timezone.localtime(soon.due_at).date() == referral.outcome_due - datetime.timedelta(
        days=3
    )
    assert timezone.localtime(passed.due_at).date() == referral.outcome_due + datetime.timedelta(
        days=1
    )
    outcome_return(referral=referral, by=custody_worker, outcome="not_engaged")
    assert set(
        Reminder.objects.filter(kind__startswith="divert_outcome").values_list("state", flat=True)
    ) == {"cancelled"}


def test_a_new_referral_gets_its_drafts_own_address_so_back_from_screen_two_keeps_screen_one(
    client, police_officer
):
    """Issue 19: Back from screen two showed a new, empty screen one with the time reset; the
    draft's address is now in the browser's history, and it shows screen one as sent."""
    client.force_login(police_officer)
    start = client.get("/divert/refer/")
    assert start.status_code == 302
    draft_url = start["Location"]
    assert re.fullmatch(r"/divert/refer/[0-9a-f-]{36}/", draft_url)
    earlier = (timezone.localtime() - datetime.timedelta(hours=3)).strftime("%H:%M")
    sent = client.post(draft_url, screen_one(found_time=earlier, found_where="Bull Ring"))
    assert sent["Location"] == f"{draft_url}person/"
    back = client.get(draft_url).content.decode()  # what the browser's Back button asks for
    assert 'value="Bull Ring"' in back and f'value="{earlier}"' in back
    assert 'value="20/555/26"' in back
