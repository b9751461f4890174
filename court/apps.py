from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"

    def ready(self):
        from core.panels import panel_register
        from court.selectors import reports_of_person, timeline_of_person
        from court.services import requests_unlinked_anonymise
        from people.retention import retention_unlinked_register
        from people.selectors import timeline_source

        panel_register(
            page="person",
            name="court_reports",
            load=lambda *, user, subject: reports_of_person(user=user, person=subject),
        )
        retention_unlinked_register(
            one="probation request nobody confirmed",
            many="probation requests nobody confirmed",
            sweep=requests_unlinked_anonymise,
        )
        timeline_source(timeline_of_person)
