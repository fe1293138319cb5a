"""A person's position history is effective-dated: ``services.position_holding_record`` (and the pages, the API and
the import that write through it) ends the open position the day before a new current one starts. A person's page
lists what their record holds in a flat number of queries; the search box ignores diacritics; dates are day-first;
a person is deleted softly and comes back with what their record holds."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.cadres import services
from phoihop.cadres.models import Person, PositionHolding
from phoihop.cadres.tests import factories as f
from phoihop.cadres.tests.test_people_records import PersonalDataWorld
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation

D = datetime.date


class PositionWorld(PersonalDataWorld, WorldMixin):
    def setUp(self):
        self.person_a = self.person(self.world.a, full_name="Nguyễn Văn Hùng")
        self.first = services.position_holding_record(
            acting_user=self.world.a_reporter,
            person=self.person_a,
            organisation=self.world.a,
            title="Đội trưởng Đội vận động quần chúng",
            from_date=D(2020, 3, 1),
        )


class TestPositionHoldingRecord(PositionWorld, TestCase):
    def test_a_new_current_position_ends_the_open_one_the_day_before(self):
        second = services.position_holding_record(
            acting_user=self.world.a_reporter,
            person=self.person_a,
            organisation=self.world.a1,
            title="Bí thư Chi bộ",
            from_date=D(2025, 7, 1),
        )
        self.first.refresh_from_db()
        self.assertEqual(self.first.to_date, D(2025, 6, 30))
        self.assertIsNone(second.to_date)
        self.assertEqual(list(PositionHolding.objects.filter(person=self.person_a, to_date__isnull=True)), [second])
        self.assertEqual((self.first.updated_by, self.first.version), (self.world.a_reporter, 2))

    def test_a_current_position_cannot_start_before_the_open_one(self):
        with self.assertRaises(ValidationError) as caught:
            services.position_holding_record(
                acting_user=self.world.a_reporter,
                person=self.person_a,
                organisation=self.world.a,
                title="Phó Đồn trưởng",
                from_date=D(2020, 3, 1),
            )
        self.assertIn("from_date", caught.exception.message_dict)
        self.first.refresh_from_db()
        self.assertIsNone(self.first.to_date)
        self.assertEqual(PositionHolding.objects.filter(person=self.person_a).count(), 1)

    def test_an_earlier_position_with_its_end_leaves_the_open_one(self):
        services.position_holding_record(
            acting_user=self.world.a_reporter,
            person=self.person_a,
            organisation=self.world.a,
            title="Trợ lý tuyên truyền",
            from_date=D(2015, 1, 1),
            to_date=D(2020, 2, 29),
        )
        self.first.refresh_from_db()
        self.assertIsNone(self.first.to_date)

    def test_an_edit_may_not_reopen_a_second_position(self):
        second = services.position_holding_record(
            acting_user=self.world.a_reporter,
            person=self.person_a,
            organisation=self.world.a,
            title="Phó Đồn trưởng",
            from_date=D(2024, 1, 1),
        )
        self.first.refresh_from_db()
        self.first.to_date = None
        with self.assertRaises(ValidationError) as caught:
            services.position_holding_save(acting_user=self.world.a_reporter, instance=self.first)
        self.assertIn("to_date", caught.exception.message_dict)
        self.assertEqual(list(PositionHolding.objects.filter(person=self.person_a, to_date__isnull=True)), [second])

    def test_the_service_needs_the_permission(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            services.position_holding_record(
                acting_user=self.world.b_admin,
                person=self.person_a,
                organisation=self.world.b,
                title="Phó Bí thư",
                from_date=D(2025, 7, 1),
            )
        self.first.refresh_from_db()
        self.assertIsNone(self.first.to_date)  # rolled back with the new position


class TestThePagesAndTheAPIWriteThroughIt(PositionWorld, TestCase):
    def test_the_add_form_is_prefilled_with_the_person_and_closes_the_open_position(self):
        self.login(self.world.a_reporter)
        page = self.client.get(reverse("cadres:person_detail", args=[self.person_a.pk]))
        add = page.context["add_urls"]["positionholding"]
        self.assertEqual(add, f"{reverse('cadres:positionholding_add')}?person={self.person_a.pk}")
        for name in ("trainingcourse", "secondment", "householdassignment"):
            self.assertIn(f"?person={self.person_a.pk}", page.context["add_urls"][name])
        self.assertContains(page, 'data-testid="add-position"')
        form = self.client.get(add)
        self.assertContains(form, f'<option value="{self.person_a.pk}" selected>Nguyễn Văn Hùng</option>', html=True)
        response = self.client.post(
            reverse("cadres:positionholding_add"),
            {
                "person": self.person_a.pk,
                "organisation": self.world.a.pk,
                "title": "Đồn trưởng",
                "from_date": "01/07/2025",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.first.refresh_from_db()
        self.assertEqual(self.first.to_date, D(2025, 6, 30))  # 01/07/2025 is 1 July

    def test_the_form_says_why_a_current_position_is_refused(self):
        self.login(self.world.a_reporter)
        response = self.client.post(
            reverse("cadres:positionholding_add"),
            {
                "person": self.person_a.pk,
                "organisation": self.world.a.pk,
                "title": "Đồn trưởng",
                "from_date": "01/01/2019",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("from_date", response.context["form"].errors)
        self.assertIn("01/03/2020", response.context["form"].errors["from_date"][0])

    def test_a_position_may_be_in_an_organisation_of_another_tree_abolished_since(self):
        district = Organisation.objects.create(
            name="Huyện ủy Cao Lộc", code="T-HCL", kind=self.world.kind, valid_to=D(2025, 6, 30)
        )
        self.login(self.world.a_reporter)
        response = self.client.post(
            reverse("cadres:positionholding_add"),
            {
                "person": self.person_a.pk,
                "organisation": district.pk,
                "title": "Ủy viên Ban Chấp hành",
                "from_date": "01/01/2016",
                "to_date": "31/12/2019",
            },
        )
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        response = api.post(
            "/api/cadres/positions/",
            {
                "person": self.person_a.pk,
                "organisation": district.pk,
                "title": "Trưởng ban",
                "from_date": "2012-01-01",
                "to_date": "2015-12-31",
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_the_api_closes_the_open_position(self):
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        response = api.post(
            "/api/cadres/positions/",
            {
                "person": self.person_a.pk,
                "organisation": self.world.a.pk,
                "title": "Đồn trưởng",
                "from_date": "2025-07-01",
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.first.refresh_from_db()
        self.assertEqual(self.first.to_date, D(2025, 6, 30))
        refused = api.post(
            "/api/cadres/positions/",
            {"person": self.person_a.pk, "organisation": self.world.a.pk, "title": "Phó", "from_date": "2025-07-01"},
            format="json",
        )
        self.assertEqual(refused.status_code, 400)
        self.assertIn("from_date", refused.json())


class TestThePersonPage(PositionWorld, TestCase):
    def add_records(self, n):
        for i in range(n):
            f.TrainingCourseFactory(person=self.person_a, name=f"Lớp bồi dưỡng {i}")
            f.SecondmentFactory(person=self.person_a, receiving_committee=self.committee)
            f.HouseholdAssignmentFactory(person=self.person_a, village=self.village)
            f.PositionHoldingFactory(
                person=self.person_a, title=f"Trợ lý {i}", from_date=D(2000 + i, 1, 1), to_date=D(2000 + i, 12, 31)
            )

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee = Organisation.objects.create(name="Đảng ủy xã Ba Sơn", code="T-DU", kind=cls.world.kind)

    def test_it_lists_the_record_and_its_queries_do_not_grow(self):
        self.login(self.world.a_reporter)
        url = reverse("cadres:person_detail", args=[self.person_a.pk])
        self.add_records(1)
        self.client.get(url)  # warm-up: per-process caches (content types)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        self.add_records(6)
        with CaptureQueriesContext(connection) as many:
            page = self.client.get(url)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])
        self.assertEqual(len(page.context["positions"]), 8)
        self.assertEqual(page.context["current_position"], self.first)
        self.assertContains(page, 'data-testid="current-position"')
        self.assertEqual(len(page.context["courses"]), 7)
        self.assertEqual(len(page.context["secondments"]), 7)
        self.assertEqual(len(page.context["household_assignments"]), 7)
        fields = {str(label): value for label, value in page.context["fields"]}
        self.assertEqual(fields["Tuổi"], self.person_a.age())
        self.assertIs(fields["Người của tỉnh"], True)

    def test_search_ignores_diacritics_and_case(self):
        self.person(self.world.a, full_name="Lò Thị Mai")
        self.login(self.world.a_viewer)
        for query in ("nguyen van", "NGUYỄN VĂN", "hung"):
            response = self.client.get(reverse("cadres:person_list"), {"q": query})
            self.assertEqual([row.record for row in response.context["table"].paginated_rows], [self.person_a], query)
        api = APIClient()
        api.force_authenticate(self.world.a_viewer)
        self.assertEqual(
            [row["id"] for row in api.get("/api/cadres/people/", {"q": "nguyen van"}).json()["results"]],
            [self.person_a.pk],
        )
        positions = self.client.get(reverse("cadres:positionholding_list"), {"q": "nguyen van"})
        self.assertEqual(positions.context["total"], 1)

    def test_filters_read_day_first_dates(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("cadres:positionholding_list"), {"current_on": "01/07/2025"})
        self.assertEqual(response.context["total"], 1)
        response = self.client.get(reverse("cadres:person_list"), {"born_from": "01/03/1985", "born_to": "31/03/1985"})
        self.assertEqual(response.context["total"], 1)  # born 15 March 1985
        response = self.client.get(reverse("cadres:person_list"), {"born_from": "01/04/1985"})
        self.assertEqual(response.context["total"], 0)

    def test_a_person_is_deleted_softly_and_restored_with_their_record(self):
        self.login(self.world.a_reporter)
        response = self.client.post(
            reverse("cadres:person_delete", args=[self.person_a.pk]), {"version": self.person_a.version}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Person.objects.filter(pk=self.person_a.pk).exists())
        self.assertTrue(Person.all_objects.filter(pk=self.person_a.pk).exists())
        self.assertEqual(self.client.get(reverse("cadres:person_detail", args=[self.person_a.pk])).status_code, 404)
        self.login(self.world.a_admin)
        response = self.client.post(reverse("audit:recycle_bin"), {"model": "cadres.Person", "pk": self.person_a.pk})
        self.assertEqual(response.status_code, 302)
        self.login(self.world.a_reporter)
        self.assertEqual(self.client.get(reverse("cadres:person_detail", args=[self.person_a.pk])).status_code, 200)
        self.assertEqual(
            self.client.get(reverse("cadres:positionholding_detail", args=[self.first.pk])).status_code, 200
        )

    def test_a_person_with_a_live_secondment_is_not_deleted(self):
        f.SecondmentFactory(person=self.person_a, receiving_committee=self.committee)
        self.login(self.world.a_reporter)
        page = self.client.get(reverse("cadres:person_delete", args=[self.person_a.pk]))
        self.assertTrue(page.context["blockers"])
        self.client.post(reverse("cadres:person_delete", args=[self.person_a.pk]), {"version": self.person_a.version})
        self.assertTrue(Person.objects.filter(pk=self.person_a.pk).exists())
