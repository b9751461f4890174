"""Reminders: scheduling and cancelling them (the public API other apps call), sending each one
once, tasks marked done, drug alerts, and worker liveness.

Other apps create and cancel reminders through `reminder_schedule` and `reminders_cancel`
only, inside the transaction of the change that causes them. How a reminder is sent exactly
once is explained in docs/decisions/0013-reminders-exactly-once.md; in short:

    claim (pending -> sending, a token, a lease)    committed
    build the message (consent, recipients)
    hand over (handed_over_at, attempts + 1)         committed, only while the claim holds
    gateway.send(...)
    sent (or pending again after a refusal)          committed, only while the claim holds

A claim never handed over can be taken over once its lease has run out; a row handed over by a
worker that died is reconciled by asking the gateway, never simply sent again.
"""

from __future__ import annotations

import datetime
import logging
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from celery import current_app as app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.utils import timezone

from reminders.gateways import (
    EMAIL,
    SMS,
    Gateway,
    GatewayError,
    GatewayRejected,
    GatewayUncertain,
    Message,
    get_gateway,
)
from reminders.models import (
    NOTE_REQUIRED_KINDS,
    TO_PERSON_KINDS,
    DrugAlert,
    DrugAlertAcknowledgement,
    Reminder,
    ReminderKind,
    WorkerHeartbeat,
)
from reminders.selectors import live_alerts_forget

logger = logging.getLogger(__name__)

# The Celery tasks (reminders/tasks.py) by name: tasks import services, and services queue
# tasks by name, so neither module imports the other.
SEND_TASK = "reminders.tasks.reminder_send"
RECONCILE_TASK = "reminders.tasks.reminder_reconcile"

State = Reminder.State
_ONE_PENDING = "reminder_one_pending_per_kind_and_subject"


# --- The public API: schedule and cancel -------------------------------------------------------


def reminder_schedule(
    *,
    kind: str,
    subject: models.Model,
    due_at: datetime.datetime,
    person=None,
    organisation=None,
    provider_service=None,
    assignee=None,
    note: str = "",
) -> Reminder:
    """Schedule a reminder of `kind` about `subject` (any saved record), due at `due_at`.

    Call it inside the transaction of the change that causes it, so both are kept or neither.
    Idempotent: while a reminder of this kind about this subject is waiting, scheduling again
    updates that one (a unique constraint on waiting rows guarantees there is only one).

    Staff reminders are for `assignee`, else the team: `organisation` (e.g. the arrest referral
    team) and/or `provider_service`. An appointment text (`appointment_sms`) goes to `person`;
    its `note` is the appointment as the person should read it. `person` defaults to the
    subject itself, or the subject's `person`. A `note` is shown in the app, never e-mailed.
    """
    if kind not in ReminderKind.values:
        raise ValueError(f"Unknown reminder kind: {kind!r}")
    if timezone.is_naive(due_at):
        raise ValueError("due_at must be timezone-aware")
    if subject.pk is None:
        raise ValueError("The subject of a reminder must be saved first")
    if person is None:
        person = _person_of(subject)
    if kind in TO_PERSON_KINDS:
        if person is None:
            raise ValueError(f"A {kind} reminder needs the person to send it to")
    elif assignee is None and organisation is None and provider_service is None:
        raise ValueError("A staff reminder needs an assignee, an organisation or a service")
    key = {
        "kind": kind,
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": str(subject.pk),
    }
    values = {
        "due_at": due_at,
        "person": person,
        "organisation": organisation,
        "provider_service": provider_service,
        "assignee": assignee,
        "note": note.strip()[:500],
    }
    due_now = due_at <= timezone.now()
    # Due already: queued when the transaction commits (so the scan need not queue it again).
    values["enqueued_at"] = timezone.now() if due_now else None
    with transaction.atomic():
        for _ in range(3):
            reminder = Reminder.objects.select_for_update().filter(**key, state=State.PENDING)
            reminder = reminder.first()
            if reminder is not None:
                _reschedule(reminder, values)
                break
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(**key, **values, send_after=due_at)
                break
            except IntegrityError as exc:
                # Another transaction scheduled the same reminder first: update theirs.
                if _constraint_name(exc) != _ONE_PENDING:
                    raise
        else:  # pragma: no cover - three concurrent schedulers each losing a race
            raise RuntimeError("Could not schedule the reminder; try again")
        if due_now:
            _queue_on_commit([reminder.pk])
    return reminder


