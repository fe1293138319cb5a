"""Schedule compliance: how often each marker must be inspected, which are overdue, and the daily notice.

Interval
    A marker must be inspected every ``interval_days(kind)`` days (setting ``BORDER_INSPECTION_INTERVAL_DAYS``:
    main markers 90, secondary markers 180, others the "default"). A marker is overdue when it was never
    inspected, or when its last inspection is older than its interval (``overdue_q``).

Compliance figures (``compliance``, ``trend``)
    Per post, for the markers the user may see: markers, overdue, never inspected, the most and the average days
    since the last check, and how many markers are in each condition; province totals; and the inspections of
    the last twelve months by month and condition. Aggregate queries only: one for the posts, one for the
    trend, whatever the number of markers.

Overdue notices (``notify_overdue_markers``, run daily)
    Each post's reporters (direct members with at least the Reporter role, active accounts) get ONE notification
    listing the post's markers that are newly overdue. A marker is notified **once per overdue period**: the
    first period starts on the day it became overdue (the day after its last inspection plus its interval; for a
    marker never inspected, the day it was registered) and each period lasts one inspection interval. So a main
    marker last inspected on 1 March 2025 (interval 90 days) is notified on 31 May 2025 ("2025-05-31+0"), again
    on 29 August 2025 ("2025-05-31+1") if it is still not inspected, and so on; an inspection moves the due date
    and so starts afresh. A job that missed days notifies, when it runs again, the period that contains that day.

    Exactly once: before notifying, the job claims each marker's period by inserting ``OverdueNotice(marker,
    period)``; the unique constraint ``overdue_notice_once`` makes a second insert — a second run, or a second
    worker at the same moment — fail, and that run leaves the marker out. The claims and the post's
    notifications are one transaction: a crash leaves either nothing (the next run sends it) or everything. A post
    with nobody to notify is not claimed, so its markers go out once someone is there. E-mails go after commit to
    recipients with an address and ``email_notifications`` on, as for the task reminders.
"""

import datetime
import logging
from collections import defaultdict
from functools import partial

import openpyxl
from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, DateField, DurationField, ExpressionWrapper, F, Min, Q, Value
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from phoihop.accounts.models import Membership
from phoihop.border.choices import Condition, MarkerKind
from phoihop.border.models import Inspection, Marker, OverdueNotice
from phoihop.core.choices import Action, Role
from phoihop.core.forms import MarkInvalidMixin, style_widgets
from phoihop.core.numbers import rate
from phoihop.core.pickers import PickerFormMixin
from phoihop.core.spreadsheets import workbook_bytes
from phoihop.orgs.models import Organisation
from phoihop.work.models import Notification
from phoihop.work.reminders import deliver_emails

logger = logging.getLogger(__name__)

TREND_MONTHS = 12
#: at most this many markers are named in one notification (the rest are counted)
NOTICE_MAX_LISTED = 50


def interval_days(kind) -> int:
    """Required days between inspections for a marker kind (setting BORDER_INSPECTION_INTERVAL_DAYS)."""
    intervals = getattr(settings, "BORDER_INSPECTION_INTERVAL_DAYS", {})
    return int(intervals.get(kind, intervals.get("default", 90)))


def overdue_q(today: datetime.date, inspected="last_inspected_on") -> Q:
    """Q over Marker: never inspected, or last inspected longer ago than its kind's interval (``inspected``: the
    field or annotation holding the last inspection date, e.g. as at a past day)."""
    q = Q(**{f"{inspected}__isnull": True})
    for kind in (MarkerKind.MAIN, MarkerKind.SECONDARY, ""):
        limit = today - datetime.timedelta(days=interval_days(kind or "default"))
        q |= Q(kind=kind, **{f"{inspected}__lt": limit})
    return q


def overdue_since(marker) -> datetime.date:
    """The first day ``marker`` is overdue: the day after its last inspection plus its interval; for a marker
    never inspected, the day it was registered."""
    if marker.last_inspected_on is None:
        return timezone.localdate(marker.created_at) if marker.created_at else timezone.localdate()
    return marker.last_inspected_on + datetime.timedelta(days=interval_days(marker.kind or "default") + 1)


def overdue_period(marker, today: datetime.date) -> str:
    """The key of ``marker``'s overdue period containing ``today``: "<first overdue day>+<periods since>"."""
    since = overdue_since(marker)
    cycle = max((today - since).days, 0) // interval_days(marker.kind or "default")
    return f"{since.isoformat()}+{cycle}"


# --------------------------------------------------------------------------------------------------------------
# Compliance figures
# --------------------------------------------------------------------------------------------------------------


def _days(delta) -> float | None:
    return None if delta is None else delta.total_seconds() / 86400


