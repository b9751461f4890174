"""The shared assessment: task list, pages of sections (saved as you go), check, complete."""

from __future__ import annotations

from crispy_forms_gds.layout import Layout
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
    DONE,
    PAGE_OF,
    PAGES,
    PAGES_BY_KEY,
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
from core.http import next_path
from people.selectors import person_get_for

# Where completing the assessment returns to (the custody contact it was started from), per
# person, kept in the session: never in a URL.
_RETURN = "assessment_return"


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
            "page": PAGE_OF[section.key].key,
        }
        for section in SECTIONS
    ]


def _task_groups(tasks: list[dict]) -> list[dict]:
    """The task list in the order the pages ask the sections, one group per page."""
    by_key = {task["key"]: task for task in tasks}
    return [{"page": page, "tasks": [by_key[key] for key in page.sections]} for page in PAGES]


@requires(Capability.ASSESS)
@require_POST
def start(request, person_id):
    """Start the assessment, or a new version from the latest (the same draft if one exists)."""
    person = person_get_for(user=request.user, person_id=person_id)
    # From a custody contact whose test was positive: drugs were used (the only answer a
    # page may carry in; anything else sent here is ignored).
    known = {"substances": {"uses_drugs": "yes"}} if request.POST.get("tested_positive") else {}
    draft = services.assessment_start(
        person=person, by=request.user, reason=request.POST.get("reason", ""), known=known
    )
    back = next_path(request, "")
    if back:
        request.session[_RETURN] = {**request.session.get(_RETURN, {}), str(person.pk): back}
    if draft.based_on is None and set(draft.sections) <= set(known):
        # A first assessment: straight to its first page.
        return redirect("assessments:page", person.pk, PAGES[0].key)
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
            "groups": _task_groups(tasks),
            "done": sum(
                t["status"] in (SectionStatus.COMPLETED, SectionStatus.NOT_DISCUSSED) for t in tasks
            ),
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
    changing = bool(request.GET.get("change"))  # from the check page: back there after
    if request.method == "POST":
        answers = answers_from_post(key, request.POST)
        status = services.assessment_save_section(
            assessment=draft, key=key, answers=answers, by=request.user
        )
        if request.POST.get("autosave"):
            return HttpResponse(status=204)
        if status in DONE:
            if changing:
                return redirect("assessments:check", person.pk)
            if "save_and_return" in request.POST:
                return redirect("assessments:task_list", person.pk)
            return redirect(_next_section_url(person.pk, key, draft.sections))
        # Bound even when nothing was chosen, so an empty save says what is missing.
        form = SECTIONS_BY_KEY[key].form(data=answers, sections=draft.sections)
        _validate_shown(form)
    else:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[person, draft])
        form = section_form(key, draft.sections.get(key), draft.sections)
        if form.is_bound:
            _validate_shown(form)  # show what is still missing in a section that was saved before
    return render(
        request,
        "assessments/section.html",
        {
            "person": person,
            "assessment": draft,
            "section": SECTIONS_BY_KEY[key],
            "form": form,
            "changing": changing,
        },
    )


@requires(Capability.ASSESS)
@require_http_methods(["GET", "POST"])
def page(request, person_id, page_key):
    """Several short sections on one page, one save (each still its own task). Sections that
    do not apply are left out; one that these answers bring in (units and drinking days at an
    AUDIT-C of 5 or more) comes back on the page to be answered, not as an error."""
    page_ = PAGES_BY_KEY.get(page_key)
    if page_ is None:
        raise Http404
    person = person_get_for(user=request.user, person_id=person_id)
    draft = _draft_or_404(person)
    if request.method == "POST":
        shown = [key for key in request.POST.getlist("shown") if key in page_.sections]
        answers = {key: answers_from_post(key, request.POST, prefix=key) for key in shown}
        statuses = services.assessment_save_sections(
            assessment=draft, answers=answers, by=request.user
        )
        if request.POST.get("autosave"):
            return HttpResponse(status=204)
        applying = [k for k in page_.sections if not section_not_needed(k, draft.sections)]
        revealed = [key for key in applying if key not in shown]
        forms_ = _page_forms(page_, draft, revealed=revealed, posted=answers)
        finished = all(statuses[key] in DONE for key in applying)
        if finished and not revealed and not any(f.just_revealed() for f in forms_.values()):
            return redirect(_after_page(request, person.pk, page_))
    else:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[person, draft])
        forms_ = _page_forms(page_, draft)
    return render(
        request,
        "assessments/page.html",
        {
            "person": person,
            "assessment": draft,
            "page": page_,
            "forms": [(SECTIONS_BY_KEY[key], form) for key, form in forms_.items()],
            "errors": [
                (form, name, message)
                for form in forms_.values()
                for name, messages_ in form.errors.items()
                for message in messages_
            ],
            "number": PAGES.index(page_) + 1,
            "pages": len(PAGES),
        },
    )


def _page_forms(page_, draft: Assessment, *, revealed=(), posted=None) -> dict:
    """The page's sections that apply, each bound to what was kept (errors only for what the
    worker has seen: not a section or question just brought in). A section just saved is bound
    even when nothing was chosen, so an empty save says what is missing."""
    forms_ = {}
    for key in page_.sections:
        if section_not_needed(key, draft.sections):
            continue
        if posted is not None and key in posted and key not in revealed:
            form = SECTIONS_BY_KEY[key].form(
                data=draft.sections.get(key, posted[key]), sections=draft.sections, prefix=key
            )
        else:
            form = section_form(key, draft.sections.get(key), draft.sections, prefix=key)
        form.helper.form_tag = False
        form.helper.layout = Layout(*form.body)  # the page has one pair of buttons
        if form.is_bound and key not in revealed:
            _validate_shown(form)
        forms_[key] = form
    return forms_


def _after_page(request, person_id, page_) -> str:
    if "save_and_return" in request.POST:
        return reverse("assessments:task_list", args=[person_id])
    following = PAGES.index(page_) + 1
    if following < len(PAGES):
        return reverse("assessments:page", args=[person_id, PAGES[following].key])
    return reverse("assessments:check", args=[person_id])


@requires(Capability.ASSESS)
def check(request, person_id):
    """Check your answers before completing, which locks the version: every section's answers
    with a link to change them (which comes back here)."""
    person = person_get_for(user=request.user, person_id=person_id)
    draft = _draft_or_404(person)
    access_record(request=request, action=AccessLog.Action.VIEW, records=[person, draft])
    readable = assessment_readable(draft)
    missing = [s for s in readable["sections"] if s["status"] not in DONE]
    return render(
        request,
        "assessments/check.html",
        {"person": person, **readable, "missing": missing},
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
    back = request.session.get(_RETURN, {})
    if str(person.pk) in back:
        target = back.pop(str(person.pk))
        request.session[_RETURN] = back
        return redirect(target)
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
