"""Browser journeys: Playwright driving Debian's headless Chromium against a live server.

Chromium comes from Debian (`apt-get install chromium`; .ci/run installs it when absent), never
from a test tool's own download. Set CHROMIUM_PATH to use another binary.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.personas import PASSWORD
from tests.reference import load_reference_data

# Playwright's sync API runs an event loop in this thread; Django's ORM, used by fixtures in
# the same thread, refuses to run beside one unless told it is safe (it is: nothing is async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DIST = Path(__file__).resolve().parents[2] / "static" / "dist" / "app.css"


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium)")
        pytest.skip("Chromium is not installed: apt-get install chromium (CI installs it)")
    if not DIST.exists():
        pytest.fail(
            "Front-end assets are not built: run `npm ci && npm run build` (make test does)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    # Live-server tests are transactional: the database is flushed after each, so the
    # reference data of the data migrations is loaded again first.
    load_reference_data()
    # The live server speaks plain http; production cookie settings would be refused.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.REQUIRE_2FA = False
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors
    yield page
    context.close()


def sign_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
