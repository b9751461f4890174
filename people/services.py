"""Writes to the person record: create, consent, other names, flags, and merging two records."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from core.references import next_reference
from people.identifiers import (
    nhs_number_is_placeholder,
    normalise_nhs_number,
    normalise_pnc_id,
    pnc_id_is_ambiguous,
)
from people.models import ConsentToShare, Person, PersonAlias, PersonFlag, PersonMerge


def _next_reference() -> str:
    return next_reference(prefix="ARS", sequence="people_person_reference_seq")


PNC_ID_ERROR = "Enter a PNC ID in the format 12/1234567A, with the right check letter"
PNC_ID_AMBIGUOUS = (
    "Enter the PNC ID with its slash, like 20/1234567A or 2020/1234567A: without one these "
    "digits can be read as two different years"
)
NHS_NUMBER_ERROR = (
    "Enter a 10-digit NHS number, like 943 476 5919 (the last digit is a check digit)"
)


NHS_NUMBER_PLACEHOLDER = (
    "Enter the person's own NHS number: one digit repeated, like 000 000 0000, is a "
    "placeholder and never issued (leave it blank if you do not know it)"
)


def nhs_number_error(text: str) -> str:
    """Why an NHS number that did not normalise was refused (never repeating the value)."""
    return NHS_NUMBER_PLACEHOLDER if nhs_number_is_placeholder(text) else NHS_NUMBER_ERROR


def pnc_id_error(text: str) -> str:
    """Why a PNC ID that did not normalise was refused (the value itself is never repeated)."""
    return PNC_ID_AMBIGUOUS if pnc_id_is_ambiguous(text) else PNC_ID_ERROR


def identifiers_canonical(*, pnc_id: str | None, nhs_number: str | None) -> dict:
    """The PNC ID and NHS number in their one stored form (blank is None), or a ValidationError
    by field: every write of a person's identifiers passes through here, whatever the caller
    (a form, the API, the feed, a probation request), so one person is never on record twice
    under two spellings of one ID."""
    values, errors = {}, {}
    for name, value, normalise in (
        ("pnc_id", pnc_id, normalise_pnc_id),
        ("nhs_number", nhs_number, normalise_nhs_number),
    ):
        text = value.strip() if isinstance(value, str) else value
        if not text:
            values[name] = None
            continue
        values[name] = normalise(text)
        if values[name] is None:
            errors[name] = pnc_id_error(text) if name == "pnc_id" else nhs_number_error(text)
    if errors:
        raise ValidationError(errors)
    return values


def person_create(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    postcode: str = "",
    local_authority=None,
    by=None,
    **details,
) -> Person:
    """Create a person with a fresh human reference (ARS-YY-NNNNNN).

    `details` are further Person fields (sex, ethnicity, phone, pnc_id, nhs_number, …). Callers
    are expected to have looked for a match first (people.matching.find_matches).
    """
    for name, value in identifiers_canonical(
        pnc_id=details.pop("pnc_id", None), nhs_number=details.pop("nhs_number", None)
    ).items():
        details[name] = value
    person = Person(
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        postcode=postcode.strip().upper(),
        local_authority=local_authority,
        created_by=by,
        updated_by=by,
        **details,
    )
    _route_residence(person)
    with transaction.atomic():
        person.reference = _next_reference()
        person.full_clean(exclude=["reference"])
        person.save()
    return person


# Fields a worker may set on a person (the form's names are the model's).
EDITABLE_FIELDS = [
    "given_name", "family_name", "date_of_birth", "sex", "gender_identity", "ethnicity",
    "preferred_language", "interpreter_needed", "phone", "contact_by_sms", "address", "postcode",
    "local_authority", "local_authority_override_reason", "out_of_area", "home_area",
    "pnc_id", "nhs_number",
]  # fmt: skip


def person_fields(cleaned: dict) -> dict:
    """A person form's cleaned data as person_create/person_update keyword arguments."""
    fields = {name: cleaned.get(name) for name in EDITABLE_FIELDS if name in cleaned}
    for name, value in fields.items():
        if value is None and name not in (
            "local_authority",
            "pnc_id",
            "nhs_number",
            "date_of_birth",
        ):
            fields[name] = (
                False if name in ("interpreter_needed", "contact_by_sms", "out_of_area") else ""
            )
    return fields


