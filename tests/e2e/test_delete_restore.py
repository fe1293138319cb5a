"""An admin adds an organisation, deletes it, restores it from the recycle bin, and sees both in its history."""

import re

import pytest
from playwright.sync_api import expect

from phoihop.orgs.models import Organisation
from tests.e2e.helpers import LIST_URL, detail_url, listed_names

NAME = "Tổ công tác Mốc 1119"


@pytest.mark.e2e
def test_delete_then_restore_from_recycle_bin(page, world, login):
    # The badges of the history table are asserted in English, so this user works in English.
    type(world.a_admin).objects.filter(pk=world.a_admin.pk).update(language="en")
    login(page, world.a_admin)

    # Create the organisation (no children) under the border post through the add form.
    page.goto(f"/orgs/organisations/add/?parent={world.a.pk}")
    page.fill("input[name=name]", NAME)
    page.fill("input[name=code]", "T-A-M1119")
    page.select_option("select[name=kind]", label="Test kind")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    org = Organisation.objects.get(code="T-A-M1119")
    assert org.parent_id == world.a.pk
    assert page.url.endswith(detail_url(org))

    # Delete it.
    page.get_by_test_id("delete").click()
    page.wait_for_url(f"**{detail_url(org)}delete/")
    with page.expect_navigation():
        page.get_by_test_id("confirm-delete").click()
    assert page.url.endswith(LIST_URL)
    expect(page.locator(".alert-success")).to_contain_text(NAME)
    assert NAME not in listed_names(page)
    assert not Organisation.objects.filter(pk=org.pk).exists()
    assert page.goto(detail_url(org)).status == 404

    # Restore it from the recycle bin.
    page.goto("/audit/recycle-bin/")
    row = page.locator("tr").filter(has_text=NAME)
    expect(row).to_have_count(1)
    with page.expect_navigation():
        row.get_by_test_id("restore").click()
    expect(page.locator(".alert-success")).to_contain_text(NAME)
    expect(page.locator("tr").filter(has_text=NAME)).to_have_count(0)

    page.goto(LIST_URL)
    assert NAME in listed_names(page)
    assert Organisation.objects.filter(pk=org.pk).exists()

    # Its history lists the creation, the delete and the restore, each by this admin.
    assert page.goto(detail_url(org)).status == 200
    with page.expect_navigation():
        page.get_by_test_id("history-tab").click()
    history = page.get_by_test_id("history")
    for action in ("Created", "Deleted", "Restored"):
        badge = page.locator(".badge", has_text=re.compile(f"^{action}$"))
        row = history.locator("tbody tr").filter(has=badge)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(str(world.a_admin))
