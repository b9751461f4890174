from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "reminders"

    def ready(self):
        from people.hooks import on_merge
        from reminders.services import reminders_after_merge

        on_merge(after=reminders_after_merge)
