"""Demo tasks and a drug alert, so "My tasks", "Team tasks" and the banner have something to show
in `make run`. Idempotent: made once, never again (even after they were sent or done)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from reminders.models import DrugAlert, Reminder, ReminderKind
from reminders.services import drug_alert_publish, reminder_schedule

# (kind, days ago it fell due; negative: not due yet, for whom, note)
DEMO_TASKS = (
    (ReminderKind.SAFEGUARDING_NOT_PICKED_UP, 3, "team", "Concern noted at booking in"),
    (ReminderKind.REQUIRED_ASSESSMENT_NON_ATTENDANCE, 1, "team", ""),
    (ReminderKind.PSR_DEADLINE, 0, "team", "Court on Friday"),
    (ReminderKind.CONTINUITY_DAY_14, 0, "worker", ""),
    (ReminderKind.DRR_REVIEW_DUE, 2, "leader", ""),
    (ReminderKind.CONTINUITY_DAY_21, -7, "team", ""),
    (ReminderKind.REFERRAL_NOT_ACCEPTED, 1, "provider", ""),
)


def demo_reminders_ensure(*, people: list, users: dict) -> int:
    """Schedule the demo tasks about the first few people, once. Returns how many were made."""
    if Reminder.objects.exists() or len(people) < len(DEMO_TASKS):
        return 0
    worker, leader = users["custody.worker"], users["team.leader"]
    provider_service = users["provider.birmingham"].provider_services.first()
    now = timezone.now()
    for (kind, days_ago, who, note), person in zip(DEMO_TASKS, people, strict=False):
        for_whom = {
            "team": {"organisation": worker.organisation},
            "worker": {"assignee": worker},
            "leader": {"assignee": leader},
            "provider": {"provider_service": provider_service},
        }[who]
        reminder_schedule(
            kind=kind, subject=person, note=note,
            due_at=now - datetime.timedelta(days=days_ago, hours=1), **for_whom,
        )  # fmt: skip
    if not DrugAlert.objects.exists():
        drug_alert_publish(
            title="Synthetic opioids found in heroin",
            text="The Local Resilience Forum reports nitazenes in heroin sold across the West "
            "Midlands. Tell people you see; offer naloxone on release; call 999 at once for "
            "anyone who cannot be woken.",
            local_authority=None,
            expires_at=now + datetime.timedelta(days=14),
            by=users["admin"],
        )
    return len(DEMO_TASKS)
