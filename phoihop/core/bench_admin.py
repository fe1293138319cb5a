"""A plain Django admin of the big lists, for ``make bench-scale`` only (imported by phoihop/urls.py when
``settings.PHOIHOP_BENCH`` is true, never in normal operation: phoihop has no admin of its records).

The benchmark compares each list page with the admin's changelist of the same model: the admin reads the same
table, 50 rows a page in the app list's order, with no access gate, no filters form and no table templates, so it
is what "a list page" costs in Django without phoihop's layers. ``list_select_related`` names what ``list_display``
and the rows' names read, as any admin of these models would.
"""

from django.apps import apps
from django.contrib import admin

#: model label → (list_display, list_select_related)
BENCH_ADMINS = {
    "work.Task": (("title", "assigned_by_org", "deadline_in_force", "status", "progress"), ("assigned_by_org",)),
    "work.ProgressReport": (("unit", "reported_on", "progress", "created_at"), ("unit__organisation",)),
    "work.Document": (("number", "doc_type", "owner", "signed_on", "subject"), ("doc_type", "owner")),
    "border.Patrol": (("post", "kind", "started_at", "ended_at", "route"), ("post",)),
    "border.Inspection": (("marker", "inspected_on", "inspecting_unit", "condition"), ("marker", "inspecting_unit")),
    "border.Marker": (("number", "kind", "commune", "post", "condition"), ("commune", "post")),
    "programs.PeriodicFigure": (
        ("indicator", "organisation", "period_start", "value", "status"),
        ("indicator", "organisation"),
    ),
    "orgs.Organisation": (("name", "code", "kind", "parent"), ("kind", "parent")),
}


def register():
    for label, (list_display, select_related) in BENCH_ADMINS.items():
        model = apps.get_model(label)
        if admin.site.is_registered(model):
            continue
        options = {
            "list_display": list_display,
            "list_select_related": select_related,
            "list_per_page": 50,
            "ordering": list(model._meta.ordering),
        }
        admin.site.register(model, type(f"{model.__name__}BenchAdmin", (admin.ModelAdmin,), options))


register()
