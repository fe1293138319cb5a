"""Search pickers in a real browser: on the inspection list a reporter types a marker's number into the filter
panel, picks it with the keyboard and the list shows only its inspections; on the task form the office types a
unit's name without diacritics, the abolished district committee is not offered, and the task is saved with the
unit it picked."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from phoihop.border.models import Inspection, Marker
from phoihop.orgs.models import Organisation
from phoihop.work.models import Task
from tests.e2e.helpers import pick, picker, picker_options


def make_marker(post, number):
    marker = Marker(post=post, number=number, latitude=Decimal("21.95"), longitude=Decimal("106.70"))
    marker.full_clean()
    marker.save()
    return marker


@pytest.mark.e2e
def test_filter_the_inspection_list_by_a_picked_marker(browsing, world, login):
    day = datetime.date(2025, 6, 2)
    markers = {number: make_marker(world.a, number) for number in ("1116", "1117", "1118")}
    for number, marker in markers.items():
        Inspection.objects.create(
            marker=marker, inspected_on=day, inspecting_unit=world.a, condition="intact", notes=f"Kiểm tra {number}"
        )
    make_marker(world.b, "1119")  # commune B's: never offered to post A

    page = browsing.new_page()
    login(page, world.a_viewer)
    page.goto("/border/inspections/")
    rows = page.locator("#list-results table tbody tr")
    expect(rows).to_have_count(3)

    root = picker(page, "marker")
    box = root.get_by_role("combobox")
    expect(box).to_have_accessible_name(re.compile("cột mốc", re.IGNORECASE))  # the field's label names the search box
    box.click()
    box.fill("111")
    listbox = root.get_by_role("listbox")
    expect(listbox).to_have_attribute("data-query", "111")
    expect(listbox.get_by_role("option")).to_have_count(3)  # 1116–1118 of post A, not B's 1119
    box.fill("1117")
    expect(listbox).to_have_attribute("data-query", "1117")
    expect(listbox.get_by_role("option")).to_have_count(1)
    box.press("ArrowDown")
    with page.expect_response(lambda response: "/border/inspections/?" in response.url):
        box.press("Enter")  # picks the match; the filter panel refreshes the list
    expect(box).to_have_value("Mốc 1117")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("1117")
    assert f"marker={markers['1117'].pk}" in page.url

    # the value survives a reload (rendered as the only option) and the panel still submits it without a pick
    page.reload()
    expect(picker(page, "marker").get_by_role("combobox")).to_have_value("Mốc 1117")
    with page.expect_navigation():
        page.get_by_test_id("filter").click()
    expect(page.locator("#list-results table tbody tr")).to_have_count(1)


@pytest.mark.e2e
def test_assign_a_task_to_a_unit_found_without_diacritics(browsing, world, login):
    today = datetime.date.today()
    Organisation.objects.create(
        name="Huyện ủy Cao Lộc",
        code="T-CL",
        kind=world.kind,
        parent=world.province,
        valid_to=today.replace(day=1) - datetime.timedelta(days=1),
    )
    commune = Organisation.objects.create(
        name="Đảng ủy xã Cao Lộc", code="T-XCL", kind=world.kind, parent=world.province
    )

    office = browsing.new_page()
    login(office, world.p_admin)
    office.goto("/work/tasks/add/")
    office.fill("input[name=title]", "Rà soát mốc quốc giới")
    office.fill("input[name=deadline]", (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
    assert picker_options(office, "assigned_by_org", "cao loc") == [commune.name]  # the abolished one is gone
    pick(office, "assigned_by_org", "tinh uy", world.province.name)
    pick(office, "lead", "cao loc", commune.name)
    with office.expect_navigation():
        office.get_by_test_id("save").click()
    task = Task.objects.get(title="Rà soát mốc quốc giới")
    assert task.assigned_by_org == world.province
    assert [unit.organisation for unit in task.units.all()] == [commune]
