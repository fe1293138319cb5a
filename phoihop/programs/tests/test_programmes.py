import itertools
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import agreement_in_force
from phoihop.programs.choices import HouseStatus
from phoihop.programs.models import FundingSource, Indicator, IndicatorTarget, Programme, ProgrammeBudget
from phoihop.programs.tests.factories import (
    make_budget,
    make_child,
    make_commune,
    make_forest_plot,
    make_funding_source,
    make_house,
    make_household,
    make_indicator,
    make_programme,
    make_resettlement,
    make_sponsorship,
    make_target,
)

counter = itertools.count(1)


class FundingSourceRecord:
    model = FundingSource

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return FundingSource.objects.create(code=f"nguon-{n}", name=f"Nguồn {n}", **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"ngan-sach-{n}", "name": f"Ngân sách tỉnh {n}", "sort_order": n}

    def invalid_form_data(self, owner):
        return {"code": "ngân sách!", "name": "Sai mã", "sort_order": 1}, "code"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.code]


class TestFundingSourceViews(FundingSourceRecord, RecordViewTests, TestCase):
    def test_only_superusers_edit_the_list(self):
        self.login(self.world.p_admin)
        self.assertEqual(self.client.get(self.url("add")).status_code, 403)
        self.assertEqual(self.client.get(self.url("list")).status_code, 200)


class TestFundingSourceAPI(FundingSourceRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/funding-sources/"


class ProgrammeRecord:
    model = Programme

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # the post and the commune coordinate under an agreement in force: each may name the other a participant
        agreement_in_force(cls.world.a, cls.world.a, cls.world.b)

    def make_record(self, owner, **kwargs):
        return make_programme(owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "code": f"DA-{n}",
            "name": f"Dự án trồng rừng phòng hộ biên giới {n}",
            "owner": owner.pk,
            "participants": [self.world.a1.pk, self.world.b.pk],
            "start_date": "01/07/2025",
            "end_date": "31/12/2030",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["end_date"] = "01/01/2020"
        return data, "end_date"

    def export_keys(self, obj):
        return [obj.code]


class TestProgrammeViews(ProgrammeRecord, RecordViewTests, TestCase):
    def test_participants_read_but_do_not_edit(self):
        programme = make_programme(self.world.province, participants=[self.world.b])
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", programme)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", programme)).status_code, 403)

    def test_dates_are_read_day_first(self):
        self.login(self.editor)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        programme = Programme.objects.get(code=data["code"])
        self.assertEqual((programme.start_date.day, programme.start_date.month), (1, 7))
        self.assertEqual(set(programme.participants.all()), {self.world.a1, self.world.b})


