"""Accessibility sweep (issue 12): axe-core checks every page each role can reach.

For each persona (one per role) the test signs in and crawls breadth-first from the start page,
following same-origin links, and runs axe on one page of each kind it reaches (a kind is a URL
pattern with the names of its query parameters: /people/<uuid:person_id>/ once, not once per
person; the inbox and the inbox filtered are two kinds): WCAG 2.2 A and AA, plus repeated ids
and landmarks (see tests/e2e/axe.py). The main forms are also checked in their error state (the
error summary must take focus), and so are the pages anyone can see without signing in. Closed
<details> are opened before axe runs, so the forms inside them are checked too, and every link
within a page (error summary, skip link) must lead to an element that is there.

The kinds of page each persona reaches are printed and their number must not fall below what it
was when the sweep was written, so a page that stops being linked (less coverage) fails the
sweep. There is no cap on the number of kinds: a new page is checked as soon as it is linked.
"""

from __future__ import annotations

import datetime
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit, urlunsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.axe import format_violations, prepare_context, run_axe
from tests.e2e.conftest import sign_in
from tests.personas import FIXTURE_NAMES, ONE_PER_ROLE, make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Pages checked per persona: every kind first, then more of each while this allows.
PAGE_LIMIT = 80
SKIPPED_PREFIXES = ("/static/", "/django-admin/", "/api/", "/accounts/sign-out/")

# Kinds of page each persona reached with the data of `service_data` when the sweep changed to
# counting kinds (2026-11-26).
MINIMUM_KINDS = {
    "custody_worker": 42,
    "team_leader": 46,
    "provider_birmingham": 8,
    "police_officer": 4,
    "probation_officer": 4,
    "opcc_analyst": 11,
    "administrator": 6,
}
ANONYMOUS_MINIMUM_PAGES = 3


@pytest.fixture
def axe_page(page):
    prepare_context(page.context)
    return page


