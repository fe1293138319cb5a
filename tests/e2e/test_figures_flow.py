"""The periodic-figures flow in a real browser, in Vietnamese: a border post's reporter enters this month's value
of a programme indicator typed the Vietnamese way (3.840,5 ha), saves it as a draft and submits it; the provincial
command's admin approves it from the approval queue; the value is then locked for the post (a disabled box, no
edit link, 409 with the lock message on the edit page, a forced post changes nothing); the programme's progress
page counts it in the official and cumulative totals, draws its charts with ECharts and its map with Leaflet,
without a console error and without a request leaving the machine."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.services import locked_message
from phoihop.programs.tests.factories import (
    make_commune,
    make_forest_plot,
    make_indicator,
    make_programme,
    make_target,
)
from tests.e2e.helpers import pick
from tests.e2e.test_offline import is_local

VALUE_TYPED = "3.840,5"
EARLIER = Decimal("1250")  # approved in June of last year
LOCKED = "This value has been approved and is locked. Ask the approver to reopen it."


def vi(message):
    """The text in the default interface language (Vietnamese), as the page shows it."""
    with translation.override("vi"):
        return gettext(message) if isinstance(message, str) else str(message)


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
    page.on("request", lambda request: is_local(request.url) or seen["outside"].append(request.url))
    return seen


def click_and_wait(page, locator):
    with page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def open_progress(page, programme, indicator):
    """The progress page once its charts and its map are drawn; the indicator's row of the table."""
    response = page.goto(f"/programs/programmes/{programme.pk}/progress/")
    assert response.status == 200
    charts = page.locator("[data-chart]")
    expect(charts).to_have_count(3)  # by period, by year, by organisation
    for index in range(3):
        chart = charts.nth(index)
        expect(chart).to_have_attribute("data-drawn", "true")
        expect(chart.locator("svg").first).to_be_attached()  # ECharts' SVG renderer drew it
    assert page.evaluate("typeof window.echarts") == "object"
    the_map = page.get_by_test_id("progress-map")
    expect(the_map).to_have_attribute("data-loaded", "true")
    expect(the_map).to_have_class(re_word("leaflet-container"))
    expect(the_map.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").first).to_be_attached()
    expect(page.get_by_test_id("map-summary")).not_to_have_text(vi("Loading…"))
    return page.get_by_test_id("indicator-table").locator(f"tr[data-indicator='{indicator.code}']")


def number_in(locator, attribute):
    """The raw (unlocalised) number a table row carries in ``attribute``."""
    return Decimal(locator.get_attribute(attribute))


def re_word(word):
    return re.compile(rf"\b{re.escape(word)}\b")


@pytest.mark.e2e
def test_enter_submit_approve_lock_and_progress(browsing, world, login):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    programme = make_programme(
        world.province,
        code="CT-661",
        name="Trồng và bảo vệ rừng phòng hộ biên giới",
        start_date=datetime.date(today.year - 1, 1, 1),
        participants=[world.a],
    )
    indicator = make_indicator(
        programme, code="DT-RT", name="Diện tích rừng trồng mới", unit="ha", decimals=1, period_type=PeriodType.MONTH
    )
    make_target(indicator, year=today.year, value=Decimal("10000"))
    PeriodicFigure.objects.create(  # an earlier approved value: the cumulative total starts from it
        indicator=indicator,
        organisation=world.a,
        period_type=PeriodType.MONTH,
        period_start=datetime.date(today.year - 1, 6, 1),
        value=EARLIER,
        status=FigureStatus.APPROVED,
    )
    commune = make_commune("90661", "Xã Bảo Lâm")
    make_forest_plot(world.a, commune, programme=programme, latitude=Decimal("21.85"), longitude=Decimal("106.76"))

    post = browsing.new_page()
    login(post, world.a_reporter)
    command = browsing.new_page()
    seen = watch(command)
    login(command, world.p_admin)

    # --- 1. the post's reporter picks A / the programme / this month, types 3.840,5, saves a draft, submits
    post.goto("/programs/figures/entry/")
    choose = post.get_by_test_id("entry-select")
    pick(choose, "organisation", "ba son", world.a.name)
    pick(choose, "programme", "rung phong ho", programme.name)
    choose.locator("select[name=period_type]").select_option(PeriodType.MONTH.value)
    choose.locator("input[name=period]").fill(this_month.strftime("%m/%Y"))
    response = click_and_wait(post, choose.locator("button[type=submit]"))
    assert response.status == 200
    entry_url = post.url
    grid = post.get_by_test_id("entry-grid")
    row = grid.locator(f"tr[data-indicator='{indicator.code}']")
    box = row.locator(f"input[name=value_{indicator.pk}]")
    expect(row).to_have_attribute("data-editable", "1")
    expect(box).to_be_editable()
    box.fill(VALUE_TYPED)
    response = click_and_wait(post, grid.get_by_test_id("save"))
    assert response.status == 200
    expect(post.locator(".alert-success")).to_be_visible()
    figure = PeriodicFigure.objects.get(indicator=indicator, period_start=this_month)
    assert (figure.organisation, figure.value, figure.status) == (world.a, Decimal("3840.5"), FigureStatus.DRAFT)
    expect(box).to_have_value(VALUE_TYPED)  # printed back the Vietnamese way

    response = click_and_wait(post, grid.get_by_test_id("submit-all"))
    assert response.status == 200
    expect(post.locator(".alert-success")).to_be_visible()
    figure.refresh_from_db()
    assert (figure.status, figure.submitted_by) == (FigureStatus.SUBMITTED, world.a_reporter)
    expect(box).to_be_disabled()  # waiting for approval: no longer the post's to change

    # the progress page before the approval: the submitted value is pending, not counted
    before = open_progress(command, programme, indicator)
    assert number_in(before, "data-cumulative") == EARLIER
    expect(before.locator("[data-col=cumulative]")).to_have_text("1.250")
    expect(before.locator("[data-col=official]")).to_have_text("0")
    expect(before.locator("[data-col=pending]")).to_contain_text(VALUE_TYPED)
    cumulative_before = before.locator("[data-col=cumulative]").inner_text()

    # --- 2. the provincial command's admin approves it from the queue
    command.goto("/programs/figures/approvals/")
    queue = command.get_by_test_id("approval-queue")
    line = queue.locator(f"tr[data-figure='{figure.pk}']")
    expect(line).to_contain_text(f"{VALUE_TYPED} ha")
    expect(line).to_contain_text(world.a.name)
    # the "select all" box (a data attribute handled by static/phoihop/behaviours.js: no inline script)
    queue.get_by_role("checkbox", name="Chọn tất cả").check()
    expect(line.locator("input[name=figures]")).to_be_checked()
    response = click_and_wait(command, queue.get_by_test_id("approve-selected"))
    assert response.status == 200
    expect(command.locator(".alert-success")).to_be_visible()
    expect(command.get_by_test_id("empty")).to_be_visible()  # nothing else waiting
    figure.refresh_from_db()
    assert (figure.status, figure.approved_by, figure.value) == (
        FigureStatus.APPROVED,
        world.p_admin,
        Decimal("3840.5"),
    )

    # --- 3. the post can no longer change it
    post.goto(entry_url)
    expect(row).to_have_attribute("data-editable", "0")
    expect(box).to_be_disabled()
    expect(box).to_have_value(VALUE_TYPED)
    # even a box re-enabled by hand changes nothing: the server keeps the approved value
    box.evaluate("input => { input.disabled = false; }")
    box.fill("9.999")
    response = click_and_wait(post, grid.get_by_test_id("save"))
    assert response.status == 200
    expect(box).to_be_disabled()
    expect(box).to_have_value(VALUE_TYPED)

    response = post.goto(f"/programs/figures/{figure.pk}/")
    assert response.status == 200
    expect(post.get_by_test_id("status")).to_have_attribute("data-status", FigureStatus.APPROVED.value)
    expect(post.get_by_test_id("value")).to_have_text(VALUE_TYPED)
    assert vi(LOCKED) != LOCKED  # the message is translated: the page speaks Vietnamese
    expect(post.get_by_test_id("locked-note")).to_have_text(vi(LOCKED))
    for test_id in ("edit", "delete", "submit"):
        expect(post.get_by_test_id(test_id)).to_have_count(0)

    response = post.goto(f"/programs/figures/{figure.pk}/edit/")
    assert response.status == 409
    expect(post.get_by_test_id("form-errors")).to_have_text(vi(locked_message(FigureStatus.APPROVED)))
    expect(post.locator("input[name=value]")).to_be_disabled()
    figure.refresh_from_db()
    assert (figure.status, figure.value) == (FigureStatus.APPROVED, Decimal("3840.5"))

    # --- 4. the progress page counts it: 1.250 + 3.840,5 = 5.090,5 since the start
    after = open_progress(command, programme, indicator)
    assert number_in(after, "data-cumulative") == EARLIER + Decimal("3840.5")
    expect(after.locator("[data-col=cumulative]")).to_have_text("5.090,5")
    expect(after.locator("[data-col=official]")).to_have_text(VALUE_TYPED)
    expect(after.locator("[data-col=target]")).to_contain_text("10.000")
    expect(after.locator("[data-col=percent]")).to_have_text("38,4")
    assert after.locator("[data-col=cumulative]").inner_text() != cumulative_before
    organisation_row = command.get_by_test_id("organisation-table").locator(f"tr[data-organisation='{world.a.pk}']")
    assert number_in(organisation_row, "data-official") == Decimal("3840.5")
    command.wait_for_load_state("networkidle")

    assert not seen["outside"], f"requests left the machine: {sorted(set(seen['outside']))}"
    assert not seen["errors"], seen["errors"]
