from django.apps import AppConfig


class TreatmentConfig(AppConfig):
    name = "treatment"

    def ready(self):
        from core.panels import panel_register
        from people.selectors import shared_person_requires, timeline_source
        from treatment import selectors

        # A provider sees a person only while a referral to its service is live (issue 21).
        shared_person_requires(selectors.live_referral_to_users_services)

        def of_person(*, user, subject):
            return selectors.referrals_of_person(user=user, person=subject)

        def from_contact(*, user, subject):
            return (
                selectors.referrals_for(user=user)
                .filter(custody_contact=subject)
                .select_related("provider_service")
            )

        panel_register(page="person", name="referrals", load=of_person)
        panel_register(page="person_shared", name="referrals", load=of_person)
        panel_register(page="custody_contact", name="referrals", load=from_contact)
        timeline_source(selectors.timeline_of_person)
