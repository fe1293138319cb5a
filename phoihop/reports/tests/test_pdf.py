"""PDF conversion: the long-lived LibreOffice of the process (reused, restarted when dead or hung, stopped at exit)
and the one-shot ``soffice --convert-to`` it falls back to. The tests that convert need LibreOffice and a Python
with its ``uno`` module (Debian: libreoffice-writer-nogui and python3-uno, which scripts/ensure_libreoffice.sh
installs); they skip otherwise."""

import os
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from phoihop.reports.formats import PDFConversionError, pdf, render_docx, render_pdf
from phoihop.reports.tests.test_formats import make_document

PROGRAM = pdf.soffice()
UNO_PYTHON = pdf.uno_python(PROGRAM) if PROGRAM else None
needs_office = pytest.mark.skipif(
    UNO_PYTHON is None,
    reason="LibreOffice with a Python that has its uno module is not installed "
    "(apt-get install libreoffice-writer-nogui python3-uno, or bash scripts/ensure_libreoffice.sh)",
)


@pytest.fixture
def fresh_office():
    """No long-lived LibreOffice before the test, none left after it."""
    pdf.shutdown_office()
    yield
    pdf.shutdown_office()


@pytest.fixture(scope="module")
def docx():
    return render_docx(make_document("party"))


# --- the long-lived LibreOffice ---


@needs_office
def test_second_conversion_reuses_the_same_libreoffice(fresh_office, docx):
    first = render_pdf(docx)
    server = pdf.office_server()
    pid = server.pid
    assert pid is not None
    second = render_pdf(docx)
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert server.pid == pid
    assert server.conversions == 2
    assert pdf.office_server() is server


@needs_office
def test_the_pdf_uses_times_new_roman_or_its_metric_twin_liberation_serif(fresh_office, docx):
    fonts = pdf.pdf_fonts(render_pdf(docx))
    assert fonts, "no embedded font found"
    assert all(name.startswith(("LiberationSerif", "TimesNewRoman")) for name in fonts), fonts


@needs_office
def test_a_dead_libreoffice_is_started_anew(fresh_office, docx):
    render_pdf(docx)
    server = pdf.office_server()
    dead, folder, pipe = server.pid, server._folder, server._pipe
    os.killpg(dead, signal.SIGKILL)
    server.process.wait(timeout=10)
    assert server.pid is None

    assert render_pdf(docx).startswith(b"%PDF")
    assert server.pid not in (None, dead)
    assert server.conversions == 1
    # what the killed one left behind is cleaned up
    assert not folder.exists()
    assert not any(path.exists() for path in pdf._pipe_files(pipe, folder / "profile"))


@needs_office
def test_a_hung_libreoffice_is_killed_and_the_next_conversion_starts_a_fresh_one(fresh_office, docx):
    render_pdf(docx)
    server = pdf.office_server()
    hung = server.process
    os.killpg(hung.pid, signal.SIGSTOP)
    try:
        with pytest.raises(PDFConversionError):
            render_pdf(docx, timeout=3)
    finally:
        try:
            os.killpg(hung.pid, signal.SIGCONT)
        except ProcessLookupError:
            pass
    assert hung.poll() is not None  # killed
    assert render_pdf(docx).startswith(b"%PDF")
    assert server.pid not in (None, hung.pid)


@needs_office
def test_concurrent_conversions_of_a_process_share_its_libreoffice(fresh_office, docx):
    results, errors = [], []

    def convert():
        try:
            results.append(render_pdf(docx))
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=convert) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 3 and all(result.startswith(b"%PDF") for result in results)
    assert pdf.office_server().conversions == 3


@needs_office
def test_shutdown_stops_libreoffice_and_removes_its_profile(fresh_office, docx):
    render_pdf(docx)
    server = pdf.office_server()
    process, folder, pipe = server.process, server._folder, server._pipe
    assert folder.is_dir()
    pdf.shutdown_office()
    assert process.poll() is not None
    assert not folder.exists()
    assert not any(path.exists() for path in pdf._pipe_files(pipe, folder / "profile"))
    assert pdf.office_server() is not server  # the next conversion gets a new one


@needs_office
def test_a_forked_child_leaves_its_parents_libreoffice_alone(fresh_office, docx):
    render_pdf(docx)
    server = pdf.office_server()
    process, folder = server.process, server._folder
    server._owner = -1  # as a forked child sees it
    server.shutdown()
    assert process.poll() is None and folder.is_dir()
    server.process, server._folder, server._owner = process, folder, os.getpid()


