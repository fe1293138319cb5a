"""State secrets: classified records are register entries only, unless the deployment is cipher-approved.

Luật Bảo vệ bí mật nhà nước 29/2018/QH14, art. 5(5), forbids drafting or storing state-secret content on
computers or devices connected to a network, except under the law on cipher (cơ yếu). phoihop therefore keeps a
record classified Mật (1) or above as a **register entry**: its number, date, level, the unit that holds the paper
file (``holding_unit``), its custodian, where it is kept (``storage_place``) and the figures that may be counted —
never its content. ``settings.STATE_SECRET_CONTENT`` (environment ``PHOIHOP_STATE_SECRET_CONTENT``, off by default)
lifts the rule on a deployment approved under the law on cipher. See docs/security.md.

How a model takes part (declarations only; the checks run on every ``full_clean``, hence on every save through
``core.services.record_save`` — pages, API, imports, services, the demo):

* ``secret_content_fields``: the fields that hold content (texts, free text, a file). On a register entry each must
  be empty, or it is refused at the field with a Vietnamese message.
* ``content_required_fields``: content fields required whenever the record may hold content (a task's title, a
  progress report's text); on a register entry they are optional — they must be empty.
* A model with ``ClassifiedMixin`` has its own ``classification`` and the register fields; they are required on a
  register entry of a model that declares ``secret_content_fields``. ``register_label()`` names it neutrally.
* A child record whose level follows its parent (``access_classification_field``, e.g. a task unit's part under a
  task classified Mật) declares ``secret_content_fields`` too. Raising a parent to Mật is refused while its children
  or files still hold content.
* Files (``core.Attachment``) follow their record: none may be attached to a register entry.

:func:`records_holding_content` lists what already breaks the rule (``manage.py check_state_secrets`` and the
deploy system check ``phoihop.W101``).
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Classification

#: the fields a register entry holds besides its number, date and level (``ClassifiedMixin``)
REGISTER_FIELDS = ("holding_unit", "custodian", "storage_place")

LAW = _("Law on the Protection of State Secrets 2018, art. 5(5)")

REFUSED = _(
    "A record classified %(level)s is a register entry only: its content may not be drafted or stored in phoihop "
    "(%(law)s). Leave this field empty; the content stays on paper."
)
FILE_REFUSED = _(
    "No file may be attached to a record classified %(level)s: state-secret content may not be stored in phoihop "
    "(%(law)s). Keep the file on paper and record where it is kept."
)
REGISTER_REQUIRED = _(
    "Required for a record classified %(level)s: the register says which unit holds the paper file, who keeps it "
    "and where."
)
CHILDREN_HOLD_CONTENT = _(
    "%(records)s of this record still hold content: clear it before classifying the record %(level)s."
)
REQUIRED = _("This field is required.")
#: the help text of a content field on a form with a classification
HELP_CLASSIFIED = _(
    "Leave empty when the record is classified Mật or above: state-secret content is not written or stored in "
    "phoihop (%(law)s)."
)
#: the help text of a content field on a form whose record belongs to a classified one
HELP_CHILD = _(
    "This record belongs to a record classified %(level)s: leave this field empty; the content stays on paper."
)
#: the help text of the register fields
HELP_REGISTER = _("Required when the record is classified Mật or above.")


def content_allowed() -> bool:
    """Whether classified records may hold content (a deployment approved under the law on cipher)."""
    return bool(getattr(settings, "STATE_SECRET_CONTENT", False))


def level_label(level) -> str:
    return str(Classification(int(level)).label)


def is_register_entry(instance) -> bool:
    """The record (or the record it belongs to) is classified Mật or above and may not hold content."""
    return not content_allowed() and instance.classification_level() >= Classification.CONFIDENTIAL


def refusal(level, message=REFUSED) -> ValidationError:
    """The refusal of content on a record at ``level`` (for a service whose input is not a model field)."""
    return ValidationError(message, code="state_secret", params={"level": level_label(level), "law": LAW})


def _empty(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, models.fields.files.FieldFile):
        return not value.name
    if isinstance(value, (list, dict, tuple)):
        return not value
    return False


def _has_register_fields(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return all(name in names for name in REGISTER_FIELDS)


def content_errors(instance, exclude=None) -> dict:
    """``{field: [ValidationError]}``: what ``instance`` breaks of the rule (empty when it complies). Fields in
    ``exclude`` (those a form does not show) are skipped, as Django's own field checks do."""
    model = type(instance)
    content = tuple(getattr(model, "secret_content_fields", ()) or ())
    if not content:
        return {}
    exclude = set(exclude or ())
    errors = {}
    level = instance.classification_level()
    if content_allowed() or level < Classification.CONFIDENTIAL:
        for name in getattr(model, "content_required_fields", ()):
            if name not in exclude and _empty(getattr(instance, name, None)):
                errors[name] = [ValidationError(REQUIRED, code="required")]
        return errors
    params = {"level": level_label(level), "law": LAW}
    for name in content:
        if name in exclude or _empty(getattr(instance, name, None)):
            continue
        field = model._meta.get_field(name)
        message = FILE_REFUSED if isinstance(field, models.FileField) else REFUSED
        errors[name] = [ValidationError(message, code="state_secret", params=params)]
    if _has_register_fields(model):
        for name in REGISTER_FIELDS:
            if name in exclude:
                continue
            value = getattr(instance, model._meta.get_field(name).attname, None)
            if _empty(value):
                errors[name] = [ValidationError(REGISTER_REQUIRED, code="register_entry", params=params)]
        if "classification" not in exclude and instance.pk and "classification" not in errors:
            held = children_holding_content(instance)
            if held:
                from phoihop.core.models import describe_counts

                errors["classification"] = [
                    ValidationError(
                        CHILDREN_HOLD_CONTENT,
                        code="state_secret",
                        params={**params, "records": describe_counts(held)},
                    )
                ]
    return errors


