from django.conf import settings
from django.utils import translation
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication, TokenAuthentication


def needs_second_factor(user, request) -> bool:
    """True when this signed-in session has not passed the second factor it owes."""
    from django_otp import user_has_device

    if getattr(user, "is_verified", lambda: True)():
        return False
    if user_has_device(user, confirmed=True):
        return True
    return bool(settings.REQUIRE_2FA_FOR_ADMINS and (user.is_superuser or user.is_org_admin))


def activate_user_language(request, result):
    """Answer in the authenticated user's chosen language, as UserLanguageMiddleware does for pages: with a token
    the user is known only once DRF authenticates, after the middleware has run."""
    if result is not None and getattr(result[0], "language", ""):
        translation.activate(result[0].language)
        request._request.LANGUAGE_CODE = result[0].language
    return result


class UserLanguageTokenAuthentication(TokenAuthentication):
    """DRF's token authentication; the API then speaks the token user's language."""

    def authenticate(self, request):
        return activate_user_language(request, super().authenticate(request))


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session counts for the API only once the second factor is passed, as for pages."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_second_factor(result[0], request):
            return None
        return activate_user_language(request, result)


class VerifiedSessionScheme(SessionScheme):
    """Documents the session authentication in the OpenAPI schema (drf-spectacular extension)."""

    target_class = VerifiedSessionAuthentication
