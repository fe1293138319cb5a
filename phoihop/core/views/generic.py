"""Generic views: a record type's list, detail, edit, delete, import and history pages are declarations.

Every view starts from ``queryset.restrict(user, action)`` (the one access gate). A record the user may
not see answers 404; a record they may see but not change answers 403.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from phoihop.audit.choices import AccessAction
from phoihop.core.access import can, has_role, member_paths
from phoihop.core.choices import Action, Role
from phoihop.core.forms import ImportForm
from phoihop.core.importexport import CSV, XLSX, export_resource_for, export_response
from phoihop.core.jobs import perform_import, validate_import
from phoihop.core.models import BackgroundImport
from phoihop.core.pagination import CappedPaginator
from phoihop.core.record_types import record_type_label
from phoihop.core.services import StaleVersionError, record_delete, record_save

PER_PAGE_CHOICES = (25, 50, 100)


def export_registry():
    from phoihop.core.urls_helpers import REGISTRY  # the record types a background export can find

    return REGISTRY


def model_context(model):
    meta = model._meta
    return {
        "model": model,
        "model_label": meta.label,
        "verbose_name": meta.verbose_name,
        "verbose_name_plural": meta.verbose_name_plural,
    }


def url_or_none(model, action, **kwargs):
    from django.urls import NoReverseMatch

    try:
        return reverse(model.url_name(action), kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def may_add(user, model):
    role = getattr(model, "access_edit_role", Role.REPORTER)
    if role is None:
        return user.is_superuser
    if getattr(model, "access_personal_data", False) and not user.is_superuser:
        return bool(member_paths(user, role, personal_data=True))
    return has_role(user, role)


class GatedObjectMixin(LoginRequiredMixin):
    """The gate of a record type's pages, and the personal-data rule: a page that shows a record of people's
    personal data (``access_personal_data``) first asks why, once per session, then logs the reading
    (``audit.personal_data``, ``audit.PersonalDataAccess``)."""

    queryset = None
    #: how a GET of this page reads its record, for the personal-data access log (``audit.choices.AccessAction``)
    personal_data_action = AccessAction.DETAIL

    @property
    def model(self):
        return self.queryset.model

    def dispatch(self, request, *args, **kwargs):
        from phoihop.audit.personal_data import PurposeRequired

        try:
            return super().dispatch(request, *args, **kwargs)
        except PurposeRequired as needed:  # personal data opened before the session said why: the purpose form
            return needed.response

    def get_object(self, action=Action.VIEW):
        obj = get_object_or_404(self.queryset.restrict(self.request.user, Action.VIEW), pk=self.kwargs["pk"])
        if action != Action.VIEW and not can(self.request.user, obj, action):
            raise PermissionDenied(_("You may see this record but not change it."))
        if self.request.method in ("GET", "HEAD") and self.personal_data_action:
            self.personal_data_shown(self.model, [obj], self.personal_data_action)
        return obj

    def personal_data_shown(self, model, records, action=AccessAction.RELATED):
        """Log that this page shows ``records`` of ``model`` (nothing unless the model holds personal data). The
        page's own record asks for the session's purpose first; people shown on a related record's page (a house's
        household, a case's subjects) are logged with it, or as "not stated"."""
        from phoihop.audit import personal_data

        if not personal_data.holds_personal_data(model) or not records:
            return
        if action != AccessAction.RELATED:
            personal_data.require_purpose(self.request, model)
        personal_data.log_page(self.request, model, action, records=records)


