"""The provinces one deployment serves: one deployment may hold all 25 border provinces (issue 15).

* ``deployment_province_codes()`` — the provinces in which a live organisation has an area: the communes, former
  districts and villages offered anywhere (``orgs.forms.local_areas_q``) are theirs. A fresh install, where no
  organisation has an area yet, falls back to ``settings.PHOIHOP_PROVINCE_CODE``.
* ``organisation_province_codes()`` — ``orgs.selectors.province_of`` for every organisation at once, as codes: a
  cadre is "from the province" when they come from their own organisation's (``cadres.selectors``).

Both are read on almost every form, so they are kept in the default cache for ``CACHE_SECONDS`` and forgotten when
an organisation is saved, gains or loses an area, or an area is saved (the receivers below). Writes that bypass
``save()`` (a soft delete's ``update()``, the bulk loaders) are caught up when the cache expires: a deleted
organisation's province offered for five more minutes does no harm.

The receivers are connected when this module is imported: ``orgs.forms`` imports it, and ``orgs.pickers`` (which
imports ``orgs.forms``) is loaded in every process at start-up by ``core.apps``.
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.expressions import Expression
from django.db.models.signals import m2m_changed, post_delete, post_save

from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation

PROVINCE_KINDS = (AreaKind.PROVINCE, AreaKind.CITY)
#: how many parents above an organisation's area its province may be: village → commune → abolished district →
#: province
LEVELS = 3
CACHE_SECONDS = 300
DEPLOYMENT_KEY = "orgs:provinces:deployment"
ORGANISATIONS_KEY = "orgs:provinces:organisations"


def deployment_province_codes() -> list[str]:
    """The codes of the provinces (and centrally-run cities) in which a live organisation has an area, sorted; the
    setting's province when none has. One query on a cache miss."""
    codes = cache.get(DEPLOYMENT_KEY)
    if codes is None:
        codes = _provinces_in_use()
        cache.set(DEPLOYMENT_KEY, codes, CACHE_SECONDS)
    # the fallback is applied after the cache, so a test (or an operator) changing the setting is followed at once
    return list(codes) or [settings.PHOIHOP_PROVINCE_CODE]


def organisation_province_codes() -> dict[int, str]:
    """{organisation id: the code of its province} — ``province_of`` for every organisation that has one (the
    province above the first of its own areas that has one, else its nearest ancestor's); a national body without
    areas is absent. Two queries on a cache miss, whatever the number of organisations."""
    provinces = cache.get(ORGANISATIONS_KEY)
    if provinces is None:
        provinces = _organisation_provinces()
        cache.set(ORGANISATIONS_KEY, provinces, CACHE_SECONDS)
    return provinces


def forget() -> None:
    """Drop both cached answers (the receivers below; tests between cases, whose rollbacks send no signal)."""
    cache.delete_many([DEPLOYMENT_KEY, ORGANISATIONS_KEY])


class DeploymentProvinceCodes(Expression):
    """``deployment_province_codes()`` as the right-hand side of an ``__in`` lookup, read when the query is compiled
    rather than when it is built: filter sets build their choice querysets when their class is defined (at start-up,
    before the database may even exist), and those must still follow the provinces as organisations gain areas."""

    def __init__(self):
        super().__init__(output_field=CharField())

    def as_sql(self, compiler, connection):
        codes = deployment_province_codes()
        return "(" + ", ".join(["%s"] * len(codes)) + ")", codes


# --- computing -----------------------------------------------------------------------------------------------------


def _chain(prefix="area"):
    """The lookups of an area and of its parents up to ``LEVELS`` above it: area, area__parent, …"""
    return [prefix + "__parent" * level for level in range(LEVELS + 1)]


def _provinces_in_use() -> list[str]:
    used = Organisation.areas.through.objects.filter(
        organisation__deleted_at__isnull=True, area__deleted_at__isnull=True
    ).order_by()
    reached = reduce(or_, (Q(pk__in=used.values(f"{hop}_id")) for hop in _chain()))
    return sorted(
        set(
            Area.objects.filter(reached, kind__in=PROVINCE_KINDS)
            .exclude(code="")
            .order_by()
            .values_list("code", flat=True)
        )
    )


def _organisation_provinces() -> dict[int, str]:
    paths = dict(Organisation.all_objects.order_by().values_list("pk", "path"))
    hops = _chain()
    columns = [name for hop in hops for name in (f"{hop}__kind", f"{hop}__code")]
    # the areas of each organisation in the order ``organisation.areas.all()`` gives them (Area's ordering)
    rows = Organisation.areas.through.objects.filter(area__deleted_at__isnull=True).order_by(
        "area__code", "area__name", "area_id"
    )
    own: dict[int, str] = {}
    for org_id, *chain in rows.values_list("organisation_id", *columns):
        if org_id in own:
            continue
        for kind, code in zip(chain[::2], chain[1::2], strict=True):
            if kind in PROVINCE_KINDS and code:
                own[org_id] = code
                break
    provinces = {}
    for org_id, path in paths.items():
        lineage = [int(part) for part in (path or "").strip("/").split("/") if part] or [org_id]
        # the organisation itself, then its ancestors from the nearest up (``province_of``)
        code = next((own[pk] for pk in reversed(lineage) if pk in own), None)
        if code is not None:
            provinces[org_id] = code
    return provinces


# --- forgetting ----------------------------------------------------------------------------------------------------


def _changed(**kwargs):
    # now, for this process and the rest of the transaction, and again after the commit: a request that read the
    # old rows between the two must not keep them for five minutes
    forget()
    transaction.on_commit(forget)


def _areas_changed(action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _changed()


m2m_changed.connect(_areas_changed, sender=Organisation.areas.through, dispatch_uid="orgs.provinces.areas")
for _model in (Organisation, Area):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"orgs.provinces.save.{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"orgs.provinces.delete.{_model.__name__}")
