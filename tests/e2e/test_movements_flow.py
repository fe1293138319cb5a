"""The movements flow in a real browser, in Vietnamese: a border post's reporter sets up a self-management team
looking after two of the post's markers (a marker of a neighbouring post, which the reporter may only read, is
refused with a field error), records a Tết visit typed the Vietnamese way (12.500.000 đồng on 05/02/2026) and
finds both in the movements summary. The commune's admin, an outsider, gets the 404 page for the team."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from playwright.sync_api import expect

from phoihop.accounts.models import Membership
from phoihop.core.choices import Role
from phoihop.movements.models import HolidayVisit, SelfManagementTeam
from phoihop.movements.tests.factories import build_places, make_marker
from phoihop.orgs.models import Organisation
from tests.e2e.helpers import pick, picker_options, unpick

TEAM_NAME = "Tổ tự quản đường biên, mốc quốc giới thôn Khòn Pổ"
FOREIGN_MARKERS = "These markers are in the care of another post than the team's: %(numbers)s."


def vi(message, **params):
    """The text in the default interface language (Vietnamese), as the page shows it."""
    with translation.override("vi"):
        text = gettext(message) if isinstance(message, str) else str(message)
    return text % params if params else text


def label(model, field):
    return capfirst(vi(model._meta.get_field(field).verbose_name))


def field_value(page, model, field):
    """The value cell of a field in the detail page's field table."""
    row = page.get_by_test_id("fields").locator("tr").filter(has=page.locator("th", has_text=label(model, field)))
    return row.locator("td")


def save(page):
    with page.expect_navigation() as navigation:
        page.get_by_test_id("save").click()
    return navigation.value


