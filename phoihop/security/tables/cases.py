import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.security.models import (
    Case,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
)
from phoihop.security.models.cases import format_quantity


def record_link(record):
    return record.get_absolute_url()


class QuantityColumn(NumberColumn):
    """A quantity without trailing zeros: 8.978, 864,9."""

    def render(self, value):
        return format_quantity(value)


class OperationTable(BaseTable):
    code = tables.Column(linkify=record_link)
    name = tables.Column(empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Operation
        fields = ("code", "name", "lead_unit", "category", "opened_on", "closed_on", "classification")

    def render_name(self, record):
        return "—" if record.is_register_entry else (record.name or "—")


class CaseTable(BaseTable):
    code = tables.Column(linkify=record_link, empty_values=())
    subject_count = NumberColumn()

    class Meta(BaseTable.Meta):
        model = Case
        fields = (
            "code",
            "occurred_on",
            "category",
            "nature",
            "role",
            "commune",
            "marker",
            "subject_count",
            "outcome",
            "unit",
            "classification",
        )

    def render_code(self, record):
        return str(record)


class CaseSubjectGroupTable(BaseTable):
    case = tables.Column(linkify=True)
    count = NumberColumn(linkify=record_link)

    class Meta(BaseTable.Meta):
        model = CaseSubjectGroup
        fields = ("case", "sex", "nationality", "ethnic_group", "count")


class CaseSubjectIdentityTable(BaseTable):
    full_name = tables.Column(linkify=True)
    birth_year = tables.Column()
    case = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = CaseSubjectIdentity
        fields = ("full_name", "birth_year", "sex", "nationality", "ethnic_group", "case")

    def render_birth_year(self, value):
        return str(value)


class SeizedItemTable(BaseTable):
    item_type = tables.Column(linkify=record_link)
    case = tables.Column(linkify=True)
    quantity = QuantityColumn()
    estimated_value = NumberColumn()
    face_value = NumberColumn()

    class Meta(BaseTable.Meta):
        model = SeizedItem
        fields = ("item_type", "case", "quantity", "unit", "estimated_value", "face_value")


class CustodyStepTable(BaseTable):
    date = tables.DateColumn(linkify=record_link)
    case = tables.Column(linkify=True)
    seized_item = tables.Column(verbose_name=_("Seized item"))
    minutes_number = tables.Column()

    class Meta(BaseTable.Meta):
        model = CustodyStep
        fields = ("date", "case", "seized_item", "kind", "minutes_number")
