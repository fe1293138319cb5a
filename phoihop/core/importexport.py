"""Excel/CSV import and export of any record type, through the access gate.

A record type declares a ``RecordResource`` (django-import-export) listing its columns. Exports write the
filtered, gated queryset. Imports run twice: a dry run that reports every bad row with its spreadsheet
row number and field, then — only if every row is valid — the real run, in one transaction, saving each
row through :func:`phoihop.core.services.record_save` (so history, versions and scope checks apply).

Headers people read: a resource that declares ``column_labels`` exports each column under its label in the user's
language ("Số hiệu mốc", not ``number``), choices by label, yes/no as "Có"/"Không" and numbers as numbers. Its
import reads those labels (in any of the site's languages) as well as the column names, renaming the file's
headers to the column names before the rows are read (``RecordResource.before_import``); errors name the column
as the file heads it. Columns an export adds for reading (``readonly`` fields: a marker's condition, its post's
name …) are ignored on import, so an export imports back unchanged.
"""

import csv
import io

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, instance_loaders, resources, widgets

from phoihop.core.access import choice_queryset, participant_field_names
from phoihop.core.services import record_save
from phoihop.core.spreadsheets import safe_dataset
from phoihop.core.text import nfc

XLSX = "xlsx"
CSV = "csv"
CONTENT_TYPES = {
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    CSV: "text/csv; charset=utf-8",
}
YES, NO = gettext_lazy("Yes"), gettext_lazy("No")


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up by a natural field (a code) among the records the importer may use."""

    queryset = None
    #: records found so far in this import pass, by value (``RecordResource.before_import`` resets it); only
    #: hits are kept, so a record an earlier row creates is found by a later one
    found = None

    def get_queryset(self, value, row, *args, **kwargs):
        return self.queryset if self.queryset is not None else self.model.objects.all()

    def clean(self, value, row=None, **kwargs):
        value = nfc(value)
        if self.found is not None and value in self.found:
            return self.found[value]
        try:
            instance = super().clean(value, row, **kwargs)
            if self.found is not None and instance is not None and isinstance(value, (str, int)):
                self.found[value] = instance
            return instance
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


def field_label(model, name):
    """The verbose name of ``model``'s field ``name``, capitalised and still lazy: a header from the model."""
    from django.utils.text import capfirst

    return capfirst(model._meta.get_field(name).verbose_name)


def header_key(text) -> str:
    """A header or a label as compared on import: composed (NFC), case and repeated spaces ignored."""
    return " ".join(str(nfc(text)).split()).casefold()


def in_every_language(label) -> list[str]:
    """A (lazy) label as each of the site's languages writes it: a file exported in one language imports in
    another."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(label))
    return texts


class ChoicesWidget(widgets.CharWidget):
    """A field with choices: exported by its label in the reader's language, imported by its code or by its label
    in any of the site's languages ("Mốc chính", "Main marker" and "main" are all ``main``). Other text is kept as
    typed, for the model's validation to refuse with the list of valid choices."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = list(choices)
        self._codes = None

    def codes(self) -> dict:
        if self._codes is None:
            self._codes = {}
            for code, label in self.choices:
                for text in (code, *in_every_language(label)):
                    self._codes.setdefault(header_key(text), code)
        return self._codes

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text in (None, ""):
            return text
        return self.codes().get(header_key(text), text)

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        return str(dict(self.choices).get(value, value))


class YesNoWidget(widgets.BooleanWidget):
    """Yes/no: exported as "Có"/"Không" (the reader's language); imported from those words in any of the site's
    languages, or from 1/0, true/false."""

    _words = None

    def words(self) -> dict:
        if self._words is None:
            self._words = {
                header_key(text): answer
                for answer in (True, False)
                for text in in_every_language(YES if answer else NO)
            }
        return self._words

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and header_key(value) in self.words():
            return self.words()[header_key(value)]
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "":
            return ""
        return str(YES) if value else str(NO)


