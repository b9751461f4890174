"""Check your answers before publishing a drug alert (issue 23): the form's answers are shown back
with a preview of the banner, rendered by the live banner's own template; nothing is published
until "Publish alert", which publishes once however often it is sent."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from reminders.models import DrugAlert

FORM = "/alerts/new/"
CHECK = "/alerts/new/check/"


def _answers(**changes) -> dict:
    last = timezone.localdate() + datetime.timedelta(days=3)
    return {
        "title": "Synthetic nitazene batch",
        "text": "Found in heroin sold in Coventry.\nCarry naloxone.",
        "local_authority": "",
        "show_until_0": str(last.day),
        "show_until_1": str(last.month),
        "show_until_2": str(last.year),
        **changes,
    }


def _token(page: str) -> str:
    return re.search(r'name="submit_token" value="([^"]+)"', page).group(1)


@pytest.fixture
def publisher(client, administrator):
    client.force_login(administrator)
    return client


def test_continuing_from_the_alert_form_publishes_nothing_until_it_is_confirmed(publisher):
    sent = publisher.post(FORM, _answers())
    assert sent.status_code == 302 and sent["Location"] == CHECK  # nothing in the address
    assert not DrugAlert.objects.exists()
    page = publisher.get(CHECK).content.decode()
    assert "Check the alert before you publish it" in page
    for shown in ("Synthetic nitazene batch", "Carry naloxone", "All seven local authorities"):
        assert shown in page
    assert "Publish alert" in page
    assert not DrugAlert.objects.exists()


def test_publish_alert_sent_twice_publishes_one_alert(publisher):
    publisher.post(FORM, _answers())
    token = _token(publisher.get(CHECK).content.decode())
    first = publisher.post(CHECK, {"submit_token": token})
    second = publisher.post(CHECK, {"submit_token": token})
    alert = DrugAlert.objects.get()
    assert first["Location"] == second["Location"] == f"/alerts/{alert.pk}/"
    # The answers are forgotten: the check page, opened again, has nothing to publish.
    again = publisher.post(CHECK, {"submit_token": str(uuid.uuid4())})
    assert again.status_code == 302 and again["Location"] == FORM
    assert DrugAlert.objects.count() == 1


def test_change_goes_back_to_the_form_as_typed_and_returns_to_the_check_page(publisher):
    publisher.post(FORM, _answers())
    page = publisher.get(CHECK).content.decode()
    changes = re.findall(r'<a class="govuk-link" href="([^"]+)">Change', page)
    assert changes == [f"{FORM}#id_title", f"{FORM}#id_text", f"{FORM}#id_local_authority",
                       f"{FORM}#id_show_until_0"]  # fmt: skip
    form = publisher.get(FORM).content.decode()  # Change, or the browser's Back
    for change in changes:
        assert f'id="{change.split("#")[1]}"' in form, change  # the question it goes to
    assert 'value="Synthetic nitazene batch"' in form and "Carry naloxone" in form
    back = publisher.post(FORM, _answers(title="Synthetic fentanyl batch"))
    assert back["Location"] == CHECK
    assert "Synthetic fentanyl batch" in publisher.get(CHECK).content.decode()
    assert not DrugAlert.objects.exists()


def test_the_check_page_without_answers_sends_the_administrator_to_the_form(publisher):
    assert publisher.get(CHECK)["Location"] == FORM


def _banner(page: str) -> str:
    """The banner's markup, less what differs from page to page (its form's token, the page
    it returns to) and the alert's id (the preview's alert is not saved yet)."""
    start = page.index('<div class="govuk-notification-banner app-drug-alerts"')
    depth, at = 0, start
    for tag in re.finditer(r"<(/?)div\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            at = start + tag.end()
            break
    banner = page[start : page.index(">", at) + 1]
    banner = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", banner)
    banner = re.sub(r'name="next" value="[^"]*"', "NEXT", banner)
    return re.sub(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", "ID", banner)


def test_the_banner_preview_is_the_live_banners_markup(publisher, client, custody_worker):
    publisher.post(FORM, _answers())
    check = publisher.get(CHECK).content.decode()
    preview = _banner(check)
    assert "Synthetic nitazene batch" in preview
    publisher.post(CHECK, {"submit_token": _token(check)})
    client.force_login(custody_worker)
    live = _banner(client.get(reverse("people:find")).content.decode())
    assert preview == live
