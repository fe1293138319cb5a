"""Base model and mixins every domain record inherits.

A domain record carries: timestamps and authors, a version number for optimistic locking, soft deletion
(so deletions are recoverable), a folded search column, and its place in the access gate: which field
leads to the owning organisation, which role may edit it, and (via ClassifiedMixin) a classification.
"""

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Classification, Role
from phoihop.core.querysets import ActiveManager, AllRecordsManager
from phoihop.core.state_secrets import content_errors, is_register_entry, level_label
from phoihop.core.text import fold, nfc

# Every date a record holds lies within these years (a typo such as 0098 or 20255 is refused at the field, on
# pages, in the API and in imports alike, since they all save through full_clean()).
DATE_RANGE = (date(1900, 1, 1), date(2100, 12, 31))


def date_out_of_range(value) -> bool:
    if isinstance(value, datetime):
        value = value.date()
    return isinstance(value, date) and not DATE_RANGE[0] <= value <= DATE_RANGE[1]


# Bookkeeping fields: never shown as "changes" in the history.
BOOKKEEPING_FIELDS = [
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "version",
    "deleted_at",
    "deleted_by",
    "search_text",
]


LIVE = Q(deleted_at__isnull=True)


def _is_live_unique(constraint) -> bool:
    return (
        isinstance(constraint, models.UniqueConstraint)
        and bool(constraint.fields)
        and not constraint.expressions
        and constraint.condition == LIVE
        and constraint.nulls_distinct is not False
        and not constraint.include
    )


class BaseModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deleted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = ActiveManager()
    all_objects = AllRecordsManager()

    # --- declarations read by the access gate, search and generic views -------------------------------
    #: path from this model to the owning Organisation ("organisation", "post__organisation", "pk" …);
    #: None for reference data that has no owner.
    access_org_field: str | None = None
    #: every signed-in user may read it (reference data such as areas and kinds).
    access_public_read = False
    #: further paths to organisations whose members may read (not edit) the record: the parties of an
    #: agreement, the lead and coordinating units of a task. May cross many-to-many relations.
    access_participant_fields: tuple[str, ...] = ()
    #: people's personal data: readable only through memberships with the personal-data permission.
    access_personal_data = False
    #: a record that links two records (a document relation): the foreign keys to its ends. Its history entries
    #: are classified at the highest level of its ends (``history_level``) and print its name only to a reader who
    #: may open every end (``audit.names``).
    access_relation_ends: tuple[str, ...] = ()
    #: the least role, in the owning organisation's subtree, that may add, change or delete it.
    access_edit_role = Role.REPORTER
    #: fields folded into ``search_text``; the search box matches every word against it.
    search_fields: tuple[str, ...] = ()
    #: state secrets (``core.state_secrets``): the fields holding content (texts, free text, a file), refused on a
    #: record classified Mật or above — its own level or its parent's — unless settings.STATE_SECRET_CONTENT
    secret_content_fields: tuple[str, ...] = ()
    #: content fields required whenever the record may hold content; optional (and empty) on a register entry
    content_required_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def normalise_text(self) -> None:
        """Every text field in Unicode NFC, however it was typed or imported (see ``core.text.nfc``)."""
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                normalised = nfc(value)
                if normalised is not value:
                    setattr(self, field.attname, normalised)

    def save(self, *args, **kwargs):
        self.normalise_text()
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"search_text"}
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        """Django's check, with a fast path for the usual "unique among live records" constraint.

        A ``UniqueConstraint(fields=…, condition=Q(deleted_at__isnull=True))`` is checked with one plain
        ``exists()`` on the live records; Django's generic path evaluates the condition against every field of
        the instance in SQL, several times slower, which an import pays on every row."""
        from django.db import router

        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    if _is_live_unique(constraint):
                        self._validate_live_unique(constraint, model_class, exclude, using)
                    else:
                        constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _validate_live_unique(self, constraint, model_class, exclude, using):
        from django.db import connections

        if self.deleted_at is not None or (exclude and any(name in exclude for name in constraint.fields)):
            return
        lookup = {}
        for name in constraint.fields:
            field = model_class._meta.get_field(name)
            value = getattr(self, field.attname)
            if value is None or (value == "" and connections[using].features.interprets_empty_strings_as_nulls):
                return  # NULL is never equal to NULL: no violation
            lookup[field.name] = value
        queryset = model_class._base_manager.using(using).filter(deleted_at__isnull=True, **lookup)
        if not self._state.adding and self.pk is not None:
            queryset = queryset.exclude(pk=self.pk)
        if not queryset.exists():
            return
        if constraint.violation_error_message == constraint.default_violation_error_message:
            message = self.unique_error_message(model_class, constraint.fields)
            raise ValidationError(message, code=message.code)
        raise ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)

    def clean_fields(self, exclude=None):
        self.normalise_text()  # before validation: uniqueness and lookups compare composed text
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.DateField) or not field.editable or field.name in errors:
                continue
            if exclude and field.name in exclude:
                continue
            if date_out_of_range(getattr(self, field.attname)):
                errors[field.name] = [
                    ValidationError(
                        _("Enter a date between %(min)s and %(max)s."),
                        code="date_range",
                        params={"min": DATE_RANGE[0].strftime("%d/%m/%Y"), "max": DATE_RANGE[1].strftime("%d/%m/%Y")},
                    )
                ]
        # State secrets: content refused on a register entry, at its field (every save runs full_clean).
        for name, messages in content_errors(self, exclude).items():
            errors.setdefault(name, messages)
        if errors:
            raise ValidationError(errors)

    @property
    def is_register_entry(self) -> bool:
        """Classified Mật or above (its own level or its parent's) while the deployment allows no state-secret
        content: the record holds no content (``core.state_secrets``)."""
        return is_register_entry(self)

    def build_search_text(self) -> str:
        parts = []
        for name in self.search_fields:
            value = self
            for attr in name.split("__"):
                value = getattr(value, attr, None) if value is not None else None
            if value not in (None, ""):
                parts.append(str(value))
        return fold(" ".join(parts))

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def access_organisation_id(self):
        """The id of the owning organisation (stored with each history entry for the activity page)."""
        field = self.access_org_field
        if field is None:
            return None
        if field == "pk":
            return self.pk
        value = self
        parts = field.split("__")
        for attr in parts[:-1]:
            value = getattr(value, attr, None)
            if value is None:
                return None
        return getattr(value, parts[-1] + "_id", None)

    def get_additional_data(self):
        # Copied onto each history entry (``audit.ChangeRecord``), and kept current when the record's owner or level
        # changes (``audit.scope``): the activity page gates entries by the record's owner and level of today.
        return {
            "organisation": self.access_organisation_id(),
            "classification": self.history_level(),
        }

    def history_level(self) -> int:
        """The level of the record's history entries: its own, or the highest of its ends for a relation (an entry
        of "A implements B" names B as much as A)."""
        level = self.classification_level()
        for name in self.access_relation_ends:
            end = getattr(self, name, None)
            if end is not None:
                level = max(level, end.classification_level())
        return level

    def classification_level(self) -> int:
        """The record's state-secret level, or that of the record it belongs to."""
        path = getattr(self, "access_classification_field", None) or "classification"
        value = self
        for attr in path.split("__"):
            value = getattr(value, attr, None)
            if value is None:
                return 0
        return int(value or 0)

    #: many-to-many relations pointing here also make a record depend on this one (an agreement whose
    #: party is an organisation); see ``live_dependants``.
    delete_blocked_by_participants = False
    #: on a row that stands for its parent when it blocks a deletion (a task unit counts as its task):
    #: the name of the foreign key to that parent.
    delete_blocker_counts_as: str | None = None

    def delete_blockers(self) -> list[str]:
        """Reasons this record may not be deleted now (shown to the user); empty when it may.

        By default: the live records that depend on it (``live_dependants``)."""
        dependants = live_dependants(self)
        if not dependants:
            return []
        return [
            _("There are still %(records)s that depend on this record. Delete them or link them elsewhere first.")
            % {"records": describe_counts(dependants)}
        ]

    @classmethod
    def url_name(cls, action):
        return f"{cls._meta.app_label}:{cls._meta.model_name}_{action}"

    def get_absolute_url(self):
        try:
            return reverse(self.url_name("detail"), kwargs={"pk": self.pk})
        except NoReverseMatch:
            return ""