class GatedInstanceLoader(instance_loaders.ModelInstanceLoader):
    """Finds the records a file's rows update in a few queries instead of one per row.

    With a single ``import_id_fields`` field, the rows' keys are cleaned once (a key that does not clean is left
    to the row, which reports it) and the records the importer may change (``resource.get_queryset()``, the
    gate) are read in chunks. A record created by an earlier row of the same file is remembered, so a later row
    with its key finds it, as the row-by-row lookup would. With several id fields it looks up row by row."""

    CHUNK = 500

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        id_fields = resource.get_import_id_fields()
        self.key_field = resource.fields[id_fields[0]] if len(id_fields) == 1 else None
        self.cache = None
        if self.key_field is None or dataset is None or self.key_field.column_name not in (dataset.headers or ()):
            return
        keys = set()
        for row in dataset.dict:
            key = self._key(row)
            if key not in (None, ""):
                keys.add(key)
        self.cache = {}
        keys = sorted(keys, key=str)
        attribute = self.key_field.attribute
        for start in range(0, len(keys), self.CHUNK):
            chunk = keys[start : start + self.CHUNK]
            for instance in self.get_queryset().filter(**{f"{attribute}__in": chunk}):
                self.cache.setdefault(self.key_field.get_value(instance), instance)

    def _key(self, row):
        try:
            return self.key_field.clean(row)
        except (ValueError, ValidationError, TypeError, ArithmeticError):
            return None

    def get_instance(self, row):
        if self.cache is None:
            return super().get_instance(row)
        key = self.key_field.clean(row)  # raises for a bad key, as the row-by-row lookup does
        return self.cache.get(key)

    def remember(self, instance):
        if self.cache is not None:
            self.cache.setdefault(self.key_field.get_value(instance), instance)


class _Records(list):
    """A list that answers ``.all()`` as a related manager does, for a many-to-many widget's ``render``."""

    def all(self):
        return self


