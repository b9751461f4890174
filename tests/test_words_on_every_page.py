"""What a person reads (issue 25): no page says "..", "None", or a raw field name or code in
snake_case ("education.. AUDIT-C", "(not a diagnosis)..", "out_of_area").

Every page of the access sweep's table is opened as each role that may open it, in the sweep's
world (two people with their whole history: contacts, tests, assessments, referrals, reports,
DIVERT cases, tasks and an alert), and its visible text is read as a browser would show it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from tests.test_bad_input_everywhere import _pages, _url

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


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    from tests.conftest import data_for_module
    from tests.security.test_access_sweep import World

    with data_for_module(django_db_blocker):
        yield World()


def test_no_page_shows_doubled_stops_none_or_raw_field_names(world, db):
    failures = []
    seen = 0
    for url_name, person, role in _pages():
        client = Client()
        client.force_login(world.users[role])
        url = _url(world, url_name, person)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        seen += 1
        parser = _VisibleText()
        parser.feed(response.content.decode())
        for problem in _problems(" ".join(parser.parts)):
            failures.append(f"{url} as {role}: {problem}")
    assert seen >= 60
    assert not failures, "\n".join(failures)


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
