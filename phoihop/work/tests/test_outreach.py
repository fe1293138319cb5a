import datetime
import io
import itertools
from types import SimpleNamespace

import openpyxl
import tablib
from django.test import TestCase
from django.urls import reverse

from phoihop.core.importexport import run_import
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import agreement_in_force
from phoihop.orgs.models import Agreement, Area, Clause
from phoihop.work.forms.outreach import OutreachSessionForm, OutreachSessionResource
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic

counter = itertools.count(1)


def build_outreach_data():
    """Communes and villages of the deployment province (code 20), one commune elsewhere, topics, languages."""
    province, _ = Area.objects.get_or_create(code="20", defaults={"name": "Lạng Sơn", "kind": "province"})
    elsewhere, _ = Area.objects.get_or_create(code="11", defaults={"name": "Cao Bằng", "kind": "province"})
    data = SimpleNamespace(
        province=province,
        thuy_hung=Area.objects.create(
            code="T20001", name="Thụy Hùng", kind="commune", parent=province, is_border_commune=True
        ),
        na_sam=Area.objects.create(code="T20002", name="Na Sầm", kind="commune", parent=province),
        ba_son=Area.objects.create(code="T20003", name="Ba Sơn", kind="commune", parent=province),
        abolished=Area.objects.create(
            code="T20004", name="Xã cũ", kind="commune", parent=province, valid_to=datetime.date(2025, 6, 30)
        ),
        foreign=Area.objects.create(code="T11001", name="Trà Lĩnh", kind="commune", parent=elsewhere),
        topic=OutreachTopic.objects.create(code="moc-gioi", name="Kết quả phân giới cắm mốc"),
        topic_law=OutreachTopic.objects.create(code="luat-bien-phong", name="Luật Biên phòng Việt Nam"),
        tay=EthnicLanguage.objects.create(code="tay", name="Tày"),
        nung=EthnicLanguage.objects.create(code="nung", name="Nùng"),
    )
    data.na_lan = Area.objects.create(name="Bản Nà Lạn", kind="village", parent=data.thuy_hung)
    data.khon_pat = Area.objects.create(name="Khòn Pát", kind="village", parent=data.na_sam)
    return data


