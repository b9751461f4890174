"""Reading custody contacts, filtered by who is looking."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import Capability, can
from custody.models import (
    CustodyContact,
    DrugTestResult,
    OffenceCategory,
    TestResult,
    record_number_normalised,
)
from organisations.models import CustodySuite


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


# Today at my suite keeps a finished contact this long after its outcome was recorded.
FINISHED_KEPT_FOR = datetime.timedelta(hours=24)
# The filters a shift uses on it: name -> what it keeps.
TODAY_FILTERS = {
    "waiting": Q(outcome=""),
    "seen": Q(outcome__in=["assessed", "brief_intervention", "declined"]),
    "positive": Q(
        Exists(
            DrugTestResult.objects.filter(test__contact=OuterRef("pk"), result=TestResult.POSITIVE)
        )
    ),
    "trigger": Q(offence_category__is_trigger=True),
}


def drug_test_result(code: str) -> Subquery:
    """A contact's result for one drug on its test, for annotating contacts ("" if none):
    results are rows per drug (DrugTestResult), not columns."""
    return Coalesce(
        Subquery(
            DrugTestResult.objects.filter(test__contact=OuterRef("pk"), drug__code=code).values(
                "result"
            )[:1]
        ),
        Value(""),
    )


def contacts_today_for(*, user, suite: CustodySuite, show: str = "") -> QuerySet[CustodyContact]:
    """Everyone in the suite's care: every contact with no outcome yet, whatever day it began
    (booked in at 23:50, still there at 01:00), and those whose outcome was recorded in the
    last 24 hours. Still waiting first (longest waiting at the top), then the finished.
    `show`: one of TODAY_FILTERS, or everyone."""
    if not can(user, Capability.CUSTODY_TODAY):
        return CustodyContact.objects.none()
    in_care = Q(outcome="") | Q(outcome_at__gte=timezone.now() - FINISHED_KEPT_FOR)
    contacts = CustodyContact.objects.filter(in_care, suite=suite)
    if show in TODAY_FILTERS:
        contacts = contacts.filter(TODAY_FILTERS[show])
    repeal = settings.VAGRANCY_ACT_REPEAL_DATE
    if show == "trigger" and repeal:  # begging stops being a trigger offence (models.py)
        start, _ = _day_bounds(repeal)
        contacts = contacts.exclude(
            offence_category__trigger_ends_with_vagrancy_act=True, arrested_at__gte=start
        )
    return (
        contacts.select_related("person", "offence_category", "drug_test", "required_assessment")
        .prefetch_related("drug_test__results__drug")
        .annotate(
            seen_order=Case(
                When(outcome="", then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("seen_order", "arrested_at")
    )


# The team leader's workload lines (issue 23): each count and the list it links to are made
# from the same filter, so the two cannot disagree. "Seen" is any outcome but "not seen".
WORKLOAD_FILTERS = {
    "": ("Detainees", Q()),
    "seen": ("Seen", ~Q(outcome="") & ~Q(outcome=CustodyContact.Outcome.NOT_SEEN)),
    "not_seen": ("Not seen yet", Q(outcome="") | Q(outcome=CustodyContact.Outcome.NOT_SEEN)),
}


def _booked_in_today(**suite) -> QuerySet[CustodyContact]:
    start, end = _day_bounds(timezone.localdate())
    return CustodyContact.objects.filter(arrested_at__gte=start, arrested_at__lt=end, **suite)


def suite_workload_today(*, user) -> list[dict]:
    """Per suite, today's detainees and how many have been seen (team leaders)."""
    if not can(user, Capability.TEAM_WORKLOAD):
        return []
    # Per suite, today's contacts only, through the (suite, arrested_at) index: a join of the
    # suites to every contact ever made grows with ten years of history (issue 11).
    today = _booked_in_today(suite=OuterRef("pk"))

    def count(contacts):
        return Coalesce(
            Subquery(contacts.values("suite").annotate(n=Count("*")).values("n")[:1]), 0
        )

    rows = (
        CustodySuite.objects.filter(active=True)
        .annotate(
            detainees=count(today),
            seen=count(today.filter(WORKLOAD_FILTERS["seen"][1])),
            not_seen=count(today.filter(WORKLOAD_FILTERS["not_seen"][1])),
        )
        .order_by("name")
        .values("code", "name", "detainees", "seen", "not_seen")
    )
    return list(rows)


