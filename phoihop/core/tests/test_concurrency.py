"""A border post's whole staff writes at once: concurrent creates and deletes all succeed.

On SQLite a deferred transaction that reads before it writes cannot be upgraded to a write lock while
another writer holds it, and fails at once with "database is locked"; write transactions therefore begin
IMMEDIATE and wait up to the busy timeout. These tests run real threads against one database file (see
``phoihop/settings/test.py``), and on PostgreSQL against the test database.
"""

import itertools
import threading
from decimal import Decimal

from django.db import connection
from django.test import Client, TransactionTestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token

from phoihop.border.models import Marker
from phoihop.core.testing.world import build_world

WRITERS = 16
numbers = itertools.count(1000)


def run_together(jobs):
    """Run each job in its own thread, all released at the same moment; returns their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except Exception as exc:  # reported by the assertions, never swallowed
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def outcome(response):
    if isinstance(response, Exception):
        return repr(response)
    return response.status_code, response.content[:300]


class TestConcurrentWriters(TransactionTestCase):
    def setUp(self):
        self.world = build_world()
        self.user = self.world.a_reporter
        self.token = Token.objects.create(user=self.user)

    def api_client(self):
        return Client(HTTP_AUTHORIZATION=f"Token {self.token.key}")

    def page_client(self):
        client = Client()
        client.force_login(self.user)
        return client

    def api_create(self, client, number):
        data = {"number": number, "latitude": "21.95", "longitude": "106.7", "post": self.world.a.pk}
        return lambda: client.post("/api/border/markers/", data, content_type="application/json")

    def form_create(self, client, number):
        data = {"number": number, "latitude": "21,95", "longitude": "106,7", "post": self.world.a.pk}
        return lambda: client.post(reverse("border:marker_add"), data)

    def test_sixteen_api_and_sixteen_form_writers_all_succeed(self):
        api_numbers = [str(next(numbers)) for _ in range(WRITERS)]
        form_numbers = [str(next(numbers)) for _ in range(WRITERS)]
        api_jobs = [self.api_create(self.api_client(), number) for number in api_numbers]
        form_jobs = [self.form_create(self.page_client(), number) for number in form_numbers]
        results = run_together([job for pair in zip(api_jobs, form_jobs, strict=True) for job in pair])

        api_results, form_results = results[0::2], results[1::2]
        self.assertEqual([outcome(r)[0] for r in api_results], [201] * WRITERS, [outcome(r) for r in api_results])
        self.assertEqual([outcome(r)[0] for r in form_results], [302] * WRITERS, [outcome(r) for r in form_results])
        self.assertEqual(Marker.objects.filter(post=self.world.a).count(), 2 * WRITERS)
        self.assertEqual(set(Marker.objects.values_list("number", flat=True)), set(api_numbers) | set(form_numbers))

    def test_concurrent_deletes_all_succeed(self):
        markers = []
        for _ in range(2 * WRITERS):
            marker = Marker(
                post=self.world.a, number=str(next(numbers)), latitude=Decimal("21.95"), longitude=Decimal("106.7")
            )
            marker.full_clean()
            marker.save()
            markers.append(marker)
        kept = Marker(
            post=self.world.a, number=str(next(numbers)), latitude=Decimal("21.9"), longitude=Decimal("106.6")
        )
        kept.save()
        jobs = []
        for index, marker in enumerate(markers):
            if index % 2:
                client = self.api_client()
                jobs.append(lambda c=client, m=marker: c.delete(f"/api/border/markers/{m.pk}/"))
            else:
                client = self.page_client()
                jobs.append(lambda c=client, m=marker: c.post(f"/border/markers/{m.pk}/delete/"))
        results = run_together(jobs)

        self.assertEqual([outcome(r)[0] for r in results], [302, 204] * WRITERS, [outcome(r) for r in results])
        self.assertEqual(list(Marker.objects.filter(post=self.world.a)), [kept])
        self.assertEqual(Marker.all_objects.filter(deleted_at__isnull=False).count(), 2 * WRITERS)
