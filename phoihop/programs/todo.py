"""The programs app's items of "Việc cần xử lý" (``core.todo``): values waiting for the user's approval, and the
values of the user's organisations still in draft or reopened."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.todo import listed, register
from phoihop.programs.choices import FigureStatus
from phoihop.programs.filtersets.figures import PeriodicFigureFilterSet
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.selectors import figures_awaiting_approval


@register("figures_to_approve", 22, _("Periodic figures awaiting my approval"), tone="warning")
def figures_to_approve(user, today):
    return figures_awaiting_approval(user).count(), reverse("programs:figure_approvals")


@register("figures_to_submit", 40, _("Periodic figures of my units not yet submitted (draft or reopened)"))
def figures_to_submit(user, today):
    return listed(
        user,
        "programs:periodicfigure_list",
        PeriodicFigureFilterSet,
        PeriodicFigure.objects.all(),
        mine="true",
        status=[FigureStatus.DRAFT, FigureStatus.REOPENED],
    )
