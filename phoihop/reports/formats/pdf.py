"""PDF through LibreOffice (optional: the report page says so when it is not installed).

Starting LibreOffice costs seconds, so each process that converts (the ``db_worker``, a test run, the benchmark)
keeps one LibreOffice of its own, started on its first conversion and reused by the next ones:

* :class:`OfficeServer` starts ``soffice --headless --accept=pipe,name=…;urp;`` with a private profile in a
  temporary folder. The UNO pipe is a Unix socket only its user may connect to (no TCP port to choose or to expose).
* Each conversion runs ``uno_convert.py`` beside this file with the Python that has LibreOffice's ``uno`` module
  (Debian's ``/usr/bin/python3`` with ``python3-uno``; not the virtualenv's). It connects, loads the .docx hidden
  and stores it as PDF.
* A lock serialises the conversions of the process; a LibreOffice that died is started anew, one that hangs past
  the timeout is killed (and started anew by the next conversion), and it is recycled every
  :data:`RECYCLE_AFTER` conversions. At exit it is asked to quit, then killed if it does not.
* When that path is unavailable (no Python with ``uno``, ``PDF_OFFICE_SERVER=False``, LibreOffice not answering
  even after a restart, or failing on a document), the conversion falls back to a one-shot
  ``soffice --convert-to pdf`` with a profile of its own, as before.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TIMEOUT = 180  # seconds
#: how long a freshly started LibreOffice may take to open its pipe
CONNECT_TIMEOUT = 30
#: start a fresh LibreOffice after this many conversions (it grows a little with each document)
RECYCLE_AFTER = 200
HELPER = Path(__file__).with_name("uno_convert.py")
# uno_convert.py's exit statuses
_CONVERTED, _NO_OFFICE, _FAILED, _NO_UNO = 0, 2, 3, 4


class PDFUnavailable(RuntimeError):
    """LibreOffice is not installed on the server."""


class PDFConversionError(RuntimeError):
    """LibreOffice could not convert the document."""


class OfficeUnavailable(RuntimeError):
    """The long-lived LibreOffice cannot serve this conversion: use the one-shot conversion instead."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def render_pdf(docx: bytes, *, timeout: int = TIMEOUT) -> bytes:
    """Convert a .docx to PDF: in this process's long-lived LibreOffice when it can, else with a one-shot
    ``soffice --convert-to pdf``. Raises :class:`PDFUnavailable` without LibreOffice, :class:`PDFConversionError`
    when the conversion fails or takes longer than ``timeout`` seconds."""
    program = soffice()
    if program is None:
        raise PDFUnavailable(_("PDF output needs LibreOffice, which is not installed on the server."))
    with tempfile.TemporaryDirectory(prefix="phoihop-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        server = office_server(program)
        if server is not None:
            try:
                return server.convert(source, folder / "report.pdf", timeout=timeout)
            except OfficeUnavailable as error:
                logger.warning("Long-lived LibreOffice unavailable (%s); converting with a one-shot soffice", error)
        return convert_once(program, source, timeout=timeout)


def pdf_fonts(document: bytes) -> list[str]:
    """The font families a PDF embeds, from its ``/BaseFont`` names without subset tag nor style: LibreOffice on a
    Debian server lays Times New Roman out in its metric twin, ``["LiberationSerif"]``."""
    names = re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9]+)", document)
    return sorted({name.decode("ascii") for name in names})


def complete_pdf(path: Path) -> bool:
    """Whether ``path`` holds a whole PDF: its header, and the end-of-file marker in its last bytes."""
    try:
        if not path.is_file() or path.stat().st_size < 64:
            return False
        with path.open("rb") as handle:
            head = handle.read(5)
            handle.seek(-1024, 2) if path.stat().st_size > 1024 else handle.seek(0)
            tail = handle.read()
    except OSError:
        return False
    return head == b"%PDF-" and b"%%EOF" in tail


def convert_once(program: str, source: Path, *, timeout: int = TIMEOUT) -> bytes:
    """``soffice --headless --convert-to pdf`` in ``source``'s folder, with a profile of its own there (so
    one-shot conversions running at the same time don't block each other)."""
    folder = source.parent
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
        raise _timed_out(timeout)
    target = source.with_suffix(".pdf")
    if result.returncode != 0 or not target.exists():
        raise _failed(result.stderr or result.stdout)
    return target.read_bytes()


def _timed_out(timeout) -> PDFConversionError:
    return PDFConversionError(
        _("LibreOffice did not convert the report within %(seconds)s seconds.") % {"seconds": timeout}
    )


