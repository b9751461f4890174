"""No personal data in logs, errors included (issue 21).

The messages of some exceptions carry the data that caused them: PostgreSQL's (through
psycopg and Django) name the values of a failing row or key ("DETAIL:  Failing row contains
(…, Jane, Doe, 1987-03-14, …)", 'invalid input syntax for type date: "…"'), and parsers' name
what they could not parse ("Invalid isoformat string: '…'"). Every log record is made through
`redacting_record_factory`, so whichever logger or handler takes it (the console, a test's
capture, Celery's worker), such a record keeps the exception's type, SQLSTATE, constraint and
traceback (file, line, function), never its message; nor do the record's message and arguments
repeat it. Database query logging (django.db.backends, DEBUG only) keeps no values either.
"""

from __future__ import annotations

import functools
import logging
import sys
import traceback

WITHHELD = "[withheld: may hold personal data]"


@functools.cache
def _sensitive_types() -> tuple[type[BaseException], ...]:
    import psycopg
    from django.core.exceptions import ValidationError
    from django.db import Error as DatabaseError
    from rest_framework.exceptions import ParseError

    # ValueError: the parsers' (json, dates, numbers, UnicodeDecodeError) name their input.
    return (DatabaseError, psycopg.Error, ParseError, ValidationError, ValueError)


def _chain(exc: BaseException | None) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = exc.__cause__ or exc.__context__
    return seen


def _describe(exc: BaseException) -> str:
    """The type and what names no value: PostgreSQL's SQLSTATE and constraint, if any."""
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    facts = []
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate:
        facts.append(f"SQLSTATE {sqlstate}")
    diag = getattr(exc, "diag", None)
    for name in ("table_name", "column_name", "constraint_name"):
        value = getattr(diag, name, None) if diag is not None else None
        if value:
            facts.append(f"{name.removesuffix('_name')} {value}")
    return f"{kind}: {WITHHELD}" + (f" ({', '.join(facts)})" if facts else "")


def redacted_traceback(exc: BaseException, sensitive: tuple) -> str:
    """The traceback of `exc` and its causes, oldest first, each sensitive message withheld."""
    parts = []
    for n, link in enumerate(reversed(_chain(exc))):
        if n:
            parts.append("\nThe above exception led to the following:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(link.__traceback__))
        if isinstance(link, sensitive):
            parts.append(_describe(link) + "\n")
        else:
            parts.extend(traceback.format_exception_only(type(link), link))
    return "".join(parts).rstrip("\n")


def _scrub(value, secrets: list[str], sensitive: tuple):
    if isinstance(value, BaseException) and isinstance(value, sensitive):
        return _describe(value)
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, WITHHELD)
        if "DETAIL:" in value:  # PostgreSQL's detail line names values, however it got here
            value = value.split("DETAIL:", 1)[0] + "DETAIL: " + WITHHELD
        return value
    return value


def redact(record: logging.LogRecord) -> logging.LogRecord:
    sensitive = _sensitive_types()
    exc = record.exc_info[1] if record.exc_info else None
    if isinstance(record.msg, BaseException) and exc is None:
        exc = record.msg
    # Logged while handling an error, without it: its text may still be in the message.
    handling = sys.exc_info()[1]
    links = [link for link in _chain(exc) + _chain(handling) if isinstance(link, sensitive)]
    secrets = sorted({text for link in links if (text := str(link))}, key=len, reverse=True)
    if links and record.exc_info:
        record.exc_text = redacted_traceback(exc, sensitive)
        record.exc_info = None
    record.msg = _scrub(record.msg, secrets, sensitive)
    if isinstance(record.args, dict):
        record.args = {k: _scrub(v, secrets, sensitive) for k, v in record.args.items()}
    elif isinstance(record.args, tuple):
        record.args = tuple(_scrub(v, secrets, sensitive) for v in record.args)
    if record.name == "django.db.backends":
        # "(duration) SQL with its values inlined; args=values; alias=…", and the same as extras.
        if isinstance(record.args, tuple) and len(record.args) == 4:
            record.args = (record.args[0], "[query withheld]", WITHHELD, record.args[3])
        for extra in ("sql", "params"):
            if hasattr(record, extra):
                setattr(record, extra, WITHHELD)
    # Other extras (Celery's `data`: a failed task's arguments and error) are scrubbed alike.
    for name, value in list(vars(record).items()):
        if name not in _RECORD_ATTRIBUTES:
            setattr(record, name, _scrub_deep(value, secrets, sensitive))
    return record


_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message"}


def _scrub_deep(value, secrets, sensitive):
    if isinstance(value, dict):
        return {k: _scrub_deep(v, secrets, sensitive) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_scrub_deep(v, secrets, sensitive) for v in value)
    return _scrub(value, secrets, sensitive)


def install() -> None:
    """Redact every log record as it is made, extras included (once; CoreConfig.ready).

    `Logger.makeRecord` is wrapped rather than the record factory: it is where a record's
    `extra` values are added (django.db.backends puts its SQL and values there)."""
    make_record = logging.Logger.makeRecord
    if getattr(make_record, "redacts_personal_data", False):
        return

    def redacting_make_record(self, *args, **kwargs):
        record = make_record(self, *args, **kwargs)
        try:
            return redact(record)
        except Exception:  # never lose a record to the redaction itself; lose its details
            record.msg, record.args, record.exc_info = f"Log record {WITHHELD}", (), None
            return record

    redacting_make_record.redacts_personal_data = True
    logging.Logger.makeRecord = redacting_make_record
