from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def change_rows(entry):
    """(field label, old, new) for a change record, with the model's field names translated."""
    changes = entry.changes or {}
    if not isinstance(changes, dict):
        return []
    model = entry.content_type.model_class() if entry.content_type_id else None
    rows = []
    for name, values in changes.items():
        label = name
        if model is not None:
            try:
                label = str(model._meta.get_field(name).verbose_name).capitalize()
            except Exception:
                label = name
        if name == "deleted_at":
            rows.append((_("Restored"), _("deleted"), _("restored")))
            continue
        if isinstance(values, dict):  # many-to-many
            op = _("added") if values.get("operation") == "add" else _("removed")
            rows.append((label, op, ", ".join(values.get("objects", []))))
            continue
        old, new = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        rows.append((label, "—" if old in (None, "None", "") else old, "—" if new in (None, "None", "") else new))
    return rows
