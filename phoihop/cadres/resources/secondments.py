"""Excel/CSV import and export of secondments and of party members in charge of households (personal data: only
users holding the permission reach them; an import names only people the importer may change).

Columns hold codes: ``person`` (the officer's or member's record id), ``sending_unit`` / ``receiving_committee``
(organisation codes: the sending unit one where the importer may record personal data, the receiving committee any
organisation), ``commune`` (an area code, read to find the village; exported for reading) and ``village`` (a
village's code or name in that commune); dates dd/mm/yyyy; choices by code or label.
"""

from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.cadres.models import HouseholdAssignment, Secondment
from phoihop.cadres.resources.people import PersonChildResource, labels
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget, field_label
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import personal_data_organisations
from phoihop.work.forms.outreach import VillageWidget


class SecondmentResource(PersonChildResource):
    scope_fields = ("sending_unit",)
    sending_unit = fields.Field(
        attribute="sending_unit", column_name="sending_unit", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    sending_unit_name = fields.Field(attribute="sending_unit__name", column_name="sending_unit_name", readonly=True)
    receiving_committee = fields.Field(
        attribute="receiving_committee",
        column_name="receiving_committee",
        widget=ScopedForeignKeyWidget(Organisation, "code"),
    )
    receiving_committee_name = fields.Field(
        attribute="receiving_committee__name", column_name="receiving_committee_name", readonly=True
    )

    column_labels = labels(
        Secondment,
        "committee_level",
        "position",
        "position_detail",
        "decision_number",
        "decision_date",
        "decision_authority",
        "term",
        "from_date",
        "to_date",
        "note",
        id=gettext_lazy("Record ID"),
        person=gettext_lazy("Officer's record ID"),
        person_name=gettext_lazy("Officer's full name"),
        sending_unit=gettext_lazy("Sending unit code"),
        sending_unit_name=field_label(Secondment, "sending_unit"),
        receiving_committee=gettext_lazy("Receiving committee code"),
        receiving_committee_name=field_label(Secondment, "receiving_committee"),
    )

    class Meta(RecordResource.Meta):
        model = Secondment
        fields = [
            "id",
            "person",
            "person_name",
            "sending_unit",
            "sending_unit_name",
            "receiving_committee",
            "receiving_committee_name",
            "committee_level",
            "position",
            "position_detail",
            "decision_number",
            "decision_date",
            "decision_authority",
            "term",
            "from_date",
            "to_date",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # named for the record only (it gains no access): any organisation, as on the form
        self.fields["receiving_committee"].widget.queryset = Organisation.objects.all()
        if user is not None:
            self.fields["sending_unit"].widget.queryset = personal_data_organisations(user)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("person", "sending_unit", "receiving_committee")


class HouseholdAssignmentResource(PersonChildResource):
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    # read by the village's widget to find the village in its commune; the record holds only the village
    commune = fields.Field(attribute="village__parent__code", column_name="commune", readonly=True)
    commune_name = fields.Field(attribute="village__parent__name", column_name="commune_name", readonly=True)

    column_labels = labels(
        HouseholdAssignment,
        "households",
        "from_date",
        "to_date",
        "note",
        id=gettext_lazy("Record ID"),
        person=gettext_lazy("Party member's record ID"),
        person_name=gettext_lazy("Party member's full name"),
        commune=gettext_lazy("Commune code"),
        commune_name=gettext_lazy("Commune name"),
        village=gettext_lazy("Village"),
    )

    class Meta(RecordResource.Meta):
        model = HouseholdAssignment
        fields = [
            "id",
            "person",
            "person_name",
            "commune",
            "commune_name",
            "village",
            "households",
            "from_date",
            "to_date",
            "note",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("person", "village__parent")
