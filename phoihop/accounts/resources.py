"""Excel/CSV import and export of users and memberships.

Exports head the columns in the user's language (``column_labels``), give choices by label (clearance, language,
role) and yes/no as "Có"/"Không". The user list's export adds, for reading, each user's organisations and roles among
the memberships the exporter may see; the user import ignores it, and the clearance, which only the user's page sets.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.accounts import services
from phoihop.accounts.models import Membership, User
from phoihop.core.access import allowed_organisations
from phoihop.core.choices import Classification, Role
from phoihop.core.importexport import ChoicesWidget, RecordResource, ScopedForeignKeyWidget, field_label, header_key
from phoihop.orgs.models import Organisation

USER_COLUMNS = ["username", "full_name", "email", "position", "phone", "clearance", "is_active", "language"]


class UserExportResource(RecordResource):
    column_labels = {
        **{name: field_label(User, name) for name in USER_COLUMNS},
        "is_active": gettext_lazy("Account active"),
        "memberships": gettext_lazy("Organisations and roles"),
    }
    memberships = fields.Field(column_name="memberships", readonly=True)

    class Meta(RecordResource.Meta):
        model = User
        fields = [*USER_COLUMNS, "memberships"]
        export_order = fields

    def visible_memberships(self):
        memberships = Membership.objects.restrict(self.user) if self.user is not None else Membership.objects.all()
        return memberships.select_related("organisation").order_by("organisation__name", "pk")

    def filter_export(self, queryset, **kwargs):
        """Each user's memberships that the exporter may see, in one query for the whole list."""
        prefetch = Prefetch("memberships", queryset=self.visible_memberships(), to_attr="exported_memberships")
        return queryset.prefetch_related(prefetch)

    def dehydrate_memberships(self, user):
        memberships = getattr(user, "exported_memberships", None)
        if memberships is None:
            memberships = self.visible_memberships().filter(user=user)
        return "; ".join(f"{m.organisation.name} ({m.get_role_display()})" for m in memberships)


class MembershipResource(RecordResource):
    scope_fields = ("organisation",)
    column_labels = {
        "id": gettext_lazy("Record ID"),
        "user": field_label(User, "username"),
        "user_name": field_label(User, "full_name"),
        "organisation": gettext_lazy("Organisation code"),
        "organisation_name": gettext_lazy("Organisation name"),
        **{name: field_label(Membership, name) for name in ("role", "personal_data", "note")},
    }
    user = fields.Field(attribute="user", column_name="user", widget=ScopedForeignKeyWidget(User, "username"))
    user_name = fields.Field(attribute="user__full_name", column_name="user_name", readonly=True)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)

    class Meta(RecordResource.Meta):
        model = Membership
        fields = ["id", "user", "user_name", "organisation", "organisation_name", "role", "personal_data", "note"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("user", "organisation")


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
    usable password — an organisation admin sets one from the user's page before they sign in.

    The columns of the user list's export are read too, so an exported list imports back: the clearance and the
    organisations and roles are exported for reading and ignored here. A role is a word of ``ROLE_WORDS``, its
    number or its label in any of the site's languages."""

    column_labels = {
        **UserExportResource.column_labels,
        "organisation": gettext_lazy("Organisation code of a new user"),
        "role": gettext_lazy("Role of a new user"),
    }
    clearance = fields.Field(
        attribute="clearance", column_name="clearance", readonly=True, widget=ChoicesWidget(Classification.choices)
    )
    organisation = fields.Field(column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code"))
    role = fields.Field(column_name="role")
    role_labels = ChoicesWidget(Role.choices)

    class Meta(UserExportResource.Meta):
        import_id_fields = ["username"]
        fields = [*USER_COLUMNS, "memberships", "organisation", "role"]
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
            role = (
                ROLE_WORDS.get(role_text.casefold())
                or (int(role_text) if role_text.isdigit() else None)
                or self.role_labels.codes().get(header_key(role_text))
            )
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
