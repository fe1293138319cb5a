"""Small builders for work records on top of the shared test world."""

import datetime
import itertools

from phoihop.core.testing.registers import is_register_entry, register_fields
from phoihop.work.models import DocumentType, Task
from phoihop.work.services import task_create

counter = itertools.count(1)


def make_task(world, *, assigner=None, lead=None, coordinating=(), deadline=None, user=None, **kwargs):
    """A task assigned by the province (default) to post A (lead), created through the service. Classified Mật or
    above it is a register entry (no title; the assigner holds the paper file) unless the test allows content."""
    assigner = assigner or world.province
    level = kwargs.get("classification", 0)
    for name, value in register_fields(assigner, level).items():
        kwargs.setdefault(name, value)
    default_title = "" if is_register_entry(level) else f"Nhiệm vụ thử {next(counter)}"
    task = Task(
        title=kwargs.pop("title", default_title),
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
