"""The rollup changes only when a refresh commits, so what a period's read of it gives is kept
(in the cache, under the refresh's own key) until the next refresh: the dashboard reads the
rollup once per refresh and period, a new refresh shows at once, and the refresh itself
prepares the dashboard as it opens."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.services import figures_refresh
from tests.reporting import dataset
from tests.reporting.test_dashboard import figures


def _rollup_reads(client, path: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return sum("reporting_monthlyfigure" in q["sql"] for q in queries), response


@pytest.fixture
def analyst(client, opcc_analyst, settings):
    settings.SMALL_NUMBER_THRESHOLD = 1
    settings.FIGURES_ROUNDING_BASE = 1  # exact counts, not rounded
    client.force_login(opcc_analyst)
    return client


def test_the_rollup_is_read_once_per_refresh_and_period(analyst, history):
    with time_machine.travel(dataset.TODAY, tick=False):
        first, _ = _rollup_reads(analyst, f"/dashboard/custody/{dataset.QUERY}")
        again, response = _rollup_reads(analyst, f"/dashboard/referrals/{dataset.QUERY}")
        other_period, _ = _rollup_reads(analyst, "/dashboard/?from_month=2&from_year=2026"
                                        "&to_month=3&to_year=2026")  # fmt: skip
    assert (first, again, other_period) == (1, 0, 1)
    # Read from the cache, the figures are the ones counted by hand (test_dashboard.py).
    assert figures(response, "referrals")["By month"]["January 2026"]["Sent"] == "6"


def test_a_new_refresh_shows_at_once(analyst, history, make_contact):
    path = f"/dashboard/custody/{dataset.QUERY}"
    with time_machine.travel(dataset.TODAY, tick=False):
        before = figures(analyst.get(path), "custody")["Total"]["Total"]["Detainees"]
        for _ in range(4):
            make_contact(arrested_at=dataset.at(3, 19))
        figures_refresh()
        reads, response = _rollup_reads(analyst, path)
    assert (before, figures(response, "custody")["Total"]["Total"]["Detainees"]) == ("29", "33")
    assert reads == 1


def test_the_refresh_prepares_the_dashboard_as_it_opens(
    analyst, make_contact, django_capture_on_commit_callbacks
):
    make_contact()
    with django_capture_on_commit_callbacks(execute=True):
        figures_refresh()
    reads, response = _rollup_reads(analyst, "/dashboard/")
    assert reads == 0
    assert figures(response, "custody")["Total"]["Total"]["Detainees"] == "1"
