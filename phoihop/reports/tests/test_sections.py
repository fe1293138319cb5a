"""Report sections: the prose helpers, the registry, and what every section must do whatever the data — JSON
figures, prose and tables on empty scopes, a query count that does not grow with the rows, no personal data.

``build_data`` (also used by ``test_sections_figures``) puts records of post A and of commune B in the shared test
world, in the first half of 2025 (the period of the report) and in the first half of 2024 (the same period last
year), plus classified ones (SECRET) in A's scope.
"""

import datetime
import itertools
import json
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from phoihop.border.models import Inspection, Marker, Patrol
from phoihop.core.choices import Classification
from phoihop.core.testing.registers import is_register_entry, register_fields
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.models import Occasion, TwinningActivity
from phoihop.movements.tests.factories import make_event, make_marker, make_team, make_twinning, make_visit
from phoihop.orgs.models import Agreement, Area, Clause, Organisation
from phoihop.programs.choices import FigureStatus, HouseStatus
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.tests import factories as programs
from phoihop.reports import prose
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.sections import ReportContext, all_sections, get_section
from phoihop.work.models import (
    Dissemination,
    DisseminationSession,
    Document,
    DocumentType,
    EthnicLanguage,
    OutreachSession,
    OutreachTopic,
    Task,
)
from phoihop.work.tests.factories import make_task

D = datetime.date
START, END = D(2025, 1, 1), D(2025, 6, 30)
KEYS = [
    "organisations",
    "agreements",
    "documents",
    "dissemination",
    "outreach",
    "tasks",
    "markers",
    "patrols",
    "inspections",
    "programmes",
    "periodic_figures",
    "movements",
]
serial = itertools.count(1)


def context(user, *organisations, start=START, end=END, agreement=None):
    return ReportContext(user=user, organisations=list(organisations), start=start, end=end, agreement=agreement)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def finish(task, on, on_time):
    """Mark ``task`` done on ``on`` (the state the workflow services leave; set directly for fixed dates)."""
    Task.objects.filter(pk=task.pk).update(status="done", progress=100, completed_on=on, completed_on_time=on_time)


def add_work(w, org, commune, doc_type, topic, language, clause=None, classification=0):
    """A document with a dissemination duty (done) and its session, an outreach session and two tasks (one done on
    time, one overdue) of ``org`` in the period; with ``classification``, the document and the tasks carry it (as
    register entries: no subject or title)."""
    n = next(serial)
    doc = Document.objects.create(
        owner=org,
        doc_type=doc_type,
        number=f"{n}-KH/TH",
        subject="" if is_register_entry(classification) else f"Kế hoạch thử {n}",
        issuing_body=org.name,
        signed_on=D(2025, 2, 10),
        classification=classification,
        **register_fields(org, classification),
    )
    duty = Dissemination.objects.create(
        document=doc, organisation=org, assigned_by=w.province, deadline=D(2025, 3, 1), clause=None
    )
    DisseminationSession.objects.create(dissemination=duty, held_on=D(2025, 2, 20), participants=40, expected=50)
    session = OutreachSession.objects.create(owner=org, held_on=D(2025, 3, 5), commune=commune, audience=120)
    session.organisers.set([org])
    session.topics.set([topic])
    session.languages.set([language])
    done = make_task(w, lead=org, deadline=D(2025, 4, 30), classification=classification, clause=clause)
    finish(done, D(2025, 4, 20), True)
    make_task(w, lead=org, deadline=D(2025, 5, 15), classification=classification)
    return doc


