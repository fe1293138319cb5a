from auditlog.models import AbstractLogEntry, LogEntryManager
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.audit.choices import AccessAction, Purpose
from phoihop.core.choices import Classification, Role
from phoihop.core.querysets import RestrictedQuerySet


class ChangeRecordManager(LogEntryManager):
    def log_create(self, instance, force_log=False, **kwargs):
        """auditlog's entry; when it records a new owner or level, the record's earlier entries, and those of the
        records whose owner or level follows it, take them too (``audit.scope``), in the same transaction."""
        entry = super().log_create(instance, force_log=force_log, **kwargs)
        if entry is not None and entry.action == entry.Action.UPDATE:
            from phoihop.audit.scope import entries_follow

            entries_follow(entry, instance)
        return entry

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        """auditlog's many-to-many entry, which names the records added or removed, plus their ids
        (``additional_data["m2m"][field]``, in the order of the names): the history prints a name only to a reader
        who may open that record (``audit.names``)."""
        changed = list(changed_queryset)
        if changed and "additional_data" not in kwargs:
            get_data = getattr(instance, "get_additional_data", None)
            data = dict(get_data() or {}) if callable(get_data) else {}
            data["m2m"] = {field_name: [obj.pk for obj in changed]}
            kwargs["additional_data"] = data
        return super().log_m2m_changes(changed, instance, operation, field_name, **kwargs)


class ChangeRecord(AbstractLogEntry):
    """django-auditlog's log entry, plus the owning organisation and classification of the record, copied at write
    time so that the activity page can pass through the access gate in one query, and kept those of the record
    today (``audit.scope``): an entry written before the record was raised to Mật is Mật too."""

    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True, db_index=True)
    classification = models.PositiveSmallIntegerField(_("classification"), default=0)

    objects = ChangeRecordManager()

    class Meta(AbstractLogEntry.Meta):
        swappable = "AUDITLOG_LOGENTRY_MODEL"
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        indexes = [
            models.Index(fields=["content_type", "object_pk"]),
            # the activity page and the API's cursor pages: newest first, the id deciding between equal times
            models.Index(fields=["-timestamp", "-id"], name="audit_change_order"),
        ]

    def save(self, *args, **kwargs):
        data = self.additional_data or {}
        if self.organisation_id is None:
            self.organisation_id = data.get("organisation")
        self.classification = int(data.get("classification") or 0)
        super().save(*args, **kwargs)


class AppendOnlyQuerySet(RestrictedQuerySet):
    """The access log is written once and kept: no bulk update or delete through the ORM."""

    def update(self, **kwargs):
        raise PermissionDenied("The personal-data access log is append-only.")

    def delete(self):
        raise PermissionDenied("The personal-data access log is append-only.")


class PersonalDataAccess(models.Model):
    """One reading of people's personal data (``access_personal_data`` records): who, when, which record type and
    record (or, for a list, an export or an API list, how many rows of one organisation), how and why.

    Written in bulk by ``audit.services`` from the generic pages, the exports and the API; never changed or deleted
    by the application. The owning organisation and the classification are copied at write time, so the log page
    passes through the gate in one query: an organisation admin reads the rows of their subtree, up to their
    clearance. The label names the record without its personal data ("Hộ gia đình #12 · Nhà #40")."""

    at = models.DateTimeField(_("accessed at"), default=timezone.now, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # a log row outlives whatever happens to the organisation
        db_index=False,  # the (organisation, -at, id) index serves the gate
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    classification = models.PositiveSmallIntegerField(
        _("classification"), choices=Classification.choices, default=0, editable=False
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    object_pk = models.PositiveBigIntegerField(_("record ID"), null=True, blank=True, editable=False)
    #: the records of a list page or an API page (an export names its filter instead)
    object_pks = models.JSONField(_("record IDs"), default=list, blank=True, editable=False)
    label = models.CharField(_("record accessed"), max_length=200, blank=True, editable=False)
    action = models.CharField(_("type of access"), max_length=20, choices=AccessAction.choices, editable=False)
    rows = models.PositiveIntegerField(_("rows"), default=1, editable=False)
    fmt = models.CharField(_("format"), max_length=8, blank=True, editable=False)
    query = models.TextField(_("filter used"), blank=True, editable=False)
    purpose = models.CharField(_("purpose of processing"), max_length=20, choices=Purpose.choices, editable=False)
    purpose_note = models.CharField(_("purpose details"), max_length=300, blank=True, editable=False)
    remote_addr = models.GenericIPAddressField(_("IP address"), null=True, blank=True, editable=False)
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = models.Manager.from_queryset(AppendOnlyQuerySet)()

    # --- the access gate: organisation admins read their subtree's rows; nobody adds, changes or deletes ---------
    access_edit_role = None
    access_scope_for_superusers = True

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data access log")
        ordering = ["-at", "id"]
        indexes = [
            models.Index(fields=["-at", "id"], name="audit_pda_at_id"),
            models.Index(fields=["organisation", "-at", "id"], name="audit_pda_org_at_id"),
        ]

    def __str__(self):
        return f"{self.label or self.content_type_id} ({self.get_action_display()})"

    @classmethod
    def access_scope(cls, user, action):
        from phoihop.core.access import NOTHING, READ_ACTIONS, member_paths, subtree_q

        if action not in READ_ACTIONS:
            return NOTHING
        if user.is_superuser:
            return Q()
        paths = member_paths(user, Role.ADMIN)
        if not paths:
            return NOTHING
        Organisation = apps.get_model("orgs", "Organisation")
        return Q(organisation_id__in=Organisation.all_objects.filter(subtree_q(paths)).values("pk"))

    @classmethod
    def url_name(cls, action):
        return f"audit:personaldataaccess_{action}"

    def get_absolute_url(self):
        return ""

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("The personal-data access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The personal-data access log is append-only.")
