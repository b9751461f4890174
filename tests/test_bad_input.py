"""Bad input gets a clear error, never an error page (issue 19): impossible dates, NUL
characters and JSON nested thousands deep."""

import importlib
import inspect
import json

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.forms import DateInputField
from core.parsers import MAX_DEPTH, too_deep
from tests.custody.test_feed import row

APPS = [
    "core", "organisations", "accounts", "audit", "people", "assessments", "reminders", "dpo",
    "custody", "diversion", "treatment", "court", "reporting", "search",
]  # fmt: skip


def _date_fields():
    """Every date field (day, month and year boxes) of every form of the service."""
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                for name, field in cls.base_fields.items():
                    if isinstance(field, forms.MultiValueField):
                        yield f"{cls.__module__}.{cls.__name__}.{name}", field


# GOV.UK Design System, Date input, error messages: "must be a real date", "Year must include
# 4 numbers". (Day, month, year) as typed -> the message.
IMPOSSIBLE_DATES = [
    (("99999999999999999999", "1", "2000"), "must be a real date"),
    (("1", "99999999999999999999", "2000"), "must be a real date"),
    (("1", "1", "99999999999999999999"), "Year must include 4 numbers"),
    (("1", "14", "2000"), "must be a real date"),
    (("31", "2", "2001"), "must be a real date"),
    (("0", "1", "2000"), "must be a real date"),
    (("1", "1", "99"), "Year must include 4 numbers"),
    (("1", "1", "9999"), "must be between 1900 and 2100"),
]


def test_every_date_field_of_every_form_is_ours():
    fields = dict(_date_fields())
    assert len(fields) >= 15
    assert all(isinstance(field, DateInputField) for field in fields.values()), [
        name for name, field in fields.items() if not isinstance(field, DateInputField)
    ]


@pytest.mark.parametrize(("typed", "message"), IMPOSSIBLE_DATES)
def test_every_date_field_answers_an_impossible_date_in_govuk_words(typed, message):
    for name, field in _date_fields():
        with pytest.raises(ValidationError) as error:
            field.clean(list(typed))
        assert message in " ".join(error.value.messages), name
        assert "must be in" not in " ".join(error.value.messages)  # never Python's words


def test_a_real_date_is_still_a_date():
    field = DateInputField(label="Date of arrest")
    assert str(field.clean(["29", "2", "2024"])) == "2024-02-29"