def build_data(w):
    """Records of post A and commune B; see the module docstring."""
    commune = Area.objects.create(code=f"T-X{next(serial)}", name="Xã Ba Sơn", kind="commune", is_border_commune=True)
    w.a.areas.add(commune)
    plan = DocumentType.objects.create(code="ke-hoach", name="Kế hoạch", abbreviation="KH", sort_order=10)
    directive = DocumentType.objects.create(code="chi-thi", name="Chỉ thị", abbreviation="CT", sort_order=5)
    topic = OutreachTopic.objects.create(code="luat-bien-phong", name="Luật Biên phòng Việt Nam")
    language = EthnicLanguage.objects.create(code="tay", name="Tày")
    agreement = Agreement.objects.create(
        number="05-QC/TU", title="Quy chế phối hợp thử", owner=w.province, status="in_force", valid_from=D(2021, 6, 15)
    )
    agreement.parties.set([w.province, w.a])
    clauses = [
        Clause.objects.create(agreement=agreement, number=n, title=f"Điều thử {n}", content="") for n in (1, 2, 3)
    ]
    data = SimpleNamespace(commune=commune, plan=plan, directive=directive, agreement=agreement, clauses=clauses)

    # Coordination work: A, B, a secret set in A, and A's records of the same period last year.
    add_work(w, w.a, commune, plan, topic, language, clause=clauses[0])
    add_work(w, w.b, commune, directive, topic, language, clause=clauses[2])
    data.secret_doc = add_work(
        w, w.a, commune, directive, topic, language, clause=clauses[1], classification=Classification.SECRET
    )
    Document.objects.create(
        owner=w.a, doc_type=plan, subject="Kế hoạch năm trước", issuing_body="Đồn", signed_on=D(2024, 3, 1)
    )
    late = make_task(w, lead=w.a, deadline=D(2024, 5, 1))
    finish(late, D(2024, 5, 10), False)

    # Border: A's markers (one damaged after an inspection with a follow-up task), B's marker, patrols.
    data.markers = [make_marker(w.a, commune=commune) for _ in range(3)]
    make_marker(w.b, commune=commune)
    damaged = data.markers[0]
    follow_up = make_task(w, assigner=w.a, lead=w.a, deadline=D(2025, 3, 20), title="Khắc phục mốc")
    Inspection.objects.create(
        marker=damaged, inspected_on=D(2025, 3, 5), inspecting_unit=w.a, condition="damaged", follow_up_task=follow_up
    )
    Inspection.objects.create(
        marker=data.markers[1], inspected_on=D(2025, 3, 6), inspecting_unit=w.a, condition="intact"
    )
    Marker.objects.filter(pk=damaged.pk).update(condition="damaged", last_inspected_on=D(2025, 3, 5))
    Marker.objects.filter(pk=data.markers[1].pk).update(last_inspected_on=D(2025, 3, 6))
    for post, day, guards in ((w.a, D(2025, 2, 1), 6), (w.a, D(2024, 2, 1), 4), (w.b, D(2025, 2, 1), 9)):
        Patrol.objects.create(
            post=post, kind="joint", started_at=at(day), ended_at=at(day, 15), border_guards=guards, militia=2, people=3
        )

    # Programmes: one of the province with A and B taking part; records of A (and B) with personal data.
    programme = programs.make_programme(w.province, participants=[w.a, w.b], start_date=D(2024, 1, 1))
    data.indicator = programs.make_indicator(programme, code="DT", unit="ha", decimals=1, deadline_days=5)
    programs.make_target(data.indicator, year=2025, organisation=w.a, value=Decimal("100"))
    programs.make_target(data.indicator, year=2025, value=Decimal("300"))
    for org, value, submitted in ((w.a, "12.5", D(2025, 2, 3)), (w.b, "20", D(2025, 2, 20))):
        PeriodicFigure.objects.create(
            indicator=data.indicator,
            organisation=org,
            period_type="month",
            period_start=D(2025, 1, 1),
            value=Decimal(value),
            status=FigureStatus.APPROVED,
            submitted_at=at(submitted),
        )
    programs.make_forest_plot(w.a, commune, programme=programme, year_planted=2025, planted_on=D(2025, 4, 1))
    programs.make_forest_plot(w.b, commune, programme=programme, year_planted=2025, planted_on=D(2025, 4, 1))
    house = programs.make_house(
        w.a,
        commune,
        programme=programme,
        status=HouseStatus.HANDED_OVER,
        start_date=D(2025, 1, 5),
        handover_date=D(2025, 5, 19),
    )
    programs.make_household(house, head_name="Hoàng Văn Bí Mật")
    programs.make_resettlement(w.a, commune, programme=programme, date=D(2025, 3, 1))
    sponsorship = programs.make_sponsorship(w.a, commune, programme=programme, start_date=D(2025, 2, 1))
    programs.make_child(sponsorship, full_name="Lường Thị Riêng Tư")

    # Movements of A (and B).
    places = SimpleNamespace(
        ba_son=commune,
        khon_po=Area.objects.create(name="Thôn Khòn Pổ", kind="village", parent=commune),
        tet=Occasion.objects.create(code="tet", name="Tết Nguyên đán", sort_order=10),
    )
    make_team(w.a, places, markers=data.markers[:2], founded_on=D(2020, 1, 1))
    make_team(w.b, places)
    make_event(w.a, places, held_on=D(2025, 2, 2))
    make_event(w.b, places, held_on=D(2025, 2, 2))
    twinning = make_twinning(w.a, places)
    TwinningActivity.objects.create(
        twinning=twinning,
        held_on=D(2025, 4, 1),
        description="Giúp dân gặt lúa",
        participants_count=30,
        value_vnd=Decimal("5000000"),
    )
    make_visit(w.a, places, held_on=D(2025, 1, 25))
    make_visit(w.a, places, held_on=D(2024, 2, 5))
    make_visit(w.b, places, held_on=D(2025, 1, 25))
    return data