# --- what already holds content -----------------------------------------------------------------------------------


def content_models() -> list:
    """Every model that declares content fields, parents first (those with their own classification)."""
    from django.apps import apps

    from phoihop.core.access import classification_path

    found = [m for m in apps.get_models() if getattr(m, "secret_content_fields", ()) and classification_path(m)]
    return sorted(found, key=lambda m: (bool(getattr(m, "access_classification_field", None)), m._meta.label))


def content_q(model) -> Q:
    """Q: a record of ``model`` holding something in one of its content fields."""
    q = Q(pk__in=[])
    for name in model.secret_content_fields:
        field = model._meta.get_field(name)
        filled = ~Q(**{name: ""})
        if field.null:
            filled &= Q(**{f"{name}__isnull": False})
        q |= filled
    return q


def _classified_q(model) -> Q:
    from phoihop.core.access import classification_path

    return Q(**{f"{classification_path(model)}__gte": Classification.CONFIDENTIAL})


def _parent_prefix(child, parent):
    """The path from ``child`` to ``parent`` when the child's level follows that parent's (``"task"``,
    ``"unit__task"``), else None."""
    path = getattr(child, "access_classification_field", None)
    if not path or not path.endswith("__classification"):
        return None
    prefix = path[: -len("__classification")]
    model = child
    for part in prefix.split("__"):
        model = model._meta.get_field(part).related_model
        if model is None:
            return None
    return prefix if model._meta.concrete_model is parent._meta.concrete_model else None


def children_holding_content(instance) -> list:
    """``[(model, count)]``: the live child records of ``instance`` (levels following it) and the files of it and of
    those children that hold content."""
    from django.contrib.contenttypes.models import ContentType

    from phoihop.core.models import Attachment

    parent = type(instance)
    held = []
    files = Q(pk__in=[])
    if getattr(parent, "attachments_enabled", False):
        files |= Q(content_type=ContentType.objects.get_for_model(parent), object_id=instance.pk)
    for model in content_models():
        prefix = _parent_prefix(model, parent)
        if prefix is None:
            continue
        rows = model.objects.filter(**{prefix: instance.pk})
        count = rows.filter(content_q(model)).count()
        if count:
            held.append((model, count))
        if getattr(model, "attachments_enabled", False):
            files |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=rows.values("pk"))
    count = Attachment.objects.filter(files).count()
    if count:
        held.append((Attachment, count))
    return held


def records_holding_content():
    """``(model, pk, [field names], deleted)`` of every classified record (Mật or above, its own level or its
    parent's) holding content, deleted ones included (they are still stored), then every file attached to one."""
    from django.contrib.contenttypes.models import ContentType

    from phoihop.core.models import Attachment

    for model in content_models():
        rows = (
            model._base_manager.filter(_classified_q(model))
            .filter(content_q(model))
            .order_by("pk")
            .values("pk", "deleted_at", *model.secret_content_fields)
        )
        for row in rows.iterator():
            fields = [name for name in model.secret_content_fields if not _empty(row[name])]
            yield model, row["pk"], fields, row["deleted_at"] is not None
    for model in content_models():
        if not getattr(model, "attachments_enabled", False):
            continue
        classified = model._base_manager.filter(_classified_q(model)).values("pk")
        files = Attachment.all_objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=classified
        ).order_by("pk")
        for pk, object_id, deleted_at in files.values_list("pk", "object_id", "deleted_at").iterator():
            yield Attachment, pk, [f"{model._meta.label}#{object_id}"], deleted_at is not None


def incomplete_register_entries():
    """``(model, pk, [missing register fields])`` of live classified records that do not say where their paper
    file is."""
    for model in content_models():
        if not _has_register_fields(model):
            continue
        missing_q = Q(holding_unit__isnull=True) | Q(custodian="") | Q(storage_place="")
        rows = model.objects.filter(_classified_q(model)).filter(missing_q).order_by("pk")
        for row in rows.values("pk", *[model._meta.get_field(n).attname for n in REGISTER_FIELDS]).iterator():
            missing = [n for n in REGISTER_FIELDS if _empty(row[model._meta.get_field(n).attname])]
            yield model, row["pk"], missing


# --- the deploy check --------------------------------------------------------------------------------------------


@checks.register(checks.Tags.security, deploy=True)
def check_state_secret_content(app_configs=None, **kwargs):
    """``check --deploy``: content stored on classified records while the setting is off (W101); the setting on,
    which only a cipher-approved deployment may do (W102)."""
    from django.db import DatabaseError

    if content_allowed():
        return [
            checks.Warning(
                "STATE_SECRET_CONTENT is on: classified records may hold content.",
                hint="Only on a deployment approved under the law on cipher (cơ yếu); see docs/security.md.",
                id="phoihop.W102",
            )
        ]
    try:
        first = next(records_holding_content(), None)
    except DatabaseError:  # no database yet (a fresh checkout, CI before migrating): nothing stored
        return []
    if first is None:
        return []
    return [
        checks.Warning(
            "Classified records hold content although STATE_SECRET_CONTENT is off.",
            hint="Run `manage.py check_state_secrets` to list them, and clear their content.",
            id="phoihop.W101",
        )
    ]
