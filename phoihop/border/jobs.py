"""Background jobs of the border registry (django-tasks).

django-tasks runs jobs but does not schedule them: production runs the daily overdue notices from cron or a
systemd timer, either directly (``manage.py notify_overdue_markers``) or by enqueueing this job for the worker
(``manage.py notify_overdue_markers --enqueue``). Running it twice on a day, or on two workers, is harmless: each
marker is claimed once per overdue period (see ``phoihop.border.schedule``).
"""

import datetime

from django_tasks import task

from phoihop.border.schedule import notify_overdue_markers


@task()
def notify_overdue_markers_job(today: str | None = None) -> dict[str, int]:
    """Notify the posts of their markers newly overdue on ``today`` (ISO date; default: the local date)."""
    return notify_overdue_markers(datetime.date.fromisoformat(today) if today else None)
