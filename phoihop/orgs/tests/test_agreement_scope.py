"""The scope of an agreement's review (``orgs.selectors.agreement_scope``): the parties' subtrees, except that a
party wider than the agreement's territory counts only its units working there — and the review reports of both
parties give the same figures."""

import datetime

from django.test import TestCase

from phoihop.core.choices import Role
from phoihop.core.testing.world import make_user
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Agreement, Area, Organisation, OrganisationKind
from phoihop.orgs.selectors import agreement_scope, area_closure
from phoihop.reports import sections as registry
from phoihop.reports import services
from phoihop.reports.models import ReportTemplate
from phoihop.reports.tests.test_reports import TaskFiguresSection, make_task

D = datetime.date


class Territory:
    """Province P ⊃ abolished district H (succeeded by communes C1, C2) and commune C3 outside it.

    Border Guard party committee (P) ── Command (P) ── Department (no areas)
                                                    ├── Post X (C1, C3) ── Cell X (no areas)
                                                    └── Post Y (C3)
    Province party committee (P) ── District party committee (H)
                                 └── Commune party committee C1 (C1)
    """

    @classmethod
    def build(cls):
        area = Area.objects.create
        cls.p = area(name="Tỉnh Thử", kind=AreaKind.PROVINCE, code="T99")
        cls.h = area(name="Huyện Thử (đã giải thể)", kind=AreaKind.DISTRICT, parent=cls.p, code="T99-H")
        cls.c1 = area(name="Xã Một", kind=AreaKind.COMMUNE, parent=cls.p, code="T99-1")
        cls.c2 = area(name="Xã Hai", kind=AreaKind.COMMUNE, parent=cls.p, code="T99-2")
        cls.c3 = area(name="Xã Ba", kind=AreaKind.COMMUNE, parent=cls.p, code="T99-3")
        cls.c1.predecessors.add(cls.h)
        cls.c2.predecessors.add(cls.h)
        cls.village = area(name="Thôn Nà", kind=AreaKind.VILLAGE, parent=cls.c2)
        kind = OrganisationKind.objects.create(code="scope_kind", name="Kind")

        def org(code, parent=None, areas=()):
            unit = Organisation.objects.create(name=f"Đơn vị {code}", code=code, kind=kind, parent=parent)
            unit.areas.set(areas)
            return unit

        cls.bg = org("BG", areas=[cls.p])
        cls.command = org("CMD", cls.bg, [cls.p])
        cls.department = org("DEPT", cls.command)
        cls.post_x = org("PX", cls.command, [cls.c1, cls.c3])
        cls.cell_x = org("CX", cls.post_x)
        cls.post_y = org("PY", cls.command, [cls.c3])
        cls.tu = org("TU", areas=[cls.p])
        cls.district = org("HU", cls.tu, [cls.h])
        cls.commune = org("DUX1", cls.tu, [cls.c1])

    @staticmethod
    def agreement(owner, *parties):
        agreement = Agreement.objects.create(number=f"{owner.code}-QC", title="Quy chế phối hợp thử", owner=owner)
        agreement.parties.set(parties)
        return agreement


class TestAgreementScope(Territory, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.build()

    def test_the_territory_of_an_abolished_district_is_its_successors(self):
        self.assertEqual(area_closure({self.h.pk}), {self.h.pk, self.c1.pk, self.c2.pk, self.village.pk})

    def test_a_wider_party_counts_only_its_units_on_the_agreements_territory(self):
        scope = agreement_scope(self.agreement(self.bg, self.bg, self.district))
        self.assertEqual(scope.roots, [self.post_x, self.district])
        self.assertEqual(scope.narrowed, [(self.bg, [self.post_x])])

    def test_parties_of_the_same_territory_keep_their_whole_subtrees(self):
        scope = agreement_scope(self.agreement(self.tu, self.tu, self.bg))
        self.assertEqual(scope.roots, [self.bg, self.tu])
        self.assertEqual(scope.narrowed, [])

    def test_a_party_without_areas_does_not_narrow_anything(self):
        scope = agreement_scope(self.agreement(self.cell_x, self.cell_x, self.commune))
        self.assertEqual(scope.roots, [self.cell_x, self.commune])
        self.assertEqual(scope.narrowed, [])

    def test_a_wider_party_with_no_unit_there_counts_none_of_its_own(self):
        self.post_x.areas.set([self.c3])
        scope = agreement_scope(self.agreement(self.bg, self.bg, self.district))
        self.assertEqual(scope.roots, [self.district])
        self.assertEqual(scope.narrowed, [(self.bg, [])])


class TestDistrictAgreementReview(Territory, TestCase):
    """The review of an agreement between the provincial Border Guard and a district party committee counts the
    district and the posts on its territory — the same figures whoever of the two issues it."""

    @classmethod
    def setUpTestData(cls):
        cls.build()
        cls.bg_reporter = make_user("bg_reporter", cls.bg, Role.REPORTER)
        cls.hu_reporter = make_user("hu_reporter", cls.district, Role.REPORTER)

    def setUp(self):
        from unittest import mock

        patcher = mock.patch.dict(registry._REGISTRY, {TaskFiguresSection.key: TaskFiguresSection}, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        pdf = mock.patch("phoihop.reports.formats.pdf_available", return_value=False)
        pdf.start()
        self.addCleanup(pdf.stop)

    def review(self, user, organisation, agreement):
        with self.captureOnCommitCallbacks(execute=True):
            report = services.report_request(
                acting_user=user,
                organisation=organisation,
                template=ReportTemplate.AGREEMENT_REVIEW,
                agreement=agreement,
                period_start=D(2024, 1, 1),
                period_end=D(2024, 12, 31),
                issued_on=D(2025, 1, 10),
            )
        report.refresh_from_db()
        return report

    def test_both_parties_count_the_district_and_its_posts_only(self):
        agreement = self.agreement(self.bg, self.bg, self.district)
        for owner in (self.district, self.post_x, self.cell_x):
            make_task(owner, D(2024, 6, 1))
        for owner in (self.bg, self.command, self.department, self.post_y):
            make_task(owner, D(2024, 6, 1))  # province-wide or off the territory
        reports = [
            self.review(self.bg_reporter, self.bg, agreement),
            self.review(self.hu_reporter, self.district, agreement),
        ]
        figures = [report.snapshot["sections"][0]["figures"]["total"] for report in reports]
        self.assertEqual(figures, [3, 3])
