"""Every security record type passes the base rules of pages and API (scope, 404/403, clearance, history,
field errors, stale edits, recoverable deletes, query counts, exports through the gate)."""

import itertools

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from phoihop.accounts.models import Membership
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
from phoihop.programs.tests.factories import make_commune, make_village
from phoihop.security.models import (
    Case,
    CaseCategory,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
    SeizedItemType,
    SituationNote,
)
from phoihop.security.tests.factories import (
    category,
    item_type,
    make_case,
    make_group,
    make_identity,
    make_item,
    make_note,
    make_operation,
    make_step,
)

counter = itertools.count(1)


class Places:
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune = make_commune("T20961", "Đồng Đăng")
        cls.village = make_village(cls.commune, "Bản Pò Mã")
        # the lists' filters ask the gate for sharing rules, which looks the content types up once per process: warm
        # them so that the query-count tests compare like with like
        for model in (Case, Operation, CaseCategory, SeizedItemType, SituationNote):
            ContentType.objects.get_for_model(model)


# --- managed lists ----------------------------------------------------------------------------------------------


class CaseCategoryRecord:
    model = CaseCategory

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return CaseCategory.objects.create(code=f"loai-{n}", name=f"Loại vụ việc {n}", **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "code": f"loai-moi-{n}",
            "name": f"Vận chuyển động vật hoang dã {n}",
            "default_nature": "criminal",
            "sort_order": n,
        }

    def invalid_form_data(self, owner):
        return {"code": "", "name": "Không có mã", "default_nature": "criminal", "sort_order": 1}, "code"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.code]


class TestCaseCategoryViews(CaseCategoryRecord, RecordViewTests, TestCase):
    def test_the_list_is_seeded_with_the_programmes_categories(self):
        natures = dict(CaseCategory.objects.values_list("code", "default_nature"))
        self.assertEqual(natures["ma-tuy"], "criminal")
        self.assertEqual(natures["buon-lau"], "administrative")
        self.assertEqual(len(natures), 8)


class TestCaseCategoryAPI(CaseCategoryRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/case-categories/"


class SeizedItemTypeRecord:
    model = SeizedItemType

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return SeizedItemType.objects.create(code=f"loai-tang-vat-{n}", name=f"Tang vật {n}", default_unit="kg")

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"ma-tuy-da-{n}", "name": f"Ma túy đá {n}", "default_unit": "g", "sort_order": n}

    def invalid_form_data(self, owner):
        return {"code": "x", "name": "Sai đơn vị", "default_unit": "thimble", "sort_order": 1}, "default_unit"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.code]


class TestSeizedItemTypeViews(SeizedItemTypeRecord, RecordViewTests, TestCase):
    def test_seeded_with_units(self):
        self.assertEqual(item_type("heroin").default_unit, "g")
        self.assertTrue(item_type("tien-gia").has_face_value)


