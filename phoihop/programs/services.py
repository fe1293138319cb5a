"""Write services of the periodic figures (số liệu định kỳ): entry, submission, approval, reopening.

Every function takes the acting user, runs in a transaction and writes history through ``record_save``.

Who may do what:

* the reporting organisation's reporters (the gate's ``change`` on the figure: Reporter or higher in the
  organisation or above it) enter values, compute them from records and submit them;
* approving, returning, reopening and locking need the Approver role in a **strict** ancestor of the reporting
  organisation ("approved by the parent organisation"): an approver of post A approves A1's figures but not
  A's own; the province's admin approves A's. Superusers may do everything.

A user who may see the figure but not act gets ``PermissionDenied`` (403); the views answer 404 before that for
a figure outside the user's gate.

Statuses: draft → submitted → approved → locked; submitted → draft (returned, with a reason); approved or
locked → reopened (with a reason, kept in ``status_reason`` and so in the history) → submitted again. Only
draft and reopened values change (``EDITABLE_FIGURE_STATUSES``); any other change raises
:class:`FigureLockedError` (HTTP 409) before anything is written.
"""

import copy

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.access import can, member_paths
from phoihop.core.choices import Action, Role
from phoihop.core.services import ConflictError, record_save
from phoihop.programs.choices import EDITABLE_FIGURE_STATUSES, FigureStatus, IndicatorSource
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.periods import period_start_of

#: statuses in which a figure counts as reported (completeness, reminders)
REPORTED_STATUSES = {FigureStatus.SUBMITTED, FigureStatus.APPROVED, FigureStatus.LOCKED, FigureStatus.REOPENED}


class FigureLockedError(ConflictError):
    """The figure's status does not allow changing its value."""

    def __init__(self, status):
        self.status = status
        super().__init__(locked_message(status), field="status")


def locked_message(status) -> str:
    if status == FigureStatus.SUBMITTED:
        return _("This value has been submitted and is waiting for approval. Ask the approver to return it.")
    return _("This value has been approved and is locked. Ask the approver to reopen it.")


# --- who may ---------------------------------------------------------------------------------------------


def approver_paths(user) -> list[str]:
    """Tree paths where ``user`` holds the Approver role (nested ones removed)."""
    return member_paths(user, Role.APPROVER)


def may_approve(user, organisation, paths=None) -> bool:
    """Whether ``user`` approves figures of ``organisation``: Approver in a strict ancestor of it."""
    if user.is_superuser:
        return True
    paths = approver_paths(user) if paths is None else paths
    return any(organisation.path.startswith(path) and organisation.path != path for path in paths)


def approvable_q(user, prefix="organisation__") -> Q:
    """Q over figures (or, with ``prefix=""``, over organisations) that ``user`` may approve."""
    if user.is_superuser:
        return Q()
    parts = [Q(**{f"{prefix}path__startswith": p}) & ~Q(**{f"{prefix}path": p}) for p in approver_paths(user)]
    if not parts:
        return Q(pk__in=[])
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


def may_report(user, figure) -> bool:
    """Whether ``user`` enters, computes and submits ``figure`` (its organisation's reporters)."""
    if figure.pk is None:
        return user.is_superuser or any(
            figure.organisation.path.startswith(path) for path in member_paths(user, Role.REPORTER)
        )
    return can(user, figure, Action.CHANGE)


def _require_reporter(user, figure):
    if not may_report(user, figure):
        raise PermissionDenied(_("Only the reporting organisation enters and submits its values."))


def _require_approver(user, figure):
    if not may_approve(user, figure.organisation):
        raise PermissionDenied(_("Only an approver of a parent organisation approves, returns or reopens values."))


def _reason(reason, message):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": message})
    return reason


def _write(acting_user, figure, **changes):
    """Save a status change (the workflow's own write: the lock does not apply, the roles were checked)."""
    for name, value in changes.items():
        setattr(figure, name, value)
    return record_save(acting_user=acting_user, instance=figure, check_scope=False)


def _stored_status(figure):
    return PeriodicFigure.all_objects.filter(pk=figure.pk).values_list("status", flat=True).first()


