"""Continuity of care (issue 20): the national indicator is about people released from PRISON,
counted by person; releases from police custody are a separate, local measure.

Source: OHID Fingertips / Public Health Outcomes Framework indicator C20 (formerly 2.16)
"Continuity of care": adults released from prison with a substance misuse treatment need who
engage with community treatment within 3 weeks of release (OHID/HMPPS continuity of care
self-assessment tool guidance, 12 June 2023: "within 3 weeks of leaving prison").
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from reporting.selectors import Period, dashboard_for
from reporting.services import figures_refresh
from treatment.models import Referral

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=LONDON)
JANUARY = Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 1))


def _attended(referral, day: datetime.date) -> None:
    Referral.objects.filter(pk=referral.pk).update(first_attended_on=day)


@pytest.fixture
def releases(make_person, make_contact, make_referral):
    """January 2026, with known answers:

    - A: released from prison 2 January, referred to two services, attended both within 21 days
      (day 5 and day 9): ONE person engaged, not two.
    - B: released from prison 5 January, first attended on day 22: released, not engaged.
    - C: released from prison 6 January, never attended; 21 days long passed: released, not
      engaged.
    - D: released from police custody 3 January, attended on day 21: the local measure only.
    - E: released from police custody 4 January, twice referred, never attended: one person.
    """
    sent = datetime.datetime(2026, 1, 2, 10, 0, tzinfo=LONDON)
    a = make_person()
    _attended(
        make_referral(
            person=a, source="prison", released_on=datetime.date(2026, 1, 2), sent_at=sent
        ),
        datetime.date(2026, 1, 7),
    )
    _attended(
        make_referral(
            person=a,
            authority="coventry",
            source="prison",
            released_on=datetime.date(2026, 1, 2),
            sent_at=sent,
        ),
        datetime.date(2026, 1, 11),
    )
    _attended(
        make_referral(source="prison", released_on=datetime.date(2026, 1, 5), sent_at=sent),
        datetime.date(2026, 1, 27),
    )
    make_referral(source="prison", released_on=datetime.date(2026, 1, 6), sent_at=sent)
    d = make_person()
    contact = make_contact(person=d, arrested_at=sent - datetime.timedelta(days=2))
    _attended(
        make_referral(
            person=d,
            source="custody",
            custody_contact=contact,
            released_on=datetime.date(2026, 1, 3),
            sent_at=sent,
        ),
        datetime.date(2026, 1, 24),
    )
    e = make_person()
    contact = make_contact(person=e, arrested_at=sent - datetime.timedelta(days=1))
    for authority in ("birmingham", "coventry"):
        make_referral(
            person=e,
            authority=authority,
            source="custody",
            custody_contact=contact,
            released_on=datetime.date(2026, 1, 4),
            sent_at=sent,
        )
    with time_machine.travel(TODAY, tick=False):
        figures_refresh(full=True)


def _totals(user, key: str) -> dict:
    with time_machine.travel(TODAY, tick=False):
        section = dashboard_for(user=user, period=JANUARY).section(key)
    return {figure.key: value.number for figure, value in section.totals}


def test_continuity_of_care_counts_people_released_from_prison_only(
    releases, opcc_analyst, settings
):
    settings.SMALL_NUMBER_THRESHOLD = 1
    settings.FIGURES_ROUNDING_BASE = 1
    # A (two referrals, one person), B and C: 3 people; engaged within 3 weeks: A only.
    # D and E (police custody) are not in the national indicator.
    assert _totals(opcc_analyst, "continuity") == {
        "prison_released": 3,
        "prison_engaged": 1,
        "prison_rate": 33.3,
    }


def test_release_from_police_custody_is_a_separate_local_measure_by_person(
    releases, opcc_analyst, settings
):
    settings.SMALL_NUMBER_THRESHOLD = 1
    settings.FIGURES_ROUNDING_BASE = 1
    # D attended on day 21 (counts); E, referred twice, is one person, not engaged.
    assert _totals(opcc_analyst, "custody_release") == {
        "custody_released": 2,
        "custody_engaged": 1,
        "custody_rate": 50.0,
    }


def test_prison_continuity_has_no_custody_suite_breakdown(releases, opcc_analyst):
    with time_machine.travel(TODAY, tick=False):
        section = dashboard_for(user=opcc_analyst, period=JANUARY).section("continuity")
    assert [table.title for table in section.tables] == ["By month", "By local authority"]


def test_both_measures_have_their_own_page_with_their_definitions(client, releases, opcc_analyst):
    client.force_login(opcc_analyst)
    with time_machine.travel(TODAY, tick=False):
        prison = client.get("/dashboard/continuity/").content.decode()
        custody = client.get("/dashboard/custody_release/").content.decode()
    assert "Continuity of care from prison" in prison
    assert "Public Health Outcomes Framework C20" in prison
    assert "By custody suite" not in prison
    assert "Treatment after release from police custody" in custody
    assert "A local measure, not the national indicator" in custody
    assert "By custody suite" in custody
