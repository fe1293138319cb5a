"""The list's search box ignores case and Vietnamese diacritics."""

import unicodedata

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LIST_URL, listed_names


@pytest.mark.e2e
def test_search_without_diacritics_or_in_capitals_finds_ba_son(page, world, login):
    login(page, world.p_viewer)  # sees all four organisations, so the search really has to filter
    page.goto(LIST_URL)
    expect(page.get_by_test_id("total")).to_contain_text("4")

    for query in ("ba son", "BA SƠN", unicodedata.normalize("NFD", "Ba Sơn")):
        page.fill("input[name=q]", query)
        with page.expect_navigation():
            page.get_by_test_id("filter").click()
        results = page.locator("#list-results")
        expect(results).to_contain_text("Đồn Biên phòng Ba Sơn")
        expect(results).not_to_contain_text("Đảng ủy xã Đồng Đăng")
        expect(page.get_by_test_id("total")).to_contain_text("2")
        names = listed_names(page)
        assert "Đồn Biên phòng Ba Sơn" in names, (query, names)
        assert "Đảng ủy xã Đồng Đăng" not in names, (query, names)
        # the box keeps the query, composed (NFC) as every incoming text is
        assert page.input_value("input[name=q]") == unicodedata.normalize("NFC", query)
