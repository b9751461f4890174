"""Reminders through real Celery workers (separate processes) and a real Redis broker.

Each test has the broker on a Redis database of its own (flushed, never FLUSHALL) and the fake
gateway recording to a file every process shares, so a send is counted whichever worker made
it. Short leases and back-offs (environment of the workers, settings of this process) keep the
whole module well under a minute and a half.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db.models import Count

from reminders.models import Reminder, ReminderKind
from reminders.services import reminder_schedule, reminders_cancel, reminders_scan
from tests.reminders.conftest import later
from tests.test_settings import database_url

ROOT = Path(__file__).resolve().parents[2]
WORKER_APPLICATION_NAME = f"ars-test-worker-{os.getpid()}"
State = Reminder.State
LEASE_SECONDS = 3
TIMINGS = {
    "CLAIM_LEASE_SECONDS": LEASE_SECONDS,
    "SEND_TIME_LIMIT_SECONDS": 2,
    "REQUEUE_SECONDS": 2,
    "RETRY_BASE_SECONDS": 0.4,
}

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


class Workers:
    """`celery worker` processes (solo pool: a SIGKILL kills the one process that sends)."""

    def __init__(self, env: dict, logs: Path):
        self.env, self.logs = env, logs
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, *names: str) -> None:
        for name in names:
            log = open(self.logs / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
            self.processes[name] = subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "referral_service", "worker",
                    "--pool", "solo", "--loglevel", "INFO", "--without-heartbeat",
                    "--without-gossip", "--without-mingle",
                    "--hostname", f"{name}-{os.getpid()}@%h",
                ],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        for name in names:
            while "ready." not in self.log(name):
                if self.processes[name].poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"worker {name} did not start:\n{self.log(name)[-3000:]}")
                time.sleep(0.1)

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def kill(self, name: str) -> None:
        self.processes[name].send_signal(signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def pid(self, name: str) -> int:
        return self.processes[name].pid

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    def tail(self) -> str:
        return "\n".join(f"--- {n}\n{self.log(n)[-2000:]}" for n in self.processes)


@pytest.fixture
def workers(transactional_db, settings, broker, gateway, tmp_path):
    from tests.reference import load_reference_data

    load_reference_data()  # transactional tests start from a flushed database
    settings.REMINDERS = {**settings.REMINDERS, **TIMINGS}
    db = django_settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "referral_service.settings",
        "DATABASE_URL": database_url(db),
        "REDIS_URL": broker.redis_url,
        "CELERY_BROKER_URL": broker.url,
        "SECRET_KEY": django_settings.SECRET_KEY,
        "REMINDERS_GATEWAY": "reminders.gateways.FakeGateway",
        "REMINDERS_FAKE_GATEWAY_DIR": str(gateway.directory),
        "REMINDER_CLAIM_LEASE_SECONDS": str(TIMINGS["CLAIM_LEASE_SECONDS"]),
        "REMINDER_SEND_TIME_LIMIT_SECONDS": str(TIMINGS["SEND_TIME_LIMIT_SECONDS"]),
        "REMINDER_REQUEUE_SECONDS": str(TIMINGS["REQUEUE_SECONDS"]),
        "REMINDER_RETRY_BASE_SECONDS": str(TIMINGS["RETRY_BASE_SECONDS"]),
        "PYTHONUNBUFFERED": "1",
        "DB_APPLICATION_NAME": WORKER_APPLICATION_NAME,
    }
    pool = Workers(env, tmp_path)
    yield pool
    pool.stop()


def wait_until_all_sent(workers: Workers, ids: list, *, timeout: float = 60) -> None:
    """Run the scan every second, as beat does every minute, until every reminder is sent."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Reminder.objects.filter(pk__in=ids, state=State.SENT).count() == len(ids):
            return
        reminders_scan()
        time.sleep(1)
    states = dict(Reminder.objects.filter(pk__in=ids).values_list("state").annotate(Count("pk")))
    pytest.fail(f"not all sent within {timeout} s: {states}\n{workers.tail()}")


def assert_each_sent_exactly_once(gateway, reminders) -> list[dict]:
    sent = gateway.records()
    references = [record["reference"] for record in sent]
    assert sorted(references) == sorted(str(r.pk) for r in reminders), (
        f"{len(references)} sends for {len(reminders)} reminders; "
        f"{len(references) - len(set(references))} duplicates"
    )
    return sent


def test_each_due_reminder_is_sent_exactly_once_by_two_workers(workers, gateway, due_reminders):
    reminders = due_reminders(1000)
    workers.start("one", "two")
    started = time.monotonic()
    wait_until_all_sent(workers, [r.pk for r in reminders])
    print(f"\n1,000 reminders sent by two workers in {time.monotonic() - started:.1f} s")
    sent = assert_each_sent_exactly_once(gateway, reminders)
    assert {record["pid"] for record in sent} == {workers.pid("one"), workers.pid("two")}
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}


