"""Requesting, regenerating and generating reports.

* :func:`report_request` validates the parameters, takes the number from the issuing organisation's register (once
  per series), creates the report "queued" and enqueues the generation job after the transaction commits.
* :func:`report_regenerate` makes a new edition of a report: same series, number and parameters, generated for the
  acting user; the old edition is never touched.
* :func:`report_generate` is the job's body. It computes every applicable section's figures for the generating user
  (``ReportContext``: the issuing organisation's subtree, or the parties of the agreement for its review), saves the
  progress after each section (only the status/progress columns, so the page's progress bar sees it), lays the
  document out (.docx, .xlsx, and .pdf when LibreOffice is installed), stores the files and a snapshot of the
  figures. Any error marks the report failed with a message in the report's language, never an error page.

**Classification of a report.** The figures are those the generating user may count, so they may include classified
records. A report is classified at the highest level of what its sections could have counted: for every classified
record type a section read through ``ctx.scoped(...)``, the highest classification among the records of the scope the
gate let the user count, and any ``figures["classification"]`` a section reports itself. The level can never exceed
the generating user's clearance (the gate never shows them more). Until the generation has finished (and when it
failed) the report is classified at the user's clearance. The access gate then hides the report — page, files and
API — from users of lower clearance. Sections must therefore read records through ``ctx.scoped`` (or report their
level in ``figures["classification"]``).
"""

from __future__ import annotations

import datetime
import json
import logging
import time
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phoihop.core.access import allowed_organisations, can, classification_path, restrict
from phoihop.core.choices import Action, Role
from phoihop.core.db_routers import reading_from_replica
from phoihop.core.text import fold
from phoihop.reports.document import NOT_A_TITLE
from phoihop.reports.models import FILE_FORMATS, Report, ReportStatus, ReportTemplate
from phoihop.reports.registers import register_take_number
from phoihop.reports.sections import ReportContext, all_sections

logger = logging.getLogger(__name__)

REPORT_TYPE_CODE = "BC"
#: share of the progress bar taken by the sections; the rest is the layout of the files
SECTIONS_SHARE = 90


