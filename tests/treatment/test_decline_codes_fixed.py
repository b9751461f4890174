"""Decline reason codes are part of the API contract (issue 22, decision 0029): the schema's
enum is DeclineReason.CODES, so the administrator may reword a reason and retire it (`active`)
but not add a code, change one or delete one; a new code comes with a migration, the tuple and
a regenerated schema (tests/api_contract keeps the table and the tuple equal)."""

import pytest
from django.urls import reverse

from tests.personas import make_persona
from treatment.models import ClosureReason, DeclineReason

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    user = make_persona("admin")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def test_the_administrator_cannot_add_a_decline_reason_code(client, superuser):
    assert client.get(reverse("admin:treatment_declinereason_add")).status_code == 403
    listed = client.get(reverse("admin:treatment_declinereason_changelist"))
    assert reverse("admin:treatment_declinereason_add") not in listed.content.decode()
    created = client.post(
        reverse("admin:treatment_declinereason_add"),
        {"code": "no_capacity", "label": "No capacity", "order": 9},
    )
    assert created.status_code == 403
    assert set(DeclineReason.objects.values_list("code", flat=True)) == set(DeclineReason.CODES)


def test_the_administrator_may_reword_and_retire_a_decline_reason_but_not_recode_it(
    client, superuser
):
    reason = DeclineReason.objects.get(code="duplicate")
    url = reverse("admin:treatment_declinereason_change", args=[reason.pk])
    answer = client.post(
        url, {"code": "dupe", "label": "A duplicate of another referral", "order": 4}
    )  # `active` and `requires_text` unticked: retired
    assert answer.status_code == 302, answer.content.decode()[:2000]
    reason.refresh_from_db()
    assert (reason.code, reason.label, reason.active) == (
        "duplicate",
        "A duplicate of another referral",
        False,
    )


def test_the_administrator_cannot_delete_a_decline_reason(client, superuser):
    reason = DeclineReason.objects.get(code="other")
    url = reverse("admin:treatment_declinereason_delete", args=[reason.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert DeclineReason.objects.filter(code="other").exists()


def test_closure_reasons_are_not_in_the_api_and_stay_the_administrators_to_add(client, superuser):
    assert client.get(reverse("admin:treatment_closurereason_add")).status_code == 200
    assert not hasattr(ClosureReason, "CODES")
