"""Browser tests in Debian's chromium against pytest-django's live server (skipped where chromium is absent)."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.web.data import build_repertoire
from wipoconnect.core import roles

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="en-GB"
    )
    page = context.new_page()
    # Generous waits: the machine running the suite may be busy with other test processes.
    page.set_default_timeout(30_000)
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    yield page
    context.close()


@pytest.fixture
def shot(page):
    """shot("dashboard") saves a full-page screenshot to test-artifacts/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def manager(transactional_db):
    user = get_user_model().objects.create_user("manager", password="s3cret-pass", is_staff=True)
    user.groups.add(roles.ensure_roles()[roles.DISTRIBUTION_MANAGER])
    return user


@pytest.fixture
def repertoire(transactional_db):
    return build_repertoire()


@pytest.fixture
def log_in(page, shot, manager):
    """log_in() goes to /, is sent to the login page, signs in as the distribution manager, lands on the dashboard."""
    from playwright.sync_api import expect

    def sign_in(username: str = "manager", password: str = "s3cret-pass") -> None:
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        shot("00-login")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        expect(page.locator("h1")).to_have_text("Dashboard")

    return sign_in
