"""Custody: today at my suite, recording a contact in under a minute, and what follows."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.access import Capability, can, requires
from accounts.selectors import team_workers
from assessments.selectors import assessment_currency, draft_of
from audit.decorators import logged_as_change
from audit.models import AccessLog
from audit.services import access_record
from core.forms import add_service_errors, assign_posted
from core.http import posted
from core.panels import panels_load
from core.submissions import (
    one_submission,
    submission_claim,
    submission_done,
    submission_release,
)
from custody import forms, services
from custody.models import PoliceNotification, RequiredAssessment
from custody.selectors import (
    TODAY_FILTERS,
    WORKLOAD_FILTERS,
    contact_get_for,
    contact_with_record_number,
    contacts_assigned_to,
    contacts_today_for,
    offence_category_get,
    suite_get,
    suite_workload_today,
    team_contacts_today,
)
from organisations.selectors import signposts_for
from people.matching import find_matches
from people.models import Person
from people.services import person_create
from reminders.selectors import team_tasks_for

# The first submit of the contact form went on to choosing the person (core.submissions).
_CHOOSING = "choosing"
_PENDING = "pending_custody_contact"


@requires(Capability.CUSTODY_TODAY)
def today(request):
    """Today at my suite: who has been booked in, who has been seen, who is still waiting.

    The page refreshes its table in the background (?fragment=table) so the worker's place and
    anything typed on the page are kept."""
    suite = request.user.custody_suite
    show = request.GET.get("show", "")
    show = show if show in TODAY_FILTERS else ""
    contacts = list(contacts_today_for(user=request.user, suite=suite, show=show)) if suite else []
    given = list(contacts_assigned_to(user=request.user))
    access_record(
        request=request,
        action=AccessLog.Action.LIST,
        records=[c.person for c in contacts + given],
    )
    context = {
        "suite": suite,
        "contacts": contacts,
        "given": given,
        "waiting": sum(1 for c in contacts if not c.outcome),
        "positive": sum(1 for c in contacts if _positive(c)),
        "refresh_seconds": settings.TODAY_REFRESH_SECONDS,
        "show": show,
        "filters": [
            ("", "Everyone"),
            ("waiting", "Waiting"),
            ("seen", "Seen"),
            ("positive", "Positive test"),
            ("trigger", "Trigger offence"),
        ],
        "today": timezone.localdate(),
    }
    template = "custody/_today_table.html" if request.GET.get("fragment") else "custody/today.html"
    return render(request, template, context)


def _positive(contact) -> bool:
    try:
        return contact.drug_test.is_positive
    except ObjectDoesNotExist:
        return False


@requires(Capability.TEAM_WORKLOAD)
def team(request):
    """The team leader's view of today across every suite; each figure links to its list."""
    return render(
        request,
        "custody/team.html",
        {
            "suites": suite_workload_today(user=request.user),
            "team_tasks": team_tasks_for(user=request.user).count(),
            "unassigned_tasks": team_tasks_for(user=request.user)
            .filter(assignee__isnull=True)
            .count(),
        },
    )


@requires(Capability.TEAM_WORKLOAD)
def team_contacts(request):
    """The contacts one line of the team workload counts: a suite's detainees booked in today,
    or those seen, or not seen yet (?suite=<code>&show=seen|not_seen); every suite's without
    a suite."""
    suite = None
    if request.GET.get("suite"):
        suite = suite_get(code=request.GET["suite"])
        if suite is None:
            raise Http404
    show = request.GET.get("show", "")
    show = show if show in WORKLOAD_FILTERS else ""
    contacts = list(team_contacts_today(user=request.user, suite=suite, show=show))
    access_record(
        request=request, action=AccessLog.Action.LIST, records=[c.person for c in contacts]
    )
    return render(
        request,
        "custody/team_contacts.html",
        {
            "suite": suite,
            "show": show,
            "title": WORKLOAD_FILTERS[show][0],
            "contacts": contacts,
            "filters": [(key, label) for key, (label, _) in WORKLOAD_FILTERS.items()],
            "today": timezone.localdate(),
        },
    )