class TestSeizedItemTypeAPI(SeizedItemTypeRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/seized-item-types/"


# --- operations -------------------------------------------------------------------------------------------------


class OperationRecord(Places):
    model = Operation

    def make_record(self, owner, **kwargs):
        if kwargs.get("classification"):
            kwargs.update(holding_unit=owner, custodian="Đội trưởng trinh sát", storage_place="Tủ mật", name="")
        return make_operation(owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "code": f"CA-{n}/2025",
            "name": f"Chuyên án đấu tranh tuyến ma túy {n}",
            "lead_unit": owner.pk,
            "category": category().pk,
            "coordinating_agencies": "Công an tỉnh, Cục Hải quan, phía Trung Quốc",
            "opened_on": "01/03/2025",
            "classification": 0,
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "closed_on": "01/01/2025"}, "closed_on"

    def api_data(self, owner):
        return {**self.form_data(owner), "opened_on": "2025-03-01"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "closed_on": "2025-01-01"}, "closed_on"


class TestOperationViews(OperationRecord, RecordViewTests, TestCase):
    pass


class TestOperationAPI(OperationRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/operations/"


# --- cases ------------------------------------------------------------------------------------------------------


class CaseRecord(Places):
    model = Case

    def make_record(self, owner, **kwargs):
        return make_case(owner, self.commune, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "code": f"LS1225.{n}",
            "occurred_on": "05/12/2025",
            "occurred_time": "14:30",
            "category": category().pk,
            "role": "lead",
            "unit": owner.pk,
            "commune": self.commune.pk,
            "village": self.village.pk,
            "place_detail": "Đường mòn khu vực mốc 979",
            "subject_count": 2,
            "outcome": "prosecuted",
            "outcome_on": "10/12/2025",
            "transferred_to": "Cơ quan CSĐT Công an tỉnh",
            "budget_receipts": "0",
            "summary": "Bắt quả tang hai đối tượng vận chuyển heroin",
            "classification": 0,
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "outcome": "fined", "fine_amount": ""}, "fine_amount"

    def api_data(self, owner):
        return {**self.form_data(owner), "occurred_on": "2025-12-05", "outcome_on": "2025-12-10"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "outcome": "fined"}, "fine_amount"

    def export_keys(self, obj):
        return [obj.code]


class TestCaseViews(CaseRecord, RecordViewTests, TestCase):
    def test_reporter_cannot_record_for_another_unit(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), self.form_data(self.world.b))
        self.assertEqual(response.status_code, 400)
        self.assertIn("unit", response.context["form"].errors)

    def test_the_page_shows_what_the_case_holds(self):
        case = self.make_record(self.world.a)
        make_group(case, nationality="cn", count=2)
        make_item(case)
        make_step(case, "seized")
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("detail", case))
        self.assertContains(response, 'data-testid="custody-step"')
        self.assertContains(response, "Trung Quốc")
        self.assertContains(response, "350 g")
        self.assertContains(response, 'data-testid="personal-data-hidden"')


class TestCaseAPI(CaseRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/cases/"

    def test_time_of_day_is_hours_and_minutes(self):
        """The post's local time of day, "HH:MM" (the schema's pattern; RFC 3339 ``format: time`` would need a UTC
        offset), read back as it was written."""
        import datetime

        case = self.make_record(self.world.a, occurred_time=datetime.time(4, 30))
        self.as_user(self.world.a_viewer)
        self.assertEqual(self.api.get(self.detail(case)).json()["occurred_time"], "04:30")
        self.as_user(self.editor)
        response = self.api.post(
            self.endpoint, {**self.api_data(self.world.a), "occurred_time": "22:15"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["occurred_time"], "22:15")
        bad = self.api.post(self.endpoint, {**self.api_data(self.world.a), "occurred_time": "25:00"}, format="json")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("occurred_time", bad.json())


# --- what a case holds ------------------------------------------------------------------------------------------


class CaseChildRecord(Places):
    def case(self, owner, **kwargs):
        return make_case(owner, self.commune, **kwargs)


class SubjectGroupRecord(CaseChildRecord):
    model = CaseSubjectGroup

    def make_record(self, owner, **kwargs):
        return make_group(self.case(owner, **kwargs))

    def form_data(self, owner):
        return {"case": self.case(owner).pk, "sex": "female", "nationality": "vn", "ethnic_group": "Nùng", "count": 2}

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "count": 3}, "count"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.case.code]


class TestSubjectGroupViews(SubjectGroupRecord, RecordViewTests, TestCase):
    pass


class TestSubjectGroupAPI(SubjectGroupRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/subject-groups/"


class SeizedItemRecord(CaseChildRecord):
    model = SeizedItem

    def make_record(self, owner, **kwargs):
        return make_item(self.case(owner, **kwargs))

    def form_data(self, owner):
        return {"case": self.case(owner).pk, "item_type": item_type().pk, "quantity": "8.978", "unit": "g"}

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "quantity": "-1"}, "quantity"

    def api_data(self, owner):
        return {**self.form_data(owner), "quantity": "8978"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "quantity": "-1"}, "quantity"

    def export_keys(self, obj):
        return [obj.case.code]


