"""Every list page costs the same number of queries for 5 rows as for 200 (issue 11): no query
per row, whatever the list. Each page is measured after a first visit (the session's own
first-request writes are not the page's)."""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.personas import FIXTURE_NAMES, make_persona

pytestmark = pytest.mark.django_db


def _contacts(ctx, n):
    for _ in range(n):
        ctx["make_contact"]()


def _contacts_across_suites(ctx, n):
    for i in range(n):
        ctx["make_contact"](suite_code=("bhm-north", "coventry", "walsall")[i % 3])


def _referrals(ctx, n):
    for _ in range(n):
        ctx["make_referral"](person=ctx["make_person"]())


def _diverts(ctx, n):
    from diversion.services import divert_referral_submit

    officer = ctx["officer"]
    for _ in range(n):
        person = ctx["make_person"]()
        divert_referral_submit(
            officer=officer,
            key=str(uuid.uuid4()),
            data={
                "occurrence_number": "20/1/26", "found_at": timezone.now(),
                "found_where": "Synthetic Street", "substances": ["cannabis"],
                "amount": "A little", "given_name": person.given_name,
                "family_name": person.family_name, "date_of_birth": person.date_of_birth,
                "postcode": person.postcode, "consent_to_contact": True,
                "vulnerabilities": ["mental_health"],
            },
        )  # fmt: skip


def _tasks(ctx, n):
    from accounts.selectors import arrest_referral_service
    from reminders.services import reminder_schedule

    for _ in range(n):
        reminder_schedule(
            kind="psr_deadline",
            subject=ctx["make_person"](),
            due_at=timezone.now() - datetime.timedelta(hours=1),
            organisation=arrest_referral_service(),
        )


def _court_reports(ctx, n):
    """Requests from probation, each a draft report; every other one signed off."""
    from court.models import SuitabilityReport
    from court.services import probation_request_make

    officer, leader = ctx["probation_officer"], ctx["team_leader"]
    today = timezone.localdate()
    for i in range(n):
        person = ctx["make_person"]()
        request = probation_request_make(
            officer=officer, given_name=person.given_name, family_name=person.family_name,
            date_of_birth=person.date_of_birth, court="Walsall Magistrates' Court",
            hearing_date=today + datetime.timedelta(days=21),
            report_deadline=today + datetime.timedelta(days=14),
        )  # fmt: skip
        if i % 2:
            SuitabilityReport.objects.filter(request=request).update(
                status="signed_off", signed_off_at=timezone.now(), signed_off_by=leader
            )


def _access_log(ctx, n):
    from audit.models import AccessLog
    from audit.services import change_record

    worker = make_persona(FIXTURE_NAMES["custody_worker"])
    for _ in range(n):
        change_record(user=worker, action=AccessLog.Action.VIEW, records=[ctx["make_person"]()])


# (page, the persona who lists it, how its rows are made)
LISTS: list[tuple[str, str, Callable]] = [
    ("/custody/today/", "custody_worker", _contacts),
    ("/custody/team/", "team_leader", _contacts_across_suites),
    ("/custody/team/contacts/", "team_leader", _contacts_across_suites),
    ("/treatment/inbox/", "provider_birmingham", _referrals),
    ("/divert/cases/", "custody_worker", _diverts),
    ("/divert/my-referrals/", "police_officer", _diverts),
    ("/tasks/", "custody_worker", _tasks),
    ("/tasks/team/", "team_leader", _tasks),
    ("/audit/", "administrator", _access_log),
    ("/court/reports/", "custody_worker", _court_reports),
    ("/court/my-requests/", "probation_officer", _court_reports),
]


def _queries(client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(("path", "persona", "make_rows"), LISTS, ids=[p for p, _, _ in LISTS])
def test_a_list_page_costs_the_same_queries_for_5_rows_as_for_200(
    path, persona, make_rows, client, make_person, make_contact, make_referral
):
    ctx = {
        "make_person": make_person,
        "make_contact": make_contact,
        "make_referral": make_referral,
        # Made once: making a persona again resets its password, which signs it out.
        "officer": make_persona(FIXTURE_NAMES["police_officer"]),
        "probation_officer": make_persona(FIXTURE_NAMES["probation_officer"]),
        "team_leader": make_persona(FIXTURE_NAMES["team_leader"]),
    }
    client.force_login(make_persona(FIXTURE_NAMES[persona]))
    make_rows(ctx, 5)
    five = _queries(client, path)
    make_rows(ctx, 195)
    two_hundred = _queries(client, path)
    if report := os.environ.get("QUERY_COUNTS_REPORT"):  # benchmarks/query_counts.py
        with open(report, "a", encoding="utf-8") as out:
            out.write(f"{path}\t{persona}\t{five}\t{two_hundred}\n")
    assert two_hundred == five, f"{path}: queries grow with the rows"
