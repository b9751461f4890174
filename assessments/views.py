"""The shared assessment: task list, one page per section (saved as you go), complete, amend."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Capability, requires
from assessments import services
from assessments.models import Assessment
from assessments.sections import (
    SECTIONS,
    SECTIONS_BY_KEY,
    SectionStatus,
    answers_from_post,
    section_form,
    section_not_needed,
    sections_status,
)
from assessments.selectors import assessment_get_for, assessment_readable, draft_of
from audit.models import AccessLog
from audit.services import access_record
from people.selectors import person_get_for


def _draft_or_404(person) -> Assessment:
    draft = draft_of(person=person)
    if draft is None:
        raise Http404
    return draft


def _task_list(assessment: Assessment) -> list[dict]:
    statuses = sections_status(assessment.sections)
    return [
        {
            "key": section.key,
            "title": section.title,
            "status": statuses[section.key],
            "not_needed": section_not_needed(section.key, assessment.sections),
        }
        for section in SECTIONS
    ]


@requires(Capability.ASSESS)
@require_POST
def start(request, person_id):
    """Start the assessment, or a new version from the latest (the same draft if one exists)."""
    person = person_get_for(user=request.user, person_id=person_id)
    services.assessment_start(person=person, by=request.user, reason=request.POST.get("reason", ""))
    return redirect("assessments:task_list", person.pk)


@requires(Capability.ASSESS)
def task_list(request, person_id):
    """The version in progress: each section's status, and completing it."""
    person = person_get_for(user=request.user, person_id=person_id)
    draft = _draft_or_404(person)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person, draft])
    tasks = _task_list(draft)
    return render(
        request,
        "assessments/task_list.html",
        {
            "person": person,
            "assessment": draft,
            "tasks": tasks,
            "done": sum(t["status"] == SectionStatus.COMPLETED for t in tasks),
            "needed": sum(t["status"] != SectionStatus.NOT_NEEDED for t in tasks),
            "errors": request.session.pop("assessment_errors", None),
        },
    )


@requires(Capability.ASSESS)
@require_http_methods(["GET", "POST"])
def section(request, person_id, key):
    """One section. Every save keeps what was typed, valid or not; the autosave script posts
    here in the background (with autosave=1) so closing the browser loses nothing."""
    if key not in SECTIONS_BY_KEY:
        raise Http404
    person = person_get_for(user=request.user, person_id=person_id)
    draft = _draft_or_404(person)
    if request.method == "POST":
        answers = answers_from_post(key, request.POST)
        status = services.assessment_save_section(
            assessment=draft, key=key, answers=answers, by=request.user
        )
        if request.POST.get("autosave"):
            return HttpResponse(status=204)
        if status == SectionStatus.COMPLETED:
            if "save_and_return" in request.POST:
                return redirect("assessments:task_list", person.pk)
            return redirect(_next_section_url(person.pk, key, draft.sections))
        # Bound even when nothing was chosen, so an empty save says what is missing.
        form = SECTIONS_BY_KEY[key].form(data=answers)
        _validate_shown(form)
    else:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[person, draft])
        form = section_form(key, draft.sections.get(key))
        if form.is_bound:
            _validate_shown(form)  # show what is still missing in a section that was saved before
    return render(
        request,
        "assessments/section.html",
        {"person": person, "assessment": draft, "section": SECTIONS_BY_KEY[key], "form": form},
    )


def _validate_shown(form) -> None:
    """Validate, leaving out the errors of questions the worker has not seen yet (AUDIT's
    questions 4 to 10, just brought in by an AUDIT-C of 5 or more)."""
    form.is_valid()
    for name in form.just_revealed():
        form.errors.pop(name, None)


def _next_section_url(person_id, key: str, sections) -> str:
    """The next section that applies (after Substances saying no drugs, not the SDS)."""
    keys = [s.key for s in SECTIONS]
    for following in keys[keys.index(key) + 1 :]:
        if not section_not_needed(following, sections):
            return reverse("assessments:section", args=[person_id, following])
    return reverse("assessments:task_list", args=[person_id])


@requires(Capability.ASSESS)
@require_POST
def complete(request, person_id):
    """Complete (lock) the version; missing answers are listed in an error summary."""
    person = person_get_for(user=request.user, person_id=person_id)
    draft = _draft_or_404(person)
    try:
        services.assessment_complete(assessment=draft, by=request.user)
    except ValidationError as exc:
        request.session["assessment_errors"] = [
            {"key": key, "message": messages_[0]} for key, messages_ in exc.message_dict.items()
        ]
        return redirect("assessments:task_list", person.pk)
    messages.success(
        request, f"Assessment version {draft.version} completed. It can no longer be changed."
    )
    return redirect("people:detail", person.pk)


@requires(Capability.ASSESS)
@require_POST
def discard(request, person_id):
    person = person_get_for(user=request.user, person_id=person_id)
    services.assessment_discard(assessment=_draft_or_404(person), by=request.user)
    messages.info(request, "The version in progress was discarded.")
    return redirect("people:detail", person.pk)


@login_required
def version(request, person_id, assessment_id):
    """A version, read-only. Providers (with consent) can read the latest completed one only."""
    person = person_get_for(user=request.user, person_id=person_id)
    assessment = assessment_get_for(user=request.user, person=person, assessment_id=assessment_id)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[assessment])
    return render(
        request, "assessments/version.html", {"person": person, **assessment_readable(assessment)}
    )
