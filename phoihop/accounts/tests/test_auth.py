from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from phoihop.accounts.models import User
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import PASSWORD


class TestLogin(WorldMixin, TestCase):
    def test_login_page_is_vietnamese_by_default(self):
        response = self.client.get(reverse("accounts:login"))
        self.assertContains(response, '<html lang="vi">')
        self.assertContains(response, "Đăng nhập")

    def test_login_and_home_shows_scope(self):
        response = self.client.post(reverse("accounts:login"), {"username": "a_reporter", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        home = self.client.get("/")
        self.assertContains(home, "Đồn Biên phòng Ba Sơn")
        self.assertContains(home, 'data-testid="counts"')
        # the post sees 2 organisations (itself and its cell), the province would see 4
        self.assertEqual(home.context["scope_size"], 2)

    def test_passwords_are_hashed_with_argon2(self):
        from django.contrib.auth.hashers import make_password

        with self.settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
            self.assertTrue(make_password("x" * 12).startswith("argon2"))

    @override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
    def test_repeated_failures_lock_the_account(self):
        for _ in range(3):
            self.client.post(reverse("accounts:login"), {"username": "a_viewer", "password": "wrong"})
        response = self.client.post(reverse("accounts:login"), {"username": "a_viewer", "password": PASSWORD})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, 'data-testid="locked"', status_code=429)


class TestTwoFactor(WorldMixin, TestCase):
    def confirm_device(self, user):
        device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
        return device

    def test_user_with_device_must_enter_code(self):
        device = self.confirm_device(self.world.a_viewer)
        self.client.post(reverse("accounts:login"), {"username": "a_viewer", "password": PASSWORD})
        response = self.client.get("/")
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:otp_verify"), response["Location"])
        bad = self.client.post(reverse("accounts:otp_verify"), {"token": "000000"})
        self.assertEqual(bad.status_code, 400)
        # django-otp throttles after a failure; a real user waits, the test resets it.
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
        device.refresh_from_db()
        token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        ok = self.client.post(reverse("accounts:otp_verify") + "?next=/", {"token": token})
        self.assertEqual(ok.status_code, 302)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_api_session_needs_the_second_factor_too(self):
        device = self.confirm_device(self.world.a_viewer)
        self.client.post(reverse("accounts:login"), {"username": "a_viewer", "password": PASSWORD})
        self.assertEqual(self.client.get("/api/orgs/organisations/").status_code, 401)
        token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        self.client.post(reverse("accounts:otp_verify"), {"token": token})
        self.assertEqual(self.client.get("/api/orgs/organisations/").status_code, 200)

    def test_api_token_authentication(self):
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=self.world.a_viewer)
        response = self.client.get("/api/orgs/organisations/", HTTP_AUTHORIZATION=f"Token {token.key}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual({row["code"] for row in response.json()["results"]}, {"T-A", "T-A1"})
        bad = self.client.get("/api/orgs/organisations/", HTTP_AUTHORIZATION="Token nope")
        self.assertEqual(bad.status_code, 401)

    @override_settings(REQUIRE_2FA_FOR_ADMINS=True)
    def test_admins_must_set_up_two_factor_in_production(self):
        self.client.force_login(self.world.a_admin)
        response = self.client.get("/")
        self.assertRedirects(response, reverse("accounts:otp_setup"), fetch_redirect_response=False)
        self.client.force_login(self.world.a_viewer)
        self.assertEqual(self.client.get("/").status_code, 200)

    def test_setup_confirms_a_device(self):
        self.client.force_login(self.world.a_viewer)
        page = self.client.get(reverse("accounts:otp_setup"))
        self.assertContains(page, "<svg")
        device = TOTPDevice.objects.get(user=self.world.a_viewer, confirmed=False)
        token = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
        response = self.client.post(reverse("accounts:otp_setup"), {"token": token})
        self.assertEqual(response.status_code, 302)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)


class TestLanguage(WorldMixin, TestCase):
    def test_language_choice_is_kept_on_the_user(self):
        self.client.force_login(self.world.a_viewer)
        self.client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
        self.assertEqual(User.objects.get(pk=self.world.a_viewer.pk).language, "en")
        self.client.cookies.clear()
        self.client.force_login(self.world.a_viewer)
        self.assertContains(self.client.get("/"), '<html lang="en">')


