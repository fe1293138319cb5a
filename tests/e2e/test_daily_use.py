"""Daily use in Chromium: the home page's "Việc cần xử lý" opens lists holding the number it shows; urging a
task's units from the task page; and the pages fit a tablet (800×1280) and a phone (390×844) with the menu
collapsed, wide tables scrolling inside their card."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.work import services
from phoihop.work.tests.factories import make_task

TODAY = datetime.date.today()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.e2e
def test_home_numbers_open_their_lists_and_urging_is_recorded(browsing, world, login):
    late = make_task(world, assigner=world.province, lead=world.a, deadline=TODAY + 5 * datetime.timedelta(days=1))
    make_task(world, assigner=world.province, lead=world.a, deadline=TODAY + 9 * datetime.timedelta(days=1))
    services.task_submit(acting_user=world.a_reporter, task=late)

    page = browsing.new_page()
    login(page, world.a_reporter)
    todo = page.get_by_test_id("todo")
    item = todo.locator("[data-todo=tasks_to_report]")
    expect(item).to_be_visible()
    count = int(item.get_attribute("data-count"))
    assert count == 1
    with page.expect_navigation():
        item.click()
    expect(page.get_by_test_id("total")).to_contain_text(str(count))
    expect(page.get_by_test_id("hidden-filter")).to_be_visible()

    approver = browsing.new_page()
    login(approver, world.p_admin)
    accept = approver.get_by_test_id("todo").locator("[data-todo=tasks_to_accept]")
    assert accept.get_attribute("data-count") == "1"
    with approver.expect_navigation():
        accept.click()
    with approver.expect_navigation():
        approver.locator("table a", has_text=late.title).first.click()
    # the other task still waits for the units: the assigner urges them from its page
    other = late.__class__.objects.exclude(pk=late.pk).get(assigned_by_org=world.province)
    approver.goto(other.get_absolute_url())
    with approver.expect_navigation():
        approver.get_by_test_id("urge-task").click()
    expect(approver.get_by_test_id("urges")).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [{"width": 800, "height": 1280}, {"width": 390, "height": 844}])
def test_pages_fit_a_tablet_and_a_phone(browsing, world, login, viewport):
    task = make_task(world, assigner=world.province, lead=world.a, deadline=TODAY + datetime.timedelta(days=5))
    page = browsing.new_page(viewport=viewport)
    login(page, world.p_admin)
    for url in ("/", "/work/tasks/", task.get_absolute_url(), "/reports/dashboard/", "/work/inbox/"):
        page.goto(url)
        assert page_width(page) <= viewport["width"], f"{url} is {page_width(page)} px wide"
    # the menu is collapsed behind its button and opens on a tap
    menu = page.locator("#navbar-menu")
    expect(menu).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(menu).to_be_visible()


@pytest.mark.e2e
@pytest.mark.parametrize("width", [1200, 1280])
def test_menu_fits_one_line_on_a_small_laptop(browsing, world, login, width):
    """From 1200 px the menu is open on one line: every group, the language switch and the user menu stay inside
    the window instead of being pushed off its right edge."""
    page = browsing.new_page(viewport={"width": width, "height": 800})
    login(page, world.p_admin)
    page.goto("/")
    expect(page.locator("#navbar-menu")).to_be_visible()
    assert page_width(page) <= width
    header = page.locator("header.navbar").bounding_box()
    assert header["height"] < 80, f"the menu wraps: header {header['height']} px high"
    for target in (
        page.get_by_test_id("language"),
        page.get_by_test_id("user-menu"),
        page.locator("#navbar-menu .nav-item").last,
    ):
        box = target.bounding_box()
        assert box["x"] + box["width"] <= width, f"{target} ends at {box['x'] + box['width']} px"
