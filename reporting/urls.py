from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures.csv", views.export_csv, name="export_csv"),
    path("figures.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<slug:section>/", views.section, name="section"),
]
