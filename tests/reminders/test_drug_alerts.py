"""Drug alerts: published by an administrator, a banner on every page of every worker in the
area until they acknowledge it; the administrator sees who has and who has not."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reminders.models import DrugAlert, DrugAlertAcknowledgement
from reminders.services import drug_alert_publish

BANNER = 'aria-labelledby="drug-alerts-title"'


@pytest.fixture
def alert(administrator):
    return drug_alert_publish(
        title="Synthetic opioids in heroin",
        text="Nitazenes found in heroin sold across the West Midlands.\nCarry naloxone.",
        local_authority=None,
        expires_at=timezone.now() + datetime.timedelta(days=7),
        by=administrator,
    )


def _publish(client, answers: dict):
    """The form, then "Publish alert" on its check page (issue 23): the check page's answer."""
    assert client.post(reverse("reminders:alert_publish"), answers)["Location"] == (
        reverse("reminders:alert_check")
    )
    return client.post(reverse("reminders:alert_check"))


def _page(client, user, url="/"):
    client.force_login(user)
    return client.get(url, follow=True).content.decode()


def test_an_administrator_publishes_an_alert_every_worker_then_sees(
    client, administrator, custody_worker, team_leader, provider_birmingham, police_officer
):
    client.force_login(administrator)
    form = client.get(reverse("reminders:alert_publish"))
    assert form.status_code == 200
    show_until = timezone.localdate() + datetime.timedelta(days=3)
    response = _publish(
        client,
        {
            "title": "Contaminated cocaine",
            "text": "Cocaine cut with levamisole reported in custody.",
            "local_authority": "",
            "show_until_0": show_until.day,
            "show_until_1": show_until.month,
            "show_until_2": show_until.year,
        },
    )
    alert = DrugAlert.objects.get()
    assert response["Location"] == reverse("reminders:alert_detail", args=[alert.pk])
    assert timezone.localtime(alert.expires_at).date() == show_until + datetime.timedelta(days=1)
    for worker in (custody_worker, team_leader, provider_birmingham):
        body = _page(client, worker)
        assert BANNER in body and "Contaminated cocaine" in body, worker.username
    # Every page, not only the start page.
    assert "Contaminated cocaine" in _page(client, custody_worker, reverse("people:find"))
    assert "Contaminated cocaine" not in _page(client, police_officer)


