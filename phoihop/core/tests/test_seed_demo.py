from io import StringIO

import pytest
from django.core.management import call_command

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.core.choices import Classification, Role
from phoihop.orgs.choices import AreaKind, SharingMode
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def org(code):
    return Organisation.objects.get(code=code)


def snapshot():
    return {
        model.__name__: sorted(model._base_manager.values_list("pk", "password" if model is User else "version"))
        for model in (Area, OrganisationKind, Organisation, SharingRule, Membership, User)
    }


@pytest.mark.django_db
def test_seed_demo_twice():
    output = seed()

    # The areas of Lạng Sơn were loaded on the way.
    assert Area.objects.filter(parent__code="20", kind__in=[AreaKind.COMMUNE, AreaKind.WARD]).count() == 65
    border = Area.objects.filter(is_border_commune=True)
    assert border.count() == 10
    assert set(border.values_list("parent__code", flat=True)) == {"20"}
    assert not border.filter(border_length_km__isnull=True).exists()
    district = Area.objects.get(code="20-H-CL")
    assert district.kind == AreaKind.DISTRICT and district.valid_to.isoformat() == "2025-06-30"
    assert set(district.successors.values_list("name", flat=True)) == {"Xã Đồng Đăng", "Xã Ba Sơn", "Xã Cao Lộc"}
    assert Area.objects.filter(kind=AreaKind.VILLAGE, parent__is_border_commune=True).count() >= 3

    # Two separate trees: the Party committee and the Border Guard chain of command.
    tu, du, bch = org("TU-LS"), org("DU-BDBP"), org("BCH-BDBP")
    assert tu.parent is None and tu.depth == 0 and tu.path == f"/{tu.pk}/"
    assert du.parent is None and du.depth == 0 and du.path == f"/{du.pk}/"
    assert org("VP-TU").path == f"{tu.path}{org('VP-TU').pk}/"
    assert bch.path == f"{du.path}{bch.pk}/"
    assert org("PCT-BDBP").parent == bch
    post, cell = org("DBP-POMA"), org("CB-DBP-POMA")
    assert post.parent == bch and post.kind.code == "border_post"
    assert cell.path == f"/{du.pk}/{bch.pk}/{post.pk}/{cell.pk}/" and cell.depth == 3
    assert Organisation.objects.filter(kind__code="border_post", parent=bch).count() == 5
    assert Organisation.objects.filter(kind__code="post_party_cell", depth=3, path__startswith=du.path).count() == 5
    assert list(post.areas.values_list("name", flat=True)) == ["Xã Quốc Khánh"]
    ba_son = org("DUX-BASON")
    assert ba_son.name == "Đảng ủy xã Ba Sơn" and ba_son.parent == tu
    assert list(ba_son.areas.values_list("name", flat=True)) == ["Xã Ba Sơn"]
    assert Organisation.objects.filter(kind__code="commune_party_committee", parent=tu).count() == 10
    huyen_uy = org("HU-CAOLOC")
    assert huyen_uy.parent == tu and huyen_uy.valid_to.isoformat() == "2025-06-30"
    assert huyen_uy.successor.kind.code == "commune_party_committee"
    assert OrganisationKind.objects.get(code="post_party_cell").is_party_body
    # The command's superior is outside the tree: it is printed from the organisation's own field.
    from phoihop.reports.compose import parent_body, place_of

    assert bch.superior_body_name == "Bộ Tư lệnh Bộ đội Biên phòng"
    assert parent_body(bch) == "BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG" and parent_body(tu) == ""
    assert place_of(ba_son) == "Ba Sơn" and place_of(tu) == "Lạng Sơn"
    assert not OrganisationKind.objects.get(code="border_post").is_party_body

    rules = {(r.owner.code, r.viewer.code): r for r in SharingRule.objects.all()}
    assert rules[("DU-BDBP", "TU-LS")].mode == SharingMode.TOTALS
    assert rules[("DU-BDBP", "TU-LS")].include_subtree and rules[("DU-BDBP", "TU-LS")].content_type is None
    assert rules[("TU-LS", "DU-BDBP")].mode == SharingMode.FULL

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.clearance == Classification.TOP_SECRET
    assert admin.check_password("phoihop-demo-2025")
    expected = {
        "tinhuy.admin": (Role.ADMIN, "TU-LS"),
        "tinhuy.viewer": (Role.VIEWER, "TU-LS"),
        "vanphong.reporter": (Role.REPORTER, "VP-TU"),
        "bdbp.admin": (Role.ADMIN, "DU-BDBP"),
        "bch.approver": (Role.APPROVER, "BCH-BDBP"),
        "pomadon.reporter": (Role.REPORTER, "DBP-POMA"),
        "pomadon.viewer": (Role.VIEWER, "DBP-POMA"),
        "baso.reporter": (Role.REPORTER, "DUX-BASON"),
    }
    for username, (role, code) in expected.items():
        user = User.objects.get(username=username)
        assert not user.is_superuser
        assert user.check_password("phoihop-demo-2025")
        assert Membership.objects.filter(user=user, organisation__code=code, role=role).exists(), username
    assert User.objects.get(username="tinhuy.viewer").clearance == Classification.CONFIDENTIAL
    for level_org in ("TU-LS", "BCH-BDBP", "DBP-POMA", "DUX-BASON"):
        roles = set(
            Membership.objects.filter(organisation__path__startswith=org(level_org).path).values_list("role", flat=True)
        )
        assert {Role.VIEWER, Role.REPORTER, Role.APPROVER} <= roles, level_org

    # History was written, on behalf of the admin.
    assert ChangeRecord.objects.filter(actor=admin, content_type__model="organisation").exists()
    assert "phoihop-demo-2025" in output and "pomadon.reporter" in output

    records, state = ChangeRecord.objects.count(), snapshot()
    output = seed()
    assert ChangeRecord.objects.count() == records
    assert snapshot() == state
    assert "0 created, 0 updated, 0 restored" in output


@pytest.mark.django_db
def test_seed_demo_respects_user_edits_and_restores_deleted_demo_records():
    from decimal import Decimal

    from django.utils import timezone

    seed()
    admin = User.objects.get(username="admin")
    ba_son = Area.objects.get(parent__code="20", name="Xã Ba Sơn")
    Area.objects.filter(pk=ba_son.pk).update(border_length_km=Decimal("7.25"))
    cell = org("CB-DBP-BINHNGHI")
    # the cell still owns demo records, so record_delete refuses it; an organisation deleted before that
    # check existed is still brought back by the seed
    assert cell.delete_blockers()
    Organisation.objects.filter(pk=cell.pk).update(deleted_at=timezone.now(), deleted_by=admin)

    output = seed()

    assert "1 restored" in output
    ba_son.refresh_from_db()
    assert ba_son.border_length_km == Decimal("7.25")  # the province's own figure is kept
    assert Organisation.all_objects.filter(code="CB-DBP-BINHNGHI").count() == 1
    assert org("CB-DBP-BINHNGHI").pk == cell.pk
