from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import home
from custody import api as custody_api
from diversion import api as diversion_api
from people import api as people_api
from referral_service import api, views
from treatment import api as treatment_api

handler400 = "referral_service.views.bad_request"
handler404 = "referral_service.views.page_not_found"
handler500 = "referral_service.views.server_error"


def _admin_sign_in(request, extra_context=None):
    """The Django admin signs in through the service's own sign-in (lockout, 2FA); staff only."""
    if request.user.is_authenticated:
        raise Http404
    return redirect_to_login(request.GET.get("next", "/django-admin/"))


admin.site.login = _admin_sign_in
admin.site.site_header = "Arrest Referral Service administration"


api_v1 = [
    path("me/", api.me, name="me"),
    path("people/matches/", people_api.matches, name="people-matches"),
    path("custody/contacts/", custody_api.contacts, name="custody-contacts"),
    path("divert/referrals/", diversion_api.referrals, name="divert-referrals"),
    path(
        "divert/referrals/<str:divert_reference>/",
        diversion_api.referral,
        name="divert-referral",
    ),
    path("treatment/referrals/", treatment_api.referrals, name="treatment-referrals"),
    path(
        "treatment/referrals/<str:reference>/",
        treatment_api.referral,
        name="treatment-referral",
    ),
    path(
        "treatment/referrals/<str:reference>/accept/",
        treatment_api.accept,
        name="treatment-referral-accept",
    ),
    path(
        "treatment/referrals/<str:reference>/decline/",
        treatment_api.decline,
        name="treatment-referral-decline",
    ),
    path(
        "treatment/referrals/<str:reference>/appointments/",
        treatment_api.appointments,
        name="treatment-referral-appointments",
    ),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("accounts/", include("accounts.urls")),
    path("people/", include("people.urls")),
    path("people/", include("assessments.urls")),
    path("custody/", include("custody.urls")),
    path("treatment/", include("treatment.urls")),
    path("divert/", include("diversion.urls")),
    path("court/", include("court.urls")),
    path("dashboard/", include("reporting.urls")),
    path("extracts/", include("reporting.extract_urls")),
    path("audit/", include("dpo.urls")),
    path("search/", include("search.urls")),
    path("", include("reminders.urls")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
