"""File attachments for any record type: content-type detection, upload validation and the add service.

A record type accepts files when its model declares ``attachments_enabled = True``. The type of an
uploaded file is decided from its content (magic bytes, and the parts inside an Office ZIP), never from
what the browser claims; the file name's extension must agree with it. Files are stored under MEDIA_ROOT
with a random name and served only through ``Attachment.objects.restrict(user, "view")``.
"""

import hashlib
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from phoihop.core import state_secrets
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.models import Attachment, attachable_models
from phoihop.core.services import record_save

__all__ = [
    "ALLOWED_TYPES",
    "attachable_models",
    "attachment_add",
    "attachments_of",
    "detect_type",
    "extension_for",
    "install_attachment_lists",
    "max_bytes",
    "validate_upload",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
HEAD_BYTES = 16


@dataclass(frozen=True)
class FileType:
    mime: str
    extensions: tuple[str, ...]  # the first one is used for the stored file
    label: str

    @property
    def ext(self):
        return self.extensions[0]


PDF = FileType("application/pdf", (".pdf",), _("PDF document (.pdf)"))
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
    _("Word document (.docx)"),
)
XLSX = FileType(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
    _("Excel workbook (.xlsx)"),
)
PNG = FileType("image/png", (".png",), _("PNG image (.png)"))
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), _("JPEG image (.jpg, .jpeg)"))

ALLOWED_TYPES = (PDF, DOCX, XLSX, PNG, JPEG)
_BY_MIME = {t.mime: t for t in ALLOWED_TYPES}

ZIP_MAGIC = b"PK\x03\x04"


def extension_for(mime: str) -> str:
    """The extension a stored file of ``mime`` gets (empty for an unknown type)."""
    file_type = _BY_MIME.get(mime)
    return file_type.ext if file_type else ""


def max_bytes() -> int:
    return int(getattr(settings, "ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _allowed_list():
    return ", ".join(str(t.label) for t in ALLOWED_TYPES)


allowed_list = lazy(_allowed_list, str)


def file_error(message, code, **params):
    """ValidationError on the "file" field; ``message`` is translated when it is shown."""
    return ValidationError({"file": [ValidationError(message, code=code, params=params or None)]})


def _office_type(fileobj):
    """DOCX or XLSX when ``fileobj`` is an Office Open XML package of that kind; None otherwise."""
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())  # reads the central directory only; nothing is decompressed
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _sniff(head: bytes, fileobj):
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(ZIP_MAGIC):
        return _office_type(fileobj)
    return None


def detect_type(head: bytes, name: str, fileobj=None) -> tuple[str, str]:
    """(MIME type, stored extension) of an upload, from its content.

    ``head`` is the start of the file (at least 8 bytes; for a ZIP, the whole content unless ``fileobj`` —
    a seekable file holding the whole upload — is given). The extension of ``name`` must be one of the
    detected type's. Raises ValidationError({"file": …}) for any other content or a mismatching name.
    """
    if fileobj is None:
        fileobj = io.BytesIO(head)
    file_type = _sniff(head, fileobj)
    if file_type is None:
        raise file_error(
            _("This type of file is not allowed. Allowed types: %(types)s."), "file_type", types=allowed_list()
        )
    ext = os.path.splitext(name or "")[1].lower()
    if ext not in file_type.extensions:
        raise file_error(
            _("The file name ends in “%(ext)s” but its content is: %(kind)s. The extension must match the content."),
            "file_extension",
            ext=ext or "—",
            kind=file_type.label,
        )
    return file_type.mime, file_type.ext


def validate_upload(uploaded_file) -> tuple[str, str]:
    """Check an uploaded file (size, content type, extension); returns (MIME type, stored extension)."""
    size = uploaded_file.size
    if not size:
        raise file_error(_("The file is empty."), "empty")
    limit = max_bytes()
    if size > limit:
        raise file_error(
            _("The file is too large (%(size)s); the largest allowed is %(limit)s."),
            "too_large",
            size=filesizeformat(size),
            limit=filesizeformat(limit),
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
    return detect_type(head, uploaded_file.name, uploaded_file)


def _digest(uploaded_file):
    sha, size = hashlib.sha256(), 0
    uploaded_file.seek(0)
    for chunk in uploaded_file.chunks():
        sha.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return sha.hexdigest(), size


def clean_name(name: str, limit: int = 255) -> str:
    """The user's file name for display and download: no directories, no control characters, not too long."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C").strip()
    if len(name) > limit:
        stem, ext = os.path.splitext(name)
        name = stem[: limit - len(ext)] + ext
    return name or "file"


def attachment_add(*, acting_user, record, uploaded_file, title=""):
    """Attach ``uploaded_file`` to ``record`` on behalf of ``acting_user``.

    The user must be allowed to change the record, and the record must not be a register entry (classified Mật or
    above while the deployment allows no state-secret content). The file is validated before anything is stored; it is
    saved under a random name and the row is written through ``record_save`` (history, version, the gate
    re-check). If the write fails, the stored file is removed again.
    """
    if not getattr(type(record), "attachments_enabled", False):
        raise PermissionDenied(gettext("This kind of record does not accept attachments."))
    if not can(acting_user, record, Action.CHANGE):
        raise PermissionDenied(gettext("You may not add files to this record."))
    if record.is_register_entry:  # classified Mật or above: no file is stored (core.state_secrets)
        raise ValidationError(
            {"file": [state_secrets.refusal(record.classification_level(), state_secrets.FILE_REFUSED)]}
        )
    mime, _ext = validate_upload(uploaded_file)
    sha256, size = _digest(uploaded_file)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        original_name=clean_name(uploaded_file.name),
        size=size,
        mime_type=mime,
        sha256=sha256,
        title=(title or "").strip()[:200],
    )
    attachment.record = record
    # Store the file first under its random name (upload_to ignores the name given here).
    attachment.file.save(attachment.original_name, uploaded_file, save=False)
    stored_name = attachment.file.name
    try:
        record_save(acting_user=acting_user, instance=attachment)
    except BaseException:
        attachment.file.storage.delete(stored_name)
        raise
    return attachment


def attachments_of(record):
    """The record's attachments (not deleted), uploaders included, in one query. The caller has already
    passed ``record`` through the gate: its files are visible exactly when it is."""
    content_type = ContentType.objects.get_for_model(type(record))
    return (
        Attachment.objects.filter(content_type=content_type, object_id=record.pk)
        .select_related("created_by")
        .order_by("created_at", "pk")
    )


class AttachmentList:
    """``record.attachment_list``: the list of :func:`attachments_of`, loaded once per instance (for
    templates, which cannot call functions with arguments)."""

    cache_name = "_attachment_list_cache"

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        cached = instance.__dict__.get(self.cache_name)
        if cached is None:
            cached = instance.__dict__[self.cache_name] = list(attachments_of(instance)) if instance.pk else []
        return cached


def install_attachment_lists():
    """Give every attachable model, for the attachments include: ``attachment_list`` and
    ``attachment_parent_label`` (``app_label.model``, what the upload form posts). Called from
    CoreConfig.ready()."""
    for model in attachable_models():
        if "attachment_list" not in model.__dict__:
            model.attachment_list = AttachmentList()
        model.attachment_parent_label = model._meta.label_lower
