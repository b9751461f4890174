"""Service-wide views: health checks and error pages."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
        )
        return bool(client.ping())
    except Exception:
        return False


def _last_worker_heartbeat() -> str | None:
    from reminders.selectors import worker_last_seen

    try:
        seen = worker_last_seen()
    except Exception:
        return None
    return seen.isoformat() if seen else None


def healthz(request):
    """200 when the database and the broker answer, 503 otherwise. No personal data."""
    checks = {
        "database": "ok" if _database_ok() else "unavailable",
        "broker": "ok" if _broker_ok() else "unavailable",
    }
    healthy = all(value == "ok" for value in checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": checks,
        "worker_last_seen": _last_worker_heartbeat() if checks["database"] == "ok" else None,
        "time": timezone.now().isoformat(),
    }
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


def livez(request):
    """200 while the process answers: no database, broker or session (a liveness probe, and
    the trivial view the throughput benchmark measures the service against)."""
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    """One 'page not found' for everything: it never says whether a record exists."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """A request the service cannot read (a NUL character in the address, say)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return render(request, "400.html", status=400)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong. It has been logged."}, status=500)
    # No request context: the database or session store may be what failed.
    return HttpResponse(get_template("500.html").render(), status=500)


def csrf_failure(request, reason=""):
    """A form sent after its page expired (or from elsewhere): say so, and how to carry on."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "CSRF check failed. Sign in again."}, status=403)
    return render(request, "csrf_failure.html", status=403)


def accessibility(request):
    return render(request, "accessibility.html")
