"""`manage.py load_demo_data`: the personas with stable usernames, synthetic people, idempotent."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from custody.models import CustodyContact
from people.models import Person

USERNAMES = {
    "custody.worker", "custody.worker2", "team.leader", "provider.birmingham",
    "provider.coventry", "police.officer", "police.officer2", "probation.officer",
    "opcc.analyst", "admin", "custody.feed",
}  # fmt: skip


def _load(settings):
    settings.DEMO_PASSWORD = "Synthetic-Demo-Password-1"
    call_command("load_demo_data", people=25, contacts=40, today_per_suite=3, verbosity=0)


def test_demo_data_loads_every_persona_and_is_idempotent(db, settings):
    _load(settings)
    counts = (User.objects.count(), Person.objects.count(), CustodyContact.objects.count())
    _load(settings)
    assert (User.objects.count(), Person.objects.count(), CustodyContact.objects.count()) == counts
    assert set(User.objects.values_list("username", flat=True)) == USERNAMES
    assert counts[1] == 25
    assert User.objects.get(username="admin").check_password("Synthetic-Demo-Password-1")


def test_demo_personas_work_where_the_design_says(db, settings):
    _load(settings)
    worker = User.objects.get(username="custody.worker")
    worker2 = User.objects.get(username="custody.worker2")
    assert worker.custody_suite != worker2.custody_suite
    birmingham = User.objects.get(username="provider.birmingham").provider_services.get()
    coventry = User.objects.get(username="provider.coventry").provider_services.get()
    assert birmingham.local_authority.name == "Birmingham"
    assert coventry.local_authority.name == "Coventry"
    assert birmingham.organisation != coventry.organisation


def test_every_suite_has_detainees_today(db, settings, client):
    _load(settings)
    client.force_login(User.objects.get(username="custody.worker"))
    response = client.get("/custody/today/")
    assert len(response.context["contacts"]) >= 3


def test_demo_data_needs_a_password(db, settings):
    settings.DEMO_PASSWORD = ""
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("load_demo_data")


def test_demo_providers_have_referrals_at_every_stage_in_their_inbox(db, settings, client):
    from treatment.models import Referral

    _load(settings)
    provider = User.objects.get(username="provider.birmingham")
    theirs = Referral.objects.filter(provider_service__in=provider.provider_services.all())
    assert theirs.exists()
    client.force_login(provider)
    page = client.get("/treatment/inbox/").content.decode()
    assert all(referral.reference in page for referral in theirs[:25])
    _load(settings)  # idempotent
    assert Referral.objects.filter(pk__in=theirs).count() == theirs.count()


def test_demo_data_gives_the_task_lists_and_the_alert_banner_something_to_show(
    db, settings, client
):
    from reminders.models import DrugAlert, Reminder

    _load(settings)
    count = Reminder.objects.count()
    _load(settings)
    assert Reminder.objects.count() == count > 0
    assert DrugAlert.objects.count() == 1
    client.force_login(User.objects.get(username="custody.worker"))
    page = client.get("/tasks/")
    assert len(page.context["rows"]) >= 3
    assert b"Synthetic opioids found in heroin" in page.content


def test_demo_court_work_is_at_every_step_for_probation_the_team_and_its_leader(
    db, settings, client
):
    from court.models import CourtOutcome, DrrReview, SuitabilityReport

    _load(settings)
    statuses = set(SuitabilityReport.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "signed_off"}
    outcome = CourtOutcome.objects.get()
    assert outcome.referral is not None  # the order referred them to treatment
    assert DrrReview.objects.filter(outcome=outcome).count() == 17  # 18 months: 17 reviews
    client.force_login(User.objects.get(username="probation.officer"))
    page = client.get("/court/my-requests/").content.decode()
    assert page.count("Signed off") >= 2 and "Awaiting sign-off" in page
    client.force_login(User.objects.get(username="team.leader"))
    submitted = SuitabilityReport.objects.get(status="submitted")
    team_page = client.get("/court/reports/").content.decode()
    assert submitted.reference in team_page
    # One request waits for the team to confirm who it is for (issue 21).
    assert SuitabilityReport.objects.filter(request__isnull=False, person=None).count() == 1
    assert "1 probation request waiting for you to confirm" in team_page
    # One draft was sent back once, with what must change (issue 23).
    from court.models import ReportSendBack

    sent_back = ReportSendBack.objects.get()
    assert sent_back.report.status == "draft" and sent_back.reason
    count = SuitabilityReport.objects.count()
    _load(settings)  # idempotent
    assert SuitabilityReport.objects.count() == count


def test_demo_signposting_directory_covers_every_authority_with_numbers_never_given_out(
    db, settings, client
):
    """Issue 23: each of the seven authorities has its housing, homelessness, domestic abuse and
    liaison-and-diversion services, on Ofcom's drama numbers (0113 496 0000-0999, 020 7946
    0000-0999: never a real line) and example.org websites."""
    import re

    from organisations.models import LocalAuthority, SignpostService

    _load(settings)
    count = SignpostService.objects.count()
    _load(settings)  # idempotent
    assert SignpostService.objects.count() == count == 7 * 4
    for authority in LocalAuthority.objects.all():
        kinds = set(authority.signposts.values_list("kind", flat=True))
        assert kinds == set(SignpostService.Kind.values), authority
    drama = re.compile(r"(0113 496 0\d{3}|020 7946 0\d{3})")
    for service in SignpostService.objects.all():
        assert drama.fullmatch(service.phone), service.phone
        assert re.fullmatch(r"https://[a-z-]+\.example\.org/", service.website), service.website
    assert len(set(SignpostService.objects.values_list("phone", flat=True))) == count
    person = Person.objects.filter(local_authority__isnull=False).first()
    client.force_login(User.objects.get(username="custody.worker"))
    page = client.get(f"/people/{person.pk}/").content.decode()
    assert f"{person.local_authority.name} Housing Options (demo)" in page