class OutreachRecord:
    model = OutreachSession

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = build_outreach_data()
        # the post and the commune coordinate under an agreement in force: each may name the other
        agreement_in_force(cls.world.a, cls.world.a, cls.world.b)

    def make_record(self, owner, organisers=None, languages=None, commune=None, **kwargs):
        n = next(counter)
        kwargs.setdefault("held_on", datetime.date(2025, 7, 1))
        kwargs.setdefault("audience", 40 + n)
        session = OutreachSession.objects.create(
            owner=owner, commune=commune or self.data.thuy_hung, note=f"Buổi tuyên truyền số {n}", **kwargs
        )
        session.organisers.set(organisers or [owner])
        session.topics.set([self.data.topic])
        session.languages.set(languages or [self.data.tay])
        return session

    def form_data(self, owner):
        return {
            "owner": owner.pk,
            "organisers": [owner.pk],
            "held_on": "01/07/2025",
            "commune": self.data.thuy_hung.pk,
            "village": self.data.na_lan.pk,
            "topics": [self.data.topic.pk],
            "languages": [self.data.tay.pk, self.data.nung.pk],
            "audience": 120,
            "materials": "Tờ gấp Luật Biên phòng",
            "materials_count": 50,
            "note": f"Tuyên truyền tại nhà văn hóa, lần {next(counter)}",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["village"] = self.data.khon_pat.pk  # a village of another commune
        return data, "village"

    def export_keys(self, obj):
        return [obj.note]


class TestOutreachSessionViews(OutreachRecord, RecordViewTests, TestCase):
    def test_an_organiser_reads_but_only_the_owner_edits(self):
        session = self.make_record(self.world.a, organisers=[self.world.a, self.world.b])
        self.login(self.world.b_admin)  # an organiser, not the owner
        self.assertEqual(self.client.get(self.url("detail", session)).status_code, 200)
        self.assertIn(session.pk, self.listed_pks(self.client.get(self.url("list"))))
        self.assertEqual(self.client.get(self.url("edit", session)).status_code, 403)
        self.assertEqual(
            self.client.post(self.url("edit", session), self.edit_data(session, self.world.a)).status_code, 403
        )
        self.assertEqual(self.client.post(self.url("delete", session)).status_code, 403)

    def test_an_outsider_gets_404(self):
        session = self.make_record(self.world.a, organisers=[self.world.a, self.world.province])
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", session)).status_code, 404)
        self.assertNotIn(session.pk, self.listed_pks(self.client.get(self.url("list"))))

    def test_the_owner_is_always_an_organiser_and_dates_are_day_first(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["organisers"] = [self.world.b.pk]  # a commune's party committee co-organises; the owner is missing
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 302)
        session = OutreachSession.objects.get(note=data["note"])
        self.assertEqual(set(session.organisers.all()), {self.world.a, self.world.b})
        self.assertEqual(session.held_on, datetime.date(2025, 7, 1))  # 01/07/2025 is 1 July
        self.assertEqual(set(session.languages.all()), {self.data.tay, self.data.nung})
        data = self.form_data(self.world.a)
        data.pop("organisers")
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        self.assertEqual(list(OutreachSession.objects.get(note=data["note"]).organisers.all()), [self.world.a])

    def test_a_reporter_records_only_for_their_own_organisation(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), self.form_data(self.world.b))
        self.assertEqual(response.status_code, 400)
        self.assertIn("owner", response.context["form"].errors)

    def test_commune_choices_are_local_communes_border_first(self):
        form = OutreachSessionForm(user=self.world.a_reporter)
        communes = list(form.fields["commune"].queryset)
        self.assertEqual(communes[0], self.data.thuy_hung)  # the border commune comes first
        self.assertIn(self.data.na_sam, communes)
        for absent in (self.data.foreign, self.data.na_lan, self.data.province, self.data.abolished):
            self.assertNotIn(absent, communes)
        # A session recorded in a commune abolished since keeps it among its choices.
        session = self.make_record(self.world.a, commune=self.data.abolished)
        form = OutreachSessionForm(instance=session, user=self.world.a_reporter)
        self.assertIn(self.data.abolished, list(form.fields["commune"].queryset))

    def test_search_by_commune_name_without_diacritics(self):
        found = self.make_record(self.world.a)
        other = self.make_record(self.world.a, commune=self.data.na_sam)
        self.login(self.world.a_viewer)
        pks = self.listed_pks(self.client.get(self.url("list"), {"q": "thuy hung"}))
        self.assertIn(found.pk, pks)
        self.assertNotIn(other.pk, pks)

    def test_filters(self):
        with_b = self.make_record(self.world.a, organisers=[self.world.a, self.world.b], audience=300)
        nung = self.make_record(
            self.world.a, languages=[self.data.nung], commune=self.data.na_sam, held_on=datetime.date(2025, 3, 2)
        )
        plain = self.make_record(self.world.a, audience=10)
        self.login(self.world.p_viewer)  # the organiser drop-down lists only organisations the user may see

        def listed(**params):
            response = self.client.get(self.url("list"), params)
            self.assertEqual(response.status_code, 200)
            return self.listed_pks(response)

        self.assertEqual(listed(organiser=self.world.b.pk), {with_b.pk})
        self.assertEqual(listed(language=self.data.nung.pk), {nung.pk})
        self.assertEqual(listed(commune=self.data.na_sam.pk), {nung.pk})
        self.assertEqual(listed(held_from="01/03/2025", held_to="31/03/2025"), {nung.pk})
        self.assertEqual(listed(audience_min=200), {with_b.pk})
        self.assertEqual(listed(topic=self.data.topic.pk), {with_b.pk, nung.pk, plain.pk})

    def test_clause_filter_serves_the_agreement_page_links(self):
        agreement = Agreement.objects.create(number="01-QC/TU", title="Quy chế phối hợp", owner=self.world.a)
        agreement.parties.set([self.world.a, self.world.b])
        clause = Clause.objects.create(agreement=agreement, number=4, title="Phối hợp tuyên truyền")
        linked = self.make_record(self.world.a, clause=clause)
        self.make_record(self.world.a)
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("orgs:agreement_detail", args=[agreement.pk]))
        link = f"{self.url('list')}?clause={clause.pk}"
        self.assertContains(response, link)
        self.assertEqual(self.listed_pks(self.client.get(link)), {linked.pk})

    def test_audience_prints_the_vietnamese_way(self):
        self.make_record(self.world.a, audience=1200)
        self.login(self.world.a_viewer)
        self.assertContains(self.client.get(self.url("list")), "1.200")

    def test_export_writes_codes_and_day_first_dates(self):
        session = self.make_record(self.world.a, languages=[self.data.tay, self.data.nung])
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"), {"export": "xlsx"})
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
        header, row = rows[0], next(r for r in rows[1:] if session.note in r)
        values = dict(zip(header, row, strict=True))  # headed in Vietnamese (``column_labels``)
        self.assertEqual(values["Ngày tổ chức"], datetime.datetime(2025, 7, 1))  # a real date, shown 01/07/2025
        self.assertEqual(set(values["Mã ngôn ngữ"].split(",")), {"tay", "nung"})
        self.assertEqual(values["Mã chủ đề"], "moc-gioi")
        self.assertEqual(values["Mã xã"], "T20001")


