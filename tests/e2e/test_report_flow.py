"""The review-report flow of issue 6 in a real browser: the province's admin opens "new report", picks the province
and the yearly template and submits; the report waits in the database queue (the page shows it queued), a
``db_worker`` batch picks it up in a background thread, and the page's htmx-polled progress bar goes from queued to
running to done by itself and reloads to offer the downloads. The .docx is downloaded and read back with
python-docx: the Party header blocks (Hướng dẫn 36-HD/VPTW), the number without a colon, the place and date line,
A4 with the prescribed margins, Times New Roman, and a figure equal to what the database holds. A border post's user
gets 404 on the province's report and its file."""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from docx import Document
from docx.oxml.ns import qn
from playwright.sync_api import expect

from phoihop.reports import services
from phoihop.reports.compose import place_of
from phoihop.reports.models import Report, ReportStatus, ReportTemplate
from phoihop.work.choices import TaskStatus, UnitRole
from phoihop.work.models import TaskUnit
from phoihop.work.tests.factories import make_task
from tests.e2e.helpers import pick

FONT = "Times New Roman"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WAIT_SECONDS = 30


def vi(message):
    """The text in the report's language (Vietnamese), as the page and the document show it."""
    with translation.override("vi"):
        return gettext(message) if isinstance(message, str) else str(message)


class BatchWorker(threading.Thread):
    """``manage.py db_worker --batch --no-startup-delay`` in a background thread: it runs the queued jobs, then stops.
    (The management command itself installs signal handlers, which only the main thread may do, so the thread runs
    the command's ``Worker`` with the options the command would give it.) On an in-memory SQLite test database the
    thread uses the test's connection, exactly as the live server's threads do."""

    def __init__(self):
        super().__init__(name="db_worker-batch", daemon=True)
        self.error = None
        self.shared = {
            conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in self.shared.values():
            conn.inc_thread_sharing()

    def run(self):
        for alias, conn in self.shared.items():
            connections[alias] = conn
        try:
            Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="e2e-report-flow",
                excluded_queue_names=[],
            ).run()
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            connections.close_all()  # a no-op for the shared in-memory connection

    def finish(self):
        self.join(WAIT_SECONDS)
        for conn in self.shared.values():
            conn.dec_thread_sharing()
        assert not self.is_alive(), "the db_worker batch did not stop"
        assert self.error is None, f"the db_worker batch failed: {self.error!r}"


class PauseAtFirstProgress:
    """Wraps ``services._set_progress``: after the first section's progress is stored the generation waits until
    the test has seen that state in the browser, so the running state is observed deterministically."""

    def __init__(self, original):
        self.original = original
        self.values = []
        self.reached = threading.Event()
        self.resume = threading.Event()

    def __call__(self, report_id, progress):
        self.original(report_id, progress)
        self.values.append(progress)
        if 0 < progress < 100 and not self.reached.is_set():
            self.reached.set()
            self.resume.wait(WAIT_SECONDS)


def vietnamese_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": a leading zero on days below 10 and on the months January and February."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def cell_lines(cell) -> list[str]:
    return [p.text.strip() for p in cell.paragraphs if p.text.strip()]