def _route_residence(person: Person) -> None:
    """Residence from the postcode, unless a worker chose a local authority or out of area."""
    from organisations.postcodes import route_postcode

    if person.local_authority_id or person.out_of_area or not person.postcode:
        return
    try:
        routing = route_postcode(person.postcode)
    except ValueError:  # not a postcode ("NFA", a typo): the worker chooses
        return
    if routing.local_authority is not None:
        person.local_authority = routing.local_authority
    elif routing.known and routing.out_of_area:
        person.out_of_area = True


def residence_note(*, person: Person) -> str:
    """What the worker should know about how the local authority was found."""
    from organisations.postcodes import route_postcode

    if person.local_authority_override_reason or not person.postcode:
        return ""
    try:
        routing = route_postcode(person.postcode)
    except ValueError:
        return "The postcode is not a valid UK postcode: choose the local authority or out of area."
    if not routing.known:
        return "The postcode was not recognised: choose the local authority or mark out of area."
    if routing.needs_confirmation:
        return (
            f"The postcode district crosses a local authority boundary: check that "
            f"{person.local_authority or 'out of area'} is right."
        )
    return ""


def person_update(*, person: Person, by, **fields) -> Person:
    """Correct a person's details; without a worker's choice, residence follows the postcode."""
    identifiers = {name: fields[name] for name in ("pnc_id", "nhs_number") if name in fields}
    if identifiers:
        canonical = identifiers_canonical(
            pnc_id=identifiers.get("pnc_id"), nhs_number=identifiers.get("nhs_number")
        )
        fields = {**fields, **{name: canonical[name] for name in identifiers}}
    for name, value in fields.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.postcode = person.postcode.upper()
    _route_residence(person)
    person.updated_by = by
    person.full_clean(exclude=["reference"])
    person.save()
    return person


def person_alias_add(
    *, person: Person, given_name: str, family_name: str, kind: str, by
) -> PersonAlias:
    """Record another name the person uses or used (matching searches these too)."""
    alias = PersonAlias(
        person=person,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        kind=kind,
        created_by=by,
        updated_by=by,
    )
    alias.full_clean()
    alias.save()
    return alias


def consent_give(*, person: Person, recipient: str, provider_service=None, by) -> ConsentToShare:
    """Record consent to share with a recipient; giving live consent again changes nothing."""
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)  # one writer per person at a time
        live = ConsentToShare.objects.filter(
            person=person,
            recipient=recipient,
            provider_service=provider_service,
            withdrawn_at__isnull=True,
        ).first()
        if live:
            return live
        consent = ConsentToShare(
            person=person,
            recipient=recipient,
            provider_service=provider_service,
            given_at=timezone.now(),
            given_by=by,
            created_by=by,
            updated_by=by,
        )
        consent.full_clean()
        consent.save()
    return consent


def consent_withdraw(
    *, consent: ConsentToShare, by, reason: str = "", request=None
) -> ConsentToShare:
    """Withdraw consent: the recipient stops seeing the person at once. Audited."""
    from audit.models import AccessLog
    from audit.services import access_record, change_record

    with transaction.atomic():
        updated = ConsentToShare.objects.filter(pk=consent.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(),
            withdrawn_by=by,
            withdrawn_reason=reason[:300],
            updated_by=by,
            updated_at=timezone.now(),
        )
        consent.refresh_from_db()
        if updated:
            if request is not None:
                access_record(request=request, action=AccessLog.Action.CHANGE, records=[consent])
            else:
                change_record(user=by, action=AccessLog.Action.CHANGE, records=[consent])
    return consent


def ndtms_consent_record(*, person: Person, answer: str, by) -> Person:
    """Record the person's answer to NDTMS consent (reporting to the national data set)."""
    person.ndtms_consent = answer
    person.ndtms_consent_recorded_at = timezone.now()
    person.updated_by = by
    person.full_clean(exclude=["reference"])
    person.save(
        update_fields=["ndtms_consent", "ndtms_consent_recorded_at", "updated_by", "updated_at"]
    )
    return person