# --- entering values -------------------------------------------------------------------------------------


def _check_participation(figure):
    """The organisation must take part in the indicator's programme (a participant or one of its units)."""
    programme = figure.indicator.programme
    paths = [org.path for org in programme.participants.all()]
    if not any(figure.organisation.path.startswith(path) for path in paths):
        raise ValidationError(
            {
                "organisation": _("%(organisation)s does not take part in the programme “%(programme)s”.")
                % {"organisation": figure.organisation, "programme": programme}
            }
        )


def figure_save(*, acting_user, instance, expected_version=None, save_related=None, check_scope=True):
    """Create or change a figure's value (``record_save``-compatible: the generic views and the API use it).

    The period type always follows the indicator, and any day of a period identifies it (it is moved to the
    period's first day). A figure whose stored status is not draft or reopened raises
    :class:`FigureLockedError` and nothing is written. Changing the value by hand clears ``computed``.
    """
    if instance.pk is not None:
        status = _stored_status(instance)
        if status is not None and status not in EDITABLE_FIGURE_STATUSES:
            raise FigureLockedError(status)
    if instance.indicator_id:
        instance.period_type = instance.indicator.period_type
        if instance.period_start:
            instance.period_start = period_start_of(instance.period_type, instance.period_start)
        if instance.organisation_id:
            _check_participation(instance)
    if instance.pk is not None and getattr(instance, "_computing", False) is False:
        stored_value = PeriodicFigure.all_objects.filter(pk=instance.pk).values_list("value", flat=True).first()
        if instance.value != stored_value:
            instance.computed = False
    return record_save(
        acting_user=acting_user,
        instance=instance,
        expected_version=expected_version,
        save_related=save_related,
        check_scope=check_scope,
    )


def figure_compute(*, acting_user, figure):
    """Fill the value from the records (indicator source other than manual); only while the value is editable.

    This is a system computation over the records of the figure's own organisation and its subtree, which the
    reporter's gate covers: it runs for the reporter, who may read those records anyway.
    """
    from phoihop.programs.computing import computed_value

    _require_reporter(acting_user, figure)
    if figure.indicator.source == IndicatorSource.MANUAL:
        raise ValidationError({"value": _("This indicator is entered directly, not computed from records.")})
    if figure.pk is not None:
        status = _stored_status(figure)
        if status is not None and status not in EDITABLE_FIGURE_STATUSES:
            raise FigureLockedError(status)
    figure.value = computed_value(figure.indicator, figure.organisation, figure.period_start)
    figure.computed = True
    figure._computing = True
    try:
        return figure_save(acting_user=acting_user, instance=figure)
    finally:
        figure._computing = False


# --- the workflow ----------------------------------------------------------------------------------------


def figure_submit(*, acting_user, figure):
    """The reporting organisation submits its value to the parent organisation for approval.

    ``submitted_at`` is when the value was first reported: a value resubmitted after a reopening keeps it
    (timeliness judges the report, not the later correction); one resubmitted after being returned gets a new
    one (a returned value was never reported).
    """
    _require_reporter(acting_user, figure)
    if figure.status not in EDITABLE_FIGURE_STATUSES:
        raise ValidationError(_("Only a draft or reopened value can be submitted."))
    if figure.value is None:
        raise ValidationError({"value": _("Enter the value before submitting it.")})
    changes = {"status": FigureStatus.SUBMITTED, "submitted_by": acting_user}
    if figure.status != FigureStatus.REOPENED or figure.submitted_at is None:
        changes["submitted_at"] = timezone.now()
    return _write(acting_user, figure, **changes)


def figure_approve(*, acting_user, figure):
    _require_approver(acting_user, figure)
    if figure.status != FigureStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be approved."))
    return _write(
        acting_user,
        figure,
        status=FigureStatus.APPROVED,
        approved_at=timezone.now(),
        approved_by=acting_user,
        status_reason="",
    )


