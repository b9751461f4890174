"""Benchmark: throughput and memory at 1,000,000 custody contacts (issue 11).

Serves the service as deployed (gunicorn's sync workers, static files collected, DEBUG off) on
a database of its own, `<name>_throughput_bench`, and drives it with locust (FastHttpUser, in
its own process: `benchmarks/throughput_locustfile.py`). Side by side, in one run:

- the **trivial JSON view** (`/livez`: no database, no session) as fast as it answers;
- a **signed-in layout page** (the accessibility statement: session, sign-in checks, the alerts
  banner and the GOV.UK layout, no records), the floor under every page of the service;
- the **mix** of custody-worker and provider traffic: today at my suite, a person's page,
  recording a custody contact (the form, the save, and where matching finds candidates "is it
  one of these people?" and the choice), the provider's inbox, accepting a referral;

each with 1 gunicorn worker process and then with 2, the same users and seconds for every
scenario. Prints requests a second, p50/p95 latency and errors per scenario and per request
kind, the mix as a share of the trivial view (target: at least 50 %, 0 errors) and of the
layout page (for information), each worker's
peak RSS (VmHWM of the master's children, read at the end of each scenario; the same server
serves the trivial view and then the mix, so the mix's figure is the peak of both), and the
time and peak RSS of `manage.py generate_volume` when this run made the contacts (a rerun
reuses the database and prints the figure measured when it was made; `--fresh` rebuilds).

    python benchmarks/throughput.py [--contacts 1000000] [--users 10] [--seconds 45]
                                    [--warmup 5] [--accepts 300] [--fresh] [--prepare-only]

Sign-in: every simulated user signs in through the real sign-in form (CSRF token, POST)
before the clock starts, with REQUIRE_2FA=false (two-factor is a one-off at the start of a
shift, not load). Contacts are recorded with yesterday's date (a late entry, as after
midnight): the run records dozens a minute, and dated today they would swell today's list
far past a real shift's and make each scenario measure a bigger page than the last. Each
provider user accepts only referrals handed to it (a shared list, each popped once, so no
two accepts collide): before each mix scenario the benchmark tops the provider's `sent`
referrals up to --accepts (treatment.services.referral_send, to people with consent and no
live referral there; those not accepted are used by the next scenario or run). They sit in
the provider's inbox, so keep --accepts near what a scenario uses (it says if they ran out);
each run also leaves its accepted referrals live there, and recorded contacts: --fresh
starts again from generate_volume's history alone.

The machine running this has 2 cores and the load generator competes with gunicorn and
PostgreSQL for them: absolute figures understate a server of its own, and 2 processes cannot
double 1. Compare the ratios within one run, never figures across machines or runs.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referral_service.settings")
os.environ.setdefault("REQUIRE_2FA", "false")
os.environ.setdefault("LOCAL_HTTP", "true")

PASSWORD = "Synthetic-Bench-Password-1"  # noqa: S105 (synthetic personas in their own database)
LOCUSTFILE = ROOT / "benchmarks" / "throughput_locustfile.py"
BROKER_DB = 12  # a Redis database of its own for cache and broker (tests use 9 and 13)
MARK = "Throughput benchmark"  # the notes of the referrals it sends, to find them again
PEOPLE_PAGES = 1000
KNOWN_DETAINEES = 500
TARGET = 0.5


def _with_db_index(url: str, index: int) -> str:
    from benchmarks.volume import redis_url_with_index

    return redis_url_with_index(url, index)


# --- The data ----------------------------------------------------------------------------------


def _generated_before() -> dict | None:
    """What generate_volume took when this database was made (kept as its comment)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
        comment = cursor.fetchone()[0]
    try:
        return json.loads(comment) if comment else None
    except ValueError:
        return None


def _remember(generated, total: int) -> dict:
    from django.db import connection

    figure = {
        "contacts": generated.contacts,
        "total": total,
        "seconds": round(generated.seconds, 1),
        "peak_rss_bytes": generated.peak_rss_bytes,
        "on": datetime.date.today().isoformat(),
    }
    with connection.cursor() as cursor:
        # The database's own name (from settings), and a JSON string we made: no input.
        cursor.execute(
            f'COMMENT ON DATABASE "{connection.settings_dict["NAME"]}" IS %s', [json.dumps(figure)]
        )
    return figure


