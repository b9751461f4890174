"""Merging two records of one person: everything moves, nothing points at the removed record,
and the audit explains it afterwards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Assessment
from assessments.services import assessment_start
from audit.models import AccessLog
from people.models import Person, PersonAlias, PersonMerge
from people.services import consent_give, flag_raise, person_merge
from tests.assessments.answers import complete_assessment


@pytest.fixture
def pair(make_person, make_contact, custody_worker):
    survivor = make_person(given_name="Dean", family_name="Marsh", pnc_id="04/0012345D")
    removed = make_person(
        given_name="Dean", family_name="Marsch", date_of_birth=datetime.date(1990, 2, 1),
        nhs_number="943 476 5919", phone="07700 900123",
    )  # fmt: skip
    make_contact(person=survivor)
    make_contact(person=removed)
    make_contact(person=removed)
    complete_assessment(person=survivor, by=custody_worker)
    complete_assessment(person=removed, by=custody_worker)
    assessment_start(person=removed, by=custody_worker)  # a draft on the removed record
    from organisations.models import ProviderService

    consent_give(
        person=removed, recipient="provider_service",
        provider_service=ProviderService.objects.get(local_authority__slug="birmingham"),
        by=custody_worker,
    )  # fmt: skip
    flag_raise(person=removed, kind="overdose_risk", note="Synthetic", by=custody_worker)
    return survivor, removed


def _rows_pointing_at(person_id) -> dict:
    counts = {}
    for relation in Person._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            model = relation.related_model
            count = model._base_manager.filter(**{f"{relation.field.name}_id": person_id}).count()
            if count:
                counts[model._meta.label_lower] = count
    return counts


def test_after_a_merge_nothing_points_at_the_removed_record(pair, custody_worker):
    survivor, removed = pair
    removed_id = removed.pk
    merge = person_merge(survivor=survivor, removed=removed, by=custody_worker, reason="Same PNC")
    assert not Person.objects.filter(pk=removed_id).exists()
    assert _rows_pointing_at(removed_id) == {}
    assert survivor.custody_contacts.count() == 3
    assert merge.moved == {
        "custody.custodycontact": 2,
        "assessments.assessment": 2,
        "people.consenttoshare": 1,
        "people.personflag": 1,
    }


def test_the_merge_is_audited_and_can_be_explained(pair, custody_worker):
    survivor, removed = pair
    removed_id, reference = removed.pk, removed.reference
    merge = person_merge(survivor=survivor, removed=removed, by=custody_worker, reason="Same PNC")
    record = PersonMerge.objects.get(removed_person_id=removed_id)
    assert record.removed_reference == reference
    assert record.removed_snapshot["family_name"] == "Marsch"
    assert record.removed_snapshot["date_of_birth"] == "1990-02-01"
    assert record.reason == "Same PNC" and record.merged_by == custody_worker
    entry = AccessLog.objects.get(action="merge")
    assert entry.person_id == survivor.pk
    assert entry.detail == f"people.personmerge:{merge.pk}"
    # The removed record's name is kept as another name, so matching still finds it.
    assert survivor.aliases.filter(family_name="Marsch", kind=PersonAlias.Kind.MERGED).exists()


def test_identifiers_the_survivor_lacks_are_kept(pair, custody_worker):
    survivor, removed = pair
    person_merge(survivor=survivor, removed=removed, by=custody_worker, reason="Same person")
    survivor.refresh_from_db()
    assert survivor.nhs_number == "943 476 5919"
    assert survivor.phone == "07700 900123"


def test_assessment_versions_are_renumbered_and_stay_locked(pair, custody_worker):
    survivor, removed = pair
    person_merge(survivor=survivor, removed=removed, by=custody_worker, reason="Same person")
    versions = list(survivor.assessments.order_by("version").values_list("version", "status"))
    assert versions == [(1, "completed"), (2, "completed"), (3, "draft")]


def test_different_pnc_ids_stop_the_merge(make_person, custody_worker):
    one = make_person(pnc_id="04/0012345D")
    two = make_person(pnc_id="99/0000001G")
    with pytest.raises(ValidationError, match="different PNC IDs"):
        person_merge(survivor=one, removed=two, by=custody_worker, reason="?")
    assert Person.objects.filter(pk=two.pk).exists()


def test_two_drafts_stop_the_merge(make_person, custody_worker):
    one, two = make_person(), make_person()
    assessment_start(person=one, by=custody_worker)
    assessment_start(person=two, by=custody_worker)
    with pytest.raises(ValidationError, match="assessment in progress"):
        person_merge(survivor=one, removed=two, by=custody_worker, reason="Same")
    assert Assessment.objects.count() == 2


def test_merge_through_the_pages(client, pair, custody_worker):
    survivor, removed = pair
    client.force_login(custody_worker)
    url = reverse("people:merge", args=[survivor.pk]) + f"?other_reference={removed.reference}"
    compare = client.get(url)
    assert removed.reference in compare.content.decode()
    missing_reason = client.post(url, {"reason": ""})
    assert "Say why these records are the same person" in missing_reason.content.decode()
    done = client.post(url, {"reason": "Same PNC and date of birth"})
    assert done.status_code == 302
    assert not Person.objects.filter(pk=removed.pk).exists()


def test_provider_cannot_merge(client, pair, provider_birmingham):
    survivor, _removed = pair
    client.force_login(provider_birmingham)
    assert client.get(reverse("people:merge", args=[survivor.pk])).status_code == 404
