"""The service's LOCAL criminal-justice extract: what it holds about custody contacts and
referrals, per person, in its own column names and values.

It is not an NDTMS submission and claims nothing national: the NDTMS CJIT CSV file format and
technical definitions (core data set P) were not available to build from, so no column or value
here is an NDTMS field or code (issue 20; decision 0021). Person-level, unlike everything else
in this app: for the service's own team leaders; never the OPCC. Only people who said yes to
NDTMS consent (consent to their data going to national monitoring) are in it.
One line per custody contact in the period (with each referral made from it), and one per
referral in the period that did not come from a custody contact.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.db.models import F, Max, OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.access import Capability, can
from assessments.models import Assessment
from custody.models import CustodyContact
from custody.selectors import drug_test_result
from people.models import NdtmsConsent
from reporting.exports import safe_text
from treatment.models import Referral

COLUMNS = [
    "record_type",
    "person_reference",
    "date_of_birth",
    "sex",
    "ethnicity",
    "local_authority_code",
    "local_authority",
    "out_of_area",
    "custody_contact_date",
    "custody_suite",
    "offence",
    "trigger_offence",
    "contact_outcome",
    "test_date",
    "test_opiates",
    "test_cocaine",
    "required_assessment",
    "initial_assessment_attendance",
    "follow_up_assessment",
    "follow_up_attendance",
    "naloxone",
    "latest_assessment_date",
    "referral_reference",
    "referral_source",
    "referral_destination",
    "referral_sent_date",
    "referral_accepted_date",
    "referral_declined_date",
    "released_date",
    "first_attended_date",
    "engaged_date",
    "closed_date",
]

PERSON = {
    "person_id": "person_id",
    "person_reference": "person__reference",
    "date_of_birth": "person__date_of_birth",
    "sex": "person__sex",
    "ethnicity": "person__ethnicity",
    "local_authority_code": "person__local_authority__gss_code",
    "local_authority": "person__local_authority__name",
    "out_of_area": "person__out_of_area",
}
CONTACT = {
    "custody_contact_date": "arrested_at",
    "custody_suite": "suite__name",
    "offence": "offence_category__label",
    "trigger_offence": "offence_category__is_trigger",
    "contact_outcome": "outcome",
    "test_date": "drug_test__sample_taken_at",
    "test_opiates": "test_result_opiates",  # custody.selectors.drug_test_result
    "test_cocaine": "test_result_cocaine",
    "required_assessment": "required_assessment__id",
    "initial_assessment_attendance": "required_assessment__initial_attendance",
    "follow_up_assessment": "required_assessment__follow_up",
    "follow_up_attendance": "required_assessment__follow_up_attendance",
    "naloxone": "naloxone__outcome",
}
REFERRAL = {
    "referral_reference": "reference",
    "referral_source": "source",
    "referral_service": "provider_service__name",
    "referral_external": "external_service",
    "referral_sent_date": "sent_at",
    "referral_accepted_date": "accepted_at",
    "referral_declined_date": "declined_at",
    "released_date": "released_on",
    "first_attended_date": "first_attended_on",
    "engaged_date": "engaged_at",
    "closed_date": "closed_at",
}


def _latest_assessment(person_field: str, before: datetime.datetime) -> Subquery:
    return Subquery(
        Assessment.objects.filter(
            person=OuterRef(person_field),
            status=Assessment.Status.COMPLETED,
            completed_at__lt=before,
        )
        .values("person")
        .annotate(latest=Max("completed_at"))
        .values("latest")[:1]
    )


# values() names may not be the models' own field names ("naloxone"), hence a prefix.
PREFIX = "x_"


def _aliases(columns: dict[str, str], through: str = "") -> dict:
    return {PREFIX + name: F(through + path) for name, path in columns.items()}


def _unprefixed(row: dict, record_type: str) -> dict:
    return {"record_type": record_type, **{k.removeprefix(PREFIX): v for k, v in row.items()}}


def _bounds(first: datetime.date, last: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    )
    return start, end


def ndtms_rows_for(*, user, first: datetime.date, last: datetime.date) -> list[dict]:
    """The extract's lines for custody contacts and referrals from `first` to `last` (days,
    inclusive) of people with NDTMS consent; team leaders only (404 for anyone else)."""
    if not can(user, Capability.NDTMS_EXTRACT):
        raise Http404
    start, end = _bounds(first, last)
    consented = {"person__ndtms_consent": NdtmsConsent.YES}
    from_contacts = (
        CustodyContact.objects.filter(arrested_at__gte=start, arrested_at__lt=end, **consented)
        .annotate(x_latest_assessment_date=_latest_assessment("person_id", end))
        .annotate(
            test_result_opiates=drug_test_result("opiates"),
            test_result_cocaine=drug_test_result("cocaine"),
        )
        .values(
            "x_latest_assessment_date",
            **_aliases(PERSON),
            **_aliases(CONTACT),
            **_aliases(REFERRAL, through="referrals__"),
        )
    )
    other_referrals = (
        Referral.objects.filter(
            sent_at__gte=start, sent_at__lt=end, custody_contact__isnull=True, **consented
        )
        .annotate(x_latest_assessment_date=_latest_assessment("person_id", end))
        .values(
            "x_latest_assessment_date",
            **_aliases(PERSON),
            **_aliases(REFERRAL),
        )
    )
    rows = [_unprefixed(row, "custody_contact") for row in from_contacts]
    rows += [_unprefixed(row, "referral") for row in other_referrals]
    rows.sort(
        key=lambda r: (
            r["person_reference"],
            r.get("custody_contact_date") or r["referral_sent_date"],
            r.get("referral_reference") or "",
        )
    )
    return rows


def _text(column: str, row: dict) -> str:
    if column in CONTACT and row["record_type"] != "custody_contact":
        return ""
    value = row.get(column)
    if column == "referral_destination":
        value = row.get("referral_service") or row.get("referral_external") or ""
    if column == "required_assessment":
        value = "yes" if row.get("required_assessment") else "no"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    return "" if value is None else str(value)


def ndtms_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_text(_text(column, row)) for column in COLUMNS])
    return out.getvalue()