class ObjectListView(GatedObjectMixin, View):
    filterset = None
    table = None
    resource = None
    template_name = "generic/object_list.html"

    def get(self, request):
        from phoihop.audit import personal_data

        # the filter (and page) of what is read, without the export: where the purpose form sends the user back to
        read = request.GET.copy()
        read.pop("export", None)
        personal = personal_data.holds_personal_data(self.model)
        if personal:
            personal_data.require_purpose(request, self.model, f"{request.path}?{read.urlencode()}".rstrip("?"))
        queryset = self.queryset.restrict(request.user, Action.VIEW)
        filterset = self.filterset(request.GET or None, queryset=queryset, request=request)
        queryset = (
            filterset.qs
            if filterset.is_bound and filterset.is_valid()
            else (queryset if not filterset.is_bound else queryset.none())
        )
        fmt = request.GET.get("export")
        if fmt in (XLSX, CSV) and self.model._meta.label in export_registry():
            # A page's answer has gunicorn's 30 s: a list longer than the page may write in that time is exported
            # by the background worker (the button beside), never cut off by a timeout.
            limit = settings.PAGE_EXPORT_MAX_ROWS
            if queryset[: limit + 1].count() > limit:
                messages.warning(
                    request,
                    _(
                        "The list has more than %(limit)s rows: too many to export at once. Use “Export in "
                        "background”, or narrow the list with the filters."
                    )
                    % {"limit": number_format(limit, force_grouping=True)},
                )
                return redirect(f"{request.path}?{read.urlencode()}".rstrip("?"))
        if fmt in (XLSX, CSV):
            resource = self.resource or export_resource_for(self.model)
            response = export_response(
                resource(user=request.user),
                queryset,
                fmt,
                self.model._meta.model_name,
                title=str(self.model._meta.verbose_name_plural).capitalize(),
            )
            if personal:
                personal_data.log_page(
                    request, self.model, AccessAction.EXPORT, queryset=queryset, query=read.urlencode(), fmt=fmt
                )
            return response
        table = self.table(queryset, request=request)
        try:
            per_page = int(request.GET.get("per_page", 25))
        except ValueError:
            per_page = 25
        per_page = per_page if per_page in PER_PAGE_CHOICES else 25
        RequestConfig(request, paginate={"per_page": per_page, "paginator_class": CappedPaginator}).configure(table)
        if personal:
            # the page's rows, read once: the table renders the same (cached) records
            shown = [row.record for row in table.paginated_rows]
            personal_data.log_page(request, self.model, AccessAction.LIST, records=shown, query=read.urlencode())
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        sizing = params.copy()
        sizing.pop("per_page", None)
        within = None
        if "within" in filterset.filters and filterset.is_bound and filterset.is_valid():
            within = filterset.within_organisation()
        without_within = params.copy()
        without_within.pop("within", None)
        # the other hidden filters a link set ("mine", "to_report" …): said on the page, each with a way out
        hidden_filters = []
        form = filterset.form
        for name, field in form.fields.items():
            if name != "within" and field.widget.is_hidden and params.get(name) not in (None, ""):
                others = params.copy()
                others.pop(name, None)
                hidden_filters.append({"label": field.label, "remove": others.urlencode()})
        context = {
            **model_context(self.model),
            "table": table,
            "filter_form": filterset.form,
            "total": table.paginator.count if hasattr(table, "paginator") else None,
            "total_capped": getattr(getattr(table, "paginator", None), "capped", False),
            "add_url": url_or_none(self.model, "add") if may_add(request.user, self.model) else None,
            "import_url": url_or_none(self.model, "import")
            if self.resource and may_add(request.user, self.model)
            else None,
            "export": True,
            "background_export": self.model._meta.label in export_registry(),
            "querystring": params.urlencode(),
            "sizing_querystring": sizing.urlencode(),
            "within": within,
            "without_within": without_within.urlencode(),
            "hidden_filters": hidden_filters,
            "per_page": per_page,
            "per_page_choices": PER_PAGE_CHOICES,
        }
        template = "generic/_table.html" if request.htmx and not request.htmx.boosted else self.template_name
        response = render(request, template, context)
        # the same address answers the whole page or the table fragment: the browser's cache (Back) must not
        # give the fragment for the page
        patch_vary_headers(response, ("HX-Request",))
        return response


