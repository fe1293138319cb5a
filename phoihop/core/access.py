"""The one access gate.

Every read path (pages, API, exports, search, counts, history, background jobs) starts from
``Model.objects.restrict(user, action)``, which calls :func:`restrict`. The rules:

* a user sees the records owned by the organisations in the subtrees of their memberships;
* to add, change or delete, the membership must hold at least the model's ``access_edit_role``;
* a sharing rule lets a viewer organisation (and the organisations above it) see another organisation's
  records of one kind (or of every kind), in full or as totals only (``count``);
* a classified record is visible only to users whose clearance is at least its level — superusers too;
* superusers see every organisation; reference data (``access_public_read``) is readable by every user;
* people's personal data (``access_personal_data``: the households of homes for the poor, sponsored children,
  cadres) needs a membership that carries the personal-data permission; sharing rules and participants never
  reach it. Counting them (``count``) does not: totals follow the ordinary rule, names never leave it.

Records outside the gate do not exist for the user: views answer 404, never 403, for them.
"""

from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Action, Role

READ_ACTIONS = {Action.VIEW, Action.COUNT}
NOTHING = Q(pk__in=[])


def _organisation_model():
    return apps.get_model("orgs", "Organisation")


def _membership_rows(user):
    """(organisation path, role, personal data) of the user's memberships, cached on the user object."""
    cached = getattr(user, "_phoihop_memberships", None)
    if cached is None:
        Membership = apps.get_model("accounts", "Membership")
        cached = list(
            Membership.objects.filter(user=user, organisation__deleted_at__isnull=True).values_list(
                "organisation__path", "role", "personal_data"
            )
        )
        user._phoihop_memberships = cached
    return cached


def memberships(user):
    """(organisation path, role) pairs of the user's memberships."""
    return [(path, role) for path, role, _personal in _membership_rows(user)]


def forget(user):
    """Drop the cached memberships (after they change within one request or test)."""
    for attr in ("_phoihop_memberships", "_phoihop_shares", "_phoihop_partners"):
        if hasattr(user, attr):
            delattr(user, attr)


def _outermost(paths) -> list[str]:
    """``paths`` without those nested inside others, sorted."""
    roots = []
    for path in sorted(set(paths)):
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def member_paths(user, min_role=Role.VIEWER, personal_data=False) -> list[str]:
    """Tree paths of the user's memberships with at least ``min_role`` (and, with ``personal_data``, the
    personal-data permission), nested ones removed."""
    return _outermost(
        path for path, role, personal in _membership_rows(user) if role >= min_role and (personal or not personal_data)
    )


def has_role(user, min_role) -> bool:
    return bool(user.is_superuser or member_paths(user, min_role))


def may_see_personal_data(user, organisation) -> bool:
    """Whether ``user`` may see people's personal data of ``organisation``'s records (and grant the permission
    there)."""
    if user.is_superuser:
        return True
    return any(organisation.path.startswith(path) for path in member_paths(user, personal_data=True))


def subtree_q(paths, prefix="") -> Q:
    """Q over Organisation: the subtrees rooted at ``paths``."""
    if not paths:
        return NOTHING
    return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))


def sharing_rules(user) -> list[tuple]:
    """The sharing rules valid today that benefit ``user`` (a membership of any role in the viewer organisation or
    above it), as (id, content type id or None, mode, include subtree, owner path, owner id), cached on the user
    object. The gate reads them; so do the figures that say what a user may count (``core.scope``)."""
    cache = getattr(user, "_phoihop_shares", None)
    if cache is not None:
        return cache
    viewer_paths = member_paths(user)
    if not viewer_paths:
        return []
    SharingRule = apps.get_model("orgs", "SharingRule")
    today = timezone.localdate()
    cache = list(
        SharingRule.objects.filter(subtree_q(viewer_paths, "viewer__"))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(Q(agreement__isnull=True) | Q(agreement__status="in_force", agreement__deleted_at__isnull=True))
        .order_by("pk")
        .values_list("pk", "content_type_id", "mode", "include_subtree", "owner__path", "owner_id")
    )
    user._phoihop_shares = cache
    return cache


