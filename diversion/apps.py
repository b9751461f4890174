from django.apps import AppConfig


class DiversionConfig(AppConfig):
    name = "diversion"

    def ready(self):
        from diversion.selectors import timeline_of_person
        from people.selectors import timeline_source

        timeline_source(timeline_of_person)
