"""The personal-data access log (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15, Nghị định 356/2025): every page, export
and API call that reads a record of people's personal data is logged, with who, when, what, how and why; the
purpose is asked once per session; the log is read by the organisation's admins for their subtree only."""

import io
from urllib.parse import parse_qs, urlparse

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from phoihop.accounts.models import Membership
from phoihop.audit.choices import AccessAction, Purpose
from phoihop.audit.models import PersonalDataAccess
from phoihop.audit.personal_data import SESSION_KEY
from phoihop.audit.services import personal_data_access_record
from phoihop.core.access import forget
from phoihop.core.models import BackgroundExport
from phoihop.core.testing.views import WorldMixin, state_purpose
from phoihop.core.testing.world import make_user
from phoihop.programs.models import Household, SponsoredChild
from phoihop.programs.tests.factories import make_child, make_commune, make_house, make_household, make_sponsorship
from phoihop.security.models import CaseSubjectIdentity
from phoihop.security.tests.factories import make_case, make_identity

HEAD = "Hoàng Văn Riêng Tư"


def logged(**filters):
    return list(PersonalDataAccess.objects.filter(**filters).order_by("id"))


class PersonalDataMixin(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Membership.objects.update(personal_data=True)
        cls.commune = make_commune("T20961", "Bảo Lâm")
        cls.house = make_house(cls.world.a, cls.commune)
        cls.household = make_household(cls.house, head_name=HEAD, identity_number="001203004568")

    def page(self, name, *args, **params):
        return self.client.get(reverse(f"programs:{name}", args=args), params)


class TestPagesAreLogged(PersonalDataMixin, TestCase):
    def setUp(self):
        self.login(self.world.a_reporter)  # a purpose stated: "reporting"

    def test_detail_edit_history_and_delete_pages(self):
        for name, action in (
            ("household_detail", AccessAction.DETAIL),
            ("household_edit", AccessAction.EDIT),
            ("household_history", AccessAction.HISTORY),
            ("household_delete", AccessAction.DELETE),
        ):
            with self.subTest(name):
                self.assertEqual(self.page(name, self.household.pk).status_code, 200)
                entry = logged(action=action)[-1]
                self.assertEqual(entry.user, self.world.a_reporter)
                self.assertEqual(entry.content_type, ContentType.objects.get_for_model(Household))
                self.assertEqual(entry.object_pk, self.household.pk)
                self.assertEqual(entry.organisation_id, self.world.a.pk)
                self.assertEqual(entry.rows, 1)
                self.assertEqual(entry.purpose, Purpose.REPORTING)
                self.assertLess(abs((timezone.now() - entry.at).total_seconds()), 60)
                # a label the organisation's admins may read: the record's type and number, not the person
                self.assertEqual(entry.label, f"Hộ gia đình #{self.household.pk} · Nhà #{self.house.pk}")
                self.assertNotIn("Riêng Tư", entry.label)

    def test_a_post_writes_nothing_more(self):
        before = PersonalDataAccess.objects.count()
        data = {"house": self.house.pk, "head_name": HEAD, "version": self.household.version}
        self.assertEqual(
            self.client.post(reverse("programs:household_edit", args=[self.household.pk]), data).status_code, 302
        )
        self.assertEqual(PersonalDataAccess.objects.count(), before)

    def test_a_list_page_is_one_entry_per_organisation_with_its_rows_and_filter(self):
        for n in range(3):
            make_household(make_house(self.world.a, self.commune), head_name=f"Vi Văn Hộ {n}")
        cell = make_household(make_house(self.world.a1, self.commune), head_name="Vi Văn Hộ ở chi bộ")
        response = self.page("household_list", q="vi van", per_page=50)
        self.assertEqual(response.status_code, 200)
        entries = logged(action=AccessAction.LIST)
        self.assertEqual({e.organisation_id: e.rows for e in entries}, {self.world.a.pk: 3, self.world.a1.pk: 1})
        for entry in entries:
            self.assertIsNone(entry.object_pk)
            self.assertEqual(parse_qs(entry.query), {"q": ["vi van"], "per_page": ["50"]})
            self.assertEqual(entry.label, "")
        self.assertEqual(next(e for e in entries if e.organisation_id == self.world.a1.pk).object_pks, [cell.pk])
        # the page says it shows personal data, with the purpose and a way to change it
        self.assertContains(response, 'data-testid="personal-data-purpose"')
        self.assertContains(response, 'data-testid="purpose-change"')
        # a list with nothing to show logs nothing
        self.page("household_list", q="khong co ai")
        self.assertEqual(len(logged(action=AccessAction.LIST)), 2)

    def test_the_list_page_query_count_does_not_grow_with_rows(self):
        self.page("household_list")  # warm-up (content types)
        with CaptureQueriesContext(connection) as few:
            self.page("household_list", per_page=100)
        for n in range(12):
            make_household(make_house(self.world.a if n % 2 else self.world.a1, self.commune))
        with CaptureQueriesContext(connection) as many:
            self.page("household_list", per_page=100)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])
        self.assertEqual(sum(e.rows for e in logged(action=AccessAction.LIST)[-2:]), 13)

    def test_an_export_is_logged_with_its_rows_and_format(self):
        make_household(make_house(self.world.a1, self.commune))
        response = self.page("household_list", export="xlsx", q="")
        self.assertEqual(response.status_code, 200)
        entries = logged(action=AccessAction.EXPORT)
        self.assertEqual(
            {(e.organisation_id, e.rows, e.fmt) for e in entries},
            {(self.world.a.pk, 1, "xlsx"), (self.world.a1.pk, 1, "xlsx")},
        )
        self.assertEqual(entries[0].query, "q=")
        self.assertFalse(logged(action=AccessAction.LIST))

    def test_a_background_export_is_logged_with_the_sessions_purpose(self):
        state_purpose(self.client, Purpose.POLICY, "Hỗ trợ nhà ở năm 2026")
        response = self.client.post(
            reverse("core:exports"), {"model": "programs.Household", "query": "q=hoang", "fmt": "csv"}
        )
        self.assertEqual(response.status_code, 302)
        export = BackgroundExport.objects.get(user=self.world.a_reporter)
        self.assertEqual(export.status, "done", export.error)
        (entry,) = logged(action=AccessAction.BACKGROUND_EXPORT)
        self.assertEqual((entry.rows, entry.fmt, entry.query), (1, "csv", "q=hoang"))
        self.assertEqual((entry.purpose, entry.purpose_note), (Purpose.POLICY, "Hỗ trợ nhà ở năm 2026"))
        self.assertIsNone(entry.remote_addr)

    def test_people_shown_on_a_related_records_page(self):
        response = self.page("house_detail", self.house.pk)
        self.assertContains(response, HEAD)
        (entry,) = logged(action=AccessAction.RELATED)
        self.assertEqual((entry.object_pk, entry.purpose), (self.household.pk, Purpose.REPORTING))
        self.assertContains(response, 'data-testid="personal-data-purpose"')
        # before any purpose was given, the reading is logged as "not stated"
        self.client.force_login(self.world.a_viewer)
        self.assertContains(self.page("house_detail", self.house.pk), HEAD)
        self.assertEqual(logged(action=AccessAction.RELATED, user=self.world.a_viewer)[0].purpose, Purpose.NOT_STATED)

    def test_a_cases_page_logs_the_subjects_it_names(self):
        case = make_case(self.world.a, self.commune)
        people = [make_identity(case), make_identity(case)]
        response = self.client.get(reverse("security:case_detail", args=[case.pk]))
        self.assertContains(response, people[0].full_name)
        entries = logged(
            action=AccessAction.RELATED, content_type=ContentType.objects.get_for_model(CaseSubjectIdentity)
        )
        self.assertEqual([e.object_pk for e in entries], [p.pk for p in people])
        self.assertEqual(entries[0].label, f"Nhân thân đối tượng #{people[0].pk} · Vụ việc #{case.pk}")

    def test_pages_of_other_records_log_nothing(self):
        self.page("house_list")
        self.page("sponsorship_list")
        self.assertFalse(PersonalDataAccess.objects.exists())
        self.assertNotContains(self.page("house_list"), 'data-testid="personal-data-purpose"')

    def test_the_remote_address_is_kept_and_a_forged_one_ignored(self):
        self.client.get(reverse("programs:household_detail", args=[self.household.pk]), REMOTE_ADDR="10.1.2.3")
        self.client.get(
            reverse("programs:household_detail", args=[self.household.pk]), headers={"X-Forwarded-For": "<script>"}
        )
        self.assertEqual([e.remote_addr for e in logged(action=AccessAction.DETAIL)], ["10.1.2.3", None])


