"""The treatment handoff: refer, the provider's inbox, and a referral's life after it is sent.

Every page that names a person writes to the access log. Changes of status go through the
services, which refuse a change the referral has moved past (`ReferralConflict`): the worker
is told who acted first and nothing is overwritten.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Capability, can, requires
from assessments.selectors import assessment_readable, latest_completed
from audit.decorators import logged_as_change
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
from custody.selectors import contact_get_for, contacts_of_person
from diversion.selectors import divert_case_get_for
from people.selectors import live_consents, person_get_for
from treatment import forms, services
from treatment.models import Appointment, Referral
from treatment.selectors import (
    INBOX_GROUPS,
    INBOX_SORTS,
    inbox_counts,
    inbox_for,
    inbox_total,
    people_shown_of,
    referral_get_for,
)

INBOX_PAGE_SIZE = 25


def _shown(request, reference: str) -> Referral:
    """The referral this user may see (else 404), its reading logged."""
    referral = referral_get_for(user=request.user, reference=reference)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[referral])
    return referral


# --- Referring ---------------------------------------------------------------------------------


def _refer(request, *, person, contact=None, divert=None):
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    proposed = services.provider_service_for(person=person)
    consents = live_consents(person=person)
    consented = {c.provider_service_id for c in consents if c.provider_service_id}
    initial = {}
    if person.out_of_area:
        initial["destination"] = forms.OUT_OF_AREA
    elif proposed:
        initial["destination"] = str(proposed.pk)
    if contact is not None:
        initial["released_on"] = contact.arrested_at.date()
    form = forms.ReferralForm(
        posted(request),
        initial=initial,
        person=person,
        proposed=proposed,
        consented=consented,
        fixed_source=contact is not None or divert is not None,
    )
    if request.method == "POST":
        claim = submission_claim(request=request, form="referral")
        if not claim.first:
            # The same form sent twice (a double click, a retry): the referral made the first
            # time, or, while that is still being saved, the person's page.
            if claim.result:
                return redirect("treatment:referral", claim.result)
            messages.info(request, "That referral is being sent already.")
            return redirect("people:detail", person.pk)
        if form.is_valid():
            data = form.cleaned_data
            source = (
                Referral.Source.CUSTODY
                if contact
                else Referral.Source.DIVERT
                if divert
                else data["source"]
            )
            released_on = data.get("released_on")
            if source == Referral.Source.CUSTODY:
                # One rule whichever page starts it: a referral on release from police custody
                # records the contact (and so the suite) it follows, the person's latest, and
                # its release date is that contact's day unless the worker gives another.
                contact = contact or contacts_of_person(person=person).first()
                if contact is None:
                    form.add_error(
                        "source",
                        f"There is no custody contact for {person.given_name or person.full_name}"
                        " on record: record the contact first, or choose where else they are "
                        "coming from",
                    )
                elif released_on is None:
                    released_on = timezone.localtime(contact.arrested_at).date()
        if form.is_valid():
            try:
                referral = services.referral_send(
                    person=person,
                    by=request.user,
                    source=source,
                    provider_service=data["provider_service"],
                    choice_reason=data["choice_reason"],
                    out_of_area=data["out_of_area"],
                    external_service=data["external_service"],
                    consent_to_pack=data["consent_to_pack"],
                    custody_contact=contact,
                    divert_referral=divert,
                    released_on=released_on,
                    notes=data["notes"],
                    consent_given_now=data["consent_given_now"],
                )
            except services.ReferralExists as exists:
                submission_done(claim, result=exists.referral.reference)
                messages.info(request, exists.messages[0])
                return redirect("treatment:referral", exists.referral.reference)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                submission_done(claim, result=referral.reference)
                if referral.out_of_area:
                    messages.success(
                        request,
                        f"Out-of-area referral {referral.reference} recorded. Download the "
                        f"referral pack and send it to {referral.external_service}.",
                    )
                else:
                    messages.success(
                        request,
                        f"Referral {referral.reference} sent to {referral.provider_service}. "
                        f"They have until the end of {referral.accept_by_day:%A %-d %B} to "
                        "accept it.",
                    )
                return redirect("treatment:referral", referral.reference)
    if request.method == "POST":
        submission_release(claim)  # nothing was sent: the corrected form may use the token
    form.helper.form_tag = False  # the page's own form carries the one-time submit token
    return render(
        request,
        "treatment/refer.html",
        {
            "form": form,
            "person": person,
            "contact": contact,
            "divert": divert,
            "proposed": proposed,
            "consents": consents,
            "submit_token": uuid.uuid4(),
        },
    )


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer(request, person_id):
    """Refer a person to treatment from their page (community or prison release)."""
    person = person_get_for(user=request.user, person_id=person_id)
    return _refer(request, person=person)


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer_from_contact(request, contact_id):
    """Refer the detainee of a custody contact: the clock starts at their release."""
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    return _refer(request, person=contact.person, contact=contact)


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer_from_divert(request, divert_reference):
    """Refer on to treatment from a DIVERT case."""
    divert = divert_case_get_for(user=request.user, reference=divert_reference)
    return _refer(request, person=divert.person, divert=divert)


# --- The provider's inbox ----------------------------------------------------------------------


@requires(Capability.TREATMENT_INBOX)
def inbox(request):
    """Referrals to the worker's services: filter by group and service, sort, page."""
    my_services = list(request.user.provider_services.select_related("local_authority"))
    groups = [g for g in request.GET.getlist("group") if g in INBOX_GROUPS]
    chosen = {s for s in request.GET.getlist("service") if s.isdigit()}
    service_ids = [s.pk for s in my_services if str(s.pk) in chosen]
    sort = request.GET.get("sort") if request.GET.get("sort") in INBOX_SORTS else "sent"
    now = timezone.now()
    counts = inbox_counts(user=request.user, now=now)
    referrals = inbox_for(
        user=request.user, groups=groups, services=service_ids, sort=sort, now=now
    )
    paginator = Paginator(referrals, INBOX_PAGE_SIZE)
    if not service_ids:
        paginator.count = inbox_total(counts, groups)  # known already: not counted again
    page = paginator.get_page(request.GET.get("page"))
    access_record(request=request, action=AccessLog.Action.LIST, records=list(page))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "treatment/inbox.html",
        {
            "services": my_services,
            "page": page,
            "counts": counts,
            "groups": [
                (key, label, key in groups, counts[key]) for key, (label, _) in INBOX_GROUPS.items()
            ],
            "service_options": [(s, s.pk in service_ids) for s in my_services],
            "sorts": INBOX_SORTS.items(),
            "sort": sort,
            "chosen_groups": [INBOX_GROUPS[g][0] for g in groups],
            "chosen_services": [s for s in my_services if s.pk in service_ids],
            "query": query.urlencode(),
            "filtered": bool(groups or service_ids),
        },
    )


