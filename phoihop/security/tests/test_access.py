"""Who sees what: the Border Guard's tree sees the cases; the Tỉnh ủy, through the totals-only sharing rule, counts
them but reads none (404 on a case, empty lists and API); subjects' identities only with the personal-data
permission; naming another unit as involved gives it no access."""

from django.test import TestCase
from rest_framework.test import APIClient

from phoihop.accounts.models import Membership
from phoihop.core.access import forget
from phoihop.core.choices import Action, Role
from phoihop.core.testing.views import state_purpose
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Organisation, SharingRule
from phoihop.programs.tests.factories import make_commune
from phoihop.security.models import Case, CaseSubjectIdentity, CustodyStep, SeizedItem, SituationNote
from phoihop.security.tests.factories import make_case, make_identity, make_item, make_note, make_step

IDENTITY = "Lục Văn Kín"


class Trees(TestCase):
    """The Tỉnh ủy and the Border Guard as two trees, as deployed: Đảng ủy BĐBP tỉnh → Đồn Biên phòng Pò Mã; the
    Border Guard shares totals (only) with the Tỉnh ủy."""

    @classmethod
    def setUpTestData(cls):
        from phoihop.orgs.models import OrganisationKind

        kind = OrganisationKind.objects.create(code="thu", name="Loại thử")
        cls.tu = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", code="X-TU", kind=kind)
        cls.du = Organisation.objects.create(name="Đảng ủy BĐBP tỉnh", code="X-DU", kind=kind)
        cls.post = Organisation.objects.create(name="Đồn Biên phòng Pò Mã", code="X-PM", kind=kind, parent=cls.du)
        cls.dept = Organisation.objects.create(name="Phòng Nghiệp vụ", code="X-NV", kind=kind, parent=cls.du)
        SharingRule.objects.create(owner=cls.du, viewer=cls.tu, mode="totals", include_subtree=True)
        cls.tu_user = make_user("tinh_uy", cls.tu, Role.ADMIN, clearance=3)
        cls.officer = make_user("can_bo_don", cls.post, Role.REPORTER, clearance=3)
        cls.commander = make_user("chi_huy", cls.du, Role.ADMIN, clearance=3)
        cls.nv_user = make_user("nghiep_vu", cls.dept, Role.ADMIN, clearance=3)
        commune = make_commune("T20981", "Đồng Đăng")
        cls.case = make_case(cls.post, commune)
        cls.case.involved_units.set([cls.tu, cls.dept])
        cls.item = make_item(cls.case)
        cls.step = make_step(cls.case, "seized")
        cls.note = make_note(cls.post)
        cls.identity = make_identity(cls.case, full_name=IDENTITY)


class TestTheProvinceSeesTotalsOnly(Trees):
    def test_the_tinh_uy_counts_the_case(self):
        for model in (Case, SituationNote):
            self.assertEqual(model.objects.restrict(self.tu_user, Action.COUNT).count(), 1, model)
            self.assertEqual(model.objects.restrict(self.tu_user, Action.VIEW).count(), 0, model)

    def test_the_tinh_uy_gets_404_and_empty_lists(self):
        self.client.force_login(self.tu_user)
        self.assertEqual(self.client.get(f"/security/cases/{self.case.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/security/situation-notes/{self.note.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/security/seized-items/{self.item.pk}/").status_code, 404)
        for url in (
            "/security/cases/",
            "/security/seized-items/",
            "/security/custody-steps/",
            "/security/situation-notes/",
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response.context["total"], 0, url)
        api = APIClient()
        api.force_authenticate(self.tu_user)
        self.assertEqual(api.get(f"/api/security/cases/{self.case.pk}/").status_code, 404)
        for endpoint in ("cases", "seized-items", "custody-steps", "situation-notes", "operations"):
            self.assertEqual(api.get(f"/api/security/{endpoint}/").json()["count"], 0, endpoint)

    def test_involved_units_gain_no_access(self):
        # the Tỉnh ủy and the department are named on the case: they still see nothing of it
        self.assertFalse(Case.objects.restrict(self.nv_user).exists())
        self.assertFalse(CustodyStep.objects.restrict(self.nv_user).exists())

    def test_the_border_guard_tree_sees_the_case(self):
        for user in (self.officer, self.commander):
            self.assertEqual(Case.objects.restrict(user).count(), 1, user)
            self.assertEqual(SeizedItem.objects.restrict(user).count(), 1, user)


class TestIdentitiesNeedThePersonalDataPermission(Trees):
    def test_without_the_permission_identities_do_not_exist(self):
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get(f"/security/subject-identities/{self.identity.pk}/").status_code, 404)
        response = self.client.get("/security/subject-identities/")
        self.assertEqual(response.context["total"], 0)
        page = self.client.get(f"/security/cases/{self.case.pk}/")
        self.assertContains(page, 'data-testid="personal-data-hidden"')
        self.assertNotContains(page, IDENTITY)
        self.assertEqual(self.client.get("/security/subject-identities/add/").status_code, 403)
        api = APIClient()
        api.force_authenticate(self.officer)
        self.assertEqual(api.get(f"/api/security/subject-identities/{self.identity.pk}/").status_code, 404)
        self.assertEqual(api.get("/api/security/subject-identities/").json()["count"], 0)
        self.assertNotIn(IDENTITY, api.get(f"/api/security/cases/{self.case.pk}/").content.decode())
        # nor do the case's exports carry them
        export = self.client.get("/security/cases/", {"export": "csv"})
        self.assertNotIn(IDENTITY, export.content.decode())

    def test_with_the_permission_they_are_read(self):
        Membership.objects.filter(user=self.officer).update(personal_data=True)
        forget(self.officer)
        self.client.force_login(self.officer)
        state_purpose(self.client)  # the page of a person asks why first (audit.personal_data)
        self.assertEqual(self.client.get(f"/security/subject-identities/{self.identity.pk}/").status_code, 200)
        page = self.client.get(f"/security/cases/{self.case.pk}/")
        self.assertContains(page, IDENTITY)
        self.assertContains(page, 'data-testid="add-identity"')

    def test_the_permission_never_crosses_the_sharing_rule(self):
        Membership.objects.filter(user=self.tu_user).update(personal_data=True)
        forget(self.tu_user)
        self.assertFalse(CaseSubjectIdentity.objects.restrict(self.tu_user, Action.VIEW).exists())
        # counting is not reading: the "totals only" rule counts the identities, names never leave the gate
        self.assertTrue(CaseSubjectIdentity.objects.restrict(self.tu_user, Action.COUNT).exists())