@pytest.fixture
def service_data(make_person, make_contact):
    """People, today's contacts at Northgate (one positive), assessments and shared consent."""
    from assessments.services import assessment_save_section, assessment_start
    from custody.services import (
        custody_contact_record_outcome,
        drug_test_record,
        required_follow_up_decide,
    )
    from diversion.services import divert_referral_submit, session_book
    from organisations.demo import demo_signposts_ensure
    from organisations.models import ProviderService
    from people.services import consent_give, flag_raise, person_alias_add
    from tests.assessments.answers import COMPLETE, complete_assessment
    from treatment.services import appointment_book, referral_accept, referral_send

    demo_signposts_ensure()  # the person and contact pages' local services (issue 23)
    worker = make_persona("custody.worker")
    provider = make_persona("provider.birmingham")
    ada = make_person(
        given_name="Ada", family_name="Quill", date_of_birth=datetime.date(1985, 3, 4)
    )
    ben = make_person(
        given_name="Ben", family_name="Rook", date_of_birth=datetime.date(1979, 11, 20)
    )
    cat = make_person(given_name="Cat", family_name="Stroud", postcode="CV1 2AB")

    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    positive = make_contact(
        person=ada, arrested_at=max(now - datetime.timedelta(minutes=5), midnight)
    )
    drug_test_record(
        contact=positive,
        results={"opiates": "positive", "cocaine": "negative"},
        sample_taken_at=timezone.now(),
        by=worker,
    )
    # A follow-up is set, so both attendance forms (initial and follow-up) are on one page.
    required_follow_up_decide(
        required=positive.required_assessment, required_follow_up=True,
        follow_up_at=timezone.now() + datetime.timedelta(days=3), follow_up_place="Hub", by=worker,
    )  # fmt: skip
    make_contact(person=ben)
    seen = make_contact(person=cat, offence="class_b_c_possession")
    custody_contact_record_outcome(
        contact=seen, outcome="assessed", seen_at=timezone.now(), by=worker
    )

    complete_assessment(person=ada, by=worker)
    draft = assessment_start(person=ben, by=worker)
    assessment_save_section(
        assessment=draft, key="alcohol", answers=dict(COMPLETE["alcohol"]), by=worker
    )
    birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
    consent_give(person=ada, recipient="provider_service", provider_service=birmingham, by=worker)
    flag_raise(person=ada, kind="overdose_risk", note="Synthetic note", by=worker)
    person_alias_add(person=ada, given_name="Addie", family_name="Quill", kind="alias", by=worker)

    # Tasks in every list (overdue, due today, one to mark done, one that closes by itself), and
    # a drug alert, so its banner is on every page of the workers who have not read it.
    from reminders.services import drug_alert_publish, reminder_schedule

    team_leader = make_persona("team.leader")
    admin = make_persona("admin")
    for kind, person, hours in (
        ("safeguarding_not_picked_up", ada, 50), ("psr_deadline", ben, 1),
    ):  # fmt: skip
        reminder_schedule(
            kind=kind, subject=person, organisation=worker.organisation, note="Synthetic note",
            due_at=min(now - datetime.timedelta(hours=hours), timezone.now()),
        )  # fmt: skip
    reminder_schedule(
        kind="drr_review_due", subject=cat, assignee=team_leader,
        due_at=timezone.now() - datetime.timedelta(minutes=5),
    )  # fmt: skip
    reminder_schedule(
        kind="referral_not_accepted", subject=ada, provider_service=birmingham,
        due_at=timezone.now() - datetime.timedelta(minutes=5),
    )  # fmt: skip
    drug_alert_publish(
        title="Synthetic opioids in heroin", text="Nitazenes found.\nCarry naloxone.",
        local_authority=None, expires_at=timezone.now() + datetime.timedelta(days=7), by=admin,
    )  # fmt: skip

    # Referrals: Ada's is new; Dot's was accepted and has an appointment to record.
    ada_referral = referral_send(
        person=ada, by=worker, source="custody", custody_contact=positive,
        released_on=timezone.localdate(), provider_service=birmingham,
    )  # fmt: skip
    dot = make_person(given_name="Dot", family_name="Teale", postcode="B12 9QR")
    consent_give(person=dot, recipient="provider_service", provider_service=birmingham, by=worker)
    dot_referral = referral_send(
        person=dot, by=worker, source="prison", provider_service=birmingham,
        released_on=timezone.localdate() - datetime.timedelta(days=3),
    )  # fmt: skip
    referral_accept(referral=dot_referral, by=provider)
    appointment_book(
        referral=dot_referral, by=provider, location="Synthetic Hub",
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
    )  # fmt: skip
    # A DIVERT referral by the officer, with a vulnerability and a session booked.
    officer = make_persona("police.officer")
    divert, _ = divert_referral_submit(
        officer=officer, key="sweep-1",
        data={
            "occurrence_number": "20/1/26", "found_at": timezone.now(), "found_where": "A street",
            "substances": ["cannabis"], "amount": "A little", "given_name": "Eve",
            "family_name": "Wren", "date_of_birth": datetime.date(2000, 5, 6),
            "postcode": "B5 4TT", "consent_to_contact": True, "vulnerabilities": ["exploitation"],
        },
    )  # fmt: skip
    session_book(
        referral=divert, by=worker, location="Hub",
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
    )  # fmt: skip
    # Court: probation.officer's requests, one at each step (draft, submitted, signed off with a
    # 13-month DRR made, so monthly reviews).
    court = _court_reports(worker)
    return {
        "court": court,
        "divert": divert,
        "worker": worker,
        "positive": positive,
        "draft_person": ben,
        "new_referral": ada_referral,
        "booked_referral": dot_referral,
    }


def _court_reports(worker) -> dict:
    from court import services
    from organisations.models import ProviderService

    probation, leader = make_persona("probation.officer"), make_persona("team.leader")
    today = timezone.localdate()
    reports = {}
    for given, step in (("Fay", "signed_off"), ("Gus", "submitted"), ("Hal", "draft")):
        request = services.probation_request_make(
            officer=probation, given_name=given, family_name="Lark",
            date_of_birth=datetime.date(1990, 1, 2), postcode="B5 4TT",
            court="Birmingham Magistrates' Court",
            hearing_date=today + datetime.timedelta(days=21),
            report_kind="standard", report_deadline=today + datetime.timedelta(days=14),
        )  # fmt: skip
        report = request.reports.get()
        reports[step] = report
        if step == "draft":
            continue  # left for the team to confirm who it is for (court:link_request)
        services.request_link(request=request, person=None, by=worker)
        report.refresh_from_db()
        services.report_save(
            report=report, by=worker,
            data={
                "misuse": "drugs", "requires_treatment": True, "susceptible_to_treatment": True,
                "treatment_available": True, "willing_to_comply": True,
                "willing_to_be_tested": True, "recommendation": "drr",
                "reasons": "Synthetic reasons", "proposed_length_months": 13,
                "review_arrangements": "Monthly",
                "provider_service": ProviderService.objects.get(local_authority__slug="birmingham"),
            },
        )  # fmt: skip
        services.report_submit(report=report, by=worker)
        if step == "signed_off":
            services.report_sign_off(report=report, by=leader)
            outcome = services.court_outcome_record(
                report=report, by=worker, order="drr", length_months=13, start_date=today
            )
            reports["review"] = outcome.reviews.first()
    return reports


