"""Every page and every form (issues 19 and 25): every form and every API operation is sent the
values that were error pages, and none answers 500; no page shows "..", "None" or a raw field
name (snake_case) in the text a person reads; every day, month, year and time box opens a phone's
number keypad (`inputmode="numeric"`, issue 23).

Nothing here is listed by hand. The forms are found by opening every page of the access sweep's
table (tests/security/test_access_sweep.py) as each role that may open it, and reading every
`<form method="post">` on it; the API operations come from the OpenAPI schema. A new form or
operation is therefore covered as soon as it is in the sweep's table (which fails until every
URL pattern is) and reachable from a page, or in the schema.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.test_access_sweep import (
    ARGUMENTS,
    EXPECTED,
    GET,
    POST,
    REACHED_BY,
    ROLES,
    World,
    discovered_patterns,
)

# What was a 500 somewhere before issue 19, and what a careless or hostile sender may type.
BAD_VALUES = {
    "huge_number": "99999999999999999999",
    "nul": "Syn\x00thetic",
    "overlong": "S" * 20_000,
    "hidden_characters": "Ann\u202eA\u200b",
    "not_a_date": "31/02/99999",
}
# Posting these would end the signed-in session the next request relies on.
NOT_SENT = {"/accounts/sign-out/", "/accounts/sign-out-everywhere/"}


def _is_date_or_time_part(attrs: dict) -> bool:
    """A day, month or year box of a GOV.UK date input, or a box for a time of day."""
    name = attrs.get("name") or ""
    return (
        "govuk-date-input__input" in (attrs.get("class") or "").split()
        or attrs.get("type") in ("date", "time", "datetime-local")
        or name == "time"
        or name.endswith("_time")
    )


class _Forms(HTMLParser):
    """Every POST form on a page: its action and its fields' names (the browser's view); and
    every date or time part on the page, by name, with its inputmode."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.found: list[tuple[str, list[str]]] = []
        self.date_and_time_parts: list[tuple[str, str | None]] = []
        self._fields: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") != "hidden" and _is_date_or_time_part(attrs):
            self.date_and_time_parts.append((attrs.get("name") or "", attrs.get("inputmode")))
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            action = urlsplit(urljoin(self.page_url, attrs.get("action") or self.page_url))
            self.found.append((action.path, []))
            self._fields = self.found[-1][1]
        elif tag in ("input", "select", "textarea") and self._fields is not None:
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken" and name not in self._fields:
                self._fields.append(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None


DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")  # "..", not an ellipsis "..."
NONE = re.compile(r"\bNone\b")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


class _VisibleText(HTMLParser):
    """The text a person sees, less scripts, styles and templates, and less <code>: a file's
    column names (the local extract's page lists them) are shown as code on purpose."""

    SKIPPED = {"script", "style", "template", "noscript", "code"}

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.parts.append(" ".join(data.split()))


def _problems(text: str) -> list[str]:
    found = []
    for name, pattern in (("'..'", DOUBLED_STOP), ("'None'", NONE), ("snake_case", SNAKE_CASE)):
        for match in pattern.finditer(text):
            start = max(0, match.start() - 30)
            found.append(f"{name}: …{text[start : match.end() + 30]}…")
    return found


def _url(world, url_name: str, person: str | None) -> str:
    arguments = discovered_patterns()[url_name]
    return reverse(url_name, kwargs={a: ARGUMENTS[a](world, person) for a in arguments})


def _pages():
    """(url name, person, role) of every page a signed-in role opens with a 200."""
    for url_name, rows in EXPECTED.items():
        if url_name.startswith(("api", "admin")):
            continue
        for person, method, *answers in rows:
            if method != GET:
                continue
            for role, answer in zip(ROLES, answers, strict=True):
                if role != "anonymous" and answer == 200:
                    yield url_name, person, role


@pytest.fixture(scope="module")
def world_and_forms(django_db_setup, django_db_blocker):
    """The sweep's world; every form found on its pages, (action, role) -> fields; and what a
    person would read on them that they should not (page, role, problem)."""
    from django.conf import settings
    from django.test import override_settings

    from tests.conftest import data_for_module

    # What tests._baseline_settings gives each test (it is function-scoped, so not yet here):
    # no two-factor step, and assets found where the build put them (CI's settings would ask
    # for collectstatic's manifest).
    baseline = override_settings(
        REQUIRE_2FA=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    with baseline, data_for_module(django_db_blocker):
        world = World()
        forms: dict[tuple[str, str], list[str]] = {}
        words: list[str] = []
        parts: list[str] = []  # every date or time part seen: "url as role: name (inputmode)"
        clients: dict[str, Client] = {}
        read = 0
        for url_name, person, role in _pages():
            if role not in clients:
                clients[role] = Client()
                clients[role].force_login(world.users[role])
            url = _url(world, url_name, person)
            if url_name in REACHED_BY:  # a check-your-answers page: its form first
                REACHED_BY[url_name](clients[role], world, person)
            response = clients[role].get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            read += 1
            page = response.content.decode()
            parser = _Forms(url)
            parser.feed(page)
            for action, fields in parser.found:
                if action not in NOT_SENT:
                    forms.setdefault((action, role), fields)
            parts += [f"{url} as {role}: {n} ({mode})" for n, mode in parser.date_and_time_parts]
            text = _VisibleText()
            text.feed(page)
            words += [f"{url} as {role}: {p}" for p in _problems(" ".join(text.parts))]
        world.words, world.pages_read, world.date_and_time_parts = words, read, parts
        yield world, forms


def _post_answers(client, url: str, **kwargs) -> tuple[int | None, str]:
    """The status of a POST made inside a savepoint that is rolled back (each post starts from
    the same world), or the exception the view raised."""
    try:
        with transaction.atomic():
            response = client.post(url, **kwargs)
            transaction.set_rollback(True)
    except Exception as error:
        return None, f"{type(error).__name__}: {str(error)[:200]}"
    return response.status_code, ""


def test_the_crawl_finds_the_forms_of_every_role_that_makes_records(world_and_forms, db):
    """The sweep below is only as good as what it finds: the create forms of issue 19 at least."""
    _, forms = world_and_forms
    actions = {action for action, _ in forms}
    assert len(forms) >= 40, sorted(forms)
    for expected in ("/people/add/", "/custody/contacts/new/", "/court/requests/new/"):
        assert expected in actions, expected
    assert any(a.endswith("/consent/") for a in actions)
    assert any(a.startswith("/divert/refer/") for a in actions)
    # Check-your-answers pages, reached by sending their form first (REACHED_BY, issue 23).
    assert "/alerts/new/check/" in actions
    for form in ("/treatment/refer/", "/treatment/refer/contact/", "/treatment/refer/divert/"):
        assert any(
            a.startswith(form) and a.endswith("/check/") and a.count("/") == form.count("/") + 2
            for a in actions
        ), form


def test_no_page_shows_doubled_stops_none_or_raw_field_names(world_and_forms, db):
    """Issue 25: "education.. AUDIT-C", "(not a diagnosis)..", codes such as out_of_area."""
    world, _ = world_and_forms
    assert world.pages_read >= 60
    assert not world.words, "\n".join(world.words)


def test_every_date_and_time_part_opens_the_number_keypad(world_and_forms, db):
    """Issue 23: on a phone, the day, month, year and time boxes of every form show the number
    keypad (GOV.UK Design System, Date input: inputmode="numeric")."""
    world, _ = world_and_forms
    names = {part.rsplit(": ", 1)[1].split(" ")[0] for part in world.date_and_time_parts}
    assert len(names) >= 20, sorted(names)  # the crawl finds them (date_of_birth_0, arrest_time)
    assert any(name.endswith("_time") for name in names)
    assert not [p for p in world.date_and_time_parts if not p.endswith("(numeric)")], "\n".join(
        p for p in world.date_and_time_parts if not p.endswith("(numeric)")
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Education.. AUDIT-C", 1),
        ("(not a diagnosis)..", 1),
        ("Wait...", 0),
        ("Reason: out_of_area", 1),
        ("Outcome: None", 1),
        ("No one", 0),
        ("An e-mail to jo.bloggs@example.org", 0),
    ],
)
def test_the_checks_find_what_they_look_for(text, found):
    assert len(_problems(text)) == found


@pytest.mark.parametrize("kind", BAD_VALUES)
def test_every_form_answers_bad_input_without_an_error_page(kind, world_and_forms, db):
    world, forms = world_and_forms
    value = BAD_VALUES[kind]
    failures = []
    clients: dict[str, Client] = {}
    for (action, role), fields in sorted(forms.items()):
        if role not in clients:
            clients[role] = Client(raise_request_exception=True)
            clients[role].force_login(world.users[role])
        client = clients[role]
        status, error = _post_answers(client, action, data=dict.fromkeys(fields, value))
        if status is None or status >= 500:
            failures.append(f"POST {action} as {role}: {status or error}")
    assert not failures, "\n".join(failures)


# --- The API, from its OpenAPI schema ---------------------------------------------------------


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _resolved(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _bad_body(schema: dict, node: dict, value: str, depth: int = 0):
    """A body of the operation's shape with every leaf the bad value (numbers: a huge one)."""
    node = _resolved(schema, node)
    for key in ("oneOf", "anyOf", "allOf"):
        if key in node:
            return _bad_body(schema, node[key][0], value, depth)
    kind = node.get("type")
    if depth > 6:
        return value
    if kind == "object" or "properties" in node:
        return {
            name: _bad_body(schema, sub, value, depth + 1)
            for name, sub in node.get("properties", {}).items()
        }
    if kind == "array":
        return [_bad_body(schema, node.get("items", {}), value, depth + 1)]
    if kind in ("integer", "number"):
        return 10**30
    if kind == "boolean":
        return value  # a string where a boolean belongs
    return value


def _api_operations(world):
    """(url, role, body schema) for every POST operation of the schema the sweep can reach."""
    schema = _schema()
    api_posts = {
        url_name: next(
            (role, person)
            for person, method, *answers in rows
            if method == POST
            for role, answer in zip(ROLES, answers, strict=True)
            if role != "anonymous" and answer not in (404, 401, 405)
        )
        for url_name, rows in EXPECTED.items()
        if url_name.startswith("api:") and any(r[1] == POST for r in rows)
    }
    by_path = {}
    for url_name, (role, person) in api_posts.items():
        url = _url(world, url_name, person)
        by_path[url] = (role, url_name)
    operations = []
    for template, methods in schema["paths"].items():
        operation = methods.get("post")
        if operation is None:
            continue
        matches = [
            (url, role)
            for url, (role, _name) in by_path.items()
            if _template_matches(template, url)
        ]
        assert matches, f"POST {template} is in the schema but not in the access sweep's table"
        body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        operations.append((matches[0][0], matches[0][1], body.get("schema", {})))
    return schema, operations


def _template_matches(template: str, url: str) -> bool:
    import re

    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, url) is not None


@pytest.mark.parametrize("kind", BAD_VALUES)
def test_every_api_operation_answers_bad_input_without_a_500(kind, world_and_forms, db):
    import json
    import uuid

    world, _ = world_and_forms
    schema, operations = _api_operations(world)
    assert len(operations) >= 5
    value = BAD_VALUES[kind]
    failures = []
    for url, role, body_schema in operations:
        body = _bad_body(schema, body_schema, value) if body_schema else {"value": value}
        for sent in (body, [body], {"nested": json.loads("[" * 40 + "]" * 40)}):
            client = Client(raise_request_exception=True)
            client.force_login(world.users[role])
            status, error = _post_answers(
                client,
                url,
                data=json.dumps(sent),
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
            )
            if status is None or status >= 500:
                failures.append(f"POST {url} as {role} with {str(sent)[:60]}: {status or error}")
    assert not failures, "\n".join(failures)