class GenerationError(Exception):
    """A step of the generation failed; ``message`` is shown to the user."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


# --- periods ----------------------------------------------------------------------------------------------------


def _month_end(year, month) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def period_for(template, reference: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of a periodic template containing ``reference``."""
    year = reference.year
    if template == ReportTemplate.MONTHLY:
        return reference.replace(day=1), _month_end(year, reference.month)
    if template == ReportTemplate.QUARTERLY:
        first = 3 * ((reference.month - 1) // 3) + 1
        return datetime.date(year, first, 1), _month_end(year, first + 2)
    if template == ReportTemplate.HALF_YEAR:
        if reference.month <= 6:
            return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    if template == ReportTemplate.YEARLY:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise ValueError(template)


PERIODIC_TEMPLATES = (ReportTemplate.MONTHLY, ReportTemplate.QUARTERLY, ReportTemplate.HALF_YEAR, ReportTemplate.YEARLY)


def default_periodic_period(template, issued_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period a periodic report dated ``issued_on`` covers when no reference date is given: the current period,
    up to the date line, when the report is made in its last month (from the 15th for a monthly report: the usual
    time of a "báo cáo tháng", "báo cáo năm" in December); otherwise the last complete period before the date."""
    start, end = period_for(template, issued_on)
    if template == ReportTemplate.MONTHLY:
        closing = issued_on.day >= 15
    else:
        closing = issued_on.month == end.month
    if closing:
        return start, min(end, issued_on)
    return period_for(template, start - datetime.timedelta(days=1))


def derive_period(
    template,
    *,
    reference_date=None,
    period_start=None,
    period_end=None,
    agreement=None,
    today=None,
    issued_on=None,
) -> tuple[datetime.date, datetime.date]:
    """(start, end) of a report; raises a field-level ``ValidationError``. The period never ends after the date
    line (``issued_on``, default today): a default end stops there, an explicit later end is refused."""
    issued_on = issued_on or today or timezone.localdate()
    if period_end is not None and period_end > issued_on:
        raise ValidationError(
            {
                "period_end": _("The period must not end after the date of issue (%(date)s).")
                % {"date": f"{issued_on:%d/%m/%Y}"}
            }
        )
    if template == ReportTemplate.CUSTOM:
        errors = {}
        if period_start is None:
            errors["period_start"] = _("Enter the first day of the period (dd/mm/yyyy).")
        if period_end is None:
            errors["period_end"] = _("Enter the last day of the period (dd/mm/yyyy).")
        if errors:
            raise ValidationError(errors)
        start, end = period_start, period_end
    elif template == ReportTemplate.AGREEMENT_REVIEW:
        if agreement is None:
            raise ValidationError({"agreement": _("Choose the agreement to review.")})
        start = period_start or agreement.valid_from or agreement.signed_on
        if start is None:
            raise ValidationError(
                {"period_start": _("The agreement has no start date: enter the first day of the period.")}
            )
        end = period_end or (min(agreement.valid_to, issued_on) if agreement.valid_to else issued_on)
    elif reference_date or period_start:
        start, end = period_for(template, reference_date or period_start)
        end = min(end, issued_on)
    else:
        start, end = default_periodic_period(template, issued_on)
    if end < start:
        if start > issued_on:
            field = "reference_date" if template in PERIODIC_TEMPLATES else "period_start"
            raise ValidationError(
                {
                    field: _("The period must not start after the date of issue (%(date)s).")
                    % {"date": f"{issued_on:%d/%m/%Y}"}
                }
            )
        raise ValidationError({"period_end": _("The end of the period must not be before its start.")})
    return start, end


# --- defaults ---------------------------------------------------------------------------------------------------


def default_signature(organisation) -> tuple[str, str]:
    """(on behalf of, title) of the signature block: the last report of the organisation, else by kind. A state body
    has no usual title: it is left empty (the report is then not ready to sign, and the .docx says so) rather than
    filled with a title nobody holds."""
    last = (
        Report.objects.filter(organisation=organisation)
        .exclude(signer_title="")
        .exclude(signer_title__in=NOT_A_TITLE)
        .order_by("-created_at", "-pk")
        .values_list("signer_on_behalf", "signer_title")
        .first()
    )
    if last:
        return last
    if organisation.kind.is_party_body:
        if organisation.name.startswith("Chi bộ"):
            return "T/M CHI BỘ", "BÍ THƯ"
        return "T/M BAN THƯỜNG VỤ", "BÍ THƯ"
    return "", ""


def default_recipients(organisation, agreement=None) -> str:
    """One per line: the organisation above (b/c: "to report to") and, for the review of an agreement, the other
    parties."""
    lines = []
    if organisation.parent_id:
        lines.append(f"{organisation.parent.name} (b/c)")
    if agreement is not None:
        lines += [party.name for party in agreement.parties.all().order_by("path") if party.pk != organisation.pk]
    return "\n".join(lines)


# --- requests ---------------------------------------------------------------------------------------------------


def may_report_for(user, organisation) -> bool:
    return allowed_organisations(user, Role.REPORTER).filter(pk=organisation.pk).exists()


def _check_agreement(user, organisation, agreement):
    from phoihop.orgs.models import Agreement

    if not restrict(Agreement.objects.filter(pk=agreement.pk), user, Action.VIEW).exists():
        raise ValidationError({"agreement": _("Choose an agreement you may see.")})
    related = [agreement.owner, *agreement.parties.all()]
    if not any(org.path.startswith(organisation.path) for org in related):
        raise ValidationError(
            {"agreement": _("The issuing organisation is not a party to this agreement (nor above one).")}
        )


def report_request(
    *,
    acting_user,
    organisation,
    template,
    period_start=None,
    period_end=None,
    agreement=None,
    reference_date=None,
    issued_on=None,
    title="",
    signer_on_behalf=None,
    signer_title=None,
    signer_name="",
    recipients=None,
    language="vi",
    enqueue=True,
) -> Report:
    """Create a queued report of ``organisation`` and (after commit) enqueue its generation."""
    if organisation is None or not may_report_for(acting_user, organisation):
        raise ValidationError({"organisation": _("You may not issue reports for this organisation.")})
    if template not in ReportTemplate.values:
        raise ValidationError({"template": _("Choose a report template.")})
    if template == ReportTemplate.AGREEMENT_REVIEW:
        if agreement is None:
            raise ValidationError({"agreement": _("Choose the agreement to review.")})
        _check_agreement(acting_user, organisation, agreement)
    else:
        agreement = None
    issued_on = issued_on or timezone.localdate()
    start, end = derive_period(
        template,
        reference_date=reference_date,
        period_start=period_start,
        period_end=period_end,
        agreement=agreement,
        issued_on=issued_on,
    )
    default_on_behalf, default_title_text = default_signature(organisation)
    report = Report(
        organisation=organisation,
        template=template,
        period_start=start,
        period_end=end,
        agreement=agreement,
        issued_on=issued_on,
        signer_on_behalf=default_on_behalf if signer_on_behalf is None else signer_on_behalf,
        signer_title=default_title_text if signer_title is None else signer_title,
        signer_name=signer_name or "",
        recipients=default_recipients(organisation, agreement) if recipients is None else recipients,
        language=language or "vi",
        generated_by=acting_user,
        classification=acting_user.clearance,
    )
    if not (title or "").strip():
        from phoihop.reports.compose import default_title

        with translation.override(report.language):
            title = default_title(report)
    report.title = title.strip()[:500]
    with transaction.atomic():
        report.number = register_take_number(organisation=organisation, type_code=REPORT_TYPE_CODE, on_date=issued_on)
        _save_new(acting_user, report)
        if enqueue:
            transaction.on_commit(partial(enqueue_generation, report.pk))
    return report


def report_regenerate(*, acting_user, report, enqueue=True) -> Report:
    """A new edition of ``report`` (same series, number and parameters) generated for ``acting_user``."""
    if not can(acting_user, report, Action.VIEW):
        raise PermissionDenied
    if not may_report_for(acting_user, report.organisation):
        raise PermissionDenied(_("You may not issue reports for this organisation."))
    fields = [
        "organisation",
        "template",
        "period_start",
        "period_end",
        "agreement",
        "title",
        "series",
        "number",
        "issued_on",
        "signer_on_behalf",
        "signer_title",
        "signer_name",
        "recipients",
        "language",
        "drafts",
    ]
    for attempt in range(5):
        edition = Report(
            **{name: getattr(report, name) for name in fields},
            generated_by=acting_user,
            classification=acting_user.clearance,
        )
        try:
            with transaction.atomic():
                last = Report.all_objects.filter(series=report.series).aggregate(m=Max("edition"))["m"] or 0
                edition.edition = last + 1
                _save_new(acting_user, edition)
                if enqueue:
                    transaction.on_commit(partial(enqueue_generation, edition.pk))
            return edition
        except ValidationError as error:  # a concurrent regeneration took this edition number: take the next
            if attempt == 4 or "__all__" not in getattr(error, "error_dict", {}):
                raise
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _save_new(acting_user, report):
    from phoihop.core.services import record_save

    return record_save(acting_user=acting_user, instance=report)


def enqueue_generation(report_id):
    from phoihop.reports.jobs import generate_report

    try:
        generate_report.enqueue(report_id)
    except Exception:  # the page must not fail: the report shows the failure instead
        logger.exception("Could not enqueue the generation of report %s", report_id)
        report = Report.objects.filter(pk=report_id).first()
        if report is not None and report.status == ReportStatus.QUEUED:
            with translation.override(report.language):
                message = _("The report could not be queued for generation. Try again later.")
            Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=message)


# --- generation -------------------------------------------------------------------------------------------------


@dataclass
class TrackedContext(ReportContext):
    """A report context that remembers which record types the sections read through ``scoped``."""

    read: set = field(default_factory=set)

    def records(self, queryset, *, fields=None, action=Action.COUNT):
        self.read.add((queryset.model, tuple(fields) if fields else None))
        return super().records(queryset, fields=fields, action=action)

    def highest_classification(self) -> int:
        """The highest classification among the records of the scope the user may count, over every classified
        record type read (an upper bound of what the figures may hold)."""
        level = 0
        for model, fields in self.read:
            path = classification_path(model)
            if not path:
                continue
            queryset = ReportContext.records(self, model._default_manager.all(), fields=fields)
            level = max(level, queryset.aggregate(level=Max(path))["level"] or 0)
        return level


def scope_of(report) -> list:
    """The organisations whose subtrees the report covers: for the review of an agreement, its parties (a party
    wider than the agreement's territory by its units there: ``orgs.selectors.agreement_scope``), else the issuing
    organisation."""
    if report.template == ReportTemplate.AGREEMENT_REVIEW and report.agreement_id:
        from phoihop.orgs.selectors import agreement_scope

        roots = agreement_scope(report.agreement).roots
        if roots:
            return roots
    return [report.organisation]


def _set_progress(report_id, progress):
    Report.objects.filter(pk=report_id).update(progress=progress)


def jsonable(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def file_name(report, fmt) -> str:
    """An ASCII download name: "bao-cao-15-bc-tu-so-ket-thuc-hien-quy-che-phoi-hop-…-lan-1.docx"."""
    from django.utils.text import slugify

    words = f"{_('Report')} {report.number} {report.title}"
    slug = slugify(fold(words).replace("/", " "))[:120].strip("-") or "report"
    edition = slugify(fold(str(_("edition")))) or "edition"
    return f"{slug}-{edition}-{report.edition}.{fmt}"


def report_generate(report_id) -> str:
    """Generate the report (the job's body); returns its final status."""
    claimed = Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=0, error=""
    )
    report = Report.all_objects.select_related("organisation__kind", "agreement", "generated_by").get(pk=report_id)
    if not claimed:
        return report.status  # already generated, running elsewhere or failed
    started = time.monotonic()
    with translation.override(report.language):
        try:
            # Figures are read from the replica where there is one (progress and the result go to the primary).
            with reading_from_replica():
                _generate(report)
        except GenerationError as error:
            _fail(report, error.message)
        except Exception:
            logger.exception("Generation of report %s failed", report_id)
            _fail(report, _("The report could not be generated. Try again later or tell the administrator."))
        else:
            report.status = ReportStatus.DONE
            report.progress = 100
            report.generated_at = timezone.now()
        report.duration_ms = int((time.monotonic() - started) * 1000)
        report.save(
            update_fields=[
                "status",
                "progress",
                "error",
                "snapshot",
                "docx",
                "xlsx",
                "pdf",
                "classification",
                "generated_at",
                "duration_ms",
            ]
        )
    return report.status


def _fail(report, message):
    report.status = ReportStatus.FAILED
    report.error = message
    for fmt in FILE_FORMATS:
        setattr(report, fmt, "")


def _generate(report):
    from phoihop.reports import formats
    from phoihop.reports.compose import build_document

    user = report.generated_by
    if not user.is_active:
        raise GenerationError(_("The report could not be generated: the user who requested it is no longer active."))
    ctx = TrackedContext(
        user=user,
        organisations=scope_of(report),
        start=report.period_start,
        end=report.period_end,
        agreement=report.agreement,
    )
    sections = []
    for section in all_sections():
        try:
            if section.applies(ctx):
                sections.append(section)
        except Exception as error:
            raise _section_failed(section, error) from error
    figures_by_section = []
    for index, section in enumerate(sections, start=1):
        try:
            figures = jsonable(section.compute(ctx))
        except Exception as error:
            raise _section_failed(section, error) from error
        figures_by_section.append((section, figures))
        _set_progress(report.pk, SECTIONS_SHARE * index // max(len(sections), 1))
    _set_progress(report.pk, SECTIONS_SHARE)

    reported = [f.get("classification") for _s, f in figures_by_section if isinstance(f, dict)]
    level = max([ctx.highest_classification(), *[int(v) for v in reported if isinstance(v, int)]])
    report.classification = min(level, user.clearance)

    try:
        document = build_document(report, ctx, figures_by_section)
    except Exception as error:
        failing = _failing_section(ctx, figures_by_section)
        if failing is not None:
            raise _section_failed(failing, error) from error
        raise
    try:
        docx = formats.render_docx(document)
        xlsx = formats.render_xlsx(document)
    except Exception as error:
        logger.exception("Layout of report %s failed", report.pk)
        raise GenerationError(
            _("The report could not be generated: the document files could not be produced (%(error)s).")
            % {"error": type(error).__name__}
        ) from error
    pdf_state = "unavailable"
    pdf = None
    if formats.pdf_available():
        try:
            pdf = formats.render_pdf(docx)
            pdf_state = "done"
        except Exception:
            logger.exception("PDF of report %s failed", report.pk)
            pdf_state = "failed"
    report.docx.save(file_name(report, "docx"), ContentFile(docx), save=False)
    report.xlsx.save(file_name(report, "xlsx"), ContentFile(xlsx), save=False)
    if pdf:
        report.pdf.save(file_name(report, "pdf"), ContentFile(pdf), save=False)
    previous_start, previous_end = ctx.previous
    report.snapshot = jsonable(
        {
            "parameters": {
                "organisation": {"id": report.organisation_id, "name": report.organisation.name},
                "template": report.template,
                "period_start": report.period_start,
                "period_end": report.period_end,
                "previous_start": previous_start,
                "previous_end": previous_end,
                "agreement": (
                    {"id": report.agreement_id, "number": report.agreement.number, "title": report.agreement.title}
                    if report.agreement_id
                    else None
                ),
                "scope": [{"id": org.pk, "name": org.name} for org in ctx.organisations],
                "number": report.number,
                "issued_on": report.issued_on,
                "title": document.title,
                "language": report.language,
                "generated_by": {"id": user.pk, "username": user.username, "clearance": user.clearance},
            },
            "sections": [
                {"key": section.key, "title": str(section.title), "figures": figures}
                for section, figures in figures_by_section
            ],
            "classification": report.classification,
            "pdf": pdf_state,
            "pdf_fonts": formats.pdf_fonts(pdf) if pdf else [],
            "placeholders": placeholder_list(document),
        }
    )


def placeholder_list(document) -> list[dict]:
    """The placeholders of a document, in reading order: key, heading of their part, what is asked, filled."""
    rows = []
    for section in document.sections:
        for item in section.placeholders:
            rows.append(
                {"key": item.key, "heading": str(section.heading), "prompt": item.prompt, "filled": item.filled}
            )
    return rows


# --- drafts: the paragraphs the drafter writes -----------------------------------------------------------------

#: the longest paragraph a drafter may write in place of a placeholder (characters)
MAX_DRAFT_LENGTH = 5000


def report_write_drafts(*, acting_user, report, drafts: dict, expected_version=None) -> Report:
    """Keep the paragraphs ``acting_user`` wrote for the placeholders of ``report`` ({key: text}; an empty text
    clears one) with the edition, and lay the files out again from the stored figures (the figures are not
    recomputed: the edition stays what it was generated from). Field-level ``ValidationError``; a concurrent
    change of the report raises ``StaleVersionError``."""
    from phoihop.core.services import record_save
    from phoihop.core.text import nfc

    if not can(acting_user, report, Action.VIEW):
        raise PermissionDenied
    if not may_report_for(acting_user, report.organisation):
        raise PermissionDenied(_("You may not issue reports for this organisation."))
    if report.status != ReportStatus.DONE:
        raise ValidationError({"__all__": _("The report must be generated before its paragraphs are written.")})
    known = {row["key"] for row in (report.snapshot or {}).get("placeholders", [])}
    kept = {key: text for key, text in (report.drafts or {}).items() if key in known}
    errors = {}
    for key, text in (drafts or {}).items():
        if key not in known:
            continue
        text = nfc(str(text or "")).replace("\r\n", "\n").strip()
        if "\x00" in text:
            errors[key] = _("The text holds a character that is not allowed.")
        elif len(text) > MAX_DRAFT_LENGTH:
            errors[key] = _("Write at most %(count)s characters.") % {
                "count": f"{MAX_DRAFT_LENGTH:,}".replace(",", ".")
            }
        elif text:
            kept[key] = text
        else:
            kept.pop(key, None)
    if errors:
        raise ValidationError(errors)
    report.drafts = kept
    with transaction.atomic():  # the paragraphs are kept only with files laid out from them
        record_save(acting_user=acting_user, instance=report, expected_version=expected_version)
        try:
            render_files(report)
        except Exception as error:
            logger.exception("Layout of report %s with the drafter's paragraphs failed", report.pk)
            raise ValidationError(
                {
                    "__all__": _("The files could not be laid out again (%(error)s); the paragraphs were not kept.")
                    % {"error": type(error).__name__}
                }
            ) from error
    return report


def snapshot_figures(report) -> list:
    """(section, figures) of the stored snapshot, for the sections still registered."""
    from phoihop.reports.sections import _REGISTRY

    return [
        (_REGISTRY[row["key"]](), row.get("figures") or {})
        for row in (report.snapshot or {}).get("sections", [])
        if row.get("key") in _REGISTRY
    ]


def stored_document(report):
    """The edition's content (``ReportDocument``) laid out again from its stored figures and drafts — nothing is
    recomputed — in the active language."""
    from phoihop.reports.compose import build_document

    ctx = ReportContext(
        user=report.generated_by,
        organisations=scope_of(report),
        start=report.period_start,
        end=report.period_end,
        agreement=report.agreement,
    )
    return build_document(report, ctx, snapshot_figures(report), report.drafts)


def report_tables(report) -> list[dict]:
    """The annex tables of the edition as the report page shows them — the .docx annex's "Biểu N", Vietnamese
    headers, printed cells (3.840,5; dd/mm/yyyy), the rows the annex keeps: [{number, section, title, headers,
    rows: [{cells: [(text, numeric)], total}]}]."""
    from phoihop.reports.formats.base import cell_text, header_texts, numeric_columns

    if report.status != ReportStatus.DONE or not (report.snapshot or {}).get("sections"):
        return []
    with translation.override(report.language):
        document = stored_document(report)
        tables = []
        for section in document.sections:
            for table in section.tables:
                numeric = numeric_columns(table)
                rows = [
                    {"cells": [(cell_text(cell), i in numeric) for i, cell in enumerate(row)], "total": total}
                    for row, total in table.kept_rows()
                ]
                tables.append(
                    {
                        "number": len(tables) + 1,
                        "section": section.key,
                        "title": table.title,
                        "headers": header_texts(table),
                        "rows": rows,
                    }
                )
    return tables


def render_files(report) -> None:
    """Lay the .docx and .xlsx of ``report`` out again from its snapshot and drafts; the PDF follows in the
    background (``jobs.render_report_pdf``)."""
    from phoihop.reports import formats

    with translation.override(report.language):
        document = stored_document(report)
        docx, xlsx = formats.render_docx(document), formats.render_xlsx(document)
        for fmt, content in (("docx", docx), ("xlsx", xlsx)):
            getattr(report, fmt).delete(save=False)
            getattr(report, fmt).save(file_name(report, fmt), ContentFile(content), save=False)
        report.pdf.delete(save=False)
        snapshot = dict(report.snapshot or {})
        snapshot["placeholders"] = placeholder_list(document)
        snapshot["pdf"] = "pending" if formats.pdf_available() else "unavailable"
        report.snapshot = snapshot
    Report.all_objects.filter(pk=report.pk).update(
        docx=report.docx.name, xlsx=report.xlsx.name, pdf="", snapshot=report.snapshot
    )
    if formats.pdf_available():
        transaction.on_commit(partial(_enqueue_pdf, report.pk))


def _enqueue_pdf(report_id):
    from phoihop.reports.jobs import render_report_pdf

    try:
        render_report_pdf.enqueue(report_id)
    except Exception:
        logger.exception("Could not enqueue the PDF of report %s", report_id)


def report_render_pdf(report_id) -> str:
    """The PDF of the report's current .docx (after the drafter wrote paragraphs); returns the PDF state."""
    from phoihop.reports import formats

    report = Report.all_objects.filter(pk=report_id).first()
    if report is None or not report.docx:
        return "missing"
    try:
        with report.docx.open("rb") as handle:
            pdf = formats.render_pdf(handle.read())
    except Exception:
        logger.exception("PDF of report %s failed", report_id)
        state, pdf = "failed", None
    else:
        state = "done"
    with translation.override(report.language):
        if pdf:
            report.pdf.save(file_name(report, "pdf"), ContentFile(pdf), save=False)
    snapshot = dict(report.snapshot or {})
    snapshot["pdf"] = state
    snapshot["pdf_fonts"] = formats.pdf_fonts(pdf) if pdf else []
    Report.all_objects.filter(pk=report_id).update(pdf=report.pdf.name if pdf else "", snapshot=snapshot)
    return state


def _failing_section(ctx, figures_by_section):
    for section, figures in figures_by_section:
        try:
            section.render(ctx, figures)
        except Exception:
            return section
    return None


def _section_failed(section, error) -> GenerationError:
    logger.error("Report section %s failed: %r", section.key, error, exc_info=error)
    return GenerationError(
        _("The report could not be generated: the section “%(section)s” failed (%(error)s).")
        % {"section": section.title, "error": type(error).__name__}
    )
