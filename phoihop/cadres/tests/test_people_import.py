"""People, positions, courses, secondments and households in charge import from a spreadsheet by codes (dates
day-first, choices by code or label, the 1979 ethnic codes mapped); a file with bad rows reports them by spreadsheet
row and writes nothing; an exported file, headed in Vietnamese, imports back unchanged."""

import datetime
import io

import openpyxl
import tablib
from django.test import TestCase
from django.urls import reverse

from phoihop.cadres.models import HouseholdAssignment, Person, PositionHolding, Secondment, TrainingCourse
from phoihop.cadres.resources.people import PersonResource, PositionHoldingResource, TrainingCourseResource
from phoihop.cadres.resources.secondments import HouseholdAssignmentResource, SecondmentResource
from phoihop.cadres.tests import factories as f
from phoihop.cadres.tests.test_people_records import PersonalDataWorld
from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation

D = datetime.date
BOOKKEEPING = {"updated_at", "version", "updated_by_id", "search_text"}


def dataset(rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return tablib.Dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)


class ImportWorld(PersonalDataWorld, WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune.code = "C20611"
        cls.commune.save()
        cls.committee = Organisation.objects.create(name="Đảng ủy xã Ba Sơn", code="T-DUBS", kind=cls.world.kind)

    def person_row(self, **values):
        return {
            "full_name": "Hoàng Văn Nhập",
            "birth_date": "01/07/1988",
            "sex": "Nam",
            "ethnic_group": "Nùng",
            "organisation": "T-A",
            "home_commune": "C20611",
            "home_village": "Thôn Khòn Pổ",
            "party_admitted_on": "03/02/2010",
            "party_official_on": "03/02/2011",
            "education": "university",
            "political_theory": "Trung cấp lý luận chính trị",
            **values,
        }

    def import_rows(self, resource_class, rows, user=None):
        return run_import(resource_class(user=user or self.world.a_reporter), dataset(rows), dry_run=False)[1]

    def round_trip(self, url, resource_class, record):
        self.login(self.world.a_reporter)
        response = self.client.get(url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        content = response.content
        dataset = read_dataset(content, "export.xlsx")
        before = type(record).objects.values().get(pk=record.pk)
        _result, errors = run_import(resource_class(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        after = type(record).objects.values().get(pk=record.pk)
        self.assertEqual({k for k in before if before[k] != after[k]} - BOOKKEEPING, set())
        return openpyxl.load_workbook(io.BytesIO(content)).active


class TestPersonImport(ImportWorld, TestCase):
    def test_a_person_imports_by_codes_and_labels(self):
        self.assertEqual(self.import_rows(PersonResource, [self.person_row()]), [])
        person = Person.objects.get(full_name="Hoàng Văn Nhập")
        self.assertEqual(person.birth_date, D(1988, 7, 1))  # 01/07/1988 is 1 July
        self.assertEqual((person.sex, person.ethnic_group.code, person.organisation), ("male", "07", self.world.a))
        self.assertEqual((person.home_commune, person.home_village), (self.commune, self.village))
        self.assertEqual((person.education, person.political_theory), ("university", "intermediate"))

    def test_ethnic_groups_by_code_or_by_the_1979_list(self):
        rows = [
            self.person_row(full_name="Người Một", ethnic_group="02"),
            self.person_row(full_name="Người Hai", ethnic_group="", ethnic_group_1979="06"),  # 1979: 06 Mường
        ]
        self.assertEqual(self.import_rows(PersonResource, rows), [])
        self.assertEqual(Person.objects.get(full_name="Người Một").ethnic_group.name, "Tày")
        self.assertEqual(Person.objects.get(full_name="Người Hai").ethnic_group.name, "Mường")

    def test_bad_rows_are_numbered_and_nothing_is_imported(self):
        rows = [
            self.person_row(full_name="Đúng"),
            self.person_row(full_name="Sai đơn vị", organisation="T-B"),
            self.person_row(full_name="Sai dân tộc", ethnic_group="Không có"),
            self.person_row(full_name="Sai ngày", party_official_on="01/01/2009"),
            self.person_row(full_name="Sai thôn", home_village="Thôn Không Có"),
        ]
        errors = self.import_rows(PersonResource, rows)
        self.assertEqual(
            {(row, field) for row, field, _message in errors},
            {(3, "organisation"), (4, "ethnic_group"), (5, "party_official_on"), (6, "home_village")},
        )
        self.assertFalse(Person.objects.filter(full_name__in=[r["full_name"] for r in rows]).exists())

    def test_people_are_imported_only_where_the_user_may_record_personal_data(self):
        from phoihop.accounts.models import Membership
        from phoihop.core.access import forget

        Membership.objects.filter(user=self.world.a_reporter).update(personal_data=False)
        forget(self.world.a_reporter)
        errors = self.import_rows(PersonResource, [self.person_row()])
        self.assertEqual({field for _row, field, _message in errors}, {"organisation"})
        self.assertFalse(Person.objects.filter(full_name="Hoàng Văn Nhập").exists())

    def test_an_export_in_vietnamese_imports_back_unchanged(self):
        person = self.person(self.world.a, full_name="Nguyễn Thị Xuất", home_village=self.village, note="Cán bộ nguồn")
        sheet = self.round_trip(reverse("cadres:person_list"), PersonResource, person)
        self.assertEqual(sheet.title, "Cán bộ")
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(
            header[:8],
            [
                "Mã số",
                "Họ và tên",
                "Ngày sinh",
                "Giới tính",
                "Dân tộc",
                "Mã dân tộc (danh mục năm 1979)",
                "Mã đơn vị",
                "Tên đơn vị",
            ],
        )
        row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
        self.assertEqual((row["Họ và tên"], row["Dân tộc"], row["Giới tính"]), ("Nguyễn Thị Xuất", "Tày", "Nam"))
        self.assertEqual(row["Ngày sinh"].date(), person.birth_date)  # a real date
        self.assertEqual(row["Ghi chú"], "Cán bộ nguồn")


class TestRecordsOfAPersonImport(ImportWorld, TestCase):
    def setUp(self):
        self.someone = self.person(self.world.a, full_name="Lương Văn Công")

    def test_positions_import_and_end_the_open_one(self):
        open_one = f.PositionHoldingFactory(person=self.someone, from_date=D(2020, 1, 1))
        rows = [{"person": self.someone.pk, "title": "Đồn trưởng", "organisation": "T-A", "from_date": "01/07/2025"}]
        self.assertEqual(self.import_rows(PositionHoldingResource, rows), [])
        open_one.refresh_from_db()
        self.assertEqual(open_one.to_date, D(2025, 6, 30))
        self.assertTrue(PositionHolding.objects.filter(person=self.someone, title="Đồn trưởng", to_date=None).exists())

    def test_a_person_the_importer_may_not_change_is_refused(self):
        stranger = self.person(self.world.b, full_name="Người Ngoài")
        rows = [
            {"person": self.someone.pk, "name": "Lớp A", "level": "fostering", "from_date": "01/03/2025"},
            {"person": stranger.pk, "name": "Lớp B", "level": "fostering", "from_date": "01/03/2025"},
            {"person": self.someone.pk, "name": "Lớp C", "level": "Bồi dưỡng (ngắn hạn)", "from_date": "31/02/2025"},
        ]
        errors = self.import_rows(TrainingCourseResource, rows)
        self.assertEqual({(row, field) for row, field, _message in errors}, {(3, "person"), (4, "from_date")})
        self.assertFalse(TrainingCourse.objects.filter(name__in=["Lớp A", "Lớp B", "Lớp C"]).exists())

    def test_secondments_import_and_export_back(self):
        rows = [
            {
                "person": self.someone.pk,
                "sending_unit": "T-A",
                "receiving_committee": "T-DUBS",  # a committee of another tree
                "committee_level": "Cấp ủy cấp xã",
                "position": "deputy_secretary",
                "decision_number": "125-QĐ/TU",
                "decision_date": "01/07/2025",
                "decision_authority": "Ban Thường vụ Tỉnh ủy",
                "term": "2025-2030",
                "from_date": "01/07/2025",
            }
        ]
        self.assertEqual(self.import_rows(SecondmentResource, rows), [])
        secondment = Secondment.objects.get(decision_number="125-QĐ/TU")
        self.assertEqual((secondment.receiving_committee, secondment.from_date), (self.committee, D(2025, 7, 1)))
        refused = self.import_rows(
            SecondmentResource, [{**rows[0], "sending_unit": "T-B", "decision_number": "126-QĐ/TU"}]
        )
        self.assertEqual({(row, field) for row, field, _message in refused}, {(2, "sending_unit")})
        sheet = self.round_trip(reverse("cadres:secondment_list"), SecondmentResource, secondment)
        header = [cell.value for cell in sheet[1]]
        self.assertIn("Cấp ủy tiếp nhận", header)
        self.assertIn("Mã cấp ủy tiếp nhận", header)

    def test_households_in_charge_import_by_commune_and_village_and_export_back(self):
        rows = [
            {
                "person": self.someone.pk,
                "commune": "C20611",
                "village": "Thôn Khòn Pổ",
                "households": 15,
                "from_date": "01/01/2025",
            }
        ]
        self.assertEqual(self.import_rows(HouseholdAssignmentResource, rows), [])
        assignment = HouseholdAssignment.objects.get(person=self.someone)
        self.assertEqual((assignment.village, assignment.households), (self.village, 15))
        bad = self.import_rows(HouseholdAssignmentResource, [{**rows[0], "village": "Thôn Không Có"}])
        self.assertEqual({(row, field) for row, field, _message in bad}, {(2, "village")})
        sheet = self.round_trip(reverse("cadres:householdassignment_list"), HouseholdAssignmentResource, assignment)
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(
            header[:6], ["Mã số", "Mã số đảng viên", "Họ và tên đảng viên", "Mã xã", "Tên xã", "Thôn, bản"]
        )

    def test_positions_and_courses_export_back(self):
        position = f.PositionHoldingFactory(person=self.someone, organisation=self.world.a1, to_date=D(2024, 12, 31))
        self.round_trip(reverse("cadres:positionholding_list"), PositionHoldingResource, position)
        course = f.TrainingCourseFactory(person=self.someone)
        self.round_trip(reverse("cadres:trainingcourse_list"), TrainingCourseResource, course)
