"""Small-number suppression: counts of 1 to 4 are never shown, nor rates made from them, nor
any count that would let one be worked out by subtraction (secondary suppression)."""

import pytest

from reporting.services import figures_refresh
from reporting.suppression import SUPPRESSED, median, rate, suppress, suppressed_cells


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
    figures_refresh()
    client.force_login(opcc_analyst)
    dashboard = client.get("/dashboard/custody/").context["dashboard"]
    table = dashboard.section("custody").tables[1]  # by local authority
    rows = {r.label: r.values for r in table.rows}
    assert rows["Coventry"][0].text == SUPPRESSED
    # Walsall's 6 would give Coventry's 3 away (9 - 6): it is hidden too.
    assert rows["Walsall"][0].text == SUPPRESSED
    assert rows["Walsall"][1].text == "0"  # seen
    assert dashboard.section("custody").total.values[0].text == "10"  # 9, rounded


def test_opcc_cannot_reach_a_person(client, opcc_analyst, make_person):
    person = make_person()
    client.force_login(opcc_analyst)
    assert client.get(f"/people/{person.pk}/").status_code == 404


def test_threshold_is_a_setting(settings):
    settings.SMALL_NUMBER_THRESHOLD = 10
    assert suppress(9) == SUPPRESSED
    assert suppress(10) == 10


# --- Secondary suppression, on tables worked out by hand -----------------------------------------


def test_one_small_cell_in_a_line_hides_the_smallest_other_non_zero_cell():
    # Total 31 = 3 + 0 + 8 + 20: the 3 is hidden, so the 8 is too (not the 0, which hides
    # nothing, and not the 20, which is larger), and the total stays.
    values = {"total": 31, "a": 3, "b": 0, "c": 8, "d": 20}
    assert suppressed_cells(values, [("total", ["a", "b", "c", "d"])]) == {"a", "c"}


def test_two_small_cells_in_a_line_need_nothing_more():
    values = {"total": 27, "a": 3, "b": 4, "c": 20}
    assert suppressed_cells(values, [("total", ["a", "b", "c"])]) == {"a", "b"}


def test_when_no_other_cell_can_hide_it_the_total_is_hidden():
    # A local authority with one custody suite: the suite's count is the authority's.
    values = {"authority": 3, "suite": 3}
    assert suppressed_cells(values, [("authority", ["suite"])]) == {"authority", "suite"}
    values = {"total": 12, "a": 3, "b": 0, "c": 0}
    assert suppressed_cells(values, [("total", ["a", "b", "c"])]) == {"a", "total"}


def test_hiding_a_cell_in_one_line_is_followed_through_the_lines_it_is_in():
    # Two breakdowns of the same total (months and local authorities) and a nested one: the
    # suites of Birmingham add up to Birmingham.
    values = {
        "total": 40,
        "jan": 2, "feb": 18, "mar": 20,
        "birmingham": 25, "coventry": 15,
        "northgate": 22, "southbank": 3,
    }  # fmt: skip
    equations = [
        ("total", ["jan", "feb", "mar"]),
        ("total", ["birmingham", "coventry"]),
        ("birmingham", ["northgate", "southbank"]),
    ]
    # jan (2) and southbank (3) are small; feb (smallest other month) hides jan; northgate
    # hides southbank; then Birmingham's line is safe and so is the authorities' line.
    assert suppressed_cells(values, equations) == {"jan", "feb", "southbank", "northgate"}


def test_a_hidden_total_hides_a_part_of_every_line_it_totals():
    # Coventry's only suite is hidden by another line: Coventry goes, and then Birmingham,
    # or the total (40) less Birmingham would give Coventry away.
    values = {"total": 40, "birmingham": 25, "coventry": 15, "riverside": 15, "other": 2}
    equations = [
        ("total", ["birmingham", "coventry"]),
        ("coventry", ["riverside"]),
        ("riverside", ["other"]),  # stands for any line that hides Riverside
    ]
    hidden = suppressed_cells(values, equations)
    assert hidden == {"other", "riverside", "coventry", "birmingham"}


def test_parts_of_a_partition_are_protected_too():
    # positive = opiates only + cocaine only + both
    values = {"positive": 30, "opiates": 12, "cocaine": 15, "both": 3}
    hidden = suppressed_cells(values, [("positive", ["opiates", "cocaine", "both"])])
    assert hidden == {"both", "opiates"}


def test_median_of_a_distribution():
    assert median({}) is None
    assert median({5: 1}) == 5
    assert median({0: 1, 1: 1, 2: 2, 6: 1}) == 2  # 0 1 2 2 6
    assert median({1: 2, 3: 1, 10: 1}) == 2  # 1 1 3 10 -> (1 + 3) / 2
    assert median({4: 3, 9: 3}) == 6.5