def reminders_cancel(
    *, subject: models.Model, kinds: Iterable[str] | None = None, reason: str = ""
) -> int:
    """Cancel the waiting reminders about `subject` (all kinds, or only `kinds`): they will
    not be sent. Call it inside the transaction that resolves their cause.

    A reminder already handed to the gateway cannot be called back, but its task is closed, as
    are the tasks of reminders already sent. Returns how many reminders were cancelled or
    closed.
    """
    rows = Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=str(subject.pk)
    )
    if kinds is not None:
        kinds = list(kinds)
        unknown = set(kinds) - set(ReminderKind.values)
        if unknown:
            raise ValueError(f"Unknown reminder kinds: {sorted(unknown)}")
        rows = rows.filter(kind__in=kinds)
    reason = reason.strip()[:200]
    with transaction.atomic():
        # A claim not yet handed over is cancelled too: the worker's hand-over then finds the
        # row is no longer its own and stops.
        cancelled = rows.filter(
            Q(state=State.PENDING) | Q(state=State.SENDING, handed_over_at__isnull=True)
        ).update(
            state=State.CANCELLED,
            cancelled_at=Now(),
            cancel_reason=reason or "Its cause was resolved",
            updated_at=Now(),
        )
        closed = (
            rows.filter(done_at__isnull=True)
            .exclude(state=State.CANCELLED)
            .exclude(kind__in=TO_PERSON_KINDS)
            .update(done_at=Now(), done_note=reason or "Its cause was resolved", updated_at=Now())
        )
    return cancelled + closed


def reminders_after_merge(*, survivor, removed) -> None:
    """Two records of a person merged: reminders about the removed one are about the survivor."""
    reminders_move_subject(old=removed, new=survivor)


def reminders_move_subject(*, old: models.Model, new: models.Model) -> int:
    """Reminders about `old` are now about `new` (two records found to be one and merged).
    A waiting reminder of a kind that `new` already has waiting is cancelled: one is enough.
    Returns how many reminders moved."""
    subject_type = ContentType.objects.get_for_model(old)
    rows = Reminder.objects.filter(subject_type=subject_type, subject_id=str(old.pk))
    with transaction.atomic():
        already = Reminder.objects.filter(
            subject_type=subject_type, subject_id=str(new.pk), state=State.PENDING
        ).values("kind")
        rows.filter(state=State.PENDING, kind__in=already).update(
            state=State.CANCELLED,
            cancelled_at=Now(),
            cancel_reason="Merged into a record that has the same reminder",
            updated_at=Now(),
        )
        return rows.update(subject_id=str(new.pk), updated_at=Now())


def _person_of(subject: models.Model):
    if subject._meta.label_lower == "people.person":
        return subject
    for field in subject._meta.concrete_fields:
        related = field.related_model if field.is_relation else None
        if field.name == "person" and related and related._meta.label_lower == "people.person":
            return subject.person
    return None


def _reschedule(reminder: Reminder, values: dict) -> None:
    for name, value in values.items():
        setattr(reminder, name, value)
    # After failures, the back-off still holds; otherwise the new due time does.
    due_at = values["due_at"]
    reminder.send_after = due_at if reminder.attempts == 0 else max(due_at, reminder.send_after)
    reminder.save()


def _constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None)


# --- Tasks in the app ---------------------------------------------------------------------------


def reminder_mark_done(*, reminder: Reminder, by, note: str = "") -> Reminder:
    """Mark a task done (for kinds that need someone to act), with a note of what was done
    (required for a safeguarding task). Twice changes nothing; a task done before its e-mail
    went is not e-mailed."""
    from audit.models import AccessLog
    from audit.services import change_record

    if not reminder.needs_action:
        raise ValidationError("This task closes by itself when its cause is resolved.")
    if reminder.kind in NOTE_REQUIRED_KINDS and not note.strip():
        # What was done about a safeguarding concern must be on record (issue 23).
        raise ValidationError({"note": "Say what was done about the safeguarding concern"})
    with transaction.atomic():
        changed = Reminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(
            done_at=Now(), done_by=by, done_note=note.strip()[:200], updated_by=by,
            updated_at=Now(),
        )  # fmt: skip
        Reminder.objects.filter(
            Q(state=State.PENDING) | Q(state=State.SENDING, handed_over_at__isnull=True),
            pk=reminder.pk,
        ).update(
            state=State.CANCELLED,
            cancelled_at=Now(),
            cancel_reason="Done before it was sent",
            updated_at=Now(),
        )
        if changed:
            change_record(
                user=by, action=AccessLog.Action.CHANGE, records=[reminder], detail="task done"
            )
    reminder.refresh_from_db()
    return reminder


