from django.conf import settings

from accounts.access import Capability, can, navigation_for, start_url


def service(request) -> dict:
    """What every page's layout needs: the service name, the viewer's navigation, banners."""
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "service_name": settings.SERVICE_NAME,
        "primary_navigation": navigation_for(user, request.path) if signed_in else [],
        "home_url": start_url(user) if signed_in else "/",
        "search_box": signed_in and can(user, Capability.SEARCH),
        "two_factor_off": not settings.REQUIRE_2FA,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
