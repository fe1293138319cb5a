"""Base of the daily-job commands (reminders, overdue markers): run now, or queue for the worker."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class DailyJobCommand(BaseCommand):
    """Subclasses set ``job`` (a django-tasks task taking an ISO date or None) and implement ``run(today)``."""

    job = None

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this day (dd/mm/yyyy), for testing; default: today's local date."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the job for the django-tasks worker instead of running it in this process.",
        )

    def handle(self, *args, date=None, enqueue=False, **options):
        today = None
        if date:
            try:
                today = datetime.datetime.strptime(date, "%d/%m/%Y").date()
            except ValueError:
                raise CommandError(f"--date must be dd/mm/yyyy, not {date!r}.") from None
        if enqueue:
            result = self.job.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"Queued {self.job.name} ({result.id}).")
            return
        self.run(today)

    def run(self, today):
        raise NotImplementedError
