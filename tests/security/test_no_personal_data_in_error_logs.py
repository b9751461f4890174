"""No personal data in logs when something fails (issue 21): database errors carry the values
of the row or key that failed (PostgreSQL's DETAIL line), parsers name what they could not
parse. Each is forced here with a synthetic identity in the data, with every logger captured
at DEBUG, and the identity is found in no log record (core.logging)."""

import logging
import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from tests.personas import FIXTURE_NAMES, make_persona
from tests.security import test_no_personal_data_in_logs as journey

every_log_record = journey.every_log_record  # caplog at DEBUG on every logger
GIVEN_NAME, FAMILY_NAME = journey.GIVEN_NAME, journey.FAMILY_NAME
DATE_OF_BIRTH, MUST_NOT_APPEAR = journey.DATE_OF_BIRTH, journey.MUST_NOT_APPEAR


def leaks(records) -> list:
    found = []
    for record in records:
        text = journey._everything_in(record)
        for shown in MUST_NOT_APPEAR:
            if shown in text:
                found.append((record.name, record.levelname, shown))
    return found


@pytest.fixture
def failing_person_insert(db):
    """A trigger that refuses a new person with PostgreSQL's own words: the message and its
    DETAIL line hold the row's values, as a failing CHECK constraint's "Failing row contains
    (…)" does. Made inside the test's transaction, so gone after it."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION pg_temp.refuse_person() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'new row for relation "people_person" violates check '
                    'constraint "synthetic" for %', NEW.given_name
                    USING ERRCODE = 'check_violation',
                    DETAIL = 'Failing row contains (' || NEW.given_name || ', '
                        || NEW.family_name || ', ' || NEW.date_of_birth || ').';
            END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_person BEFORE INSERT ON people_person
                FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_person();
            """
        )


def test_a_database_error_in_a_request_logs_no_personal_data(
    every_log_record, client, failing_person_insert
):
    client.raise_request_exception = False
    client.force_login(make_persona(FIXTURE_NAMES["custody_worker"]))
    answer = client.post(
        "/people/add/",
        {
            "given_name": GIVEN_NAME,
            "family_name": FAMILY_NAME,
            "date_of_birth_0": str(DATE_OF_BIRTH.day),
            "date_of_birth_1": str(DATE_OF_BIRTH.month),
            "date_of_birth_2": str(DATE_OF_BIRTH.year),
            "postcode": journey.POSTCODE,
            "submit_token": str(uuid.uuid4()),
        },
    )
    assert answer.status_code == 500
    records = every_log_record.records
    errors = [r for r in records if r.name == "django.request" and r.levelname == "ERROR"]
    assert errors, [r.getMessage() for r in records]
    # What is kept still says what failed, and where.
    kept = errors[0].exc_text
    assert "IntegrityError" in kept and "SQLSTATE 23514" in kept and "people/views.py" in kept
    assert leaks(records) == []


def test_a_database_error_logged_by_the_service_itself_logs_no_personal_data(
    every_log_record, failing_person_insert
):
    from tests.conftest import new_person

    logger = logging.getLogger("people")
    try:
        with transaction.atomic():
            new_person(given_name=GIVEN_NAME, family_name=FAMILY_NAME, date_of_birth=DATE_OF_BIRTH)
    except IntegrityError as error:
        logger.exception("Could not add a person")
        logger.warning("Could not add a person: %s", error)
        logger.warning("Could not add a person: %s", str(error))  # the text, not the error
        logger.error(error)
    messages = [record.getMessage() for record in every_log_record.records]
    assert "Could not add a person" in messages
    assert leaks(every_log_record.records) == []


def test_a_parser_error_logs_no_personal_data(every_log_record, client, db):
    import datetime
    import json

    from accounts.services import api_token_create

    client.raise_request_exception = False
    _, token = api_token_create(user=make_persona("custody.feed"))
    broken = f'{{"given_name": "{GIVEN_NAME}", "family_name": "{FAMILY_NAME}",,}}'
    answer = client.post(
        "/api/v1/custody/contacts/",
        broken,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert answer.status_code == 400
    logger = logging.getLogger("custody")
    try:
        datetime.date.fromisoformat(f"{GIVEN_NAME} {FAMILY_NAME}")
    except ValueError:
        logger.exception("A date in the feed could not be read")
    try:
        json.loads(broken)
    except ValueError as error:
        logger.warning("Bad JSON: %r", error)
    assert leaks(every_log_record.records) == []


def test_database_query_logging_keeps_no_values(every_log_record, db):
    from people.models import Person

    connection.force_debug_cursor = True
    try:
        list(Person.objects.filter(family_name=FAMILY_NAME))
    finally:
        connection.force_debug_cursor = False
    queries = [r for r in every_log_record.records if r.name == "django.db.backends"]
    assert queries
    assert leaks(every_log_record.records) == []
