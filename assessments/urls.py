from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("<uuid:person_id>/assessment/start/", views.start, name="start"),
    path("<uuid:person_id>/assessment/", views.task_list, name="task_list"),
    path("<uuid:person_id>/assessment/complete/", views.complete, name="complete"),
    path("<uuid:person_id>/assessment/discard/", views.discard, name="discard"),
    path("<uuid:person_id>/assessment/check/", views.check, name="check"),
    path("<uuid:person_id>/assessment/page/<slug:page_key>/", views.page, name="page"),
    path("<uuid:person_id>/assessment/<slug:key>/", views.section, name="section"),
    path("<uuid:person_id>/assessments/<uuid:assessment_id>/", views.version, name="version"),
]
