"""DRR/ATR suitability: probation's request, the report's sign-off and lock, corrections, the
PDF, the court outcome's referral and the monthly reviews of a long DRR."""

from __future__ import annotations

import datetime
import html
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from pypdf import PdfReader

from audit.models import AccessLog
from court import services
from court.models import CourtOutcome, DrrReview, SuitabilityReport
from organisations.models import ProviderService
from people.services import consent_give
from reminders.models import Reminder
from tests.court.conftest import drr_content, in_days
from treatment.models import Referral

pytestmark = pytest.mark.django_db


def _consent_to_birmingham(person, by):
    consent_give(
        person=person,
        recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=by,
    )


# --- Probation's request ----------------------------------------------------------------------


def test_a_probation_request_puts_a_draft_report_with_its_deadline_on_the_teams_list(
    make_request, custody_worker
):
    request = make_request()
    report = request.reports.get()
    assert report.reference.startswith("CR-") and len(report.reference) == 12
    assert report.status == "draft" and report.report_deadline == request.report_deadline
    assert report.person == request.person
    assert report in services_reports(custody_worker)


def services_reports(user):
    from court.selectors import reports_for

    return list(reports_for(user=user))


def test_the_team_is_reminded_of_the_report_deadline_the_day_before(make_request):
    request = make_request(report_deadline=in_days(10))
    reminder = Reminder.objects.get(kind="psr_deadline", subject_id=str(request.reports.get().pk))
    assert reminder.due_at.date() == in_days(9)


def test_a_report_deadline_after_the_hearing_is_refused(make_request):
    with pytest.raises(ValidationError) as error:
        make_request(hearing_date=in_days(5), report_deadline=in_days(7))
    assert "report_deadline" in error.value.message_dict


def test_a_probation_officer_requests_and_reads_the_report_once_signed_off(
    client, probation_officer, custody_worker, team_leader
):
    client.force_login(probation_officer)
    response = client.post(
        "/court/requests/new/",
        {
            "given_name": "Caspian",
            "family_name": "Courtney",
            "date_of_birth_0": "6",
            "date_of_birth_1": "5",
            "date_of_birth_2": "1988",
            "court": "Birmingham Magistrates' Court",
            "hearing_date_0": str(in_days(21).day),
            "hearing_date_1": str(in_days(21).month),
            "hearing_date_2": str(in_days(21).year),
            "report_deadline_0": str(in_days(14).day),
            "report_deadline_1": str(in_days(14).month),
            "report_deadline_2": str(in_days(14).year),
            "report_kind": "standard",
        },
    )
    assert response.status_code == 302
    request_url = response["Location"]
    report = SuitabilityReport.objects.get()
    services.request_link(request=report.request, person=None, by=custody_worker)
    report.refresh_from_db()
    # Before sign-off: the status only.
    page = client.get(request_url).content.decode()
    assert "In progress" in page and "Offending is driven" not in page
    assert client.get(request_url + "report.pdf").status_code == 404
    services.report_save(report=report, by=custody_worker, data=drr_content())
    services.report_submit(report=report, by=custody_worker)
    assert "Awaiting sign-off" in client.get(request_url).content.decode()
    services.report_sign_off(report=report, by=team_leader)
    page = client.get(request_url).content.decode()
    assert "Signed off" in page and "Offending is driven by opiate dependency" in page
    assert AccessLog.objects.filter(
        user=probation_officer, action=AccessLog.Action.VIEW, person_id=report.person_id
    ).exists()
    assert "Caspian Courtney" in client.get("/court/my-requests/").content.decode()


def test_another_probation_officer_gets_404_for_the_request_and_its_report(
    client, signed_off_report, probation_officer2
):
    report = signed_off_report()
    client.force_login(probation_officer2)
    assert client.get(f"/court/requests/{report.request_id}/").status_code == 404
    assert client.get(f"/court/requests/{report.request_id}/report.pdf").status_code == 404
    assert "Courtney" not in client.get("/court/my-requests/").content.decode()


def test_probation_cannot_reach_the_services_report_pages(
    client, signed_off_report, probation_officer
):
    report = signed_off_report()
    client.force_login(probation_officer)
    assert client.get(f"/court/reports/{report.reference}/").status_code == 404
    assert client.get("/court/reports/").status_code == 404


# --- Sign-off, the lock, corrections ---------------------------------------------------------


def test_a_report_cannot_be_submitted_without_a_recommendation_and_reasons(
    make_request, custody_worker
):
    report = make_request().reports.get()
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=custody_worker)
    assert {"recommendation", "reasons"} <= set(error.value.message_dict)


