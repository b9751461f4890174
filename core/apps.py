from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Shared base"

    def ready(self):
        from core.logging import install

        install()  # no personal data in any log record (core.logging)
