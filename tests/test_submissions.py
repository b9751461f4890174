"""Double-submit protection (core.submissions): a create form's one-time token is claimed in
the database by the first submit; repeats make nothing and are sent to what the first made."""

import datetime
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.test.client import RequestFactory
from django.utils import timezone

from core.models import Submission
from core.submissions import (
    submission_claim,
    submission_done,
    submission_release,
    submissions_forget,
)
from people.models import Person
from tests.conftest import new_contact_maker, new_person


def _posted(user, token):
    request = RequestFactory().post("/", {"submit_token": str(token)})
    request.user = user
    return request


def test_the_first_submit_claims_the_token_and_a_repeat_is_given_its_result(custody_worker):
    token = uuid.uuid4()
    first = submission_claim(request=_posted(custody_worker, token), form="person-add")
    assert first.first
    repeat = submission_claim(request=_posted(custody_worker, token), form="person-add")
    assert not repeat.first and repeat.result == ""  # still being saved
    submission_done(first, result="made-1")
    again = submission_claim(request=_posted(custody_worker, token), form="person-add")
    assert not again.first and again.result == "made-1"


def test_a_form_with_errors_releases_its_token_for_the_corrected_form(custody_worker):
    token = uuid.uuid4()
    first = submission_claim(request=_posted(custody_worker, token), form="person-add")
    submission_release(first)
    assert submission_claim(request=_posted(custody_worker, token), form="person-add").first


def test_a_form_without_a_valid_token_is_not_protected_and_not_refused(custody_worker):
    request = RequestFactory().post("/", {"submit_token": "not-a-uuid"})
    request.user = custody_worker
    claim = submission_claim(request=request, form="person-add")
    assert claim.first and claim.token is None
    assert not Submission.objects.exists()


def test_another_users_claim_of_the_same_token_gives_them_nothing(custody_worker, team_leader):
    token = uuid.uuid4()
    first = submission_claim(request=_posted(custody_worker, token), form="person-add")
    submission_done(first, result="made-1")
    theirs = submission_claim(request=_posted(team_leader, token), form="person-add")
    assert not theirs.first and theirs.result == ""


def test_claims_older_than_a_day_are_forgotten(custody_worker):
    old = submission_claim(request=_posted(custody_worker, uuid.uuid4()), form="person-add")
    submission_claim(request=_posted(custody_worker, uuid.uuid4()), form="person-add")
    Submission.objects.filter(token=old.token).update(
        claimed_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert submissions_forget() == 1
    assert Submission.objects.count() == 1


def _person_form(token) -> dict:
    return {
        "given_name": "Dupli",
        "family_name": "Cate",
        "date_of_birth_0": "2",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1991",
        "submit_token": str(token),
    }


def test_adding_a_person_twice_with_one_form_makes_one_person(client, custody_worker):
    client.force_login(custody_worker)
    token = uuid.uuid4()
    first = client.post("/people/add/", _person_form(token))
    second = client.post("/people/add/", _person_form(token))
    person = Person.objects.get(family_name="Cate")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/people/{person.pk}/"


@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_submits_of_one_add_person_form_make_one_person(reference_data):
    from tests.personas import make_persona

    worker = make_persona("custody.worker")
    token = uuid.uuid4()

    def submit(_):
        client = Client()
        client.force_login(worker)
        try:
            return client.post("/people/add/", _person_form(token)).status_code
        finally:
            connection.close()  # each thread's own connection

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(submit, range(5)))
    assert statuses == [302] * 5
    assert Person.objects.filter(family_name="Cate").count() == 1


# --- Every create form: one record from five simultaneous submits of one page (issue 19) ----


def _in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _probation_request(_world):
    return "probation.officer", "/court/requests/new/", {
        "given_name": "Caspian", "family_name": "Courtney", **_date("date_of_birth",
        datetime.date(1988, 5, 6)), "court": "Synthetic Magistrates' Court",
        **_date("hearing_date", _in_days(21)), **_date("report_deadline", _in_days(14)),
        "report_kind": "standard",
    }  # fmt: skip


