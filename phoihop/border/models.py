"""The border registry: segments of the line, gates, markers, patrols and marker inspections."""

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.border.choices import BorderLine, Condition, GateClass, GateStatus, MarkerForm, MarkerKind, PatrolKind
from phoihop.core.models import LIVE, BaseModel
from phoihop.core.validators import HAPPENED, LATITUDE, LONGITUDE, NON_NEGATIVE

COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


class BorderSegment(BaseModel):
    """A stretch of the border line in the care of one post; the geometry is a GeoJSON LineString."""

    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    post = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("responsible post"), on_delete=models.PROTECT, related_name="segments"
    )
    geometry = models.JSONField(_("geometry (GeoJSON LineString)"), default=dict, blank=True)
    length_km = models.DecimalField(
        _("length (km)"), max_digits=8, decimal_places=3, null=True, blank=True, editable=False, validators=NON_NEGATIVE
    )
    note = models.TextField(_("note"), blank=True)

    access_org_field = "post"
    search_fields = ("code", "name")

    class Meta:
        verbose_name = _("border segment")
        verbose_name_plural = _("border segments")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=Q(deleted_at__isnull=True), name="segment_code")
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def clean(self):
        from phoihop.border.geometry import line_length_km, validate_line

        if self.geometry:
            validate_line(self.geometry)
            self.length_km = line_length_km(self.geometry)
        else:
            self.length_km = None


class Gate(BaseModel):
    """A border gate (cửa khẩu) or crossing point (lối mở)."""

    name = models.CharField(_("name"), max_length=200)
    gate_class = models.CharField(_("class"), max_length=14, choices=GateClass.choices)
    status = models.CharField(_("status"), max_length=12, choices=GateStatus.choices, default=GateStatus.OPEN)
    transport = models.CharField(_("transport"), max_length=100, blank=True, help_text=_("road, railway …"))
    counterpart = models.CharField(_("paired gate on the other side"), max_length=200, blank=True)
    commune = models.ForeignKey(
        "orgs.Area", verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("responsible post"), on_delete=models.PROTECT, related_name="gates"
    )
    latitude = models.DecimalField(_("latitude"), validators=LATITUDE, **COORD)
    longitude = models.DecimalField(_("longitude"), validators=LONGITUDE, **COORD)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "post"
    search_fields = ("name", "counterpart", "commune__name")
    attachments_enabled = True

    class Meta:
        verbose_name = _("border gate")
        verbose_name_plural = _("border gates")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["name", "id"], condition=LIVE, name="border_gate_order"),
        ]

    def __str__(self):
        return self.name


#: the code of the error for a number its border line already has (``Marker.full_clean`` puts it on ``number``)
NUMBER_TAKEN = "number_taken"


