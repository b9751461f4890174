"""DRR and ATR on the OPCC's dashboard: recommendations and orders made, counted by hand from a
known history."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from court import services
from organisations.models import ProviderService
from reporting.services import figures_refresh
from tests.reporting import dataset
from tests.reporting.test_dashboard import figures

pytestmark = pytest.mark.django_db


def _signed_off(n: int, *, recommendation: str, probation, worker, leader, linked=True):
    request = services.probation_request_make(
        officer=probation,
        given_name=f"Court{n}",
        family_name="Synthetic",
        date_of_birth=datetime.date(1990, 1, n + 1),
        postcode="B5 4TT",  # Birmingham
        court="Synthetic Magistrates' Court",
        hearing_date=datetime.date(2026, 3, 10),
        report_deadline=datetime.date(2026, 3, 1),
    )
    if linked:  # the team confirms who the request is for
        services.request_link(request=request, person=None, by=worker)
    report = request.reports.get()
    neither = recommendation == "neither"
    services.report_save(
        report=report,
        by=worker,
        data={
            "misuse": "alcohol" if recommendation == "atr" else "drugs",
            "requires_treatment": not neither,
            "susceptible_to_treatment": not neither,
            "treatment_available": not neither,
            "provider_service": ProviderService.objects.get(local_authority__slug="birmingham"),
            "willing_to_comply": True,
            "willing_to_be_tested": True,
            "recommendation": recommendation,
            "reasons": "Synthetic",
            "proposed_length_months": 6,
        },
    )
    services.report_submit(report=report, by=worker)
    return services.report_sign_off(report=report, by=leader)


def test_court_figures_count_recommendations_and_orders_by_month(
    client, settings, probation_officer, custody_worker, team_leader, opcc_analyst
):
    settings.SMALL_NUMBER_THRESHOLD = 1
    settings.FIGURES_ROUNDING_BASE = 1  # exact counts, not rounded
    with time_machine.travel(dataset.at(2, 10, 12), tick=False):
        people = {"probation": probation_officer, "worker": custody_worker, "leader": team_leader}
        drr = [_signed_off(n, recommendation="drr", **people) for n in range(6)]
        _signed_off(7, recommendation="neither", **people)  # not a recommendation for an order
        for report in drr[:4]:
            services.court_outcome_record(
                report=report,
                by=custody_worker,
                order="drr",
                length_months=6,
                start_date=datetime.date(2026, 2, 11),
            )
        services.court_outcome_record(report=drr[4], by=custody_worker, order="other")
        # A correction signed off again is the same recommendation, not another one.
        corrected = services.report_correct(report=drr[5], by=custody_worker, reason="Typo")
        services.report_submit(report=corrected, by=custody_worker)
        services.report_sign_off(report=corrected, by=team_leader)
    with time_machine.travel(dataset.TODAY, tick=False):
        figures_refresh(full=True)
        client.force_login(opcc_analyst)
        response = client.get(f"/dashboard/court/{dataset.QUERY}")
    shown = figures(response, "court")
    assert shown["Total"]["Total"] == {
        "Recommendations": "6",
        "Orders made": "4",
        "Orders as a percentage of recommendations": "66.7%",
    }
    assert "Not yet recorded" not in response.content.decode()


def test_a_recommendation_counts_before_the_team_confirms_who_it_is_for(
    client, settings, probation_officer, custody_worker, team_leader, opcc_analyst
):
    settings.SMALL_NUMBER_THRESHOLD = 1
    settings.FIGURES_ROUNDING_BASE = 1  # exact figures, to count one unconfirmed report
    with time_machine.travel(dataset.at(2, 10, 12), tick=False):
        people = {"probation": probation_officer, "worker": custody_worker, "leader": team_leader}
        _signed_off(1, recommendation="drr", **people)
        _signed_off(2, recommendation="atr", linked=False, **people)
    with time_machine.travel(dataset.TODAY, tick=False):
        figures_refresh(full=True)
        client.force_login(opcc_analyst)
        response = client.get(f"/dashboard/court/{dataset.QUERY}")
    assert figures(response, "court")["Total"]["Total"]["Recommendations"] == "2"
