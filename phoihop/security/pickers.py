"""How cases, operations and seized items are chosen in a search picker (``core.pickers``): the forms and filters of
the records that belong to a case, and the case form's operation."""

from django.db.models import Q

from phoihop.core.pickers import register
from phoihop.core.text import search_terms
from phoihop.security.models import Case, Operation, SeizedItem


def _unit_name(unit) -> str:
    return (unit.short_name or unit.name) if unit is not None else ""


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def case_search(queryset, query):
    """The beginning of the case's code ("ls1225") or words of its category, place or unit."""
    for term in search_terms(query):
        queryset = queryset.filter(Q(code__istartswith=term) | Q(search_text__contains=term))
    return queryset


register(
    "case",
    Case,
    label=str,  # its code, or its register label
    hint=lambda case: _joined(case.occurred_on.strftime("%d/%m/%Y"), case.category.name, _unit_name(case.unit)),
    order_by=("-occurred_on", "-id"),  # index security_case_occurred
    select_related=("category", "unit"),
    search=case_search,
)

register(
    "operation",
    Operation,
    label=str,
    hint=lambda operation: _joined(operation.opened_on.strftime("%d/%m/%Y"), _unit_name(operation.lead_unit)),
    order_by=("-opened_on", "-id"),  # index security_operation_opened
    select_related=("lead_unit",),
    search=case_search,
)

register(
    "seizeditem",
    SeizedItem,
    label=str,
    hint=lambda item: str(item.case),
    order_by=("case", "id"),
    select_related=("case", "item_type"),
    search=lambda queryset, query: queryset.filter(
        *[Q(search_text__contains=term) | Q(case__code__istartswith=term) for term in search_terms(query)]
    ),
)