class TestTheAPIIsLogged(PersonalDataMixin, TestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.world.a_viewer)

    def test_detail_and_list_with_the_stated_purpose(self):
        url = f"/api/programs/households/{self.household.pk}/"
        self.assertEqual(self.api.get(url, headers={"X-Processing-Purpose": "inspection"}).status_code, 200)
        (entry,) = logged(action=AccessAction.API_DETAIL)
        self.assertEqual(
            (entry.object_pk, entry.purpose, entry.user), (self.household.pk, Purpose.INSPECTION, self.world.a_viewer)
        )
        response = self.api.get("/api/programs/households/", {"q": "hoang"})
        self.assertEqual(response.json()["count"], 1)
        (entry,) = logged(action=AccessAction.API_LIST)
        self.assertEqual(
            (entry.rows, entry.object_pks, entry.purpose, entry.query),
            (1, [self.household.pk], Purpose.NOT_STATED, "q=hoang"),
        )

    def test_an_unknown_purpose_answers_400_and_reads_nothing(self):
        response = self.api.get("/api/programs/households/", headers={"X-Processing-Purpose": "curiosity"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("X-Processing-Purpose", response.json())
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_other_readers_are_logged_too(self):
        child = make_child(make_sponsorship(self.world.a, self.commune))
        self.assertEqual(self.api.get(f"/api/programs/sponsored-children/{child.pk}/").status_code, 200)
        case = make_case(self.world.a, self.commune)
        identity = make_identity(case)
        self.assertEqual(self.api.get("/api/security/subject-identities/").status_code, 200)
        self.assertEqual(
            {(e.content_type.model_class(), e.action) for e in PersonalDataAccess.objects.all()},
            {(SponsoredChild, AccessAction.API_DETAIL), (CaseSubjectIdentity, AccessAction.API_LIST)},
        )
        self.assertEqual(logged(action=AccessAction.API_LIST)[0].object_pks, [identity.pk])
        # writes and other record types are not readings of personal data
        self.api.get("/api/programs/houses/")
        self.assertEqual(PersonalDataAccess.objects.count(), 2)

    def test_the_header_is_in_the_schema(self):
        schema = self.api.get("/api/schema/", {"format": "json"}).json()
        for path in (
            "/api/programs/households/",
            "/api/programs/households/{id}/",
            "/api/security/subject-identities/",
        ):
            names = [p["name"] for p in schema["paths"][path]["get"].get("parameters", [])]
            self.assertIn("X-Processing-Purpose", names, path)
        self.assertNotIn(
            "X-Processing-Purpose", [p["name"] for p in schema["paths"]["/api/programs/houses/"]["get"]["parameters"]]
        )
        self.assertIn("X-Processing-Purpose", schema["info"]["description"])


class TestThePurposeIsAskedOncePerSession(PersonalDataMixin, TestCase):
    def test_the_first_page_of_personal_data_asks_why_then_comes_back(self):
        self.client.force_login(self.world.a_reporter)  # no purpose stated yet
        detail = reverse("programs:household_detail", args=[self.household.pk])
        response = self.client.get(detail)
        self.assertEqual(response.status_code, 302)
        location = urlparse(response["Location"])
        self.assertEqual(location.path, reverse("audit:purpose"))
        self.assertEqual(parse_qs(location.query)["next"], [detail])
        self.assertFalse(PersonalDataAccess.objects.exists())  # nothing read yet
        form = self.client.get(response["Location"])
        self.assertContains(form, "Mục đích xử lý dữ liệu cá nhân")
        self.assertContains(form, "Công tác cán bộ")
        self.assertNotContains(form, "Không nêu")  # not a choice a person makes
        # "another purpose" needs its details
        refused = self.client.post(reverse("audit:purpose"), {"purpose": "other", "next": detail})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("note", refused.context["form"].errors)
        back = self.client.post(
            reverse("audit:purpose"), {"purpose": "cadre_work", "note": "Hồ sơ bổ nhiệm", "next": detail}
        )
        self.assertRedirects(back, detail, fetch_redirect_response=False)
        self.assertEqual(self.client.get(detail).status_code, 200)
        (entry,) = logged(action=AccessAction.DETAIL)
        self.assertEqual((entry.purpose, entry.purpose_note), (Purpose.CADRE_WORK, "Hồ sơ bổ nhiệm"))
        # remembered for the session: the list opens straight away, and the user menu offers to change it
        listing = self.page("household_list")
        self.assertEqual(listing.status_code, 200)
        self.assertContains(listing, 'data-testid="nav-purpose"')
        self.assertContains(listing, "Công tác cán bộ — Hồ sơ bổ nhiệm")
        # a new session asks again
        self.client.logout()
        self.client.force_login(self.world.a_reporter)
        self.assertEqual(self.page("household_list").status_code, 302)

    def test_changing_the_purpose(self):
        self.login(self.world.a_reporter)
        form = self.client.get(reverse("audit:purpose"), {"next": "/programs/households/"})
        self.assertEqual(form.context["form"]["purpose"].value(), "reporting")
        self.client.post(reverse("audit:purpose"), {"purpose": "evaluation", "next": "/programs/households/"})
        self.assertEqual(self.client.session[SESSION_KEY], {"code": "evaluation", "note": ""})
        self.page("household_list")
        self.assertEqual(logged(action=AccessAction.LIST)[0].purpose, Purpose.EVALUATION)

    def test_next_never_leaves_the_site(self):
        self.client.force_login(self.world.a_reporter)
        response = self.client.post(reverse("audit:purpose"), {"purpose": "planning", "next": "https://evil.example/"})
        self.assertRedirects(response, reverse("home"), fetch_redirect_response=False)

    def test_lists_exports_and_table_refreshes_ask_too(self):
        self.client.force_login(self.world.a_reporter)
        export = self.page("household_list", export="xlsx", q="hoang")
        self.assertEqual(export.status_code, 302)
        self.assertEqual(parse_qs(urlparse(export["Location"]).query)["next"], ["/programs/households/?q=hoang"])
        fragment = self.client.get(reverse("programs:household_list"), {"q": "x"}, headers={"HX-Request": "true"})
        self.assertTrue(fragment["HX-Redirect"].startswith(reverse("audit:purpose")))
        background = self.client.post(reverse("core:exports"), {"model": "programs.Household", "query": "q=x"})
        self.assertEqual(parse_qs(urlparse(background["Location"]).query)["next"], ["/programs/households/?q=x"])
        self.assertFalse(BackgroundExport.objects.exists())
        self.assertFalse(PersonalDataAccess.objects.exists())

    def test_users_without_the_permission_are_not_asked(self):
        Membership.objects.filter(user=self.world.a_viewer).update(personal_data=False)
        forget(self.world.a_viewer)
        self.client.force_login(self.world.a_viewer)
        response = self.page("household_list")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["total"], 0)
        self.assertEqual(self.page("household_detail", self.household.pk).status_code, 404)
        self.assertFalse(PersonalDataAccess.objects.exists())


class TestTheLogPage(PersonalDataMixin, TestCase):
    """Organisation admins read the log of their subtree (up to their clearance), superusers all of it; viewers and
    outsiders get 404."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.in_a = personal_data_access_record(
            acting_user=w.a_reporter, model=Household, action=AccessAction.DETAIL, records=[cls.household],
            purpose=Purpose.POLICY,
        )[0]  # fmt: skip
        other = make_household(make_house(w.b, cls.commune), head_name="Lò Văn Khác")
        cls.in_b = personal_data_access_record(
            acting_user=w.b_admin, model=Household, action=AccessAction.DETAIL, records=[other]
        )[0]
        secret_case = make_case(w.a, cls.commune, classification=2)
        secret = CaseSubjectIdentity.objects.create(case=secret_case, full_name="")
        cls.secret = personal_data_access_record(
            acting_user=w.a_secret, model=CaseSubjectIdentity, action=AccessAction.DETAIL, records=[secret]
        )[0]
        cls.url = reverse("audit:personaldataaccess_list")

    def listed(self, **params):
        response = self.client.get(self.url, {"per_page": 100, **params})
        self.assertEqual(response.status_code, 200)
        return {row.record.pk for row in response.context["table"].paginated_rows}

    def test_each_admin_reads_their_subtree(self):
        self.assertEqual(self.secret.classification, 2)
        self.login(self.world.a_admin)  # clearance 0
        self.assertEqual(self.listed(), {self.in_a.pk})
        self.login(self.world.a_secret)
        self.assertEqual(self.listed(), {self.in_a.pk, self.secret.pk})
        self.login(self.world.b_admin)
        self.assertEqual(self.listed(), {self.in_b.pk})
        self.login(self.world.p_admin)
        self.assertEqual(self.listed(), {self.in_a.pk, self.in_b.pk})
        self.login(self.world.superuser)
        self.assertEqual(self.listed(), {self.in_a.pk, self.in_b.pk, self.secret.pk})

    def test_viewers_reporters_and_outsiders_get_404(self):
        outsider = make_user("ngoai_cuoc")
        for user in (self.world.a_viewer, self.world.a_reporter, self.world.a_approver, self.world.p_viewer, outsider):
            self.login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404, user)
            self.assertEqual(self.client.get(self.url, {"export": "xlsx"}).status_code, 404, user)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_the_menu_offers_it_to_admins_only(self):
        self.login(self.world.a_admin)
        self.assertContains(self.client.get("/"), 'data-testid="nav-personal-data-access"')
        self.login(self.world.a_viewer)
        self.assertNotContains(self.client.get("/"), 'data-testid="nav-personal-data-access"')

    def test_the_page_shows_who_what_how_and_why_without_the_person(self):
        self.login(self.world.a_admin)
        response = self.client.get(self.url)
        for text in ("A_Reporter", "Đồn Biên phòng Ba Sơn", "Hộ gia đình", f"Hộ gia đình #{self.household.pk}",
                     "Xem trang chi tiết", "Giải quyết chế độ, chính sách"):  # fmt: skip
            self.assertContains(response, text)
        self.assertNotContains(response, HEAD)
        self.assertNotContains(response, "Xuất chạy nền")  # no background export of the log

    def test_filters_and_a_search_without_diacritics(self):
        self.login(self.world.p_admin)
        self.assertEqual(self.listed(q="ba son giai quyet"), {self.in_a.pk})
        self.assertEqual(self.listed(q="dong dang"), {self.in_b.pk})
        self.assertEqual(self.listed(organisation=self.world.a.pk), {self.in_a.pk})
        self.assertEqual(self.listed(user=self.world.b_admin.pk), {self.in_b.pk})
        self.assertEqual(self.listed(action="detail", purpose="policy"), {self.in_a.pk})
        self.assertEqual(self.listed(action="export"), set())
        self.assertEqual(
            self.listed(content_type=ContentType.objects.get_for_model(Household).pk), {self.in_a.pk, self.in_b.pk}
        )
        today = timezone.localdate().strftime("%d/%m/%Y")
        self.assertEqual(self.listed(date_from=today, date_to=today), {self.in_a.pk, self.in_b.pk})
        self.assertEqual(self.listed(date_to="01/01/2020"), set())
        # the record types offered are those holding personal data
        form = self.client.get(self.url).context["filter_form"]
        types = {ct.model_class() for ct in form.fields["content_type"].queryset}
        self.assertIn(Household, types)
        self.assertNotIn(PersonalDataAccess, types)
        self.assertTrue(all(model.access_personal_data for model in types))

    def test_the_excel_export(self):
        self.login(self.world.a_admin)
        response = self.client.get(self.url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        for label in (
            "Thời điểm truy cập",
            "Người dùng",
            "Đơn vị",
            "Loại bản ghi",
            "Hình thức truy cập",
            "Mục đích xử lý",
        ):
            self.assertIn(label, header)
        rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["Loại bản ghi"], "Hộ gia đình")
        self.assertEqual(rows[0]["Mục đích xử lý"], "Giải quyết chế độ, chính sách")
        self.assertEqual(rows[0]["Đơn vị"], "Đồn Biên phòng Ba Sơn")

    def test_the_log_list_query_count_is_flat(self):
        self.login(self.world.p_admin)
        self.client.get(self.url)  # warm-up
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url, {"per_page": 100})
        households = [make_household(make_house(self.world.a, self.commune)) for _ in range(6)]
        for user in (self.world.a_reporter, self.world.a_viewer, self.world.p_admin):
            personal_data_access_record(
                acting_user=user, model=Household, action=AccessAction.DETAIL, records=households
            )
            personal_data_access_record(acting_user=user, model=Household, action=AccessAction.LIST, records=households)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(self.url, {"per_page": 100})
        self.assertEqual(response.context["total"], 2 + 3 * 7)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])

    def test_the_log_is_kept(self):
        entry = PersonalDataAccess.objects.get(pk=self.in_a.pk)
        entry.purpose = Purpose.OTHER
        with self.assertRaises(PermissionDenied):
            entry.save()
        with self.assertRaises(PermissionDenied):
            entry.delete()
        with self.assertRaises(PermissionDenied):
            PersonalDataAccess.objects.filter(pk=entry.pk).update(purpose=Purpose.OTHER)
        with self.assertRaises(PermissionDenied):
            PersonalDataAccess.objects.all().delete()
        # and no one may add, change or delete it through the gate
        for action in ("add", "change", "delete"):
            self.assertFalse(PersonalDataAccess.objects.restrict(self.world.superuser, action).exists())
        self.assertEqual(PersonalDataAccess.objects.get(pk=entry.pk).purpose, Purpose.POLICY)
