"""The custody feed's answer codes (issue 22, decision 0029): the police custody system tells
from the status alone what to do next, and every answer's body is the one the schema documents.

200/201 every row on record (send nothing again); 207 some rows rejected (correct those rows
before sending them again); 422 every row rejected (the same per-row shape, nothing stored);
409 a row met a simultaneous write (send the same batch again); 400 a body that is not contacts
(one `detail`); 413 too many rows or too many bytes (one `detail`: split the batch)."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.services import api_token_create
from custody import feed
from custody.feed import MAX_ROWS
from custody.models import CustodyContact
from people.models import Person
from tests.personas import make_persona

URL = "/api/v1/custody/contacts/"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def post(client, db):
    token = api_token_create(user=make_persona("custody.feed"))[1]

    def send(body, *, raw: bool = False):
        data = body if raw else json.dumps(body)
        return client.post(
            URL, data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
        )

    return send


def row(number: str, **overrides) -> dict:
    return {
        "suite_code": "bhm-north",
        "custody_record_number": number,
        "arrested_at": (timezone.now() - datetime.timedelta(minutes=10)).isoformat(),
        "offence_code": "theft",
        "person": {"given_name": "Lena", "family_name": "Hartley", "date_of_birth": "1993-05-02"},
        **overrides,
    }


def json_schema(node):
    """OpenAPI 3.0's `nullable` in JSON Schema's words, for jsonschema."""
    if isinstance(node, list):
        return [json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def as_documented(schema, response) -> None:
    """The answer's status is documented for the feed, and its body is the documented one."""
    answers = schema["paths"][URL]["post"]["responses"]
    assert str(response.status_code) in answers, (response.status_code, sorted(answers))
    body = answers[str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), json_schema({**body, "components": schema["components"]}))


def test_a_batch_with_some_rows_rejected_answers_207_with_each_rows_result(post, schema):
    response = post([row("BN-0001"), row("BN-0002", offence_code="xyz"), row("BN-0003")])
    assert response.status_code == 207
    body = response.json()
    assert (body["created"], body["existing"], body["rejected"]) == (2, 0, 1)
    assert [(r["index"], r["status"]) for r in body["results"]] == [
        (0, "created"),
        (1, "rejected"),
        (2, "created"),
    ]
    assert body["results"][1]["errors"] == {"offence_code": ["Unknown offence code 'xyz'."]}
    assert "id" in body["results"][0] and "id" not in body["results"][1]
    as_documented(schema, response)
    # A row already on record beside a rejected one is the same: some rows need correcting.
    again = post([row("BN-0001"), row("BN-0004", suite_code="atlantis")])
    assert again.status_code == 207
    assert [r["status"] for r in again.json()["results"]] == ["existing", "rejected"]


def test_every_row_rejected_answers_422_with_the_per_row_shape_not_the_400_of_a_malformed_body(
    post, schema
):
    response = post([row("BN-0001", suite_code="atlantis"), ["not", "a", "contact"]])
    assert response.status_code == 422
    body = response.json()
    assert (body["created"], body["existing"], body["rejected"]) == (0, 0, 2)
    assert body["results"][0]["errors"] == {"suite_code": ["Unknown custody suite 'atlantis'."]}
    assert [r["status"] for r in body["results"]] == ["rejected", "rejected"]
    as_documented(schema, response)
    assert not CustodyContact.objects.exists() and not Person.objects.exists()


def test_every_row_stored_answers_201_and_a_replay_200_each_with_the_per_row_shape(post, schema):
    batch = [row("BN-0001"), row("BN-0002")]
    first = post(batch)
    assert first.status_code == 201
    assert [r["status"] for r in first.json()["results"]] == ["created", "created"]
    as_documented(schema, first)
    replay = post(batch)
    assert replay.status_code == 200
    assert [r["status"] for r in replay.json()["results"]] == ["existing", "existing"]
    assert [r["id"] for r in replay.json()["results"]] == [r["id"] for r in first.json()["results"]]
    as_documented(schema, replay)


@pytest.mark.parametrize(
    "body",
    ['[{"suite_code": ', "[]", "{}", '"BN-0001"', "7", "[" * 40 + "]" * 40],
    ids=["bad JSON", "empty list", "empty object", "a string", "a number", "nested too deep"],
)
def test_a_malformed_body_answers_400_with_one_detail(post, schema, body):
    """Unchanged by decision 0029 (this passed before it): 400 now means only this."""
    response = post(body, raw=True)
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]
    as_documented(schema, response)


def test_more_rows_than_the_limit_answers_413_with_one_detail_and_stores_nothing(post, schema):
    response = post([row(f"BN-{n:04d}") for n in range(MAX_ROWS + 1)])
    assert response.status_code == 413
    assert response.json() == {"detail": f"At most {MAX_ROWS} contacts in one request."}
    as_documented(schema, response)
    assert not CustodyContact.objects.exists()


def test_a_body_over_the_byte_limit_answers_413_with_one_detail(post, schema, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4_000
    batch = [row(f"BN-{n:04d}") for n in range(20)]  # about 5,000 bytes, 20 rows
    assert len(json.dumps(batch)) > 4_000
    response = post(batch)
    assert response.status_code == 413
    assert list(response.json()) == ["detail"] and "4000 bytes" in response.json()["detail"]
    as_documented(schema, response)
    assert not CustodyContact.objects.exists()


def test_a_row_that_keeps_meeting_a_simultaneous_write_answers_409_send_the_batch_again(
    post, schema, monkeypatch
):
    """Twice lost to another feed's write: the row was not refused, it could not be settled
    yet, so the batch is to be sent again (its stored rows then answer `existing`)."""
    real = feed._record_once

    def races_on_the_second_row(data, *, by):
        if data["custody_record_number"] == "BN-0002":
            return None
        return real(data, by=by)

    monkeypatch.setattr(feed, "_record_once", races_on_the_second_row)
    response = post([row("BN-0001"), row("BN-0002")])
    assert response.status_code == 409
    assert [r["status"] for r in response.json()["results"]] == ["created", "rejected"]
    as_documented(schema, response)
    monkeypatch.setattr(feed, "_record_once", real)
    again = post([row("BN-0001"), row("BN-0002")])
    assert again.status_code == 201
    assert [r["status"] for r in again.json()["results"]] == ["existing", "created"]


def test_every_feed_answer_code_is_documented_with_its_body(schema):
    answers = schema["paths"][URL]["post"]["responses"]
    per_row = {"$ref": "#/components/schemas/FeedResponse"}
    detail = {"$ref": "#/components/schemas/ErrorDetail"}
    for code in ("200", "201", "207", "409", "422"):
        assert answers[code]["content"]["application/json"]["schema"] == per_row, code
    for code in ("400", "413"):
        assert answers[code]["content"]["application/json"]["schema"] == detail, code


def test_every_operation_with_a_body_documents_the_413_of_a_body_too_large(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if "requestBody" in operation:
                assert "413" in operation["responses"], (method, path)
