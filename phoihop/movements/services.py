"""Writes of the movement records that need more than ``record_save``."""

from django.core.exceptions import ValidationError

from phoihop.core.services import record_save
from phoihop.movements.models.teams import foreign_markers_error


def check_team_markers(team):
    """Every marker a team looks after is in the care of the team's post (raises a field error otherwise)."""
    foreign = list(team.markers.exclude(post_id=team.post_id).order_by("sort_key"))
    if foreign:
        raise ValidationError({"markers": foreign_markers_error(foreign)})


def team_save(*, acting_user, instance, expected_version=None, save_related=None):
    """Save a self-management team and its markers in one transaction; markers of another post roll it back.

    The forms, the API and the import check the markers before saving, with a field error; this is the
    guarantee for every path, including a change of the team's post that leaves its markers behind."""

    def related():
        if save_related is not None:
            save_related()
        check_team_markers(instance)

    return record_save(
        acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=related
    )
