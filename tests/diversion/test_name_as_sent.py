"""Police learn nothing from whether a person is on record (issue 21).

An officer's pages, the API and the e-mail to the officer show the referral as the officer sent
it: the name exactly as typed, never the name of the person record it was linked to. So a
referral typed as "JANE DOE" reads the same whether or not a "Jane Doe" is known to the service,
and it does not change when the service corrects or merges the record.
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.db import transaction
from django.test import TestCase

from diversion.models import DivertReferral
from diversion.services import outcome_return
from people.services import person_merge, person_update

pytestmark = pytest.mark.django_db

BORN = datetime.date(1994, 7, 18)


def _screen_one() -> dict:
    from django.utils import timezone

    now = timezone.localtime()
    return {
        "occurrence_number": "20/777/26",
        "found_date_0": now.day,
        "found_date_1": now.month,
        "found_date_2": now.year,
        "found_time": now.strftime("%H:%M"),
        "found_where": "Synthetic Row",
        "substances": ["cannabis"],
        "amount": "A little",
    }


def _screen_two() -> dict:
    return {
        "given_name": "JANE",
        "family_name": "DOE",
        "date_of_birth_0": str(BORN.day),
        "date_of_birth_1": str(BORN.month),
        "date_of_birth_2": str(BORN.year),
        "postcode": "B5 4TT",
        "consent_to_contact": "yes",
    }


def _api_body() -> dict:
    from django.utils import timezone

    return {
        "occurrence_number": "20/777/26",
        "found_at": timezone.now().replace(microsecond=0).isoformat(),
        "found_where": "Synthetic Row",
        "substances": ["cannabis"],
        "amount": "A little",
        "given_name": "JANE",
        "family_name": "DOE",
        "date_of_birth": BORN.isoformat(),
        "postcode": "B5 4TT",
        "consent_to_contact": True,
    }


_VARYING = [
    (re.compile(r"DV-\d{2}-\d{6}"), "DV-REFERENCE"),  # a sequence: not rolled back between runs
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), "CSRF"),
    (re.compile(r'nonce="[^"]*"'), "NONCE"),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "UUID"),
]


def _same_whatever_the_run(text: str) -> str:
    for pattern, placeholder in _VARYING:
        text = pattern.sub(placeholder, text)
    return text


def _answer(response) -> tuple:
    return (
        response.status_code,
        _same_whatever_the_run(response.get("Location", "")),
        _same_whatever_the_run(response.content.decode()),
    )


def officer_is_told(client, officer, worker, *, channel: str) -> list[tuple]:
    """Everything the officer gets from sending "JANE DOE": the answer to sending it, their
    referral's page, their list, the API's view, and the e-mail when the outcome comes back."""
    client.force_login(officer)
    answers = []
    if channel == "page":
        draft = uuid.uuid4()
        client.post(f"/divert/refer/{draft}/", _screen_one())
        sent = client.post(f"/divert/refer/{draft}/person/", _screen_two())
    else:
        sent = client.post(
            "/api/v1/divert/referrals/",
            _api_body(),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        )
    answers.append(_answer(sent))
    referral = DivertReferral.objects.filter(officer=officer).latest("created_at")
    answers.extend(officer_views(client, referral))
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        outcome_return(referral=referral, by=worker, outcome="not_engaged")
    answers.extend(officer_views(client, referral))
    answers += [
        (_same_whatever_the_run(m.subject), _same_whatever_the_run(m.body), m.to)
        for m in mail.outbox
    ]  # the e-mail to the officer
    return answers


def officer_views(client, referral) -> list[tuple]:
    return [
        _answer(client.get(f"/divert/referrals/{referral.reference}/")),
        _answer(client.get("/divert/my-referrals/")),
        _answer(client.get(f"/api/v1/divert/referrals/{referral.reference}/")),
    ]


def _rolled_back(run):
    """What `run` answers, with everything it wrote undone after."""
    with transaction.atomic():
        answers = run()
        transaction.set_rollback(True)
    return answers


@pytest.mark.parametrize("channel", ["page", "api"])
def test_an_officer_gets_the_same_answers_whether_or_not_the_person_is_on_record(
    client, police_officer, custody_worker, make_person, channel
):
    client.force_login(police_officer)  # outside the runs, which are rolled back

    def run():
        return officer_is_told(client, police_officer, custody_worker, channel=channel)

    not_on_record = _rolled_back(run)
    known = make_person(given_name="Jane", family_name="Doe", date_of_birth=BORN)
    on_record = _rolled_back(run)

    assert not_on_record == on_record
    assert "JANE DOE" in not_on_record[1][2]  # the referral's page: as typed
    assert "Jane Doe" not in on_record[1][2] + on_record[2][2]
    assert len(on_record) == 8  # answer, 3 views, 3 views after the outcome, one e-mail
    # It was linked to the record all the same: the service's workers see who it is.
    assert DivertReferral.objects.filter(person=known).count() == 0  # rolled back
    referral, _ = _submit_jane_doe(police_officer)
    assert referral.person == known


def _submit_jane_doe(officer):
    from django.utils import timezone

    from diversion.services import divert_referral_submit

    data = _api_body() | {"found_at": timezone.now(), "date_of_birth": BORN}
    return divert_referral_submit(officer=officer, key=str(uuid.uuid4()), data=data)


def test_the_officers_view_is_unchanged_after_the_person_is_edited(
    client, police_officer, custody_worker, make_person
):
    make_person(given_name="Jane", family_name="Doe", date_of_birth=BORN)
    referral, _ = _submit_jane_doe(police_officer)
    client.force_login(police_officer)
    before = officer_views(client, referral)

    person_update(person=referral.person, by=custody_worker, given_name="Janet", family_name="Dow")

    assert officer_views(client, referral) == before
    assert "JANE DOE" in before[0][2] and "Janet" not in before[0][2] + before[1][2]


def test_the_officers_view_is_unchanged_after_the_person_is_merged(
    client, police_officer, custody_worker, make_person
):
    referral, _ = _submit_jane_doe(police_officer)  # no one on record: a new "JANE DOE"
    client.force_login(police_officer)
    before = officer_views(client, referral)
    survivor = make_person(given_name="Janine", family_name="Doe-Smith", date_of_birth=BORN)

    person_merge(survivor=survivor, removed=referral.person, by=custody_worker, reason="Same")

    referral.refresh_from_db()
    assert referral.person == survivor
    after = officer_views(client, referral)
    assert after == before
    assert "Janine" not in after[0][2] + after[1][2]


def test_referrals_from_before_the_migration_take_their_records_name(police_officer, make_person):
    """They did not keep what was sent: the record's name then is the nearest there is."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("diversion.migrations.0003_divertreferral_name_as_sent")
    make_person(given_name="Jane", family_name="Doe", date_of_birth=BORN)
    referral, _ = _submit_jane_doe(police_officer)
    DivertReferral.objects.filter(pk=referral.pk).update(given_name="", family_name="")

    migration.name_from_person(apps, None)

    referral.refresh_from_db()
    assert referral.name_as_sent == "Jane Doe"
