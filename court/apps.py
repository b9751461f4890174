from django.apps import AppConfig


class CourtConfig(AppConfig):
    name = "court"
