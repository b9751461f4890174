"""Issue 23: the subject access PDF is written for the person who asked. Their assessment reads
as its questions and answers (the answers page's own rendering), every field has a
plain-English name (a mapping that a new field cannot slip past), and dates read "6 December
2026"; no JSON and no code names."""

from __future__ import annotations

import io
import re

import pytest
from django.db import models
from pypdf import PdfReader

from people.models import Person
from people.related import related_to_person
from people.subject_access import readable_fields
from people.subject_access_labels import TITLES, Unlabelled, label_of
from tests.people.test_subject_access import person_with_history  # noqa: F401 (a fixture)

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def _exported_models() -> list[type[models.Model]]:
    return [Person, *(related.model for related in related_to_person())]


def _auto_label(f: models.Field) -> str:
    """What the PDF printed before: the verbose name, its first letter capitalised."""
    name = str(f.verbose_name)
    return name[:1].upper() + name[1:]


def test_every_exported_table_has_a_plain_english_title():
    missing = [m._meta.label_lower for m in _exported_models() if m._meta.label_lower not in TITLES]
    assert not missing, f"Give these a title in people/subject_access_labels.py: {missing}"


def test_every_exported_field_has_a_plain_english_label():
    """A field added to any table about a person fails here until it is named for the person
    (or marked None: how the service works, in the JSON export only)."""
    missing, raw = [], []
    for model in _exported_models():
        if TITLES.get(model._meta.label_lower, "") is None:
            continue  # left out of the PDF whole
        for f in model._meta.concrete_fields:
            if f.name == "id":
                continue
            try:
                label = label_of(model._meta.label_lower, f.name)
            except Unlabelled:
                missing.append(f"{model._meta.label_lower}.{f.name}")
                continue
            if label is not None and ("_" in label or label != label.strip() or not label):
                raw.append(f"{model._meta.label_lower}.{f.name}: {label!r}")
    assert not missing, f"Label these in people/subject_access_labels.py: {missing}"
    assert not raw, raw


def test_every_json_field_in_the_pdf_says_how_it_reads():
    unread = [
        f"{model._meta.label_lower}.{f.name}"
        for model in _exported_models()
        if TITLES.get(model._meta.label_lower, "") is not None
        for f in model._meta.concrete_fields
        if isinstance(f, models.JSONField)
        and label_of(model._meta.label_lower, f.name) is not None
        and (model._meta.label_lower, f.name) not in readable_fields()
    ]
    assert not unread, (
        f"Register how these read (people.subject_access.readable_register): {unread}"
    )


@pytest.fixture
def merged_person(person_with_history, make_person, custody_worker):  # noqa: F811
    from people.services import person_merge

    duplicate = make_person(
        given_name=person_with_history.given_name,
        family_name=person_with_history.family_name,
        date_of_birth=person_with_history.date_of_birth,
        sex="male",
    )
    person_merge(
        survivor=person_with_history, removed=duplicate, by=custody_worker, reason="Same person"
    )
    return person_with_history


def _pdf_text(client, administrator, person) -> str:
    client.force_login(administrator)
    response = client.get(f"/people/{person.pk}/subject-access/export.pdf")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.content)).pages
    # Each page's footer ("Page 2 of 7") comes out at the end of its text: left out, so that
    # a table running on to the next page reads as one.
    text = " ".join(re.sub(r"Page \d+ of \d+", " ", page.extract_text()) for page in pages)
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_pdf_reads_as_written_for_the_person(client, administrator, merged_person):
    from assessments.models import Assessment
    from assessments.selectors import assessment_questions_and_answers

    text = _pdf_text(client, administrator, merged_person)

    # The assessment as its questions and answers: the answers page's own words.
    assessment = Assessment.objects.filter(person=merged_person).latest("version")
    asked = assessment_questions_and_answers(assessment)
    questions = [str(question) for _title, answers in asked for question, _a in answers]
    assert len(questions) > 20
    for title, _answers in asked:
        assert " ".join(str(title).split()) in text, title
    for question in questions:
        assert " ".join(question.split()) in text, question
    assert "Synthetic goal" in text
    assert "Questions and answers" in text

    # No JSON, no code names, no labels made by capitalising a field's name.
    assert "{" not in text and "}" not in text
    assert not re.search(r'"\w+"\s*:', text)
    assert not SNAKE_CASE.findall(text), SNAKE_CASE.findall(text)[:10]
    for stale in ("Ndtms consent recorded at", "Audit c score", "Sds score", "Removed snapshot"):
        assert stale not in text, stale
    for model in _exported_models():
        for f in model._meta.concrete_fields:
            auto = _auto_label(f)
            try:
                label = label_of(model._meta.label_lower, f.name)
            except Unlabelled:
                label = None
            if label and auto != label and len(auto.split()) >= 3 and auto not in label:
                assert auto not in text, f"{model._meta.label_lower}.{f.name}: {auto!r}"

    # Plain English for the fields, and dates as people write them.
    assert "When NDTMS consent was recorded" in text
    assert "Date of birth 3 February 1991" in text
    assert not re.search(r"\b0\d [A-Z][a-z]+ \d{4}", text)  # never "03 February 1991"
    # The merged record's details, read rather than dumped.
    assert "Details of the record merged in" in text and "Sex Male" in text