class TestSeizedItemViews(SeizedItemRecord, RecordViewTests, TestCase):
    def test_quantity_is_read_the_vietnamese_way_and_the_unit_defaults(self):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "quantity": "864,9", "unit": "", "item_type": item_type("phao").pk}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        item = SeizedItem.objects.latest("pk")
        self.assertEqual((str(item.quantity), item.unit), ("864.900", "kg"))
        self.assertEqual(str(item), "Pháo: 864,9 kg")

    def test_face_value_only_for_counterfeit_money(self):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "face_value": "5000000"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("face_value", response.context["form"].errors)
        data["item_type"], data["unit"] = item_type("tien-gia").pk, "to"
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)


class TestSeizedItemAPI(SeizedItemRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/seized-items/"


class CustodyStepRecord(CaseChildRecord):
    model = CustodyStep

    def make_record(self, owner, **kwargs):
        return make_step(self.case(owner, **kwargs), "seized")

    def form_data(self, owner):
        return {
            "case": self.case(owner).pk,
            "kind": "seized",
            "date": "05/12/2025",
            "place": "Khu vực mốc 979",
            "minutes_number": "12/BB-ĐBP",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "kind": "handed_over", "handed_to": "Công an"}, "kind"

    def api_data(self, owner):
        return {**self.form_data(owner), "date": "2025-12-05"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "kind": "destroyed"}, "kind"

    def export_keys(self, obj):
        return [obj.case.code]


class TestCustodyStepViews(CustodyStepRecord, RecordViewTests, TestCase):
    pass


class TestCustodyStepAPI(CustodyStepRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/custody-steps/"


class IdentityRecord(CaseChildRecord):
    """The base rules hold for users who carry the personal-data permission (every membership of the test world
    gets it; the outsider b_admin still sees nothing of post A's, since it follows the membership's subtree)."""

    model = CaseSubjectIdentity

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Membership.objects.update(personal_data=True)

    def make_record(self, owner, **kwargs):
        return make_identity(self.case(owner, **kwargs))

    def form_data(self, owner):
        n = next(counter)
        return {
            "case": self.case(owner).pk,
            "full_name": f"Hoàng Văn Vận Chuyển {n}",
            "birth_year": 1990,
            "sex": "male",
            "nationality": "vn",
            "ethnic_group": "Tày",
            "identity_number": f"{30000000000 + n:012d}",
            "address": "Thôn Pò Mã, xã Đồng Đăng",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "identity_number": "12345"}, "identity_number"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.full_name]


class TestIdentityViews(IdentityRecord, RecordViewTests, TestCase):
    def test_a_foreigners_passport_is_free_text(self):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "nationality": "cn", "identity_number": "E12345678"}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)


class TestIdentityAPI(IdentityRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/subject-identities/"


# --- situation notes --------------------------------------------------------------------------------------------


class SituationNoteRecord(Places):
    model = SituationNote

    def make_record(self, owner, **kwargs):
        return make_note(owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "post": owner.pk,
            "noted_on": "05/12/2025",
            "category": category("buon-lau").pk,
            "commune": self.commune.pk,
            "assessment": f"Các đối tượng tập kết hàng lậu ở bãi đất gần mốc, đợt {n}",
            "source_reliability": "fairly_reliable",
            "classification": 0,
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "assessment": ""}, "assessment"

    def api_data(self, owner):
        return {**self.form_data(owner), "noted_on": "2025-12-05"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "assessment": ""}, "assessment"

    def export_keys(self, obj):
        return [obj.pk]


class TestSituationNoteViews(SituationNoteRecord, RecordViewTests, TestCase):
    pass


class TestSituationNoteAPI(SituationNoteRecord, RecordAPITests, TestCase):
    endpoint = "/api/security/situation-notes/"
