"""The case categories of the national programme against crime along the border, and the usual types of seized
items with their units (the lists superusers may then extend)."""

from django.db import migrations

CATEGORIES = [
    # code, name, default nature
    ("ma-tuy", "Ma túy", "criminal"),
    ("mua-ban-nguoi", "Mua bán người (phụ nữ, trẻ em)", "criminal"),
    ("tien-gia", "Tiền giả", "criminal"),
    ("vu-khi-vat-lieu-no", "Vũ khí, vật liệu nổ, pháo", "criminal"),
    ("buon-lau", "Buôn lậu", "administrative"),
    ("gian-lan-thuong-mai", "Gian lận thương mại", "administrative"),
    ("xuat-nhap-canh-trai-phep", "Xuất nhập cảnh trái phép", "administrative"),
    ("khac", "Khác", "administrative"),
]

ITEM_TYPES = [
    # code, name, default unit, has a face value
    ("heroin", "Heroin", "g", False),
    ("ma-tuy-tong-hop", "Ma túy tổng hợp", "vien", False),
    ("can-sa", "Cần sa", "kg", False),
    ("phao", "Pháo", "kg", False),
    ("tien-gia", "Tiền giả", "to", True),
    ("vu-khi", "Vũ khí", "khau", False),
    ("luu-dan", "Lựu đạn", "qua", False),
    ("kip-no", "Kíp nổ", "kip", False),
    ("thuoc-no", "Thuốc nổ", "kg", False),
    ("thuoc-la", "Thuốc lá", "bao", False),
    ("gia-cam", "Gia cầm", "con", False),
    ("xang-dau", "Xăng dầu", "lit", False),
    ("hang-hoa-khac", "Hàng hóa khác", "chiec", False),
]


def seed(apps, schema_editor):
    CaseCategory = apps.get_model("security", "CaseCategory")
    SeizedItemType = apps.get_model("security", "SeizedItemType")
    for order, (code, name, nature) in enumerate(CATEGORIES, start=1):
        if not CaseCategory.objects.filter(code=code, deleted_at__isnull=True).exists():
            CaseCategory.objects.create(
                code=code, name=name, default_nature=nature, sort_order=order * 10, search_text=fold(code, name)
            )
    for order, (code, name, unit, face) in enumerate(ITEM_TYPES, start=1):
        if not SeizedItemType.objects.filter(code=code, deleted_at__isnull=True).exists():
            SeizedItemType.objects.create(
                code=code,
                name=name,
                default_unit=unit,
                has_face_value=face,
                sort_order=order * 10,
                search_text=fold(code, name),
            )


def fold(*parts):
    from phoihop.core.text import fold as fold_text

    return fold_text(" ".join(parts))


def unseed(apps, schema_editor):
    apps.get_model("security", "CaseCategory").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()
    apps.get_model("security", "SeizedItemType").objects.filter(code__in=[t[0] for t in ITEM_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
