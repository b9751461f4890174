"""Reading court work, filtered by who is looking.

Probation officers see only their own requests, and a report only once it is signed off; the
arrest referral team sees every report. Anyone else: not found.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.access import Capability, can
from court.models import DrrReview, ProbationRequest, ReportSendBack, SuitabilityReport
from treatment.working_days import working_days_between


def requests_of_officer(*, user) -> QuerySet[ProbationRequest]:
    """A probation officer's own requests, the latest deadline first (what is coming up, then
    the years before), each with its report's status read in the same query."""
    if not can(user, Capability.COURT_REQUESTS):
        return ProbationRequest.objects.none()
    versions = SuitabilityReport.objects.filter(request=OuterRef("pk"))
    return (
        ProbationRequest.objects.filter(officer=user)
        .annotate(
            latest_status=Subquery(versions.order_by("-version").values("status")[:1]),
            ever_signed_off=Exists(versions.filter(status=SuitabilityReport.Status.SIGNED_OFF)),
        )
        .order_by("-report_deadline", "-created_at")
    )


def request_get_for(*, user, request_id) -> ProbationRequest:
    """One of the officer's own requests, or 404 (another officer's is not found)."""
    try:
        return requests_of_officer(user=user).get(pk=request_id)
    except ProbationRequest.DoesNotExist:
        raise Http404 from None


def signed_off_report(*, request: ProbationRequest) -> SuitabilityReport | None:
    """The latest signed-off version of the request's report (what probation may read)."""
    return (
        SuitabilityReport.objects.filter(
            request=request, status=SuitabilityReport.Status.SIGNED_OFF
        )
        .select_related("provider_service", "signed_off_by")
        .order_by("-version")
        .first()
    )


def requests_to_link_for(*, user) -> QuerySet[ProbationRequest]:
    """Probation requests whose person the service has not yet confirmed, soonest deadline
    first, for the team (who confirm them); nobody else."""
    if not can(user, Capability.COURT_WORK):
        return ProbationRequest.objects.none()
    return (
        ProbationRequest.objects.filter(person__isnull=True, anonymised_at__isnull=True)
        .select_related("officer")
        .prefetch_related("reports")
        .order_by("report_deadline", "created_at")
    )


def request_to_link_get_for(*, user, request_id) -> ProbationRequest:
    """A probation request, for the team to confirm who it is for; 404 for anyone else."""
    if not can(user, Capability.COURT_WORK):
        raise Http404
    try:
        return ProbationRequest.objects.select_related("officer", "person").get(
            pk=request_id, anonymised_at__isnull=True
        )
    except ProbationRequest.DoesNotExist:
        raise Http404 from None


def request_status(*, request: ProbationRequest) -> str:
    """What probation are told before sign-off: the status only. Read from the annotations of
    `requests_of_officer` where the request came from there (no query per row)."""
    if hasattr(request, "latest_status"):
        latest, ever_signed_off = request.latest_status, request.ever_signed_off
    else:
        versions = SuitabilityReport.objects.filter(request=request)
        latest = versions.order_by("-version").values_list("status", flat=True).first()
        ever_signed_off = versions.filter(status=SuitabilityReport.Status.SIGNED_OFF).exists()
    if latest is None:
        return "Requested"
    if ever_signed_off:
        return (
            "Signed off"
            if latest == SuitabilityReport.Status.SIGNED_OFF
            else ("Signed off (a correction is in progress)")
        )
    return {"draft": "In progress", "submitted": "Awaiting sign-off"}[latest]


def _latest_versions() -> QuerySet[SuitabilityReport]:
    """Each report's latest version: no later version of the same reference exists. (Written as
    NOT EXISTS, PostgreSQL estimates it well and reads a list's page in index order; as
    "id = the newest id" it guessed 3 rows of 546 and joined them all first: 9 ms to 1 ms.)"""
    later = SuitabilityReport.objects.filter(
        reference=OuterRef("reference"), version__gt=OuterRef("version")
    )
    return SuitabilityReport.objects.filter(~Exists(later))


def reports_for(*, user) -> QuerySet[SuitabilityReport]:
    """The latest version of every report, for the team; soonest deadline first."""
    if not can(user, Capability.COURT_WORK):
        return SuitabilityReport.objects.none()
    return (
        _latest_versions()
        .select_related("person", "request", "request__officer", "writer")
        .order_by("report_deadline", "reference")
    )


# Signed-off reports stay on the team's list this long; older ones are on the person's page. So
# the list is the work in hand, not ten years of history (issue 11).
SIGNED_OFF_LISTED_DAYS = 90


