"""The police custody feed: detainees posted by the custody system, one row at a time.

Each row is validated on its own and written in its own transaction, so one bad or conflicting
row never undoes another. Replaying a row changes nothing: the same suite and custody record
number give back the contact already on record (the unique constraint
`custody_contact_unique_record_per_suite` settles two feeds racing for the same record).

The person is linked only on an exact match: the PNC ID, else the NHS number, else exactly the
same given name, family name and date of birth on exactly one person. A close match is never
linked automatically: a wrong link is worse than a duplicate, which a worker can merge.

Suites and offence categories are found by code whether or not they are still active: the
custody system is the authority on where and why someone was arrested, and nobody should drop
off a suite's list because a category was retired.

The contact is written here rather than through custody_contact_create, which does not say
whether it created the contact: the feed must know (to report and audit it), and must roll back
a person it created for a contact that another feed wrote first. Both store the custody record
number trimmed and upper-cased, under the same unique constraint.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import serializers

from core.forms import EARLIEST_YEAR
from core.validators import refuse_hidden_characters
from custody.models import CustodyContact, OffenceCategory, record_number_normalised
from organisations.models import CustodySuite
from people.serializers import IdentifiersMixin
from people.services import (
    IdentifiersOfTwoPeople,
    LinkedBy,
    person_create,
    person_link_exact,
)

MAX_ROWS = 500
# The custody system's clock and ours may differ a little; an arrest further ahead is an error.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
EARLIEST_ARREST = datetime.date(1990, 1, 1)
UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


class FeedStatus:
    CREATED = "created"
    EXISTING = "existing"
    REJECTED = "rejected"

    ALL = (CREATED, EXISTING, REJECTED)


Matched = LinkedBy  # how the person on a new contact was found (or that they were new)
IDENTIFIERS = ("pnc_id", "nhs_number")


def _identifiers_clash_task(*, contact: CustodyContact, clash: IdentifiersOfTwoPeople) -> None:
    """A task for the arrest referral team, due now: the feed's identifiers name two people."""
    from accounts.selectors import arrest_referral_service
    from reminders.models import ReminderKind
    from reminders.services import reminder_schedule

    reminder_schedule(
        kind=ReminderKind.IDENTIFIERS_CLASH,
        subject=contact,
        due_at=timezone.now(),
        person=contact.person,
        organisation=arrest_referral_service(),
        note=(
            f"The custody feed sent a PNC ID on record for {clash.by_pnc.reference} and an NHS "
            f"number on record for {clash.by_nhs.reference}. The contact is on a new record, "
            f"{contact.person.reference}, without them: check which is right and merge."
        ),
    )


@dataclass(frozen=True)
class FeedResult:
    """What happened to one row. `matched` is None when the contact was already on record."""

    status: str
    custody_record_number: str | None
    contact: CustodyContact | None = None
    matched: str | None = None
    errors: dict | None = None
    index: int = 0
    # Rejected only because another write of the same contact or person kept getting there
    # first: not the row's fault, so the batch is answered 409 (send it again; decision 0029).
    conflicted: bool = False


@dataclass(frozen=True)
class FeedBatch:
    results: list[FeedResult]

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)


# --- The shape of one row ----------------------------------------------------------------------


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time that must carry its UTC offset (a bare time is ambiguous
    around the clocks changing, and the custody system's zone is not ours to guess)."""

    default_error_messages = {
        "naive": "Give the time with its UTC offset, for example 2026-03-01T14:05:00+00:00.",
    }

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime):
            parsed = value
        elif isinstance(value, str):
            try:
                parsed = datetime.datetime.fromisoformat(value.strip())
            except ValueError:
                parsed = None  # the parent class gives the format error
        else:
            parsed = None
        if parsed is not None and timezone.is_naive(parsed):
            self.fail("naive")
        return super().to_internal_value(value)


