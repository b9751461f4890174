"""DIVERT pages: the officer's two-screen referral and their own list; the service's cases.

The officer's referral is three page loads from their list: screen 1 (where and what), screen 2
(the person), then the reference. Screen 1 is kept on the server (the session) under a draft id
in the URL, so a dropped connection loses nothing; screen 2 submits with that id as its
idempotency key, so sending it twice makes one referral.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Capability, requires
from audit.models import AccessLog
from audit.services import access_record
from core.forms import add_service_errors
from core.http import posted
from core.submissions import one_submission
from diversion import forms, services
from diversion.models import DivertReferral, InterventionSession
from diversion.selectors import (
    divert_case_get_for,
    divert_cases_for,
    divert_referral_of_officer,
    divert_referral_sent_from_draft,
    divert_referrals_of_officer,
    earlier_referrals,
)

_DRAFTS = "divert_drafts"
_MAX_DRAFTS = 5


# --- The officer ------------------------------------------------------------------------------


@requires(Capability.DIVERT_REFER)
def my_referrals(request):
    """The officer's own referrals: status and outcome, nothing about health."""
    referrals = divert_referrals_of_officer(user=request.user)  # the name as sent: no person
    page = Paginator(referrals, 25).get_page(request.GET.get("page"))
    access_record(request=request, action=AccessLog.Action.LIST, records=list(page))
    return render(request, "diversion/my_referrals.html", {"page": page})


def _drafts(request) -> dict:
    return request.session.setdefault(_DRAFTS, {})


def _screen_one(request, draft) -> QueryDict | None:
    """Screen 1 as it was sent, from the session (None if it was never saved)."""
    saved = _drafts(request).get(str(draft), {}).get("where")
    if saved is None:
        return None
    data = QueryDict(mutable=True)
    for name, values in saved.items():
        data.setlist(name, values)
    return data


@requires(Capability.DIVERT_REFER)
@require_http_methods(["GET", "POST"])
def refer(request, draft=None):
    """Screen 1: the occurrence, when and where, what was found.

    A new referral is given its draft's own address first, so that the browser's Back button
    from screen 2 comes back to this draft (filled in from the session, the time as typed),
    not to a new, empty one."""
    if draft is None and request.method == "GET":
        return redirect("diversion:refer_draft", uuid.uuid4())
    draft = str(draft or uuid.uuid4())
    data = request.POST if request.method == "POST" else _screen_one(request, draft)
    form = forms.WhereForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            services.divert_referral_validate(form.values())
        except ValidationError as error:
            add_service_errors(
                form, error, only=forms.WHERE_FIELDS, renamed={"found_at": "found_date"}
            )
        if not form.errors:
            drafts = _drafts(request)
            drafts[draft] = {"where": dict(request.POST.lists()), "at": timezone.now().isoformat()}
            # A few drafts at most: old ones go (they hold personal data in the session).
            for old in sorted(drafts, key=lambda k: drafts[k].get("at", ""))[:-_MAX_DRAFTS]:
                drafts.pop(old)
            request.session.modified = True
            return redirect("diversion:refer_person", draft)
    return render(
        request,
        "diversion/refer_where.html",
        {"form": form, "draft": draft},
        status=400 if form.errors else 200,
    )


@requires(Capability.DIVERT_REFER)
@require_http_methods(["GET", "POST"])
def refer_person(request, draft):
    """Screen 2: the person, consent and vulnerabilities; sending it makes the referral once."""
    key = f"form:{draft}"
    if (sent := divert_referral_sent_from_draft(user=request.user, key=key)) is not None:
        return redirect("diversion:referral", sent.reference)
    saved = _screen_one(request, draft)
    if saved is None:
        messages.info(request, "Start the referral again: the first screen was not saved.")
        return redirect("diversion:refer")
    where = forms.WhereForm(saved)
    where.is_valid()
    form = forms.PersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral, _ = services.divert_referral_submit(
                officer=request.user, key=key, data=where.values() | form.values()
            )
        except ValidationError as error:
            add_service_errors(form, error, only=forms.PERSON_FIELDS)
            if not form.errors:  # screen 1 no longer valid (e.g. now more than 30 days ago)
                messages.info(request, "Check the first screen again.")
                return redirect("diversion:refer_draft", draft)
        except services.IdempotencyConflict:
            return redirect("diversion:refer")
        else:
            _drafts(request).pop(str(draft), None)
            request.session.modified = True
            access_record(request=request, action=AccessLog.Action.CREATE, records=[referral])
            return redirect("diversion:referral", referral.reference)
    return render(
        request,
        "diversion/refer_person.html",
        {"form": form, "draft": draft, "where": where.values()},
        status=400 if form.errors else 200,
    )


@requires(Capability.DIVERT_REFER)
def referral(request, divert_reference):
    """The officer's view of their own referral: reference, status, outcome and its date."""
    referral = divert_referral_of_officer(user=request.user, reference=divert_reference)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[referral])
    return render(request, "diversion/referral.html", {"referral": referral})


# --- The service ------------------------------------------------------------------------------