def test_acknowledging_an_alert_stops_it_showing_to_that_worker_only(
    alert, custody_worker, team_leader
):
    worker = Client(enforce_csrf_checks=True)
    worker.force_login(custody_worker)
    page = worker.get(reverse("people:find"))
    assert alert.title in page.content.decode()
    acknowledge = reverse("reminders:alert_acknowledge", args=[alert.pk])
    assert worker.post(acknowledge).status_code == 403  # no CSRF token: refused
    token = page.cookies["csrftoken"].value
    response = worker.post(
        acknowledge, {"csrfmiddlewaretoken": token, "next": reverse("people:find")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("people:find")
    assert BANNER not in worker.get(reverse("people:find")).content.decode()
    # A double click records it once.
    worker.post(acknowledge, {"csrfmiddlewaretoken": token})
    assert DrugAlertAcknowledgement.objects.filter(alert=alert).count() == 1
    assert BANNER in _page(Client(), team_leader)  # a colleague still sees it


def test_acknowledging_goes_back_only_to_a_page_of_this_service(client, alert, custody_worker):
    client.force_login(custody_worker)
    response = client.post(
        reverse("reminders:alert_acknowledge", args=[alert.pk]),
        {"next": "https://evil.example.com/"},
    )
    assert response["Location"] == reverse("custody:today")


def test_the_pages_own_script_acknowledges_in_place_with_no_redirect_and_no_later_message(
    client, alert, custody_worker
):
    """Issue 19: static/src/alerts.js posts the acknowledgement and removes the banner, so a
    half-filled form below it is kept; the answer is 204, and no message waits for a later
    page."""
    from reminders.models import DrugAlertAcknowledgement

    client.force_login(custody_worker)
    response = client.post(
        reverse("reminders:alert_acknowledge", args=[alert.pk]), HTTP_X_REQUESTED_WITH="fetch"
    )
    assert response.status_code == 204
    assert DrugAlertAcknowledgement.objects.filter(alert=alert, user=custody_worker).exists()
    later = client.get(reverse("people:find")).content.decode()
    assert "Drug alert acknowledged" not in later and alert.title not in later


def test_an_alert_for_one_local_authority_reaches_the_team_and_that_areas_providers(
    client, administrator, custody_worker, provider_birmingham, provider_coventry
):
    from organisations.models import LocalAuthority

    local = drug_alert_publish(
        title="Strong heroin in Coventry", text="Overdoses reported.",
        local_authority=LocalAuthority.objects.get(slug="coventry"),
        expires_at=timezone.now() + datetime.timedelta(days=2), by=administrator,
    )  # fmt: skip
    assert local.title in _page(client, custody_worker)  # the team sees people from everywhere
    assert local.title in _page(client, provider_coventry)
    assert local.title not in _page(client, provider_birmingham)
    client.force_login(provider_birmingham)
    acknowledge = reverse("reminders:alert_acknowledge", args=[local.pk])
    assert client.post(acknowledge).status_code == 404


def test_an_expired_alert_stops_showing(client, alert, custody_worker):
    assert alert.title in _page(client, custody_worker)
    with time_machine.travel(alert.expires_at + datetime.timedelta(minutes=1)):
        assert alert.title not in _page(client, custody_worker)


def test_a_withdrawn_alert_stops_showing(client, alert, administrator, custody_worker):
    client.force_login(administrator)
    client.post(reverse("reminders:alert_withdraw", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.withdrawn_by == administrator
    assert alert.title not in _page(client, custody_worker)


def test_the_alert_page_lists_who_has_acknowledged_and_who_has_not(
    client, alert, administrator, custody_worker, team_leader, provider_birmingham, police_officer
):
    from reminders.services import drug_alert_acknowledge

    drug_alert_acknowledge(alert=alert, user=team_leader)
    client.force_login(administrator)
    response = client.get(reverse("reminders:alert_detail", args=[alert.pk]))
    readership = response.context["readership"]
    assert [a.user for a in readership.acknowledged] == [team_leader]
    assert set(readership.not_acknowledged) == {custody_worker, provider_birmingham}
    body = response.content.decode()
    assert "Not acknowledged yet (2)" in body and "Acknowledged (1)" in body
    assert "Demo Team Leader" in body
    listing = client.get(reverse("reminders:alerts")).content.decode()
    assert alert.title in listing


def test_the_publish_form_refuses_a_past_or_far_off_last_day(client, administrator):
    client.force_login(administrator)

    def post(day):
        return client.post(
            reverse("reminders:alert_publish"),
            {"title": "T", "text": "T", "show_until_0": day.day, "show_until_1": day.month,
             "show_until_2": day.year},
        )  # fmt: skip

    past = post(timezone.localdate() - datetime.timedelta(days=1))
    assert "must be today or later" in past.content.decode()
    assert "Error: " in past.content.decode()
    far = post(timezone.localdate() + datetime.timedelta(days=200))
    assert "90 days at most" in far.content.decode()
    assert not DrugAlert.objects.exists()


def test_only_administrators_publish_and_only_workers_acknowledge(
    client, alert, custody_worker, police_officer, administrator
):
    client.force_login(custody_worker)
    assert client.get(reverse("reminders:alerts")).status_code == 404
    assert client.get(reverse("reminders:alert_detail", args=[alert.pk])).status_code == 404
    for user in (police_officer, administrator):
        client.force_login(user)
        response = client.post(reverse("reminders:alert_acknowledge", args=[alert.pk]))
        assert response.status_code == 404


# --- Cost: the banner is on every page, and most of the time there is no live alert ------------


def _alert_queries(client, url="/accessibility/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum("reminders_drugalert" in q["sql"] for q in queries)


def test_with_no_live_alert_a_page_does_not_query_the_alerts(client, custody_worker):
    client.force_login(custody_worker)
    _alert_queries(client)  # the first may read which alerts are live
    assert _alert_queries(client) == 0


def test_an_alert_published_after_pages_found_none_shows_on_the_next_page(
    client, administrator, custody_worker
):
    client.force_login(custody_worker)
    _alert_queries(client)
    assert _alert_queries(client) == 0  # none live, and that is remembered
    drug_alert_publish(
        title="Xylazine found in heroin",
        text="Synthetic alert text.",
        local_authority=None,
        expires_at=timezone.now() + datetime.timedelta(days=2),
        by=administrator,
    )
    assert "Xylazine found in heroin" in client.get("/accessibility/").content.decode()


def test_a_withdrawn_alert_goes_from_the_next_page(client, alert, administrator, custody_worker):
    from reminders.services import drug_alert_withdraw

    assert alert.title in _page(client, custody_worker, "/accessibility/")
    drug_alert_withdraw(alert=alert, by=administrator)
    assert alert.title not in client.get("/accessibility/").content.decode()
    assert _alert_queries(client) == 0


def test_an_expired_alert_goes_without_anyone_changing_it(client, administrator, custody_worker):
    soon = drug_alert_publish(
        title="Short-lived synthetic alert",
        text="Synthetic alert text.",
        local_authority=None,
        expires_at=timezone.now() + datetime.timedelta(minutes=2),
        by=administrator,
    )
    assert soon.title in _page(client, custody_worker, "/accessibility/")
    # Three minutes on: the worker is still signed in (not idle for long), the alert is over.
    with time_machine.travel(soon.expires_at + datetime.timedelta(minutes=1)):
        page = client.get("/accessibility/").content.decode()
        assert "Sign out" in page and soon.title not in page
        assert _alert_queries(client) == 0


def test_an_alert_says_the_last_day_it_shows_not_the_day_after(
    client, administrator, custody_worker
):
    """Issue 25: an alert to show until 13 December read "shown until 14 December" (its expiry
    is the midnight that ends the 13th)."""
    from reminders.models import DrugAlert

    last = timezone.localdate() + datetime.timedelta(days=7)
    client.force_login(administrator)
    _publish(client, {
        "title": "Synthetic batch", "text": "Synthetic.", "local_authority": "",
        "show_until_0": last.day, "show_until_1": last.month, "show_until_2": last.year,
    })  # fmt: skip
    alert = DrugAlert.objects.get(title="Synthetic batch")
    assert alert.last_day == last
    client.force_login(custody_worker)
    page = client.get(reverse("people:find")).content.decode()
    assert f"shown until the end of {last:%-d %B %Y}" in page
    after = last + datetime.timedelta(days=1)
    assert f"{after:%-d %B %Y}" not in page