class FeedPersonSerializer(IdentifiersMixin, serializers.Serializer):
    given_name = serializers.CharField(validators=[refuse_hidden_characters], max_length=100)
    family_name = serializers.CharField(validators=[refuse_hidden_characters], max_length=100)
    date_of_birth = serializers.DateField()
    pnc_id = serializers.CharField(
        validators=[refuse_hidden_characters],
        max_length=20,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="YY/NNNNNNNL or YYYY/NNNNNNNL with its check letter (the slash may be left "
        "out where the digits read one way only: YYYYNNNNNNNL); stored as YY/NNNNNNNL",
    )
    nhs_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="Ten digits with a valid check digit",
    )
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")

    def validate_date_of_birth(self, value: datetime.date) -> datetime.date:
        if value > timezone.localdate():
            raise serializers.ValidationError("The date of birth is in the future.")
        if value.year < EARLIEST_YEAR:  # 0001-01-01 and the like: a placeholder, not a birth
            raise serializers.ValidationError(f"The date of birth is before {EARLIEST_YEAR}.")
        return value


class FeedContactSerializer(serializers.Serializer):
    """One detainee booked into custody, as the police custody system sends them."""

    # Suites and offences come from context["reference"] (ReferenceData), read once per batch.
    suite_code = serializers.CharField(max_length=20, help_text="A custody suite, e.g. bhm-north")
    custody_record_number = serializers.CharField(
        validators=[refuse_hidden_characters],
        max_length=30,
        help_text="Unique within the suite; stored trimmed and upper-cased",
    )
    arrested_at = AwareDateTimeField(help_text="ISO 8601 with the UTC offset")
    offence_code = serializers.CharField(max_length=40, help_text="An offence category, e.g. theft")
    person = FeedPersonSerializer()

    def _reference(self) -> ReferenceData:
        if not self.context.get("reference"):
            self.context["reference"] = ReferenceData.load()
        return self.context["reference"]

    def validate_suite_code(self, value: str) -> CustodySuite:
        suite = self._reference().suites.get(value.strip().lower())
        if suite is None:
            raise serializers.ValidationError(f"Unknown custody suite '{value}'.")
        return suite

    def validate_offence_code(self, value: str) -> OffenceCategory:
        offence = self._reference().offences.get(value.strip().lower())
        if offence is None:
            raise serializers.ValidationError(f"Unknown offence code '{value}'.")
        return offence

    def validate_custody_record_number(self, value: str) -> str:
        number = record_number_normalised(value)  # as custody_contact_create stores it
        if not number:
            raise serializers.ValidationError("This field may not be blank.")
        return number

    def validate_arrested_at(self, value: datetime.datetime) -> datetime.datetime:
        if value > timezone.now() + CLOCK_TOLERANCE:
            raise serializers.ValidationError("The arrest time is in the future.")
        earliest = timezone.make_aware(datetime.datetime.combine(EARLIEST_ARREST, datetime.time()))
        if value < earliest:
            raise serializers.ValidationError("The arrest time is before 1990.")
        return value


@dataclass(frozen=True)
class ReferenceData:
    """Suites and offence categories by code, read once per batch rather than once per row."""

    suites: dict[str, CustodySuite]
    offences: dict[str, OffenceCategory]

    @classmethod
    def load(cls) -> ReferenceData:
        """Every suite and offence category, active or not (see the module's note on codes)."""
        return cls(
            suites={suite.code: suite for suite in CustodySuite.objects.all()},
            offences={offence.code: offence for offence in OffenceCategory.objects.all()},
        )


# --- Services ----------------------------------------------------------------------------------


def _on_record(suite: CustodySuite, custody_record_number: str) -> CustodyContact | None:
    return (
        CustodyContact.objects.filter(suite=suite, custody_record_number=custody_record_number)
        .select_related("person")
        .first()
    )


def _submitted_number(row) -> str | None:
    number = row.get("custody_record_number") if isinstance(row, dict) else None
    return record_number_normalised(number) if isinstance(number, str) else None


def _same_detainee(person, submitted: dict) -> bool:
    """Is the row about the person the suite's contact with that number is on? The same PNC
    ID, date of birth or family name: a retry, or a worker who keyed the detainee in first
    (perhaps with a slip in the name). Otherwise the number is another detainee's."""
    pnc_id = (submitted.get("pnc_id") or "").strip().upper()
    if pnc_id and person.pnc_id:
        return pnc_id == person.pnc_id.upper()
    family = (submitted.get("family_name") or "").strip().casefold()
    return submitted.get("date_of_birth") == person.date_of_birth or (
        bool(family) and family == (person.family_name or "").strip().casefold()
    )


