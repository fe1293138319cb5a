"""How twinnings are chosen in a search picker (``core.pickers``): the activities' form and filter."""

from django.utils.translation import gettext as _

from phoihop.core.pickers import register
from phoihop.movements.models import Twinning


def _name(organisation) -> str:
    return (organisation.short_name or organisation.name) if organisation is not None else ""


def twinning_label(twinning) -> str:
    """Both parties, "Đồn Biên phòng Ba Sơn ↔ Thôn Khòn Pổ (Xã Ba Sơn)": a post twins with several partners, and
    villages of one name lie in several communes."""
    if twinning.partner_organisation_id:
        partner = _name(twinning.partner_organisation)
    elif twinning.partner_village_id:
        village = twinning.partner_village
        partner = f"{village.name} ({village.parent.name})" if village.parent_id else village.name
    else:
        partner = "—"
    return f"{_name(twinning.organisation)} ↔ {partner}"


def twinning_hint(twinning) -> str:
    parts = [_("since %(date)s") % {"date": twinning.started_on.strftime("%d/%m/%Y")}] if twinning.started_on else []
    if twinning.ended_on:
        parts.append(_("ended on %(date)s") % {"date": twinning.ended_on.strftime("%d/%m/%Y")})
    elif not twinning.active:
        parts.append(_("no longer active"))
    return " · ".join(parts)


register(
    "twinning",
    Twinning,
    label=twinning_label,
    hint=twinning_hint,
    order_by=("-started_on", "-pk"),  # index twinning_started, read backwards: the latest first
    select_related=("organisation", "partner_organisation", "partner_village__parent"),
)
