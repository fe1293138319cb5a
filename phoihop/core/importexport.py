"""Excel/CSV import and export of any record type, through the access gate.

A record type declares a ``RecordResource`` (django-import-export) listing its columns. Exports write the
filtered, gated queryset. Imports run twice: a dry run that reports every bad row with its spreadsheet
row number and field, then — only if every row is valid — the real run, in one transaction, saving each
row through :func:`phoihop.core.services.record_save` (so history, versions and scope checks apply).
"""

import csv
import io

import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from phoihop.core.access import allowed_organisations
from phoihop.core.services import record_save
from phoihop.core.spreadsheets import safe_dataset
from phoihop.core.text import nfc

XLSX = "xlsx"
CSV = "csv"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a natural field (a code) among the records the importer may use."""

    queryset = None

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset if self.queryset is not None else self.model.objects.all()

    def clean(self, value, row=None, **kwargs):
        value = nfc(value)
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                _("No %(model)s with %(field)s “%(value)s” that you may use.")
                % {"model": self.model._meta.verbose_name, "field": self.field, "value": value}
            ) from None
        except self.model.MultipleObjectsReturned:
            raise ValueError(_("Several records match “%(value)s”.") % {"value": value}) from None


class ScopedManyToManyWidget(widgets.ManyToManyWidget):
    """Many-to-many by code, comma separated; unknown codes are errors, not silently dropped."""

    queryset = None

    def clean(self, value, row=None, **kwargs):
        value = nfc(value)
        if not value:
            return self.model.objects.none()
        codes = [part.strip() for part in str(value).split(self.separator) if part.strip()]
        base = self.queryset if self.queryset is not None else self.model.objects.all()
        found = base.filter(**{f"{self.field}__in": codes})
        missing = sorted(set(codes) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(_("Unknown codes: %(codes)s") % {"codes": ", ".join(missing)})
        return found


class DateWidget(widgets.Widget):
    """Dates in spreadsheets: real Excel dates, or text in dd/mm/yyyy (01/07/2025 is 1 July)."""

    def clean(self, value, row=None, **kwargs):
        import datetime

        from django.utils.formats import get_format

        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in get_format("DATE_INPUT_FORMATS", lang="vi"):
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date in the form dd/mm/yyyy.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


class DecimalWidget(widgets.DecimalWidget):
    """Decimals: Excel numbers as they are; text the Vietnamese way ("12,5", "3.840,5", "1.449,566")."""

    def clean(self, value, row=None, **kwargs):
        import re
        from decimal import Decimal, InvalidOperation

        if value in (None, ""):
            return None
        if isinstance(value, (int, float, Decimal)):
            return Decimal(str(value))
        text = str(value).strip().replace(" ", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number (write 12,5).") % {"value": value}) from None


class RecordResource(resources.ModelResource):
    """Base resource: knows the acting user, scopes lookups and saves through the services."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "TextField": widgets.CharWidget,
        "DateField": DateWidget,
        "DecimalField": DecimalWidget,
    }

    @classmethod
    def widget_kwargs_for_field(cls, field_name, django_field):
        from django.db import models

        kwargs = super().widget_kwargs_for_field(field_name, django_field)
        if isinstance(django_field, models.AutoField):
            # Ids stay plain integers: localised, id 2480 would export as "2.480".
            kwargs["coerce_to_string"] = False
        if isinstance(django_field, models.TextField) and django_field.blank:
            # An empty cell in an optional text column is "", never NULL.
            kwargs.update({"coerce_to_string": True, "allow_blank": True})
        return kwargs

    #: fields whose value decides the owning organisation (checked against the user's edit scope)
    scope_fields: tuple[str, ...] = ()

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        model = self._meta.model
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (ScopedForeignKeyWidget, ScopedManyToManyWidget)) and user is not None:
                if name in self.scope_fields:
                    widget.queryset = allowed_organisations(user, model.access_edit_role)
                elif hasattr(widget.model.objects, "restrict"):
                    widget.queryset = widget.model.objects.restrict(user, "view")

    def get_queryset(self):
        # Rows update only records the importer may change; others are treated as new (and then
        # usually refused by a uniqueness check), never silently overwritten.
        return self._meta.model.objects.restrict(self.user, "change")

    def do_instance_save(self, instance, is_create):
        try:
            record_save(acting_user=self.user, instance=instance)
        except PermissionDenied:
            raise ValidationError(_("The record would fall outside your organisation's scope.")) from None

    def export_field_value(self, value):
        return value

    def export(self, *args, **kwargs):
        # Text a spreadsheet would run as a formula (=, +, -, @ …) is written as text: every export path
        # (page, background job) goes through this.
        return safe_dataset(super().export(*args, **kwargs))

    class Meta:
        skip_unchanged = False
        clean_model_instances = True
        use_transactions = True