def feed_contact_record(*, row, by, reference: ReferenceData | None = None) -> FeedResult:
    """Record one row of the feed: created, already on record (nothing written), or rejected.

    Rejected rows carry their errors by field, DRF's shape, with the person's nested. Nothing
    about the person goes into an error message.
    """
    parsed = FeedContactSerializer(data=row, context={"reference": reference})
    if not parsed.is_valid():
        return FeedResult(
            status=FeedStatus.REJECTED,
            custody_record_number=_submitted_number(row),
            errors=dict(parsed.errors),
        )
    # Twice at most: a race lost to another feed is settled by reading what it wrote.
    for _attempt in range(2):
        result = _record_once(parsed.validated_data, by=by)
        if result is not None:
            return result
    return FeedResult(
        status=FeedStatus.REJECTED,
        custody_record_number=parsed.validated_data["custody_record_number"],
        errors={"non_field_errors": ["Another write conflicted with this row: send it again."]},
        conflicted=True,
    )


def _record_once(data: dict, *, by) -> FeedResult | None:
    """Created, existing or rejected; None when another feed won a race (look again)."""
    suite, number = data["suite_code"], data["custody_record_number"]
    existing = _on_record(suite, number)
    if existing is not None:
        if not _same_detainee(existing.person, data["person"]):
            when = timezone.localtime(existing.arrested_at)
            return FeedResult(
                status=FeedStatus.REJECTED,
                custody_record_number=number,
                errors={
                    "custody_record_number": [
                        "This custody record number is already in use at this suite for "
                        f"another detainee (a contact on {when:%-d %B %Y}): check the number."
                    ]
                },
            )
        return FeedResult(
            status=FeedStatus.EXISTING, custody_record_number=number, contact=existing
        )
    try:
        # One transaction (a savepoint inside a batch's) for the person and the contact: a
        # contact that another feed has just written leaves no stray new person behind.
        with transaction.atomic():
            clash = None
            try:
                person, matched = person_link_exact(**data["person"], by=by)
            except IdentifiersOfTwoPeople as two:
                # The sender must not learn that both identifiers are on record (issue 21):
                # the contact goes on a new record without them, answered as any new
                # detainee's, and the team is given the clash to check and merge.
                clash = two
                sent = {k: v for k, v in data["person"].items() if k not in IDENTIFIERS}
                person, matched = person_create(**sent, by=by), Matched.CREATED
            contact = CustodyContact.objects.create(
                suite=suite,
                custody_record_number=number,
                arrested_at=data["arrested_at"],
                offence_category=data["offence_code"],
                person=person,
                created_by=by,
                updated_by=by,
            )
            if clash is not None:
                _identifiers_clash_task(contact=contact, clash=clash)
    except IntegrityError as exc:
        # PostgreSQL puts the conflicting value (a PNC ID, say) in its message: never re-raise it.
        diagnostics = getattr(exc.__cause__, "diag", None)
        if getattr(diagnostics, "sqlstate", None) == UNIQUE_VIOLATION:
            # The same contact, or the same new person (unique PNC ID or NHS number), written
            # by another feed at the same moment; its rows are visible now.
            return None
        constraint = getattr(diagnostics, "constraint_name", None) or "unknown"
        raise IntegrityError(f"A custody feed row broke the constraint {constraint}.") from None
    except ValidationError as exc:
        if _is_uniqueness_error(exc):
            return None  # the same new person, committed by another feed since we looked
        return FeedResult(
            status=FeedStatus.REJECTED,
            custody_record_number=number,
            errors={"person": _messages(exc)},
        )
    return FeedResult(
        status=FeedStatus.CREATED, custody_record_number=number, contact=contact, matched=matched
    )


def feed_contacts_record(*, rows: list, by) -> FeedBatch:
    """Record a batch from the feed, each row on its own (see feed_contact_record)."""
    if len(rows) > MAX_ROWS:
        raise ValueError(f"A batch holds at most {MAX_ROWS} rows.")
    reference = ReferenceData.load()
    return FeedBatch(
        results=[
            dataclasses.replace(feed_contact_record(row=row, by=by, reference=reference), index=i)
            for i, row in enumerate(rows)
        ]
    )


def _messages(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def _is_uniqueness_error(exc: ValidationError) -> bool:
    if not hasattr(exc, "error_dict"):
        return False
    return any(
        error.code == "unique"
        for name in ("pnc_id", "nhs_number")
        for error in exc.error_dict.get(name, [])
    )
