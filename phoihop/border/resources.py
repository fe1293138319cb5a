"""Excel/CSV import and export of border markers, with VN-2000 grid coordinates.

Columns: ``number``, ``border_line``, ``kind``, ``form``, ``material``, ``x``, ``y``, ``elevation``, ``commune``
(area code), ``post`` (organisation code), ``note``, ``latitude``, ``longitude`` and ``grid``.

* ``x`` is the VN-2000 **northing** (about 2,400,000 m in Lạng Sơn) and ``y`` the **easting** (about
  400,000–600,000 m), as Vietnamese surveyors write them. They go to ``vn2000_x``/``vn2000_y``; one grid, chosen on
  the import page, applies to every row of the file (``MarkerResource(grid=…)``), and ``Marker.clean`` converts
  them to WGS 84 latitude/longitude, replacing any latitude/longitude in the row.
* A row without X/Y may give WGS 84 ``latitude``/``longitude`` instead.
* ``grid`` is exported (each marker's own grid) but never imported: when a file carries it, a row whose grid is
  not the one chosen for the file is refused, so re-importing an export of markers on several grids cannot move
  any of them.
* ``border_line`` (code or label in any of the site's languages: "CN", "Việt Nam – Trung Quốc", "Vietnam–China")
  is the border the marker stands on; a blank cell, or a file without the column, means Vietnam–China. Each line
  numbers its markers from 1, so the natural key (``import_id_fields``) is the line and the number: a row updates
  the marker with that line and number when it belongs to one of the importer's own posts; a line and number that
  exist in any other post are refused, never updated. Two rows with the same number on the same line (after
  normalisation: "0261 (1)" is "261(1)") are refused on the second row; the same number on two lines is two
  markers.

Errors are reported by spreadsheet row and by the file's column name (``x``, not ``vn2000_x``).

Exports head the columns with their labels in the user's language (``column_labels``: "Số hiệu mốc", "Mã xã" …),
kind and form by label, and add for reading the marker's condition, its last inspection (a date), whether its
inspection is overdue (Có/Không, ``schedule.overdue_q``), the names of its commune and post, and its segment.
Re-imported, the labels are read as the column names and the columns for reading are ignored.

Other record types name markers through ``MarkerWidget`` (one: a case's nearest marker) and ``MarkersWidget``
(several: a self-management team's): a bare number ("979") when it is on one line among the markers the importer may
use, else the line's code and the number ("LA-12", "CN-979"); see ``MarkerLookup``.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from phoihop.border import coordinates, markers
from phoihop.border.choices import BorderLine, Condition
from phoihop.border.models import Marker
from phoihop.core.importexport import (
    ChoicesWidget,
    DateWidget,
    DecimalWidget,
    DisplayWidget,
    GatedInstanceLoader,
    RecordResource,
    ScopedForeignKeyWidget,
    ScopedManyToManyWidget,
    YesNoWidget,
    field_label,
)
from phoihop.core.text import nfc
from phoihop.orgs.forms import local_areas_q
from phoihop.orgs.models import Area, Organisation

#: model attribute → column name, where they differ
COLUMNS = {"vn2000_x": "x", "vn2000_y": "y", "elevation_m": "elevation", "vn2000_grid": "grid"}
MILLIMETRE = Decimal("0.001")


class MarkerNumberWidget(widgets.CharWidget):
    """A marker number, normalised ("mốc 0261 (1)" → "261(1)") so that it finds the stored marker.

    A malformed number is kept as typed: ``Marker.clean`` reports it once, against ``number``, with the parser's
    message. The range is not checked here (it depends on the row's border line): ``Marker.clean`` does."""

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))  # a spreadsheet cell holding 1116 as a number
        return normalized_number(text)

    def render(self, value, obj=None, **kwargs):
        return value or ""


def normalized_number(text) -> str:
    """A marker number in its canonical form on any line ("mốc 0261 (1)" → "261(1)"), or the text as it is."""
    try:
        return markers.parse_marker_number(text, max_main=markers.MAX_SORTABLE_MAIN_NUMBER).normalized
    except ValidationError:
        return text


