import datetime

from django.core.management.base import BaseCommand, CommandError

from phoihop.work.choices import ReminderKind
from phoihop.work.jobs import send_reminders_job
from phoihop.work.reminders import send_task_reminders


class Command(BaseCommand):
    help = (
        "Send the daily deadline reminders and escalations of open tasks (in-app notifications and e-mails). "
        "Each reminder goes out once per task and deadline, so running the command again, or on two servers, "
        "sends nothing twice. django-tasks has no scheduler: run this once a day from cron "
        "(e.g. `15 6 * * * cd /srv/phoihop && .venv/bin/python manage.py send_reminders`) or from a systemd "
        "timer (OnCalendar=*-*-* 06:15, Persistent=true, so a missed day is caught up at boot)."
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
            result = send_reminders_job.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"Queued the reminders job {result.id}.")
            return
        counts = send_task_reminders(today)
        for kind in ReminderKind:
            self.stdout.write(f"{kind.value}: {counts.get(kind.value, 0)}")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} reminders sent."))