def flag_raise(*, person: Person, kind: str, note: str = "", by) -> PersonFlag:
    """Raise a warning flag (an identical live flag is not raised twice)."""
    existing = person.flags.filter(kind=kind, cleared_at__isnull=True).first()
    if existing:
        return existing
    flag = PersonFlag(person=person, kind=kind, note=note, created_by=by, updated_by=by)
    flag.full_clean()
    flag.save()
    return flag


def flag_clear(*, flag: PersonFlag, by) -> PersonFlag:
    flag.cleared_at = timezone.now()
    flag.cleared_by = by
    flag.updated_by = by
    flag.save(update_fields=["cleared_at", "cleared_by", "updated_by", "updated_at"])
    return flag


# --- Merging ---------------------------------------------------------------------------------

_IDENTITY_FIELDS = [
    "reference", "given_name", "family_name", "date_of_birth", "sex", "gender_identity",
    "ethnicity", "preferred_language", "interpreter_needed", "phone", "address", "postcode",
    "local_authority_id", "out_of_area", "home_area", "pnc_id", "nhs_number", "ndtms_consent",
]  # fmt: skip


def _snapshot(person: Person) -> dict:
    return {
        name: (str(value) if isinstance(value, datetime.date | models.Model) else value)
        for name in _IDENTITY_FIELDS
        if (value := getattr(person, name)) is not None
    }


def person_merge(*, survivor: Person, removed: Person, by, reason: str) -> PersonMerge:
    """Make two records of the same person one: everything moves to `survivor`; `removed` goes.

    Every row that points at the removed person (custody contacts, assessments, consents,
    flags, other names, and whatever later apps add) is moved, found through the model graph
    so nothing can be forgotten. The removed record's names become other names of the survivor
    and its identifiers are kept where the survivor has none; different identifiers stop the
    merge (they are probably two people). The merge is recorded and audited.
    """
    from audit.models import AccessLog
    from audit.services import change_record
    from people import hooks

    if survivor.pk == removed.pk:
        raise ValidationError("Choose two different records to merge.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why these are the same person."})

    with transaction.atomic():
        # Lock both, in a stable order, so two merges of the same pair cannot interleave.
        locked = {
            p.pk: p
            for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, removed.pk])
        }
        if len(locked) != 2:
            raise ValidationError("One of the records no longer exists (already merged?).")
        survivor, removed = locked[survivor.pk], locked[removed.pk]
        for name in ("pnc_id", "nhs_number"):
            mine, theirs = getattr(survivor, name), getattr(removed, name)
            if mine and theirs and mine != theirs:
                label = Person._meta.get_field(name).verbose_name
                raise ValidationError(
                    f"The records have different {label}s ({mine} and {theirs}): "
                    "check they are the same person before merging."
                )
        # Other apps' checks and preparations (an assessment in progress on both records
        # stops the merge; the removed record's versions are numbered out of the way).
        hooks.before_merge(survivor=survivor, removed=removed)

        snapshot = _snapshot(removed)
        moved: dict[str, int] = {}
        for relation in Person._meta.related_objects:
            if relation.related_model is PersonMerge:
                continue
            if not (relation.one_to_many or relation.one_to_one):
                continue
            count = relation.related_model._base_manager.filter(
                **{relation.field.name: removed}
            ).update(**{relation.field.name: survivor})
            if count:
                moved[relation.related_model._meta.label_lower] = count
        # Merges that pointed at the removed record now point at the survivor.
        PersonMerge.objects.filter(survivor=removed).update(survivor=survivor)
        # What other apps do once the rows have moved: reminders about the person (a generic
        # relation, not in the model graph above), assessment versions numbered 1..n again.
        hooks.after_merge(survivor=survivor, removed=removed)

        PersonAlias.objects.create(
            person=survivor,
            given_name=removed.given_name,
            family_name=removed.family_name,
            kind=PersonAlias.Kind.MERGED,
            created_by=by,
            updated_by=by,
        )
        update_fields = []
        for name in ("pnc_id", "nhs_number", "phone", "address", "postcode"):
            if not getattr(survivor, name) and getattr(removed, name):
                setattr(survivor, name, getattr(removed, name))
                update_fields.append(name)

        removed_id, removed_reference = removed.pk, removed.reference
        # Identifiers are unique: free them before the survivor takes them over.
        Person.objects.filter(pk=removed_id).update(pnc_id=None, nhs_number=None)
        Person.objects.filter(pk=removed_id).delete()
        if update_fields:
            survivor.updated_by = by
            survivor.save(update_fields=[*update_fields, "updated_by", "updated_at"])

        merge = PersonMerge.objects.create(
            survivor=survivor,
            removed_person_id=removed_id,
            removed_reference=removed_reference,
            removed_snapshot=snapshot,
            moved=moved,
            reason=reason.strip()[:500],
            merged_by=by,
        )
        change_record(user=by, action=AccessLog.Action.MERGE, records=[survivor], detail=merge)
    return merge