class TestUsers(WorldMixin, TestCase):
    def test_outsider_cannot_see_user(self):
        self.client.force_login(self.world.b_admin)
        self.assertEqual(
            self.client.get(reverse("accounts:user_detail", args=[self.world.a_viewer.pk])).status_code, 404
        )
        self.client.force_login(self.world.p_viewer)
        self.assertEqual(
            self.client.get(reverse("accounts:user_detail", args=[self.world.a_viewer.pk])).status_code, 200
        )

    def test_org_admin_creates_user_in_own_subtree_without_clearance(self):
        self.client.force_login(self.world.a_admin)
        data = {
            "username": "newofficer",
            "full_name": "Cán bộ mới",
            "language": "vi",
            "clearance": 3,
            "is_active": "on",
            "password1": "Bien-gioi-2025!x",
            "password2": "Bien-gioi-2025!x",
            "organisation": self.world.a1.pk,
            "role": 20,
        }
        response = self.client.post(reverse("accounts:user_add"), data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        user = User.objects.get(username="newofficer")
        self.assertEqual(user.clearance, 0)
        self.assertTrue(user.memberships.filter(organisation=self.world.a1).exists())
        outside = dict(data, username="other", organisation=self.world.b.pk)
        response = self.client.post(reverse("accounts:user_add"), outside)
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["form"].errors)


class TestUserImport(WorldMixin, TestCase):
    def upload(self, rows):
        import io

        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(["username", "full_name", "email", "organisation", "role"])
        for row in rows:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        buffer.seek(0)
        buffer.name = "users.xlsx"
        return self.client.post(reverse("accounts:user_import"), {"file": buffer}, follow=True)

    def test_import_users_with_first_membership(self):
        self.client.force_login(self.world.a_admin)
        bad = self.upload(
            [
                ["u1", "Lò Văn Một", "", "T-A1", "reporter"],
                ["u2", "Hai", "", "T-B", "cập nhật"],
                ["u3", "Ba", "", "T-A", "chief"],
            ]
        )
        self.assertEqual(bad.context["job"].status, "invalid")
        self.assertEqual(
            sorted((row, field) for row, field, _ in bad.context["errors"]), [(3, "organisation"), (4, "role")]
        )
        self.assertFalse(User.objects.filter(username__in=["u1", "u2", "u3"]).exists())
        ok = self.upload([["u1", "Lò Văn Một", "", "T-A1", "reporter"], ["u3", "Ba", "", "T-A", "Xem"]])
        self.assertEqual(ok.context["job"].status, "previewed", ok.context.get("errors"))
        job = ok.context["job"]
        self.client.post(reverse("accounts:user_import_job", args=[job.pk]), {"confirm": "1"})
        u1 = User.objects.get(username="u1")
        self.assertFalse(u1.has_usable_password())
        self.assertEqual(u1.memberships.get().role, 20)
        self.assertEqual(User.objects.get(username="u3").memberships.get().organisation, self.world.a)

    def test_viewer_cannot_import_users(self):
        self.client.force_login(self.world.a_viewer)
        self.assertEqual(self.client.get(reverse("accounts:user_import")).status_code, 403)


class TestUserList(WorldMixin, TestCase):
    def test_query_count_does_not_grow_and_search_folds(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from phoihop.core.testing.world import make_user

        self.client.force_login(self.world.p_viewer)
        with CaptureQueriesContext(connection) as few:
            self.client.get(reverse("accounts:user_list"))
        for i in range(8):
            make_user(f"extra{i}", self.world.a1)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("accounts:user_list"), {"per_page": 100})
        self.assertEqual(len(few), len(many))
        self.assertIn(self.world.a_viewer.pk, {row.record.pk for row in response.context["table"].paginated_rows})
        self.assertNotIn(self.world.superuser.pk, {row.record.pk for row in response.context["table"].paginated_rows})
        found = self.client.get(reverse("accounts:user_list"), {"q": "A_VIEWER"})
        self.assertEqual({row.record.username for row in found.context["table"].paginated_rows}, {"a_viewer"})
