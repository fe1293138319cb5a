"""The people of cadre work pass the base rules of pages and API (scope, 404/403, history, field errors, stale edits,
recoverable deletes, query counts, exports through the gate) for users holding the personal-data permission; the
ethnic groups as a managed list (everyone reads, superusers edit)."""

import itertools

from django.contrib.contenttypes.models import ContentType
from django.test import TestCase

from phoihop.accounts.models import Membership
from phoihop.cadres.models import EthnicGroup, Person, PositionHolding, TrainingCourse
from phoihop.cadres.tests import factories as f
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
from phoihop.orgs.models import Organisation

counter = itertools.count(1)


class PersonalDataWorld:
    """Every membership of the test world carries the personal-data permission (the outsider b_admin still sees
    nothing of post A's: the permission follows the membership's subtree)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Membership.objects.update(personal_data=True)
        cls.commune = f.CommuneFactory(name="Xã Ba Sơn")
        cls.village = f.VillageFactory(name="Thôn Khòn Pổ", parent=cls.commune)
        cls.group = f.ethnic_group("07")
        # the lists' filters ask the gate for sharing rules, which looks the content types up once per process
        for model in (Person, Organisation, EthnicGroup):
            ContentType.objects.get_for_model(model)

    def person(self, owner, **kwargs):
        return f.PersonFactory(organisation=owner, home_commune=self.commune, **kwargs)


# --- the managed list -------------------------------------------------------------------------------------------


class EthnicGroupRecord:
    model = EthnicGroup

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return EthnicGroup.objects.create(code=f"t{n}", name=f"Dân tộc thử {n}", sort_order=0, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"moi-{n}", "name": f"Nhóm thử {n}", "code_1979": "", "is_minority": "on", "sort_order": 99}

    def invalid_form_data(self, owner):
        return {"code": "", "name": "Không có mã", "sort_order": 1}, "code"

    def api_data(self, owner):
        n = next(counter)
        return {"code": f"api-{n}", "name": f"Nhóm API {n}", "is_minority": True, "sort_order": 99}

    def invalid_api_data(self, owner):
        return {"code": "", "name": "Không có mã"}, "code"

    def export_keys(self, obj):
        return [obj.code]


class TestEthnicGroupViews(EthnicGroupRecord, RecordViewTests, TestCase):
    def test_the_list_holds_the_54_groups_in_their_order(self):
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"), {"per_page": 100})
        names = [row.record.name for row in response.context["table"].paginated_rows]
        self.assertEqual(names[:7], ["Kinh", "Tày", "Thái", "Mường", "Khơ me", "Hoa", "Nùng"])
        self.assertEqual(response.context["total"], 54)

    def test_only_superusers_edit(self):
        self.login(self.world.p_admin)
        self.assertEqual(self.client.get(self.url("add")).status_code, 403)


class TestEthnicGroupAPI(EthnicGroupRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/ethnic-groups/"


# --- people -----------------------------------------------------------------------------------------------------


class PersonRecord(PersonalDataWorld):
    model = Person

    def make_record(self, owner, **kwargs):
        return self.person(owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "organisation": owner.pk,
            "full_name": f"Nông Văn Thử {n}",
            "birth_date": "15/03/1985",
            "sex": "male",
            "ethnic_group": self.group.pk,
            "home_commune": self.commune.pk,
            "home_village": self.village.pk,
            "party_admitted_on": "19/05/2008",
            "party_official_on": "19/05/2009",
            "education": "university",
            "political_theory": "intermediate",
            "note": "Cán bộ nguồn",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "party_official_on": "01/01/2008"}, "party_official_on"

    def api_data(self, owner):
        data = self.form_data(owner)
        return {
            **data,
            "birth_date": "1985-03-15",
            "party_admitted_on": "2008-05-19",
            "party_official_on": "2009-05-19",
        }

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "sex": "unknown"}, "sex"

    def export_keys(self, obj):
        return [obj.full_name]


class TestPersonViews(PersonRecord, RecordViewTests, TestCase):
    def test_dates_are_day_first(self):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "birth_date": "01/07/1990"}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        person = Person.objects.get(full_name=data["full_name"])
        self.assertEqual((person.birth_date.day, person.birth_date.month), (1, 7))

    def test_the_village_lies_in_the_home_commune(self):
        self.login(self.world.a_reporter)
        elsewhere = f.VillageFactory(name="Thôn Nà Pàn")
        response = self.client.post(self.url("add"), {**self.form_data(self.world.a), "home_village": elsewhere.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("home_village", response.context["form"].errors)

    def test_the_village_picker_follows_the_home_commune_and_groups_are_searched(self):
        from phoihop.cadres.forms.people import PersonForm
        from phoihop.core.pickers import PickerSelect

        form = PersonForm(user=self.world.a_reporter)
        self.assertIn('data-picker-depends="home_commune"', str(form["home_village"]))
        self.assertIsInstance(form.fields["ethnic_group"].widget, PickerSelect)
        self.client.force_login(self.world.a_reporter)
        results = self.client.get("/pick/ethnicgroup/", {"q": "nung"}).json()["results"]
        self.assertEqual([(r["label"], r["hint"]) for r in results], [("Nùng", "07")])
        self.assertEqual(self.client.get("/pick/ethnicgroup/", {"q": "05"}).json()["results"][0]["label"], "Khơ me")

    def test_reporter_cannot_record_for_another_organisation(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), self.form_data(self.world.b))
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["form"].errors)


class TestPersonAPI(PersonRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/people/"


# --- positions held ---------------------------------------------------------------------------------------------


class PositionHoldingRecord(PersonalDataWorld):
    model = PositionHolding

    def make_record(self, owner, **kwargs):
        kwargs.setdefault("title", f"Chính trị viên đồn {next(counter)}")
        return f.PositionHoldingFactory(person=self.person(owner), **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "person": self.person(owner).pk,
            "organisation": owner.pk,
            "title": f"Phó Chính trị viên {n}",
            "from_date": "01/07/2025",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "to_date": "30/06/2025"}, "to_date"

    def api_data(self, owner):
        return {**self.form_data(owner), "from_date": "2025-07-01"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "from_date": "31/02/2025"}, "from_date"

    def export_keys(self, obj):
        return [obj.title]


class TestPositionHoldingViews(PositionHoldingRecord, RecordViewTests, TestCase):
    pass


class TestPositionHoldingAPI(PositionHoldingRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/positions/"


# --- training courses -------------------------------------------------------------------------------------------


class TrainingCourseRecord(PersonalDataWorld):
    model = TrainingCourse

    def make_record(self, owner, **kwargs):
        kwargs.setdefault("name", f"Trung cấp lý luận chính trị {next(counter)}")
        return f.TrainingCourseFactory(person=self.person(owner), **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "person": self.person(owner).pk,
            "name": f"Bồi dưỡng kiến thức quốc phòng {n}",
            "level": "fostering",
            "from_date": "03/03/2025",
            "to_date": "28/03/2025",
            "institution": "Trường Chính trị Hoàng Văn Thụ",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "level": "nonsense"}, "level"

    def api_data(self, owner):
        return {**self.form_data(owner), "from_date": "2025-03-03", "to_date": "2025-03-28"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "to_date": "2025-03-01"}, "to_date"

    def export_keys(self, obj):
        return [obj.name]


class TestTrainingCourseViews(TrainingCourseRecord, RecordViewTests, TestCase):
    pass


class TestTrainingCourseAPI(TrainingCourseRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/training-courses/"
