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
from core.drafts import draft_forget, draft_keep, draft_posted
from core.forms import add_service_errors
from core.http import posted
from core.pdf import render_pdf
from core.references import reference_normalised
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
    inbox_search_for,
    inbox_total,
    people_shown_of,
    referral_get_for,
    referral_summary,
)

INBOX_PAGE_SIZE = 25


def _shown(request, reference: str) -> Referral:
    """The referral this user may see (else 404), its reading logged."""
    referral = referral_get_for(user=request.user, reference=reference)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[referral])
    return referral


# --- Referring ---------------------------------------------------------------------------------


def _referral_form(data, *, person, contact, divert):
    proposed = services.provider_service_for(person=person)
    consented = {
        c.provider_service_id for c in live_consents(person=person) if c.provider_service_id
    }
    initial = {}
    if person.out_of_area:
        initial["destination"] = forms.OUT_OF_AREA
    elif proposed:
        initial["destination"] = str(proposed.pk)
    if contact is not None:
        initial["released_on"] = contact.arrested_at.date()
    return forms.ReferralForm(
        data,
        initial=initial,
        person=person,
        proposed=proposed,
        consented=consented,
        fixed_source=contact is not None or divert is not None,
    )


def _referral_answers(form, *, person, contact, divert) -> dict | None:
    """What referral_send is given from a valid form, or None with the form's errors added:
    the form's own, and whatever the service would refuse (so the check page only ever shows
    answers that can be sent)."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    source = (
        Referral.Source.CUSTODY if contact else Referral.Source.DIVERT if divert else data["source"]
    )
    released_on = data.get("released_on")
    if source == Referral.Source.CUSTODY:
        # One rule whichever page starts it: a referral on release from police custody records
        # the contact (and so the suite) it follows, the person's latest, and its release date
        # is that contact's day unless the worker gives another.
        contact = contact or contacts_of_person(person=person).first()
        if contact is None:
            form.add_error(
                "source",
                f"There is no custody contact for {person.given_name or person.full_name}"
                " on record: record the contact first, or choose where else they are "
                "coming from",
            )
            return None
        if released_on is None:
            released_on = timezone.localtime(contact.arrested_at).date()
    answers = {
        "person": person,
        "source": source,
        "provider_service": data["provider_service"],
        "choice_reason": data["choice_reason"],
        "out_of_area": data["out_of_area"],
        "external_service": data["external_service"],
        "consent_to_pack": data["consent_to_pack"],
        "released_on": released_on,
        "consent_given_now": data["consent_given_now"],
    }
    try:
        services.referral_check(**answers)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return {
        **answers,
        "custody_contact": contact,
        "divert_referral": divert,
        "notes": data["notes"],
    }


def _refer(request, *, person, contact=None, divert=None):
    """The referral form. Its answers go on to the check page, which alone sends; back from
    there (or a Change link) the form is as it was typed."""
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    key = request.path
    data = request.POST if request.method == "POST" else draft_posted(request, key)
    form = _referral_form(data, person=person, contact=contact, divert=divert)
    answers = (
        _referral_answers(form, person=person, contact=contact, divert=divert)
        if request.method == "POST"
        else None
    )
    if answers is not None:
        draft_keep(request, key)
        return redirect(f"{key}check/")
    return _refer_page(request, form, person=person, contact=contact, divert=divert)


def _refer_page(request, form, *, person, contact, divert):
    form.helper.form_tag = False  # the page's own form: it posts to the form's own address
    return render(
        request,
        "treatment/refer.html",
        {
            "form": form,
            "person": person,
            "contact": contact,
            "divert": divert,
            "proposed": services.provider_service_for(person=person),
            "consents": live_consents(person=person),
            "form_url": request.path.removesuffix("check/"),
        },
    )


def _refer_check(request, *, person, contact=None, divert=None):
    """Check the referral before sending it: the answers, each with a Change link back to its
    question, what the consent shares and the assessment it carries. "Send referral" sends it,
    once."""
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person])
    key = request.path.removesuffix("check/")
    if request.method == "POST":
        claim = submission_claim(request=request, form="referral")
        if not claim.first:
            # The same page sent twice (a double click, a retry): the referral made the first
            # time, or, while that is still being saved, the person's page.
            if claim.result:
                return redirect("treatment:referral", claim.result)
            messages.info(request, "That referral is being sent already.")
            return redirect("people:detail", person.pk)
    posted_ = draft_posted(request, key)
    form = _referral_form(posted_, person=person, contact=contact, divert=divert)
    answers = (
        _referral_answers(form, person=person, contact=contact, divert=divert)
        if posted_ is not None
        else None
    )
    if answers is None:
        # Nothing to check (never typed, or sent already), or no longer sendable (consent
        # withdrawn since): the form, which says what is wrong.
        if request.method == "POST":
            submission_release(claim)
        return redirect(key)
    if request.method == "POST":
        try:
            referral = services.referral_send(by=request.user, **answers)
        except services.ReferralExists as exists:
            submission_done(claim, result=exists.referral.reference)
            draft_forget(request, key)
            messages.info(request, exists.messages[0])
            return redirect("treatment:referral", exists.referral.reference)
        except ValidationError as error:  # changed between the check and the send
            submission_release(claim)
            add_service_errors(form, error)
            return _refer_page(request, form, person=person, contact=contact, divert=divert)
        submission_done(claim, result=referral.reference)
        draft_forget(request, key)
        access_record(request=request, action=AccessLog.Action.CREATE, records=[referral])
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
    service = answers["provider_service"]
    consent = next(
        (
            c
            for c in live_consents(person=person)
            if service and c.provider_service_id == service.pk
        ),
        None,
    )
    assessment = latest_completed(person=person)
    if assessment:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[assessment])
    return render(
        request,
        "treatment/refer_check.html",
        {
            "person": person,
            "answers": answers,
            "service": service,
            "consent": consent,
            "assessment": assessment,
            "form_url": key,
            "fixed_source": contact is not None or divert is not None,
            "Source": Referral.Source,
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
def refer_check(request, person_id):
    person = person_get_for(user=request.user, person_id=person_id)
    return _refer_check(request, person=person)


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer_from_contact(request, contact_id):
    """Refer the detainee of a custody contact: the clock starts at their release."""
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    return _refer(request, person=contact.person, contact=contact)


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer_from_contact_check(request, contact_id):
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    return _refer_check(request, person=contact.person, contact=contact)


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer_from_divert(request, divert_reference):
    """Refer on to treatment from a DIVERT case."""
    divert = divert_case_get_for(user=request.user, reference=divert_reference)
    return _refer(request, person=divert.person, divert=divert)


@requires(Capability.TREATMENT_REFER)
@require_http_methods(["GET", "POST"])
def refer_from_divert_check(request, divert_reference):
    divert = divert_case_get_for(user=request.user, reference=divert_reference)
    return _refer_check(request, person=divert.person, divert=divert)


# --- The provider's inbox ----------------------------------------------------------------------


@requires(Capability.TREATMENT_INBOX)
@require_http_methods(["GET", "POST"])
def inbox(request):
    """Referrals to the worker's services: filter by group and service, sort, page. A POST
    searches them by reference or name (a POST: names never go into a URL; decision 0031)."""
    my_services = list(request.user.provider_services.select_related("local_authority"))
    groups = [g for g in request.GET.getlist("group") if g in INBOX_GROUPS]
    chosen = {s for s in request.GET.getlist("service") if s.isdigit()}
    service_ids = [s.pk for s in my_services if str(s.pk) in chosen]
    sort = request.GET.get("sort") if request.GET.get("sort") in INBOX_SORTS else "sent"
    now = timezone.now()
    counts = inbox_counts(user=request.user, now=now)
    search = forms.InboxSearchForm(posted(request))
    searched = request.method == "POST" and search.is_valid()
    if searched:
        found = inbox_search_for(
            user=request.user, text=search.cleaned_data["q"], now=now, limit=INBOX_PAGE_SIZE
        )
        kind = "reference" if reference_normalised(search.cleaned_data["q"]) else "name"
        access_record(
            request=request,
            action=AccessLog.Action.LIST,
            records=[request.user],
            detail=f"inbox search: {kind}, {len(found)} found",
        )
        paginator = Paginator(found, INBOX_PAGE_SIZE)
    else:
        referrals = inbox_for(
            user=request.user, groups=groups, services=service_ids, sort=sort, now=now
        )
        paginator = Paginator(referrals, INBOX_PAGE_SIZE)
        if not service_ids:
            paginator.count = inbox_total(counts, groups)  # known already: not counted again
    page = paginator.get_page(1 if searched else request.GET.get("page"))
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
            "search": search,
            "searched": searched,
        },
        status=400 if request.method == "POST" and not searched else 200,
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
    readable = assessment_readable(assessment) if assessment else None
    continuity = referral.continuity_of_care()
    booked_day = None
    if continuity and open_appointment:
        # Booked: the page shows the appointment (and the day of the clock it falls on), not
        # the days left. The measure itself still runs to the first attended appointment.
        booked_day = (timezone.localdate(open_appointment.starts_at) - referral.released_on).days
    context = {
        "referral": referral,
        "person": referral.person,
        "person_shown": person_shown,
        "is_provider": is_provider,
        "can_refer": can(request.user, Capability.TREATMENT_REFER),
        "assessment": assessment,
        "readable": readable,
        "summary": referral_summary(
            user=request.user,
            referral=referral,
            assessment=assessment,
            scores=readable["scores"] if readable else {},
        )
        if person_shown
        else None,
        "appointments": appointments,
        "open_appointment": open_appointment,
        "events": referral.events.select_related("by"),
        "continuity": continuity,
        "booked_day": booked_day,
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
