"""The leadership dashboard: numbers equal the database, scope and gate, cache and its invalidation, query count,
and every number's link opens a list holding the same count."""

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from phoihop.border.models import Inspection, Marker
from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.movements.models import HolidayVisit
from phoihop.movements.selectors import movement_summary
from phoihop.movements.tests.factories import build_places, make_marker, make_visit
from phoihop.orgs.models import SharingRule
from phoihop.programs import progress as programme_progress
from phoihop.programs import services as figure_services
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.completeness import figure_completeness
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.periods import periods_between
from phoihop.programs.tests.factories import make_indicator, make_programme, make_target
from phoihop.reports import dashboard as selectors
from phoihop.work import services as task_services
from phoihop.work.choices import OPEN_STATUSES, TaskStatus
from phoihop.work.models import Dissemination, DisseminationSession, OutreachSession, Task
from phoihop.work.tests.factories import make_task
from phoihop.work.tests.test_dissemination import make_duty, make_session
from phoihop.work.tests.test_outreach import build_outreach_data

TODAY = timezone.localdate()
YEAR = TODAY.year

# The fixtures need overdue deadlines earlier in the same year as today; from 1 to 3 January there are none.
pytestmark = pytest.mark.skipif(
    TODAY.timetuple().tm_yday <= 3, reason="needs a few days of the year behind today for overdue deadlines"
)
DAY = datetime.timedelta(days=1)
URL = "/reports/dashboard/"


def in_year(days):
    """TODAY + ``days``, kept within this year."""
    day = TODAY + days * DAY
    return min(max(day, datetime.date(YEAR, 1, 1)), datetime.date(YEAR, 12, 31))


def at(day):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10))


