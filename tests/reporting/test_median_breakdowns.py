"""Medians are exact in every breakdown (decision 0014), also where custody suites refer people
to other local authorities' services, so a suite's referrals and an authority's referrals are
different sets.

Referrals sent in January 2026 from custody contacts, accepted after (days):
    Northgate (Birmingham) -> Birmingham's service: 1, 3    -> Coventry's service: 9
    Riverside (Coventry)   -> Birmingham's service: 5       -> Coventry's service: 7, 11
So: total 1 3 5 7 9 11 (median 6); Birmingham 1 3 5 (3), Coventry 7 9 11 (9);
Northgate 1 3 9 (3), Riverside 5 7 11 (7).
"""

from __future__ import annotations

import datetime

import pytest
import time_machine

from reporting.services import figures_refresh
from tests.reporting import dataset
from tests.reporting.test_dashboard import figures

PLAN = [
    ("bhm-north", "birmingham", 1),
    ("bhm-north", "birmingham", 3),
    ("bhm-north", "coventry", 9),
    ("coventry", "birmingham", 5),
    ("coventry", "coventry", 7),
    ("coventry", "coventry", 11),
]


@pytest.fixture
def crossed(
    settings,
    client,
    opcc_analyst,
    make_contact,
    make_referral,
    provider_birmingham,
    provider_coventry,
):
    from treatment.services import referral_accept

    settings.SMALL_NUMBER_THRESHOLD = 1  # nothing suppressed: the medians themselves are tested
    settings.FIGURES_ROUNDING_BASE = 1  # exact counts, not rounded
    providers = {"birmingham": provider_birmingham, "coventry": provider_coventry}
    sent = dataset.at(1, 5, 9)
    for suite, authority, days in PLAN:
        with time_machine.travel(sent, tick=False):
            contact = make_contact(suite_code=suite, arrested_at=dataset.at(1, 4))
            referral = make_referral(
                person=contact.person,
                authority=authority,
                source="custody",
                custody_contact=contact,
                released_on=datetime.date(2026, 1, 5),
            )
        with time_machine.travel(sent + datetime.timedelta(days=days), tick=False):
            referral_accept(referral=referral, by=providers[authority])
    with time_machine.travel(dataset.TODAY, tick=False):
        figures_refresh(full=True)
        client.force_login(opcc_analyst)
        response = client.get(f"/dashboard/referrals/{dataset.QUERY}")
    assert response.status_code == 200
    return figures(response, "referrals")


def _median(shown, table, label):
    return shown[table][next(name for name in shown[table] if name.startswith(label))][
        "Median days to accept"
    ]


def test_median_days_are_exact_by_authority_and_by_suite_when_suites_refer_across(crossed):
    assert crossed["Total"]["Total"]["Median days to accept"] == "6 days"
    assert crossed["By month"]["January 2026"]["Median days to accept"] == "6 days"
    assert _median(crossed, "By local authority", "Birmingham") == "3 days"
    assert _median(crossed, "By local authority", "Coventry") == "9 days"
    assert _median(crossed, "By custody suite", "Northgate") == "3 days"
    assert _median(crossed, "By custody suite", "Riverside") == "7 days"
