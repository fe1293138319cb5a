"""Shared fixtures of the browser tests: one Debian Chromium per session, a fresh context per test.

The pages are served by pytest-django's ``live_server`` (a real HTTP server in a thread, with the
static-files handler because ``django.contrib.staticfiles`` is installed) on a transactional test
database, so the browser and the test see the same rows.
"""

import os
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM would otherwise refuse to run here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from phoihop.core.testing.world import PASSWORD, build_world  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: install Debian's chromium package")
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """When the browser tests run on their own they get their own SQLite file, so a unit-test run
    started meanwhile in the same checkout does not drop the database under the live server."""
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(suffix="e2e")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def world(transactional_db):
    return build_world()


class Browsing:
    """Opens browser contexts pointed at the live server; closes them after the test."""

    def __init__(self, browser, base_url):
        self.browser = browser
        self.base_url = base_url
        self.contexts = []

    def new_page(self, viewport=None) -> Page:
        context = self.browser.new_context(
            base_url=self.base_url, locale="vi-VN", viewport=viewport or {"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        return context.new_page()

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsing(browser, live_server, transactional_db):
    session = Browsing(browser, live_server.url)
    yield session
    session.close()


@pytest.fixture
def page(browsing) -> Page:
    return browsing.new_page()


def sign_in(page: Page, user, password: str = PASSWORD) -> None:
    """Sign in through the login form, as a person would, and wait for the home page."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.get_by_test_id("login").click()
    assert not re.search(r"/accounts/login/", page.url), f"login of {user.username} failed: {page.content()[:2000]}"


def sign_out(page: Page) -> None:
    page.get_by_test_id("user-menu").click()
    with page.expect_navigation():
        page.locator("form[action='/accounts/logout/'] button[type=submit]").click()


AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
#: where the page loads axe-core from: an address of the page's own server, answered by the test's route, never by
#: the server; a file of the page's origin passes the Content-Security-Policy (script-src 'self') as our own scripts
#: do, so no browser context of the tests bypasses the policy
AXE_PATH = "/__e2e__/axe.min.js"
#: the impacts a page may not have (axe-core says minor, moderate, serious or critical)
AXE_FAILING_IMPACTS = ("serious", "critical")


def inject_axe(page: Page) -> None:
    """Load axe-core into the page. Playwright's ``add_script_tag(path=…)`` inserts the file as an inline script,
    which the policy blocks; a page of our server loads it by address instead (a page written with
    ``set_content`` has no policy and no origin: it gets the inline script)."""
    if not page.url.startswith(("http://", "https://")):
        page.add_script_tag(path=str(AXE_JS))
        return
    url = urljoin(page.url, AXE_PATH)

    def answer(route):
        route.fulfill(path=str(AXE_JS), content_type="text/javascript")

    page.route(url, answer)
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url, answer)


def axe_violations(page: Page, exclude=(), impacts=AXE_FAILING_IMPACTS) -> list[dict]:
    """Run axe-core (vendored, tests/e2e/vendor/axe-core) on the page as it is now and return its violations of
    the given impacts: ``[{"id", "impact", "help", "targets": [selector, …]}]``. ``exclude`` lists CSS selectors
    left out of the run (name each one where it is passed, and why)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        inject_axe(page)
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = page.evaluate(
        """async (context) => {
            const results = await axe.run(context || document, {resultTypes: ["violations"]});
            return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }""",
        context,
    )
    return [violation for violation in results if violation["impact"] in impacts]


def describe_violations(violations) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["targets"][:10]) for v in violations
    )


@pytest.fixture
def axe():
    """``axe(page, exclude=())``: the serious and critical accessibility violations of the page (axe-core)."""
    return axe_violations


@pytest.fixture
def login():
    """``login(page, user)``: sign in through the login form."""
    return sign_in


@pytest.fixture
def logout():
    """``logout(page)``: sign out through the user menu."""
    return sign_out


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT was never collected; the live server serves static files itself.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
