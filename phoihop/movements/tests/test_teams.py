import io
from decimal import Decimal

import openpyxl
import tablib
from django.test import TestCase
from django.urls import reverse

from phoihop.core.importexport import run_import
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.movements.forms.teams import SelfManagementTeamForm
from phoihop.movements.models import SelfManagementTeam
from phoihop.movements.resources.teams import SelfManagementTeamResource
from phoihop.movements.tests.factories import build_places, counter, make_marker, make_team


class TeamRecord:
    model = SelfManagementTeam

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()

    def make_record(self, owner, **kwargs):
        return make_team(owner, self.places, **kwargs)

    def form_data(self, owner):
        return {
            "kind": "team",
            "name": f"Tổ tự quản thôn Khòn Pổ {next(counter)}",
            "post": owner.pk,
            "commune": self.places.ba_son.pk,
            "village": self.places.khon_po.pk,
            "purpose": "both",
            "leader_name": "Hoàng Văn Páo",
            "members_count": 9,
            "households_count": 14,
            "border_length_km": "3,5",
            "markers": [make_marker(owner).pk],
            "founded_on": "03/03/2019",
            "active": "on",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["village"] = self.places.na_han.pk  # a village of another commune
        return data, "village"

    def export_keys(self, obj):
        return [obj.name]


class TestSelfManagementTeamViews(TeamRecord, RecordViewTests, TestCase):
    def test_values_are_read_the_vietnamese_way(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        team = SelfManagementTeam.objects.get(name=data["name"])
        self.assertEqual(team.border_length_km, Decimal("3.50"))
        self.assertEqual(team.founded_on.isoformat(), "2019-03-03")  # 03/03/2019 is 3 March
        self.assertEqual([m.pk for m in team.markers.all()], data["markers"])

    def test_a_marker_of_another_post_is_a_field_error(self):
        # The province's admin sees the markers of every post: the rule, not the choices, refuses it.
        self.login(self.world.p_admin)
        data = self.form_data(self.world.a)
        other = make_marker(self.world.b)
        data["markers"] = [data["markers"][0], other.pk]
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn(other.number, " ".join(response.context["form"].errors["markers"]))
        self.assertFalse(SelfManagementTeam.objects.filter(name=data["name"]).exists())

    def test_moving_the_team_to_another_post_without_its_markers_is_refused(self):
        marker = make_marker(self.world.a)
        team = self.make_record(self.world.a, markers=[marker])
        self.login(self.world.p_admin)
        data = self.edit_data(team, self.world.b)
        data["markers"] = [marker.pk]
        response = self.client.post(self.url("edit", team), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("markers", response.context["form"].errors)
        team.refresh_from_db()
        self.assertEqual(team.post, self.world.a)

    def test_marker_choices_are_the_markers_the_user_sees(self):
        own, other = make_marker(self.world.a), make_marker(self.world.b)
        choices = list(SelfManagementTeamForm(user=self.world.a_reporter).fields["markers"].queryset)
        self.assertIn(own, choices)
        self.assertNotIn(other, choices)
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["markers"] = [other.pk]
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("markers", response.context["form"].errors)

    def test_a_household_counts_as_one_household(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data.update(kind="household", households_count=3)
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("households_count", response.context["form"].errors)

    def test_negative_length_is_a_field_error(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["border_length_km"] = "-1,5"
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("border_length_km", response.context["form"].errors)

    def test_detail_lists_the_markers_with_their_condition(self):
        intact = make_marker(self.world.a)
        damaged = make_marker(self.world.a)
        type(damaged).objects.filter(pk=damaged.pk).update(condition="damaged")
        team = self.make_record(self.world.a, markers=[intact, damaged])
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("detail", team))
        self.assertContains(response, f'data-marker="{damaged.number}"')
        self.assertContains(response, 'data-condition="damaged"')
        self.assertContains(response, reverse("border:marker_detail", args=[intact.pk]))

    def test_list_counts_markers_and_filters_by_marker(self):
        first, second = make_marker(self.world.a), make_marker(self.world.a)
        team = self.make_record(self.world.a, markers=[first, second])
        other = self.make_record(self.world.a)
        self.login(self.world.a_viewer)
        for params in ({}, {"marker": first.pk}):
            response = self.client.get(self.url("list"), params)
            rows = {r.record.pk: r.record for r in response.context["table"].paginated_rows}
            self.assertEqual(rows[team.pk].marker_count, 2)
        self.assertNotIn(other.pk, rows)


class TestSelfManagementTeamAPI(TeamRecord, RecordAPITests, TestCase):
    endpoint = "/api/movements/teams/"

    def api_data(self, owner):
        return {
            "kind": "team",
            "name": f"Tổ tự quản {next(counter)}",
            "post": owner.pk,
            "commune": self.places.ba_son.pk,
            "purpose": "border",
            "members_count": 6,
            "households_count": 10,
            "border_length_km": "1.75",
            "markers": [make_marker(owner).pk],
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["village"] = self.places.na_han.pk
        return data, "village"

    def test_a_marker_of_another_post_is_a_field_error(self):
        self.as_user(self.world.p_admin)
        data = self.api_data(self.world.a)
        data["markers"].append(make_marker(self.world.b).pk)
        response = self.api.post(self.endpoint, data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("markers", response.json())

    def test_moving_the_team_away_from_its_markers_is_a_field_error(self):
        team = self.make_record(self.world.a, markers=[make_marker(self.world.a)])
        self.as_user(self.world.p_admin)
        response = self.api.patch(
            f"{self.endpoint}{team.pk}/", {"version": team.version, "post": self.world.b.pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("markers", response.json())
        team.refresh_from_db()
        self.assertEqual(team.post, self.world.a)


class TestSelfManagementTeamImport(TeamRecord, WorldMixin, TestCase):
    def dataset(self, markers):
        data = tablib.Dataset(headers=["kind", "name", "post", "commune", "village", "purpose", "markers"])
        data.append(["team", "Tổ tự quản nhập từ tệp", "T-A", "T20201", "Thôn Khòn Pổ", "both", markers])
        return data

    def test_markers_by_number_and_the_post_rule(self):
        own, other = make_marker(self.world.a), make_marker(self.world.b)
        resource = SelfManagementTeamResource(user=self.world.p_admin)
        _result, errors = run_import(resource, self.dataset(f"{own.number}, {other.number}"), dry_run=False)
        self.assertEqual([(row, field) for row, field, _message in errors], [(2, "markers")])
        self.assertFalse(SelfManagementTeam.objects.exists())
        _result, errors = run_import(resource, self.dataset(own.number), dry_run=False)
        self.assertEqual(errors, [])
        team = SelfManagementTeam.objects.get()
        self.assertEqual((team.village, list(team.markers.all())), (self.places.khon_po, [own]))

    def test_export_lists_marker_numbers(self):
        marker = make_marker(self.world.a)
        self.make_record(self.world.a, markers=[marker])
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("movements:selfmanagementteam_list"), {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        column = header.index("Số hiệu các mốc tự quản") + 1  # the column ``markers``, headed in Vietnamese
        self.assertEqual(sheet.cell(row=2, column=column).value, marker.number)
