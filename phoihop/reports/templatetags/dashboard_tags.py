"""Template helpers of the dashboard panels."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def href(url):
    """``href="…"`` for a number's list, nothing when it has none (``panels.Links`` gives no list for figures
    shared as totals only): the number stays, as plain text."""
    if not url:
        return ""
    return format_html(' href="{}"', url)
