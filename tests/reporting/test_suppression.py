"""Small-number suppression: counts of 1 to 4 are never shown, nor rates made from them."""

import pytest

from reporting.suppression import SUPPRESSED, rate, suppress


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_counts_from_one_to_four_are_suppressed(count):
    assert suppress(count) == SUPPRESSED


@pytest.mark.parametrize("count", [0, 5, 6, 1000])
def test_zero_and_five_or_more_are_shown(count):
    assert suppress(count) == count


def test_rates_from_suppressed_counts_are_suppressed():
    assert rate(3, 100) == SUPPRESSED
    assert rate(50, 4) == SUPPRESSED
    assert rate(50, 100) == 50.0
    assert rate(0, 0) is None


def test_dashboard_shows_aggregates_only_and_suppresses(client, opcc_analyst, make_contact):
    for _ in range(3):
        make_contact(suite_code="coventry")
    for _ in range(6):
        make_contact(suite_code="walsall")
    client.force_login(opcc_analyst)
    rows = {r["local_authority"]: r for r in client.get("/dashboard/").context["rows"]}
    assert rows["Coventry"]["detainees"] == SUPPRESSED
    assert rows["Walsall"]["detainees"] == 6
    assert rows["Walsall"]["seen"] == 0


def test_opcc_cannot_reach_a_person(client, opcc_analyst, make_person):
    person = make_person()
    client.force_login(opcc_analyst)
    assert client.get(f"/people/{person.pk}/").status_code == 404
