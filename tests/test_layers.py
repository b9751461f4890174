"""The apps above `people` and `custody` reach those pages and a merge through what they
register in AppConfig.ready() (docs/decisions/0017), never by being imported from below."""

from core.panels import panels_registered


def test_the_person_page_has_the_panels_of_every_app_above_people():
    assert panels_registered(page="person") == {
        "currency", "draft", "versions", "referrals", "court_reports",
    }  # fmt: skip
    # The provider's page: the latest completed assessment and their referrals, nothing more.
    assert panels_registered(page="person_shared") == {"assessment", "referrals"}


def test_the_custody_contact_page_has_the_referrals_made_from_it():
    assert panels_registered(page="custody_contact") == {"referrals"}


def test_assessments_and_reminders_take_part_in_every_merge():
    from assessments.services import (
        assessments_make_room_for_merge,
        assessments_renumber_after_merge,
    )
    from people import hooks
    from reminders.services import reminders_after_merge

    assert hooks._before_merge == [assessments_make_room_for_merge]
    assert set(hooks._after_merge) == {assessments_renumber_after_merge, reminders_after_merge}


def test_reminder_services_queue_the_tasks_by_their_real_names():
    """Tasks import services; services queue tasks by name (neither imports the other), so a
    renamed task must fail here, not silently in production."""
    from reminders import services, tasks

    assert tasks.reminder_send.name == services.SEND_TASK
    assert tasks.reminder_reconcile.name == services.RECONCILE_TASK
