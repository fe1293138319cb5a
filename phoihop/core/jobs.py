"""Background jobs of the core app. A job receives ids, never objects, and acts for one user: it rebuilds
that user and reads only through ``restrict(user, …)``, exactly as the page would."""

import uuid

from django.apps import apps
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone, translation
from django_tasks import task

from phoihop.core.choices import Action


@task()
def export_records(export_id: int, purpose: str = "", purpose_note: str = "") -> int:
    """Write the export of a list for its user. People's personal data is logged (``audit.PersonalDataAccess``)
    with the purpose the user gave when asking for the export, before the file is written."""
    from importlib import import_module

    from phoihop.core.db_routers import reading_from_replica
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
        folder = settings.MEDIA_ROOT / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{model._meta.model_name}-{uuid.uuid4().hex}.{export.fmt}"
        # headers, labels and the sheet's name in the user's language, as the page's export writes them
        # the rows are read from the replica where there is one (the job's own row is saved after, to the primary)
        with translation.override(user.language or settings.LANGUAGE_CODE), reading_from_replica():
            dataset = safe_dataset(resource(user=user).export(queryset=queryset))
        if getattr(model, "access_personal_data", False):
            from phoihop.audit.choices import AccessAction, Purpose
            from phoihop.audit.services import personal_data_access_record

            personal_data_access_record(
                acting_user=user,
                model=model,
                action=AccessAction.BACKGROUND_EXPORT,
                queryset=queryset,
                purpose=purpose or Purpose.NOT_STATED,
                purpose_note=purpose_note,
                query=export.query,
                fmt=export.fmt,
            )
        with translation.override(user.language or settings.LANGUAGE_CODE):
            if export.fmt == "xlsx":
                from phoihop.core.spreadsheets import dataset_xlsx

                content = dataset_xlsx(dataset, str(model._meta.verbose_name_plural).capitalize())
            else:
                from phoihop.core.spreadsheets import dataset_csv

                content = dataset_csv(dataset)
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


# --- Background imports ------------------------------------------------------------------------------
# An import runs in two jobs: ``validate_import`` (a dry run that stores the preview or the row-numbered
# errors) and, once the user confirms, ``perform_import`` (the real run, in one transaction, refusing any row
# whose outcome changed since the preview). While a job works, its row counter goes through the ``imports``
# cache (the dry run and the import each run inside one transaction, where a row update would stay invisible
# to the page until the commit, on SQLite as on PostgreSQL); the BackgroundImport row gets it at the end.

PROGRESS_TIMEOUT = 24 * 3600


def _import_resource(job):
    from django.utils.module_loading import import_string

    from phoihop.core.importexport import RecordResource

    resource_class = import_string(job.resource_path)
    if not (isinstance(resource_class, type) and issubclass(resource_class, RecordResource)):
        raise TypeError(f"{job.resource_path} is not a RecordResource")
    resource = resource_class(user=job.user, **job.options)

    def progress(done):
        from django.core.cache import caches

        caches["imports"].set(job.progress_key, (done, job.rows_total), PROGRESS_TIMEOUT)

    resource.progress = progress
    return resource


def _read_import_file(job):
    from phoihop.core.importexport import read_dataset

    with open(settings.MEDIA_ROOT / job.file, "rb") as handle:
        content = handle.read()
    return read_dataset(content, job.original_name, with_formula_errors=True)


def _finish(job, status, **fields):
    from django.core.cache import caches

    job.status = status
    for name, value in fields.items():
        setattr(job, name, value)
    job.finished_at = timezone.now()
    job.save()
    caches["imports"].delete(job.progress_key)
    return job.pk


def _failure(error) -> str:
    """What the import page says about a job that stopped on an exception (never a raw English text when the
    cause is known)."""
    from phoihop.core.middleware import busy_message, is_database_busy

    if is_database_busy(error):
        return str(busy_message())
    return str(error)[:2000]


def _as_json_errors(errors):
    return [[row, field, str(message)] for row, field, message in errors]


@task()
def validate_import(import_id: int) -> int:

    from phoihop.core.models import BackgroundImport

    job = BackgroundImport.objects.select_related("user").get(pk=import_id)
    if job.status != BackgroundImport.Status.QUEUED:
        return job.pk
    with translation.override(job.user.language or settings.LANGUAGE_CODE):  # the messages the user reads
        return _validate(job)


def _validate(job):
    from django.core.exceptions import ValidationError

    from phoihop.core.importexport import run_import, unknown_columns_error
    from phoihop.core.models import BackgroundImport

    job.status = BackgroundImport.Status.VALIDATING
    job.save(update_fields=["status"])
    try:
        resource = _import_resource(job)
        try:
            dataset, formula_errors = _read_import_file(job)
        except ValidationError as error:
            return _finish(job, BackgroundImport.Status.INVALID, errors=[[None, "", m] for m in error.messages])
        job.rows_total = len(dataset)
        job.save(update_fields=["rows_total"])
        unknown = unknown_columns_error(resource, dataset)
        if unknown:
            return _finish(job, BackgroundImport.Status.INVALID, errors=[[1, "", unknown]])
        result, errors = run_import(resource, dataset, dry_run=True)
        errors = sorted([*errors, *formula_errors], key=lambda e: (e[0] or 0, e[1]))
        if errors:
            return _finish(job, BackgroundImport.Status.INVALID, errors=_as_json_errors(errors), rows_done=len(dataset))
        preview = []
        for number, row in enumerate(result.rows, 1):
            preview.append(
                {
                    "row": resource.spreadsheet_row(number),
                    "type": row.import_type,
                    "repr": row.object_repr or "",
                    "outcome": resource.outcomes.get(number),
                    "extra": resource.preview_columns(row.instance) if row.instance is not None else [],
                }
            )
        return _finish(
            job,
            BackgroundImport.Status.PREVIEWED,
            preview=preview,
            totals=dict(result.totals),
            rows_done=len(dataset),
        )
    except Exception as error:  # the user sees the failure on the import page, never a 500
        return _finish(job, BackgroundImport.Status.FAILED, error=_failure(error))


@task()
def perform_import(import_id: int) -> int:

    from phoihop.core.models import BackgroundImport

    job = BackgroundImport.objects.select_related("user").get(pk=import_id)
    if job.status != BackgroundImport.Status.IMPORTING:
        return job.pk
    with translation.override(job.user.language or settings.LANGUAGE_CODE):
        return _perform(job)


def _perform(job):
    from django.core.exceptions import ValidationError

    from phoihop.core.importexport import run_import
    from phoihop.core.models import BackgroundImport

    try:
        resource = _import_resource(job)
        try:
            dataset, formula_errors = _read_import_file(job)
        except ValidationError as error:
            return _finish(job, BackgroundImport.Status.INVALID, errors=[[None, "", m] for m in error.messages])
        if formula_errors or len(dataset) != len(job.preview):
            raise ValueError("the stored file no longer matches its preview")
        resource.expected_outcomes = {number: entry["outcome"] for number, entry in enumerate(job.preview, 1)}
        result, errors = run_import(resource, dataset, dry_run=False)
        if errors:
            return _finish(job, BackgroundImport.Status.INVALID, errors=_as_json_errors(errors), rows_done=0)
        return _finish(job, BackgroundImport.Status.DONE, totals=dict(result.totals), rows_done=len(dataset))
    except Exception as error:  # rolled back by run_import's transaction; the page shows the failure
        return _finish(job, BackgroundImport.Status.FAILED, error=_failure(error))
