"""The rules of the security records: a case's nature follows its category, outcomes and fines agree, nothing is
dated in the future, the chain of custody keeps its order, and a classified record is a register entry."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from phoihop.core.testing.views import WorldMixin
from phoihop.programs.tests.factories import make_commune, make_village
from phoihop.security.models import Case, CustodyStep
from phoihop.security.services import case_custody_record
from phoihop.security.tests.factories import (
    DAY,
    category,
    item_type,
    make_case,
    make_item,
    make_note,
    make_step,
)

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


class CaseWorld(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune = make_commune("T20971", "Đồng Đăng")
        cls.other_commune = make_commune("T20972", "Bảo Lâm")
        cls.village = make_village(cls.commune, "Bản Pò Mã")

    def case(self, **kwargs):
        kwargs.setdefault("commune", self.commune)
        kwargs.setdefault("occurred_on", DAY)
        return Case(unit=self.world.a, code="LS1225.2", **kwargs)

    def errors(self, instance):
        try:
            instance.full_clean()
        except ValidationError as error:
            return error.message_dict
        return {}


class TestNature(CaseWorld, TestCase):
    def test_the_nature_defaults_to_the_categorys(self):
        drugs = self.case(category=category("ma-tuy"))
        drugs.full_clean()
        self.assertEqual(drugs.nature, "criminal")
        smuggling = self.case(category=category("buon-lau"))
        smuggling.full_clean()
        self.assertEqual(smuggling.nature, "administrative")

    def test_a_nature_given_is_kept(self):
        case = self.case(category=category("ma-tuy"), nature="administrative")
        case.full_clean()
        self.assertEqual(case.nature, "administrative")

    def test_the_form_leaves_it_to_the_category(self):
        self.client.force_login(self.world.a_reporter)
        data = {
            "code": "LS1225.9",
            "occurred_on": "05/12/2025",
            "category": category("gian-lan-thuong-mai").pk,
            "role": "support",
            "unit": self.world.a.pk,
            "commune": self.commune.pk,
            "subject_count": 1,
            "outcome": "pending",
            "budget_receipts": "0",
            "classification": 0,
        }
        response = self.client.post("/security/cases/add/", data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        case = Case.objects.get(code="LS1225.9")
        self.assertEqual((case.nature, case.role), ("administrative", "support"))


class TestOutcome(CaseWorld, TestCase):
    def test_a_fine_needs_its_amount_and_an_administrative_case(self):
        case = self.case(category=category("buon-lau"), outcome="fined", outcome_on=DAY)
        self.assertIn("fine_amount", self.errors(case))
        case.fine_amount = Decimal("15000000")
        self.assertEqual(self.errors(case), {})
        case.nature = "criminal"
        self.assertIn("outcome", self.errors(case))

    def test_only_a_fine_has_an_amount(self):
        case = self.case(category=category("buon-lau"), fine_amount=Decimal("1000000"))
        self.assertIn("fine_amount", self.errors(case))

    def test_prosecution_is_criminal_and_names_the_receiving_agency(self):
        case = self.case(category=category("buon-lau"), outcome="prosecuted", outcome_on=DAY)
        errors = self.errors(case)
        self.assertIn("outcome", errors)
        self.assertIn("transferred_to", errors)
        case.nature, case.transferred_to = "criminal", "Cơ quan CSĐT Công an tỉnh"
        self.assertEqual(self.errors(case), {})

    def test_outcome_dates(self):
        pending = self.case(category=category(), outcome_on=DAY)
        self.assertIn("outcome_on", self.errors(pending))
        undated = self.case(category=category(), outcome="transferred", transferred_to="Hải quan")
        self.assertIn("outcome_on", self.errors(undated))
        early = self.case(
            category=category(),
            outcome="transferred",
            transferred_to="Hải quan",
            outcome_on=DAY - datetime.timedelta(1),
        )
        self.assertIn("outcome_on", self.errors(early))

    def test_ownerless_goods(self):
        ownerless = self.case(category=category("buon-lau"), ownerless=True, subject_count=3)
        self.assertIn("subject_count", self.errors(ownerless))
        ownerless.subject_count = 0
        ownerless.outcome, ownerless.outcome_on = "confiscated", DAY
        self.assertEqual(self.errors(ownerless), {})
        ownerless.outcome, ownerless.fine_amount = "fined", Decimal(1000)
        self.assertIn("outcome", self.errors(ownerless))
        owned = self.case(category=category("buon-lau"), outcome="confiscated", outcome_on=DAY)
        self.assertIn("outcome", self.errors(owned))

    def test_village_in_the_commune_and_both_coordinates(self):
        case = self.case(category=category(), commune=self.other_commune, village=self.village)
        self.assertIn("village", self.errors(case))
        case = self.case(category=category(), latitude=Decimal("21.95"))
        self.assertIn("longitude", self.errors(case))

    def test_groups_of_subjects_never_exceed_the_count(self):
        from phoihop.security.tests.factories import make_group

        case = make_case(self.world.a, self.commune, subject_count=3)
        make_group(case, count=2)
        with self.assertRaises(ValidationError) as raised:
            make_group(case, count=2, nationality="cn")
        self.assertIn("count", raised.exception.message_dict)
        case.subject_count = 1
        self.assertIn("subject_count", self.errors(case))


class TestNotInTheFuture(CaseWorld, TestCase):
    def test_dates_of_what_happened(self):
        from phoihop.core.validators import not_in_future
        from phoihop.security.models import Operation, SituationNote

        for model, name in (
            (Case, "occurred_on"),
            (Case, "outcome_on"),
            (Operation, "opened_on"),
            (CustodyStep, "date"),
            (SituationNote, "noted_on"),
        ):
            self.assertIn(not_in_future, model._meta.get_field(name).validators, (model, name))

    def test_a_case_dated_tomorrow_is_refused_on_the_page_and_in_the_api(self):
        self.client.force_login(self.world.a_reporter)
        data = {
            "code": "LS0101.1",
            "occurred_on": TOMORROW.strftime("%d/%m/%Y"),
            "category": category().pk,
            "role": "lead",
            "unit": self.world.a.pk,
            "commune": self.commune.pk,
            "outcome": "pending",
            "subject_count": 0,
            "budget_receipts": "0",
            "classification": 0,
        }
        response = self.client.post("/security/cases/add/", data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("chưa diễn ra", str(response.context["form"].errors["occurred_on"]))
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        response = api.post("/api/security/cases/", {**data, "occurred_on": TOMORROW.isoformat()}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("occurred_on", response.json())
        self.assertFalse(Case.objects.filter(code="LS0101.1").exists())

    def test_today_later_than_now_is_refused(self):
        later = (timezone.localtime() + datetime.timedelta(hours=2)).time()
        if later < timezone.localtime().time():
            return  # after 22:00 the time wraps to tomorrow: nothing to check today
        case = self.case(category=category(), occurred_on=timezone.localdate(), occurred_time=later)
        self.assertIn("occurred_time", self.errors(case))

    def test_a_situation_note_of_tomorrow_is_refused(self):
        with self.assertRaises(ValidationError) as raised:
            make_note(self.world.a, noted_on=TOMORROW)
        self.assertIn("noted_on", raised.exception.message_dict)


class TestChainOfCustody(CaseWorld, TestCase):
    def setUp(self):
        self.case_ = make_case(self.world.a, self.commune)
        self.user = self.world.a_reporter

    def record(self, kind, date=DAY, **kwargs):
        if kind in ("handed_over", "returned"):
            kwargs.setdefault("handed_to", "Cơ quan CSĐT Công an tỉnh")
        if kind == "stored":
            kwargs.setdefault("place", "Kho tang vật")
        return case_custody_record(
            acting_user=self.user, instance=CustodyStep(case=self.case_, kind=kind, date=date, **kwargs)
        )

    def refused(self, kind, date=DAY, **kwargs):
        with self.assertRaises(ValidationError) as raised:
            self.record(kind, date, **kwargs)
        return raised.exception.message_dict

    def test_no_handover_before_the_seizure(self):
        self.assertIn("kind", self.refused("handed_over"))
        self.record("seized")
        self.record("stored", DAY + datetime.timedelta(1))
        self.record("handed_over", DAY + datetime.timedelta(2), minutes_number="15/BB-BG")
        self.assertEqual(CustodyStep.objects.filter(case=self.case_).count(), 3)

    def test_a_step_dated_before_the_seizure_is_refused(self):
        self.record("seized", DAY + datetime.timedelta(3))
        self.assertIn("kind", self.refused("handed_over", DAY + datetime.timedelta(1)))

    def test_nothing_after_destruction_or_return(self):
        self.record("seized")
        self.record("destroyed", DAY + datetime.timedelta(5))
        message = self.refused("stored", DAY + datetime.timedelta(6))["kind"][0]
        self.assertIn("10/12/2025", message)
        self.assertIn("kind", self.refused("returned", DAY + datetime.timedelta(7)))

    def test_seized_once(self):
        self.record("seized")
        self.assertIn("kind", self.refused("seized", DAY + datetime.timedelta(1)))

    def test_an_items_chain_starts_from_the_cases_seizure_and_ends_with_it(self):
        heroin = make_item(self.case_)
        pills = make_item(self.case_, item_type=item_type("ma-tuy-tong-hop"), quantity=Decimal(120))
        self.record("seized")  # all the evidence
        self.record("handed_over", DAY + datetime.timedelta(1), seized_item=heroin)
        self.record("destroyed", DAY + datetime.timedelta(2), seized_item=heroin)
        self.assertIn("kind", self.refused("stored", DAY + datetime.timedelta(3), seized_item=heroin))
        self.record("stored", DAY + datetime.timedelta(3), seized_item=pills)  # the other item goes on
        self.record("returned", DAY + datetime.timedelta(4))  # the case's whole evidence
        self.assertIn("kind", self.refused("stored", DAY + datetime.timedelta(5), seized_item=pills))

    def test_an_item_of_another_case_is_refused(self):
        other = make_case(self.world.a, self.commune)
        item = make_item(other)
        self.assertIn("seized_item", self.refused("seized", seized_item=item))

    def test_the_seizure_may_not_be_deleted_while_steps_follow_it(self):
        from phoihop.core.services import record_delete

        seizure = self.record("seized")
        handover = self.record("handed_over", DAY + datetime.timedelta(1))
        with self.assertRaises(ValidationError):
            record_delete(acting_user=self.user, instance=seizure)
        record_delete(acting_user=self.user, instance=handover)
        seizure.refresh_from_db()
        record_delete(acting_user=self.user, instance=seizure)

    def test_the_page_and_the_api_refuse_out_of_order_steps(self):
        self.client.force_login(self.user)
        data = {"case": self.case_.pk, "kind": "handed_over", "date": "06/12/2025", "handed_to": "Công an"}
        response = self.client.post("/security/custody-steps/add/", data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("kind", response.context["form"].errors)
        api = APIClient()
        api.force_authenticate(self.user)
        response = api.post("/api/security/custody-steps/", {**data, "date": "2025-12-06"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("kind", response.json())

    def test_each_step_is_in_the_history(self):
        from phoihop.audit.models import ChangeRecord

        step = self.record("seized")
        self.assertTrue(ChangeRecord.objects.filter(object_pk=str(step.pk), content_type__model="custodystep").exists())

    def test_a_handover_names_who_received_it(self):
        self.record("seized")
        self.assertIn("handed_to", self.refused("handed_over", DAY, handed_to=""))


class TestRegisterEntries(CaseWorld, TestCase):
    """While STATE_SECRET_CONTENT is off, a case or note classified Mật or above holds no text."""

    def test_a_classified_case_refuses_its_summary(self):
        case = self.case(
            category=category(),
            classification=1,
            holding_unit=self.world.a,
            custodian="Trợ lý trinh sát",
            storage_place="Tủ mật",
            summary="Nội dung chi tiết",
        )
        self.assertIn("summary", self.errors(case))
        case.summary = ""
        self.assertEqual(self.errors(case), {})
        self.assertTrue(case.is_register_entry)

    def test_a_classified_note_is_a_register_entry(self):
        note = make_note(self.world.a, classification=1)
        self.assertTrue(note.is_register_entry)
        note.assessment = "Đối tượng A thường qua lại"
        self.assertIn("assessment", self.errors(note))

    @override_settings(STATE_SECRET_CONTENT=True)
    def test_a_cipher_approved_deployment_keeps_the_content(self):
        case = self.case(category=category(), classification=1, summary="Nội dung chi tiết")
        self.assertEqual(self.errors(case), {})

    def test_a_register_entrys_items_hold_no_description(self):
        case = make_case(self.world.a, self.commune, classification=1)
        item = make_item(case)
        item.description = "Gói trong túi nilon màu đen"
        self.assertIn("description", self.errors(item))
        step = make_step(case, "seized")  # the minutes number and the date only
        step.place = "Khu vực mốc 979"
        self.assertIn("place", self.errors(step))
