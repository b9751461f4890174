"""The access sweep: every URL the service answers, tried by every role, with the answer each gets.

How to read it
--------------
EXPECTED (below) is the service's access policy as one table. Each URL name has a row per way
of calling it: the person its arguments point at (SHARED, HIDDEN, or None for no person) and
the method ("how"). Then one column per role (a persona each, tests/personas.py) and anonymous:

    CW  custody_worker         PO  police_officer       AD  administrator
    TL  team_leader            PR  probation_officer    CF  custody_feed (the machine account)
    PB  provider_birmingham    OA  opcc_analyst         anon  not signed in

A cell is the status code expected, or a redirect (SIGN_IN, START, ...: defined just above the
table). The arguments of a URL are made from its pattern's argument names (ARGUMENTS).

Besides its cell, every case must hold to two rules from DESIGN.md ("Outsiders get not found,
never forbidden"): no signed-in user ever gets 403, and no answer shows the name or reference
of a person the role may not see (MAY_SEE).

Adding a page? The sweep discovers every URL pattern, and fails until the page has its rows.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.access import start_url
from tests.personas import FIXTURE_NAMES, make_persona


@dataclass(frozen=True)
class Redirect:
    """A 302 to this path (the query string is not compared). `{person}` is the row's person,
    `{start}` the role's own start page. `then`: what the next hop must answer, if it matters."""

    to: str
    then: int | Redirect | None = None

    def __repr__(self) -> str:
        return f"302 to {self.to}" + (f", then {self.then!r}" if self.then else "")


SIGN_IN = Redirect("/accounts/sign-in/")  # an anonymous visitor to a page
OUT = Redirect("/accounts/sign-in/")  # signed out: back to the sign-in page
START = Redirect("{start}")  # the role's start page (accounts.access.START_PAGES; else no-access)
HOME = Redirect("/")  # the sign-in page, for someone already signed in
TO_2FA = Redirect("/accounts/two-factor/set-up/")  # no authenticator app paired yet
PERSON = Redirect("/people/{person}/")  # back to the person's page after a change
TASKS = Redirect("/people/{person}/assessment/")  # the assessment in progress
RECORD = Redirect("/custody/contacts/new/")  # no contact being recorded: start one
REFERRAL = Redirect("/treatment/referrals/{referral}/")  # the referral moved on: told, and back
CASE = Redirect("/divert/cases/{divert}/")  # the DIVERT case moved on: told, and back
SCREEN_ONE = Redirect("/divert/refer/")  # a DIVERT draft whose first screen was never saved
DRAFT = Redirect("/divert/refer/{new}/", then=200)  # a new DIVERT referral: its own draft
MY_TASKS = Redirect("/tasks/")  # back to my tasks after marking one done
ALERT = Redirect("/alerts/{alert}/")  # back to the drug alert's page after withdrawing it
NEW_ALERT = Redirect("/alerts/{new}/")  # the alert just published from its check page
REPORT = Redirect(
    "/court/reports/{report}/"
)  # the suitability report is signed off: told, and back
# The Django admin sends everyone it refuses to its own sign-in, which is ours (urls.py): that
# answers 404 to a signed-in user, and sends an anonymous visitor on to the service's sign-in.
ADMIN_404 = Redirect("/django-admin/login/", then=404)
ADMIN_SIGN_IN = Redirect("/django-admin/login/", then=SIGN_IN)

GET, POST = "GET", "POST"
SHARED = "SHARED"  # a person with live consent to share with provider_birmingham's service
HIDDEN = "HIDDEN"  # a person whose consent to Birmingham was withdrawn; live only to Coventry

ROLES = (
    "custody_worker",
    "team_leader",
    "provider_birmingham",
    "police_officer",
    "probation_officer",
    "opcc_analyst",
    "administrator",
    "custody_feed",
    "anonymous",
)
TEAM = {"custody_worker", "team_leader"}

# Who may see each person: everyone else must never find their name or reference in an answer.
MAY_SEE = {SHARED: TEAM | {"provider_birmingham"}, HIDDEN: TEAM}
# The data protection officer's access log identifies people by reference (that is its job:
# "who looked at this person?"), never by name.
REFERENCES_ONLY = {("audit:log", "administrator"), ("audit:export", "administrator")}
# Subject access: the administrator exports everything held about a person, names and all (for
# the person); no one else reaches these pages.
WHOLE_RECORD = {
    ("people:subject_access_person", "administrator"),
    ("people:subject_access_json", "administrator"),
    ("people:subject_access_pdf", "administrator"),
}

# Outside roles learn nothing from whether a person is on record (issue 21). Each URL below is
# answered, for the role that typed a person, about two of its own records typed alike: the same
# name and date of birth, one with the PNC ID of someone on record under another name (whom the
# team then confirmed it is), one with a PNC ID no one has (never confirmed). The two answers
# must be the same but for each record's own id, reference and the PNC ID typed (World.typed).
ON_RECORD, NOT_ON_RECORD = "ON_RECORD", "NOT_ON_RECORD"
TYPED_ALIKE: dict[str, set[str]] = {
    "court:my_requests": {"probation_officer"},
    "court:request": {"probation_officer"},
    "court:request_pdf": {"probation_officer"},
}

