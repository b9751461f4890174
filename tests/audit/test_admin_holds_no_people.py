"""The Django admin holds only reference data and staff accounts (issue 21): no admin page shows
any person's data. A person is reached only through the service's pages, which log each read.

Tried over the access sweep's world (two people with their whole history: custody contacts,
assessments, referrals, DIVERT, court reports, tasks), as a superuser: every page of every
model the admin has (list, add, and each record's change, history and delete pages).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.security import test_access_sweep as sweep

world = sweep.world  # the sweep's module-scoped world

PERSON_MODEL = "people.Person"


def _must_not_appear(world) -> list[str]:
    shown = []
    for person in world.people.values():
        shown += [person.given_name, person.family_name, person.reference]
        shown += [person.date_of_birth.isoformat(), f"{person.date_of_birth:%d/%m/%Y}"]
    return shown


def _admin_pages(model) -> list[str]:
    info = (model._meta.app_label, model._meta.model_name)
    pages = [reverse("admin:{}_{}_changelist".format(*info))]
    pages.append(reverse("admin:{}_{}_add".format(*info)))
    for pk in model.objects.values_list("pk", flat=True)[:5]:
        for view in ("change", "history", "delete"):
            pages.append(reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[pk]))
    return pages


@pytest.fixture
def superuser(world, db):
    user = world.users["administrator"]
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_no_admin_page_shows_any_persons_data(client, world, superuser):
    client.force_login(superuser)
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        pages += _admin_pages(model)
    assert len(pages) > 30
    hidden = _must_not_appear(world)
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 403), f"{page}: {response.status_code}"
        body = response.content.decode()
        for shown in hidden:
            assert shown not in body, f"{page} shows {shown!r}"


def test_no_model_in_the_admin_is_a_person_or_points_at_one():
    from django.apps import apps

    person = apps.get_model(PERSON_MODEL)
    for model in admin.site._registry:
        assert model is not person
        related = {
            f.related_model
            for f in model._meta.get_fields()
            if f.is_relation and not f.auto_created  # its own fields, not others' pointing at it
        }
        assert person not in related, f"{model._meta.label} points at a person"


def test_the_person_pages_of_the_admin_are_gone(client, world, superuser):
    client.force_login(superuser)
    person = world.people[sweep.SHARED]
    for url in (
        "/django-admin/people/person/",
        f"/django-admin/people/person/{person.pk}/change/",
        f"/django-admin/people/person/{person.pk}/history/",
        f"/django-admin/people/person/{person.pk}/delete/",
        "/django-admin/reminders/reminder/",
        "/django-admin/audit/accesslog/",
    ):
        assert client.get(url).status_code == 404, url


def test_the_admins_history_of_people_is_forgotten(db, custody_worker):
    """Rows of django_admin_log made when people were in the admin named them (object_repr)."""
    import importlib

    from django.apps import apps
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from tests.conftest import new_person

    person = new_person(given_name="Ottoline", family_name="Adminshaw")
    kept = LogEntry.objects.create(
        user=custody_worker, content_type=ContentType.objects.get_for_model(custody_worker),
        object_id=str(custody_worker.pk), object_repr="custody.worker", action_flag=CHANGE,
    )  # fmt: skip
    LogEntry.objects.create(
        user=custody_worker, content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk), object_repr=str(person), action_flag=CHANGE,
    )  # fmt: skip
    migration = importlib.import_module("audit.migrations.0004_forget_admin_history_of_people")
    migration.forget(apps, None)
    assert list(LogEntry.objects.all()) == [kept]
