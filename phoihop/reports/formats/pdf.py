"""PDF through LibreOffice (optional: the report page says so when it is not installed)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

TIMEOUT = 180  # seconds


class PDFUnavailable(RuntimeError):
    """LibreOffice is not installed on the server."""


class PDFConversionError(RuntimeError):
    """LibreOffice could not convert the document."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def render_pdf(docx: bytes, *, timeout: int = TIMEOUT) -> bytes:
    """Convert a .docx to PDF with ``soffice --headless --convert-to pdf`` in a temporary directory. Each call uses
    its own LibreOffice profile, so conversions running at the same time don't block each other."""
    program = soffice()
    if program is None:
        raise PDFUnavailable(_("PDF output needs LibreOffice, which is not installed on the server."))
    with tempfile.TemporaryDirectory(prefix="phoihop-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False, cwd=folder)
        except subprocess.TimeoutExpired:
            raise PDFConversionError(
                _("LibreOffice did not convert the report within %(seconds)s seconds.") % {"seconds": timeout}
            )
        target = folder / "report.pdf"
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout or b"").decode(errors="replace").strip()[:500]
            raise PDFConversionError(_("LibreOffice could not convert the report: %(detail)s") % {"detail": detail})
        return target.read_bytes()
