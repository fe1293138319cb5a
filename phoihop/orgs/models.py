from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Role
from phoihop.core.models import LIVE, BaseModel, ManagedList, ValidityMixin
from phoihop.core.validators import LATITUDE, LONGITUDE, NON_NEGATIVE
from phoihop.orgs.choices import COMMUNE_LEVEL_KINDS, AgreementStatus, AreaKind, ReviewFrequency, SharingMode

BOUNDING_BOX_COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}
BOUNDING_BOX_HELP = _("Bounding box in WGS 84 degrees; markers and points of this province must lie inside it.")
BOUNDING_BOX_FIELDS = ("min_latitude", "max_latitude", "min_longitude", "max_longitude")


class Area(ValidityMixin, BaseModel):
    """An administrative unit (province, commune/ward, abolished district …) or a village users add.

    Units merged or abolished by the 2025 reform keep their row with ``valid_to`` set and links to the
    units that succeeded them, so records attached to them stay attached.
    """

    code = models.CharField(_("code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent area"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("predecessors"), symmetrical=False, blank=True, related_name="successors"
    )
    is_border_commune = models.BooleanField(_("border commune"), default=False)
    border_length_km = models.DecimalField(
        _("border length (km)"), max_digits=8, decimal_places=3, null=True, blank=True, validators=NON_NEGATIVE
    )
    # The province's bounding box: the positions of its markers and points are checked against it
    # (``border.coordinates.province_bounds``); a province without one is checked against the national box.
    min_latitude = models.DecimalField(
        _("minimum latitude"), validators=LATITUDE, help_text=BOUNDING_BOX_HELP, **BOUNDING_BOX_COORD
    )
    max_latitude = models.DecimalField(
        _("maximum latitude"), validators=LATITUDE, help_text=BOUNDING_BOX_HELP, **BOUNDING_BOX_COORD
    )
    min_longitude = models.DecimalField(
        _("minimum longitude"), validators=LONGITUDE, help_text=BOUNDING_BOX_HELP, **BOUNDING_BOX_COORD
    )
    max_longitude = models.DecimalField(
        _("maximum longitude"), validators=LONGITUDE, help_text=BOUNDING_BOX_HELP, **BOUNDING_BOX_COORD
    )
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=40, blank=True, editable=False)

    access_public_read = True
    access_edit_role = Role.REPORTER
    search_fields = ("code", "name", "parent__name")

    class Meta:
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")
        ordering = ["code", "name"]
        indexes = [
            models.Index(fields=["code", "name"], condition=LIVE, name="orgs_area_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True) & ~Q(code=""),
                name="area_unique_code",
                violation_error_message=_("An area with this code already exists."),
            )
        ]

    def __str__(self):
        return self.name

    @classmethod
    def access_scope(cls, user, action):
        """Everyone reads areas. The province (an admin of a top-level organisation) maintains them, border
        flags included; a reporter adds and edits the villages of the communes their organisations cover."""
        from phoihop.core.access import NOTHING, READ_ACTIONS, member_paths, memberships, subtree_q

        if action in READ_ACTIONS:
            return Q()
        if any(role >= Role.ADMIN and path.count("/") == 2 for path, role in memberships(user)):
            return Q()
        paths = member_paths(user, Role.REPORTER)
        if not paths:
            return NOTHING
        covered = Area.objects.filter(organisations__in=Organisation.all_objects.filter(subtree_q(paths)).values("pk"))
        return Q(kind=AreaKind.VILLAGE, parent__in=covered.values("pk"))

    def clean(self):
        self.clean_validity()
        if self.is_border_commune and self.kind not in COMMUNE_LEVEL_KINDS:
            raise ValidationError(
                {"is_border_commune": _("Only a commune, ward or special zone can be a border commune.")}
            )
        if self.border_length_km is not None and self.border_length_km < 0:
            raise ValidationError({"border_length_km": _("The border length cannot be negative.")})
        if self.kind == AreaKind.VILLAGE and (self.parent is None or self.parent.kind not in COMMUNE_LEVEL_KINDS):
            raise ValidationError({"parent": _("A village must belong to a commune or ward.")})
        if self.parent_id and self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An area cannot be its own parent.")})
        self.clean_bounding_box()

    def clean_bounding_box(self):
        """A province's box has all four edges or none, each minimum below its maximum."""
        given = [name for name in BOUNDING_BOX_FIELDS if getattr(self, name) is not None]
        if not given:
            return
        if self.kind not in (AreaKind.PROVINCE, AreaKind.CITY):
            message = _("Only a province or a centrally-run city has a bounding box.")
            raise ValidationError({given[0]: ValidationError(message, code="not_province")})
        missing = [name for name in BOUNDING_BOX_FIELDS if name not in given]
        if missing:
            message = _("Give all four edges of the bounding box, or none.")
            raise ValidationError({name: ValidationError(message, code="required") for name in missing})
        errors = {}
        if self.min_latitude >= self.max_latitude:
            errors["max_latitude"] = _("The maximum latitude must be greater than the minimum latitude.")
        if self.min_longitude >= self.max_longitude:
            errors["max_longitude"] = _("The maximum longitude must be greater than the minimum longitude.")
        if errors:
            raise ValidationError(errors)