# --- A referral --------------------------------------------------------------------------------


@login_required
def referral_detail(request, reference):
    """A referral, its appointments and history, and what the viewer can do next."""
    referral = _shown(request, reference)
    return _detail(request, referral)


def _detail(request, referral: Referral, status: int = 200, **forms_):
    is_provider = can(request.user, Capability.TREATMENT_INBOX)
    # A provider keeps a declined or closed referral's own record (what they did), but not the
    # person's page, details or assessment: those only while a referral is live (issue 21).
    person_shown = referral.person_id in people_shown_of(user=request.user, referrals=[referral])
    assessment = latest_completed(person=referral.person) if person_shown else None
    if assessment:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[assessment])
    appointments = list(referral.appointments.all())
    open_appointment = next((a for a in appointments if not a.outcome), None)
    context = {
        "referral": referral,
        "person": referral.person,
        "person_shown": person_shown,
        "is_provider": is_provider,
        "can_refer": can(request.user, Capability.TREATMENT_REFER),
        "assessment": assessment,
        "readable": assessment_readable(assessment) if assessment else None,
        "appointments": appointments,
        "open_appointment": open_appointment,
        "events": referral.events.select_related("by"),
        "continuity": referral.continuity_of_care(),
        "overdue": referral.is_overdue(),
        "attendance_form": forms_.get("attendance_form") or forms.AttendanceForm(),
        "Status": Referral.Status,
        "now": timezone.now(),
        "can_close": is_provider and referral.status in services.CLOSABLE,
    }
    return render(request, "treatment/referral.html", context, status=status)


def _conflict(request, conflict: services.ReferralConflict):
    messages.warning(request, conflict.message)
    return redirect("treatment:referral", conflict.referral.reference)


