"""Reading tasks and drug alerts, filtered by who is looking."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from accounts.access import Capability, can, roles_with
from reminders.models import TO_PERSON_KINDS, DrugAlert, Reminder


def _open_tasks() -> QuerySet[Reminder]:
    """Staff reminders that have fallen due and are neither done nor cancelled (whether or not
    their e-mail has gone yet: the list never waits for a worker)."""
    return (
        Reminder.objects.filter(due_at__lte=timezone.now(), done_at__isnull=True)
        .exclude(state=Reminder.State.CANCELLED)
        .exclude(kind__in=TO_PERSON_KINDS)
        .select_related("person", "organisation", "provider_service", "assignee")
        .order_by("due_at", "created_at")
    )


def tasks_for(*, user) -> QuerySet[Reminder]:
    """My tasks: assigned to me, or to nobody in particular in my organisation or one of my
    provider services; longest overdue first."""
    if not can(user, Capability.TASKS):
        return Reminder.objects.none()
    team = Q(provider_service__in=user.provider_services.values("pk"))
    if user.organisation_id:
        team |= Q(organisation_id=user.organisation_id)
    return _open_tasks().filter(Q(assignee=user) | (Q(assignee__isnull=True) & team))


def team_tasks_for(*, user) -> QuerySet[Reminder]:
    """Team tasks (team leaders): every open task of the user's organisation, whoever has it."""
    if not can(user, Capability.TEAM_TASKS) or not user.organisation_id:
        return Reminder.objects.none()
    return _open_tasks().filter(
        Q(organisation_id=user.organisation_id) | Q(assignee__organisation_id=user.organisation_id)
    )