def _prepare(args) -> tuple[dict, dict | None, bool]:
    """The database at the requested size (reused when big enough), personas."""
    from benchmarks.volume import bench_database, grow_to, personas, today_at_suite

    bench_name = bench_database("throughput_bench", fresh=args.fresh)
    from django.core.management import call_command

    from custody.models import CustodyContact

    call_command("migrate", verbosity=0)
    users = personas(PASSWORD)
    worker = users["custody.worker"]
    have = CustodyContact.objects.count()
    print(f"Database {bench_name}: {have:,} custody contacts", end="")
    print(f"; growing to {args.contacts:,}" if have < args.contacts else " (reused)")
    generated = grow_to(args.contacts, worker, measure=True)
    total = CustodyContact.objects.count()
    figure = _remember(generated, total) if generated else _generated_before()
    today_at_suite(worker)
    return users, figure, generated is not None


def _plan(users) -> dict:
    """What the simulated users need: people to look up and record again, offences."""
    from django.db import connection
    from django.utils import timezone

    from custody.models import OffenceCategory

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT person_id::text FROM custody_custodycontact TABLESAMPLE SYSTEM (1) "
            "LIMIT %s",
            [PEOPLE_PAGES],
        )
        people = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "SELECT id::text, given_name, family_name, date_of_birth, pnc_id "
            "FROM people_person TABLESAMPLE SYSTEM (1) WHERE anonymised_at IS NULL LIMIT %s",
            [KNOWN_DETAINEES],
        )
        known = [
            {
                "id": row[0],
                "given": row[1],
                "family": row[2],
                "dob": [row[3].day, row[3].month, row[3].year],
                "pnc": row[4] or "",
            }
            for row in cursor.fetchall()
        ]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    offences = OffenceCategory.objects.filter(active=True).values_list("pk", flat=True)
    return {
        "password": PASSWORD,
        "start": {"custody.worker": "/custody/today/", "provider.birmingham": "/treatment/inbox/"},
        "people": people,
        "known": known,
        "offences": [str(pk) for pk in offences],
        "arrest_date": [yesterday.day, yesterday.month, yesterday.year],
    }


def _referrals_to_accept(worker, count: int) -> list[str]:
    """`count` referrals sent to the provider and not yet accepted: left over, or sent now."""
    from django.db import connection

    from organisations.models import ProviderService
    from people.models import Person
    from treatment.models import Referral
    from treatment.services import referral_send

    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    waiting = Referral.objects.filter(
        provider_service=birmingham, status=Referral.Status.SENT, notes=MARK
    )
    references = list(waiting.values_list("reference", flat=True)[:count])
    need = count - len(references)
    if need <= 0:
        return references
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.person_id FROM people_consenttoshare c
            WHERE c.provider_service_id = %s AND c.withdrawn_at IS NULL
              AND NOT EXISTS (
                SELECT 1 FROM treatment_referral r
                WHERE r.person_id = c.person_id AND r.provider_service_id = c.provider_service_id
                  AND r.status IN ('sent', 'accepted', 'booked', 'did_not_attend', 'attended'))
            LIMIT %s
            """,
            [birmingham.pk, need],
        )
        ids = [row[0] for row in cursor.fetchall()]
    started = time.perf_counter()
    for person in Person.objects.filter(pk__in=ids):
        referral = referral_send(
            person=person, by=worker, source=Referral.Source.COMMUNITY,
            provider_service=birmingham, choice_reason=MARK, notes=MARK,
        )  # fmt: skip
        references.append(referral.reference)
    print(f"  sent {len(ids):,} referrals to accept in {time.perf_counter() - started:.0f} s")
    if len(references) < count:
        print(f"  only {len(references):,} people could be referred (wanted {count:,})")
    return references


# --- The server --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn as deployed (sync workers, an access log), on a port of its own.

    The access log carries each request's time in the worker (%(D)s: from reading the request
    to the end of the response, without the time it waited for a free worker)."""

    def __init__(self, workers: int, env: dict, access_log: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.access_log, self.read_to = access_log, 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "referral_service.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "--log-level", "warning", "--access-logfile", str(access_log),
             "--access-logformat", "%(m)s %(U)s %(s)s %(D)s"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/livez", timeout=2) as response:  # noqa: S310
                    if response.status == 200 and len(self.worker_pids()) == workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /livez within 60 s")

    def worker_pids(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def peak_rss(self) -> list[int]:
        """Each worker's peak resident set (VmHWM), in bytes."""
        peaks = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) * 1024)
        return peaks

    def server_times(self) -> dict[str, list[float]]:
        """Milliseconds in the worker by request kind, from the access log since last asked."""
        with self.access_log.open() as log:
            log.seek(self.read_to)
            lines = log.readlines()
            self.read_to = log.tell()
        times: dict[str, list[float]] = {}
        for line in lines:
            method, path, _status, micros = line.split()
            kind = _kind(method, path)
            if kind:
                times.setdefault(kind, []).append(int(micros) / 1000)
        return times

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _kind(method: str, path: str) -> str | None:
    """The locust name of a request, from its method and path (None: signing in)."""
    if path == "/livez":
        return "trivial JSON view"
    if path == "/accessibility/":
        return "signed-in layout page"
    if path == "/custody/today/":
        return "today at my suite"
    if path.startswith("/people/"):
        return "a person's page"
    if path == "/custody/contacts/new/":
        return "record contact: form" if method == "GET" else "record contact: save"
    if path == "/custody/contacts/new/person/":
        if method == "GET":
            return "record contact: is it one of these people?"
        return "record contact: choose and save"
    if path == "/treatment/inbox/":
        return "provider's inbox"
    if path.endswith("/accept/"):
        return "accept a referral"
    return None