@needs_office
def test_libreoffice_is_recycled_after_many_conversions(fresh_office, docx, monkeypatch):
    monkeypatch.setattr(pdf, "RECYCLE_AFTER", 1)
    render_pdf(docx)
    server = pdf.office_server()
    first = server.pid
    assert render_pdf(docx).startswith(b"%PDF")
    assert server.pid not in (None, first)


def test_pdf_fonts_are_the_embedded_families():
    document = (
        b"%PDF-1.7\n<</Type/Font/Subtype/TrueType/BaseFont/BAAAAA+LiberationSerif>>"
        b"<</BaseFont /CAAAAA+LiberationSerif-Bold>><</BaseFont/TimesNewRomanPS-BoldMT>>"
    )
    assert pdf.pdf_fonts(document) == ["LiberationSerif", "TimesNewRomanPS"]
    assert pdf.pdf_fonts(b"%PDF-1.4 test") == []


# --- the one-shot fallback (no LibreOffice needed: subprocess is replaced) ---


class FakeSoffice:
    """Stands for ``soffice --convert-to pdf``: writes the PDF where LibreOffice would."""

    def __init__(self):
        self.commands = []

    def __call__(self, command, **kwargs):
        self.commands.append(command)
        assert "--convert-to" in command
        outdir = Path(command[command.index("--outdir") + 1])
        (outdir / "report.pdf").write_bytes(b"%PDF-1.7 one-shot")
        return subprocess.CompletedProcess(command, 0, b"", b"")


@pytest.fixture
def fake_soffice(monkeypatch):
    fake = FakeSoffice()
    monkeypatch.setattr(pdf, "soffice", lambda: "/opt/fake/soffice")
    monkeypatch.setattr(pdf.subprocess, "run", fake)
    return fake


def test_without_a_python_that_has_uno_each_pdf_uses_a_one_shot_soffice(fresh_office, fake_soffice, monkeypatch):
    monkeypatch.setattr(pdf, "uno_python", lambda program: None)
    assert render_pdf(b"docx") == b"%PDF-1.7 one-shot"
    assert render_pdf(b"docx") == b"%PDF-1.7 one-shot"
    assert len(fake_soffice.commands) == 2
    assert fake_soffice.commands[0][0] == "/opt/fake/soffice"
    assert pdf.office_server() is None


def test_when_the_long_lived_libreoffice_fails_the_pdf_comes_from_a_one_shot_soffice(
    fresh_office, fake_soffice, monkeypatch
):
    monkeypatch.setattr(pdf, "uno_python", lambda program: "/usr/bin/python3")

    def unavailable(self, source, target, *, timeout):
        raise pdf.OfficeUnavailable("LibreOffice did not answer, even after a restart")

    monkeypatch.setattr(pdf.OfficeServer, "convert", unavailable)
    assert render_pdf(b"docx") == b"%PDF-1.7 one-shot"
    assert len(fake_soffice.commands) == 1


def test_the_long_lived_libreoffice_can_be_turned_off(fresh_office, fake_soffice, settings, monkeypatch):
    settings.PDF_OFFICE_SERVER = False
    monkeypatch.setattr(pdf, "uno_python", lambda program: pytest.fail("no server wanted"))
    assert render_pdf(b"docx") == b"%PDF-1.7 one-shot"
    assert pdf.office_server() is None


def test_a_one_shot_soffice_that_times_out_is_a_conversion_error(fresh_office, monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: "/opt/fake/soffice")
    monkeypatch.setattr(pdf, "uno_python", lambda program: None)

    def too_slow(command, **kwargs):
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr(pdf.subprocess, "run", too_slow)
    with pytest.raises(PDFConversionError, match="7"):
        render_pdf(b"docx", timeout=7)


def test_a_failing_one_shot_soffice_is_a_conversion_error_with_its_message(fresh_office, monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: "/opt/fake/soffice")
    monkeypatch.setattr(pdf, "uno_python", lambda program: None)
    monkeypatch.setattr(
        pdf.subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(command, 1, b"", b"Error: boom")
    )
    with pytest.raises(PDFConversionError, match="boom"):
        render_pdf(b"docx")
