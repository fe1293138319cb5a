from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import fields

from phoihop.accounts import services
from phoihop.accounts.models import Membership, User
from phoihop.core.access import allowed_organisations
from phoihop.core.choices import Role
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget
from phoihop.orgs.models import Organisation


class UserExportResource(RecordResource):
    class Meta(RecordResource.Meta):
        model = User
        fields = ["username", "full_name", "email", "position", "phone", "clearance", "is_active", "language"]
        export_order = fields


class MembershipResource(RecordResource):
    scope_fields = ("organisation",)
    user = fields.Field(attribute="user", column_name="user", widget=ScopedForeignKeyWidget(User, "username"))
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )

    class Meta(RecordResource.Meta):
        model = Membership
        fields = ["id", "user", "organisation", "role", "personal_data", "note"]
        export_order = fields


ROLE_WORDS = {
    "viewer": Role.VIEWER,
    "xem": Role.VIEWER,
    "reporter": Role.REPORTER,
    "cập nhật": Role.REPORTER,
    "cap nhat": Role.REPORTER,
    "approver": Role.APPROVER,
    "phê duyệt": Role.APPROVER,
    "phe duyet": Role.APPROVER,
    "admin": Role.ADMIN,
    "quản trị đơn vị": Role.ADMIN,
    "quan tri don vi": Role.ADMIN,
}


class UserImportResource(UserExportResource):
    """Users from a spreadsheet: each new user gets a first membership (organisation code and role) and no
    usable password — an organisation admin sets one from the user's page before they sign in."""

    organisation = fields.Field(column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code"))
    role = fields.Field(column_name="role")

    class Meta(UserExportResource.Meta):
        import_id_fields = ["username"]
        fields = [
            "username",
            "full_name",
            "email",
            "position",
            "phone",
            "language",
            "is_active",
            "organisation",
            "role",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["organisation"].widget.queryset = allowed_organisations(user, Role.ADMIN) if user else None

    def get_queryset(self):
        return User.objects.restrict(self.user, "change")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        code, role_text = row.get("organisation"), str(row.get("role") or "").strip()
        organisation = None
        if code:
            try:
                organisation = self.fields["organisation"].widget.clean(code, row)
            except ValueError as error:
                errors["organisation"] = [str(error)]
        elif instance.pk is None:
            errors["organisation"] = [_("A new user needs the code of their organisation.")]
        role = Role.VIEWER
        if role_text:
            role = ROLE_WORDS.get(role_text.casefold()) or (int(role_text) if role_text.isdigit() else None)
            if role not in Role.values:
                errors["role"] = [
                    _("Unknown role “%(role)s”: write viewer, reporter, approver or admin.") % {"role": role_text}
                ]
        if instance.pk is None:
            instance.clearance = 0
        instance._first_membership = (organisation, role)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "password"], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        organisation, role = getattr(instance, "_first_membership", (None, Role.VIEWER))
        try:
            if is_create:
                instance.set_unusable_password()
                services.user_create(
                    acting_user=self.user, user=instance, password=None, organisation=organisation, role=role
                )
            else:
                services.user_update(acting_user=self.user, user=instance)
        except PermissionDenied:
            raise ValidationError(_("The record would fall outside your organisation's scope.")) from None
