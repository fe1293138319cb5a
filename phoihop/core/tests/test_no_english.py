"""No English in the Vietnamese interface: every page, crawled as Vietnamese users of three levels.

The crawl (``phoihop.core.testing.crawl``) resolves every URL pattern of the site with one record of every
registered type, GETs each page (lists with rows and their second page, detail, edit, delete and history pages,
home, dashboard, map, calendar, statistics, reports, accounts pages …), posts empty forms, a bad import and empty
workflow forms to see their errors, and reads what a person sees: the text and the placeholder, title, aria-label,
alt, button values and option labels. It fails, naming the page and the text, when one is an English msgid of our
catalogue or of a package's (Django, DRF, django-filter, django-tables2 …) shown untranslated, a word of
``NEVER_ENGLISH``, a package's model name, a run of English words, or a machine date (2026-01-15, 10:12:05.123456,
+00:00).
"""

import io
import os
import re
from collections import defaultdict
from pathlib import Path

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from phoihop.core.testing.crawl import build_crawl_data, english_leaks, page_urls, visible_texts
from phoihop.core.testing.views import WorldMixin, state_purpose
from phoihop.core.text import fold
from phoihop.core.urls_helpers import REGISTRY

#: the test-only app's record type (tests/testapp) is not part of the interface, nor are its English names
TEST_ONLY = {"testapp.SecretNote"}
TEST_ONLY_NAMES = ("secret note", "testapp")
NEXT_PAGE = re.compile(r"href=\"(\?[^\"]*\bpage=2\b[^\"]*)\"")
#: CRAWL_DUMP=/some/folder keeps every page read, to look at what the crawl saw
DUMP = os.environ.get("CRAWL_DUMP")


class Crawl:
    """What one user's crawl saw: the leaks by page and the status of every page."""

    def __init__(self, client, user):
        self.client = client
        self.user = user
        self.leaks = defaultdict(list)
        self.visited = {}

    def read(self, label, response):
        self.visited[label] = response.status_code
        if not response.get("Content-Type", "").startswith("text/html"):
            return ""
        html = response.content.decode()
        if DUMP:
            folder = Path(DUMP) / self.user.username
            folder.mkdir(parents=True, exist_ok=True)
            (folder / (re.sub(r"\W+", "_", label)[:150] + ".html")).write_text(html, encoding="utf-8")
        for text, why in english_leaks(visible_texts(html)):
            if not any(name in text.casefold() for name in TEST_ONLY_NAMES):
                self.leaks[label].append(f"{text!r} ({why})")
        return html

    def get(self, url, params=None, label=None, **extra):
        response = self.client.get(url, params or {}, **extra)
        html = self.read(label or url, response)
        match = NEXT_PAGE.search(html)
        if match and params is None and "?" not in url:  # the second page of a list
            self.get(url + match.group(1).replace("&amp;", "&"), label=f"{url} page 2")
        return response

    def post(self, url, data, label):
        response = self.client.post(url, data, follow=True)
        self.read(label, response)
        return response

    def report(self):
        lines = [f"{page}: {', '.join(found)}" for page, found in sorted(self.leaks.items())]
        return f"English under Vietnamese for {self.user.username}:\n" + "\n".join(lines)