@requires(Capability.TEAM_WORKLOAD)
@require_http_methods(["GET", "POST"])
@logged_as_change
def contact_assign(request, contact_id):
    """A team leader gives the contact to a worker of the team: it is on their Today page."""
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[contact])
    form, to = assign_posted(
        request,
        team=team_workers(user=request.user),
        current=contact.assigned_to_id,
        assign=lambda to: services.contact_assign(contact=contact, to=to, by=request.user),
    )
    if to is not None:
        messages.success(
            request, f"Given to {to.get_full_name() or to.username}: it is on their Today page."
        )
        return redirect("custody:contact", contact.pk)
    return render(
        request,
        "custody/assign.html",
        {"form": form, "contact": contact, "person": contact.person},
        status=400 if form.is_bound and form.errors else 200,
    )


def _create(request, data: dict, person: Person | None, *, claim=None):
    """The contact, on `person` (None: a new person, made in the same transaction)."""
    try:
        with transaction.atomic():
            contact = services.custody_contact_create(
                suite=request.user.custody_suite,
                custody_record_number=data["custody_record_number"],
                arrested_at=data["arrested_at"],
                offence_category=data["offence_category"],
                person=person or _new_person(request, data),
                by=request.user,
            )
    except services.RecordNumberInUse as clash:
        # Taken since the number was checked (the feed, or a colleague): nothing was made.
        if claim is not None:
            submission_release(claim)
        # Back to the form as it was typed, with the error on the number: nothing retyped.
        request.session.pop(_PENDING, None)
        form = forms.QuickContactForm(_as_typed(request, data))
        form.is_valid()
        form.add_error("custody_record_number", clash.messages[0])
        return render(
            request, "custody/record.html", {"form": form, "clash": clash.contact}, status=400
        )
    if claim is not None:
        submission_done(claim, result=contact.pk)
    request.session.pop(_PENDING, None)
    access_record(request=request, action=AccessLog.Action.CREATE, records=[contact])
    return redirect("custody:contact", contact.pk)


def _as_typed(request, data: dict) -> QueryDict:
    """The contact form's fields as the worker typed them: this POST's own, or those kept in
    the session while the worker chose the person (with a new one-time token, since the old
    one has already been used to reach the choice)."""
    if "custody_record_number" in request.POST:
        return request.POST
    typed = QueryDict(mutable=True)
    for name, values in data.get("posted", {}).items():
        typed.setlist(name, values)
    typed["submit_token"] = str(uuid.uuid4())
    return typed


def _new_person(request, data: dict) -> Person:
    return person_create(
        given_name=data["given_name"] or "",
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
        pnc_id=data.get("pnc_id"),
        by=request.user,
    )


@requires(Capability.CUSTODY_TODAY)
@require_http_methods(["GET", "POST"])
def record(request):
    """Record a custody contact: the record, the offence, and the person found by matching.

    Names and dates of birth are POSTed and kept in the session between the two steps, never in
    a URL."""
    if request.user.custody_suite is None:
        messages.info(request, "You are not assigned to a custody suite. Ask your team leader.")
        return redirect("custody:today")
    if request.GET.get("start") == "again":
        request.session.pop(_PENDING, None)
        return redirect("custody:record")
    # Most contacts are today's: the date is filled in, the worker types the time.
    form = forms.QuickContactForm(posted(request), initial={"arrest_date": timezone.localdate()})
    clash = None
    resumed = request.method == "GET" and _pending_recent(request) is not None
    if resumed:
        # Back from "Is this the person?" (or its back link): the contact as typed, not an
        # empty form. Only the worker's own, and only for as long as an idle session lasts.
        form = forms.QuickContactForm(_as_typed(request, _pending_recent(request)))
    if request.method == "POST":
        claim = submission_claim(request=request, form="custody-contact")
        if not claim.first:  # the same form again (a double click, a retry)
            if claim.result == _CHOOSING:
                return redirect("custody:choose_person")
            if claim.result:
                return redirect("custody:contact", claim.result)
            messages.info(request, "That contact is being saved already.")
            return redirect("custody:today")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        clash = contact_with_record_number(
            suite=request.user.custody_suite, number=data["custody_record_number"]
        )
        if clash is not None:
            # Another detainee's number (or the feed's contact for this one): never open it in
            # place of the person typed. Say whose it is; keep what was typed.
            form.add_error("custody_record_number", services.RecordNumberInUse(clash).messages[0])
            submission_release(claim)
            return render(request, "custody/record.html", {"form": form, "clash": clash})
        candidates = find_matches(
            given_name=data["given_name"] or "",
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            pnc_id=data["pnc_id"],
        )
        if candidates and candidates[0].exact_identifier:
            return _create(request, data, candidates[0].person, claim=claim)
        if not candidates:
            return _create(request, data, None, claim=claim)
        request.session[_PENDING] = {
            "custody_record_number": data["custody_record_number"],
            "arrested_at": data["arrested_at"].isoformat(),
            "offence_category": data["offence_category"].pk,
            "given_name": data["given_name"],
            "family_name": data["family_name"],
            "date_of_birth": data["date_of_birth"].isoformat(),
            "pnc_id": data["pnc_id"],
            "at": timezone.now().isoformat(),
            "posted": {
                name: values
                for name, values in request.POST.lists()
                if name not in ("csrfmiddlewaretoken", "submit_token")
            },
        }
        submission_done(claim, result=_CHOOSING)
        return redirect("custody:choose_person")
    if request.method == "POST":
        submission_release(claim)
    return render(
        request, "custody/record.html", {"form": form, "clash": clash, "resumed": resumed}
    )


