"""Canaries: distinctive strings planted in records a user may not see, and a crawl that reports every response
carrying one (issue 16: no name, number or text of a record outside the reader's gate, on any read path).

``plant_canaries(world)`` adds, on top of the test world (and of ``crawl.build_crawl_data``):

- records of commune B (outside post A): two documents, an agreement with two clauses, a review conference with two
  conclusions, a programme with an indicator, a task of B's own;
- records of post A raised to Mật after their history was written (a task and a document: created unclassified with
  canary texts, edited, then classified through ``record_save``, so only their history holds the old texts);
- a Mật document of post A (its register number is the canary), an unclassified document of post A related to it
  both ways (``DocumentRelation``) and disseminated to cell A1, a task of post A carrying out the Mật document, and a
  task of post A carrying out B's document, clause and conclusion (the task readers may read those labels as plain
  text, never linked: ``core.naming``, rule 4);
- reports of post A, cell A1 and commune B generated after all that.

Each canary belongs to one planted record; ``Planted.may_view`` says which of the crawl's users may open that
record (the test checks the gate agrees), so a canary is forbidden to every other user — except the labels of what
a record the user may open carries out, which may appear as plain text but never inside a link.

``CanaryCrawl`` fetches pages, exports, API answers and files as one user, reads each body as a person or a program
would (HTML, JSON, CSV, the cells of an XLSX workbook, the paragraphs of a DOCX), follows the links to record pages
(and API records) it finds, and collects every leak, every linked label and every link to a record page that
answers 404 to that user.
"""

import datetime
import html
import io
import json
import re
import time
import zipfile
from collections import defaultdict, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.urls import Resolver404, resolve