def _live_parents_q(model, prefix="", depth=0):
    """Q: the records that ``model`` is part of (its CASCADE foreign keys, up to three levels) are live.

    A live clause of a deleted agreement is gone with it and depends on nothing any more."""
    q = Q()
    if depth >= 3:
        return q
    for field in model._meta.concrete_fields:
        parent = field.related_model
        if (
            field.many_to_one
            and field.remote_field.on_delete is models.CASCADE
            and isinstance(parent, type)
            and issubclass(parent, BaseModel)
            and parent is not model
        ):
            path = f"{prefix}{field.name}__"
            q &= Q(**{f"{path}deleted_at__isnull": True}) & _live_parents_q(parent, path, depth + 1)
    return q


def live_dependants(instance, *, skip=()) -> list[tuple[type, int]]:
    """``[(model, count)]``: the live records that would be orphaned if ``instance`` were deleted.

    The rule follows what the schema already declares for a hard delete. A foreign key with ``PROTECT`` or
    ``RESTRICT`` (the row cannot exist without its target) makes a live row a dependant; ``CASCADE`` means
    the row is part of the target (a marker's inspections, an organisation's memberships): it is hidden with
    it and comes back on restore, so it does not block; ``SET_NULL`` is an optional link. Many-to-many
    relations count when the target declares ``delete_blocked_by_participants`` (an organisation that is a
    party to a live agreement). Only live rows of soft-deletable models whose own parents are live count.
    ``skip`` names relations (``"app.Model.field"``) the caller reports itself. One query, whatever the
    number of rows or relations.
    """
    target = instance._meta.concrete_model
    groups: dict[type, list[Q]] = {}
    relations = [
        f for f in target._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete and f.is_relation
    ]
    for rel in relations:
        model, field = rel.related_model, rel.field
        if not issubclass(model, BaseModel) or f"{model._meta.label}.{field.name}" in skip:
            continue
        if rel.many_to_many:
            if not target.delete_blocked_by_participants:
                continue
            through = field.remote_field.through
            links = through._default_manager.filter(**{field.m2m_reverse_field_name(): instance.pk})
            groups.setdefault(model, []).append(Q(pk__in=links.values(field.m2m_field_name())))
        elif rel.on_delete in (models.PROTECT, models.RESTRICT):
            parent_name = model.delete_blocker_counts_as
            if parent_name:
                rows = model.objects.filter(_live_parents_q(model), **{field.name: instance.pk})
                counted = model._meta.get_field(parent_name).related_model
                groups.setdefault(counted, []).append(Q(pk__in=rows.values(parent_name)))
            else:
                groups.setdefault(model, []).append(Q(**{field.name: instance.pk}))
    if not groups:
        return []
    counts = {}
    for index, (model, conditions) in enumerate(groups.items()):
        condition = conditions[0]
        for other in conditions[1:]:
            condition |= other
        rows = model.objects.filter(condition).filter(_live_parents_q(model)).order_by()
        counts[f"n{index}"] = models.Subquery(
            rows.annotate(n=models.Func(models.F("pk"), function="COUNT")).values("n"),
            output_field=models.IntegerField(),
        )
    row = target._base_manager.filter(pk=instance.pk).values(**counts).first() or {}
    return [(model, row.get(f"n{index}") or 0) for index, model in enumerate(groups) if row.get(f"n{index}")]


def describe_counts(dependants) -> str:
    """Each record type with its count, e.g. "12 cột mốc, 3 nhiệm vụ" (Vietnamese nouns take no plural)."""
    ordered = sorted(dependants, key=lambda item: (-item[1], str(item[0]._meta.verbose_name)))
    return ", ".join(f"{count} {model._meta.verbose_name}" for model, count in ordered)


class ManagedList(BaseModel):
    """A list that superusers maintain and everyone reads: document types, outreach topics, languages …"""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)

    access_public_read = True
    access_edit_role = None  # superusers only
    search_fields = ("code", "name")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]
        indexes = [models.Index(fields=["sort_order", "name"], condition=LIVE, name="%(app_label)s_%(class)s_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(deleted_at__isnull=True),
                name="%(app_label)s_%(class)s_unique_code",
                violation_error_message=_("An entry with this code already exists."),
            )
        ]

    def __str__(self):
        return self.name


