"""Reference data shipped as data migrations."""

import pytest

from custody.models import OffenceCategory
from organisations.models import CustodySuite, LocalAuthority, ProviderService
from treatment.models import ClosureReason, DeclineReason

pytestmark = pytest.mark.django_db


def test_the_seven_local_authorities_with_their_gss_codes():
    assert dict(LocalAuthority.objects.values_list("name", "gss_code")) == {
        "Birmingham": "E08000025",
        "Coventry": "E08000026",
        "Dudley": "E08000027",
        "Sandwell": "E08000028",
        "Solihull": "E08000029",
        "Walsall": "E08000030",
        "Wolverhampton": "E08000031",
    }


def test_every_local_authority_has_a_provider_service():
    for authority in LocalAuthority.objects.all():
        assert ProviderService.objects.filter(local_authority=authority, active=True).exists()
    for service in ProviderService.objects.all():
        assert service.organisation.kind == "treatment_provider"


def test_custody_suites_are_in_the_seven_authorities():
    assert CustodySuite.objects.count() >= 5
    assert not CustodySuite.objects.filter(local_authority__isnull=True).exists()


def test_trigger_offences_are_flagged():
    triggers = set(OffenceCategory.objects.filter(is_trigger=True).values_list("code", flat=True))
    assert {"theft", "burglary", "robbery", "class_a_possession", "begging"} <= triggers
    assert not OffenceCategory.objects.get(code="assault").is_trigger


def test_decline_and_closure_reasons():
    assert set(DeclineReason.objects.values_list("code", flat=True)) == {
        "out_of_area", "already_in_treatment", "not_eligible", "duplicate",
        "person_declined", "other",
    }  # fmt: skip
    assert DeclineReason.objects.get(code="other").requires_text
    assert ClosureReason.objects.filter(code="incomplete_dropped_out").exists()
