"""Where reminders leave the system: e-mail through Django's backend, texts through GOV.UK Notify.

A gateway does two things: `send` a message, and `lookup` whether it accepted a message with a
given reference (the reminder's id) before: after a worker dies between handing a message over
and recording the answer, the lookup decides whether to send it again
(docs/decisions/0013-reminders-exactly-once.md). Tests use FakeGateway, which records every
message in a file that all processes share, and can be told to fail or to kill its worker.

Error texts never carry the message, the recipient or anything else about a person: they are
stored on the reminder and logged.
"""

from __future__ import annotations

import fcntl
import json
import os
import signal
import smtplib
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

EMAIL = "email"
SMS = "sms"


@dataclass(frozen=True)
class Message:
    """One notification. `reference` is the reminder's id, so the gateway can be asked later."""

    reference: str
    channel: str  # EMAIL or SMS
    to: tuple[str, ...]
    subject: str = ""
    body: str = ""
    template_id: str = ""
    personalisation: dict = field(default_factory=dict)


class GatewayError(Exception):
    """The gateway did not take the message (down, busy, refused for now): try again later."""


class GatewayRejected(GatewayError):
    """The gateway will never take this message (not configured, invalid number): do not retry."""


class GatewayUncertain(Exception):
    """The message may or may not have been taken (no answer after it was sent)."""


class Gateway(Protocol):
    def send(self, message: Message) -> str:
        """Hand the message over; return the gateway's id for it. Raises GatewayError (not
        taken), GatewayRejected (never will be) or GatewayUncertain (cannot tell)."""

    def lookup(self, *, reference: str, channel: str) -> bool | None:
        """Did the gateway take a message with this reference? None: it cannot say."""


def get_gateway() -> Gateway:
    """The gateway named by settings.REMINDERS_GATEWAY."""
    return import_string(settings.REMINDERS_GATEWAY)()


