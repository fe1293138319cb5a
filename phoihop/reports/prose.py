"""Shared helpers of the report sections: Vietnamese numbers, dates and percentages, "so với cùng kỳ" phrases,
lists, JSON-safe figures, and the scope of records reached through several organisation fields.

Numbers follow the active language's format (``vi``: 3.840,5), so a report rendered under
``translation.override("vi")`` prints them the Vietnamese way. Percentages keep one decimal place ("15,0%").
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from phoihop.core.choices import Action
from phoihop.core.numbers import rate

# --- numbers ----------------------------------------------------------------------------------------------------


def to_decimal(value) -> Decimal:
    """``value`` (int, float, Decimal or the string a figure stores) as a Decimal; ``None`` and "" as 0."""
    if value in (None, ""):
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def decimal_str(value, places=2) -> str:
    """A sum stored in figures: a string without trailing zeros ("12.5", "3840", "0"). SQLite adds decimal
    columns as floats (96.30000000000001), hence the rounding to ``places``."""
    amount = to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if amount == amount.to_integral():
        return str(amount.quantize(Decimal(1)))
    return format(amount.normalize(), "f")


def number(value, decimals=0) -> str:
    """A number as Vietnamese officials write it: 3.840,5 — grouped, decimal comma, at most ``decimals`` places
    and no trailing zeros. ``None`` prints as a dash."""
    if value is None:
        return "—"
    amount = to_decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    places = max(0, -amount.normalize().as_tuple().exponent) if amount else 0
    return number_format(amount, decimal_pos=min(places, decimals), use_l10n=True, force_grouping=True)


def percent(part, whole):
    """``part`` of ``whole`` in % with one decimal place, as a float (JSON-safe); ``None`` when ``whole`` is 0
    (``core.numbers.rate``, the one rounding rule)."""
    return rate(to_decimal(part), to_decimal(whole))


def percent_text(value) -> str:
    """A percentage with one decimal place: "15,0%"; "—" for ``None``."""
    if value is None:
        return "—"
    amount = to_decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(amount, decimal_pos=1, use_l10n=True, force_grouping=True) + "%"


# --- comparisons ------------------------------------------------------------------------------------------------


#: what a report compares with: "last_year" (the same period of the previous year, "so với cùng kỳ") or
#: "previous_period" (the previous period of the same length, for a review of several years); set by the generation
COMPARISON: contextvars.ContextVar[str] = contextvars.ContextVar("phoihop_report_comparison", default="last_year")


@contextlib.contextmanager
def comparing_with(kind: str):
    """Word every comparison made inside the block against ``kind`` ("last_year" or "previous_period")."""
    token = COMPARISON.set(kind)
    try:
        yield
    finally:
        COMPARISON.reset(token)


def _previous_period() -> bool:
    return COMPARISON.get() == "previous_period"


def previous_label() -> str:
    """The heading of a comparison column: "Cùng kỳ năm trước" or "Giai đoạn trước"."""
    return _("Previous period") if _previous_period() else _("Same period last year")


def in_previous(text_last_year: str, text_previous_period: str) -> str:
    """The sentence of the comparison in force (both already translated)."""
    return text_previous_period if _previous_period() else text_last_year


def no_baseline() -> str:
    """What a comparison says when the comparison period holds no figure: no percentage, no "tăng 919"."""
    return _("no figures for the previous period")


def change(current, previous, decimals=0) -> str:
    """The comparison with the comparison period: "tăng 12 (15,0%) so với cùng kỳ năm trước", "bằng cùng kỳ năm
    trước", "giảm 3 (20,0%) so với giai đoạn trước"; "kỳ trước chưa có số liệu" when the comparison period holds
    nothing (a zero baseline gives no meaningful increase)."""
    current, previous = to_decimal(current), to_decimal(previous)
    if not previous:
        return no_baseline()
    delta = current - previous
    if delta == 0:
        if _previous_period():
            return _("the same as the previous period")
        return _("the same as the same period last year")
    values = {"delta": number(abs(delta), decimals), "percent": percent_text(abs(delta) * 100 / previous)}
    if previous > 0 and current >= 2 * previous:
        # "tăng 32 (3.300,0%)" reads badly: a multiple is what a report says ("gấp 33 lần")
        ratio = (current / previous).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        values["times"] = number(ratio, 0 if ratio == ratio.to_integral_value() else 1)
        if _previous_period():
            return _("up %(delta)s (%(times)s times the previous period)") % values
        return _("up %(delta)s (%(times)s times the same period last year)") % values
    if _previous_period():
        if delta > 0:
            return _("up %(delta)s (%(percent)s) on the previous period") % values
        return _("down %(delta)s (%(percent)s) on the previous period") % values
    if delta > 0:
        return _("up %(delta)s (%(percent)s) on the same period last year") % values
    return _("down %(delta)s (%(percent)s) on the same period last year") % values


def rate_change(current, previous) -> str:
    """The comparison of two rates in percentage points: "tăng 4,5 điểm phần trăm so với cùng kỳ năm trước"."""
    if current is None:
        return ""
    if previous is None:
        return no_baseline()
    delta = to_decimal(current) - to_decimal(previous)
    if delta == 0:
        if _previous_period():
            return _("the same as the previous period")
        return _("the same as the same period last year")
    values = {"delta": number(abs(delta), 1)}
    if _previous_period():
        if delta > 0:
            return _("up %(delta)s percentage points on the previous period") % values
        return _("down %(delta)s percentage points on the previous period") % values
    if delta > 0:
        return _("up %(delta)s percentage points on the same period last year") % values
    return _("down %(delta)s percentage points on the same period last year") % values


# --- words ------------------------------------------------------------------------------------------------------


def join(items, separator=", ") -> str:
    """ "a, b và c" (the conjunction of the active language); ``separator`` "; " when the items hold commas."""
    items = [str(item) for item in items if item not in (None, "")]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": separator.join(items[:-1]), "last": items[-1]}


def lower_first(name) -> str:
    """A list entry used mid-sentence: "Nghị quyết" → "nghị quyết"; acronyms ("ĐBP", "UBND") stay."""
    name = str(name)
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def counted(rows, template=None, lower=True, separator=", ", limit=None, decimals=0) -> str:
    """ "7 chỉ thị, 4 nghị quyết và 2 thông báo" from rows ``{"name", "count"}``, biggest first, zeros left out.

    ``template`` (a translated string with ``%(count)s`` and ``%(name)s``) words each entry, e.g. "7 mốc hư hỏng";
    ``lower`` puts names in lower case ("Nghị quyết" → "nghị quyết"; keep proper names with ``lower=False``);
    beyond ``limit`` entries the rest are added up ("và 9 nội dung khác")."""
    rows = sorted((row for row in rows if to_decimal(row["count"])), key=lambda row: -to_decimal(row["count"]))
    template = template or "%(count)s %(name)s"

    def entry(count, name):
        return template % {"count": number(count, decimals), "name": lower_first(name) if lower else name}

    parts = [entry(row["count"], row["name"]) for row in rows[:limit]]
    if limit and len(rows) > limit:
        rest = sum((to_decimal(row["count"]) for row in rows[limit:]), Decimal(0))
        parts.append(_("others (%(count)s)") % {"count": number(rest, decimals)})
    return join(parts, separator)


def date_text(value) -> str:
    """dd/mm/yyyy; accepts a date or the ISO string a figure stores."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def period_text(ctx) -> str:
    """ "từ ngày 01/01/2025 đến ngày 30/06/2025"."""
    return _("from %(start)s to %(end)s") % {"start": date_text(ctx.start), "end": date_text(ctx.end)}


