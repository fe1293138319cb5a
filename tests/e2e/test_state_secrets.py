"""The state-secrets rule in a real browser (Luật Bảo vệ bí mật nhà nước 2018, art. 5(5)): an officer registers a plan
classified Mật; as soon as Mật is picked the form says the record is a register entry only; the summary typed anyway
is refused at its field in Vietnamese and nothing is saved; without it the register entry is saved and named by its
neutral label."""

import pytest
from playwright.sync_api import expect

from phoihop.work.models import Document, DocumentType
from tests.e2e.helpers import pick

REFUSED = "chỉ được ghi vào sổ đăng ký"


@pytest.mark.e2e
def test_a_confidential_document_refuses_its_summary(browsing, world, login):
    doc_type, _created = DocumentType.objects.get_or_create(code="ke-hoach", defaults={"name": "Kế hoạch"})
    page = browsing.new_page()
    login(page, world.a_secret)

    page.goto("/work/documents/add/")
    note = page.get_by_test_id("state-secret-note")
    expect(note).to_be_hidden()  # unclassified: nothing to say yet
    page.select_option("select[name=doc_type]", value=str(doc_type.pk))
    page.fill("input[name=number]", "64/KH-BCH")
    page.fill("input[name=signed_on]", "12/06/2025")
    page.fill("input[name=issuing_body]", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh")
    pick(page, "owner", "Ba Sơn", world.a.name)
    page.select_option("select[name=classification]", label="Mật")
    expect(note).to_be_visible()
    expect(note).to_contain_text("chỉ được ghi vào sổ đăng ký")
    page.fill("textarea[name=summary]", "Phối hợp đấu tranh phòng, chống ma túy trên tuyến biên giới")
    pick(page, "holding_unit", "Ba Sơn", world.a.name)
    page.fill("input[name=custodian]", "Trợ lý văn thư bảo mật")
    page.fill("input[name=storage_place]", "Tủ tài liệu mật, Phòng Tham mưu")
    page.get_by_test_id("save").click()

    error = page.locator(".invalid-feedback[data-field=summary]")
    expect(error).to_contain_text(REFUSED)
    expect(page.locator("textarea[name=summary]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".invalid-feedback[data-field=number]")).to_have_count(0)
    expect(note).to_be_visible()  # still classified Mật: the note stays
    assert not Document.objects.exists()

    page.fill("textarea[name=summary]", "")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    document = Document.objects.get()
    assert (document.classification, document.subject, document.summary) == (1, "", "")
    assert (document.holding_unit, document.custodian) == (world.a, "Trợ lý văn thư bảo mật")
    assert page.url.endswith(f"/work/documents/{document.pk}/")
    expect(page.locator("h2, .page-title").first).to_contain_text("[Mật] 64/KH-BCH")
