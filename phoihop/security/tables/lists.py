import django_tables2 as tables

from phoihop.core.tables import BaseTable
from phoihop.security.models import CaseCategory, SeizedItemType


class CaseCategoryTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = CaseCategory
        fields = ("sort_order", "code", "name", "default_nature")


class SeizedItemTypeTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = SeizedItemType
        fields = ("sort_order", "code", "name", "default_unit", "has_face_value")
