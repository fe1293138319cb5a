"""How organisations, areas, agreements and clauses are chosen in a search picker (``core.pickers``)."""

import re

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from phoihop.core.pickers import register, valid_on_q
from phoihop.core.text import search_terms
from phoihop.orgs.forms import local_areas_q
from phoihop.orgs.models import Agreement, Area, Clause, Organisation


def _abolished(obj) -> str:
    return _("abolished on %(date)s") % {"date": obj.valid_to.strftime("%d/%m/%Y")} if obj.valid_to else ""


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def organisation_hint(org) -> str:
    """What tells look-alikes apart ("Chi bộ Đồn Ba Sơn" of two posts): its kind and the unit above it."""
    from phoihop.core.pickers import today

    abolished = _abolished(org) if org.valid_to and org.valid_to < today() else ""
    parent = (org.parent.short_name or org.parent.name) if org.parent_id else ""
    return _joined(org.kind.name if org.kind_id else "", parent, abolished)


def organisation_search(queryset, query):
    """Every folded word in the unit's own name, short name or code, or in those of the unit above it: "cao loc"
    finds Huyện ủy Cao Lộc and the units under it, "chi bo ba son" the party cells of Đồn Biên phòng Ba Sơn. One
    join (the parent's ``search_text``), no count: the answer stays one query with ``LIMIT 21``."""
    for term in search_terms(query):
        queryset = queryset.filter(Q(search_text__contains=term) | Q(parent__search_text__contains=term))
    return queryset


def organisation_rank(query):
    """The units whose own names hold every word come before those found through the unit above them."""
    terms = search_terms(query)
    if not terms:
        return None
    own = Q()
    for term in terms:
        own &= Q(search_text__contains=term)
    return Case(When(own, then=Value(0)), default=Value(1), output_field=IntegerField())


register(
    "organisation",
    Organisation,
    label=lambda org: org.name,
    hint=organisation_hint,
    order_by=("name", "pk"),
    select_related=("kind", "parent"),
    search=organisation_search,
    rank=organisation_rank,
    current=valid_on_q,
)


def area_hint(area) -> str:
    """A commune's province (and former district), so that the country's many "Xã Tân Thanh" differ."""
    above = []
    parent = area.parent if area.parent_id else None
    while parent is not None and len(above) < 2:
        above.append(parent.name)
        parent = parent.parent if parent.parent_id else None
    return _joined(area.get_kind_display(), *above, _abolished(area))


register(
    "area",
    Area,
    label=lambda area: area.name,
    hint=area_hint,
    order_by=("name", "code", "pk"),
    select_related=("parent__parent",),
    # the communes, villages (and the abolished districts) of the deployment province, not the country's 3,400
    limit=local_areas_q,
)


register(
    "agreement",
    Agreement,
    label=lambda agreement: str(agreement),
    hint=lambda agreement: _joined(
        agreement.get_status_display(), agreement.signed_on.strftime("%d/%m/%Y") if agreement.signed_on else ""
    ),
    order_by=("-signed_on", "number", "pk"),
)


def clause_label(clause) -> str:
    """ "01-QC/TU-ĐUBĐBP · Điều 5. …": the article numbers of different agreements look alike without it."""
    return _joined(clause.agreement.number, clause)


_ARTICLE_WORDS = {"dieu", "article", "d"}


def clause_search(queryset, query):
    """Words in the clause's title, content or agreement (number or title); a number is also the article's
    number ("dieu 5", "5")."""
    query = re.sub(r"[.,;:]", " ", query or "")
    for term in search_terms(query):
        if term in _ARTICLE_WORDS:
            continue
        q = Q(search_text__contains=term) | Q(agreement__search_text__contains=term)
        if term.isdigit() and len(term) < 5:
            q |= Q(number=int(term))
        queryset = queryset.filter(q)
    return queryset


register(
    "clause",
    Clause,
    label=clause_label,
    hint=lambda clause: clause.agreement.title,
    order_by=("-agreement__signed_on", "agreement__number", "number", "pk"),
    select_related=("agreement",),
    search=clause_search,
)
