"""The volume benchmarks' shared set-up: a database of their own, grown with `generate_volume`.

Used by the benchmarks (imported, never run by itself):

    bench_database("pages_bench")          # <name>_pages_bench, dropped and made anew
    bench_database("throughput_bench", fresh=False)   # kept between runs
    users = personas(PASSWORD)             # the demo personas, that password
    grow_to(1_000_000, users["custody.worker"])       # contacts by generate_volume; consent
    today_at_suite(users["custody.worker"])           # today's detainees at the worker's suite
    env = static_as_deployed(subprocess_env(DEBUG="false"))   # a server's, static collected

The caller sets DJANGO_SETTINGS_MODULE and puts the project root on sys.path first.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
TODAY_AT_THE_SUITE = 30


def _admin_connection():
    import psycopg
    from django.conf import settings

    database = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"],
        port=database["PORT"] or None,
        autocommit=True,
    )


def bench_database(suffix: str, *, fresh: bool = True) -> str:
    """Point Django at `<name>_<suffix>` beside the normal database and return its name.

    fresh: drop it and make it anew; otherwise keep it if it exists (create it if not)."""
    import django
    from django.conf import settings

    django.setup()
    database = settings.DATABASES["default"]
    bench_name = f"{database['NAME']}_{suffix}"
    admin = _admin_connection()
    try:
        if fresh:
            admin.execute(f'DROP DATABASE IF EXISTS "{bench_name}" WITH (FORCE)')
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [bench_name]
        ).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{bench_name}"')
    finally:
        admin.close()
    database["NAME"] = bench_name
    return bench_name


def redis_url_with_index(url: str, index: int) -> str:
    """The same Redis with another database index (a benchmark's broker or cache of its own)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    if url.startswith(("unix://", "redis+socket://")):
        path, _, query = url.partition("?")
        params = dict(parse_qsl(query))
        params["db" if url.startswith("unix://") else "virtual_host"] = str(index)
        return f"{path}?{urlencode(params)}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{index}"))


def database_url() -> str:
    """DATABASE_URL of the database Django points at now, for a subprocess (server, command)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    host = database["HOST"] or "127.0.0.1"
    host = quote(host, safe="") if host.startswith("/") else host
    password = quote(database["PASSWORD"] or "", safe="")
    return (
        f"postgres://{quote(database['USER'], safe='')}:{password}@{host}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


def subprocess_env(**extra: str) -> dict:
    """The environment for a subprocess (command, server, worker) on the database Django points at.

    A DATABASE_URL makes the child a deployment as far as settings know (not the embedded demo),
    so it must be given a SECRET_KEY, as production must: it gets this process's own, which is
    the environment's or, for the embedded demo, the key generated under var/."""
    from django.conf import settings

    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        **extra,
    }


STATIC_AS_DEPLOYED = ROOT / "var" / "bench-static"


def static_as_deployed(env: dict) -> dict:
    """`env` with static files served as deployed, collected now into var/bench-static.

    As the Docker image does: the manifest storage (hashed names, which whitenoise serves with
    far-future cache headers) and gzip/brotli beside each file, no finders. The plain storage of
    the tests would serve other bytes and other headers, and the manifest's lookups would not be
    in the request's time. A directory of its own: `make run` collects into staticfiles/ with
    the plain storage. collectstatic runs with the server's own settings, in a subprocess."""
    env = {
        **env,
        "STATICFILES_STORAGE": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "WHITENOISE_USE_FINDERS": "false",
        "STATIC_ROOT": str(STATIC_AS_DEPLOYED),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    return env


def personas(password: str) -> dict:
    """Every demo persona (referral_service.demo), signed in with `password`, by username."""
    from referral_service.demo import PERSONAS, persona_ensure

    return {p.username: persona_ensure(persona=p, password=password) for p in PERSONAS}


@dataclass
class Generated:
    """One run of `manage.py generate_volume` in a subprocess."""

    contacts: int
    seconds: float
    peak_rss_bytes: int


def _generate_in_subprocess(contacts: int) -> Generated:
    """generate_volume as its own process, so its peak RSS is its own (wait4's rusage)."""
    env = subprocess_env()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "generate_volume", f"--contacts={contacts}",
         "--verbosity=0"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"generate_volume exited with {process.returncode}")
    # Linux reports ru_maxrss in KiB.
    return Generated(contacts=contacts, seconds=seconds, peak_rss_bytes=usage.ru_maxrss * 1024)


def grow_to(target: int, worker, *, measure: bool = False) -> Generated | None:
    """Top the history up to `target` custody contacts and give the provider consent.

    measure: run generate_volume as its own process and return its time and peak RSS
    (otherwise in this process, as page_scaling does). None when nothing was generated."""
    from django.core.management import call_command
    from django.db import connection

    from custody.models import CustodyContact

    have = CustodyContact.objects.count()
    generated = None
    if target > have:
        started = time.perf_counter()
        if measure:
            generated = _generate_in_subprocess(target - have)
        else:
            call_command("generate_volume", contacts=target - have, verbosity=0)
        print(f"  generated {target - have:,} contacts in {time.perf_counter() - started:.0f} s")
    # The provider sees referrals only with live consent: give it where generate_volume made
    # referrals to Birmingham (one statement, whatever the size).
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO people_consenttoshare (id, created_at, updated_at, recipient, given_at,
                withdrawn_reason, given_by_id, person_id, provider_service_id)
            SELECT gen_random_uuid(), now(), now(), 'provider_service', now(), '', %s,
                   r.person_id, r.provider_service_id
            FROM (SELECT DISTINCT person_id, provider_service_id FROM treatment_referral
                  WHERE provider_service_id IS NOT NULL) AS r
            ON CONFLICT DO NOTHING
            """,
            [worker.pk],
        )
        cursor.execute("ANALYZE")
    return generated


def today_at_suite(worker) -> None:
    """Today's detainees at the worker's suite (the history is all in the past)."""
    from django.utils import timezone

    from custody.models import CustodyContact, OffenceCategory
    from custody.services import custody_contact_create
    from people.models import Person

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    have = CustodyContact.objects.filter(suite=worker.custody_suite, arrested_at__gte=start)
    people = list(Person.objects.order_by("reference")[:TODAY_AT_THE_SUITE])
    offence = OffenceCategory.objects.get(code="theft")
    for n, person in enumerate(people[have.count() :], start=have.count()):
        custody_contact_create(
            suite=worker.custody_suite,
            custody_record_number=f"BENCH-{timezone.localdate():%y%m%d}-{n:03d}",
            arrested_at=start + datetime.timedelta(minutes=n),
            offence_category=offence,
            person=person,
            by=worker,
        )


class SideBySide:
    """Two databases open side by side; `use(size)` makes one Django's default connection.

    Both connections stay open (CONN_MAX_AGE), so switching costs nothing: requests to the two
    sizes can alternate, and a burst of load on this shared machine falls on both alike."""

    def __init__(self, names: dict[int, str]):
        from django.db import connections

        default = connections.settings["default"]
        connections["default"].close()
        self.wrappers = {}
        for size, name in names.items():
            alias = f"size_{size}"
            connections.settings[alias] = {**default, "NAME": name}
            self.wrappers[size] = connections.create_connection(alias)

    def use(self, size: int) -> None:
        from django.core.cache import cache
        from django.db import connections

        connections["default"] = self.wrappers[size]
        cache.key_prefix = f"bench-{size}"  # cached sessions and alerts: each size its own
