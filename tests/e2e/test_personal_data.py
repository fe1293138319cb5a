"""People's personal data in the browser: the first page of it asks why, comes back, filters the list in place
(htmx), and the post's admin reads the access log without the person's name."""

import pytest
from playwright.sync_api import expect

from phoihop.accounts.models import Membership
from phoihop.programs.tests.factories import make_commune, make_house, make_household

HEAD = "Hoàng Văn Riêng Tư"


@pytest.mark.e2e
def test_the_purpose_is_asked_once_and_the_admin_reads_the_log(browsing, world, login):
    Membership.objects.filter(user=world.a_reporter).update(personal_data=True)
    commune = make_commune("T20971", "Bảo Lâm")
    household = make_household(make_house(world.a, commune), head_name=HEAD)

    reporter = browsing.new_page()
    login(reporter, world.a_reporter)
    reporter.goto("/programs/households/")
    expect(reporter.get_by_test_id("purpose-form")).to_be_visible()
    reporter.select_option("select[name=purpose]", value="policy")
    reporter.fill("input[name=note]", "Hỗ trợ nhà ở năm 2026")
    with reporter.expect_navigation():
        reporter.get_by_test_id("purpose-continue").click()
    assert reporter.url.endswith("/programs/households/")
    expect(reporter.locator("#list-results")).to_contain_text(HEAD)
    expect(reporter.get_by_test_id("personal-data-purpose")).to_contain_text("Giải quyết chế độ, chính sách")
    # the filter panel refreshes the table in place: still logged, not asked again
    reporter.fill("input[name=q]", "rieng tu")
    expect(reporter.get_by_test_id("total")).to_contain_text("1")
    reporter.goto(f"/programs/households/{household.pk}/")
    expect(reporter.locator("h1.page-title")).to_contain_text(HEAD)

    admin = browsing.new_page()
    login(admin, world.a_admin)
    admin.goto("/audit/personal-data-access/")
    table = admin.locator("#list-results")
    expect(table).to_contain_text(f"Hộ gia đình #{household.pk}")
    expect(table).to_contain_text("Xem trang chi tiết")
    expect(table).to_contain_text("Hỗ trợ nhà ở năm 2026")
    expect(table).not_to_contain_text(HEAD)