@requires(Capability.DIVERT_WORK)
def cases(request):
    """Open cases, the outcome deadline soonest first; overdue ones are marked."""
    show = request.GET.get("show", "open")
    queryset = divert_cases_for(user=request.user)
    if show == "overdue":
        queryset = queryset.filter(
            status__in=DivertReferral.OPEN, outcome_due__lt=timezone.localdate()
        )
    elif show == "all":
        queryset = queryset.order_by("-created_at")
    else:
        show = "open"
        queryset = queryset.filter(status__in=DivertReferral.OPEN)
    if show != "all":
        queryset = queryset.order_by("outcome_due", "created_at")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    access_record(request=request, action=AccessLog.Action.LIST, records=list(page))
    overdue = divert_cases_for(user=request.user).filter(
        status__in=DivertReferral.OPEN, outcome_due__lt=timezone.localdate()
    )
    return render(
        request,
        "diversion/cases.html",
        {"page": page, "show": show, "overdue_count": overdue.count()},
    )


def _case_page(request, referral, status=200, **case_forms):
    access_record(request=request, action=AccessLog.Action.VIEW, records=[referral])
    sessions = list(referral.sessions.all())
    open_session = next((s for s in sessions if not s.attendance), None)
    case_forms = {
        "attempt_form": forms.ContactAttemptForm(),
        "session_form": forms.SessionForm(),
        "attendance_form": forms.SessionAttendanceForm(),
        "outcome_form": forms.OutcomeForm(),
        **case_forms,
    }
    actions = {
        "attempt_form": reverse("diversion:attempt", args=[referral.reference]),
        "session_form": reverse("diversion:book", args=[referral.reference]),
        "outcome_form": reverse("diversion:outcome", args=[referral.reference]),
    }
    if open_session:
        actions["attendance_form"] = reverse(
            "diversion:attendance", args=[referral.reference, open_session.pk]
        )
    for name, form in case_forms.items():
        form.helper.form_action = actions.get(name, "")
        form.helper.layout[-1].id = f"id_{name}_submit"  # one page, several forms
    context = {
        "referral": referral,
        "person": referral.person,
        "earlier": earlier_referrals(referral=referral),
        "attempts": referral.contact_attempts.select_related("created_by"),
        "sessions": sessions,
        "open_session": open_session,
        **case_forms,
        "error_form": next((f for f in case_forms.values() if f.errors), None),
        "Status": DivertReferral.Status,
        "overdue": referral.is_overdue(),
    }
    return render(request, "diversion/case.html", context, status=status)


@requires(Capability.DIVERT_WORK)
def case(request, divert_reference):
    return _case_page(request, divert_case_get_for(user=request.user, reference=divert_reference))


def _act(request, divert_reference, form_class, name, act):
    """POST a case form: act on success (back to the case), or show the case with the errors."""
    referral = divert_case_get_for(user=request.user, reference=divert_reference)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = act(referral, form.cleaned_data)
        except services.DivertConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("diversion:case", referral.reference)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, message)
            return redirect("diversion:case", referral.reference)
    return _case_page(request, referral, status=400, **{name: form})


@requires(Capability.DIVERT_WORK)
@require_POST
@one_submission("contact-attempt")
def attempt(request, divert_reference):
    def act(referral, data):
        services.contact_attempt_record(
            referral=referral, by=request.user, at=timezone.now(), **data
        )
        return "Contact attempt recorded."

    return _act(request, divert_reference, forms.ContactAttemptForm, "attempt_form", act)


@requires(Capability.DIVERT_WORK)
@require_POST
@one_submission("session-book")
def book(request, divert_reference):
    def act(referral, data):
        session = services.session_book(
            referral=referral,
            by=request.user,
            starts_at=data["starts_at"],
            location=data["location"],
        )
        return f"Session booked for {timezone.localtime(session.starts_at):%-d %B at %H:%M}."

    return _act(request, divert_reference, forms.SessionForm, "session_form", act)


@requires(Capability.DIVERT_WORK)
@require_POST
def attendance(request, divert_reference, session_id):
    def act(referral, data):
        session = get_object_or_404(InterventionSession, pk=session_id, referral=referral)
        services.session_attendance_record(
            session=session, by=request.user, attendance=data["attendance"]
        )
        return "Attendance recorded."

    return _act(request, divert_reference, forms.SessionAttendanceForm, "attendance_form", act)


@requires(Capability.DIVERT_WORK)
@require_POST
def outcome(request, divert_reference):
    def act(referral, data):
        services.outcome_return(referral=referral, by=request.user, outcome=data["outcome"])
        return f"Outcome returned to police: {referral.get_outcome_display().lower()}."

    return _act(request, divert_reference, forms.OutcomeForm, "outcome_form", act)


@requires(Capability.DIVERT_WORK)
@require_POST
def close(request, divert_reference):
    referral = divert_case_get_for(user=request.user, reference=divert_reference)
    try:
        services.divert_close(referral=referral, by=request.user)
    except services.DivertConflict as conflict:
        messages.warning(request, conflict.message)
    else:
        messages.success(request, f"{referral.reference} closed.")
    return redirect("diversion:case", referral.reference)
