"""Write services of the border registry."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from phoihop.border.choices import SERIOUS_CONDITIONS
from phoihop.border.models import Inspection, Marker
from phoihop.core.choices import Role
from phoihop.core.services import record_save
from phoihop.orgs.models import Organisation
from phoihop.work.services import holds_role


def refresh_marker_condition(marker: Marker):
    """The marker's condition and last check follow its latest inspection."""
    latest = marker.inspections.order_by("-inspected_on", "-pk").first()
    Marker.all_objects.filter(pk=marker.pk).update(
        condition=latest.condition if latest else "intact",
        last_inspected_on=latest.inspected_on if latest else None,
    )


def commune_committees_for(marker: Marker):
    """The commune party committees responsible for the marker's commune (not the post's own tree)."""
    if marker.commune_id is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(areas=marker.commune)
        .exclude(path__startswith=marker.post.path)
        .exclude(pk__in=[marker.post_id])
        .distinct()
    )


def inspection_record(*, acting_user, instance: Inspection, expected_version=None, save_related=None):
    """Record (or correct) an inspection of a marker by the marker's post. A damaged, displaced or lost finding
    opens a follow-up task — lead: the responsible post; coordinating: the commune party committee — linked both
    ways, once per inspection."""
    from phoihop.work.models import Task
    from phoihop.work.services import task_create

    inspection = instance
    marker = inspection.marker
    if not holds_role(acting_user, marker.post, Role.REPORTER):
        raise PermissionDenied(_("Only the marker's own post records its inspections."))
    if inspection.inspecting_unit_id is None:
        inspection.inspecting_unit = marker.post
    with transaction.atomic():
        record_save(
            acting_user=acting_user, instance=inspection, expected_version=expected_version, save_related=save_related
        )
        if inspection.condition in SERIOUS_CONDITIONS and inspection.follow_up_task_id is None:
            import datetime

            with translation.override(settings.LANGUAGE_CODE):  # stored text: the deployment's language
                title = _("Follow up marker %(number)s: %(condition)s") % {
                    "number": marker.number,
                    "condition": str(inspection.get_condition_display()).lower(),
                }
            task = Task(
                title=title,
                description=inspection.notes,
                assigned_by_org=marker.post,
                deadline=inspection.inspected_on + datetime.timedelta(days=15),
                priority=3,
            )
            task = task_create(
                acting_user=acting_user,
                task=task,
                lead=marker.post,
                coordinating=[(org, "") for org in commune_committees_for(marker)],
            )
            Inspection.all_objects.filter(pk=inspection.pk).update(follow_up_task=task)
            inspection.follow_up_task = task
        refresh_marker_condition(marker)
    return inspection
