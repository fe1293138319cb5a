import datetime
import itertools

from django.test import TestCase
from django.urls import reverse

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.views.generic import url_or_none
from phoihop.orgs.models import Agreement
from phoihop.work.choices import TaskStatus
from phoihop.work.models import Conclusion, ReviewConference, Task
from phoihop.work.tests.factories import make_task

counter = itertools.count(1)


def make_agreement(owner, parties):
    n = next(counter)
    agreement = Agreement.objects.create(number=f"{n}-QC/TU", title=f"Quy chế phối hợp {n}", owner=owner)
    agreement.parties.set(parties)
    return agreement


def make_conference(owner, parties=None, **kwargs):
    # The province is a party of every agreement here: it is outside post A's and commune B's subtrees, so each
    # test world user still sees only the conferences of their own organisation.
    agreement = make_agreement(owner, parties or [owner, owner.parent])
    kwargs.setdefault("held_on", datetime.date(2025, 12, 15))
    return ReviewConference.objects.create(agreement=agreement, summary=f"Hội nghị sơ kết {next(counter)}", **kwargs)


class ConferenceRecord:
    model = ReviewConference

    def make_record(self, owner, **kwargs):
        return make_conference(owner, **kwargs)

    def form_data(self, owner):
        agreement = make_agreement(owner, [owner, self.world.province])
        n = next(counter)
        return {
            "agreement": agreement.pk,
            "kind": "interim",
            "held_on": "01/07/2025",
            "level": "Cấp tỉnh",
            "period_from": "01/01/2025",
            "period_to": "30/06/2025",
            "participants_count": 80 + n,
            "participants": "Các đồn Biên phòng, Đảng ủy các xã biên giới",
            "summary": f"Sơ kết 6 tháng đầu năm, lần {n}",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["period_to"] = "31/12/2024"  # before period_from
        return data, "period_to"


class TestReviewConferenceViews(ConferenceRecord, RecordViewTests, TestCase):
    def test_parties_read_but_only_the_owner_edits(self):
        conference = make_conference(self.world.a, [self.world.a, self.world.b])
        self.login(self.world.b_admin)  # a party, not the owner
        self.assertEqual(self.client.get(self.url("detail", conference)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", conference)).status_code, 403)

    def test_agreement_choices_are_agreements_the_user_maintains(self):
        theirs = make_agreement(self.world.b, [self.world.a, self.world.b])  # post A is only a party
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["agreement"] = theirs.pk
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("agreement", response.context["form"].errors)

    def test_dates_are_day_first(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        conference = ReviewConference.objects.get(summary=data["summary"])
        self.assertEqual(conference.held_on, datetime.date(2025, 7, 1))  # 01/07/2025 is 1 July


class TestReviewConferenceAPI(ConferenceRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/conferences/"

    def api_data(self, owner):
        agreement = make_agreement(owner, [owner, self.world.province])
        return {"agreement": agreement.pk, "kind": "final", "held_on": "01/07/2025", "participants_count": 120}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "kind": "nonsense"}, "kind"


class ConclusionRecord:
    model = Conclusion

    def make_record(self, owner, **kwargs):
        conference = make_conference(owner)
        return Conclusion.objects.create(conference=conference, number=1, text=f"Kết luận {next(counter)}", **kwargs)

    def form_data(self, owner):
        conference = make_conference(owner)
        return {"conference": conference.pk, "number": 1, "text": f"Tăng cường tuần tra song phương {next(counter)}"}

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "text": ""}, "text"

    def export_keys(self, obj):
        return [obj.text]


class TestConclusionViews(ConclusionRecord, RecordViewTests, TestCase):
    def test_number_is_unique_within_a_conference(self):
        existing = self.make_record(self.world.a)
        self.login(self.world.a_reporter)
        data = {"conference": existing.conference_id, "number": existing.number, "text": "Trùng số"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)

    def test_conference_choices_are_conferences_the_user_maintains(self):
        theirs = make_conference(self.world.b, [self.world.a, self.world.b])
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), {"conference": theirs.pk, "number": 1, "text": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("conference", response.context["form"].errors)


class TestConclusionAPI(ConclusionRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/conclusions/"

    def api_data(self, owner):
        return self.form_data(owner)

    def invalid_api_data(self, owner):
        return self.invalid_form_data(owner)


class TestMakeATask(WorldMixin, TestCase):
    def setUp(self):
        self.conference = make_conference(self.world.a, [self.world.a, self.world.b, self.world.province])
        self.conclusion = Conclusion.objects.create(
            conference=self.conference, number=1, text="Phối hợp tuyên truyền Luật Biên phòng tại các xã biên giới"
        )
        self.url = reverse("work:conclusion_make_task", args=[self.conclusion.pk])

    def data(self, **overrides):
        return {
            "lead": self.world.b.pk,
            "coordinating": [self.world.a.pk, self.world.province.pk],
            "deadline": "01/07/2026",
            **overrides,
        }

    def test_make_a_task_in_one_step(self):
        self.client.force_login(self.world.a_reporter)
        response = self.client.post(self.url, self.data())
        task = Task.objects.get(conclusion=self.conclusion)
        self.assertEqual(response.status_code, 302)
        self.assertIn(str(task.pk), response["Location"])
        expected = url_or_none(Task, "detail", pk=task.pk) or self.conference.get_absolute_url()
        self.assertEqual(response["Location"], expected)
        self.assertEqual(task.source_kind, "conclusion")
        self.assertEqual(task.assigned_by_org, self.world.a)
        self.assertEqual(task.deadline, datetime.date(2026, 7, 1))  # 01/07/2026 is 1 July
        self.assertEqual(task.lead_unit().organisation, self.world.b)
        coordinating = {u.organisation for u in task.units.filter(role="coordinating")}
        self.assertEqual(coordinating, {self.world.a, self.world.province})
        # The conclusion now links to its task, on the conference page and on its own page.
        for page in (self.conference.get_absolute_url(), self.conclusion.get_absolute_url()):
            response = self.client.get(page)
            self.assertContains(response, task.title[:40])
            if task.get_absolute_url():
                self.assertContains(response, task.get_absolute_url())

    def test_the_lead_must_be_a_party(self):
        other = self.world.a1  # post A's party cell: not a party of the agreement
        self.client.force_login(self.world.a_reporter)
        response = self.client.post(self.url, self.data(lead=other.pk))
        self.assertEqual(response.status_code, 400)
        self.assertIn("lead", response.context["form"].errors)
        response = self.client.post(self.url, self.data(coordinating=[other.pk]))
        self.assertEqual(response.status_code, 400)
        self.assertIn("coordinating", response.context["form"].errors)
        response = self.client.post(self.url, self.data(deadline="31/02/2026"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("deadline", response.context["form"].errors)
        self.assertFalse(Task.objects.exists())

    def test_the_lead_is_not_also_coordinating(self):
        self.client.force_login(self.world.a_reporter)
        self.client.post(self.url, self.data(coordinating=[self.world.b.pk, self.world.a.pk]))
        task = Task.objects.get(conclusion=self.conclusion)
        self.assertEqual([u.organisation for u in task.units.filter(role="coordinating")], [self.world.a])

    def test_who_may_make_a_task(self):
        self.client.force_login(self.world.a_viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.client.force_login(self.world.b_admin)  # a party reads the conclusion, but the owner assigns
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        private = make_conference(self.world.a, [self.world.a, self.world.province])
        conclusion = Conclusion.objects.create(conference=private, number=1, text="Nội bộ")
        response = self.client.post(reverse("work:conclusion_make_task", args=[conclusion.pk]), self.data())
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Task.objects.exists())
        self.client.force_login(self.world.a_reporter)
        self.assertContains(self.client.get(self.url), 'data-testid="make-task-form"')

    def test_conference_page_lists_conclusions_and_the_form_only_for_editors(self):
        self.client.force_login(self.world.a_reporter)
        response = self.client.get(self.conference.get_absolute_url())
        self.assertContains(response, self.conclusion.text)
        self.assertContains(response, self.url)
        self.assertContains(response, f"{reverse('work:conclusion_add')}?conference={self.conference.pk}&amp;number=2")
        self.client.force_login(self.world.b_admin)
        response = self.client.get(self.conference.get_absolute_url())
        self.assertContains(response, self.conclusion.text)
        self.assertNotContains(response, self.url)

    def test_make_a_task_through_the_api(self):
        endpoint = f"/api/work/conclusions/{self.conclusion.pk}/make-task/"
        self.client.force_login(self.world.b_admin)
        self.assertEqual(self.client.post(endpoint, self.data(), content_type="application/json").status_code, 403)
        self.client.force_login(self.world.a_reporter)
        response = self.client.post(endpoint, self.data(lead=self.world.a1.pk), content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("lead", response.json())
        response = self.client.post(endpoint, self.data(), content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        task = Task.objects.get(pk=response.json()["id"])
        self.assertEqual((task.conclusion, task.lead_unit().organisation), (self.conclusion, self.world.b))


class TestOpenConclusions(WorldMixin, TestCase):
    """Phần II of a review report lists the conference conclusions not yet carried out."""

    def test_conclusions_without_a_finished_task_are_listed(self):
        from phoihop.core.scope import Scope
        from phoihop.work.selectors import open_conclusions

        w = self.world
        conference = make_conference(w.a)
        untouched = Conclusion.objects.create(conference=conference, number=1, text="Tăng cường tuần tra chung.")
        finished = Conclusion.objects.create(conference=conference, number=2, text="Rà soát mốc.")
        open_one = Conclusion.objects.create(conference=conference, number=3, text="Tuyên truyền Luật Biên phòng.")
        done = make_task(w, lead=w.a, conclusion=finished)
        Task.objects.filter(pk=done.pk).update(status=TaskStatus.DONE)
        make_task(w, lead=w.a, conclusion=open_one)
        scope = Scope(user=w.a_viewer, organisations=[w.a], end=datetime.date(2026, 1, 31))
        self.assertEqual([row["number"] for row in open_conclusions(scope)], [untouched.number, open_one.number])
        # a conference held after the end of the period owes nothing yet
        self.assertEqual(
            open_conclusions(Scope(user=w.a_viewer, organisations=[w.a], end=datetime.date(2025, 12, 1))), []
        )
        # an outsider's scope holds none of them
        self.assertEqual(
            open_conclusions(Scope(user=w.b_admin, organisations=[w.b], end=datetime.date(2026, 1, 31))), []
        )
