from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.border.choices import BorderLine
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.core.forms import BaseModelForm
from phoihop.orgs.forms import local_areas_q


class MarkerForm(BaseModelForm):
    scope_fields = ("post",)

    class Meta:
        model = Marker
        fields = [
            "border_line",
            "number",
            "kind",
            "form",
            "material",
            "vn2000_x",
            "vn2000_y",
            "vn2000_grid",
            "latitude",
            "longitude",
            "elevation_m",
            "commune",
            "post",
            "segment",
            "note",
        ]
        help_texts = {
            "vn2000_x": _(
                "X is the northing (about 2,400,000 m in Lạng Sơn); Y is the easting (about 400,000–600,000 m)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = self.fields["commune"].queryset.filter(
            local_areas_q(), is_border_commune=True
        )
        self.fields["vn2000_grid"].help_text = _("Empty: VN-2000 / TM-3 107°15′ (EPSG:9215), Lạng Sơn's grid.")
        # The page always sends a line (the choice starts on Vietnam–China); a post without one keeps the marker's.
        self.fields["border_line"].required = False

    def clean_border_line(self):
        return self.cleaned_data.get("border_line") or self.instance.border_line or BorderLine.CN


class GateForm(BaseModelForm):
    scope_fields = ("post",)

    class Meta:
        model = Gate
        fields = [
            "name",
            "gate_class",
            "status",
            "transport",
            "counterpart",
            "commune",
            "post",
            "latitude",
            "longitude",
            "opening_hours",
            "note",
        ]


class SegmentForm(BaseModelForm):
    scope_fields = ("post",)
    geometry_file = forms.FileField(label=_("GeoJSON or KML file"), required=False)

    class Meta:
        model = BorderSegment
        fields = ["code", "name", "post", "note"]

    def clean(self):
        from phoihop.border.geometry_files import read_line

        cleaned = super().clean()
        upload = cleaned.get("geometry_file")
        if upload is not None:
            try:
                self.instance.geometry = read_line(upload.read(), upload.name)
            except forms.ValidationError as error:
                self.add_error("geometry_file", error)
        return cleaned


class PatrolForm(BaseModelForm):
    scope_fields = ("post",)
    gpx = forms.FileField(label=_("GPS track (GPX)"), required=False)

    class Meta:
        model = Patrol
        fields = [
            "post",
            "kind",
            "started_at",
            "ended_at",
            "segment",
            "route",
            "border_guards",
            "militia",
            "people",
            "police",
            "findings",
        ]

    def clean(self):
        from phoihop.border.geometry_files import read_gpx

        cleaned = super().clean()
        upload = cleaned.get("gpx")
        if upload is not None:
            try:
                self.instance.track = read_gpx(upload.read())
            except forms.ValidationError as error:
                self.add_error("gpx", error)
        return cleaned


class InspectionForm(BaseModelForm):
    class Meta:
        model = Inspection
        fields = ["marker", "patrol", "inspected_on", "condition", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            # Only the markers of the user's own posts can be inspected by them.
            self.fields["marker"].queryset = Marker.objects.restrict(self.user, "change")
            self.fields["patrol"].queryset = Patrol.objects.restrict(self.user, "change")
