"""The interface works without the internet: every request a page makes goes to our own server; and under the
Content-Security-Policy (script-src 'self', phoihop/core/middleware.py) the main pages load with no violation."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import LIST_URL, detail_url

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@pytest.mark.e2e
def test_pages_load_only_local_resources(page, world, login):
    requested, blocked, failed, bad_status, console_errors, css = [], [], [], [], [], []
    csp_violations = []

    def route(route):
        # An outside request is recorded and refused at once (the test machine may be offline too).
        if is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", route)
    page.on("request", lambda request: requested.append(request.url))
    # A navigation cancels what the previous page still loads (often its favicon): Chromium reports
    # net::ERR_ABORTED for it. That is not a missing resource; a missing one answers 4xx/5xx below.
    page.on(
        "requestfailed",
        lambda request: request.failure != "net::ERR_ABORTED" and failed.append(f"{request.url} {request.failure}"),
    )
    page.on("response", lambda r: r.status >= 400 and bad_status.append(f"{r.url} {r.status}"))
    page.on("console", lambda msg: msg.type == "error" and console_errors.append(msg.text))
    # Chromium reports each blocked script, style, image or eval in the console, naming the policy
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and csp_violations.append(f"{page.url}: {msg.text}"),
    )
    page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
    page.on("response", lambda r: "tabler.min.css" in r.url and css.append(r.status))

    login(page, world.a_reporter)
    expect(page.get_by_test_id("my-organisations")).to_contain_text("Đồn Biên phòng Ba Sơn")
    # Tabler's stylesheet and script and htmx are served and applied.
    assert css and all(status in (200, 304) for status in css), css
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    assert page.evaluate("typeof window.htmx") == "object"
    policy = page.evaluate("fetch('/').then(r => r.headers.get('Content-Security-Policy'))")
    assert "script-src 'self';" in policy, policy

    # the main pages: their scripts (charts, map, pickers, htmx) run under the policy
    for url, ready in (
        ("/work/tasks/", "#list-results"),
        ("/border/map/", ".leaflet-container"),  # map.js has drawn Leaflet
        ("/reports/dashboard/", "main .page-title"),
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        expect(page.locator(ready).first).to_be_attached()
    charts = page.locator("[data-chart]")
    for index in range(charts.count()):  # dashboard.js has drawn each ECharts chart
        expect(charts.nth(index)).to_have_attribute("data-drawn", "true")
    page.goto("/work/tasks/")
    with page.expect_response(lambda r: "q=" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("#filter-form input[name=q]").press_sequentially("tuan")  # htmx refreshes the list (no eval)
    assert not csp_violations, csp_violations

    page.goto(LIST_URL)
    expect(page.get_by_test_id("total")).to_contain_text("2")

    page.goto(detail_url(world.a))
    expect(page.get_by_test_id("children")).to_contain_text("Chi bộ Đồn Ba Sơn")

    page.goto("/orgs/organisations/tree/")
    tree = page.get_by_test_id("tree")
    expect(tree).to_contain_text("Đồn Biên phòng Ba Sơn")
    expect(tree).not_to_contain_text("Chi bộ Đồn Ba Sơn")  # branches open lazily
    page.wait_for_function("typeof window.htmx === 'object'")
    post = tree.locator("li.node").filter(has=page.locator("a", has_text="Đồn Biên phòng Ba Sơn")).first
    with page.expect_response(lambda r: f"parent={world.a.pk}" in r.url) as branch:
        post.get_by_role("button").first.click()
    assert branch.value.status == 200
    expect(post.locator(".children").first).to_contain_text("Chi bộ Đồn Ba Sơn")

    page.goto("/api/docs/")
    # the schema (1 MB) is generated on request: several seconds on a busy machine
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("phoihop API", timeout=60_000)
    page.wait_for_load_state("networkidle")

    assert requested, "no request was recorded"
    outside = [url for url in requested if not is_local(url)]
    assert not outside and not blocked, f"requests left the machine: {sorted(set(outside + blocked))}"
    assert not failed, failed
    assert not bad_status, bad_status
    resource_errors = [text for text in console_errors if "Failed to load resource" in text or "net::" in text]
    assert not resource_errors, resource_errors
    assert not console_errors, console_errors
    assert not csp_violations, csp_violations
