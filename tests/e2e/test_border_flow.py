"""The border-marker flow in a real browser: a border post imports its markers from Excel in VN-2000 (a row with
X and Y swapped is refused by row and column and nothing is written; the fixed file is previewed and imported),
sees them on the map, records a "displaced" inspection that opens a follow-up task led by the post with the
commune party committee coordinating, and finds the task in its "we lead" inbox. The commune cannot inspect the
post's marker, not even with a forged form, and does not see it at all."""

import datetime
import io

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from phoihop.border import coordinates
from phoihop.border.models import Inspection, Marker
from phoihop.orgs.models import Area
from phoihop.work.models import Task

IMPORT_URL = "/border/markers/import/"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ["number", "kind", "form", "material", "x", "y", "elevation", "commune", "post", "note"]
# Three markers of Xã Đồng Đăng on VN-2000 / TM-3 107°15′ (EPSG:9215): X = northing, Y = easting, in metres.
MARKERS = {
    "1116": (2414250.5, 470120.25, 352.4),
    "1117": (2415120.0, 471030.75, 410.0),
    "1116/1": (2415890.4, 471880.0, 298.75),
}
SWAPPED = "1117"  # the second data row, i.e. spreadsheet row 3 (the header is row 1)
SWAPPED_ROW = 3


def vi(message, **params):
    """The text in the default interface language (Vietnamese), as the page shows it."""
    with translation.override("vi"):
        text = gettext(message) if isinstance(message, str) else str(message)
    return text % params if params else text


