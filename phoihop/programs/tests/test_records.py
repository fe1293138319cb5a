import datetime
import io
import itertools
import json
from decimal import Decimal

import openpyxl
import tablib
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.core.importexport import run_import
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.programs.choices import HouseStatus
from phoihop.programs.models import ForestPlot, House, HouseFunding, Programme, Resettlement, Sponsorship
from phoihop.programs.resources.records import ForestPlotResource, HouseResource, ResettlementResource
from phoihop.programs.tests.factories import (
    make_commune,
    make_forest_plot,
    make_funding_source,
    make_house,
    make_programme,
    make_resettlement,
    make_sponsorship,
    make_village,
)

counter = itertools.count(1)

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[106.70, 21.95], [106.71, 21.95], [106.71, 21.96], [106.70, 21.96], [106.70, 21.95]]],
}


class PlacesMixin:
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune = make_commune("T20901", "Thụy Hùng")
        cls.other_commune = make_commune("T20902", "Na Sầm", is_border_commune=False)
        cls.village = make_village(cls.commune, "Bản Nà Lạn")
        cls.foreign_village = make_village(cls.other_commune, "Khòn Pát")
        cls.source = make_funding_source("trung-uong", "Ngân sách trung ương")
        # The list's programme filter asks the gate for sharing rules of programmes, which looks up the content
        # type once per process: warm it so that the query-count test compares like with like.
        ContentType.objects.get_for_model(Programme)


# --- forest plots -------------------------------------------------------------------------------------------


class ForestPlotRecord(PlacesMixin):
    model = ForestPlot

    def make_record(self, owner, **kwargs):
        return make_forest_plot(owner, self.commune, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "organisation": owner.pk,
            "code": f"LO-F{n}",
            "commune": self.commune.pk,
            "village": self.village.pk,
            "year_planted": 2025,
            "planted_on": "15/03/2025",
            "area_ha": "3.840,5",
            "households_contracted": 12,
            "species": "Thông mã vĩ",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["polygon"] = '{"type": "Point", "coordinates": [106.7, 21.9]}'
        return data, "polygon"

    def export_keys(self, obj):
        return [obj.code]


class TestForestPlotViews(ForestPlotRecord, RecordViewTests, TestCase):
    def post_plot(self, **overrides):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), **overrides}
        return self.client.post(self.url("add"), data), data

    def test_area_is_read_and_printed_the_vietnamese_way(self):
        response, data = self.post_plot()
        self.assertEqual(response.status_code, 302)
        plot = ForestPlot.objects.get(code=data["code"])
        self.assertEqual(plot.area_ha, Decimal("3840.50"))
        self.assertEqual(plot.planted_on, datetime.date(2025, 3, 15))
        listing = self.client.get(self.url("list"))
        self.assertContains(listing, "3.840,50")
        self.assertContains(self.client.get(self.url("detail", plot)), "3.840,50")
        for page in (listing, self.client.get(self.url("detail", plot))):
            self.assertContains(page, "2025")
            self.assertNotContains(page, "2.025")  # years are not numbers to group

    def test_pasted_geojson_polygon_is_stored_as_geometry(self):
        feature = {"type": "Feature", "properties": {}, "geometry": SQUARE}
        response, data = self.post_plot(polygon=json.dumps(feature))
        self.assertEqual(response.status_code, 302)
        plot = ForestPlot.objects.get(code=data["code"])
        self.assertEqual(plot.polygon, SQUARE)
        detail = self.client.get(self.url("detail", plot))
        self.assertContains(detail, "Polygon, 5")  # a summary, not the raw coordinates
        self.assertNotContains(detail, "106.71")

    def test_multipolygon_is_accepted(self):
        multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}
        response, _data = self.post_plot(polygon=json.dumps(multi))
        self.assertEqual(response.status_code, 302)

    def test_bad_polygons_are_field_errors(self):
        ring = SQUARE["coordinates"][0]
        bad = [
            "not json at all",
            json.dumps({"type": "LineString", "coordinates": ring}),
            json.dumps({"type": "Polygon", "coordinates": [[["106.7", "21.9"], *ring[1:]]]}),
            json.dumps({"type": "Polygon", "coordinates": [ring[:3]]}),
            json.dumps({"type": "Polygon", "coordinates": [[*ring[:-1], [106.0, 21.0]]]}),
            json.dumps({"type": "Polygon", "coordinates": [[[21.95, 206.7], *ring[1:]]]}),
            json.dumps({"type": "Polygon"}),
        ]
        for text in bad:
            with self.subTest(text=text):
                response, _data = self.post_plot(polygon=text)
                self.assertEqual(response.status_code, 400)
                self.assertIn("polygon", response.context["form"].errors)

    def test_planting_date_must_fall_in_the_year(self):
        response, _data = self.post_plot(planted_on="01/01/2024")
        self.assertEqual(response.status_code, 400)
        self.assertIn("planted_on", response.context["form"].errors)

    def test_village_must_lie_in_the_commune(self):
        response, _data = self.post_plot(village=self.foreign_village.pk)
        self.assertEqual(response.status_code, 400)
        self.assertIn("village", response.context["form"].errors)

    def test_filters(self):
        programme = make_programme(self.world.a)
        old = self.make_record(self.world.a, year_planted=2020)
        new = self.make_record(self.world.a, year_planted=2025, programme=programme)
        self.login(self.world.a_viewer)
        pks = self.listed_pks(self.client.get(self.url("list"), {"year_from": 2024}))
        self.assertEqual(pks, {new.pk})
        pks = self.listed_pks(self.client.get(self.url("list"), {"programme": programme.pk}))
        self.assertEqual(pks, {new.pk})
        pks = self.listed_pks(self.client.get(self.url("list"), {"year_planted": 2020, "commune": self.commune.pk}))
        self.assertEqual(pks, {old.pk})