class TestProgrammeAPI(ProgrammeRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/programmes/"

    def api_data(self, owner):
        n = next(counter)
        return {"code": f"API-{n}", "name": f"Chương trình {n}", "owner": owner.pk, "start_date": "2025-01-01"}

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["end_date"] = "2024-01-01"
        return data, "end_date"


class BudgetRecord:
    model = ProgrammeBudget

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.source = make_funding_source("trung-uong", "Ngân sách trung ương")

    def make_record(self, owner, **kwargs):
        return make_budget(make_programme(owner), self.source, **kwargs)

    def form_data(self, owner):
        return {
            "programme": make_programme(owner).pk,
            "source": self.source.pk,
            "year": 2025,
            "amount": "1.500.000.000",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["amount"] = "nhiều"
        return data, "amount"


class TestBudgetViews(BudgetRecord, RecordViewTests, TestCase):
    def test_participants_cannot_add_budget_lines(self):
        programme = make_programme(self.world.province, participants=[self.world.a])
        self.login(self.world.a_approver)
        data = {**self.form_data(self.world.a), "programme": programme.pk}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("programme", response.context["form"].errors)

    def test_amount_in_vietnamese_format(self):
        self.login(self.editor)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        self.assertEqual(ProgrammeBudget.objects.get(programme=data["programme"]).amount, Decimal("1500000000"))


class TestBudgetAPI(BudgetRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/budgets/"

    def api_data(self, owner):
        return {"programme": make_programme(owner).pk, "source": self.source.pk, "amount": "250000000"}

    def invalid_api_data(self, owner):
        return {"programme": make_programme(owner).pk, "source": self.source.pk, "amount": "x"}, "amount"


class IndicatorRecord:
    model = Indicator

    def make_record(self, owner, **kwargs):
        return make_indicator(make_programme(owner), **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "programme": make_programme(owner).pk,
            "code": f"RUNG-{n}",
            "name": "Diện tích rừng trồng mới",
            "unit": "ha",
            "source": "forest_area",
            "period_type": "quarter",
            "aggregation": "sum",
            "decimals": 2,
            "deadline_days": 5,
            "sort_order": 10,
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["period_type"] = "week"
        return data, "period_type"

    api_data = form_data
    invalid_api_data = invalid_form_data


class TestIndicatorViews(IndicatorRecord, RecordViewTests, TestCase):
    def test_code_is_unique_within_the_programme(self):
        indicator = self.make_record(self.world.a)
        self.login(self.editor)
        data = {**self.form_data(self.world.a), "programme": indicator.programme_id, "code": indicator.code}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)


class TestIndicatorAPI(IndicatorRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/indicators/"


class TargetRecord:
    model = IndicatorTarget

    def make_record(self, owner, **kwargs):
        return make_target(make_indicator(make_programme(owner)), **kwargs)

    def form_data(self, owner):
        return {"indicator": make_indicator(make_programme(owner)).pk, "year": 2026, "value": "3.840,5"}

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["value"] = ""
        return data, "value"

    def api_data(self, owner):
        return {"indicator": make_indicator(make_programme(owner)).pk, "year": 2026, "value": "3840.5"}

    def invalid_api_data(self, owner):
        return {"indicator": make_indicator(make_programme(owner)).pk, "year": 2026, "value": "abc"}, "value"


class TestTargetViews(TargetRecord, RecordViewTests, TestCase):
    def test_add_from_a_programme_lists_its_indicators(self):
        programme = make_programme(self.world.a)
        mine = make_indicator(programme)
        other = make_indicator(make_programme(self.world.a))
        self.login(self.editor)
        response = self.client.get(self.url("add"), {"programme": programme.pk})
        choices = set(response.context["form"].fields["indicator"].queryset)
        self.assertEqual(choices, {mine})
        self.assertNotIn(other, choices)

    def test_one_programme_wide_target_per_year(self):
        target = self.make_record(self.world.a)
        self.login(self.editor)
        data = {"indicator": target.indicator_id, "year": target.year, "value": "1"}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 400)


class TestTargetAPI(TargetRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/targets/"


class TestProgrammeDetail(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.commune = make_commune("T20801", "Thụy Hùng")
        cls.programme = make_programme(w.a, investor=w.province, participants=[w.a1])
        central = make_funding_source("trung-uong", "Ngân sách trung ương")
        local = make_funding_source("dia-phuong", "Ngân sách địa phương")
        make_budget(cls.programme, central, year=2025, amount=Decimal("2000000000"))
        make_budget(cls.programme, central, year=2026, amount=Decimal("1000000000"))
        make_budget(cls.programme, local, amount=Decimal("500000000"))
        cls.indicator = make_indicator(cls.programme, code="RUNG", name="Rừng trồng", unit="ha", source="forest_area")
        make_target(cls.indicator, year=2025, value=Decimal("120"))
        make_target(cls.indicator, year=2026, value=Decimal("150"))
        make_forest_plot(w.a, cls.commune, programme=cls.programme, area_ha=Decimal("3840.50"), households_contracted=7)
        make_forest_plot(w.a1, cls.commune, programme=cls.programme, area_ha=Decimal("10.25"))
        make_forest_plot(w.b, cls.commune, programme=cls.programme, area_ha=Decimal("99"))  # outside A's scope
        house = make_house(w.a, cls.commune, programme=cls.programme, status=HouseStatus.BUILDING)
        make_household(house, head_name="Hoàng Văn Bí Mật")
        make_house(w.a, cls.commune, programme=cls.programme, funding=[(central, "60000000"), (local, "20000000")])
        make_resettlement(w.a, cls.commune, programme=cls.programme, households=4, people=17)
        sponsorship = make_sponsorship(w.a, programme=cls.programme, monthly_support=Decimal("500000"))
        make_child(sponsorship, full_name="Lường Thị Kín")
        make_sponsorship(w.a, programme=cls.programme, monthly_support=Decimal("700000"))

    def test_detail_shows_budgets_indicators_targets_and_totals(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("programs:programme_detail", args=[self.programme.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["budget_total"], Decimal("3500000000"))
        self.assertContains(response, 'data-amount="3500000000"')
        records = response.context["records"]
        self.assertEqual(records["forest"]["plots"], 2)
        self.assertEqual(records["forest"]["area"], Decimal("3850.75"))
        self.assertContains(response, "3.850,75")  # Vietnamese number format
        self.assertEqual(records["houses"]["total"], 2)
        self.assertEqual(records["houses"]["cost"], Decimal("80000000"))
        self.assertEqual(records["resettlement"]["people"], 17)
        self.assertEqual(records["sponsorship"]["children"], 2)
        self.assertEqual(records["sponsorship"]["monthly"], Decimal("1200000"))
        self.assertContains(response, 'data-stat="houses-building">1<')
        self.assertEqual([t.year for t in response.context["targets"]], [2025, 2026])
        self.assertContains(response, self.indicator.name)
        # totals come without the people behind them
        self.assertNotContains(response, "Hoàng Văn Bí Mật")
        self.assertNotContains(response, "Lường Thị Kín")
        # a viewer may not add budget lines, indicators or targets
        self.assertEqual(response.context["add_links"], {})

    def test_owner_approver_gets_prefilled_add_links(self):
        self.login(self.world.a_approver)
        response = self.client.get(reverse("programs:programme_detail", args=[self.programme.pk]))
        links = response.context["add_links"]
        self.assertEqual(links["budget"], f"{reverse('programs:programmebudget_add')}?programme={self.programme.pk}")
        self.assertIn(f"?programme={self.programme.pk}", links["indicator"])
        add = self.client.get(links["budget"])
        self.assertEqual(add.context["form"]["programme"].value(), str(self.programme.pk))

    def test_participant_sees_only_totals_of_its_own_scope(self):
        self.login(self.world.p_viewer)  # the province sees every organisation's records
        response = self.client.get(reverse("programs:programme_detail", args=[self.programme.pk]))
        self.assertEqual(response.context["records"]["forest"]["plots"], 3)
