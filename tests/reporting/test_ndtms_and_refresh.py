"""The team leader's local criminal-justice extract (consenting people only, each logged), and
keeping the monthly figures fresh (incremental refresh, the beat schedule, the task)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from audit.models import AccessLog
from people.services import ndtms_consent_record
from reporting.models import FiguresRefresh, MonthlyFigure
from reporting.services import figures_refresh


def _extract(client, first="1 1 2020", last=None):
    last = last or f"{timezone.localdate():%d %m %Y}"
    data = {}
    for name, value in (("date_from", first), ("date_to", last)):
        day, month, year = value.split()
        data.update({f"{name}_0": day, f"{name}_1": month, f"{name}_2": year})
    return client.post("/extracts/ndtms/", data)


@pytest.fixture
def people(make_person, make_contact, make_referral, custody_worker):
    from custody.services import drug_test_record

    said = {}
    for answer in ("yes", "no", "not_asked"):
        person = make_person(family_name=f"Synthetic{answer.title().replace('_', '')}")
        if answer != "not_asked":
            ndtms_consent_record(person=person, answer=answer, by=custody_worker)
        contact = make_contact(person=person)
        drug_test_record(
            contact=contact,
            results={"opiates": "positive", "cocaine": "negative"},
            sample_taken_at=contact.arrested_at,
            by=custody_worker,
        )
        make_referral(person=person)  # from the community: a line of its own
        said[answer] = person
    return said


def test_the_extract_holds_only_people_with_ndtms_consent(client, team_leader, people):
    client.force_login(team_leader)
    response = _extract(client)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["person_reference"] for row in rows} == {people["yes"].reference}
    by_type = {row["record_type"]: row for row in rows}
    contact = by_type["custody_contact"]
    assert contact["date_of_birth"] == "1990-01-02"
    assert contact["local_authority_code"] == "E08000025"
    assert contact["test_opiates"] == "positive"
    assert contact["required_assessment"] == "yes"
    assert contact["custody_contact_date"] == f"{timezone.localdate():%Y-%m-%d}"
    referral = by_type["referral"]
    assert referral["referral_reference"].startswith("TR-")
    assert referral["referral_sent_date"] == f"{timezone.localdate():%Y-%m-%d}"
    assert referral["test_opiates"] == ""  # not a custody contact's line
    body = response.content.decode()
    for name in ("SyntheticNo", "SyntheticNotAsked", "Testy"):
        assert name not in body  # no names at all, and nobody without consent


def test_every_person_in_the_extract_is_in_the_access_log(client, team_leader, people):
    client.force_login(team_leader)
    _extract(client)
    entries = AccessLog.objects.filter(action=AccessLog.Action.EXPORT)
    assert [(e.person_id, e.object_type, e.user_id) for e in entries] == [
        (people["yes"].pk, "people.person", team_leader.pk)
    ]
    assert entries[0].detail.startswith("Local criminal-justice extract, 2020-01-01 to ")


def test_an_extract_of_nobody_is_still_logged(client, team_leader, people):
    client.force_login(team_leader)
    response = _extract(client, first="1 1 2001", last="31 12 2001")
    assert len(response.content.decode().splitlines()) == 1  # the header
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert entry.detail.endswith("nobody with NDTMS consent")


def test_the_extract_form_explains_its_errors(client, team_leader):
    client.force_login(team_leader)
    response = client.post("/extracts/ndtms/", {})
    assert response.status_code == 400
    assert "Enter the first day of the extract" in response.content.decode()
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


@pytest.mark.parametrize(
    "persona",
    ["opcc_analyst", "custody_worker", "provider_birmingham", "police_officer", "administrator"],
    indirect=True,
)
def test_only_team_leaders_reach_the_extract(client, persona, people):
    persona.refresh_from_db()  # `people` made the custody worker again (a new password)
    client.force_login(persona)
    assert client.get("/extracts/ndtms/").status_code == 404
    response = _extract(client)
    assert response.status_code == 404
    assert people["yes"].reference not in response.content.decode()


# --- Refreshing the figures ------------------------------------------------------------------


def _count(measure: str) -> int:
    return sum(MonthlyFigure.objects.filter(measure=measure).values_list("count", flat=True))


def test_an_incremental_refresh_picks_up_what_changed(make_contact, custody_worker):
    from custody.services import custody_contact_record_outcome

    old = make_contact(arrested_at=timezone.now() - datetime.timedelta(days=400))
    make_contact()
    first = figures_refresh()
    assert first.full  # the first refresh builds everything
    assert _count("contacts") == 2 and _count("seen") == 0
    custody_contact_record_outcome(contact=old, outcome="assessed", by=custody_worker)
    make_contact()
    second = figures_refresh()
    assert not second.full
    assert _count("contacts") == 3 and _count("seen") == 1
    # Only the months that changed (the old contact's, and the recent ones) were recomputed.
    assert second.months < 13
    assert FiguresRefresh.objects.count() == 2


def test_the_refresh_is_scheduled_in_the_one_place_schedules_live():
    from referral_service.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"reporting.tasks.refresh_figures", "reporting.tasks.rebuild_figures"} <= tasks


def test_the_tasks_refresh_the_figures(make_contact):
    from reporting.tasks import rebuild_figures, refresh_figures

    make_contact()
    refresh_figures()
    rebuild_figures()
    assert [r.full for r in FiguresRefresh.objects.order_by("started_at")] == [True, True]
    assert _count("contacts") == 1
