"""Outreach (tuyên truyền) in a real browser: a border post reporter records a session held with the commune's party
committee in a border commune, in Tày and Nùng; the co-organising commune reads it but may not edit it; an
organisation that took no part does not even learn that it exists."""

import datetime

import pytest
from playwright.sync_api import expect

from phoihop.core.choices import Role
from phoihop.core.testing.world import agreement_in_force, make_user
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic
from tests.e2e.helpers import pick

LIST_URL = "/work/outreach/"


@pytest.mark.e2e
def test_post_records_outreach_with_commune_co_organiser(browsing, world, login):
    province_area = Area.objects.create(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
    commune = Area.objects.create(
        code="06196", name="Xã Ba Sơn", kind=AreaKind.COMMUNE, parent=province_area, is_border_commune=True
    )
    topic = OutreachTopic.objects.create(code="luat-bien-phong", name="Luật Biên phòng Việt Nam")
    OutreachTopic.objects.create(code="nghi-dinh-thu-2009", name="Nghị định thư phân giới cắm mốc 2009")
    tay = EthnicLanguage.objects.create(code="tay", name="Tày")
    nung = EthnicLanguage.objects.create(code="nung", name="Nùng")
    EthnicLanguage.objects.create(code="kinh", name="Kinh")
    commune_c = Organisation.objects.create(
        name="Đảng ủy xã Bảo Lâm", code="T-C", kind=world.kind, parent=world.province
    )
    outsider = make_user("c_admin", commune_c, Role.ADMIN)
    # the post and commune B coordinate under an agreement in force: the post may name B an organiser
    agreement_in_force(world.a, world.a, world.b)

    post, commune_b, other = browsing.new_page(), browsing.new_page(), browsing.new_page()
    login(post, world.a_reporter)
    login(commune_b, world.b_admin)
    login(other, outsider)

    # --- the post records the session from the list's "Add" button
    post.goto(LIST_URL)
    post.get_by_test_id("add").click()
    post.wait_for_url(f"**{LIST_URL}add/")
    pick(post, "owner", "Ba Sơn", world.a.name)
    pick(post, "organisers", "Đồng Đăng", world.b.name)
    post.fill("input[name=held_on]", "01/07/2025")
    pick(post, "commune", "ba son", "Xã Ba Sơn")
    post.select_option("select[name=topics]", value=[str(topic.pk)])
    post.select_option("select[name=languages]", value=[str(tay.pk), str(nung.pk)])
    post.fill("input[name=audience]", "120")
    post.fill("input[name=materials]", "Tờ gấp Luật Biên phòng song ngữ Việt – Tày")
    post.fill("input[name=materials_count]", "150")
    with post.expect_navigation():
        post.get_by_test_id("save").click()
    expect(post.locator(".alert-success")).to_be_visible()

    outreach = OutreachSession.objects.get()
    assert post.url.endswith(f"{LIST_URL}{outreach.pk}/")
    assert (outreach.owner, outreach.commune, outreach.held_on, outreach.audience) == (
        world.a,
        commune,
        datetime.date(2025, 7, 1),
        120,
    )
    # the recording organisation is added to the organisers automatically
    assert set(outreach.organisers.values_list("code", flat=True)) == {"T-A", "T-B"}
    assert set(outreach.topics.all()) == {topic} and set(outreach.languages.all()) == {tay, nung}
    fields = post.get_by_test_id("fields")
    expect(fields).to_contain_text("Xã Ba Sơn")
    expect(fields).to_contain_text("Luật Biên phòng Việt Nam")
    expect(fields).to_contain_text("Tày")
    expect(fields).to_contain_text("Nùng")
    expect(post.get_by_test_id("edit")).to_be_visible()

    # --- it appears in the post's list
    post.goto(LIST_URL)
    expect(post.get_by_test_id("total")).to_contain_text("1")
    row = post.locator("#list-results table tbody tr", has=post.locator(f'a[href="{LIST_URL}{outreach.pk}/"]'))
    expect(row).to_contain_text("01/07/2025")
    expect(row).to_contain_text("Xã Ba Sơn")
    expect(row).to_contain_text("Đảng ủy xã Đồng Đăng")
    expect(row).to_contain_text("120")

    # --- the co-organising commune sees it in its list and on its page, but may not edit it
    commune_b.goto(LIST_URL)
    expect(commune_b.get_by_test_id("total")).to_contain_text("1")
    commune_b.locator(f'#list-results a[href="{LIST_URL}{outreach.pk}/"]').click()
    commune_b.wait_for_url(f"**{LIST_URL}{outreach.pk}/")
    expect(commune_b.get_by_test_id("fields")).to_contain_text("Xã Ba Sơn")
    expect(commune_b.get_by_test_id("edit")).to_have_count(0)
    expect(commune_b.get_by_test_id("attachment-upload")).to_have_count(0)
    token = commune_b.locator("form[action='/accounts/logout/'] input[name=csrfmiddlewaretoken]").input_value()
    response = commune_b.goto(f"{LIST_URL}{outreach.pk}/edit/")
    assert response.status == 403
    expect(commune_b.locator("input[name=audience]")).to_have_count(0)
    # nor change it by posting the form directly (with a valid CSRF token, so the 403 is the access gate)
    response = commune_b.request.post(
        f"{LIST_URL}{outreach.pk}/edit/", form={"csrfmiddlewaretoken": token, "audience": "1"}
    )
    assert response.status == 403
    assert 'data-testid="error-403"' in response.text()  # the access gate's page, not a CSRF failure
    outreach.refresh_from_db()
    assert outreach.audience == 120

    # --- an organisation that took no part: not in its list, 404 on the page, on the edit page and in the API
    other.goto(LIST_URL)
    expect(other.get_by_test_id("total")).to_contain_text("0")
    for url in (f"{LIST_URL}{outreach.pk}/", f"{LIST_URL}{outreach.pk}/edit/", f"{LIST_URL}{outreach.pk}/history/"):
        response = other.goto(url)
        assert response.status == 404, url
        assert "Ba Sơn" not in other.content()
    api = other.request.get(f"/api/work/outreach-sessions/{outreach.pk}/")
    assert api.status == 404
    assert "Ba Sơn" not in api.text()
    # while the co-organiser reads it through the API too
    api = commune_b.request.get(f"/api/work/outreach-sessions/{outreach.pk}/")
    assert api.status == 200 and api.json()["audience"] == 120
