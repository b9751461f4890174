from django.urls import path

from dpo import views

app_name = "audit"  # the URL names stay audit:log and audit:export

urlpatterns = [
    path("", views.log, name="log"),
    path("find-person/", views.find_person, name="find_person"),
    path("export.csv", views.export, name="export"),
]
