from phoihop.border.jobs import notify_overdue_markers_job
from phoihop.border.schedule import notify_overdue_markers
from phoihop.core.management.daily import DailyJobCommand


class Command(DailyJobCommand):
    help = (
        "Notify each border post's reporters of its markers that are overdue for inspection: one notification per "
        "post, each marker once per overdue period, so running the command again, or on two servers, sends "
        "nothing twice. django-tasks has no scheduler: run this once a day from cron "
        "(e.g. `30 6 * * * cd /srv/phoihop && .venv/bin/python manage.py notify_overdue_markers`) or from a "
        "systemd timer (OnCalendar=*-*-* 06:30, Persistent=true, so a missed day is caught up at boot)."
    )

    job = notify_overdue_markers_job

    def run(self, today):
        counts = notify_overdue_markers(today)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts['markers']} overdue markers of {counts['posts']} posts notified "
                f"({counts['notifications']} notifications)."
            )
        )
