from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self):
        from assessments import selectors
        from assessments.services import (
            assessments_make_room_for_merge,
            assessments_renumber_after_merge,
        )
        from core.panels import panel_register
        from people.hooks import on_merge
        from people.subject_access import readable_register

        on_merge(before=assessments_make_room_for_merge, after=assessments_renumber_after_merge)
        # The person's page: the team's view, and the provider's (the latest completed
        # assessment only, a read of it logged).
        panel_register(
            page="person",
            name="currency",
            load=lambda *, user, subject: selectors.assessment_currency(person=subject),
        )
        panel_register(
            page="person",
            name="draft",
            load=lambda *, user, subject: selectors.draft_of(person=subject),
        )
        panel_register(
            page="person",
            name="versions",
            load=lambda *, user, subject: selectors.assessments_for(user=user, person=subject),
        )
        panel_register(
            page="person_shared",
            name="assessment",
            load=lambda *, user, subject: selectors.latest_completed(person=subject),
            audited=True,
        )
        # The subject access PDF reads the answers as the assessment's own pages show them.
        readable_register(
            model="assessments.assessment",
            field="sections",
            render=selectors.assessment_questions_and_answers,
        )