def _drug_alert(_world):
    return "admin", "/alerts/new/", {
        "title": "Synthetic adulterant", "text": "Found in heroin (synthetic).",
        "local_authority": "", **_date("show_until", _in_days(3)),
    }  # fmt: skip


def _flag(world):
    return "custody.worker", f"/people/{world['person'].pk}/flags/", {
        "kind": "overdose_risk", "note": "Synthetic note",
    }  # fmt: skip


def _alias(world):
    return "custody.worker", f"/people/{world['person'].pk}/other-names/", {
        "given_name": "Dupli", "family_name": "Alias", "kind": "alias",
    }  # fmt: skip


def _contact(_world):
    from custody.models import OffenceCategory

    today = timezone.localdate()
    return "custody.worker", "/custody/contacts/new/", {
        "custody_record_number": "PAR-0001", **_date("arrest_date", today),
        "arrest_time": "00:01", "offence_category": OffenceCategory.objects.get(code="theft").pk,
        "given_name": "Paral", "family_name": "Lelsubmit", **_date("date_of_birth",
        datetime.date(1992, 4, 5)), "pnc_id": "",
    }  # fmt: skip


def _consent(world):
    from organisations.models import ProviderService

    service = ProviderService.objects.get(local_authority__slug="coventry")
    return "custody.worker", f"/people/{world['person'].pk}/consent/", {
        "recipient": "provider_service", "provider_service": service.pk, "confirm": "on",
    }  # fmt: skip


def _appointment(world):
    from organisations.models import ProviderService
    from people.services import consent_give
    from tests.personas import make_persona
    from treatment.models import Referral
    from treatment.services import referral_accept, referral_send

    worker, provider = make_persona("custody.worker"), make_persona("provider.birmingham")
    service = ProviderService.objects.get(local_authority__slug="birmingham")
    consent_give(person=world["person"], recipient="provider_service",
                 provider_service=service, by=worker)  # fmt: skip
    referral = referral_send(person=world["person"], by=worker, source=Referral.Source.COMMUNITY,
                             provider_service=service, choice_reason="Synthetic")  # fmt: skip
    referral_accept(referral=referral, by=provider)
    return "provider.birmingham", f"/treatment/referrals/{referral.reference}/appointments/new/", {
        **_date("day", _in_days(2)), "time": "10:30", "location": "Synthetic Hub",
    }  # fmt: skip


def _divert_case(_world):
    from diversion.services import divert_referral_submit
    from tests.personas import make_persona

    referral, _ = divert_referral_submit(officer=make_persona("police.officer"),
        key=str(uuid.uuid4()), data={
        "occurrence_number": "20/123456/26", "found_at": timezone.now(),
        "found_where": "Corporation Street", "substances": ["cannabis"], "amount": "2 grams",
        "given_name": "Dara", "family_name": "Quint", "date_of_birth": datetime.date(1999, 4, 5),
        "phone": "07700 900982", "postcode": "B4 6AA", "consent_to_contact": True,
        "vulnerabilities": []})  # fmt: skip
    return referral


def _contact_attempt(world):
    referral = _divert_case(world)
    return "custody.worker", f"/divert/cases/{referral.reference}/attempts/", {
        "method": "phone", "result": "agreed", "note": "",
    }  # fmt: skip


def _session(world):
    referral = _divert_case(world)
    return "custody.worker", f"/divert/cases/{referral.reference}/sessions/", {
        **_date("day", _in_days(3)), "time": "11:00", "location": "Synthetic Hub",
    }  # fmt: skip


def _report_from_contact(world):
    contact = new_contact_maker()(person=world["person"])
    return "custody.worker", f"/court/contacts/{contact.pk}/report/", {
        "court": "Synthetic Magistrates' Court", **_date("hearing_date", _in_days(21)),
        **_date("report_deadline", _in_days(14)),
    }  # fmt: skip


