"""Each custody suite's arrest referral team phone and address, kept by the administrator in
the admin, printed on the written notice (tests/custody/test_notice.py)."""

import pytest
from django.urls import reverse

from organisations.models import CustodySuite


@pytest.fixture
def superuser(administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    return administrator


def test_the_administrator_sets_a_suites_team_phone_and_address_in_the_admin(client, superuser):
    suite = CustodySuite.objects.get(code="bhm-north")
    url = reverse("admin:organisations_custodysuite_change", args=[suite.pk])
    client.force_login(superuser)
    form = client.get(url).content.decode()
    assert 'name="arrest_referral_phone"' in form and 'name="arrest_referral_address"' in form
    data = {
        "name": suite.name,
        "code": suite.code,
        "local_authority": suite.local_authority_id,
        "active": "on",
        "arrest_referral_phone": "0121 496 0321",
        "arrest_referral_address": "Synthetic House\r\nB1 1AA",
    }
    assert client.post(url, data).status_code == 302
    suite.refresh_from_db()
    assert suite.team_contact().phone == "0121 496 0321"


def test_a_phone_number_that_is_not_one_is_refused(client, superuser):
    suite = CustodySuite.objects.get(code="bhm-north")
    url = reverse("admin:organisations_custodysuite_change", args=[suite.pk])
    client.force_login(superuser)
    answer = client.post(url, {
        "name": suite.name, "code": suite.code, "local_authority": suite.local_authority_id,
        "arrest_referral_phone": "call Sam", "arrest_referral_address": "",
    })  # fmt: skip
    assert answer.status_code == 200 and "Enter a phone number" in answer.content.decode()