def _shared_orgs_q(user, model, modes) -> Q:
    """Q over Organisation: organisations whose records of ``model`` are shared with the user."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    rules = sharing_rules(user)
    if not rules:
        return NOTHING
    ct_id = ContentType.objects.get_for_model(model).pk
    parts = []
    for _pk, rule_ct, mode, include_subtree, owner_path, owner_id in rules:
        if mode in modes and rule_ct in (None, ct_id):
            parts.append(Q(path__startswith=owner_path) if include_subtree else Q(pk=owner_id))
    return reduce(or_, parts) if parts else NOTHING


def allowed_organisations(user, min_role=Role.REPORTER):
    """Organisations in which the user may create or edit records needing ``min_role``."""
    Organisation = _organisation_model()
    qs = Organisation.objects.all()
    if user.is_superuser:
        return qs
    return qs.filter(subtree_q(member_paths(user, min_role)))


def agreements_in_force_q() -> Q:
    """Q over Agreement: in force today: its status says so and today lies within its validity dates (an agreement
    left "in force" past its end date no longer counts)."""
    today = timezone.localdate()
    return (
        Q(status="in_force")
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    )


def partner_paths(user) -> list[str]:
    """Tree paths of the parties of the agreements in force to which one of the user's organisations is party —
    the organisation of a membership, one below it or one above it (the provincial Border Guard's party committee
    signs for its posts) — cached on the user object (``forget`` clears it)."""
    cached = getattr(user, "_phoihop_partners", None)
    if cached is not None:
        return cached
    paths = member_paths(user)
    cached = []
    if paths:
        Agreement = apps.get_model("orgs", "Agreement")
        # a path "/1/7/42/" names the organisation and every organisation above it
        above = {int(part) for path in paths for part in path.strip("/").split("/") if part}
        agreements = Agreement.objects.filter(agreements_in_force_q()).filter(
            Q(parties__pk__in=above) | subtree_q(paths, "parties__"), parties__deleted_at__isnull=True
        )
        cached = _outermost(
            _organisation_model()
            .objects.filter(agreements__in=agreements.values("pk"))
            .order_by()
            .values_list("path", flat=True)
            .distinct()
        )
    user._phoihop_partners = cached
    return cached


def participant_organisations(user, keep=None):
    """The organisations a record of ``user`` may name as a participant — the fields that let another
    organisation read the record (``access_participant_fields``: a task's units, a visited organisation,
    co-organisers, organisers, a twinning partner, a programme's participants).

    The one rule, for every form, picker and API field of that kind: the subtrees of the user's
    memberships, and the subtrees of the parties of every agreement in force to which one of the user's
    organisations (or one above it) is party (``partner_paths``). Coordination crosses the trees through the
    agreements that establish it, not to any of the country's organisations. ``keep``: ids (or a subquery of
    ids) the record already names, which stay choosable as abolished organisations do. Superusers: every
    organisation. Agreement parties and sharing rules' viewers are not participant fields of this kind: they are
    the acts that establish the coordination, and may name any organisation (docs/architecture.md, "Fields that
    name other organisations")."""
    Organisation = _organisation_model()
    qs = Organisation.objects.all()
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return qs.none()
    if user.is_superuser:
        return qs
    q = subtree_q(_outermost(member_paths(user) + partner_paths(user)))
    if keep is not None:
        q |= Q(pk__in=keep)
    return qs.filter(q) if q != NOTHING else qs.none()


def named_by(instance, name):
    """The ids the saved record ``instance`` names in its field ``name`` (a subquery for a many-to-many field), or
    None: a new record, or a field of the form or serializer only (a task's lead unit). The ``keep`` of
    ``participant_organisations``: what the record holds, never what a request proposes."""
    from django.core.exceptions import FieldDoesNotExist

    if instance is None or not getattr(instance, "pk", None):
        return None
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_many and not field.auto_created:
        return getattr(instance, name).order_by().values("pk")
    if field.many_to_one:
        value = getattr(instance, field.attname)
        return [value] if value is not None else None
    return None


#: what a participant field says of an organisation outside ``participant_organisations`` (form and API alike)
PARTICIPANT_REFUSED = _(
    "Choose a unit of your own organisations or of a party to a coordination agreement in force with them."
)


def participant_field_names(owner_class, model, scope_fields=()) -> tuple[str, ...]:
    """The fields of a form or serializer class that name participants (``participant_organisations``): those the
    class declares in ``participant_choice_fields`` (a task form's lead and coordinating units), otherwise the
    model's ``access_participant_fields`` that are its own fields; never a scope field nor a field the class
    declares open (``open_choice_fields``: agreement parties, sharing rules' viewers)."""
    declared = getattr(owner_class, "participant_choice_fields", None)
    if declared is None:
        declared = tuple(name for name in getattr(model, "access_participant_fields", ()) if "__" not in name)
    skip = set(scope_fields) | set(getattr(owner_class, "open_choice_fields", ()))
    return tuple(name for name in declared if name not in skip)


def choice_queryset(
    user, model, name, queryset, *, scope_fields=(), participant_fields=(), instance=None, model_field=None
):
    """The records a field ``name`` of a form, a serializer or an import of ``model`` may name, from its
    ``queryset``: the owner among the organisations where the user holds the edit role (``scope_fields``), a
    participant among ``participant_organisations`` (what the saved ``instance`` names in ``model_field``, by
    default ``name``, kept), anything else through the view gate; None when the gate does not apply (reference
    lists with no owner)."""
    if name in scope_fields:
        return allowed_organisations(user, model.access_edit_role)
    if name in participant_fields and queryset.model._meta.label == "orgs.Organisation":
        return participant_organisations(user, keep=named_by(instance, model_field or name))
    if hasattr(queryset, "restrict"):
        return queryset.restrict(user, "view")
    return None


def scope_q(user, model, action) -> Q:
    """Q over ``model``: the records ``user`` may reach for ``action``, clearance aside."""
    custom = getattr(model, "access_scope", None)
    if user.is_superuser and not (custom and getattr(model, "access_scope_for_superusers", False)):
        return Q()
    if custom is not None:
        return custom(user, action)
    if action in READ_ACTIONS and getattr(model, "access_public_read", False):
        return Q()
    edit_role = getattr(model, "access_edit_role", Role.REPORTER)
    if action not in READ_ACTIONS and edit_role is None:
        return NOTHING  # configuration only superusers change
    field = getattr(model, "access_org_field", None)
    if field is None:
        # Reference data with no owner: editable by anyone holding the edit role somewhere.
        return Q() if action not in READ_ACTIONS and has_role(user, edit_role) else NOTHING
    Organisation = _organisation_model()
    min_role = Role.VIEWER if action in READ_ACTIONS else edit_role
    if getattr(model, "access_personal_data", False) and action != Action.COUNT:
        # People's personal data: only memberships holding the permission, no sharing, no participants. Counting
        # them is not reading them: totals (how many people, by sex, ethnic group, age band) follow the ordinary
        # rule below, and the figures that count never return a name.
        orgs_q = subtree_q(member_paths(user, min_role, personal_data=True))
        if orgs_q == NOTHING:
            return NOTHING
        return _org_field_q(model, field, Organisation.all_objects.filter(orgs_q).values("pk"))
    orgs_q = subtree_q(member_paths(user, min_role))
    if action in READ_ACTIONS:
        modes = {"full", "totals"} if action == Action.COUNT else {"full"}
        orgs_q = orgs_q | _shared_orgs_q(user, model, modes)
    if orgs_q == NOTHING:
        return NOTHING
    org_ids = Organisation.all_objects.filter(orgs_q).values("pk")
    fields = [field]
    if action in READ_ACTIONS:
        # Participants (the parties of an agreement, the units of a task …) read the record too.
        fields += list(getattr(model, "access_participant_fields", ()))
    return org_fields_q(model, fields, org_ids)


def org_fields_q(model, fields, org_ids) -> Q:
    """Q over ``model``: its organisation at any of ``fields`` (paths, ``pk`` for an organisation) is one of
    ``org_ids`` — the gate's rule, and the figures' scope rule (``core.scope.Scope.concerning_q``)."""
    if not fields:
        return NOTHING
    if len(fields) > 1 and any(name != "pk" and _crosses_to_many(model, name) for name in fields):
        return _union_q(model, fields, org_ids)
    return reduce(or_, (Q(pk__in=org_ids) if name == "pk" else _org_field_q(model, name, org_ids) for name in fields))


def _crosses_to_many(model, path) -> bool:
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def _ids_by_field(model, path, org_ids):
    """The ids of ``model`` whose organisation at ``path`` is one of ``org_ids``, as a subquery of one column.

    Where the path starts across a reverse foreign key (a task's ``units__organisation``), the ids are read from
    the related table alone (``task_id`` of the units), which its organisation index serves, with no join back."""
    first, _, rest = path.partition("__")
    field = model._meta.get_field(first) if path != "pk" else None
    if field is not None and field.one_to_many and rest:
        remote = field.field  # the foreign key on the related model pointing at ``model``
        return field.related_model._base_manager.filter(**{f"{rest}__in": org_ids}).values(remote.attname).order_by()
    return model._base_manager.filter(**{f"{path}__in": org_ids}).values("pk").order_by()


def _union_q(model, paths, org_ids) -> Q:
    """Q: the record's organisation at any of ``paths`` is one of ``org_ids``, as one ``pk IN (… UNION …)``.

    Or-ing the owner with a participant subquery (``owner IN … OR pk IN (SELECT … units …)``) gives the database
    two hashed subplans no index serves: every user pays for the whole table. A union of one id list per path lets
    each branch use its own index and a commune's user reads only the commune's rows."""
    branches = [_ids_by_field(model, path, org_ids) for path in paths]
    return Q(pk__in=branches[0].union(*branches[1:]))


def _org_field_q(model, path, org_ids) -> Q:
    """Q: the record's organisation at ``path`` is one of ``org_ids``; without duplicate rows when the path
    crosses a to-many relation (parties, units), by going through a subquery on the record's ids."""
    if path != "pk" and _crosses_to_many(model, path):
        return Q(pk__in=model._base_manager.filter(**{f"{path}__in": org_ids}).values("pk"))
    return Q(**{f"{path}__in": org_ids})


def restrict(queryset, user, action=Action.VIEW):
    """The access gate: ``queryset`` narrowed to what ``user`` may reach for ``action``."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    model = queryset.model
    q = scope_q(user, model, action)
    if q == NOTHING:
        return queryset.none()
    queryset = queryset.filter(q) if q else queryset
    level = classification_path(model)
    if level:
        queryset = queryset.filter(**{f"{level}__lte": user.clearance})
    return queryset


def classification_path(model):
    """The field holding the record's state-secret level: its own ``classification``, or the one of the record
    it belongs to (``access_classification_field``, e.g. a task unit follows its task)."""
    declared = getattr(model, "access_classification_field", None)
    if declared:
        return declared
    if any(f.name == "classification" for f in model._meta.concrete_fields):
        return "classification"
    return None


def can(user, obj, action=Action.CHANGE) -> bool:
    """Whether ``user`` may perform ``action`` on the saved record ``obj``."""
    manager = type(obj)._base_manager
    return restrict(manager.filter(pk=obj.pk), user, action).exists()