class DashboardWorld(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.p_approver = make_user("p_approver", w.province, Role.APPROVER)
        cls.places = build_places()
        cls.outreach_data = build_outreach_data()

        # tasks: the province assigns; A (lead) done on time, A overdue, cell A1 open, B open, A last year
        done = make_task(w, lead=w.a, deadline=in_year(20))
        task_services.task_submit(acting_user=w.a_reporter, task=done)
        task_services.task_accept(acting_user=cls.p_approver, task=done)
        make_task(w, lead=w.a, deadline=in_year(-3))
        make_task(w, lead=w.a1, deadline=in_year(10))
        make_task(w, lead=w.b, deadline=in_year(5))
        make_task(w, lead=w.a, deadline=datetime.date(YEAR - 1, 6, 1))

        # dissemination duties: A done, A overdue, A1 not yet due, B overdue
        cls.duty_done = make_duty(w.a, assigned_by=w.province, deadline=in_year(-2))
        make_session(cls.duty_done, held_on=in_year(-4))
        make_duty(w.a, assigned_by=w.province, deadline=in_year(-1))
        make_duty(w.a1, assigned_by=w.province, deadline=in_year(15))
        make_duty(w.b, assigned_by=w.province, deadline=in_year(-1))

        # outreach: two sessions of A, one organised by A1 for the province, one of B, one of A last year
        cls.outreach(w.a, in_year(-5), 40)
        cls.outreach(w.a, in_year(-40), 25)
        cls.outreach(w.province, in_year(-10), 60, organisers=[w.a1])
        cls.outreach(w.b, in_year(-6), 70)
        cls.outreach(w.a, datetime.date(YEAR - 1, 5, 5), 90)

        # markers: A intact (recent check), A damaged (old check), A never inspected, B lost
        cls.intact = cls.marker(w.a, "intact", TODAY - 10 * DAY)
        cls.marker(w.a, "damaged", TODAY - 400 * DAY)
        cls.marker(w.a, "intact", None)
        cls.marker(w.b, "lost", TODAY - 5 * DAY)

        # a programme of the province, with A, A1 and B taking part
        cls.programme = make_programme(
            w.province, participants=[w.a, w.a1, w.b], start_date=datetime.date(YEAR - 1, 1, 1)
        )
        cls.area = make_indicator(cls.programme, code="DT", unit="ha", decimals=1, period_type=PeriodType.MONTH)
        cls.houses = make_indicator(cls.programme, code="NHA", unit="nhà", period_type=PeriodType.QUARTER)
        make_target(cls.area, year=YEAR, value=Decimal("100"))
        make_target(cls.area, year=YEAR, organisation=w.a, value=Decimal("40"))
        january = datetime.date(YEAR, 1, 1)
        cls.figure(cls.area, w.a, january, "10", FigureStatus.APPROVED, submitted=datetime.date(YEAR, 2, 2))
        cls.figure(cls.area, w.a1, january, "3", FigureStatus.LOCKED, submitted=datetime.date(YEAR, 2, 3))
        cls.figure(cls.area, w.b, january, "7", FigureStatus.APPROVED, submitted=datetime.date(YEAR, 2, 20))
        cls.figure(cls.area, w.a, datetime.date(YEAR - 1, 12, 1), "100", FigureStatus.APPROVED)
        cls.pending = cls.figure(cls.houses, w.a, january, "2", FigureStatus.SUBMITTED, submitted=january)

        # holiday visits: two by A, one by B
        make_visit(w.a, cls.places, held_on=in_year(-7), gifts_count=15, value_vnd=Decimal("7500000"))
        make_visit(w.a, cls.places, held_on=in_year(-8), occasion=cls.places.national_day)
        make_visit(w.b, cls.places, held_on=in_year(-9))

    @classmethod
    def outreach(cls, owner, held_on, audience, organisers=None):
        session = OutreachSession.objects.create(
            owner=owner, commune=cls.outreach_data.thuy_hung, held_on=held_on, audience=audience
        )
        session.organisers.set(organisers or [owner])
        session.topics.set([cls.outreach_data.topic])
        return session

    @classmethod
    def marker(cls, post, condition, last_inspected_on):
        marker = make_marker(post)
        if last_inspected_on is not None:
            Inspection.objects.create(
                marker=marker, inspected_on=last_inspected_on, inspecting_unit=post, condition=condition
            )
        Marker.objects.filter(pk=marker.pk).update(condition=condition, last_inspected_on=last_inspected_on)
        return marker

    @classmethod
    def figure(cls, indicator, organisation, start, value, status, submitted=None):
        figure = PeriodicFigure.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_type=indicator.period_type,
            period_start=start,
            value=Decimal(value),
        )
        PeriodicFigure.objects.filter(pk=figure.pk).update(
            status=status, submitted_at=at(submitted) if submitted else None
        )
        figure.refresh_from_db()
        return figure

    def setUp(self):
        cache.clear()

    def get(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(URL, params)
        self.assertEqual(response.status_code, 200, getattr(response, "content", b"")[:500])
        return response

    def figures(self, user, **params):
        return self.get(user, **params).context["figures"]


class TestNumbers(DashboardWorld, TestCase):
    def test_the_url(self):
        self.assertEqual(reverse("reports:dashboard"), URL)

    def test_numbers_equal_the_database(self):
        w = self.world
        figures = self.figures(w.p_viewer)
        self.assertEqual(figures["scope"]["id"], w.province.pk)  # the top membership organisation by default
        self.assertEqual(figures["year"], YEAR)
        in_the_year = Task.objects.filter(deadline_in_force__year=YEAR)
        tasks = figures["tasks"]
        self.assertEqual(tasks["total"], in_the_year.count())
        self.assertEqual(tasks["total"], 4)
        statuses = {row["value"]: row["count"] for row in tasks["by_status"]}
        for status in TaskStatus.values:
            self.assertEqual(statuses[status], in_the_year.filter(status=status).count(), status)
        overdue = in_the_year.filter(status__in=OPEN_STATUSES, deadline_in_force__lt=TODAY).count()
        self.assertEqual(tasks["overdue"], overdue)
        self.assertEqual((tasks["done"], tasks["on_time"], tasks["on_time_rate"]), (1, 1, 100.0))
        units = {row["id"]: row for row in tasks["by_unit"]}
        self.assertEqual(set(units), {w.a.pk, w.a1.pk, w.b.pk})
        self.assertEqual((units[w.a.pk]["total"], units[w.a.pk]["done"]), (2, 1))
        self.assertEqual(units[w.a.pk]["overdue"], overdue)

        duties = Dissemination.objects.filter(deadline__year=YEAR)
        done = duties.filter(pk__in=DisseminationSession.objects.values("dissemination_id"))
        dissemination = figures["dissemination"]
        self.assertEqual(dissemination["total"], duties.count())
        self.assertEqual(dissemination["done"], done.count())
        self.assertEqual(dissemination["overdue"], duties.filter(deadline__lt=TODAY).exclude(pk__in=done).count())
        self.assertEqual(dissemination["rate"], round(100 * done.count() / duties.count(), 1))

        sessions = OutreachSession.objects.filter(held_on__year=YEAR)
        outreach = figures["outreach"]
        self.assertEqual(outreach["sessions"], sessions.count())
        self.assertEqual(outreach["audience"], sessions.aggregate(n=Sum("audience"))["n"])
        self.assertEqual(len(outreach["by_month"]), 12)
        self.assertEqual(sum(m["sessions"] for m in outreach["by_month"]), sessions.count())

        border = figures["border"]
        self.assertEqual(border["markers"], Marker.objects.count())
        conditions = {row["value"]: row["count"] for row in border["by_condition"]}
        self.assertEqual((conditions["intact"], conditions["damaged"], conditions["lost"]), (2, 1, 1))
        self.assertEqual(border["overdue"], 2)  # A's damaged marker checked 400 days ago, A's never inspected
        self.assertEqual(border["never"], 1)
        self.assertEqual(border["inspections"], Inspection.objects.filter(inspected_on__year=YEAR).count())

        visits = figures["visits"]
        visited = HolidayVisit.objects.filter(held_on__year=YEAR)
        totals = visited.aggregate(gifts=Sum("gifts_count"), value=Sum("value_vnd"))
        self.assertEqual(visits["visits"], visited.count())
        self.assertEqual(visits["gifts"], totals["gifts"])
        self.assertEqual(visits["value"], totals["value"])

    def test_same_figures_as_the_statistics_and_the_movement_summary(self):
        w = self.world
        period = {"date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"}
        for user, scope in ((w.p_viewer, w.province), (w.a_viewer, w.a)):
            figures = self.figures(user)
            self.client.force_login(user)
            stats = self.client.get("/api/work/statistics/", {**period, "organisation": scope.pk}).json()
            tasks = stats["tasks"]
            self.assertEqual(figures["tasks"]["total"], tasks["total"])
            self.assertEqual(
                [row["count"] for row in figures["tasks"]["by_status"]], [row["count"] for row in tasks["by_status"]]
            )
            keys = ("id", "total", "done", "on_time", "overdue", "on_time_rate")
            self.assertEqual(
                sorted(tuple(row[k] for k in keys) for row in figures["tasks"]["by_unit"]),
                sorted(tuple(row[k] for k in keys) for row in tasks["by_unit"]),
            )
            for key in ("total", "done", "not_done", "overdue", "rate"):
                self.assertEqual(figures["dissemination"][key], stats["dissemination"][key], key)
            self.assertEqual(
                (figures["outreach"]["sessions"], figures["outreach"]["audience"]),
                (stats["outreach"]["sessions"], stats["outreach"]["audience"]),
            )
            visits = movement_summary(user, YEAR, scope)["visits"]
            self.assertEqual(
                tuple(figures["visits"][k] for k in ("visits", "households", "gifts", "value")),
                tuple(visits[k] for k in ("visits", "households", "gifts", "value")),
            )

    def test_programme_progress_and_completeness_equal_the_programme_pages(self):
        w = self.world
        figures = self.figures(w.p_viewer)
        [programme] = figures["programmes"]
        self.assertTrue(programme["whole"])
        by_code = {item["code"]: item for item in programme["indicators"]}
        official = PeriodicFigure.objects.filter(
            indicator=self.area, period_start__year=YEAR, status__in=[FigureStatus.APPROVED, FigureStatus.LOCKED]
        ).aggregate(n=Sum("value"))["n"]
        self.assertEqual(by_code["DT"]["official"], official)
        self.assertEqual(official, Decimal("20"))
        self.assertEqual(by_code["DT"]["target"], Decimal("100"))  # the programme-wide target
        self.assertEqual(by_code["DT"]["percent"], 20.0)
        self.assertEqual(by_code["NHA"]["pending"], Decimal("2"))
        reference = {
            p.indicator.code: p for p in programme_progress.indicator_progress(w.p_viewer, self.programme, YEAR)
        }
        for code, item in by_code.items():
            self.assertEqual(
                (item["official"], item["target"], item["pending"]),
                (reference[code].official, reference[code].target, reference[code].pending),
            )

        # completeness: the same as the completeness page over the periods of the year up to today
        rows = {row["period_type"]: row for row in figures["completeness"]["rows"]}
        self.assertEqual(set(rows), {PeriodType.MONTH, PeriodType.QUARTER})
        for period_type, row in rows.items():
            periods = periods_between(period_type, datetime.date(YEAR, 1, 1), TODAY)
            page = figure_completeness(w.p_viewer, self.programme, period_type, periods, today=TODAY)
            self.assertEqual(
                (row["expected"], row["reported"], row["on_time"]), (page.expected, page.reported, page.on_time)
            )
            self.assertEqual(row["completeness"], page.completeness)
        january = rows[PeriodType.MONTH]
        self.assertEqual(january["expected"], 3 * TODAY.month)  # A, A1 and B every month so far
        self.assertEqual(january["reported"], 3)
        self.assertEqual(january["on_time"], 2)  # B reported January after the deadline (05/02)

    def test_a_post_sees_only_its_subtree(self):
        w = self.world
        figures = self.figures(w.a_viewer)
        self.assertEqual(figures["scope"]["id"], w.a.pk)
        self.assertEqual(figures["tasks"]["total"], 3)  # A's two and A1's; not B's, not last year's
        self.assertNotIn(w.b.pk, {row["id"] for row in figures["tasks"]["by_unit"]})
        self.assertEqual((figures["dissemination"]["total"], figures["dissemination"]["done"]), (3, 1))
        self.assertEqual(figures["outreach"]["sessions"], 3)  # A's two and the one A1 organised
        self.assertEqual(figures["outreach"]["audience"], 125)
        self.assertEqual(figures["border"]["markers"], 3)
        self.assertEqual(figures["visits"]["visits"], 2)
        [programme] = figures["programmes"]
        self.assertFalse(programme["whole"])
        dt = next(item for item in programme["indicators"] if item["code"] == "DT")
        self.assertEqual(dt["official"], Decimal("13"))  # A's 10 and A1's 3, not B's 7
        self.assertEqual(dt["target"], Decimal("40"))  # A's own target
        month = next(row for row in figures["completeness"]["rows"] if row["period_type"] == PeriodType.MONTH)
        self.assertEqual(month["expected"], 2 * TODAY.month)  # A and A1
        # the province choosing post A sees the same figures
        chosen = self.figures(w.p_viewer, organisation=w.a.pk)
        for panel in ("tasks", "dissemination", "outreach", "visits"):
            self.assertEqual(
                chosen[panel].get("total", chosen[panel].get("sessions")),
                figures[panel].get("total", figures[panel].get("sessions")),
                panel,
            )
        self.assertEqual(chosen["border"]["markers"], 3)

    def test_an_outsider_cannot_choose_another_scope(self):
        w = self.world
        self.client.force_login(w.b_admin)
        self.assertEqual(self.client.get(URL, {"organisation": w.a.pk}).status_code, 404)
        self.assertEqual(self.client.get(URL, {"organisation": w.province.pk}).status_code, 404)
        self.assertEqual(self.client.get(URL, {"organisation": "abc"}).status_code, 404)
        own = self.client.get(URL, {"organisation": w.b.pk})
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.context["figures"]["tasks"]["total"], 1)
        self.assertNotContains(own, w.a.name)
        self.client.force_login(w.a_viewer)
        self.assertEqual(self.client.get(URL, {"organisation": w.b.pk}).status_code, 404)

    def test_bad_year_is_a_form_error(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(URL, {"year": "20x5"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'data-field="year"', status_code=400)
        last_year = self.client.get(URL, {"year": YEAR - 1})
        self.assertEqual(last_year.context["figures"]["tasks"]["total"], 1)

    def test_totals_only_sharing_counts_without_showing_records(self):
        w = self.world
        SharingRule.objects.create(owner=w.b, viewer=w.a, mode="totals")
        figures = self.figures(w.a_viewer, organisation=w.b.pk)
        self.assertEqual(figures["tasks"]["total"], 1)
        self.assertEqual(figures["border"]["markers"], 1)
        self.assertFalse(figures["whole"])
        # the records stay hidden: no list to open (a list filtered within B would show none of them)
        self.assertFalse(figures["listable"])
        self.assertIsNone(figures["tasks"]["url"])
        self.assertIsNone(figures["border"]["url"])
        listed = self.client.get(reverse("work:task_list"), {"within": w.b.pk})
        self.assertEqual(listed.context["total"], 0)
        page = self.client.get(URL, {"organisation": w.b.pk})
        self.assertContains(page, 'data-testid="totals-only"')
        self.assertNotContains(page, "within=")

    def test_user_without_membership(self):
        lonely = make_user("lonely")
        response = self.get(lonely)
        self.assertContains(response, 'data-testid="no-scope"')


class TestCache(DashboardWorld, TestCase):
    def test_second_request_hits_the_cache(self):
        user = self.world.p_viewer
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as first:
            response = self.client.get(URL)
        self.assertFalse(response.context["figures"]["cached"])
        with CaptureQueriesContext(connection) as second:
            response = self.client.get(URL)
        self.assertTrue(response.context["figures"]["cached"])
        self.assertLess(len(second), len(first) - 10)
        for table in ("work_task", "border_marker", "programs_indicator", "movements_holidayvisit"):
            self.assertFalse(any(f'FROM "{table}' in q["sql"] for q in second.captured_queries), table)
        # another year, language or scope is another entry
        self.assertFalse(self.figures(user, year=YEAR - 1)["cached"])
        self.assertFalse(self.figures(user, organisation=self.world.a.pk)["cached"])

    def test_each_language_has_its_entry(self):
        user = self.world.p_viewer
        vietnamese = self.figures(user)
        self.assertEqual(vietnamese["tasks"]["by_status"][3]["label"], "Hoàn thành")
        user.language = "en"
        user.save(update_fields=["language"])
        response = self.get(user)
        self.assertFalse(response.context["figures"]["cached"])
        self.assertEqual(response.context["figures"]["tasks"]["by_status"][3]["label"], "Done")
        self.assertContains(response, "Leadership dashboard")

    def test_a_new_task_shows_at_once(self):
        w = self.world
        before = self.figures(w.a_viewer)
        self.assertTrue(self.figures(w.a_viewer)["cached"])
        make_task(w, lead=w.a, deadline=in_year(1))
        after = self.figures(w.a_viewer)
        self.assertFalse(after["cached"])
        self.assertEqual(after["tasks"]["total"], before["tasks"]["total"] + 1)

    def test_an_approved_figure_shows_at_once(self):
        w = self.world

        def houses(figures):
            [programme] = figures["programmes"]
            return next(item for item in programme["indicators"] if item["code"] == "NHA")

        before = houses(self.figures(w.p_viewer))
        self.assertEqual((before["official"], before["pending"]), (Decimal(0), Decimal("2")))
        self.figures(w.p_viewer)
        figure_services.figure_approve(acting_user=w.p_admin, figure=self.pending)
        after = houses(self.figures(w.p_viewer))
        self.assertEqual((after["official"], after["pending"]), (Decimal("2"), None))

    def test_a_bulk_approval_shows_at_once(self):
        w = self.world
        self.figures(w.p_viewer)
        figure_services.figures_approve_bulk(acting_user=w.p_admin, figures=[self.pending])
        [programme] = self.figures(w.p_viewer)["programmes"]
        self.assertEqual(next(i for i in programme["indicators"] if i["code"] == "NHA")["official"], Decimal("2"))

    def test_an_inspection_and_a_deleted_visit_show_at_once(self):
        w = self.world
        before = self.figures(w.a_viewer)
        from phoihop.border.services import inspection_record
        from phoihop.core.services import record_delete

        marker = Marker.objects.get(post=w.a, last_inspected_on__isnull=True)
        inspection_record(
            acting_user=w.a_reporter,
            instance=Inspection(marker=marker, inspected_on=TODAY, inspecting_unit=w.a, condition="intact"),
        )
        record_delete(acting_user=w.a_admin, instance=HolidayVisit.objects.filter(visiting_organisation=w.a).first())
        after = self.figures(w.a_viewer)
        self.assertEqual(after["border"]["overdue"], before["border"]["overdue"] - 1)
        self.assertEqual(after["visits"]["visits"], before["visits"]["visits"] - 1)

    def test_access_changes_are_another_entry(self):
        w = self.world
        self.figures(w.a_viewer, organisation=w.a.pk)
        SharingRule.objects.create(owner=w.b, viewer=w.a, mode="totals")
        self.assertFalse(self.figures(w.a_viewer, organisation=w.a.pk)["cached"])
        key = selectors.cache_key(w.a_viewer, w.a, YEAR, TODAY)
        w.a_viewer.clearance = 2
        self.assertNotEqual(selectors.cache_key(w.a_viewer, w.a, YEAR, TODAY), key)


class TestQueries(DashboardWorld, TestCase):
    def count_queries(self, user):
        cache.clear()
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_query_count_does_not_grow_with_the_rows(self):
        w = self.world
        before = self.count_queries(w.p_viewer)
        for n in range(3):
            done = make_task(w, lead=w.a1, coordinating=[w.b], deadline=in_year(n + 1))
            task_services.task_submit(acting_user=make_user(f"a1_reporter{n}", w.a1, Role.REPORTER), task=done)
            make_duty(w.b, assigned_by=w.province, deadline=in_year(n))
            self.outreach(w.b, in_year(-n), 10 + n)
            self.marker(w.b, "faded", TODAY - (n + 200) * DAY)
            make_visit(w.b, self.places, held_on=in_year(-n))
            self.figure(self.area, w.a1, datetime.date(YEAR - 1, n + 1, 1), "1", FigureStatus.APPROVED)
        programme = make_programme(w.province, participants=[w.a, w.b], start_date=datetime.date(YEAR, 1, 1))
        indicator = make_indicator(programme, period_type=PeriodType.YEAR)
        make_target(indicator, year=YEAR)
        self.figure(indicator, w.a, datetime.date(YEAR, 1, 1), "5", FigureStatus.SUBMITTED, submitted=TODAY)
        after = self.count_queries(w.p_viewer)
        self.assertEqual(before, after)
        self.assertEqual(len(self.figures(w.p_viewer)["programmes"]), 2)


class TestLinks(DashboardWorld, TestCase):
    def counted_links(self, figures):
        """(name, URL, count) of every number that counts records."""
        tasks, dissemination, outreach, border, visits = (
            figures[k] for k in ("tasks", "dissemination", "outreach", "border", "visits")
        )
        links = [
            ("tasks", tasks["url"], tasks["total"]),
            ("tasks overdue", tasks["overdue_url"], tasks["overdue"]),
            ("tasks done", tasks["done_url"], tasks["done"]),
            *[(f"tasks {r['value']}", r["url"], r["count"]) for r in tasks["by_status"]],
            *[(f"unit {r['name']}", r["url"], r["total"]) for r in tasks["by_unit"]],
            *[(f"unit {r['name']} overdue", r["overdue_url"], r["overdue"]) for r in tasks["by_unit"]],
            *[(f"unit {r['name']} done", r["done_url"], r["done"]) for r in tasks["by_unit"]],
            ("duties", dissemination["url"], dissemination["total"]),
            ("duties done", dissemination["done_url"], dissemination["done"]),
            ("duties not done", dissemination["not_done_url"], dissemination["not_done"]),
            ("duties overdue", dissemination["overdue_url"], dissemination["overdue"]),
            ("outreach", outreach["url"], outreach["sessions"]),
            *[(f"outreach {m['label']}", m["url"], m["sessions"]) for m in outreach["by_month"]],
            ("markers", border["url"], border["markers"]),
            ("markers overdue", border["overdue_url"], border["overdue"]),
            *[(f"markers {r['value']}", r["url"], r["count"]) for r in border["by_condition"]],
            *[(f"post {r['name']}", r["url"], r["total"]) for r in border["posts"]],
            *[(f"post {r['name']} overdue", r["overdue_url"], r["overdue"]) for r in border["posts"]],
            ("inspections", border["inspections_url"], border["inspections"]),
            ("visits", visits["url"], visits["visits"]),
            *[(f"visits {r['name']}", r["url"], r["visits"]) for r in visits["by_occasion"]],
        ]
        # a lead unit the user may not view has no link (the list's filter would not accept it)
        return [(name, url, count) for name, url, count in links if url is not None]

    def assert_links_match(self, user, whole=True, **params):
        figures = self.figures(user, **params)
        self.assertEqual(figures["whole"], whole)
        links = self.counted_links(figures)
        self.assertGreater(sum(count for _name, _url, count in links), 10)
        for name, url, count in links:
            with self.subTest(user=user.username, number=name):
                resolve(urlsplit(url).path)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["total"], count, url)
        return figures

    def test_every_number_opens_a_list_with_the_same_count(self):
        self.assert_links_match(self.world.p_viewer)
        self.assert_links_match(self.world.a_viewer)
        self.assert_links_match(self.world.b_admin)

    def test_a_narrower_scope_opens_lists_of_its_subtree(self):
        """The province (or a superuser) choosing post A: the lists are filtered within A — A1's records included,
        B's left out — and hold the rows each number counts."""
        w = self.world
        for user in (w.p_viewer, w.superuser):
            figures = self.assert_links_match(user, whole=False, organisation=w.a.pk)
            self.assertEqual(figures["tasks"]["total"], 3)  # A's two and A1's
            query = parse_qs(urlsplit(figures["tasks"]["url"]).query)
            self.assertEqual(query["within"], [str(w.a.pk)])
            self.assertContains(self.client.get(figures["tasks"]["url"]), 'data-testid="within"')

    def test_what_a_scope_assigns_elsewhere_counts_for_both_sides(self):
        w = self.world
        make_task(w, assigner=w.a, lead=w.b, deadline=in_year(2), user=w.a_reporter)
        make_duty(w.b, assigned_by=w.a, deadline=in_year(3))
        make_visit(w.b, self.places, held_on=in_year(-2), visited_organisation=w.a)
        a = self.assert_links_match(w.a_viewer)
        b = self.assert_links_match(w.b_admin)
        self.assertEqual((a["tasks"]["total"], b["tasks"]["total"]), (4, 2))
        b_row = next(row for row in a["tasks"]["by_unit"] if row["id"] == w.b.pk)
        self.assertEqual((b_row["total"], b_row["url"]), (1, None))  # A may not view B: no list to open
        self.assertEqual((a["dissemination"]["total"], b["dissemination"]["total"]), (4, 2))
        self.assertEqual((a["visits"]["visits"], b["visits"]["visits"]), (3, 2))

    def test_totals_only_sharing_keeps_the_lists_exact(self):
        w = self.world
        SharingRule.objects.create(owner=w.b, viewer=w.a, mode="totals")
        figures = self.assert_links_match(w.a_viewer)  # the default scope: post A
        self.assertEqual(figures["tasks"]["total"], 3)

    def test_every_organisation(self):
        w = self.world
        figures = self.assert_links_match(w.superuser, organisation="")
        self.assertIsNone(figures["scope"]["id"])
        self.assertEqual(figures["tasks"]["total"], Task.objects.filter(deadline_in_force__year=YEAR).count())
        self.assertEqual(figures["border"]["markers"], Marker.objects.count())
        # with "totals only" figures of B, post A's users count B's records there too, without listing them
        SharingRule.objects.create(owner=w.b, viewer=w.a, mode="totals")
        shared = self.figures(w.a_viewer, organisation="")
        self.assertEqual(shared["tasks"]["total"], 4)
        self.assertEqual(self.client.get(shared["tasks"]["url"]).context["total"], 3)

    def test_figures_behind_the_progress(self):
        w = self.world
        for user in (w.p_viewer, w.a_viewer):
            [programme] = self.figures(user)["programmes"]
            self.assertEqual(resolve(urlsplit(programme["url"]).path).url_name, "programme_progress")
            self.assertEqual(self.client.get(programme["url"]).status_code, 200)
            for item in programme["indicators"]:
                response = self.client.get(item["url"])
                listed = response.context["table"].data.data
                self.assertEqual(listed.aggregate(n=Sum("value"))["n"] or Decimal(0), item["official"] or 0)
                if item["pending_count"]:
                    pending = self.client.get(item["pending_url"]).context["total"]
                    self.assertEqual(pending, item["pending_count"])

    def test_completeness_opens_the_completeness_page(self):
        figures = self.figures(self.world.p_viewer)
        for row in figures["completeness"]["rows"]:
            response = self.client.get(row["url"])
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.context["result"].reported, row["reported"])
            self.assertEqual(response.context["result"].expected, row["expected"])


