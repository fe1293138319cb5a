"""A small organisation tree with users of every role, shared by the base test classes.

Province (P) ── Post A ── Cell A1
            └── Commune B            (B is "outside" for A's users and vice versa)
"""

from types import SimpleNamespace

from phoihop.accounts.models import Membership, User
from phoihop.core.choices import Classification, Role
from phoihop.orgs.models import Organisation, OrganisationKind

PASSWORD = "correct-horse-battery-staple"


def make_user(username, organisation=None, role=Role.VIEWER, **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username.title(), **extra)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def build_world():
    kind = OrganisationKind.objects.create(code="test_kind", name="Test kind")
    province = Organisation.objects.create(name="Tỉnh ủy Thử nghiệm", code="T-P", kind=kind)
    post_a = Organisation.objects.create(name="Đồn Biên phòng Ba Sơn", code="T-A", kind=kind, parent=province)
    cell_a1 = Organisation.objects.create(name="Chi bộ Đồn Ba Sơn", code="T-A1", kind=kind, parent=post_a)
    commune_b = Organisation.objects.create(name="Đảng ủy xã Đồng Đăng", code="T-B", kind=kind, parent=province)
    return SimpleNamespace(
        kind=kind,
        province=province,
        a=post_a,
        a1=cell_a1,
        b=commune_b,
        a_viewer=make_user("a_viewer", post_a, Role.VIEWER),
        a_reporter=make_user("a_reporter", post_a, Role.REPORTER),
        a_approver=make_user("a_approver", post_a, Role.APPROVER),
        a_admin=make_user("a_admin", post_a, Role.ADMIN),
        a_secret=make_user("a_secret", post_a, Role.ADMIN, clearance=Classification.SECRET),
        b_admin=make_user("b_admin", commune_b, Role.ADMIN, clearance=Classification.TOP_SECRET),
        p_viewer=make_user("p_viewer", province, Role.VIEWER),
        p_admin=make_user("p_admin", province, Role.ADMIN),
        superuser=make_user("root", None, is_superuser=True, is_staff=True, clearance=Classification.TOP_SECRET),
    )


def editor_for(world, model):
    """The least-privileged user of post A who may edit records of ``model``."""
    role = getattr(model, "access_edit_role", Role.REPORTER)
    if role is None:
        return world.superuser
    return {
        Role.VIEWER: world.a_viewer,
        Role.REPORTER: world.a_reporter,
        Role.APPROVER: world.a_approver,
        Role.ADMIN: world.a_admin,
    }[role]


def agreement_in_force(owner, *parties, number="01-QC/PH", **fields):
    """A coordination agreement in force today between ``parties`` (maintained by ``owner``): the members of either
    side may then name the other side's units in participant fields (``core.access.participant_organisations``)."""
    from phoihop.orgs.choices import AgreementStatus
    from phoihop.orgs.models import Agreement

    fields.setdefault("title", "Quy chế phối hợp")
    agreement = Agreement.objects.create(owner=owner, number=number, status=AgreementStatus.IN_FORCE, **fields)
    agreement.parties.set(parties or [owner])
    return agreement
