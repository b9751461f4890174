"""Task lists (my tasks, team tasks) and drug alerts. Lists that show people are audited."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import Capability, can, requires, start_url
from accounts.selectors import team_workers
from audit.models import AccessLog
from audit.services import access_record
from core.drafts import draft_forget, draft_keep, draft_posted
from core.forms import add_service_errors, assign_posted
from core.http import next_path, posted
from core.submissions import submission_claim, submission_done, submission_release
from reminders import forms, services
from reminders.models import Reminder
from reminders.selectors import (
    drug_alert_get_for,
    drug_alert_published_get,
    drug_alert_readership,
    drug_alerts_all,
    task_get_for,
    task_rows,
    tasks_for,
    team_tasks_for,
)

TASKS_PER_PAGE = 25


def _task_list(request, tasks, *, which: str, title: str):
    page = Paginator(tasks, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    rows = task_rows(user=request.user, reminders=page.object_list)
    people = {row.person.pk: row.person for row in rows if row.person is not None}
    access_record(request=request, action=AccessLog.Action.LIST, records=people.values())
    return render(
        request,
        "reminders/tasks.html",
        {"page": page, "rows": rows, "which": which, "title": title},
    )


@requires(Capability.TASKS)
def my_tasks(request):
    """Tasks for me, my team or my provider services that have fallen due, overdue first."""
    return _task_list(request, tasks_for(user=request.user), which="mine", title="My tasks")


@requires(Capability.TEAM_TASKS)
def team_tasks(request):
    """Every open task of the team leader's organisation, whoever it is for; ?show=unassigned:
    those given to no one (the team workload's line)."""
    tasks = team_tasks_for(user=request.user)
    if request.GET.get("show") == "unassigned":
        return _task_list(
            request,
            tasks.filter(assignee__isnull=True),
            which="team",
            title="Team tasks not given to anyone",
        )
    return _task_list(request, tasks, which="team", title="Team tasks")


@requires(Capability.TEAM_TASKS)
@require_http_methods(["GET", "POST"])
def task_assign(request, reminder_id):
    """A team leader gives a team task to a worker of the team: it is in their My tasks."""
    try:
        reminder = team_tasks_for(user=request.user).get(pk=reminder_id)
    except Reminder.DoesNotExist:
        raise Http404 from None
    form, to = assign_posted(
        request,
        team=team_workers(user=request.user),
        current=reminder.assignee_id,
        assign=lambda to: services.task_assign(reminder=reminder, to=to, by=request.user),
    )
    if to is not None:
        messages.success(
            request, f"Given to {to.get_full_name() or to.username}: it is in their tasks."
        )
        return redirect("reminders:team_tasks")
    row = task_rows(user=request.user, reminders=[reminder])[0]
    if row.person is not None:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[row.person])
    return render(
        request,
        "reminders/task_assign.html",
        {"form": form, "row": row, "task": reminder},
        status=400 if form.is_bound and form.errors else 200,
    )


