"""A programme's progress page and its GeoJSON: values equal the database, only approved and locked figures are
official, the gate decides whose figures and records count, and the number of queries stays flat."""

import datetime
import json
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation
from phoihop.programs import services
from phoihop.programs.choices import Aggregation, FigureStatus, HouseStatus, PeriodType
from phoihop.programs.models import ForestPlot, PeriodicFigure
from phoihop.programs.progress import number
from phoihop.programs.tests.factories import (
    make_commune,
    make_forest_plot,
    make_house,
    make_indicator,
    make_programme,
    make_resettlement,
    make_sponsorship,
    make_target,
)

YEAR = 2024
OFFICIAL = (FigureStatus.APPROVED, FigureStatus.LOCKED)


def figure(indicator, organisation, start, value, status=FigureStatus.APPROVED):
    return PeriodicFigure.objects.create(
        indicator=indicator,
        organisation=organisation,
        period_type=indicator.period_type,
        period_start=start,
        value=Decimal(value) if value is not None else None,
        status=status,
    )


def quarter(q, year=YEAR):
    return datetime.date(year, 3 * (q - 1) + 1, 1)


class ProgressTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.c = Organisation.objects.create(name="Đồn Biên phòng Chi Ma", code="T-C", kind=w.kind, parent=w.province)
        cls.commune_a = make_commune("T-20001", "Xã Ba Sơn")
        cls.commune_c = make_commune("T-20002", "Xã Xuân Dương")
        cls.programme = make_programme(
            w.province, name="Dự án 661", start_date=datetime.date(2020, 1, 1), participants=[w.a, cls.c]
        )
        cls.ha = make_indicator(
            cls.programme, code="HA", name="Diện tích trồng", unit="ha", period_type=PeriodType.QUARTER, decimals=2
        )
        cls.children = make_indicator(
            cls.programme,
            code="TRE",
            name="Trẻ được nhận đỡ đầu",
            unit="em",
            period_type=PeriodType.MONTH,
            aggregation=Aggregation.LATEST,
        )
        # ha: A Q1 approved 10.5, Q2 locked 20, Q3 submitted 7, Q4 draft 3; C Q1 approved 100.25, Q2 reopened 5;
        # and earlier years: 2023 A 1000 approved, C 2023 draft 999 (never official).
        figure(cls.ha, w.a, quarter(1), "10.50")
        figure(cls.ha, w.a, quarter(2), "20", FigureStatus.LOCKED)
        cls.a_submitted = figure(cls.ha, w.a, quarter(3), "7", FigureStatus.SUBMITTED)
        figure(cls.ha, w.a, quarter(4), "3", FigureStatus.DRAFT)
        figure(cls.ha, cls.c, quarter(1), "100.25")
        figure(cls.ha, cls.c, quarter(2), "5", FigureStatus.REOPENED)
        figure(cls.ha, w.a, quarter(1, 2023), "1000", FigureStatus.LOCKED)
        figure(cls.ha, cls.c, quarter(1, 2023), "999", FigureStatus.DRAFT)
        make_target(cls.ha, year=YEAR, value=Decimal("200"))
        make_target(cls.ha, year=YEAR, organisation=w.a, value=Decimal("50"))
        make_target(cls.ha, year=YEAR, organisation=cls.c, value=Decimal("150"))
        # children (a stock): A Jan 10, Mar 12 approved, Apr 15 submitted; C Feb 5 approved.
        figure(cls.children, w.a, datetime.date(YEAR, 1, 1), "10")
        figure(cls.children, w.a, datetime.date(YEAR, 3, 1), "12", FigureStatus.LOCKED)
        figure(cls.children, w.a, datetime.date(YEAR, 4, 1), "15", FigureStatus.SUBMITTED)
        figure(cls.children, cls.c, datetime.date(YEAR, 2, 1), "5")
        # records
        cls.plot_a = make_forest_plot(
            w.a,
            cls.commune_a,
            programme=cls.programme,
            year_planted=2023,
            area_ha=Decimal("12.50"),
            latitude=Decimal("21.900000"),
            longitude=Decimal("106.800000"),
        )
        make_forest_plot(
            w.a,
            cls.commune_a,
            programme=cls.programme,
            year_planted=YEAR,
            area_ha=Decimal("3.25"),
            latitude=Decimal("21.920000"),
            longitude=Decimal("106.820000"),
            polygon={
                "type": "Polygon",
                "coordinates": [[[106.82, 21.92], [106.83, 21.92], [106.83, 21.93], [106.82, 21.92]]],
            },
        )
        make_forest_plot(
            cls.c,
            cls.commune_c,
            programme=cls.programme,
            year_planted=YEAR,
            area_ha=Decimal("3840.50"),
            latitude=Decimal("21.700000"),
            longitude=Decimal("107.200000"),
        )
        make_forest_plot(w.a, cls.commune_a, year_planted=YEAR, area_ha=Decimal("77"))  # another programme's
        make_house(
            w.a,
            cls.commune_a,
            programme=cls.programme,
            status=HouseStatus.HANDED_OVER,
            start_date=datetime.date(YEAR, 2, 1),
            handover_date=datetime.date(YEAR, 6, 1),
            latitude=Decimal("21.910000"),
            longitude=Decimal("106.810000"),
        )
        make_house(w.a, cls.commune_a, programme=cls.programme, status=HouseStatus.BUILDING)
        make_house(
            cls.c,
            cls.commune_c,
            programme=cls.programme,
            status=HouseStatus.HANDED_OVER,
            start_date=datetime.date(2023, 2, 1),
            handover_date=datetime.date(2023, 9, 1),
        )
        make_resettlement(w.a, cls.commune_a, programme=cls.programme, households=4, people=17, date=quarter(2))
        make_sponsorship(
            w.a, cls.commune_a, programme=cls.programme, start_date=datetime.date(2023, 9, 1), end_date=None
        )
        make_sponsorship(
            cls.c,
            cls.commune_c,
            programme=cls.programme,
            start_date=datetime.date(2022, 9, 1),
            end_date=datetime.date(2024, 5, 31),
        )

    # --- helpers -------------------------------------------------------------------------------------------
    def page(self, user, **params):
        self.login(user)
        return self.client.get(reverse("programs:programme_progress", kwargs={"pk": self.programme.pk}), params)

    def geojson(self, user, **params):
        self.login(user)
        url = reverse("programs:programme_progress_geojson", kwargs={"pk": self.programme.pk})
        return self.client.get(url, params)

    def indicator(self, response, code):
        return next(item for item in response.context["indicators"] if item.indicator.code == code)

    @staticmethod
    def db_sum(**filters):
        return PeriodicFigure.objects.filter(**filters).aggregate(total=Sum("value"))["total"]

    # --- official values ------------------------------------------------------------------------------------
    def test_values_equal_the_database(self):
        response = self.page(self.world.p_viewer, year=YEAR)
        self.assertEqual(response.status_code, 200)
        ha = self.indicator(response, "HA")
        official = self.db_sum(indicator=self.ha, status__in=OFFICIAL, period_start__year=YEAR)
        self.assertEqual(ha.official, official)
        self.assertEqual(ha.official, Decimal("130.75"))
        self.assertEqual(
            ha.cumulative, self.db_sum(indicator=self.ha, status__in=OFFICIAL, period_start__year__lte=YEAR)
        )
        self.assertEqual(ha.cumulative, Decimal("1130.75"))
        self.assertEqual(ha.target, Decimal("200"))
        self.assertEqual(ha.target_kind, "programme")
        self.assertEqual(ha.percent, Decimal("65.4"))  # 65,375 rounded half up (core.numbers.rate)
        # by period and by organisation add up to the year's value
        self.assertEqual(sum(p["official"] or 0 for p in ha.by_period), official)
        self.assertEqual([p["label"][-4:] for p in ha.by_period], [str(YEAR)] * 4)
        self.assertEqual(ha.by_period[-1]["cumulative"], Decimal("1130.75"))
        by_org = {row["name"]: row["official"] for row in ha.by_organisation}
        self.assertEqual(by_org, {self.world.a.name: Decimal("30.50"), self.c.name: Decimal("100.25")})
        years = {row["year"]: (row["official"], row["cumulative"]) for row in ha.by_year}
        self.assertEqual(years[2023], (Decimal("1000"), Decimal("1000")))
        self.assertEqual(years[YEAR], (Decimal("130.75"), Decimal("1130.75")))
        self.assertEqual(min(years), 2020)
        # printed the Vietnamese way, with the raw value in a data attribute
        body = response.content.decode()
        self.assertIn('data-official="130.75"', body)
        self.assertIn("1.130,75", body)
        self.assertIn("65,4", body)  # % achieved
        start = body.index('<script id="progress-charts" type="application/json">')
        charts = json.loads(body[body.index(">", start) + 1 : body.index("</script>", start)])
        chart = charts["indicators"][0]
        self.assertEqual((chart["code"], chart["target"]), ("HA", 200.0))
        self.assertEqual([p["official"] for p in chart["periods"]], [110.75, 20.0, None, None])
        self.assertEqual([p["pending"] for p in chart["periods"]], [None, 5.0, 7.0, 3.0])

    def test_only_approved_and_locked_figures_are_official(self):
        ha = self.indicator(self.page(self.world.p_viewer, year=YEAR), "HA")
        pending = self.db_sum(
            indicator=self.ha,
            status__in=(FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.REOPENED),
            period_start__year=YEAR,
        )
        self.assertEqual(ha.pending, pending)
        self.assertEqual(ha.pending, Decimal("15"))
        self.assertEqual(
            ha.pending_counts, {FigureStatus.DRAFT: 1, FigureStatus.SUBMITTED: 1, FigureStatus.REOPENED: 1}
        )
        # the 2023 draft of 999 counts nowhere in the official values
        self.assertNotIn(Decimal("999"), [row["official"] for row in ha.by_year])

    def test_stock_indicator_takes_the_latest_values(self):
        children = self.indicator(self.page(self.world.p_viewer, year=YEAR), "TRE")
        # A's latest approved value (12, March) + C's (5, February); A's submitted 15 is pending.
        self.assertEqual(children.official, Decimal("17"))
        self.assertEqual(children.cumulative, Decimal("17"))
        self.assertEqual(children.pending, Decimal("20"))
        january, february = children.by_period[0], children.by_period[1]
        self.assertEqual((january["official"], february["official"]), (Decimal("10"), Decimal("15")))

    def test_cumulative_changes_after_a_new_approval(self):
        before = self.indicator(self.page(self.world.p_viewer, year=YEAR), "HA")
        services.figure_approve(acting_user=self.world.p_admin, figure=self.a_submitted)
        after = self.indicator(self.page(self.world.p_viewer, year=YEAR), "HA")
        self.assertEqual(after.official, before.official + 7)
        self.assertEqual(after.cumulative, before.cumulative + 7)
        self.assertEqual(after.pending, before.pending - 7)
        self.assertNotIn(FigureStatus.SUBMITTED, after.pending_counts)

    def test_default_year_is_this_year(self):
        response = self.page(self.world.p_viewer)
        self.assertEqual(response.context["year"], timezone.localdate().year)
        self.assertEqual(self.indicator(response, "HA").cumulative, Decimal("1130.75"))

    def test_organisation_filter(self):
        response = self.page(self.world.p_viewer, year=YEAR, organisation=self.c.pk)
        ha = self.indicator(response, "HA")
        self.assertEqual(ha.official, Decimal("100.25"))
        self.assertEqual((ha.target, ha.target_kind), (Decimal("150"), "organisations"))
        self.assertEqual(response.context["totals"]["forest"]["ha"], Decimal("3840.50"))

    def test_bad_filters_answer_400(self):
        self.assertEqual(self.page(self.world.p_viewer, year=1800).status_code, 400)
        response = self.page(self.world.a_viewer, organisation=self.c.pk)  # not A's to choose
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["organisation"])
        self.assertEqual(self.page(self.world.a_viewer, year="abc").status_code, 400)
        self.assertEqual(self.geojson(self.world.a_viewer, organisation=self.c.pk).status_code, 400)

    # --- the gate -------------------------------------------------------------------------------------------
    def test_outsider_gets_404(self):
        self.assertEqual(self.page(self.world.b_admin).status_code, 404)
        response = self.geojson(self.world.b_admin)
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("features", response.json())

    def test_anonymous(self):
        url = reverse("programs:programme_progress", kwargs={"pk": self.programme.pk})
        self.assertEqual(self.client.get(url).status_code, 302)
        url = reverse("programs:programme_progress_geojson", kwargs={"pk": self.programme.pk})
        self.assertEqual(self.client.get(url).status_code, 401)

    def test_post_user_sees_only_its_own_figures(self):
        response = self.page(self.world.a_viewer, year=YEAR)
        self.assertEqual(response.status_code, 200)
        ha = self.indicator(response, "HA")
        self.assertEqual(ha.official, Decimal("30.50"))
        self.assertEqual(ha.pending, Decimal("10"))
        self.assertEqual(ha.cumulative, Decimal("1030.50"))
        self.assertEqual([row["name"] for row in ha.by_organisation], [self.world.a.name])
        # measured against its own target, not the programme's
        self.assertEqual((ha.target, ha.target_kind), (Decimal("50"), "organisations"))
        self.assertEqual(self.indicator(response, "TRE").official, Decimal("12"))
        self.assertNotIn(self.c.name, response.content.decode())
        totals = response.context["totals"]
        self.assertEqual(totals["forest"]["ha"], Decimal("15.75"))
        self.assertEqual(totals["houses"]["handed_over"], 1)

    def test_record_totals_equal_the_database(self):
        totals = self.page(self.world.p_viewer, year=YEAR).context["totals"]
        plots = ForestPlot.objects.filter(programme=self.programme, year_planted__lte=YEAR)
        self.assertEqual(totals["forest"]["ha"], plots.aggregate(t=Sum("area_ha"))["t"])
        self.assertEqual(totals["forest"]["ha"], Decimal("3856.25"))
        self.assertEqual(totals["forest"]["ha_year"], Decimal("3843.75"))
        self.assertEqual(totals["forest"]["ha_text"], "3.856,25")
        self.assertEqual((totals["houses"]["handed_over"], totals["houses"]["handed_over_year"]), (2, 1))
        self.assertEqual(totals["houses"]["building"], 1)
        self.assertEqual((totals["resettled"]["households"], totals["resettled"]["people"]), (4, 17))
        self.assertEqual(totals["sponsored"]["children"], 1)  # C's sponsorship ended in May 2024
        self.assertEqual(self.page(self.world.p_viewer, year=2023).context["totals"]["sponsored"]["children"], 2)

    def test_the_report_counts_the_records_as_the_progress_page(self):
        """One definition (``selectors.record_figures``): the report's results of a year are the pages' "in the
        year" figures of its programmes."""
        from phoihop.programs import progress
        from phoihop.programs.models import Programme
        from phoihop.reports.sections import ReportContext, get_section

        w = self.world
        start, end = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
        ctx = ReportContext(user=w.p_viewer, organisations=[w.province], start=start, end=end)
        report = get_section("programmes").compute(ctx)
        pages = [progress.record_totals(w.p_viewer, p, YEAR) for p in Programme.objects.order_by("pk")]
        self.assertTrue(pages)
        self.assertGreater(Decimal(report["forest"]["ha"]), 0)
        outside = Decimal("77")  # a plot of the scope outside any programme: a result of the report, on no page
        self.assertEqual(Decimal(report["forest"]["ha"]), sum(p["forest"]["ha_year"] for p in pages) + outside)
        self.assertEqual(report["houses"]["handed_over"], sum(p["houses"]["handed_over_year"] for p in pages))
        self.assertEqual(report["resettled"]["households"], sum(p["resettled"]["households_year"] for p in pages))
        self.assertEqual(report["sponsored"]["children"], sum(p["sponsored"]["children"] for p in pages))

    # --- the map --------------------------------------------------------------------------------------------
    def test_geojson(self):
        response = self.geojson(self.world.p_viewer)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/geo+json")
        data = response.json()
        layers = {}
        for item in data["features"]:
            layers.setdefault(item["properties"]["layer"], []).append(item)
        self.assertEqual(len(layers["plot"]), 3)  # the other programme's plot is not here
        self.assertEqual(sorted(f["geometry"]["type"] for f in layers["plot"]), ["Point", "Point", "Polygon"])
        self.assertEqual(len(layers["house"]), 1)  # two houses have no position
        self.assertEqual(data["summary"]["houses_without_position"], 2)
        communes = {f["properties"]["name"]: f for f in layers["commune"]}
        ba_son = communes["Xã Ba Sơn"]
        self.assertEqual(ba_son["properties"]["ha"], 15.75)
        self.assertEqual(ba_son["properties"]["handed_over"], 1)
        lon, lat = ba_son["geometry"]["coordinates"]  # centroid of the three positioned records of Ba Sơn
        self.assertAlmostEqual(lat, (21.90 + 21.92 + 21.91) / 3, places=5)
        self.assertAlmostEqual(lon, (106.80 + 106.82 + 106.81) / 3, places=5)

    def test_geojson_of_a_post_user(self):
        data = self.geojson(self.world.a_viewer).json()
        organisations = {f["properties"].get("organisation") for f in data["features"]} - {None}
        self.assertEqual(organisations, {self.world.a.name})
        names = {f["properties"]["name"] for f in data["features"] if f["properties"]["layer"] == "commune"}
        self.assertEqual(names, {"Xã Ba Sơn"})

    def test_commune_table(self):
        communes = self.page(self.world.p_viewer).context["communes"]
        rows = {row["name"]: row for row in communes}
        self.assertEqual(rows["Xã Xuân Dương"]["ha_text"], "3.840,5")
        self.assertEqual((rows["Xã Xuân Dương"]["houses"], rows["Xã Xuân Dương"]["handed_over"]), (1, 1))

    # --- queries --------------------------------------------------------------------------------------------
    def test_query_count_does_not_grow(self):
        w = self.world
        monthly = make_indicator(self.programme, code="NHA", name="Nhà bàn giao", unit="nhà")
        months = [datetime.date(2020 + i // 12, i % 12 + 1, 1) for i in range(60)]
        statuses = list(FigureStatus.values)

        def add(start, stop):
            for i in range(start, stop):
                figure(monthly, w.a, months[i], i + 1, statuses[i % len(statuses)])
                make_forest_plot(
                    w.a,
                    self.commune_a,
                    programme=self.programme,
                    year_planted=2020 + i % 5,
                    area_ha=Decimal("1.5"),
                    latitude=Decimal("21.9") + Decimal(i) / 1000,
                    longitude=Decimal("106.8"),
                )
                make_house(
                    w.a,
                    self.commune_c if i % 2 else self.commune_a,
                    programme=self.programme,
                    latitude=Decimal("21.8"),
                    longitude=Decimal("106.9") + Decimal(i) / 1000,
                )

        def counts():
            with CaptureQueriesContext(connection) as page:
                self.assertEqual(self.page(w.p_viewer, year=YEAR).status_code, 200)
            with CaptureQueriesContext(connection) as data:
                self.assertEqual(self.geojson(w.p_viewer).status_code, 200)
            return len(page), len(data)

        add(0, 5)
        counts()  # warm the process-wide caches (content types)
        few = counts()
        add(5, 50)
        many = counts()
        self.assertEqual(few, many)
        self.assertEqual(
            self.indicator(self.page(w.p_viewer, year=YEAR), "NHA").cumulative,
            self.db_sum(indicator=monthly, status__in=OFFICIAL),
        )


class NumberFormatTests(TestCase):
    def test_vietnamese_numbers(self):
        self.assertEqual(number(Decimal("3840.50"), 2), "3.840,5")
        self.assertEqual(number(Decimal("3840"), 2), "3.840")
        self.assertEqual(number(Decimal("1971"), 0), "1.971")
        self.assertEqual(number(Decimal("0.125"), 2), "0,13")
        self.assertEqual(number(None), "—")
        self.assertEqual(number(0, 2), "0")
