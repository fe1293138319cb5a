"""How markers, patrols and border segments are chosen in a search picker (``core.pickers``): the inspection
list's filters and the inspection form, among thousands of markers and a million patrols; the segments of the
marker and patrol forms and filters and of the self-management teams."""

import datetime
import re

from django.db.models import Q

from phoihop.border.choices import BorderLine
from phoihop.border.models import BorderSegment, Marker, Patrol
from phoihop.border.resources import QUALIFIED_MARKER
from phoihop.core.pickers import register
from phoihop.core.text import search_terms


def _post_name(post) -> str:
    return (post.short_name or post.name) if post is not None else ""


def marker_search(queryset, query):
    """ "1116", "mốc 1116", "261(1)" (the number's beginning), "LA-12" (the line and the number's beginning, as
    imports name a marker), or words of its commune or post."""
    for term in search_terms(query):
        if term in {"moc", "marker", "cot"}:
            continue
        qualified = QUALIFIED_MARKER.fullmatch(term)
        if qualified and qualified[1].upper() in BorderLine.values:
            queryset = queryset.filter(border_line=qualified[1].upper(), number__istartswith=qualified[2])
            continue
        queryset = queryset.filter(
            Q(number__istartswith=term) | Q(search_text__contains=term) | Q(post__search_text__contains=term)
        )
    return queryset


register(
    "marker",
    Marker,
    label=str,  # "Mốc 1116"; "Mốc 12 (Việt Nam – Lào)" on a line other than Vietnam–China
    hint=lambda marker: " · ".join(
        part for part in (_post_name(marker.post), marker.commune.name if marker.commune_id else "") if part
    ),
    order_by=("sort_key", "pk"),  # indexed
    select_related=("post", "commune"),
    search=marker_search,
)


_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}))?\b")


def patrol_search(queryset, query):
    """A date ("12/03/2025" or "12/03" of any year) and words of the post, the route or the findings."""
    query = query or ""
    for day, month, year in _DATE.findall(query):
        try:
            if year:
                queryset = queryset.filter(started_at__date=datetime.date(int(year), int(month), int(day)))
            else:
                datetime.date(2000, int(month), int(day))  # a real day of a month
                queryset = queryset.filter(started_at__month=int(month), started_at__day=int(day))
        except ValueError:
            return queryset.none()
    for term in search_terms(_DATE.sub(" ", query)):
        queryset = queryset.filter(Q(post__search_text__contains=term) | Q(search_text__contains=term))
    return queryset


def patrol_label(patrol) -> str:
    from django.utils import timezone

    started = timezone.localtime(patrol.started_at) if timezone.is_aware(patrol.started_at) else patrol.started_at
    return f"{started:%d/%m/%Y %H:%M} · {_post_name(patrol.post)}"


register(
    "patrol",
    Patrol,
    label=patrol_label,
    hint=lambda patrol: " · ".join(part for part in (patrol.get_kind_display(), patrol.route) if part),
    order_by=("-started_at", "-pk"),
    select_related=("post",),
    search=patrol_search,
)


register(
    "bordersegment",
    BorderSegment,
    label=lambda segment: str(segment),  # "ĐT-12 — Đoạn mốc 1116 – 1117": the code first
    hint=lambda segment: _post_name(segment.post),
    order_by=("code", "pk"),  # indexed (segment_code)
    select_related=("post",),
)
