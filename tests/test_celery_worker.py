"""Background work runs on a real Celery worker process, through the real broker."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from reminders.models import WorkerHeartbeat
from reminders.tasks import worker_heartbeat
from tests.test_settings import database_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def celery_worker_process():
    """A `celery worker` subprocess on the test database and the tests' Redis database."""
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "referral_service.settings",
        "DATABASE_URL": database_url(db),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "SECRET_KEY": settings.SECRET_KEY,
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "referral_service", "worker",
            "--pool", "solo", "--concurrency", "1", "--loglevel", "INFO",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
            "--hostname", f"test-worker-{os.getpid()}@%h",
        ],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_on_commit_is_run_by_a_real_worker(celery_worker_process):
    with transaction.atomic():
        transaction.on_commit(worker_heartbeat.delay)
        # Nothing is queued while the transaction is open.
    # A worker starting on a loaded 2-core machine (a benchmark beside the suite) has taken
    # close to a minute just to import Django and connect; the task waits in the broker.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.exists():
            break
        if celery_worker_process.poll() is not None:
            pytest.fail("worker exited:\n" + celery_worker_process.stdout.read())
        time.sleep(0.2)
    else:
        celery_worker_process.terminate()
        pytest.fail("no heartbeat within 180 s:\n" + celery_worker_process.communicate()[0])
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.seen_at is not None


def test_heartbeat_task_is_safe_to_run_twice(db):
    worker_heartbeat.apply()
    worker_heartbeat.apply()
    assert WorkerHeartbeat.objects.count() == 1


def test_celery_settings_do_not_lose_work_when_a_worker_dies():
    from referral_service.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert "worker-heartbeat" in app.conf.beat_schedule