@requires(Capability.TASKS)
@require_http_methods(["GET", "POST"])
def task_done(request, reminder_id):
    """Mark a task done, with a note of what was done (a safeguarding task needs one)."""
    # Found first, so someone who may not see the task gets 404 whatever the method.
    reminder = task_get_for(user=request.user, reminder_id=reminder_id)
    if not reminder.needs_action:
        raise Http404
    form = forms.TaskDoneForm(
        posted(request), reminder=reminder, initial={"from": request.GET.get("from", "mine")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_mark_done(
                reminder=reminder, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Task done: {reminder.get_kind_display()}.")
            if form.cleaned_data.get("from") == "team" and can(request.user, Capability.TEAM_TASKS):
                return redirect("reminders:team_tasks")
            return redirect("reminders:my_tasks")
    row = task_rows(user=request.user, reminders=[reminder])[0]
    if row.person is not None:
        access_record(request=request, action=AccessLog.Action.VIEW, records=[row.person])
    return render(
        request,
        "reminders/task_done.html",
        {"form": form, "row": row, "task": reminder},
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Drug alerts --------------------------------------------------------------------------------


@requires(Capability.ALERTS_PUBLISH)
def alerts(request):
    page = Paginator(drug_alerts_all(), 25).get_page(request.GET.get("page"))
    return render(request, "reminders/alerts.html", {"page": page})


@requires(Capability.ALERTS_PUBLISH)
@require_http_methods(["GET", "POST"])
def alert_publish(request):
    """The alert's form. Its answers go to the check page, which alone publishes; back from
    there (or a Change link), the form is as it was typed."""
    key = reverse("reminders:alert_publish")
    form = forms.DrugAlertForm(
        request.POST if request.method == "POST" else draft_posted(request, key)
    )
    if request.method == "POST" and form.is_valid():
        draft_keep(request, key)
        return redirect("reminders:alert_check")
    return render(request, "reminders/alert_publish.html", {"form": form})


@requires(Capability.ALERTS_PUBLISH)
@require_http_methods(["GET", "POST"])
def alert_check(request):
    """Check the alert before publishing it: the answers, and the banner as workers will see it
    (the live banner's own template). "Publish alert" publishes it, once."""
    key = reverse("reminders:alert_publish")
    if request.method == "POST":
        claim = submission_claim(request=request, form="drug-alert")
        if not claim.first:  # the same page sent again: the alert the first published
            return (
                redirect("reminders:alert_detail", claim.result)
                if claim.result
                else redirect("reminders:alerts")
            )
    posted = draft_posted(request, key)
    form = forms.DrugAlertForm(posted) if posted is not None else None
    if form is None or not form.is_valid():
        # Nothing to check (never typed, or published already), or no longer valid (the last
        # day has passed): the form, which shows why.
        if request.method == "POST":
            submission_release(claim)
        return redirect("reminders:alert_publish")
    answers = {
        "title": form.cleaned_data["title"],
        "text": form.cleaned_data["text"],
        "local_authority": form.cleaned_data["local_authority"],
        "expires_at": form.expires_at,
        "by": request.user,
    }
    if request.method == "POST":
        alert = services.drug_alert_publish(**answers)
        submission_done(claim, result=alert.pk)
        draft_forget(request, key)
        messages.success(request, "Alert published. Every worker in its area sees it now.")
        return redirect("reminders:alert_detail", alert.pk)
    alert = services.drug_alert_draft(**answers)
    return render(
        request,
        "reminders/alert_check.html",
        {"alert": alert, "preview": [alert], "change": key, "submit_token": uuid.uuid4()},
    )


@requires(Capability.ALERTS_PUBLISH)
def alert_detail(request, alert_id):
    """The alert, and who has acknowledged it and who has not."""
    alert = drug_alert_published_get(user=request.user, alert_id=alert_id)
    return render(
        request,
        "reminders/alert_detail.html",
        {
            "alert": alert,
            "readership": drug_alert_readership(alert=alert),
            "live": alert.is_live(),
        },
    )


@requires(Capability.ALERTS_PUBLISH)
@require_POST
def alert_withdraw(request, alert_id):
    alert = services.drug_alert_withdraw(
        alert=drug_alert_published_get(user=request.user, alert_id=alert_id),
        by=request.user,
    )
    messages.success(request, "Alert withdrawn. It no longer shows to anyone.")
    return redirect("reminders:alert_detail", alert.pk)


@requires(Capability.ALERTS_RECEIVE)
@require_POST
def alert_acknowledge(request, alert_id):
    """The worker has read the alert: it stops showing to them. Back to the page they were on."""
    alert = drug_alert_get_for(user=request.user, alert_id=alert_id)
    services.drug_alert_acknowledge(alert=alert, user=request.user)
    if request.headers.get("X-Requested-With") == "fetch":
        # The page's own script (static/src/alerts.js): it removes the banner in place, so
        # nothing typed on the page is lost. No redirect, no message for a later page.
        return HttpResponse(status=204)
    messages.success(request, f"Drug alert acknowledged: {alert.title}.")
    return redirect(next_path(request, start_url(request.user)))