def workbook(swap=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for number, (x, y, elevation) in MARKERS.items():
        if number == swap:
            x, y = y, x
        sheet.append([number, "", "", "Bê tông cốt thép", x, y, elevation, "06184", "T-A", f"Mốc {number}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page, content: bytes):
    page.set_input_files(
        "input[name=file]", files=[{"name": "moc-dong-dang.xlsx", "mimeType": XLSX_MIME, "buffer": content}]
    )
    with page.expect_navigation() as navigation:
        page.get_by_test_id("upload").click()
    return navigation.value


def data_rows(container, page):
    return container.locator("tr").filter(has=page.locator("td"))


@pytest.mark.e2e
def test_import_map_inspect_and_follow_up_markers(browsing, world, login):
    province = Area.objects.create(code="20", name="Tỉnh Lạng Sơn", kind="province")
    commune = Area.objects.create(
        code="06184", name="Xã Đồng Đăng", kind="commune", parent=province, is_border_commune=True
    )
    world.b.areas.add(commune)  # commune committee B covers Đồng Đăng: it coordinates the follow-up
    expected = {number: coordinates.vn2000_to_wgs84(x, y, "EPSG:9215") for number, (x, y, _h) in MARKERS.items()}
    for lat, lon in expected.values():  # the sample points are inside Lạng Sơn, or the model would refuse them
        assert coordinates.inside_province(lat, lon), (lat, lon)

    post = browsing.new_page()
    login(post, world.a_reporter)

    # --- 1. the file with X and Y swapped in one row: refused by row and column, nothing written
    post.goto(IMPORT_URL)
    expect(post.get_by_test_id("axes-note")).to_be_visible()
    expect(post.locator("select[name=grid]")).to_have_value("EPSG:9215")
    response = upload(post, workbook(swap=SWAPPED))  # checked by a background job, then shown on the import's page
    assert response.status == 200
    expect(post.get_by_test_id("import-progress")).to_have_count(0)  # the test's jobs run at once
    errors = post.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    error_rows = data_rows(errors, post)
    expect(error_rows).to_have_count(1)
    cells = error_rows.first.locator("td")
    expect(cells.nth(0)).to_have_text(vi("Row %(row)s", row=SWAPPED_ROW))
    expect(cells.nth(1)).to_have_text("x")
    expect(cells.nth(2)).to_have_text(vi(coordinates.MSG_SWAPPED))
    expect(post.get_by_test_id("import-preview")).to_have_count(0)
    assert Marker.all_objects.count() == 0

    # --- 2. the fixed file: preview (still nothing written), then confirm
    expect(post.locator("select[name=grid]")).to_have_value("EPSG:9215")  # the grid is kept for the next try
    response = upload(post, workbook())
    assert response.status == 200
    preview = post.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    expect(post.get_by_test_id("import-errors")).to_have_count(0)
    expect(data_rows(preview, post)).to_have_count(3)
    for number in MARKERS:
        expect(preview).to_contain_text(number)
    assert Marker.all_objects.count() == 0
    with post.expect_navigation():
        post.get_by_test_id("confirm-import").click()
    assert post.url.endswith("/border/markers/")
    expect(post.locator(".alert-success")).to_contain_text("3")

    markers = {m.number: m for m in Marker.objects.select_related("post", "commune")}
    assert set(markers) == set(MARKERS)
    for number, marker in markers.items():
        lat, lon = expected[number]
        assert abs(float(marker.latitude) - lat) < 1e-6 and abs(float(marker.longitude) - lon) < 1e-6
        assert (marker.post, marker.commune, marker.vn2000_grid) == (world.a, commune, "EPSG:9215")
        assert 21.3 <= marker.latitude <= 22.5 and 106.05 <= marker.longitude <= 107.4
    assert (markers["1116"].kind, markers["1116/1"].kind) == ("main", "secondary")

    # --- 3. the map shows the three markers
    with post.expect_response(lambda r: "/border/map/data.geojson" in r.url) as data_response:
        post.goto("/border/map/")
    data = data_response.value.json()
    features = [f for f in data["features"] if f["properties"]["layer"] == "marker"]
    assert sorted(f["properties"]["number"] for f in features) == sorted(MARKERS)
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        assert (round(lat, 6), round(lon, 6)) == tuple(round(v, 6) for v in expected[f["properties"]["number"]])
    border_map = post.get_by_test_id("border-map")
    expect(border_map).to_have_attribute("data-loaded", "true")
    expect(post.get_by_test_id("map-summary")).to_have_text(vi("Markers on the map: %(count)s", count=3))
    icons = border_map.locator(".leaflet-marker-icon.map-marker")
    expect(icons).to_have_count(3)
    assert sorted(icons.evaluate_all("els => els.map(e => e.title)")) == sorted(MARKERS)

    # --- 4. the post records a "displaced" finding on marker 1116: a follow-up task is opened
    marker = markers["1116"]
    today = datetime.date.today()
    post.goto(f"/border/inspections/add/?marker={marker.pk}")
    expect(post.locator("select[name=marker]")).to_have_value(str(marker.pk))
    post.fill("input[name=inspected_on]", today.strftime("%d/%m/%Y"))
    post.select_option("select[name=condition]", value="displaced")
    post.fill("textarea[name=notes]", "Mốc bị xê dịch khoảng 2 m do sạt lở sau mưa lớn")
    with post.expect_navigation():
        post.get_by_test_id("save").click()
    inspection = Inspection.objects.get(marker=marker)
    assert post.url.endswith(f"/border/inspections/{inspection.pk}/")
    task = inspection.follow_up_task
    assert task is not None and inspection.condition == "displaced" and inspection.inspected_on == today
    assert task.inspections.get() == inspection
    assert {(u.organisation, u.role) for u in task.units.select_related("organisation")} == {
        (world.a, "lead"),
        (world.b, "coordinating"),
    }
    link = post.get_by_test_id("follow-up-task")
    expect(link).to_have_text(task.title)
    expect(link).to_have_attribute("href", f"/work/tasks/{task.pk}/")
    marker.refresh_from_db()
    assert (marker.condition, marker.last_inspected_on) == ("displaced", today)

    # --- 5. the task is in the post's inbox, "we lead" (the default tab)
    post.goto("/work/inbox/")
    lead_tab = post.locator("a.nav-link[href='?tab=lead']")
    expect(lead_tab).to_have_class("nav-link active")
    expect(lead_tab).to_contain_text(vi("We lead"))
    expect(lead_tab.locator(".badge")).to_have_text("1")
    expect(post.get_by_test_id("inbox-table").locator(f"a[href='/work/tasks/{task.pk}/']")).to_have_text(task.title)

    # --- 6. the commune may not inspect the post's marker, nor see it
    commune_page = browsing.new_page()
    login(commune_page, world.b_admin)
    commune_page.goto(f"/border/inspections/add/?marker={marker.pk}")
    choice = commune_page.locator("select[name=marker]")
    expect(choice).to_have_value("")  # the requested marker is not offered
    expect(choice.locator(f"option[value='{marker.pk}']")).to_have_count(0)
    assert choice.locator("option").evaluate_all("os => os.filter(o => o.value).length") == 0
    # a forged form naming the marker anyway is refused, and nothing is recorded
    choice.evaluate("(select, pk) => { select.add(new Option('1116', pk)); select.value = pk; }", str(marker.pk))
    commune_page.fill("input[name=inspected_on]", today.strftime("%d/%m/%Y"))
    commune_page.select_option("select[name=condition]", value="lost")
    with commune_page.expect_navigation() as navigation:
        commune_page.get_by_test_id("save").click()
    assert navigation.value.status in (400, 403)
    expect(commune_page.locator(".invalid-feedback[data-field=marker]")).to_be_visible()
    assert Inspection.all_objects.filter(marker=marker).count() == 1
    assert Task.objects.filter(inspections__marker=marker).count() == 1
    marker.refresh_from_db()
    assert marker.condition == "displaced"
    response = commune_page.goto(f"/border/markers/{marker.pk}/")
    assert response.status == 404
