"""Reads shared by the report pages, the API and the seed command — always through the access gate."""

from phoihop.core.access import allowed_organisations
from phoihop.core.choices import Action, Role
from phoihop.reports.models import Report

RELATED = ("organisation__kind", "agreement", "generated_by")


def visible_reports(user, action=Action.VIEW):
    return Report.objects.restrict(user, action).select_related(*RELATED)


def editions_of(user, report):
    """Every edition of ``report``'s series the user may see, oldest first."""
    return visible_reports(user).filter(series=report.series).order_by("edition", "pk")


def reporting_organisations(user):
    """Organisations the user may issue reports for (Reporter or more in their subtree)."""
    return allowed_organisations(user, Role.REPORTER).select_related("kind").order_by("path")


def reviewable_agreements(user):
    from phoihop.orgs.models import Agreement

    return Agreement.objects.restrict(user, Action.VIEW).order_by("-signed_on", "number")
