"""Subject access: everything the service holds about one person, for the person to have.

The rows are found through the model graph (people.related), as retention finds them, so a
table that a later feature adds (treatment referrals, DIVERT cases, court orders) is in the
export without anyone remembering to add it. The same structure gives the JSON export and the
readable PDF (templates/people/subject_access_pdf.html).

The PDF is written for the person who asked (issue 23): tables and fields by their plain-English
names (people.subject_access_labels), dates as "6 December 2026", and a JSON field as what it
means: the app that owns it registers how it reads (`readable_register`), as assessments do
with the questions and answers their own pages show, so `people` imports nothing above it.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.access import Capability, can
from people.models import Person, PersonMerge
from people.related import related_to_person
from people.subject_access_labels import TITLES, Unlabelled, label_of

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
class Group:
    """A part of a JSON field as read: a title and its (label, answer) pairs, in plain words."""

    title: str
    answers: list[tuple[str, str]]


@dataclass
class Value:
    name: str  # the field's name (JSON)
    label: str  # its label, for people (PDF)
    data: object  # JSON-ready
    shown: str  # readable
    in_pdf: bool = True  # False: how the service works, not what it knows (JSON only)
    groups: list[Group] = field(default_factory=list)  # a JSON field as read, for the PDF


@dataclass
class Section:
    key: str  # "custody.custodycontact"
    title: str  # "Custody contacts"
    rows: list[list[Value]] = field(default_factory=list)
    in_pdf: bool = True


# How a JSON field reads, by (model label, field name): given the row, its parts as (title,
# [(question, answer)]) in the order they are asked. Registered by the app that owns the model.
_READABLE: dict[tuple[str, str], Callable[[models.Model], Iterable]] = {}


def readable_register(
    *, model: str, field: str, render: Callable[[models.Model], Iterable]
) -> None:
    """Say how a JSON field of `model` ("app.model") reads in the PDF (registered or replaced)."""
    _READABLE[(model, field)] = render


def readable_fields() -> set[tuple[str, str]]:
    return set(_READABLE)


def plain(value) -> str:
    """A value as the person reads it: "6 December 2026", "6 December 2026 at 14:30", Yes/No."""
    if value is None or value in ("", [], {}):
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local:%-d %B %Y at %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if isinstance(value, list | tuple):
        return ", ".join(plain(v) for v in value)
    return str(value)


def _json_ready(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else str(value)
    if isinstance(value, datetime.date | uuid.UUID | decimal.Decimal):
        return str(value) if not isinstance(value, datetime.date) else value.isoformat()
    return value


def _shown(row: models.Model, f: models.Field, value) -> str:
    if value is None or value in ("", [], {}):
        return "–"
    if f.choices:
        return str(getattr(row, f"get_{f.name}_display")())
    base = getattr(f, "base_field", None)  # an ArrayField of choices: their labels
    if isinstance(value, list) and base is not None and base.choices:
        labels = dict(base.flatchoices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(value, dict | list):
        return _json_lines(value)
    return plain(value)


def _json_lines(value) -> str:
    """A JSON value nobody registered a reading for, as lines rather than braces."""
    if isinstance(value, dict):
        return "\n".join(
            f"{str(k).replace('_', ' ').capitalize()}: {_json_lines(v)}" for k, v in value.items()
        )
    if isinstance(value, list):
        return ", ".join(_json_lines(v) for v in value)
    return plain(value)


def _label(row: models.Model, f: models.Field) -> str | None:
    try:
        return label_of(row._meta.label_lower, f.name)
    except Unlabelled:  # a field added without its label (a test says so): its own name
        label = str(f.verbose_name)
        return label[:1].upper() + label[1:]


def _groups(row: models.Model, f: models.Field) -> list[Group]:
    render = _READABLE.get((row._meta.label_lower, f.name))
    if render is None:
        return []
    return [
        Group(title=str(title), answers=[(str(q), plain(a)) for q, a in answers])
        for title, answers in render(row)
    ]


def _values(row: models.Model) -> list[Value]:
    values = []
    for f in row._meta.concrete_fields:
        if f.name in _LEFT_OUT:
            continue
        label = _label(row, f)
        groups: list[Group] = []
        if f.is_relation:
            related = getattr(row, f.name)
            if isinstance(related, Person):
                data = shown = related.reference
            else:
                data = str(related) if related is not None else None
                shown = data or "–"
        else:
            raw = getattr(row, f.attname)
            data = _json_ready(raw)
            groups = _groups(row, f) if raw not in (None, {}, []) else []
            shown = "" if groups else _shown(row, f, raw)
        values.append(
            Value(
                name=f.name,
                label=label or f.name,
                data=data,
                shown=shown,
                in_pdf=label is not None,
                groups=groups,
            )
        )
    return values


def subject_access_sections(*, person: Person) -> list[Section]:
    """The person's record, then every kind of row about them, each with all its fields."""
    sections = [Section("people.person", TITLES["people.person"], [_values(person)])]
    for related in related_to_person():
        rows = list(related.rows_for(person).order_by("pk"))
        if rows:
            title = TITLES.get(related.label, "")
            if not title:
                title = str(related.model._meta.verbose_name_plural)
                title = title[:1].upper() + title[1:]
            sections.append(
                Section(
                    related.label,
                    title,
                    [_values(row) for row in rows],
                    in_pdf=TITLES.get(related.label, "") is not None,
                )
            )
    return sections


# A merge keeps the removed record's details and what moved (people.services.person_merge).
def _merge_snapshot(merge: PersonMerge) -> list:
    fields = {f.attname: f for f in Person._meta.concrete_fields}
    answers = []
    for name, value in merge.removed_snapshot.items():
        f = fields.get(name)
        try:
            label = label_of("people.person", f.name) if f else None
        except Unlabelled:
            label = None
        if f is None or label is None:  # a field since removed, or none of theirs to read
            continue
        if f.is_relation:  # kept as its id: what it names
            related = f.related_model._default_manager.filter(pk=value).first()
            value = str(related) if related else value
        elif f.choices:
            value = dict(f.flatchoices).get(value, value)
        elif isinstance(f, models.DateField) and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = datetime.date.fromisoformat(value)
        answers.append((label, value))
    return [("", answers)]


def _merge_moved(merge: PersonMerge) -> list:
    answers = [(TITLES.get(label) or label, count) for label, count in merge.moved.items()]
    return [("", answers)]


readable_register(model="people.personmerge", field="removed_snapshot", render=_merge_snapshot)
readable_register(model="people.personmerge", field="moved", render=_merge_moved)


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