class ObjectDetailView(GatedObjectMixin, View):
    template_name = None  # defaults to "<app>/<model>_detail.html", falling back to the generic one
    tab = "detail"

    def get_extra_context(self, obj):
        return {}

    def get_template_names(self):
        meta = self.model._meta
        return [self.template_name or f"{meta.app_label}/{meta.model_name}_detail.html", "generic/object_detail.html"]

    def get(self, request, pk):
        return self.render_detail(self.get_object())

    def render_detail(self, obj, status=200, **extra):
        """The detail page of ``obj``; ``extra`` replaces parts of the context (a workflow form bound with its
        errors, a warning to confirm), answering ``status``."""
        from django.template.loader import select_template

        request = self.request
        context = {**model_context(self.model), **object_actions(request.user, obj), "object": obj, "tab": self.tab}
        context["fields"] = display_fields(obj, request.user)
        context.update(self.get_extra_context(obj))
        context.update(extra)
        return render(request, select_template(self.get_template_names()).template.name, context, status=status)


def object_actions(user, obj):
    model = type(obj)
    may_change = can(user, obj, Action.CHANGE)
    return {
        # a record type whose edit route only answers 404 (a report is regenerated, never edited) offers no edit link
        "edit_url": url_or_none(model, "edit", pk=obj.pk) if may_change and getattr(model, "edit_page", True) else None,
        "delete_url": url_or_none(model, "delete", pk=obj.pk) if can(user, obj, Action.DELETE) else None,
        "history_url": url_or_none(model, "history", pk=obj.pk),
        "detail_url": url_or_none(model, "detail", pk=obj.pk),
        "list_url": url_or_none(model, "list"),
    }


def display_fields(obj, user=None):
    """(label, value) for the record's own editable fields and many-to-many fields. The records its relations
    name are :class:`~phoihop.core.naming.Ref` for ``user`` (``core.naming``: named and linked when the user may
    open them, a placeholder otherwise), resolved in one query per related record type."""
    from phoihop.core.naming import RecordNames, RefList, implements_fields

    rows = []
    hidden = {"search_text", *getattr(obj, "detail_exclude", ())}
    if not getattr(obj, "classification", None):  # an unclassified record has no paper register (state secrets)
        from phoihop.core.state_secrets import REGISTER_FIELDS

        hidden.update(REGISTER_FIELDS)
    names = RecordNames(user) if user is not None else None
    implemented = set(implements_fields(type(obj)))
    related = []  # (row index, field, value) resolved once every field is collected
    for field in obj._meta.get_fields():
        if not getattr(field, "editable", False) or field.auto_created or not getattr(field, "concrete", False):
            continue
        if field.name in hidden:
            continue
        if field.many_to_many:
            value = list(getattr(obj, field.name).all())
            if names is None:
                value = ", ".join(str(v) for v in value) or "—"
            else:
                for item in value:
                    names.add_instance(item)
                related.append((len(rows), field, value))
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        elif field.is_relation and (field.many_to_one or field.one_to_one) and names is not None:
            value = getattr(obj, field.attname)
            if value is not None and field.related_model is not ContentType:
                names.add(field.related_model, value, implemented=field.name in implemented)
                related.append((len(rows), field, value))
            elif value is not None:
                value = record_type_label(getattr(obj, field.name))
        else:
            value = getattr(obj, field.name)
            if isinstance(value, ContentType):  # a record type by its name, not "App | model"
                value = record_type_label(value)
        rows.append((field.verbose_name, value))
    if names is not None:
        names.resolve()
        for index, field, value in related:
            if field.many_to_many:
                refs = [names.ref_of(item) for item in value]
                rows[index] = (rows[index][0], RefList(refs) if refs else "—")
            else:
                rows[index] = (rows[index][0], names.ref(field.related_model, value))
    return rows


