"""Small page-reading helpers shared by the browser tests."""

from playwright.sync_api import Page

LIST_URL = "/orgs/organisations/"


def listed_names(page: Page) -> list[str]:
    """The organisation names shown in the list table (the name column is the only link to a detail page)."""
    links = page.locator("#list-results table tbody a[href^='/orgs/organisations/']")
    return [text.strip() for text in links.all_inner_texts()]


def detail_url(obj) -> str:
    return f"/orgs/organisations/{obj.pk}/"
