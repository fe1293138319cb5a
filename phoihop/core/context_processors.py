from django.conf import settings


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "PHOIHOP_PRODUCTION": not settings.DEBUG and getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False),
        "nav_is_admin": bool(user and user.is_authenticated and (user.is_superuser or user.is_org_admin)),
    }
