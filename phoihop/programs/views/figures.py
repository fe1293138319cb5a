"""Pages of the periodic figures: the generic list/detail/edit pages, the workflow actions, the data-entry grid,
the approval queue and the completeness/timeliness table."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from phoihop.core.choices import Action
from phoihop.core.importexport import CONTENT_TYPES, XLSX
from phoihop.core.services import ConflictError, StaleVersionError
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import (
    GatedObjectMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
)
from phoihop.programs import selectors, services
from phoihop.programs.choices import FigureStatus, IndicatorSource
from phoihop.programs.completeness import completeness_workbook, deadline, figure_completeness, status_labels
from phoihop.programs.computing import computed_value, format_value
from phoihop.programs.filtersets.figures import PeriodicFigureFilterSet
from phoihop.programs.forms.figures import (
    ApprovalFilterForm,
    CompletenessForm,
    EntryGridForm,
    EntrySelectForm,
    PeriodicFigureForm,
    ReasonForm,
    recent_periods,
)
from phoihop.programs.models import Indicator, PeriodicFigure
from phoihop.programs.periods import period_label
from phoihop.programs.resources.figures import PeriodicFigureResource
from phoihop.programs.tables.figures import PeriodicFigureTable

LIST_QUERYSET = PeriodicFigure.objects.select_related("indicator__programme", "organisation")


def figure_permissions(user, figure):
    """Which workflow buttons ``user`` sees on ``figure``."""
    reporter = services.may_report(user, figure)
    approver = services.may_approve(user, figure.organisation)
    editable = figure.is_editable
    return {
        "may_submit": reporter and editable,
        "may_compute": reporter and editable and figure.indicator.source != IndicatorSource.MANUAL,
        "may_approve": approver and figure.status == FigureStatus.SUBMITTED,
        "may_return": approver and figure.status == FigureStatus.SUBMITTED,
        "may_reopen": approver and figure.status in (FigureStatus.APPROVED, FigureStatus.LOCKED),
        "may_lock": approver and figure.status == FigureStatus.APPROVED,
    }


class FigureDetailView(ObjectDetailView):
    """The value with its status, who submitted and approved it when, the reason, and the actions the user may
    take (each a POST to ``programs:figure_action``)."""

    template_name = "programs/figure_detail.html"

    def get_extra_context(self, obj):
        context = {
            **figure_permissions(self.request.user, obj),
            "reason_form": ReasonForm(),
            "value_display": format_value(obj.value, obj.indicator.decimals),
            "deadline": deadline(obj.indicator, obj.period_start),
        }
        if not obj.is_editable:  # an approved (or submitted) value is not edited or deleted
            context.update(edit_url=None, delete_url=None)
        return context


class _Locked(Exception):
    def __init__(self, form, instance):
        self.form, self.instance = form, instance


class FigureEditView(ObjectEditView):
    """The generic edit page; a value that is no longer editable shows why (409 on saving), never a 500."""

    def get(self, request, **kwargs):
        instance = self.get_instance()
        if instance.pk and not instance.is_editable:
            form = self.form(instance=instance, user=request.user)
            for field in form.fields.values():
                field.disabled = True
            form.full_clean()  # an unbound form: only sets up empty errors, so that the message can be added
            form.cleaned_data = {}
            form.add_error(None, services.locked_message(instance.status))
            return self.render_form(form, instance, status=409)
        return super().get(request, **kwargs)

    def perform_save(self, form, obj):
        try:
            return super().perform_save(form, obj)
        except ConflictError as error:
            form.add_error(None, error.message)
            raise _Locked(form, obj) from None

    def post(self, request, **kwargs):
        try:
            return super().post(request, **kwargs)
        except _Locked as locked:
            return self.render_form(locked.form, locked.instance, status=409)


class FigureDeleteView(ObjectDeleteView):
    """Only a draft or reopened value can be deleted."""

    def get_object(self, action=Action.VIEW):
        obj = super().get_object(action)
        if action == Action.DELETE and not obj.is_editable:
            raise PermissionDenied(services.locked_message(obj.status))
        return obj


class FigureActionView(GatedObjectMixin, View):
    """POST /programs/figures/<pk>/<action>/: one workflow step through its service.

    A return or reopening without a reason shows the page again with the field error (400); other refusals come
    back as messages; a user who may see the value but not take the step gets 403.
    """

    queryset = LIST_QUERYSET
    actions = {"submit", "approve", "return", "reopen", "lock", "compute"}

    def post(self, request, pk, action):
        figure = self.get_object(Action.VIEW)
        if action not in self.actions:
            raise PermissionDenied
        user = request.user
        reason_form = None
        try:
            if action in ("return", "reopen"):
                reason_form = ReasonForm(request.POST)
                reason = reason_form.data.get("reason", "")
                service = services.figure_return if action == "return" else services.figure_reopen
                service(acting_user=user, figure=figure, reason=reason)
            elif (
                action == "approve"
                and request.POST.get("confirmed") != "1"
                and (warning := selectors.outliers(user, [figure]).get(figure.pk))
            ):
                detail = FigureDetailView(request=request, kwargs={"pk": pk})
                detail.queryset = LIST_QUERYSET
                return detail.render_detail(figure, approve_warning=warning)
            else:
                getattr(services, f"figure_{action}")(acting_user=user, figure=figure)
        except PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except (StaleVersionError, ConflictError) as error:
            messages.error(request, getattr(error, "message", None) or _("This value has been changed meanwhile."))
        except ValidationError as error:
            if reason_form is not None and hasattr(error, "error_dict") and "reason" in error.error_dict:
                reason_form.is_valid()
                reason_form.add_error("reason", error.error_dict["reason"])
                figure.refresh_from_db()
                detail = FigureDetailView(request=request, kwargs={"pk": pk})
                detail.queryset = LIST_QUERYSET
                return detail.render_detail(figure, status=400, reason_form=reason_form, reason_action=action)
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, self.done_message(action))
        return redirect(figure.get_absolute_url())

    def done_message(self, action):
        return {
            "submit": _("The value was submitted for approval."),
            "approve": _("The value was approved."),
            "return": _("The value was returned to the reporting organisation."),
            "reopen": _("The value was reopened for correction."),
            "lock": _("The value was locked."),
            "compute": _("The value was computed from the records."),
        }[action]


figure_views = RecordViews(
    LIST_QUERYSET,
    filterset=PeriodicFigureFilterSet,
    table=PeriodicFigureTable,
    form=PeriodicFigureForm,
    resource=PeriodicFigureResource,
    detail_view=FigureDetailView,
    edit_view=FigureEditView,
    delete_view=FigureDeleteView,
    service=services.figure_save,
)


# --- the data-entry grid -----------------------------------------------------------------------------------


@dataclass
class EntryRow:
    indicator: Indicator
    figure: PeriodicFigure | None
    editable: bool
    suggestion: Decimal | None = None
    field: object = None
    version_field: object = None

    @property
    def value_name(self):
        return f"value_{self.indicator.pk}"

    @property
    def version_name(self):
        return f"version_{self.indicator.pk}"

    @property
    def computed(self):
        return self.indicator.source != IndicatorSource.MANUAL

    @property
    def suggestion_display(self):
        return format_value(self.suggestion, self.indicator.decimals) if self.suggestion is not None else ""

    @property
    def status_label(self):
        return self.figure.get_status_display() if self.figure else _("Not entered")


class _Rollback(Exception):
    pass


class FigureEntryView(LoginRequiredMixin, View):
    """/programs/figures/entry/: one organisation's values of a programme's indicators for one period.

    The choice (organisation, programme, period type, period) is in the query string; the grid posts back to
    the same address. "Save" stores every changed value as a draft, "Submit all" also submits every value
    entered. Everything is one transaction: a bad or stale value saves nothing and shows its field error.
    """

    template_name = "programs/figure_entry.html"

    def selection(self, request):
        form = EntrySelectForm(request.GET or None, user=request.user)
        if form.is_bound and form.is_valid():
            return form, form.cleaned_data
        return form, None

    def build_rows(self, request, choice):
        user = request.user
        indicators = Indicator.objects.restrict(user).filter(
            programme=choice["programme"], period_type=choice["period_type"]
        )
        figures = {
            f.indicator_id: f
            for f in PeriodicFigure.objects.restrict(user).filter(
                organisation=choice["organisation"], period_start=choice["period_start"], indicator__in=indicators
            )
        }
        rows = []
        for indicator in indicators.order_by("sort_order", "code"):
            figure = figures.get(indicator.pk)
            editable = figure is None or figure.is_editable
            row = EntryRow(indicator, figure, editable)
            if editable and row.computed:
                row.suggestion = computed_value(indicator, choice["organisation"], choice["period_start"])
            rows.append(row)
        return rows

    def render_page(self, request, select_form, choice, rows=None, grid=None, status=200):
        context = {
            "select_form": select_form,
            "choice": choice,
            "rows": rows,
            "grid": grid,
            "period_choices": recent_periods(),
            "period_label": period_label(choice["period_type"], choice["period_start"]) if choice else "",
            "querystring": request.GET.urlencode(),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        select_form, choice = self.selection(request)
        if choice is None:
            return self.render_page(request, select_form, None, status=400 if select_form.is_bound else 200)
        rows = self.build_rows(request, choice)
        return self.render_page(request, select_form, choice, rows, EntryGridForm(rows=rows))

    def post(self, request):
        select_form, choice = self.selection(request)
        if choice is None:
            return self.render_page(request, select_form, None, status=400)
        rows = self.build_rows(request, choice)
        if "compute" in request.POST:
            return self.compute(request, choice, rows)
        grid = EntryGridForm(request.POST, rows=rows)
        if not grid.is_valid():
            return self.render_page(request, select_form, choice, rows, grid, status=400)
        submit = "submit" in request.POST
        stale = False
        saved, submitted, empty = 0, 0, []
        try:
            with transaction.atomic():
                for row in rows:
                    if not row.editable:
                        continue
                    try:
                        changed = self.save_row(request, choice, row, grid)
                        saved += changed
                        if submit:
                            if row.figure is None or row.figure.value is None:
                                empty.append(row.indicator.code)
                            else:
                                services.figure_submit(acting_user=request.user, figure=row.figure)
                                submitted += 1
                    except StaleVersionError:
                        stale = True
                        grid.add_error(
                            row.value_name,
                            _("This value has been changed by someone else. Reload the page and enter it again."),
                        )
                    except ConflictError as error:
                        grid.add_error(row.value_name, error.message)
                    except ValidationError as error:
                        grid.add_error(row.value_name, error.messages)
                if grid.errors:
                    raise _Rollback
        except _Rollback:
            return self.render_page(request, select_form, choice, rows, grid, status=409 if stale else 400)
        if submit:
            messages.success(
                request,
                ngettext("%(count)d value submitted.", "%(count)d values submitted.", submitted) % {"count": submitted},
            )
            if empty:
                messages.warning(
                    request,
                    _("Not submitted, no value entered: %(codes)s.") % {"codes": ", ".join(empty)},
                )
        else:
            messages.success(
                request, ngettext("%(count)d value saved.", "%(count)d values saved.", saved) % {"count": saved}
            )
        return redirect(f"{request.path}?{request.GET.urlencode()}")

    def save_row(self, request, choice, row, grid) -> int:
        """Save one row's value if it changed; 1 when something was written."""
        value = grid.cleaned_data.get(row.value_name)
        version = grid.cleaned_data.get(row.version_name)
        figure = row.figure
        if figure is None:
            if version is not None:  # the value was deleted meanwhile
                raise StaleVersionError(None)
            if value is None:
                return 0
            figure = PeriodicFigure(
                indicator=row.indicator,
                organisation=choice["organisation"],
                period_start=choice["period_start"],
                period_type=row.indicator.period_type,
                value=value,
            )
            services.figure_save(acting_user=request.user, instance=figure)
            row.figure = figure
            return 1
        if version != figure.version:
            raise StaleVersionError(figure)
        if value == figure.value:
            return 0
        figure.value = value
        services.figure_save(acting_user=request.user, instance=figure, expected_version=version)
        return 1

    def compute(self, request, choice, rows):
        row = next((r for r in rows if str(r.indicator.pk) == request.POST.get("compute")), None)
        if row is None or not row.editable or not row.computed:
            messages.error(request, _("This value cannot be computed now."))
        else:
            figure = row.figure or PeriodicFigure(
                indicator=row.indicator,
                organisation=choice["organisation"],
                period_start=choice["period_start"],
                period_type=row.indicator.period_type,
            )
            try:
                services.figure_compute(acting_user=request.user, figure=figure)
            except (ValidationError, ConflictError, StaleVersionError) as error:
                text = getattr(error, "message", None) or " ".join(getattr(error, "messages", [])) or str(error)
                messages.error(request, text)
            else:
                messages.success(
                    request,
                    _("%(code)s computed from the records: %(value)s.")
                    % {"code": row.indicator.code, "value": format_value(figure.value, row.indicator.decimals)},
                )
        return redirect(f"{request.path}?{request.GET.urlencode()}")


