from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

EXEMPT_PREFIXES = ("/static/", "/accounts/login/", "/accounts/logout/", "/accounts/otp/", "/i18n/", "/api/")


class UserLanguageMiddleware:
    """A signed-in user's chosen interface language wins over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Users with a TOTP device must enter a code after their password; under production settings,
    organisation admins and superusers must set one up before doing anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES):
            from django_otp import user_has_device

            from phoihop.core.api.authentication import needs_second_factor

            if needs_second_factor(user, request):
                if user_has_device(user, confirmed=True):
                    return redirect(f"{reverse('accounts:otp_verify')}?next={request.get_full_path()}")
                if request.path != reverse("accounts:otp_setup"):
                    return redirect("accounts:otp_setup")
        return self.get_response(request)
