"""DIVERT on the OPCC's dashboard: referrals, completions, completion rate and police hours
saved, counted by hand from a known history."""

from __future__ import annotations

import datetime
import uuid

import pytest
import time_machine

from diversion.services import (
    divert_referral_submit,
    session_attendance_record,
    session_book,
)
from reporting.services import figures_refresh
from tests.reporting import dataset
from tests.reporting.test_dashboard import figures

pytestmark = pytest.mark.django_db


def _refer(officer, n: int):
    referral, _ = divert_referral_submit(
        officer=officer,
        key=str(uuid.uuid4()),
        data={
            "occurrence_number": f"20/{n}/26",
            "found_at": dataset.at(2, 10),
            "found_where": "Synthetic Street",
            "substances": ["cannabis"],
            "amount": "A little",
            "given_name": f"Divert{n}",
            "family_name": "Synthetic",
            "date_of_birth": datetime.date(1995, 1, n + 1),
            "postcode": "B5 4TT",  # Birmingham
            "consent_to_contact": True,
        },
    )
    return referral


def test_divert_figures_by_month_and_local_authority(
    client, settings, police_officer, custody_worker, opcc_analyst
):
    settings.SMALL_NUMBER_THRESHOLD = 5
    settings.SERVICE_TIMINGS = {**settings.SERVICE_TIMINGS, "DIVERT_POLICE_HOURS_SAVED": 4}
    with time_machine.travel(dataset.at(2, 10, 12), tick=False):
        referrals = [_refer(police_officer, n) for n in range(8)]
        for referral in referrals[:6]:  # six of eight complete their session
            session = session_book(
                referral=referral,
                by=custody_worker,
                starts_at=dataset.at(2, 10, 11),
                location="Synthetic Hub",
            )
            session_attendance_record(session=session, by=custody_worker, attendance="completed")
    with time_machine.travel(dataset.TODAY, tick=False):
        figures_refresh(full=True)
        client.force_login(opcc_analyst)
        response = client.get(f"/dashboard/divert/{dataset.QUERY}")
    shown = figures(response, "divert")
    # As published: 8 and 6 rounded to the nearest 5; the rate and hours from those.
    assert shown["Total"]["Total"] == {
        "Referrals": "10",
        "Completed": "5",
        "Completion rate": "50.0%",
        "Police hours saved": "40 hours",
    }
    assert "Not yet recorded" not in response.content.decode()
