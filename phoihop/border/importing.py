"""The marker import page: the generic upload → preview → confirm, plus the VN-2000 grid of the file.

The grid chosen on the upload form applies to every row of the file (``MarkerResource(grid=…)``). It is kept in
the session entry together with the file, so the confirm step imports exactly what the preview showed.
"""

import base64

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.border import coordinates
from phoihop.core.forms import ImportForm, style_widgets
from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.views.generic import ObjectImportView, url_or_none

AXES_NOTE = gettext_lazy(
    "X is the northing (about 2,400,000 m here) and Y the easting (about 400,000–600,000 m), as surveyors write them."
)


class MarkerImportForm(ImportForm):
    grid = forms.ChoiceField(
        label=gettext_lazy("VN-2000 grid of the X and Y columns"),
        choices=coordinates.GRID_CHOICES,
        initial=coordinates.DEFAULT_GRID,
        help_text=AXES_NOTE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class MarkerImportView(ObjectImportView):
    template_name = "border/marker_import.html"
    session_key = "phoihop_import_markers"

    def make_resource(self, grid):
        return self.resource(user=self.request.user, grid=grid)

    def context(self, **extra):
        grid = extra.pop("grid", None)
        return super().context(
            axes_note=AXES_NOTE,
            grid_label=coordinates.get_grid(grid).label if grid else None,
            **extra,
        )

    def get(self, request):
        return render(request, self.template_name, self.context(form=MarkerImportForm()))

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = MarkerImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(form=form), status=400)
        upload, grid = form.cleaned_data["file"], form.cleaned_data["grid"]
        content = upload.read()
        try:
            dataset = read_dataset(content, upload.name)
        except ValidationError as error:
            form.add_error("file", error.messages)
            return render(request, self.template_name, self.context(form=form), status=400)
        result, errors = run_import(self.make_resource(grid), dataset, dry_run=True)
        if errors:
            again = MarkerImportForm(initial={"grid": grid})
            return render(request, self.template_name, self.context(form=again, errors=errors, grid=grid), status=400)
        request.session[self.session_key] = {
            "model": self.model._meta.label,
            "name": upload.name,
            "content": base64.b64encode(content).decode(),
            "grid": grid,
        }
        preview = [
            (
                row.import_type,
                row.object_repr,
                getattr(row.instance, "latitude", None),
                getattr(row.instance, "longitude", None),
            )
            for row in result.rows
        ]
        return render(
            request,
            self.template_name,
            self.context(preview=preview, filename=upload.name, totals=result.totals, grid=grid),
        )

    def confirm(self, request):
        stored = request.session.pop(self.session_key, None)
        grid = (stored or {}).get("grid")
        if not stored or stored.get("model") != self.model._meta.label or grid not in coordinates.GRIDS:
            messages.error(request, _("The uploaded file has expired; please upload it again."))
            return redirect(request.path)
        dataset = read_dataset(base64.b64decode(stored["content"]), stored["name"])
        result, errors = run_import(self.make_resource(grid), dataset, dry_run=False)
        if errors:
            again = MarkerImportForm(initial={"grid": grid})
            return render(request, self.template_name, self.context(form=again, errors=errors, grid=grid), status=400)
        totals = result.totals
        messages.success(
            request,
            _("Imported %(new)s new and %(update)s updated records.")
            % {"new": totals.get("new", 0), "update": totals.get("update", 0)},
        )
        return redirect(url_or_none(self.model, "list") or "/")
