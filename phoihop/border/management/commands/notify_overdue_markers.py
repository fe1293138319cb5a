import datetime

from django.core.management.base import BaseCommand, CommandError

from phoihop.border.jobs import notify_overdue_markers_job
from phoihop.border.schedule import notify_overdue_markers


class Command(BaseCommand):
    help = (
        "Notify each border post's reporters of its markers that are overdue for inspection: one notification per "
        "post, each marker once per overdue period, so running the command again, or on two servers, sends "
        "nothing twice. django-tasks has no scheduler: run this once a day from cron "
        "(e.g. `30 6 * * * cd /srv/phoihop && .venv/bin/python manage.py notify_overdue_markers`) or from a "
        "systemd timer (OnCalendar=*-*-* 06:30, Persistent=true, so a missed day is caught up at boot)."
    )

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
            result = notify_overdue_markers_job.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"Queued the overdue markers job {result.id}.")
            return
        counts = notify_overdue_markers(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['markers']} overdue markers of {counts['posts']} posts notified "
                f"({counts['notifications']} notifications)."
            )
        )