def _server_env() -> dict:
    """The server's environment: DEBUG off, static files collected as deployed."""
    from django.conf import settings

    from benchmarks.volume import static_as_deployed, subprocess_env

    return static_as_deployed(
        subprocess_env(
            REDIS_URL=_with_db_index(settings.REDIS_URL, BROKER_DB),
            DEBUG="false",
            LOCAL_HTTP="true",
            REQUIRE_2FA="false",
            LOG_LEVEL="WARNING",
        )
    )


# --- The load ----------------------------------------------------------------------------------


def _load(server: Server, scenario: str, plan: dict, args) -> dict:
    """One scenario: locust in its own process; its samples back as JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        plan_path, out_path = Path(tmp) / "plan.json", Path(tmp) / "result.json"
        plan_path.write_text(json.dumps(plan))
        subprocess.run(
            [sys.executable, str(LOCUSTFILE), "--host", server.base, "--scenario", scenario,
             "--users", str(args.users), "--seconds", str(args.seconds),
             "--warmup", str(args.warmup), "--out", str(out_path)],
            cwd=ROOT, env={**os.environ, "THROUGHPUT_PLAN": str(plan_path)}, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        result = json.loads(out_path.read_text())
    if "error" in result:
        raise RuntimeError(result["error"])
    result["peak_rss"] = server.peak_rss()
    return result


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _summary(samples: list, seconds: float) -> dict:
    times = sorted(t for _, t, _ in samples)
    return {
        "requests": len(samples),
        "rate": len(samples) / seconds,
        "p50": _percentile(times, 0.50),
        "p95": _percentile(times, 0.95),
        "errors": sum(1 for _, _, failed in samples if failed),
    }


def _mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10, help="simulated users per scenario")
    parser.add_argument("--seconds", type=float, default=45, help="counted seconds per scenario")
    parser.add_argument("--warmup", type=float, default=5, help="uncounted seconds first")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--accepts", type=int, default=300, help="referrals ready to accept per mix scenario"
    )
    parser.add_argument("--fresh", action="store_true", help="drop the database and regenerate")
    parser.add_argument("--prepare-only", action="store_true", help="build the data and stop")
    args = parser.parse_args()

    users, figure, generated_now = _prepare(args)
    if args.prepare_only:
        return 0
    plan = _plan(users)
    env = _server_env()
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(f"Code: {commit or 'unknown'}; {datetime.datetime.now():%Y-%m-%d %H:%M}")
    print(
        f"\n{args.users} users per scenario ({round(args.users * 0.6)} custody workers, "
        f"{args.users - round(args.users * 0.6)} provider workers in the mix), "
        f"{args.warmup:g} s warm-up, {args.seconds:g} s counted; gunicorn sync workers.\n"
        "This machine has 2 cores shared by locust, gunicorn and PostgreSQL: compare the "
        "ratios within this run only.\n"
    )
    rows, kinds, problems = [], {}, []
    logs = tempfile.TemporaryDirectory()
    for processes in args.processes:
        server = Server(processes, env, Path(logs.name) / f"access-{processes}.log")
        try:
            for scenario in ("trivial", "layout", "mix"):
                scenario_plan = {**plan, "run": f"TP{secrets.token_hex(3).upper()}"}
                if scenario == "mix":
                    scenario_plan["referrals"] = _referrals_to_accept(
                        users["custody.worker"], args.accepts
                    )
                print(f"  {processes} process(es): {scenario} ...", flush=True)
                result = _load(server, scenario, scenario_plan, args)
                summary = _summary(result["samples"], result["seconds"])
                server_times = server.server_times()
                summary["server"] = sorted(t for times in server_times.values() for t in times)
                summary["load"] = os.getloadavg()[0]
                rows.append((scenario, processes, summary, result["peak_rss"]))
                if scenario == "mix":
                    by_kind: dict[str, list] = {}
                    for sample in result["samples"]:
                        by_kind.setdefault(sample[0], []).append(sample)
                    kinds[processes] = {
                        name: {
                            **_summary(samples, result["seconds"]),
                            "server": sorted(server_times.get(name, [])),
                        }
                        for name, samples in sorted(by_kind.items())
                    }
                    if result["accepts_short"]:
                        problems.append(
                            f"{processes} process(es): the referrals to accept ran out "
                            f"({result['accepts_short']} accepts skipped); raise --accepts"
                        )
        finally:
            server.stop()
    logs.cleanup()

    names = {"trivial": "trivial JSON view", "layout": "signed-in layout page", "mix": "mix"}
    print(
        f"\n{'scenario':24} {'processes':>9} {'users':>6} {'req/s':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'errors':>7} {'server p50':>10}  peak RSS/worker"
    )
    for scenario, processes, s, peaks in rows:
        print(
            f"{names[scenario]:24} {processes:>9} {args.users:>6} {s['rate']:>8.1f} "
            f"{s['p50']:>8.1f} {s['p95']:>8.1f} {s['errors']:>7} "
            f"{_percentile(s['server'], 0.5):>10.1f}  " + ", ".join(_mib(p) for p in peaks)
        )
    print(
        "Load average (1 min) at the end of each scenario, this benchmark's own processes "
        "included: " + ", ".join(f"{names[sc]}/{p} {s['load']:.1f}" for sc, p, s, _ in rows)
    )
    rates = {(scenario, processes): s["rate"] for scenario, processes, s, _ in rows}
    print()
    missed = False
    for processes in args.processes:
        ratio = rates[("mix", processes)] / rates[("trivial", processes)]
        missed = missed or ratio < TARGET
        plural = "es" if processes > 1 else ""
        print(
            f"mix / trivial ({processes} process{plural}): {ratio:.1%}   (target >= {TARGET:.0%})"
        )
        floor = rates[("mix", processes)] / rates[("layout", processes)]
        print(
            f"mix / signed-in layout page ({processes} process{plural}): {floor:.1%}   "
            "(for information: what the pages' own work costs above the layout's)"
        )
    if len(args.processes) > 1:
        first, last = args.processes[0], args.processes[-1]
        for scenario in ("trivial", "layout", "mix"):
            gain = rates[(scenario, last)] / rates[(scenario, first)]
            print(f"{names[scenario]}: {last} processes / {first}: {gain:.2f}x")

    for processes, by_kind in kinds.items():
        print(
            f"\nThe mix by request kind, {processes} process(es). Latency as the users saw it "
            "(with the wait for a free worker);\nserver: in the worker only (gunicorn's access "
            "log, warm-up included)."
        )
        print(
            f"  {'request':44} {'count':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}"
            f" {'server p50':>10} {'p95':>6}"
        )
        for name, s in by_kind.items():
            print(
                f"  {name:44} {s['requests']:>6} {s['rate']:>6.1f} {s['p50']:>7.0f} "
                f"{s['p95']:>7.0f} {s['errors']:>6} {_percentile(s['server'], 0.5):>10.1f} "
                f"{_percentile(s['server'], 0.95):>6.1f}"
            )

    print()
    if figure:
        when = "this run" if generated_now else f"when the database was made, {figure['on']}"
        print(
            f"generate_volume {figure['contacts']:,} contacts: {figure['seconds']:.0f} s, "
            f"peak RSS {_mib(figure['peak_rss_bytes'])} (measured {when})"
        )
    else:
        print("generate_volume: not measured (the database was made before this benchmark kept it)")
    for problem in problems:
        print(f"NOTE: {problem}")
    errors = sum(s["errors"] for _, _, s, _ in rows)
    if errors:
        print(f"\n{errors} errors: FAILED")
    if missed:
        print(f"\nThe mix reached less than {TARGET:.0%} of the trivial view: target missed")
    return 1 if errors or missed else 0


if __name__ == "__main__":
    sys.exit(main())