class ObjectEditView(GatedObjectMixin, View):
    form = None
    template_name = "generic/object_edit.html"
    personal_data_action = AccessAction.EDIT
    #: the write service: called as service(acting_user=, instance=, expected_version=, save_related=)
    service = staticmethod(record_save)

    def perform_save(self, form, obj):
        """Write through the service; a record type with a richer creation step overrides this."""
        self.service(
            acting_user=self.request.user,
            instance=obj,
            expected_version=form.cleaned_data.get("version") if obj.pk else None,
            save_related=form.save_m2m,
        )
        return obj

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(Action.CHANGE)
        if not may_add(self.request.user, self.model):
            raise PermissionDenied
        return self.model()

    def render_form(self, form, instance, status=200, **extra):
        context = {**model_context(self.model), "form": form, "object": instance, **extra}
        if instance.pk:
            context.update(object_actions(self.request.user, instance))
        else:
            context["list_url"] = url_or_none(self.model, "list")
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        instance = self.get_instance()
        initial = request.GET.dict() if not instance.pk else None
        return self.render_form(self.form(instance=instance, initial=initial, user=request.user), instance)

    def post(self, request, **kwargs):
        instance = self.get_instance()
        form = self.form(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            obj = form.save(commit=False)
            try:
                obj = self.perform_save(form, obj)
            except StaleVersionError as error:
                form.add_error(
                    None,
                    _(
                        "This record has been changed by someone else. Your changes were not saved; "
                        "the current data is shown below."
                    ),
                )
                current = error.current
                return self.render_form(
                    form,
                    instance,
                    status=409,
                    current=current,
                    current_fields=display_fields(current, request.user) if current else [],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You do not have permission for this change."))
            else:
                messages.success(request, _("Saved: %(record)s") % {"record": obj})
                return redirect(obj.get_absolute_url() or url_or_none(self.model, "list"))
        return self.render_form(form, instance, status=400)


def add_validation_error(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ObjectDeleteView(GatedObjectMixin, View):
    template_name = "generic/object_delete.html"
    personal_data_action = AccessAction.DELETE

    def get(self, request, pk):
        obj = self.get_object(Action.DELETE)
        context = {
            **model_context(self.model),
            **object_actions(request.user, obj),
            "object": obj,
            "blockers": obj.delete_blockers(),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk):
        obj = self.get_object(Action.DELETE)
        try:
            record_delete(acting_user=request.user, instance=obj, expected_version=_int(request.POST.get("version")))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(obj.get_absolute_url())
        except StaleVersionError:
            messages.error(request, _("This record has been changed by someone else. Review it before deleting."))
            return redirect(obj.get_absolute_url())
        messages.success(
            request,
            _("Deleted: %(record)s. An organisation admin can restore it from the recycle bin.") % {"record": obj},
        )
        return redirect(url_or_none(self.model, "list") or "/")


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ObjectHistoryView(GatedObjectMixin, View):
    template_name = "generic/object_history.html"
    personal_data_action = AccessAction.HISTORY

    def get(self, request, pk):
        from phoihop.audit.selectors import history_of

        obj = self.get_object()
        context = {
            **model_context(self.model),
            **object_actions(request.user, obj),
            "object": obj,
            "tab": "history",
            "entries": history_of(obj),
        }
        return render(request, self.template_name, context)


class ObjectImportView(GatedObjectMixin, View):
    """Upload → a background job checks the file (dry run) → preview with row-numbered errors → confirm →
    a second job imports in one transaction. Nothing is written unless every row is valid.

    ``/import/`` takes the upload; ``/import/<pk>/`` is the page of one import (the user's own only: 404 for
    anyone else), polled with htmx while a job works, and takes the confirmation."""

    resource = None
    template_name = "generic/object_import.html"
    form_class = ImportForm
    #: rows of the preview shown on the page (the totals count them all)
    preview_limit = 500

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_add(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        resource = self.resource(user=self.request.user)
        columns = []
        for field in resource.get_import_fields():
            label = resource.column_labels.get(field.column_name)  # the header an export writes
            if not label:
                try:
                    label = self.model._meta.get_field(field.attribute or field.column_name).verbose_name
                except FieldDoesNotExist:  # a column that is not a model field (a first membership, a role)
                    label = ""
            columns.append((field.column_name, label, field.readonly))
        return {
            **model_context(self.model),
            "columns": columns,
            "list_url": url_or_none(self.model, "list"),
            "upload_url": reverse(self.request.resolver_match.view_name.removesuffix("_job")),
            **extra,
        }

    # --- hooks of a record type's import page ----------------------------------------------------------

    def make_form(self, data=None, files=None, job=None):
        return self.form_class(data, files)

    def import_options(self, form):
        """JSON-safe keyword arguments of the resource, kept with the import (the marker import's grid)."""
        return {}

    def preview_row(self, entry):
        return (entry["type"], entry["repr"], *entry["extra"])

    # --- pages -----------------------------------------------------------------------------------------

    def get_job(self, pk):
        return get_object_or_404(
            BackgroundImport.objects.filter(user=self.request.user, model_label=self.model._meta.label), pk=pk
        )

    def job_url(self, job):
        """The page of one import: the upload URL's name with ``_job`` (``border:marker_import_job``)."""
        name = self.request.resolver_match.view_name.removesuffix("_job")
        return reverse(f"{name}_job", kwargs={"pk": job.pk})

    def get(self, request, pk=None):
        if pk is None:
            return render(request, self.template_name, self.context(form=self.make_form()))
        job = self.get_job(pk)
        if request.htmx and request.GET.get("poll"):
            if not job.is_running:  # finished: show the preview, the errors or the result
                response = render(request, "generic/_import_progress.html", {"job": job})
                response["HX-Refresh"] = "true"
                return response
            return render(request, "generic/_import_progress.html", {"job": job, "poll_url": self.job_url(job)})
        return render(request, self.template_name, self.job_context(job))

    def job_context(self, job):
        extra = {"job": job, "filename": job.original_name, "poll_url": self.job_url(job)}
        if job.status == BackgroundImport.Status.INVALID:
            extra["errors"] = [tuple(error) for error in job.errors]
            extra["form"] = self.make_form(job=job)
        elif job.status == BackgroundImport.Status.PREVIEWED:
            extra["preview"] = [self.preview_row(entry) for entry in job.preview[: self.preview_limit]]
            extra["preview_hidden"] = max(0, len(job.preview) - self.preview_limit)
            extra["totals"] = job.totals
        elif job.status == BackgroundImport.Status.DONE:
            extra["totals"] = job.totals
        elif job.status == BackgroundImport.Status.FAILED:
            extra["form"] = self.make_form(job=job)
        return self.context(**extra)

    def post(self, request, pk=None):
        if pk is not None:
            return self.confirm(request, self.get_job(pk))
        if "confirm" in request.POST:  # a confirmation without its import (an old page)
            messages.error(request, _("The uploaded file has expired; please upload it again."))
            return redirect(request.path)
        form = self.make_form(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        folder = settings.MEDIA_ROOT / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        stored = f"imports/{uuid.uuid4().hex}{extension}"
        with open(settings.MEDIA_ROOT / stored, "wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        resource = self.resource
        job = BackgroundImport.objects.create(
            user=request.user,
            model_label=self.model._meta.label,
            resource_path=f"{resource.__module__}.{resource.__qualname__}",
            file=stored,
            original_name=upload.name[:255],
            options=self.import_options(form),
        )
        validate_import.enqueue(job.pk)
        return redirect(self.job_url(job))

    def confirm(self, request, job):
        claimed = BackgroundImport.objects.filter(pk=job.pk, status=BackgroundImport.Status.PREVIEWED).update(
            status=BackgroundImport.Status.IMPORTING, rows_done=0
        )
        if not claimed:
            messages.error(request, _("This import is not waiting for a confirmation."))
            return redirect(self.job_url(job))
        perform_import.enqueue(job.pk)
        job.refresh_from_db()
        if job.status == BackgroundImport.Status.DONE:
            totals = job.totals
            messages.success(
                request,
                _("Imported %(new)s new and %(update)s updated records.")
                % {"new": totals.get("new", 0), "update": totals.get("update", 0)},
            )
            return redirect(url_or_none(self.model, "list") or "/")
        return redirect(self.job_url(job))


def not_found(*args, **kwargs):
    raise Http404