def rendered_text(content: SectionContent) -> str:
    cells = [str(cell) for table in content.tables for row in table.rows for cell in row]
    headers = [str(h) for table in content.tables for h in [table.title, *table.headers]]
    return "\n".join([content.heading, *content.paragraphs, *headers, *cells])


class ProseTests(SimpleTestCase):
    def test_vietnamese_numbers_and_percentages(self):
        with translation.override("vi"):
            self.assertEqual(prose.number(Decimal("3840.5"), 1), "3.840,5")
            self.assertEqual(prose.number(Decimal("3840.50"), 2), "3.840,5")
            self.assertEqual(prose.number(12), "12")
            self.assertEqual(prose.number(1234567), "1.234.567")
            self.assertEqual(prose.number(None), "—")
            self.assertEqual(prose.percent_text(15), "15,0%")
            self.assertEqual(prose.percent_text(prose.percent(2, 3)), "66,7%")
        self.assertIsNone(prose.percent(1, 0))
        self.assertEqual(prose.decimal_str(96.30000000000001), "96.3")
        self.assertEqual(prose.decimal_str(Decimal("12.00")), "12")
        self.assertEqual(prose.date_text("2026-01-05"), "05/01/2026")

    def test_comparison_with_the_same_period(self):
        with translation.override("en"):
            self.assertEqual(prose.change(92, 80), "up 12 (15,0%) on the same period last year")
            self.assertEqual(prose.change(12, 15), "down 3 (20,0%) on the same period last year")
            self.assertEqual(prose.change(5, 5), "the same as the same period last year")
            # a zero or missing baseline gives no "up 919" and no percentage
            self.assertEqual(prose.change(5, 0), "no figures for the previous period")
            self.assertEqual(prose.change(0, 0), "no figures for the previous period")
            self.assertEqual(prose.rate_change(70, None), "no figures for the previous period")
            # twice the baseline or more is a multiple, not "up 32 (3.200,0%)"
            self.assertEqual(prose.change(33, 1), "up 32 (33 times the same period last year)")
            self.assertEqual(prose.change(25, 10), "up 15 (2,5 times the same period last year)")
            self.assertEqual(prose.change(19, 10), "up 9 (90,0%) on the same period last year")
            self.assertEqual(prose.rate_change(70, 65.5), "up 4,5 percentage points on the same period last year")
            # a review of several years is compared with the previous period of the same length
            with prose.comparing_with("previous_period"):
                self.assertEqual(prose.change(92, 80), "up 12 (15,0%) on the previous period")
                self.assertEqual(prose.change(20, 10), "up 10 (2 times the previous period)")
                self.assertEqual(prose.rate_change(60, 65.5), "down 5,5 percentage points on the previous period")
            self.assertEqual(prose.join(["a", "b", "c"]), "a, b and c")
        with translation.override("vi"):
            self.assertIn("12 (15,0%)", prose.change(92, 80))
            self.assertEqual(prose.change(33, 1), "tăng 32 (gấp 33 lần cùng kỳ năm trước)")

    def test_articles_without_activity_are_grouped_by_regulation(self):
        section = get_section("agreements")
        agreements = [{"id": n, "number": f"0{n}-QC"} for n in range(1, 8)]
        detail = [{"agreement": a["id"], "number": k, "total": 0} for a in agreements for k in (1, 2)]
        detail.append({"agreement": 1, "number": 3, "total": 4})
        with translation.override("en"):
            [text] = section.shortcomings(None, {"agreements": agreements, "detail": detail})
            self.assertEqual(
                text,
                "14 articles of the regulations recorded no coordination activity in the period (regulation 01-QC: "
                "Article 1 and Article 2; regulation 02-QC: Article 1 and Article 2; regulation 03-QC: Article 1 and "
                "Article 2; regulation 04-QC: Article 1 and Article 2; regulation 05-QC: Article 1 and Article 2 and "
                "2 other regulations).",
            )
            ten = [dict(detail[0], number=n) for n in range(10)]
            one = {"agreements": agreements[:1], "detail": ten}
            [text] = section.shortcomings(None, one)
            self.assertTrue(text.startswith("10 articles of the regulation recorded"), text)
            self.assertTrue(text.endswith("Article 7 and 2 other articles)."), text)

    def test_comparison_periods(self):
        from phoihop.reports.sections import comparison_period

        # a year, six months, a quarter: the same period of the previous year
        self.assertEqual(comparison_period(D(2025, 1, 1), D(2025, 12, 31)), (D(2024, 1, 1), D(2024, 12, 31)))
        self.assertEqual(comparison_period(D(2025, 7, 1), D(2025, 9, 30)), (D(2024, 7, 1), D(2024, 9, 30)))
        # five years of a regulation: the five years before, not overlapping it
        self.assertEqual(comparison_period(D(2021, 6, 15), D(2026, 6, 14)), (D(2016, 6, 15), D(2021, 6, 14)))

    def test_lists_of_counts(self):
        rows = [{"name": "Nghị quyết", "count": 4}, {"name": "Kế hoạch", "count": 0}, {"name": "Chỉ thị", "count": 7}]
        with translation.override("en"):
            self.assertEqual(prose.counted(rows), "7 chỉ thị and 4 nghị quyết")
        self.assertEqual(prose.lower_first("ĐBP Pò Mã"), "ĐBP Pò Mã")


