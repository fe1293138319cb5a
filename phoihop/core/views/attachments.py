"""Upload, download and delete files attached to records — every path through the access gate.

A record's files are reachable exactly when the record is: ``Attachment.objects.restrict(user, action)``
looks at the parent (view for reading, change for adding or removing a file). A file or record the user
may not see answers 404; a record they may see but not change answers 403 to an upload.
"""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from phoihop.core.attachments import attachment_add
from phoihop.core.choices import Action
from phoihop.core.models import Attachment
from phoihop.core.services import StaleVersionError, record_delete

PARTIAL = "core/_attachments.html"


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    title = forms.CharField(label=gettext_lazy("Caption"), max_length=200, required=False)


def _parent_model(label):
    """The attachable model named ``app_label.model``, or 404."""
    try:
        model = apps.get_model(label or "")
    except (LookupError, ValueError):
        raise Http404 from None
    if not getattr(model, "attachments_enabled", False):
        raise Http404
    return model


def _back(request, parent):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return (parent.get_absolute_url() if parent is not None else "") or "/"


def _may_change(user, parent):
    return type(parent).objects.restrict(user, Action.CHANGE).filter(pk=parent.pk).exists()


def _partial(request, parent, form=None, may_change=None):
    if may_change is None:
        may_change = _may_change(request.user, parent)
    context = {"object": parent, "may_change": may_change, "form": form, "next_url": _back(request, parent)}
    return render(request, PARTIAL, context)


@login_required
@require_POST
def attachment_upload(request):
    model = _parent_model(request.POST.get("content_type"))
    object_id = request.POST.get("object_id", "")
    if not object_id.isdigit():
        raise Http404
    parent = model.objects.restrict(request.user, Action.VIEW).filter(pk=object_id).first()
    if parent is None:
        raise Http404
    if not _may_change(request.user, parent):
        raise PermissionDenied(_("You may see this record but not change it."))
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = attachment_add(
                acting_user=request.user,
                record=parent,
                uploaded_file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
            for field, errors in by_field.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if request.htmx:
                return _partial(request, parent, may_change=True)
            messages.success(request, _("File attached: %(name)s") % {"name": attachment.original_name})
            return redirect(_back(request, parent))
    if request.htmx:
        # htmx swaps only 2xx answers: the partial comes back with the errors under the file field.
        return _partial(request, parent, form=form, may_change=True)
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(_back(request, parent))


@login_required
@require_GET
def attachment_download(request, pk):
    attachment = Attachment.objects.restrict(request.user, Action.VIEW).filter(pk=pk).first()
    if attachment is None or not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.mime_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = Attachment.objects.restrict(request.user, Action.DELETE).filter(pk=pk).first()
    if attachment is None:
        raise Http404
    parent = attachment.record
    try:
        record_delete(acting_user=request.user, instance=attachment)
    except PermissionDenied:
        raise Http404 from None
    except (ValidationError, StaleVersionError):
        messages.error(request, _("The file could not be removed; please reload the page and try again."))
    else:
        if not request.htmx:
            messages.success(
                request,
                _("File removed: %(name)s. It can be restored from the recycle bin.")
                % {"name": attachment.original_name},
            )
    if request.htmx and parent is not None:
        return _partial(request, parent, may_change=True)
    return redirect(_back(request, parent))