def _failed(output: bytes | None) -> PDFConversionError:
    detail = (output or b"").decode(errors="replace").strip()[:500]
    return PDFConversionError(_("LibreOffice could not convert the report: %(detail)s") % {"detail": detail})


def _helper_env() -> dict[str, str]:
    """The environment of the helper: ours without what would point another Python at our virtualenv."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}


def uno_python(program: str) -> str | None:
    """The Python that can ``import uno`` for ``program``: ``PDF_UNO_PYTHON`` when set, else LibreOffice's own
    (``program/python`` of the upstream packages) or the system's ``/usr/bin/python3`` (Debian's python3-uno)."""
    configured = getattr(settings, "PDF_UNO_PYTHON", "")
    candidates = (
        [configured] if configured else [str(Path(os.path.realpath(program)).parent / "python"), "/usr/bin/python3"]
    )
    for candidate in candidates:
        if not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
            continue
        try:
            check = subprocess.run(
                [candidate, str(HELPER), "--check"], capture_output=True, timeout=30, env=_helper_env()
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if check.returncode == _CONVERTED:
            return candidate
    return None


class OfficeServer:
    """One long-lived LibreOffice of this process, reached through a private UNO pipe."""

    def __init__(self, program: str, python: str):
        self.program = program
        self.python = python
        self.process: subprocess.Popen | None = None
        self.conversions = 0  # by the current LibreOffice
        self._lock = threading.Lock()
        self._folder: Path | None = None
        self._pipe = ""
        self._owner = 0  # the pid that started it: a forked child leaves it alone

    @property
    def pid(self) -> int | None:
        """The pid of the running LibreOffice (its launcher, leader of its process group), else None."""
        return self.process.pid if self.alive() else None

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def convert(self, source: Path, target: Path, *, timeout: int = TIMEOUT) -> bytes:
        """``source`` converted to PDF at ``target``; its bytes. Raises :class:`OfficeUnavailable` when the caller
        should fall back to the one-shot conversion, :class:`PDFConversionError` on timeout."""
        deadline = time.monotonic() + timeout
        with self._lock:
            for attempt in (1, 2):  # a LibreOffice found dead is started anew once
                if self.process is not None and (not self.alive() or self.conversions >= RECYCLE_AFTER):
                    self._stop(graceful=self.alive())
                if self.process is None:
                    self._start()
                status, detail = self._run_helper(source, target, deadline, timeout)
                if status == _CONVERTED and target.is_file() or complete_pdf(target):
                    # (pyuno may crash while its interpreter exits, after the PDF was written: a complete PDF
                    # counts, whatever the helper's exit status)
                    self.conversions += 1
                    return target.read_bytes()
                if status == _NO_UNO:
                    self._stop(graceful=False)
                    raise OfficeUnavailable(f"{self.python} cannot import uno: {detail}")
                if status == _NO_OFFICE or status < 0 or not self.alive():  # < 0: the helper was killed by a signal
                    logger.warning(
                        "LibreOffice (attempt %s) went away or did not answer: %s; its output: %s",
                        attempt,
                        detail,
                        self._log_tail(),
                    )
                    self._stop(graceful=False)
                    continue
                # LibreOffice is up but failed on this document: start afresh next time, try the one-shot now
                self._stop(graceful=False)
                raise OfficeUnavailable(f"LibreOffice failed on the document (status {status}): {detail}")
            raise OfficeUnavailable("LibreOffice did not answer, even after a restart")

    def _run_helper(self, source, target, deadline, timeout) -> tuple[int, str]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            self._stop(graceful=False)
            raise _timed_out(timeout)
        command = [
            self.python,
            str(HELPER),
            "--pipe",
            self._pipe,
            "--connect-timeout",
            str(min(CONNECT_TIMEOUT, remaining)),
            str(source),
            str(target),
        ]
        helper = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_helper_env(), cwd=source.parent
        )
        while True:
            try:
                _out, err = helper.communicate(timeout=0.25)
                return helper.returncode, err.decode(errors="replace").strip()[:500]
            except subprocess.TimeoutExpired:
                if not self.alive():  # died under the helper: don't wait for the timeout
                    helper.kill()
                    helper.communicate()
                    return _NO_OFFICE, f"LibreOffice exited with status {self.process.returncode}"
                if time.monotonic() >= deadline:  # hung: kill it, the next conversion starts a fresh one
                    helper.kill()
                    helper.communicate()
                    logger.error("LibreOffice did not convert within %s s; killing it", timeout)
                    self._stop(graceful=False)
                    raise _timed_out(timeout)

    def _start(self):
        self._folder = Path(tempfile.mkdtemp(prefix="phoihop-office-"))
        self._pipe = f"phoihop-{os.getpid()}-{secrets.token_hex(6)}"
        command = [
            self.program,
            f"-env:UserInstallation={(self._folder / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={self._pipe};urp;StarOffice.ComponentContext",
        ]
        with open(self._folder / "office.log", "wb") as log:
            # its own process group: `soffice` is a launcher whose child is the real soffice.bin, and the group is
            # what we kill; a Ctrl+C meant for the worker doesn't cut a conversion short either
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=self._folder, start_new_session=True
            )
        self.conversions = 0
        self._owner = os.getpid()
        logger.info("Started LibreOffice (pid %s) for PDF conversions", self.process.pid)

    def _log_tail(self) -> str:
        try:
            return (self._folder / "office.log").read_bytes()[-500:].decode(errors="replace").strip()
        except (OSError, TypeError):
            return ""

    def _stop(self, *, graceful: bool):
        """Stop LibreOffice: ask it to quit when ``graceful`` (so it removes its pipes), then kill its group."""
        process, folder, pipe = self.process, self._folder, self._pipe
        self.process, self._folder = None, None
        if process is None:
            return
        if self._owner == os.getpid():
            if graceful and process.poll() is None:
                try:
                    subprocess.run(
                        [self.python, str(HELPER), "--pipe", pipe, "--connect-timeout", "5", "--terminate"],
                        capture_output=True,
                        timeout=15,
                        env=_helper_env(),
                    )
                    process.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            _kill_group(process, term_first=graceful)
            if folder is not None:
                for leftover in _pipe_files(pipe, folder / "profile"):
                    leftover.unlink(missing_ok=True)
                shutil.rmtree(folder, ignore_errors=True)

    def shutdown(self):
        """Stop LibreOffice at exit (waiting a little for a conversion in progress)."""
        locked = self._lock.acquire(timeout=5)
        try:
            self._stop(graceful=True)
        finally:
            if locked:
                self._lock.release()


def _pipe_files(pipe: str, profile: Path) -> list[Path]:
    """The Unix sockets LibreOffice makes in /tmp and removes when it quits, not when it is killed: its UNO pipe and
    its single-instance pipe, named after the MD5 of the profile's URL in UTF-16 (hex digits unpadded)."""
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    prefix = f"/tmp/OSL_PIPE_{os.getuid()}_"
    return [Path(prefix + pipe), Path(prefix + "SingleOfficeIPC_" + "".join(format(byte, "x") for byte in digest))]