# Links within the page (error summary, skip link) whose target is not there: axe has no rule
# for them, and an error summary that cannot take the user to the field is of little use.
BROKEN_IN_PAGE_LINKS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .filter((a) => a.hash.length > 1 && !document.getElementById(decodeURIComponent(a.hash.slice(1))))
  .map((a) => a.outerHTML)"""


def check(page) -> str:
    """Open every closed <details>, run axe and return the formatted problems ('' if none)."""
    page.evaluate("document.querySelectorAll('details:not([open])').forEach(d => d.open = true)")
    failures, review = run_axe(page)
    if review:
        print(format_violations(review, url=page.url, what="result needing review"))
    report = format_violations(failures, url=page.url)
    broken = page.evaluate(BROKEN_IN_PAGE_LINKS)
    if broken:
        report += f"\n{page.url}: links to an id that is not on the page:\n    " + "\n    ".join(
            broken
        )
    return report.strip()


def _normalise(href: str, origin: str) -> str | None:
    """The URL to visit for a link, or None if the crawl leaves it alone."""
    parts = urlsplit(href)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None  # another origin, mailto:, tel:, javascript:
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    page_number = parse_qs(parts.query).get("page", ["1"])[0]
    if not page_number.isdigit() or int(page_number) > 2:
        return None
    return urlunsplit(parts._replace(fragment=""))


def kind_of(url: str) -> str:
    """The kind of page a URL is: its URL pattern and the names of its query parameters."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return parts.path  # checked once, and reported as a broken link
    # A slug names one of a few different pages (a dashboard section): each is its own kind.
    pattern = "/" + re.sub(
        r"<slug:(\w+)>", lambda m: str(match.kwargs.get(m.group(1), m.group(0))), match.route
    )
    names = sorted(parse_qs(parts.query, keep_blank_values=True))
    return pattern + (f"?{'&'.join(names)}" if names else "")


@dataclass
class Crawl:
    pages: list[str] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # each kind, and the first page of it
    problems: list[str] = field(default_factory=list)
    unvisited_kinds: set[str] = field(default_factory=set)  # left when the page limit came