def _pending_recent(request) -> dict | None:
    """The contact being recorded while the worker chooses the person, if that began within
    the idle timeout (an older one is forgotten, never shown for another detainee)."""
    import datetime

    pending = request.session.get(_PENDING)
    if not pending or "at" not in pending:
        return None
    began = datetime.datetime.fromisoformat(pending["at"])
    if timezone.now() - began > datetime.timedelta(minutes=settings.IDLE_TIMEOUT_MINUTES):
        request.session.pop(_PENDING, None)
        return None
    return pending


@requires(Capability.CUSTODY_TODAY)
@require_http_methods(["GET", "POST"])
def choose_person(request):
    """Is it one of these people? Matching found candidates: the worker decides."""
    import datetime

    pending = request.session.get(_PENDING)
    if not pending:
        return redirect("custody:record")
    candidates = {
        str(c.person.pk): c
        for c in find_matches(
            given_name=pending["given_name"] or "",
            family_name=pending["family_name"],
            date_of_birth=datetime.date.fromisoformat(pending["date_of_birth"]),
            pnc_id=pending["pnc_id"],
        )
    }
    error = None
    if request.method == "POST":
        choice = request.POST.get("person", "")
        data = {
            **pending,
            "arrested_at": datetime.datetime.fromisoformat(pending["arrested_at"]),
            "offence_category": offence_category_get(pk=pending["offence_category"]),
            "date_of_birth": datetime.date.fromisoformat(pending["date_of_birth"]),
        }
        if choice == "new":
            return _create(request, data, None)
        if choice in candidates:
            return _create(request, data, candidates[choice].person)
        error = "Select the person, or that this is someone new"
    access_record(
        request=request,
        action=AccessLog.Action.LIST,
        records=[c.person for c in candidates.values()],
    )
    return render(
        request,
        "custody/choose_person.html",
        {"pending": pending, "candidates": candidates.values(), "error": error},
    )


@requires(Capability.CUSTODY_TODAY)
def contact(request, contact_id):
    """One custody contact: test on arrest, required assessment, outcome, naloxone, release."""
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[contact])
    return render(request, "custody/contact.html", _contact_context(contact, user=request.user))


def _one(contact, name):
    try:
        return getattr(contact, name)
    except ObjectDoesNotExist:
        return None


