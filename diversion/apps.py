from django.apps import AppConfig


class DiversionConfig(AppConfig):
    name = "diversion"
