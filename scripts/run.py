"""Start the web server, a Celery worker and Celery beat together; stop all three on Ctrl-C.

Used by `make run`. If one of them stops, the others are stopped too, so a broken demo is
never half-running.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess  # nosec B404: starts our own web, worker and beat commands
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PERSONAS = [
    ("custody.worker", "custody worker, Northgate Custody Suite (Birmingham)"),
    ("custody.worker2", "custody worker, Riverside Custody Suite (Coventry)"),
    ("team.leader", "team leader"),
    ("provider.birmingham", "treatment provider worker, Birmingham"),
    ("provider.coventry", "treatment provider worker, Coventry"),
    ("police.officer", "police officer"),
    ("police.officer2", "police officer"),
    ("probation.officer", "probation officer"),
    ("opcc.analyst", "OPCC analyst"),
    ("admin", "administrator / data protection officer"),
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8000")
    args = parser.parse_args()

    python = sys.executable
    commands = {
        "web": [
            python, "-m", "gunicorn", "referral_service.wsgi:application",
            "--bind", f"{args.host}:{args.port}", "--workers", "2", "--threads", "4",
            "--access-logfile", "-",
        ],
        "worker": [
            python, "-m", "celery", "-A", "referral_service", "worker",
            "--loglevel", "INFO", "--concurrency", "2", "-O", "fair",
        ],
        "beat": [python, "-m", "celery", "-A", "referral_service", "beat", "--loglevel", "INFO"],
    }  # fmt: skip
    processes = {
        name: subprocess.Popen(command, cwd=ROOT, start_new_session=True)  # nosec B603
        for name, command in commands.items()
    }

    def stop(*_):
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    time.sleep(2)
    password = os.environ.get("DEMO_PASSWORD", "")
    print(
        f"\n  Arrest Referral Service is running at http://{args.host}:{args.port}/\n"
        f"  Demo logins (password: {password}):\n"
        + "".join(f"    {username:<20} {what}\n" for username, what in PERSONAS)
        + "  Web, Celery worker and beat are running. Ctrl-C stops them;"
        " `make stop` stops the embedded PostgreSQL and Redis.\n",
        flush=True,
    )

    while True:
        for name, process in processes.items():
            code = process.poll()
            if code is not None:
                print(f"{name} stopped (exit {code}); stopping the others.", flush=True)
                stop()
                for other in processes.values():
                    try:
                        other.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        os.killpg(other.pid, signal.SIGKILL)
                return 0 if code in (0, -signal.SIGTERM) else 1
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