class RecordResource(resources.ModelResource):
    """Base resource: knows the acting user, scopes lookups and saves through the services."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "TextField": widgets.CharWidget,
        "DateField": DateWidget,
        "DecimalField": DecimalWidget,
    }

    #: column name → the header exports write for it (a lazy label, the user's language). A resource that declares
    #: labels also exports choices by label, yes/no as "Có"/"Không" and numbers as numbers, and its import reads
    #: the labels as well as the column names (see the module docstring). Columns without a label keep their name.
    column_labels: dict = {}

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        from django.db import models

        field = super().field_from_django_field(field_name, django_field, readonly)
        if cls.column_labels:
            if django_field.choices:
                field.widget = ChoicesWidget(django_field.flatchoices)
            elif isinstance(django_field, models.BooleanField):
                field.widget = YesNoWidget()
        return field

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
        # an import names participants from the same set as the page's form and the API
        # (``core.access.participant_organisations``); existing records keep what they name (``GatedInstanceLoader``
        # finds them, the widget then finds the names among the set or the ones the file's record already holds)
        participants = participant_field_names(type(self), model, self.scope_fields)  # model field names
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (ScopedForeignKeyWidget, ScopedManyToManyWidget)) and user is not None:
                choices = choice_queryset(
                    user,
                    model,
                    name if name in self.scope_fields else field.attribute,
                    widget.model.objects.all(),
                    scope_fields=self.scope_fields,
                    participant_fields=participants,
                )
                if choices is not None:
                    widget.queryset = choices
            if self.column_labels and isinstance(widget, widgets.NumberWidget):
                widget.coerce_to_string = False  # real numbers in the workbook; ``dataset_csv`` prints them for CSV
        self.file_headers = {}
        self._aliases = None

    # --- headers: the labels people read, and the column names -----------------------------------------

    def column_header(self, column) -> str:
        """The header exports write for ``column``: its label in the current language, or its name."""
        label = self.column_labels.get(column)
        return str(label) if label else column

    def get_export_headers(self, selected_fields=None):
        return [self.column_header(field.column_name) for field in self.get_export_fields(selected_fields)]

    def header_aliases(self) -> dict:
        """Every label this import reads as a column (``header_key`` → column name), in each of the site's
        languages."""
        if self._aliases is None:
            columns = {field.column_name for field in self.fields.values()}
            self._aliases = {}
            for column, label in self.column_labels.items():
                if column in columns:
                    for text in in_every_language(label):
                        self._aliases.setdefault(header_key(text), column)
        return self._aliases

    def column_of(self, header):
        """The column a file's header stands for: a column name as it is, or a label; None if neither."""
        if header in (None, ""):
            return None
        if any(field.column_name == header for field in self.fields.values()):
            return header
        return self.header_aliases().get(header_key(header))

    def rename_headers(self, dataset):
        """Rename the file's headers to the column names they stand for, remembering the file's own header of
        each column (``file_headers``) for the errors. A header that is neither, or a second header for the same
        column, is left as it is (``unknown_columns_error`` refuses both before an import runs)."""
        self.file_headers = {}
        if not dataset.headers:
            return
        renamed = []
        for header in dataset.headers:
            column = self.column_of(header)
            if column is None or column in self.file_headers:
                renamed.append(header)
                continue
            self.file_headers[column] = header
            renamed.append(column)
        if renamed != list(dataset.headers):
            dataset.headers = renamed

    def error_column(self, key) -> str:
        """The file's header of the column an error is about; errors are keyed by a column name, a field's
        attribute or a model field."""
        if not key or not self.file_headers:
            return key
        if key in self.file_headers:
            return self.file_headers[key]
        for field in self.fields.values():
            if field.attribute == key and field.column_name in self.file_headers:
                return self.file_headers[field.column_name]
        return key

    def get_queryset(self):
        # Rows update only records the importer may change; others are treated as new (and then
        # usually refused by a uniqueness check), never silently overwritten.
        return self._meta.model.objects.restrict(self.user, "change")

    # --- background imports: progress, and the outcome of each row kept from the preview ---------------

    #: called as ``progress(rows_done)`` every ``progress_every`` rows
    progress = None
    progress_every = 200
    #: the preview's outcome of each row (dataset row number → ["new"] / ["update", pk, version] /
    #: ["file"]); when set, a row whose outcome changed since is refused
    expected_outcomes = None

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.rename_headers(dataset)  # first: the subclasses, widgets and the instance loader read column names
        self.row_numbers = getattr(dataset, "row_numbers", None)
        self.outcomes = {}
        self._created = set()
        self._last_saved = None
        self._saved = []  # (pk, created, dataset row number) of every row saved in this pass
        self._row = None
        self._rows_done = 0
        for field in self.fields.values():
            if hasattr(field.widget, "found"):
                field.widget.found = {}  # lookups are cached per pass: a dry run's records are rolled back

    def preview_columns(self, instance):
        """Extra values the preview shows for a row (JSON-safe); the marker import adds the WGS 84 position."""
        return []

    def spreadsheet_row(self, row_number):
        """The spreadsheet row of the dataset's row ``row_number`` (1-based; row 1 of the sheet is the header)."""
        numbers = getattr(self, "row_numbers", None)
        if row_number is None:
            return None
        if numbers and 1 <= row_number <= len(numbers):
            return numbers[row_number - 1]
        return row_number + 1

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        number = kwargs.get("row_number")
        if new:
            outcome = ["new"]
        elif instance.pk in self._created:
            outcome = ["file"]  # a record that an earlier row of this file creates
        else:
            outcome = ["update", instance.pk, getattr(instance, "version", None)]
        self.outcomes[number] = outcome
        if self.expected_outcomes is None:
            return
        expected = self.expected_outcomes.get(number)
        if expected is None or expected == outcome:
            return
        if expected[0] == "update" and outcome[0] == "update" and expected[1] == outcome[1]:
            message = _("The record %(record)s has been changed by someone else since the preview; it is not updated.")
        elif expected[0] != "update" and outcome[0] == "update":
            message = _(
                "At the preview this row created a new record, but someone else has since created %(record)s; "
                "it is not overwritten."
            )
        else:
            message = _("The record %(record)s is not the one the preview showed for this row.")
        raise ValidationError({NON_FIELD_ERRORS: [message % {"record": instance}]})

    def import_row(self, row, instance_loader, **kwargs):
        self._row = kwargs.get("row_number")
        row_result = super().import_row(row, instance_loader, **kwargs)
        if row_result.import_type == row_result.IMPORT_TYPE_NEW and row_result.object_id is not None:
            self._created.add(row_result.object_id)
            if isinstance(instance_loader, GatedInstanceLoader) and self._last_saved is not None:
                instance_loader.remember(self._last_saved)
        self._last_saved = None
        self._rows_done += 1
        if self.progress is not None and self._rows_done % self.progress_every == 0:
            self.progress(self._rows_done)
        return row_result

    def do_instance_save(self, instance, is_create):
        # validate_instance has just run full_clean (clean_model_instances): record_save need not repeat it. The
        # scope of every saved row is checked at once at the end of the pass (``after_import``), still inside
        # the import's transaction, instead of one query per row.
        record_save(
            acting_user=self.user, instance=instance, validated=self._meta.clean_model_instances, check_scope=False
        )
        self._last_saved = instance
        self._saved.append((instance.pk, is_create, self._row))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.user is None:
            return
        message = _("The record would fall outside your organisation's scope.")
        for number in self.rows_outside_scope():
            result.append_invalid_row(number, {}, ValidationError({NON_FIELD_ERRORS: [message]}))

    def rows_outside_scope(self):
        """Dataset row numbers whose saved record the importer may not add (new rows) or change (updates):
        the check ``record_save`` makes on one record, made here for all of them in a few queries."""
        from phoihop.core.access import restrict
        from phoihop.core.choices import Action

        manager = self._meta.model._base_manager
        outside = []
        for action, created in ((Action.ADD, True), (Action.CHANGE, False)):
            rows = {pk: number for pk, is_create, number in self._saved if is_create == created}
            pks = sorted(rows)
            allowed = set()
            for start in range(0, len(pks), 500):
                chunk = manager.filter(pk__in=pks[start : start + 500])
                allowed.update(restrict(chunk, self.user, action).values_list("pk", flat=True))
            outside.extend(number for pk, number in rows.items() if pk not in allowed)
        return sorted(outside)

    def export_field_value(self, value):
        return value

    def export(self, *args, **kwargs):
        # Text a spreadsheet would run as a formula (=, +, -, @ …) is written as text: every export path
        # (page, background job) goes through this.
        return safe_dataset(super().export(*args, **kwargs))

    #: related lookups an export reads besides its columns' own (a task's units for its lead and coordinating
    #: columns); a model may declare them too (``export_prefetch``)
    export_prefetch: tuple = ()

    def filter_export(self, queryset, **kwargs):
        """The exported rows with what their columns name read in the same few queries: the records a column
        names (foreign keys, followed along ``a__b`` attributes) joined, to-many ones prefetched. A 10,000-row
        export runs a handful of queries, not one per row and column."""
        queryset = super().filter_export(queryset, **kwargs)
        if not hasattr(queryset, "select_related"):
            return queryset
        joins, prefetches = set(), set(self.export_prefetch) | set(getattr(queryset.model, "export_prefetch", ()))
        for field in self.get_export_fields():
            attribute = getattr(field, "attribute", None)
            if not attribute or not isinstance(attribute, str):
                continue
            model, path = queryset.model, []
            for part in attribute.split("__"):
                try:
                    model_field = model._meta.get_field(part)
                except FieldDoesNotExist:  # a method or property: nothing to follow
                    break
                if not model_field.is_relation:
                    break
                path.append(part)
                if model_field.many_to_many or model_field.one_to_many:
                    prefetches.add("__".join(path))
                    break
                joins.add("__".join(path))
                model = model_field.related_model
        if joins:
            queryset = queryset.select_related(*sorted(joins))
        if prefetches:
            queryset = queryset.prefetch_related(*sorted(prefetches))
        return queryset

    def iter_queryset(self, queryset):
        # In chunks, each with its prefetches (Django does that for ``iterator(chunk_size)``); django-import-export
        # pages a prefetched queryset by OFFSET instead, which reads deeper and deeper into a large export.
        if isinstance(queryset, QuerySet):
            rows = queryset.iterator(chunk_size=self.get_chunk_size())
        else:
            rows = iter(queryset)
        relations = self.named_relations()
        if self.user is None or not relations:
            yield from rows
            return
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.get_chunk_size():
                self._resolve_names(chunk, relations)
                yield from chunk
                chunk = []
        if chunk:
            self._resolve_names(chunk, relations)
            yield from chunk

    # --- the records a row names, by the naming rule (core.naming) --------------------------------------

    def named_relations(self) -> dict:
        """{export field name: model field} of the columns that name another gated record by its first step (a
        foreign key or a many-to-many field) whose names are not public structure."""
        if getattr(self, "_named_relations", None) is not None:
            return self._named_relations
        from phoihop.core.naming import named_relation

        model, relations = self._meta.model, {}
        for name, field in self.fields.items():
            model_field = named_relation(model, getattr(field, "attribute", None))
            if model_field is not None:
                relations[name] = model_field
        self._named_relations = relations
        return relations

    def _resolve_names(self, chunk, relations):
        """The records the rows of ``chunk`` name, resolved for the exporting user in one query per type."""
        from phoihop.core.naming import RecordNames, implements_fields

        names = RecordNames(self.user, texts=False)
        implemented = set(implements_fields(self._meta.model))
        for row in chunk:
            for model_field in relations.values():
                if model_field.many_to_many:
                    for item in getattr(row, model_field.name).all():
                        names.add_instance(item)
                else:
                    names.add(
                        model_field.related_model,
                        getattr(row, model_field.attname),
                        implemented=model_field.name in implemented,
                    )
        self._names = names.resolve()

    def export_field(self, field, instance, **kwargs):
        """A column that names a record the user may not read prints its placeholder, never its name."""
        names = getattr(self, "_names", None)
        model_field = self.named_relations().get(self.get_field_name(field)) if names is not None else None
        if model_field is not None:
            if model_field.many_to_many:
                items = list(getattr(instance, model_field.name).all())
                refs = [names.ref_of(item) for item in items]
                if any(ref.hidden for ref in refs):
                    # each visible record as the column's widget writes it, each hidden one by its placeholder
                    return ", ".join(
                        str(ref) if ref.hidden else str(field.widget.render(_Records([item]), instance))
                        for item, ref in zip(items, refs, strict=True)
                    )
            else:
                ref = names.ref(model_field.related_model, getattr(instance, model_field.attname))
                if ref is not None and ref.hidden:
                    return str(ref)
        return super().export_field(field, instance, **kwargs)

    class Meta:
        skip_unchanged = False
        skip_diff = True  # nobody reads the diff; copying every instance costs time on big files
        chunk_size = 2000  # rows an export reads (and prefetches for) at a time
        instance_loader_class = GatedInstanceLoader
        clean_model_instances = True
        use_transactions = True