def _contact_context(contact, *, user, **forms_) -> dict:
    test = _one(contact, "drug_test")
    required = _one(contact, "required_assessment")
    # The power most tests are taken under, chosen already where the offence is a trigger one.
    test_initial = {"basis": "trigger_offence"} if contact.offence_is_trigger else {}
    if test:
        test_initial = {
            "stage": test.stage,
            "basis": test.basis,
            "authorising_rank": test.authorising_rank,
            "authorising_officer": test.authorising_officer,
            "authorised_time": (
                f"{timezone.localtime(test.authorised_at):%H:%M}" if test.authorised_at else ""
            ),
            "authorisation_grounds": test.authorisation_grounds,
            "appropriate_adult": test.appropriate_adult,
            "sample_time": (
                f"{timezone.localtime(test.sample_taken_at):%H:%M}" if test.sample_taken_at else ""
            ),
            **{f"drug_{r.drug.code}": r.result for r in test.results.all()},
        }
    latest = {}
    if required:
        latest = {
            "initial": services.initial_appointment_latest(required),
            "follow_up": services.follow_up_appointment_latest(required),
        }
    part_forms = {
        "outcome": forms.OutcomeForm(initial={"outcome": contact.outcome}),
        "test": forms.DrugTestForm(initial=test_initial),
        "initial": forms.InitialPlanForm(latest=latest.get("initial")),
        "follow_up": forms.FollowUpForm(latest=latest.get("follow_up")),
        "initial_attendance": forms.AttendanceForm(
            auto_id="id_initial_%s",
            then_refer=bool(required and required.initial_in_custody)
            and can(user, Capability.TREATMENT_REFER),
        ),
        "follow_up_attendance": forms.AttendanceForm(auto_id="id_follow_up_%s"),
        # Its "outcome" field would repeat the contact outcome's ids.
        "naloxone": forms.NaloxoneForm(auto_id="id_naloxone_%s"),
        "release": forms.ReleasePlanForm(),
        "note": forms.HandoverNoteForm(),
        **forms_,
    }
    for part, form in part_forms.items():
        form.helper.form_action = reverse("custody:contact_part", args=[contact.pk, part])
        form.helper.layout[-1].id = f"id_{part}_submit"  # gds_helper's button, else "id_submit"
    return {
        "contact": contact,
        "person": contact.person,
        "test": test,
        "required": required,
        "notifications": required.police_notifications.all() if required else [],
        "naloxone": _one(contact, "naloxone"),
        "release": _one(contact, "release_plan"),
        "notes": contact.handover_notes.select_related("created_by"),
        "can_assign": can(user, Capability.TEAM_WORKLOAD),
        "forms": part_forms,
        # Housing, homelessness, domestic abuse and mental health services where they live.
        "signposts": signposts_for(local_authority=contact.person.local_authority),
        # The shared assessment, started from here and returning here when completed.
        "assessment_draft": draft_of(person=contact.person),
        "assessment_currency": assessment_currency(person=contact.person),
        # Referrals made from the contact: treatment's panel (core.panels).
        **panels_load(page="custody_contact", user=user, subject=contact).values,
    }


