"""Issue 21, matching must not reveal who is known: probation see only what probation typed,
always; a custody worker or team leader confirms who a request is for."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.db import transaction
from pypdf import PdfReader

from audit.models import AccessLog
from court import services
from court.models import ProbationRequest, SuitabilityReport
from people.identifiers import pnc_check_letter
from people.models import Person
from tests.conftest import new_person
from tests.court.conftest import drr_content, in_days

pytestmark = pytest.mark.django_db

PNC_ID = f"19/0004242{pnc_check_letter(19, 4242)}"  # synthetic, with its right check letter
TYPED = {"given_name": "Tamsin", "family_name": "Typedonly"}
TYPED_BIRTH = datetime.date(1991, 3, 4)


def _on_record():
    """Someone on record with the PNC ID probation will type beside another name."""
    return new_person(
        given_name="Rosalind",
        family_name="Recordholder",
        date_of_birth=datetime.date(1979, 11, 12),
        postcode="CV1 2AB",
        pnc_id=PNC_ID,
    )


def _request_form(**overrides) -> dict:
    hearing, deadline = in_days(21), in_days(14)
    data = {
        **TYPED,
        "date_of_birth_0": TYPED_BIRTH.day,
        "date_of_birth_1": TYPED_BIRTH.month,
        "date_of_birth_2": TYPED_BIRTH.year,
        "pnc_id": PNC_ID,
        "court": "Birmingham Magistrates' Court",
        "hearing_date_0": hearing.day, "hearing_date_1": hearing.month,
        "hearing_date_2": hearing.year,
        "report_kind": "standard",
        "report_deadline_0": deadline.day, "report_deadline_1": deadline.month,
        "report_deadline_2": deadline.year,
    }  # fmt: skip
    data.update(overrides)
    return data


def test_probation_see_the_name_they_typed_not_the_records_though_the_pnc_id_is_real(
    client, probation_officer
):
    _on_record()
    client.force_login(probation_officer)
    response = client.post("/court/requests/new/", _request_form())
    assert response.status_code == 302
    for url in (response["Location"], "/court/my-requests/"):
        page = client.get(url).content.decode()
        assert "Tamsin Typedonly" in page
        assert "Rosalind" not in page and "Recordholder" not in page


def test_a_request_is_for_no_record_until_the_service_confirms_who_it_is(client, probation_officer):
    on_record = _on_record()
    people = Person.objects.count()
    client.force_login(probation_officer)
    client.post("/court/requests/new/", _request_form(given_name="Another", family_name="Name"))
    request = ProbationRequest.objects.get()
    assert request.person is None and request.reports.get().person is None
    assert (request.given_name, request.family_name, request.pnc_id) == (
        "Another",
        "Name",
        PNC_ID,
    )
    assert Person.objects.count() == people  # probation's typing makes no record either
    assert not on_record.probation_requests.exists()


def _normalised(text: str) -> str:
    """An answer with what differs between any two requests taken out: ids, references, the
    one-time tokens and times of day."""
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", text)
    text = re.sub(r"CR-\d\d-\d{6}", "<reference>", text)
    text = re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r"\1<token>", text)
    return re.sub(r"\b\d{1,2}:\d\d\b", "<time>", text)


def _probation_answers(client, *, on_record: bool, worker, leader) -> dict:
    """Everything probation get, from asking for the report to reading it, about the person
    they typed; on record or not. Made inside a savepoint that is rolled back after."""
    answers = {}
    with transaction.atomic():
        record = _on_record() if on_record else None
        made = client.post("/court/requests/new/", _request_form())
        answers["request POST"] = (made.status_code, _normalised(made["Location"]))
        url = made["Location"]

        def read(when: str):
            for name, path in (("request", url), ("list", "/court/my-requests/")):
                response = client.get(path)
                answers[f"{when} {name}"] = (
                    response.status_code,
                    _normalised(response.content.decode()),
                )
            pdf = client.get(url + "report.pdf")
            text = ""
            if pdf.status_code == 200:
                text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
            answers[f"{when} pdf"] = (pdf.status_code, _normalised(text))

        read("requested")
        request = ProbationRequest.objects.get()
        # The service confirms who it is (the record, or someone new), writes, signs off.
        services.request_link(request=request, person=record, by=worker)
        report = request.reports.get()
        services.report_save(report=report, by=worker, data=drr_content())
        services.report_submit(report=report, by=worker)
        services.report_sign_off(report=report, by=leader)
        read("signed off")
        transaction.set_rollback(True)
    return answers


def test_probations_answers_are_the_same_whether_or_not_the_typed_person_is_on_record(
    client, probation_officer, custody_worker, team_leader, midday
):
    client.force_login(probation_officer)
    known = _probation_answers(client, on_record=True, worker=custody_worker, leader=team_leader)
    unknown = _probation_answers(client, on_record=False, worker=custody_worker, leader=team_leader)
    for what, (status, body) in known.items():
        assert "Recordholder" not in body, what
        assert (status, body) == unknown[what], f"{what} differs when the person is on record"
    assert "Tamsin Typedonly" in known["signed off pdf"][1]
    assert known["signed off request"][0] == 200 and known["signed off pdf"][0] == 200


# --- The service confirms who it is ----------------------------------------------------------


def test_a_custody_worker_confirms_who_a_request_is_for_and_it_is_audited(
    client, make_request, custody_worker, probation_officer
):
    record = new_person(given_name="Tamsyn", family_name="Typedonley", date_of_birth=TYPED_BIRTH)
    request = make_request(linked=False, **TYPED, date_of_birth=TYPED_BIRTH)
    report = request.reports.get()
    client.force_login(custody_worker)
    listed = client.get("/court/requests-to-link/").content.decode()
    assert "Tamsin Typedonly" in listed and f"/court/requests/{request.pk}/link/" in listed
    page = client.get(f"/court/requests/{request.pk}/link/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tamsyn Typedonley" in body and "Same date of birth" in body  # matching's candidates
    assert "None of these: add Tamsin Typedonly as a new person" in body
    assert AccessLog.objects.filter(
        user=custody_worker, action=AccessLog.Action.LIST, person_id=record.pk
    ).exists()

    refused = client.post(f"/court/requests/{request.pk}/link/", {})
    assert refused.status_code == 400
    assert "govuk-error-summary" in refused.content.decode()

    done = client.post(f"/court/requests/{request.pk}/link/", {"person": str(record.pk)})
    assert done.status_code == 302 and done["Location"] == f"/court/reports/{report.reference}/"
    assert "is now for Tamsyn Typedonley" in client.get(done["Location"]).content.decode()
    request.refresh_from_db()
    report.refresh_from_db()
    assert request.person == record == report.person
    assert request.linked_by == custody_worker and request.linked_at is not None
    assert AccessLog.objects.filter(
        user=custody_worker, action=AccessLog.Action.CHANGE, person_id=record.pk
    ).exists()
    # What probation typed is kept, and all they are shown.
    assert (request.given_name, request.family_name) == ("Tamsin", "Typedonly")
    client.force_login(probation_officer)
    probation_page = client.get(f"/court/requests/{request.pk}/").content.decode()
    assert "Tamsin Typedonly" in probation_page and "Typedonley" not in probation_page


def test_none_of_these_adds_the_person_as_probation_typed_them(client, make_request, team_leader):
    request = make_request(linked=False, **TYPED, date_of_birth=TYPED_BIRTH, pnc_id=PNC_ID)
    client.force_login(team_leader)
    client.post(f"/court/requests/{request.pk}/link/", {"person": "new"})
    request.refresh_from_db()
    person = request.person
    assert (person.given_name, person.family_name, person.date_of_birth, person.pnc_id) == (
        "Tamsin",
        "Typedonly",
        TYPED_BIRTH,
        PNC_ID,
    )
    assert request.linked_by == team_leader


def test_a_request_is_confirmed_once(make_request, custody_worker, team_leader):
    request = make_request(linked=False)
    services.request_link(request=request, person=None, by=custody_worker)
    with pytest.raises(services.AlreadyLinked):
        services.request_link(
            request=ProbationRequest.objects.get(pk=request.pk), person=None, by=team_leader
        )


def test_until_confirmed_the_report_is_for_the_person_named_in_the_request(
    client, make_request, custody_worker
):
    request = make_request(linked=False, **TYPED, date_of_birth=TYPED_BIRTH)
    report = request.reports.get()
    client.force_login(custody_worker)
    page = client.get(f"/court/reports/{report.reference}/").content.decode()
    assert "The person named in the request" in page and "Tamsin Typedonly" in page
    assert f"/court/requests/{request.pk}/link/" in page
    listed = client.get("/court/reports/").content.decode()
    assert "Not confirmed" in listed and "1 probation request waiting" in listed


def test_a_treatment_order_needs_the_person_confirmed_first(
    make_request, custody_worker, team_leader
):
    from django.core.exceptions import ValidationError

    report = make_request(linked=False).reports.get()
    services.report_save(report=report, by=custody_worker, data=drr_content())
    services.report_submit(report=report, by=custody_worker)
    report = services.report_sign_off(report=report, by=team_leader)
    with pytest.raises(ValidationError) as error:
        services.court_outcome_record(
            report=report, by=custody_worker, order="drr", length_months=6, start_date=in_days(1)
        )
    assert "Confirm who the request is for" in error.value.message_dict["order"][0]
    assert SuitabilityReport.objects.get(pk=report.pk).outcomes.count() == 0


def test_probation_cannot_confirm_or_see_candidates(client, make_request, probation_officer):
    request = make_request(linked=False)
    client.force_login(probation_officer)
    assert client.get("/court/requests-to-link/").status_code == 404
    assert client.get(f"/court/requests/{request.pk}/link/").status_code == 404
    assert client.post(f"/court/requests/{request.pk}/link/", {"person": "new"}).status_code == 404
    request.refresh_from_db()
    assert request.person is None


def test_retention_removes_what_probation_typed_with_the_record(
    make_request, custody_worker, time_machine
):
    """An anonymised person's requests keep no typed name, PNC ID, postcode or exact date of
    birth (people.retention walks every row about them; the court app says how)."""
    from people.retention import people_anonymise_inactive

    time_machine.move_to(datetime.datetime(2019, 3, 12, 10, 0, tzinfo=datetime.UTC))
    request = make_request(**TYPED, date_of_birth=TYPED_BIRTH, pnc_id=PNC_ID, notes="Synthetic")
    time_machine.move_to(datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC))
    people_anonymise_inactive()
    request.refresh_from_db()
    assert request.person.anonymised_at is not None
    assert (request.given_name, request.family_name, request.notes) == ("[removed]",) * 3
    assert (request.pnc_id, request.postcode) == ("", "")
    assert request.date_of_birth == datetime.date(1991, 1, 1)
    assert request.court == "Birmingham Magistrates' Court"  # a place, kept for the figures
