from phoihop.core.management.daily import DailyJobCommand
from phoihop.work.choices import ReminderKind
from phoihop.work.jobs import send_reminders_job
from phoihop.work.reminders import send_task_reminders


class Command(DailyJobCommand):
    help = (
        "Send the daily deadline reminders and escalations of open tasks, and the reminders of the periodic "
        "figures' reporting deadlines (in-app notifications and e-mails), then the daily e-mail digests. "
        "Each reminder goes out once per task and deadline, so running the command again, or on two servers, "
        "sends nothing twice. django-tasks has no scheduler: run this once a day from cron "
        "(e.g. `15 6 * * * cd /srv/phoihop && .venv/bin/python manage.py send_reminders`) or from a systemd "
        "timer (OnCalendar=*-*-* 06:15, Persistent=true, so a missed day is caught up at boot)."
    )

    job = send_reminders_job

    def run(self, today):
        from phoihop.programs.reminders import send_figure_reminders

        counts = send_task_reminders(today)
        for kind in ReminderKind:
            self.stdout.write(f"{kind.value}: {counts.get(kind.value, 0)}")
        self.stdout.write(self.style.SUCCESS(f"{sum(counts.values())} reminders sent."))
        figures = send_figure_reminders(today)
        for kind, count in figures.items():
            self.stdout.write(f"figures_{kind}: {count}")
        self.stdout.write(self.style.SUCCESS(f"{sum(figures.values())} figure reminders sent."))
        from phoihop.work.reminders import send_digests

        self.stdout.write(self.style.SUCCESS(f"{send_digests()} daily digests sent."))
