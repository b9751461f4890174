from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"

    def ready(self):
        from core.panels import panel_register
        from court.selectors import reports_of_person, timeline_of_person
        from people.selectors import timeline_source

        panel_register(
            page="person",
            name="court_reports",
            load=lambda *, user, subject: reports_of_person(user=user, person=subject),
        )
        timeline_source(timeline_of_person)
