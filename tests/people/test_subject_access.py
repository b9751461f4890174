"""Subject access: an administrator exports everything held about one person (JSON and PDF)."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from faker import Faker
from pypdf import PdfReader

from audit.models import AccessLog
from people.related import related_to_person

fake = Faker("en_GB")
Faker.seed(10)


@pytest.fixture
def person_with_history(make_person, make_contact, custody_worker):
    from custody.services import drug_test_record, required_attendance_record
    from people.services import flag_raise, person_alias_add
    from tests.assessments.answers import complete_assessment

    person = make_person(
        given_name=fake.first_name(),
        family_name=fake.last_name(),
        date_of_birth=datetime.date(1991, 2, 3),
        address=fake.street_address().replace("\n", ", "),
    )
    person_alias_add(
        person=person, given_name="", family_name=fake.last_name(), kind="alias", by=custody_worker
    )
    contact = make_contact(person=person)
    drug_test_record(
        contact=contact,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=contact.arrested_at,
        by=custody_worker,
    )
    required_attendance_record(
        required=contact.required_assessment,
        stage="initial",
        outcome="not_attended",
        by=custody_worker,
    )
    complete_assessment(person=person, by=custody_worker)
    flag_raise(person=person, kind="overdose_risk", note="Synthetic note", by=custody_worker)
    return person


def _url(person, what=""):
    return f"/people/{person.pk}/subject-access/{what}"


def test_subject_access_json_contains_every_row_about_the_person(
    client, administrator, person_with_history
):
    client.force_login(administrator)
    response = client.get(_url(person_with_history, "export.json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-ARS-')
    data = json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    assert data["reference"] == person_with_history.reference
    assert data["person"]["family_name"] == person_with_history.family_name
    assert data["person"]["date_of_birth"] == "1991-02-03"
    # Every kind of row about the person, found through the model graph, with every row.
    for related in related_to_person():
        count = related.rows_for(person_with_history).count()
        if count:
            assert len(data["records"][related.label]) == count, related.label
    assert {
        "custody.custodycontact", "custody.drugtest", "custody.drugtestresult",
        "custody.requiredassessment",
        "custody.policenotification", "assessments.assessment", "people.personalias",
        "people.personflag",
    } <= set(data["records"])  # fmt: skip
    test = data["records"]["custody.drugtest"][0]
    assert test["basis"] == "trigger_offence"
    # One row per drug tested (custody.DrugTestResult), each naming its drug.
    results = data["records"]["custody.drugtestresult"]
    assert sorted(r["result"] for r in results) == ["negative", "positive"]
    assessment = data["records"]["assessments.assessment"][0]
    assert assessment["sections"]["goals"]["goals"].startswith("Synthetic goal")


def test_subject_access_pdf_is_readable_with_the_persons_name_and_sections(
    client, administrator, person_with_history
):
    client.force_login(administrator)
    response = client.get(_url(person_with_history, "export.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert person_with_history.full_name in text
    assert person_with_history.reference in text
    for title in (
        "The person's record",
        "Custody contacts",
        "Drug tests",
        "Required assessments",
        "Police notifications",
        "Assessments",
        "Other names",
        "Flags",
    ):
        assert title in text, title
    assert "Synthetic goal" in text


def test_subject_access_export_is_logged(client, administrator, person_with_history):
    client.force_login(administrator)
    client.get(_url(person_with_history, "export.json"))
    client.get(_url(person_with_history, "export.pdf"))
    exports = AccessLog.objects.filter(
        person_id=person_with_history.pk, action=AccessLog.Action.EXPORT, user=administrator
    )
    assert sorted(e.path for e in exports) == [
        _url(person_with_history, "export.json"),
        _url(person_with_history, "export.pdf"),
    ]


def test_subject_access_finds_the_person_by_reference(client, administrator, person_with_history):
    client.force_login(administrator)
    response = client.post(
        "/people/subject-access/", {"reference": person_with_history.reference.lower()}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(person_with_history)
    page = client.get(response["Location"])
    assert person_with_history.full_name in page.content.decode()
    assert AccessLog.objects.filter(
        person_id=person_with_history.pk, action=AccessLog.Action.VIEW, user=administrator
    ).exists()


def test_subject_access_says_when_no_one_has_the_reference(client, administrator):
    client.force_login(administrator)
    response = client.post("/people/subject-access/", {"reference": "ARS-26-999999"})
    assert response.status_code == 200
    assert "No one on record has this reference" in response.content.decode()


@pytest.mark.parametrize(
    "persona",
    ["custody_worker", "team_leader", "provider_birmingham", "police_officer", "opcc_analyst"],
    indirect=True,
)
def test_only_administrators_reach_subject_access(client, persona, person_with_history):
    persona.refresh_from_db()  # person_with_history set the custody worker's password again
    client.force_login(persona)
    for url in (
        "/people/subject-access/",
        _url(person_with_history),
        _url(person_with_history, "export.json"),
        _url(person_with_history, "export.pdf"),
    ):
        assert client.get(url).status_code == 404, url
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()
