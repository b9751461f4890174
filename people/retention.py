"""Retention: a person with no activity for RETENTION_YEARS is anonymised (docs/decisions/0009).

Activity is the latest created/updated time of the person and of every row about them, found
through the model graph (people.related), so tables added later count without being listed.

Anonymising removes what identifies the person and keeps what reporting counts:

- the person: names become "Anonymised person"; phone, address, postcode, home area, PNC ID
  and NHS number go; the date of birth becomes 1 January of the same year; sex, ethnicity,
  local authority, out of area and NDTMS consent stay. Other names are deleted; flag notes,
  consent withdrawal reasons and merge snapshots are emptied.
- every other row about them (custody contacts, tests, assessments, and whatever later apps
  add) stays, so counts still add up; its free text (text fields without choices, and JSON) is
  replaced by "[removed]". A model may keep a field that is really a code (`RETENTION_KEEP`),
  or name its own app's service to do it (`RETENTION_ANONYMISER`, as assessments do, keeping
  choices and scores inside the answers).

It is idempotent (an anonymised person is never picked again), audited, and anonymised
people are left out of matching.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.module_loading import import_string

from people.models import ConsentToShare, Person, PersonAlias, PersonFlag, PersonMerge
from people.related import Related, activity_fields, related_to_person

REMOVED = "[removed]"
ANONYMISED_GIVEN_NAME, ANONYMISED_FAMILY_NAME = "Anonymised", "person"
# The people app's own tables: anonymised by the rules above, not the generic ones.
_PEOPLE_MODELS = {PersonAlias, ConsentToShare, PersonFlag, PersonMerge}


def retention_cutoff(*, now: datetime.datetime | None = None) -> datetime.datetime:
    """The moment before which no activity means a record is anonymised."""
    now = now or timezone.now()
    years = settings.SERVICE_TIMINGS["RETENTION_YEARS"]
    local = timezone.localtime(now)
    try:
        return local.replace(year=local.year - years)
    except ValueError:  # 29 February
        return local.replace(year=local.year - years, day=28)


def _latest(model: type[models.Model], prefix: str = "") -> models.Expression | None:
    names = [prefix + name for name in activity_fields(model)]
    if not names:
        return None
    return F(names[0]) if len(names) == 1 else Greatest(*[F(name) for name in names])


def _latest_of(related: Related) -> Subquery | None:
    """The latest activity among the rows of one related model, for the outer person."""
    latest = _latest(related.model)
    if latest is None:
        return None
    rows = (
        related.model._base_manager.filter(related.condition(OuterRef("pk")))
        .annotate(latest=latest)
        .order_by(F("latest").desc(nulls_last=True))
        .values("latest")[:1]
    )
    return Subquery(rows, output_field=models.DateTimeField())


def with_last_activity(people: models.QuerySet[Person]) -> models.QuerySet[Person]:
    """People annotated with `last_activity`: the latest created/updated time of the person
    and of every row about them. (PostgreSQL's GREATEST ignores NULLs: no rows, no say.)"""
    parts = [_latest(Person)]
    parts += [sub for related in related_to_person() if (sub := _latest_of(related)) is not None]
    return people.annotate(last_activity=Greatest(*parts))


def people_inactive(*, cutoff: datetime.datetime) -> models.QuerySet[Person]:
    """People not yet anonymised with no activity since `cutoff`, oldest activity first."""
    # The person's own times are a cheap first filter: most people are ruled out by them.
    candidates = Person.objects.filter(
        anonymised_at__isnull=True, created_at__lt=cutoff, updated_at__lt=cutoff
    )
    return (
        with_last_activity(candidates)
        .filter(last_activity__lt=cutoff)
        .order_by("last_activity", "reference")
    )


def rows_about(person: Person) -> dict[str, int]:
    """How many rows of each kind are about the person (no content: safe to print)."""
    counts = {}
    for related in related_to_person():
        count = related.rows_for(person).count()
        if count:
            counts[related.label] = count
    return counts


@dataclass
class Anonymisation:
    """What retention did, or would do, to one person: by reference and counts, no names."""

    reference: str
    last_activity: datetime.datetime
    rows: dict[str, int] = field(default_factory=dict)


# --- Removing free text, generically ------------------------------------------------------------


def _unique_fields(model: type[models.Model]) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique}
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names |= set(constraint.fields)
    for together in model._meta.unique_together:
        names |= set(together)
    return names


def free_text_fields(model: type[models.Model]) -> list[models.Field]:
    """Fields that may hold anything a person typed: text without choices, and JSON."""
    keep = set(getattr(model, "RETENTION_KEEP", ()))
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key
        and not f.is_relation
        and f.name not in keep
        and (
            (isinstance(f, models.CharField | models.TextField) and not f.choices)
            or isinstance(f, models.JSONField)
        )
    ]


def _replacement(model, row, f: models.Field, unique: set[str]):
    value = getattr(row, f.attname)
    if value in (None, "", {}, []):
        return value
    if isinstance(f, models.JSONField):
        return {} if isinstance(value, dict) else []
    if f.name in unique:  # still unique, and not derived from what it replaces
        digest = hashlib.sha256(f"{model._meta.label}:{row.pk}:{f.name}".encode()).hexdigest()
        return f"REMOVED-{digest[:12]}"[: f.max_length]
    if f.max_length is not None and f.max_length < len(REMOVED):
        return ""
    return REMOVED


