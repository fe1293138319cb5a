"""Reading the change history — always through the access gate."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from phoihop.audit.models import ChangeRecord
from phoihop.core.access import NOTHING, member_paths, subtree_q
from phoihop.core.models import BaseModel


def record_types():
    """Every domain record type (subclasses of BaseModel), for the activity filter and recycle bin."""
    return [m for m in apps.get_models() if issubclass(m, BaseModel)]


def history_of(obj):
    """History of one record (the caller has already passed it through the gate; its entries carry its current
    owner and level). The names of other records they print go through ``audit.names``."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return ChangeRecord.objects.filter(content_type=content_type, object_pk=str(obj.pk)).select_related("actor")


def visible_changes(user):
    """Change records the user may read: of their organisations' records (and public reference data),
    no higher than their clearance — the owner and level of the record today (``audit.scope`` keeps the copies
    current; a relation's entries carry the higher level of its ends). What an entry says of other records is
    printed through the gate too (``audit.names``)."""
    qs = ChangeRecord.objects.select_related("actor", "content_type")
    if not user.is_authenticated:
        return qs.none()
    qs = qs.filter(classification__lte=user.clearance)
    if user.is_superuser:
        return qs
    Organisation = apps.get_model("orgs", "Organisation")
    paths = member_paths(user)
    q = NOTHING
    if paths:
        q = Q(organisation_id__in=Organisation.all_objects.filter(subtree_q(paths)).values("pk"))
        # People's personal data: only where the user's membership carries the personal-data permission.
        personal = [ContentType.objects.get_for_model(m).pk for m in record_types() if m.access_personal_data]
        if personal:
            personal_paths = member_paths(user, personal_data=True)
            q &= ~Q(content_type_id__in=personal) | Q(
                organisation_id__in=Organisation.all_objects.filter(subtree_q(personal_paths)).values("pk")
                if personal_paths
                else []
            )
    public = [ContentType.objects.get_for_model(m).pk for m in record_types() if m.access_public_read]
    q |= Q(organisation_id__isnull=True, content_type_id__in=public)
    q |= Q(content_type=ContentType.objects.get_for_model(apps.get_model("accounts", "User")), object_pk=str(user.pk))
    return qs.filter(q)


def deleted_records(user):
    """(model, queryset) of soft-deleted records the user may restore."""
    result = []
    for model in record_types():
        qs = model.all_objects.filter(deleted_at__isnull=False).restrict(user, "delete")
        result.append((model, qs.select_related("deleted_by").order_by("-deleted_at")))
    return result