def test_a_huge_day_on_a_page_is_a_field_error_not_an_error_page(client, custody_worker):
    client.force_login(custody_worker)
    response = client.post(
        "/people/add/",
        {
            "family_name": "Synthetic",
            "date_of_birth_0": "99999999999999999999",
            "date_of_birth_1": "1",
            "date_of_birth_2": "1990",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert "Date of birth must be a real date" in response.content.decode()


def test_a_nul_in_an_address_is_not_found_and_in_a_query_a_bad_request(client, custody_worker):
    client.force_login(custody_worker)
    page = client.get("/people/%00/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
    api = client.get("/api/v1/treatment/referrals/TR-26-%00/")
    assert api.status_code == 404 and api.json() == {"detail": "Not found."}
    query = client.get("/treatment/inbox/?status=%00")
    assert query.status_code == 400
    assert "cannot be used" in query.content.decode()


def test_a_nul_in_a_form_field_is_a_field_error(client, custody_worker):
    client.force_login(custody_worker)
    response = client.post(
        "/people/add/",
        {
            "family_name": "Syn\x00thetic",
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "1990",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_nul_in_an_autosaved_answer_is_dropped_and_the_rest_kept(
    client, custody_worker, make_person
):
    from assessments.models import Assessment
    from assessments.sections import SECTIONS_BY_KEY

    person = make_person()
    client.force_login(custody_worker)
    client.post(f"/people/{person.pk}/assessment/start/")
    text_fields = [
        name
        for name, field in SECTIONS_BY_KEY["goals"].form().fields.items()
        if type(field) is forms.CharField
    ]
    name = text_fields[0]
    response = client.post(
        f"/people/{person.pk}/assessment/goals/",
        {name: "Stay well\x00 and housed", "autosave": "1"},
    )
    assert response.status_code < 400
    draft = Assessment.objects.get(person=person, status="draft")
    assert draft.sections["goals"][name] == "Stay well and housed"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000])
def test_json_nested_too_deep_is_a_bad_request(client, custody_worker, depth):
    client.force_login(custody_worker)
    body = "[" * depth + "]" * depth
    response = client.post("/api/v1/people/matches/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]


def test_the_custody_feed_answers_a_deep_body_with_400(client, db):
    from accounts.services import api_token_create
    from tests.personas import make_persona

    token = api_token_create(user=make_persona("custody.feed"))[1]
    deep = json.dumps([row("DJ-0001")])[:-1] + "," + "[" * 3000 + "]" * 3000 + "]"
    response = client.post(
        "/api/v1/custody/contacts/",
        deep,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert not too_deep(json.dumps({"note": "[" * 100}).encode())
    assert too_deep(("[" * (MAX_DEPTH + 1)).encode())


def test_a_nul_in_a_decline_reason_code_is_a_field_error(client, make_referral, db):
    """Found by tests/test_every_page_and_form.py: the code was looked up as sent, and
    PostgreSQL refuses a NUL in a query (DataError: a 500)."""
    from tests.personas import make_persona

    referral = make_referral()
    client.force_login(make_persona("provider.birmingham"))
    response = client.post(
        f"/api/v1/treatment/referrals/{referral.reference}/decline/",
        {"reason": "other\x00", "note": "Synthetic"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reason" in response.json()


def test_an_alert_acknowledged_with_a_next_that_is_not_a_path_goes_to_the_start_page(client, db):
    """Found by tests/test_every_page_and_form.py: redirect() took "99999999999999999999" for
    the name of a view (NoReverseMatch: a 500)."""
    import datetime

    from django.utils import timezone

    from reminders.services import drug_alert_publish
    from tests.personas import make_persona

    worker = make_persona("custody.worker")
    alert = drug_alert_publish(
        title="Synthetic", text="Synthetic.", local_authority=None,
        expires_at=timezone.now() + datetime.timedelta(days=1), by=make_persona("admin"),
    )  # fmt: skip
    client.force_login(worker)
    response = client.post(f"/alerts/{alert.pk}/acknowledge/", {"next": "99999999999999999999"})
    assert response.status_code == 302 and response["Location"] == "/custody/today/"


def test_an_autosaved_answer_is_bounded_and_a_choice_not_offered_is_dropped(
    client, custody_worker, make_person
):
    """Issue 25: the autosave stored 2.5 MB answers and any value for a choice. Each answer is
    now cut at 5,000 characters and a choice not among the section's options is not kept; what
    a person could have typed is kept, valid or not yet."""
    from assessments.models import Assessment
    from assessments.sections import ANSWER_LIMIT, SECTIONS_BY_KEY

    person = make_person()
    client.force_login(custody_worker)
    client.post(f"/people/{person.pk}/assessment/start/")
    goals = SECTIONS_BY_KEY["goals"].form().fields
    text = next(name for name, field in goals.items() if type(field) is forms.CharField)
    audit = SECTIONS_BY_KEY["audit"].form().fields
    choice, field = next((n, f) for n, f in audit.items() if isinstance(f, forms.ChoiceField))
    offered = str(field.choices[-1][0])

    def autosave(section, answers):
        url = f"/people/{person.pk}/assessment/{section}/"
        assert client.post(url, {**answers, "autosave": "1"}).status_code == 204
        return Assessment.objects.get(person=person, status="draft").sections[section]

    assert len(autosave("goals", {text: "S" * 2_500_000})[text]) == ANSWER_LIMIT
    assert choice not in autosave("audit", {choice: "bogus"})
    assert autosave("audit", {choice: offered})[choice] == offered
