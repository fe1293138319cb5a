from django.db import models


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows the one access gate: ``Model.objects.restrict(user, "view")``."""

    def restrict(self, user, action="view"):
        from phoihop.core.access import restrict

        return restrict(self, user, action)


class ActiveManager(models.Manager.from_queryset(RestrictedQuerySet)):
    """The default manager: records that have not been (soft-)deleted."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class AllRecordsManager(models.Manager.from_queryset(RestrictedQuerySet)):
    """Every record, deleted ones included (recycle bin, restore, history)."""
