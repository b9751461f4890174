from django.urls import path

from treatment import views

app_name = "treatment"

urlpatterns = [path("inbox/", views.inbox, name="inbox")]
