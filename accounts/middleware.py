"""Idle timeout and two-factor enforcement, applied to every request."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Touch the session at most this often, so an active user's session is not written every request.
_IDLE_TOUCH_SECONDS = 60
# A request a page makes by itself (a list refreshing in the background, static/src/refresh.js)
# sends this header: it is not a person's activity, so it never resets the idle timeout.
BACKGROUND_HEADER = "X-App-Background"


def is_background(request) -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "refresh"


class IdleTimeoutMiddleware:
    """Sign a user out after IDLE_TIMEOUT_MINUTES without a request, and tell them why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            background = is_background(request)
            if _signed_out_everywhere(request):
                logout(request)
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "Your session has ended."}, status=401)
                messages.info(request, "You were signed out on every device. Sign in again.")
                return redirect(reverse(settings.LOGIN_URL))
            last_seen = request.session.get("last_seen")
            signed_in_at = request.session.get("signed_in_at")
            if last_seen is not None and now - last_seen > settings.IDLE_TIMEOUT_MINUTES * 60:
                why = (
                    f"You were signed out after {settings.IDLE_TIMEOUT_MINUTES} minutes "
                    "without activity, to protect people's information. Sign in again."
                )
            elif signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
                # However active: the session's cap is counted from signing in, never slid.
                hours = settings.SESSION_COOKIE_AGE // 3600
                why = f"You were signed out {hours} hours after signing in. Sign in again."
            else:
                why = ""
            if why:
                logout(request)
                if request.path.startswith("/api/") or background:
                    # A background refresh: the page reloads itself and shows the sign-in page.
                    return JsonResponse({"detail": "Your session has expired."}, status=401)
                messages.info(request, why)
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if not background and (last_seen is None or now - last_seen >= _IDLE_TOUCH_SECONDS):
                request.session["last_seen"] = now
        return self.get_response(request)


def _signed_out_everywhere(request) -> bool:
    """Did the user end all their sessions after this one began?"""
    cut_off = request.user.sessions_valid_after
    if cut_off is None:
        return False
    started = request.session.get("signed_in_at")
    return started is None or started < cut_off.timestamp()


# Paths a signed-in but not yet verified user may reach.
_TWO_FACTOR_OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz")


class TwoFactorMiddleware:
    """With REQUIRE_2FA on, nothing but setting up or entering a code until the user is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_TWO_FACTOR_OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Two-factor authentication is required for this session."},
                    status=401,
                )
            from accounts.services import user_has_confirmed_device

            target = (
                "accounts:two_factor_verify"
                if user_has_confirmed_device(user=user)
                else "accounts:two_factor_setup"
            )
            return redirect(f"{reverse(target)}?next={request.path}")
        return self.get_response(request)