def compliance(markers, today: datetime.date, condition="condition", inspected="last_inspected_on") -> dict:
    """Per-post figures and totals for ``markers`` (a queryset already gated and filtered), as at ``today``; the
    condition and the last inspection are read from ``condition`` and ``inspected`` (fields, or annotations of the
    state at a past day — ``border.selectors.markers_as_at``). One query."""
    days_since = ExpressionWrapper(Value(today, output_field=DateField()) - F(inspected), output_field=DurationField())
    by_condition = {f"condition_{value}": Count("pk", filter=Q(**{condition: value})) for value in Condition.values}
    rows = (
        markers.order_by()
        .values("post_id", "post__name", "post__code")
        .annotate(
            total=Count("pk"),
            overdue=Count("pk", filter=overdue_q(today, inspected)),
            never=Count("pk", filter=Q(**{f"{inspected}__isnull": True})),
            oldest=Min(inspected),
            average=Avg(days_since),
            **by_condition,
        )
        .order_by("post__name", "post_id")
    )
    posts = []
    totals = {"total": 0, "overdue": 0, "never": 0, "max_days": None, "conditions": [0] * len(Condition.values)}
    day_sum = 0.0
    for row in rows:
        inspected = row["total"] - row["never"]
        average = _days(row["average"])
        post = {
            "post_id": row["post_id"],
            "name": row["post__name"],
            "code": row["post__code"],
            "total": row["total"],
            "overdue": row["overdue"],
            "never": row["never"],
            "max_days": (today - row["oldest"]).days if row["oldest"] else None,
            "average_days": round(average, 1) if average is not None else None,
            "overdue_rate": rate(row["overdue"], row["total"]),
            "conditions": [row[f"condition_{value}"] for value in Condition.values],
        }
        posts.append(post)
        for key in ("total", "overdue", "never"):
            totals[key] += post[key]
        totals["conditions"] = [a + b for a, b in zip(totals["conditions"], post["conditions"], strict=True)]
        if post["max_days"] is not None and (totals["max_days"] is None or post["max_days"] > totals["max_days"]):
            totals["max_days"] = post["max_days"]
        if average is not None:
            day_sum += average * inspected
    inspected = totals["total"] - totals["never"]
    totals["average_days"] = round(day_sum / inspected, 1) if inspected else None
    totals["overdue_rate"] = rate(totals["overdue"], totals["total"])
    return {"posts": posts, "totals": totals, "conditions": list(Condition.choices)}


def trend_months(today: datetime.date, months: int = TREND_MONTHS) -> list[datetime.date]:
    """The first days of the last ``months`` months, oldest first, the current month last."""
    index = today.year * 12 + today.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - months + 1, index + 1)]


