"""Search pickers in a real browser: on the inspection list a reporter types a marker's number into the filter
panel, picks it with the keyboard and the list shows only its inspections; on the task form the office types a
unit's name without diacritics, the abolished district committee is not offered, and the task is saved with the
unit it picked; on a holiday visit the village picker offers only the villages of the commune chosen above it; the
dissemination of a directive is assigned to units found by the name of the commune they belong to."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from phoihop.border.models import Inspection, Marker
from phoihop.movements.models import HolidayVisit
from phoihop.movements.tests.factories import build_places
from phoihop.orgs.models import Organisation
from phoihop.work.models import Dissemination, Task
from phoihop.work.tests.test_documents import make_document
from tests.e2e.helpers import pick, picker, picker_options, unpick


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


@pytest.mark.e2e
def test_the_village_picker_follows_the_commune_chosen_above_it(browsing, world, login):
    places = build_places()  # Xã Ba Sơn with Thôn Khòn Pổ, Xã Đồng Đăng with Thôn Nà Han

    post = browsing.new_page()
    login(post, world.a_reporter)
    post.goto("/movements/visits/add/")
    # no commune yet: the villages of every commune
    assert sorted(picker_options(post, "village", "thon")) == ["Thôn Khòn Pổ", "Thôn Nà Han"]
    pick(post, "commune", "dong dang", "Xã Đồng Đăng")
    assert picker_options(post, "village", "thon") == ["Thôn Nà Han"]
    # another commune: its villages; the request names it
    pick(post, "commune", "ba son", "Xã Ba Sơn")
    with post.expect_request(lambda request: f"commune={places.ba_son.pk}" in request.url):
        assert picker_options(post, "village", "thon") == ["Thôn Khòn Pổ"]
    # the commune cleared: every village again
    picker(post, "commune").get_by_role("button").click()
    assert sorted(picker_options(post, "village", "thon")) == ["Thôn Khòn Pổ", "Thôn Nà Han"]

    pick(post, "commune", "ba son", "Xã Ba Sơn")
    pick(post, "village", "khon po", "Thôn Khòn Pổ")
    post.fill("input[name=held_on]", "05/02/2026")
    post.select_option("select[name=occasion]", value=str(places.tet.pk))
    pick(post, "visiting_organisation", "ba son", world.a.name)
    post.fill("input[name=households_visited]", "25")
    post.fill("input[name=gifts_count]", "25")
    post.fill("input[name=value_vnd]", "12.500.000")
    with post.expect_navigation():
        post.get_by_test_id("save").click()
    visit = HolidayVisit.objects.get()
    assert (visit.commune, visit.village) == (places.ba_son, places.khon_po)


@pytest.mark.e2e
def test_assign_a_dissemination_to_units_found_by_their_commune(browsing, world, login):
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
    cells = [
        Organisation.objects.create(name=f"Chi bộ thôn Bản {n}", code=f"T-XCL{n}", kind=world.kind, parent=commune)
        for n in (1, 2, 3)
    ]
    document = make_document(world.province, number="37-CT/TW", subject="Về công tác biên giới quốc gia")

    office = browsing.new_page()
    login(office, world.p_admin)
    office.goto(f"/work/documents/{document.pk}/disseminate/")
    form = office.get_by_test_id("assign-form")
    # the tree is not listed: only what is chosen is in the page
    for cell in cells:
        expect(form).not_to_contain_text(cell.name)
    # the commune's name finds the commune first, then its cells; the abolished district is not offered
    offered = picker_options(form, "organisations", "cao loc")
    assert offered == [commune.name, *(cell.name for cell in cells)]
    # the commune's name and the unit's words
    assert picker_options(form, "organisations", "cao loc ban 2") == [cells[1].name]
    for cell in cells:
        pick(form, "organisations", f"cao loc ban {cell.name[-1]}", cell.name)
    chips = picker(form, "organisations").locator(".picker-chip")
    expect(chips).to_have_count(3)
    unpick(form, "organisations", cells[2].name)
    expect(chips).to_have_count(2)
    pick(form, "assigned_by", "tinh uy", world.province.name)
    form.locator("input[name=deadline]").fill((today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"))
    with office.expect_navigation():
        form.get_by_test_id("save").click()
    assert office.url.endswith(f"/work/documents/{document.pk}/coverage/")
    duties = Dissemination.objects.filter(document=document)
    assert {duty.organisation for duty in duties} == set(cells[:2])
    assert {duty.assigned_by for duty in duties} == {world.province}
