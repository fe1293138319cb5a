"""How programmes and indicators are chosen in a search picker (``core.pickers``): the budgets', indicators',
targets', figures' and records' forms and filters, and the figure-entry page."""

from django.db.models import Q
from django.utils.translation import gettext as _

from phoihop.core.pickers import register
from phoihop.core.text import search_terms
from phoihop.programs.models import Indicator, Programme


def _joined(*parts) -> str:
    return " · ".join(str(part) for part in parts if part)


def programme_years(programme) -> str:
    """ "1999–2010", or "from 2018" while it runs."""
    start = programme.start_date.year if programme.start_date else None
    if start is None:
        return ""
    if programme.end_date:
        return f"{start}–{programme.end_date.year}"
    return _("from %(year)s") % {"year": start}


def programme_hint(programme) -> str:
    """Its code, owner and years: two programmes of one name (two phases of "Mái ấm") differ."""
    owner = (programme.owner.short_name or programme.owner.name) if programme.owner_id else ""
    return _joined(programme.code, owner, programme_years(programme))


register(
    "programme",
    Programme,
    label=lambda programme: programme.name,
    hint=programme_hint,
    order_by=("name", "pk"),  # index programme_name
    select_related=("owner",),
)


def indicator_label(indicator) -> str:
    """ "MAIAM-BG · NHA-BG — Nhà bàn giao (nhà)": the programme's code first, as indicators of different
    programmes share names ("Nhà bàn giao") and codes."""
    return _joined(indicator.programme.code, indicator)


def indicator_search(queryset, query):
    """Words of the indicator's code or name or of its programme's name (``search_text``), or the beginning of
    the programme's code ("maiam nha")."""
    for term in search_terms(query):
        queryset = queryset.filter(Q(search_text__contains=term) | Q(programme__code__istartswith=term))
    return queryset


register(
    "indicator",
    Indicator,
    label=indicator_label,
    hint=lambda indicator: _joined(indicator.programme.name, indicator.get_period_type_display()),
    order_by=("programme_id", "sort_order", "code", "pk"),  # index indicator_order: grouped by programme
    select_related=("programme",),
    search=indicator_search,
)