class BorderLineWidget(ChoicesWidget):
    """A border line by code or label; a blank cell is the Vietnam–China line."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value, row, **kwargs) or BorderLine.CN


#: a marker named with its line: "LA-12", "cn-979", "KH - 519/2" (a marker number never holds a hyphen)
QUALIFIED_MARKER = re.compile(r"\s*([A-Za-z]{2})\s*-\s*(\S.*?)\s*")


def marker_text(value) -> str:
    """A cell as text: a spreadsheet number 979 (or 979.0) is "979"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(nfc(value)).strip()


def marker_reference(value) -> tuple[str | None, str]:
    """(border line or None for a bare number, normalised number) of a cell naming a marker ("LA-12" → ("LA",
    "12"), "mốc 0979" → (None, "979")). An unknown line code ("TH-12") is a ValueError."""
    text = marker_text(value)
    match = QUALIFIED_MARKER.fullmatch(text)
    if match is None:
        return None, normalized_number(text)
    code = match[1].upper()
    if code not in BorderLine.values:
        raise ValueError(
            _("“%(value)s”: %(code)s is not a border line. Write the line as %(codes)s, e.g. LA-12.")
            % {"value": text, "code": match[1], "codes": ", ".join(BorderLine.values)}
        )
    return code, normalized_number(match[2])


def marker_code(marker) -> str:
    """How an import names ``marker``: its number on the Vietnam–China line ("979"), else line and number ("LA-12")."""
    if not marker.border_line or marker.border_line == BorderLine.CN:
        return marker.number
    return f"{marker.border_line}-{marker.number}"


class MarkerLookup:
    """Markers named in an import's cell by number: "979" when that number is on one line only among the markers
    the importer may use, else with the line ("LA-12", "CN-979"). Shared by the one-marker (``MarkerWidget``) and
    the several-marker (``MarkersWidget``) columns of every resource that names markers; the importer's scope is the
    widget's ``queryset``, which ``RecordResource`` sets. Errors are ValueErrors, reported in the row and column.

    Export writes ``marker_code``, with one exception so that a file imports back: a Vietnam–China marker whose
    number the exporter also sees on another line is written "CN-979" (a file of a Vietnam–China-only province is
    unchanged)."""

    _other_lines = None

    def base_queryset(self):
        return self.queryset if self.queryset is not None else Marker.objects.all()

    def find_markers(self, values) -> list:
        """The marker each of ``values`` names, in the same order (one query); a ValueError naming every value
        that names none, or several."""
        wanted = [(value, *marker_reference(value)) for value in values]
        numbers = sorted({number for _value, _line, number in wanted if number})
        candidates = {}
        if numbers:
            for marker in self.base_queryset().filter(number__in=numbers).order_by():
                candidates.setdefault(marker.number, []).append(marker)
        found, missing, problems = [], [], []
        order = list(BorderLine.values)
        for value, line, number in wanted:
            matches = [marker for marker in candidates.get(number, ()) if line is None or marker.border_line == line]
            if len(matches) == 1:
                found.append(matches[0])
            elif not matches:
                missing.append(f"“{marker_text(value)}”")
            else:
                lines = sorted({marker.border_line for marker in matches}, key=order.index)
                example = next((code for code in lines if code != BorderLine.CN), lines[-1])
                problems.append(
                    _("Marker %(number)s is on several border lines (%(lines)s): write the line, e.g. %(example)s.")
                    % {
                        "number": number,
                        "lines": ", ".join(str(BorderLine(code).label) for code in lines),
                        "example": f"{example}-{number}",
                    }
                )
        if missing:
            problems.insert(
                0, _("No marker %(values)s among the markers you may use.") % {"values": ", ".join(missing)}
            )
        if problems:
            raise ValueError(" ".join(problems))
        return found

    def render_marker(self, marker) -> str:
        if marker.border_line in ("", BorderLine.CN) and marker.number in self.numbers_on_other_lines():
            return f"{BorderLine.CN}-{marker.number}"
        return marker_code(marker)

    def numbers_on_other_lines(self) -> set:
        """The numbers the exporter sees on a line other than Vietnam–China (read once per widget, i.e. per
        export)."""
        if self._other_lines is None:
            self._other_lines = set(
                self.base_queryset().exclude(border_line=BorderLine.CN).values_list("number", flat=True).order_by()
            )
        return self._other_lines


class MarkerWidget(MarkerLookup, ScopedForeignKeyWidget):
    """One marker by number ("979") or by line and number ("LA-12"): see ``MarkerLookup``."""

    def __init__(self, **kwargs):
        super().__init__(Marker, "number", **kwargs)

    def get_instance_by_lookup_fields(self, value, row, **kwargs):
        return self.find_markers([value])[0]

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.render_marker(value)


