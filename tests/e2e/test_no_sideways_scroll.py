"""No page scrolls sideways at 1280 px (issue 25: the OPCC "by custody suite" table clipped its
last column, the access log was 1,464 px wide).

For each persona (one per role), signed in, the test crawls breadth-first from the start page as
the accessibility sweep does (tests/e2e/test_accessibility.py: same links, same kinds of page)
and, on one page of each kind, with a window 1280 px wide, asserts that the document is no wider
than the window. A table that cannot be narrower may scroll inside its own wrapper
(`app-table-scroll`): the page itself never does.

The world is the accessibility sweep's, plus one person whose given and family names are each
100 letters with no space (issue 23: one such name pushed the provider inbox's columns off screen
for every row): in custody today, referred to the provider, sent by an officer to DIVERT and
named in a probation request, so the name is in every list of people.
"""

from __future__ import annotations

from collections import deque
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e import test_accessibility
from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import _normalise, kind_of
from tests.personas import FIXTURE_NAMES, ONE_PER_ROLE, make_persona

service_data = test_accessibility.service_data  # the same people, contacts and referrals

# Issue 23: a 100-letter given name and family name, no space to wrap at (the longest a name may
# be: people.Person, court.ProbationRequest and diversion.DivertReferral all hold 100).
LONG_GIVEN_NAME = ("Abcdefghij" * 10)[:100]
LONG_FAMILY_NAME = ("Klmnopqrst" * 10)[:100]
# The lists each role must have seen the long name on, so the test goes on testing it.
LONG_NAME_ON = {
    "custody_worker": {"/custody/today/", "/divert/cases/", "/court/reports/"},
    "team_leader": {"/custody/today/", "/divert/cases/", "/court/requests-to-link/"},
    "provider_birmingham": {"/treatment/inbox/", "/treatment/referrals/<str:reference>/"},
    "police_officer": {"/divert/my-referrals/"},
    "probation_officer": {"/court/my-requests/"},
}

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH = 1280

# What is wider than the window: the widest elements that reach past its right edge.
TOO_WIDE = """(width) => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > width + 0.5)
  .filter((e) => !e.closest('.app-table-scroll') || e.matches('.app-table-scroll'))
  .slice(0, 5)
  .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ends at `
    + `${Math.round(e.getBoundingClientRect().right)} px`)"""

# A table in a scrolling box that does not fit the box at this width: its last columns are
# hidden until scrolled (the OPCC "by custody suite" table). At 1280 px every table fits.
CLIPPED = """() => [...document.querySelectorAll('.app-table-scroll')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .map((e) => `a table (${e.textContent.trim().slice(0, 40)}...) is ${e.scrollWidth} px in a `
    + `${e.clientWidth} px box`)"""


def widths(
    page, start: str, showing_the_long_name: set[str]
) -> dict[str, tuple[int, str, list[str]]]:
    """Each kind of page reached from `start`: its scrollWidth and what sticks out; the kinds
    whose page showed the long family name are added to `showing_the_long_name`."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    queue, queued, seen = deque([start]), {start}, {}
    while queue:
        url = queue.popleft()
        if kind_of(url) in seen:
            continue
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        kind = kind_of(page.url)
        if kind in seen:
            continue
        width = page.evaluate("document.documentElement.scrollWidth")
        out = page.evaluate(TOO_WIDE, WIDTH) if width > WIDTH else []
        seen[kind] = (width, page.url, out + page.evaluate(CLIPPED))
        if page.evaluate("(name) => document.body.textContent.includes(name)", LONG_FAMILY_NAME):
            showing_the_long_name.add(kind)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = _normalise(href, origin)
            if target and target not in queued and kind_of(target) not in seen:
                queued.add(target)
                queue.append(target)
    return seen


def _access_log_entries(service_data) -> None:
    """What the access log shows in use: long pages (a contact's drug test, an API read) and
    details (a dashboard export's period), which made it 1,464 px wide."""
    from audit.models import AccessLog

    contact, worker = service_data["positive"], service_data["worker"]
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=worker, action=AccessLog.Action.VIEW, object_type="custody.custodycontact",
                object_id=str(contact.pk), person_id=contact.person_id,
                path=f"/custody/contacts/{contact.pk}/required-assessment/follow-up/",
            ),
            AccessLog(
                user=worker, action=AccessLog.Action.API_READ, object_type="treatment.referral",
                object_id=str(service_data["new_referral"].pk), person_id=contact.person_id,
                path=f"/api/v1/treatment/referrals/{service_data['new_referral'].pk}/",
                detail="treatment.referral:" + str(service_data["new_referral"].pk),
            ),
            AccessLog(
                user=worker, action=AccessLog.Action.EXPORT, object_type="accounts.user",
                object_id=str(worker.pk),
                path="/reporting/export.xlsx",
                detail="dashboard export: period=2026-01-01..2026-11-30, local_authority=all, "
                "custody_suite=northgate-custody-suite, sections=all",
            ),
        ]
    )  # fmt: skip


