"""Excel/CSV import and export of cases and operations.

Columns hold codes: ``unit`` / ``lead_unit`` (an organisation code the importer may record for), ``category``
(a case category's code), ``commune`` (area code), ``village`` (a village's code or name in the row's commune),
``marker`` (a marker number, ``border.resources.MarkerWidget``: "979", or with the border line, "LA-12", for a
number on more than one line among the markers you see), ``operation`` (an operation's code among the importer's),
``holding_unit`` (the organisation holding the paper file of a classified record); dates dd/mm/yyyy, the time hh:mm,
amounts as numbers. A row with an ``id`` updates that record (when the importer may change it). The names of the
unit, the category and the commune are exported for reading (ignored on import). Subjects' identities are never
exported here.
"""

from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from phoihop.border.resources import MarkerWidget
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget, field_label
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.forms.records import commune_choices
from phoihop.security.models import Case, CaseCategory, Operation
from phoihop.work.forms.outreach import VillageWidget

REGISTER = ["classification", "holding_unit", "custodian", "storage_place"]


def labels(model, *names, **extra):
    return {name: field_label(model, name) for name in names} | extra


class TimeWidget(widgets.TimeWidget):
    def __init__(self):
        super().__init__(format="%H:%M")

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


def organisation_field(name):
    return fields.Field(attribute=name, column_name=name, widget=ScopedForeignKeyWidget(Organisation, "code"))


class OperationResource(RecordResource):
    scope_fields = ("lead_unit",)
    lead_unit = organisation_field("lead_unit")
    category = fields.Field(
        attribute="category", column_name="category", widget=ScopedForeignKeyWidget(CaseCategory, "code")
    )
    holding_unit = organisation_field("holding_unit")
    lead_unit_name = fields.Field(attribute="lead_unit__name", column_name="lead_unit_name", readonly=True)

    column_labels = labels(
        Operation,
        "code",
        "name",
        "coordinating_agencies",
        "opened_on",
        "closed_on",
        "result",
        "classification",
        "custodian",
        "storage_place",
        id=gettext_lazy("Record ID"),
        lead_unit=gettext_lazy("Lead unit code"),
        lead_unit_name=field_label(Operation, "lead_unit"),
        category=gettext_lazy("Case category code"),
        holding_unit=gettext_lazy("Code of the unit holding the paper file"),
    )

    class Meta(RecordResource.Meta):
        model = Operation
        fields = [
            "id",
            "code",
            "name",
            "lead_unit",
            "lead_unit_name",
            "category",
            "coordinating_agencies",
            "opened_on",
            "closed_on",
            "result",
            *REGISTER,
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("lead_unit", "category", "holding_unit")


class CaseResource(RecordResource):
    scope_fields = ("unit",)
    unit = organisation_field("unit")
    holding_unit = organisation_field("holding_unit")
    category = fields.Field(
        attribute="category", column_name="category", widget=ScopedForeignKeyWidget(CaseCategory, "code")
    )
    operation = fields.Field(
        attribute="operation", column_name="operation", widget=ScopedForeignKeyWidget(Operation, "code")
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    marker = fields.Field(attribute="marker", column_name="marker", widget=MarkerWidget())
    occurred_time = fields.Field(attribute="occurred_time", column_name="occurred_time", widget=TimeWidget())
    unit_name = fields.Field(attribute="unit__name", column_name="unit_name", readonly=True)
    category_name = fields.Field(attribute="category__name", column_name="category_name", readonly=True)
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)

    column_labels = labels(
        Case,
        "code",
        "occurred_on",
        "occurred_time",
        "nature",
        "role",
        "other_agencies",
        "place_detail",
        "latitude",
        "longitude",
        "ownerless",
        "subject_count",
        "outcome",
        "outcome_on",
        "fine_amount",
        "transferred_to",
        "budget_receipts",
        "summary",
        "note",
        "classification",
        "custodian",
        "storage_place",
        id=gettext_lazy("Record ID"),
        unit=gettext_lazy("Unit code"),
        unit_name=field_label(Case, "unit"),
        category=gettext_lazy("Case category code"),
        category_name=field_label(Case, "category"),
        operation=gettext_lazy("Operation code"),
        commune=gettext_lazy("Commune code"),
        commune_name=gettext_lazy("Commune name"),
        village=gettext_lazy("Village"),
        marker=gettext_lazy("Nearest marker number"),
        holding_unit=gettext_lazy("Code of the unit holding the paper file"),
    )

    class Meta(RecordResource.Meta):
        model = Case
        fields = [
            "id",
            "code",
            "occurred_on",
            "occurred_time",
            "category",
            "category_name",
            "nature",
            "role",
            "operation",
            "unit",
            "unit_name",
            "other_agencies",
            "commune",
            "commune_name",
            "village",
            "place_detail",
            "marker",
            "latitude",
            "longitude",
            "ownerless",
            "subject_count",
            "outcome",
            "outcome_on",
            "fine_amount",
            "transferred_to",
            "budget_receipts",
            "summary",
            "note",
            *REGISTER,
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["commune"].widget.queryset = commune_choices()

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("unit", "category", "operation", "commune", "village", "marker", "holding_unit")
