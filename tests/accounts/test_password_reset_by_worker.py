"""Password reset (issue 21): the e-mail is sent by a Celery worker from a task queued on
commit, the same for every address, so the answer's time does not reveal a known address.
Only the e-mail backend is not the real one: locmem in this process, Django's file backend in
the worker's."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.test_settings import database_url

ROOT = Path(__file__).resolve().parents[2]
RESET = "/accounts/password-reset/"


def _request(client, email, django_capture_on_commit_callbacks):
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        response = client.post(RESET, {"email": email})
    return response, [q["sql"] for q in queries.captured_queries], callbacks


def test_a_known_and_an_unknown_address_are_answered_by_the_same_work(
    client, custody_worker, django_capture_on_commit_callbacks
):
    known = _request(client, custody_worker.email, django_capture_on_commit_callbacks)
    unknown = _request(client, "nobody@example.org", django_capture_on_commit_callbacks)
    for response, _, callbacks in (known, unknown):
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_sent")
        assert len(callbacks) == 1  # one task queued, on commit
    # The same queries (none looks the address up) and nothing sent within the request.
    assert known[1] == unknown[1]
    assert not any("accounts_user" in sql for sql in known[1])
    assert mail.outbox == []


def test_the_task_sends_the_link_to_a_known_address_and_nothing_to_an_unknown(custody_worker):
    from accounts.tasks import password_reset_send

    password_reset_send.apply(kwargs={"email": "nobody@example.org"})
    assert mail.outbox == []
    password_reset_send.apply(kwargs={"email": custody_worker.email})
    [sent] = mail.outbox
    assert sent.to == [custody_worker.email]
    assert f"{settings.SITE_URL}/accounts/password-reset/" in sent.body


@pytest.fixture
def worker_with_file_mail(transactional_db, tmp_path):
    """A `celery worker` process on the test database, its e-mail written to files."""
    from tests.reference import load_reference_data

    load_reference_data()  # transactional tests start from a flushed database
    outbox = tmp_path / "mail"
    outbox.mkdir()
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "referral_service.settings",
        "DATABASE_URL": database_url(db),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": settings.SITE_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "referral_service", "worker",
            "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--hostname", f"test-reset-worker-{os.getpid()}@%h",
        ],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    yield process, outbox
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_reset_e_mail_queued_on_commit(client, worker_with_file_mail):
    from tests.personas import make_persona

    process, outbox = worker_with_file_mail
    worker = make_persona("custody.worker")
    assert client.post(RESET, {"email": "nobody@example.org"}).status_code == 302
    assert client.post(RESET, {"email": worker.email}).status_code == 302
    # Tasks run in order on the one solo worker: when the known address's mail is written,
    # the unknown one's task has run too (and wrote nothing).
    deadline = time.monotonic() + 180
    while not list(outbox.iterdir()):
        if process.poll() is not None:
            pytest.fail("worker exited:\n" + process.stdout.read())
        if time.monotonic() > deadline:
            process.terminate()
            pytest.fail("no e-mail within 180 s:\n" + process.communicate()[0])
        time.sleep(0.2)
    time.sleep(0.5)  # the file backend writes one file per connection: let it finish
    [written] = list(outbox.iterdir())
    message = written.read_text()
    assert f"To: {worker.email}" in message
    assert "nobody@example.org" not in message
    assert f"{settings.SITE_URL}/accounts/password-reset/" in message
