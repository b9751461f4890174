from django.urls import path

from court import views

app_name = "court"

urlpatterns = [path("my-requests/", views.my_requests, name="my_requests")]
