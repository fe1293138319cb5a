"""Background jobs of the reports app (django-tasks). A job receives ids, never objects, and acts for the user who
requested the report: the figures are computed through ``restrict(report.generated_by, …)``, as a page would."""

from django_tasks import task


@task()
def generate_report(report_id: int) -> str:
    """Generate a queued report (sections, .docx, .xlsx, .pdf when available); returns its final status."""
    from phoihop.reports.services import report_generate

    return report_generate(report_id)


@task()
def render_report_pdf(report_id: int) -> str:
    """The PDF of a report laid out again after its drafter wrote paragraphs; returns the PDF state."""
    from phoihop.reports.services import report_render_pdf

    return report_render_pdf(report_id)
