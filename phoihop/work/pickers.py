"""How documents, tasks and conclusions are chosen in a search picker (``core.pickers``)."""

from django.db.models import Q

from phoihop.core.pickers import register
from phoihop.core.text import search_terms
from phoihop.work.models import Conclusion, Document, Task


def document_search(queryset, query):
    """Words of the number ("15-NQ/TU"), subject, summary or issuing body; the number's beginning too."""
    for term in search_terms(query):
        queryset = queryset.filter(Q(search_text__contains=term) | Q(number__istartswith=term))
    return queryset


register(
    "document",
    Document,
    label=lambda document: str(document),
    hint=lambda document: " · ".join(
        part
        for part in (document.issuing_body, document.signed_on.strftime("%d/%m/%Y") if document.signed_on else "")
        if part
    ),
    order_by=("-signed_on", "-pk"),
    search=document_search,
)

register(
    "task",
    Task,
    label=lambda task: task.title,
    hint=lambda task: " · ".join(
        part
        for part in (
            task.get_status_display(),
            task.deadline_in_force.strftime("%d/%m/%Y") if task.deadline_in_force else "",
        )
        if part
    ),
    order_by=("-created_at", "-pk"),
)


def conclusion_label(conclusion) -> str:
    agreement = conclusion.conference.agreement
    return " · ".join(part for part in (agreement.number, str(conclusion)) if part)


register(
    "conclusion",
    Conclusion,
    label=conclusion_label,
    hint=lambda conclusion: str(conclusion.conference),
    order_by=("-conference__held_on", "number", "pk"),
    select_related=("conference__agreement",),
)