def task_assign(*, reminder: Reminder, to, by) -> Reminder:
    """Give an open task to a worker of the team leader's own team: it leaves the team's
    shared list for the worker's own (My tasks). The change is in the access log."""
    from accounts.selectors import team_workers
    from audit.models import AccessLog
    from audit.services import change_record

    if not team_workers(user=by).filter(pk=to.pk).exists():
        raise ValidationError({"assignee": "Choose a worker of your team"})
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder.pk).update(assignee=to, updated_by=by, updated_at=Now())
        change_record(
            user=by,
            action=AccessLog.Action.CHANGE,
            records=[reminder],
            detail=f"assigned to accounts.user:{to.pk}",
        )
    reminder.refresh_from_db()
    return reminder


# --- Sending: the scan, a worker's delivery, reconciliation ----------------------------------


def _conf(name: str):
    return settings.REMINDERS[name]


def _seconds(value: float) -> datetime.timedelta:
    return datetime.timedelta(seconds=value)


def _database_now() -> datetime.datetime:
    """One clock for every worker and the scan: the database's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


@dataclass(frozen=True)
class ScanResult:
    queued: int
    reconciling: int


def reminders_scan() -> ScanResult:
    """Put on the queue what may be sent now; called every minute by beat.

    Three kinds of row: waiting and due; claimed by a worker whose lease ran out before it
    handed the message over (it died: anyone may take it over); and handed over by a worker
    whose lease ran out (it died after or while calling the gateway: ask the gateway).

    A waiting row is queued once. It is queued again only if it was queued more than
    REQUEUE_SECONDS ago *and* the broker's queue is empty: the workers have taken every
    message there is, so its message was lost (Redis flushed or restarted empty, or a worker
    died holding it). A long backlog is thus never doubled; a duplicate would be harmless
    anyway (the claim lets one through).
    """
    now = _database_now()
    lease = _seconds(_conf("CLAIM_LEASE_SECONDS"))
    queued_long_ago = Q(enqueued_at__lt=now - _seconds(_conf("REQUEUE_SECONDS")))
    not_queued_lately = Q(enqueued_at__isnull=True) | queued_long_ago
    waiting = Q(enqueued_at__isnull=True)
    if _broker_backlog() == 0:
        waiting |= queued_long_ago
    to_send = (Q(state=State.PENDING, send_after__lte=now) & waiting) | (
        Q(state=State.SENDING, handed_over_at__isnull=True, claimed_at__lt=now - lease)
        & not_queued_lately
    )
    in_doubt = Q(state=State.SENDING, handed_over_at__lt=now - lease) & not_queued_lately
    return ScanResult(
        queued=_queue_matching(to_send, SEND_TASK),
        reconciling=_queue_matching(in_doubt, RECONCILE_TASK),
    )


def _broker_backlog() -> int | None:
    """How many messages wait in the broker's queue (None: the broker cannot be asked)."""
    from kombu.exceptions import ChannelError

    try:
        with app.connection_for_read() as conn:
            declared = conn.default_channel.queue_declare(
                queue=app.conf.task_default_queue, passive=True
            )
            return declared.message_count
    except ChannelError:
        return 0  # no such queue: nothing was ever queued, or the broker lost it all
    except Exception:
        logger.warning("Could not ask the broker how many messages wait")
        return None


def _queue_matching(condition: Q, task: str) -> int:
    """Mark matching rows queued, batch by batch (skipping rows another scan holds), then
    publish their ids. Rows marked are not matched again in this scan (queued 'now')."""
    total = 0
    batch = _conf("SCAN_BATCH")
    while True:
        with transaction.atomic():
            ids = list(
                Reminder.objects.filter(condition)
                .order_by("send_after")
                .select_for_update(skip_locked=True)
                .values_list("id", flat=True)[:batch]
            )
            Reminder.objects.filter(pk__in=ids).update(enqueued_at=Now())
        _publish(task, ids)
        total += len(ids)
        if len(ids) < batch:
            return total