#: a member of an .xlsx (a zip) that expands more than this many times is a zip bomb, not a spreadsheet
MAX_COMPRESSION_RATIO = 100
#: the ratio is checked only on members larger than this (tiny XML parts compress very well)
RATIO_CHECKED_ABOVE = 1024 * 1024


def _number(value):
    from django.utils.formats import number_format

    return number_format(value, force_grouping=True)


def _limit_error(message, **values):
    return ValidationError(message % values, code="limit")


def file_too_large():
    return _limit_error(
        _("The file is larger than %(limit)s MiB, the most one import takes. Split it into several files."),
        limit=_number(round(settings.IMPORT_MAX_BYTES / (1024 * 1024), 1)),
    )


def _too_many_rows():
    return _limit_error(
        _("The file has more than %(limit)s data rows, the most one import takes. Split it into several files."),
        limit=_number(settings.IMPORT_MAX_ROWS),
    )


def _too_many_cells():
    return _limit_error(
        _("The file has more than %(limit)s cells, the most one import takes. Split it into several files."),
        limit=_number(settings.IMPORT_MAX_CELLS),
    )


def check_zip(upload_bytes: bytes):
    """Refuse an .xlsx whose parts would expand beyond the limits, before anything parses it."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(upload_bytes))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ValidationError(_("The file cannot be read as .xlsx or .csv.")) from None
    total = sum(member.file_size for member in members)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    bomb = any(
        member.file_size > RATIO_CHECKED_ABOVE
        and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if total > limit or bomb:
        raise _limit_error(
            _(
                "The workbook expands to more than %(limit)s MiB of data (or is compressed abnormally) and is not "
                "read. Save the sheet alone, without images or formatting of empty rows, or split it."
            ),
            limit=_number(limit // (1024 * 1024)),
        )


def _formula_message(column, row):
    return _("Cell %(cell)s holds a formula without a value; copy it and paste the values (Paste Values).") % {
        "cell": f"{column}{row}"
    }


def _read_xlsx(upload_bytes: bytes):
    """Header and rows of the active sheet, streamed (openpyxl read-only), counting rows and cells as it goes.

    Returns (headers, rows, formula_errors): a formula cell keeps its cached value (what Excel shows); a
    formula without one (a workbook written by a program and never opened in Excel) is a row error."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    check_zip(upload_bytes)
    values_book = openpyxl.load_workbook(io.BytesIO(upload_bytes), read_only=True, data_only=True)
    formulas_book = openpyxl.load_workbook(io.BytesIO(upload_bytes), read_only=True, data_only=False)
    try:
        values_sheet, formulas_sheet = values_book.active, formulas_book.active
        for sheet in (values_sheet, formulas_sheet):
            sheet.reset_dimensions()  # a lying <dimension> would pad every row to 16,384 columns
        max_rows, max_cells = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS
        headers, rows, formula_errors, cells = None, [], [], 0
        pairs = zip(values_sheet.iter_rows(values_only=True), formulas_sheet.iter_rows(values_only=False), strict=False)
        for number, (values, formula_cells) in enumerate(pairs, 1):
            cells += max(len(values), 1)
            if cells > max_cells:
                raise _too_many_cells()
            if headers is None:
                headers = list(values)
                continue
            if all(value in (None, "") for value in values):
                continue
            if len(rows) >= max_rows:
                raise _too_many_rows()
            values = list(values)
            for index, cell in enumerate(formula_cells):
                if getattr(cell, "data_type", None) == "f" and index < len(values) and values[index] is None:
                    formula_errors.append(
                        (number, _header(headers, index), _formula_message(get_column_letter(index + 1), number))
                    )
            rows.append((number, values))
        return headers or [], rows, formula_errors
    finally:
        values_book.close()
        formulas_book.close()


