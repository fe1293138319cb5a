"""List the classified records that hold content (``core.state_secrets``; docs/security.md).

    manage.py check_state_secrets

One line per record: record type, id, the fields holding content (a file: the record it is attached to), and
"deleted" for a record in the recycle bin (it is still stored). Then, as notes, the classified records whose register
entry does not say which unit holds the paper file, who keeps it and where. Exits with status 1 when any record holds
content, whatever the setting (on a deployment allowed to hold content, the list is what it holds), else 0.
"""

from django.core.management.base import BaseCommand, CommandError

from phoihop.core import state_secrets


class Command(BaseCommand):
    help = "List classified records (Mật or above) that hold content; exit status 1 when there are any."

    def handle(self, *args, **options):
        from django.db import DatabaseError

        try:
            held = list(state_secrets.records_holding_content())
            incomplete = list(state_secrets.incomplete_register_entries())
        except DatabaseError as error:
            raise CommandError(f"The database cannot be read ({error}); run `manage.py migrate` first.") from error
        for model, pk, fields, deleted in held:
            note = " (deleted)" if deleted else ""
            self.stdout.write(f"{model._meta.label}\t{pk}\t{', '.join(fields)}{note}")
        for model, pk, missing in incomplete:
            self.stdout.write(f"note: {model._meta.label}\t{pk}\tregister entry without {', '.join(missing)}")
        allowed = "on" if state_secrets.content_allowed() else "off"
        summary = (
            f"{len(held)} classified record(s) or file(s) hold content; {len(incomplete)} register entr(y/ies) "
            f"incomplete (STATE_SECRET_CONTENT is {allowed})."
        )
        if held:
            self.stderr.write(summary)
            raise CommandError("Classified records hold content: clear it (see docs/security.md).", returncode=1)
        self.stdout.write(summary)
