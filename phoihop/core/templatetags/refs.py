"""Printing related records by the naming rule (``phoihop.core.naming``).

``{% show value %}`` prints a field's value: a :class:`~phoihop.core.naming.Ref` as a link when the reader may
open it, a muted placeholder when it is hidden, plain text otherwise; a :class:`~phoihop.core.naming.RefList` as
those, comma separated; anything else as Django prints it (None and "" as "—", booleans as Có/Không).

``{% ref record %}`` prints one related record already loaded (``object.clause``) for the request's user;
``implemented=True`` when the page's record carries it out (its label may be read, as plain text).
"""

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import gettext as _

from phoihop.core.naming import Ref, RefList, names_for

register = template.Library()


def ref_html(ref, text=None, testid=""):
    """``ref`` as HTML; ``text`` prints a record the reader may see by another of its names (a unit's full name);
    ``testid`` marks the element (``data-testid``) for the browser tests."""
    if ref is None:
        return "—"
    if ref.hidden:
        return format_html(
            '<span class="text-secondary" data-hidden-record data-testid="{}">{}</span>', testid, str(ref)
        )
    shown = str(ref) if text is None else str(text)
    if ref.url:
        return format_html('<a href="{}" data-testid="{}">{}</a>', ref.url, testid, shown)
    if testid:
        return format_html('<span data-testid="{}">{}</span>', testid, shown)
    return conditional_escape(shown)


@register.simple_tag
def show(value):
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, RefList):
        return format_html_join(", ", "{}", ((ref_html(ref),) for ref in value)) if value else "—"
    if isinstance(value, Ref):
        return ref_html(value)
    from django.template.base import render_value_in_context

    return render_value_in_context(value, template.Context(autoescape=True))


@register.simple_tag(takes_context=True)
def ref(context, record, implemented=False, text=None, testid=""):
    """``record`` (a related record) as the request's user may see it; ``text``: the name to print instead of
    ``str(record)`` when it may be named."""
    if record is None or record == "":
        return "—"
    request = context.get("request")
    if request is None:
        return conditional_escape(str(record if text is None else text))
    names = names_for(request)
    names.add_instance(record, implemented=implemented)
    return ref_html(names.ref_of(record), text, testid)


@register.simple_tag(takes_context=True)
def prepare_refs(context, records, attribute=""):
    """Resolve the records of a list (or each one's ``attribute``) in one query per type, so the ``{% ref %}``
    tags of the loop that follows cost no query each. Prints nothing."""
    request = context.get("request")
    if request is None or not records:
        return ""
    names = names_for(request)
    for record in records:
        target = getattr(record, attribute) if attribute else record
        if target is not None:
            names.add_instance(target)
    names.resolve()
    return ""
