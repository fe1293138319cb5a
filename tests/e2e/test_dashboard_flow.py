"""The leadership dashboard in a real browser, in Vietnamese: the provincial committee's admin opens the dashboard of
the province for this year, sees the task counts and the ECharts charts drawn (without a console error or a request
leaving the machine); the overdue number and a bar of the chart open the filtered task list holding the same count;
a task created meanwhile shows at once on reload (the cache is invalidated); post A's viewer sees only post A's
numbers, and asking for commune B's dashboard gets the "not found" page."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from phoihop.core.choices import Role
from phoihop.core.testing.world import make_user
from phoihop.work import services as task_services
from phoihop.work.choices import TaskStatus
from phoihop.work.tests.factories import make_task
from tests.e2e.test_offline import is_local

URL = "/reports/dashboard/"
DAY = datetime.timedelta(days=1)

# The walk needs overdue deadlines earlier in the same year as today; from 1 to 3 January there are none.
pytestmark = pytest.mark.skipif(
    timezone.localdate().timetuple().tm_yday <= 3, reason="needs a few days of the year behind today"
)


def vi(message):
    """The text in the default interface language (Vietnamese), as the page shows it."""
    with translation.override("vi"):
        return gettext(message)


def records(count):
    """The list's "N records" heading, in Vietnamese."""
    with translation.override("vi"):
        return ngettext("%(counter)s record", "%(counter)s records", count) % {"counter": count}


def in_year(days):
    """Today + ``days``, kept within this year (the dashboard counts the tasks due in the year)."""
    today = timezone.localdate()
    day = today + days * DAY
    return min(max(day, datetime.date(today.year, 1, 1)), datetime.date(today.year, 12, 31))


def watch(page):
    """Record console errors and page errors of ``page``; refuse (and record) every request to another host."""
    seen = {"errors": [], "outside": []}

    def route(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            seen["outside"].append(route.request.url)
            route.abort()

    page.context.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and seen["errors"].append(msg.text))
    page.on("pageerror", lambda error: seen["errors"].append(f"page error: {error}"))
    return seen


def number(page, link):
    """A number of the dashboard (``data-link``): its printed text and the raw count it carries."""
    return page.locator(f"[data-link='{link}']")


def expect_count(page, link, count, printed=True):
    """The number carries ``count`` and (unless it is a "list" link) prints it."""
    locator = number(page, link)
    expect(locator).to_have_attribute("data-count", str(count))
    if printed:
        expect(locator).to_have_text(str(count))


def open_dashboard(page, query=""):
    """The dashboard once its charts are drawn by ECharts (SVG renderer)."""
    response = page.goto(URL + query)
    assert response.status == 200
    wait_for_charts(page)
    return response


def wait_for_charts(page):
    charts = page.locator("[data-chart]")
    expect(charts).to_have_count(3)  # tasks by status, markers by condition, outreach by month
    for index in range(3):
        chart = charts.nth(index)
        expect(chart).to_have_attribute("data-drawn", "true")
        expect(chart.locator("svg, canvas").first).to_be_attached()
    assert page.evaluate("typeof window.echarts") == "object"


def listed_titles(page):
    return sorted(
        t.strip() for t in page.locator("#list-results table tbody a[href^='/work/tasks/']").all_inner_texts()
    )


def click_bar(page, chart_name, index):
    """Click bar ``index`` of the chart where a person would, once ECharts' grow animation has ended (Playwright
    waits for the bar to stand still), and wait for the page it opens."""
    chart = page.locator(f"[data-chart='{chart_name}']")
    colour = chart.evaluate(
        "(el, index) => echarts.getInstanceByDom(el).getOption().series[0].data[index].itemStyle.color", index
    )
    bar = chart.locator(f"svg path[fill='{colour}']")
    expect(bar).to_have_count(1)
    with page.expect_navigation():
        bar.click()


