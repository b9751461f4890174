"""The OPCC's dashboard shows the figures of a known history (tests/reporting/dataset.py),
worked out by hand: first with suppression off, then as published (counts under 5 hidden, and
whatever would give them away)."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.services import figures_refresh
from reporting.suppression import SUPPRESSED
from tests.reporting import dataset

S = SUPPRESSED


@pytest.fixture
def page(client, opcc_analyst, history):
    """The dashboard's figures for January to March 2026, as the page was given them."""

    def get(section: str = ""):
        client.force_login(opcc_analyst)
        with time_machine.travel(dataset.TODAY, tick=False):
            path = f"/dashboard/{section + '/' if section else ''}{dataset.QUERY}"
            response = client.get(path)
        assert response.status_code == 200
        return response

    return get


def figures(response, section: str) -> dict:
    """{breakdown: {row label: {figure label: shown text}}} for one section."""
    found = response.context["dashboard"].section(section)
    labels = [f.label for f in found.section.figures]
    result = {
        "Total": {"Total": dict(zip(labels, (v.text for v in found.total.values), strict=True))}
    }
    for table in found.tables:
        result[table.title] = {
            row.label: dict(zip(labels, (v.text for v in row.values), strict=True))
            for row in table.rows
        }
    return result


# --- Without suppression: every figure as counted by hand ---------------------------------------


@pytest.fixture
def unsuppressed(settings):
    settings.SMALL_NUMBER_THRESHOLD = 1  # 0 < count < 1: nothing is small
    settings.FIGURES_ROUNDING_BASE = 1  # exact counts, not rounded


def test_custody_figures_by_month_authority_and_suite(page, unsuppressed):
    shown = figures(page("custody"), "custody")
    assert shown["Total"]["Total"] == {
        "Detainees": "29",
        "Seen": "18",
        "Proportion seen": "62.1%",
    }
    months = shown["By month"]
    assert months["January 2026"] == {"Detainees": "20", "Seen": "15", "Proportion seen": "75.0%"}
    assert months["February 2026"] == {"Detainees": "9", "Seen": "3", "Proportion seen": "33.3%"}
    assert months["March 2026"] == {"Detainees": "0", "Seen": "0", "Proportion seen": "–"}
    authorities = shown["By local authority"]
    assert authorities["Birmingham"]["Detainees"] == "23"
    assert authorities["Coventry"] == {"Detainees": "6", "Seen": "0", "Proportion seen": "0.0%"}
    assert authorities["Dudley"]["Detainees"] == "0"
    suites = shown["By custody suite"]
    assert suites["Northgate Custody Suite (Birmingham)"]["Seen"] == "15"
    assert suites["Southbank Custody Suite (Birmingham)"]["Detainees"] == "3"
    assert suites["Riverside Custody Suite (Coventry)"]["Detainees"] == "6"


def test_tests_on_arrest_and_positive_rates(page, unsuppressed):
    total = figures(page("testing"), "testing")["Total"]["Total"]
    assert total == {
        "Tested": "18",
        "Positive": "16",
        "Opiates only": "6",
        "Cocaine only": "5",
        "Both": "5",
        "Positive rate": "88.9%",  # 16 / 18
        "Opiates only rate": "33.3%",  # 6 / 18
        "Cocaine only rate": "27.8%",  # 5 / 18
        "Both rate": "27.8%",
        "Refused": "2",
    }


def test_required_assessments_and_attendance(page, unsuppressed):
    total = figures(page("required"), "required")["Total"]["Total"]
    assert total == {
        "Required assessments": "16",
        "Initial: attendance recorded": "15",
        "Initial: attended": "10",
        "Initial attendance rate": "66.7%",
        "Follow-up required": "6",
        "Follow-up: attendance recorded": "6",
        "Follow-up: attended": "5",
        "Follow-up attendance rate": "83.3%",
    }


def test_naloxone_and_assessments(page, unsuppressed):
    assert figures(page("naloxone"), "naloxone")["Total"]["Total"] == {
        "Offered": "10",
        "Kits issued": "8",
        "Issued rate": "80.0%",
    }
    shown = figures(page("assessments"), "assessments")
    assert shown["By month"]["February 2026"] == {"Assessments completed": "5"}
    assert shown["By local authority"]["Birmingham"] == {"Assessments completed": "5"}
    assert shown["By custody suite"]["Northgate Custody Suite (Birmingham)"] == {
        "Assessments completed": "5"
    }