#: the part every canary shares: a search for it must find nothing the user may not see
MARK = "CANARY"
PREFIX = "CANARY-7Q1-"
#: the pages and files the crawl never asks for (POST-only actions, sign-out, the language switch)
NEVER_FETCH_PREFIXES = ("/static/", "/media/", "/admin/", "/testapp/", "/api/testapp/", "/api/schema/", "/api/docs/")
#: files a link may point at that are read like pages (GET, through the gate)
FILE_VIEWS = {"reports:report_download", "core:attachment_download", "core:export_download"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: a list is paged at most this many times by the crawl (the planted records are the newest: on the first pages)
MAX_PAGES_PER_LIST = 10


def canary(n: int) -> str:
    """A canary title or text: "CANARY-7Q1-07" (two digits, so that no canary is part of another)."""
    return f"{PREFIX}{n:02d}"


def canary_number(n: int, kind="CT") -> str:
    """A canary document or agreement number that the number parser accepts: "7101-CT/CANARY7Q1"."""
    return f"{7100 + n}-{kind}/{MARK}7Q1"


@dataclass(frozen=True)
class Canary:
    text: str
    record: str  # the key of the planted record it belongs to
    where: str  # the field it was planted in, for the report
    #: planted records whose readers may read this text as plain text (it is the label of what they carry out)
    implemented_by: tuple = ()


class Planted:
    def __init__(self):
        self.records = {}  # key → instance
        self.canaries = []
        self.may_view = {}  # key of a record with canaries → usernames (of the crawl's users) who may open it
        self.context = []  # further records whose pages the crawl opens (relations, units, reports)

    def add(self, key, instance, may_view=()):
        self.records[key] = instance
        self.may_view[key] = frozenset(may_view)
        return instance

    def plant(self, key, text, where, implemented_by=()):
        self.canaries.append(Canary(text=text, record=key, where=f"{key}.{where}", implemented_by=implemented_by))
        return text

    def crawl_records(self):
        """Every planted record and the context records: their detail, edit, delete and history pages are read."""
        return [*self.records.values(), *self.context]

    def forbidden(self, username):
        """(canaries ``username`` may never read, labels they may read as plain text but never as a link)."""
        strict, labels = [], []
        for item in self.canaries:
            if username in self.may_view[item.record]:
                continue
            if any(username in self.may_view[key] for key in item.implemented_by):
                labels.append(item)
            else:
                strict.append(item)
        return strict, labels


def plant_canaries(world, a1_user):
    """Plant the canaries (see the module's docstring); ``a1_user`` is the crawl's user of cell A1."""
    from phoihop.core.choices import Classification
    from phoihop.core.services import record_save
    from phoihop.core.testing.registers import register_fields
    from phoihop.orgs.models import Agreement, Clause
    from phoihop.programs.tests import factories as programs
    from phoihop.reports import services as report_services
    from phoihop.reports.models import ReportTemplate
    from phoihop.work import notify
    from phoihop.work.choices import RelationKind, SourceKind
    from phoihop.work.models import Conclusion, Dissemination, Document, DocumentRelation, ReviewConference
    from phoihop.work.tests.factories import document_type, make_task

    w = world
    p = Planted()
    kind = document_type()
    today = datetime.date.today()
    readers = ("a_viewer", a1_user.username)  # post A's viewer and cell A1's reporter
    b_only = ("b_admin",)

    # --- commune B's records: outside post A and cell A1 ----------------------------------------------------------
    # B's first document, clause and conclusion are carried out by a task of post A (below): their labels may be
    # read as plain text by that task's readers; their content never
    carried = ("a_task_outside_sources",)
    b_doc = Document(
        owner=w.b,
        doc_type=kind,
        number=canary_number(1),
        issuing_body="Đảng ủy xã",
        subject=canary(1) + " Kế hoạch phối hợp của xã",
        summary=canary(2) + " Nội dung kế hoạch của xã",
    )
    record_save(acting_user=w.b_admin, instance=b_doc)
    p.add("b_document", b_doc, b_only)
    p.plant("b_document", b_doc.number, "number (label)", implemented_by=carried)
    p.plant("b_document", canary(1), "subject (label)", implemented_by=carried)
    p.plant("b_document", canary(2), "summary")

    b_doc2 = Document(
        owner=w.b, doc_type=kind, number=canary_number(2), issuing_body="Đảng ủy xã", subject=canary(3) + " Chỉ thị xã"
    )
    record_save(acting_user=w.b_admin, instance=b_doc2)
    p.add("b_document_2", b_doc2, b_only)
    p.plant("b_document_2", b_doc2.number, "number")
    p.plant("b_document_2", canary(3), "subject")

    agreement = Agreement.objects.create(
        number=canary_number(3, "QC"),
        title=canary(4) + " Quy chế phối hợp của xã",
        summary=canary(5) + " Tóm tắt quy chế",
        owner=w.b,
        signed_on=datetime.date(2025, 3, 1),
    )
    agreement.parties.set([w.b])
    p.add("b_agreement", agreement, b_only)
    p.plant("b_agreement", agreement.number, "number")
    p.plant("b_agreement", canary(4), "title")
    p.plant("b_agreement", canary(5), "summary")
    clause = Clause.objects.create(
        agreement=agreement,
        number=1,
        title=canary(6) + " Phối hợp tuần tra",
        content=canary(7) + " Nội dung điều khoản",
        expected_evidence=canary(8) + " Biên bản tuần tra",
    )
    p.add("b_clause", clause, b_only)
    p.plant("b_clause", canary(6), "title (label)", implemented_by=carried)
    p.plant("b_clause", canary(7), "content")
    p.plant("b_clause", canary(8), "expected_evidence")
    clause2 = Clause.objects.create(agreement=agreement, number=2, title=canary(9) + " Điều khoản khác")
    p.add("b_clause_2", clause2, b_only)
    p.plant("b_clause_2", canary(9), "title")
    conference = ReviewConference.objects.create(
        agreement=agreement,
        held_on=datetime.date(2025, 12, 1),
        summary=canary(10) + " Hội nghị sơ kết của xã",
        participants=canary(11) + " Các đơn vị dự",
        level="Xã",
    )
    p.add("b_conference", conference, b_only)
    p.plant("b_conference", canary(10), "summary")
    p.plant("b_conference", canary(11), "participants")
    # a conclusion's label is its number and the first 80 characters of its text: the canary after them is content
    text = canary(12) + " Tăng cường tuần tra chung trên tuyến biên giới của xã, " + "định kỳ hằng tháng. " * 3
    assert len(text) > 80
    conclusion = Conclusion.objects.create(conference=conference, number=1, text=text + canary(13))
    p.add("b_conclusion", conclusion, b_only)
    p.plant("b_conclusion", canary(12), "text (first 80 characters: label)", implemented_by=carried)
    p.plant("b_conclusion", canary(13), "text (after 80 characters)")
    conclusion2 = Conclusion.objects.create(conference=conference, number=2, text=canary(14) + " Kết luận khác")
    p.add("b_conclusion_2", conclusion2, b_only)
    p.plant("b_conclusion_2", canary(14), "text")

    programme = programs.make_programme(w.b, name=canary(15) + " Chương trình của xã", code="CANARY7Q1-P")
    p.add("b_programme", programme, b_only)
    p.plant("b_programme", canary(15), "name")
    p.plant("b_programme", "CANARY7Q1-P", "code")
    indicator = programs.make_indicator(programme, name=canary(16) + " Chỉ tiêu của xã", code="CANARY7Q1-I")
    p.add("b_indicator", indicator, b_only)
    p.plant("b_indicator", canary(16), "name")
    p.plant("b_indicator", "CANARY7Q1-I", "code")

    b_task = make_task(
        w,
        assigner=w.b,
        lead=w.b,
        user=w.b_admin,
        title=canary(17) + " Nhiệm vụ của xã",
        description=canary(18) + " Mô tả nhiệm vụ của xã",
        deadline=today,
    )
    p.add("b_task", b_task, b_only)
    p.plant("b_task", canary(17), "title")
    p.plant("b_task", canary(18), "description")
    p.context.extend(b_task.units.all())

    # --- post A's records raised to Mật after their history was written -------------------------------------------
    raised = make_task(
        w,
        assigner=w.a,
        lead=w.a,
        coordinating=[w.a1],
        user=w.a_secret,
        title=canary(19) + " Nhiệm vụ sẽ nâng độ mật",
        description=canary(20) + " Mô tả sẽ nâng độ mật",
        deadline=today,
    )
    # its units' users are told while it is still unclassified (the notification is delivered now, not at the
    # commit that comes after the raise)
    notify.deliver(notify.ASSIGNED, raised.pk, w.a_secret.pk)
    raised.title = canary(21) + " Nhiệm vụ sửa trước khi nâng độ mật"
    record_save(acting_user=w.a_secret, instance=raised)
    raised.title = raised.description = ""
    raised.classification = Classification.CONFIDENTIAL
    for name, value in register_fields(w.a, Classification.CONFIDENTIAL).items():
        setattr(raised, name, value)
    record_save(acting_user=w.a_secret, instance=raised)
    p.add("a_task_raised", raised)  # Mật: none of the crawl's users (a_viewer, A1: clearance; b_admin: scope)
    p.plant("a_task_raised", canary(19), "title (before it was raised, in its history)")
    p.plant("a_task_raised", canary(20), "description (before it was raised, in its history)")
    p.plant("a_task_raised", canary(21), "title (edited, before it was raised, in its history)")
    # (cell A1's reporter was told of the task under its first title: canary 19 is in that notification)
    p.context.extend(raised.units.all())

    raised_doc = Document(
        owner=w.a,
        doc_type=kind,
        number=canary_number(4),
        issuing_body="Đồn Biên phòng",
        subject=canary(22) + " Văn bản sẽ nâng độ mật",
        summary=canary(23) + " Tóm tắt sẽ nâng độ mật",
    )
    record_save(acting_user=w.a_secret, instance=raised_doc)
    raised_doc.subject = canary(24) + " Văn bản sửa trước khi nâng độ mật"
    record_save(acting_user=w.a_secret, instance=raised_doc)
    raised_doc.subject = raised_doc.summary = ""
    raised_doc.classification = Classification.CONFIDENTIAL
    for name, value in register_fields(w.a, Classification.CONFIDENTIAL).items():
        setattr(raised_doc, name, value)
    record_save(acting_user=w.a_secret, instance=raised_doc)
    p.add("a_document_raised", raised_doc)
    p.plant("a_document_raised", raised_doc.number, "number (its register number, and in its history)")
    p.plant("a_document_raised", canary(22), "subject (before it was raised, in its history)")
    p.plant("a_document_raised", canary(23), "summary (before it was raised, in its history)")
    p.plant("a_document_raised", canary(24), "subject (edited, before it was raised, in its history)")

    # --- a Mật document of post A, an open document related to it, a task carrying it out -------------------------
    secret_doc = Document(
        owner=w.a,
        doc_type=kind,
        number=canary_number(5),
        issuing_body="Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        classification=Classification.CONFIDENTIAL,
        **register_fields(w.a, Classification.CONFIDENTIAL),
    )
    record_save(acting_user=w.a_secret, instance=secret_doc)
    p.add("a_document_secret", secret_doc)
    p.plant("a_document_secret", secret_doc.number, "number (register number of a Mật document)")

    open_doc = Document(
        owner=w.a,
        doc_type=kind,
        number=canary_number(6),
        issuing_body="Đồn Biên phòng",
        subject=canary(25) + " Kế hoạch thực hiện văn bản mật",
    )
    record_save(acting_user=w.a_secret, instance=open_doc)
    p.add("a_document_open", open_doc, readers)
    p.plant("a_document_open", open_doc.number, "number")
    p.plant("a_document_open", canary(25), "subject")
    p.context.append(
        Dissemination.objects.create(
            document=open_doc, organisation=w.a1, assigned_by=w.a, deadline=today + datetime.timedelta(days=30)
        )
    )
    for source, target, relation in (
        (open_doc, secret_doc, RelationKind.IMPLEMENTS),
        (secret_doc, open_doc, RelationKind.AMENDS),
    ):
        link = DocumentRelation(source=source, target=target, kind=relation)
        record_save(acting_user=w.a_secret, instance=link)
        p.context.append(link)

    secret_source = make_task(
        w,
        assigner=w.a,
        lead=w.a,
        coordinating=[w.a1],
        user=w.a_secret,
        title=canary(26) + " Nhiệm vụ thực hiện văn bản mật",
        deadline=today,
    )
    # set on the model (a form offers only what its user may see; this is the state a cleared user leaves behind)
    secret_source.source_kind = SourceKind.DOCUMENT
    secret_source.document = secret_doc
    secret_source.save()
    p.add("a_task_secret_source", secret_source, readers)
    p.plant("a_task_secret_source", canary(26), "title")
    p.context.extend(secret_source.units.all())

    outside = make_task(
        w,
        assigner=w.a,
        lead=w.a,
        coordinating=[w.a1],
        user=w.a_secret,
        title=canary(27) + " Nhiệm vụ thực hiện văn bản, điều khoản và kết luận của xã",
        deadline=today,
    )
    outside.source_kind = SourceKind.CLAUSE
    outside.document, outside.clause, outside.conclusion = b_doc, clause, conclusion
    outside.save()
    p.add("a_task_outside_sources", outside, readers)
    p.plant("a_task_outside_sources", canary(27), "title")
    p.context.extend(outside.units.all())

    # --- reports generated now that all of it exists (each through the gate of the user who asks) -----------------
    for user, organisation in ((w.a_reporter, w.a), (a1_user, w.a1), (w.b_admin, w.b)):
        p.context.append(
            report_services.report_request(
                acting_user=user, organisation=organisation, template=ReportTemplate.YEARLY, reference_date=today
            )
        )
    return p


# --- reading what a response says ------------------------------------------------------------------------------


def normalise(text):
    return " ".join(text.split())


class _PageReader(HTMLParser):
    """The links of a page (href and the text inside, with the link's title) and its pickers' addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # [href, [texts]] of the links being read
        self.links = []  # (href, text)
        self.pickers = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("data-picker"):
            self.pickers.append(attrs["data-picker"])
        if tag == "a" and attrs.get("href") is not None:
            self.open.append([attrs["href"], [attrs.get("title") or "", attrs.get("aria-label") or ""]])

    def handle_endtag(self, tag):
        if tag == "a" and self.open:
            href, texts = self.open.pop()
            self.links.append((href, normalise(" ".join(texts))))

    def handle_data(self, data):
        for _href, texts in self.open:
            texts.append(data)

    def close(self):
        super().close()
        while self.open:
            self.handle_endtag("a")


def read_page(body):
    reader = _PageReader()
    reader.feed(body)
    reader.close()
    return reader


def xlsx_cells(content):
    """[(sheet!cell, text, has a hyperlink)] of every cell of a workbook, and its sheets' titles."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = []
    for sheet in workbook.worksheets:
        cells.append((f"{sheet.title} (sheet title)", sheet.title, False))
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    cells.append((f"{sheet.title}!{cell.coordinate}", str(cell.value), cell.hyperlink is not None))
    return cells


W_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
W_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def docx_paragraphs(content):
    """The text of every paragraph of a Word file: body, tables, headers, footers, notes (runs joined)."""
    paragraphs = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8", "replace")
                for paragraph in W_PARAGRAPH.findall(xml):
                    text = html.unescape("".join(W_TEXT.findall(paragraph)))
                    if text.strip():
                        paragraphs.append((name, text))
    return paragraphs


def snippet(text, needle, width=90):
    index = text.find(needle)
    if index < 0:
        return ""
    start, end = max(0, index - width), min(len(text), index + len(needle) + width)
    return ("…" if start else "") + normalise(text[start:end]) + ("…" if end < len(text) else "")


def _json_strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)
    elif isinstance(value, str):
        yield value