class TestOutreachImport(OutreachRecord, WorldMixin, TestCase):
    def dataset(self, **overrides):
        row = {
            "id": "",
            "held_on": "01/07/2025",
            "owner": "T-A",
            "organisers": "T-B",
            "commune": "T20001",
            "village": "bản nà lạn",
            "topics": "moc-gioi, luat-bien-phong",
            "languages": "tay,nung",
            "audience": "85",
            "materials": "Tờ gấp",
            "materials_count": "30",
            "note": "Nhập từ bảng tính",
        }
        row.update(overrides)
        return tablib.Dataset(list(row.values()), headers=list(row.keys()))

    def test_import_reads_codes_lists_and_dates(self):
        resource = OutreachSessionResource(user=self.world.a_reporter)
        result, errors = run_import(resource, self.dataset(village="Bản Nà Lạn"), dry_run=False)
        self.assertEqual(errors, [])
        session = OutreachSession.objects.get(note="Nhập từ bảng tính")
        self.assertEqual(session.held_on, datetime.date(2025, 7, 1))
        self.assertEqual(session.village, self.data.na_lan)
        self.assertEqual(set(session.topics.all()), {self.data.topic, self.data.topic_law})
        self.assertEqual(set(session.languages.all()), {self.data.tay, self.data.nung})
        self.assertEqual(set(session.organisers.all()), {self.world.a, self.world.b})  # the owner is added

    def test_bad_rows_are_reported_and_nothing_is_imported(self):
        resource = OutreachSessionResource(user=self.world.a_reporter)
        for overrides, field in (
            ({"topics": "moc-gioi,khong-co"}, "khong-co"),
            ({"owner": "T-B"}, "T-B"),  # not an organisation the importer may record for
            ({"village": "Khòn Pát"}, "Khòn Pát"),  # a village of another commune
            ({"held_on": "31/02/2025"}, "31/02/2025"),
        ):
            _, errors = run_import(resource, self.dataset(**overrides), dry_run=False)
            self.assertTrue(errors, overrides)
            self.assertIn(field, " ".join(str(e) for e in errors))
        self.assertFalse(OutreachSession.all_objects.exists())


class TestOutreachSessionAPI(OutreachRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/outreach-sessions/"

    def api_data(self, owner):
        return {
            "owner": owner.pk,
            "organisers": [self.world.b.pk],
            "held_on": "01/07/2025",
            "commune": self.data.thuy_hung.pk,
            "topics": [self.data.topic.pk],
            "languages": [self.data.tay.pk],
            "audience": 75,
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["village"] = self.data.khon_pat.pk
        return data, "village"

    def test_the_owner_is_added_and_organisers_only_read(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, self.api_data(self.world.a), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual(set(body["organisers"]), {self.world.a.pk, self.world.b.pk})
        self.assertEqual(body["held_on"], "2025-07-01")
        self.as_user(self.world.b_admin)
        detail = f"{self.endpoint}{body['id']}/"
        self.assertEqual(self.api.get(detail).status_code, 200)
        self.assertEqual(
            self.api.patch(detail, {"version": body["version"], "audience": 1}, format="json").status_code, 403
        )


class TopicRecord:
    model = OutreachTopic

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return OutreachTopic.objects.create(code=f"chu-de-{n}", name=f"Chủ đề {n}", **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"nghi-dinh-{n}", "name": f"Nghị định về khu vực biên giới {n}", "sort_order": n}

    def invalid_form_data(self, owner):
        return {"code": "", "name": "Không có mã", "sort_order": 1}, "code"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.code]


class TestOutreachTopicViews(TopicRecord, RecordViewTests, TestCase):
    def test_only_superusers_edit_the_list(self):
        self.login(self.world.p_admin)
        self.assertEqual(self.client.get(self.url("add")).status_code, 403)


class TestOutreachTopicAPI(TopicRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/outreach-topics/"


class LanguageRecord:
    model = EthnicLanguage

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return EthnicLanguage.objects.create(code=f"ngu-{n}", name=f"Ngôn ngữ {n}", **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"san-chay-{n}", "name": "Sán Chay", "sort_order": n}

    def invalid_form_data(self, owner):
        return {"code": "tiếng tày!", "name": "Tày", "sort_order": 1}, "code"

    api_data = form_data
    invalid_api_data = invalid_form_data


class TestEthnicLanguageViews(LanguageRecord, RecordViewTests, TestCase):
    pass


class TestEthnicLanguageAPI(LanguageRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/languages/"


class TestOutreachPagesLinkTogether(OutreachRecord, WorldMixin, TestCase):
    def test_list_and_detail_pages_render(self):
        session = self.make_record(self.world.a, organisers=[self.world.a, self.world.b])
        self.client.force_login(self.world.a_reporter)
        response = self.client.get(reverse("work:outreachsession_list"))
        self.assertContains(response, session.get_absolute_url())
        response = self.client.get(session.get_absolute_url())
        self.assertContains(response, "Thụy Hùng")
        self.assertContains(response, reverse("work:outreachsession_edit", args=[session.pk]))
        self.assertEqual(self.client.get(reverse("work:outreachsession_add")).status_code, 200)
        self.assertEqual(self.client.get(reverse("work:outreachsession_import")).status_code, 200)