class LinkedBy:
    """How a person arriving from another system (the custody feed, DIVERT) was found."""

    PNC_ID = "pnc_id"
    NHS_NUMBER = "nhs_number"
    NAME_AND_DATE_OF_BIRTH = "name_and_date_of_birth"
    CREATED = "created"

    choices = (PNC_ID, NHS_NUMBER, NAME_AND_DATE_OF_BIRTH, CREATED)


class IdentifiersOfTwoPeople(ValidationError):
    """A PNC ID on one person's record and an NHS number on another's: only a worker can tell
    which is right. A caller outside the service (the feed) must not say so to its sender."""

    def __init__(self, *, by_pnc: Person, by_nhs: Person):
        self.by_pnc, self.by_nhs = by_pnc, by_nhs
        super().__init__(
            {
                "nhs_number": "The PNC ID and the NHS number belong to two different people on "
                "record: a worker must check them before this can be recorded."
            }
        )


def person_link_exact(
    *,
    given_name: str,
    family_name: str,
    date_of_birth: datetime.date,
    pnc_id: str | None = None,
    nhs_number: str | None = None,
    postcode: str = "",
    by,
    **details,
) -> tuple[Person, str]:
    """The person on record on an exact match only, else a new person; and how they were found.

    `details` (phone, address) are used only for a new person: a record on file is changed by
    the service's workers, who can see what it already says.

    Identifiers are put in their stored form first (identifiers_canonical), so 20030011985X
    finds the person on record as 03/0011985X; an invalid one is a ValidationError. A PNC ID and
    an NHS number that belong to two different people are a ValidationError: only a worker can
    tell which is right.
    """
    canonical = identifiers_canonical(pnc_id=pnc_id, nhs_number=nhs_number)
    pnc_id, nhs_number = canonical["pnc_id"], canonical["nhs_number"]
    by_pnc = Person.objects.filter(pnc_id=pnc_id).first() if pnc_id else None
    by_nhs = Person.objects.filter(nhs_number=nhs_number).first() if nhs_number else None
    if by_pnc and by_nhs and by_pnc.pk != by_nhs.pk:
        raise IdentifiersOfTwoPeople(by_pnc=by_pnc, by_nhs=by_nhs)
    if by_pnc:
        return by_pnc, LinkedBy.PNC_ID
    if by_nhs:
        return by_nhs, LinkedBy.NHS_NUMBER

    # Someone whose identifiers on record differ from those given is someone else.
    same = Person.objects.filter(
        anonymised_at__isnull=True,  # retention's anonymised records are nobody now
        date_of_birth=date_of_birth,
        given_name__iexact=given_name.strip(),
        family_name__iexact=family_name.strip(),
    )
    if pnc_id:
        same = same.filter(pnc_id__isnull=True)
    if nhs_number:
        same = same.filter(nhs_number__isnull=True)
    same = list(same[:2])
    if len(same) == 1:  # two are already a duplicate for a worker to merge: link to neither
        return same[0], LinkedBy.NAME_AND_DATE_OF_BIRTH

    person = person_create(
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        postcode=postcode or "",
        pnc_id=pnc_id,
        nhs_number=nhs_number,
        by=by,
        **details,
    )
    return person, LinkedBy.CREATED
