"""Issue 20, DRR and ATR: what a suitability report may recommend, the reviews of a long DRR,
and when each kind of pre-sentence report is due."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from court import services
from court.models import SuitabilityReport
from tests.court.conftest import drr_content, in_days

pytestmark = pytest.mark.django_db
D = datetime.date

# Sentencing Act 2020 Sch 9 para 20 (DRR) and para 24 (ATR): the conditions a recommendation needs.
DRR, ATR = "A DRR cannot be recommended: ", "An ATR cannot be recommended: "
NO_DRUGS = "they are not dependent on, or prone to misuse, drugs"
NO_ALCOHOL = "they are not dependent on alcohol"
UNWILLING = "they are not willing to comply"
NOT_REQUIRED = "their dependency does not require treatment"
NOT_SUSCEPTIBLE = "their dependency may not be susceptible to treatment"
RECOMMENDATION_CASES = [
    # (recommendation, answers that differ from a sound DRR report, the condition named or None)
    ("drr", {}, None),
    ("drr", {"willing_to_comply": False}, DRR + UNWILLING),
    ("drr", {"misuse": "alcohol"}, DRR + NO_DRUGS),
    ("drr", {"misuse": "neither"}, DRR + NO_DRUGS),
    ("drr", {"requires_treatment": False}, DRR + NOT_REQUIRED),
    ("drr", {"susceptible_to_treatment": False}, DRR + NOT_SUSCEPTIBLE),
    ("atr", {"misuse": "alcohol"}, None),
    ("atr", {"misuse": "both"}, None),
    ("atr", {"misuse": "neither"}, ATR + NO_ALCOHOL),
    ("atr", {"misuse": "drugs"}, ATR + NO_ALCOHOL),
    ("atr", {"misuse": "alcohol", "willing_to_comply": False}, ATR + UNWILLING),
    ("both", {"misuse": "both"}, None),
    ("both", {"misuse": "drugs"}, ATR + NO_ALCOHOL),
    ("neither", {"misuse": "neither", "willing_to_comply": False}, None),
]


@pytest.mark.parametrize(("recommendation", "answers", "condition"), RECOMMENDATION_CASES)
def test_a_drr_or_atr_is_recommended_only_where_each_condition_of_schedule_9_is_met(
    recommendation, answers, condition
):
    values = {**drr_content(), "recommendation": recommendation, **answers}
    unmet = services.recommendation_conditions_unmet(values)
    if condition is None:
        assert unmet == {}
    else:
        assert condition in unmet["recommendation"]


def test_every_unmet_condition_is_named(make_request, custody_worker):
    values = {**drr_content(), "misuse": "neither", "willing_to_comply": False}
    message = services.recommendation_conditions_unmet(values)["recommendation"]
    assert message == (
        "A DRR cannot be recommended: they are not dependent on, or prone to misuse, drugs; "
        "they are not willing to comply"
    )


def test_saving_a_drr_with_no_willingness_to_comply_is_refused(make_request, custody_worker):
    report = make_request().reports.get()
    with pytest.raises(ValidationError) as error:
        services.report_save(
            report=report, by=custody_worker, data=drr_content(willing_to_comply=False)
        )
    assert "not willing to comply" in error.value.message_dict["recommendation"][0]
    report.refresh_from_db()
    assert report.recommendation == ""  # nothing saved


def test_a_report_whose_answers_changed_since_cannot_be_submitted(make_request, custody_worker):
    """Answers saved one at a time (a recommendation, then a "no") are caught at submission."""
    report = make_request().reports.get()
    services.report_save(report=report, by=custody_worker, data=drr_content())
    SuitabilityReport.objects.filter(pk=report.pk).update(misuse="neither")
    report.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=custody_worker)
    assert "not dependent on, or prone to misuse, drugs" in str(error.value)


def _form_data(**overrides) -> dict:
    values = drr_content(**overrides)
    data = {}
    for name, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            data[name] = "yes" if value else "no"
        elif isinstance(value, datetime.date):
            data[f"{name}_0"], data[f"{name}_1"], data[f"{name}_2"] = (
                value.day, value.month, value.year,
            )  # fmt: skip
        elif hasattr(value, "pk"):
            data[name] = value.pk
        else:
            data[name] = value
    return data


def test_the_report_form_refuses_an_atr_without_alcohol_with_a_govuk_error(
    client, make_request, custody_worker
):
    report = make_request().reports.get()
    client.force_login(custody_worker)
    response = client.post(
        f"/court/reports/{report.reference}/",
        _form_data(misuse="neither", recommendation="atr", willing_to_be_tested=None),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "An ATR cannot be recommended: they are not dependent on alcohol" in page
    assert 'href="#id_recommendation' in page  # the summary links to the field
    assert "Daily heroin use for six years (synthetic)." in page  # what was typed is kept
    report.refresh_from_db()
    assert report.recommendation == ""


# Sentencing Act 2020 Sch 9 para 21: a DRR over 12 months is reviewed, at least a month apart.
@pytest.mark.parametrize(
    ("start", "months", "first", "last", "count"),
    [
        (D(2027, 1, 31), 13, D(2027, 2, 28), D(2028, 1, 31), 12),
        (D(2027, 3, 15), 18, D(2027, 4, 15), D(2028, 8, 15), 17),
        (D(2027, 3, 15), 12, None, None, 0),
        (D(2027, 3, 15), 6, None, None, 0),
    ],
)  # fmt: skip
def test_a_drr_over_12_months_has_reviews_at_least_a_month_apart(start, months, first, last, count):
    from dateutil.relativedelta import relativedelta

    dates = services.review_dates(start_date=start, length_months=months)
    assert len(dates) == count
    if count:
        assert (dates[0], dates[-1]) == (first, last)
        for earlier, later in zip([start, *dates], dates, strict=False):
            assert later >= earlier + relativedelta(months=1) or (
                later.day < earlier.day and later.month != earlier.month  # a shorter month's end
            )
            assert (later - earlier).days >= 28


# Working days in England and Wales (bank holidays from gov.uk/bank-holidays via `holidays`);
# PSR kinds and times: MoJ answer to PQ 98201 (9 Oct 2020), after HMPPS PI 04/2016.
@pytest.mark.parametrize(
    ("kind", "requested_on", "due"),
    [
        ("oral", D(2026, 12, 17), D(2026, 12, 17)),  # on the day
        ("short", D(2026, 12, 17), D(2026, 12, 24)),  # Thursday to Thursday
        ("standard", D(2026, 12, 17), D(2027, 1, 12)),  # 25 and 28 December, 1 January off
        ("short", D(2027, 3, 24), D(2027, 4, 2)),  # Good Friday and Easter Monday off
        ("short", D(2027, 8, 27), D(2027, 9, 6)),  # the summer bank holiday off
        ("standard", D(2027, 6, 4), D(2027, 6, 25)),  # no bank holiday: three weeks
    ],
)  # fmt: skip
def test_the_default_deadline_counts_working_days_for_the_kind_of_report(kind, requested_on, due):
    assert services.default_report_deadline(kind=kind, requested_on=requested_on) == due


def test_probation_say_which_kind_of_report_and_get_its_deadline(
    client, probation_officer, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 17, 10, 0, tzinfo=datetime.UTC))
    client.force_login(probation_officer)
    hearing = datetime.date(2027, 1, 20)
    data = {
        "given_name": "Kit",
        "family_name": "Kindly",
        "date_of_birth_0": "1", "date_of_birth_1": "2", "date_of_birth_2": "1991",
        "court": "Birmingham Magistrates' Court",
        "hearing_date_0": hearing.day, "hearing_date_1": hearing.month,
        "hearing_date_2": hearing.year,
    }  # fmt: skip
    refused = client.post("/court/requests/new/", data)
    assert refused.status_code == 400
    assert "Select the kind of report" in refused.content.decode()
    response = client.post("/court/requests/new/", {**data, "report_kind": "standard"})
    assert response.status_code == 302
    report = SuitabilityReport.objects.get()
    assert report.request.report_kind == "standard"
    assert report.report_deadline == report.request.report_deadline == datetime.date(2027, 1, 12)
    assert (
        "Standard written (within 15 working days)"
        in client.get(response["Location"]).content.decode()
    )


def test_a_kind_of_report_that_would_be_due_after_the_hearing_is_refused(make_request):
    with pytest.raises(ValidationError) as error:
        make_request(
            linked=False, report_kind="standard", report_deadline=None, hearing_date=in_days(3)
        )
    assert "after the hearing" in error.value.message_dict["report_kind"][0]


def test_probations_own_deadline_wins_over_the_kinds(make_request):
    request = make_request(linked=False, report_kind="oral", report_deadline=in_days(4))
    assert request.report_deadline == in_days(4)


def test_the_request_forms_error_summary_follows_the_pages_order(client, probation_officer):
    """Issue 25: the summary listed court, hearing and deadline before the name fields (the form
    class declares them first); it now follows the page, names first."""
    client.force_login(probation_officer)
    page = client.post("/court/requests/new/", {}).content.decode()
    summary = page[
        page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))
    ]
    links = [summary.index(f'href="#id_{name}') for name in ("given_name", "family_name", "court")]
    assert links == sorted(links)


def test_a_hearing_more_than_two_years_ahead_is_a_field_error(make_request):
    """Issue 25: court dates of 9999 (or 2062 for 2026) were accepted."""
    import datetime

    import pytest
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    far = timezone.localdate() + datetime.timedelta(days=2 * 365 + 1)
    with pytest.raises(ValidationError) as refused:
        make_request(hearing_date=far, linked=False)
    assert refused.value.message_dict["hearing_date"] == [
        "The hearing date must be within two years"
    ]
