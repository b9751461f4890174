"""Issue 23, signposting: officers and workers should not have to remember seven localities'
arrangements (the seed article: "not just for drugs and alcohol but also for housing,
homelessness or domestic violence"). The administrator keeps a directory of each local
authority's housing, homelessness, domestic abuse and liaison-and-diversion services; the
custody contact and person pages show those of the person's own authority, found from their
postcode as residence is."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from organisations.models import LocalAuthority, SignpostService
from organisations.selectors import signposts_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    """One synthetic service of each kind in Birmingham, one in Coventry, one closed."""
    birmingham = LocalAuthority.objects.get(slug="birmingham")
    coventry = LocalAuthority.objects.get(slug="coventry")
    made = {
        "housing": SignpostService.objects.create(
            local_authority=birmingham,
            kind="housing",
            name="Brindleyplace Housing Options (synthetic)",
            phone="0113 496 0101",
            address="1 Example Row, Birmingham",
            website="https://housing.example.org/",
            hours="Monday to Friday, 9am to 5pm",
            notes="Ask for the duty officer.",
        ),
        "homelessness": SignpostService.objects.create(
            local_authority=birmingham,
            kind="homelessness",
            name="Night Shelter Line (synthetic)",
            phone="0113 496 0102",
            hours="24 hours",
        ),
        "domestic_abuse": SignpostService.objects.create(
            local_authority=birmingham,
            kind="domestic_abuse",
            name="Safe Harbour Birmingham (synthetic)",
            phone="0113 496 0103",
        ),
        "liaison_diversion": SignpostService.objects.create(
            local_authority=birmingham,
            kind="liaison_diversion",
            name="Birmingham Liaison and Diversion (synthetic)",
            phone="0113 496 0104",
        ),
        "coventry": SignpostService.objects.create(
            local_authority=coventry,
            kind="housing",
            name="Coventry Housing Hub (synthetic)",
            phone="020 7946 0105",
        ),
        "closed": SignpostService.objects.create(
            local_authority=birmingham,
            kind="housing",
            name="Closed Housing Desk (synthetic)",
            active=False,
        ),
    }
    return made


def test_signposts_are_those_of_the_authority_open_by_kind(directory):
    birmingham = LocalAuthority.objects.get(slug="birmingham")
    shown = signposts_for(local_authority=birmingham)
    assert [group.kind for group in shown] == [
        "housing",
        "homelessness",
        "domestic_abuse",
        "liaison_diversion",
    ]
    names = [service.name for group in shown for service in group.services]
    assert directory["coventry"].name not in names and directory["closed"].name not in names
    assert signposts_for(local_authority=None) == []


def test_the_person_page_shows_the_services_of_their_authority_only(
    client, directory, make_person, custody_worker
):
    person = make_person(postcode="B23 6AB")  # routed to Birmingham from the postcode
    assert person.local_authority.slug == "birmingham"
    client.force_login(custody_worker)
    page = html.unescape(client.get(reverse("people:detail", args=[person.pk])).content.decode())
    for made in ("housing", "homelessness", "domestic_abuse", "liaison_diversion"):
        assert directory[made].name in page, made
    assert "Liaison and diversion (mental health)" in page
    assert 'href="tel:01134960101"' in page and "Monday to Friday, 9am to 5pm" in page
    assert "https://housing.example.org/" in page and "Ask for the duty officer." in page
    assert directory["coventry"].name not in page and directory["closed"].name not in page


def test_the_custody_contact_page_shows_the_services_of_the_persons_authority(
    client, directory, make_person, make_contact, custody_worker
):
    person = make_person(postcode="CV1 2AA")  # Coventry, though held at a Birmingham suite
    contact = make_contact(person=person)
    client.force_login(custody_worker)
    page = html.unescape(client.get(reverse("custody:contact", args=[contact.pk])).content.decode())
    assert directory["coventry"].name in page and "020 7946 0105" in page
    assert directory["housing"].name not in page


def test_an_authority_with_no_services_configured_says_so(
    client, directory, make_person, custody_worker
):
    person = make_person(postcode="WV1 1AA")  # Wolverhampton: nothing in the directory
    client.force_login(custody_worker)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "No local services have been added for Wolverhampton yet" in page
    assert directory["housing"].name not in page


def test_a_person_with_no_known_authority_is_told_why_nothing_is_shown(
    client, directory, make_person, make_contact, custody_worker
):
    person = make_person(postcode="B60 1AA")  # Bromsgrove: out of area
    contact = make_contact(person=person)
    client.force_login(custody_worker)
    for url in (
        reverse("people:detail", args=[person.pk]),
        reverse("custody:contact", args=[contact.pk]),
    ):
        page = client.get(url).content.decode()
        assert "local services are shown for the seven local authorities" in page, url
        assert directory["housing"].name not in page


def test_the_administrator_keeps_the_directory_in_the_admin(client, administrator):
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)
    assert client.get(reverse("admin:organisations_signpostservice_changelist")).status_code == 200
    response = client.post(
        reverse("admin:organisations_signpostservice_add"),
        {
            "local_authority": LocalAuthority.objects.get(slug="dudley").pk,
            "kind": "domestic_abuse",
            "name": "Dudley Refuge Line (synthetic)",
            "phone": "0113 496 0999",
            "address": "",
            "website": "https://refuge.example.org/",
            "hours": "24 hours",
            "notes": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SignpostService.objects.get(name="Dudley Refuge Line (synthetic)").kind == (
        "domestic_abuse"
    )
