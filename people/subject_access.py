"""Subject access: everything the service holds about one person, for the person to have.

The rows are found through the model graph (people.related), as retention finds them, so a
table that a later feature adds (treatment referrals, DIVERT cases, court orders) is in the
export without anyone remembering to add it. The same structure gives the JSON export and the
readable PDF (templates/people/subject_access_pdf.html).
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass, field

from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.access import Capability, can
from people.models import Person, PersonMerge
from people.related import related_to_person

# Never part of an export: how the service links rows, not what it knows about the person.
_LEFT_OUT = {"id"}


def person_for_subject_access(*, user, person_id) -> Person:
    """Any person, including anonymised ones, for those who may export; 404 for anyone else."""
    if not can(user, Capability.SUBJECT_ACCESS):
        raise Http404
    try:
        return Person.objects.select_related("local_authority").get(pk=person_id)
    except (Person.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def person_by_reference(reference: str) -> Person | None:
    """The person with this reference, or the one a record with it was merged into."""
    reference = reference.strip().upper()
    person = Person.objects.filter(reference=reference).first()
    if person is None:
        merge = PersonMerge.objects.filter(removed_reference=reference).first()
        person = merge.survivor if merge else None
    return person


@dataclass
class Value:
    name: str  # the field's name (JSON)
    label: str  # its label, for people (PDF)
    data: object  # JSON-ready
    shown: str  # readable


@dataclass
class Section:
    key: str  # "custody.custodycontact"
    title: str  # "Custody contacts"
    rows: list[list[Value]] = field(default_factory=list)


def _json_ready(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date | uuid.UUID | decimal.Decimal):
        return str(value) if not isinstance(value, datetime.date) else value.isoformat()
    return value


def _shown(row: models.Model, f: models.Field, value) -> str:
    if value is None or value == "":
        return "–"
    if f.choices:
        return str(getattr(row, f"get_{f.name}_display")())
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d %B %Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d %B %Y}"
    if isinstance(value, dict | list):
        return json.dumps(value, indent=1, ensure_ascii=False)
    return str(value)


def _values(row: models.Model) -> list[Value]:
    values = []
    for f in row._meta.concrete_fields:
        if f.name in _LEFT_OUT:
            continue
        label = str(f.verbose_name)
        label = label[:1].upper() + label[1:]
        if f.is_relation:
            related = getattr(row, f.name)
            if isinstance(related, Person):
                data = shown = related.reference
            else:
                data = str(related) if related is not None else None
                shown = data or "–"
        else:
            raw = getattr(row, f.attname)
            data, shown = _json_ready(raw), _shown(row, f, raw)
        values.append(Value(name=f.name, label=label, data=data, shown=shown))
    return values


def subject_access_sections(*, person: Person) -> list[Section]:
    """The person's record, then every kind of row about them, each with all its fields."""
    sections = [Section("people.person", "The person's record", [_values(person)])]
    for related in related_to_person():
        rows = list(related.rows_for(person).order_by("pk"))
        if rows:
            title = str(related.model._meta.verbose_name_plural)
            sections.append(
                Section(
                    related.label, title[:1].upper() + title[1:], [_values(row) for row in rows]
                )
            )
    return sections


def subject_access_json(*, person: Person) -> dict:
    """The export as JSON: {"person": {...}, "records": {"app.model": [{...}, ...]}}."""
    sections = subject_access_sections(person=person)
    first, rest = sections[0], sections[1:]
    return {
        "service": "Arrest Referral Service",
        "reference": person.reference,
        "exported_at": timezone.localtime().isoformat(),
        "person": {value.name: value.data for value in first.rows[0]},
        "records": {
            section.key: [{value.name: value.data for value in row} for row in section.rows]
            for section in rest
        },
    }


def subject_access_pdf(*, person: Person) -> bytes:
    """The export as a readable PDF, from a Django template (WeasyPrint)."""
    from weasyprint import HTML

    html = render_to_string(
        "people/subject_access_pdf.html",
        {
            "person": person,
            "sections": subject_access_sections(person=person),
            "exported_at": timezone.localtime(),
        },
    )
    return HTML(string=html, url_fetcher=_fetch_nothing).write_pdf()


def _fetch_nothing(url: str, *args, **kwargs):
    """The PDF is made from the template alone: nothing is fetched, whatever a field holds."""
    raise ValueError("The subject access PDF loads no files or URLs.")
