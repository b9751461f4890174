from django.urls import path

from treatment import views

app_name = "treatment"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("refer/<uuid:person_id>/", views.refer, name="refer"),
    path("refer/<uuid:person_id>/check/", views.refer_check, name="refer_check"),
    path("refer/contact/<uuid:contact_id>/", views.refer_from_contact, name="refer_from_contact"),
    path(
        "refer/contact/<uuid:contact_id>/check/",
        views.refer_from_contact_check,
        name="refer_from_contact_check",
    ),
    path("refer/divert/<str:divert_reference>/", views.refer_from_divert, name="refer_from_divert"),
    path(
        "refer/divert/<str:divert_reference>/check/",
        views.refer_from_divert_check,
        name="refer_from_divert_check",
    ),
    path("referrals/<str:reference>/", views.referral_detail, name="referral"),
    path("referrals/<str:reference>/accept/", views.accept, name="accept"),
    path("referrals/<str:reference>/decline/", views.decline, name="decline"),
    path("referrals/<str:reference>/appointments/new/", views.book, name="book"),
    path(
        "referrals/<str:reference>/appointments/<uuid:appointment_id>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("referrals/<str:reference>/engaged/", views.engaged, name="engaged"),
    path("referrals/<str:reference>/close/", views.close, name="close"),
    path("referrals/<str:reference>/pack/", views.pack, name="pack"),
]