# --- the approval queue ------------------------------------------------------------------------------------


class FigureApprovalsView(LoginRequiredMixin, View):
    """/programs/figures/approvals/: submitted values of the organisations below the user's, with "approve
    selected". The queries do not grow with the number of rows, neither to list nor to approve."""

    template_name = "programs/figure_approvals.html"
    per_page = 100

    def queue(self, request, form):
        queryset = (
            selectors.figures_awaiting_approval(request.user)
            .select_related("indicator__programme", "organisation", "submitted_by")
            .order_by("period_start", "indicator__programme__code", "indicator__sort_order", "organisation__path")
        )
        if form.is_valid():
            data = form.cleaned_data
            if data.get("programme"):
                queryset = queryset.filter(indicator__programme=data["programme"])
            if data.get("period_from"):
                queryset = queryset.filter(period_start__gte=data["period_from"])
            if data.get("period_to"):
                queryset = queryset.filter(period_start__lte=data["period_to"])
        else:
            queryset = queryset.none()
        return queryset

    def get(self, request):
        form = ApprovalFilterForm(request.GET, user=request.user)
        queryset = self.queue(request, form)
        page = Paginator(queryset, self.per_page).get_page(request.GET.get("page"))
        warnings = selectors.outliers(request.user, page.object_list)
        for figure in page.object_list:
            figure.value_display = format_value(figure.value, figure.indicator.decimals)
            figure.warning = warnings.get(figure.pk)
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "figures": page.object_list,
            "querystring": params.urlencode(),
            "is_approver": request.user.is_superuser or bool(services.approver_paths(request.user)),
            "has_warnings": bool(warnings),
        }
        return render(request, self.template_name, context, status=200 if form.is_valid() else 400)

    def post(self, request):
        form = ApprovalFilterForm(request.GET, user=request.user)
        ids = [int(v) for v in request.POST.getlist("figures") if v.isdigit()]
        flagged = {}
        if ids and request.POST.get("confirmed") != "1":
            chosen = list(self.queue(request, form).filter(pk__in=ids).select_related("indicator", "organisation"))
            notes = selectors.outliers(request.user, chosen)
            flagged = {figure: notes[figure.pk] for figure in chosen if figure.pk in notes}
        if not ids:
            messages.error(request, _("Select the values to approve."))
        elif flagged:
            names = "; ".join(
                f"{figure.organisation} — {figure.indicator.name}: {note}" for figure, note in flagged.items()
            )
            messages.error(
                request,
                _(
                    "Nothing was approved: %(count)d selected values look implausible (%(names)s). Check them, tick "
                    "“I have checked the values marked implausible” and approve again."
                )
                % {"count": len(flagged), "names": names},
            )
        else:
            try:
                count = services.figures_approve_bulk(
                    acting_user=request.user, figures=self.queue(request, form).filter(pk__in=ids)
                )
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d value approved.", "%(count)d values approved.", count) % {"count": count},
                )
                if count < len(ids):
                    messages.warning(
                        request,
                        _("%(count)d selected values were skipped: approved or returned meanwhile.")
                        % {"count": len(ids) - count},
                    )
        return redirect(f"{request.path}?{request.GET.urlencode()}")


