"""Everyone sees exactly their organisation's scope; an outsider gets 404 in the pages and in the API."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LIST_URL, detail_url, listed_names

ALL_FOUR = {"Tỉnh ủy Thử nghiệm", "Đồn Biên phòng Ba Sơn", "Chi bộ Đồn Ba Sơn", "Đảng ủy xã Đồng Đăng"}


@pytest.mark.e2e
def test_border_post_reporter_sees_the_post_and_its_cell_only(page, world, login):
    login(page, world.a_reporter)
    expect(page.get_by_test_id("my-organisations")).to_contain_text("Đồn Biên phòng Ba Sơn")
    expect(page.get_by_test_id("my-organisations")).not_to_contain_text("Đồng Đăng")

    page.goto(LIST_URL)
    expect(page.get_by_test_id("total")).to_contain_text("2")
    assert sorted(listed_names(page)) == sorted(["Đồn Biên phòng Ba Sơn", "Chi bộ Đồn Ba Sơn"])
    expect(page.locator("#list-results")).not_to_contain_text("Đảng ủy xã Đồng Đăng")


@pytest.mark.e2e
def test_provincial_viewer_sees_all_four(page, world, login):
    login(page, world.p_viewer)
    expect(page.get_by_test_id("my-organisations")).to_contain_text("Tỉnh ủy Thử nghiệm")

    page.goto(LIST_URL)
    expect(page.get_by_test_id("total")).to_contain_text("4")
    assert set(listed_names(page)) == ALL_FOUR
    assert len(listed_names(page)) == 4


@pytest.mark.e2e
def test_outsider_typing_the_url_gets_404_in_page_and_api(page, world, live_server, login):
    login(page, world.b_admin)
    expect(page.get_by_test_id("my-organisations")).to_contain_text("Đảng ủy xã Đồng Đăng")

    response = page.goto(detail_url(world.a))
    assert response.status == 404
    assert "Ba Sơn" not in page.content()

    # The same signed-in browser session (its cookies) asks the API: still 404, and nothing leaks.
    api = page.request.get(f"{live_server.url}/api/orgs/organisations/{world.a.pk}/")
    assert api.status == 404
    assert "Ba Sơn" not in api.text()

    # Their own organisation answers normally, so the 404 above is the gate and not a broken page.
    response = page.goto(detail_url(world.b))
    assert response.status == 200
    expect(page.locator("h1.page-title")).to_contain_text("Đảng ủy xã Đồng Đăng")
