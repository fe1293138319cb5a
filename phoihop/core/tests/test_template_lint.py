"""Project lint of the templates: ids printed unlocalised; no inline script, event handler or ``javascript:`` URL.

With USE_THOUSAND_SEPARATOR, ``{{ obj.pk }}`` prints id 2480 as "2.480": links (``?post=2.480``), htmx parameters
and data attributes break once a table passes a thousand rows — on PostgreSQL sooner than on SQLite, since its
sequences are not reset between tests. Print ids with ``|unlocalize`` (``{% load l10n %}``); ``{% url %}``
arguments are not localised and need nothing.

The Content-Security-Policy allows scripts only from our own files (``script-src 'self'``,
``core.middleware.SecurityHeadersMiddleware``): a ``<script>`` without ``src`` (other than a JSON data block), an
``on<event>=`` attribute or a ``javascript:`` link would silently do nothing in the browser. Name the behaviour
with a data attribute and handle it in ``static/phoihop/behaviours.js``.
"""

import pathlib
import re

from django.conf import settings
from django.test import SimpleTestCase

LOCALISED_ID = re.compile(r"\{\{ ?[a-zA-Z_.]*(?:\.pk|_id|\.id|_pk|_page_number) ?\}\}")
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)
DATA_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json\b""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
#: htmx attributes that run code: hx-on handlers, hx-vars, "js:" values (htmx runs with allowEval: false)
HTMX_EVAL = re.compile(r"""\s(?:data-)?hx-(?:on\b|vars\s*=)|\shx-vals\s*=\s*["']\s*js:""", re.IGNORECASE)
TEMPLATES = pathlib.Path(settings.BASE_DIR) / "phoihop" / "templates"


def script_offences(text: str) -> list[str]:
    """What the Content-Security-Policy would block in a template's text: inline scripts, event-handler attributes,
    ``javascript:`` URLs."""
    found = []
    for tag in SCRIPT_TAG.findall(text):
        if not re.search(r"\ssrc\s*=", tag, re.IGNORECASE) and not DATA_SCRIPT_TYPE.search(tag):
            found.append(f"inline script {tag}")
    found += [f"event handler {match.group().strip()}" for match in EVENT_HANDLER.finditer(text)]
    found += ["javascript: URL" for _match in JAVASCRIPT_URL.finditer(text)]
    found += [f"htmx code {match.group().strip()}" for match in HTMX_EVAL.finditer(text)]
    return found


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


class TestTemplatesNeedNoInlineScript(SimpleTestCase):
    def test_no_inline_script_event_handler_or_javascript_url(self):
        offenders = [
            f"{path.relative_to(TEMPLATES)}: {offence}"
            for path in sorted(TEMPLATES.rglob("*.html"))
            for offence in script_offences(path.read_text(encoding="utf-8"))
        ]
        self.assertEqual(offenders, [], "blocked by script-src 'self':\n" + "\n".join(offenders))

    def test_the_rule_catches_what_the_policy_blocks(self):
        for bad in (
            "<script>alert(1)</script>",
            '<SCRIPT type="text/javascript">x()</SCRIPT>',
            '<script type="module">import "./a.js"</script>',
            '<input type="checkbox" onclick="go()">',
            '<select name="language"\n        onchange="this.form.submit()">',
            "<body onload='start()'>",
            '<a href="javascript:history.back()">',
            '<a href="JavaScript:void(0)">',
            '<button hx-on:click="alert(1)">',
            '<form hx-on::after-request="this.reset()">',
            """<div hx-vals='js:{"a": now()}'>""",
        ):
            self.assertTrue(script_offences(bad), bad)
        for good in (
            "<script src=\"{% static 'phoihop/map.js' %}\" defer></script>",
            '<script\n  src="/static/a.js"></script>',
            '<script type="application/json" id="map-data">{"a": 1}</script>',
            '<input type="checkbox" data-select-all="figures">',
            '<a class="btn" href="/" data-history-back>',
            '<div data-on-click="x" class="button-online">',
            "{% translate 'Shown on the map' %}",
            """<div hx-vals='{"page": 2}' hx-target="#list">""",
        ):
            self.assertEqual(script_offences(good), [], good)
