"""Small builders for work records on top of the shared test world."""

import datetime
import itertools

from phoihop.work.models import DocumentType, Task
from phoihop.work.services import task_create

counter = itertools.count(1)


def make_task(world, *, assigner=None, lead=None, coordinating=(), deadline=None, user=None, **kwargs):
    """A task assigned by the province (default) to post A (lead), created through the service."""
    assigner = assigner or world.province
    task = Task(
        title=kwargs.pop("title", f"Nhiệm vụ thử {next(counter)}"),
        assigned_by_org=assigner,
        deadline=deadline or datetime.date.today() + datetime.timedelta(days=30),
        **kwargs,
    )
    return task_create(
        acting_user=user or world.superuser,
        task=task,
        lead=lead or world.a,
        coordinating=[(org, "") for org in coordinating],
    )


def document_type():
    kind, _ = DocumentType.objects.get_or_create(code="chi-thi", defaults={"name": "Chỉ thị", "abbreviation": "CT"})
    return kind