def _header(headers, index):
    return str(headers[index]).strip() if index < len(headers) and headers[index] is not None else ""


def _read_csv(upload_bytes: bytes):
    text = upload_bytes.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    max_rows, max_cells = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS
    headers, rows, cells = None, [], 0
    for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=dialect.delimiter), 1):
        cells += max(len(values), 1)
        if cells > max_cells:
            raise _too_many_cells()
        if headers is None:
            headers = values
            continue
        if all(value == "" for value in values):
            continue
        if len(rows) >= max_rows:
            raise _too_many_rows()
        rows.append((number, values))
    return headers or [], rows, []


def read_dataset(upload_bytes: bytes, filename: str, *, with_formula_errors=False):
    """Parse an uploaded .xlsx or .csv into a Dataset; raises ValidationError with a Vietnamese message.

    Refused before parsing: a file over ``IMPORT_MAX_BYTES``, an .xlsx expanding beyond
    ``IMPORT_MAX_UNCOMPRESSED_BYTES``; while reading: more than ``IMPORT_MAX_ROWS`` data rows or
    ``IMPORT_MAX_CELLS`` cells. Fully empty rows are dropped. ``dataset.row_numbers`` holds each row's
    spreadsheet row. With ``with_formula_errors`` returns (dataset, errors of formula cells without a value).
    """
    if len(upload_bytes) > settings.IMPORT_MAX_BYTES:
        raise file_too_large()
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            headers, rows, formula_errors = _read_xlsx(upload_bytes)
        else:
            headers, rows, formula_errors = _read_csv(upload_bytes)
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file must be encoded in UTF-8.")) from None
    except ValidationError:
        raise
    except Exception:  # a corrupt or foreign file: the user gets a message, never a 500
        raise ValidationError(_("The file cannot be read as .xlsx or .csv.")) from None
    headers = [nfc(str(h).strip()) if h is not None else "" for h in headers]
    if not any(headers):
        raise ValidationError(_("The file has no header row."))
    width = len(headers)
    dataset = tablib.Dataset(headers=headers)
    for number, values in rows:
        values = [nfc(value) for value in values]  # composed text (NFC), as the records are stored
        if len(values) > width:
            if any(value not in (None, "") for value in values[width:]):
                raise ValidationError(
                    _("Row %(row)s has values to the right of the last column name.") % {"row": number}
                )
            values = values[:width]
        dataset.append(values + [None if name.endswith(".xlsx") else ""] * (width - len(values)))
    dataset.row_numbers = [number for number, _values in rows]
    if with_formula_errors:
        return dataset, formula_errors
    return dataset