@requires(Capability.TREATMENT_INBOX)
@require_POST
@logged_as_change
def accept(request, reference):
    referral = _shown(request, reference)
    try:
        services.referral_accept(referral=referral, by=request.user)
    except services.ReferralConflict as conflict:
        return _conflict(request, conflict)
    messages.success(
        request,
        f"You accepted {referral.reference}. Their shared assessment is below: there is no "
        "need to assess them again.",
    )
    return redirect(reverse("treatment:referral", args=[referral.reference]) + "#assessment")


def _form_page(request, referral, form, *, title: str, caption: str = ""):
    return render(
        request,
        "treatment/form_page.html",
        {"form": form, "referral": referral, "title": title, "caption": caption},
        status=400 if form.is_bound and form.errors else 200,
    )


def _with_reason(request, reference, *, form_class, service, title: str, done: str, next_url):
    """A page with a reason code and a note (decline, close): the service, then `next_url`."""
    referral = _shown(request, reference)
    form = form_class(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            service(referral=referral, by=request.user, **form.cleaned_data)
        except services.ReferralConflict as conflict:
            return _conflict(request, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"You {done} {referral.reference}.")
            return redirect(next_url(referral))
    return _form_page(request, referral, form, title=title)


@requires(Capability.TREATMENT_INBOX)
@require_http_methods(["GET", "POST"])
@logged_as_change
def decline(request, reference):
    return _with_reason(
        request,
        reference,
        form_class=forms.DeclineForm,
        service=services.referral_decline,
        title="Decline the referral",
        done="declined",
        next_url=lambda referral: reverse("treatment:inbox"),
    )


@requires(Capability.TREATMENT_INBOX)
@require_http_methods(["GET", "POST"])
@one_submission("appointment-book")
@logged_as_change
def book(request, reference):
    referral = _shown(request, reference)
    form = forms.AppointmentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_book(
                referral=referral,
                by=request.user,
                starts_at=form.cleaned_data["starts_at"],
                location=form.cleaned_data["location"],
            )
        except services.ReferralConflict as conflict:
            return _conflict(request, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Appointment booked for {appointment.starts_at:%-d %B %Y at %H:%M}."
            )
            return redirect("treatment:referral", referral.reference)
    return _form_page(request, referral, form, title="Book an appointment")


@requires(Capability.TREATMENT_INBOX)
@require_POST
@logged_as_change
def attendance(request, reference, appointment_id):
    referral = _shown(request, reference)
    appointment = get_object_or_404(Appointment, pk=appointment_id, referral=referral)
    form = forms.AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_outcome_record(
                appointment=appointment, by=request.user, outcome=form.cleaned_data["outcome"]
            )
        except services.ReferralConflict as conflict:
            return _conflict(request, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Recorded: {appointment.get_outcome_display().lower()}.")
            return redirect("treatment:referral", referral.reference)
    return _detail(request, referral, status=400, attendance_form=form)


@requires(Capability.TREATMENT_INBOX)
@require_POST
@logged_as_change
def engaged(request, reference):
    referral = _shown(request, reference)
    try:
        services.referral_engage(referral=referral, by=request.user)
    except services.ReferralConflict as conflict:
        return _conflict(request, conflict)
    messages.success(request, f"{referral.reference}: engaged in treatment.")
    return redirect("treatment:referral", referral.reference)


@requires(Capability.TREATMENT_INBOX)
@require_http_methods(["GET", "POST"])
@logged_as_change
def close(request, reference):
    return _with_reason(
        request,
        reference,
        form_class=forms.CloseForm,
        service=services.referral_close,
        title="Close the referral",
        done="closed",
        next_url=lambda referral: reverse("treatment:referral", args=[referral.reference]),
    )


@requires(Capability.TREATMENT_REFER)
def pack(request, reference):
    """The referral pack (PDF): person, latest completed assessment, risks, consent, referrer."""
    referral = referral_get_for(user=request.user, reference=reference)
    person = referral.person
    assessment = latest_completed(person=person)
    records = [referral, person] + ([assessment] if assessment else [])
    access_record(request=request, action=AccessLog.Action.EXPORT, records=records)
    services.referral_pack_recorded(referral=referral, by=request.user)
    pdf = render_pdf(
        "treatment/pack.html",
        {
            "referral": referral,
            "person": person,
            "assessment": assessment,
            "readable": assessment_readable(assessment) if assessment else None,
            "flags": person.flags.filter(cleared_at__isnull=True),
            "consents": live_consents(person=person),
            "referrer": referral.created_by,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="referral-pack-{referral.reference}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    return response