class OrganisationKind(ManagedList):
    """A managed list: provincial party committee, border post, commune party committee …"""

    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    is_party_body = models.BooleanField(
        _("party body"), default=False, help_text=_("Its documents follow the Party document format.")
    )
    description = models.TextField(_("description"), blank=True)

    search_fields = ("code", "name", "abbreviation")

    class Meta(ManagedList.Meta):
        verbose_name = _("organisation kind")
        verbose_name_plural = _("organisation kinds")


class Organisation(ValidityMixin, BaseModel):
    """A node of the organisation tree: any depth, kinds from a managed list, never fixed levels."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=40)
    kind = models.ForeignKey(
        OrganisationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="organisations"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("areas of responsibility"), blank=True, related_name="organisations"
    )
    superior_body_name = models.CharField(
        _("superior body (on documents)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Printed above the organisation's name in the header of its reports when the superior body is not the "
            "organisation above it in the tree (e.g. Bộ Tư lệnh Bộ đội Biên phòng). Leave empty to take it from the "
            "tree."
        ),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Materialised path "/1/7/42/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=500, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    access_org_field = "pk"
    access_edit_role = Role.ADMIN
    # the units of the party and the Border Guard are public structure: named (without a link outside one's
    # subtree) wherever a record names them (core.naming, rule 3)
    access_name_public = True
    search_fields = ("code", "name", "short_name")
    # an organisation named as a party, organiser or responsible unit of a live record cannot go
    delete_blocked_by_participants = True

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], condition=LIVE, name="orgs_organisation_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True),
                name="organisation_unique_code",
                violation_error_message=_("An organisation with this code already exists."),
            )
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        self.clean_validity()
        if self.parent_id and self.pk:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
            parent_path = (
                Organisation.all_objects.filter(pk=self.parent_id).values_list("path", flat=True).first() or ""
            )
            if self.path and parent_path.startswith(self.path):
                raise ValidationError({"parent": _("An organisation cannot be placed under one of its own units.")})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": _("An organisation cannot succeed itself.")})

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._refresh_path()

    def _refresh_path(self):
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path == self.path:
            return
        old_path, old_depth = self.path, self.depth
        new_depth = new_path.count("/") - 2
        Organisation.all_objects.filter(pk=self.pk).update(path=new_path, depth=new_depth)
        if old_path:
            # Move the whole subtree along with its root.
            Organisation.all_objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1)),
                depth=models.F("depth") + (new_depth - old_depth),
            )
        self.path, self.depth = new_path, new_depth

    def delete_blockers(self):
        """Sub-organisations, then every live record the organisation owns or takes part in (markers,
        tasks, agreements as a party …): deleting it would leave them under a deleted organisation."""
        from phoihop.core.models import describe_counts, live_dependants

        blockers = []
        if self.children.exists():
            blockers.append(_("Move or delete its subordinate organisations first."))
        dependants = live_dependants(self, skip=("orgs.Organisation.parent",))
        if dependants:
            records = describe_counts(dependants)
            successor = Organisation.objects.filter(pk=self.successor_id).first() if self.successor_id else None
            if successor is not None:
                blockers.append(
                    _(
                        "There are still %(records)s belonging to this organisation; move them to its successor "
                        "%(successor)s or to another organisation before deleting it."
                    )
                    % {"records": records, "successor": successor}
                )
            else:
                blockers.append(
                    _(
                        "There are still %(records)s belonging to this organisation; move them to another "
                        "organisation or designate a successor organisation and move them there before "
                        "deleting it."
                    )
                    % {"records": records}
                )
        return blockers

    def ancestors(self):
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        return Organisation.all_objects.filter(pk__in=ids).order_by("depth")

    def descendants(self):
        return Organisation.objects.filter(path__startswith=self.path).exclude(pk=self.pk)


class SharingRule(ValidityMixin, BaseModel):
    """Lets a viewer organisation see an owner organisation's records of one kind (or all kinds).

    In ``totals`` mode only counts and figures are shared; in ``full`` mode the records themselves.
    """

    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner organisation"), on_delete=models.CASCADE, related_name="shares_given"
    )
    viewer = models.ForeignKey(
        Organisation, verbose_name=_("viewer organisation"), on_delete=models.CASCADE, related_name="shares_received"
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("record type"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Empty: every record type."),
    )
    mode = models.CharField(_("mode"), max_length=10, choices=SharingMode.choices, default=SharingMode.FULL)
    agreement = models.ForeignKey(
        "Agreement",
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sharing_rules",
        help_text=_("A rule set by an agreement holds only while the agreement is in force."),
    )
    include_subtree = models.BooleanField(_("include subordinate organisations"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    access_org_field = "owner"
    access_participant_fields = ("viewer",)  # the receiving side knows what it is given
    access_edit_role = Role.ADMIN
    search_fields = ("owner__name", "viewer__name", "note")

    class Meta:
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")
        ordering = ["owner__name", "viewer__name"]

    def __str__(self):
        return f"{self.owner} → {self.viewer}"

    def clean(self):
        self.clean_validity()
        if self.owner_id and self.owner_id == self.viewer_id:
            raise ValidationError({"viewer": _("An organisation already sees its own records.")})


class Agreement(ValidityMixin, BaseModel):
    """A coordination regulation (Quy chế phối hợp) between two or more organisations.

    ``valid_from``/``valid_to`` are its effective period. The owner maintains it; every party reads it.
    """

    number = models.CharField(_("number and symbol"), max_length=60)
    title = models.CharField(_("title"), max_length=500)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("maintained by"), on_delete=models.PROTECT, related_name="agreements_owned"
    )
    parties = models.ManyToManyField(Organisation, verbose_name=_("parties"), related_name="agreements")
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_agreement",
    )
    summary = models.TextField(_("summary"), blank=True)

    access_org_field = "owner"
    access_participant_fields = ("parties",)
    search_fields = ("number", "title", "summary")
    attachments_enabled = True

    class Meta:
        verbose_name = _("coordination agreement")
        verbose_name_plural = _("coordination agreements")
        ordering = ["-signed_on", "number"]
        indexes = [
            models.Index(fields=["-signed_on", "number"], condition=LIVE, name="orgs_agreement_order"),
        ]

    def __str__(self):
        return f"{self.number} — {self.title}" if self.number else self.title

    def clean(self):
        self.clean_validity()
        if self.previous_id and self.previous_id == self.pk:
            raise ValidationError({"previous": _("An agreement cannot replace itself.")})


class Clause(BaseModel):
    """A numbered article of an agreement, with the parties responsible for it."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="clauses"
    )
    number = models.PositiveSmallIntegerField(_("article"))
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"), blank=True)
    responsible = models.ManyToManyField(
        Organisation, verbose_name=_("responsible parties"), blank=True, related_name="responsible_clauses"
    )
    review_frequency = models.CharField(
        _("review frequency"), max_length=12, choices=ReviewFrequency.choices, default=ReviewFrequency.YEARLY
    )
    expected_evidence = models.TextField(_("expected evidence"), blank=True)

    access_org_field = "agreement__owner"
    access_participant_fields = ("agreement__parties",)
    search_fields = ("title", "content", "agreement__number")

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                condition=Q(deleted_at__isnull=True),
                name="clause_unique_number",
                violation_error_message=_("This agreement already has an article with this number."),
            )
        ]

    def __str__(self):
        return _("Article %(number)s. %(title)s") % {"number": self.number, "title": self.title}
