"""Court, in a browser: probation requests a suitability report → a custody worker confirms who
it is for and completes it → a team leader signs it off → probation reads it, as they typed it."""

import datetime

import pytest
from django.utils import timezone

from court.models import SuitabilityReport
from tests.e2e.conftest import sign_in
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _switch(page, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def test_probation_requests_worker_completes_leader_signs_off_probation_reads(page):
    for username in ("probation.officer", "custody.worker", "team.leader"):
        make_persona(username)
    today = timezone.localdate()
    # Probation asks for the report.
    sign_in(page, "probation.officer")
    page.wait_for_url("**/court/my-requests/")
    page.get_by_role("button", name="Request a suitability report").click()
    page.get_by_label("Given name").fill("Jory")
    page.get_by_label("Family name").fill("Marlow")
    _fill_date(page, "Date of birth", datetime.date(1987, 4, 3))
    page.get_by_label("Court", exact=True).fill("Birmingham Magistrates' Court")
    _fill_date(page, "Hearing date", today + datetime.timedelta(days=21))
    page.get_by_label("Standard written (within 15 working days)").check()
    _fill_date(page, "Report deadline", today + datetime.timedelta(days=14))
    page.get_by_role("button", name="Request the report").click()
    page.wait_for_load_state()
    assert "In progress" in page.content()
    request_url = page.url
    reference = SuitabilityReport.objects.get().reference

    # A custody worker finds it on their list, completes and submits it.
    _switch(page, "custody.worker")
    page.goto("/court/reports/")
    page.get_by_role("link", name=reference).click()
    page.wait_for_load_state()
    # Nobody is on record as Jory Marlow: the worker confirms this is someone new.
    assert "The person named in the request" in page.content()
    page.get_by_role("button", name="Confirm who this is").click()
    page.get_by_label("None of these: add Jory Marlow as a new person").check()
    page.get_by_role("button", name="Confirm who this is").click()
    page.wait_for_load_state()
    assert "is now for Jory Marlow" in page.content()
    page.get_by_role("group", name="propensity to misuse").get_by_label("Drugs", exact=True).check()
    for legend in (
        "Do they require treatment?",
        "May they be susceptible to treatment?",
        "Can treatment be arranged?",
        "Are they willing to comply with the requirement?",
        "Are they willing to be tested?",
    ):
        page.get_by_role("group", name=legend).get_by_label("Yes").check()
    page.get_by_label("Provider service").select_option(index=1)
    page.get_by_role("group", name="Recommendation").get_by_label(
        "Drug Rehabilitation Requirement (DRR)"
    ).check()
    page.get_by_label("Reasons for the recommendation").fill(
        "Acquisitive offending driven by crack cocaine use (synthetic)."
    )
    page.get_by_label("Proposed length (months)").fill("9")
    page.get_by_role("button", name="Save the report").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Submit for sign-off").click()
    page.wait_for_load_state()
    assert "Submitted for sign-off" in page.content()

    # The team leader signs it off.
    _switch(page, "team.leader")
    page.goto(f"/court/reports/{reference}/")
    page.get_by_role("link", name="Sign off or send back").click()
    page.get_by_label("Yes, sign it off").check()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert SuitabilityReport.objects.get().status == "signed_off"

    # Probation reads the report.
    _switch(page, "probation.officer")
    page.goto(request_url)
    body = page.content()
    assert "Signed off" in body
    assert "Acquisitive offending driven by crack cocaine use (synthetic)." in body
    assert page.get_by_role("link", name="Download the report (PDF)").is_visible()
