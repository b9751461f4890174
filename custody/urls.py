from django.urls import path

from custody import views

app_name = "custody"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("team/", views.team, name="team"),
    path("team/contacts/", views.team_contacts, name="team_contacts"),
    path("contacts/new/", views.record, name="record"),
    path("contacts/new/person/", views.choose_person, name="choose_person"),
    path("contacts/<uuid:contact_id>/", views.contact, name="contact"),
    path("contacts/<uuid:contact_id>/notice/", views.notice, name="notice"),
    path("contacts/<uuid:contact_id>/assign/", views.contact_assign, name="contact_assign"),
    path("contacts/<uuid:contact_id>/<slug:part>/", views.contact_part, name="contact_part"),
]