def team_contacts_today(
    *, user, suite: CustodySuite | None, show: str = ""
) -> QuerySet[CustodyContact]:
    """The contacts one workload line counts: booked in today at the suite (None: at any active
    suite), all of them or those seen or not seen yet (WORKLOAD_FILTERS), longest waiting
    first."""
    if not can(user, Capability.TEAM_WORKLOAD) or show not in WORKLOAD_FILTERS:
        return CustodyContact.objects.none()
    where = {"suite": suite} if suite is not None else {"suite__active": True}
    return (
        _booked_in_today(**where)
        .filter(WORKLOAD_FILTERS[show][1])
        .select_related("person", "suite", "offence_category", "assigned_to")
        .order_by("arrested_at")
    )


def suite_get(*, code: str) -> CustodySuite | None:
    """An active custody suite by its code, or None."""
    return CustodySuite.objects.filter(active=True, code=code).first()


def contacts_assigned_to(*, user) -> QuerySet[CustodyContact]:
    """Contacts a team leader gave to this worker that have no outcome yet, at any suite."""
    if not can(user, Capability.CUSTODY_TODAY):
        return CustodyContact.objects.none()
    return (
        CustodyContact.objects.filter(assigned_to=user, outcome="")
        .select_related("person", "suite", "offence_category")
        .order_by("arrested_at")
    )


def contact_get_for(*, user, contact_id) -> CustodyContact:
    """One custody contact, for the arrest referral team only; 404 for anyone else."""
    from django.http import Http404

    if not can(user, Capability.CUSTODY_TODAY):
        raise Http404
    try:
        return CustodyContact.objects.select_related(
            "person", "suite", "offence_category", "seen_by", "assigned_to"
        ).get(pk=contact_id)
    except (CustodyContact.DoesNotExist, ValueError):
        raise Http404 from None


def contacts_of_person(*, person) -> QuerySet[CustodyContact]:
    """A person's custody contacts, newest first (the caller may already see the person)."""
    return person.custody_contacts.select_related("suite", "offence_category").order_by(
        "-arrested_at"
    )


def offence_category_get(*, pk) -> OffenceCategory:
    """An offence category (the reference list), by its id."""
    return OffenceCategory.objects.get(pk=pk)


def contact_with_record_number(*, suite: CustodySuite, number: str) -> CustodyContact | None:
    """The suite's contact with this custody record number (normalised), if any."""
    return (
        CustodyContact.objects.filter(
            suite=suite, custody_record_number=record_number_normalised(number)
        )
        .select_related("suite", "person")
        .first()
    )


def contacts_with_record_number_for(*, user, number: str) -> QuerySet[CustodyContact]:
    """Custody contacts with this custody record number (normalised), at any suite, newest
    first: the arrest referral team only (docs/decisions/0031)."""
    if not can(user, Capability.CUSTODY_TODAY):
        return CustodyContact.objects.none()
    return (
        CustodyContact.objects.filter(custody_record_number=record_number_normalised(number))
        .select_related("suite", "person")
        .order_by("-arrested_at")
    )


def contact_test_results(*, contact) -> list[tuple[str, str]]:
    """The contact's test on arrest as (drug, result) pairs in the reference list's order;
    empty when no test was recorded."""
    from custody.models import DrugTest

    test = (
        DrugTest.objects.filter(contact=contact).prefetch_related("results__drug").first()
        if contact is not None
        else None
    )
    if test is None:
        return []
    return [(result.drug.label, result.get_result_display()) for result in test.ordered]
