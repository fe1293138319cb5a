"""Accessibility of the main pages in Chromium: axe-core (vendored, tests/e2e/vendor/axe-core) finds no serious or
critical violation on the login page nor, signed in as a border post's reporter, on the home page, the leadership
dashboard, the task list, a task's page and forms, the marker list, the border map, the figure-entry grid, a review
report's page, a list's search results, a document's page, the case list, a case's page and the crime
statistics, nor on the home page and dashboard of the province's
admin; and no page's headings skip a level (h1 → h3). A failure names each rule, its impact and the
elements (CSS selectors) that break it."""

import pytest

from phoihop.core.testing.crawl import build_crawl_data
from tests.e2e.conftest import describe_violations

#: parts of a page left out of the check, each with the reason; empty: every page is checked whole
EXCLUDED = {}


def main_pages(records):
    task, document, report = records["work.Task"], records["work.Document"], records["reports.Report"]
    case = records["security.Case"]
    return [
        ("home", "/"),
        ("dashboard", "/reports/dashboard/"),
        ("task list", "/work/tasks/"),
        ("task page", task.get_absolute_url()),
        ("task form", f"/work/tasks/{task.pk}/edit/"),
        ("new task form", "/work/tasks/add/"),
        ("marker list", "/border/markers/"),
        ("border map", "/border/map/"),
        ("figure entry grid", "/programs/figures/entry/"),
        ("report page", f"/reports/reports/{report.pk}/"),
        ("search results", "/work/tasks/?q=tu%E1%BA%A7n+tra"),
        ("document page", f"/work/documents/{document.pk}/"),
        ("case list", "/security/cases/"),
        ("case page", case.get_absolute_url()),
        ("crime statistics", "/security/statistics/"),
    ]


#: heading levels in page order, for the outline check (axe rates "heading-order" moderate, so it is checked here)
HEADINGS = (
    "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => [Number(h.tagName[1]), h.textContent.trim()])"
)


def heading_jumps(page):
    """Headings that skip a level below the one before them (h1 → h3): a screen reader's outline has a hole."""
    levels = page.evaluate(HEADINGS)
    return [f"h{a} → h{b} “{text}”" for (a, _), (b, text) in zip(levels, levels[1:], strict=False) if b > a + 1]


def check(page, axe, name, problems):
    violations = axe(page, exclude=EXCLUDED.get(name, ()))
    if violations:
        problems.append(f"{name} ({page.url}):\n{describe_violations(violations)}")
    jumps = heading_jumps(page)
    if jumps:
        problems.append(f"{name} ({page.url}): headings skip a level: {'; '.join(jumps)}")


@pytest.mark.e2e
def test_main_pages_have_no_serious_or_critical_violation(browsing, world, login, axe):
    records = build_crawl_data(world)
    page = browsing.new_page()
    problems = []

    page.goto("/accounts/login/")
    check(page, axe, "login", problems)

    login(page, world.a_reporter)
    for name, url in main_pages(records):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        check(page, axe, name, problems)

    # the province's admin sees more on the home page and the dashboard (every unit's panels, to-do items)
    admin = browsing.new_page()
    login(admin, world.p_admin)
    for name, url in (("home (province)", "/"), ("dashboard (province)", "/reports/dashboard/")):
        admin.goto(url)
        admin.wait_for_load_state("networkidle")
        check(admin, axe, name, problems)
    assert not problems, "axe-core, serious and critical violations:\n" + "\n".join(problems)


@pytest.mark.e2e
def test_the_check_fails_on_a_violation(browsing, axe):
    """The helper reports what it must: an image without text, a button without a name, a field without a label."""
    page = browsing.new_page()
    page.set_content(
        '<html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1>'
        '<img src="data:,"><button></button><input type="text"></main></body></html>'
    )
    found = {violation["id"] for violation in axe(page)}
    assert {"image-alt", "button-name", "label"} <= found, found


@pytest.mark.e2e
def test_the_outline_check_finds_a_skipped_level(browsing):
    page = browsing.new_page()
    page.set_content("<main><h1>Trang</h1><h2>Mục</h2><h3>Tiểu mục</h3><h2>Mục 2</h2><h4>Thẻ</h4></main>")
    assert heading_jumps(page) == ["h2 → h4 “Thẻ”"]
