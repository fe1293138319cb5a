import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.filtersets import BaseFilterSet
from phoihop.orgs.models import Clause, Organisation
from phoihop.work.choices import OPEN_STATUSES, ExtensionStatus, Priority, SourceKind, TaskStatus, UnitRole
from phoihop.work.models import Document, ExtensionRequest, ProgressReport, Task, TaskUnit


class TaskFilterSet(BaseFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label=_("Status"))
    priority = django_filters.MultipleChoiceFilter(choices=Priority.choices, label=_("Priority"))
    assigned_by_org = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all(), label=_("Assigned by"))
    unit = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_unit", label=_("Unit (lead or coordinating)")
    )
    lead = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), method="filter_lead", label=_("Lead unit")
    )
    deadline_from = django_filters.DateFilter(
        field_name="deadline_in_force", lookup_expr="gte", label=_("Deadline from")
    )
    deadline_to = django_filters.DateFilter(field_name="deadline_in_force", lookup_expr="lte", label=_("Deadline to"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    source_kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Source"))
    clause = django_filters.ModelChoiceFilter(queryset=Clause.objects.all(), label=_("Agreement clause"))
    document = django_filters.ModelChoiceFilter(queryset=Document.objects.all(), label=_("Document"))
    to_report = django_filters.BooleanFilter(
        method="filter_to_report", label=_("To report on (my units have not finished)"), widget=forms.HiddenInput
    )
    awaiting_my_acceptance = django_filters.BooleanFilter(
        method="filter_awaiting_acceptance", label=_("Awaiting my acceptance"), widget=forms.HiddenInput
    )
    extension_awaiting_me = django_filters.BooleanFilter(
        method="filter_extension_awaiting",
        label=_("With an extension request awaiting my decision"),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Task
        fields = [
            "q",
            "status",
            "priority",
            "assigned_by_org",
            "unit",
            "lead",
            "deadline_from",
            "deadline_to",
            "overdue",
            "source_kind",
            "clause",
            "document",
            "conclusion",
        ]

    def filter_unit(self, queryset, name, value: int):
        return queryset.filter(pk__in=Task.objects.filter(units__organisation=value).values("pk"))

    def filter_lead(self, queryset, name, value: int):
        return queryset.filter(
            pk__in=Task.objects.filter(units__organisation=value, units__role=UnitRole.LEAD).values("pk")
        )

    def filter_to_report(self, queryset, name, value: bool):
        """Open tasks (not waiting for acceptance) where a unit of the organisations the user reports for has not
        reported 100 %."""
        if value is None:
            return queryset
        q = to_report_q(getattr(self.request, "user", None))
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_awaiting_acceptance(self, queryset, name, value: bool):
        if value is None:
            return queryset
        q = awaiting_acceptance_q(getattr(self.request, "user", None))
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_extension_awaiting(self, queryset, name, value: bool):
        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        q = Q(pk__in=ExtensionRequest.objects.filter(awaiting_decision_q(user)).values("task_id"))
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_overdue(self, queryset, name, value: bool):
        overdue = Q(status__in=OPEN_STATUSES, deadline_in_force__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


def to_report_q(user) -> Q:
    """Q over Task: open, not waiting for acceptance, with a unit below 100 % that is one of the organisations
    ``user`` is a reporter (or above) of — the organisation itself, not the units below it, which report for
    themselves."""
    from phoihop.accounts.models import Membership
    from phoihop.core.access import NOTHING
    from phoihop.core.choices import Role

    if user is None or not user.is_authenticated:
        return NOTHING
    mine = Membership.objects.filter(user=user, role__gte=Role.REPORTER).values("organisation_id")
    units = TaskUnit.objects.filter(organisation__in=mine, progress__lt=100)
    return Q(status__in=(TaskStatus.NEW, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED), pk__in=units.values("task_id"))


def decided_by_approvers_q(user, condition: Q, org_field: str) -> Q:
    """``condition`` on the records whose ``org_field`` is an organisation where ``user`` is an approver (or one
    below it) — exactly who takes the decision in the services; a superuser decides everything."""
    from phoihop.core.access import NOTHING, member_paths, subtree_q
    from phoihop.core.choices import Role

    if user is None or not user.is_authenticated:
        return NOTHING
    if user.is_superuser:
        return condition
    paths = member_paths(user, Role.APPROVER)
    if not paths:
        return NOTHING
    return condition & Q(**{f"{org_field}__in": Organisation.all_objects.filter(subtree_q(paths)).values("pk")})


def awaiting_acceptance_q(user) -> Q:
    """Q over Task: submitted, for an approver of the assigning organisation to accept (``services.task_accept``)."""
    return decided_by_approvers_q(user, Q(status=TaskStatus.SUBMITTED), "assigned_by_org")


def awaiting_decision_q(user, prefix=""):
    """Q over ExtensionRequest (or, with ``prefix``, a relation to it): pending requests for an approver of the
    task's assigning organisation to decide (``services.extension_decide``)."""
    return decided_by_approvers_q(
        user, Q(**{f"{prefix}status": ExtensionStatus.PENDING}), f"{prefix}task__assigned_by_org"
    )


class ProgressReportFilterSet(BaseFilterSet):
    task = django_filters.ModelChoiceFilter(queryset=Task.objects.all(), field_name="unit__task", label=_("Task"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), field_name="unit__organisation", label=_("Unit")
    )
    date_from = django_filters.DateFilter(field_name="reported_on", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="reported_on", lookup_expr="lte", label=_("To"))

    class Meta:
        model = ProgressReport
        fields = ["q", "task", "organisation", "date_from", "date_to"]


class ExtensionRequestFilterSet(BaseFilterSet):
    task = django_filters.ModelChoiceFilter(queryset=Task.objects.all(), label=_("Task"))
    status = django_filters.MultipleChoiceFilter(choices=ExtensionStatus.choices, label=_("Status"))
    awaiting_my_decision = django_filters.BooleanFilter(method="filter_awaiting", label=_("Awaiting my decision"))

    class Meta:
        model = ExtensionRequest
        fields = ["q", "task", "status", "awaiting_my_decision"]

    def filter_awaiting(self, queryset, name, value: bool):
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated:
            return queryset.none()
        awaiting = awaiting_decision_q(user)
        return queryset.filter(awaiting) if value else queryset.exclude(awaiting)