def test_referrals_sent_accepted_engaged_and_median_days(page, unsuppressed):
    shown = figures(page("referrals"), "referrals")
    assert shown["By month"]["January 2026"] == {
        "Sent": "6",
        "Accepted": "5",
        "Accepted rate": "83.3%",
        "Median days to accept": "2 days",  # 0, 1, 2, 2, 6
        "Engaged": "5",
        "Engaged rate": "83.3%",
        "Median days to engage": "20 days",  # 10, 14, 20, 21, 30
    }
    # r7, sent in March, is waiting: it counts as sent, not accepted.
    assert shown["By month"]["March 2026"]["Sent"] == "1"
    assert shown["By month"]["March 2026"]["Median days to accept"] == "–"
    assert shown["Total"]["Total"]["Accepted rate"] == "71.4%"  # 5 / 7
    assert shown["By local authority"]["Birmingham"]["Sent"] == "7"
    assert shown["By custody suite"]["Not from a custody contact"]["Sent"] == "7"


def test_continuity_of_care_counts_only_people_whose_outcome_is_known(page, unsuppressed):
    shown = figures(page("continuity"), "continuity")
    # Released 2 January: first attended after 8, 11, 18, 21 (within) and 22 days; r6 never.
    assert shown["By month"]["January 2026"] == {
        "People released from prison, outcome known": "6",
        "Engaged within 3 weeks": "4",
        "Continuity of care rate": "66.7%",
    }
    # r7, released 10 March, is still within its 21 days on 20 March: not counted yet.
    assert shown["By month"]["March 2026"]["People released from prison, outcome known"] == "0"


# --- As published: small numbers suppressed, and what would give them away --------------------


def test_small_counts_and_what_would_reveal_them_are_suppressed(page):
    shown = figures(page("custody"), "custody")
    # Southbank's 3 detainees are hidden; so is Riverside (the smallest other suite), else
    # 29 - 20 - 6 would give it away; Northgate too, else Birmingham (23) - 20 would; then
    # Coventry (= Riverside), and Birmingham, the only other local authority with detainees.
    # Shown counts are rounded to the nearest 5 (29 -> 30, 18 -> 20), rates from those.
    assert shown["Total"]["Total"] == {"Detainees": "30", "Seen": "20", "Proportion seen": "66.7%"}
    suites = shown["By custody suite"]
    for suite in ("Northgate", "Southbank", "Riverside"):
        name = next(label for label in suites if label.startswith(suite))
        assert suites[name]["Detainees"] == S, suite
        assert suites[name]["Proportion seen"] == S, suite
    assert shown["By local authority"]["Birmingham"]["Detainees"] == S
    assert shown["By local authority"]["Coventry"]["Detainees"] == S
    assert shown["By local authority"]["Walsall"]["Detainees"] == "0"
    # Months: nothing small in detainees, so all shown.
    assert [shown["By month"][m]["Detainees"] for m in shown["By month"]] == ["20", "10", "0"]
    # Seen: February's 3 is hidden, and January's 15 with it (18 - 15 = 3).
    assert [shown["By month"][m]["Seen"] for m in shown["By month"]] == [S, S, "0"]
    assert shown["By local authority"]["Birmingham"]["Seen"] == "20"
    # Rates from a hidden count are hidden.
    assert shown["By month"]["January 2026"]["Proportion seen"] == S
    assert shown["By local authority"]["Birmingham"]["Proportion seen"] == S


def test_a_median_is_suppressed_with_its_count_but_not_with_others(page):
    months = figures(page("referrals"), "referrals")["By month"]
    # March's single referral hides January's 6 sent (7 - 6 = 1) and both months' rates...
    assert months["January 2026"]["Sent"] == S
    assert months["March 2026"]["Sent"] == S
    assert months["January 2026"]["Accepted rate"] == S
    # ...but January's 5 accepted, and the median over them, stand.
    assert months["January 2026"]["Accepted"] == "5"
    assert months["January 2026"]["Median days to accept"] == "2 days"


def test_continuity_rate_from_a_small_count_is_suppressed(page):
    total = figures(page("continuity"), "continuity")["Total"]["Total"]
    assert total == {
        "People released from prison, outcome known": "5",  # 6, rounded to the nearest 5
        "Engaged within 3 weeks": S,
        "Continuity of care rate": S,
    }


def test_no_published_equation_has_exactly_one_hidden_term(page):
    """Whatever the data: a hidden count can never be worked out from a line's total."""
    response = page("testing")
    for found in response.context["dashboard"].sections:
        if not found.recorded:
            continue
        counts = [i for i, f in enumerate(found.section.figures) if f.kind == "count"]
        for table in found.tables:
            for i in counts:
                hidden = [r.values[i].suppressed for r in table.rows] + [
                    found.total.values[i].suppressed
                ]
                assert sum(hidden) != 1, (found.section.key, table.key, i)