class LiveGateway:
    """E-mail through Django's e-mail backend; texts through GOV.UK Notify."""

    def send(self, message: Message) -> str:
        if message.channel == EMAIL:
            return self._send_email(message)
        return self._send_sms(message)

    def lookup(self, *, reference: str, channel: str) -> bool | None:
        if channel == EMAIL:
            return None  # a mail server cannot be asked what it was given
        client = self._notify()
        try:
            found = client.get_all_notifications(reference=reference, template_type="sms")
        except Exception as exc:
            raise GatewayError(f"GOV.UK Notify lookup failed: {type(exc).__name__}") from exc
        return bool(found.get("notifications"))

    def _send_email(self, message: Message) -> str:
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=list(message.to),
            headers={"X-Reminder-Reference": message.reference},
        )
        try:
            email.send(fail_silently=False)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            raise GatewayRejected(f"Mail server refused: {type(exc).__name__}") from exc
        except smtplib.SMTPServerDisconnected as exc:
            # The server may have been given the whole message before it went away.
            raise GatewayUncertain(f"Mail server disconnected: {type(exc).__name__}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise GatewayError(f"Mail server unavailable: {type(exc).__name__}") from exc
        return ""

    @staticmethod
    def _notify():
        if not settings.NOTIFY_API_KEY or not settings.NOTIFY_SMS_TEMPLATE_ID:
            raise GatewayRejected(
                "GOV.UK Notify is not configured (NOTIFY_API_KEY, NOTIFY_SMS_TEMPLATE_ID)"
            )
        from notifications_python_client.notifications import NotificationsAPIClient

        return NotificationsAPIClient(
            settings.NOTIFY_API_KEY, timeout=settings.NOTIFY_TIMEOUT_SECONDS
        )

    def _send_sms(self, message: Message) -> str:
        import requests
        from notifications_python_client.errors import APIError

        client = self._notify()
        try:
            response = client.send_sms_notification(
                phone_number=message.to[0],
                template_id=message.template_id or settings.NOTIFY_SMS_TEMPLATE_ID,
                personalisation=message.personalisation,
                reference=message.reference,
            )
        except APIError as exc:
            cause = exc.__cause__
            if getattr(exc, "response", None) is None:
                # No answer. Only a connection never made is certainly not a message taken.
                if isinstance(cause, requests.ConnectTimeout) or _never_connected(cause):
                    raise GatewayError("GOV.UK Notify unreachable") from exc
                raise GatewayUncertain(
                    f"GOV.UK Notify did not answer: {type(cause).__name__}"
                ) from exc
            status = exc.status_code
            if status == 429 or status >= 500:
                raise GatewayError(f"GOV.UK Notify answered {status}") from exc
            # 400 (a number Notify will not text, a bad template), 403 (the key): not by retrying.
            raise GatewayRejected(f"GOV.UK Notify refused the text: {status}") from exc
        return str(response.get("id", ""))


def _never_connected(cause) -> bool:
    import requests
    from urllib3.exceptions import NewConnectionError

    if not isinstance(cause, requests.ConnectionError):
        return False
    reason = cause.args[0] if cause.args else None
    return isinstance(getattr(reason, "reason", None), NewConnectionError)


class FakeGateway:
    """Records every message in `sends.jsonl` under REMINDERS_FAKE_GATEWAY_DIR, shared by all
    processes (each write under an exclusive lock), so tests count sends across workers.

    `control.json` beside it changes its behaviour for every process at once:
    `fail` (the next N messages are not taken: GatewayError), `delay_seconds` (wait after
    recording a message, as a real gateway's answer takes time), `kill_after` (the worker kills
    itself with SIGKILL right after the gateway took its Nth message from now: the worst moment).
    """

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = Path(directory or settings.REMINDERS_FAKE_GATEWAY_DIR)

    # --- the gateway -------------------------------------------------------------------------

    def send(self, message: Message) -> str:
        with self._locked():
            control = self._read_control()
            record = {
                **asdict(message),
                "at": time.time(),
                "pid": os.getpid(),
                "id": str(uuid.uuid4()),
            }
            if control.get("fail", 0) > 0:
                control["fail"] -= 1
                self._write_control(control)
                self._append({**record, "ok": False})
                raise GatewayError("The fake gateway was told to fail")
            self._append({**record, "ok": True})
            kill = control.get("kill_after")
            if kill:
                control["kill_after"] = kill - 1
                self._write_control(control)
        if kill == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        if control.get("delay_seconds"):
            time.sleep(control["delay_seconds"])
        return record["id"]

    def lookup(self, *, reference: str, channel: str) -> bool | None:
        return any(r["reference"] == reference and r["channel"] == channel for r in self.records())

    # --- for tests and demos -----------------------------------------------------------------

    def records(self, *, ok: bool | None = True) -> list[dict]:
        """Every message the gateway took (ok=True), refused (False) or both (None)."""
        path = self.directory / "sends.jsonl"
        if not path.exists():
            return []
        with self._locked():
            lines = path.read_text().splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
        return [r for r in records if ok is None or r["ok"] is ok]

    def control(self, **values) -> None:
        """Set `fail`, `delay_seconds` or `kill_after` for every process."""
        with self._locked():
            control = self._read_control()
            control.update(values)
            self._write_control(control)

    def fail_next(self, count: int) -> None:
        """The next `count` messages are not taken (GatewayError), in whichever process."""
        self.control(fail=count)

    def reset(self) -> None:
        with self._locked():
            for name in ("sends.jsonl", "control.json"):
                (self.directory / name).unlink(missing_ok=True)

    # --- files --------------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _append(self, record: dict) -> None:
        # One write of a whole line: a process killed after it returns has recorded the message.
        with open(self.directory / "sends.jsonl", "a") as sends:
            sends.write(json.dumps(record) + "\n")

    def _read_control(self) -> dict:
        path = self.directory / "control.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def _write_control(self, control: dict) -> None:
        (self.directory / "control.json").write_text(json.dumps(control))
