"""The coordination loop in a real browser: the provincial office assigns a task from an agreement clause to a
border post (lead) with two commune party committees (coordinating); each unit reports; the post asks for an
extension, which is approved; the post submits; the office accepts; the agreement shows the clause implemented."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.core.choices import Role
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Agreement, Clause, Organisation
from phoihop.work.models import Task
from tests.e2e.helpers import pick

TITLE = "Tổ chức tuần tra song phương đoạn mốc 1116–1117"


def report(page, task, progress, text):
    page.goto(f"/work/tasks/{task.pk}/")
    form = page.get_by_test_id("report-form")
    form.locator("input[name=progress]").fill(str(progress))
    form.locator("textarea[name=text]").fill(text)
    form.get_by_test_id("report-progress").click()
    expect(page.locator(".alert-success")).to_be_visible()


@pytest.mark.e2e
def test_assign_report_extend_submit_accept(browsing, world, login):
    commune_c = Organisation.objects.create(
        name="Đảng ủy xã Bảo Lâm", code="T-C", kind=world.kind, parent=world.province
    )
    b_reporter = make_user("b_reporter", world.b, Role.REPORTER)
    c_reporter = make_user("c_reporter", commune_c, Role.REPORTER)
    agreement = Agreement.objects.create(
        number="01-QC/TU", title="Quy chế phối hợp", owner=world.province, status="in_force"
    )
    agreement.parties.set([world.province, world.a, world.b, commune_c])
    Clause.objects.create(agreement=agreement, number=5, title="Quản lý, bảo vệ hệ thống mốc quốc giới")

    office, post, commune_b, commune_c_page = (browsing.new_page() for _ in range(4))
    login(office, world.p_admin)
    login(post, world.a_reporter)
    login(commune_b, b_reporter)
    login(commune_c_page, c_reporter)

    # the office assigns the task from the clause
    office.goto(f"/orgs/agreements/{agreement.pk}/")
    expect(office.locator('tr[data-clause="5"]')).to_have_attribute("data-activity", "0")
    office.get_by_test_id("assign-from-clause").click()
    office.fill("input[name=title]", TITLE)
    deadline = datetime.date.today() + datetime.timedelta(days=20)
    office.fill("input[name=deadline]", deadline.strftime("%d/%m/%Y"))
    pick(office, "lead", "ba son", world.a.name)  # typed without diacritics
    pick(office, "coordinating", "dong dang", world.b.name)
    pick(office, "coordinating", "Bảo Lâm", commune_c.name)
    office.get_by_test_id("save").click()
    expect(office.get_by_test_id("units")).to_contain_text(commune_c.name)
    task = Task.objects.get(title=TITLE)
    assert task.clause.number == 5 and task.source_kind == "clause"

    # each unit reports on its part
    report(post, task, 60, "Đã xây dựng kế hoạch, tuần tra 2 lần")
    report(commune_b, task, 100, "Đã cử 5 đảng viên tham gia")
    report(commune_c_page, task, 100, "Đã tuyên truyền tại 3 thôn")
    post.reload()
    expect(post.get_by_test_id("units")).to_contain_text("60%")

    # the post asks for an extension; the office approves it
    new_deadline = deadline + datetime.timedelta(days=15)
    extension = post.get_by_test_id("extension-form")
    extension.locator("input[name=requested_deadline]").fill(new_deadline.strftime("%d/%m/%Y"))
    extension.locator("textarea[name=reason]").fill("Mưa lũ, đường tuần tra sạt lở")
    extension.get_by_test_id("request-extension").click()
    expect(post.locator(".alert-success")).to_be_visible()
    office.goto(f"/work/tasks/{task.pk}/")
    office.get_by_test_id("approve-extension").click()
    expect(office.get_by_test_id("deadline")).to_have_text(new_deadline.strftime("%d/%m/%Y"))

    # the post submits, the office accepts
    post.goto(f"/work/tasks/{task.pk}/")
    post.get_by_test_id("submit-task").click()
    expect(post.locator(".alert-success")).to_be_visible()
    office.goto(f"/work/tasks/{task.pk}/")
    office.get_by_test_id("accept-task").click()
    # the post is at 60 %: the page names it and asks before accepting
    expect(office.get_by_test_id("accept-warning")).to_contain_text("60%")
    office.get_by_test_id("accept-anyway").click()
    expect(office.get_by_test_id("status")).to_have_text("Hoàn thành")
    task.refresh_from_db()
    assert (task.status, task.completed_on_time, task.deadline_in_force) == ("done", True, new_deadline)

    # the agreement page now shows the clause as implemented
    office.goto(f"/orgs/agreements/{agreement.pk}/")
    expect(office.locator('tr[data-clause="5"]')).to_have_attribute("data-activity", "1")