def free_text_remove(*, model: type[models.Model], rows) -> None:
    """Replace the free text of `rows` (of `model`) by "[removed]", or let the model's own
    RETENTION_ANONYMISER do it. Only inside retention's transaction."""
    anonymiser = getattr(model, "RETENTION_ANONYMISER", None)
    if anonymiser:
        import_string(anonymiser)(rows=rows)
        return
    fields = free_text_fields(model)
    if not fields:
        return
    unique = _unique_fields(model)
    for row in rows:
        changes = {
            f.name: new
            for f in fields
            if (new := _replacement(model, row, f, unique)) != getattr(row, f.attname)
        }
        if changes:
            model._base_manager.filter(pk=row.pk).update(**changes)


def _scrub(related: Related, person: Person) -> None:
    free_text_remove(model=related.model, rows=related.rows_for(person))


# --- The service ---------------------------------------------------------------------------------


def person_anonymise(*, person: Person, cutoff: datetime.datetime) -> Anonymisation | None:
    """Anonymise one person if they are (still) inactive since `cutoff`; None if not.

    Locks the person and checks again inside the transaction, so a record touched since it
    was listed is left alone; an anonymised record is never done twice.
    """
    from audit.models import AccessLog
    from audit.services import change_record

    with transaction.atomic():
        locked = (
            people_inactive(cutoff=cutoff)
            .filter(pk=person.pk)
            .select_for_update(of=("self",))
            .first()
        )
        if locked is None:
            return None
        report = Anonymisation(
            reference=locked.reference, last_activity=locked.last_activity, rows=rows_about(locked)
        )
        with connection.cursor() as cursor:
            # Lets the lock on completed assessments give up their free text (assessments 0003).
            cursor.execute("SET LOCAL arrest_referral.anonymising = 'on'")
        for related in related_to_person():
            if related.model not in _PEOPLE_MODELS:
                _scrub(related, locked)
        PersonAlias.objects.filter(person=locked).delete()
        PersonFlag.objects.filter(person=locked).exclude(note="").update(note="")
        ConsentToShare.objects.filter(person=locked).exclude(withdrawn_reason="").update(
            withdrawn_reason=""
        )
        PersonMerge.objects.filter(survivor=locked).update(removed_snapshot={}, reason="")
        now = timezone.now()
        Person.objects.filter(pk=locked.pk).update(
            given_name=ANONYMISED_GIVEN_NAME,
            family_name=ANONYMISED_FAMILY_NAME,
            date_of_birth=locked.date_of_birth.replace(month=1, day=1),
            phone="",
            address="",
            postcode="",
            home_area="",
            local_authority_override_reason="",
            pnc_id=None,
            nhs_number=None,
            anonymised_at=now,
            updated_at=now,
            updated_by=None,
        )
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL arrest_referral.anonymising = 'off'")
        years = settings.SERVICE_TIMINGS["RETENTION_YEARS"]
        change_record(
            user=None,
            action=AccessLog.Action.CHANGE,
            records=[locked],
            detail=f"retention: anonymised after {years} years without activity",
        )
    return report


def people_anonymise_inactive(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> list[Anonymisation]:
    """Anonymise everyone inactive for RETENTION_YEARS (or, dry run, say who would be)."""
    cutoff = retention_cutoff(now=now)
    if dry_run:
        return [
            Anonymisation(reference=p.reference, last_activity=p.last_activity, rows=rows_about(p))
            for p in people_inactive(cutoff=cutoff)
        ]
    done = []
    for person_id in list(people_inactive(cutoff=cutoff).values_list("pk", flat=True)):
        report = person_anonymise(person=Person(pk=person_id), cutoff=cutoff)
        if report is not None:
            done.append(report)
    return done


# --- Records about someone nobody has linked to a person yet -------------------------------------
# A probation request stays unlinked until a worker confirms who it is for; what it holds is
# about a person all the same. An app with such records registers a sweep in its ready():
# `sweep(*, cutoff, dry_run) -> int` anonymises (or, dry run, counts) its records with no
# activity since `cutoff`, as a linked record would go with its person.


@dataclass(frozen=True)
class UnlinkedSweep:
    one: str  # "probation request nobody confirmed"
    many: str
    sweep: Callable[..., int]


_UNLINKED_SWEEPS: dict[str, UnlinkedSweep] = {}


def retention_unlinked_register(*, one: str, many: str, sweep: Callable[..., int]) -> None:
    """Called from a higher app's AppConfig.ready(): the people app never imports it."""
    _UNLINKED_SWEEPS[one] = UnlinkedSweep(one=one, many=many, sweep=sweep)


@dataclass
class RetentionRun:
    """What one retention run did (or would do): people by reference, other records counted."""

    people: list[Anonymisation]
    unlinked: dict[str, int]  # "3 probation requests nobody confirmed" -> phrase: count

    def lines(self) -> list[str]:
        return [
            f"{count} {(s.one if count == 1 else s.many)}"
            for s in _UNLINKED_SWEEPS.values()
            if (count := self.unlinked.get(s.one, 0))
        ]


def retention_run(*, now: datetime.datetime | None = None, dry_run: bool = False) -> RetentionRun:
    """Retention, all of it: inactive people, then records about nobody linked yet."""
    cutoff = retention_cutoff(now=now)
    done = people_anonymise_inactive(now=now, dry_run=dry_run)
    unlinked = {s.one: s.sweep(cutoff=cutoff, dry_run=dry_run) for s in _UNLINKED_SWEEPS.values()}
    return RetentionRun(people=done, unlinked=unlinked)
