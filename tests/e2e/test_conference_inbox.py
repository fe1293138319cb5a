"""From a review conference to the units' work lists in a real browser: the provincial office records the interim
review of a coordination agreement, adds a conclusion and makes it a task led by the border post with the commune
coordinating, due in 3 days; the post sees it in "we lead", counted as due within 7 days, on the right day of its
calendar and in its private .ics feed; the commune sees it under "we coordinate"."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.core.choices import Role
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Agreement
from phoihop.work.models import Conclusion, ReviewConference, Task
from tests.e2e.helpers import pick

CONCLUSION = "Tăng cường tuần tra song phương đoạn biên giới xã Đồng Đăng trong quý IV"


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def ics_events(body: str) -> list[dict]:
    """The VEVENTs of an .ics body as {property: value} (folded lines joined, text values unescaped)."""
    unfolded = body.replace("\r\n ", "")
    events = []
    for block in unfolded.split("BEGIN:VEVENT")[1:]:
        event = {}
        for line in block.split("END:VEVENT")[0].strip().split("\r\n"):
            name, _sep, value = line.partition(":")
            event[name] = value.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\\\", "\\")
        events.append(event)
    return events


@pytest.mark.e2e
def test_conference_conclusion_becomes_task_in_the_units_inboxes(browsing, world, login):
    b_reporter = make_user("b_reporter", world.b, Role.REPORTER)
    agreement = Agreement.objects.create(
        number="01-QC/TU", title="Quy chế phối hợp quản lý, bảo vệ biên giới", owner=world.province, status="in_force"
    )
    agreement.parties.set([world.province, world.a, world.b])
    today = datetime.date.today()
    held_on = today - datetime.timedelta(days=1)
    deadline = today + datetime.timedelta(days=3)

    office, post, commune = browsing.new_page(), browsing.new_page(), browsing.new_page()
    login(office, world.p_admin)
    login(post, world.a_reporter)
    login(commune, b_reporter)

    # --- the office records the interim review conference
    office.goto("/work/conferences/")
    office.get_by_test_id("add").click()
    office.wait_for_url("**/work/conferences/add/")
    pick(office, "agreement", agreement.number)
    office.select_option("select[name=kind]", value="interim")
    office.fill("input[name=held_on]", dmy(held_on))
    office.fill("input[name=level]", "Cấp tỉnh")
    office.fill("input[name=period_from]", "01/01/2025")
    office.fill("input[name=period_to]", "30/06/2025")
    office.fill("input[name=participants_count]", "35")
    office.fill("textarea[name=summary]", "Sơ kết 6 tháng thực hiện Quy chế phối hợp")
    with office.expect_navigation():
        office.get_by_test_id("save").click()
    conference = ReviewConference.objects.get()
    assert office.url.endswith(f"/work/conferences/{conference.pk}/")
    assert (conference.agreement, conference.kind, conference.held_on) == (agreement, "interim", held_on)
    expect(office.get_by_test_id("parties")).to_contain_text(world.b.name)

    # --- adds its first conclusion (number proposed by the page)
    office.get_by_test_id("add-conclusion").click()
    office.wait_for_url("**/work/conclusions/add/**")
    expect(office.locator("select[name=conference]")).to_have_value(str(conference.pk))
    expect(office.locator("input[name=number]")).to_have_value("1")
    office.fill("textarea[name=text]", CONCLUSION)
    with office.expect_navigation():
        office.get_by_test_id("save").click()
    conclusion = Conclusion.objects.get()
    assert (conclusion.conference, conclusion.number, conclusion.text) == (conference, 1, CONCLUSION)

    # --- back on the conference page, "Make a task" on that conclusion: A leads, B coordinates, due in 3 days
    office.get_by_test_id("conference-link").click()
    office.wait_for_url(f"**/work/conferences/{conference.pk}/**")
    row = office.locator('tr[data-conclusion="1"]')
    expect(row.get_by_test_id("conclusion-tasks")).to_contain_text("—")
    row.get_by_test_id("make-task-toggle").click()
    form = row.get_by_test_id("make-task-form")
    form.locator("select[name=lead]").select_option(value=str(world.a.pk))
    form.locator("select[name=coordinating]").select_option(value=[str(world.b.pk)])
    form.locator("input[name=deadline]").fill(dmy(deadline))
    with office.expect_navigation():
        form.locator("button[type=submit]").click()
    task = Task.objects.get()
    assert office.url.endswith(f"/work/tasks/{task.pk}/")
    assert (task.title, task.conclusion, task.source_kind) == (CONCLUSION, conclusion, "conclusion")
    assert (task.assigned_by_org, task.deadline_in_force) == (world.province, deadline)
    expect(office.get_by_test_id("deadline")).to_have_text(dmy(deadline))
    units = office.get_by_test_id("units")
    expect(units.locator("tr[data-unit]")).to_have_count(2)
    expect(units.locator('tr[data-unit="T-A"]')).to_contain_text("Đơn vị chủ trì")  # the lead's badge
    expect(units.locator('tr[data-unit="T-B"] .badge')).to_have_count(0)
    assert {(u.organisation.code, u.role) for u in task.units.select_related("organisation")} == {
        ("T-A", "lead"),
        ("T-B", "coordinating"),
    }
    office.goto(f"/work/conferences/{conference.pk}/")
    expect(office.locator('tr[data-conclusion="1"]').get_by_test_id("conclusion-tasks")).to_contain_text(CONCLUSION)

    # --- the post: "we lead" (the default tab), due within 7 days
    post.goto("/work/inbox/")
    lead_tab = post.locator("a.nav-link[href='?tab=lead']")
    expect(lead_tab).to_have_class("nav-link active")
    expect(lead_tab.locator(".badge")).to_have_text("1")
    expect(post.locator("a.nav-link[href='?tab=coordinating'] .badge")).to_have_text("0")
    due_soon = int(post.locator("[data-count=due_soon]").inner_text())
    assert due_soon >= 1
    expect(post.locator("[data-count=overdue]")).to_have_text("0")
    table = post.get_by_test_id("inbox-table")
    expect(table.locator(f"a[href='/work/tasks/{task.pk}/']")).to_have_text(CONCLUSION)
    expect(table).to_contain_text(dmy(deadline))

    # --- its calendar shows the deadline on the right day (the next month's page if it falls there)
    post.locator(".page-header a[href='/work/calendar/']").click()
    post.wait_for_url("**/work/calendar/")
    if (deadline.year, deadline.month) != (today.year, today.month):
        post.locator(f"a[href='?month={deadline:%Y-%m}']").click()
        post.wait_for_url(f"**/work/calendar/?month={deadline:%Y-%m}")
    calendar = post.get_by_test_id("calendar")
    day = calendar.get_by_test_id(f"day-{deadline:%Y-%m-%d}")
    expect(day.locator("a[data-kind=task]")).to_have_text(f"Thời hạn: {CONCLUSION}")
    expect(day.locator("a[data-kind=task]")).to_have_attribute("href", f"/work/tasks/{task.pk}/")
    expect(calendar.locator("a[data-kind=task]")).to_have_count(1)

    # --- creates its private calendar link and fetches the feed as a calendar application would
    expect(post.get_by_test_id("feed-url")).to_have_count(0)
    with post.expect_navigation():
        post.get_by_test_id("new-feed").click()
    expect(post.locator(".alert-success")).to_be_visible()
    feed_url = post.get_by_test_id("feed-url").inner_text().strip()
    world.a_reporter.refresh_from_db()
    assert feed_url.endswith(f"/work/calendar/{world.a_reporter.calendar_token}.ics")
    response = post.request.get(feed_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.rstrip().endswith("END:VCALENDAR")
    tasks = [e for e in ics_events(body) if e.get("UID") == f"task-{task.pk}@phoihop"]
    assert len(tasks) == 1
    assert tasks[0]["SUMMARY"] == f"Thời hạn: {CONCLUSION}"
    assert tasks[0]["DTSTART;VALUE=DATE"] == f"{deadline:%Y%m%d}"
    assert tasks[0]["URL"].endswith(f"/work/tasks/{task.pk}/")
    # the secret link works without a session (a calendar application has none)
    anonymous = browsing.new_page()
    assert CONCLUSION in anonymous.request.get(feed_url).text().replace("\r\n ", "")

    # --- the commune: "we coordinate"
    commune.goto("/work/inbox/")
    expect(commune.locator("a.nav-link[href='?tab=lead'] .badge")).to_have_text("0")
    expect(commune.get_by_test_id("inbox-table")).not_to_contain_text(CONCLUSION)
    coordinating_tab = commune.locator("a.nav-link[href='?tab=coordinating']")
    expect(coordinating_tab.locator(".badge")).to_have_text("1")
    coordinating_tab.click()
    commune.wait_for_url("**/work/inbox/?tab=coordinating")
    expect(coordinating_tab).to_have_class("nav-link active")
    expect(commune.get_by_test_id("inbox-table").locator(f"a[href='/work/tasks/{task.pk}/']")).to_have_text(CONCLUSION)
    assert int(commune.locator("[data-count=due_soon]").inner_text()) >= 1