def _save_part(part: str, contact, form, user):
    data = form.cleaned_data
    required = _one(contact, "required_assessment")
    if part == "outcome":
        services.custody_contact_record_outcome(
            contact=contact,
            outcome=data["outcome"],
            not_seen_reason=data["not_seen_reason"],
            not_seen_other=data["not_seen_other"],
            by=user,
        )
        return "Outcome saved."
    if part == "test":
        today = timezone.localdate()
        sample_at = forms.combine(today, data["sample_time"]) if data["sample_time"] else None
        authorised_at = (
            forms.combine(today, data["authorised_time"]) if data["authorised_time"] else None
        )
        test = services.drug_test_record(
            contact=contact,
            results=data["results"],
            sample_taken_at=sample_at,
            stage=data["stage"],
            basis=data["basis"],
            authorisation={
                "authorising_rank": data["authorising_rank"],
                "authorising_officer": data["authorising_officer"],
                "authorised_at": authorised_at,
                "authorisation_grounds": data["authorisation_grounds"],
            },
            appropriate_adult=data["appropriate_adult"],
            by=user,
        )
        if test.is_positive and RequiredAssessment.objects.filter(contact=contact).exists():
            return "Test result saved. It is positive: a required assessment is now open."
        return "Test result saved."
    if part == "note":
        services.handover_note_add(contact=contact, text=data["text"], by=user)
        return "Handover note added."
    if part == "naloxone":
        services.naloxone_record(contact=contact, by=user, **data)
        return "Naloxone saved."
    if part == "release":
        services.release_plan_record(contact=contact, by=user, **data)
        return "Release plan saved."
    if required is None:
        raise Http404
    if part == "initial":
        services.required_assessment_plan(
            required=required, initial_in_custody=data["initial_in_custody"] == "yes",
            initial_at=data.get("initial_at"), initial_place=data.get("initial_place", ""), by=user,
        )  # fmt: skip
        return "Initial assessment saved."
    if part == "follow_up":
        services.required_follow_up_decide(
            required=required, required_follow_up=data["required_follow_up"] == "yes",
            follow_up_at=data.get("follow_up_at"), follow_up_place=data.get("follow_up_place", ""),
            by=user,
        )  # fmt: skip
        return "Follow-up saved."
    if part in ("initial_attendance", "follow_up_attendance"):
        stage = (
            PoliceNotification.Stage.INITIAL
            if part == "initial_attendance"
            else PoliceNotification.Stage.FOLLOW_UP
        )
        notification = services.required_attendance_record(
            required=required, stage=stage, outcome=data["outcome"], by=user
        )
        if notification:
            return (
                f"Recorded: {notification.get_reason_display().lower()}. Police were notified "
                f"at {timezone.localtime(notification.sent_at):%H:%M}."
            )
        contact.refresh_from_db(fields=["outcome"])
        if part == "initial_attendance" and contact.outcome == contact.Outcome.ASSESSED:
            return "Recorded: attended to the end. The contact is marked seen and assessed."
        return "Outcome saved."
    raise Http404


_PART_FORMS = {
    "outcome": forms.OutcomeForm,
    "test": forms.DrugTestForm,
    "initial": forms.InitialPlanForm,
    "follow_up": forms.FollowUpForm,
    "initial_attendance": forms.AttendanceForm,
    "follow_up_attendance": forms.AttendanceForm,
    "naloxone": forms.NaloxoneForm,
    "release": forms.ReleasePlanForm,
    "note": forms.HandoverNoteForm,
}


@requires(Capability.CUSTODY_TODAY)
@require_http_methods(["POST"])
@one_submission("contact-part")  # the handover note's token: a double submit adds one note
def contact_part(request, contact_id, part):
    """Save one part of a contact; errors re-display the contact page with the error summary."""
    if part not in _PART_FORMS:
        raise Http404
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    auto_id = {
        "initial_attendance": "id_initial_%s",
        "follow_up_attendance": "id_follow_up_%s",
        "naloxone": "id_naloxone_%s",
    }
    # The second button stays on a form shown again with its errors.
    extra = {"then_refer": forms.THEN_REFER in request.POST} if part == "initial_attendance" else {}
    form = _PART_FORMS[part](request.POST, auto_id=auto_id.get(part, "id_%s"), **extra)
    if form.is_valid():
        try:
            message = _save_part(part, contact, form, request.user)
        except ValidationError as exc:
            add_service_errors(
                form,
                exc,
                renamed={"sample_taken_at": "sample_time", "authorised_at": "authorised_time"},
            )
        else:
            messages.success(request, message)
            if part == "initial_attendance" and forms.THEN_REFER in request.POST:
                return redirect("treatment:refer_from_contact", contact.pk)
            return redirect(f"{_contact_url(contact)}#{part}")
    access_record(request=request, action=AccessLog.Action.VIEW, records=[contact])
    context = _contact_context(contact, user=request.user, **{part: form})
    context["error_form"] = form
    return render(request, "custody/contact.html", context)


def _contact_url(contact) -> str:
    return reverse("custody:contact", args=[contact.pk])


@requires(Capability.CUSTODY_TODAY)
def notice(request, contact_id):
    """The written notice of the required assessment, to print and give to the person."""
    contact = contact_get_for(user=request.user, contact_id=contact_id)
    required = _one(contact, "required_assessment")
    if required is None:
        raise Http404
    access_record(request=request, action=AccessLog.Action.PRINT, records=[contact])
    return render(
        request,
        "custody/notice.html",
        {"contact": contact, "required": required, "team": contact.suite.team_contact()},
    )