class TestForestPlotAPI(ForestPlotRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/forest-plots/"

    def api_data(self, owner):
        n = next(counter)
        return {
            "organisation": owner.pk,
            "code": f"LO-A{n}",
            "commune": self.commune.pk,
            "year_planted": 2025,
            "area_ha": "12.50",
            "polygon": SQUARE,
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["polygon"] = {"type": "Polygon", "coordinates": [[["a", "b"], ["c", "d"], ["e", "f"], ["a", "b"]]]}
        return data, "polygon"

    def test_polygon_round_trip_and_village_check(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, self.api_data(self.world.a), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["polygon"], SQUARE)
        bad = {**self.api_data(self.world.a), "village": self.foreign_village.pk}
        response = self.api.post(self.endpoint, bad, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("village", response.json())


# --- resettlement -------------------------------------------------------------------------------------------


class ResettlementRecord(PlacesMixin):
    model = Resettlement

    def make_record(self, owner, **kwargs):
        return make_resettlement(owner, self.commune, **kwargs)

    def form_data(self, owner):
        return {
            "organisation": owner.pk,
            "commune": self.commune.pk,
            "village": self.village.pk,
            "village_kind": "old",
            "households": 5,
            "people": 20 + next(counter),
            "date": "01/07/2025",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["households"], data["people"] = 10, 9
        return data, "people"

    def api_data(self, owner):
        return {**self.form_data(owner), "date": "2025-07-01"}

    def invalid_api_data(self, owner):
        data, field = self.invalid_form_data(owner)
        return {**data, "date": "2025-07-01"}, field


class TestResettlementViews(ResettlementRecord, RecordViewTests, TestCase):
    def test_date_range_filter(self):
        early = self.make_record(self.world.a, date=datetime.date(2024, 5, 1))
        late = self.make_record(self.world.a, date=datetime.date(2025, 8, 1))
        self.login(self.world.a_viewer)
        pks = self.listed_pks(self.client.get(self.url("list"), {"date_from": "01/01/2025"}))
        self.assertEqual(pks, {late.pk})
        pks = self.listed_pks(self.client.get(self.url("list"), {"date_to": "31/12/2024"}))
        self.assertEqual(pks, {early.pk})


class TestResettlementAPI(ResettlementRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/resettlements/"


# --- houses and their funding --------------------------------------------------------------------------------


class HouseRecord(PlacesMixin):
    model = House

    def make_record(self, owner, **kwargs):
        return make_house(owner, self.commune, **kwargs)

    def form_data(self, owner):
        return {
            "organisation": owner.pk,
            "commune": self.commune.pk,
            "village": self.village.pk,
            "household_size": next(counter) % 9 + 1,
            "status": "handed_over",
            "start_date": "01/03/2025",
            "handover_date": "19/05/2025",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["handover_date"] = ""
        return data, "handover_date"

    def api_data(self, owner):
        return {**self.form_data(owner), "start_date": "2025-03-01", "handover_date": "2025-05-19"}

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["status"] = "building"  # a handover date with another status
        return data, "status"


class TestHouseViews(HouseRecord, RecordViewTests, TestCase):
    def post_house(self, **overrides):
        self.login(self.world.a_reporter)
        return self.client.post(self.url("add"), {**self.form_data(self.world.a), **overrides})

    def test_handover_rules(self):
        response = self.post_house(status="building")
        self.assertEqual(response.status_code, 400)
        self.assertIn("status", response.context["form"].errors)
        response = self.post_house(handover_date="01/01/2025")  # before the start
        self.assertEqual(response.status_code, 400)
        self.assertIn("handover_date", response.context["form"].errors)
        response = self.post_house(status="building", handover_date="")
        self.assertEqual(response.status_code, 302)

    def test_status_filter(self):
        building = self.make_record(self.world.a, status=HouseStatus.BUILDING)
        planned = self.make_record(self.world.a)
        self.login(self.world.a_viewer)
        pks = self.listed_pks(self.client.get(self.url("list"), {"status": "building"}))
        self.assertIn(building.pk, pks)
        self.assertNotIn(planned.pk, pks)

    def test_total_cost_cannot_be_posted(self):
        response = self.post_house(total_cost="999999")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(House.objects.order_by("-pk").first().total_cost, 0)


class TestHouseAPI(HouseRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/houses/"

    def test_total_cost_is_read_only(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, {**self.api_data(self.world.a), "total_cost": "5"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["total_cost"], "0")


class HouseFundingRecord(PlacesMixin):
    model = HouseFunding

    def make_record(self, owner, **kwargs):
        house = make_house(owner, self.commune)
        return HouseFunding.objects.create(house=house, source=self.source, amount=Decimal("40000000"), **kwargs)

    def form_data(self, owner):
        return {"house": make_house(owner, self.commune).pk, "source": self.source.pk, "amount": "60.000.000"}

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["amount"] = "-5"
        return data, "amount"

    def api_data(self, owner):
        return {"house": make_house(owner, self.commune).pk, "source": self.source.pk, "amount": "60000000"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "amount": "-1"}, "amount"


class TestHouseFundingViews(HouseFundingRecord, RecordViewTests, TestCase):
    def test_total_cost_follows_the_funding_lines(self):
        house = make_house(self.world.a, self.commune)
        local = make_funding_source("dia-phuong", "Ngân sách địa phương")
        self.login(self.world.a_reporter)
        detail = self.client.get(reverse("programs:house_detail", args=[house.pk]))
        add_url = detail.context["add_funding_url"]
        self.assertEqual(add_url, f"{reverse('programs:housefunding_add')}?house={house.pk}")
        self.assertEqual(self.client.get(add_url).context["form"]["house"].value(), str(house.pk))
        data = {"house": house.pk, "source": self.source.pk, "amount": "60.000.000"}
        self.assertEqual(self.client.post(reverse("programs:housefunding_add"), data).status_code, 302)
        data = {"house": house.pk, "source": local.pk, "amount": "20.000.000"}
        self.assertEqual(self.client.post(reverse("programs:housefunding_add"), data).status_code, 302)
        house.refresh_from_db()
        self.assertEqual(house.total_cost, Decimal("80000000"))
        version = house.version  # the total is derived: it bumps no version and writes no history
        line = HouseFunding.objects.get(house=house, source=local)
        edit = {"house": house.pk, "source": local.pk, "amount": "25.000.000", "version": line.version}
        self.assertEqual(self.client.post(self.url("edit", line), edit).status_code, 302)
        house.refresh_from_db()
        self.assertEqual(house.total_cost, Decimal("85000000"))
        line.refresh_from_db()
        self.assertEqual(self.client.post(self.url("delete", line), {"version": line.version}).status_code, 302)
        house.refresh_from_db()
        self.assertEqual(house.total_cost, Decimal("60000000"))
        self.assertEqual(house.version, version)
        detail = self.client.get(reverse("programs:house_detail", args=[house.pk]))
        self.assertContains(detail, "60.000.000")
        self.assertContains(detail, 'data-amount="60000000"')

    def test_moving_a_line_updates_both_houses(self):
        first = make_house(self.world.a, self.commune, funding=[(self.source, "10000000")])
        second = make_house(self.world.a, self.commune)
        line = first.funding.get()
        self.login(self.world.a_reporter)
        data = {"house": second.pk, "source": self.source.pk, "amount": "10000000", "version": line.version}
        self.assertEqual(self.client.post(self.url("edit", line), data).status_code, 302)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual((first.total_cost, second.total_cost), (0, Decimal("10000000")))

    def test_cannot_fund_another_organisations_house(self):
        house = make_house(self.world.b, self.commune)
        self.login(self.world.a_reporter)
        data = {"house": house.pk, "source": self.source.pk, "amount": "1"}
        response = self.client.post(reverse("programs:housefunding_add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("house", response.context["form"].errors)


class TestHouseFundingAPI(HouseFundingRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/house-funding/"

    def test_total_cost_follows_api_writes(self):
        house = make_house(self.world.a, self.commune)
        self.as_user(self.world.a_reporter)
        data = {"house": house.pk, "source": self.source.pk, "amount": "30000000"}
        created = self.api.post(self.endpoint, data, format="json")
        self.assertEqual(created.status_code, 201, created.content)
        house.refresh_from_db()
        self.assertEqual(house.total_cost, Decimal("30000000"))
        self.assertEqual(self.api.get(f"/api/programs/houses/{house.pk}/").json()["total_cost"], "30000000")
        self.assertEqual(self.api.delete(f"{self.endpoint}{created.json()['id']}/").status_code, 204)
        house.refresh_from_db()
        self.assertEqual(house.total_cost, 0)


# --- sponsorships --------------------------------------------------------------------------------------------


class SponsorshipRecord(PlacesMixin):
    model = Sponsorship

    def make_record(self, owner, **kwargs):
        return make_sponsorship(owner, self.commune, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "sponsoring_unit": owner.pk,
            "commune": self.commune.pk,
            "school": f"Trường PTDTBT THCS Thụy Hùng {n}",
            "grade": "7A",
            "monthly_support": "500.000",
            "start_date": "05/09/2025",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["end_date"] = "01/09/2025"
        return data, "end_date"

    def api_data(self, owner):
        return {**self.form_data(owner), "monthly_support": "500000", "start_date": "2025-09-05"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "monthly_support": "-1"}, "monthly_support"

    def export_keys(self, obj):
        return [obj.school]


class TestSponsorshipViews(SponsorshipRecord, RecordViewTests, TestCase):
    def test_active_on_filter(self):
        ended = self.make_record(self.world.a, start_date=datetime.date(2023, 9, 1), end_date=datetime.date(2024, 6, 1))
        running = self.make_record(self.world.a, start_date=datetime.date(2024, 9, 1))
        self.login(self.world.a_viewer)
        pks = self.listed_pks(self.client.get(self.url("list"), {"active_on": "01/10/2025"}))
        self.assertEqual(pks, {running.pk})
        self.assertNotIn(ended.pk, pks)


class TestSponsorshipAPI(SponsorshipRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/sponsorships/"


# --- import -------------------------------------------------------------------------------------------------


class TestImport(PlacesMixin, WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = make_programme(cls.world.a, code="DA-661")

    def dataset(self, rows):
        headers = list(rows[0].keys())
        return tablib.Dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)

    def plot_row(self, **overrides):
        row = {
            "code": "LO-IMP",
            "programme": "DA-661",
            "organisation": "T-A",
            "commune": "T20901",
            "village": "Bản Nà Lạn",
            "year_planted": 2025,
            "planted_on": "15/03/2025",
            "area_ha": "3.840,5",
            "households_contracted": 4,
        }
        row.update(overrides)
        return row

    def test_forest_plots_import_by_codes(self):
        resource = ForestPlotResource(user=self.world.a_reporter)
        _result, errors = run_import(resource, self.dataset([self.plot_row()]), dry_run=False)
        self.assertEqual(errors, [])
        plot = ForestPlot.objects.get(code="LO-IMP")
        self.assertEqual(
            (plot.programme, plot.organisation, plot.commune, plot.village, plot.area_ha),
            (self.programme, self.world.a, self.commune, self.village, Decimal("3840.50")),
        )
        self.assertEqual(plot.created_by, self.world.a_reporter)

    def test_bad_rows_are_numbered_and_nothing_is_imported(self):
        rows = [
            self.plot_row(code="LO-1"),
            self.plot_row(code="LO-2", organisation="T-B"),  # not the importer's organisation
            self.plot_row(code="LO-3", village="Khòn Pát"),  # a village of another commune
            self.plot_row(code="LO-4", planted_on="15/03/2024"),
        ]
        resource = ForestPlotResource(user=self.world.a_reporter)
        _result, errors = run_import(resource, self.dataset(rows), dry_run=False)
        self.assertEqual(
            {(row, field) for row, field, _message in errors}, {(3, "organisation"), (4, "village"), (5, "planted_on")}
        )
        self.assertIn("T-B", " ".join(message for row, _field, message in errors if row == 3))
        self.assertFalse(ForestPlot.objects.filter(code__startswith="LO-").exists())

    def test_a_saved_row_outside_the_importers_scope_is_refused_by_row(self):
        # The gate after the save (record_save's scope check, made for the whole pass at once): with the
        # organisation lookup opened to every organisation, row 3 saves a plot of T-B, which the importer may
        # not add. Both passes refuse it by its row number, and nothing is written.
        from phoihop.orgs.models import Organisation

        rows = [self.plot_row(code="LO-1"), self.plot_row(code="LO-2", organisation="T-B")]
        for dry_run in (True, False):
            resource = ForestPlotResource(user=self.world.a_reporter)
            resource.fields["organisation"].widget.queryset = Organisation.objects.all()
            _result, errors = run_import(resource, self.dataset(rows), dry_run=dry_run)
            self.assertEqual([(row, field) for row, field, _message in errors], [(3, "")])
            self.assertIn("phạm vi", errors[0][2])
        self.assertFalse(ForestPlot.objects.filter(code__startswith="LO-").exists())
        # an update of a record the importer may no longer change is refused the same way
        theirs = ForestPlot.objects.create(
            code="LO-B",
            programme=self.programme,
            organisation=self.world.b,
            commune=self.commune,
            year_planted=2025,
            area_ha=1,
        )
        resource = ForestPlotResource(user=self.world.a_reporter)
        resource.fields["organisation"].widget.queryset = Organisation.objects.all()
        resource.get_queryset = lambda: ForestPlot.objects.all()  # the update lookup opened too
        _result, errors = run_import(
            resource, self.dataset([self.plot_row(id=theirs.pk, code="LO-B", organisation="T-B")]), dry_run=False
        )
        self.assertEqual([(row, field) for row, field, _message in errors], [(2, "")])

    def test_resettlement_import_checks_people(self):
        row = {
            "date": "01/07/2025",
            "organisation": "T-A",
            "commune": "T20901",
            "village_kind": "new",
            "households": 6,
            "people": 5,
        }
        resource = ResettlementResource(user=self.world.a_reporter)
        _result, errors = run_import(resource, self.dataset([row]), dry_run=False)
        self.assertEqual([(r, f) for r, f, _m in errors], [(2, "people")])
        _result, errors = run_import(resource, self.dataset([{**row, "people": 25}]), dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(Resettlement.objects.get().people, 25)

    def test_house_import_and_export_carry_no_household(self):
        row = {
            "organisation": "T-A",
            "commune": "T20901",
            "household_size": 5,
            "status": "handed_over",
            "start_date": "01/03/2025",
            "handover_date": "19/05/2025",
            "total_cost": "123",  # read-only: ignored
        }
        resource = HouseResource(user=self.world.a_reporter)
        _result, errors = run_import(resource, self.dataset([row]), dry_run=False)
        self.assertEqual(errors, [])
        house = House.objects.get()
        self.assertEqual((house.handover_date, house.total_cost), (datetime.date(2025, 5, 19), 0))
        headers = HouseResource(user=self.world.a_reporter).export(queryset=House.objects.all()).headers
        self.assertFalse({"household", "head_name", "identity_number"} & set(headers))

    def test_import_page_reports_rows(self):
        self.client.force_login(self.world.a_reporter)
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(list(self.plot_row().keys()))
        sheet.append(list(self.plot_row(area_ha="nhiều").values()))
        content = io.BytesIO()
        workbook.save(content)
        upload = SimpleUploadedFile("lo-rung.xlsx", content.getvalue())
        response = self.client.post(reverse("programs:forestplot_import"), {"file": upload}, follow=True)
        self.assertEqual(response.context["job"].status, "invalid")
        self.assertIn(2, [row for row, _field, _message in response.context["errors"]])


class TestAPIPlacesAreLocal(PlacesMixin, WorldMixin, TestCase):
    def test_commune_outside_the_province_is_refused(self):
        from phoihop.orgs.models import Area

        elsewhere = Area.objects.create(code="11", name="Cao Bằng", kind="province")
        foreign = Area.objects.create(code="T11001", name="Trà Lĩnh", kind="commune", parent=elsewhere)
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        data = {"organisation": self.world.a.pk, "commune": foreign.pk, "year_planted": 2025, "area_ha": "1"}
        response = api.post("/api/programs/forest-plots/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("commune", response.json())