def _publish(task: str, ids: list) -> None:
    """Queue the task by its name for each id (tasks import services, never the reverse)."""
    if not ids:
        return
    with app.producer_or_acquire() as producer:
        for reminder_id in ids:
            app.send_task(task, args=(str(reminder_id),), producer=producer)


def _queue_on_commit(ids: list) -> None:
    def publish():
        try:
            _publish(SEND_TASK, ids)
        except Exception:
            # Nothing is lost: the row is due, and the next scan queues it.
            logger.warning("Could not queue %d reminder(s); the scan will", len(ids))

    transaction.on_commit(publish)


@dataclass(frozen=True)
class Delivery:
    """What a worker's attempt came to. `retry_in`: seconds until the next try, if any."""

    outcome: str  # sent, not_claimed, cancelled, failed, retry, uncertain
    retry_in: float | None = None


class _NothingToSend(Exception):
    def __init__(self, reason: str, *, cancel: bool):
        super().__init__(reason)
        self.reason, self.cancel = reason, cancel


def reminder_deliver(*, reminder_id, gateway: Gateway | None = None) -> Delivery:
    """Send one reminder if it may be sent now and nobody else has it. Safe to run any number
    of times, in any number of workers: only the worker whose claim holds sends."""
    gateway = gateway or get_gateway()
    token = uuid.uuid4()
    lease = _seconds(_conf("CLAIM_LEASE_SECONDS"))
    claimed = (
        Reminder.objects.filter(pk=reminder_id)
        .filter(
            Q(state=State.PENDING, send_after__lte=Now())
            | Q(state=State.SENDING, handed_over_at__isnull=True, claimed_at__lt=Now() - lease)
        )
        .update(state=State.SENDING, claim_token=token, claimed_at=Now(), updated_at=Now())
    )
    if not claimed:
        return Delivery("not_claimed")
    mine = Reminder.objects.filter(pk=reminder_id, state=State.SENDING, claim_token=token)
    reminder = Reminder.objects.select_related(
        "person", "organisation", "provider_service", "assignee", "subject_type"
    ).get(pk=reminder_id)

    try:
        message = _message_for(reminder)
    except _NothingToSend as nothing:
        if nothing.cancel:
            mine.update(
                state=State.CANCELLED, cancelled_at=Now(), cancel_reason=nothing.reason[:200],
                updated_at=Now(),
            )  # fmt: skip
            return Delivery("cancelled")
        mine.update(state=State.FAILED, last_error=nothing.reason[:500], updated_at=Now())
        return Delivery("failed")
    except Exception as exc:
        # A fault of ours, not the gateway's: stop rather than take it over for ever.
        logger.exception("Could not build reminder %s", reminder_id)
        mine.update(state=State.FAILED, last_error=type(exc).__name__, updated_at=Now())
        return Delivery("failed")

    # The point of no return, committed before the gateway is called; only while the claim
    # holds (a cancellation, or a takeover after the lease, makes this change nothing).
    if not mine.update(handed_over_at=Now(), attempts=F("attempts") + 1, updated_at=Now()):
        return Delivery("cancelled")
    attempts = reminder.attempts + 1
    try:
        gateway_reference = gateway.send(message)
    except GatewayRejected as exc:
        mine.update(state=State.FAILED, last_error=str(exc)[:500], updated_at=Now())
        return Delivery("failed")
    except GatewayError as exc:
        # Not taken: it is safe to send again, after a back-off.
        if attempts >= _conf("MAX_ATTEMPTS"):
            mine.update(
                state=State.FAILED,
                last_error=f"Gave up after {attempts} attempts: {exc}"[:500],
                updated_at=Now(),
            )
            return Delivery("failed")
        delay = _backoff(attempts)
        _release(mine, send_after=Now() + _seconds(delay), last_error=str(exc)[:500])
        return Delivery("retry", retry_in=delay)
    except (GatewayUncertain, Exception) as exc:
        # Perhaps taken: leave it handed over; after the lease the scan asks the gateway.
        mine.update(last_error=f"No answer from the gateway: {type(exc).__name__}"[:500])
        logger.warning("Reminder %s: no answer from the gateway (%s)", reminder_id, exc)
        return Delivery("uncertain")
    if not mine.update(
        state=State.SENT, sent_at=Now(), gateway_reference=gateway_reference[:100],
        last_error="", updated_at=Now(),
    ):  # fmt: skip
        # Our lease ran out mid-send and the row was reconciled: the gateway had it, so it is
        # recorded as sent already. Only possible if the send outlived the time limit.
        logger.warning("Reminder %s was sent after its claim ran out", reminder_id)
    return Delivery("sent")