class ClassifiedMixin(models.Model):
    """A record with a state-secret level; the access gate hides it from users with a lower clearance.

    Classified Mật or above while ``settings.STATE_SECRET_CONTENT`` is off (the default), the record is a **register
    entry** (``core.state_secrets``, docs/security.md): number, date, level, ``holding_unit`` (the unit holding the
    paper file), ``custodian``, ``storage_place`` and the figures that may be counted, never content. A model says:

    * ``secret_content_fields = ("title", "description")``: refused at the field on a register entry;
    * ``content_required_fields = ("title",)``: required when the record may hold content, optional otherwise
      (declare the model field ``blank=True``);
    * ``register_number_field = "number"``: the number shown in its neutral label (None: the label uses the id);

    and gets, with nothing to call (``BaseModel.clean_fields`` runs the checks on every ``full_clean``): the
    register fields, required on a register entry; ``is_register_entry``; ``register_label()``, its name wherever
    its content may not be shown (``__str__`` of a register entry, a record the reader may not see). Child records
    whose level follows it (``access_classification_field``) declare ``secret_content_fields`` as well.
    """

    classification = models.PositiveSmallIntegerField(
        _("classification"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
        db_index=True,
    )
    holding_unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("unit holding the paper file"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    custodian = models.CharField(
        _("custodian"), max_length=200, blank=True, help_text=_("The position or person in charge of the paper file.")
    )
    storage_place = models.CharField(
        _("storage place"), max_length=200, blank=True, help_text=_("Where the paper file is kept.")
    )

    #: the field holding the record's register number (shown in its neutral label); None: the label uses the id
    register_number_field: str | None = None

    class Meta:
        abstract = True

    def register_label(self, *, named=True) -> str:
        """The record's neutral name, which tells nothing of its content: "[Mật] 64/KH-BCH" (its register number),
        "[Mật] Nhiệm vụ số 12" (its id when it has no number). ``named=False``: only the level and the kind
        ("[Tối mật] Nhiệm vụ"), for a record the reader may not see. The one place such a label is made."""
        from django.utils.text import capfirst

        kind = capfirst(str(self._meta.verbose_name))
        number = getattr(self, self.register_number_field, "") if self.register_number_field else ""
        if named and number:
            name = number
        elif named and self.pk:
            name = _("%(kind)s no. %(id)s") % {"kind": kind, "id": self.pk}
        else:
            name = kind
        if not self.classification:
            return str(name)
        return f"[{level_label(self.classification)}] {name}"

    def name_or_register_label(self, name) -> str:
        """``name`` (its title, its subject), or its register label when it is a register entry or has no name."""
        return self.register_label() if self.is_register_entry or not name else name


class ValidityMixin(models.Model):
    """Validity dates, for organisations and areas that are created, merged or abolished over time."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        abstract = True

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def clean_validity(self):
        from django.core.exceptions import ValidationError

        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date must not be before the start date.")})


class BackgroundExport(models.Model):
    """A large export prepared by the background worker for one user, under that user's access gate."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="exports"
    )
    model_label = models.CharField(_("record type"), max_length=100)
    query = models.TextField(_("filters"), blank=True)
    fmt = models.CharField(_("format"), max_length=8, default="xlsx")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.CharField(max_length=255, blank=True, editable=False)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background export")
        verbose_name_plural = _("background exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.model_label} ({self.get_status_display()})"


class BackgroundImport(models.Model):
    """An import run by the background worker for one user: a dry run that stores the preview (or the
    row-numbered errors), then — once the user confirms — the real import in one transaction.

    ``preview`` keeps, per row, what the dry run found (``new``, or ``update`` with the record's pk and
    version), so the confirmation refuses any row whose outcome changed in between."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        VALIDATING = "validating", _("Checking the file")
        PREVIEWED = "previewed", _("Ready to import")
        INVALID = "invalid", _("Not importable")
        IMPORTING = "importing", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.QUEUED, Status.VALIDATING, Status.IMPORTING)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="imports"
    )
    model_label = models.CharField(_("record type"), max_length=100)
    #: dotted path of the RecordResource class (set by the view, never by the user)
    resource_path = models.CharField(max_length=200, editable=False)
    file = models.CharField(max_length=255, editable=False)
    original_name = models.CharField(_("file name"), max_length=255)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    totals = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background import")
        verbose_name_plural = _("background imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.model_label} {self.original_name} ({self.get_status_display()})"

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def progress_key(self):
        return f"phoihop-import-progress-{self.pk}"

    def live_progress(self):
        """(rows done, rows total): the job writes its counter through the ``imports`` cache while it works
        inside its transaction, where a row update would stay invisible until the commit."""
        from django.core.cache import caches

        if self.is_running:
            live = caches["imports"].get(self.progress_key)
            if live:
                return tuple(live)
        return self.rows_done, self.rows_total

    def percent(self):
        done, total = self.live_progress()
        if not total:
            return 100 if self.status in (self.Status.DONE, self.Status.PREVIEWED) else 0
        return min(100, int(done * 100 / total))


# --- Attachments -------------------------------------------------------------------------------------
# Files attached to any record type whose model declares ``attachments_enabled = True``. An attachment
# has no access rules of its own: it is reachable exactly when its parent record is (see access_scope).

import uuid  # noqa: E402

from django.apps import apps  # noqa: E402
from django.contrib.contenttypes.fields import GenericForeignKey  # noqa: E402
from django.utils import timezone  # noqa: E402


def attachable_models():
    """Record types that accept attachments (class attribute ``attachments_enabled = True``)."""
    return [m for m in apps.get_models() if getattr(m, "attachments_enabled", False)]


def attachment_upload_to(instance, filename):
    """``attachments/<year>/<month>/<random>.<ext>``: never the user's file name, and the extension of the
    detected content type, not the one the user typed."""
    from phoihop.core.attachments import extension_for

    return f"attachments/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension_for(instance.mime_type)}"


class Attachment(BaseModel):
    """A file attached to a record of any attachable type; stored under MEDIA_ROOT (outside the web root)
    and served only through the access gate."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("record type"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0, editable=False)
    mime_type = models.CharField(_("file type"), max_length=100, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    title = models.CharField(_("caption"), max_length=200, blank=True)

    search_fields = ("original_name", "title")
    #: the parent's gate (classification, clearance) holds for superusers too
    # a file of another record, read on that record's page: not counted on the home page (core.views.home)
    home_count = False
    access_scope_for_superusers = True
    #: state secrets: no file on a record that is a register entry (``core.state_secrets``)
    secret_content_fields = ("file", "title")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.title} ({self.original_name})" if self.title else self.original_name

    @classmethod
    def access_scope(cls, user, action):
        """Q: attachments of the records the user may see (read actions) or change (add, change, delete:
        attaching or removing a file changes the record). The parent's own gate — organisation scope,
        sharing, classification and clearance — therefore applies to its files."""
        from django.contrib.contenttypes.models import ContentType

        from phoihop.core.access import NOTHING, READ_ACTIONS
        from phoihop.core.choices import Action

        parent_action = Action.VIEW if action in READ_ACTIONS else Action.CHANGE
        parts = []
        for model in attachable_models():
            parents = model.objects.restrict(user, parent_action)
            if parents.query.is_empty():
                continue
            content_type = ContentType.objects.get_for_model(model)
            parts.append(Q(content_type=content_type, object_id__in=parents.values("pk")))
        if not parts:
            return NOTHING
        q = parts[0]
        for part in parts[1:]:
            q |= part
        return q

    def access_organisation_id(self):
        record = self.record
        return record.access_organisation_id() if record is not None else None

    def classification_level(self) -> int:
        """The level of the record the file is attached to."""
        record = self.record
        return record.classification_level() if record is not None else 0

    def get_additional_data(self):
        # History entries carry the parent's organisation and classification, so the activity page hides
        # the file's history from exactly those who may not see the parent.
        return {
            "organisation": self.access_organisation_id(),
            "classification": self.classification_level(),  # the parent's own level, or the one it follows
        }

    def get_absolute_url(self):
        record = self.record
        return record.get_absolute_url() if record is not None else ""