class Marker(BaseModel):
    """A border marker (cột mốc). Its condition follows its latest inspection.

    Each border line numbers its markers from 1 on its own: a marker is identified by its line and its number,
    unique among live markers. Its position must lie in the box of its post's province
    (``coordinates.province_bounds``)."""

    border_line = models.CharField(
        _("border line"),
        max_length=2,
        choices=BorderLine.choices,
        default=BorderLine.CN,
        db_default=BorderLine.CN,  # rows written outside the ORM (bulk loads) are on the Vietnam–China line too
    )
    number = models.CharField(_("number"), max_length=20)
    sort_key = models.CharField(max_length=20, editable=False, db_index=True, default="")
    kind = models.CharField(_("kind"), max_length=10, choices=MarkerKind.choices, blank=True)
    form = models.CharField(_("form"), max_length=8, choices=MarkerForm.choices, blank=True)
    material = models.CharField(_("material"), max_length=100, blank=True)
    latitude = models.DecimalField(_("latitude (WGS 84)"), validators=LATITUDE, **COORD)
    longitude = models.DecimalField(_("longitude (WGS 84)"), validators=LONGITUDE, **COORD)
    vn2000_x = models.DecimalField(_("X (northing, VN-2000)"), max_digits=12, decimal_places=3, null=True, blank=True)
    vn2000_y = models.DecimalField(_("Y (easting, VN-2000)"), max_digits=12, decimal_places=3, null=True, blank=True)
    vn2000_grid = models.CharField(_("VN-2000 grid"), max_length=20, blank=True)
    elevation_m = models.DecimalField(_("elevation (m)"), max_digits=7, decimal_places=2, null=True, blank=True)
    commune = models.ForeignKey(
        "orgs.Area", verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    post = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("responsible post"), on_delete=models.PROTECT, related_name="markers"
    )
    segment = models.ForeignKey(
        BorderSegment,
        verbose_name=_("segment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="markers",
    )
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.INTACT, editable=False
    )
    last_inspected_on = models.DateField(_("last inspected on"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "post"
    search_fields = ("number", "commune__name", "note")
    attachments_enabled = True

    class Meta:
        verbose_name = _("border marker")
        verbose_name_plural = _("border markers")
        ordering = ["sort_key"]
        indexes = [
            models.Index(fields=["post", "sort_key"], condition=LIVE, name="border_marker_post_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["border_line", "number"],
                condition=Q(deleted_at__isnull=True),
                name="marker_line_number",
                violation_error_message=_("This border line already has a marker with this number."),
                violation_error_code=NUMBER_TAKEN,
            )
        ]

    def __str__(self):
        # A number means something only with its line; the Vietnam–China line, where most markers stand, is the
        # one a bare "Mốc 979" names.
        if self.border_line and self.border_line != BorderLine.CN:
            return _("Marker %(number)s (%(line)s)") % {"number": self.number, "line": self.get_border_line_display()}
        return _("Marker %(number)s") % {"number": self.number}

    def full_clean(self, *args, **kwargs):
        """Django reports a constraint on two fields for the whole record; a number its line already has is an
        error of the number, so the form shows it at the field, the API under ``number`` and an import in the
        number column."""
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict({})
            whole = errors.pop(NON_FIELD_ERRORS, [])
            taken = [item for item in whole if getattr(item, "code", None) == NUMBER_TAKEN]
            rest = [item for item in whole if getattr(item, "code", None) != NUMBER_TAKEN]
            if taken:
                errors.setdefault("number", []).extend(taken)
            if rest:
                errors[NON_FIELD_ERRORS] = rest
            raise ValidationError(errors) from None

    def clean(self):
        from phoihop.border import coordinates, markers

        try:
            parsed = markers.parse_marker_number(self.number, border_line=self.border_line or BorderLine.CN)
        except ValidationError as error:
            raise ValidationError({"number": error.error_list}) from None
        self.number, self.sort_key = parsed.normalized, markers.sort_key(parsed)
        self.kind = self.kind or markers.kind_of(parsed)
        self.form = self.form or markers.form_of(parsed)
        has_grid = self.vn2000_x is not None and self.vn2000_y is not None
        if has_grid:
            grid = self.vn2000_grid or coordinates.DEFAULT_GRID
            try:
                coordinates.validate_vn2000(float(self.vn2000_x), float(self.vn2000_y), grid)
            except ValidationError as error:
                raise ValidationError({"vn2000_x": error.error_list}) from None
            lat, lon = coordinates.vn2000_to_wgs84(float(self.vn2000_x), float(self.vn2000_y), grid)
            self.vn2000_grid = grid
            self.latitude, self.longitude = Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both latitude and longitude, or neither.")})
        if self.latitude is not None:
            bounds, province = coordinates.province_bounds(self.post if self.post_id else None)
            if not coordinates.inside_province(float(self.latitude), float(self.longitude), bounds):
                if province is None:
                    error = ValidationError(_("The position is outside Vietnam."), code="outside")
                else:
                    error = ValidationError(
                        _("The position is outside %(province)s."), code="outside", params={"province": province.name}
                    )
                raise ValidationError({"latitude": error})


class Patrol(BaseModel):
    """A patrol or control along the border by a post, alone or jointly with the other side."""

    post = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("post"), on_delete=models.PROTECT, related_name="patrols"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PatrolKind.choices, default=PatrolKind.PATROL)
    started_at = models.DateTimeField(_("started at"), validators=HAPPENED)
    ended_at = models.DateTimeField(_("ended at"))
    segment = models.ForeignKey(
        BorderSegment,
        verbose_name=_("segment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patrols",
    )
    route = models.CharField(_("route"), max_length=300, blank=True)
    border_guards = models.PositiveSmallIntegerField(_("border guards"), default=0)
    militia = models.PositiveSmallIntegerField(_("militia"), default=0)
    people = models.PositiveSmallIntegerField(_("people"), default=0)
    police = models.PositiveSmallIntegerField(_("police"), default=0)
    findings = models.TextField(_("findings"), blank=True)
    track = models.JSONField(_("GPS track"), default=list, blank=True, editable=False)

    access_org_field = "post"
    search_fields = ("route", "findings")
    attachments_enabled = True

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["-started_at", "-id"], condition=LIVE, name="border_patrol_order"),
            models.Index(fields=["post", "-started_at", "-id"], condition=LIVE, name="border_patrol_post_order"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.post} ({self.started_at:%d/%m/%Y})"

    def clean(self):
        if self.started_at and self.ended_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("The patrol cannot end before it starts.")})


class Inspection(BaseModel):
    """A check of one marker. Recorded by the marker's post; a serious finding opens a follow-up task."""

    marker = models.ForeignKey(Marker, verbose_name=_("marker"), on_delete=models.CASCADE, related_name="inspections")
    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), on_delete=models.SET_NULL, null=True, blank=True, related_name="inspections"
    )
    inspected_on = models.DateField(_("date"), validators=HAPPENED)
    inspecting_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("inspecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices)
    notes = models.TextField(_("notes"), blank=True)
    follow_up_task = models.ForeignKey(
        "work.Task",
        verbose_name=_("follow-up task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="inspections",
    )

    access_org_field = "marker__post"
    search_fields = ("marker__number", "notes")
    attachments_enabled = True

    class Meta:
        verbose_name = _("marker inspection")
        verbose_name_plural = _("marker inspections")
        ordering = ["-inspected_on", "-pk"]
        indexes = [
            models.Index(fields=["-inspected_on", "-id"], condition=LIVE, name="border_inspection_order"),
            models.Index(fields=["marker", "-inspected_on", "-id"], condition=LIVE, name="border_insp_marker_order"),
        ]

    def __str__(self):
        return f"{self.marker} — {self.get_condition_display()} ({self.inspected_on:%d/%m/%Y})"


class OverdueNotice(models.Model):
    """A marker's posts were told it is overdue for inspection, once per marker and period.

    ``period`` is the overdue period (see ``phoihop.border.schedule.overdue_period``): the date the marker became
    due for inspection and the number of whole inspection intervals since then, e.g. "2025-07-01+0". The unique
    constraint makes the daily job notify each marker once per period, even when it runs twice or on two
    workers at the same time."""

    marker = models.ForeignKey(Marker, on_delete=models.CASCADE, related_name="overdue_notices")
    period = models.CharField(_("period"), max_length=24)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("overdue inspection notice")
        verbose_name_plural = _("overdue inspection notices")
        constraints = [models.UniqueConstraint(fields=["marker", "period"], name="overdue_notice_once")]

    def __str__(self):
        return f"{self.marker} — {self.period}"
