from phoihop.core.forms import BaseModelForm
from phoihop.security.models import CaseCategory, SeizedItemType


class CaseCategoryForm(BaseModelForm):
    class Meta:
        model = CaseCategory
        fields = ["code", "name", "default_nature", "sort_order"]


class SeizedItemTypeForm(BaseModelForm):
    class Meta:
        model = SeizedItemType
        fields = ["code", "name", "default_unit", "has_face_value", "sort_order"]