class MarkersWidget(MarkerLookup, ScopedManyToManyWidget):
    """Several markers, comma separated, each by number or by line and number: see ``MarkerLookup``."""

    def __init__(self, **kwargs):
        super().__init__(Marker, field="number", **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = nfc(value)
        if value in (None, ""):
            return Marker.objects.none()
        values = [value] if isinstance(value, (int, float)) else str(value).split(self.separator)
        values = [part for part in values if marker_text(part)]
        if not values:
            return Marker.objects.none()
        return self.base_queryset().filter(pk__in=[marker.pk for marker in self.find_markers(values)])

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return self.separator.join(self.render_marker(marker) for marker in value.all())


class MarkerInstanceLoader(GatedInstanceLoader):
    """The markers a file's rows update, found by (border line, number) in a few queries.

    The base class reads the records of a one-field key in chunks and looks a key of several fields up row by row;
    a marker's key has two, so this reads the markers the importer may change that carry one of the file's numbers
    (on any line), in chunks, and keys them by line and number. Markers an earlier row creates are remembered."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)  # a key of two fields: the base class reads nothing ahead
        self.cache = {}
        numbers = set()
        for row in dataset.dict if dataset is not None else ():
            key = self._key(row)
            if key is not None and key[1]:
                numbers.add(key[1])
        numbers = sorted(numbers)
        for start in range(0, len(numbers), self.CHUNK):
            for marker in self.get_queryset().filter(number__in=numbers[start : start + self.CHUNK]):
                self.cache.setdefault((marker.border_line, marker.number), marker)

    def _key(self, row):
        try:
            return self.resource.marker_key(row)
        except (ValueError, ValidationError, TypeError, KeyError):
            return None

    def get_instance(self, row):
        return self.cache.get(self.resource.marker_key(row))

    def remember(self, instance):
        self.cache.setdefault((instance.border_line, instance.number), instance)


class CoordinateWidget(widgets.Widget):
    """A VN-2000 X or Y: a number, or text in the Vietnamese or English way ("2.414.000,25", "2 414 000.25")."""

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        try:
            return Decimal(repr(coordinates.parse_coordinate(value)))
        except ValueError:
            raise ValueError(str(coordinates.MSG_NOT_NUMERIC)) from None

    def render(self, value, obj=None, **kwargs):
        return value


class RoundedDecimalWidget(DecimalWidget):
    """A decimal rounded to the places the model keeps (Excel hands over 21.950000000000003)."""

    def __init__(self, places, **kwargs):
        super().__init__(**kwargs)
        self.quantum = Decimal(1).scaleb(-places)

    def clean(self, value, row=None, **kwargs):
        number = super().clean(value, row, **kwargs)
        if number is None or not number.is_finite():
            return number
        return number.quantize(self.quantum, rounding=ROUND_HALF_UP)

    def render(self, value, obj=None, **kwargs):
        return value


class MarkerResource(RecordResource):
    scope_fields = ("post",)
    column_labels = {
        "number": gettext_lazy("Marker number"),
        "border_line": field_label(Marker, "border_line"),
        "kind": gettext_lazy("Marker kind"),
        "form": gettext_lazy("Marker form"),
        "condition": field_label(Marker, "condition"),
        "last_inspected_on": field_label(Marker, "last_inspected_on"),
        "inspection_overdue": gettext_lazy("Inspection overdue"),
        "post": gettext_lazy("Responsible border post code"),
        "post_name": gettext_lazy("Responsible border post"),
        "commune": gettext_lazy("Commune code"),
        "commune_name": gettext_lazy("Commune name"),
        "segment": field_label(Marker, "segment"),
        "material": field_label(Marker, "material"),
        "x": field_label(Marker, "vn2000_x"),
        "y": field_label(Marker, "vn2000_y"),
        "elevation": field_label(Marker, "elevation_m"),
        "latitude": field_label(Marker, "latitude"),
        "longitude": field_label(Marker, "longitude"),
        "grid": field_label(Marker, "vn2000_grid"),
        "note": field_label(Marker, "note"),
    }

    number = fields.Field(attribute="number", column_name="number", widget=MarkerNumberWidget())
    border_line = fields.Field(
        attribute="border_line", column_name="border_line", widget=BorderLineWidget(BorderLine.choices)
    )
    x = fields.Field(attribute="vn2000_x", column_name="x", widget=CoordinateWidget())
    y = fields.Field(attribute="vn2000_y", column_name="y", widget=CoordinateWidget())
    elevation = fields.Field(attribute="elevation_m", column_name="elevation", widget=RoundedDecimalWidget(2))
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    post = fields.Field(attribute="post", column_name="post", widget=ScopedForeignKeyWidget(Organisation, "code"))
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=RoundedDecimalWidget(6))
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=RoundedDecimalWidget(6))
    # exported for information; checked, never written, on import (see the module docstring)
    grid = fields.Field(attribute="vn2000_grid", column_name="grid", readonly=True)
    # exported for reading, ignored on import: the state the inspections give, the names of the related records
    condition = fields.Field(
        attribute="condition", column_name="condition", readonly=True, widget=ChoicesWidget(Condition.choices)
    )
    last_inspected_on = fields.Field(
        attribute="last_inspected_on", column_name="last_inspected_on", readonly=True, widget=DateWidget()
    )
    inspection_overdue = fields.Field(
        attribute="inspection_overdue", column_name="inspection_overdue", readonly=True, widget=YesNoWidget()
    )
    post_name = fields.Field(attribute="post__name", column_name="post_name", readonly=True)
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)
    segment = fields.Field(attribute="segment", column_name="segment", readonly=True, widget=DisplayWidget())

    class Meta(RecordResource.Meta):
        model = Marker
        import_id_fields = ["border_line", "number"]
        instance_loader_class = MarkerInstanceLoader
        fields = [
            "number",
            "border_line",
            "kind",
            "form",
            "condition",
            "last_inspected_on",
            "inspection_overdue",
            "post",
            "post_name",
            "commune",
            "commune_name",
            "segment",
            "material",
            "x",
            "y",
            "elevation",
            "latitude",
            "longitude",
            "grid",
            "note",
        ]
        export_order = fields
        store_instance = True  # the preview shows each row's computed WGS 84 position

    def __init__(self, user=None, grid=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.grid = coordinates.get_grid(grid or coordinates.DEFAULT_GRID)
        commune = self.fields["commune"].widget
        if user is not None:
            base = commune.queryset if commune.queryset is not None else Area.objects.all()
            commune.queryset = base.filter(local_areas_q(), is_border_commune=True)
        self._seen = {}

    # --- import ------------------------------------------------------------------------------------------

    def preview_columns(self, instance):
        return [None if value is None else str(value) for value in (instance.latitude, instance.longitude)]

    def marker_key(self, row):
        """(border line, normalised number): the marker a row stands for. No ``border_line`` column: Vietnam–China."""
        line = self.fields["border_line"].clean(row) if "border_line" in row else BorderLine.CN
        return line, self.fields["number"].clean(row)

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        # (line, normalised number) → spreadsheet row of its first occurrence; reset on every pass
        self._seen = {}
        # the file's numbers already taken on some line by any live marker (visible or not), read once:
        # (line, number) → marker ids
        numbers = sorted(
            {self.fields["number"].widget.clean(row.get("number")) for row in dataset.dict if "number" in row} - {""}
        )
        self._taken = {}
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            rows = Marker.objects.filter(number__in=chunk).values_list("pk", "border_line", "number")
            for pk, line, number in rows:
                self._taken.setdefault((line, number), set()).add(pk)

    def _check_import_id_fields(self, headers):
        # django-import-export wants every key column in the file; the border line may be left out (the
        # Vietnam–China line, as the markers of a file made before there were several lines)
        if headers and "border_line" not in headers:
            headers = [*headers, "border_line"]
        super()._check_import_id_fields(headers)

    def get_instance(self, instance_loader, row):
        if "number" not in row:
            return None  # every row is new (and refused: a marker needs a number)
        try:
            return instance_loader.get_instance(row)  # without a border_line column too: the Vietnam–China line
        except (ValueError, ValidationError, Marker.MultipleObjectsReturned):
            return None  # reported against its column when the row is read

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self._check_grid(instance, row, errors)
        self._check_number(instance, self.spreadsheet_row(kwargs.get("row_number")), errors)
        if errors:
            raise ValidationError(errors)

    def _check_grid(self, instance, row, errors):
        """Put the file's grid on a row that gives X and Y, so that ``Marker.clean`` converts with it."""
        declared = row.get("grid")
        if declared not in (None, ""):
            try:
                same = coordinates.get_grid(declared).code == self.grid.code
            except ValidationError:
                same = False
            if not same:
                message = _(
                    "This row is on the grid %(row_grid)s but the file is imported on %(grid)s. Import the rows of "
                    "each grid in a separate file, choosing that grid."
                ) % {"row_grid": declared, "grid": self.grid.label}
                errors.setdefault("vn2000_grid", []).append(ValidationError(message, code="grid"))
        gives = {column: row.get(column) not in (None, "") for column in ("x", "y") if column in row}
        if any(gives.values()):
            instance.vn2000_grid = self.grid.code
            for column, attribute in (("x", "vn2000_x"), ("y", "vn2000_y")):
                if not gives.get(column) and attribute not in errors:
                    errors[attribute] = [ValidationError(coordinates.MSG_REQUIRED, code="required")]
            for attribute in ("vn2000_x", "vn2000_y"):
                value = getattr(instance, attribute)
                if value is None or attribute in errors:
                    continue
                if self.grid.projected:
                    setattr(instance, attribute, value.quantize(MILLIMETRE, rounding=ROUND_HALF_UP))
                elif value != value.quantize(MILLIMETRE):
                    message = _(
                        "Coordinates on geographic VN-2000 are kept to 3 decimals of a degree (about 100 m) only. "
                        "Give them in metres on a VN-2000 grid, or as WGS 84 latitude and longitude."
                    )
                    errors.setdefault(attribute, []).append(ValidationError(message, code="precision"))
        elif len(gives) == 2:
            instance.vn2000_grid = ""  # X and Y cleared: the row gives latitude/longitude, or no position

    def _check_number(self, instance, spreadsheet_row, errors):
        """Refuse a number repeated on one line in the file, or taken on its line by a marker the importer may not
        change. The same number on two lines is two markers."""
        if "number" in errors or "border_line" in errors:
            return
        try:
            number = markers.parse_marker_number(instance.number, max_main=markers.MAX_SORTABLE_MAIN_NUMBER).normalized
        except ValidationError:
            return  # Marker.clean reports it
        line = instance.border_line or BorderLine.CN
        params = {"number": number, "line": BorderLine(line).label if line in BorderLine.values else line}
        first = self._seen.setdefault((line, number), spreadsheet_row)
        if first != spreadsheet_row:
            message = _("Marker number %(number)s on the %(line)s border already appears in row %(row)s of this file.")
            errors["number"] = [ValidationError(message % {**params, "row": first}, code="duplicate")]
            return
        taken = self._taken.get((line, number), set()) - {instance.pk}
        if taken:
            message = _(
                "A marker with number %(number)s on the %(line)s border already exists in a post whose markers you "
                "may not change; it is not updated."
            )
            errors["number"] = [ValidationError(message % params, code="taken")]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self._by_column(error, instance, set(import_validation_errors or ()))) from None

    def _by_column(self, error, instance, cell_errors):
        """The errors keyed by the file's column names, each message once."""
        gives_grid = instance.vn2000_x is not None and instance.vn2000_y is not None
        result = {}
        for field, field_errors in error.error_dict.items():
            column = COLUMNS.get(field, field)
            if gives_grid and field in ("latitude", "longitude") and field not in cell_errors:
                column = "x"  # the model's "outside the province" for a position computed from X and Y
            texts = result.setdefault(column, {})
            for item in field_errors:
                for text in item.messages:
                    texts.setdefault(text, ValidationError(text, code=item.code))
        return {column: list(texts.values()) for column, texts in result.items()}

    # --- export ------------------------------------------------------------------------------------------

    def get_queryset(self):
        return super().get_queryset().select_related("post", "commune")

    def filter_export(self, queryset, **kwargs):
        """The related records in the same query, and whether each marker's inspection is overdue today (the
        schedule's definition): an export's queries do not grow with its rows."""
        from phoihop.border.schedule import overdue_q

        overdue = ExpressionWrapper(overdue_q(timezone.localdate()), output_field=BooleanField())
        return queryset.select_related("post", "commune", "segment").annotate(inspection_overdue=overdue)
