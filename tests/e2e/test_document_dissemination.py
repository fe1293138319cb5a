"""Dissemination (quán triệt) of a directive in a real browser: the provincial office registers Chỉ thị 37-CT/TW
(after correcting a malformed number), attaches the PDF, assigns its dissemination by rule to every unit under the
province; the border post records its session; the office's coverage page and Excel export show the post done and
the commune not done."""

import datetime

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from phoihop.core.choices import Role
from phoihop.core.models import Attachment
from phoihop.core.testing.world import make_user
from phoihop.work.models import Dissemination, DisseminationSession, Document, DocumentType
from tests.e2e.helpers import pick

SUBJECT = "Về tăng cường sự lãnh đạo của Đảng đối với công tác biên giới quốc gia"
PDF_BYTES = b"%PDF-1.4\n%%EOF"


def dmy(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.mark.e2e
def test_register_attach_assign_record_and_check_coverage(browsing, world, login, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    doc_type, _created = DocumentType.objects.get_or_create(code="chi-thi", defaults={"name": "Chỉ thị"})
    p_reporter = make_user("p_reporter", world.province, Role.REPORTER)
    pdf = tmp_path / "37-CT-TW.pdf"
    pdf.write_bytes(PDF_BYTES)
    deadline = datetime.date.today() + datetime.timedelta(days=30)

    office, post = browsing.new_page(), browsing.new_page()
    login(office, p_reporter)
    login(post, world.a_reporter)

    # --- the office registers the directive; a malformed number is refused next to the number field
    office.goto("/work/documents/add/")
    office.select_option("select[name=doc_type]", value=str(doc_type.pk))
    office.fill("input[name=number]", "37/CT")
    office.fill("input[name=signed_on]", "04/08/2009")
    office.fill("input[name=issuing_body]", "Bộ Chính trị")
    office.fill("input[name=subject]", SUBJECT)
    pick(office, "owner", "Tỉnh ủy", world.province.name)
    office.get_by_test_id("save").click()
    number_error = office.locator(".invalid-feedback[data-field=number]")
    expect(number_error).to_contain_text("“37/CT”")
    expect(office.locator("input[name=number]")).to_have_attribute("aria-invalid", "true")
    expect(office.locator(".invalid-feedback[data-field=subject]")).to_have_count(0)
    assert not Document.objects.exists()

    office.fill("input[name=number]", "37-CT/TW")
    with office.expect_navigation():
        office.get_by_test_id("save").click()
    document = Document.objects.get()
    assert office.url.endswith(f"/work/documents/{document.pk}/")
    assert (document.number, document.number_value, document.year) == ("37-CT/TW", 37, 2009)
    assert (document.signed_on, document.owner, document.doc_type) == (
        datetime.date(2009, 8, 4),
        world.province,
        doc_type,
    )
    expect(office.get_by_test_id("fields")).to_contain_text("37-CT/TW")

    # --- the PDF is attached on the document page
    upload = office.get_by_test_id("attachment-upload")
    upload.locator("input[name=file]").set_input_files(str(pdf))
    upload.locator("input[name=title]").fill("Bản chụp văn bản gốc")
    upload.locator("button[type=submit]").click()
    link = office.get_by_test_id("attachments").get_by_test_id("attachment-link")
    expect(link).to_have_text("37-CT-TW.pdf")
    attachment = Attachment.objects.get(content_type=ContentType.objects.get_for_model(Document), object_id=document.pk)
    assert (attachment.mime_type, attachment.size, attachment.title) == (
        "application/pdf",
        len(PDF_BYTES),
        "Bản chụp văn bản gốc",
    )
    with office.expect_download() as download_info:
        link.click()
    assert open(download_info.value.path(), "rb").read() == PDF_BYTES

    # --- dissemination by rule: every unit of the world's kind under the province
    office.get_by_test_id("assign").click()
    office.wait_for_url(f"**/work/documents/{document.pk}/disseminate/")
    form = office.get_by_test_id("assign-form")
    form.locator("select[name=kind]").select_option(value=str(world.kind.pk))
    pick(form, "under", "tinh uy", world.province.name)
    pick(form, "assigned_by", "tinh uy", world.province.name)
    form.locator("input[name=deadline]").fill(dmy(deadline))
    with office.expect_navigation():
        form.get_by_test_id("save").click()
    assert office.url.endswith(f"/work/documents/{document.pk}/coverage/")
    expect(office.locator(".alert-success")).to_contain_text("Đã giao quán triệt cho 3 đơn vị; 0 đơn vị")
    duties = Dissemination.objects.filter(document=document)
    assert {d.organisation.code for d in duties} == {"T-A", "T-A1", "T-B"}
    assert {d.deadline for d in duties} == {deadline} and {d.assigned_by for d in duties} == {world.province}

    # one by one, post A and commune B again: both already have the duty and are skipped
    office.goto(f"/work/documents/{document.pk}/disseminate/")
    form = office.get_by_test_id("assign-form")
    pick(form, "organisations", "ba son", world.a.name)
    pick(form, "organisations", "dong dang", world.b.name)
    pick(form, "assigned_by", "tinh uy", world.province.name)
    form.locator("input[name=deadline]").fill(dmy(deadline))
    with office.expect_navigation():
        form.get_by_test_id("save").click()
    expect(office.locator(".alert-success")).to_contain_text("Đã giao quán triệt cho 0 đơn vị; 2 đơn vị")
    assert duties.count() == 3

    # --- the post's reporter finds the duty on the document page and records the session
    post.goto(f"/work/documents/{document.pk}/")
    post.get_by_test_id("disseminations").locator('tr[data-organisation="T-A"] a').click()
    duty_a = duties.get(organisation=world.a)
    post.wait_for_url(f"**/work/dissemination/{duty_a.pk}/")
    post.get_by_test_id("add-session").click()
    post.wait_for_url("**/work/dissemination-sessions/add/**")
    expect(post.locator("select[name=dissemination]")).to_have_value(str(duty_a.pk))
    held_on = datetime.date.today()
    post.fill("input[name=held_on]", dmy(held_on))
    post.select_option("select[name=form]", value="cell_meeting")
    post.fill("input[name=participants]", "42")
    post.fill("input[name=expected]", "45")
    post.fill("input[name=presided_by]", "Đồn trưởng")
    with post.expect_navigation():
        post.get_by_test_id("save").click()
    expect(post.locator(".alert-success")).to_be_visible()
    session = DisseminationSession.objects.get()
    assert (session.dissemination, session.held_on, session.participants, session.expected) == (
        duty_a,
        held_on,
        42,
        45,
    )

    # --- the office's coverage: the post done, the commune (and the post's cell) not done
    office.goto(f"/work/documents/{document.pk}/coverage/")
    totals = office.get_by_test_id("coverage-totals")
    expect(totals).to_have_attribute("data-total", "3")
    expect(totals).to_have_attribute("data-done", "1")
    expect(totals).to_have_attribute("data-not-done", "2")
    expect(totals).to_have_attribute("data-overdue", "0")
    rows = office.get_by_test_id("coverage-rows")
    row_a, row_b = rows.locator('tr[data-organisation="T-A"]'), rows.locator('tr[data-organisation="T-B"]')
    expect(row_a).to_have_attribute("data-status", "done")
    expect(row_a).to_contain_text("Hoàn thành")
    expect(row_a).to_contain_text(dmy(held_on))
    expect(row_b).to_have_attribute("data-status", "not_done")
    expect(row_b).to_contain_text("Chưa hoàn thành")
    expect(rows.locator('tr[data-organisation="T-A1"]')).to_have_attribute("data-status", "not_done")

    # --- and downloads it as Excel
    with office.expect_download() as download_info:
        office.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"coverage-document-{document.pk}-")
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    book = openpyxl.load_workbook(saved)
    sheet = book.worksheets[0]
    assert "37-CT/TW" in sheet["A1"].value
    lines = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert set(lines) == {world.a.name, world.a1.name, world.b.name}
    assert lines[world.a.name][1] == "T-A" and lines[world.a.name][7] == 1
    assert lines[world.a.name][9] == "Hoàn thành"
    assert lines[world.b.name][1] == "T-B" and lines[world.b.name][7] == 0
    assert lines[world.b.name][9] == "Chưa hoàn thành"
    assert lines[world.b.name][6].date() == deadline
