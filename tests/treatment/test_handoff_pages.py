"""The handoff's pages and API: who sees what, one winner, the inbox, the referral pack."""

from __future__ import annotations

import datetime
import io
import threading
import urllib.error
import urllib.request
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from accounts.services import api_token_create
from audit.models import AccessLog
from organisations.models import ProviderService
from people.services import consent_give, consent_withdraw
from tests.assessments.answers import complete_assessment
from tests.treatment.checking import send_referral
from treatment.models import Appointment, Referral, ReferralEvent
from treatment.services import appointment_book, referral_accept

pytestmark = pytest.mark.django_db


def token(user) -> str:
    return api_token_create(user=user)[1]


def api(client, method: str, path: str, user, **data):
    call = getattr(client, method)
    kwargs = {"HTTP_AUTHORIZATION": f"Token {token(user)}"}
    if method == "post":
        kwargs["content_type"] = "application/json"
        return call(path, data, **kwargs)
    return call(path, data, **kwargs)


# --- Who may see a referral -----------------------------------------------------------------


def test_a_coventry_provider_gets_404_for_a_birmingham_referral_in_pages_and_api(
    client, make_referral, provider_coventry, provider_birmingham
):
    referral = make_referral()
    client.force_login(provider_coventry)
    for path in (
        f"/treatment/referrals/{referral.reference}/",
        f"/treatment/referrals/{referral.reference}/decline/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/treatment/referrals/{referral.reference}/accept/").status_code == 404
    base = f"/api/v1/treatment/referrals/{referral.reference}/"
    assert api(client, "get", base, provider_coventry).status_code == 404
    assert api(client, "post", base + "accept/", provider_coventry).status_code == 404
    assert (
        api(client, "get", "/api/v1/treatment/referrals/", provider_coventry).json()["count"] == 0
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    client.force_login(provider_birmingham)
    assert client.get(f"/treatment/referrals/{referral.reference}/").status_code == 200


def test_withdrawn_consent_hides_the_referral_from_the_provider_at_once(
    client, make_referral, provider_birmingham, custody_worker
):
    referral = make_referral()
    consent = referral.person.consents.get(withdrawn_at__isnull=True)
    consent_withdraw(consent=consent, by=custody_worker, reason="Synthetic")
    client.force_login(provider_birmingham)
    assert client.get(f"/treatment/referrals/{referral.reference}/").status_code == 404
    assert referral.reference not in client.get("/treatment/inbox/").content.decode()


def test_other_roles_cannot_reach_the_treatment_api(client, make_referral, police_officer):
    referral = make_referral()
    response = api(
        client, "get", f"/api/v1/treatment/referrals/{referral.reference}/", police_officer
    )
    assert response.status_code == 404


# --- Referring from the pages ---------------------------------------------------------------


def refer_data(**overrides) -> dict:
    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    data = {
        "destination": str(birmingham.pk),
        "source": "community",
        "notes": "Synthetic note",
        "submit_token": str(uuid.uuid4()),  # a fresh form each time
    }
    data.update(overrides)
    return data


def test_referring_without_consent_shows_the_error_and_creates_nothing(
    client, custody_worker, make_person
):
    person = make_person()
    client.force_login(custody_worker)
    response = send_referral(client, f"/treatment/refer/{person.pk}/", refer_data())
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "has not consented to share their record" in page
    assert not Referral.objects.exists()


def test_consent_given_on_the_referral_page_is_recorded_with_the_referral(
    client, custody_worker, make_person
):
    # Issue 23: one page, not two. The consent is recorded for the service referred to.
    person = make_person()
    client.force_login(custody_worker)
    form_url = f"/treatment/refer/{person.pk}/"
    client.post(form_url, refer_data(consent_given_now="on"))
    check = client.get(f"{form_url}check/").content.decode()
    assert "recorded with the referral when you send it" in check
    assert not person.consents.exists()  # nothing recorded until the referral is sent
    response = send_referral(client, form_url, refer_data(consent_given_now="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/treatment/referrals/TR-")
    referral = Referral.objects.get()
    consent = person.consents.get()
    assert consent.provider_service == referral.provider_service
    assert consent.created_by == custody_worker


def test_a_double_submitted_referral_creates_one(client, custody_worker, make_person):
    person = make_person()
    consent_give(
        person=person,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )
    client.force_login(custody_worker)
    assert client.post(f"/treatment/refer/{person.pk}/", refer_data()).status_code == 302
    check = f"/treatment/refer/{person.pk}/check/"
    form = {"submit_token": str(uuid.uuid4())}  # "Send referral" on the check page, twice
    first = client.post(check, form)
    second = client.post(check, form)
    referral = Referral.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/treatment/referrals/{referral.reference}/"


def test_a_referral_from_a_custody_contact_starts_the_clock_at_release(
    client, custody_worker, make_contact, make_person
):
    person = make_person()
    consent_give(
        person=person,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )
    contact = make_contact(person=person)
    client.force_login(custody_worker)
    page = client.get(f"/treatment/refer/contact/{contact.pk}/")
    assert page.status_code == 200
    today = timezone.localdate()
    response = send_referral(
        client,
        f"/treatment/refer/contact/{contact.pk}/",
        refer_data(
            source="",
            **{
                "released_on_0": today.day,
                "released_on_1": today.month,
                "released_on_2": today.year,
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert (referral.source, referral.custody_contact, referral.released_on) == (
        "custody",
        contact,
        today,
    )
    assert referral.reference in client.get(f"/custody/contacts/{contact.pk}/").content.decode()


# --- Accepting: one winner ---------------------------------------------------------------------


def test_accepting_shows_the_shared_assessment(
    client, make_referral, provider_birmingham, custody_worker
):
    referral = make_referral()
    complete_assessment(person=referral.person, by=custody_worker)
    client.force_login(provider_birmingham)
    response = client.post(f"/treatment/referrals/{referral.reference}/accept/", follow=True)
    page = response.content.decode()
    assert "there is no need to assess them again" in page
    assert 'id="assessment"' in page and "Version 1, completed" in page
    assert AccessLog.objects.filter(
        user=provider_birmingham, object_type="assessments.assessment"
    ).exists()


def test_a_second_accept_in_the_page_says_who_accepted_and_changes_nothing(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    client.force_login(provider_birmingham)
    response = client.post(f"/treatment/referrals/{referral.reference}/accept/", follow=True)
    assert "accepted this referral at" in response.content.decode()
    assert referral.events.filter(kind=ReferralEvent.Kind.ACCEPTED).count() == 1


def test_a_second_accept_through_the_api_answers_409(client, make_referral, provider_birmingham):
    referral = make_referral()
    path = f"/api/v1/treatment/referrals/{referral.reference}/accept/"
    assert api(client, "post", path, provider_birmingham).status_code == 200
    second = api(client, "post", path, provider_birmingham)
    assert second.status_code == 409
    assert second.json()["status"] == "accepted"


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_accepts_give_exactly_one_success(
    reference_data, live_server, make_referral, provider_birmingham
):
    provider = provider_birmingham
    referral = make_referral()
    key = token(provider)
    url = f"{live_server.url}/api/v1/treatment/referrals/{referral.reference}/accept/"
    barrier = threading.Barrier(20)
    statuses: list[int] = []

    def accept():
        request = urllib.request.Request(
            url, method="POST", headers={"Authorization": f"Token {key}"}
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=accept) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [409] * 19
    assert referral.events.filter(kind=ReferralEvent.Kind.ACCEPTED).count() == 1


# --- Declining and booking through the API --------------------------------------------------


def test_decline_with_an_unknown_code_or_no_words_for_other_answers_400(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    path = f"/api/v1/treatment/referrals/{referral.reference}/decline/"
    unknown = api(client, "post", path, provider_birmingham, reason="bored")
    assert unknown.status_code == 400 and "reason" in unknown.json()
    other = api(client, "post", path, provider_birmingham, reason="other", note="")
    assert other.status_code == 400 and "note" in other.json()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    ok = api(client, "post", path, provider_birmingham, reason="already_in_treatment")
    assert ok.status_code == 200 and ok.json()["decline_reason"] == "already_in_treatment"


def test_booking_through_the_api(client, make_referral, provider_birmingham):
    referral = make_referral()
    path = f"/api/v1/treatment/referrals/{referral.reference}/appointments/"
    starts = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    body = {"starts_at": starts.isoformat(), "location": "Synthetic Hub"}
    assert api(client, "post", path, provider_birmingham, **body).status_code == 409
    referral_accept(referral=referral, by=provider_birmingham)
    assert api(client, "post", path, provider_birmingham, location="").status_code == 400
    created = api(client, "post", path, provider_birmingham, **body)
    assert created.status_code == 201
    assert Appointment.objects.get().starts_at == starts
    listing = api(
        client, "get", "/api/v1/treatment/referrals/", provider_birmingham, status="booked"
    )
    assert [r["reference"] for r in listing.json()["results"]] == [referral.reference]


# --- The inbox --------------------------------------------------------------------------------


def test_the_inbox_lists_only_my_services_referrals_and_filters_by_status(
    client, make_referral, provider_birmingham, make_person
):
    new = make_referral()
    accepted = make_referral()
    referral_accept(referral=accepted, by=provider_birmingham)
    elsewhere = make_referral(authority="coventry", person=make_person(postcode="CV1 2AA"))
    client.force_login(provider_birmingham)
    page = client.get("/treatment/inbox/").content.decode()
    assert new.reference in page and accepted.reference in page
    assert elsewhere.reference not in page
    filtered = client.get("/treatment/inbox/", {"group": "new"}).content.decode()
    assert new.reference in filtered and accepted.reference not in filtered


def test_the_inbox_shows_overdue_referrals(client, make_referral, provider_birmingham):
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(
        accept_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    client.force_login(provider_birmingham)
    page = client.get("/treatment/inbox/", {"group": "overdue"}).content.decode()
    assert referral.reference in page and "Overdue" in page


def _inbox_queries(client) -> int:
    client.get("/treatment/inbox/")  # the session's first-request writes are not the page's
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/treatment/inbox/")
    assert response.status_code == 200
    return len(queries)


def test_the_inbox_query_count_does_not_grow_with_the_number_of_referrals(
    client, make_referral, provider_birmingham, make_person
):
    client.force_login(provider_birmingham)
    for _ in range(5):
        make_referral(person=make_person())
    five = _inbox_queries(client)
    for _ in range(195):
        make_referral(person=make_person())
    two_hundred = _inbox_queries(client)
    assert five == two_hundred


# --- Booking and attendance in the pages -----------------------------------------------------


def test_booking_in_the_past_shows_a_gov_uk_error(client, make_referral, provider_birmingham):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    client.force_login(provider_birmingham)
    response = client.post(
        f"/treatment/referrals/{referral.reference}/appointments/new/",
        {"day_0": "1", "day_1": "1", "day_2": "2020", "time": "10:00", "location": "Hub"},
    )
    assert response.status_code == 400
    assert "The appointment must be today or in the future" in response.content.decode()


def test_recording_attendance_in_the_page(client, make_referral, provider_birmingham):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    appointment = appointment_book(
        referral=referral,
        by=provider_birmingham,
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        location="Synthetic Hub",
    )
    client.force_login(provider_birmingham)
    path = f"/treatment/referrals/{referral.reference}/appointments/{appointment.pk}/attendance/"
    assert client.post(path, {}).status_code == 400
    assert client.post(path, {"outcome": "attended"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ATTENDED


# --- The referral pack ---------------------------------------------------------------------


def test_the_referral_pack_pdf_names_the_person_and_the_assessment_date(
    client, make_person, custody_worker
):
    from treatment.services import referral_send

    person = make_person(
        given_name="Perpetua", family_name="Packworth", out_of_area=True, home_area="Stoke"
    )
    assessment = complete_assessment(person=person, by=custody_worker)
    referral = referral_send(
        person=person,
        by=custody_worker,
        source="community",
        out_of_area=True,
        external_service="Stoke Recovery (synthetic)",
        consent_to_pack=True,
    )
    client.force_login(custody_worker)
    response = client.get(f"/treatment/referrals/{referral.reference}/pack/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Perpetua Packworth" in text
    assert f"assessment date {assessment.completed_at:%-d %B %Y}" in text
    assert "Stoke Recovery (synthetic)" in text
    assert AccessLog.objects.filter(
        user=custody_worker, action=AccessLog.Action.EXPORT, person_id=person.pk
    ).exists()
    assert referral.events.filter(kind=ReferralEvent.Kind.PACK).count() == 1


def test_providers_cannot_download_the_referral_pack(client, make_referral, provider_birmingham):
    referral = make_referral()
    client.force_login(provider_birmingham)
    assert client.get(f"/treatment/referrals/{referral.reference}/pack/").status_code == 404


def test_every_referral_page_writes_to_the_access_log(client, make_referral, provider_birmingham):
    referral = make_referral()
    client.force_login(provider_birmingham)
    client.get(f"/treatment/referrals/{referral.reference}/")
    assert AccessLog.objects.filter(
        user=provider_birmingham,
        object_type="treatment.referral",
        object_id=str(referral.pk),
        person_id=referral.person_id,
    ).exists()


def test_the_inbox_sorts_by_name_and_pages_keep_the_filters(
    client, make_referral, provider_birmingham, make_person
):
    for family_name in ("Zeal", "Abbot", "Mace"):
        make_referral(person=make_person(family_name=family_name))
    for n in range(25):
        make_referral(person=make_person(family_name=f"Nadir{n:02d}"))
    client.force_login(provider_birmingham)
    first = client.get("/treatment/inbox/", {"sort": "name", "group": "new"})
    names = [r.person.family_name for r in first.context["page"]]
    assert names[:2] == ["Abbot", "Mace"] and len(names) == 25
    page = first.content.decode()
    assert "group=new" in page and "sort=name" in page and "page=2" in page
    second = client.get("/treatment/inbox/", {"sort": "name", "group": "new", "page": 2})
    assert [r.person.family_name for r in second.context["page"]] == ["Nadir23", "Nadir24", "Zeal"]


def test_a_referral_brought_over_without_an_author_still_shows(
    client, make_referral, provider_birmingham
):
    """Referrals loaded from another system (or by generate_volume) have no author."""
    referral = make_referral()
    Referral.objects.filter(pk=referral.pk).update(created_by=None)
    client.force_login(provider_birmingham)
    response = client.get(f"/treatment/referrals/{referral.reference}/")
    assert response.status_code == 200
    assert "by the system" in response.content.decode()


def test_the_inbox_holds_live_referrals_and_those_finished_in_the_last_90_days(
    client, make_referral, provider_birmingham, make_person, custody_worker
):
    from treatment.models import DeclineReason
    from treatment.services import referral_decline

    live = make_referral()
    recent, old = make_referral(), make_referral()
    for referral in (recent, old):
        referral_decline(
            referral=referral,
            by=provider_birmingham,
            reason=DeclineReason.objects.get(code="duplicate"),
        )
    Referral.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=91)
    )
    client.force_login(provider_birmingham)
    response = client.get("/treatment/inbox/")
    listed = {r.reference for r in response.context["page"]}
    assert listed == {live.reference, recent.reference}
    assert response.context["counts"]["closed"] == 1
    # The old one keeps its own page for the provider (what they did), and is on the person's
    # page for the team: a provider no longer sees the person once it is declined (issue 21).
    assert client.get(f"/treatment/referrals/{old.reference}/").status_code == 200
    client.force_login(custody_worker)
    person_page = client.get(f"/people/{old.person_id}/").content.decode()
    assert old.reference in person_page


def test_the_inbox_total_from_its_group_counts_is_what_the_inbox_lists(
    provider_birmingham, make_referral
):
    """The inbox pages from the counts by group instead of counting again: for every choice of
    groups, the total must be what the list holds."""
    import itertools

    from treatment.models import DeclineReason
    from treatment.selectors import INBOX_GROUPS, inbox_counts, inbox_for, inbox_total

    now = timezone.now()
    finished = {"declined", "engaged", "closed"}
    # By code: after a transactional test's flush the reference rows come back with new ids.
    duplicate = DeclineReason.objects.get(code="duplicate")
    for status in [s for s, _ in Referral.Status.choices] + ["sent"]:
        referral = make_referral()
        Referral.objects.filter(pk=referral.pk).update(
            status=status,
            accepted_at=now,
            declined_at=now,
            decline_reason=duplicate,
            finished_at=now if status in finished else None,
        )
    overdue = make_referral()
    Referral.objects.filter(pk=overdue.pk).update(accept_by=now - datetime.timedelta(hours=1))
    counts = inbox_counts(user=provider_birmingham, now=now)
    assert counts["new"] == 3 and counts["overdue"] == 1 and counts["closed"] == 2
    assert inbox_for(user=provider_birmingham, now=now).count() == 10
    for size in range(len(INBOX_GROUPS) + 1):
        for groups in itertools.combinations(INBOX_GROUPS, size):
            listed = inbox_for(user=provider_birmingham, groups=list(groups), now=now).count()
            assert inbox_total(counts, list(groups)) == listed, groups
