"""Writing the personal-data access log (``PersonalDataAccess``).

A page, an export or an API call that reads people's personal data calls :func:`personal_data_access_record` once,
with everything it read. The log rows are written in bulk: one query finds the owning organisation (and level) of
the records, one inserts the rows, whatever the number of records.
"""

import ipaddress
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.text import capfirst

from phoihop.audit.choices import LIST_ACTIONS, Purpose
from phoihop.audit.models import PersonalDataAccess
from phoihop.core.access import classification_path
from phoihop.core.text import fold

QUERY_MAX = 2000
NOTE_MAX = PersonalDataAccess._meta.get_field("purpose_note").max_length
LABEL_MAX = PersonalDataAccess._meta.get_field("label").max_length


def owner_paths(model):
    """The value paths of a record's owning organisation (id and name) and of its level, or None each."""
    field = getattr(model, "access_org_field", None)
    if field == "pk":
        org, name = "pk", "name"
    elif field:
        org, name = field, f"{field}__name"
    else:
        org = name = None
    return org, name, classification_path(model)


def _parent_field(model):
    """The foreign key through which a record reaches its owner ("house" of "house__organisation"), if any."""
    path = getattr(model, "access_org_field", None) or ""
    if "__" not in path:
        return None
    try:
        field = model._meta.get_field(path.split("__", 1)[0])
    except FieldDoesNotExist:
        return None
    return field if field.concrete and (field.many_to_one or field.one_to_one) else None


def record_label(obj) -> str:
    """A short name of a personal-data record that says nothing about the person, safe to show the organisation's
    admins: its type and number, and those of the record it belongs to ("Hộ gia đình #12 · Nhà #40"). A model may
    define ``access_log_label()`` instead; it must reveal no personal data and read no other row. In the site's
    language (the admins read the log in Vietnamese)."""
    custom = getattr(obj, "access_log_label", None)
    with translation.override(settings.LANGUAGE_CODE):
        if callable(custom):
            return str(custom())[:LABEL_MAX]
        model = type(obj)
        parts = [f"{capfirst(model._meta.verbose_name)} #{obj.pk}"]
        parent = _parent_field(model)
        parent_id = getattr(obj, parent.attname, None) if parent is not None else None
        if parent_id is not None:
            parts.append(f"{capfirst(parent.related_model._meta.verbose_name)} #{parent_id}")
        return " · ".join(parts)[:LABEL_MAX]


def _owners(model, pks):
    """pk → (organisation id, organisation name, level) of the records ``pks``, in one query."""
    org, name, level = owner_paths(model)
    columns = [c for c in (org, name, level) if c]
    rows = model._base_manager.filter(pk__in=list(pks)).values_list("pk", *columns)
    owners = {}
    for pk, *values in rows:
        found = dict(zip(columns, values, strict=True))
        owners[pk] = (found.get(org), found.get(name) or "", found.get(level) or 0)
    return owners


def _owner_counts(model, queryset):
    """[(organisation id, organisation name, level, number of records)] of the records of ``queryset``, in one
    grouped query (an export of ten thousand rows costs the same)."""
    org, name, level = owner_paths(model)
    columns = [c for c in (org, name, level) if c]
    records = model._base_manager.filter(pk__in=queryset.values("pk")).order_by()
    if not columns:
        total = records.count()
        return [(None, "", 0, total)] if total else []
    result = []
    for *values, number in records.values_list(*columns).annotate(number=Count("pk")).order_by():
        found = dict(zip(columns, values, strict=True))
        result.append((found.get(org), found.get(name) or "", found.get(level) or 0, number))
    return result


def clean_remote_addr(value):
    """An IP address the database accepts, or None (a forged X-Forwarded-For must not break the page)."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def personal_data_access_record(
    *,
    acting_user,
    model,
    action,
    records=(),
    queryset=None,
    purpose=Purpose.NOT_STATED,
    purpose_note="",
    query="",
    fmt="",
    remote_addr=None,
):
    """Log that ``acting_user`` read personal data of ``model``, ``action`` being how (``AccessAction``).

    One record at a time (detail, edit, history and delete pages, a related record's page, the API's detail): one
    row per record of ``records``, with its label. A list (a list page, an API page: ``records``; an export, whose
    rows may be many: ``queryset``): one row per owning organisation and level, with the number of rows, the ids of
    a page's records and the filter (``query``). Returns the rows written."""
    if purpose not in Purpose.values:
        purpose = Purpose.NOT_STATED
    records = list(records)
    if not records and queryset is None:
        return []
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    with translation.override(settings.LANGUAGE_CODE):
        type_name = str(capfirst(model._meta.verbose_name))
        purpose_label = str(Purpose(purpose).label)
    common = {
        "at": now,
        "user": acting_user,
        "content_type": content_type,
        "action": action,
        "fmt": fmt or "",
        "query": (query or "")[:QUERY_MAX],
        "purpose": purpose,
        "purpose_note": (purpose_note or "")[:NOTE_MAX],
        "remote_addr": clean_remote_addr(remote_addr) if remote_addr else None,
    }
    who = [getattr(acting_user, "full_name", ""), acting_user.get_username()]

    def search(org_name, label=""):
        return fold(" ".join(str(p) for p in (*who, org_name, type_name, label, purpose_label, purpose_note) if p))

    rows = []
    if action in LIST_ACTIONS:
        if queryset is not None and not records:
            groups = _owner_counts(model, queryset)
            pks_of = {}
        else:
            pks = [getattr(r, "pk", r) for r in records]
            owners = _owners(model, pks)
            counted = defaultdict(list)
            for pk in pks:
                counted[owners.get(pk, (None, "", 0))].append(pk)
            groups = [(*owner, len(group)) for owner, group in counted.items()]
            pks_of = dict(counted)
        for org_id, org_name, level, number in groups:
            rows.append(
                PersonalDataAccess(
                    **common,
                    organisation_id=org_id,
                    classification=level,
                    rows=number,
                    object_pks=pks_of.get((org_id, org_name, level), []),
                    search_text=search(org_name),
                )
            )
    else:
        owners = _owners(model, [r.pk for r in records])
        for record in records:
            org_id, org_name, level = owners.get(record.pk, (None, "", 0))
            label = record_label(record)
            rows.append(
                PersonalDataAccess(
                    **common,
                    organisation_id=org_id,
                    classification=level,
                    object_pk=record.pk,
                    label=label,
                    rows=1,
                    search_text=search(org_name, label),
                )
            )
    return PersonalDataAccess.objects.bulk_create(rows)