def test_a_drr_over_12_months_needs_review_arrangements(make_request, custody_worker):
    report = make_request().reports.get()
    services.report_save(report=report, by=custody_worker, data=drr_content(review_arrangements=""))
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=custody_worker)
    assert "review_arrangements" in error.value.message_dict


def test_a_custody_worker_cannot_sign_off(client, make_request, custody_worker):
    report = make_request().reports.get()
    services.report_save(report=report, by=custody_worker, data=drr_content())
    services.report_submit(report=report, by=custody_worker)
    with pytest.raises(PermissionError):
        services.report_sign_off(report=report, by=custody_worker)
    client.force_login(custody_worker)
    assert client.get(f"/court/reports/{report.reference}/sign-off/").status_code == 404
    assert (
        client.post(
            f"/court/reports/{report.reference}/sign-off/", {"decision": "approve"}
        ).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_team_leader_signs_off_on_the_approve_page_and_the_deadline_reminder_is_cancelled(
    client, make_request, custody_worker, team_leader
):
    report = make_request().reports.get()
    services.report_save(report=report, by=custody_worker, data=drr_content())
    services.report_submit(report=report, by=custody_worker)
    client.force_login(team_leader)
    page = client.get(f"/court/reports/{report.reference}/sign-off/")
    assert page.status_code == 200 and "Sign off the report" in page.content.decode()
    response = client.post(f"/court/reports/{report.reference}/sign-off/", {"decision": "approve"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "signed_off" and report.signed_off_by == team_leader
    reminder = Reminder.objects.get(kind="psr_deadline", subject_id=str(report.pk))
    assert reminder.state == "cancelled"


def test_a_signed_off_report_cannot_be_edited(client, signed_off_report, custody_worker):
    report = signed_off_report()
    with pytest.raises(services.ReportConflict):
        services.report_save(report=report, by=custody_worker, data={"reasons": "Changed"})
    client.force_login(custody_worker)
    client.post(f"/court/reports/{report.reference}/", {"reasons": "Changed by a form"})
    report.refresh_from_db()
    assert report.reasons.startswith("Offending is driven")


def test_a_correction_makes_a_new_version_with_the_reason(signed_off_report, custody_worker):
    report = signed_off_report()
    with pytest.raises(ValidationError):
        services.report_correct(report=report, by=custody_worker, reason=" ")
    new = services.report_correct(
        report=report, by=custody_worker, reason="Wrong start date for treatment"
    )
    assert (new.reference, new.version, new.status) == (report.reference, 2, "draft")
    assert new.correction_reason == "Wrong start date for treatment"
    assert new.reasons == report.reasons
    services.report_save(report=new, by=custody_worker, data={"treatment_start": in_days(40)})
    report.refresh_from_db()
    assert report.status == "signed_off" and report.treatment_start == in_days(30)
    # Two corrections of the same version: the second is refused.
    with pytest.raises(services.ReportConflict):
        services.report_correct(report=report, by=custody_worker, reason="Again")


def test_probation_keep_reading_the_signed_off_version_while_a_correction_is_drafted(
    client, signed_off_report, custody_worker, probation_officer
):
    report = signed_off_report()
    services.report_correct(report=report, by=custody_worker, reason="Typo in reasons")
    client.force_login(probation_officer)
    page = client.get(f"/court/requests/{report.request_id}/").content.decode()
    assert "a correction is in progress" in page and "version 1" in page


def test_a_later_version_without_a_reason_is_refused_by_the_database(signed_off_report):
    report = signed_off_report()
    with pytest.raises(IntegrityError):
        SuitabilityReport.objects.create(
            reference=report.reference,
            version=2,
            person=report.person,
            court=report.court,
            hearing_date=report.hearing_date,
            report_deadline=report.report_deadline,
        )


# --- The PDF ----------------------------------------------------------------------------------


def test_the_pdf_contains_the_recommendation_reasons_and_deadline(
    client, signed_off_report, probation_officer
):
    report = signed_off_report()
    client.force_login(probation_officer)
    response = client.get(f"/court/requests/{report.request_id}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Drug Rehabilitation Requirement (DRR), 18 months" in text
    assert "Offending is driven by opiate dependency; motivated to engage." in text
    assert f"Report deadline {report.report_deadline:%-d %B %Y}" in text
    assert AccessLog.objects.filter(
        user=probation_officer, action=AccessLog.Action.EXPORT, person_id=report.person_id
    ).exists()


# --- The court outcome ------------------------------------------------------------------------


def test_a_drr_order_creates_the_treatment_referral_to_the_service_in_the_report(
    signed_off_report, custody_worker
):
    report = signed_off_report()
    _consent_to_birmingham(report.person, custody_worker)
    outcome = services.court_outcome_record(
        report=report, by=custody_worker, order="drr", length_months=6, start_date=in_days(1)
    )
    referral = outcome.referral
    assert referral is not None and outcome.referral_note == ""
    assert referral.source == Referral.Source.COURT
    assert referral.provider_service == report.provider_service
    assert referral.person == report.person
    assert not outcome.reviews.exists()  # 6 months: no monthly reviews


def test_an_order_without_consent_is_recorded_and_the_worker_is_told_consent_is_needed(
    client, signed_off_report, custody_worker
):
    report = signed_off_report()
    client.force_login(custody_worker)
    start = in_days(1)
    response = client.post(
        f"/court/reports/{report.reference}/outcome/",
        {
            "order": "atr",
            "length_months": "6",
            "start_date_0": str(start.day),
            "start_date_1": str(start.month),
            "start_date_2": str(start.year),
        },
        follow=True,
    )
    outcome = CourtOutcome.objects.get()
    assert outcome.order == "atr" and outcome.referral is None
    assert "needs the person's consent to share first" in html.unescape(response.content.decode())
    assert not Referral.objects.exists()


def test_the_outcome_and_correction_forms_post_to_their_own_urls(
    client, signed_off_report, custody_worker
):
    report = signed_off_report()
    client.force_login(custody_worker)
    page = client.get(f"/court/reports/{report.reference}/").content.decode()
    assert f'action="/court/reports/{report.reference}/outcome/"' in page
    assert f'action="/court/reports/{report.reference}/correct/"' in page


def test_an_adjourned_hearing_makes_no_referral(signed_off_report, custody_worker):
    report = signed_off_report()
    _consent_to_birmingham(report.person, custody_worker)
    outcome = services.court_outcome_record(report=report, by=custody_worker, order="adjourned")
    assert outcome.referral is None and not Referral.objects.exists()


def test_an_18_month_drr_gets_monthly_review_dates_each_a_task(signed_off_report, custody_worker):
    report = signed_off_report()
    _consent_to_birmingham(report.person, custody_worker)
    outcome = services.court_outcome_record(
        report=report,
        by=custody_worker,
        order="drr",
        length_months=18,
        start_date=datetime.date(2027, 1, 31),
    )
    dates = list(outcome.reviews.values_list("due_date", flat=True))
    assert len(dates) == 17
    assert dates[:4] == [
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 30),
        datetime.date(2027, 5, 31),
    ]
    assert dates[-1] == datetime.date(2028, 6, 30)  # a month before the order ends
    reminders = Reminder.objects.filter(kind="drr_review_due")
    assert reminders.count() == 17
    assert sorted(r.due_at.date() for r in reminders) == dates


def test_a_12_month_drr_has_no_monthly_reviews():
    assert services.review_dates(start_date=datetime.date(2027, 1, 1), length_months=12) == []


def test_a_review_is_recorded_once_and_its_task_closes(signed_off_report, custody_worker, client):
    report = signed_off_report()
    outcome = services.court_outcome_record(
        report=report, by=custody_worker, order="both", length_months=13, start_date=in_days(1)
    )
    review = outcome.reviews.first()
    client.force_login(custody_worker)
    assert client.get(f"/court/reviews/{review.pk}/").status_code == 200
    response = client.post(
        f"/court/reviews/{review.pk}/",
        {"test_results": "Negative for opiates", "provider_view": "Engaging", "progress": "Good"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.recorded_by == custody_worker and review.test_results == "Negative for opiates"
    assert Reminder.objects.get(kind="drr_review_due", subject_id=str(review.pk)).state in (
        "cancelled",
        "closed",
    )
    with pytest.raises(ValidationError):
        services.drr_review_record(
            review=review, by=custody_worker, test_results="", provider_view="", progress="x"
        )
    assert DrrReview.objects.filter(recorded_at__isnull=False).count() == 1


def test_an_outcome_needs_a_signed_off_report(make_request, custody_worker):
    report = make_request().reports.get()
    with pytest.raises(services.ReportConflict):
        services.court_outcome_record(report=report, by=custody_worker, order="adjourned")


# --- The service's pages ----------------------------------------------------------------------


def test_the_workers_list_shows_reports_soonest_deadline_first_and_marks_overdue(
    client, make_request, custody_worker
):
    later = make_request(given_name="Later", report_deadline=in_days(20)).reports.get()
    sooner = make_request(given_name="Sooner", report_deadline=in_days(2)).reports.get()
    SuitabilityReport.objects.filter(pk=sooner.pk).update(report_deadline=in_days(-1))
    client.force_login(custody_worker)
    page = client.get("/court/reports/").content.decode()
    assert page.index(sooner.reference) < page.index(later.reference)
    assert "Overdue" in page


def _signed_off_history(person, by, count: int) -> list[SuitabilityReport]:
    """Signed-off reports of years past, the oldest first (ten years would be thousands)."""
    from django.utils import timezone

    now = timezone.now()
    return SuitabilityReport.objects.bulk_create(
        SuitabilityReport(
            reference=f"CR-19-{n:06d}",
            person=person,
            court="Birmingham Magistrates' Court",
            hearing_date=in_days(-700 + n),
            report_deadline=in_days(-702 + n),
            status="signed_off",
            recommendation="drr",
            signed_off_at=now - datetime.timedelta(days=count - n),
            signed_off_by=by,
        )
        for n in range(count)
    )


def test_the_workers_list_shows_every_report_to_finish_however_long_the_history(
    client, make_request, custody_worker
):
    """Open reports come first and are never pushed off the list by signed-off ones, whose
    deadlines are all earlier."""
    to_finish = make_request(given_name="Current", report_deadline=in_days(20)).reports.get()
    _signed_off_history(to_finish.person, custody_worker, 501)  # the list once stopped at 500
    client.force_login(custody_worker)
    page = client.get("/court/reports/").content.decode()
    assert to_finish.reference in page
    assert page.index(to_finish.reference) < page.index("Signed off")


def test_the_workers_list_pages_reports_signed_off_in_the_last_90_days_newest_first(
    client, make_request, custody_worker
):
    person = make_request().person
    history = _signed_off_history(person, custody_worker, 120)  # one a day, the last today
    client.force_login(custody_worker)
    first = client.get("/court/reports/").content.decode()
    newest, older = history[-1].reference, history[-26].reference
    assert newest in first and older not in first  # 25 a page
    assert first.index(newest) < first.index(history[-2].reference)
    second = client.get("/court/reports/?page=2").content.decode()
    assert older in second
    # More than 90 days ago: on the person's page, not the team's list.
    pages = "".join(client.get(f"/court/reports/?page={n}").content.decode() for n in range(1, 6))
    assert history[0].reference not in pages
    person_page = client.get(f"/people/{person.pk}/").content.decode()
    assert history[0].reference in person_page and newest in person_page


def test_the_report_page_shows_the_shared_assessment_rather_than_asking_again(
    client, make_request, custody_worker
):
    from tests.assessments.answers import complete_assessment

    report = make_request().reports.get()
    complete_assessment(person=report.person, by=custody_worker)
    client.force_login(custody_worker)
    page = client.get(f"/court/reports/{report.reference}/").content.decode()
    assert "From the shared assessment" in page and "Substances" in page
    assert "Severity of Dependence Scale" in page


def test_the_report_form_saves_and_shows_its_errors(client, make_request, custody_worker):
    report = make_request().reports.get()
    client.force_login(custody_worker)
    response = client.post(
        f"/court/reports/{report.reference}/",
        {
            "recommendation": "atr",
            "reasons": "Alcohol-related offending",
            "misuse": "alcohol",
            "proposed_length_months": "0",
        },
    )
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    response = client.post(
        f"/court/reports/{report.reference}/",
        {
            "recommendation": "atr",
            "reasons": "Alcohol-related offending",
            "misuse": "alcohol",
            "requires_treatment": "yes",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.recommendation == "atr" and report.requires_treatment is True


def test_a_worker_starts_a_report_from_a_custody_contact(client, make_contact, custody_worker):
    contact = make_contact()
    client.force_login(custody_worker)
    hearing, deadline = in_days(10), in_days(7)
    response = client.post(
        f"/court/contacts/{contact.pk}/report/",
        {
            "court": "Coventry Crown Court",
            "hearing_date_0": hearing.day,
            "hearing_date_1": hearing.month,
            "hearing_date_2": hearing.year,
            "report_deadline_0": deadline.day,
            "report_deadline_1": deadline.month,
            "report_deadline_2": deadline.year,
        },
    )
    assert response.status_code == 302
    report = SuitabilityReport.objects.get()
    assert report.custody_contact == contact and report.request is None
    assert Reminder.objects.filter(kind="psr_deadline", subject_id=str(report.pk)).exists()
