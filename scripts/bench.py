"""Benchmarks: prints figures, asserts nothing. Runs on a throw-away SQLite database (or DATABASE_URL).

.venv/bin/python scripts/bench.py [--orgs 2000]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("PHOIHOP_VAR_DIR", tempfile.mkdtemp(prefix="phoihop-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402


def timed(fn, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--import-rows", type=int, default=2000, help="rows of the marker import benchmark")
    parser.add_argument(
        "--skip-reports", action="store_true", help="skip the report generation timing (it loads the demo data first)"
    )
    parser.add_argument("--skip-pdf", action="store_true", help="skip the PDF conversion timing")
    parser.add_argument(
        "--report-scale", type=int, default=10, help="the report timing is repeated on the demo data × this factor"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from phoihop.core.testing.world import build_world
    from phoihop.orgs.models import Organisation

    world = build_world()
    start = time.perf_counter()
    parent = world.a
    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Đơn vị {i}",
                code=f"B-{i}",
                kind=world.kind,
                parent=parent,
                path=f"{parent.path}b{i}/",
                search_text=f"don vi {i}",
            )
            for i in range(args.orgs)
        ]
    )
    print(f"created {args.orgs} organisations in {time.perf_counter() - start:.2f} s")
    import datetime

    from phoihop.work.models import Task, TaskUnit

    start = time.perf_counter()
    today = datetime.date.today()
    tasks = Task.objects.bulk_create(
        [
            Task(
                title=f"Nhiệm vụ {i}",
                assigned_by_org=world.province,
                deadline=today + datetime.timedelta(days=i % 60 - 20),
                deadline_in_force=today + datetime.timedelta(days=i % 60 - 20),
                search_text=f"nhiem vu {i}",
            )
            for i in range(args.tasks)
        ]
    )
    TaskUnit.objects.bulk_create([TaskUnit(task=t, organisation=world.a, role="lead") for t in tasks])
    print(f"created {args.tasks} tasks in {time.perf_counter() - start:.2f} s")
    client = Client()
    client.force_login(world.a_viewer)
    for label, url in [
        ("organisation list (25 rows)", "/orgs/organisations/"),
        ("organisation list (100 rows)", "/orgs/organisations/?per_page=100"),
        ("search 'don vi 1'", "/orgs/organisations/?q=don+vi+1"),
        ("API list", "/api/orgs/organisations/"),
        ("home counts", "/"),
        ("task list (25 rows)", "/work/tasks/"),
        ("task list, overdue filter", "/work/tasks/?overdue=true"),
        ("inbox", "/work/inbox/"),
        ("statistics", "/work/statistics/"),
        ("calendar (month)", "/work/calendar/"),
        ("export xlsx (all)", "/orgs/organisations/?export=xlsx"),
    ]:
        client.get(url)  # warm up
        median, best = timed(lambda url=url: client.get(url), repeat=3 if "export" in label else 5)
        print(f"{label:32s} median {median:8.1f} ms   best {best:8.1f} ms")
    from phoihop.core.access import restrict

    median, best = timed(lambda: list(restrict(Organisation.objects.all(), world.a_viewer)[:50]))
    print(f"{'access gate, 50 rows':32s} median {median:8.1f} ms   best {best:8.1f} ms")
    bench_import(world, args.import_rows)
    docx = None
    if not args.skip_reports:
        docx = bench_reports()
        if args.report_scale > 1:
            multiply_demo(args.report_scale)
            bench_reports(seed=False, label=f" ×{args.report_scale}")
    if not args.skip_pdf:
        bench_pdf(docx)


def bench_import(world, rows):
    """The marker import's two passes (the preview's dry run, then the import) on ``rows`` new VN-2000 rows,
    through the code the background jobs run; prints the time per row of each pass."""
    import tablib

    from phoihop.border.resources import MarkerResource
    from phoihop.core.importexport import run_import

    headers = ["number", "kind", "x", "y", "elevation", "commune", "post", "note"]
    dataset = tablib.Dataset(headers=headers)
    for i in range(rows):
        number = f"{1000 + i // 99}/{i % 99 + 1}"
        dataset.append([number, "", 2414000 + (i % 100) * 100, 470000 + (i // 100) * 100, "", "", "T-A", ""])
    for label, dry_run in (("preview (dry run)", True), ("import", False)):
        resource = MarkerResource(user=world.a_reporter, grid="EPSG:9215")
        start = time.perf_counter()
        _result, errors = run_import(resource, dataset, dry_run=dry_run)
        elapsed = time.perf_counter() - start
        if errors:
            print(f"marker import {label}: {len(errors)} errors, first {errors[0]}")
            return
        print(f"marker import, {label:18s} {rows} rows in {elapsed:6.1f} s   {elapsed / rows * 1000:6.2f} ms/row")


def multiply_demo(factor):
    """The demo's activity records copied until there are ``factor`` times as many (tasks with their units,
    outreach sessions, marker inspections, patrols, holiday visits), for the report timing at a larger size."""
    from phoihop.border.models import Inspection, Patrol
    from phoihop.movements.models import HolidayVisit
    from phoihop.work.models import OutreachSession, Task, TaskUnit

    start = time.perf_counter()
    counts = {}
    tasks = list(Task.objects.all())
    units = {}
    for unit in TaskUnit.objects.all():
        units.setdefault(unit.task_id, []).append(unit)
    for _copy in range(factor - 1):
        copies = []
        for task in tasks:
            original = task.pk
            task.pk = task.id = None
            task.previous_occurrence_id = None  # one-to-one: a copy continues no series
            copies.append((original, task))
        Task.objects.bulk_create([task for _original, task in copies])
        new_units = []
        for original, task in copies:
            for unit in units.get(original, []):
                new_units.append(TaskUnit(task=task, organisation_id=unit.organisation_id, role=unit.role))
        TaskUnit.objects.bulk_create(new_units)
        for task, (original, _copy_task) in zip(tasks, copies, strict=True):
            task.pk = task.id = original
    counts["tasks"] = Task.objects.count()
    for model in (OutreachSession, Inspection, Patrol, HolidayVisit):
        rows = list(model.objects.all())
        for _copy in range(factor - 1):
            for row in rows:
                row.pk = row.id = None
                for field in model._meta.concrete_fields:
                    if field.one_to_one:
                        setattr(row, field.attname, None)
            model.objects.bulk_create(rows)
        counts[model._meta.verbose_name_plural] = model.objects.count()
    listed = "; ".join(f"{count:,}".replace(",", ".") + f" {name}" for name, count in counts.items())
    print(f"multiplied the demo data ×{factor} in {time.perf_counter() - start:.1f} s: {listed}")


def bench_reports(repeat=3, seed=True, label=""):
    """Report generation on the demo data (seed_demo), through the job's own code path; returns the .docx of the
    province's yearly report."""
    import io

    from django.utils import timezone

    from phoihop.accounts.models import User
    from phoihop.orgs.models import Agreement, Organisation
    from phoihop.reports import formats
    from phoihop.reports.services import report_generate, report_request

    if seed:
        start = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())
        print(f"loaded the demo data (seed_demo) in {time.perf_counter() - start:.1f} s")
    user = User.objects.get(username="tinhuy.admin")
    agreement = Agreement.objects.filter(owner__code="TU-LS", status="in_force").order_by("-valid_from").first()
    cases = [
        ("yearly report, Tỉnh ủy (TU-LS)", {"organisation": "TU-LS", "template": "yearly"}),
        ("yearly report, Đảng ủy BĐBP", {"organisation": "DU-BDBP", "template": "yearly", "user": "bdbp.admin"}),
        (
            "agreement review, Tỉnh ủy",
            {"organisation": "TU-LS", "template": "agreement_review", "agreement": agreement},
        ),
    ]
    pdf = "with PDF" if formats.pdf_available() else "no PDF (LibreOffice not installed)"
    docx = None
    for name, params in cases:
        params = dict(params)
        acting = User.objects.get(username=params.pop("user")) if "user" in params else user
        organisation = Organisation.objects.get(code=params.pop("organisation"))
        samples, last = [], None
        for _ in range(repeat):
            report = report_request(
                acting_user=acting,
                organisation=organisation,
                reference_date=timezone.localdate(),
                enqueue=False,
                **params,
            )
            began = time.perf_counter()
            report_generate(report.pk)
            samples.append((time.perf_counter() - began) * 1000)
            report.refresh_from_db()
            last = report
        sections = len(last.snapshot.get("sections", []))
        print(
            f"{name + label:32s} median {statistics.median(samples):8.1f} ms   best {min(samples):8.1f} ms   "
            f"({last.status}, {sections} sections, {pdf})"
        )
        if docx is None and last.docx:
            with last.docx.open("rb") as handle:
                docx = handle.read()
    return docx


