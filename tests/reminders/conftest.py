"""Reminders: the fake gateway (the only thing mocked: it is where messages leave the system),
a Redis database of the reminders' own for the broker, and a way to make reminders."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import redis
from django.utils import timezone

from reminders.gateways import FakeGateway
from tests.conftest import REMINDERS_REDIS_DB, redis_url_for_db

# The broker's database for these tests is REMINDERS_REDIS_DB (one per pytest-xdist worker):
# they flush it, and no other tests' workers read it.
ARS = "West Midlands Arrest Referral Service"


@pytest.fixture
def gateway(settings, tmp_path) -> FakeGateway:
    """The fake gateway, recording to a file every process can see."""
    settings.REMINDERS_GATEWAY = "reminders.gateways.FakeGateway"
    settings.REMINDERS_FAKE_GATEWAY_DIR = str(tmp_path / "gateway")
    return FakeGateway(settings.REMINDERS_FAKE_GATEWAY_DIR)


@pytest.fixture
def broker(settings):
    """The Celery broker on a Redis database of its own, empty at the start and the end."""
    from referral_service.celery import app

    old = app.conf.broker_url
    url = redis_url_for_db(settings.CELERY_BROKER_URL, REMINDERS_REDIS_DB)
    redis_url = redis_url_for_db(settings.REDIS_URL, REMINDERS_REDIS_DB)

    def use(broker_url):
        settings.CELERY_BROKER_URL = broker_url
        app.conf.broker_url = broker_url
        # Producers are pooled per broker URL: drop the pool bound to the old one.
        app._pool = None
        app.amqp._producer_pool = None

    use(url)
    client = redis.Redis.from_url(redis_url)
    client.flushdb()  # this database only, never FLUSHALL: the server is shared
    yield SimpleNamespace(url=url, redis_url=redis_url, redis=client)
    client.flushdb()
    use(old)


@pytest.fixture
def ars(db, custody_worker):
    """The arrest referral team (with a member, so its reminders have someone to e-mail)."""
    from organisations.models import Organisation

    return Organisation.objects.get(name=ARS)


@pytest.fixture
def birmingham_service(db):
    from organisations.models import ProviderService

    return ProviderService.objects.get(local_authority__slug="birmingham")


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def later(**kwargs) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**kwargs)


@pytest.fixture
def due_reminders(make_person, ars):
    """`count` staff reminders for the arrest referral team, each about a person, due an hour
    ago and not queued yet (as if scheduled days ago: the scan wakes them)."""
    from django.contrib.contenttypes.models import ContentType

    from people.models import Person
    from reminders.models import Reminder, ReminderKind

    def make(count: int, *, kind=ReminderKind.SAFEGUARDING_NOT_PICKED_UP) -> list[Reminder]:
        # Many people in one INSERT, with made-up references (the service numbers one by one).
        people = Person.objects.bulk_create(
            Person(
                reference=f"TST-{n:06d}", given_name="Testy", family_name=f"Synthetic{n}",
                date_of_birth=datetime.date(1990, 1, 2),
            )
            for n in range(count)
        )  # fmt: skip
        person_type = ContentType.objects.get_for_model(Person)
        due_at = ago(hours=1)
        return Reminder.objects.bulk_create(
            Reminder(
                kind=kind, subject_type=person_type, subject_id=str(person.pk), person=person,
                organisation=ars, due_at=due_at, send_after=due_at,
            )
            for person in people
        )  # fmt: skip

    return make
