from django.conf import settings
from django.utils.functional import SimpleLazyObject


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)

    def unread():
        from phoihop.work.views.notifications import unread_count

        return unread_count(user)

    return {
        "PHOIHOP_PRODUCTION": not settings.DEBUG and getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False),
        "nav_is_admin": bool(signed_in and (user.is_superuser or user.is_org_admin)),
        # lazy: the count query runs only on pages that show the badge
        "nav_unread_notifications": SimpleLazyObject(unread) if signed_in else 0,
    }