def test_a_worker_killed_in_the_middle_of_sending_leaves_each_reminder_sent_once(
    workers, gateway, due_reminders
):
    gateway.control(delay_seconds=0.02)  # a gateway's answer takes a moment
    workers.start("one", "two")
    reminders = due_reminders(200)
    reminders_scan()
    deadline = time.monotonic() + 30
    while len(gateway.records()) < 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers.kill("one")  # SIGKILL, mid-batch
    workers.start("one-again")
    wait_until_all_sent(workers, [r.pk for r in reminders])
    assert_each_sent_exactly_once(gateway, reminders)


def test_a_worker_killed_just_after_the_gateway_took_a_message_does_not_send_it_again(
    workers, gateway, due_reminders
):
    gateway.control(kill_after=5)  # the worst moment: taken by the gateway, not yet recorded
    workers.start("one")
    reminders = due_reminders(20)
    reminders_scan()
    workers.processes["one"].wait(timeout=30)
    assert workers.processes["one"].returncode == -signal.SIGKILL
    in_doubt = Reminder.objects.get(state=State.SENDING, handed_over_at__isnull=False)
    workers.start("two")
    wait_until_all_sent(workers, [r.pk for r in reminders])
    assert_each_sent_exactly_once(gateway, reminders)
    in_doubt.refresh_from_db()
    assert in_doubt.last_error == "Confirmed by the gateway after the worker stopped"
    assert in_doubt.attempts == 1


def test_reminders_pending_when_the_broker_is_flushed_are_sent_after_the_next_scan(
    workers, gateway, due_reminders, broker
):
    reminders = due_reminders(30)
    assert reminders_scan().queued == 30  # no worker is running yet
    assert broker.redis.llen("celery") == 30
    broker.redis.flushdb()  # the broker loses everything (its own database only)
    workers.start("one")
    time.sleep(TIMINGS["REQUEUE_SECONDS"])
    assert gateway.records() == []  # nothing left to tell the worker
    wait_until_all_sent(workers, [r.pk for r in reminders])  # the scan queues them again
    assert_each_sent_exactly_once(gateway, reminders)


def test_gateway_errors_are_retried_with_back_off_and_sent_once_when_it_recovers(
    workers, gateway, due_reminders
):
    gateway.fail_next(3)
    workers.start("one")
    [reminder] = due_reminders(1)
    wait_until_all_sent(workers, [reminder.pk], timeout=30)
    attempts = [r for r in gateway.records(ok=None) if r["reference"] == str(reminder.pk)]
    assert [r["ok"] for r in attempts] == [False, False, False, True]
    gaps = [b["at"] - a["at"] for a, b in itertools.pairwise(attempts)]
    base = TIMINGS["RETRY_BASE_SECONDS"]
    for n, gap in enumerate(gaps):  # base × 2^n, and not sooner
        assert gap >= base * 2**n, gaps
    assert gaps[0] < gaps[1] < gaps[2], gaps
    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.last_error) == (4, "")
    assert len(gateway.records()) == 1


def test_scheduled_then_cancelled_is_never_sent_and_scheduled_twice_is_sent_once(
    workers, gateway, make_person, ars
):
    workers.start("one")
    kind = ReminderKind.SAFEGUARDING_NOT_PICKED_UP
    kept, cancelled = make_person(family_name="Kept"), make_person(family_name="Cancelled")
    due_at = later(seconds=2)
    first = reminder_schedule(kind=kind, subject=kept, due_at=due_at, organisation=ars)
    again = reminder_schedule(kind=kind, subject=kept, due_at=due_at, organisation=ars)
    assert first.pk == again.pk and Reminder.objects.filter(person=kept).count() == 1
    doomed = reminder_schedule(kind=kind, subject=cancelled, due_at=due_at, organisation=ars)
    assert reminders_cancel(subject=cancelled, reason="Resolved before it was due") == 1
    wait_until_all_sent(workers, [first.pk], timeout=30)
    time.sleep(1)
    reminders_scan()
    assert [r["reference"] for r in gateway.records(ok=None)] == [str(first.pk)]
    doomed.refresh_from_db()
    assert doomed.state == State.CANCELLED


def test_a_worker_process_keeps_one_database_connection_across_tasks(
    workers, gateway, due_reminders
):
    """Bounded connections: one per worker process, kept between tasks (CONN_MAX_AGE), not a
    new connection for every task as Celery's Django fixup would make by itself."""
    import threading

    import psycopg

    db = django_settings.DATABASES["default"]
    probe = psycopg.connect(
        database_url(db).replace("postgres://", "postgresql://"), autocommit=True
    )
    backends: set = set()
    most = 0
    done = threading.Event()

    def sample():
        nonlocal most
        while not done.is_set():
            rows = probe.execute(
                "SELECT pid, backend_start FROM pg_stat_activity WHERE application_name = %s",
                [WORKER_APPLICATION_NAME],
            ).fetchall()
            backends.update(rows)
            most = max(most, len(rows))
            time.sleep(0.02)

    workers.start("one")
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    reminders = due_reminders(100)
    wait_until_all_sent(workers, [r.pk for r in reminders])
    done.set()
    sampler.join()
    probe.close()
    assert most == 1
    assert len(backends) == 1, f"{len(backends)} connections opened for 100 tasks"