class TestPage(DashboardWorld, TestCase):
    def test_charts_and_links_on_the_page(self):
        response = self.get(self.world.p_viewer)
        content = response.content.decode()
        self.assertIn('id="dashboard-charts"', content)
        self.assertIn("vendor/echarts/echarts.min.js", content)
        self.assertIn("phoihop/dashboard.js", content)
        for chart in ("tasks", "markers", "outreach"):
            self.assertIn(f'data-chart="{chart}"', content)
        charts = response.context["charts"]
        self.assertEqual(len(charts["outreach"]), 12)
        self.assertEqual(sum(item["value"] for item in charts["tasks"]), response.context["tasks"]["total"])
        # every script is a file or the JSON data: nothing inline runs
        self.assertNotRegex(content, r"<script>(?!\s*$)")
        figures = response.context["figures"]
        self.assertIn(f'href="{figures["tasks"]["url"].replace("&", "&amp;")}"', content)
        self.assertIn('data-link="markers-overdue"', content)

    def test_vietnamese_numbers(self):
        w = self.world
        make_visit(w.a, self.places, held_on=in_year(-1), value_vnd=Decimal("1234567"))
        response = self.get(w.p_viewer)
        self.assertContains(response, "28.734.567")  # 7.500.000 + 10.000.000 + 10.000.000 + 1.234.567

    def test_query_of_the_lists_is_a_valid_filter(self):
        figures = self.figures(self.world.p_viewer)
        query = parse_qs(urlsplit(figures["tasks"]["url"]).query)
        self.assertEqual(query["deadline_from"], [f"01/01/{YEAR}"])
        self.assertEqual(query["deadline_to"], [f"31/12/{YEAR}"])
