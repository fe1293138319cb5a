from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views import View

from phoihop.audit.selectors import record_types
from phoihop.core.access import member_paths
from phoihop.core.choices import Action

#: the home page counts each record type up to this many
HOME_COUNT_CAP = 1000


class HomeView(LoginRequiredMixin, View):
    """ "Việc cần xử lý" — what waits for me now (``core.todo``: each number opens the list of exactly those
    records) — then my organisations, my scope and how many records of each kind I can open."""

    def get(self, request):
        from phoihop.accounts.models import Membership
        from phoihop.orgs.models import Organisation

        user = request.user
        memberships = Membership.objects.filter(user=user).select_related("organisation", "organisation__kind")
        roots = Organisation.objects.filter(path__in=member_paths(user)).select_related("kind")
        counts = []
        for model in record_types():
            if model.access_public_read or not getattr(model, "home_count", True):
                continue
            try:
                url = reverse(model.url_name("list"))
            except NoReverseMatch:
                url = None
            # the records the user can open (the list behind the link shows as many), not what they may only count
            # counted up to a cap: "more than 1.000" is what a reader needs of a national scope, and counting a
            # million rows through the gate for every home page is not (the list behind the link counts them all)
            shown = model.objects.restrict(user, Action.VIEW).order_by()[: HOME_COUNT_CAP + 1].count()
            counts.append((model._meta.verbose_name_plural, min(shown, HOME_COUNT_CAP), url, shown > HOME_COUNT_CAP))
        scope_size = Organisation.objects.restrict(user).count()
        from django.utils import timezone

        from phoihop.core.todo import items_for

        return render(
            request,
            "core/home.html",
            {
                "memberships": memberships,
                "roots": roots,
                "counts": counts,
                "scope_size": scope_size,
                "todo": items_for(user, timezone.localdate()),
            },
        )
