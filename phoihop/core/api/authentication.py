from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication


def needs_second_factor(user, request) -> bool:
    """True when this signed-in session has not passed the second factor it owes."""
    from django_otp import user_has_device

    if getattr(user, "is_verified", lambda: True)():
        return False
    if user_has_device(user, confirmed=True):
        return True
    return bool(settings.REQUIRE_2FA_FOR_ADMINS and (user.is_superuser or user.is_org_admin))


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session counts for the API only once the second factor is passed, as for pages."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_second_factor(result[0], request):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """Documents the session authentication in the OpenAPI schema (drf-spectacular extension)."""

    target_class = VerifiedSessionAuthentication
