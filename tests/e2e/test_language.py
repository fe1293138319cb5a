"""Vietnamese by default; a user's switch to English is kept on their account."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import expect

VI_CATALOG = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.mo"


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def expect_vietnamese_login_page(page):
    assert html_lang(page) == "vi"
    with translation.override("vi"):
        heading = translation.gettext("Sign in to phoihop")
        button = translation.gettext("Sign in")
    expect(page.locator("form h2")).to_have_text(heading)
    expect(page.get_by_test_id("login")).to_have_text(button)
    assert VI_CATALOG.exists(), "the Vietnamese catalog is not compiled: run `make messages`"
    expect(page.get_by_test_id("login")).to_have_text("Đăng nhập")


@pytest.mark.e2e
def test_vietnamese_by_default_and_english_choice_is_kept_on_the_user(browsing, world, login, logout):
    user = world.a_viewer
    page = browsing.new_page()
    page.goto("/accounts/login/")
    expect_vietnamese_login_page(page)

    login(page, user)
    assert html_lang(page) == "vi"
    expect(page.locator("h1.page-title")).to_contain_text(f"Xin chào, {user}")
    expect(page.get_by_test_id("language")).to_have_value("vi")

    with page.expect_navigation():
        page.get_by_test_id("language").select_option("en")
    assert html_lang(page) == "en"
    expect(page.get_by_test_id("language")).to_have_value("en")
    expect(page.locator("h1.page-title")).to_contain_text(f"Welcome, {user}")
    user.refresh_from_db()
    assert user.language == "en"

    # Sign out and back in, in the same browser: still English.
    logout(page)
    assert "/accounts/login/" in page.url
    login(page, user)
    assert html_lang(page) == "en"

    # A browser that has never seen this user (no language cookie): the login page is Vietnamese, and
    # signing in brings back the user's own choice, which is stored on their account.
    other = browsing.new_page()
    other.goto("/accounts/login/")
    expect_vietnamese_login_page(other)
    login(other, user)
    assert html_lang(other) == "en"
    expect(other.get_by_test_id("language")).to_have_value("en")
