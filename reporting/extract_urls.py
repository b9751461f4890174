"""The team's extracts (person-level, for the service's own staff): /extracts/."""

from django.urls import path

from reporting import views

app_name = "extracts"

urlpatterns = [path("ndtms/", views.ndtms_extract, name="ndtms")]
