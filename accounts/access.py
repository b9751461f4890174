"""May this user see or do this? The one module every app asks.

Permissions are data: a table of capabilities per role, read by views (`@requires`), the API
(`HasCapability`), the navigation and the tests' access matrix. Record-level visibility (which
people, referrals, reports) lives in each app's selectors, which ask `can()` first.

Outsiders get 404, never 403: a user must not learn that a page or record exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from accounts.models import Role


class Capability:
    """Named things a user may do; the strings appear in the matrix below and in tests."""

    CUSTODY_TODAY = "custody.today"
    PEOPLE_VIEW = "people.view"  # everyone the service holds
    PEOPLE_RECORD = "people.record"  # find, add, edit, merge people; record consent
    ASSESS = "assessments.assess"  # start, fill in and complete the shared assessment
    PEOPLE_SHARED = "people.shared"  # people shared with the user's service, with consent
    TEAM_WORKLOAD = "team.workload"
    TREATMENT_INBOX = "treatment.inbox"  # accept, decline, book, record attendance, close
    TREATMENT_REFER = "treatment.refer"  # refer a person to treatment; the referral pack
    DIVERT_REFER = "diversion.refer"  # an officer: refer, and follow their own referrals
    DIVERT_WORK = "diversion.work"  # the service: work DIVERT cases, return outcomes to police
    COURT_REQUESTS = "court.requests"  # probation: request reports, read their own signed off
    COURT_WORK = "court.work"  # the service: write suitability reports, record court outcomes
    COURT_SIGN_OFF = "court.sign_off"  # a team leader signs a report off
    REPORTING_DASHBOARD = "reporting.dashboard"
    NDTMS_EXTRACT = "reporting.ndtms_extract"  # person-level CJIT extract of consenting people
    AUDIT_VIEW = "audit.view"
    ADMINISTER = "admin.administer"
    SUBJECT_ACCESS = "people.subject_access"  # export everything held about one person
    CUSTODY_FEED = "custody.feed"  # post detainees from the police custody system
    TASKS = "reminders.tasks"  # my tasks: reminders for me, my team or my provider services
    TEAM_TASKS = "reminders.team_tasks"  # every task of the user's organisation
    ALERTS_RECEIVE = "reminders.alerts_receive"  # drug alerts shown on every page until read
    ALERTS_PUBLISH = "reminders.alerts_publish"  # publish drug alerts, see who has read them
    # The header's search box: finds only what the user's other capabilities let them see
    # (docs/decisions/0031); not the OPCC (no people), the administrator (an exact look-up of
    # their own, decision 0028) or the custody feed.
    SEARCH = "search.search"


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CUSTODY_WORKER: frozenset(
        {
            Capability.CUSTODY_TODAY,
            Capability.PEOPLE_VIEW,
            Capability.PEOPLE_RECORD,
            Capability.ASSESS,
            Capability.TREATMENT_REFER,
            Capability.DIVERT_WORK,
            Capability.COURT_WORK,
            Capability.TASKS,
            Capability.ALERTS_RECEIVE,
            Capability.SEARCH,
        }
    ),
    Role.TEAM_LEADER: frozenset(
        {
            Capability.CUSTODY_TODAY,
            Capability.PEOPLE_VIEW,
            Capability.PEOPLE_RECORD,
            Capability.ASSESS,
            Capability.TREATMENT_REFER,
            Capability.DIVERT_WORK,
            Capability.COURT_WORK,
            Capability.COURT_SIGN_OFF,
            Capability.TEAM_WORKLOAD,
            Capability.NDTMS_EXTRACT,
            Capability.TASKS,
            Capability.TEAM_TASKS,
            Capability.ALERTS_RECEIVE,
            Capability.SEARCH,
        }
    ),
    Role.PROVIDER_WORKER: frozenset(
        {
            Capability.TREATMENT_INBOX,
            Capability.PEOPLE_SHARED,
            Capability.TASKS,
            Capability.ALERTS_RECEIVE,
            Capability.SEARCH,
        }
    ),
    Role.POLICE_OFFICER: frozenset({Capability.DIVERT_REFER, Capability.SEARCH}),
    Role.PROBATION_OFFICER: frozenset({Capability.COURT_REQUESTS, Capability.SEARCH}),
    Role.OPCC_ANALYST: frozenset({Capability.REPORTING_DASHBOARD}),
    Role.ADMINISTRATOR: frozenset(
        {
            Capability.AUDIT_VIEW,
            Capability.ADMINISTER,
            Capability.SUBJECT_ACCESS,
            Capability.ALERTS_PUBLISH,
        }
    ),
    Role.CUSTODY_FEED: frozenset({Capability.CUSTODY_FEED}),
}

# Where each role lands after signing in.
START_PAGES: dict[str, str] = {
    Role.CUSTODY_WORKER: "custody:today",
    Role.TEAM_LEADER: "custody:team",
    Role.PROVIDER_WORKER: "treatment:inbox",
    Role.POLICE_OFFICER: "diversion:my_referrals",
    Role.PROBATION_OFFICER: "court:my_requests",
    Role.OPCC_ANALYST: "reporting:dashboard",
    Role.ADMINISTRATOR: "audit:log",
}


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: str


# The primary navigation: each role is shown only what it may use, in this order.
NAVIGATION: tuple[NavItem, ...] = (
    NavItem("Team workload", "custody:team", Capability.TEAM_WORKLOAD),
    NavItem("Today at my suite", "custody:today", Capability.CUSTODY_TODAY),
    NavItem("Find a person", "people:find", Capability.PEOPLE_RECORD),
    NavItem("DIVERT cases", "diversion:cases", Capability.DIVERT_WORK),
    NavItem("Court reports", "court:reports", Capability.COURT_WORK),
    NavItem("Referral inbox", "treatment:inbox", Capability.TREATMENT_INBOX),
    NavItem("My tasks", "reminders:my_tasks", Capability.TASKS),
    NavItem("Team tasks", "reminders:team_tasks", Capability.TEAM_TASKS),
    NavItem("My DIVERT referrals", "diversion:my_referrals", Capability.DIVERT_REFER),
    NavItem("My report requests", "court:my_requests", Capability.COURT_REQUESTS),
    NavItem("Dashboard", "reporting:dashboard", Capability.REPORTING_DASHBOARD),
    NavItem("Local extract", "extracts:ndtms", Capability.NDTMS_EXTRACT),
    NavItem("Access log", "audit:log", Capability.AUDIT_VIEW),
    NavItem("Subject access", "people:subject_access", Capability.SUBJECT_ACCESS),
    NavItem("Drug alerts", "reminders:alerts", Capability.ALERTS_PUBLISH),
)


def capabilities_of(user) -> frozenset[str]:
    """Everything this user may do (nothing for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def can(user, capability: str) -> bool:
    """May this user do this?"""
    return capability in capabilities_of(user)


def roles_with(capability: str) -> list[str]:
    """The roles that have this capability (to find, say, whom to e-mail)."""
    return [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]


def start_url(user) -> str:
    """The URL of this user's start page (a user without a role gets the no-access page)."""
    name = START_PAGES.get(getattr(user, "role", ""))
    return reverse(name) if name else reverse("accounts:no_role")


def navigation_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAVIGATION:
        if can(user, item.capability):
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "current": current_path == url})
    return items


def requires(capability: str) -> Callable:
    """View decorator: anonymous users go to sign in; users without the capability get 404."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator


class HasCapability(BasePermission):
    """DRF permission: `permission_classes = [HasCapability.for_(Capability.X)]`. 404, not 403."""

    capability: str = ""

    @classmethod
    def for_(cls, capability: str) -> type[HasCapability]:
        return type(f"Has_{capability.replace('.', '_')}", (cls,), {"capability": capability})

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401/403 for the unauthenticated
        if not can(request.user, self.capability):
            raise NotFound
        return True
