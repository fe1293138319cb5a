"""Cadre work in a real browser, in Vietnamese: the Border Guard command's admin, who holds the personal-data
permission, states why they process personal data, records an officer of Ba Sơn post, seconds him to the Ba Sơn
commune party committee (another tree: the Tỉnh ủy's), puts him in the 2025–2030 plan and rates the post's party
cell; the command's viewer, without the permission, gets "not found" for the officer and reads the totals on the
statistics page; the access log shows the admin what they read, without the officer's name."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from phoihop.accounts.models import Membership
from phoihop.audit.models import PersonalDataAccess
from phoihop.cadres.models import OrganisationRating, Person, PlannedCadre, Secondment
from phoihop.cadres.tests.factories import CadrePlanFactory, seed_lists
from phoihop.core.choices import Role
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Organisation, OrganisationKind, SharingRule
from tests.e2e.helpers import pick

OFFICER = "Hoàng Văn Biên"


def exactly(name):
    """A picker label that is ``name`` itself ("Đồn Biên phòng Ba Sơn", not "Chi bộ Đồn Biên phòng Ba Sơn")."""
    return re.compile(rf"^\s*{re.escape(name)}\s*$")


def save(page):
    with page.expect_navigation() as navigation:
        page.get_by_test_id("save").click()
    response = navigation.value
    errors = page.locator(".invalid-feedback, [data-testid=form-errors]")
    assert response.status < 400, [(e.get_attribute("data-field"), e.inner_text()) for e in errors.all()]
    return response


def state_purpose_if_asked(page):
    """The first page of personal data in a session asks for the purpose, then comes back."""
    form = page.get_by_test_id("purpose-form")
    if form.count():
        page.select_option("select[name=purpose]", value="cadre_work")
        with page.expect_navigation():
            page.get_by_test_id("purpose-continue").click()


@pytest.fixture
def border_guard(transactional_db):
    seed_lists()  # a transactional test run before this one emptied the ethnic groups
    kind = OrganisationKind.objects.create(code="e2e_kind", name="Loại đơn vị thử nghiệm")
    command = Organisation.objects.create(name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh", code="E-BCH", kind=kind)
    post = Organisation.objects.create(name="Đồn Biên phòng Ba Sơn", code="E-BS", kind=kind, parent=command)
    cell = Organisation.objects.create(name="Chi bộ Đồn Biên phòng Ba Sơn", code="E-CB", kind=kind, parent=post)
    party = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", code="E-TU", kind=kind)
    commune = Organisation.objects.create(name="Đảng ủy xã Ba Sơn", code="E-DUX", kind=kind, parent=party)
    SharingRule.objects.create(owner=command, viewer=party, mode="totals", include_subtree=True)
    admin = make_user("bch_admin", command, Role.ADMIN)
    Membership.objects.filter(user=admin).update(personal_data=True)
    plan = CadrePlanFactory(organisation=command, term="2025-2030", title="Chính trị viên đồn biên phòng")
    return {
        "command": command,
        "post": post,
        "cell": cell,
        "commune": commune,
        "plan": plan,
        "admin": admin,
        "viewer": make_user("bch_viewer", command, Role.VIEWER),
    }


@pytest.mark.e2e
def test_an_officer_seconded_planned_and_rated_and_only_totals_for_the_viewer(browsing, border_guard, login):
    cache.clear()
    bg = border_guard
    today = timezone.localdate()
    day = (today - datetime.timedelta(days=30)).strftime("%d/%m/%Y")

    # --- 1. the admin records the officer (the purpose is asked once, on the first page of personal data)
    admin = browsing.new_page()
    login(admin, bg["admin"])
    admin.goto("/cadres/people/")
    state_purpose_if_asked(admin)
    expect(admin.get_by_test_id("personal-data-purpose")).to_be_visible()
    admin.goto("/cadres/people/add/")
    state_purpose_if_asked(admin)
    pick(admin, "organisation", "ba son", exactly(bg["post"].name))
    admin.fill("input[name=full_name]", OFFICER)
    admin.fill("input[name=birth_date]", "01/07/1990")  # 1 July, not 7 January
    admin.select_option("select[name=sex]", value="male")
    pick(admin, "ethnic_group", "tay", "Tày")
    save(admin)
    person = Person.objects.get(full_name=OFFICER)
    assert (person.organisation, person.birth_date) == (bg["post"], datetime.date(1990, 7, 1))
    assert admin.url.endswith(f"/cadres/people/{person.pk}/")

    # --- 2. seconded to the Ba Sơn commune party committee as its deputy secretary
    with admin.expect_navigation():
        admin.get_by_test_id("add-secondment").click()
    pick(admin, "sending_unit", "ba son", exactly(bg["post"].name))
    pick(admin, "receiving_committee", "dang uy xa ba son", bg["commune"].name)
    admin.select_option("select[name=committee_level]", value="commune")
    admin.select_option("select[name=position]", value="deputy_secretary")
    admin.fill("input[name=decision_number]", "125-QĐ/TU")
    admin.fill("input[name=decision_date]", day)
    admin.select_option("select[name=term]", value="2025-2030")
    admin.fill("input[name=from_date]", day)
    save(admin)
    secondment = Secondment.objects.get(person=person)
    assert (secondment.receiving_committee, secondment.position) == (bg["commune"], "deputy_secretary")
    admin.goto(f"/cadres/people/{person.pk}/")
    expect(admin.get_by_test_id("secondments")).to_contain_text(bg["commune"].name)

    # --- 3. into the 2025–2030 plan; the plan's page counts him against the targets
    admin.goto(f"/cadres/plans/{bg['plan'].pk}/")
    with admin.expect_navigation():
        admin.get_by_test_id("add-planned").click()
    pick(admin, "person", "bien", OFFICER)
    admin.select_option("select[name=source]", value="seconded")
    admin.fill("input[name=decision_number]", "12-QĐ/ĐU")
    admin.fill("input[name=decision_date]", day)
    save(admin)
    assert PlannedCadre.objects.filter(plan=bg["plan"], person=person, source="seconded").exists()
    admin.goto(f"/cadres/plans/{bg['plan'].pk}/")
    expect(admin.get_by_test_id("planned-total")).to_contain_text("1")
    expect(admin.get_by_test_id("planned-cadres")).to_contain_text(OFFICER)

    # --- 4. the post's party cell rated for last year, decided by the command
    admin.goto("/cadres/organisation-ratings/add/")
    pick(admin, "organisation", "chi bo", bg["cell"].name)
    admin.fill("input[name=year]", str(today.year - 1))
    pick(admin, "deciding_organisation", "bo chi huy", bg["command"].name)
    admin.select_option("select[name=self_rating]", value="good")
    admin.select_option("select[name=proposed_level]", value="good")
    admin.select_option("select[name=decided_level]", value="good")
    admin.fill("input[name=decision_number]", "40-QĐ/ĐU")
    admin.fill("input[name=decision_date]", f"20/01/{today.year}")
    admin.check("input[name=clean_and_strong]")
    save(admin)
    rating = OrganisationRating.objects.get(organisation=bg["cell"], year=today.year - 1)
    assert (rating.decided_level, rating.clean_and_strong) == ("good", True)

    # --- 5. the viewer: no officer, but the totals
    viewer = browsing.new_page()
    login(viewer, bg["viewer"])
    response = viewer.goto(f"/cadres/people/{person.pk}/")
    assert response.status == 404
    viewer.goto("/cadres/people/")
    expect(viewer.locator("body")).not_to_contain_text(OFFICER)
    viewer.goto("/cadres/statistics/")
    expect(viewer.locator("[data-stat=secondments]")).to_have_attribute("data-value", "1")
    expect(viewer.locator("[data-stat=people]")).to_have_attribute("data-value", "1")
    expect(viewer.locator("main")).not_to_contain_text(OFFICER)

    # --- 6. the access log: the admin's readings of the officer, by record number, never by name
    assert PersonalDataAccess.objects.filter(user=bg["admin"]).exists()
    assert not PersonalDataAccess.objects.filter(user=bg["viewer"]).exists()
    admin.goto("/audit/personal-data-access/")
    table = admin.locator("#list-results")
    expect(table).to_contain_text(f"#{person.pk}")
    expect(table).to_contain_text(bg["admin"].full_name)
    expect(table).not_to_contain_text(OFFICER)
    response = viewer.goto("/audit/personal-data-access/")
    assert response.status == 404
