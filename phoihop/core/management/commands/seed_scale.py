"""A national-scale benchmark dataset in an empty, migrated database: ``manage.py seed_scale --factor 1``.

The generator is ``phoihop.core.scale`` (what it writes, how and why are described there).
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connection
from django.utils import timezone

from phoihop.core import scale
from phoihop.orgs.models import Organisation


def day(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with a deterministic national-scale dataset for benchmarks. At --factor 1: "
        "25 border provinces under the Party Central Office and the Border Guard High Command (~2,050 "
        "organisations), 5,000 users, 5,000 markers, 1,000,000 patrols, 500,000 inspections, 200,000 tasks "
        "(~490,000 units, ~1,110,000 progress reports) and ~99,000 periodic figures; every count scales with "
        "--factor. Usernames: scale.admin (superuser); vptw.admin, bdbp.admin, vptw.viewer, bdbp.viewer (the "
        "national roots); p<NN>.<unit>.<role>[<n>] with NN the province 01…25, unit tu, vptu, ban<k>, hu<k>, "
        "xa<kk>, dubp, bch, phong<k>, post<kk> or post<kk>.cell, role viewer, reporter, approver or admin and n "
        f"from 2 for a second holder (e.g. p05.post03.reporter2). Password for all: {scale.PASSWORD}."
    )

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=float, default=1.0, help="Scale of every count (default 1: national).")
        parser.add_argument("--seed", type=int, default=scale.DEFAULT_SEED, help="Random seed (default %(default)s).")
        parser.add_argument(
            "--end",
            type=day,
            default=scale.DEFAULT_END,
            help="The dataset's last day (default %(default)s; fixed, so that a seed always gives the same data).",
        )
        parser.add_argument(
            "--years", type=int, default=scale.DEFAULT_YEARS, help="Years of history up to --end (default 5)."
        )
        parser.add_argument("--batch", type=int, default=20000, help="Rows per COPY / executemany (default 20000).")
        parser.add_argument(
            "--force", action="store_true", help="Run even though the database already has organisations."
        )

    def handle(self, *args, factor, seed, end, years, batch, force, **options):
        if not 0 < factor <= 10:
            raise CommandError("--factor must be greater than 0 and at most 10.")
        if years < 1:
            raise CommandError("--years must be at least 1.")
        if end > timezone.localdate():
            raise CommandError("--end lies in the future: records of things that happened cannot be dated after today.")
        if connection.vendor not in ("postgresql", "sqlite"):
            raise CommandError(f"seed_scale supports PostgreSQL and SQLite, not {connection.vendor}.")
        if Organisation.all_objects.exists() and not force:
            raise CommandError(
                "The database already has organisations: seed_scale is for an empty, migrated database. "
                "Use --force to add the dataset anyway."
            )
        started = time.monotonic()

        def log(message):
            self.stdout.write(f"[{time.monotonic() - started:6.1f} s] {message}")

        plan = scale.Plan(factor)
        log(
            f"factor {factor}, seed {seed}, {plan.provinces} province(s), {years} year(s) to {end:%d/%m/%Y}, "
            f"{connection.vendor}"
        )
        try:
            generator = scale.generate(factor=factor, seed=seed, end=end, years=years, batch=batch, log=log)
        except IntegrityError as exc:
            raise CommandError(f"The dataset collides with records already in the database: {exc}") from exc
        written = time.monotonic() - started
        scale.analyze()
        log(f"committed in {written:.1f} s; ANALYZE done")

        self.stdout.write("")
        width = max(len(table) for table in generator.stats)
        for table, count in generator.stats.items():
            self.stdout.write(f"{table:<{width}}  {count:>10,}")
        self.stdout.write(f"{'total':<{width}}  {sum(generator.stats.values()):>10,}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Accounts — password for all: {scale.PASSWORD}"))
        for username, scope in scale.example_accounts():
            self.stdout.write(f"  {username:<22} {scope}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