def _count(kind):
    from court.models import ProbationRequest, SuitabilityReport
    from custody.models import CustodyContact
    from diversion.models import ContactAttempt, InterventionSession
    from people.models import ConsentToShare, PersonAlias, PersonFlag
    from reminders.models import DrugAlert
    from treatment.models import Appointment

    return {
        "probation_request": ProbationRequest.objects.count,
        "drug_alert": DrugAlert.objects.count,
        "flag": PersonFlag.objects.count,
        "alias": lambda: PersonAlias.objects.filter(family_name="Alias").count(),
        "consent": ConsentToShare.objects.count,
        "appointment": Appointment.objects.count,
        "contact_attempt": ContactAttempt.objects.count,
        "session": InterventionSession.objects.count,
        "report_from_contact": SuitabilityReport.objects.count,
        "contact": lambda: (
            CustodyContact.objects.filter(custody_record_number="PAR-0001").count()
            + Person.objects.filter(family_name="Lelsubmit").count()
        ),
    }[kind]()


CREATE_FORMS = {
    "probation_request": _probation_request,
    "drug_alert": _drug_alert,
    "flag": _flag,
    "alias": _alias,
    "contact": _contact,
    "consent": _consent,
    "appointment": _appointment,
    "contact_attempt": _contact_attempt,
    "session": _session,
    "report_from_contact": _report_from_contact,
}


# Forms whose record is made by their check-your-answers page (issue 23): the form is sent
# once, and the five simultaneous submits are of the check page, in the same session.
CHECKED = {"drug_alert": "/alerts/new/check/"}


@pytest.mark.parametrize("kind", CREATE_FORMS)
@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_submits_of_a_create_form_make_one_record(kind, reference_data):
    from tests.personas import make_persona

    world = {"person": new_person(family_name="Flagged")}
    username, url, data = CREATE_FORMS[kind](world)
    user = make_persona(username)
    page = Client()
    page.force_login(user)
    if kind in CHECKED:
        assert page.post(url, data)["Location"] == CHECKED[kind]
        url, data = CHECKED[kind], {}
    shown_on = url.rsplit("/", 2)[0] + "/" if kind in ("contact_attempt", "session") else url
    assert 'name="submit_token"' in page.get(shown_on).content.decode()  # the form carries one
    data["submit_token"] = str(uuid.uuid4())
    before = _count(kind)

    def submit(_):
        client = Client()
        if kind in CHECKED:
            client.cookies = page.cookies  # the session that holds the answers
        else:
            client.force_login(user)
        try:
            return client.post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(submit, range(5)))
    assert statuses == [302] * 5, statuses
    made = _count(kind) - before
    assert made == (2 if kind == "contact" else 1)  # a contact and its new person


def test_a_create_form_sent_again_after_its_errors_are_corrected_makes_its_record(
    client, custody_worker
):
    """one_submission: a page re-displayed with errors releases its token; the corrected page,
    with the same token, makes the record, and a repeat of it is sent to the same place."""
    from people.models import ConsentToShare

    person = new_person(family_name="Consented")
    client.force_login(custody_worker)
    _, url, data = _consent({"person": person})
    data["submit_token"] = str(uuid.uuid4())
    missing = client.post(url, {**data, "confirm": ""})
    assert missing.status_code == 200 and "Confirm that the person has given consent" in (
        missing.content.decode()
    )
    made = client.post(url, data)
    again = client.post(url, data)
    assert made.status_code == again.status_code == 302
    assert made["Location"] == again["Location"] == f"/people/{person.pk}/"
    assert ConsentToShare.objects.filter(person=person).count() == 1


def test_recording_consent_from_the_referral_being_made_returns_to_it(client, custody_worker):
    """Issue 25: "Record consent to share" on the refer page went back to the person's page."""
    person = new_person(family_name="Consenting")
    client.force_login(custody_worker)
    refer = f"/treatment/refer/{person.pk}/"
    page = client.get(refer).content.decode()
    link = f"/people/{person.pk}/consent/?next=/treatment/refer/{person.pk}/"
    assert link in page.replace("%2F", "/")
    _, url, data = _consent({"person": person})
    response = client.post(f"{url}?next={refer}", {**data, "submit_token": str(uuid.uuid4())})
    assert response.status_code == 302 and response["Location"] == refer
    elsewhere = client.post(
        f"{url}?next=https://example.org/", {**data, "submit_token": str(uuid.uuid4())}
    )
    assert elsewhere["Location"] == f"/people/{person.pk}/"  # never another site