# --- completeness and timeliness ---------------------------------------------------------------------------


class FigureCompletenessView(LoginRequiredMixin, View):
    """/programs/figures/completeness/?programme=&period_type=&date_from=&date_to=: who reported, on time or
    late, who has not; ``&export=xlsx`` downloads the table."""

    template_name = "programs/figure_completeness.html"

    def get(self, request):
        form = CompletenessForm(request.GET or None, user=request.user)
        result = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            result = figure_completeness(request.user, data["programme"], data["period_type"], data["periods"])
            if request.GET.get("export") == XLSX:
                first, last = result.periods[0], result.periods[-1]
                title = f"{data['programme']} — {first.label} – {last.label}"
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
                response = HttpResponse(completeness_workbook(result, title), content_type=CONTENT_TYPES[XLSX])
                response["Content-Disposition"] = f'attachment; filename="completeness-{stamp}.xlsx"'
                return response
        query = request.GET.copy()
        query["export"] = XLSX
        context = {
            "form": form,
            "result": result,
            "labels": status_labels(),
            "export_query": query.urlencode(),
            "figure_list_url": reverse("programs:periodicfigure_list"),
        }
        return render(
            request, self.template_name, context, status=400 if form.is_bound and not form.is_valid() else 200
        )


_generic = figure_views.urls("figures")

urlpatterns = [
    path("figures/entry/", FigureEntryView.as_view(), name="figure_entry"),
    path("figures/approvals/", FigureApprovalsView.as_view(), name="figure_approvals"),
    path("figures/completeness/", FigureCompletenessView.as_view(), name="figure_completeness"),
    *_generic,
    # short aliases of the generic pages: programs:figure_list … for programs:periodicfigure_list …
    *[path(str(p.pattern), p.callback, name=p.name.replace("periodicfigure_", "figure_")) for p in _generic],
    path("figures/<int:pk>/<slug:action>/", FigureActionView.as_view(), name="figure_action"),
]