def reports_to_finish_for(*, user) -> QuerySet[SuitabilityReport]:
    """Every report not yet signed off (a correction is a new draft version), soonest deadline
    first: however long the history, none is left off."""
    return reports_for(user=user).exclude(status=SuitabilityReport.Status.SIGNED_OFF)


def reports_signed_off_recently_for(*, user, now=None) -> QuerySet[SuitabilityReport]:
    """Reports signed off in the last 90 days, the newest first."""
    since = (now or timezone.now()) - datetime.timedelta(days=SIGNED_OFF_LISTED_DAYS)
    return (
        reports_for(user=user)
        .filter(status=SuitabilityReport.Status.SIGNED_OFF, signed_off_at__gte=since)
        .order_by("-signed_off_at", "reference")
    )


def reports_of_person(*, user, person) -> QuerySet[SuitabilityReport]:
    """The person's reports (latest versions), the newest first, for the team."""
    return reports_for(user=user).filter(person=person).order_by("-created_at", "reference")


def report_get_for(*, user, reference: str) -> SuitabilityReport:
    """The latest version of a report, for the team; 404 for anyone else."""
    report = reports_for(user=user).filter(reference=reference).first()
    if report is None:
        raise Http404
    return report


def report_versions(*, report: SuitabilityReport) -> QuerySet[SuitabilityReport]:
    return SuitabilityReport.objects.filter(reference=report.reference).order_by("-version")


def review_get_for(*, user, review_id) -> DrrReview:
    if not can(user, Capability.COURT_WORK):
        raise Http404
    try:
        return DrrReview.objects.select_related("outcome__report__person").get(pk=review_id)
    except DrrReview.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class Hearing:
    """What the writer and the team leader need at the top of a report: where and when it is
    heard, when the report is due (in working days: the deadline is counted in them), and what
    probation asked for."""

    court: str
    hearing_date: datetime.date
    deadline: datetime.date
    working_days_left: int
    overdue: bool
    requested: bool  # by probation (else started from a custody contact)
    requested_by: str
    note: str  # probation's note, as they typed it


def hearing_of(*, report: SuitabilityReport, today: datetime.date | None = None) -> Hearing:
    """The hearing and deadline of a report, and probation's note if probation asked for it."""
    today = today or timezone.localdate()
    request = report.request
    return Hearing(
        court=report.court,
        hearing_date=report.hearing_date,
        deadline=report.report_deadline,
        working_days_left=working_days_between(today, report.report_deadline),
        overdue=report.is_overdue(today),
        requested=request is not None,
        requested_by=request.officer.get_full_name() if request else "",
        note=request.notes if request else "",
    )


def send_backs_of(*, report: SuitabilityReport) -> QuerySet[ReportSendBack]:
    """Every time a version of this report was sent back to draft, and why, the oldest first."""
    return (
        ReportSendBack.objects.filter(report__reference=report.reference)
        .select_related("report", "created_by")
        .order_by("created_at")
    )


def court_found_for(
    *, user, reference: str = "", name: str = "", pnc_id: str = ""
) -> list[tuple[object, str]]:
    """The header search (docs/decisions/0031): for the team, the report with this reference;
    for a probation officer, their own requests by the report's reference, the PNC ID or the
    name as they typed it. Each with the page this user opens it on."""
    from django.urls import reverse

    from people.matching import typed_name_matches

    found: list[tuple[object, str]] = []
    if reference:
        report = reports_for(user=user).filter(reference=reference).first()
        if report is not None:
            found.append((report, reverse("court:report", args=[report.reference])))
    own = requests_of_officer(user=user)
    if reference:
        mine = own.filter(reports__reference=reference).distinct()
    elif pnc_id:
        mine = own.filter(pnc_id=pnc_id)
    elif name:
        mine = typed_name_matches(own, text=name)
    else:
        mine = own.none()
    found += [(r, reverse("court:request", args=[r.pk])) for r in mine[:20]]
    return found


def timeline_of_person(*, person, user) -> list:
    """The person's timeline entries for their suitability reports, for the team."""
    from django.urls import reverse

    from people.selectors import TimelineEvent

    return [
        TimelineEvent(
            report.created_at,
            f"Suitability report {report.reference} for {report.court}",
            report.created_by.get_full_name() if report.created_by else "System",
            report.get_status_display(),
            reverse("court:report", args=[report.reference]),
        )
        for report in reports_of_person(user=user, person=person).select_related("created_by")
    ]
