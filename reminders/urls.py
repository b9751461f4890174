from django.urls import path

from reminders import views

app_name = "reminders"

urlpatterns = [
    path("tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/team/", views.team_tasks, name="team_tasks"),
    path("tasks/<uuid:reminder_id>/done/", views.task_done, name="task_done"),
    path("tasks/<uuid:reminder_id>/assign/", views.task_assign, name="task_assign"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/new/", views.alert_publish, name="alert_publish"),
    path("alerts/new/check/", views.alert_check, name="alert_check"),
    path("alerts/<uuid:alert_id>/", views.alert_detail, name="alert_detail"),
    path("alerts/<uuid:alert_id>/withdraw/", views.alert_withdraw, name="alert_withdraw"),
    path(
        "alerts/<uuid:alert_id>/acknowledge/",
        views.alert_acknowledge,
        name="alert_acknowledge",
    ),
]
