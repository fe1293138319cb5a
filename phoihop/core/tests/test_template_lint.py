"""Project lint: ids printed in templates must not be localised.

With USE_THOUSAND_SEPARATOR, ``{{ obj.pk }}`` prints id 2480 as "2.480": links (``?post=2.480``), htmx parameters
and data attributes break once a table passes a thousand rows — on PostgreSQL sooner than on SQLite, since its
sequences are not reset between tests. Print ids with ``|unlocalize`` (``{% load l10n %}``); ``{% url %}``
arguments are not localised and need nothing.
"""

import pathlib
import re

from django.conf import settings
from django.test import SimpleTestCase

LOCALISED_ID = re.compile(r"\{\{ ?[a-zA-Z_.]*(?:\.pk|_id|\.id|_pk|_page_number) ?\}\}")


class TestTemplatesPrintIdsUnlocalised(SimpleTestCase):
    def test_no_localised_ids(self):
        root = pathlib.Path(settings.BASE_DIR) / "phoihop" / "templates"
        offenders = [
            f"{path.relative_to(root)}:{number}: {line.strip()}"
            for path in sorted(root.rglob("*.html"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if LOCALISED_ID.search(line)
        ]
        self.assertEqual(offenders, [], "print ids with |unlocalize:\n" + "\n".join(offenders))

    def test_the_rule_catches_a_bare_id(self):
        self.assertTrue(LOCALISED_ID.search('<a href="?post={{ row.post_id }}">'))
        self.assertFalse(LOCALISED_ID.search('<a href="?post={{ row.post_id|unlocalize }}">'))
