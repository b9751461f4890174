from django.urls import path

from diversion import views

app_name = "diversion"

urlpatterns = [path("my-referrals/", views.my_referrals, name="my_referrals")]
