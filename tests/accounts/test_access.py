"""Each role reaches its own start page, and gets 404 (never 403) on anyone else's."""

import pytest
from django.urls import reverse

from accounts.access import NAVIGATION, ROLE_CAPABILITIES, START_PAGES, navigation_for
from tests.personas import ONE_PER_ROLE

ALL_START_PAGES = sorted(set(START_PAGES.values()))


@pytest.mark.parametrize("persona", ONE_PER_ROLE, indirect=True)
def test_each_role_lands_on_its_start_page(client, persona):
    client.force_login(persona)
    response = client.get("/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(START_PAGES[persona.role])


@pytest.mark.parametrize("persona", ONE_PER_ROLE, indirect=True)
@pytest.mark.parametrize("url_name", ALL_START_PAGES)
def test_role_gets_404_not_403_on_another_roles_pages(client, persona, url_name):
    allowed = {
        item.url_name for item in NAVIGATION if item.capability in ROLE_CAPABILITIES[persona.role]
    }
    client.force_login(persona)
    response = client.get(reverse(url_name))
    if url_name in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert b"Page not found" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ALL_START_PAGES)
def test_anonymous_visitor_is_sent_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_every_start_page_is_in_its_roles_navigation():
    nav = {item.url_name: item.capability for item in NAVIGATION}
    for role, url_name in START_PAGES.items():
        assert nav[url_name] in ROLE_CAPABILITIES[role], role


@pytest.mark.parametrize("persona", ONE_PER_ROLE, indirect=True)
def test_navigation_shows_each_role_only_what_it_may_use(client, persona):
    client.force_login(persona)
    response = client.get("/", follow=True)
    shown = {item["url"] for item in navigation_for(persona, "/")}
    for item in NAVIGATION:
        url = reverse(item.url_name)
        link = f'class="moj-primary-navigation__link" href="{url}"'.encode()
        if url in shown:
            assert link in response.content or (f'href="{url}"'.encode() in response.content)
        else:
            assert f'href="{url}"'.encode() not in response.content


def test_user_without_a_role_is_told_they_have_no_access(client, django_user_model):
    user = django_user_model.objects.create_user("no.role", password="x")
    client.force_login(user)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:no_role")
    assert b"You do not have access yet" in response.content
    for url_name in ALL_START_PAGES:
        assert client.get(reverse(url_name)).status_code == 404


def test_inactive_user_has_no_capabilities(custody_worker):
    from accounts.access import capabilities_of

    custody_worker.is_active = False
    assert capabilities_of(custody_worker) == frozenset()


def test_django_admin_is_404_for_non_staff(client, custody_worker):
    client.force_login(custody_worker)
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == 404


def test_django_admin_sends_anonymous_visitors_to_our_sign_in(client, db):
    response = client.get("/django-admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_administrator_reaches_django_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/django-admin/").status_code == 200
