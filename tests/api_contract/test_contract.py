"""The API contract (issue 22): what the schema says is what the server answers and accepts, so
a client generated from the schema neither breaks on an answer nor invents fields to send."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.services import api_token_create
from treatment.services import referral_accept

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def resolve(schema, node):
    while "$ref" in node or len(node.get("allOf", [])) == 1:
        if "allOf" in node:
            node = node["allOf"][0]
            continue
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def operation(schema, path, method):
    return schema["paths"][path][method]


def request_schema(schema, path, method):
    content = operation(schema, path, method)["requestBody"]["content"]["application/json"]
    return resolve(schema, content["schema"])


def api(client, method, path, user, data=None, **headers):
    kwargs = {"HTTP_AUTHORIZATION": f"Token {api_token_create(user=user)[1]}", **headers}
    if method == "post":
        return client.post(path, data or {}, content_type="application/json", **kwargs)
    return client.get(path, data or {}, **kwargs)


def in_two_days() -> str:
    return (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0).isoformat()


APPOINTMENTS = "/api/v1/treatment/referrals/{reference}/appointments/"


# --- 1. An appointment's outcome is null until recorded ----------------------------------------


def test_a_booked_appointment_has_a_null_outcome_everywhere_the_api_returns_it(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    path = f"/api/v1/treatment/referrals/{referral.reference}/appointments/"
    booked = api(
        client, "post", path, provider_birmingham, {"starts_at": in_two_days(), "location": "Hub"}
    )
    assert booked.status_code == 201, booked.json()
    assert booked.json()["outcome"] is None
    detail = api(
        client, "get", f"/api/v1/treatment/referrals/{referral.reference}/", provider_birmingham
    )
    assert [a["outcome"] for a in detail.json()["appointments"]] == [None]
    inbox = api(client, "get", "/api/v1/treatment/referrals/", provider_birmingham)
    [row] = inbox.json()["results"]
    assert [a["outcome"] for a in row["appointments"]] == [None]


def test_the_schema_says_an_appointment_outcome_is_a_nullable_enum(schema):
    outcome = resolve(schema, schema["components"]["schemas"]["Appointment"])["properties"][
        "outcome"
    ]
    assert outcome.get("nullable") is True
    choices = [
        v for part in outcome.get("oneOf", [outcome]) for v in resolve(schema, part).get("enum", [])
    ]
    assert {"attended", "late", "did_not_attend"} <= set(choices)
    assert "" not in choices


# --- 2. A booking asks only for what a client sends ---------------------------------------------


def test_the_booking_request_asks_only_for_the_time_and_place(schema):
    body = request_schema(schema, APPOINTMENTS, "post")
    assert set(body["properties"]) == {"starts_at", "location"}
    assert set(body["required"]) == {"starts_at", "location"}


# --- 6. Times: a UTC offset is required everywhere ---------------------------------------------


def test_a_booking_time_without_a_utc_offset_is_a_field_error(
    client, make_referral, provider_birmingham
):
    referral = make_referral()
    referral_accept(referral=referral, by=provider_birmingham)
    naive = in_two_days()[:19]
    answer = api(
        client,
        "post",
        APPOINTMENTS.format(reference=referral.reference),
        provider_birmingham,
        {"starts_at": naive, "location": "Hub"},
    )
    assert answer.status_code == 400
    assert "UTC offset" in answer.json()["starts_at"][0]
    assert not referral.appointments.exists()


# --- 3. Every error answer is documented with its body -----------------------------------------


@pytest.mark.parametrize(
    "path, method, code",
    [
        ("/api/v1/divert/referrals/", "post", "400"),
        ("/api/v1/divert/referrals/", "post", "422"),
        ("/api/v1/treatment/referrals/", "get", "400"),
        (APPOINTMENTS, "post", "400"),
        ("/api/v1/treatment/referrals/{reference}/decline/", "post", "400"),
    ],
)
def test_every_error_answer_is_documented_with_its_json_body(schema, path, method, code):
    answer = operation(schema, path, method)["responses"][code]
    body = resolve(schema, answer["content"]["application/json"]["schema"])
    shapes = [resolve(schema, part) for part in body.get("anyOf", [body])]
    assert shapes and all(s.get("type") == "object" for s in shapes), shapes


def test_a_field_error_answer_validates_against_the_documented_body(
    client, make_referral, provider_birmingham, schema
):
    import jsonschema

    referral = make_referral()
    answer = api(
        client,
        "post",
        f"/api/v1/treatment/referrals/{referral.reference}/decline/",
        provider_birmingham,
        {"reason": "other", "note": ""},
    )
    assert answer.status_code == 400
    documented = operation(schema, "/api/v1/treatment/referrals/{reference}/decline/", "post")
    body = documented["responses"]["400"]["content"]["application/json"]["schema"]
    jsonschema.validate(answer.json(), {**body, "components": schema["components"]})


# --- 4. The decline reason is an enum of the reason codes --------------------------------------

DECLINE = "/api/v1/treatment/referrals/{reference}/decline/"


def test_the_declared_decline_codes_are_the_reason_code_tables():
    from treatment.models import DeclineReason

    assert set(DeclineReason.CODES) == set(DeclineReason.objects.values_list("code", flat=True))


def test_the_schema_gives_the_decline_reason_as_an_enum_of_the_codes(schema):
    from treatment.models import DeclineReason

    reason = request_schema(schema, DECLINE, "post")["properties"]["reason"]
    assert resolve(schema, reason)["enum"] == list(DeclineReason.CODES)


@pytest.mark.parametrize("code", ["bogus", "", "other\x00"])
def test_an_unknown_decline_reason_is_a_field_error_in_our_words(
    client, make_referral, provider_birmingham, code
):
    referral = make_referral()
    answer = api(
        client,
        "post",
        DECLINE.format(reference=referral.reference),
        provider_birmingham,
        {"reason": code},
    )
    assert answer.status_code == 400
    [message] = answer.json()["reason"]
    assert message.startswith("Choose a reason:") and "out_of_area" in message, message
    referral.refresh_from_db()
    assert referral.status == "sent"


# --- 5. Every status is a stable code, its label beside it -------------------------------------


def divert_body(**overrides) -> dict:
    return {
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
        **overrides,
    }


def test_a_divert_referral_answers_its_status_as_a_code_and_its_label_beside_it(
    client, police_officer, schema
):
    made = api(
        client,
        "post",
        "/api/v1/divert/referrals/",
        police_officer,
        divert_body(),
        HTTP_IDEMPOTENCY_KEY="7d4c3a52-6f0e-4c56-9a43-3a1e2b0c9f11",
    )
    assert made.status_code == 201, made.json()
    assert (made.json()["status"], made.json()["status_label"]) == ("referred", "Referred")
    read = api(
        client, "get", f"/api/v1/divert/referrals/{made.json()['reference']}/", police_officer
    )
    assert read.json()["status"] == "referred"
    out = resolve(schema, schema["components"]["schemas"]["DivertReferralOut"])
    assert resolve(schema, out["properties"]["status"])["enum"] == [
        "referred",
        "in_progress",
        "complete",
        "not_engaged",
    ]


# --- 7. The schema says what the server enforces -----------------------------------------------


def test_the_feed_schema_says_a_list_has_1_to_500_contacts(schema):
    from custody.feed import MAX_ROWS

    body = request_schema(schema, "/api/v1/custody/contacts/", "post")
    [listed] = [part for part in body["oneOf"] if part.get("type") == "array"]
    assert (listed.get("minItems"), listed.get("maxItems")) == (1, MAX_ROWS)


def test_the_schema_refuses_a_blank_idempotency_key_as_the_server_does(
    schema, client, police_officer
):
    import re

    [key] = [
        p
        for p in operation(schema, "/api/v1/divert/referrals/", "post")["parameters"]
        if p["name"] == "Idempotency-Key"
    ]
    rule = key["schema"]
    assert (rule.get("minLength"), rule.get("maxLength")) == (1, 200)
    assert not re.search(rule["pattern"], " ") and re.search(rule["pattern"], "a b")
    answer = api(
        client,
        "post",
        "/api/v1/divert/referrals/",
        police_officer,
        divert_body(),
        HTTP_IDEMPOTENCY_KEY=" ",
    )
    assert answer.status_code == 400 and "Idempotency-Key" in answer.json()


def test_the_schema_says_a_booking_may_not_be_more_than_a_day_past(schema):
    starts_at = request_schema(schema, APPOINTMENTS, "post")["properties"]["starts_at"]
    assert "24 hours" in starts_at["description"]


def test_the_match_schema_needs_a_family_name_with_a_letter_in_it(schema, client, custody_worker):
    import re

    family = request_schema(schema, "/api/v1/people/matches/", "post")["properties"]["family_name"]
    assert family.get("minLength") == 1
    assert not re.search(family["pattern"], "   ")
    answer = api(
        client,
        "post",
        "/api/v1/people/matches/",
        custody_worker,
        {"family_name": "   ", "date_of_birth": "1990-01-01"},
    )
    assert answer.status_code == 400 and "family_name" in answer.json()


# --- 8. Pagination: a bounded page size, and past the end is not "not found" --------------------

INBOX = "/api/v1/treatment/referrals/"


def test_the_inbox_takes_a_bounded_page_size(client, make_referral, provider_birmingham, schema):
    for _ in range(3):
        make_referral()
    first = api(client, "get", INBOX, provider_birmingham, {"page_size": 2})
    assert first.status_code == 200
    assert (first.json()["count"], len(first.json()["results"])) == (3, 2)
    assert "page_size=2" in first.json()["next"]
    second = api(client, "get", INBOX, provider_birmingham, {"page_size": 2, "page": 2})
    assert len(second.json()["results"]) == 1
    for wrong in ("0", "101", "many"):
        refused = api(client, "get", INBOX, provider_birmingham, {"page_size": wrong})
        assert refused.status_code == 400 and "page_size" in refused.json(), wrong
    [size] = [p for p in operation(schema, INBOX, "get")["parameters"] if p["name"] == "page_size"]
    assert (size["schema"]["minimum"], size["schema"]["maximum"]) == (1, 100)


def test_a_page_past_the_end_is_a_400_not_the_404_of_not_yours(
    client, make_referral, provider_birmingham
):
    make_referral()
    for page in ("2", "0", "last"):
        answer = api(client, "get", INBOX, provider_birmingham, {"page": page})
        assert answer.status_code == 400, page
        assert "page" in answer.json(), answer.json()


# --- Idempotency: a replay is compared as it would be stored ------------------------------------


def test_a_replay_that_differs_only_in_how_it_is_written_answers_the_first_referral(
    client, police_officer
):
    key = "2f1b8a90-3c4d-4e5f-8a7b-6c5d4e3f2a10"
    sent = divert_body()
    first = api(
        client,
        "post",
        "/api/v1/divert/referrals/",
        police_officer,
        sent,
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert first.status_code == 201
    found_at = datetime.datetime.fromisoformat(sent["found_at"])
    replay = api(
        client,
        "post",
        "/api/v1/divert/referrals/",
        police_officer,
        dict(
            sent,
            postcode=" b4 6aa",
            phone="+44 7700 900982",
            found_where="Corporation Street ",
            substances=["cannabis", "cannabis"],
            found_at=found_at.astimezone(
                datetime.timezone(datetime.timedelta(hours=2))
            ).isoformat(),
        ),
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert replay.status_code == 200, replay.json()
    assert replay.json()["reference"] == first.json()["reference"]
    changed = api(
        client,
        "post",
        "/api/v1/divert/referrals/",
        police_officer,
        dict(sent, postcode="B5 4TT"),
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert changed.status_code == 422


def test_a_key_stored_before_replays_were_normalised_still_answers_its_referral(
    client, police_officer
):
    """Keys stored before the change hold a hash of the request as sent (validated, not
    normalised): the same request sent again across the deploy is a replay (200), not 422."""
    import hashlib
    import json

    from diversion.api import DivertReferralInSerializer
    from diversion.models import IdempotencyKey

    key = "5e0c2d7a-1b3f-4a8e-9c6d-2f4b7a1e0d93"
    sent = divert_body(postcode="b4 6aa", phone="+44 7700 900982")  # not as stored
    first = api(
        client, "post", "/api/v1/divert/referrals/", police_officer, sent, HTTP_IDEMPOTENCY_KEY=key
    )
    assert first.status_code == 201
    # The row as the code before issue 22's normalisation stored it.
    parsed = DivertReferralInSerializer(data=sent)
    assert parsed.is_valid(), parsed.errors
    as_sent = json.dumps(dict(parsed.validated_data), sort_keys=True, default=str)
    IdempotencyKey.objects.filter(key=key).update(
        body_hash=hashlib.sha256(as_sent.encode("utf-8")).hexdigest()
    )

    replay = api(
        client, "post", "/api/v1/divert/referrals/", police_officer, sent, HTTP_IDEMPOTENCY_KEY=key
    )
    assert replay.status_code == 200, replay.json()
    assert replay.json()["reference"] == first.json()["reference"]
    changed = api(
        client,
        "post",
        "/api/v1/divert/referrals/",
        police_officer,
        dict(sent, amount="About 5 grams"),
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert changed.status_code == 422
