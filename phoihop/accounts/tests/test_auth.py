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
