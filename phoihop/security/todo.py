"""The security app's item of "Việc cần xử lý" (``core.todo``): the situation notes of the units below the user's
(where the user is an approver or above) not yet read."""

from django.utils.translation import gettext_lazy as _

from phoihop.core.todo import listed, register
from phoihop.security.filtersets.notes import SituationNoteFilterSet
from phoihop.security.models import SituationNote


@register("situation_notes_to_read", 40, _("Situation notes of the units below mine to read"), tone="warning")
def situation_notes_to_read(user, today):
    return listed(
        user, "security:situationnote_list", SituationNoteFilterSet, SituationNote.objects.all(), to_read="true"
    )
