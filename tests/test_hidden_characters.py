"""Names and references that hide what they say are refused (issue 19): right-to-left
overrides, zero-width and other invisible or control characters, in every form and API."""

import importlib
import inspect
import uuid

import pytest
from django import forms
from rest_framework import serializers

from core.validators import hidden_characters, refuse_hidden_characters
from people.models import Person
from tests.custody.test_feed import row

APPS = [
    "core", "organisations", "accounts", "audit", "people", "assessments", "reminders", "dpo",
    "custody", "diversion", "treatment", "court", "reporting", "search",
]  # fmt: skip
# Serializers that only answer (nothing is read from a request through them).
RESPONSES_ONLY = {
    "people.api.CandidateSerializer",
    "custody.api.FeedRowResultSerializer",
    "treatment.api.PersonSummarySerializer",
}
# The fields that carry a person's name or a reference, wherever a form or API takes them.
NAMES_AND_REFERENCES = {
    "given_name", "family_name", "pnc_id", "custody_record_number", "occurrence_number",
    "person_reference", "other_reference",
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Smi\u202eht", ["U+202E"]),  # RIGHT-TO-LEFT OVERRIDE: shows "Smith"
        ("Jo\u200bnes", ["U+200B"]),  # ZERO WIDTH SPACE
        ("Ann\u200de", ["U+200D"]),  # ZERO WIDTH JOINER
        ("Lee\u00ad", ["U+00AD"]),  # SOFT HYPHEN
        ("\u2066Khan\u2069", ["U+2066", "U+2069"]),  # LEFT-TO-RIGHT ISOLATE, POP
        ("Ng\u0000", ["U+0000"]),  # NUL
        ("Ng\tuyen", ["U+0009"]),  # a tab in a name
        ("Ali\u2028", ["U+2028"]),  # LINE SEPARATOR
        ("Siân O'Neil-Ábrahám", []),
        ("Nguyễn Zoë", []),
        ("李小龍", []),
        ("Ní Dhomhnaill", []),
    ],
)
def test_hidden_characters_are_found_and_visible_names_pass(text, hidden):
    # Unicode Standard Annex #44, General_Category: Cc, Cf, Co, Cs, Zl, Zp are refused.
    assert hidden_characters(text) == hidden


def _form_and_serializer_classes():
    for app in APPS:
        for module_name in ("forms", "api", "serializers", "feed"):
            try:
                module = importlib.import_module(f"{app}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__:
                    continue
                if issubclass(cls, forms.BaseForm):
                    yield cls, cls.base_fields
                elif issubclass(cls, serializers.Serializer):
                    yield cls, cls._declared_fields


def test_every_form_and_api_field_of_a_name_or_reference_refuses_hidden_characters():
    unguarded, seen = [], 0
    for cls, fields in _form_and_serializer_classes():
        if f"{cls.__module__}.{cls.__name__}" in RESPONSES_ONLY:
            continue
        for name, field in fields.items():
            if name not in NAMES_AND_REFERENCES or getattr(field, "read_only", False):
                continue
            if not isinstance(field, forms.CharField | serializers.CharField):
                continue
            seen += 1
            if refuse_hidden_characters not in field.validators:
                unguarded.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert seen >= 20  # the sweep found the fields it is about
    found = {f"{cls.__module__}.{cls.__name__}" for cls, _ in _form_and_serializer_classes()}
    assert found >= RESPONSES_ONLY
    assert not unguarded, unguarded


def test_adding_a_person_with_a_right_to_left_override_is_a_field_error(client, custody_worker):
    client.force_login(custody_worker)
    response = client.post(
        "/people/add/",
        {
            "given_name": "Testy",
            "family_name": "Smi\u202eht",
            "date_of_birth_0": "2",
            "date_of_birth_1": "3",
            "date_of_birth_2": "1991",
            "submit_token": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Remove the hidden characters" in page
    assert not Person.objects.filter(family_name__contains="\u202e").exists()


def test_the_custody_feed_rejects_a_row_whose_name_hides_a_character(client, db):
    from accounts.services import api_token_create
    from tests.personas import make_persona

    token = api_token_create(user=make_persona("custody.feed"))[1]
    body = client.post(
        "/api/v1/custody/contacts/",
        row("ZW-0001", person={"family_name": "Jo\u200bnes"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    ).json()
    assert body["rejected"] == 1
    errors = body["results"][0]["errors"]
    assert "Remove the hidden characters" in errors["person"]["family_name"][0]
