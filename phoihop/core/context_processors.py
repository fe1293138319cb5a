from django.conf import settings
from django.utils.functional import SimpleLazyObject


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)

    def unread():
        from phoihop.work.views.notifications import unread_count

        return unread_count(user)

    from phoihop.audit import personal_data

    shown = bool(signed_in and getattr(request, "personal_data_shown", False))
    return {
        "PHOIHOP_PRODUCTION": not settings.DEBUG and getattr(settings, "REQUIRE_2FA_FOR_ADMINS", False),
        "nav_is_admin": bool(signed_in and (user.is_superuser or user.is_org_admin)),
        # lazy: the count query runs only on pages that show the badge
        "nav_unread_notifications": SimpleLazyObject(unread) if signed_in else 0,
        # the purpose of processing personal data this session gave (read from the session, no query), and whether
        # this page shows personal data (``audit.personal_data.log_page``): the note and the link to change it
        "nav_personal_data_purpose": personal_data.purpose_label(request) if signed_in else "",
        "personal_data_shown": shown,
        "personal_data_purpose_url": personal_data.purpose_url(request.get_full_path()) if shown else "",
    }