def _long_named_person(service_data, make_person, make_contact) -> None:
    """The person of the long names, everywhere a list of people can show them."""
    import datetime

    from django.utils import timezone

    from court.services import probation_request_make
    from diversion.services import divert_referral_submit
    from organisations.models import ProviderService
    from people.services import consent_give
    from treatment.services import referral_send

    names = {"given_name": LONG_GIVEN_NAME, "family_name": LONG_FAMILY_NAME}
    worker = service_data["worker"]
    person = make_person(**names, date_of_birth=datetime.date(1988, 8, 8))
    contact = make_contact(person=person, custody_record_number="T09999")  # Today, not seen
    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    consent_give(
        person=person, recipient="provider_service", provider_service=birmingham, by=worker
    )
    referral_send(
        person=person, by=worker, source="custody", custody_contact=contact,
        released_on=timezone.localdate(), provider_service=birmingham,
    )  # fmt: skip
    divert_referral_submit(
        officer=make_persona("police.officer"), key="sweep-long-name",
        data={
            **names, "occurrence_number": "20/9/26", "found_at": timezone.now(),
            "found_where": "A street", "substances": ["cannabis"], "amount": "A little",
            "date_of_birth": datetime.date(1988, 8, 8), "postcode": "B5 4TT",
            "consent_to_contact": True, "vulnerabilities": [],
        },
    )  # fmt: skip
    probation_request_make(
        officer=make_persona("probation.officer"), **names,
        date_of_birth=datetime.date(1988, 8, 8), postcode="B5 4TT",
        court="Birmingham Magistrates' Court",
        hearing_date=timezone.localdate() + datetime.timedelta(days=21),
        report_kind="standard", report_deadline=timezone.localdate() + datetime.timedelta(days=14),
    )  # fmt: skip


@pytest.mark.parametrize("fixture_name", ONE_PER_ROLE)
def test_no_page_scrolls_sideways_at_1280_px(
    page, service_data, make_person, make_contact, fixture_name
):
    page.set_viewport_size({"width": WIDTH, "height": 900})
    make_persona(FIXTURE_NAMES[fixture_name])
    _long_named_person(service_data, make_person, make_contact)
    sign_in(page, FIXTURE_NAMES[fixture_name])
    if fixture_name == "administrator":
        _access_log_entries(service_data)
    named: set[str] = set()
    seen = widths(page, page.url, named)
    print(f"\n{fixture_name}: {len(seen)} kinds of page, the long name on {sorted(named)}")
    too_wide = {
        kind: (width, url, sticking_out)
        for kind, (width, url, sticking_out) in seen.items()
        if width > WIDTH or sticking_out
    }
    assert len(seen) > 3
    assert LONG_NAME_ON.get(fixture_name, set()) <= named
    assert not too_wide, "\n".join(
        f"{url}: {width} px wide; " + "; ".join(out) for width, url, out in too_wide.values()
    )
