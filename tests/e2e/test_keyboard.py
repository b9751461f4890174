"""Keyboard only: a custody contact recorded with Tab, typing and Enter, in a logical order,
with a visible focus indicator at every stop."""

import pytest

from custody.models import CustodyContact
from tests.personas import PASSWORD, make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUS_VISIBLE = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const yellow = style.backgroundColor === 'rgb(255, 221, 0)';
    return outline || shadow || yellow;
}"""


def _focused_id(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.name || ''")


def tab_to(page, target: str, *, visited: list[str], limit: int = 40) -> None:
    """Press Tab until `target` (an id) has the focus, checking the focus is visible each time."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = _focused_id(page)
        assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {here!r}"
        if here:
            visited.append(here)
        if here == target:
            return
    pytest.fail(f"{target!r} never received the focus; visited {visited}")


def test_a_custody_contact_with_the_keyboard_alone(page):
    make_persona("custody.worker")
    visited: list[str] = []
    page.goto("/accounts/sign-in/")
    # The check can fail: nothing focused (the page body) has no focus indicator.
    assert not page.evaluate(FOCUS_VISIBLE)
    tab_to(page, "id_username", visited=visited)
    page.keyboard.type("custody.worker")
    tab_to(page, "id_password", visited=visited)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/custody/today/")

    # To the "Record a custody contact" button, past the skip link and the navigation.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Record a custody contact":
            break
    else:
        pytest.fail("the record button was not reachable with Tab")
    assert page.evaluate(FOCUS_VISIBLE)
    page.keyboard.press("Enter")
    page.wait_for_url("**/custody/contacts/new/")

    visited.clear()
    tab_to(page, "id_custody_record_number", visited=visited)
    page.keyboard.type("KB-0001")
    tab_to(page, "id_arrest_time", visited=visited)
    page.keyboard.type("00:10")
    tab_to(page, "id_offence_category", visited=visited)
    page.keyboard.type("Burglary")  # a native select: typing picks the option
    tab_to(page, "id_given_name", visited=visited)
    page.keyboard.type("Ines")
    tab_to(page, "id_family_name", visited=visited)
    page.keyboard.type("Okafor")
    tab_to(page, "id_date_of_birth_0", visited=visited)
    page.keyboard.type("5")
    tab_to(page, "id_date_of_birth_1", visited=visited)
    page.keyboard.type("11")
    tab_to(page, "id_date_of_birth_2", visited=visited)
    page.keyboard.type("1979")
    tab_to(page, "id_submit", visited=visited)
    # The order follows the page: record, date, time, offence, then the person.
    order = [v for v in visited if v.startswith("id_")]
    assert order.index("id_custody_record_number") < order.index("id_arrest_time")
    assert order.index("id_offence_category") < order.index("id_given_name")
    assert order.index("id_date_of_birth_2") < order.index("id_submit")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Ines Okafor").wait_for()
    contact = CustodyContact.objects.get(custody_record_number="KB-0001")
    assert contact.offence_category.code == "burglary"
    assert contact.person.family_name == "Okafor"
