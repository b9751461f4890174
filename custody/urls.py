from django.urls import path

from custody import views

app_name = "custody"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("team/", views.team, name="team"),
]
