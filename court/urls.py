from django.urls import path

from court import views

app_name = "court"

urlpatterns = [
    # Probation: their own requests, and the reports once signed off.
    path("my-requests/", views.my_requests, name="my_requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<uuid:request_id>/", views.request_detail, name="request"),
    path("requests/<uuid:request_id>/report.pdf", views.request_pdf, name="request_pdf"),
    # The service: reports by deadline, each report's page and its steps.
    path("reports/", views.reports, name="reports"),
    path("requests-to-link/", views.link_requests, name="link_requests"),
    path("requests/<uuid:request_id>/link/", views.link_request, name="link_request"),
    path("contacts/<uuid:contact_id>/report/", views.start_from_contact, name="start"),
    path("reports/<str:report_reference>/", views.report, name="report"),
    path("reports/<str:report_reference>/submit/", views.submit, name="submit"),
    path("reports/<str:report_reference>/sign-off/", views.sign_off, name="sign_off"),
    path("reports/<str:report_reference>/correct/", views.correct, name="correct"),
    path("reports/<str:report_reference>/outcome/", views.outcome, name="outcome"),
    path("reviews/<uuid:review_id>/", views.review, name="review"),
]
