from django.urls import path

from phoihop.core.views import generic

#: model label → its RecordViews: background jobs find the filterset and resource of a list here.
REGISTRY = {}


class RecordViews:
    """Declares a record type's pages once; ``urls(prefix)`` yields the standard URL set.

    URL names follow ``<app>:<model>_<action>`` (list, add, import, detail, edit, delete, history).
    Pass a subclass (``detail_view=…``) where a record type needs more than the generic page.
    """

    def __init__(
        self,
        queryset,
        *,
        filterset,
        table,
        form,
        resource=None,
        list_view=generic.ObjectListView,
        detail_view=generic.ObjectDetailView,
        edit_view=generic.ObjectEditView,
        delete_view=generic.ObjectDeleteView,
        import_view=generic.ObjectImportView,
        history_view=generic.ObjectHistoryView,
        service=None,
    ):
        self.queryset = queryset
        self.filterset, self.table, self.form, self.resource = filterset, table, form, resource
        edit_kwargs = {"service": service} if service is not None else {}
        self.views = {
            "list": list_view.as_view(queryset=queryset, filterset=filterset, table=table, resource=resource),
            "add": edit_view.as_view(queryset=queryset, form=form, **edit_kwargs),
            "detail": detail_view.as_view(queryset=queryset),
            "edit": edit_view.as_view(queryset=queryset, form=form, **edit_kwargs),
            "delete": delete_view.as_view(queryset=queryset),
            "history": history_view.as_view(queryset=queryset),
        }
        if resource is not None:
            self.views["import"] = self.views["import_job"] = import_view.as_view(queryset=queryset, resource=resource)
        REGISTRY[queryset.model._meta.label] = self

    def urls(self, prefix):
        name = self.queryset.model._meta.model_name
        routes = [
            ("list", f"{prefix}/"),
            ("add", f"{prefix}/add/"),
            ("import", f"{prefix}/import/"),
            ("import_job", f"{prefix}/import/<int:pk>/"),
            ("detail", f"{prefix}/<int:pk>/"),
            ("edit", f"{prefix}/<int:pk>/edit/"),
            ("delete", f"{prefix}/<int:pk>/delete/"),
            ("history", f"{prefix}/<int:pk>/history/"),
        ]
        return [
            path(route, self.views[action], name=f"{name}_{action}") for action, route in routes if action in self.views
        ]