def task_get_for(*, user, reminder_id) -> Reminder:
    """One open task in the user's lists, or 404."""
    try:
        return (tasks_for(user=user) | team_tasks_for(user=user)).get(pk=reminder_id)
    except (Reminder.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass(frozen=True)
class TaskRow:
    reminder: Reminder
    person: object | None  # the person, only if the viewer may see them
    url: str | None  # the page of what the task is about, if there is one the viewer may see
    note: str  # the note, only if the viewer may see the person it is about
    overdue: bool
    due_today: bool


def task_rows(*, user, reminders: Iterable[Reminder]) -> list[TaskRow]:
    """What the task lists show: the person by reference (only to those who may see them),
    and a link to the subject's page (its get_absolute_url, else the person's page)."""
    from people.selectors import people_for

    reminders = list(reminders)
    prefetch_related_objects(reminders, "subject")
    person_ids = {r.person_id for r in reminders if r.person_id}
    visible = set(
        people_for(user=user).filter(pk__in=person_ids).values_list("pk", flat=True)
        if person_ids
        else []
    )
    now = timezone.now()
    today = timezone.localtime(now).date()
    rows = []
    for reminder in reminders:
        person = reminder.person if reminder.person_id in visible else None
        url = None
        if reminder.person_id is None or person is not None:
            subject = reminder.subject
            if subject is not None and hasattr(subject, "get_absolute_url"):
                url = subject.get_absolute_url()
            elif person is not None:
                url = reverse("people:detail", args=[person.pk])
        rows.append(
            TaskRow(
                reminder=reminder,
                person=person,
                url=url,
                note=reminder.note if reminder.person_id is None or person is not None else "",
                overdue=reminder.is_overdue(now),
                due_today=timezone.localtime(reminder.due_at).date() == today,
            )
        )
    return rows


# --- Drug alerts --------------------------------------------------------------------------------


def _live_alerts() -> QuerySet[DrugAlert]:
    return DrugAlert.objects.filter(withdrawn_at__isnull=True, expires_at__gt=timezone.now())


def _in_area_of(user) -> Q:
    """Alerts for all seven authorities reach everyone; an alert for one authority reaches the
    arrest referral team (who see people from everywhere) and the provider workers there."""
    from organisations.models import ProviderService

    services = ProviderService.objects.filter(staff=user)
    return (
        Q(local_authority__isnull=True)
        | Q(local_authority__in=services.values("local_authority"))
        | ~Exists(services)
    )


# Which alerts are live, kept a minute: the banner is on every page and most of the time no
# alert is live. Publishing or withdrawing one forgets it (reminders.services); an expiry needs
# no one, as each page compares the times it holds with now.
LIVE_ALERTS_KEY = "reminders:live-drug-alerts"
LIVE_ALERTS_SECONDS = 60


def _live_alert_expiries() -> list[datetime.datetime]:
    found = cache.get(LIVE_ALERTS_KEY)
    if found is None:
        found = list(_live_alerts().values_list("expires_at", flat=True))
        cache.set(LIVE_ALERTS_KEY, found, LIVE_ALERTS_SECONDS)
    return found


def live_alerts_forget() -> None:
    """An alert was published or withdrawn: the next page reads which are live again."""
    cache.delete(LIVE_ALERTS_KEY)


def drug_alerts_for(*, user) -> list[DrugAlert]:
    """The live alerts in the user's area that they have not acknowledged yet: no query while
    none is live, else one."""
    if not can(user, Capability.ALERTS_RECEIVE):
        return []
    now = timezone.now()
    if not any(expires_at > now for expires_at in _live_alert_expiries()):
        return []
    return list(
        _live_alerts()
        .filter(_in_area_of(user))
        .exclude(acknowledgements__user=user)
        .select_related("local_authority")
        .order_by("published_at")
    )


def drug_alert_get_for(*, user, alert_id) -> DrugAlert:
    """An alert in the user's area (live or not), or 404."""
    if not can(user, Capability.ALERTS_RECEIVE):
        raise Http404
    try:
        return DrugAlert.objects.filter(_in_area_of(user)).get(pk=alert_id)
    except (DrugAlert.DoesNotExist, ValueError):
        raise Http404 from None


def drug_alert_recipients(*, alert: DrugAlert) -> QuerySet:
    """Everyone the alert is for: active users of the roles that receive alerts, in its area."""
    from django.contrib.auth import get_user_model

    from organisations.models import ProviderService

    users = get_user_model().objects.filter(
        is_active=True, role__in=roles_with(Capability.ALERTS_RECEIVE)
    )
    if alert.local_authority_id:
        in_area = ProviderService.objects.filter(
            staff=OuterRef("pk"), local_authority_id=alert.local_authority_id
        )
        any_service = ProviderService.objects.filter(staff=OuterRef("pk"))
        users = users.filter(Exists(in_area) | ~Exists(any_service))
    return users.select_related("organisation").order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class AlertReadership:
    acknowledged: list  # DrugAlertAcknowledgement, with user
    not_acknowledged: list  # users


def drug_alert_readership(*, alert: DrugAlert) -> AlertReadership:
    """Who has acknowledged the alert (and when), and who it is for but has not yet."""
    acknowledged = list(alert.acknowledgements.select_related("user", "user__organisation"))
    done = {a.user_id for a in acknowledged}
    waiting = [u for u in drug_alert_recipients(alert=alert) if u.pk not in done]
    return AlertReadership(acknowledged=acknowledged, not_acknowledged=waiting)


def drug_alerts_all() -> QuerySet[DrugAlert]:
    """Every alert, newest first, for the administrators' list."""
    from django.db.models import Count

    return (
        DrugAlert.objects.select_related("local_authority")
        .annotate(acknowledged=Count("acknowledgements"))
        .order_by("-published_at")
    )


def drug_alert_published_get(*, user, alert_id) -> DrugAlert:
    """Any alert, for those who publish alerts (to follow or withdraw it); 404 for others."""
    if not can(user, Capability.ALERTS_PUBLISH):
        raise Http404
    try:
        return DrugAlert.objects.select_related("local_authority", "published_by").get(pk=alert_id)
    except (DrugAlert.DoesNotExist, ValueError):
        raise Http404 from None


def worker_last_seen() -> datetime.datetime | None:
    """When a Celery worker last consumed the queue (its heartbeat), if ever."""
    from reminders.models import WorkerHeartbeat

    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    return latest.first()
