"""Reading assessments, filtered by who is looking."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.access import Capability, can
from assessments.models import Assessment
from assessments.sections import (
    NOT_DISCUSSED_REASON,
    SECTIONS,
    scores,
    section_form,
    section_not_needed,
    sections_status,
)


def latest_completed(*, person) -> Assessment | None:
    """The person's latest completed version: the one every provider accepts."""
    return (
        Assessment.objects.filter(person=person, status=Assessment.Status.COMPLETED)
        .select_related("completed_by")
        .order_by("-version")
        .first()
    )


def draft_of(*, person) -> Assessment | None:
    return Assessment.objects.filter(person=person, status=Assessment.Status.DRAFT).first()


def assessments_for(*, user, person) -> QuerySet[Assessment]:
    """The versions this user may read: all of them for the arrest referral team; for anyone
    else allowed to see the person (a provider with consent), the latest completed only."""
    if can(user, Capability.PEOPLE_VIEW):
        return Assessment.objects.filter(person=person).order_by("-version")
    latest = latest_completed(person=person)
    return Assessment.objects.filter(pk=latest.pk if latest else None)


def assessment_get_for(*, user, person, assessment_id) -> Assessment:
    """One version this user may read, or 404."""
    try:
        return assessments_for(user=user, person=person).get(pk=assessment_id)
    except (Assessment.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass(frozen=True)
class Currency:
    """Whether the latest assessment is recent enough that nobody needs to assess again."""

    latest: Assessment | None
    age_days: int | None
    is_current: bool
    max_age_days: int

    @property
    def message(self) -> str:
        if self.latest is None:
            return "Not assessed yet."
        done = f"Last assessed {timezone.localtime(self.latest.completed_at):%-d %B %Y}"
        if self.is_current:
            return f"{done} ({self.age_days} days ago): still current, no need to assess again."
        return (
            f"{done} ({self.age_days} days ago): older than {self.max_age_days} days, "
            "so assess again."
        )


def assessment_currency(*, person, now: datetime.datetime | None = None) -> Currency:
    """ "Assess again?": the latest completed version and whether it is within the age limit."""
    latest = latest_completed(person=person)
    max_age = settings.SERVICE_TIMINGS["ASSESSMENT_MAX_AGE_DAYS"]
    if latest is None:
        return Currency(None, None, False, max_age)
    age = ((now or timezone.now()) - latest.completed_at).days
    return Currency(latest, age, age <= max_age, max_age)


def assessment_readable(assessment: Assessment) -> dict:
    """What a read-only assessment shows: each section's questions with the answers given
    (or why it was not asked, or not discussed), and each section's status."""
    shown = []
    statuses = sections_status(assessment.sections)
    for section_ in SECTIONS:
        row = {"key": section_.key, "title": section_.title, "status": statuses[section_.key]}
        why_not = section_not_needed(section_.key, assessment.sections)
        if why_not:
            answers = [{"label": "Not asked", "value": f"Not needed: {why_not}."}]
            shown.append({**row, "answers": answers})
            continue
        form = section_form(
            section_.key, assessment.sections.get(section_.key), assessment.sections
        )
        answers = []
        if form.is_bound and form.is_valid() and form.not_discussed:
            reason = form.cleaned_data[NOT_DISCUSSED_REASON]
            answers.append({"label": "Not discussed", "value": reason})
        elif form.is_bound and form.is_valid():
            for name, base in form.base_fields.items():
                if name in form.skipped:
                    answers.append(
                        {"label": base.label, "value": f"Not asked: {form.skipped[name]}"}
                    )
                    continue
                field = form.fields[name]
                value = form.cleaned_data.get(name)
                if value in (None, "", []) or isinstance(field.widget, forms.HiddenInput):
                    continue
                choices = dict(getattr(field, "choices", []) or [])
                if isinstance(value, list):
                    value = ", ".join(str(choices.get(v, v)) for v in value)
                else:
                    value = choices.get(value, value)
                answers.append({"label": field.label, "value": value})
        shown.append({**row, "answers": answers})
    return {
        "assessment": assessment,
        "sections": shown,
        "scores": scores(assessment.sections),
    }


def assessment_questions_and_answers(assessment: Assessment) -> list[tuple[str, list[tuple]]]:
    """The assessment as the person reads it (subject access): each section's title, and its
    questions with the answers given, as `assessment_readable` shows them on the answers page."""
    return [
        (section["title"], [(answer["label"], answer["value"]) for answer in section["answers"]])
        for section in assessment_readable(assessment)["sections"]
    ]
