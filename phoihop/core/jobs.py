"""Background jobs of the core app. A job receives ids, never objects, and acts for one user: it rebuilds
that user and reads only through ``restrict(user, …)``, exactly as the page would."""

import uuid

from django.apps import apps
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from phoihop.core.choices import Action


@task()
def export_records(export_id: int) -> int:
    from importlib import import_module

    from phoihop.core.models import BackgroundExport
    from phoihop.core.urls_helpers import REGISTRY

    import_module(settings.ROOT_URLCONF)  # the worker process fills the registry by loading the URLs

    export = BackgroundExport.objects.select_related("user").get(pk=export_id)
    export.status = BackgroundExport.Status.RUNNING
    export.save(update_fields=["status"])
    try:
        config = REGISTRY[export.model_label]
        model = apps.get_model(export.model_label)
        user = export.user
        queryset = config.queryset.restrict(user, Action.VIEW)
        filterset = config.filterset(QueryDict(export.query), queryset=queryset, request=_FakeRequest(user))
        queryset = filterset.qs if filterset.is_valid() else queryset.none()
        from phoihop.core.importexport import export_resource_for
        from phoihop.core.spreadsheets import safe_dataset

        resource = config.resource or export_resource_for(model)
        dataset = safe_dataset(resource(user=user).export(queryset=queryset))
        folder = settings.MEDIA_ROOT / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{model._meta.model_name}-{uuid.uuid4().hex}.{export.fmt}"
        content = dataset.export(export.fmt)
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(folder / name, mode, **({} if mode == "wb" else {"encoding": "utf-8-sig"})) as handle:
            handle.write(content)
        export.file = f"exports/{name}"
        export.row_count = len(dataset)
        export.status = BackgroundExport.Status.DONE
    except Exception as error:  # the user sees the failure on their exports page
        export.status = BackgroundExport.Status.FAILED
        export.error = str(error)[:2000]
    export.finished_at = timezone.now()
    export.save()
    return export.pk


class _FakeRequest:
    """The filtersets read ``request.user`` to scope their choices; a job has no HTTP request."""

    def __init__(self, user):
        self.user = user