@pytest.mark.e2e
def test_leader_reads_the_dashboard_and_opens_the_lists(browsing, world, login):
    cache.clear()  # the live server runs in this process: start from an empty local-memory cache
    today = timezone.localdate()
    p_approver = make_user("p_approver", world.province, Role.APPROVER)
    b_reporter = make_user("b_reporter", world.b, Role.REPORTER)

    # tasks assigned by the province, due this year: A overdue, B overdue, A done, B done, A open; one of last year
    overdue_a = make_task(world, lead=world.a, deadline=in_year(-3), title="Tuần tra đoạn mốc 1116")
    overdue_b = make_task(world, lead=world.b, deadline=in_year(-5), title="Tuyên truyền tại thôn Nà Pồ")
    for lead, reporter, days in ((world.a, world.a_reporter, 20), (world.b, b_reporter, 10)):
        done = make_task(world, lead=lead, deadline=in_year(days))
        task_services.task_submit(acting_user=reporter, task=done)
        task_services.task_accept(acting_user=p_approver, task=done)
    make_task(world, lead=world.a, deadline=in_year(15))
    make_task(world, lead=world.a, deadline=datetime.date(today.year - 1, 6, 1))
    assert overdue_a.deadline_in_force < today and overdue_b.deadline_in_force < today

    leader = browsing.new_page()
    seen = watch(leader)
    login(leader, world.p_admin)

    # --- 1. the province's dashboard for this year (the defaults: the leader's organisation, the current year)
    open_dashboard(leader)
    assert vi("Leadership dashboard") != "Leadership dashboard"  # the page speaks Vietnamese
    expect(leader.locator("h1.page-title")).to_contain_text(vi("Leadership dashboard"))
    expect(leader.locator("h1.page-title")).to_contain_text(f"{world.province.name}, {today.year}")
    filters = leader.get_by_test_id("dashboard-filter")
    expect(filters.locator("select[name=organisation]")).to_have_value(str(world.province.pk))
    expect(filters.locator("select[name=year]")).to_have_value(str(today.year))
    expect_count(leader, "tasks-total", 5)
    expect_count(leader, "tasks-overdue", 2)
    expect_count(leader, "tasks-done", 2, printed=False)
    expect(leader.locator("[data-stat=on-time-rate]")).to_have_text("100,0%")  # Vietnamese decimal comma
    expect_count(leader, f"tasks-status-{TaskStatus.DONE}", 2)
    units = leader.get_by_test_id("tasks-by-unit")
    expect(units.locator("tr[data-unit]")).to_have_count(2)
    expect_count(leader, f"unit-{world.a.pk}-total", 3)
    expect_count(leader, f"unit-{world.a.pk}-overdue", 1)
    expect_count(leader, f"unit-{world.b.pk}-total", 2)
    expect_count(leader, f"unit-{world.b.pk}-overdue", 1)
    # the chart draws one bar per status, from the same numbers as the table
    bars = leader.locator("[data-chart=tasks]").evaluate(
        "el => echarts.getInstanceByDom(el).getOption().series[0].data.map(d => d.value)"
    )
    assert sum(bars) == 5

    # --- 2. the overdue number opens the task list filtered on it, with the same count
    with leader.expect_navigation():
        number(leader, "tasks-overdue").click()
    assert "/work/tasks/" in leader.url and "overdue=true" in leader.url
    expect(leader.get_by_test_id("total")).to_have_text(records(2))
    assert listed_titles(leader) == sorted([overdue_a.title, overdue_b.title])

    # back on the dashboard, the "done" bar of the chart opens the done tasks
    leader.go_back()
    assert leader.url.endswith(URL)
    wait_for_charts(leader)
    expect_count(leader, "tasks-overdue", 2)
    click_bar(leader, "tasks", TaskStatus.values.index(TaskStatus.DONE))
    assert "/work/tasks/" in leader.url and f"status={TaskStatus.DONE}" in leader.url
    expect(leader.get_by_test_id("total")).to_have_text(records(2))
    leader.go_back()
    wait_for_charts(leader)

    # --- 3. a task assigned meanwhile shows at once: the cached figures are not served any more
    leader.reload()
    wait_for_charts(leader)
    expect_count(leader, "tasks-total", 5)
    new_task = make_task(world, lead=world.a, deadline=in_year(30), title="Kiểm tra hệ thống mốc quốc giới")
    leader.reload()
    wait_for_charts(leader)
    expect_count(leader, "tasks-total", 6)
    expect_count(leader, f"unit-{world.a.pk}-total", 4)
    expect_count(leader, "tasks-overdue", 2)
    with leader.expect_navigation():
        number(leader, "tasks-total").click()
    expect(leader.get_by_test_id("total")).to_have_text(records(6))
    assert new_task.title in listed_titles(leader)
    leader.wait_for_load_state("networkidle")
    assert not seen["outside"], f"requests left the machine: {sorted(set(seen['outside']))}"
    assert not seen["errors"], seen["errors"]

    # --- 4. post A's viewer: the default scope is post A, and only A's numbers are there
    viewer = browsing.new_page()
    viewer_seen = watch(viewer)
    login(viewer, world.a_viewer)
    open_dashboard(viewer)
    expect(viewer.locator("h1.page-title")).to_contain_text(f"{world.a.name}, {today.year}")
    expect(viewer.get_by_test_id("dashboard-filter").locator("select[name=organisation]")).to_have_value(
        str(world.a.pk)
    )
    expect_count(viewer, "tasks-total", 4)
    expect_count(viewer, "tasks-overdue", 1)
    expect_count(viewer, "tasks-done", 1, printed=False)
    rows = viewer.get_by_test_id("tasks-by-unit").locator("tr[data-unit]")
    expect(rows).to_have_count(1)
    expect(rows).to_have_attribute("data-unit", str(world.a.pk))
    expect(viewer.get_by_test_id("tasks-by-unit")).not_to_contain_text(world.b.name)
    # commune B is not among the scopes offered, and its figures cannot be asked for
    options = viewer.get_by_test_id("dashboard-filter").locator("select[name=organisation] option")
    assert str(world.b.pk) not in options.evaluate_all("options => options.map(o => o.value)")
    with viewer.expect_navigation():
        number(viewer, "tasks-overdue").click()
    expect(viewer.get_by_test_id("total")).to_have_text(records(1))
    assert listed_titles(viewer) == [overdue_a.title]
    viewer.wait_for_load_state("networkidle")
    assert not viewer_seen["outside"], viewer_seen["outside"]
    assert not viewer_seen["errors"], viewer_seen["errors"]

    response = viewer.goto(f"{URL}?organisation={world.b.pk}&year={today.year}")
    assert response.status == 404
    expect(viewer.get_by_test_id("error-404")).to_be_visible()
    expect(viewer).to_have_title(re.compile(re.escape(vi("Not found"))))
    expect(viewer.locator("[data-chart]")).to_have_count(0)
    assert world.b.name not in viewer.content()