class TestNoEnglish(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with cls.captureOnCommitCallbacks(execute=True):
            cls.records = build_crawl_data(cls.world)

    def crawl(self, user):
        translation.activate("vi")
        self.assertEqual(user.language, "vi")
        self.client.force_login(user)
        state_purpose(self.client)  # pages of personal data open at once, instead of asking why first
        crawl = Crawl(self.client, user)
        pages, unresolved = page_urls(self.records)
        for _name, url in pages:
            crawl.get(url)
        # searches, filters with good and bad values, a sorted list, an expanded tree, a list updated in place
        crawl.get(reverse("work:task_list"), {"q": "tuần tra", "sort": "-deadline"}, label="task search")
        crawl.get(reverse("orgs:organisation_list"), {"q": "không có kết quả nào"}, label="search finding nothing")
        crawl.get(reverse("border:marker_list"), {"post": "x", "within": "-5"}, label="bad filter values")
        crawl.get(reverse("audit:activity"), {"content_type": "abc", "date_from": "31/02/2026"}, label="bad activity")
        crawl.get(reverse("orgs:organisation_tree"), {"parent": self.world.province.pk}, label="tree expanded")
        crawl.get(reverse("work:task_list"), {"q": "nhiệm vụ"}, label="htmx list", headers={"HX-Request": "true"})
        # the errors of empty forms, of a bad import, of empty workflow forms
        for name, url in pages:
            if name.endswith("_add"):
                crawl.post(url, {}, label=f"{url} (empty form)")
        upload = io.BytesIO(b"\x00\x01 not a spreadsheet")
        upload.name = "x.xlsx"
        crawl.post(reverse("orgs:organisation_import"), {"file": upload}, label="bad import")
        task = self.records["work.Task"]
        crawl.post(reverse("work:task_action", args=[task.pk, "report"]), {}, label="empty progress report")
        crawl.post(reverse("work:task_action", args=[task.pk, "extend"]), {}, label="empty extension request")
        crawl.post(reverse("work:task_action", args=[task.pk, "return"]), {}, label="return without a reason")
        return crawl, pages, unresolved

    def assertNoEnglish(self, user):
        crawl, pages, unresolved = self.crawl(user)
        self.assertGreater(len(pages), 250)
        self.assertEqual({label: status for label, status in crawl.visited.items() if status >= 500}, {})
        self.assertFalse(crawl.leaks, crawl.report())
        return crawl, unresolved

    def test_province_admin(self):
        crawl, unresolved = self.assertNoEnglish(self.world.p_admin)
        # every record type has a record, so that its detail, edit, delete and history pages were read
        self.assertEqual(sorted(set(REGISTRY) - TEST_ONLY - set(self.records)), [])
        self.assertEqual(unresolved, [])
        read = {label for label, status in crawl.visited.items() if status == 200}
        for page in ("/", "/reports/dashboard/", "/border/map/", "/work/calendar/", "/work/tasks/ page 2"):
            self.assertIn(page, read)

    def test_post_reporter(self):
        self.assertNoEnglish(self.world.a_reporter)

    def test_post_viewer(self):
        self.assertNoEnglish(self.world.a_viewer)


class TestTheCrawlFindsLeaks(TestCase):
    """The reader and the rules catch what they must, and leave data, scripts and the language switch alone."""

    def test_leaks_are_found(self):
        html = """<html><body>
          <nav aria-label="Table navigation"></nav><a>next »</a><a>« previous</a>
          <select name="content_type"><option>Tasks Database Backend | Task Result</option>
            <option>Axes | access attempt</option></select>
          <td>2026-01-15 03:12:05.123456+00:00</td><input type="submit" value="Save">
          <input placeholder="Search"><p>This field is required.</p><span title="Ensure this value is less
          than or equal to 5.">!</span><p>There is nothing here yet, come back later</p></body></html>"""
        found = [text for text, _why in english_leaks(visible_texts(html))]
        self.assertEqual(
            found,
            [
                "Table navigation",
                "next »",
                "« previous",
                "Tasks Database Backend | Task Result",
                "Axes | access attempt",
                "2026-01-15 03:12:05.123456+00:00",
                "Save",
                "Search",
                "This field is required.",
                "Ensure this value is less than or equal to 5.",
                "There is nothing here yet, come back later",
            ],
        )

    def test_vietnamese_data_scripts_and_the_language_switch_are_not_leaks(self):
        html = """<html><head><title>Nhiệm vụ · phoihop</title><style>.next{}</style></head><body>
          <script>const label = "Loading next page";</script>
          <select name="language" data-testid="language">
            <option value="vi">Tiếng Việt</option><option value="en">English</option></select>
          <h1>Đồn Biên phòng Ba Sơn</h1><td>CT-12</td><td>3.840,5 ha</td><td>15/01/2026 10:12</td>
          <code>latitude</code><a title="Trang sau">Trang sau »</a><span>API</span><p>Tệp Excel</p></body></html>"""
        self.assertEqual(english_leaks(visible_texts(html)), [])


class TestActivityAndRecordTypes(WorldMixin, TestCase):
    """The leaks of issue 12 stay fixed: the activity page prints local times dd/mm/yyyy HH:MM (its changes too),
    and a record-type choice offers phoihop's record types by their Vietnamese names only."""

    def test_activity_prints_local_times_in_vietnamese_format(self):
        import datetime

        from phoihop.border.models import Patrol

        start = datetime.datetime(2025, 7, 1, 0, 30, 15, 123456, tzinfo=datetime.UTC)  # 07:30 in Hà Nội
        Patrol.objects.create(post=self.world.a, started_at=start, ended_at=start + datetime.timedelta(hours=4))
        self.client.force_login(self.world.a_admin)
        response = self.client.get(reverse("audit:activity"))
        self.assertContains(response, "01/07/2025 07:30")
        self.assertContains(response, "01/07/2025 11:30")
        self.assertNotContains(response, "2025-07-01")
        self.assertNotContains(response, ".123456")
        now = timezone.localtime()
        self.assertRegex(response.content.decode(), rf"{now:%d/%m/%Y} \d\d:\d\d")

    def test_record_type_choices_are_phoihops_own_by_name(self):
        self.client.force_login(self.world.p_admin)
        for url in (reverse("audit:activity"), reverse("orgs:sharingrule_list"), reverse("orgs:sharingrule_add")):
            field = self.client.get(url).context["filter_form" if "add" not in url else "form"]["content_type"].field
            labels = [str(label) for value, label in field.choices if value != ""]
            self.assertIn("Nhiệm vụ", labels, url)
            self.assertIn("Cột mốc", labels, url)
            for label in labels:
                self.assertNotIn("|", label, url)
                self.assertNotIn("Task Result", label, url)
                self.assertNotIn("access attempt", label, url)
        self.assertEqual(labels, sorted(labels, key=lambda text: fold(text)))
