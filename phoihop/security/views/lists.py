"""The managed lists: case categories and types of seized items (superusers maintain them, everyone reads)."""

from phoihop.core.urls_helpers import RecordViews
from phoihop.security.filtersets.lists import CaseCategoryFilterSet, SeizedItemTypeFilterSet
from phoihop.security.forms.lists import CaseCategoryForm, SeizedItemTypeForm
from phoihop.security.models import CaseCategory, SeizedItemType
from phoihop.security.tables.lists import CaseCategoryTable, SeizedItemTypeTable

category_views = RecordViews(
    CaseCategory.objects.all(), filterset=CaseCategoryFilterSet, table=CaseCategoryTable, form=CaseCategoryForm
)
item_type_views = RecordViews(
    SeizedItemType.objects.all(),
    filterset=SeizedItemTypeFilterSet,
    table=SeizedItemTypeTable,
    form=SeizedItemTypeForm,
)

urlpatterns = [*category_views.urls("case-categories"), *item_type_views.urls("seized-item-types")]
