from django.urls import path

from diversion import views

app_name = "diversion"

urlpatterns = [
    path("my-referrals/", views.my_referrals, name="my_referrals"),
    path("refer/", views.refer, name="refer"),
    path("refer/<uuid:draft>/", views.refer, name="refer_draft"),
    path("refer/<uuid:draft>/person/", views.refer_person, name="refer_person"),
    path("referrals/<str:divert_reference>/", views.referral, name="referral"),
    path("cases/", views.cases, name="cases"),
    path("cases/<str:divert_reference>/", views.case, name="case"),
    path("cases/<str:divert_reference>/attempts/", views.attempt, name="attempt"),
    path("cases/<str:divert_reference>/sessions/", views.book, name="book"),
    path(
        "cases/<str:divert_reference>/sessions/<uuid:session_id>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path("cases/<str:divert_reference>/outcome/", views.outcome, name="outcome"),
    path("cases/<str:divert_reference>/close/", views.close, name="close"),
]
