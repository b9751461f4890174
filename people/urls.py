from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("find/", views.find, name="find"),
    path("add/", views.add, name="add"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/edit/", views.edit, name="edit"),
    path("<uuid:person_id>/consent/", views.consent_add, name="consent_add"),
    path(
        "<uuid:person_id>/consent/<uuid:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<uuid:person_id>/ndtms-consent/", views.ndtms_consent, name="ndtms_consent"),
    path("<uuid:person_id>/other-names/", views.alias_add, name="alias_add"),
    path("<uuid:person_id>/flags/", views.flag_add, name="flag_add"),
    path("<uuid:person_id>/flags/<uuid:flag_id>/clear/", views.flag_clear, name="flag_clear"),
    path("<uuid:person_id>/merge/", views.merge, name="merge"),
    # Subject access: administrators only (404 for everyone else).
    path("subject-access/", views.subject_access, name="subject_access"),
    path("subject-access/by-name/", views.subject_access_by_name, name="subject_access_by_name"),
    path(
        "<uuid:person_id>/subject-access/",
        views.subject_access_person,
        name="subject_access_person",
    ),
    path(
        "<uuid:person_id>/subject-access/export.json",
        views.subject_access_json,
        name="subject_access_json",
    ),
    path(
        "<uuid:person_id>/subject-access/export.pdf",
        views.subject_access_pdf,
        name="subject_access_pdf",
    ),
]