def view_model(view):
    """The model a view's ``queryset`` is of (as_view(queryset=…) or the class attribute), or None."""
    queryset = getattr(view, "view_initkwargs", {}).get("queryset")
    if queryset is None:
        queryset = getattr(getattr(view, "view_class", None), "queryset", None)
    return getattr(queryset, "model", None)


# --- the crawl -------------------------------------------------------------------------------------------------


class CanaryCrawl:
    """What one user's crawl read: leaks (url → {canary: context}), labels inside links, links that answer 404."""

    def __init__(self, client, user, strict, labels, *, never=(), headers=None, max_requests=6000):
        self.client = client
        self.user = user
        self.strict = list(strict)
        self.labels = list(labels)
        self.never = set(never)  # URL names never fetched (POST-only actions, sign-out …)
        self.headers = headers or {}
        self.max_requests = max_requests
        self.status = {}  # url → status code
        self.elapsed = {}  # url → seconds (answer and reading)
        self.leaks = defaultdict(dict)  # url → {canary text: (where planted, context)}
        self.linked_labels = defaultdict(dict)  # url → {canary text: (href, link text)}
        self.links = defaultdict(dict)  # linked url → {page: link text}
        self.queue = deque()
        self.pages_of = defaultdict(int)  # path → list pages queued
        self.pickers = set()
        self.truncated = False

    # --- fetching ---------------------------------------------------------------------------------------------
    def get(self, url):
        if url in self.status:
            return
        if len(self.status) >= self.max_requests:
            self.truncated = True
            return
        started = time.perf_counter()
        response = self.client.get(url, headers=self.headers)
        self.status[url] = response.status_code
        # (a streamed answer is closed by the test client once read: closing it again would close the database)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "").split(";")[0].strip()
        self.read(url, content_type, body)
        self.elapsed[url] = time.perf_counter() - started

    def run(self, urls):
        for url in urls:
            self.get(url)
        self.drain()

    def drain(self):
        while self.queue:
            self.get(self.queue.popleft())

    # --- reading ----------------------------------------------------------------------------------------------
    def read(self, url, content_type, body):
        if content_type == XLSX:
            for where, text, linked in xlsx_cells(body):
                self.scan(url, text, where)
                if linked:
                    self.check_link_text(url, "(cell hyperlink)", text, where)
            return
        if content_type == DOCX:
            for where, text in docx_paragraphs(body):
                self.scan(url, text, where)
            return
        if content_type == "application/pdf":
            return  # compressed text streams: the same content is read in the DOCX and XLSX editions
        text = body.decode("utf-8-sig", "replace")
        if content_type == "text/html":
            self.scan(url, text)
            self.scan(url, html.unescape(text))
            page = read_page(text)
            for href, link_text in page.links:
                self.check_link_text(url, href, link_text)
                self.follow(url, href, link_text)
            for picker in page.pickers:
                self.pickers.add(html.unescape(picker))
            return
        if "json" in content_type:
            self.scan(url, text)
            try:
                data = json.loads(text)
            except ValueError:
                return
            self.scan(url, json.dumps(data, ensure_ascii=False))
            for value in _json_strings(data):
                if value.startswith(("http://testserver/", "/")) and " " not in value:
                    self.follow(url, value.removeprefix("http://testserver"), "(JSON link)")
            return
        self.scan(url, text)

    def scan(self, url, text, where=""):
        for item in self.strict:
            if item.text in text and item.text not in self.leaks[url]:
                context = snippet(text, item.text)
                self.leaks[url][item.text] = (item.where, f"{where}: {context}" if where else context)
        if not self.leaks[url]:
            del self.leaks[url]

    def check_link_text(self, url, href, link_text, where=""):
        for item in self.labels:
            if item.text in link_text and item.text not in self.linked_labels[url]:
                self.linked_labels[url][item.text] = (item.where, href, f"{where} {link_text}".strip())
        if not self.linked_labels[url]:
            del self.linked_labels[url]

    def follow(self, page, href, link_text):
        """Queue a link to a record page, an API record, a file or the next page of a list."""
        if not href.startswith("/") and not href.startswith("?"):
            return
        if href.startswith("//"):
            return
        parts = urlsplit(html.unescape(href))
        path = parts.path or urlsplit(page).path
        if path.startswith(NEVER_FETCH_PREFIXES):
            return
        query = dict(parse_qsl(parts.query))
        if "page" in query and set(query) <= {"page", "per_page", "q", "sort", "export"}:
            target = f"{path}?{urlencode(sorted(query.items()))}"
            if target not in self.status and self.pages_of[path] < MAX_PAGES_PER_LIST:
                self.pages_of[path] += 1
                self.queue.append(target)
            return
        try:
            match = resolve(path)
        except Resolver404:
            return
        if match.view_name in self.never and match.view_name not in FILE_VIEWS:
            return
        if "pk" not in match.kwargs:
            return
        if getattr(view_model(match.func), "access_public_read", False):
            return  # reference data every user reads (54 ethnic groups …): the page list reads one of each
        self.links[path].setdefault(page, link_text)
        if path not in self.status:
            self.queue.append(path)

    # --- what was found ---------------------------------------------------------------------------------------
    def broken_links(self):
        """{linked url: {page: link text}} of the links to record pages that answered 404 to this user."""
        return {url: pages for url, pages in self.links.items() if self.status.get(url) == 404}

    def failures(self):
        lines = []
        for url, found in sorted(self.leaks.items()):
            for text, (where, context) in sorted(found.items()):
                lines.append(f"  LEAK {url}\n      {text} [{where}]\n      … {context}")
        for url, found in sorted(self.linked_labels.items()):
            for text, (where, href, link_text) in sorted(found.items()):
                lines.append(f"  LINKED LABEL {url}\n      {text} [{where}] in a link to {href}: {link_text!r}")
        for url, pages in sorted(self.broken_links().items()):
            shown = "; ".join(f"{page} ({text!r})" for page, text in sorted(pages.items())[:5])
            more = f" and {len(pages) - 5} more pages" if len(pages) > 5 else ""
            lines.append(f"  LINK TO 404 {url}\n      from {shown}{more}")
        if self.truncated:
            lines.append(f"  CRAWL CUT SHORT after {self.max_requests} requests: raise max_requests")
        return lines