# fmt: off
EXPECTED: dict[str, list[tuple]] = {
    #    person  how   CW      TL      PB      PO      PR      OA      AD      CF      anon
    # --- service-wide ---------------------------------------------------------------------------
    "home": [
        (None,   GET,  START,  START,  START,  START,  START,  START,  START,  START,  SIGN_IN),
    ],
    "healthz": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    "livez": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    "accessibility": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    # --- accounts -------------------------------------------------------------------------------
    "accounts:login": [
        (None,   GET,  HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   HOME,   200),
    ],
    "accounts:logout": [
        (None,   GET,  405,    405,    405,    405,    405,    405,    405,    405,    405),
        (None,   POST, OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    OUT),
    ],
    "accounts:logout_everywhere": [
        (None,   GET,  405,    405,    405,    405,    405,    405,    405,    405,    SIGN_IN),
        (None,   POST, OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    OUT,    SIGN_IN),
    ],
    "accounts:two_factor_setup": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    SIGN_IN),
    ],
    "accounts:two_factor_verify": [
        (None,   GET,  TO_2FA, TO_2FA, TO_2FA, TO_2FA, TO_2FA, TO_2FA, TO_2FA, TO_2FA, SIGN_IN),
    ],
    "accounts:no_role": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    SIGN_IN),
    ],
    "accounts:password_reset": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    "accounts:password_reset_sent": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    "accounts:password_reset_confirm": [  # a link whose token is not valid: 'this link has expired'
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    "accounts:password_reset_complete": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    200),
    ],
    # --- people ---------------------------------------------------------------------------------
    "people:find": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:add": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:detail": [
        (SHARED, GET,  200,    200,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:edit": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:consent_add": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:consent_withdraw": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:ndtms_consent": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:alias_add": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:flag_add": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:flag_clear": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, PERSON, PERSON, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, PERSON, PERSON, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "people:merge": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- subject access: administrators only ----------------------------------------------------
    "people:subject_access": [  # POST empty: the form again, with its error
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "people:subject_access_by_name": [  # POST empty: the form again, with its errors
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "people:subject_access_person": [
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "people:subject_access_json": [
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "people:subject_access_pdf": [
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    # --- the shared assessment: the person has version 1 completed and version 2 in progress ----
    "assessments:start": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, TASKS,  TASKS,  404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, TASKS,  TASKS,  404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:task_list": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:section": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:page": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:check": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:complete": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, PERSON, PERSON, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, PERSON, PERSON, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:discard": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, PERSON, PERSON, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, PERSON, PERSON, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "assessments:version": [  # version 1, the latest completed: the one a provider may read
        (SHARED, GET,  200,    200,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- custody: a contact is the row's person's (providers never see custody contacts) --------
    "custody:today": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:team": [
        (None,   GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:team_contacts": [  # a workload line's list: today's detainees at every suite
        (None,   GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:record": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:choose_person": [
        (None,   GET,  RECORD, RECORD, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:contact": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:contact_assign": [  # team leaders give a contact to a worker; POST empty: errors
        (SHARED, GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:notice": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "custody:contact_part": [  # POST empty: the contact page again, with its errors
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- treatment: the person's referral was accepted and has an appointment booked (past) -----
    # SHARED's referral is to Birmingham, HIDDEN's to Coventry; POSTs are empty forms.
    "treatment:refer": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # Check your answers (after the form: REACHED_BY). "Send referral" (POST): the person has a
    # live referral to that service already, so they are told and sent to it.
    "treatment:refer_check": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, REFERRAL, REFERRAL, 404, 404,   404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, REFERRAL, REFERRAL, 404, 404,   404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:refer_from_contact": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:refer_from_contact_check": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, REFERRAL, REFERRAL, 404, 404,   404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, REFERRAL, REFERRAL, 404, 404,   404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:refer_from_divert": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:refer_from_divert_check": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, REFERRAL, REFERRAL, 404, 404,   404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, REFERRAL, REFERRAL, 404, 404,   404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:referral": [
        (SHARED, GET,  200,    200,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:accept": [  # already accepted: the second accept is told so
        (SHARED, GET,  404,    404,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    404,    REFERRAL, 404,  404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:decline": [
        (SHARED, GET,  404,    404,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    404,    400,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:book": [
        (SHARED, GET,  404,    404,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    404,    400,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:attendance": [
        (SHARED, GET,  404,    404,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    404,    400,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:engaged": [  # not attended yet: told so
        (SHARED, GET,  404,    404,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    404,    REFERRAL, 404,  404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:close": [
        (SHARED, GET,  404,    404,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    404,    400,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "treatment:pack": [  # the referral pack (PDF): the referring team's, to send on
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- DIVERT: the person's referral was made by police_officer2 (so police_officer, the
    # role's persona here, is a second officer: 404), with a session booked -------------------
    "diversion:refer": [
        (None,   GET,  404,    404,    404,    DRAFT,  404,    404,    404,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    400,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:refer_draft": [
        (None,   GET,  404,    404,    404,    200,    404,    404,    404,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    400,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:refer_person": [
        (None,   GET,  404,    404,    404,    SCREEN_ONE, 404, 404,   404,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    SCREEN_ONE, 404, 404,   404,    404,    SIGN_IN),
    ],
    "diversion:referral": [  # the officer's own view: another officer's referral is not found
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:cases": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:case": [
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:attempt": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:book": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:attendance": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:outcome": [
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:close": [  # no outcome returned yet: told so
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, CASE,   CASE,   404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, CASE,   CASE,   404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- reminders: task lists, and a safeguarding task for the arrest referral team about the
    # row's person; drug alerts (one for all seven local authorities) ---------------------------
    "reminders:my_tasks": [
        (None,   GET,  200,    200,    200,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "reminders:team_tasks": [
        (None,   GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "reminders:task_done": [  # a safeguarding task: POST empty is refused, it needs a note
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "reminders:task_assign": [  # team leaders give a team task to a worker; POST empty: errors
        (SHARED, GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "reminders:alerts": [
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "reminders:alert_publish": [  # POST empty: the form again, with its errors
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "reminders:alert_check": [  # after the form (REACHED_BY); POST: publish alert
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    404,    404,    NEW_ALERT, 404, SIGN_IN),
    ],
    "reminders:alert_detail": [
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "reminders:alert_withdraw": [
        (None,   GET,  404,    404,    404,    404,    404,    404,    405,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    404,    404,    ALERT,  404,    SIGN_IN),
    ],
    "reminders:alert_acknowledge": [
        (None,   GET,  405,    405,    405,    404,    404,    404,    404,    404,    SIGN_IN),
        (None,   POST, START,  START,  START,  404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- each role's own start page -------------------------------------------------------------
    "treatment:inbox": [  # POST empty: the inbox again, with its search's error
        (None,   GET,  404,    404,    200,    404,    404,    404,    404,    404,    SIGN_IN),
        (None,   POST, 404,    404,    400,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "diversion:my_referrals": [
        (None,   GET,  404,    404,    404,    200,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:my_requests": [
        (None,   GET,  404,    404,    404,    404,    200,    404,    404,    404,    SIGN_IN),
    ],
    # --- court: the person's report was requested by probation_officer2 (so probation_officer,
    # the role's persona here, is a second officer: 404), signed off, with a 13-month DRR made
    "court:request_new": [  # POST empty: the form again, with its errors
        (None,   GET,  404,    404,    404,    404,    200,    404,    404,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    400,    404,    404,    404,    SIGN_IN),
    ],
    "court:request": [
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:request_pdf": [
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:reports": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:start": [  # from the person's custody contact; POST empty: the form's errors
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:report": [  # signed off: a save is refused, told so, and back
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:submit": [  # already signed off: told so
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:sign_off": [  # team leaders only; not waiting for sign-off: told so
        (SHARED, GET,  404,    REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  404,    REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 404,    REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 404,    REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:correct": [  # POST empty: 'say what is being corrected'
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:outcome": [  # POST empty: 'select what the court ordered'
        (SHARED, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  405,    405,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:review": [  # the first monthly review; POST empty: 'describe their progress'
        (SHARED, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, 400,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    # --- court: the team confirms who a probation request is for (issue 21); the people's
    # requests are confirmed already, so the team is told so and sent to the report
    "court:link_requests": [
        (None,   GET,  200,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "court:link_request": [
        (SHARED, GET,  REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, GET,  REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (SHARED, POST, REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
        (HIDDEN, POST, REPORT, REPORT, 404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "reporting:dashboard": [
        (None,   GET,  404,    404,    404,    404,    404,    200,    404,    404,    SIGN_IN),
    ],
    # --- the OPCC's figures: aggregates only (a section page, and the downloads) ----------------
    "reporting:section": [
        (None,   GET,  404,    404,    404,    404,    404,    200,    404,    404,    SIGN_IN),
    ],
    "reporting:export_csv": [
        (None,   GET,  404,    404,    404,    404,    404,    200,    404,    404,    SIGN_IN),
    ],
    "reporting:export_xlsx": [
        (None,   GET,  404,    404,    404,    404,    404,    200,    404,    404,    SIGN_IN),
    ],
    # --- the team's NDTMS extract (person-level): team leaders only; POST empty: its errors -----
    "extracts:ndtms": [
        (None,   GET,  404,    200,    404,    404,    404,    404,    404,    404,    SIGN_IN),
        (None,   POST, 404,    400,    404,    404,    404,    404,    404,    404,    SIGN_IN),
    ],
    "audit:log": [
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "audit:find_person": [  # POST empty: the form again, with its errors
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
        (None,   POST, 404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    # --- the header search: every role that may look anyone up; POST empty: its error -----
    "search:search": [
        (None,   GET,  200,    200,    200,    200,    200,    404,    404,    404,    SIGN_IN),
        (None,   POST, 400,    400,    400,    400,    400,    404,    404,    404,    SIGN_IN),
    ],
    "audit:export": [
        (None,   GET,  404,    404,    404,    404,    404,    404,    200,    404,    SIGN_IN),
    ],
    "admin:index": [  # the Django admin: only its front door (its own pages are left out)
        (None,   GET,  ADMIN_404, ADMIN_404, ADMIN_404, ADMIN_404, ADMIN_404, ADMIN_404, 200,
                       ADMIN_404, ADMIN_SIGN_IN),
    ],
    # --- the API: DRF answers 401 first (token authentication comes first) ----------------------
    "api:me": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    401),
    ],
    "api:people-matches": [  # POST empty: the serializer's errors by field
        (None,   GET,  405,    405,    404,    404,    404,    404,    404,    404,    401),
        (None,   POST, 400,    400,    404,    404,    404,    404,    404,    404,    401),
    ],
    "api:custody-contacts": [  # POST empty: 'send one custody contact or a list'
        (None,   GET,  404,    404,    404,    404,    404,    404,    404,    405,    401),
        (None,   POST, 404,    404,    404,    404,    404,    404,    404,    400,    401),
    ],
    "api:divert-referrals": [  # POST empty: no Idempotency-Key
        (None,   GET,  404,    404,    404,    405,    404,    404,    404,    404,    401),
        (None,   POST, 404,    404,    404,    400,    404,    404,    404,    404,    401),
    ],
    "api:divert-referral": [  # another officer's referral
        (SHARED, GET,  404,    404,    404,    404,    404,    404,    404,    404,    401),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    401),
    ],
    "api:treatment-referrals": [  # the caller's inbox
        (None,   GET,  404,    404,    200,    404,    404,    404,    404,    404,    401),
    ],
    "api:treatment-referral": [
        (SHARED, GET,  404,    404,    200,    404,    404,    404,    404,    404,    401),
        (HIDDEN, GET,  404,    404,    404,    404,    404,    404,    404,    404,    401),
    ],
    "api:treatment-referral-accept": [  # already accepted: 409
        (SHARED, GET,  404,    404,    405,    404,    404,    404,    404,    404,    401),
        (HIDDEN, GET,  404,    404,    405,    404,    404,    404,    404,    404,    401),
        (SHARED, POST, 404,    404,    409,    404,    404,    404,    404,    404,    401),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    401),
    ],
    "api:treatment-referral-decline": [  # POST empty: field errors
        (SHARED, GET,  404,    404,    405,    404,    404,    404,    404,    404,    401),
        (HIDDEN, GET,  404,    404,    405,    404,    404,    404,    404,    404,    401),
        (SHARED, POST, 404,    404,    400,    404,    404,    404,    404,    404,    401),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    401),
    ],
    "api:treatment-referral-appointments": [  # POST empty: field errors
        (SHARED, GET,  404,    404,    405,    404,    404,    404,    404,    404,    401),
        (HIDDEN, GET,  404,    404,    405,    404,    404,    404,    404,    404,    401),
        (SHARED, POST, 404,    404,    400,    404,    404,    404,    404,    404,    401),
        (HIDDEN, POST, 404,    404,    404,    404,    404,    404,    404,    404,    401),
    ],
    "api-schema": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    401),
    ],
    "api-docs": [
        (None,   GET,  200,    200,    200,    200,    200,    200,    200,    200,    401),
    ],
}
# fmt: on


def _alert_answers(client, world: World, who: str | None) -> None:
    """The drug alert form, sent with good answers."""
    from django.utils import timezone

    last = timezone.localdate() + datetime.timedelta(days=3)
    client.post(reverse("reminders:alert_publish"), {
        "title": "Synthetic batch", "text": "Synthetic.", "local_authority": "",
        "show_until_0": last.day, "show_until_1": last.month, "show_until_2": last.year,
    })  # fmt: skip


def _referral_answers(form: str) -> Callable[..., None]:
    """The referral form (its URL name), sent with good answers: to the service the person
    consented to share with, from the community (the contact's and the case's forms know)."""

    def send(client, world: World, who: str | None) -> None:
        from django.utils import timezone

        arguments = discovered_patterns()[form]
        today = timezone.localdate()
        client.post(reverse(form, kwargs={a: ARGUMENTS[a](world, who) for a in arguments}), {
            "destination": str(world.services[who].pk), "choice_reason": "Synthetic",
            "source": "community", "notes": "", "released_on_0": today.day,
            "released_on_1": today.month, "released_on_2": today.year,
        })  # fmt: skip

    return send


# Pages reached only by sending the form before them (check your answers, issue 23): that form
# is sent first, as the case's role (an outsider's is refused, so they have nothing to check).
# The page-and-form crawl does the same, so it reads these pages' forms too.
REACHED_BY: dict[str, Callable[..., None]] = {
    "reminders:alert_check": _alert_answers,
    "treatment:refer_check": _referral_answers("treatment:refer"),
    "treatment:refer_from_contact_check": _referral_answers("treatment:refer_from_contact"),
    "treatment:refer_from_divert_check": _referral_answers("treatment:refer_from_divert"),
}

# Cases the application gets wrong today: (url name, person, method, role) -> what is wrong.
# Each is a strict xfail, so the sweep fails (and asks for the entry to go) once it is fixed.
KNOWN_BUGS: dict[tuple[str, str | None, str, str], str] = {
    # Typed people (below): answers that still say whether the person is on record.
}

# Pages an anonymous visitor may have (everything else: sign in, or 401 from the API).
PUBLIC = {
    "healthz",
    "livez",
    "accessibility",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_sent",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}

# The number of URL patterns when this sweep was written: fewer means one went missing.
PATTERNS_AT_LEAST = 105


# --- The records the arguments are made from ---------------------------------------------------


def _probation_officer2():
    """A second probation officer: the one who requested the people's reports."""
    import dataclasses

    from referral_service.demo import PERSONAS, persona_ensure
    from tests.personas import PASSWORD

    first = next(p for p in PERSONAS if p.username == FIXTURE_NAMES["probation_officer"])
    persona = dataclasses.replace(first, username="probation.officer2", first_name="Other")
    return persona_ensure(persona=persona, password=PASSWORD)


class World:
    """Two people, made through the services as the service would, and their history on demand.

    SHARED has live consent to share with Birmingham's provider service. HIDDEN had it too but
    it was withdrawn, and has live consent to share with Coventry's: the near misses that must
    not open the record to provider_birmingham.
    """

    def __init__(self):
        from organisations.models import ProviderService
        from people.services import consent_give, consent_withdraw
        from tests.conftest import new_contact_maker, new_person

        self._make_contact = new_contact_maker()
        self.worker = make_persona(FIXTURE_NAMES["custody_worker"])
        birmingham = ProviderService.objects.get(local_authority__slug="birmingham")
        coventry = ProviderService.objects.get(local_authority__slug="coventry")

        def give(person, service):
            return consent_give(
                person=person,
                recipient="provider_service",
                provider_service=service,
                by=self.worker,
            )

        shared = new_person(given_name="Sharona", family_name="Openshawe")
        hidden = new_person(given_name="Hildegard", family_name="Hiddenhurst")
        consent_withdraw(consent=give(hidden, birmingham), by=self.worker, reason="Synthetic")
        self.people = {SHARED: shared, HIDDEN: hidden}
        self.consents = {SHARED: give(shared, birmingham), HIDDEN: give(hidden, coventry)}
        self.services = {SHARED: birmingham, HIDDEN: coventry}
        # Made now: making a persona again later would reset its password, signing it out.
        self.providers = {
            SHARED: make_persona(FIXTURE_NAMES["provider_birmingham"]),
            HIDDEN: make_persona(FIXTURE_NAMES["provider_coventry"]),
        }
        self.officer2 = make_persona(FIXTURE_NAMES["police_officer2"])
        self.probation2 = _probation_officer2()
        self.leader = make_persona(FIXTURE_NAMES["team_leader"])
        self._history: dict[str, dict] = {}
        self._tasks: dict[str, object] = {}
        self._alert = None
        # Everything any case may point at, made once: every case then sees the same world,
        # with both people's whole history in it (so every list holds them), whichever case
        # runs first or alone.
        for who in (SHARED, HIDDEN):
            self.history(who)
            self.task(who)
        self.alert()
        # The signed-in user of each role, made last (after the providers above).
        self.users = {
            role: make_persona(FIXTURE_NAMES[role]) for role in ROLES if role != "anonymous"
        }
        self.typed = self._typed_alike()

    def _typed_alike(self) -> dict:
        """TYPED_ALIKE's records: two suitability requests by probation_officer typed alike but
        for the PNC ID, each signed off with the same report; only ON_RECORD's PNC ID is
        someone's on record (another name), and the team confirmed that request is them."""
        from django.utils import timezone

        from court import services
        from people.identifiers import pnc_check_letter
        from tests.conftest import new_person

        pnc = {kind: f"18/000{n}{pnc_check_letter(18, n)}" for kind, n in (
            (ON_RECORD, 7777), (NOT_ON_RECORD, 8888))}  # fmt: skip
        self.typed_record = new_person(
            given_name="Rowena",
            family_name="Recordkeeper",
            date_of_birth=datetime.date(1975, 6, 7),
            pnc_id=pnc[ON_RECORD],
        )
        today = timezone.localdate()
        typed = {}
        for kind in (ON_RECORD, NOT_ON_RECORD):
            request = services.probation_request_make(
                officer=self.users["probation_officer"],
                given_name="Tobias",
                family_name="Typedalike",
                date_of_birth=datetime.date(1992, 8, 9),
                pnc_id=pnc[kind],
                court="Synthetic Magistrates' Court",
                hearing_date=today + datetime.timedelta(days=28),
                report_kind="short",
            )
            if kind == ON_RECORD:
                services.request_link(request=request, person=self.typed_record, by=self.worker)
            report = request.reports.get()
            services.report_save(
                report=report,
                by=self.worker,
                data={
                    "misuse": "alcohol",
                    "requires_treatment": True,
                    "susceptible_to_treatment": True,
                    "treatment_available": True,
                    "provider_service": self.services[SHARED],
                    "willing_to_comply": True,
                    "recommendation": "atr",
                    "reasons": "Synthetic reasons",
                    "proposed_length_months": 6,
                },
            )
            services.report_submit(report=report, by=self.worker)
            services.report_sign_off(report=report, by=self.leader)
            typed[kind] = {"request": request, "pnc_id": pnc[kind]}
        return typed

    def task(self, who: str):
        """A safeguarding task about the person for the arrest referral team, due an hour ago."""
        if who not in self._tasks:
            import datetime

            from django.utils import timezone

            from reminders.services import reminder_schedule

            self._tasks[who] = reminder_schedule(
                kind="safeguarding_not_picked_up",
                subject=self.people[who],
                due_at=timezone.now() - datetime.timedelta(hours=1),
                organisation=self.worker.organisation,
            )
        return self._tasks[who]

    def alert(self):
        """A drug alert for all seven local authorities, showing for a week."""
        if self._alert is None:
            import datetime

            from django.contrib.auth import get_user_model
            from django.utils import timezone

            from reminders.services import drug_alert_publish

            # Not make_persona: it sets the password again, which would sign the admin out.
            admin = get_user_model().objects.filter(username="admin").first()
            self._alert = drug_alert_publish(
                title="Synthetic opioids", text="Found in heroin.", local_authority=None,
                expires_at=timezone.now() + datetime.timedelta(days=7),
                by=admin or make_persona(FIXTURE_NAMES["administrator"]),
            )  # fmt: skip
        return self._alert

    def history(self, who: str) -> dict:
        """A live flag, assessment version 1 completed and version 2 in progress, and a custody
        contact today with a positive test on arrest (so a required assessment and its notice)."""
        if who not in self._history:
            from assessments.services import assessment_start
            from custody.services import drug_test_record
            from people.services import flag_raise
            from tests.assessments.answers import complete_assessment

            person, by = self.people[who], self.worker
            completed = complete_assessment(person=person, by=by)
            assessment_start(person=person, by=by)
            contact = self._make_contact(person=person)
            drug_test_record(
                contact=contact,
                results={"opiates": "positive", "cocaine": "negative"},
                sample_taken_at=contact.arrested_at,
                by=by,
            )
            referral, appointment = self._referral(who, contact)
            divert, session = self._divert(who)
            report, review = self._court(who, contact)
            self._history[who] = {
                "person": person,
                "flag": flag_raise(person=person, kind="safeguarding", by=by),
                "assessment": completed,
                "contact": contact,
                "referral": referral,
                "appointment": appointment,
                "divert": divert,
                "session": session,
                "report": report,
                "review": review,
            }
        return self._history[who]

    def _referral(self, who: str, contact):
        """A referral from the contact to the person's consented service, accepted by that
        service's worker, with an appointment an hour ago whose attendance is not recorded."""

        from django.utils import timezone

        from treatment.services import appointment_book, referral_accept, referral_send

        provider = self.providers[who]
        referral = referral_send(
            person=self.people[who],
            by=self.worker,
            source="custody",
            custody_contact=contact,
            released_on=timezone.localdate(),
            provider_service=self.services[who],
            choice_reason="Synthetic",
        )
        referral_accept(referral=referral, by=provider)
        appointment = appointment_book(
            referral=referral,
            by=provider,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            location="Synthetic Hub",
        )
        return referral, appointment

    def _court(self, who: str, contact):
        """A report requested by probation_officer2, signed off, with a 13-month DRR made (so
        monthly reviews): the report and its first review."""
        from django.utils import timezone

        from court import services

        person, today = self.people[who], timezone.localdate()
        request = services.probation_request_make(
            officer=self.probation2,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            postcode=person.postcode,
            court="Synthetic Magistrates' Court",
            hearing_date=today + datetime.timedelta(days=21),
            report_kind="standard",
            report_deadline=today + datetime.timedelta(days=14),
        )
        # The team confirms who probation's request is for (issue 21).
        services.request_link(request=request, person=person, by=self.worker)
        report = request.reports.get()
        assert report.person == person
        services.report_save(
            report=report,
            by=self.worker,
            data={
                "misuse": "drugs",
                "requires_treatment": True,
                "susceptible_to_treatment": True,
                "treatment_available": True,
                "provider_service": self.services[who],
                "willing_to_comply": True,
                "willing_to_be_tested": True,
                "recommendation": "drr",
                "reasons": "Synthetic reasons",
                "proposed_length_months": 13,
                "review_arrangements": "Monthly",
            },
        )
        services.report_submit(report=report, by=self.worker)
        services.report_sign_off(report=report, by=self.leader)
        outcome = services.court_outcome_record(
            report=report,
            by=self.worker,
            order="drr",
            length_months=13,
            start_date=today,
        )
        return report, outcome.reviews.first()

    def _divert(self, who: str):
        """A DIVERT referral of the person by police_officer2, with a session booked."""
        import uuid

        from django.utils import timezone

        from diversion.services import divert_referral_submit, session_book

        person = self.people[who]
        referral, _ = divert_referral_submit(
            officer=self.officer2,
            key=str(uuid.uuid4()),
            data={
                "occurrence_number": "20/1/26",
                "found_at": timezone.now(),
                "found_where": "Synthetic Street",
                "substances": ["cannabis"],
                "amount": "A little",
                "given_name": person.given_name,
                "family_name": person.family_name,
                "date_of_birth": person.date_of_birth,
                "postcode": person.postcode,
                "consent_to_contact": True,
            },
        )
        assert referral.person == person
        session = session_book(
            referral=referral,
            by=self.worker,
            starts_at=timezone.now() - datetime.timedelta(hours=1),
            location="Synthetic Hub",
        )
        return referral, session


# How each URL argument is made, by its name in the URL pattern; `who` is the row's person.
ARGUMENTS: dict[str, Callable[[World, str | None], object]] = {
    "person_id": lambda world, who: world.history(who)["person"].pk,
    "consent_id": lambda world, who: world.consents[who].pk,  # the person's live consent
    "flag_id": lambda world, who: world.history(who)["flag"].pk,
    "assessment_id": lambda world, who: world.history(who)["assessment"].pk,  # version 1
    "contact_id": lambda world, who: world.history(who)["contact"].pk,
    "reference": lambda world, who: world.history(who)["referral"].reference,
    "appointment_id": lambda world, who: world.history(who)["appointment"].pk,
    "divert_reference": lambda world, who: world.history(who)["divert"].reference,
    "session_id": lambda world, who: world.history(who)["session"].pk,
    "draft": lambda world, who: "0b5e8f4e-6a43-4c1b-9a55-3d2b1f0c7e21",  # never saved
    "key": lambda world, who: "goals",  # an assessment section
    "page_key": lambda world, who: "circumstances-and-plan",  # a page of assessment sections
    "part": lambda world, who: "outcome",  # a part of a custody contact
    "uidb64": lambda world, who: urlsafe_base64_encode(force_bytes(world.worker.pk)),
    "token": lambda world, who: "not-a-valid-token",
    "reminder_id": lambda world, who: world.task(who).pk,  # a task about the person
    "alert_id": lambda world, who: world.alert().pk,
    "section": lambda world, who: "custody",  # a section of the OPCC's dashboard
    "request_id": lambda world, who: world.history(who)["report"].request_id,
    "report_reference": lambda world, who: world.history(who)["report"].reference,
    "review_id": lambda world, who: world.history(who)["review"].pk,
}
# Arguments that point at a person: such pages are tried with SHARED and with HIDDEN.
PERSON_ARGUMENTS = {
    "person_id",
    "consent_id",
    "flag_id",
    "assessment_id",
    "contact_id",
    "reference",
    "appointment_id",
    "divert_reference",
    "session_id",
    "reminder_id",
    "request_id",
    "report_reference",
    "review_id",
}


# --- Discovery ---------------------------------------------------------------------------------


@cache
def discovered_patterns() -> dict[str, tuple[str, ...]]:
    """Every URL pattern's name (namespaced, e.g. "people:detail") -> its argument names.

    The Django admin's own pages are left out, but for its front door (admin:index). A pattern
    without a name is listed by its route, so it fails the sweep until it is named and added.
    """
    found: dict[str, tuple[str, ...]] = {}

    def walk(patterns, namespaces: tuple[str, ...], route: str, arguments: tuple[str, ...]):
        for pattern in patterns:
            here = route + str(pattern.pattern)
            names = arguments + tuple(pattern.pattern.regex.groupindex)
            if isinstance(pattern, URLResolver):
                spaces = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                walk(pattern.url_patterns, spaces, here, names)
                continue
            name = ":".join((*namespaces, pattern.name)) if pattern.name else f"<unnamed {here}>"
            if namespaces[:1] == ("admin",) and name != "admin:index":
                continue
            found[name] = names

    walk(get_resolver().url_patterns, (), "/", ())
    return found


# --- The cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    url_name: str
    person: str | None
    method: str
    role: str
    expected: int | Redirect

    @property
    def id(self) -> str:
        return f"{self.url_name}-{self.person or 'none'}-{self.method}-{self.role}"

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        return (self.url_name, self.person, self.method, self.role)


def _cases() -> list[Case]:
    cases = []
    for url_name, rows in EXPECTED.items():
        for person, method, *answers in rows:
            if len(answers) != len(ROLES):
                raise ValueError(f"{url_name} {person} {method}: one answer per role: {ROLES}")
            cases += [
                Case(url_name, person, method, role, expected)
                for role, expected in zip(ROLES, answers, strict=True)
            ]
    return cases


CASES = _cases()


def _param(case: Case):
    reason = KNOWN_BUGS.get(case.key)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


# --- The sweep ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The sweep's world, built once for the module inside a transaction that is rolled back
    after its last case. Each case runs in a savepoint of its own (the `db` fixture), so what
    one case's POST changes is gone before the next: every case starts from the same world."""
    from tests.conftest import data_for_module

    with data_for_module(django_db_blocker):
        yield World()


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_access(case, world, db, client):
    user = None
    if case.role != "anonymous":
        user = world.users[case.role]
        client.force_login(user)
    if case.url_name in REACHED_BY:
        REACHED_BY[case.url_name](client, world, case.person)
    arguments = discovered_patterns()[case.url_name]
    url = reverse(case.url_name, kwargs={a: ARGUMENTS[a](world, case.person) for a in arguments})
    response = _send(client, case.method, url)
    _check(client, response, case.expected, case=case, world=world, user=user, url=url)


def _send(client, method: str, url: str):
    """GET, or POST with nothing in it (JSON for the API, a form for pages)."""
    if method == GET:
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, data={}, content_type="application/json")
    return client.post(url, data={})


def _check(client, response, expected, *, case: Case, world: World, user, url: str):
    where = f"{case.method} {url} as {case.role}"
    status = response.status_code
    if user is not None:
        assert status != 403, f"{where}: 403 to a signed-in user; outsiders get 404 (DESIGN.md)"
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    for who, person in world.people.items():
        if case.role not in MAY_SEE[who] and (case.url_name, case.role) not in WHOLE_RECORD:
            shown_by_reference = (case.url_name, case.role) in REFERENCES_ONLY
            names = (person.given_name, person.family_name)
            for shown in names if shown_by_reference else (*names, person.reference):
                assert shown not in body, f"{where}: shows {who} person's {shown!r}"
    if isinstance(expected, int):
        assert status == expected, f"{where}: expected {expected}, got {status}"
        if status == 404:  # the one "not found" for everything: it never says what exists
            if url.startswith("/api/"):
                assert response.json() == {"detail": "Not found."}, f"{where}: {body}"
            else:
                assert "Page not found" in body, f"{where}: not the service's 404 page"
        return
    location = response.get("Location", "")
    assert status == 302, f"{where}: expected {expected!r}, got {status} {location}"
    target = expected.to.format(
        start=start_url(user) if user else "",
        person=world.people[case.person].pk if case.person else "",
        referral=world.history(case.person)["referral"].reference if case.person else "",
        divert=world.history(case.person)["divert"].reference if case.person else "",
        alert=world.alert().pk if "{alert}" in expected.to else "",
        report=world.history(case.person)["report"].reference if "{report}" in expected.to else "",
        new="{new}",
    )
    # `{new}`: an id made for this answer (e.g. a new DIVERT draft): any UUID.
    pattern = re.escape(target).replace(
        re.escape("{new}"), "[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
    )
    assert re.fullmatch(pattern, urlsplit(location).path), (
        f"{where}: expected {expected!r}, got {location}"
    )
    if expected.then is not None:
        next_hop = client.get(location)
        _check(client, next_hop, expected.then, case=case, world=world, user=user, url=location)


# --- Typed people: outsiders learn nothing from whether a person is on record (issue 21) -------
#
# Every answer an outside role gets after typing a person's details (what it sent, the record's
# page and its list, the API) must be the same whether or not that person is on record: the
# same status, page text and JSON, but for what differs in any two runs (references, ids,
# tokens). Each run is rolled back, so both start from the sweep's world.

OUTSIDE = ("provider_birmingham", "police_officer", "probation_officer", "opcc_analyst",
           "custody_feed")  # fmt: skip
TYPED = "TYPED"  # the "person" of a typed-person case: details typed, on record or not

# The person typed, in capitals (as police systems send names); "on record" is a record with
# the same details written as a worker would.
TYPED_DETAILS = {
    "given_name": "TOBIAS",
    "family_name": "TYPEDPERSON",
    "date_of_birth": datetime.date(1988, 3, 14),
    "postcode": "B5 4TT",
}


def _put_typed_person_on_record(world: World):
    """The typed person, on record as a worker would write them, with consent to share with
    Birmingham's provider service but no referral there (what a provider must not see)."""
    from people.services import consent_give, person_create

    person = person_create(
        given_name="Tobias", family_name="Typedperson", by=world.worker,
        date_of_birth=TYPED_DETAILS["date_of_birth"], postcode=TYPED_DETAILS["postcode"],
    )  # fmt: skip
    consent_give(
        person=person, recipient="provider_service", provider_service=world.services[SHARED],
        by=world.worker,
    )  # fmt: skip
    return person


def _date_fields(name: str, day: datetime.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def _typed_divert_page(client, world: World, person_id) -> list:
    """The officer's two screens, then their referral's page and their list."""
    from django.utils import timezone

    now, draft = timezone.localtime(), uuid.uuid4()
    client.post(f"/divert/refer/{draft}/", {
        "occurrence_number": "20/9/26", "found_time": now.strftime("%H:%M"),
        **_date_fields("found_date", now.date()), "found_where": "Synthetic Street",
        "substances": ["cannabis"], "amount": "A little",
    })  # fmt: skip
    sent = client.post(f"/divert/refer/{draft}/person/", {
        "given_name": TYPED_DETAILS["given_name"], "family_name": TYPED_DETAILS["family_name"],
        **_date_fields("date_of_birth", TYPED_DETAILS["date_of_birth"]),
        "postcode": TYPED_DETAILS["postcode"], "consent_to_contact": "yes",
    })  # fmt: skip
    return [sent, client.get(sent["Location"]), client.get(reverse("diversion:my_referrals"))]


def _typed_divert_api(client, world: World, person_id) -> list:
    """The force's app: the referral, then reading it back."""
    from django.utils import timezone

    sent = client.post(
        reverse("api:divert-referrals"),
        {
            "occurrence_number": "20/9/26", "found_at": timezone.now().isoformat(),
            "found_where": "Synthetic Street", "substances": ["cannabis"], "amount": "A little",
            **TYPED_DETAILS, "date_of_birth": TYPED_DETAILS["date_of_birth"].isoformat(),
            "consent_to_contact": True,
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )  # fmt: skip
    reference = sent.json().get("reference", "none")
    return [sent, client.get(reverse("api:divert-referral", args=[reference]))]


def _typed_probation_request(client, world: World, person_id) -> list:
    """Probation's request, then its page and their list."""
    from django.utils import timezone

    today = timezone.localdate()
    sent = client.post(reverse("court:request_new"), {
        "given_name": TYPED_DETAILS["given_name"], "family_name": TYPED_DETAILS["family_name"],
        **_date_fields("date_of_birth", TYPED_DETAILS["date_of_birth"]),
        "postcode": TYPED_DETAILS["postcode"], "court": "Synthetic Magistrates' Court",
        "report_kind": "standard",
        **_date_fields("hearing_date", today + datetime.timedelta(days=21)),
        **_date_fields("report_deadline", today + datetime.timedelta(days=14)),
        "submit_token": str(uuid.uuid4()),
    })  # fmt: skip
    location = sent.get("Location", reverse("court:my_requests"))
    return [sent, client.get(location), client.get(reverse("court:my_requests"))]


def _typed_custody_contact(client, world: World, person_id) -> list:
    """The police custody system's feed: a detainee arrested ten minutes ago."""
    from django.utils import timezone

    arrested_at = timezone.now() - datetime.timedelta(minutes=10)
    row = {
        "suite_code": "bhm-north", "custody_record_number": "TYPED-0001",
        "arrested_at": arrested_at.isoformat(), "offence_code": "theft",
        "person": {**TYPED_DETAILS, "date_of_birth": TYPED_DETAILS["date_of_birth"].isoformat()},
    }  # fmt: skip
    return [client.post(reverse("api:custody-contacts"), row, content_type="application/json")]


def _typed_search(client, world: World, person_id) -> list:
    """The header search for the typed person's name, as typed and misspelt (decision 0031)."""
    name = f"{TYPED_DETAILS['given_name']} {TYPED_DETAILS['family_name']}"
    return [client.post(reverse("search:search"), {"q": q}) for q in (name, name[:-1] + "N")]


def _typed_inbox_search(client, world: World, person_id) -> list:
    """The provider's inbox searched for the typed person's name (decision 0031)."""
    name = f"{TYPED_DETAILS['given_name']} {TYPED_DETAILS['family_name']}"
    return [client.post(reverse("treatment:inbox"), {"q": name})]


def _typed_person_id(client, world: World, person_id) -> list:
    """A provider before any referral, trying a person's id in the address: on record (with
    consent to share with the provider's service) or not, the same "not found"."""
    return [client.get(reverse("people:detail", args=[person_id]))]


# (URL name, outside role) -> how that role sends a typed person (details, or an id in the
# address: `person_id` is the record's if on record, else one never used) and reads what
# follows; and the status that answers the sending (the details were accepted).
TYPED_PERSON: dict[tuple[str, str], tuple[Callable, int]] = {
    ("diversion:refer_person", "police_officer"): (_typed_divert_page, 302),
    ("api:divert-referrals", "police_officer"): (_typed_divert_api, 201),
    ("court:request_new", "probation_officer"): (_typed_probation_request, 302),
    ("api:custody-contacts", "custody_feed"): (_typed_custody_contact, 201),
    ("people:detail", "provider_birmingham"): (_typed_person_id, 404),
    ("search:search", "provider_birmingham"): (_typed_search, 200),
    ("search:search", "police_officer"): (_typed_search, 200),
    ("search:search", "probation_officer"): (_typed_search, 200),
    ("treatment:inbox", "provider_birmingham"): (_typed_inbox_search, 200),
}
# What else an outside role may send (a POST answered other than "not found"), none of it a
# person's details: each says why. A new form open to an outsider fails the sweep until it is
# in one table or the other.
NO_TYPED_PERSON: dict[tuple[str, str], str] = {
    **{(name, "provider_birmingham"): "acts on a referral sent to them, by its reference"
       for name in ("treatment:accept", "treatment:decline", "treatment:book",
                    "treatment:attendance", "treatment:engaged", "treatment:close",
                    "api:treatment-referral-accept", "api:treatment-referral-decline",
                    "api:treatment-referral-appointments")},
    ("reminders:alert_acknowledge", "provider_birmingham"): "reading a drug alert",
    ("diversion:refer", "police_officer"): "screen 1: the occurrence, where and what was found",
    ("diversion:refer_draft", "police_officer"): "screen 1 again, from its draft",
}  # fmt: skip
_NOTHING_SENT = {404, 405, 401, SIGN_IN, OUT, ADMIN_404, ADMIN_SIGN_IN}  # OUT: signing out

_VARYING = [  # what differs between any two runs, whoever is typed
    (re.compile(r"\b(?:ARS|DV|TR|CR)-\d{2}-\d{6}\b"), "REFERENCE"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), "CSRF"),
    (re.compile(r'nonce="[^"]*"'), "NONCE"),
    (re.compile(r'"id": ?\d+'), '"id": ID'),
]


def _comparable(response) -> tuple:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    texts = [response.get("Location", ""), raw.decode(errors="replace")]
    for pattern, placeholder in _VARYING:
        texts = [pattern.sub(placeholder, text) for text in texts]
    return (response.status_code, *texts)


class AnswersDiffer(AssertionError):
    """The answers with and without the typed person on record are not the same."""


def _typed_param(key: tuple[str, str]):
    url_name, role = key
    reason = KNOWN_BUGS.get((url_name, TYPED, POST, role))
    # Only the known difference is expected: anything else (say, the details no longer
    # accepted, so there is nothing to compare) fails as it would without the entry.
    marks = [pytest.mark.xfail(strict=True, reason=reason, raises=AnswersDiffer)] if reason else []
    return pytest.param(key, id=f"{url_name}-{role}", marks=marks)


@pytest.mark.parametrize("typed", [_typed_param(key) for key in TYPED_PERSON])
def test_an_outsider_gets_the_same_answers_whether_or_not_a_typed_person_is_on_record(
    typed, world, db, client
):
    from django.db import transaction

    url_name, role = typed
    client.force_login(world.users[role])  # outside the runs: their rollback keeps the session
    send, accepted = TYPED_PERSON[typed]

    def run(*, on_record: bool) -> list[tuple]:
        with transaction.atomic():
            person_id = _put_typed_person_on_record(world).pk if on_record else uuid.uuid4()
            answers = [_comparable(response) for response in send(client, world, person_id)]
            transaction.set_rollback(True)
        return answers

    not_on_record = run(on_record=False)
    assert not_on_record[0][0] == accepted, f"{url_name} as {role}: {not_on_record[0][:2]}"
    on_record = run(on_record=True)
    if on_record != not_on_record:
        pairs = enumerate(zip(on_record, not_on_record, strict=False))
        differ = [i for i, (a, b) in pairs if a != b] or ["count"]
        raise AnswersDiffer(f"{url_name} as {role}: answers {differ} differ")


def test_every_form_open_to_an_outsider_is_classed_as_typing_a_person_or_not():
    open_to_outsiders = {
        (case.url_name, case.role)
        for case in CASES
        if case.role in OUTSIDE and case.method == POST and case.expected not in _NOTHING_SENT
    }
    classed = set(TYPED_PERSON) | set(NO_TYPED_PERSON)
    assert not open_to_outsiders - classed, sorted(open_to_outsiders - classed)
    assert not set(NO_TYPED_PERSON) - open_to_outsiders, sorted(
        set(NO_TYPED_PERSON) - open_to_outsiders
    )
    assert {role for _, role in TYPED_PERSON} >= set(OUTSIDE) - {"opcc_analyst"}, (
        "every outside role that can name a person has its typed-person case"
    )


# --- The table itself --------------------------------------------------------------------------


def test_every_url_pattern_has_rows_in_the_table():
    missing = sorted(set(discovered_patterns()) - set(EXPECTED))
    assert not missing, f"URL patterns with no expected answers: add them to EXPECTED: {missing}"


def test_every_url_in_the_table_still_exists():
    gone = sorted(set(EXPECTED) - set(discovered_patterns()))
    assert not gone, f"EXPECTED names URL patterns that no longer exist: {gone}"


def test_no_url_pattern_disappears_unnoticed():
    count = len(discovered_patterns())
    print(f"\naccess sweep: {count} URL patterns, {len(CASES)} (pattern × role) cases")
    assert count >= PATTERNS_AT_LEAST, (
        f"{count} URL patterns, fewer than {PATTERNS_AT_LEAST}: if a page went on purpose, "
        "lower PATTERNS_AT_LEAST"
    )


def test_the_table_never_answers_a_signed_in_user_403():
    def forbids(expected) -> bool:
        return expected == 403 or (isinstance(expected, Redirect) and forbids(expected.then))

    assert not [c.id for c in CASES if c.role != "anonymous" and forbids(c.expected)]


def test_anonymous_visitors_reach_only_public_pages():
    """Everything else sends them to sign in (pages) or answers 401 (the API)."""
    for case in CASES:
        if case.role == "anonymous" and case.url_name not in PUBLIC:
            allowed = {401} if case.url_name.startswith("api") else {SIGN_IN, ADMIN_SIGN_IN}
            assert case.expected in allowed, case.id


def test_pages_about_a_person_are_tried_with_both_people():
    for url_name, arguments in discovered_patterns().items():
        if PERSON_ARGUMENTS & set(arguments):
            rows = EXPECTED.get(url_name, [])
            for method in {method for _, method, *_ in rows}:
                people = {person for person, m, *_ in rows if m == method}
                assert people == {SHARED, HIDDEN}, f"{url_name} {method}: {people}"


def test_a_hidden_person_is_not_found_by_anyone_outside_the_team():
    """404, or else the answer the role gets for the SHARED person too: a 405 (wrong method)
    is decided before any record is looked up, so it says nothing about this one. (But for the
    administrator answering a subject access request.)"""
    shared = {(c.url_name, c.method, c.role): c.expected for c in CASES if c.person == SHARED}
    for case in CASES:
        outside = case.role not in TEAM | {"anonymous"}
        if case.person == HIDDEN and outside and (case.url_name, case.role) not in WHOLE_RECORD:
            same_as_shared = shared.get((case.url_name, case.method, case.role)) == 405
            assert case.expected == 404 or (case.expected == 405 and same_as_shared), case.id


def _as_read(response) -> str:
    """What a response says: a PDF's text, else its body."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":
        import io

        from pypdf import PdfReader

        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    return raw.decode(errors="replace")


def _typed_normalised(text: str, typed: dict) -> str:
    """An answer without what differs between any two records: ids, references, the PNC ID
    typed, one-time tokens and times of day."""
    text = text.replace(typed["pnc_id"], "<pnc>")
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", text)
    text = re.sub(r"CR-\d\d-\d{6}", "<reference>", text)
    text = re.sub(r'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"', r"\1<token>", text)
    return re.sub(r"\b\d{1,2}:\d\d\b", "<time>", text)


def _typed_answer(client, world: World, url_name: str, kind: str) -> tuple[int, str]:
    typed = world.typed[kind]
    arguments = {"request_id": typed["request"].pk}
    url = reverse(url_name, kwargs={a: arguments[a] for a in discovered_patterns()[url_name]})
    response = client.get(url)
    text = _as_read(response)
    if url_name == "court:my_requests":  # the list holds both: each one's own row
        rows = re.findall(r'<tr class="govuk-table__row">.*?</tr>', text, flags=re.S)
        text = "".join(row for row in rows if str(typed["request"].pk) in row)
    return response.status_code, _typed_normalised(text, typed)


@pytest.mark.parametrize(
    ("url_name", "role"),
    [(url_name, role) for url_name, roles in TYPED_ALIKE.items() for role in sorted(roles)],
)
def test_an_outside_roles_answers_are_the_same_whether_or_not_the_typed_person_is_on_record(
    url_name, role, world, db, client
):
    client.force_login(world.users[role])
    on_record = _typed_answer(client, world, url_name, ON_RECORD)
    not_on_record = _typed_answer(client, world, url_name, NOT_ON_RECORD)
    assert on_record[0] == 200 and "Tobias Typedalike" in on_record[1], on_record
    for name in (world.typed_record.given_name, world.typed_record.family_name):
        assert name not in on_record[1], f"{url_name}: shows the record's {name!r}"
    assert on_record == not_on_record, f"{url_name}: differs when the person is on record"


def test_every_url_argument_has_a_maker():
    needed = {a for arguments in discovered_patterns().values() for a in arguments}
    assert needed <= set(ARGUMENTS), sorted(needed - set(ARGUMENTS))


def test_known_bugs_name_real_cases():
    typed = {(url_name, TYPED, POST, role) for url_name, role in TYPED_PERSON}
    assert set(KNOWN_BUGS) <= {case.key for case in CASES} | typed