def trend(inspections, today: datetime.date, months: int = TREND_MONTHS) -> dict:
    """Inspections per month and condition over the last ``months`` months, from ``inspections`` (a gated
    queryset). One query."""
    month_list = trend_months(today, months)
    counts = defaultdict(int)
    rows = (
        inspections.filter(inspected_on__gte=month_list[0], inspected_on__lte=today)
        .annotate(month=TruncMonth("inspected_on"))
        .order_by()
        .values("month", "condition")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        counts[(month, row["condition"])] += row["n"]
    series = [
        {"condition": value, "label": label, "counts": [counts[(month, value)] for month in month_list]}
        for value, label in Condition.choices
    ]
    month_totals = [sum(counts[(month, value)] for value in Condition.values) for month in month_list]
    peak = max(month_totals) or 1
    return {
        "months": month_list,
        "series": series,
        "totals": month_totals,
        "bars": [round(100 * n / peak) for n in month_totals],
        "total": sum(month_totals),
    }


def schedule_figures(user, today: datetime.date | None = None, post=None) -> dict:
    """Everything the schedule page shows, through the access gate (the markers and inspections ``user`` may
    view), optionally for one organisation's subtree: {"today", "compliance", "trend", "overdue"} where
    "overdue" is an unevaluated queryset of the overdue markers. Two aggregate queries, whatever the numbers."""
    today = today or timezone.localdate()
    markers = Marker.objects.restrict(user, Action.VIEW)
    inspections = Inspection.objects.restrict(user, Action.VIEW).filter(marker__deleted_at__isnull=True)
    if post is not None:
        markers = markers.filter(post__path__startswith=post.path)
        inspections = inspections.filter(marker__post__path__startswith=post.path)
    overdue = (
        markers.filter(overdue_q(today)).select_related("post", "commune").order_by("post__name", "post_id", "sort_key")
    )
    return {
        "today": today,
        "compliance": compliance(markers, today),
        "trend": trend(inspections, today),
        "overdue": overdue,
    }


# --------------------------------------------------------------------------------------------------------------
# Daily overdue notices
# --------------------------------------------------------------------------------------------------------------


def notify_overdue_markers(today: datetime.date | None = None) -> dict[str, int]:
    """Notify each post's reporters of its markers newly overdue on ``today`` (default: the local date).

    Returns {"posts": posts notified, "markers": markers claimed, "notifications": notifications created}.
    Queries: three to read (overdue markers, their notices, the posts' memberships), then per post one insert
    per newly overdue marker (the claim) and one bulk insert of the notifications.
    """
    today = today or timezone.localdate()
    counts = {"posts": 0, "markers": 0, "notifications": 0}
    candidates = Marker.objects.filter(overdue_q(today), post__deleted_at__isnull=True)
    overdue = list(candidates.select_related("post").order_by("post_id", "sort_key"))
    if not overdue:
        return counts
    periods = {marker.pk: overdue_period(marker, today) for marker in overdue}
    sent = _notified(candidates)
    by_post, overdue_count, posts = defaultdict(list), defaultdict(int), {}
    for marker in overdue:
        overdue_count[marker.post_id] += 1
        posts[marker.post_id] = marker.post
        if (marker.pk, periods[marker.pk]) not in sent:
            by_post[marker.post_id].append(marker)
    if not by_post:
        return counts
    recipients = defaultdict(dict)  # post id → {user id: user}
    memberships = Membership.objects.filter(
        organisation_id__in=list(by_post), role__gte=Role.REPORTER, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("organisation_id", "user__username"):
        recipients[membership.organisation_id].setdefault(membership.user_id, membership.user)
    for post_id, markers in by_post.items():
        users = list(recipients[post_id].values())
        if not users:
            continue  # not claimed: the markers go out once the post has a reporter
        claimed = _claim_and_notify(posts[post_id], markers, periods, users, today, overdue_count[post_id])
        if claimed:
            counts["posts"] += 1
            counts["markers"] += len(claimed)
            counts["notifications"] += len(users)
    logger.info("Overdue marker notices for %s: %s", today, counts)
    return counts


def _notified(candidates) -> set[tuple[int, str]]:
    """(marker id, period) of the notices already sent for ``candidates``. A subquery rather than a list of ids:
    SQLite limits query parameters."""
    return set(OverdueNotice.objects.filter(marker__in=candidates.values("pk")).values_list("marker_id", "period"))


def _claim_and_notify(post, markers, periods, users, today, overdue_total) -> list:
    """Claim each marker's period and notify ``users`` of the claimed ones, in one transaction. A marker
    another run or worker claimed first is left out; returns the claimed markers."""
    with transaction.atomic():
        claimed = []
        for marker in markers:
            try:
                with transaction.atomic():
                    OverdueNotice.objects.create(marker=marker, period=periods[marker.pk])
            except IntegrityError:
                continue  # another run or worker notified this marker for this period first
            claimed.append(marker)
        if not claimed:
            return []
        url = f"{reverse('border:schedule')}?post={post.pk}"
        notifications, mails = [], {}
        for user in users:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                title, body = render_overdue_notice(post, claimed, today, overdue_total)
                notifications.append(Notification(user=user, title=title, body=body, url=url))
                if user.emails_each_notification:
                    mails[user.pk] = _email(user, title, body, url)
        created = Notification.objects.bulk_create(notifications)
        outgoing = [(note.pk, mails[note.user_id]) for note in created if note.user_id in mails]
        if outgoing:
            transaction.on_commit(partial(deliver_emails, outgoing))
    return claimed


def render_overdue_notice(post, markers, today, overdue_total) -> tuple[str, str]:
    """(title, body) of a post's overdue notice in the active language."""
    count = len(markers)
    title = ngettext(
        "%(count)d marker of %(post)s is overdue for inspection",
        "%(count)d markers of %(post)s are overdue for inspection",
        count,
    ) % {"count": count, "post": post}
    lines = [_("Inspect these markers and record the inspections:")]
    for marker in markers[:NOTICE_MAX_LISTED]:
        if marker.last_inspected_on is None:
            lines.append("• " + _("Marker %(number)s: never inspected") % {"number": marker.number})
        else:
            lines.append(
                "• "
                + _("Marker %(number)s: last inspected on %(date)s, %(days)d days ago")
                % {
                    "number": marker.number,
                    "date": marker.last_inspected_on.strftime("%d/%m/%Y"),
                    "days": (today - marker.last_inspected_on).days,
                }
            )
    if count > NOTICE_MAX_LISTED:
        more = count - NOTICE_MAX_LISTED
        lines.append(ngettext("… and %(count)d more marker.", "… and %(count)d more markers.", more) % {"count": more})
    earlier = overdue_total - count
    if earlier > 0:
        lines.append(
            ngettext(
                "%(count)d other marker of the post is still overdue; it was notified earlier.",
                "%(count)d other markers of the post are still overdue; they were notified earlier.",
                earlier,
            )
            % {"count": earlier}
        )
    max_length = Notification._meta.get_field("title").max_length
    return Truncator(title).chars(max_length), "\n".join(lines)


def _email(user, title, body, url):
    link = getattr(settings, "REMINDER_SITE_URL", "").rstrip("/") + url
    footer = _("You receive these e-mails because e-mail notifications are on in your phoihop profile.")
    open_label = _("Open the inspection schedule")
    return EmailMessage(
        subject=" ".join(title.split()),
        body=f"{body}\n\n{open_label}: {link}\n\n-- \n{footer}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )


# --------------------------------------------------------------------------------------------------------------
# The schedule page (border:schedule) and its Excel export
# --------------------------------------------------------------------------------------------------------------

#: overdue markers listed on the page (the export has them all)
OVERDUE_SHOWN = 100
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScheduleFilter(PickerFormMixin, MarkInvalidMixin, forms.Form):
    post = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False, label=gettext_lazy("Post"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # the organisations the user may see that have markers the user may see
        self.fields["post"].queryset = Organisation.objects.restrict(user, Action.VIEW).filter(
            pk__in=Marker.objects.restrict(user, Action.VIEW).values("post_id")
        )
        self.use_pickers()  # a search, not a drop-down of every post
        style_widgets(self)


class ScheduleView(LoginRequiredMixin, View):
    """``border:schedule``: compliance with the inspection schedule, per post, through the gate; ?export=xlsx."""

    template_name = "border/schedule.html"

    def get(self, request):
        form = ScheduleFilter(request.GET or None, user=request.user)
        post = form.cleaned_data.get("post") if form.is_bound and form.is_valid() else None
        figures = schedule_figures(request.user, post=post)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(workbook(figures), content_type=XLSX_TYPE)
            stamp = figures["today"].strftime("%Y%m%d")
            response["Content-Disposition"] = f'attachment; filename="lich-kiem-tra-moc-{stamp}.xlsx"'
            return response
        query = request.GET.copy()
        query.pop("export", None)
        context = {
            **figures,
            "form": form,
            "post": post,
            "querystring": query.urlencode(),
            "overdue_shown": list(figures["overdue"][:OVERDUE_SHOWN]),
            "overdue_limit": OVERDUE_SHOWN,
            "marker_list_url": reverse("border:marker_list"),
            "intervals": [(label, interval_days(value)) for value, label in MarkerKind.choices],
        }
        return render(request, self.template_name, context)


def workbook(figures) -> bytes:
    """The schedule page as an .xlsx: posts with totals, the trend, and every overdue marker."""
    book = openpyxl.Workbook()
    data = figures["compliance"]
    condition_labels = [str(label) for _value, label in data["conditions"]]
    sheet = book.active
    sheet.title = _("Posts")[:31]
    sheet.append(
        [
            _("Post"),
            _("Code"),
            _("Markers"),
            _("Overdue"),
            _("Overdue (%)"),
            _("Never inspected"),
            _("Most days since the last check"),
            _("Average days since the last check"),
            *condition_labels,
        ]
    )

    def figures_row(name, code, row):
        return [
            name,
            code,
            row["total"],
            row["overdue"],
            row["overdue_rate"],
            row["never"],
            row["max_days"],
            row["average_days"],
            *row["conditions"],
        ]

    for row in data["posts"]:
        sheet.append(figures_row(row["name"], row["code"], row))
    sheet.append(figures_row(_("Total"), "", data["totals"]))

    trend_data = figures["trend"]
    trend_sheet = book.create_sheet(_("Inspections by month")[:31])
    trend_sheet.append([_("Condition"), *[month.strftime("%m/%Y") for month in trend_data["months"]], _("Total")])
    for series in trend_data["series"]:
        trend_sheet.append([str(series["label"]), *series["counts"], sum(series["counts"])])
    trend_sheet.append([_("Total"), *trend_data["totals"], trend_data["total"]])

    overdue_sheet = book.create_sheet(_("Overdue markers")[:31])
    overdue_sheet.append(
        [_("Number"), _("Kind"), _("Post"), _("Commune"), _("Last inspected on"), _("Days since"), _("Condition")]
    )
    today = figures["today"]
    for marker in figures["overdue"].iterator():
        last = marker.last_inspected_on
        overdue_sheet.append(
            [
                marker.number,
                marker.get_kind_display(),
                str(marker.post),
                str(marker.commune) if marker.commune_id else "",
                last.strftime("%d/%m/%Y") if last else _("never"),
                (today - last).days if last else None,
                marker.get_condition_display(),
            ]
        )
    return workbook_bytes(book)