def unknown_columns_error(resource, dataset):
    """A column the resource does not know is refused (a misspelt optional column would be ignored), and so is a
    column given twice (by its name and its label, say)."""
    known = [field.column_name for field in resource.fields.values()]
    unknown, repeated, seen = [], [], set()
    for header in dataset.headers:
        if not header:
            continue
        column = resource.column_of(header)
        if column is None:
            unknown.append(header)
        elif column in seen:
            repeated.append(header)
        seen.add(column)
    if unknown:
        return _("Columns not recognised: %(unknown)s. The columns of this import are: %(known)s.") % {
            "unknown": ", ".join(unknown),
            "known": ", ".join(known),
        }
    if repeated:
        return _("These columns repeat a column given before: %(columns)s. Keep one of each.") % {
            "columns": ", ".join(repeated)
        }
    return None


def collect_errors(result, row_numbers=None, column=None):
    """Row-numbered errors as (spreadsheet row, field label, message); row 1 is the header.

    ``row_numbers`` maps the dataset's rows (1-based) to their spreadsheet rows (empty rows are dropped);
    ``column`` names the column of an error's key as the file heads it (``RecordResource.error_column``)."""

    def spreadsheet_row(number):
        if row_numbers and 1 <= number <= len(row_numbers):
            return row_numbers[number - 1]
        return number + 1

    errors = []
    for number, row_errors in result.row_errors():
        for error in row_errors:
            errors.append((spreadsheet_row(number), "", str(error.error)))
    for invalid in result.invalid_rows:
        for field, messages in invalid.error_dict.items():
            label = "" if field == "__all__" else (column(field) if column else field)
            for message in messages:
                errors.append((spreadsheet_row(invalid.number), label, str(message)))
    for error in result.base_errors:
        errors.append((None, "", str(error.error)))
    return sorted(errors, key=lambda e: (e[0] or 0, e[1]))


