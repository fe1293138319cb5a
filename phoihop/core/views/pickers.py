"""``/pick/<kind>/?q=…[&field=<class>:<name>]``: the matches a search picker offers (``core.pickers``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from phoihop.core import pickers

MAX_QUERY = 100


@require_GET
@login_required
def pick(request, kind):
    """At most ``pickers.LIMIT`` records of ``kind`` matching ``q`` (folded: "cao loc" finds "Cao Lộc"), among what
    the named field accepts and always through the access gate: ``{"results": [{id, label, hint}], "more": …}``."""
    picker = pickers.picker_of_kind(kind)
    if picker is None:
        raise Http404
    try:
        queryset = pickers.offered(picker, request, request.GET.get("field"))
    except pickers.UnknownSource:
        raise Http404 from None
    results, more = pickers.search(picker, queryset, request.GET.get("q", "")[:MAX_QUERY])
    response = JsonResponse({"results": results, "more": more})
    response["Cache-Control"] = "private, no-store"
    return response
