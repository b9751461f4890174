"""Writes to court work: probation's request, the report's steps (save, submit, sign off,
correct), the court's outcome (and the treatment referral it makes), the DRR reviews.

Every change of a report's status is a conditional UPDATE on the status it starts from, so two
people acting at once cannot both succeed, and a signed-off version is never written again.
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone

from accounts.access import Capability, can
from accounts.selectors import arrest_referral_service
from audit.models import AccessLog
from audit.services import change_record
from core.references import next_reference
from core.transitions import status_change
from court.models import (
    CourtOutcome,
    DrrReview,
    Misuse,
    ProbationRequest,
    Recommendation,
    ReportKind,
    ReportSendBack,
    SuitabilityReport,
)
from people.identifiers import normalise_pnc_id
from people.models import Person
from people.services import identifiers_canonical, person_create
from reminders.models import ReminderKind as Kind
from reminders.services import reminder_schedule, reminders_cancel
from treatment.working_days import add_working_days

Status = SuitabilityReport.Status

# A DRR longer than this many months is reviewed every month (DESIGN.md).
REVIEWED_OVER_MONTHS = 12


class ReportConflict(Exception):
    """The report moved on before this change could be made."""

    def __init__(self, report: SuitabilityReport, message: str):
        super().__init__(message)
        self.report = report
        self.message = message


def _next_reference() -> str:
    return next_reference(prefix="CR", sequence="court_report_reference_seq")


def _morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=timezone.get_current_timezone()
    )


# How long each kind of pre-sentence report takes, in working days after the request (England and
# Wales bank holidays skipped): oral on the day, short written within 5, standard within 15.
# Source: MoJ answer to PQ 98201 (9 Oct 2020), after HMPPS PI 04/2016 Determining PSRs.
REPORT_KIND_WORKING_DAYS = {ReportKind.ORAL: 0, ReportKind.SHORT: 5, ReportKind.STANDARD: 15}


def default_report_deadline(*, kind: str, requested_on: datetime.date) -> datetime.date:
    """When a report of this kind is due if probation give no deadline of their own."""
    return add_working_days(requested_on, REPORT_KIND_WORKING_DAYS[kind])


# A hearing further off than this is a typing slip (a year of 2062 for 2026), not a listing.
HEARING_WITHIN = datetime.timedelta(days=2 * 365)


def _check_dates(*, court: str, hearing_date, report_deadline) -> dict[str, str]:
    errors = {}
    if not (court or "").strip():
        errors["court"] = "Enter the court"
    if hearing_date is None:
        errors["hearing_date"] = "Enter the hearing date"
    elif hearing_date > timezone.localdate() + HEARING_WITHIN:
        errors["hearing_date"] = "The hearing date must be within two years"
    if report_deadline is None:
        errors["report_deadline"] = "Enter the report deadline"
    elif report_deadline < timezone.localdate():
        errors["report_deadline"] = "The report deadline must be today or in the future"
    elif hearing_date and report_deadline > hearing_date:
        errors["report_deadline"] = "The report deadline must be on or before the hearing date"
    return errors


def _schedule_deadline(report: SuitabilityReport) -> None:
    """The team is reminded the day before the report is due (cancelled on sign-off)."""
    due_at = _morning(report.report_deadline - datetime.timedelta(days=1))
    reminder_schedule(
        kind=Kind.PSR_DEADLINE,
        subject=report,
        due_at=max(due_at, timezone.now()),
        organisation=arrest_referral_service(),
        note=f"Suitability report {report.reference} due {report.report_deadline:%-d %B %Y}.",
    )


def _report_create(*, person, by, court, hearing_date, report_deadline, **links):
    report = SuitabilityReport.objects.create(
        reference=_next_reference(),
        person=person,
        court=court.strip(),
        hearing_date=hearing_date,
        report_deadline=report_deadline,
        created_by=by,
        updated_by=by,
        **links,
    )
    _schedule_deadline(report)
    return report


@transaction.atomic
def probation_request_make(
    *,
    officer,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date | None,
    pnc_id: str = "",
    postcode: str = "",
    court: str,
    hearing_date: datetime.date | None,
    report_kind: str = ReportKind.STANDARD,
    report_deadline: datetime.date | None = None,
    notes: str = "",
) -> ProbationRequest:
    """A probation officer's request, kept as they typed it, and a draft report on the
    service's list with its deadline (probation's own, else the usual time for the kind of
    report). Nobody is looked up here: a custody worker or team leader confirms who it is
    (`request_link`), so nothing probation see depends on who is on record (issue 21)."""
    errors = {}
    if report_kind not in ReportKind.values:
        errors["report_kind"] = "Select the kind of report"
    elif report_deadline is None and hearing_date is not None:
        report_deadline = default_report_deadline(
            kind=report_kind, requested_on=timezone.localdate()
        )
        if report_deadline > hearing_date:
            errors["report_kind"] = (
                f"A {ReportKind(report_kind).label.split(' (')[0].lower()} report would be due "
                f"on {report_deadline:%-d %B %Y}, after the hearing: choose a shorter report, "
                "or enter a report deadline"
            )
    errors |= _check_dates(court=court, hearing_date=hearing_date, report_deadline=report_deadline)
    if "report_kind" in errors:
        errors.pop("report_deadline", None)
    for field, value, message in (
        ("given_name", given_name, "Enter their given name"),
        ("family_name", family_name, "Enter their family name"),
    ):
        if not (value or "").strip():
            errors[field] = message
    try:  # the PNC ID's one stored form, as everywhere (people.services.identifiers_canonical)
        pnc_id = identifiers_canonical(pnc_id=pnc_id, nhs_number=None)["pnc_id"] or ""
    except ValidationError as refused:
        errors |= {"pnc_id": refused.message_dict["pnc_id"]}
    if date_of_birth is None:
        errors["date_of_birth"] = "Enter their date of birth"
    elif date_of_birth >= timezone.localdate():
        errors["date_of_birth"] = "Date of birth must be in the past"
    if errors:
        raise ValidationError(errors)
    request = ProbationRequest.objects.create(
        officer=officer,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        pnc_id=pnc_id,
        postcode=(postcode or "").strip().upper(),
        report_kind=report_kind,
        court=court.strip(),
        hearing_date=hearing_date,
        report_deadline=report_deadline,
        notes=notes.strip(),
        created_by=officer,
        updated_by=officer,
    )
    _report_create(
        person=None,
        by=officer,
        court=court,
        hearing_date=hearing_date,
        report_deadline=report_deadline,
        request=request,
    )
    return request


def probation_requests_anonymise(*, rows) -> int:
    """Retention (people.retention): what probation typed goes as the record's own details do:
    names and notes become "[removed]", the PNC ID and postcode go, and the date of birth becomes
    1 January of its year. Returns the number of requests changed."""
    from people.retention import REMOVED

    changed = 0
    for request in rows:
        ProbationRequest.objects.filter(pk=request.pk).update(
            given_name=REMOVED,
            family_name=REMOVED,
            pnc_id="",
            postcode="",
            notes=REMOVED if request.notes else "",
            date_of_birth=request.date_of_birth.replace(month=1, day=1),
        )
        changed += 1
    return changed


def _requests_unlinked_inactive(*, cutoff: datetime.datetime) -> QuerySet[ProbationRequest]:
    """Requests nobody confirmed, not yet anonymised, with no activity on the request or any
    version of its report since `cutoff`."""
    latest_report = (
        SuitabilityReport.objects.filter(request=OuterRef("pk"))
        .annotate(latest=Greatest("created_at", "updated_at"))
        .order_by("-latest")
        .values("latest")[:1]
    )
    return (
        ProbationRequest.objects.filter(
            person__isnull=True,
            anonymised_at__isnull=True,
            created_at__lt=cutoff,
            updated_at__lt=cutoff,
        )
        .annotate(report_latest=Subquery(latest_report))
        .filter(Q(report_latest__isnull=True) | Q(report_latest__lt=cutoff))
        .order_by("created_at")
    )


def requests_unlinked_anonymise(*, cutoff: datetime.datetime, dry_run: bool = False) -> int:
    """Retention for requests nobody confirmed (registered with people.retention in
    CourtConfig.ready): what probation typed goes, and the free text of every version of the
    report; codes, dates, the court and the CR reference stay for the figures. Each request is
    locked and checked again; audited without a user. Returns how many (would be) done."""
    from people.retention import free_text_remove

    if dry_run:
        return _requests_unlinked_inactive(cutoff=cutoff).count()
    done = 0
    for request_id in list(_requests_unlinked_inactive(cutoff=cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
            request = (
                _requests_unlinked_inactive(cutoff=cutoff)
                .filter(pk=request_id)
                .select_for_update(of=("self",))
                .first()
            )
            if request is None:  # linked or touched since it was listed
                continue
            probation_requests_anonymise(rows=[request])
            free_text_remove(model=SuitabilityReport, rows=request.reports.all())
            free_text_remove(
                model=ReportSendBack, rows=ReportSendBack.objects.filter(report__request=request)
            )
            ProbationRequest.objects.filter(pk=request.pk).update(anonymised_at=timezone.now())
            years = settings.SERVICE_TIMINGS["RETENTION_YEARS"]
            change_record(
                user=None,
                action=AccessLog.Action.CHANGE,
                records=[request],
                detail=f"retention: nobody confirmed who it is for; anonymised after {years} "
                "years without activity",
            )
            done += 1
    return done


class AlreadyLinked(Exception):
    """Someone confirmed who the request is for first."""


@transaction.atomic
def request_link(*, request: ProbationRequest, person: Person | None, by) -> Person:
    """A custody worker or team leader confirms who a probation request is for: a person on
    record, or (None) a new person made from what probation typed. The request and every
    version of its report then point at them; audited as a change. What probation see does not
    change: they are shown what they typed."""
    if not can(by, Capability.COURT_WORK):
        raise PermissionError("Only the service's workers confirm who a request is for")
    if person is None:
        pnc_id = normalise_pnc_id(request.pnc_id)
        if pnc_id and Person.objects.filter(pnc_id=pnc_id).exists():
            pnc_id = None  # someone else's on record: the worker chose not them
        person = person_create(
            given_name=request.given_name,
            family_name=request.family_name,
            date_of_birth=request.date_of_birth,
            postcode=request.postcode,
            pnc_id=pnc_id,
            by=by,
        )
    now = timezone.now()
    linked = ProbationRequest.objects.filter(
        pk=request.pk, person__isnull=True, anonymised_at__isnull=True
    ).update(person=person, linked_at=now, linked_by=by, updated_at=now, updated_by=by)
    if not linked:
        raise AlreadyLinked
    SuitabilityReport.objects.filter(request=request).update(person=person)
    request.refresh_from_db()
    change_record(
        user=by,
        action=AccessLog.Action.CHANGE,
        records=[request, person],
        detail="Confirmed who a probation request is for",
    )
    return person


@transaction.atomic
def report_start_from_contact(
    *, contact, by, court: str, hearing_date, report_deadline
) -> SuitabilityReport:
    """A worker starts a report for someone in custody who is going to court."""
    errors = _check_dates(court=court, hearing_date=hearing_date, report_deadline=report_deadline)
    if errors:
        raise ValidationError(errors)
    return _report_create(
        person=contact.person,
        by=by,
        court=court,
        hearing_date=hearing_date,
        report_deadline=report_deadline,
        custody_contact=contact,
        writer=by,
    )


def _transition(report: SuitabilityReport, **change) -> SuitabilityReport:
    """Move the report on if, and only if, it is still in one of `from_statuses`."""
    if not status_change(report, **change):
        raise ReportConflict(
            report, f"This report is now {report.get_status_display().lower()}: nothing changed."
        )
    return report


@transaction.atomic
def report_save(*, report: SuitabilityReport, by, data: dict) -> SuitabilityReport:
    """Save the worker's answers to a draft. A submitted or signed-off version is refused."""
    values = {name: data.get(name) for name in SuitabilityReport.CONTENT if name in data}
    for name in ("dependency_notes", "reasons", "review_arrangements", "misuse", "recommendation"):
        if name in values:
            values[name] = (values[name] or "").strip()
    draft = report.status == Status.DRAFT
    if draft and (errors := recommendation_conditions_unmet({**_content(report), **values})):
        raise ValidationError(errors)
    _transition(report, from_statuses=[Status.DRAFT], to_status=Status.DRAFT, by=by, **values)
    # The first of the team to save a draft probation asked for is writing it.
    if SuitabilityReport.objects.filter(pk=report.pk, writer=None).update(writer=by):
        report.refresh_from_db(fields=["writer"])
    return report


