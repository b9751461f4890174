"""Retention (decision 0009) reaches probation requests nobody confirmed: what probation typed,
and the report written against it, are about a person even while no record is linked, so they
go after RETENTION_YEARS without activity, as a linked request goes with its person.

Source: UK GDPR Art 5(1)(e) (storage limitation); Data Protection Act 2018 s39 (law enforcement:
kept no longer than necessary)."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from audit.models import AccessLog
from court.models import ProbationRequest, ReportSendBack, SuitabilityReport
from court.services import report_save, report_send_back, report_submit
from people.retention import retention_run
from tests.court.conftest import drr_content

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2019, 3, 12, 10, 0, tzinfo=datetime.UTC)
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)  # 7 years on
TYPED_BIRTH = datetime.date(1991, 3, 4)


@pytest.fixture
def old_unlinked(make_request, custody_worker, team_leader, time_machine):
    """A request from March 2019 that nobody confirmed, with a draft report written against it."""
    time_machine.move_to(LONG_AGO, tick=False)
    request = make_request(
        linked=False,
        given_name="Tamsin",
        family_name="Typedonly",
        date_of_birth=TYPED_BIRTH,
        postcode="B5 4TT",
        notes="Synthetic: lives with a named partner",
    )
    report = report_save(report=request.reports.get(), by=custody_worker, data=drr_content())
    report = report_submit(report=report, by=custody_worker)
    report_send_back(report=report, by=team_leader, reason="Synthetic: ask about her partner")
    return request


def test_an_unlinked_request_inactive_for_the_retention_period_is_anonymised(
    old_unlinked, time_machine
):
    time_machine.move_to(NOW, tick=False)
    retention_run()
    request = ProbationRequest.objects.get(pk=old_unlinked.pk)
    assert (request.given_name, request.family_name, request.notes) == ("[removed]",) * 3
    assert (request.pnc_id, request.postcode) == ("", "")
    assert request.date_of_birth == datetime.date(1991, 1, 1)
    assert request.anonymised_at is not None
    assert request.court == "Birmingham Magistrates' Court"  # a place, kept for the figures
    report = SuitabilityReport.objects.get(request=request)
    assert report.dependency_notes == report.reasons == "[removed]"
    assert report.misuse == "drugs" and report.recommendation == "drr"  # codes stay
    assert report.reference.startswith("CR-")
    assert ReportSendBack.objects.get(report=report).reason == "[removed]"


def test_an_unlinked_request_with_recent_activity_on_its_report_is_kept(
    old_unlinked, custody_worker, time_machine
):
    time_machine.move_to(NOW - datetime.timedelta(days=365), tick=False)
    report_save(
        report=old_unlinked.reports.get(), by=custody_worker, data=drr_content(reasons="Updated")
    )
    time_machine.move_to(NOW, tick=False)
    retention_run()
    request = ProbationRequest.objects.get(pk=old_unlinked.pk)
    assert request.given_name == "Tamsin" and request.anonymised_at is None


def test_anonymising_unlinked_requests_is_idempotent_audited_and_leaves_the_list_to_link(
    old_unlinked, client, custody_worker, time_machine
):
    time_machine.move_to(NOW, tick=False)
    retention_run()
    first = ProbationRequest.objects.get(pk=old_unlinked.pk).anonymised_at
    retention_run()
    assert ProbationRequest.objects.get(pk=old_unlinked.pk).anonymised_at == first
    logged = AccessLog.objects.filter(
        object_type="court.probationrequest", object_id=str(old_unlinked.pk)
    )
    assert logged.count() == 1
    assert "retention" in logged.get().detail
    # Nobody is asked to confirm who "[removed] [removed]" is.
    client.force_login(custody_worker)
    page = client.get("/court/requests-to-link/").content.decode()
    assert "[removed]" not in page
    assert str(old_unlinked.pk) not in page


def test_anonymise_inactive_dry_run_counts_unlinked_requests_and_changes_nothing(
    old_unlinked, time_machine
):
    time_machine.move_to(NOW, tick=False)
    out = StringIO()
    call_command("anonymise_inactive", "--dry-run", stdout=out)
    assert "1 probation request nobody confirmed would be anonymised" in out.getvalue()
    assert "Tamsin" not in out.getvalue()
    assert ProbationRequest.objects.get(pk=old_unlinked.pk).given_name == "Tamsin"
