import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.core.record_types import record_type_label
from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule


class AreaTable(BaseTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    parent = tables.Column(verbose_name=_("Parent area"))
    border_length_km = NumberColumn(verbose_name=_("border length (km)"))
    is_border_commune = tables.BooleanColumn(yesno="✔,")

    class Meta(BaseTable.Meta):
        model = Area
        fields = ("code", "name", "kind", "parent", "is_border_commune", "border_length_km", "valid_from", "valid_to")


class OrganisationKindTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = OrganisationKind
        fields = ("sort_order", "code", "name", "abbreviation", "is_party_body")


class OrganisationTable(BaseTable):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    parent = tables.Column(verbose_name=_("Parent organisation"))

    class Meta(BaseTable.Meta):
        model = Organisation
        fields = ("code", "name", "short_name", "kind", "parent", "valid_from", "valid_to")


class SharingRuleTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    content_type = tables.Column(default=_("Every record type"))

    def render_content_type(self, value):
        return record_type_label(value)  # "Nhiệm vụ", not "Work | task"

    class Meta(BaseTable.Meta):
        model = SharingRule
        fields = ("id", "owner", "viewer", "content_type", "mode", "include_subtree", "valid_from", "valid_to")


class AgreementTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    owner = tables.Column(verbose_name=_("maintained by"))

    class Meta(BaseTable.Meta):
        model = Agreement
        fields = ("number", "title", "owner", "signed_on", "valid_from", "valid_to", "status")


class ClauseTable(BaseTable):
    number = tables.Column(linkify=True)
    title = tables.Column(linkify=True)
    agreement = tables.Column(accessor="agreement__number", verbose_name=_("agreement"))

    class Meta(BaseTable.Meta):
        model = Clause
        fields = ("agreement", "number", "title", "review_frequency")
