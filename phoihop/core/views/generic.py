"""Generic views: a record type's list, detail, edit, delete, import and history pages are declarations.

Every view starts from ``queryset.restrict(user, action)`` (the one access gate). A record the user may
not see answers 404; a record they may see but not change answers 403.
"""

import base64

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from phoihop.core.access import can, has_role, member_paths
from phoihop.core.choices import Action, Role
from phoihop.core.forms import ImportForm
from phoihop.core.importexport import CSV, XLSX, export_resource_for, export_response, read_dataset, run_import
from phoihop.core.services import StaleVersionError, record_delete, record_save

PER_PAGE_CHOICES = (25, 50, 100)


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
    queryset = None

    @property
    def model(self):
        return self.queryset.model

    def get_object(self, action=Action.VIEW):
        obj = get_object_or_404(self.queryset.restrict(self.request.user, Action.VIEW), pk=self.kwargs["pk"])
        if action != Action.VIEW and not can(self.request.user, obj, action):
            raise PermissionDenied(_("You may see this record but not change it."))
        return obj


class ObjectListView(GatedObjectMixin, View):
    filterset = None
    table = None
    resource = None
    template_name = "generic/object_list.html"

    def get(self, request):
        queryset = self.queryset.restrict(request.user, Action.VIEW)
        filterset = self.filterset(request.GET or None, queryset=queryset, request=request)
        queryset = (
            filterset.qs
            if filterset.is_bound and filterset.is_valid()
            else (queryset if not filterset.is_bound else queryset.none())
        )
        fmt = request.GET.get("export")
        if fmt in (XLSX, CSV):
            resource = self.resource or export_resource_for(self.model)
            return export_response(resource(user=request.user), queryset, fmt, self.model._meta.model_name)
        table = self.table(queryset, request=request)
        try:
            per_page = int(request.GET.get("per_page", 25))
        except ValueError:
            per_page = 25
        per_page = per_page if per_page in PER_PAGE_CHOICES else 25
        RequestConfig(request, paginate={"per_page": per_page}).configure(table)
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("export", None)
        sizing = params.copy()
        sizing.pop("per_page", None)
        context = {
            **model_context(self.model),
            "table": table,
            "filter_form": filterset.form,
            "total": table.paginator.count if hasattr(table, "paginator") else None,
            "add_url": url_or_none(self.model, "add") if may_add(request.user, self.model) else None,
            "import_url": url_or_none(self.model, "import")
            if self.resource and may_add(request.user, self.model)
            else None,
            "export": True,
            "querystring": params.urlencode(),
            "sizing_querystring": sizing.urlencode(),
            "per_page": per_page,
            "per_page_choices": PER_PAGE_CHOICES,
        }
        template = "generic/_table.html" if request.htmx and not request.htmx.boosted else self.template_name
        return render(request, template, context)


class ObjectDetailView(GatedObjectMixin, View):
    template_name = None  # defaults to "<app>/<model>_detail.html", falling back to the generic one
    tab = "detail"

    def get_extra_context(self, obj):
        return {}

    def get_template_names(self):
        meta = self.model._meta
        return [self.template_name or f"{meta.app_label}/{meta.model_name}_detail.html", "generic/object_detail.html"]

    def get(self, request, pk):
        obj = self.get_object()
        context = {**model_context(self.model), **object_actions(request.user, obj), "object": obj, "tab": self.tab}
        context["fields"] = display_fields(obj)
        context.update(self.get_extra_context(obj))
        from django.template.loader import select_template

        return render(request, select_template(self.get_template_names()).template.name, context)


def object_actions(user, obj):
    model = type(obj)
    may_change = can(user, obj, Action.CHANGE)
    return {
        "edit_url": url_or_none(model, "edit", pk=obj.pk) if may_change else None,
        "delete_url": url_or_none(model, "delete", pk=obj.pk) if can(user, obj, Action.DELETE) else None,
        "history_url": url_or_none(model, "history", pk=obj.pk),
        "detail_url": url_or_none(model, "detail", pk=obj.pk),
        "list_url": url_or_none(model, "list"),
    }


def display_fields(obj):
    """(label, value) for the record's own editable fields and many-to-many fields."""
    rows = []
    hidden = {"search_text", *getattr(obj, "detail_exclude", ())}
    for field in obj._meta.get_fields():
        if not getattr(field, "editable", False) or field.auto_created or not getattr(field, "concrete", False):
            continue
        if field.name in hidden:
            continue
        if field.many_to_many:
            value = ", ".join(str(v) for v in getattr(obj, field.name).all()) or "—"
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.name)
        rows.append((field.verbose_name, value))
    return rows


class ObjectEditView(GatedObjectMixin, View):
    form = None
    template_name = "generic/object_edit.html"
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
                    current_fields=display_fields(current) if current else [],
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
    """Upload → preview with row-numbered errors → confirm. Nothing is written unless every row is valid."""

    resource = None
    template_name = "generic/object_import.html"
    session_key = "phoihop_import"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_add(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def context(self, **extra):
        resource = self.resource(user=self.request.user)
        columns = []
        for field in resource.get_import_fields():
            try:
                label = self.model._meta.get_field(field.attribute or field.column_name).verbose_name
            except FieldDoesNotExist:  # a column that is not a model field (a first membership, a role)
                label = ""
            columns.append((field.column_name, label))
        return {**model_context(self.model), "columns": columns, "list_url": url_or_none(self.model, "list"), **extra}

    def get(self, request):
        return render(request, self.template_name, self.context(form=ImportForm()))

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            dataset = read_dataset(content, upload.name)
        except ValidationError as error:
            form.add_error("file", error.messages)
            return render(request, self.template_name, self.context(form=form), status=400)
        result, errors = run_import(self.resource(user=request.user), dataset, dry_run=True)
        if errors:
            return render(request, self.template_name, self.context(form=ImportForm(), errors=errors), status=400)
        request.session[self.session_key] = {
            "model": self.model._meta.label,
            "name": upload.name,
            "content": base64.b64encode(content).decode(),
        }
        preview = [(row.import_type, row.object_repr) for row in result.rows]
        return render(
            request, self.template_name, self.context(preview=preview, filename=upload.name, totals=result.totals)
        )

    def confirm(self, request):
        stored = request.session.pop(self.session_key, None)
        if not stored or stored.get("model") != self.model._meta.label:
            messages.error(request, _("The uploaded file has expired; please upload it again."))
            return redirect(request.path)
        dataset = read_dataset(base64.b64decode(stored["content"]), stored["name"])
        result, errors = run_import(self.resource(user=request.user), dataset, dry_run=False)
        if errors:
            return render(request, self.template_name, self.context(form=ImportForm(), errors=errors), status=400)
        totals = result.totals
        messages.success(
            request,
            _("Imported %(new)s new and %(update)s updated records.")
            % {"new": totals.get("new", 0), "update": totals.get("update", 0)},
        )
        return redirect(url_or_none(self.model, "list") or "/")


def not_found(*args, **kwargs):
    raise Http404
