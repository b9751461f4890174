"""Personal data never goes into logs (CONVENTIONS.md), even with every logger at DEBUG.

A short journey through the pages that handle a person's identity, with every log record kept:
a custody worker finds a person, adds them, opens their page and records consent to share; the
provider the consent names reads the record; another provider gets 404 (which Django logs as
"Not Found: /people/<uuid>/"). No record may hold the person's names, date of birth or
postcode. UUIDs in paths are fine: they say nothing about anyone.
"""

from __future__ import annotations

import datetime
import logging
import traceback
import uuid

import pytest

from tests.personas import FIXTURE_NAMES, make_persona
from tests.treatment.checking import send_referral

# Synthetic, and unmistakable: none of these can turn up in a log record by chance.
GIVEN_NAME = "Zebedee"
FAMILY_NAME = "Quillfeather"
DATE_OF_BIRTH = datetime.date(1987, 3, 14)
POSTCODE = "B29 7QZ"

# Every way the identity might be written into a message.
MUST_NOT_APPEAR = [
    GIVEN_NAME,
    FAMILY_NAME,
    DATE_OF_BIRTH.isoformat(),  # 1987-03-14
    f"{DATE_OF_BIRTH:%d/%m/%Y}",  # 14/03/1987
    f"{DATE_OF_BIRTH.day}/{DATE_OF_BIRTH.month}/{DATE_OF_BIRTH.year}",  # 14/3/1987
    f"{DATE_OF_BIRTH.day} {DATE_OF_BIRTH:%B %Y}",  # 14 March 1987
    repr(DATE_OF_BIRTH),  # datetime.date(1987, 3, 14)
    POSTCODE,
    POSTCODE.replace(" ", ""),
]

# Loggers that may not pass their records up to the root (Django's "django.server" does not),
# so the capture is attached to each of them as well.
LOGGERS = [
    "django",
    "django.request",
    "django.server",
    "django.security",
    "django.template",
    "django.db.backends",
    "celery",
    "celery.task",
    "kombu",
    "axes",
    "referral_service",
    "accounts",
    "people",
    "assessments",
    "custody",
    "treatment",
    "audit",
    "reminders",
]


@pytest.fixture
def every_log_record(caplog):
    """caplog at DEBUG for the root and every named logger, wherever they propagate."""
    loggers = [logging.getLogger(name) for name in LOGGERS]
    loggers += [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and logger not in loggers
    ]
    before = [(logger, logger.level, logger.disabled) for logger in loggers]
    caplog.set_level(logging.DEBUG)
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if not logger.propagate:
            logger.addHandler(caplog.handler)
    yield caplog
    for logger, level, disabled in before:
        logger.setLevel(level)
        logger.disabled = disabled
        logger.removeHandler(caplog.handler)


def _everything_in(record: logging.LogRecord) -> str:
    """The message, its arguments, any traceback and extras (e.g. django.request's request)."""
    raised = "".join(traceback.format_exception(*record.exc_info)) if record.exc_info else ""
    return " ".join(
        [record.getMessage(), repr(record.args), raised]
        + [repr(value) for value in vars(record).values()]
    )


def test_no_log_record_holds_a_persons_identity(every_log_record, client, db):
    from organisations.models import ProviderService

    coventry = ProviderService.objects.get(local_authority__slug="coventry")
    client.force_login(make_persona(FIXTURE_NAMES["custody_worker"]))
    date_of_birth = {
        "date_of_birth_0": str(DATE_OF_BIRTH.day),
        "date_of_birth_1": str(DATE_OF_BIRTH.month),
        "date_of_birth_2": str(DATE_OF_BIRTH.year),
    }
    identity = {"given_name": GIVEN_NAME, "family_name": FAMILY_NAME, **date_of_birth}

    found = client.post("/people/find/", identity)
    assert found.status_code == 200

    added = client.post(
        "/people/add/", {**identity, "postcode": POSTCODE, "submit_token": str(uuid.uuid4())}
    )
    assert added.status_code == 302, added.content.decode()
    person_url = added["Location"]
    person_id = uuid.UUID(person_url.strip("/").split("/")[-1])

    page = client.get(person_url)
    assert page.status_code == 200
    assert FAMILY_NAME in page.content.decode()

    consent = client.post(
        f"{person_url}consent/",
        {"recipient": "provider_service", "provider_service": coventry.pk, "confirm": "on"},
    )
    assert consent.status_code == 302, consent.content.decode()
    referred = send_referral(client, f"/treatment/refer/{person_id}/", {
        "destination": str(coventry.pk), "choice_reason": "Synthetic: moving to Coventry",
        "source": "community", "notes": "", "submit_token": str(uuid.uuid4()),
    })  # fmt: skip
    assert referred.status_code == 302, referred.content.decode()

    client.force_login(make_persona(FIXTURE_NAMES["provider_coventry"]))
    assert client.get(person_url).status_code == 200  # referred, with consent
    client.force_login(make_persona(FIXTURE_NAMES["provider_birmingham"]))
    assert client.get(person_url).status_code == 404  # a provider without consent

    records = every_log_record.records
    # The capture works: Django logged the 404, with the path (and its UUID) only.
    not_found = f"Not Found: /people/{person_id}/"
    assert any(
        record.name == "django.request" and record.getMessage() == not_found for record in records
    ), [record.getMessage() for record in records]
    leaks = [
        (record.name, record.levelname, record.getMessage(), shown)
        for record in records
        for shown in MUST_NOT_APPEAR
        if shown.lower() in _everything_in(record).lower()
    ]
    assert not leaks, leaks
