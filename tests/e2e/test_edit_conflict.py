"""Two admins edit the same organisation at once: the second save is refused with the current data
shown, and the first change survives."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import detail_url

FIRST_NAME = "Chi bộ Đồn Ba Sơn (sửa bởi đồn)"
SECOND_NAME = "Chi bộ Đồn Ba Sơn (sửa bởi tỉnh)"


@pytest.mark.e2e
def test_second_save_sees_the_conflict_and_first_change_survives(browsing, world, login):
    cell = world.a1
    first, second = browsing.new_page(), browsing.new_page()  # two contexts: two separate sessions
    login(first, world.a_admin)
    login(second, world.p_admin)

    edit_url = f"{detail_url(cell)}edit/"
    for page in (first, second):
        response = page.goto(edit_url)
        assert response.status == 200
        expect(page.locator("input[name=name]")).to_have_value("Chi bộ Đồn Ba Sơn")

    first.fill("input[name=name]", FIRST_NAME)
    with first.expect_navigation() as navigation:
        first.get_by_test_id("save").click()
    assert navigation.value.status == 200
    assert first.url.endswith(detail_url(cell))
    expect(first.locator("h1.page-title")).to_contain_text(FIRST_NAME)

    second.fill("input[name=name]", SECOND_NAME)
    with second.expect_navigation() as navigation:
        second.get_by_test_id("save").click()
    assert navigation.value.status == 409
    expect(second.get_by_test_id("form-errors")).to_be_visible()
    current = second.get_by_test_id("current-version")
    expect(current).to_be_visible()
    expect(current).to_contain_text(FIRST_NAME)
    expect(current).to_contain_text(str(world.a_admin))  # who saved it
    # The second user's typing is kept in the form so they can merge it by hand.
    expect(second.locator("input[name=name]")).to_have_value(SECOND_NAME)

    cell.refresh_from_db()
    assert cell.name == FIRST_NAME
    assert cell.updated_by_id == world.a_admin.pk
