"""The border map read on a closed network, in Chromium: a cluster takes the colour of its worst marker, marker
numbers appear beside the points at close zoom, commune names and the national boundary (shipped Natural Earth
data, no tile server) give the context."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.border.maps import CONDITION_HEX
from phoihop.border.tests.test_map import make_marker
from phoihop.orgs.models import Area

TODAY = datetime.date.today()


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.e2e
def test_clusters_labels_and_context_without_a_tile_server(browsing, world, login):
    commune = Area.objects.create(name="Xã Thụy Hùng", kind="commune", is_border_commune=True)
    recent = TODAY - datetime.timedelta(days=3)
    # three markers a few hundred metres apart (one cluster at the opening zoom), one of them lost
    for number, lon, condition in (
        ("1116", "106.7000", "intact"),
        ("1117", "106.7030", "lost"),
        ("1118", "106.7060", "intact"),
    ):
        marker = make_marker(world.a, number, latitude="21.9500", longitude=lon, condition=condition, inspected=recent)
        marker.commune = commune
        marker.save(update_fields=["commune"])
    # a lone intact marker far away: its own green cluster-less point
    make_marker(world.a, "1200", latitude="21.6000", longitude="107.3000", inspected=recent)

    page = browsing.new_page()
    login(page, world.a_viewer)
    page.goto("/border/map/")
    border_map = page.get_by_test_id("border-map")
    expect(border_map).to_have_attribute("data-loaded", "true")
    expect(border_map).to_have_attribute("data-context", "true")
    # the national boundary is drawn (on a canvas) in its own pane, from our static files
    expect(page.locator(".leaflet-context-pane canvas")).to_have_count(1)

    # zoomed out, the three markers are one cluster coloured as its worst (lost) marker
    page.evaluate("document.getElementById('border-map').phoihopMap.setView([21.95, 106.703], 9)")
    cluster = border_map.locator(".marker-cluster.map-cluster")
    expect(cluster.first).to_be_visible()
    lost_cluster = border_map.locator(".map-cluster--lost")
    expect(lost_cluster).to_have_count(1)
    expect(lost_cluster).to_contain_text("3")
    inner = lost_cluster.locator("div").first
    assert inner.evaluate("e => getComputedStyle(e).backgroundColor") == rgb(CONDITION_HEX["lost"])
    assert "Mất" in inner.get_attribute("title")
    # no marker number at this zoom
    expect(border_map.locator(".map-marker-label").first).to_be_hidden()

    # close in, each marker shows its number, and the commune its name
    page.evaluate("document.getElementById('border-map').phoihopMap.setView([21.95, 106.703], 16)")
    label = border_map.locator(".map-marker-label", has_text="1117")
    expect(label).to_be_visible()
    expect(border_map.locator(".map-commune span", has_text="Xã Thụy Hùng")).to_be_visible()
    dot = border_map.locator(".leaflet-marker-icon[title='1117'] .map-marker-dot")
    assert dot.evaluate("e => getComputedStyle(e).backgroundColor") == rgb(CONDITION_HEX["lost"])

    # the legend's six conditions have six colours
    colours = (
        page.get_by_test_id("map-legend")
        .locator("[data-condition] .map-dot")
        .evaluate_all("els => els.map(e => getComputedStyle(e).backgroundColor)")
    )
    assert len(colours) == 6 and len(set(colours)) == 6
