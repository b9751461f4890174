"""Writes to the shared assessment: start or amend, save a section, complete."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from assessments.models import Assessment
from assessments.sections import (
    DONE,
    NOT_DISCUSSED_REASON,
    SECTIONS,
    SECTIONS_BY_KEY,
    scores,
    section_not_needed,
    section_status,
    sections_status,
)


class AssessmentLocked(ValidationError):
    """A completed version cannot change: amend it as a new version."""


def assessment_start(*, person, by, reason: str = "", known: dict | None = None) -> Assessment:
    """The person's assessment in progress, or a new version that starts from the latest one.

    `known`: answers already established elsewhere (a positive test on arrest means drugs were
    used), put into a new first version only, where nothing was answered yet.
    Safe to call twice (a double click): the one-draft-per-person constraint means the second
    call gets the same draft.
    """
    existing = Assessment.objects.filter(person=person, status=Assessment.Status.DRAFT).first()
    if existing:
        return existing
    latest = (
        Assessment.objects.filter(person=person, status=Assessment.Status.COMPLETED)
        .order_by("-version")
        .first()
    )
    last_version = (
        Assessment.objects.filter(person=person).aggregate(v=models.Max("version"))["v"] or 0
    )
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                person=person,
                version=last_version + 1,
                based_on=latest,
                sections=dict(latest.sections) if latest else dict(known or {}),
                reason_for_new_version=reason.strip()[:300],
                created_by=by,
                updated_by=by,
            )
    except IntegrityError:
        # Someone else started it a moment ago: work on theirs.
        return Assessment.objects.get(person=person, status=Assessment.Status.DRAFT)


def assessment_save_section(*, assessment: Assessment, key: str, answers: dict, by) -> str:
    """Keep a section's answers as submitted (valid or not: nothing typed is lost).

    Returns the section's status. Only a draft can be changed.
    """
    if key not in SECTIONS_BY_KEY:
        raise ValidationError(f"Unknown section {key!r}")
    with transaction.atomic():
        # The row lock makes concurrent autosaves of different sections add up, not overwrite.
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_locked:
            raise AssessmentLocked("This assessment is completed and cannot be changed.")
        locked.sections = {**locked.sections, key: answers}
        locked.updated_by = by
        locked.save(update_fields=["sections", "updated_by", "updated_at"])
    assessment.sections = locked.sections
    return section_status(key, answers, locked.sections)


def assessment_save_sections(*, assessment: Assessment, answers: dict[str, dict], by) -> dict:
    """Keep several sections' answers at once (a page of the assessment), as submitted.

    A section these answers make not needed (units and drinking days after an AUDIT-C below
    5) loses what it had: questions that no longer apply are cleared, not kept out of sight.
    Returns every section's status."""
    unknown = set(answers) - set(SECTIONS_BY_KEY)
    if unknown:
        raise ValidationError(f"Unknown sections {sorted(unknown)!r}")
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_locked:
            raise AssessmentLocked("This assessment is completed and cannot be changed.")
        sections = {**locked.sections, **answers}
        for key in answers:
            if section_not_needed(key, sections):
                sections.pop(key, None)
        locked.sections = sections
        locked.updated_by = by
        locked.save(update_fields=["sections", "updated_by", "updated_at"])
    assessment.sections = locked.sections
    return sections_status(locked.sections)


def assessment_missing_sections(*, assessment: Assessment) -> list[str]:
    """The keys of sections that are not yet complete (completed, not needed, or not
    discussed with why)."""
    return [
        key for key, status in sections_status(assessment.sections).items() if status not in DONE
    ]


def assessment_complete(*, assessment: Assessment, by) -> Assessment:
    """Lock this version: every section must be complete. Scores are computed now."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_locked:
            return locked  # completing twice (a double submit) changes nothing
        missing = assessment_missing_sections(assessment=locked)
        if missing:
            raise ValidationError(
                {key: f"Complete '{SECTIONS_BY_KEY[key].title}'" for key in missing}
            )
        results = scores(locked.sections)
        locked.status = Assessment.Status.COMPLETED
        locked.completed_at = timezone.now()
        locked.completed_by = by
        locked.audit_score = results["audit"].total
        locked.audit_c_score = results["audit"].audit_c
        locked.sds_score = results["sds"].total if "sds" in results else None
        locked.updated_by = by
        locked.save()
    return locked


def assessment_discard(*, assessment: Assessment, by) -> None:
    """Throw away a version in progress (a completed one can never be deleted)."""
    if assessment.is_locked:
        raise AssessmentLocked("A completed assessment cannot be discarded.")
    Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT).delete()


def assessments_make_room_for_merge(*, survivor, removed) -> None:
    """Before a merge moves these versions, number them out of the way of the survivor's.
    Two assessments in progress stop the merge: one person has one assessment in progress."""
    drafts = Assessment.objects.filter(status=Assessment.Status.DRAFT)
    if drafts.filter(person=survivor).exists() and drafts.filter(person=removed).exists():
        raise ValidationError(
            "Both records have an assessment in progress: complete or discard one first."
        )
    Assessment.objects.filter(person=removed).update(version=models.F("version") + 100_000)


def assessments_renumber_after_merge(*, survivor, removed) -> None:
    """After a merge, number the survivor's versions 1..n again in the order they were made."""
    person = survivor
    versions = list(Assessment.objects.filter(person=person).order_by("created_at", "version"))
    if [a.version for a in versions] == list(range(1, len(versions) + 1)):
        return
    # Two steps, so no intermediate state breaks the unique (person, version) constraint:
    # first above every number in use, then 1..n.
    offset = max(a.version for a in versions) + 1
    Assessment.objects.filter(person=person).update(version=models.F("version") + offset)
    for number, assessment in enumerate(versions, start=1):
        Assessment.objects.filter(pk=assessment.pk).update(version=number)


# Put in place of free text that retention removes.
REMOVED = "[removed]"


def _free_text_fields() -> dict[str, set[str]]:
    """Each section's free-text answers (what a person said, notes): not choices or numbers."""
    from django import forms

    return {
        section.key: {
            name
            for name, field in section.form.base_fields.items()
            if type(field) is forms.CharField
        }
        | {NOT_DISCUSSED_REASON}
        for section in SECTIONS
    }


def assessments_anonymise(*, rows) -> int:
    """Retention: remove the free text of these assessments, keeping every choice and score.

    Called by people.retention inside its transaction, which has set
    `arrest_referral.anonymising` so the lock on completed versions lets the text go (only the
    text: migration 0003). Returns the number of versions changed.
    """
    free_text = _free_text_fields()
    changed = 0
    for assessment in rows:
        sections = {
            key: {
                name: (REMOVED if name in free_text.get(key, ()) and value else value)
                for name, value in answers.items()
            }
            if isinstance(answers, dict)
            else answers
            for key, answers in (assessment.sections or {}).items()
        }
        reason = REMOVED if assessment.reason_for_new_version else ""
        if sections != assessment.sections or reason != assessment.reason_for_new_version:
            Assessment.objects.filter(pk=assessment.pk).update(
                sections=sections, reason_for_new_version=reason
            )
            changed += 1
    return changed
