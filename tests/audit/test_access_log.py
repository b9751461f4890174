"""The access log is append-only at the database, and views that show people write to it."""

import re
import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.models import AccessLog


def _without_csrf(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.fixture
def entry(custody_worker):
    return AccessLog.objects.create(
        user=custody_worker, action="view", object_type="people.person", object_id="x"
    )


def test_update_on_the_access_log_fails_at_the_database(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_accesslog SET action = 'list' WHERE id = %s", [entry.id])
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.filter(pk=entry.pk).update(object_id="rewritten")
    entry.refresh_from_db()
    assert (entry.action, entry.object_id) == ("view", "x")


def test_delete_on_the_access_log_fails_at_the_database(entry):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_accesslog")
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.delete()
    assert AccessLog.objects.filter(pk=entry.pk).exists()


def test_viewing_a_person_writes_an_access_log_row(client, custody_worker, make_person):
    person = make_person()
    client.force_login(custody_worker)
    response = client.get(reverse("people:detail", args=[person.pk]), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    row = AccessLog.objects.get(person_id=person.pk)
    assert row.user == custody_worker
    assert row.action == AccessLog.Action.VIEW
    assert row.object_type == "people.person"
    assert row.object_id == str(person.pk)
    assert row.path == f"/people/{person.pk}/"
    assert row.ip_address == "10.1.2.3"


def test_the_today_list_audits_every_person_it_shows(client, custody_worker, make_contact):
    contacts = [make_contact() for _ in range(3)]
    make_contact(suite_code="coventry")  # another suite: not shown, not audited
    client.force_login(custody_worker)
    client.get(reverse("custody:today"))
    listed = set(AccessLog.objects.filter(action="list").values_list("person_id", flat=True))
    assert listed == {c.person_id for c in contacts}


def test_a_refused_person_page_writes_nothing_and_looks_like_a_missing_one(
    client, provider_birmingham, make_person
):
    person = make_person()
    client.force_login(provider_birmingham)
    refused = client.get(reverse("people:detail", args=[person.pk]))
    missing = client.get(reverse("people:detail", args=[uuid.uuid4()]))
    assert refused.status_code == missing.status_code == 404
    assert _without_csrf(refused.content) == _without_csrf(missing.content)
    assert not AccessLog.objects.exists()


def test_access_log_page_is_for_administrators(client, administrator, custody_worker, entry):
    client.force_login(administrator)
    page = client.get(reverse("audit:log"))
    assert page.status_code == 200
    assert b"custody.worker" in page.content
    client.force_login(custody_worker)
    assert client.get(reverse("audit:log")).status_code == 404


@pytest.mark.parametrize(
    "page", ["consent/", "ndtms-consent/", "other-names/", "flags/", "edit/", "merge/"]
)
def test_every_page_that_names_a_person_is_in_the_access_log(
    client, custody_worker, make_person, page
):
    person = make_person()
    client.force_login(custody_worker)
    assert client.get(f"/people/{person.pk}/{page}").status_code == 200
    assert AccessLog.objects.filter(person_id=person.pk, user=custody_worker).exists()
