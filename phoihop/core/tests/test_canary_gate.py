"""Canaries (issue 16): nothing of a record outside a user's gate reaches that user, on any read path.

Canary strings are planted (``phoihop.core.testing.canaries``) in records of commune B, in records of post A raised
to Mật after their history was written, in a Mật document of post A and in records of post A that name it (a related
document, a task carrying it out) or name B's records (a task carrying out B's document, clause and conclusion).
Three users walk the site: post A's viewer (clearance Thường), a reporter of cell A1 (a narrower scope) and commune
B's admin (another scope, the highest clearance). Each reads every page of ``crawl.page_urls`` resolved with the crawl
data and with every planted record (list, detail, edit, delete and history pages; 404s are fine), every list's CSV and
XLSX export and search, the activity page, every API list and record, the audit API searched for each canary, every
search picker, the map's GeoJSON and KML and each programme's progress map, and the record pages, API records and
report files (DOCX, XLSX) their links lead to. The test fails, once, listing:

- every response carrying a canary of a record the user may not open (LEAK);
- a label of B's document, clause or conclusion — which the readers of post A's task carrying it out may read as
  plain text (``core.naming``, rule 4) — inside a link (LINKED LABEL);
- every link to a record page or API record that answers 404 to the user who was shown it (LINK TO 404): a name of
  public structure (an organisation) may be shown, never linked where it cannot be opened.

``CANARY_REPORT=/some/file`` writes the list to that file as well, and every URL read (user, status, seconds) to
``/some/file.urls``.
"""

import os
import re

from django.test import TestCase
from django.urls import reverse

from phoihop.core.choices import Role
from phoihop.core.pickers import _KINDS as PICKER_KINDS
from phoihop.core.testing.canaries import MARK, CanaryCrawl, plant_canaries, read_page
from phoihop.core.testing.crawl import NOT_HTML, build_crawl_data, page_urls
from phoihop.core.testing.endpoints import api_operations
from phoihop.core.testing.views import WorldMixin, state_purpose
from phoihop.core.testing.world import make_user

#: the API's documentation and the test-only app are not read paths of records
API_SKIPPED = ("/api/schema/", "/api/docs/", "/api/testapp/")
PURPOSE = {"X-Processing-Purpose": "reporting"}


