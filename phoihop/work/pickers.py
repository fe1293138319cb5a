"""How documents, tasks, conclusions, dissemination duties and review conferences are chosen in a search picker
(``core.pickers``)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from phoihop.core.pickers import register
from phoihop.core.text import search_terms
from phoihop.work.models import Conclusion, Dissemination, Document, ReviewConference, Task


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


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
    label=lambda task: str(task),  # a classified task that is a register entry: its neutral label
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


def dissemination_label(duty) -> str:
    """ "37-CT/TW · Đồn Biên phòng Ba Sơn": the document's number (its subject when it has none), then the
    disseminating organisation: one document is disseminated by many, one organisation disseminates many."""
    document = duty.document
    return _joined(document.number or str(document), duty.organisation)


def dissemination_hint(duty) -> str:
    document = duty.document
    return _joined(
        document.subject if document.number else "",
        _("deadline %(date)s") % {"date": duty.deadline.strftime("%d/%m/%Y")} if duty.deadline else "",
    )


register(
    "dissemination",
    Dissemination,
    label=dissemination_label,
    hint=dissemination_hint,
    order_by=("-pk",),  # the primary key: the latest assigned first
    select_related=("document", "organisation"),
)


register(
    "reviewconference",
    ReviewConference,
    label=lambda conference: str(conference),  # "Hội nghị sơ kết — 01-QC/TU-ĐUBĐBP (12/03/2025)"
    hint=lambda conference: _joined(conference.agreement.title, conference.level),
    order_by=("-held_on", "-pk"),  # index conference_held, read backwards: the latest first
    select_related=("agreement",),
)
