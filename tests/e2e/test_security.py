"""Crime prevention in a real browser, in Vietnamese: the reporter of Pò Mã post records a drug case near marker 979
with heroin seized in blocks and in grams, records the chain of custody up to the handover to the police; the
Border Guard command's statistics page counts the case and lists the heroin per unit of measure, never adding the
blocks to the grams; the Tỉnh ủy, to which the command shares its figures as totals only, finds the case counted on
its dashboard — without a link to open — while its case list is empty and the case's page is not found."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from phoihop.border.models import Marker
from phoihop.core.choices import Classification, Role
from phoihop.core.testing.world import make_user
from phoihop.movements.tests.factories import build_places
from phoihop.orgs.models import Organisation, OrganisationKind, SharingRule
from phoihop.security.models import Case, CustodyStep, SeizedItem
from tests.e2e.helpers import pick

POLICE = "Cơ quan Cảnh sát điều tra Công an tỉnh Lạng Sơn"

# the case happened yesterday: from 2 January the statistics' default period (this year so far) holds it
pytestmark = pytest.mark.skipif(
    timezone.localdate() == datetime.date(timezone.localdate().year, 1, 1), reason="needs a day of the year behind"
)


def vi(message, **params):
    with translation.override("vi"):
        text = gettext(message)
    return text % params if params else text


def records(count):
    with translation.override("vi"):
        return ngettext("%(counter)s record", "%(counter)s records", count) % {"counter": count}


def save(page):
    with page.expect_navigation() as navigation:
        page.get_by_test_id("save").click()
    response = navigation.value
    errors = page.locator(".invalid-feedback, [data-testid=form-errors]")
    assert response.status < 400, [(e.get_attribute("data-field"), e.inner_text()) for e in errors.all()]
    return response


@pytest.fixture
def border_guard(transactional_db):
    """The Border Guard command with Pò Mã post, and the Tỉnh ủy (another tree) counting the command's records as
    totals only."""
    # the managed lists the data migration seeds: a transactional test run before this one has emptied the tables
    from django.apps import apps

    importlib.import_module("phoihop.security.migrations.0002_seed_lists").seed(apps, None)
    kind = OrganisationKind.objects.create(code="e2e_kind", name="Loại đơn vị thử nghiệm")
    command = Organisation.objects.create(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", code="E-BCH", kind=kind)
    post = Organisation.objects.create(name="Đồn Biên phòng Pò Mã", code="E-PM", kind=kind, parent=command)
    party = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", code="E-TU", kind=kind)
    SharingRule.objects.create(owner=command, viewer=party, mode="totals", include_subtree=True)
    places = build_places()
    post.areas.add(places.ba_son)
    marker = Marker(
        post=post, number="979", commune=places.ba_son, latitude=Decimal("22.31"), longitude=Decimal("106.47")
    )
    marker.full_clean()
    marker.save()
    return {
        "command": command,
        "post": post,
        "places": places,
        "marker": marker,
        "reporter": make_user("pm_reporter", post, Role.REPORTER, clearance=Classification.CONFIDENTIAL),
        "command_viewer": make_user("bch_viewer", command, Role.VIEWER),
        "party_viewer": make_user("tu_viewer", party, Role.VIEWER, clearance=Classification.SECRET),
    }


@pytest.mark.e2e
def test_a_drug_case_counted_by_the_command_and_as_totals_by_the_tinh_uy(browsing, border_guard, login):
    cache.clear()
    today = timezone.localdate().strftime("%d/%m/%Y")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    bg = border_guard

    # --- 1. the post's reporter records the case near marker 979
    post = browsing.new_page()
    login(post, bg["reporter"])
    post.goto("/security/cases/add/")
    post.fill("input[name=code]", "LS1226.1")
    post.fill("input[name=occurred_on]", yesterday)  # at 05:30, which may still be ahead today
    post.fill("input[name=occurred_time]", "05:30")
    post.select_option("select[name=category]", label="Ma túy")  # a short managed list, not a picker
    pick(post, "unit", "po ma", bg["post"].name)
    pick(post, "commune", "ba son", "Xã Ba Sơn")
    pick(post, "marker", "979", vi("Marker %(number)s", number="979"))
    post.fill("input[name=place_detail]", "Đường mòn khu vực mốc 979")
    post.fill("input[name=subject_count]", "2")
    post.fill("textarea[name=summary]", "Bắt quả tang 2 đối tượng vận chuyển trái phép heroin qua biên giới")
    save(post)
    case = Case.objects.get(unit=bg["post"], code="LS1226.1")
    assert (case.marker, case.commune, case.nature) == (bg["marker"], bg["places"].ba_son, "criminal")
    assert post.url.endswith(f"/security/cases/{case.pk}/")

    # heroin in blocks and in grams: two items, each in its own unit
    for quantity, unit in (("2", "banh"), ("350", "g")):
        post.goto(f"/security/cases/{case.pk}/")
        with post.expect_navigation():
            post.get_by_test_id("add-item").click()
        expect(post.locator("select[name=case] option[selected]")).to_have_count(1)
        post.select_option("select[name=item_type]", label="Heroin")
        post.fill("input[name=quantity]", quantity)
        post.select_option("select[name=unit]", value=unit)
        save(post)
    assert sorted((i.unit, i.quantity) for i in SeizedItem.objects.filter(case=case)) == [
        ("banh", Decimal("2")),
        ("g", Decimal("350")),
    ]

    # the chain of custody: seized on the spot, then handed over to the police with the minutes
    steps = (
        ("seized", {"place": "Khu vực mốc 979", "minutes_number": "15/BB-ĐBP"}),
        ("handed_over", {"handed_to": POLICE, "minutes_number": "16/BBBG-ĐBP"}),
    )
    for kind, fields in steps:
        post.goto(f"/security/cases/{case.pk}/")
        with post.expect_navigation():
            post.get_by_test_id("add-step").click()
        post.select_option("select[name=kind]", value=kind)
        post.fill("input[name=date]", today)
        for name, value in fields.items():
            post.fill(f"input[name={name}]", value)
        save(post)
    assert list(CustodyStep.objects.filter(case=case).order_by("pk").values_list("kind", flat=True)) == [
        "seized",
        "handed_over",
    ]
    post.goto(f"/security/cases/{case.pk}/")
    chain = post.get_by_test_id("custody").get_by_test_id("custody-step")
    expect(chain).to_have_count(2)
    expect(chain.nth(1)).to_contain_text(POLICE)

    # --- 2. the command's statistics page counts it, heroin per unit of measure
    command = browsing.new_page()
    login(command, bg["command_viewer"])
    command.goto("/security/statistics/")
    expect(command.locator("[data-stat=cases]")).to_have_attribute("data-cases", "1")
    expect(command.locator("[data-stat=cases]")).to_have_attribute("data-subjects", "2")
    summary = command.get_by_test_id("summary")
    expect(summary.locator("tr[data-line=criminal_cases] td[data-value]")).to_have_attribute("data-value", "1")
    expect(summary.locator("tr[data-line=lead] td[data-value]")).to_have_attribute("data-value", "1")
    seized = command.get_by_test_id("seizures")
    expect(seized.locator("tr[data-item=heroin]")).to_have_count(2)
    expect(seized.locator("tr[data-item=heroin][data-unit=g] td[data-quantity]")).to_have_text("350")
    expect(seized.locator("tr[data-item=heroin][data-unit=banh] td[data-quantity]")).to_have_text("2")
    expect(seized.locator("tr[data-item=heroin][data-unit=banh]")).to_contain_text(vi("block of drugs"))
    by_category = command.get_by_test_id("by-category").locator("tr[data-category=ma-tuy]")
    expect(by_category.locator("td[data-cases]")).to_have_text("1")
    # the count opens the list holding the case
    with command.expect_navigation():
        summary.locator("tr[data-line=cases] a").click()
    expect(command.get_by_test_id("total")).to_have_text(records(1))

    # --- 3. the Tỉnh ủy counts it on its dashboard of the command, without a list to open …
    party = browsing.new_page()
    login(party, bg["party_viewer"])
    response = party.goto(f"/reports/dashboard/?organisation={bg['command'].pk}")
    assert response.status == 200
    expect(party.get_by_test_id("totals-only")).to_be_visible()
    kpi = party.locator("[data-link=security-cases]")
    expect(kpi).to_have_attribute("data-count", "1")
    expect(kpi).to_have_text("1")
    assert kpi.get_attribute("href") is None
    expect(party.get_by_test_id("security-by-category").locator("tr[data-category=ma-tuy]")).to_contain_text("1")
    # … while its case list is empty and the case does not exist for it
    party.goto("/security/cases/")
    expect(party.get_by_test_id("total")).to_have_text(records(0))
    assert party.goto(f"/security/cases/{case.pk}/").status == 404
    assert party.goto(f"/api/security/cases/{case.pk}/").status == 404


@pytest.mark.e2e
def test_the_cases_on_the_border_map(browsing, border_guard, login):
    """The command's viewer sees the cases as graduated circles with a toggle in the layer control; the Tỉnh ủy, a
    reader of totals only, has no such layer."""
    from phoihop.security.tests.factories import make_case

    bg = border_guard
    day = timezone.localdate() - datetime.timedelta(days=3)
    for n in range(3):
        make_case(bg["post"], bg["places"].ba_son, code=f"LS{n}", occurred_on=day, marker=bg["marker"])
    make_case(
        bg["post"],
        bg["places"].ba_son,
        code="LS9",
        occurred_on=day,
        latitude=Decimal("22.05"),
        longitude=Decimal("106.60"),
    )
    errors = []

    command = browsing.new_page()
    command.on("pageerror", lambda error: errors.append(str(error)))
    login(command, bg["command_viewer"])
    command.goto("/border/map/")
    border_map = command.get_by_test_id("border-map")
    expect(border_map).to_have_attribute("data-loaded", "true")
    expect(border_map).to_have_attribute("data-layer-cases", "true")
    expect(command.locator("[data-testid=map-legend] [data-layer=cases]")).to_have_text(vi("Cases (last 12 months)"))
    # zoomed in, the two places are two circles; zoomed out, one
    command.evaluate("() => document.getElementById('border-map').phoihopMap.setView([22.2, 106.5], 13)")
    expect(border_map).to_have_attribute("data-layer-cases-cells", "2")
    command.evaluate("() => document.getElementById('border-map').phoihopMap.setView([22.2, 106.5], 6)")
    expect(border_map).to_have_attribute("data-layer-cases-cells", "1")
    # the layer control toggles it
    control = command.locator(".leaflet-control-layers")
    control.hover()
    toggle = control.locator("label", has_text=vi("Cases (last 12 months)")).locator("input")
    expect(toggle).to_be_checked()
    toggle.uncheck()
    assert not command.evaluate(
        "() => { const m = document.getElementById('border-map').phoihopMap; let n = 0;"
        " m.eachLayer(l => { if (l instanceof L.CircleMarker) n++; }); return n; }"
    )
    assert not errors, errors

    party = browsing.new_page()
    login(party, bg["party_viewer"])
    party.goto("/border/map/")
    expect(party.get_by_test_id("border-map")).to_have_attribute("data-loaded", "true")
    assert party.get_by_test_id("border-map").get_attribute("data-layer-cases") is None
    expect(party.locator("[data-testid=map-legend] [data-layer=cases]")).to_have_count(0)