def read_dataset(upload_bytes: bytes, filename: str) -> tablib.Dataset:
    """Parse an uploaded .xlsx or .csv into a Dataset; raises ValidationError with a Vietnamese message."""
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            dataset = tablib.Dataset().load(io.BytesIO(upload_bytes), format="xlsx")
        else:
            text = upload_bytes.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
            dataset = tablib.Dataset().load(text, format="csv", delimiter=dialect.delimiter)
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be encoded in UTF-8.")) from None
    except Exception:  # a corrupt or foreign file: the user gets a message, never a 500
        raise ValidationError(_("The file cannot be read as .xlsx or .csv.")) from None
    if not dataset.headers:
        raise ValidationError(_("The file has no header row."))
    dataset.headers = [str(h).strip() if h is not None else "" for h in dataset.headers]
    # Drop fully empty rows that spreadsheets often carry at the end.
    empty = [i for i, row in enumerate(dataset) if all(cell in (None, "") for cell in row)]
    for index in reversed(empty):
        del dataset[index]
    for index, row in enumerate(dataset):
        dataset[index] = [nfc(cell) for cell in row]  # composed text (NFC), as the records are stored
    return dataset


def collect_errors(result):
    """Row-numbered errors as (spreadsheet row, field label, message); row 1 is the header."""
    errors = []
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append((number + 1, "", str(error.error)))
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            label = "" if field == "__all__" else field
            for message in messages:
                errors.append((invalid.number + 1, label, str(message)))
    for error in result.base_errors:
        errors.append((None, "", str(error.error)))
    return sorted(errors, key=lambda e: (e[0] or 0, e[1]))


def run_import(resource, dataset, *, dry_run):
    """Import ``dataset``; on any error nothing is written. Returns (result, errors)."""
    with transaction.atomic():
        result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
        errors = collect_errors(result)
        if errors or dry_run:
            return result, errors
        sid = transaction.savepoint()
        result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
        errors = collect_errors(result)
        if errors:
            transaction.savepoint_rollback(sid)
            transaction.set_rollback(True)
        return result, errors


def export_response(resource, queryset, fmt, basename):
    dataset = safe_dataset(resource.export(queryset=queryset))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == XLSX:
        content = dataset.export("xlsx")
    else:
        content = "\ufeff" + dataset.export("csv")  # BOM: Excel opens Vietnamese text correctly
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.{fmt}"'
    return response


class DisplayWidget(widgets.Widget):
    """Export a related record (or several) by its name, as people read it."""

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if hasattr(value, "all"):
            return ", ".join(str(item) for item in value.all())
        return str(value)


class DateTimeDisplayWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        from django.utils import timezone as tz

        return tz.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


class BooleanDisplayWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("Yes") if value else _("No")


class NumberDisplayWidget(widgets.Widget):
    """Numbers stay numbers in Excel (the sheet applies the reader's own separators)."""

    def render(self, value, obj=None, **kwargs):
        return value


EXPORT_SKIP = {
    "search_text",
    "path",
    "depth",
    "deleted_at",
    "deleted_by",
    "created_by",
    "updated_by",
    "created_at",
    "version",
}


def export_resource_for(model):
    """An export-only resource for a record type that declares none: every own field, related records by
    name, choices by label, dates as dd/mm/yyyy — so every list exports to Excel."""
    from django.db import models as dj_models

    names, declared = ["id"], {}
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created or field.name in EXPORT_SKIP:
            continue
        if field.primary_key or (field.is_relation and not field.editable):
            continue
        name = field.name
        label = str(field.verbose_name)
        label = label[:1].upper() + label[1:]
        names.append(name)
        if field.is_relation:
            widget = DisplayWidget()
        elif field.choices:
            declared[name] = fields.Field(attribute=f"get_{name}_display", column_name=label)
            continue
        elif isinstance(field, dj_models.DateTimeField):
            widget = DateTimeDisplayWidget()
        elif isinstance(field, dj_models.DateField):
            widget = DateWidget()
        elif isinstance(field, dj_models.BooleanField):
            widget = BooleanDisplayWidget()
        elif isinstance(field, (dj_models.IntegerField, dj_models.DecimalField, dj_models.FloatField)):
            widget = NumberDisplayWidget()
        else:
            widget = widgets.Widget()
        declared[name] = fields.Field(attribute=name, column_name=label, widget=widget)
    meta = type("Meta", (), {"model": model, "fields": names, "export_order": names})
    return type(f"{model.__name__}ExportResource", (RecordResource,), {"Meta": meta, **declared})