def reminder_reconcile(*, reminder_id, gateway: Gateway | None = None) -> str:
    """A reminder handed to the gateway by a worker that stopped before recording the answer:
    ask the gateway. Taken: record it sent. Not taken: send it again. The gateway cannot say
    (e-mail): record it sent, unconfirmed, since sending again could send it twice."""
    gateway = gateway or get_gateway()
    lease = _seconds(_conf("CLAIM_LEASE_SECONDS"))
    reminder = Reminder.objects.filter(
        pk=reminder_id, state=State.SENDING, handed_over_at__lt=Now() - lease
    ).first()
    if reminder is None:
        return "nothing to do"
    # Unchanged since we looked (a fencing condition on every write below).
    this = Reminder.objects.filter(
        pk=reminder_id, state=State.SENDING, claim_token=reminder.claim_token,
        handed_over_at=reminder.handed_over_at,
    )  # fmt: skip
    channel = SMS if reminder.kind in TO_PERSON_KINDS else EMAIL
    try:
        taken = gateway.lookup(reference=str(reminder.pk), channel=channel)
    except GatewayError:
        return "gateway unavailable"  # the next scan asks again
    if taken is False:
        _release(this, send_after=Now(), last_error="The worker stopped before it was sent")
        reminder_deliver(reminder_id=reminder_id, gateway=gateway)
        return "sent again"
    note = (
        "Confirmed by the gateway after the worker stopped"
        if taken
        else "The worker stopped after handing it to the mail server: not sent again"
    )
    this.update(state=State.SENT, sent_at=F("handed_over_at"), last_error=note, updated_at=Now())
    return "confirmed" if taken else "unconfirmed"


def _release(queryset, **values) -> None:
    """Back to waiting, for another attempt. If a newer reminder of the same kind about the
    same subject was scheduled meanwhile, this one is superseded instead."""
    try:
        with transaction.atomic():
            queryset.update(
                state=State.PENDING, claim_token=None, claimed_at=None, handed_over_at=None,
                enqueued_at=Now(), updated_at=Now(), **values,
            )  # fmt: skip
    except IntegrityError as exc:
        if _constraint_name(exc) != _ONE_PENDING:
            raise
        queryset.update(
            state=State.CANCELLED, cancelled_at=Now(), updated_at=Now(),
            cancel_reason="Replaced by a newer reminder of the same kind",
        )  # fmt: skip


def _backoff(attempts: int) -> float:
    """base × 2^(attempts-1), at most the maximum, plus up to 10 % jitter so that workers
    retrying together do not all come back at once."""
    delay = min(_conf("RETRY_BASE_SECONDS") * 2 ** (attempts - 1), _conf("RETRY_MAX_SECONDS"))
    return delay + random.uniform(0, delay / 10)  # noqa: S311  # nosec B311: jitter, not a secret


# --- Messages -----------------------------------------------------------------------------------


def _message_for(reminder: Reminder) -> Message:
    if not _subject_exists(reminder):
        raise _NothingToSend("What it was about no longer exists", cancel=True)
    if reminder.kind in TO_PERSON_KINDS:
        return _text_message(reminder)
    return _email(reminder)


def _subject_exists(reminder: Reminder) -> bool:
    subject_type = reminder.subject_type
    if (subject_type.app_label, subject_type.model) == ("people", "person") and (
        str(reminder.person_id) == reminder.subject_id
    ):
        return True  # the person was just read with the row (deleting them deletes it)
    model = subject_type.model_class()
    return model is not None and model._default_manager.filter(pk=reminder.subject_id).exists()


