"""Issue 23: the worker writing a suitability report and the team leader signing it off see the
court, the hearing, the deadline and probation's note at the top; sending a report back needs a
reason, which stays in the report's history and is shown to the writer; the team's list shows
court, hearing date, deadline and who is writing each report."""

from __future__ import annotations

import datetime
import html

import pytest
import time_machine

from court import services
from court.models import ReportSendBack
from tests.court.conftest import drr_content

pytestmark = pytest.mark.django_db

NOTE = "Defendant is hard of hearing: please see him with his support worker (synthetic)."
# A Monday, so the working days to the deadline are plain to count.
TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def submitted(make_request, custody_worker):
    def make(**request):
        report = make_request(notes=NOTE, **request).reports.get()
        services.report_save(report=report, by=custody_worker, data=drr_content())
        return services.report_submit(report=report, by=custody_worker)

    return make


def _top(page: str) -> str:
    """The page before the shared assessment's answers and the report's own content."""
    return page.split("From the shared assessment")[0].split(
        '<h2 class="govuk-heading-m">The report'
    )[0]


@time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False)
def test_the_writer_sees_court_hearing_deadline_and_probations_note_at_the_top(
    client, make_request, custody_worker
):
    report = make_request(
        notes=NOTE,
        court="Wolverhampton Magistrates' Court",
        hearing_date=datetime.date(2027, 3, 19),
        report_deadline=datetime.date(2027, 3, 12),
    ).reports.get()
    client.force_login(custody_worker)
    top = _top(html.unescape(client.get(f"/court/reports/{report.reference}/").content.decode()))
    assert "Wolverhampton Magistrates' Court" in top
    assert "19 March 2027" in top
    # Friday 12 March is the 9th working day after Monday 1 March.
    assert "12 March 2027" in top and "9 working days from today" in top
    assert NOTE in top


@time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False)
def test_the_team_leader_signing_off_sees_court_hearing_deadline_and_probations_note(
    client, submitted, team_leader
):
    report = submitted(
        court="Walsall Magistrates' Court",
        hearing_date=datetime.date(2027, 3, 19),
        report_deadline=datetime.date(2027, 3, 12),
    )
    client.force_login(team_leader)
    page = html.unescape(
        client.get(f"/court/reports/{report.reference}/sign-off/").content.decode()
    )
    top = page.split("Dependency or propensity to misuse")[0]
    assert "Walsall Magistrates' Court" in top and "19 March 2027" in top
    assert "12 March 2027" in top and NOTE in top


def test_a_report_started_from_custody_says_probation_left_no_note(
    client, make_contact, custody_worker
):
    from tests.court.conftest import in_days

    report = services.report_start_from_contact(
        contact=make_contact(),
        by=custody_worker,
        court="Coventry Magistrates' Court",
        hearing_date=in_days(20),
        report_deadline=in_days(10),
    )
    client.force_login(custody_worker)
    top = _top(client.get(f"/court/reports/{report.reference}/").content.decode())
    assert "Not requested by probation" in top


def test_sending_a_report_back_without_a_reason_is_refused_with_the_forms_error(
    client, submitted, team_leader
):
    report = submitted()
    client.force_login(team_leader)
    response = client.post(
        f"/court/reports/{report.reference}/sign-off/", {"decision": "send_back", "reason": " "}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and "Say what must change" in body
    report.refresh_from_db()
    assert report.status == "submitted"
    assert not ReportSendBack.objects.exists()


def test_the_service_refuses_a_send_back_without_a_reason(submitted, team_leader):
    from django.core.exceptions import ValidationError

    report = submitted()
    with pytest.raises(ValidationError) as refused:
        services.report_send_back(report=report, by=team_leader, reason="")
    assert "reason" in refused.value.message_dict
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_send_back_reason_is_kept_in_the_history_and_shown_to_the_writer(
    client, submitted, team_leader, custody_worker
):
    report = submitted()
    client.force_login(team_leader)
    reason = "Say which provider service has a place, and from when (synthetic)."
    response = client.post(
        f"/court/reports/{report.reference}/sign-off/",
        {"decision": "send_back", "reason": reason},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "draft"
    sent_back = ReportSendBack.objects.get(report=report)
    assert sent_back.reason == reason and sent_back.created_by == team_leader

    client.force_login(custody_worker)
    page = html.unescape(client.get(f"/court/reports/{report.reference}/").content.decode())
    assert "Sent back" in page and reason in page
    assert team_leader.get_full_name() in page

    # Submitted again and signed off: the reason stays in the report's history.
    services.report_submit(report=report, by=custody_worker)
    services.report_sign_off(report=report, by=team_leader)
    page = html.unescape(client.get(f"/court/reports/{report.reference}/").content.decode())
    assert reason in page


def test_a_sign_off_needs_no_reason(client, submitted, team_leader):
    report = submitted()
    client.force_login(team_leader)
    response = client.post(
        f"/court/reports/{report.reference}/sign-off/", {"decision": "approve", "reason": ""}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "signed_off"


def test_the_writer_is_who_started_or_first_saved_the_report(
    make_request, make_contact, custody_worker, team_leader
):
    from tests.court.conftest import in_days

    requested = make_request().reports.get()
    assert requested.writer is None  # probation asked; nobody in the team has started it
    services.report_save(report=requested, by=custody_worker, data={"reasons": "Started."})
    services.report_save(report=requested, by=team_leader, data={"reasons": "Edited."})
    requested.refresh_from_db()
    assert requested.writer == custody_worker  # a later edit by someone else does not take it

    started = services.report_start_from_contact(
        contact=make_contact(),
        by=team_leader,
        court="Dudley Magistrates' Court",
        hearing_date=in_days(20),
        report_deadline=in_days(10),
    )
    assert started.writer == team_leader


def test_the_teams_list_shows_court_hearing_deadline_and_who_is_writing_it(
    client, make_request, custody_worker
):
    from tests.court.conftest import in_days

    written = make_request(
        court="Solihull Magistrates' Court", hearing_date=in_days(30), report_deadline=in_days(9)
    ).reports.get()
    services.report_save(report=written, by=custody_worker, data={"reasons": "Started."})
    unstarted = make_request(given_name="Unstarted", court="Sandwell Magistrates' Court")
    client.force_login(custody_worker)
    page = html.unescape(client.get("/court/reports/").content.decode())
    table = page.split("Reports to finish")[1].split("Signed off")[0]
    for header in ("Court", "Hearing", "Deadline", "Writer"):
        assert f">{header}</th>" in table, header
    row = table.split(f">{written.reference}<")[1].split("</tr>")[0]
    assert "Solihull Magistrates' Court" in row
    assert f"{in_days(30):%-d %b %Y}" in row and f"{in_days(9):%-d %b %Y}" in row
    assert custody_worker.get_full_name() in row
    row = table.split(f">{unstarted.reports.get().reference}<")[1].split("</tr>")[0]
    assert "Sandwell Magistrates' Court" in row and "Not started" in row


def test_a_correction_is_written_by_who_started_it(signed_off_report, team_leader):
    report = signed_off_report()
    new = services.report_correct(report=report, by=team_leader, reason="Wrong length.")
    assert new.writer == team_leader
