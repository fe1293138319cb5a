"""Secondments of officers to local committees and party members in charge of households: the base rules of pages
and API for users holding the personal-data permission, the list filters, the receiving committee from another
tree and the village of the chosen commune."""

import itertools

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse

from phoihop.cadres.forms.secondments import HouseholdAssignmentForm, SecondmentForm
from phoihop.cadres.models import HouseholdAssignment, Secondment
from phoihop.cadres.tests import factories as f
from phoihop.cadres.tests.test_people_records import PersonalDataWorld
from phoihop.core.pickers import source_key
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.orgs.models import Organisation

counter = itertools.count(1)


class Committees(PersonalDataWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # the commune's party committee belongs to the Tỉnh ủy's tree, not to the Border Guard's
        cls.committee = Organisation.objects.create(name="Đảng ủy xã Ba Sơn", code="T-DUBS", kind=cls.world.kind)
        ContentType.objects.get_for_model(Secondment)


class SecondmentRecord(Committees):
    model = Secondment

    def make_record(self, owner, **kwargs):
        kwargs.setdefault("decision_number", f"{next(counter)}-QĐ/TU")
        return f.SecondmentFactory(person=self.person(owner), receiving_committee=self.committee, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "person": self.person(owner).pk,
            "sending_unit": owner.pk,
            "receiving_committee": self.committee.pk,
            "committee_level": "commune",
            "position": "deputy_secretary",
            "decision_number": f"{1000 + n}-QĐ/TU",
            "decision_date": "01/07/2025",
            "decision_authority": "Ban Thường vụ Tỉnh ủy",
            "term": "2025-2030",
            "from_date": "01/07/2025",
            "note": "Tăng cường cho cơ sở",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "position": "other", "position_detail": ""}, "position_detail"

    def api_data(self, owner):
        return {**self.form_data(owner), "decision_date": "2025-07-01", "from_date": "2025-07-01"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "committee_level": "village"}, "committee_level"

    def export_keys(self, obj):
        return [obj.decision_number]


class TestSecondmentViews(SecondmentRecord, RecordViewTests, TestCase):
    def test_the_sending_unit_is_one_where_the_user_records(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), {**self.form_data(self.world.a), "sending_unit": self.world.b.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("sending_unit", response.context["form"].errors)

    def test_the_receiving_committee_may_be_of_another_tree(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        secondment = Secondment.objects.get(decision_number=data["decision_number"])
        self.assertEqual(secondment.receiving_committee, self.committee)
        # … and gains no access to the record by it
        self.assertFalse(Secondment.objects.restrict(self.world.b_admin).filter(pk=secondment.pk).exists())

    def test_the_receiving_committee_picker_offers_the_other_tree_to_reporters_only(self):
        field = f"{source_key(SecondmentForm)}:receiving_committee"
        self.client.force_login(self.world.a_reporter)
        labels = [
            r["label"]
            for r in self.client.get("/pick/organisation/", {"q": "ba son", "field": field}).json()["results"]
        ]
        self.assertIn(self.committee.name, labels)
        self.client.force_login(self.world.a_viewer)
        results = self.client.get("/pick/organisation/", {"q": "ba son", "field": field}).json()["results"]
        self.assertEqual(results, [])

    def test_decision_dates_are_day_first(self):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "decision_date": "02/06/2025"}
        self.client.post(self.url("add"), data)
        secondment = Secondment.objects.get(decision_number=data["decision_number"])
        self.assertEqual((secondment.decision_date.day, secondment.decision_date.month), (2, 6))


class TestSecondmentAPI(SecondmentRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/secondments/"


class TestSecondmentFilters(Committees, WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        other_committee = Organisation.objects.create(name="Đảng ủy xã Đồng Đăng", code="T-DUDD", kind=w.kind)

        def make(owner, **kwargs):
            person = f.PersonFactory(organisation=owner, home_commune=cls.commune)
            return f.SecondmentFactory(person=person, sending_unit=owner, **kwargs)

        cls.post = make(w.a, receiving_committee=cls.committee, position="deputy_secretary")
        cls.cell = make(
            w.a1,
            receiving_committee=other_committee,
            position="military_commander",
            committee_level="commune",
            term="2020-2025",
            from_date="2021-01-01",
            to_date="2025-06-30",
            decision_date="2020-12-20",
        )
        cls.province = make(
            w.province, receiving_committee=cls.committee, committee_level="province", position="committee_member"
        )

    def listed(self, **params):
        response = self.client.get(reverse("cadres:secondment_list"), {"per_page": 100, **params})
        self.assertEqual(response.status_code, 200)
        return {row.record.pk for row in response.context["table"].paginated_rows}

    def api_listed(self, **params):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        response = api.get("/api/cadres/secondments/", params)
        self.assertEqual(response.status_code, 200, response.content)
        return {row["id"] for row in response.json()["results"]}

    def test_each_filter(self):
        self.login(self.world.p_admin)
        everything = {self.post.pk, self.cell.pk, self.province.pk}
        cases = [
            ({}, everything),
            ({"sending_unit": self.world.a.pk}, {self.post.pk, self.cell.pk}),  # the post with its cell
            ({"sending_unit": self.world.a1.pk}, {self.cell.pk}),
            ({"receiving_committee": self.committee.pk}, {self.post.pk, self.province.pk}),
            ({"committee_level": "province"}, {self.province.pk}),
            ({"position": "military_commander"}, {self.cell.pk}),
            ({"current_on": "01/07/2025"}, {self.post.pk, self.province.pk}),
            ({"current_on": "01/03/2024"}, {self.cell.pk}),
            ({"current": "true"}, {self.post.pk, self.province.pk}),
            ({"term": "2020-2025"}, {self.cell.pk}),
        ]
        for params, expected in cases:
            self.assertEqual(self.listed(**params), expected, params)
            api_params = {k: ("2025-07-01" if v == "01/07/2025" else v) for k, v in params.items()}
            self.assertEqual(self.api_listed(**api_params), expected, params)

    def test_the_committee_filter_offers_the_committees_the_users_secondments_name(self):
        from phoihop.cadres.filtersets.secondments import SecondmentFilterSet

        Organisation.objects.create(name="Đảng ủy xã Bảo Lâm", code="T-DUBL", kind=self.world.kind)
        field = f"{source_key(SecondmentFilterSet)}:receiving_committee"
        self.client.force_login(self.world.a_reporter)
        results = self.client.get("/pick/organisation/", {"q": "dang uy xa", "field": field}).json()["results"]
        self.assertEqual({r["label"] for r in results}, {"Đảng ủy xã Ba Sơn", "Đảng ủy xã Đồng Đăng"})
        self.client.force_login(self.world.b_admin)  # no secondment of theirs: nothing to offer
        results = self.client.get("/pick/organisation/", {"q": "dang uy xa", "field": field}).json()["results"]
        self.assertEqual(results, [])

    def test_a_bad_filter_value_is_a_field_error(self):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        response = api.get("/api/cadres/secondments/", {"committee_level": "village"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("committee_level", response.json())


# --- households in charge ---------------------------------------------------------------------------------------


class HouseholdAssignmentRecord(Committees):
    model = HouseholdAssignment

    def make_record(self, owner, **kwargs):
        kwargs.setdefault("households", 100 + next(counter))
        return f.HouseholdAssignmentFactory(person=self.person(owner), village=self.village, **kwargs)

    def form_data(self, owner):
        return {
            "person": self.person(owner).pk,
            "commune": self.commune.pk,
            "village": self.village.pk,
            "households": 200 + next(counter),
            "from_date": "01/01/2025",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "households": 0}, "households"

    def api_data(self, owner):
        data = self.form_data(owner)
        data.pop("commune")
        return {**data, "from_date": "2025-01-01"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "village": self.commune.pk}, "village"

    def export_keys(self, obj):
        return [obj.person.full_name]


class TestHouseholdAssignmentViews(HouseholdAssignmentRecord, RecordViewTests, TestCase):
    def test_the_village_lies_in_the_chosen_commune(self):
        self.login(self.world.a_reporter)
        other = f.CommuneFactory(name="Xã Mẫu Sơn")
        response = self.client.post(self.url("add"), {**self.form_data(self.world.a), "commune": other.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("village", response.context["form"].errors)

    def test_a_form_without_a_commune_records_the_village(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data.pop("commune")
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)

    def test_the_village_picker_follows_the_commune(self):
        other = f.VillageFactory(name="Thôn Khòn Khoang")
        field = f"{source_key(HouseholdAssignmentForm)}:village"
        self.client.force_login(self.world.a_reporter)
        narrowed = self.client.get("/pick/area/", {"q": "thon", "field": field, "commune": self.commune.pk}).json()
        self.assertEqual([r["label"] for r in narrowed["results"]], [self.village.name])
        everywhere = self.client.get("/pick/area/", {"q": "khon", "field": field}).json()
        self.assertEqual({r["label"] for r in everywhere["results"]}, {self.village.name, other.name})
        form = HouseholdAssignmentForm(user=self.world.a_reporter)
        self.assertIn('data-picker-depends="commune"', str(form["village"]))

    def test_the_edit_form_shows_the_villages_commune(self):
        record = self.make_record(self.world.a)
        form = HouseholdAssignmentForm(instance=record, user=self.world.a_reporter)
        self.assertEqual(form["commune"].value(), self.commune.pk)


class TestHouseholdAssignmentAPI(HouseholdAssignmentRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/household-assignments/"
