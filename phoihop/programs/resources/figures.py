"""Excel/CSV import and export of periodic figures.

Columns: ``programme`` (code), ``indicator`` (its code within the programme), ``organisation`` (code),
``period_start`` (any day of the period, dd/mm/yyyy; saved as the period's first day), ``value`` (12,5 or
3.840,5), ``note``; ``period`` and ``status`` are exported for reading and ignored on import, as are the names of
the programme, indicator and organisation, the indicator's unit and the period type. Exports head the columns in
the user's language (``column_labels``); the import reads those headers as well as the column names.

A row updates the importer's own figure of that indicator, organisation and period (``import_id_fields``).
Rows go through ``services.figure_save``: a value that is submitted, approved or locked is refused on its row
with the same message as on the pages, and then nothing is imported.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from phoihop.core.importexport import (
    ChoicesWidget,
    DateWidget,
    DecimalWidget,
    RecordResource,
    ScopedForeignKeyWidget,
    field_label,
)
from phoihop.core.services import ConflictError
from phoihop.orgs.models import Organisation
from phoihop.programs.models import Indicator, PeriodicFigure
from phoihop.programs.periods import period_start_of


def _indicator_for(row, queryset):
    programme, code = row.get("programme"), row.get("indicator")
    if not programme or not code:
        return None
    return queryset.filter(programme__code=str(programme).strip(), code=str(code).strip()).first()


class IndicatorWidget(ScopedForeignKeyWidget):
    """An indicator by its code within the row's programme (codes repeat across programmes)."""

    def __init__(self):
        super().__init__(Indicator, "code")

    def get_queryset(self, value, row, *args, **kwargs):
        base = super().get_queryset(value, row, *args, **kwargs)
        return base.filter(programme__code=str(row.get("programme") or "").strip())

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class PeriodWidget(DateWidget):
    """Any day of the period; moved to the first day of the indicator's period so that the row finds the
    stored figure."""

    queryset = None

    def clean(self, value, row=None, **kwargs):
        day = super().clean(value, row, **kwargs)
        if day is None or row is None:
            return day
        indicator = _indicator_for(row, self.queryset if self.queryset is not None else Indicator.objects.all())
        return period_start_of(indicator.period_type, day) if indicator else day


class PeriodicFigureResource(RecordResource):
    scope_fields = ("organisation",)
    column_labels = {
        "programme": gettext_lazy("Programme code"),
        "programme_name": gettext_lazy("Programme name"),
        "indicator": gettext_lazy("Indicator code"),
        "indicator_name": gettext_lazy("Indicator name"),
        "unit": gettext_lazy("Unit of measure"),
        "organisation": gettext_lazy("Organisation code"),
        "organisation_name": field_label(PeriodicFigure, "organisation"),
        "period_type": gettext_lazy("Period type"),
        "period_start": gettext_lazy("First day of the period"),
        "period": gettext_lazy("Reporting period"),
        "value": gettext_lazy("Value"),
        "status": gettext_lazy("Status"),
        "note": field_label(PeriodicFigure, "note"),
    }

    programme = fields.Field(attribute="indicator__programme__code", column_name="programme", readonly=True)
    programme_name = fields.Field(attribute="indicator__programme__name", column_name="programme_name", readonly=True)
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=IndicatorWidget())
    indicator_name = fields.Field(attribute="indicator__name", column_name="indicator_name", readonly=True)
    unit = fields.Field(attribute="indicator__unit", column_name="unit", readonly=True)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)
    period_type = fields.Field(
        attribute="period_type",
        column_name="period_type",
        readonly=True,
        widget=ChoicesWidget(PeriodicFigure._meta.get_field("period_type").flatchoices),
    )
    period_start = fields.Field(attribute="period_start", column_name="period_start", widget=PeriodWidget())
    period = fields.Field(attribute="period_label", column_name="period", readonly=True)
    value = fields.Field(attribute="value", column_name="value", widget=DecimalWidget())
    status = fields.Field(attribute="get_status_display", column_name="status", readonly=True)
    note = fields.Field(attribute="note", column_name="note", widget=widgets.CharWidget(allow_blank=True))

    class Meta(RecordResource.Meta):
        model = PeriodicFigure
        import_id_fields = ["indicator", "organisation", "period_start"]
        fields = [
            "programme",
            "programme_name",
            "indicator",
            "indicator_name",
            "unit",
            "organisation",
            "organisation_name",
            "period_type",
            "period_start",
            "period",
            "value",
            "status",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        if user is not None:
            visible = Indicator.objects.restrict(user, "view")
            self.fields["indicator"].widget.queryset = visible
            self.fields["period_start"].widget.queryset = visible

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, PeriodicFigure.MultipleObjectsReturned):
            return None  # reported against its column when the row is read

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if instance.indicator_id:  # the period type follows the indicator (before the model is validated)
                instance.period_type = instance.indicator.period_type

    def do_instance_save(self, instance, is_create):
        from django.core.exceptions import PermissionDenied

        from phoihop.programs.services import figure_save

        try:
            figure_save(acting_user=self.user, instance=instance)
        except ConflictError as error:
            raise ValidationError({"value": error.message}) from None
        except PermissionDenied:
            raise ValidationError(_("The record would fall outside your organisation's scope.")) from None