def is_bold(cell, text) -> bool:
    runs = [run for p in cell.paragraphs if p.text.strip() == text for run in p.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def all_runs(document):
    for paragraph in document.paragraphs:
        yield from paragraph.runs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    yield from paragraph.runs


def table_rows(table) -> list[list[str]]:
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


@pytest.mark.e2e
def test_review_report_progress_and_official_docx(browsing, world, login, settings, monkeypatch, tmp_path):
    settings.TASKS = DB_TASKS  # queued in the database and run by a worker, as in `make demo`
    world.kind.is_party_body = True  # the province is a Party committee: the Party format applies
    world.kind.abbreviation = "TU"
    world.kind.save()
    today = timezone.localdate()
    year = today.year
    for lead, deadline in [
        (world.a, datetime.date(year, 3, 10)),
        (world.a, datetime.date(year, 6, 20)),
        (world.a, datetime.date(year, 9, 5)),
        (world.b, datetime.date(year, 11, 15)),
        (world.a, datetime.date(year - 1, 5, 5)),  # the same period last year: not counted in this year's figures
    ]:
        make_task(world, lead=lead, deadline=deadline)
    pause = PauseAtFirstProgress(services._set_progress)
    monkeypatch.setattr(services, "_set_progress", pause)

    page = browsing.new_page()
    login(page, world.p_admin)

    # --- 1. "new report": the province, the yearly template
    page.goto("/reports/reports/")
    with page.expect_navigation():
        page.get_by_test_id("add").click()
    form = page.get_by_test_id("report-form")
    pick(form, "organisation", "tinh uy", world.province.name)
    form.locator("select[name=template]").select_option(ReportTemplate.YEARLY.value)
    # dated the last day of the year, the yearly report covers the whole year (never a day after its date line)
    form.locator("input[name=issued_on]").fill(f"31/12/{year}")
    with page.expect_navigation() as navigation:
        form.get_by_test_id("generate").click()
    assert navigation.value.status == 200
    report = Report.objects.get(organisation=world.province)
    assert page.url.endswith(f"/reports/reports/{report.pk}/")
    assert (report.template, report.period_start, report.period_end) == (
        ReportTemplate.YEARLY,
        datetime.date(year, 1, 1),
        datetime.date(year, 12, 31),
    )

    # --- 2. queued: nothing has run it yet; the job waits in the database queue
    progress = page.get_by_test_id("report-progress")
    bar = page.get_by_test_id("report-progress-bar")
    expect(progress).to_have_attribute("data-status", ReportStatus.QUEUED.value)
    expect(page.get_by_test_id("report-status")).to_have_text(vi(ReportStatus.QUEUED.label))
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(page.get_by_test_id("download-docx")).to_have_count(0)
    job = DBTaskResult.objects.get()
    assert job.task_path == "phoihop.reports.jobs.generate_report" and job.status == "READY"
    page.evaluate("window.__notReloaded = true")  # gone once the page reloads itself

    # --- 3. the worker runs the job; the page follows the progress without a manual reload
    worker = BatchWorker()
    worker.start()
    try:
        reached = pause.reached.wait(WAIT_SECONDS)
        assert reached, f"the generation never reported progress: {Report.objects.get(pk=report.pk).error}"
        expect(progress).to_have_attribute("data-status", ReportStatus.RUNNING.value)
        expect(page.get_by_test_id("report-status")).to_have_text(vi(ReportStatus.RUNNING.label))
        expect(bar).to_have_attribute("aria-valuenow", str(pause.values[0]))
        assert page.evaluate("window.__notReloaded") is True  # updated in place by htmx
    finally:
        pause.resume.set()
    expect(progress).to_have_attribute("data-status", ReportStatus.DONE.value, timeout=WAIT_SECONDS * 1000)
    worker.finish()
    expect(bar).to_have_attribute("aria-valuenow", "100")
    expect(bar).to_have_text("100%")
    expect(page.get_by_test_id("report-status")).to_have_text(vi(ReportStatus.DONE.label))
    expect(page.get_by_test_id("figures").locator("[data-section=tasks]")).to_be_visible()
    assert page.evaluate("window.__notReloaded") is None  # the page reloaded itself when the report was done
    assert pause.values == sorted(pause.values) and pause.values[-1] < 100
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.DONE, 100)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    # --- 4. download the .docx
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".docx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    document = Document(str(path))

    # the Party header (Hướng dẫn 36-HD/VPTW): left the issuing body with "*", right the Party's name
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert cell_lines(right)[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert is_bold(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    issuing = world.province.name.upper()
    # a provincial Party committee prints its own name on one line, with no superior line (36-HD)
    assert cell_lines(left) == [issuing, "*"]
    assert is_bold(left, issuing)
    # the number from the register, "Số 1-BC/TU" without a colon; the place and date line
    number_cell, date_cell = header.rows[1].cells
    assert report.number == "1-BC/TU"
    assert cell_lines(number_cell) == [f"Số {report.number}"]
    assert ":" not in number_cell.text
    assert cell_lines(date_cell) == [f"{place_of(world.province)}, {vietnamese_date(report.issued_on)}"]
    assert report.issued_on == datetime.date(year, 12, 31)

    # A4, margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.1 and abs(section.page_height.mm - 297) < 0.1
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20

    # Times New Roman throughout, 13–14 pt body
    normal = document.styles["Normal"]
    assert normal.font.name == FONT and 13 <= normal.font.size.pt <= 14
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
    assert {run.font.name for run in all_runs(document)} <= {None, FONT}

    # a figure equal to the database: tasks due in the period, by lead unit, in the annex
    headers = [vi(text) for text in ("Lead unit", "Tasks due", "Completed", "On time", "Late", "Overdue")]
    annex = [t for t in document.tables if table_rows(t) and table_rows(t)[0][: len(headers)] == headers]
    assert len(annex) == 1, "the annex table of the tasks section is missing"
    rows = {row[0]: row[1] for row in table_rows(annex[0])[1:]}
    due = TaskUnit.objects.filter(
        role=UnitRole.LEAD,
        task__deadline_in_force__range=(report.period_start, report.period_end),
        task__deleted_at__isnull=True,
    ).exclude(task__status=TaskStatus.CANCELLED)
    expected = {
        world.a.name: due.filter(organisation=world.a).count(),
        world.b.name: due.filter(organisation=world.b).count(),
    }
    assert expected == {world.a.name: 3, world.b.name: 1}
    assert {name: int(rows[name]) for name in expected} == expected
    assert rows[vi("Total")] == str(due.count()) == "4"
    # … and in the prose of the tasks section ("Trong kỳ, có 4 nhiệm vụ đến hạn thực hiện, …")
    opening = vi("In the period, %(total)s tasks fell due, %(change)s.").split("%(total)s")[0]
    body = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"{opening}{due.count()} " in body

    # --- 5. the review page lists what the drafter must write; a written paragraph comes out in the .docx
    drafts = page.get_by_test_id("drafts")
    expect(drafts).to_be_visible()
    lessons = drafts.locator("[data-placeholder=lessons]")
    expect(lessons).to_have_attribute("data-filled", "false")
    left_before = int(page.get_by_test_id("drafts-left").get_attribute("data-count"))
    assert left_before > 1
    placeholder = vi("[To be completed by the drafter: %(what)s]").split("%(what)s")[0]
    assert placeholder in body  # "[Đồng chí soạn thảo bổ sung: …" highlighted in the first download
    lesson = "Duy trì giao ban định kỳ hằng quý giữa các bên (minh họa)."
    lessons.locator("textarea").fill(lesson)
    with page.expect_navigation():
        page.get_by_test_id("save-drafts").click()
    expect(page.get_by_test_id("drafts").locator("[data-placeholder=lessons]")).to_have_attribute("data-filled", "true")
    expect(page.get_by_test_id("drafts-left")).to_have_attribute("data-count", str(left_before - 1))
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    second = tmp_path / "second.docx"
    download_info.value.save_as(second)
    assert lesson in "\n".join(p.text for p in Document(str(second)).paragraphs)

    # --- 6. a border post's user does not see the province's report at all
    outsider = browsing.new_page()
    login(outsider, world.a_viewer)
    assert outsider.goto(f"/reports/reports/{report.pk}/").status == 404
    assert outsider.request.get(report.download_url("docx")).status == 404
    assert outsider.request.get(f"/reports/reports/{report.pk}/progress/").status == 404