def bench_pdf(docx=None, repeat=5):
    """PDF conversion of a report's .docx (the province's yearly report, or the layout tests' document): the first
    one, which starts this process's LibreOffice, the mean of the next ``repeat``, and a one-shot
    ``soffice --convert-to`` for comparison."""
    from phoihop.reports.formats import pdf, render_docx

    if not pdf.pdf_available():
        print("PDF conversion: skipped (LibreOffice is not installed: no soffice on the PATH)")
        return
    if docx is None:
        from phoihop.reports.tests.test_formats import make_document

        docx = render_docx(make_document("party"))
    pdf.shutdown_office()  # the report generation above started one: time a first conversion from scratch
    mode = "long-lived LibreOffice" if pdf.office_server() else "no python3-uno: a one-shot soffice each time"

    def convert():
        began = time.perf_counter()
        pdf.render_pdf(docx)
        return time.perf_counter() - began

    first = convert()
    samples = [convert() for _ in range(repeat)]
    print(f"{'PDF conversion, first':32s} {first:8.2f} s   ({mode}, .docx of {len(docx) // 1024} KiB)")
    print(
        f"{f'PDF conversion, next {repeat} (mean)':32s} {statistics.mean(samples):8.2f} s   "
        f"best {min(samples):6.2f} s   worst {max(samples):6.2f} s"
    )
    with tempfile.TemporaryDirectory(prefix="phoihop-bench-pdf-") as tmp:
        source = Path(tmp) / "report.docx"
        source.write_bytes(docx)
        began = time.perf_counter()
        pdf.convert_once(pdf.soffice(), source)
        print(f"{'PDF conversion, one-shot soffice':32s} {time.perf_counter() - began:8.2f} s")
    pdf.shutdown_office()


if __name__ == "__main__":
    main()
