from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from assessments.services import (
            assessments_make_room_for_merge,
            assessments_renumber_after_merge,
        )
        from people.hooks import on_merge

        on_merge(before=assessments_make_room_for_merge, after=assessments_renumber_after_merge)
