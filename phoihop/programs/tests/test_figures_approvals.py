"""The approval queue: submitted values of the organisations below the user's, approved in bulk."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.programs.choices import FigureStatus
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.tests.test_figures import WorkflowMixin

URL = "/programs/figures/approvals/"


class TestApprovalQueue(WorkflowMixin, TestCase):
    def listed(self, response):
        return {f.pk for f in response.context["figures"]}

    def test_url_name(self):
        self.assertEqual(reverse("programs:figure_approvals"), URL)

    def test_lists_what_the_user_approves(self):
        w = self.world
        a = self.figure(w.a, status=FigureStatus.SUBMITTED)
        a1 = self.figure(w.a1, status=FigureStatus.SUBMITTED)
        b = self.figure(w.b, status=FigureStatus.SUBMITTED)
        draft = self.figure(w.a1)
        self.login(w.p_admin)
        self.assertEqual(self.listed(self.client.get(URL)), {a.pk, a1.pk, b.pk})
        self.login(w.a_approver)
        self.assertEqual(self.listed(self.client.get(URL)), {a1.pk})
        self.login(w.a_reporter)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.listed(response), set())
        self.assertNotIn(draft.pk, self.listed(response))

    def test_filters(self):
        w = self.world
        early = self.figure(w.a, status=FigureStatus.SUBMITTED)
        late = self.figure(w.b, status=FigureStatus.SUBMITTED)
        self.login(w.p_admin)
        response = self.client.get(URL, {"period_from": late.period_start.strftime("%d/%m/%Y")})
        self.assertEqual(self.listed(response), {late.pk})
        response = self.client.get(URL, {"programme": self.programme.pk})
        self.assertEqual(self.listed(response), {early.pk, late.pk})
        self.assertEqual(self.client.get(URL, {"period_from": "31/02/2025"}).status_code, 400)

    def test_approve_selected(self):
        w = self.world
        mine = [self.figure(w.a1, status=FigureStatus.SUBMITTED) for _ in range(3)]
        own = self.figure(w.a, status=FigureStatus.SUBMITTED)  # A's approver does not approve A's own
        self.login(w.a_approver)
        response = self.client.post(URL, {"figures": [f.pk for f in mine] + [own.pk]})
        self.assertEqual(response.status_code, 302)
        statuses = dict(PeriodicFigure.objects.values_list("pk", "status"))
        self.assertTrue(all(statuses[f.pk] == FigureStatus.APPROVED for f in mine))
        self.assertEqual(statuses[own.pk], FigureStatus.SUBMITTED)
        self.assertEqual(self.client.post(URL, {}).status_code, 302)  # nothing selected: a message

    def test_query_count_does_not_grow_with_rows(self):
        w = self.world
        self.login(w.p_admin)
        for _ in range(2):
            self.figure(w.a, status=FigureStatus.SUBMITTED, submitted_by=w.a_reporter)
        self.client.get(URL)
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL)
        for _ in range(8):
            self.figure(w.b, status=FigureStatus.SUBMITTED, submitted_by=w.a_reporter)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(URL)
        self.assertEqual(len(self.listed(response)), 10)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])

    def test_bulk_approval_query_count_does_not_grow(self):
        w = self.world
        self.login(w.p_admin)
        warm = self.figure(w.a, status=FigureStatus.SUBMITTED)
        self.client.post(URL, {"figures": [warm.pk]})
        few = [self.figure(w.a, status=FigureStatus.SUBMITTED) for _ in range(2)]
        many = [self.figure(w.b, status=FigureStatus.SUBMITTED) for _ in range(8)]
        with CaptureQueriesContext(connection) as a:
            self.client.post(URL, {"figures": [f.pk for f in few]})
        with CaptureQueriesContext(connection) as b:
            self.client.post(URL, {"figures": [f.pk for f in many]})
        self.assertEqual(PeriodicFigure.objects.filter(status=FigureStatus.APPROVED).count(), 11)
        self.assertEqual(len(a), len(b), [q["sql"] for q in b.captured_queries])


class TestImplausibleValues(WorkflowMixin, TestCase):
    """A value ten times its peers' (3.840,5 ha beside ~650) is flagged in the queue and on its page, and is not
    approved in one click: the approver confirms having checked it."""

    def setUp(self):
        from decimal import Decimal

        from phoihop.programs.tests.test_figures import month

        w = self.world
        self.period = month(90)
        self.peers = [
            self.figure(org, status=FigureStatus.APPROVED, period_start=self.period, value=Decimal(value))
            for org, value in ((w.a, "650"), (w.b, "640"))
        ]
        self.odd = self.figure(w.a1, status=FigureStatus.SUBMITTED, period_start=self.period, value=Decimal("3840.5"))
        self.plain = self.figure(w.a1, status=FigureStatus.SUBMITTED, value=Decimal("12.5"))

    def test_the_queue_flags_it_and_bulk_approval_asks_for_the_check(self):
        w = self.world
        self.login(w.p_admin)
        page = self.client.get(URL)
        self.assertContains(page, 'data-testid="outlier"', count=1)
        self.assertContains(page, "645")  # the peers' median, 645,0
        refused = self.client.post(URL, {"figures": [self.odd.pk, self.plain.pk]}, follow=True)
        self.assertContains(refused, 'data-testid="confirm-outliers"')  # back to the queue, with the tick to give
        self.assertContains(refused, "alert-danger")
        statuses = dict(PeriodicFigure.objects.values_list("pk", "status"))
        self.assertEqual((statuses[self.odd.pk], statuses[self.plain.pk]), (FigureStatus.SUBMITTED,) * 2)
        self.client.post(URL, {"figures": [self.odd.pk, self.plain.pk], "confirmed": "1"})
        statuses = dict(PeriodicFigure.objects.values_list("pk", "status"))
        self.assertEqual((statuses[self.odd.pk], statuses[self.plain.pk]), (FigureStatus.APPROVED,) * 2)

    def test_the_value_page_asks_before_approving(self):
        w = self.world
        self.login(w.p_admin)
        url = reverse("programs:figure_action", args=[self.odd.pk, "approve"])
        asked = self.client.post(url)
        self.assertContains(asked, 'data-testid="approve-warning"')
        self.odd.refresh_from_db()
        self.assertEqual(self.odd.status, FigureStatus.SUBMITTED)
        self.client.post(url, {"confirmed": "1"})
        self.odd.refresh_from_db()
        self.assertEqual(self.odd.status, FigureStatus.APPROVED)
        plain = self.client.post(reverse("programs:figure_action", args=[self.plain.pk, "approve"]))
        self.assertEqual(plain.status_code, 302)  # nothing odd: approved at once

    def test_the_api_asks_for_the_check_too(self):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        url = f"/api/programs/figures/{self.odd.pk}/approve/"
        refused = api.post(url, {}, format="json")
        self.assertEqual(refused.status_code, 400, refused.content)
        self.assertIn("645", refused.json()["confirmed"][0])
        bulk = api.post("/api/programs/figures/approve-bulk/", {"ids": [self.odd.pk, self.plain.pk]}, format="json")
        self.assertEqual(bulk.status_code, 400)
        self.assertEqual(len(bulk.json()["confirmed"]), 1)
        statuses = dict(PeriodicFigure.objects.values_list("pk", "status"))
        self.assertEqual((statuses[self.odd.pk], statuses[self.plain.pk]), (FigureStatus.SUBMITTED,) * 2)
        self.assertEqual(api.post(url, {"confirmed": True}, format="json").status_code, 200)
        self.odd.refresh_from_db()
        self.assertEqual(self.odd.status, FigureStatus.APPROVED)
        plain = api.post(f"/api/programs/figures/{self.plain.pk}/approve/", {}, format="json")
        self.assertEqual(plain.status_code, 200)