def run_import(resource, dataset, *, dry_run):
    """Import ``dataset``; on any error nothing is written. Returns (result, errors).

    A dry run always rolls back. A real run imports once, in one transaction, rolled back on any error."""
    import contextlib

    from auditlog.context import disable_auditlog

    row_numbers = getattr(dataset, "row_numbers", None)
    # A dry run is rolled back: writing each row's history would be wasted (a third of its time)
    quiet = disable_auditlog() if dry_run else contextlib.nullcontext()
    with quiet, transaction.atomic():
        result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False, use_transactions=True)
        errors = collect_errors(result, row_numbers, getattr(resource, "error_column", None))
        if errors or dry_run:
            transaction.set_rollback(True)
        return result, errors


def export_response(resource, queryset, fmt, basename, title=""):
    from phoihop.core.spreadsheets import dataset_csv, dataset_xlsx

    dataset = safe_dataset(resource.export(queryset=queryset))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == XLSX:
        content = dataset_xlsx(dataset, title or basename)
    else:
        content = "\ufeff" + dataset_csv(dataset)  # BOM: Excel opens Vietnamese text correctly
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
    # columns a record type adds to its export (``export_columns``: [(name, label, value of a record)]), e.g. a
    # task's lead and coordinating units
    methods = {}
    for name, label, getter in getattr(model, "export_columns", ()):
        names.append(name)
        declared[name] = fields.Field(column_name=str(label), attribute=None, readonly=True)
        methods[f"dehydrate_{name}"] = staticmethod(getter)
    meta = type("Meta", (), {"model": model, "fields": names, "export_order": names})
    return type(f"{model.__name__}ExportResource", (RecordResource,), {"Meta": meta, **declared, **methods})
