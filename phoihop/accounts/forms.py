from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import PERSONAL_DATA_GRANT_ERROR, Membership, User
from phoihop.core.access import allowed_organisations, may_see_personal_data
from phoihop.core.choices import Role
from phoihop.core.forms import BaseModelForm, style_widgets
from phoihop.orgs.models import Organisation


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        style_widgets(self)


class OTPTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has six digits."))
        return token


class MembershipForm(BaseModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organisation", "role", "personal_data", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The user list passes through the gate (BaseModelForm); a newcomer is created from "Users → Add"
        # with their first membership.
        self.fields["user"].queryset = self.fields["user"].queryset.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        granted = cleaned.get("personal_data") and not (self.instance.pk and self.instance.personal_data)
        if granted and organisation is not None and self.user is not None:
            if not may_see_personal_data(self.user, organisation):
                self.add_error("personal_data", PERSONAL_DATA_GRANT_ERROR)
        return cleaned


class UserForm(BaseModelForm):
    """Create or edit a user. Only superusers change clearance or grant superuser status."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False, strip=False)
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput, required=False, strip=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Organisation"),
        help_text=_("For a new user: their first membership."),
    )
    role = forms.TypedChoiceField(
        choices=Role.choices, coerce=int, initial=Role.VIEWER, required=False, label=_("Role")
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "position", "phone", "language", "clearance", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("version")
        user = self.user
        self.fields["organisation"].queryset = allowed_organisations(user, Role.ADMIN) if user else None
        if self.instance.pk:
            self.fields.pop("organisation")
            self.fields.pop("role")
        if user is not None and not user.is_superuser:
            self.fields["clearance"].disabled = True
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if not self.instance.pk and not p1:
            self.add_error("password1", _("Enter a password for the new user."))
        if p1 or p2:
            if p1 != p2:
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    password_validation.validate_password(p1, self.instance)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        if not self.instance.pk and self.user and not self.user.is_superuser and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation of the new user."))
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "position", "phone", "language", "email_notifications", "email_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
