"""Court pages: probation's requests and signed-off reports; the service's reports, sign-off,
court outcomes and DRR reviews. Thin: forms parse, services decide, selectors filter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Capability, can, requires
from assessments.selectors import assessment_readable, latest_completed
from audit.models import AccessLog
from audit.services import access_record
from core.forms import add_service_errors
from core.http import posted
from core.pdf import render_pdf
from core.submissions import (
    one_submission,
    submission_claim,
    submission_done,
    submission_release,
)
from court import forms, selectors, services
from court.models import SuitabilityReport
from custody.selectors import contact_get_for
from people.identifiers import normalise_pnc_id
from people.matching import find_matches


def _shown(*records):
    """The records a page shows, less a person not yet confirmed (None)."""
    return [record for record in records if record is not None]


def _as_typed(probation_request) -> dict:
    """The person as probation typed them: all probation are ever shown of who it is for."""
    return {
        "full_name": probation_request.typed_name,
        "date_of_birth": probation_request.date_of_birth,
    }


# --- Probation --------------------------------------------------------------------------------


@requires(Capability.COURT_REQUESTS)
def my_requests(request):
    """A probation officer's suitability-assessment requests and finished reports, 25 a page."""
    page = Paginator(selectors.requests_of_officer(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    rows = [{"request": r, "status": selectors.request_status(request=r)} for r in page]
    access_record(
        request=request, action=AccessLog.Action.LIST, records=[row["request"] for row in rows]
    )
    return render(request, "court/my_requests.html", {"rows": rows, "page": page})


@requires(Capability.COURT_REQUESTS)
@require_http_methods(["GET", "POST"])
def request_new(request):
    form = forms.RequestForm(posted(request))
    if request.method == "POST":
        claim = submission_claim(request=request, form="probation-request")
        if not claim.first:  # the same form again: the request the first made
            return (
                redirect("court:request", claim.result)
                if claim.result
                else redirect("court:my_requests")
            )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "submit_token"}
        try:
            made = services.probation_request_make(officer=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            submission_done(claim, result=made.pk)
            messages.success(request, "Report requested. You will see it here once signed off.")
            return redirect("court:request", made.pk)
    if request.method == "POST":
        submission_release(claim)
    status = 400 if request.method == "POST" else 200
    return render(request, "court/request_new.html", {"form": form}, status=status)


@requires(Capability.COURT_REQUESTS)
def request_detail(request, request_id):
    """The officer's own request: its status, and the report once signed off."""
    probation_request = selectors.request_get_for(user=request.user, request_id=request_id)
    report = selectors.signed_off_report(request=probation_request)
    # The linked person's row is in the log (who read about them), never on the page.
    records = _shown(probation_request.person, probation_request, report)
    access_record(request=request, action=AccessLog.Action.VIEW, records=records)
    return render(
        request,
        "court/request.html",
        {
            "probation_request": probation_request,
            "status": selectors.request_status(request=probation_request),
            "report": report,
        },
    )


@requires(Capability.COURT_REQUESTS)
def request_pdf(request, request_id):
    probation_request = selectors.request_get_for(user=request.user, request_id=request_id)
    report = selectors.signed_off_report(request=probation_request)
    if report is None:
        raise Http404
    access_record(
        request=request,
        action=AccessLog.Action.EXPORT,
        records=_shown(probation_request.person, probation_request, report),
    )
    pdf = render_pdf(
        "court/report_pdf.html", {"report": report, "person": _as_typed(probation_request)}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="suitability-{report.reference}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- The service ------------------------------------------------------------------------------


@requires(Capability.COURT_WORK)
def reports(request):
    """Every report still to finish, soonest deadline first (overdue ones marked); then those
    signed off in the last 90 days, newest first, 25 a page."""
    open_reports = list(selectors.reports_to_finish_for(user=request.user))
    signed_off = Paginator(
        selectors.reports_signed_off_recently_for(user=request.user), 25
    ).get_page(request.GET.get("page"))
    access_record(
        request=request, action=AccessLog.Action.LIST, records=[*open_reports, *signed_off]
    )
    return render(
        request,
        "court/reports.html",
        {
            "open_reports": open_reports,
            "page": signed_off,
            "signed_off_days": selectors.SIGNED_OFF_LISTED_DAYS,
            "today": timezone.localdate(),
            "to_link": selectors.requests_to_link_for(user=request.user).count(),
        },
    )


@requires(Capability.COURT_WORK)
def link_requests(request):
    """Probation requests whose person the service has not yet confirmed, soonest deadline
    first: each as probation typed it, to open and confirm."""
    page = Paginator(selectors.requests_to_link_for(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    access_record(request=request, action=AccessLog.Action.LIST, records=list(page))
    return render(request, "court/link_requests.html", {"page": page})


@requires(Capability.COURT_WORK)
@require_http_methods(["GET", "POST"])
def link_request(request, request_id):
    """Who is this request for? The people matching finds for what probation typed, best first,
    or someone new: a custody worker or team leader confirms (audited). Probation are shown
    nothing of it."""
    probation_request = selectors.request_to_link_get_for(user=request.user, request_id=request_id)
    report = probation_request.reports.order_by("-version").first()
    if probation_request.is_linked:
        messages.info(request, "Who this request is for has already been confirmed.")
        return redirect("court:report", report.reference)
    candidates = find_matches(
        given_name=probation_request.given_name,
        family_name=probation_request.family_name,
        date_of_birth=probation_request.date_of_birth,
        pnc_id=normalise_pnc_id(probation_request.pnc_id),
    )
    form = forms.LinkForm(
        posted(request), candidates=candidates, typed_name=probation_request.typed_name
    )
    if request.method == "POST" and form.is_valid():
        chosen = {str(c.person.pk): c.person for c in candidates}.get(form.cleaned_data["person"])
        try:
            person = services.request_link(
                request=probation_request, person=chosen, by=request.user
            )
        except services.AlreadyLinked:
            messages.info(request, "Someone else has just confirmed who this request is for.")
        else:
            messages.success(request, f"Report {report.reference} is now for {person.full_name}.")
        return redirect("court:report", report.reference)
    access_record(
        request=request,
        action=AccessLog.Action.LIST,
        records=[probation_request, *(c.person for c in candidates)],
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "court/link_request.html",
        {"probation_request": probation_request, "report": report, "form": form},
        status=status,
    )


@requires(Capability.COURT_WORK)
@require_http_methods(["GET", "POST"])
@one_submission("report-from-contact")
def start_from_contact(request, contact_id):
    # Through custody's selector, which checks the viewer may see custody contacts at all.
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    form = forms.StartForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_start_from_contact(
                contact=contact, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Report {report.reference} started.")
            return redirect("court:report", report.reference)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[contact.person, contact])
    status = 400 if request.method == "POST" else 200
    return render(request, "court/start.html", {"form": form, "contact": contact}, status=status)


# What the shared assessment already holds that a suitability report rests on: shown, never
# asked again.
RELEVANT_SECTIONS = ("Substances", "Alcohol", "Treatment history", "Offending")


def _shared_assessment(assessment) -> dict | None:
    if assessment is None:
        return None
    readable = assessment_readable(assessment)
    readable["sections"] = [s for s in readable["sections"] if s["title"] in RELEVANT_SECTIONS]
    return readable


def _report_page(request, report, *, status=200, **extra):
    person = report.person  # None until the person named in a request is confirmed
    assessment = latest_completed(person=person) if person else None
    records = _shown(person, report, assessment)
    access_record(request=request, action=AccessLog.Action.VIEW, records=records)
    send_backs = list(selectors.send_backs_of(report=report))
    context = {
        "report": report,
        "person": person,
        "readable": _shared_assessment(assessment),
        "versions": selectors.report_versions(report=report),
        "outcomes": report.outcomes.select_related("referral").prefetch_related("reviews")
        if report.is_locked
        else [],
        "problems": services.report_problems(report)
        if report.status == SuitabilityReport.Status.DRAFT
        else {},
        "can_sign_off": can(request.user, Capability.COURT_SIGN_OFF),
        "today": timezone.localdate(),
        "hearing": selectors.hearing_of(report=report),
        "send_backs": send_backs,
        # The latest send-back of this version, for its writer while it is a draft again.
        "sent_back": next((s for s in reversed(send_backs) if s.report_id == report.pk), None),
    }
    if report.status == SuitabilityReport.Status.DRAFT and "form" not in extra:
        context["form"] = forms.ReportForm(initial=forms.ReportForm.initial_from(report))
    if report.is_locked:
        context.setdefault("correct_form", forms.CorrectForm())
        context.setdefault("outcome_form", forms.OutcomeForm())
    context.update(extra)
    if report.is_locked:  # two forms on one page: each posts to its own URL
        context["correct_form"].helper.form_action = reverse(
            "court:correct", args=[report.reference]
        )
        context["outcome_form"].helper.form_action = reverse(
            "court:outcome", args=[report.reference]
        )
    return render(request, "court/report.html", context, status=status)


@requires(Capability.COURT_WORK)
@require_http_methods(["GET", "POST"])
def report(request, report_reference):
    """The report: the shared assessment's answers, and the form while it is a draft."""
    report = selectors.report_get_for(user=request.user, reference=report_reference)
    if request.method == "GET":
        return _report_page(request, report)
    form = forms.ReportForm(request.POST)
    if form.is_valid():
        try:
            services.report_save(report=report, by=request.user, data=form.cleaned_data)
        except services.ReportConflict as conflict:
            messages.warning(request, conflict.message)
        except ValidationError as error:
            add_service_errors(form, error)
            return _report_page(request, report, status=400, form=form)
        else:
            messages.success(request, "Report saved.")
        return redirect("court:report", report.reference)
    return _report_page(request, report, status=400, form=form)


@requires(Capability.COURT_WORK)
@require_POST
def submit(request, report_reference):
    report = selectors.report_get_for(user=request.user, reference=report_reference)
    try:
        services.report_submit(report=report, by=request.user)
    except services.ReportConflict as conflict:
        messages.warning(request, conflict.message)
    except ValidationError:
        messages.warning(request, "Answer everything listed before submitting the report.")
    else:
        messages.success(request, "Report submitted to a team leader for sign-off.")
    return redirect("court:report", report.reference)


@requires(Capability.COURT_SIGN_OFF)
@require_http_methods(["GET", "POST"])
def sign_off(request, report_reference):
    """MOJ 'approve' pattern: the report read-only, then a yes/no decision."""
    report = selectors.report_get_for(user=request.user, reference=report_reference)
    if report.status != SuitabilityReport.Status.SUBMITTED:
        messages.warning(request, "This report is not waiting for sign-off.")
        return redirect("court:report", report.reference)
    form = forms.SignOffForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                services.report_sign_off(report=report, by=request.user)
                messages.success(request, f"Report {report.reference} signed off.")
            else:
                services.report_send_back(
                    report=report, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Report sent back to draft.")
        except services.ReportConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("court:report", report.reference)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            access_record(
                request=request,
                action=AccessLog.Action.CHANGE,
                records=_shown(report.person, report),
            )
            return redirect("court:report", report.reference)
    access_record(
        request=request, action=AccessLog.Action.VIEW, records=_shown(report.person, report)
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "court/sign_off.html",
        {"report": report, "form": form, "hearing": selectors.hearing_of(report=report)},
        status=status,
    )


@requires(Capability.COURT_WORK)
@require_POST
def correct(request, report_reference):
    report = selectors.report_get_for(user=request.user, reference=report_reference)
    form = forms.CorrectForm(request.POST)
    if form.is_valid():
        try:
            new = services.report_correct(
                report=report, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ReportConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("court:report", report.reference)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Version {new.version} started: correct it, then submit.")
            return redirect("court:report", report.reference)
    return _report_page(request, report, status=400, correct_form=form)


@requires(Capability.COURT_WORK)
@require_POST
def outcome(request, report_reference):
    report = selectors.report_get_for(user=request.user, reference=report_reference)
    form = forms.OutcomeForm(request.POST)
    if form.is_valid():
        try:
            recorded = services.court_outcome_record(
                report=report, by=request.user, **form.cleaned_data
            )
        except services.ReportConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("court:report", report.reference)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if recorded.referral_note:
                messages.warning(request, recorded.referral_note)
            elif recorded.referral:
                messages.success(
                    request,
                    f"Outcome recorded. Referral {recorded.referral.reference} sent to "
                    f"{recorded.referral.provider_service}.",
                )
            else:
                messages.success(request, "Outcome recorded.")
            return redirect("court:report", report.reference)
    return _report_page(request, report, status=400, outcome_form=form)


@requires(Capability.COURT_WORK)
@require_http_methods(["GET", "POST"])
def review(request, review_id):
    review = selectors.review_get_for(user=request.user, review_id=review_id)
    report = review.outcome.report
    form = forms.ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid() and review.recorded_at is None:
        try:
            services.drr_review_record(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Review recorded.")
            return redirect("court:report", report.reference)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[report.person, review])
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "court/review.html",
        {"review": review, "report": report, "form": form},
        status=status,
    )
