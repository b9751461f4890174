"""The access log says what happened (issue 21): accepting a referral, booking an appointment
and signing off a report are logged as changes, not "Viewed"; a refused attempt (a form
re-displayed with its errors, a conflict) is logged as the read it was."""

import datetime

from django.utils import timezone

from accounts.services import api_token_create
from audit.models import AccessLog
from court import services as court_services
from tests.court import conftest as court
from treatment.services import referral_accept

Action = AccessLog.Action
make_request = court.make_request  # the court tests' fixture: a probation request


def actions(user, record) -> list[str]:
    rows = AccessLog.objects.filter(user=user, object_id=str(record.pk)).order_by("at", "pk")
    return [row.action for row in rows]


def test_accepting_a_referral_on_its_page_is_logged_as_a_change(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    client.force_login(provider_birmingham)
    assert client.post(f"/treatment/referrals/{referral.reference}/accept/").status_code == 302
    assert actions(provider_birmingham, referral) == [Action.CHANGE]
    # Again: "already accepted", a redirect with a warning, nothing changed: a read.
    assert client.post(f"/treatment/referrals/{referral.reference}/accept/").status_code == 302
    assert actions(provider_birmingham, referral) == [Action.CHANGE, Action.VIEW]


def test_accepting_through_the_api_is_a_change_and_a_conflict_is_a_read(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    _, token = api_token_create(user=provider_birmingham)
    url = f"/api/v1/treatment/referrals/{referral.reference}/accept/"
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.post(url, **headers).status_code == 200
    assert client.post(url, **headers).status_code == 409  # already accepted: nothing changed
    assert actions(provider_birmingham, referral) == [Action.CHANGE, Action.API_READ]


def test_booking_an_appointment_is_a_change_and_a_refused_form_is_a_view(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    client.force_login(provider_birmingham)
    url = f"/treatment/referrals/{referral.reference}/appointments/new/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"location": ""})
    assert refused.status_code == 400
    day = timezone.localdate() + datetime.timedelta(days=3)
    booked = client.post(
        url,
        {
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "time": "10:30",
            "location": "Synthetic Hub",
        },
    )
    assert booked.status_code == 302, booked.content.decode()[:2000]
    assert actions(provider_birmingham, referral) == [Action.VIEW, Action.VIEW, Action.CHANGE]


def test_signing_off_a_report_is_logged_as_a_change(
    client, make_request, custody_worker, team_leader
):
    report = make_request().reports.get()
    court_services.report_save(report=report, by=custody_worker, data=court.drr_content())
    court_services.report_submit(report=report, by=custody_worker)
    client.force_login(team_leader)
    url = f"/court/reports/{report.reference}/sign-off/"
    assert client.get(url).status_code == 200
    assert client.post(url, {}).status_code == 400  # no decision: nothing changed
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert actions(team_leader, report) == [Action.VIEW, Action.VIEW, Action.CHANGE]
    person_rows = AccessLog.objects.filter(user=team_leader, person_id=report.person_id)
    assert Action.CHANGE in {row.action for row in person_rows}


def test_a_search_sent_by_post_stays_a_read(client, custody_worker, make_person):
    person = make_person()
    client.force_login(custody_worker)
    found = client.post(
        "/people/find/",
        {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth_0": str(person.date_of_birth.day),
            "date_of_birth_1": str(person.date_of_birth.month),
            "date_of_birth_2": str(person.date_of_birth.year),
        },
    )
    assert found.status_code == 200
    rows = AccessLog.objects.filter(user=custody_worker, person_id=person.pk)
    assert rows.exists()
    assert Action.CHANGE not in {row.action for row in rows}