# Sentencing Act 2020 Sch 9 para 20 (DRR) and para 24 (ATR): the conditions a recommendation needs.
def recommendation_conditions_unmet(values) -> dict[str, str]:
    """The conditions answered against the recommendation (an unanswered one is for
    `report_problems`), as one message on the recommendation naming each condition not met."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, None)
    recommendation = get("recommendation") or ""
    misuse = get("misuse") or ""
    messages = []
    for requirement, misuses, wanted in (
        ("DRR", (Recommendation.DRR, Recommendation.BOTH), (Misuse.DRUGS, Misuse.BOTH)),
        ("ATR", (Recommendation.ATR, Recommendation.BOTH), (Misuse.ALCOHOL, Misuse.BOTH)),
    ):
        if recommendation not in misuses:
            continue
        unmet = []
        if misuse and misuse not in wanted:
            unmet.append(
                "they are not dependent on, or prone to misuse, drugs"
                if requirement == "DRR"
                else "they are not dependent on alcohol"
            )
        if get("requires_treatment") is False:
            unmet.append("their dependency does not require treatment")
        if get("susceptible_to_treatment") is False:
            unmet.append("their dependency may not be susceptible to treatment")
        if get("willing_to_comply") is False:
            unmet.append("they are not willing to comply")
        if unmet:
            article = "A" if requirement == "DRR" else "An"
            messages.append(f"{article} {requirement} cannot be recommended: " + "; ".join(unmet))
    return {"recommendation": ". ".join(messages)} if messages else {}


def _content(report: SuitabilityReport) -> dict:
    return {name: getattr(report, name) for name in SuitabilityReport.CONTENT}


def report_problems(report: SuitabilityReport) -> dict[str, str]:
    """What must be answered before a report goes for sign-off, by field."""
    errors = {}
    if not report.misuse:
        errors["misuse"] = "Select whether they misuse drugs, alcohol, both or neither"
    for name, message in (
        ("requires_treatment", "Say whether they require treatment"),
        ("susceptible_to_treatment", "Say whether they may be susceptible to treatment"),
        ("treatment_available", "Say whether treatment can be arranged"),
        ("willing_to_comply", "Say whether they are willing to comply"),
    ):
        if getattr(report, name) is None:
            errors[name] = message
    if not report.recommendation:
        errors["recommendation"] = "Select the recommendation"
    if not report.reasons.strip():
        errors["reasons"] = "Give the reasons for the recommendation"
    errors |= recommendation_conditions_unmet(report)
    if report.recommendation and report.recommendation != Recommendation.NEITHER:
        if not report.treatment_available:
            errors["treatment_available"] = "A DRR or ATR needs treatment that can be arranged"
        if report.provider_service_id is None:
            errors["provider_service"] = "Choose the provider service that will treat them"
        if not report.proposed_length_months:
            errors["proposed_length_months"] = "Enter the proposed length in months"
        if report.includes_drr and report.willing_to_be_tested is None:
            errors["willing_to_be_tested"] = "Say whether they are willing to be tested"
        if (
            report.includes_drr
            and (report.proposed_length_months or 0) > REVIEWED_OVER_MONTHS
            and not report.review_arrangements.strip()
        ):
            errors["review_arrangements"] = (
                "Describe the review arrangements for a DRR over 12 months"
            )
    return errors


@transaction.atomic
def report_submit(*, report: SuitabilityReport, by) -> SuitabilityReport:
    """Send a complete draft to a team leader for sign-off."""
    if report.status == Status.DRAFT and (errors := report_problems(report)):
        raise ValidationError(errors)
    return _transition(
        report,
        from_statuses=[Status.DRAFT],
        to_status=Status.SUBMITTED,
        by=by,
        submitted_at=timezone.now(),
        submitted_by=by,
    )


@transaction.atomic
def report_sign_off(*, report: SuitabilityReport, by) -> SuitabilityReport:
    """A team leader signs the report off: it is locked and goes to probation."""
    if not can(by, Capability.COURT_SIGN_OFF):
        raise PermissionError("Only a team leader can sign off a suitability report")
    report = _transition(
        report,
        from_statuses=[Status.SUBMITTED],
        to_status=Status.SIGNED_OFF,
        by=by,
        signed_off_at=timezone.now(),
        signed_off_by=by,
    )
    reminders_cancel(subject=report, kinds=[Kind.PSR_DEADLINE], reason="Report signed off")
    return report


@transaction.atomic
def report_send_back(*, report: SuitabilityReport, by, reason: str) -> SuitabilityReport:
    """A team leader sends a submitted report back to draft, saying what must change: the
    reason is kept with the report's history (ReportSendBack) and shown to the writer."""
    if not can(by, Capability.COURT_SIGN_OFF):
        raise PermissionError("Only a team leader can send a suitability report back")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say what must change before you can sign it off"})
    report = _transition(
        report,
        from_statuses=[Status.SUBMITTED],
        to_status=Status.DRAFT,
        by=by,
        submitted_at=None,
        submitted_by=None,
    )
    ReportSendBack.objects.create(
        report=report, reason=reason.strip(), created_by=by, updated_by=by
    )
    return report


