"""Double-submit protection (core.submissions): a create form's one-time token is claimed in
the database by the first submit; repeats make nothing and are sent to what the first made."""

import datetime
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.test.client import RequestFactory
from django.utils import timezone

from core.models import Submission
from core.submissions import (
    submission_claim,
    submission_done,
    submission_release,
    submissions_forget,
)
from people.models import Person


def _posted(user, token):
    request = RequestFactory().post("/", {"submit_token": str(token)})
    request.user = user
    return request


def test_the_first_submit_claims_the_token_and_a_repeat_is_given_its_result(custody_worker):
    token = uuid.uuid4()
    first = submission_claim(request=_posted(custody_worker, token), form="person-add")
    assert first.first
    repeat = submission_claim(request=_posted(custody_worker, token), form="person-add")
    assert not repeat.first and repeat.result == ""  # still being saved
    submission_done(first, result="made-1")
    again = submission_claim(request=_posted(custody_worker, token), form="person-add")
    assert not again.first and again.result == "made-1"


def test_a_form_with_errors_releases_its_token_for_the_corrected_form(custody_worker):
    token = uuid.uuid4()
    first = submission_claim(request=_posted(custody_worker, token), form="person-add")
    submission_release(first)
    assert submission_claim(request=_posted(custody_worker, token), form="person-add").first


def test_a_form_without_a_valid_token_is_not_protected_and_not_refused(custody_worker):
    request = RequestFactory().post("/", {"submit_token": "not-a-uuid"})
    request.user = custody_worker
    claim = submission_claim(request=request, form="person-add")
    assert claim.first and claim.token is None
    assert not Submission.objects.exists()


def test_another_users_claim_of_the_same_token_gives_them_nothing(custody_worker, team_leader):
    token = uuid.uuid4()
    first = submission_claim(request=_posted(custody_worker, token), form="person-add")
    submission_done(first, result="made-1")
    theirs = submission_claim(request=_posted(team_leader, token), form="person-add")
    assert not theirs.first and theirs.result == ""


def test_claims_older_than_a_day_are_forgotten(custody_worker):
    old = submission_claim(request=_posted(custody_worker, uuid.uuid4()), form="person-add")
    submission_claim(request=_posted(custody_worker, uuid.uuid4()), form="person-add")
    Submission.objects.filter(token=old.token).update(
        claimed_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert submissions_forget() == 1
    assert Submission.objects.count() == 1


def _person_form(token) -> dict:
    return {
        "given_name": "Dupli",
        "family_name": "Cate",
        "date_of_birth_0": "2",
        "date_of_birth_1": "3",
        "date_of_birth_2": "1991",
        "submit_token": str(token),
    }


def test_adding_a_person_twice_with_one_form_makes_one_person(client, custody_worker):
    client.force_login(custody_worker)
    token = uuid.uuid4()
    first = client.post("/people/add/", _person_form(token))
    second = client.post("/people/add/", _person_form(token))
    person = Person.objects.get(family_name="Cate")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == f"/people/{person.pk}/"


@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_submits_of_one_add_person_form_make_one_person(reference_data):
    from tests.personas import make_persona

    worker = make_persona("custody.worker")
    token = uuid.uuid4()

    def submit(_):
        client = Client()
        client.force_login(worker)
        try:
            return client.post("/people/add/", _person_form(token)).status_code
        finally:
            connection.close()  # each thread's own connection

    with ThreadPoolExecutor(max_workers=5) as pool:
        statuses = list(pool.map(submit, range(5)))
    assert statuses == [302] * 5
    assert Person.objects.filter(family_name="Cate").count() == 1
