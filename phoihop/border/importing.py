"""The marker import page: the generic upload → background check → preview → confirm, plus the VN-2000 grid
of the file.

The grid chosen on the upload form applies to every row of the file (``MarkerResource(grid=…)``). It is kept in
the import's options together with the stored file, so the confirm step imports exactly what the preview showed.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy

from phoihop.border import coordinates
from phoihop.core.forms import ImportForm, style_widgets
from phoihop.core.views.generic import ObjectImportView

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
    form_class = MarkerImportForm

    def make_form(self, data=None, files=None, job=None):
        grid = (job.options or {}).get("grid") if job is not None else None
        return MarkerImportForm(data, files, initial={"grid": grid} if grid else None)

    def import_options(self, form):
        return {"grid": form.cleaned_data["grid"]}

    def preview_row(self, entry):
        latitude, longitude = (Decimal(value) if value is not None else None for value in entry["extra"])
        return (entry["type"], entry["repr"], latitude, longitude)

    def job_context(self, job):
        context = super().job_context(job)
        grid = (job.options or {}).get("grid")
        context["grid_label"] = coordinates.get_grid(grid).label if grid in coordinates.GRIDS else None
        return context

    def context(self, **extra):
        return super().context(axes_note=AXES_NOTE, **extra)