@transaction.atomic
def report_correct(*, report: SuitabilityReport, by, reason: str) -> SuitabilityReport:
    """A correction of a signed-off report: a new draft version with the reason; the signed-off
    version stays as it was (probation keep reading it until the new one is signed off)."""
    if not (reason or "").strip():
        raise ValidationError({"reason": "Say what is being corrected and why"})
    if report.status != Status.SIGNED_OFF:
        raise ReportConflict(report, "Only a signed-off report is corrected: edit the draft.")
    latest = SuitabilityReport.objects.filter(reference=report.reference).order_by("-version")[0]
    if latest.pk != report.pk:
        raise ReportConflict(latest, f"Version {latest.version} of this report already exists.")
    new = SuitabilityReport(
        reference=report.reference,
        version=report.version + 1,
        person=report.person,
        custody_contact=report.custody_contact,
        request=report.request,
        court=report.court,
        hearing_date=report.hearing_date,
        report_deadline=report.report_deadline,
        correction_reason=reason.strip(),
        writer=by,
        created_by=by,
        updated_by=by,
        **{name: getattr(report, name) for name in SuitabilityReport.CONTENT},
    )
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:
        raise ReportConflict(report, "Someone else has just started a correction.") from None
    return new


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day where it is shorter)."""
    return day + relativedelta(months=months)


def review_dates(*, start_date: datetime.date, length_months: int) -> list[datetime.date]:
    """Monthly reviews while a DRR over 12 months runs: a month after it starts, then every
    month, the last a month before it ends (an 18-month order has 17)."""
    if length_months <= REVIEWED_OVER_MONTHS:
        return []
    return [add_months(start_date, n) for n in range(1, length_months)]


@transaction.atomic
def court_outcome_record(
    *,
    report: SuitabilityReport,
    by,
    order: str,
    length_months: int | None = None,
    start_date: datetime.date | None = None,
) -> CourtOutcome:
    """Record what the court did. A DRR/ATR order refers the person to the provider service the
    report named; without their consent the order is still recorded, and `referral_note` says
    why no referral was made. A DRR over 12 months gets its monthly reviews."""
    from treatment.models import Referral
    from treatment.services import referral_send

    if report.status != Status.SIGNED_OFF:
        raise ReportConflict(report, "Record the outcome once the report is signed off.")
    errors = {}
    if order not in CourtOutcome.Order.values:
        errors["order"] = "Select what the court ordered"
    treatment = order in CourtOutcome.TREATMENT_ORDERS
    if treatment and not length_months:
        errors["length_months"] = "Enter the length of the order in months"
    if treatment and start_date is None:
        errors["start_date"] = "Enter the date the order starts"
    if treatment and report.person_id is None:
        errors["order"] = (
            "Confirm who the request is for before recording a treatment order: the order "
            "refers them to treatment from their record"
        )
    if errors:
        raise ValidationError(errors)
    outcome = CourtOutcome.objects.create(
        report=report,
        order=order,
        length_months=length_months if treatment else None,
        start_date=start_date if treatment else None,
        created_by=by,
        updated_by=by,
    )
    if not treatment:
        return outcome
    if report.provider_service is None:
        outcome.referral_note = (
            "The report names no provider service: refer them to treatment from their record."
        )
    else:
        try:
            with transaction.atomic():
                outcome.referral = referral_send(
                    person=report.person,
                    by=by,
                    source=Referral.Source.COURT,
                    provider_service=report.provider_service,
                    choice_reason=f"Named in suitability report {report.reference}",
                    notes=f"{outcome.get_order_display()}, {length_months} months, "
                    f"from {start_date:%-d %B %Y}.",
                )
        except ValidationError:
            outcome.referral_note = (
                f"The order is recorded, but the referral to {report.provider_service} needs "
                "the person's consent to share first: record their consent, then refer them."
            )
    outcome.save(update_fields=["referral", "referral_note"])
    if outcome.includes_drr:
        team = arrest_referral_service()
        for number, due in enumerate(
            review_dates(start_date=start_date, length_months=length_months), 1
        ):
            review = DrrReview.objects.create(
                outcome=outcome, number=number, due_date=due, created_by=by, updated_by=by
            )
            reminder_schedule(
                kind=Kind.DRR_REVIEW_DUE,
                subject=review,
                due_at=_morning(due),
                organisation=team,
                note=f"DRR review {number} for report {report.reference}.",
            )
    return outcome


@transaction.atomic
def drr_review_record(
    *, review: DrrReview, by, test_results: str, provider_view: str, progress: str
) -> DrrReview:
    """The written record of one review, once; its task closes."""
    errors = {}
    if not (progress or "").strip():
        errors["progress"] = "Describe their progress on the order"
    if errors:
        raise ValidationError(errors)
    changed = DrrReview.objects.filter(pk=review.pk, recorded_at=None).update(
        test_results=(test_results or "").strip(),
        provider_view=(provider_view or "").strip(),
        progress=progress.strip(),
        recorded_at=timezone.now(),
        recorded_by=by,
        updated_at=timezone.now(),
        updated_by=by,
    )
    review.refresh_from_db()
    if not changed:
        raise ValidationError({"progress": "This review has already been recorded"})
    reminders_cancel(subject=review, kinds=[Kind.DRR_REVIEW_DUE], reason="Review recorded")
    return review
