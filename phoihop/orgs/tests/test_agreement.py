import itertools

from django.test import TestCase
from django.urls import reverse

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Agreement, Clause, SharingRule
from tests.testapp.models import SecretNote

counter = itertools.count(1)


def make_agreement(owner, parties, **kwargs):
    n = next(counter)
    agreement = Agreement.objects.create(number=f"{n}-QC/TU", title=f"Quy chế phối hợp {n}", owner=owner, **kwargs)
    agreement.parties.set(parties)
    return agreement


class AgreementRecord:
    model = Agreement

    def make_record(self, owner, **kwargs):
        return make_agreement(owner, [owner, self.world.province], **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "number": f"{n}-QC/ĐU",
            "title": "Quy chế phối hợp giữa Đồn và Đảng ủy xã",
            "owner": owner.pk,
            "parties": [owner.pk, self.world.b.pk],
            "signed_on": "15/03/2024",
            "status": "in_force",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["parties"] = [owner.pk]
        return data, "parties"

    def export_keys(self, obj):
        return [obj.number]


class TestAgreementViews(AgreementRecord, RecordViewTests, TestCase):
    def test_parties_read_but_only_the_owner_edits(self):
        agreement = make_agreement(self.world.a, [self.world.a, self.world.b])
        self.login(self.world.b_admin)  # a party, not the owner
        self.assertEqual(self.client.get(self.url("detail", agreement)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", agreement)).status_code, 403)

    def test_renewal_copies_clauses_and_replaces_when_in_force(self):
        agreement = make_agreement(self.world.a, [self.world.a, self.world.b], status="in_force")
        clause = Clause.objects.create(agreement=agreement, number=1, title="Quán triệt nghị quyết")
        clause.responsible.set([self.world.a])
        self.login(self.world.a_reporter)
        response = self.client.post(reverse("orgs:agreement_renew", args=[agreement.pk]), {"number": "02-QC/TU"})
        renewal = Agreement.objects.get(number="02-QC/TU")
        self.assertRedirects(response, renewal.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(renewal.previous, agreement)
        self.assertEqual(set(renewal.parties.all()), {self.world.a, self.world.b})
        copied = renewal.clauses.get()
        self.assertEqual((copied.number, list(copied.responsible.all())), (1, [self.world.a]))
        data = {
            "number": "02-QC/TU",
            "title": renewal.title,
            "owner": self.world.a.pk,
            "parties": [self.world.a.pk, self.world.b.pk],
            "status": "in_force",
            "previous": agreement.pk,
            "version": renewal.version,
        }
        self.assertEqual(self.client.post(self.url("edit", renewal), data).status_code, 302)
        agreement.refresh_from_db()
        self.assertEqual(agreement.status, "replaced")

    def test_sharing_holds_only_while_the_agreement_is_in_force(self):
        note = SecretNote.objects.create(organisation=self.world.b, title="Số liệu xã B")
        agreement = make_agreement(self.world.b, [self.world.a, self.world.b], status="draft")
        SharingRule.objects.create(owner=self.world.b, viewer=self.world.a, mode="full", agreement=agreement)
        self.assertFalse(SecretNote.objects.restrict(self.world.a_viewer).filter(pk=note.pk).exists())
        agreement.status = "in_force"
        agreement.save()
        viewer = type(self.world.a_viewer).objects.get(pk=self.world.a_viewer.pk)
        self.assertTrue(SecretNote.objects.restrict(viewer).filter(pk=note.pk).exists())

    def test_clause_without_activity_is_flagged(self):
        agreement = make_agreement(self.world.a, [self.world.a, self.world.b])
        Clause.objects.create(agreement=agreement, number=1, title="Tuần tra chung")
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("detail", agreement))
        self.assertContains(response, 'data-activity="0"')


class TestAgreementAPI(AgreementRecord, RecordAPITests, TestCase):
    endpoint = "/api/orgs/agreements/"

    def api_data(self, owner):
        return {
            "number": f"{next(counter)}-QC/TU",
            "title": "Quy chế",
            "owner": owner.pk,
            "parties": [owner.pk, self.world.b.pk],
            "valid_from": "01/01/2025",
        }

    def invalid_api_data(self, owner):
        return {"number": "1-QC/TU", "title": "x", "owner": owner.pk, "parties": [owner.pk]}, "parties"


class ClauseRecord:
    model = Clause

    def make_record(self, owner, **kwargs):
        agreement = make_agreement(owner, [owner, self.world.province])
        n = next(counter)
        return Clause.objects.create(agreement=agreement, number=n, title=f"Phối hợp tuyên truyền {n}", **kwargs)

    def form_data(self, owner):
        agreement = make_agreement(owner, [owner, self.world.province])
        return {
            "agreement": agreement.pk,
            "number": 3,
            "title": "Quản lý, bảo vệ hệ thống mốc quốc giới",
            "responsible": [owner.pk],
            "review_frequency": "quarterly",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["responsible"] = [self.world.b.pk]  # not a party
        return data, "responsible"

    def export_keys(self, obj):
        return [obj.title]


class TestClauseViews(ClauseRecord, RecordViewTests, TestCase):
    pass


class TestAgreementListFilters(WorldMixin, TestCase):
    def test_filter_by_party_and_search(self):
        mine = make_agreement(self.world.a, [self.world.a, self.world.b])
        make_agreement(self.world.a, [self.world.a, self.world.province])
        self.client.force_login(make_user("reader", self.world.province))
        response = self.client.get(reverse("orgs:agreement_list"), {"party": self.world.b.pk})
        self.assertEqual({row.record.pk for row in response.context["table"].paginated_rows}, {mine.pk})
        response = self.client.get(reverse("orgs:agreement_list"), {"q": "quy che phoi hop"})
        self.assertEqual(len(response.context["table"].paginated_rows), 2)


class AgreementPeriodViewTests(TestCase):
    """ "Xem theo kỳ" counts the records implementing each clause by their own dates (a task by its deadline), not
    by when they were typed in."""

    @classmethod
    def setUpTestData(cls):
        import datetime

        from phoihop.core.testing.world import build_world
        from phoihop.work.tests.factories import make_task

        cls.world = build_world()
        cls.agreement = make_agreement(cls.world.province, [cls.world.province, cls.world.a])
        cls.clause = Clause.objects.create(agreement=cls.agreement, number=1, title="Điều thử")
        cls.task = make_task(cls.world, deadline=datetime.date(2030, 3, 15), clause=cls.clause)

    def rows(self, **period):
        self.client.force_login(self.world.p_admin)
        response = self.client.get(reverse("orgs:agreement_detail", args=[self.agreement.pk]), period)
        self.assertEqual(response.status_code, 200)
        [(clause, _records, total)] = response.context["clause_rows"]
        return total

    def test_a_task_counts_in_the_period_of_its_deadline(self):
        self.assertEqual(self.rows(date_from="01/03/2030", date_to="31/03/2030"), 1)
        self.assertEqual(self.rows(date_from="01/07/2030", date_to="30/11/2030"), 0)
        self.assertEqual(self.rows(), 1)