class RegistryTests(SimpleTestCase):
    def test_every_module_registers_its_sections_in_report_order(self):
        keys = [section.key for section in all_sections()]
        self.assertEqual([key for key in keys if key in KEYS], KEYS)
        for key in KEYS:
            self.assertTrue(str(get_section(key).title))


class EverySectionTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = build_data(cls.world)
        cls.empty = Organisation.objects.create(
            name="Đảng ủy xã Mới", code="T-C", kind=cls.world.kind, parent=cls.world.province
        )

    def test_figures_are_json_and_render_prose_and_tables(self):
        ctx = context(self.world.p_admin, self.world.a)
        for key in KEYS:
            section = get_section(key)
            with self.subTest(key=key):
                self.assertTrue(section.applies(ctx))
                figures = section.compute(ctx)
                self.assertEqual(json.loads(json.dumps(figures)), figures)  # plain JSON, stored as a snapshot
                with translation.override("vi"):
                    content = section.render(ctx, figures)
                self.assertEqual(content.key, key)
                self.assertTrue(content.paragraphs and all(p.strip() for p in content.paragraphs))
                for table in content.tables:
                    self.assertIsInstance(table, AnnexTable)
                    for row in table.rows:
                        self.assertEqual(len(row), len(table.headers))
                        for index in table.numeric_columns:
                            self.assertIsInstance(row[index], int | float | Decimal | type(None))

    def test_empty_scope(self):
        ctx = context(self.world.p_admin, self.empty)
        applying = {key for key in KEYS if get_section(key).applies(ctx)}
        self.assertEqual(applying, {"organisations", "agreements", "documents", "dissemination", "outreach", "tasks"})
        for key in KEYS:  # a section that does not apply still renders something sensible if asked
            with self.subTest(key=key), translation.override("en"):
                section = get_section(key)
                content = section.render(ctx, section.compute(ctx))
                self.assertTrue(content.paragraphs)
        with translation.override("en"):
            text = get_section("tasks").render(ctx, get_section("tasks").compute(ctx)).paragraphs[0]
        self.assertEqual(text, "In the period, no task fell due.")

    def test_a_report_for_post_a_holds_only_its_subtree(self):
        w = self.world

        def figures(*organisations):
            ctx = context(w.p_admin, *organisations)
            return {key: get_section(key).compute(ctx) for key in KEYS}

        of_a, of_province = figures(w.a), figures(w.province)
        # More of everything for commune B (the province user sees it): A's report does not change …
        places = SimpleNamespace(ba_son=self.data.commune, tet=Occasion.objects.get(code="tet"))
        topic, language = OutreachTopic.objects.get(), EthnicLanguage.objects.get()
        add_work(w, w.b, self.data.commune, self.data.plan, topic, language, clause=self.data.clauses[0])
        make_marker(w.b, commune=self.data.commune)
        Patrol.objects.create(post=w.b, kind="patrol", started_at=at(D(2025, 3, 1)), ended_at=at(D(2025, 3, 1), 12))
        programs.make_forest_plot(w.b, self.data.commune, year_planted=2025, planted_on=D(2025, 5, 1))
        make_event(w.b, places, held_on=D(2025, 3, 3))
        make_visit(w.b, places, held_on=D(2025, 2, 2))
        self.assertEqual(figures(w.a), of_a)
        # … while the province's does, in every section that counts such records.
        changed = {key for key, value in figures(w.province).items() if value != of_province[key]}
        expected = {"agreements", "documents", "dissemination", "outreach", "tasks", "markers", "patrols"}
        self.assertEqual(changed, expected | {"programmes", "movements"})

    def test_no_personal_data(self):
        ctx = context(self.world.superuser, self.world.province)
        for key in KEYS:
            section = get_section(key)
            figures = section.compute(ctx)
            text = json.dumps(figures, ensure_ascii=False) + rendered_text(section.render(ctx, figures))
            self.assertNotIn("Bí Mật", text)
            self.assertNotIn("Riêng Tư", text)

    def test_query_count_does_not_grow_with_rows(self):
        w = self.world
        user = w.p_admin

        def queries():
            counts = {}
            for key in KEYS:
                ctx = context(user, w.a)
                with CaptureQueriesContext(connection) as captured:
                    get_section(key).compute(ctx)
                counts[key] = len(captured)
            return counts

        queries()  # warm the user's membership and sharing caches
        before = queries()
        # More rows of every kind in A's scope: other types, topics, units, markers, programmes …
        other_type = DocumentType.objects.create(code="thong-bao", name="Thông báo")
        other_topic = OutreachTopic.objects.create(code="nghi-dinh-thu", name="Nghị định thư 2009")
        other_language = EthnicLanguage.objects.create(code="nung", name="Nùng")
        add_work(w, w.a1, self.data.commune, other_type, other_topic, other_language, clause=self.data.clauses[2])
        for _ in range(3):
            make_marker(w.a1, commune=self.data.commune)
        Patrol.objects.create(post=w.a1, kind="patrol", started_at=at(D(2025, 3, 1)), ended_at=at(D(2025, 3, 1), 12))
        programme = programs.make_programme(w.a, participants=[w.a1], start_date=D(2025, 1, 1))
        programs.make_target(programs.make_indicator(programme, period_type="quarter"), year=2025)
        programs.make_house(w.a1, self.data.commune, status=HouseStatus.BUILDING)
        make_visit(
            w.a1,
            SimpleNamespace(ba_son=self.data.commune, tet=Occasion.objects.get(code="tet")),
            held_on=D(2025, 2, 1),
            occasion=Occasion.objects.create(code="qk", name="Quốc khánh"),
        )
        self.assertEqual(queries(), before)