def _kill_group(process: subprocess.Popen, *, term_first: bool):
    """Kill the LibreOffice launcher and what it started (its process group)."""
    if term_first:
        _signal_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    _signal_group(process, signal.SIGKILL)  # soffice.bin outlives its launcher otherwise
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        logger.error("LibreOffice (pid %s) did not exit after SIGKILL", process.pid)


def _signal_group(process: subprocess.Popen, sig):
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


_server: OfficeServer | None = None
_server_unavailable: str | None = None  # the program for which no Python with uno was found
_servers_lock = threading.Lock()


def office_server(program: str | None = None) -> OfficeServer | None:
    """This process's long-lived LibreOffice for ``program`` (created, not started, on first use), or None when
    ``PDF_OFFICE_SERVER`` is off or no Python can import uno."""
    global _server, _server_unavailable
    program = program or soffice()
    if program is None or not getattr(settings, "PDF_OFFICE_SERVER", True):
        return None
    with _servers_lock:
        if _server is not None and _server.program == program:
            return _server
        if _server_unavailable == program:
            return None
        python = uno_python(program)
        if python is None:
            logger.warning(
                "No Python with LibreOffice's uno module (Debian: python3-uno; or set PDF_UNO_PYTHON): every PDF "
                "starts its own LibreOffice"
            )
            _server_unavailable = program
            return None
        if _server is not None:
            _server.shutdown()
        _server = OfficeServer(program, python)
        return _server


def shutdown_office():
    """Stop this process's long-lived LibreOffice, if any (at exit; tests)."""
    global _server, _server_unavailable
    with _servers_lock:
        server, _server, _server_unavailable = _server, None, None
    if server is not None:
        server.shutdown()


def _forget_after_fork():
    # a forked child (e.g. a preloading web server) must not use nor stop its parent's LibreOffice
    global _server, _servers_lock
    _server, _servers_lock = None, threading.Lock()


atexit.register(shutdown_office)
os.register_at_fork(after_in_child=_forget_after_fork)
