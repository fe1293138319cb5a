"""Small page-reading helpers shared by the browser tests."""

from playwright.sync_api import Page

LIST_URL = "/orgs/organisations/"


def listed_names(page: Page) -> list[str]:
    """The organisation names shown in the list table (the name column is the only link to a detail page)."""
    links = page.locator("#list-results table tbody a[href^='/orgs/organisations/']")
    return [text.strip() for text in links.all_inner_texts()]


def detail_url(obj) -> str:
    return f"/orgs/organisations/{obj.pk}/"


# --- search pickers (phoihop.core.pickers, static/phoihop/picker.js) ------------------------------------------


def picker(scope, name: str):
    """The search picker of field ``name`` within ``scope`` (a page or a locator)."""
    return scope.locator(f"[data-picker-name='{name}']")


def picker_options(scope, name: str, search: str) -> list[str]:
    """The labels the picker of field ``name`` offers for ``search`` (typed as a person would)."""
    from playwright.sync_api import expect

    root = picker(scope, name)
    # forget which search the list last answered: the same words again (after another commune was chosen above
    # it) must wait for the new answer, not read the old one
    root.evaluate("r => { const l = r.querySelector('[role=listbox]'); if (l) l.removeAttribute('data-query'); }")
    box = root.locator("input[role=combobox]")
    box.click()
    box.fill(search)
    listbox = root.locator("[role=listbox]")
    expect(listbox).to_have_attribute("data-query", search.strip())  # the answer to exactly this search
    expect(listbox).to_be_visible()
    labels = root.locator("[role=option] .picker-label").all_inner_texts()
    box.press("Escape")
    return labels


def pick(scope, name: str, search: str, label: str | None = None) -> None:
    """Type ``search`` into the picker of field ``name`` and choose the match whose label is ``label`` (default:
    ``search``); several times for a multiple picker."""
    from playwright.sync_api import expect

    root = picker(scope, name)
    box = root.locator("input[role=combobox]")
    box.click()
    box.fill(search)
    expect(root.locator("[role=listbox]")).to_have_attribute("data-query", search.strip())
    option = root.locator("[role=option]").filter(has=root.page.locator(".picker-label", has_text=label or search))
    expect(option.first).to_be_visible()
    option.first.click()
    expect(root.locator("select option[selected]", has_text=label or search).first).to_be_attached()


def unpick(scope, name: str, label: str) -> None:
    """Remove ``label`` from the multiple picker of field ``name``."""
    root = picker(scope, name)
    root.locator(".picker-chip", has_text=label).locator("button").click()
