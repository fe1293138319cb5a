"""The benchmark's floor (``PHOIHOP_BENCH`` only, phoihop/settings/bench.py): the cheapest authenticated page.

It runs the whole middleware stack, loads the session and the user, and renders no template and reads nothing else,
so ``scripts/bench_scale.py`` can say how much of a page's time is the page's own.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.html import escape


@login_required
def floor(request):
    return HttpResponse(f"<!doctype html><title>floor</title><p>{escape(request.user.get_username())}</p>")
