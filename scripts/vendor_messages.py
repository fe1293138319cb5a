#!/usr/bin/env python
"""Regenerate phoihop/core/vendor_messages.py: the user-visible messages of the installed DRF, django-filter,
django-tables2 and Django, listed so that ``makemessages`` keeps them in our catalogue (LOCALE_PATHS wins over
the packages' own catalogues), where they are translated into Vietnamese.

The messages are extracted from the installed packages' source with xgettext, as ``makemessages`` does (the
wheels of DRF ship only compiled catalogues and django-filter ships no Vietnamese one); msgids that only appear
in the packages' shipped .po/.mo catalogues are added too. For Django only the validation, form, pagination and
authentication messages are listed: the rest of Django's own Vietnamese catalogue is used as it is.

Usage, after upgrading one of these packages:

    .venv/bin/python scripts/vendor_messages.py          # rewrite the module
    .venv/bin/python scripts/vendor_messages.py --check  # exit 1 if the module is out of date
    then makemessages, translate the new entries, compilemessages (see docs/architecture.md, "Translations").
"""

import argparse
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "phoihop" / "core" / "vendor_messages.py"
sys.path.insert(0, str(ROOT))

# (constant name, distribution, import package, files or folders inside it, catalogues to take msgids from)
SOURCES = [
    ("DJANGO_REST_FRAMEWORK", "djangorestframework", "rest_framework", ["."], ["locale/en/LC_MESSAGES/django.mo"]),
    ("DJANGO_FILTER", "django-filter", "django_filters", ["."], ["locale/de/LC_MESSAGES/django.po"]),
    ("DJANGO_TABLES2", "django-tables2", "django_tables2", ["."], ["locale/en/LC_MESSAGES/django.po"]),
    (
        "DJANGO",
        "Django",
        "django",
        [
            "core/validators.py",
            "core/paginator.py",
            "forms",
            "db/models/base.py",
            "db/models/constraints.py",
            "db/models/fields",
            "contrib/auth/forms.py",
            "contrib/auth/password_validation.py",
            "contrib/auth/validators.py",
            "utils/text.py",
            "views/csrf.py",
        ],
        [],
    ),
]
# Lines of Django's source whose strings users of phoihop never see (model field descriptions, for admindocs).
SKIP_LINE_STARTS = ("description = ",)

XGETTEXT = [
    "xgettext",
    "--language=Python",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--from-code=UTF-8",
    "--no-wrap",
    "-o",
    "-",
]


def package_dir(package):
    return Path(importlib.util.find_spec(package).origin).resolve().parent


def source_files(base, parts):
    for part in parts:
        path = (base / part).resolve()
        if path.is_file():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            if found.suffix in (".py", ".html", ".txt") and "locale" not in found.parts and "tests" not in found.parts:
                yield found


def extract(base, parts):
    """Entries (polib) of every translatable string of these files, in file order."""
    from django.utils.translation.template import templatize

    entries = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in source_files(base, parts):
            text = path.read_text(encoding="utf-8")
            name = str(path.relative_to(base))
            if path.suffix != ".py":
                if "trans" not in text:
                    continue
                text = templatize(text, origin=name)
            scratch = Path(tmp) / (name.replace(os.sep, "__") + ".py")
            scratch.write_text(text, encoding="utf-8")
            out = subprocess.run([*XGETTEXT, str(scratch)], capture_output=True, text=True, check=True).stdout
            if not out.strip():
                continue
            lines = path.read_text(encoding="utf-8").splitlines() if path.suffix == ".py" else []
            for entry in polib.pofile(out.replace("charset=CHARSET", "charset=UTF-8")):
                line = int(entry.occurrences[0][1]) if entry.occurrences else 0
                if lines and lines[line - 1].strip().startswith(SKIP_LINE_STARTS):
                    continue
                entry.occurrences = [(name, "")]
                entries.append(entry)
    return entries


def catalogue_entries(base, catalogues):
    entries = []
    for relative in catalogues:
        path = base / relative
        if path.exists():
            catalogue = polib.mofile(str(path)) if path.suffix == ".mo" else polib.pofile(str(path))
            for entry in catalogue:
                if entry.msgid and not entry.obsolete:
                    entry.occurrences = [(relative, "")]
                    entries.append(entry)
    return entries


def call(entry):
    if entry.msgid_plural:
        if entry.msgctxt:
            return f"npgettext_lazy({entry.msgctxt!r}, {entry.msgid!r}, {entry.msgid_plural!r}, 1)"
        return f"ngettext_lazy({entry.msgid!r}, {entry.msgid_plural!r}, 1)"
    if entry.msgctxt:
        return f"pgettext_lazy({entry.msgctxt!r}, {entry.msgid!r})"
    return f"gettext_noop({entry.msgid!r})"


def render():
    seen = set()
    blocks = []
    versions = []
    used = set()
    for constant, distribution, package, parts, catalogues in SOURCES:
        base = package_dir(package)
        versions.append(f"{distribution} {importlib.metadata.version(distribution)}")
        lines = [f"{constant} = ["]
        current_file = None
        for entry in extract(base, parts) + catalogue_entries(base, catalogues):
            key = (entry.msgctxt, entry.msgid)
            if key in seen:
                continue
            seen.add(key)
            name = entry.occurrences[0][0]
            if name != current_file:
                lines.append(f"    # {package}/{name}")
                current_file = name
            text = call(entry)
            used.add(text.split("(")[0])
            lines.append(f"    {text},")
        lines.append("]")
        blocks.append("\n".join(lines))
    header = (
        '"""User-visible messages of the packages phoihop uses, so that makemessages keeps them in\n'
        "locale/vi/LC_MESSAGES/django.po (LOCALE_PATHS takes precedence over the packages' catalogues), where\n"
        "they are translated into Vietnamese. Nothing imports this module.\n\n"
        f"Generated by scripts/vendor_messages.py from {', '.join(versions)}. Do not edit: run the script.\n"
        '"""\n\n'
        "# ruff: noqa: E501\n"
        f"from django.utils.translation import {', '.join(sorted(used))}\n\n"
    )
    source = header + "\n\n".join(blocks) + "\n"
    return subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the module is out of date")
    args = parser.parse_args()
    source = render()
    if args.check:
        if TARGET.read_text(encoding="utf-8") != source:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run scripts/vendor_messages.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(source, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