def test_every_section_is_recorded_now(page):
    assert "Not yet recorded" not in page("court").content.decode()
    assert "Not yet recorded" not in page().content.decode()  # DIVERT and DRR/ATR both are


def test_the_page_says_how_fresh_the_figures_are(page):
    body = page().content.decode()
    assert "Figures as of 12:00" in body  # the refresh ran at 12:00 on 20 March
    assert "20 March 2026" in body


def test_charts_have_a_text_alternative_and_a_table(page):
    body = page("custody").content.decode()
    assert 'role="img" aria-labelledby="custody-trend-title"' in body
    assert 'aria-describedby="custody-trend-desc"' in body
    assert "By month, January 2026 to March 2026. Detainees: 20 in January 2026" in body
    assert 'id="custody-by-month-caption"' in body
    assert "By local authority: Birmingham suppressed, Coventry suppressed" in body


# --- Cost -------------------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_dashboard_costs_the_same_queries_for_5_or_200_contacts(
    client, opcc_analyst, make_contact
):
    client.force_login(opcc_analyst)
    pages = [
        "/dashboard/",
        "/dashboard/custody/",
        "/dashboard/referrals/",
        "/dashboard/figures.xlsx",
    ]
    client.get("/dashboard/")  # the session's first request reads more (the user, the session)
    for _ in range(5):
        make_contact()
    # After each refresh the first page reads the rollup and the others (the same period) find
    # its sums in the cache (test_figures_cache.py): the same at either size.
    figures_refresh()
    few = [_queries(client, path) for path in pages]
    for i in range(195):
        make_contact(suite_code=["bhm-north", "coventry", "walsall"][i % 3])
    figures_refresh()
    many = [_queries(client, path) for path in pages]
    assert few == many
    assert max(many) <= 12, many


# --- Who may see it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona",
    ["custody_worker", "team_leader", "provider_birmingham", "police_officer", "administrator"],
    indirect=True,
)
def test_only_the_opcc_reaches_the_dashboard(client, persona):
    client.force_login(persona)
    for path in ("/dashboard/", "/dashboard/custody/", "/dashboard/figures.csv"):
        assert client.get(path).status_code == 404


def test_an_unknown_section_is_not_found(client, opcc_analyst):
    client.force_login(opcc_analyst)
    assert client.get("/dashboard/no-such-section/").status_code == 404


def test_a_period_that_is_not_valid_is_explained(client, opcc_analyst):
    client.force_login(opcc_analyst)
    response = client.get("/dashboard/?from_month=13&from_year=2025&to_month=1&to_year=2026")
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Start of the period: the month must be a number from 1 to 12" in body
    assert response.context["dashboard"].period.is_default


# --- The month to date (issue 25) -------------------------------------------------------------


def test_the_chart_marks_the_month_to_date_as_partial(page, unsuppressed):
    """20 March 2026: March is under way, so its point is not a complete month's figure."""
    response = page("custody")
    trend = response.context["dashboard"].section("custody").trend_chart
    assert trend.partial is not None
    assert [label.to_date for label in trend.x_labels] == [False, False, True]
    march_x = trend.x_labels[2].x
    assert trend.partial.x < march_x <= trend.partial.x + trend.partial.width
    for series in trend.series:
        assert [m["partial"] for m in series.markers] == [False, False, True]
        assert series.partial_path.endswith(f"L{march_x},{series.points[-1][1]}")
        assert f"{march_x}," not in series.path  # the complete months' line stops at February
    body = response.content.decode()
    assert 'class="app-chart__partial"' in body
    assert ">to date</text>" in body
    assert "app-chart__marker--partial" in body
    assert "March 2026 is the month to date, not a complete month." in body


def test_a_period_of_complete_months_has_no_partial_month(client, opcc_analyst, history):
    client.force_login(opcc_analyst)
    with time_machine.travel(dataset.TODAY, tick=False):
        response = client.get(
            "/dashboard/custody/?from_month=1&from_year=2026&to_month=2&to_year=2026"
        )
    trend = response.context["dashboard"].section("custody").trend_chart
    assert trend.partial is None
    assert not any(label.to_date for label in trend.x_labels)
    assert all(not series.partial_path for series in trend.series)
    assert ">to date</text>" not in response.content.decode()
