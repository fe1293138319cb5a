"""Excel/CSV import and export of cadre plans and of the people in them.

Columns hold codes: ``organisation`` (the planning committee's code, one where the importer holds the reporter
role), ``plan`` (a plan's record id, among the plans where the importer may record personal data), ``person`` (a
cadre's record id, among the people the importer may read: a planned cadre may come from another unit); dates
dd/mm/yyyy, targets in per cent ("15" or "12,5"), choices by code or label. A row with an ``id`` updates that
record. The removal columns of planned cadres are exported for reading only: a removal goes through
``services.planned_cadre_remove`` (the plan's page, the API).
"""

from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.cadres.forms.planning import plans_for_planning
from phoihop.cadres.models import CadrePlan, Person, PlannedCadre
from phoihop.cadres.resources.people import labels
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget
from phoihop.orgs.models import Organisation

REMOVAL_FIELDS = ("removed_on", "removal_reason", "removal_decision")


class CadrePlanResource(RecordResource):
    scope_fields = ("organisation",)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)

    column_labels = labels(
        CadrePlan,
        "term",
        "title",
        "level",
        "decision_number",
        "decision_date",
        "decision_authority",
        "under_40_target",
        "women_target",
        "minority_target",
        "local_target",
        "note",
        id=gettext_lazy("Record ID"),
        organisation=gettext_lazy("Planning committee code"),
        organisation_name=gettext_lazy("Planning committee"),
    )

    class Meta(RecordResource.Meta):
        model = CadrePlan
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "term",
            "title",
            "level",
            "decision_number",
            "decision_date",
            "decision_authority",
            "under_40_target",
            "women_target",
            "minority_target",
            "local_target",
            "note",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation")


class PlannedCadreResource(RecordResource):
    plan = fields.Field(attribute="plan", column_name="plan", widget=ScopedForeignKeyWidget(CadrePlan, "id"))
    plan_title = fields.Field(attribute="plan__title", column_name="plan_title", readonly=True)
    person = fields.Field(attribute="person", column_name="person", widget=ScopedForeignKeyWidget(Person, "id"))
    person_name = fields.Field(attribute="person__full_name", column_name="person_name", readonly=True)

    column_labels = labels(
        PlannedCadre,
        "source",
        "decision_number",
        "decision_date",
        "decision_authority",
        *REMOVAL_FIELDS,
        "note",
        id=gettext_lazy("Record ID"),
        plan=gettext_lazy("Plan's record ID"),
        plan_title=gettext_lazy("Planned title"),
        person=gettext_lazy("Cadre's record ID"),
        person_name=gettext_lazy("Cadre's full name"),
    )

    class Meta(RecordResource.Meta):
        model = PlannedCadre
        fields = [
            "id",
            "plan",
            "plan_title",
            "person",
            "person_name",
            "source",
            "decision_number",
            "decision_date",
            "decision_authority",
            *REMOVAL_FIELDS,
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        for name in REMOVAL_FIELDS:
            self.fields[name].readonly = True
        if user is not None:
            self.fields["plan"].widget.queryset = plans_for_planning(user)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("plan", "person")