def iso(value) -> str | None:
    return value.isoformat() if value else None


# --- scope ------------------------------------------------------------------------------------------------------


def scoped_any(ctx, queryset, *org_fields, action=Action.COUNT):
    """``queryset`` narrowed to the records the report counts through any of ``org_fields`` (paths to an
    organisation: the owner, the organisers, the parties …), each through the access gate and the scope
    (``ctx.scoped``). Each record appears once, however many of its organisations are in the scope.

    Figures use the ``count`` action (totals shared by a sharing rule count); a table that names records by their
    content (a document's subject) uses ``view``, so totals-only sharing never shows the records themselves."""
    return ctx.records(queryset, fields=org_fields or None, action=action)


def overlapping(start_field, end_field, start, end) -> Q:
    """Q: the record's [start_field, end_field] (either may be empty: open) overlaps [start, end]."""
    return (Q(**{f"{start_field}__isnull": True}) | Q(**{f"{start_field}__lte": end})) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": start})
    )


def between(field, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lte": end})


def period_qs(ctx, field) -> tuple[Q, Q]:
    """Q of ``field`` (a date; "…__date" for a datetime) in the period, and in the same period last year."""
    return between(field, ctx.start, ctx.end), between(field, *ctx.previous)


def named(rows, count_key="count", limit=5, name_key="name") -> str:
    """ "Đồn Biên phòng A: 3, Đồn Biên phòng B: 2 và 4 đơn vị khác" — the units with the most first; those past
    ``limit`` counted, not named."""
    rows = sorted((r for r in rows if to_decimal(r[count_key])), key=lambda r: (-to_decimal(r[count_key]), r[name_key]))
    parts = [f"{row[name_key]}: {number(row[count_key])}" for row in rows[:limit]]
    if len(rows) > limit:
        parts.append(_("%(count)s other units") % {"count": number(len(rows) - limit)})
    return join(parts, separator="; ")
