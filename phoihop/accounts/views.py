import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from phoihop.accounts import filtersets, forms, resources, services, tables
from phoihop.accounts.models import Membership, User
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views import generic


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        # The interface follows the language the user chose in their profile.
        response.set_cookie("django_language", form.get_user().language, samesite="Lax")
        return response


class OTPVerifyView(LoginRequiredMixin, View):
    template_name = "accounts/otp_verify.html"

    def get(self, request):
        return render(request, self.template_name, {"form": forms.OTPTokenForm()})

    def post(self, request):
        form = forms.OTPTokenForm(request.POST)
        if form.is_valid():
            for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
                if device.verify_token(form.cleaned_data["token"]):
                    otp_login(request, device)
                    target = request.GET.get("next", "/")
                    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                        target = "/"
                    return redirect(target)
            form.add_error("token", _("The code is wrong or has expired."))
        return render(request, self.template_name, {"form": form}, status=400)


class OTPSetupView(LoginRequiredMixin, View):
    """Set up a TOTP authenticator: scan the QR code (drawn here, no outside service), confirm a code."""

    template_name = "accounts/otp_setup.html"

    def device(self, request):
        device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=request.user, name="phoihop", confirmed=False)

    def context(self, request, form):
        device = self.device(request)
        confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        qr = segno.make(device.config_url, micro=False).svg_inline(scale=4)
        return {"form": form, "qr": qr, "secret": device.key, "confirmed": confirmed}

    def get(self, request):
        return render(request, self.template_name, self.context(request, forms.OTPTokenForm()))

    def post(self, request):
        form = forms.OTPTokenForm(request.POST)
        device = self.device(request)
        if form.is_valid() and device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save()
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:profile")
        if form.is_valid():
            form.add_error("token", _("The code is wrong or has expired."))
        return render(request, self.template_name, self.context(request, form), status=400)


class ProfileView(LoginRequiredMixin, View):
    template_name = "accounts/profile.html"

    def context(self, request, form):
        token = Token.objects.filter(user=request.user).first()
        return {
            "form": form,
            "memberships": Membership.objects.filter(user=request.user).select_related("organisation"),
            "has_totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
            "token": token,
        }

    def get(self, request):
        return render(request, self.template_name, self.context(request, forms.ProfileForm(instance=request.user)))

    def post(self, request):
        if "new_token" in request.POST:
            Token.objects.filter(user=request.user).delete()
            Token.objects.create(user=request.user)
            messages.success(request, _("A new API token was created; the old one no longer works."))
            return redirect("accounts:profile")
        form = forms.ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = services.user_update(acting_user=request.user, user=form.save(commit=False))
            response = redirect("accounts:profile")
            response.set_cookie("django_language", user.language, samesite="Lax")
            messages.success(request, _("Your profile was saved."))
            return response
        return render(request, self.template_name, self.context(request, form), status=400)


class LanguageView(View):
    """Switch the interface language; a signed-in user's choice is kept in their profile."""

    def post(self, request):
        from django.conf import settings

        language = request.POST.get("language")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        if request.user.is_authenticated:
            User.objects.filter(pk=request.user.pk).update(language=language)
        target = request.POST.get("next", "/")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = "/"
        response = redirect(target)
        response.set_cookie("django_language", language, samesite="Lax")
        return response


class UserEditView(generic.GatedObjectMixin, View):
    queryset = User.objects.all()
    template_name = "generic/object_edit.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(Action.CHANGE)
        if not (self.request.user.is_superuser or self.request.user.is_org_admin):
            raise PermissionDenied
        return User()

    def render_form(self, form, instance, status=200):
        context = {
            **generic.model_context(User),
            "form": form,
            "object": instance,
            "list_url": reverse("accounts:user_list"),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        instance = self.get_instance()
        return self.render_form(forms.UserForm(instance=instance, user=request.user), instance)

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = forms.UserForm(request.POST, instance=instance, user=request.user)
        if form.is_valid():
            user = form.save(commit=False)
            data = form.cleaned_data
            try:
                if instance.pk:
                    services.user_update(acting_user=request.user, user=user, password=data.get("password1"))
                else:
                    services.user_create(
                        acting_user=request.user,
                        user=user,
                        password=data["password1"],
                        organisation=data.get("organisation"),
                        role=data.get("role") or 10,
                    )
            except ValidationError as error:
                generic.add_validation_error(form, error)
            except PermissionDenied:
                form.add_error(None, _("You do not have permission for this change."))
            else:
                messages.success(request, _("Saved: %(record)s") % {"record": user})
                return redirect(user.get_absolute_url())
        return self.render_form(form, instance, status=400)


class UserDetailView(generic.ObjectDetailView):
    template_name = "accounts/user_detail.html"

    def get_extra_context(self, obj):
        return {
            "member_list": obj.memberships.restrict(self.request.user).select_related("organisation"),
            "edit_url": reverse("accounts:user_edit", args=[obj.pk])
            if can(self.request.user, obj, Action.CHANGE)
            else None,
            "delete_url": None,
        }


user_list = generic.ObjectListView.as_view(
    queryset=User.objects.all(),
    filterset=filtersets.UserFilterSet,
    table=tables.UserTable,
    resource=resources.UserExportResource,
)
membership_views = RecordViews(
    Membership.objects.select_related("user", "organisation"),
    filterset=filtersets.MembershipFilterSet,
    table=tables.MembershipTable,
    form=forms.MembershipForm,
    resource=resources.MembershipResource,
)
