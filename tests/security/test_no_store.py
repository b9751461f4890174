"""`Cache-Control: no-store` on every answer to a signed-in user (issue 21): a shared custody
suite PC's browser keeps nothing on disk. Tried over the access sweep's URL table: every URL
pattern, GET, by the first signed-in role the table says gets a page (HTML, CSV, XLSX, PDF,
JSON); and an API client signed in by its token."""

import pytest
from django.urls import reverse

from tests.security import test_access_sweep as sweep
from tests.security.test_access_sweep import ARGUMENTS, CASES, GET, discovered_patterns

world = sweep.world  # the sweep's module-scoped world of people, referrals, reports


def _one_answered_get_per_url() -> list:
    chosen: dict[str, object] = {}
    for case in CASES:
        if case.method == GET and case.role != "anonymous" and case.expected == 200:
            chosen.setdefault(case.url_name, case)
    return list(chosen.values())


SAMPLE = _one_answered_get_per_url()


def test_the_sample_covers_every_kind_of_answer():
    names = {case.url_name for case in SAMPLE}
    assert len(names) >= 60
    for kind in ("reporting:export_csv", "reporting:export_xlsx", "audit:export", "api:me"):
        assert kind in names


@pytest.mark.parametrize("case", SAMPLE, ids=[case.id for case in SAMPLE])
def test_nothing_shown_to_a_signed_in_user_is_stored_by_the_browser(case, world, db, client):
    client.force_login(world.users[case.role])
    if case.url_name in sweep.REACHED_BY:  # a check-your-answers page: its form is sent first
        sweep.REACHED_BY[case.url_name](client, world, case.person)
    arguments = discovered_patterns()[case.url_name]
    url = reverse(case.url_name, kwargs={a: ARGUMENTS[a](world, case.person) for a in arguments})
    response = client.get(url)
    assert response.status_code == 200, url
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, f"{url}: {cache_control!r}"


def test_an_api_client_signed_in_by_token_is_answered_no_store(client, police_officer):
    from accounts.services import api_token_create

    _, token = api_token_create(user=police_officer)
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_to_an_anonymous_visitor_may_be_cached(client, db):
    assert "no-store" not in client.get("/accessibility/").get("Cache-Control", "")