class CanaryWorld(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        with cls.captureOnCommitCallbacks(execute=True):  # notifications and reports are written after commit
            cls.records = build_crawl_data(w)
            cls.a1_user = make_user("a1_reporter", w.a1, Role.REPORTER)
            cls.planted = plant_canaries(w, cls.a1_user)
        cls.users = {"a_viewer": w.a_viewer, "a1_reporter": cls.a1_user, "b_admin": w.b_admin}

    def sign_in(self, user):
        self.client.force_login(user)
        state_purpose(self.client)

    def all_records(self):
        return [*self.records.values(), *self.planted.crawl_records()]


class TestCanaryGate(CanaryWorld, TestCase):
    # --- the crawl can fail: the gate agrees with who may open each planted record, the crawl finds the canaries
    # where they may be read, and a label inside a link is told from the same label in plain text

    def test_the_gate_agrees_with_who_may_open_each_planted_record(self):
        for key, record in self.planted.records.items():
            for username, user in self.users.items():
                visible = type(record).objects.restrict(user, "view").filter(pk=record.pk).exists()
                self.assertEqual(visible, username in self.planted.may_view[key], f"{username} and {key}")

    def test_the_crawl_reads_canaries_where_they_may_be_read(self):
        p = self.planted
        by_key = {key: [c for c in p.canaries if c.record == key] for key in p.records}
        b_doc2, task = p.records["b_document_2"], p.records["b_task"]
        # B's admin reads B's records on their pages, exports and API records
        self.sign_in(self.world.b_admin)
        crawl = CanaryCrawl(self.client, self.world.b_admin, p.canaries, [], never=NOT_HTML, headers=PURPOSE)
        urls = [
            b_doc2.get_absolute_url(),
            reverse("work:document_list") + "?export=xlsx",
            reverse("work:document_list") + "?export=csv",
            f"/api/work/documents/{b_doc2.pk}/",
            reverse("work:task_history", args=[task.pk]),
        ]
        for url in urls:
            crawl.get(url)
        for url in urls[:4]:
            self.assertIn(b_doc2.number, crawl.leaks.get(url, {}), url)
        self.assertIn(by_key["b_task"][0].text, crawl.leaks.get(urls[4], {}))
        # a cleared user of post A reads the Mật document's number, and the raised task's history its old titles
        self.sign_in(self.world.a_secret)
        crawl = CanaryCrawl(self.client, self.world.a_secret, p.canaries, [], never=NOT_HTML, headers=PURPOSE)
        secret, raised = p.records["a_document_secret"], p.records["a_task_raised"]
        crawl.get(secret.get_absolute_url())
        self.assertIn(secret.number, crawl.leaks.get(secret.get_absolute_url(), {}))
        history = reverse("work:task_history", args=[raised.pk])
        crawl.get(history)
        self.assertTrue(
            {c.text for c in by_key["a_task_raised"]} & set(crawl.leaks.get(history, {})),
            "the history of the raised task holds its old titles",
        )

    def test_a_label_is_told_apart_in_a_link_and_in_plain_text(self):
        label = next(c for c in self.planted.canaries if c.implemented_by)
        page = (
            f'<p>Điều khoản: {label.text} Phối hợp</p><a href="/x/" title="t"><span>Xem {label.text}</span></a>'
            '<div class="picker" data-picker="/pick/organisation/?field=a:b"></div><a href="/y/">Khác</a>'
        )
        reader = read_page(page)
        self.assertEqual(reader.links, [("/x/", f"t Xem {label.text}"), ("/y/", "Khác")])
        self.assertEqual(reader.pickers, ["/pick/organisation/?field=a:b"])
        crawl = CanaryCrawl(self.client, self.world.a_viewer, [], [label])
        for href, text in reader.links:
            crawl.check_link_text("page", href, text)
        self.assertEqual(list(crawl.linked_labels["page"]), [label.text])

    # --- the crawl ----------------------------------------------------------------------------------------------
    def pages(self):
        """(URL name, URL) of every page: the crawl data's records and every planted record's, without repeats."""
        found = {}
        pages, unresolved = page_urls(self.records)
        self.assertEqual(unresolved, [])
        for name, url in pages:
            found.setdefault(url, name)
        for record in self.planted.crawl_records():
            for name, url in page_urls({record._meta.label: record})[0]:
                found.setdefault(url, name)
        return [(name, url) for url, name in found.items()]

    def api_urls(self):
        urls = []
        records = self.all_records()
        for path, method, cls, action in api_operations():
            if method != "GET" or path.startswith(API_SKIPPED):
                continue
            if "{" not in path:
                urls.append(path)
                continue
            if action != "retrieve":
                continue
            model = getattr(getattr(cls, "queryset", None), "model", None)
            if model is None:
                continue
            model = model._meta.concrete_model
            for record in records:
                if type(record)._meta.concrete_model is model:
                    urls.append(re.sub(r"\{\w+\}", str(record.pk), path, count=1))
        return list(dict.fromkeys(urls))

    def map_urls(self):
        """The map's GeoJSON and KML (every layer) and each programme's progress map: files the page list skips."""
        from phoihop.border.maps import _LAYERS
        from phoihop.programs.models import Programme

        urls = [reverse("border:map_data")]
        urls += [reverse("border:map_export", kwargs={"fmt": fmt}) for fmt in ("geojson", "kml")]
        urls += [reverse("border:map_layer", kwargs={"key": key}) for key in sorted(_LAYERS)]
        programmes = {r.pk for r in self.all_records() if isinstance(r, Programme)}
        urls += [reverse("programs:programme_progress_geojson", args=[pk]) for pk in sorted(programmes)]
        return urls

    def walk(self, username, pages, api):
        user = self.users[username]
        self.sign_in(user)
        self.client.raise_request_exception = False  # a page that fails is reported with the rest, not alone
        strict, labels = self.planted.forbidden(username)
        crawl = CanaryCrawl(self.client, user, strict, labels, never=NOT_HTML, headers=PURPOSE)
        urls = [url for _name, url in pages]
        for name, url in pages:
            if name.endswith("_list") and "?" not in url:
                urls += [f"{url}?export=csv", f"{url}?export=xlsx", f"{url}?q={MARK}"]
        urls.append(f"{reverse('audit:activity')}?q={MARK}")
        urls += api
        urls += [f"/api/audit/changes/?q={item.text}" for item in self.planted.canaries]
        urls += [f"{reverse('core:pick', args=[kind])}?q={MARK}" for kind in sorted(PICKER_KINDS)]
        urls += self.map_urls()
        crawl.run(urls)
        # the pickers of the forms read (their fields' own choices), searched for the canaries
        searched = set()
        while crawl.pickers - searched:
            for picker in sorted(crawl.pickers - searched):
                searched.add(picker)
                crawl.get(f"{picker}{'&' if '?' in picker else '?'}q={MARK}")
            crawl.drain()
        return crawl

    def test_three_users_of_different_scope_and_clearance(self):
        pages, api = self.pages(), self.api_urls()
        self.assertGreater(len(pages), 300)
        report, read, statuses = [], {}, []
        for username in self.users:
            crawl = self.walk(username, pages, api)
            read[username] = len(crawl.status)
            statuses += [f"{username} {code} {crawl.elapsed[url]:.3f} {url}" for url, code in crawl.status.items()]
            failures = crawl.failures()
            failures += [f"  SERVER ERROR {code} {url}" for url, code in sorted(crawl.status.items()) if code >= 500]
            if failures:
                report.append(f"{username} ({len(failures)}):")
                report += failures
        text = "\n".join(report)
        if os.environ.get("CANARY_REPORT"):
            with open(os.environ["CANARY_REPORT"], "w", encoding="utf-8") as out:
                out.write(f"responses read: {read}\n{text}\n")
            with open(os.environ["CANARY_REPORT"] + ".urls", "w", encoding="utf-8") as out:
                out.write("\n".join(statuses) + "\n")
        if report:
            self.fail(f"Canaries outside the gate (responses read: {read}):\n{text}")