def crawl(page, start: str, limit: int = PAGE_LIMIT) -> Crawl:
    """Visit pages breadth-first from `start`, a page of every kind not yet seen before any
    more of a kind already checked (so the limit never leaves a kind of page out); then, while
    the limit allows, more pages of the kinds seen (other records, in other states)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    new_kinds, known_kinds, queued = deque([start]), deque(), {start}
    result = Crawl()
    # Every kind, whatever the limit (the module's promise: no cap on kinds); the limit stops
    # only the further pages of kinds already checked.
    while new_kinds or (known_kinds and len(result.pages) < limit):
        if new_kinds:
            url = new_kinds.popleft()
            if kind_of(url) in result.kinds:
                known_kinds.append(url)  # its kind was checked while it waited: later
                continue
        else:
            url = known_kinds.popleft()
        try:
            response = page.goto(url)
        except PlaywrightError as exc:
            if "Download is starting" in str(exc):
                continue  # a file, not a page
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if page.url != url and page.url in result.pages:
            continue  # a redirect to a page already checked
        result.pages.append(page.url)
        result.kinds.setdefault(kind_of(page.url), page.url)
        queued.add(page.url)
        if not response.ok:
            result.problems.append(f"{url}: HTTP {response.status} (a broken link?)")
        if report := check(page):
            result.problems.append(report)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            target = _normalise(href, origin)
            if target and target not in queued:
                queued.add(target)
                (known_kinds if kind_of(target) in result.kinds else new_kinds).append(target)
    result.unvisited_kinds = {kind_of(u) for u in new_kinds} - set(result.kinds)
    return result


@pytest.mark.parametrize("fixture_name", ONE_PER_ROLE)
def test_every_page_a_role_can_reach_is_accessible(axe_page, service_data, fixture_name):
    page = axe_page
    make_persona(FIXTURE_NAMES[fixture_name])
    sign_in(page, FIXTURE_NAMES[fixture_name])
    result = crawl(page, page.url)
    print(f"\n{fixture_name}: {len(result.pages)} pages of {len(result.kinds)} kinds checked")
    for kind, url in result.kinds.items():
        print(f"  {kind}  ({url})")
    assert not result.problems, "\n\n".join(result.problems)
    assert not result.unvisited_kinds, f"the page limit left out: {result.unvisited_kinds}"
    assert len(result.kinds) >= MINIMUM_KINDS[fixture_name], (
        f"{fixture_name} reached {len(result.kinds)} kinds of page, fewer than "
        f"{MINIMUM_KINDS[fixture_name]}"
    )


def _submit_empty_and_check(page, url: str, button: str) -> str:
    page.goto(url)
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible(), f"{url}: no error summary after submitting {button!r} empty"
    # GOV.UK Frontend's error summary takes focus, so screen readers announce the errors.
    page.wait_for_function(
        "document.activeElement && document.activeElement.classList.contains('govuk-error-summary')"
    )
    assert page.title().startswith("Error: "), page.title()
    return check(page)


def test_main_forms_in_their_error_state_are_accessible(axe_page, service_data):
    page = axe_page
    sign_in(page, "custody.worker")
    draft_person = service_data["draft_person"]
    forms = [
        ("/people/find/", "Find"),
        ("/custody/contacts/new/", "Continue"),
        (f"/people/{draft_person.pk}/assessment/substances/", "Save and continue"),
    ]
    problems = [_submit_empty_and_check(page, url, button) for url, button in forms]
    # Matching finds Ada Quill: the worker is asked to choose, and chooses nothing.
    page.goto("/custody/contacts/new/")
    page.get_by_label("Custody record number").fill("NG-9001")
    page.get_by_label("Time of arrest").fill("00:01")
    page.get_by_label("Offence").select_option(
        label="Theft (including shoplifting) (trigger offence)"
    )
    page.get_by_label("Given name").fill("Ada")
    page.get_by_label("Family name").fill("Quill")
    dob = page.get_by_role("group", name="Date of birth")
    dob.get_by_label("Day").fill("4")
    dob.get_by_label("Month").fill("3")
    dob.get_by_label("Year").fill("1985")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.url.endswith("/custody/contacts/new/person/"), page.url
    problems.append(check(page))
    problems.append(_submit_empty_and_check(page, page.url, "Continue"))
    # The custody contact page with a positive test: eight forms on one page.
    contact_url = f"/custody/contacts/{service_data['positive'].pk}/"
    problems.append(_submit_empty_and_check(page, contact_url, "Save the outcome"))
    # Referring someone who has consented to share with no one: the consent error.
    problems.append(
        _submit_empty_and_check(page, f"/treatment/refer/{draft_person.pk}/", "Continue")
    )
    # A page that is not there, signed in.
    response = page.goto("/people/no-such-page/")
    assert response.status == 404
    problems.append(check(page))
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_provider_forms_in_their_error_state_are_accessible(axe_page, service_data):
    page = axe_page
    sign_in(page, "provider.birmingham")
    new = f"/treatment/referrals/{service_data['new_referral'].reference}"
    booked = f"/treatment/referrals/{service_data['booked_referral'].reference}"
    problems = [
        _submit_empty_and_check(page, f"{new}/decline/", "Decline the referral"),
        _submit_empty_and_check(page, f"{booked}/close/", "Close the referral"),
        _submit_empty_and_check(page, f"{booked}/", "Record attendance"),
    ]
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_divert_forms_in_their_error_state_are_accessible(axe_page, service_data):
    page = axe_page
    sign_in(page, "police.officer")
    problems = [_submit_empty_and_check(page, "/divert/refer/", "Continue")]
    page.goto("/divert/refer/")
    page.get_by_label("Occurrence or incident number").fill("20/2/26")
    page.get_by_label("Where found").fill("A street")
    page.get_by_label("Cannabis").check()
    page.get_by_label("Roughly how much?").fill("A little")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    problems.append(_submit_empty_and_check(page, page.url, "Send the referral"))
    page.get_by_role("button", name="Sign out", exact=True).click()
    sign_in(page, "custody.worker")
    case = f"/divert/cases/{service_data['divert'].reference}/"
    problems.append(_submit_empty_and_check(page, case, "Record attendance"))
    problems.append(_submit_empty_and_check(page, case, "Return the outcome to police"))
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_court_forms_in_their_error_state_are_accessible(axe_page, service_data):
    page = axe_page
    court = service_data["court"]
    sign_in(page, "probation.officer")
    problems = [_submit_empty_and_check(page, "/court/requests/new/", "Request the report")]
    page.context.clear_cookies()
    sign_in(page, "team.leader")
    signed_off = f"/court/reports/{court['signed_off'].reference}/"
    problems += [
        _submit_empty_and_check(
            page, f"/court/reports/{court['submitted'].reference}/sign-off/", "Confirm"
        ),
        _submit_empty_and_check(
            page, f"/court/contacts/{service_data['positive'].pk}/report/", "Start the report"
        ),
        _submit_empty_and_check(page, f"/court/reviews/{court['review'].pk}/", "Record the review"),
        _submit_empty_and_check(
            page, f"/court/requests/{court['draft'].request_id}/link/", "Confirm who this is"
        ),
    ]
    # Sending back without saying what must change (issue 23): the revealed reason's error.
    page.goto(f"/court/reports/{court['submitted'].reference}/sign-off/")
    page.get_by_label("No, send it back to draft").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert "Say what must change" in page.locator(".govuk-error-summary").inner_text()
    problems.append(check(page))
    # The outcome form is inside a <details> on the signed-off report: open it, send it empty.
    page.goto(signed_off)
    page.get_by_text("Record the court outcome").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Record the outcome", exact=True).click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: "), page.title()
    problems.append(check(page))
    assert not [p for p in problems if p], "\n\n".join(p for p in problems if p)


def test_drug_alert_form_in_its_error_state_is_accessible(axe_page, service_data):
    page = axe_page
    sign_in(page, "admin")
    problems = [_submit_empty_and_check(page, "/alerts/new/", "Continue")]
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_dashboard_and_extract_forms_in_their_error_state_are_accessible(axe_page, service_data):
    page = axe_page
    from reporting.services import figures_refresh

    figures_refresh()
    make_persona("opcc.analyst")
    sign_in(page, "opcc.analyst")
    page.goto("/dashboard/custody/")
    page.get_by_text("Change the period").click()
    page.get_by_role("group", name="From").get_by_label("Month").fill("13")
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: "), page.title()
    problems = [check(page)]
    # The charts are there, and are images with a name (their text alternative follows them).
    assert page.locator('svg[role="img"]').count() == 2
    page.context.clear_cookies()
    make_persona("team.leader")
    sign_in(page, "team.leader")
    page.goto("/extracts/ndtms/")
    for group in ("From", "To"):
        for part in ("Day", "Month", "Year"):
            page.get_by_role("group", name=group).get_by_label(part).fill("")
    page.get_by_role("button", name="Download the extract (CSV)").click()
    page.wait_for_load_state()
    assert page.locator(".govuk-error-summary").is_visible()
    problems.append(check(page))
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)


def test_pages_without_signing_in_are_accessible(axe_page):
    page = axe_page
    page.goto("/accounts/sign-in/")
    result = crawl(page, page.url)
    visited, problems = result.pages, result.problems
    print(f"\nanonymous: {len(visited)} pages checked")
    for url in visited:
        print(f"  {url}")
    for url in ("/accounts/password-reset/", "/accessibility/"):
        assert any(v.endswith(url) for v in visited), f"{url} is not linked from sign in"
    response = page.goto("/no-such-page/")
    assert response.status == 404
    problems.append(check(page))
    problems.append(_submit_empty_and_check(page, "/accounts/sign-in/", "Sign in"))
    problems.append(_submit_empty_and_check(page, "/accounts/password-reset/", "Send the link"))
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)
    assert len(visited) >= ANONYMOUS_MINIMUM_PAGES


def test_subject_access_pages_are_accessible_and_keyboard_usable(axe_page, service_data):
    """The administrator's subject access: the form (and its error state), then the person's
    page with the downloads, reached with the keyboard alone."""
    page = axe_page
    make_persona("admin")
    sign_in(page, "admin")
    problems = [_submit_empty_and_check(page, "/people/subject-access/", "Continue")]
    page.goto("/people/subject-access/")
    page.keyboard.press("Tab")  # the skip link first, as on every page
    page.get_by_label("Person's reference").focus()
    page.keyboard.type(service_data["positive"].person.reference)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/people/{service_data['positive'].person.pk}/subject-access/")
    problems.append(check(page))
    pdf = page.get_by_role("link", name="Download as PDF")
    pdf.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")
    problems = [p for p in problems if p]
    assert not problems, "\n\n".join(problems)
