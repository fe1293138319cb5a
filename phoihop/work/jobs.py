"""Background jobs of the work app (django-tasks).

django-tasks runs jobs but does not schedule them: production runs the daily reminders from cron or a systemd
timer, either directly (``manage.py send_reminders``) or by enqueueing this job for the worker
(``manage.py send_reminders --enqueue``). Running it twice on a day, or on two workers, is harmless: each
reminder is claimed exactly once (see ``phoihop.work.reminders``).
"""

import datetime

from django_tasks import task

from phoihop.work.reminders import send_task_reminders


@task()
def send_reminders_job(today: str | None = None) -> dict[str, int]:
    """Send the task reminders and the periodic figures' reminders due on ``today`` (ISO date; default: the
    local date), then the daily e-mail digests; {kind: tasks reminded, "figures_<kind>": figure reminders,
    "digests": digest e-mails}."""
    from phoihop.programs.reminders import send_figure_reminders

    day = datetime.date.fromisoformat(today) if today else None
    counts = send_task_reminders(day)
    counts.update({f"figures_{kind}": count for kind, count in send_figure_reminders(day).items()})
    from phoihop.work.reminders import send_digests

    counts["digests"] = send_digests()
    return counts