def _text_message(reminder: Reminder) -> Message:
    person = reminder.person
    # Consent is checked when the text goes, not when it was scheduled: it may be withdrawn.
    if not person.contact_by_sms:
        raise _NothingToSend("The person has not consented to text reminders", cancel=True)
    if not person.phone.strip():
        raise _NothingToSend("The person has no phone number to text", cancel=True)
    return Message(
        reference=str(reminder.pk),
        channel=SMS,
        to=(person.phone.strip(),),
        template_id=settings.NOTIFY_SMS_TEMPLATE_ID,
        personalisation={"appointment": reminder.note},
    )


def staff_recipients(*, reminder: Reminder) -> list[str]:
    """Whom a staff reminder is e-mailed to: its assignee, else its team's active members."""
    from django.contrib.auth import get_user_model

    from accounts.access import Capability, roles_with

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    if reminder.assignee_id:
        users = users.filter(pk=reminder.assignee_id)
    else:
        team = Q()
        if reminder.organisation_id:
            team |= Q(organisation_id=reminder.organisation_id)
        if reminder.provider_service_id:
            team |= Q(provider_services=reminder.provider_service_id)
        users = users.filter(team, role__in=roles_with(Capability.TASKS))
    return sorted(set(users.values_list("email", flat=True)))


def _email(reminder: Reminder) -> Message:
    recipients = staff_recipients(reminder=reminder)
    if not recipients:
        raise _NothingToSend("Nobody to e-mail: the task is in the task list", cancel=False)
    context = {
        "reminder": reminder,
        "kind": reminder.get_kind_display(),
        # The reference only: e-mail leaves the service, so never a name or the free-text note.
        "reference": reminder.person.reference if reminder.person_id else "",
        "due": timezone.localtime(reminder.due_at),
        "tasks_url": settings.SITE_URL + "/tasks/",
        "service_name": settings.SERVICE_NAME,
    }
    return Message(
        reference=str(reminder.pk),
        channel=EMAIL,
        to=tuple(recipients),
        subject=f"Task due: {context['kind']}"
        + (f" ({context['reference']})" if context["reference"] else ""),
        body=render_to_string("reminders/email/task_due.txt", context),
    )


# --- Drug alerts --------------------------------------------------------------------------------


def drug_alert_draft(
    *, title: str, text: str, local_authority, expires_at: datetime.datetime, by
) -> DrugAlert:
    """The alert as it would be published now, not saved: what the check page previews."""
    return DrugAlert(
        title=title.strip(),
        text=text.strip(),
        local_authority=local_authority,
        expires_at=expires_at,
        published_at=timezone.now(),
        published_by=by,
    )


def drug_alert_publish(
    *, title: str, text: str, local_authority, expires_at: datetime.datetime, by
) -> DrugAlert:
    """Publish a drug alert: it shows on every page of every worker in its area until each
    acknowledges it, or it expires."""
    alert = drug_alert_draft(
        title=title, text=text, local_authority=local_authority, expires_at=expires_at, by=by
    )
    alert.full_clean()
    alert.save()
    _live_alerts_changed()
    return alert


def _live_alerts_changed() -> None:
    """Pages remember for a minute which alerts are live: forget it now, and again once the
    change commits, in case a page read the old state in between."""
    live_alerts_forget()
    transaction.on_commit(live_alerts_forget)


def drug_alert_acknowledge(*, alert: DrugAlert, user) -> DrugAlertAcknowledgement:
    """The user has read the alert. Twice (a double click) records it once."""
    acknowledgement, _ = DrugAlertAcknowledgement.objects.get_or_create(alert=alert, user=user)
    return acknowledgement


def drug_alert_withdraw(*, alert: DrugAlert, by) -> DrugAlert:
    """Stop showing an alert before it expires (published by mistake, or no longer true)."""
    DrugAlert.objects.filter(pk=alert.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now(), withdrawn_by=by
    )
    _live_alerts_changed()
    alert.refresh_from_db()
    return alert


# --- Worker liveness ----------------------------------------------------------------------------


def worker_heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    """Upsert this worker's heartbeat: safe to run any number of times."""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        worker=worker[:200], defaults={"seen_at": timezone.now()}
    )
    return heartbeat
