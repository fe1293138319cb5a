"""The purpose of processing personal data, and the log of its readings, as pages and the API meet them.

Pages: the first time in a session that a user opens a page of personal data (a record type with
``access_personal_data``), they are sent to a short form asking why (``audit:purpose``) and then back to the page;
the purpose is kept in the session until they change it (the link in the user menu and on the page) or sign out.
The API takes the purpose from the ``X-Processing-Purpose`` header (one of the codes of ``audit.choices.Purpose``),
"not stated" without it. Every reading is logged by ``audit.services.personal_data_access_record``.
"""

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from phoihop.audit.choices import CHOSEN_PURPOSES, Purpose

SESSION_KEY = "phoihop_personal_data_purpose"
API_HEADER = "X-Processing-Purpose"


def holds_personal_data(model) -> bool:
    return bool(getattr(model, "access_personal_data", False))


def may_read_personal_data(user) -> bool:
    """Whether ``user`` may read personal data anywhere (superuser, or a membership with the permission)."""
    from phoihop.core.access import member_paths

    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_superuser or member_paths(user, personal_data=True))


def session_purpose(request):
    """(code, details) the user gave in this session, or None."""
    session = getattr(request, "session", None)
    stored = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(stored, dict) or stored.get("code") not in dict(CHOSEN_PURPOSES):
        return None
    return stored["code"], str(stored.get("note") or "")


def purpose_state(request, code, note=""):
    """Remember the purpose for the rest of the session."""
    request.session[SESSION_KEY] = {"code": code, "note": note}


def purpose_label(request):
    """What the page says about the session's purpose ("Công tác cán bộ — …"), or ""."""
    stated = session_purpose(request)
    if stated is None:
        return ""
    code, note = stated
    label = str(Purpose(code).label)
    return f"{label} — {note}" if note else label


def purpose_url(next_url):
    return f"{reverse('audit:purpose')}?{urlencode({'next': next_url})}"


class PurposeRequired(Exception):
    """Raised by a page of personal data opened before the session stated its purpose; the generic views answer
    with :attr:`response`."""

    def __init__(self, request, next_url=None):
        super().__init__("purpose required")
        self.response = purpose_redirect(request, next_url)


def purpose_redirect(request, next_url=None):
    """To the purpose form, then back to ``next_url`` (the page asked for). An htmx request (the list's table
    refreshed by the filter panel) is told to load the form as a whole page."""
    url = purpose_url(next_url or request.get_full_path())
    if getattr(request, "htmx", False):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def require_purpose(request, model, next_url=None):
    """Raise :class:`PurposeRequired` when ``model`` holds personal data, the user may read some and this session
    has not said why."""
    if holds_personal_data(model) and session_purpose(request) is None and may_read_personal_data(request.user):
        raise PurposeRequired(request, next_url)


def _remote_addr(request):
    from auditlog.middleware import AuditlogMiddleware

    return AuditlogMiddleware._get_remote_addr(request)


def log_page(request, model, action, *, records=(), queryset=None, query="", fmt=""):
    """Log a page's (or a page export's) reading of personal data, with the session's purpose ("not stated" on a
    page that shows a related record's people before any purpose was given)."""
    from phoihop.audit.services import personal_data_access_record

    if not holds_personal_data(model):
        return []
    request.personal_data_shown = True  # the page says so, with the purpose and a link to change it
    code, note = session_purpose(request) or (Purpose.NOT_STATED, "")
    return personal_data_access_record(
        acting_user=request.user,
        model=model,
        action=action,
        records=records,
        queryset=queryset,
        purpose=code,
        purpose_note=note,
        query=query,
        fmt=fmt,
        remote_addr=_remote_addr(request),
    )


def api_purpose(request):
    """The purpose an API call states in its ``X-Processing-Purpose`` header ("not stated" without it); an unknown
    code answers 400."""
    from rest_framework.exceptions import ValidationError

    value = (request.headers.get(API_HEADER) or "").strip()
    if not value:
        return Purpose.NOT_STATED
    if value not in Purpose.values:
        raise ValidationError(
            {
                API_HEADER: [
                    _("Unknown purpose “%(value)s”: use one of %(codes)s.")
                    % {
                        "value": value[:50],
                        "codes": ", ".join(Purpose.values),
                    }
                ]
            }
        )
    return value


def log_api(request, model, action, records):
    from phoihop.audit.services import personal_data_access_record

    if not holds_personal_data(model):
        return []
    return personal_data_access_record(
        acting_user=request.user,
        model=model,
        action=action,
        records=records,
        purpose=api_purpose(request),
        query=request.GET.urlencode() if hasattr(request, "GET") else "",
        remote_addr=_remote_addr(request),
    )
