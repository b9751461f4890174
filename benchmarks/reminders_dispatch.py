"""Benchmark: dispatching 10,000 due reminders with two Celery workers.

Builds a separate database (`<name>_reminders_bench`), puts N reminders in it (default 10,000,
e-mails to the arrest referral team, due now), starts W real `celery worker` processes (default
2, prefork, concurrency 1 each) on a Redis database of its own (14, flushed before and after,
never FLUSHALL), runs the scan once as beat would, and measures until every reminder is sent:

- how long the dispatch takes, and the rate;
- the peak number of PostgreSQL connections the workers held, sampled from pg_stat_activity
  every 50 ms by application_name (the bound: workers × concurrency, one per process);
- that each reminder reached the gateway exactly once (the fake gateway's record).

    python benchmarks/reminders_dispatch.py [--reminders 10000] [--workers 2] [--concurrency 1]

Not part of `make test`; `make bench` runs it.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_service.settings")

BROKER_DB = 14
APPLICATION_NAME = "ars-bench-reminders-worker"


def _setup_database() -> dict:
    from django.conf import settings

    from benchmarks.volume import bench_database

    bench_database("reminders_bench")
    return settings.DATABASES["default"]


def _database_url(db: dict) -> str:
    host = quote(db["HOST"], safe="") if db["HOST"].startswith("/") else db["HOST"]
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}:{quote(db['PASSWORD'] or '')}@{host}{port}/{db['NAME']}"


def _with_db_index(url: str, index: int) -> str:
    from benchmarks.volume import redis_url_with_index

    return redis_url_with_index(url, index)


def _make_reminders(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from faker import Faker

    from accounts.models import Role
    from organisations.models import Organisation
    from people.models import Person
    from reminders.models import Reminder, ReminderKind

    fake = Faker("en_GB")
    fake.seed_instance(2026)
    ars = Organisation.objects.get(kind=Organisation.Kind.ARREST_REFERRAL)
    users = get_user_model().objects
    for n in range(3):  # a small team to e-mail
        users.create_user(
            f"bench.worker{n}", email=f"bench.worker{n}@example.org", role=Role.CUSTODY_WORKER,
            organisation=ars,
        )  # fmt: skip
    people = Person.objects.bulk_create(
        (
            Person(
                reference=f"BEN-{n:07d}", given_name=fake.first_name(),
                family_name=fake.last_name(), date_of_birth=datetime.date(1980, 1, 1),
            )
            for n in range(count)
        ),
        batch_size=5000,
    )  # fmt: skip
    person_type = ContentType.objects.get_for_model(Person)
    due_at = timezone.now() - datetime.timedelta(minutes=1)
    Reminder.objects.bulk_create(
        (
            Reminder(
                kind=ReminderKind.SAFEGUARDING_NOT_PICKED_UP, subject_type=person_type,
                subject_id=str(person.pk), person=person, organisation=ars, due_at=due_at,
                send_after=due_at,
            )
            for person in people
        ),
        batch_size=5000,
    )  # fmt: skip


class ConnectionSampler(threading.Thread):
    """Counts the workers' connections in pg_stat_activity every 50 ms, on its own connection."""

    def __init__(self, database: dict):
        super().__init__(daemon=True)
        import psycopg

        self.connection = psycopg.connect(
            dbname=database["NAME"], user=database["USER"],
            password=database["PASSWORD"] or None, host=database["HOST"],
            port=database["PORT"] or None, autocommit=True,
        )  # fmt: skip
        self.samples: list[int] = []  # every backend of the workers
        self.established: list[int] = []  # leaving out those still starting or ending
        self.by_state: collections.Counter = collections.Counter()
        self.stopping = threading.Event()

    def sample(self) -> int:
        rows = self.connection.execute(
            "SELECT state, count(*) FROM pg_stat_activity WHERE application_name = %s "
            "GROUP BY state",
            [APPLICATION_NAME],
        ).fetchall()
        for state, n in rows:
            self.by_state[state] = max(self.by_state[state], n)
        self.established.append(sum(n for state, n in rows if state is not None))
        return sum(n for _, n in rows)

    def run(self) -> None:
        while not self.stopping.is_set():
            self.samples.append(self.sample())
            time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    database = _setup_database()
    import redis
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    _make_reminders(args.reminders)
    print(f"Database: {database['NAME']}; {args.reminders:,} reminders due, made in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip

    broker_url = _with_db_index(settings.CELERY_BROKER_URL, BROKER_DB)
    redis_url = _with_db_index(settings.REDIS_URL, BROKER_DB)
    broker = redis.Redis.from_url(redis_url)
    broker.flushdb()  # its own database only
    from referral_service.celery import app

    app.conf.broker_url = broker_url
    settings.CELERY_BROKER_URL = broker_url

    from reminders.gateways import FakeGateway

    gateway_dir = tempfile.mkdtemp(prefix="reminders-bench-")
    gateway = FakeGateway(gateway_dir)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "referral_service.settings",
        "DATABASE_URL": _database_url(database),
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": broker_url,
        "SECRET_KEY": settings.SECRET_KEY,
        "DB_APPLICATION_NAME": APPLICATION_NAME,
        "REMINDERS_GATEWAY": "reminders.gateways.FakeGateway",
        "REMINDERS_FAKE_GATEWAY_DIR": gateway_dir,
    }
    logs, workers = [], []
    for n in range(args.workers):
        log = open(Path(gateway_dir) / f"worker{n}.log", "w")  # noqa: SIM115
        logs.append(log)
        workers.append(
            subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "referral_service", "worker",
                    "--pool", "prefork", "--concurrency", str(args.concurrency),
                    "--loglevel", "INFO", "--without-heartbeat", "--without-gossip",
                    "--without-mingle", "--hostname", f"bench{n}-{os.getpid()}@%h",
                ],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
    try:
        for n in range(args.workers):
            path = Path(gateway_dir) / f"worker{n}.log"
            while "ready." not in path.read_text(errors="replace"):
                if workers[n].poll() is not None:
                    print(path.read_text())
                    return 1
                time.sleep(0.1)
        sampler = ConnectionSampler(database)
        before = sampler.sample()  # workers started, nothing to do yet
        sampler.start()

        from reminders.models import Reminder
        from reminders.services import reminders_scan

        started = time.perf_counter()
        scan = reminders_scan()
        scanned = time.perf_counter() - started
        sent = 0
        while time.perf_counter() - started < args.timeout:
            sent = Reminder.objects.filter(state=Reminder.State.SENT).count()
            if sent == args.reminders:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        sampler.stopping.set()
        sampler.join()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        for log in logs:
            log.close()
        broker.flushdb()

    records = gateway.records()
    references = [r["reference"] for r in records]
    bound = args.workers * args.concurrency
    print(f"Workers: {args.workers} × concurrency {args.concurrency} (prefork), "
          f"CONN_MAX_AGE {settings.DATABASES['default']['CONN_MAX_AGE']} s")  # fmt: skip
    print(f"Scan: queued {scan.queued:,} in {scanned:.1f} s")
    print(f"Dispatched {sent:,} of {args.reminders:,} in {elapsed:.1f} s "
          f"({sent / elapsed:.0f} a second)")  # fmt: skip
    print(f"Gateway: {len(records):,} messages for {len(set(references)):,} reminders "
          f"({len(references) - len(set(references))} duplicates)")  # fmt: skip
    print(f"Workers' PostgreSQL connections: peak {max(sampler.established)} "
          f"(bound: {bound}, one per worker process); {max(sampler.samples)} counting backends "
          f"still starting or ending as a connection is renewed after CONN_MAX_AGE; "
          f"before the run {before}; {len(sampler.samples)} samples, every 50 ms")  # fmt: skip
    print(f"Peak by state: { {str(k): v for k, v in sampler.by_state.items()} }")
    return 0 if sent == args.reminders and len(references) == len(set(references)) else 1


if __name__ == "__main__":
    sys.exit(main())