@pytest.mark.e2e
def test_team_visit_and_summary_of_a_border_post(browsing, world, login):
    places = build_places()
    mine = [make_marker(world.a, number="1116"), make_marker(world.a, number="1117")]
    # A neighbouring post whose markers the reporter of post A may read (a viewer there), not assign to A's teams.
    post_c = Organisation.objects.create(
        name="Đồn Biên phòng Đồng Đăng", code="T-C", kind=world.kind, parent=world.province
    )
    Membership.objects.create(user=world.a_reporter, organisation=post_c, role=Role.VIEWER)
    theirs = make_marker(post_c, number="1120")

    post = browsing.new_page()
    login(post, world.a_reporter)

    # --- 1. a team for two of A's markers; the neighbour's marker is offered (visible) but refused by the rule
    post.goto("/movements/teams/add/")
    markers = post.locator("select[name=markers]")
    offered = picker_options(post, "markers", "11")
    for marker in [*mine, theirs]:
        assert any(marker.number in text for text in offered), (marker.number, offered)
    assert picker_options(post, "post", "dong dang") == []  # only a viewer there
    post.select_option("select[name=kind]", value="team")
    post.fill("input[name=name]", TEAM_NAME)
    pick(post, "post", "ba son", world.a.name)
    pick(post, "commune", "ba son", "Xã Ba Sơn")
    pick(post, "village", "khon po", "Thôn Khòn Pổ")
    post.select_option("select[name=purpose]", value="both")
    post.fill("input[name=leader_name]", "Hoàng Văn Páo")
    post.fill("input[name=members_count]", "9")
    post.fill("input[name=households_count]", "14")
    post.fill("input[name=border_length_km]", "3,5")
    post.fill("input[name=founded_on]", "03/03/2019")
    for marker in [*mine, theirs]:
        pick(post, "markers", marker.number)
    response = save(post)
    assert response.status == 400
    error = post.locator(".invalid-feedback[data-field=markers]")
    assert vi(FOREIGN_MARKERS) != FOREIGN_MARKERS  # the message is translated: the page speaks Vietnamese
    expect(error).to_have_text(vi(FOREIGN_MARKERS, numbers=theirs.number))
    expect(markers).to_have_class(re.compile(r"\bis-invalid\b"))
    assert not SelfManagementTeam.all_objects.exists()

    expect(post.locator("input[name=name]")).to_have_value(TEAM_NAME)  # the rest of the form is kept
    unpick(post, "markers", theirs.number)
    response = save(post)
    assert response.status == 200
    team = SelfManagementTeam.objects.get()
    assert post.url.endswith(f"/movements/teams/{team.pk}/")
    assert sorted(m.number for m in team.markers.all()) == ["1116", "1117"]
    assert (team.post, team.border_length_km, team.founded_on) == (world.a, Decimal("3.5"), datetime.date(2019, 3, 3))
    panel = post.get_by_test_id("team-markers")
    expect(panel.locator("tr[data-marker]")).to_have_count(2)
    for marker in mine:
        expect(panel.locator(f"tr[data-marker='{marker.number}'] a")).to_have_attribute(
            "href", f"/border/markers/{marker.pk}/"
        )
    expect(panel.locator(f"tr[data-marker='{theirs.number}']")).to_have_count(0)
    expect(field_value(post, SelfManagementTeam, "border_length_km")).to_have_text("3,50")
    expect(field_value(post, SelfManagementTeam, "founded_on")).to_have_text("03/03/2019")

    # --- 2. a Tết visit: 12.500.000 đồng on 05/02/2026, printed back the same way
    post.goto("/movements/visits/add/")
    post.fill("input[name=held_on]", "05/02/2026")
    post.select_option("select[name=occasion]", value=str(places.tet.pk))
    pick(post, "visiting_organisation", "ba son", world.a.name)
    pick(post, "commune", "ba son", "Xã Ba Sơn")
    pick(post, "village", "khon po", "Thôn Khòn Pổ")
    post.fill("input[name=households_visited]", "25")
    post.fill("input[name=gifts_count]", "25")
    post.fill("input[name=value_vnd]", "12.500.000")
    post.select_option("select[name=funding_source]", value=str(places.budget.pk))
    post.fill("textarea[name=note]", "Thăm, chúc Tết các hộ gia đình chính sách thôn Khòn Pổ")
    response = save(post)
    assert response.status == 200
    visit = HolidayVisit.objects.get()
    assert post.url.endswith(f"/movements/visits/{visit.pk}/")
    assert (visit.value_vnd, visit.held_on) == (Decimal("12500000"), datetime.date(2026, 2, 5))
    expect(field_value(post, HolidayVisit, "value_vnd")).to_have_text("12.500.000")
    expect(field_value(post, HolidayVisit, "held_on")).to_have_text("05/02/2026")

    # --- 3. the summary counts the team, the markers it looks after and the visit's value
    post.goto("/movements/summary/")
    expect(post.locator("[data-stat=teams]")).to_have_attribute("data-teams", "1")
    covered = post.locator("[data-stat=markers]")
    expect(covered).to_have_attribute("data-covered", "2")
    expect(covered).to_have_attribute("data-visible", "3")  # A's two and the neighbour's one
    expect(covered).to_contain_text("2/3")
    row = post.get_by_test_id("teams-by-post").locator(f"tr[data-post='{world.a.pk}']")
    expect(row.locator("td").nth(0)).to_have_text(world.a.name)
    expect(row.locator("td").nth(1)).to_have_text("1")
    visits = post.get_by_test_id("visits-by-occasion").locator(f"tr[data-occasion='{places.tet.pk}']")
    expect(visits).to_have_attribute("data-value", "12500000")
    expect(visits.locator("td").nth(0)).to_have_text(places.tet.name)
    expect(visits.locator("td").nth(1)).to_have_text("1")
    expect(visits.locator("td").nth(4)).to_have_text("12.500.000")
    with post.expect_navigation():
        row.locator("a").click()  # the post's teams
    expect(post.locator("#list-results").get_by_role("link", name=TEAM_NAME)).to_have_attribute(
        "href", f"/movements/teams/{team.pk}/"
    )

    # --- 4. the commune's admin is an outsider: the team's page is "not found"
    commune = browsing.new_page()
    login(commune, world.b_admin)
    response = commune.goto(f"/movements/teams/{team.pk}/")
    assert response.status == 404
    expect(commune.get_by_test_id("error-404")).to_be_visible()
    expect(commune.get_by_text(TEAM_NAME)).to_have_count(0)