def figure_return(*, acting_user, figure, reason):
    """Send a submitted value back to the reporting organisation as a draft, with the reason."""
    _require_approver(acting_user, figure)
    if figure.status != FigureStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted value can be returned."))
    reason = _reason(reason, _("Give the reason for returning the value."))
    return _write(
        acting_user, figure, status=FigureStatus.DRAFT, status_reason=reason, submitted_at=None, submitted_by=None
    )


def figure_reopen(*, acting_user, figure, reason):
    """Reopen an approved or locked value for correction; the reason stays in the history."""
    _require_approver(acting_user, figure)
    if figure.status not in (FigureStatus.APPROVED, FigureStatus.LOCKED):
        raise ValidationError(_("Only an approved or locked value can be reopened."))
    reason = _reason(reason, _("Give the reason for reopening the value."))
    return _write(
        acting_user,
        figure,
        status=FigureStatus.REOPENED,
        status_reason=reason,
        approved_at=None,
        approved_by=None,
        locked_at=None,
    )


def figure_lock(*, acting_user, figure):
    """Lock an approved value (e.g. once the period's report is published)."""
    _require_approver(acting_user, figure)
    if figure.status != FigureStatus.APPROVED:
        raise ValidationError(_("Only an approved value can be locked."))
    return _write(acting_user, figure, status=FigureStatus.LOCKED, locked_at=timezone.now())


def figures_approve_bulk(*, acting_user, figures) -> int:
    """Approve, in one transaction, every submitted figure among ``figures`` that ``acting_user`` may approve;
    returns how many were approved.

    The others are **skipped**, not refused: figures that are not (or no longer) submitted — e.g. approved by
    another approver a moment before — and figures the user may not approve (their own organisation's, or
    outside their subtrees). The approval queue only offers approvable figures, so a skip means someone acted
    first. The number of queries does not grow with the number of figures: the rows are locked and updated in
    one statement, and their history entries are written in one bulk insert.
    """
    from auditlog import get_logentry_model
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_value
    from auditlog.diff import model_instance_diff
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save

    ids = [f.pk for f in figures] if not hasattr(figures, "values_list") else list(figures.values_list("pk", flat=True))
    if not ids:
        return 0
    ChangeRecord = get_logentry_model()
    with transaction.atomic():
        rows = list(
            PeriodicFigure.objects.select_for_update(of=("self",))
            .filter(pk__in=ids, status=FigureStatus.SUBMITTED)
            .filter(approvable_q(acting_user))
            .select_related("indicator", "organisation")
            .order_by("pk")
        )
        if not rows:
            return 0
        now = timezone.now()
        updated = PeriodicFigure.objects.filter(pk__in=[f.pk for f in rows], status=FigureStatus.SUBMITTED).update(
            status=FigureStatus.APPROVED,
            approved_at=now,
            approved_by=acting_user,
            status_reason="",
            version=F("version") + 1,
            updated_at=now,
            updated_by=acting_user,
        )
        if updated != len(rows):  # only without row locks (SQLite serialises writers, so not there either)
            raise ValidationError(_("Some values were changed meanwhile; reload the queue and try again."))
        content_type = ContentType.objects.get_for_model(PeriodicFigure)
        remote_addr = None
        if pre_save.has_listeners(ChangeRecord):  # inside a request's (or set_actor's) auditlog context
            remote_addr = auditlog_value.get({}).get("remote_addr")
        entries = []
        for figure in rows:
            before = copy.copy(figure)
            figure.status, figure.approved_at, figure.approved_by = FigureStatus.APPROVED, now, acting_user
            figure.status_reason, figure.version = "", figure.version + 1
            data = figure.get_additional_data()
            entries.append(
                ChangeRecord(
                    content_type=content_type,
                    object_pk=str(figure.pk),
                    object_id=figure.pk,
                    object_repr=str(figure),
                    action=ChangeRecord.Action.UPDATE,
                    changes=model_instance_diff(before, figure),
                    actor=acting_user,
                    actor_email=getattr(acting_user, "email", None) or None,
                    remote_addr=remote_addr,
                    additional_data=data,
                    organisation_id=data["organisation"],
                    classification=data["classification"],
                    cid=get_cid(),
                    timestamp=now,
                )
            )
        ChangeRecord.objects.bulk_create(entries)
    return updated
