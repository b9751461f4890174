"""Shared fixtures: the personas, a test-only Redis database, fast password hashing."""

from __future__ import annotations

import contextlib
import datetime
import os

import pytest

from tests.personas import FIXTURE_NAMES, make_persona

# Tests that touch Redis use database indexes of their own, never the demo's (0): each
# pytest-xdist worker (gw0, gw1, ...) one for the cache and Celery's broker, and one more for the
# reminders' worker tests, which flush theirs (tests/reminders/conftest.py). Up to 3 workers.
MAX_WORKERS = 3


def xdist_worker_number() -> int:
    """0 for gw0 (or a run without pytest-xdist), 1 for gw1, ..."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw"))
    if number >= MAX_WORKERS:
        raise RuntimeError(f"at most {MAX_WORKERS} pytest-xdist workers: Redis has 16 databases")
    return number


TEST_REDIS_DB = 9 + xdist_worker_number()  # 9, 10, 11
REMINDERS_REDIS_DB = 9 + MAX_WORKERS + xdist_worker_number()  # 12, 13, 14


def pytest_configure(config):
    from django.conf import settings

    from referral_service.celery import app as celery_app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # SecurityMiddleware reads these once, when a handler is built; the live server's is built
    # before any function-scoped fixture runs, so they are set for the whole session here.
    settings.SECURE_SSL_REDIRECT = False  # the test client and live server speak plain http
    settings.SECURE_HSTS_SECONDS = 0  # a browser would otherwise insist on https for localhost
    settings.REDIS_URL = redis_url_for_db(settings.REDIS_URL, TEST_REDIS_DB)
    settings.CACHES["default"]["LOCATION"] = settings.REDIS_URL
    settings.CELERY_BROKER_URL = redis_url_for_db(settings.CELERY_BROKER_URL, TEST_REDIS_DB)
    celery_app.conf.broker_url = settings.CELERY_BROKER_URL


def redis_url_for_db(url: str, db: int) -> str:
    """The same Redis server, another database index (redis://host/N or unix://…?db=N)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    if url.startswith(("unix://", "redis+socket://")):
        path, _, query = url.partition("?")
        params = dict(parse_qsl(query))
        params["db" if url.startswith("unix://") else "virtual_host"] = str(db)
        return f"{path}?{urlencode(params)}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{db}"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with the data migrations' reference rows in it. A database kept from
    the last run (--reuse-db) may have been emptied by the flush after a transactional test;
    loading them again is idempotent, and cheap where they are there."""
    from tests.reference import load_reference_data

    with django_db_blocker.unblock():
        load_reference_data()


def _persona_fixture(name: str, username: str):
    @pytest.fixture(name=name)
    def fixture(db):
        return make_persona(username)

    return fixture


for _name, _username in FIXTURE_NAMES.items():
    globals()[_name] = _persona_fixture(_name, _username)


@pytest.fixture
def persona(request, db):
    """Indirect fixture: parametrize with a fixture name from tests.personas.FIXTURE_NAMES."""
    return make_persona(FIXTURE_NAMES[request.param])


@pytest.fixture(autouse=True)
def _baseline_settings(settings):
    """The same starting point whatever the environment (embedded demo or CI's servers).

    Tests about two-factor turn it on themselves; production settings have their own tests
    (tests/test_settings.py), run in a subprocess with a production-like environment.
    """
    settings.REQUIRE_2FA = False
    settings.STORAGES = {
        **settings.STORAGES,
        # No collectstatic in tests: assets are found where the build put them.
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def midday():
    """Noon today in London, for tests of what "today" holds that place records minutes or
    hours ago: run just after midnight, those would be yesterday's."""
    from zoneinfo import ZoneInfo

    import time_machine

    london = ZoneInfo("Europe/London")
    noon = datetime.datetime.combine(
        datetime.datetime.now(london).date(), datetime.time(12), tzinfo=london
    )
    with time_machine.travel(noon, tick=False):
        yield noon


@pytest.fixture(autouse=True)
def _forget_live_alerts():
    """Which drug alerts are live is cached for a minute (reminders.selectors); a test's alerts
    go with its rolled-back database, so each test starts without that memory."""
    from reminders.selectors import live_alerts_forget

    live_alerts_forget()


def new_person(**overrides):
    """A person made through the service, synthetic unless told otherwise."""
    from people.services import person_create

    values = {
        "given_name": "Testy",
        "family_name": "Synthetic",
        "date_of_birth": datetime.date(1990, 1, 2),
        "postcode": "B5 4TT",
    }
    values.update(overrides)
    return person_create(**values)


def new_contact_maker():
    """A function that opens custody contacts (T00001, T00002, ... unless told)."""
    from django.utils import timezone

    from custody.models import OffenceCategory
    from custody.services import custody_contact_create
    from organisations.models import CustodySuite

    counter = iter(range(1, 10_000))

    def make(*, suite_code: str = "bhm-north", person=None, arrested_at=None, **overrides):
        return custody_contact_create(
            suite=CustodySuite.objects.get(code=suite_code),
            custody_record_number=overrides.pop("custody_record_number", f"T{next(counter):05d}"),
            arrested_at=arrested_at or timezone.now(),
            offence_category=OffenceCategory.objects.get(code=overrides.pop("offence", "theft")),
            person=person or new_person(),
        )

    return make


@contextlib.contextmanager
def data_for_module(django_db_blocker):
    """For a module- or class-scoped fixture: the database is open, and everything made inside
    is kept for the tests that follow and rolled back after them (one outer transaction).

    Each test's own `db` fixture is then a savepoint inside it, so what a test changes is gone
    before the next test, which starts from the shared data again. Only for modules whose tests
    all use `db` (a transactional test would flush the shared data).
    """
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def make_person(db):
    return new_person


@pytest.fixture
def make_contact(db, make_person):
    return new_contact_maker()


@pytest.fixture
def make_referral(db, make_person, custody_worker):
    """A referral sent by the custody worker, with the consent it needs (to Birmingham unless
    another local authority's service is named)."""
    from organisations.models import ProviderService
    from people.services import consent_give
    from treatment.models import Referral
    from treatment.services import referral_send

    def make(*, person=None, authority: str = "birmingham", by=None, **overrides):
        service = ProviderService.objects.get(local_authority__slug=authority)
        person = person or make_person()
        consent_give(
            person=person,
            recipient="provider_service",
            provider_service=service,
            by=by or custody_worker,
        )
        values = {
            "source": Referral.Source.COMMUNITY,
            "provider_service": service,
            "choice_reason": "Synthetic: chosen for the test",
        }
        values.update(overrides)
        return referral_send(person=person, by=by or custody_worker, **values)

    return make


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests (which flush the database): the data migrations' rows again.
    List it before the fixtures that need the rows."""
    from tests.reference import load_reference_data

    load_reference_data()


def pytest_terminal_summary(terminalreporter, config):
    """After a run that included the access sweep: how many (URL pattern, person, method, role)
    cases it checked, so a change that shrinks it shows (issue 18: it may only grow)."""
    marker = "test_access_sweep.py::test_access["
    outcomes = {
        outcome: sum(1 for r in terminalreporter.stats.get(outcome, []) if marker in r.nodeid)
        for outcome in ("passed", "failed", "xfailed", "xpassed", "error")
    }
    if not sum(outcomes.values()):
        return
    from tests.security.test_access_sweep import CASES, discovered_patterns

    ran = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items() if n)
    terminalreporter.write_line(
        f"access sweep: {len(discovered_patterns())} URL patterns, {len(CASES)} cases in its "
        f"table (pattern, person, method, role); this run: {ran}"
    )
