"""``manage.py seed_scale``: counts that follow the factor, the same data for the same seed, records the
application accepts (the access gate, search, ``full_clean``)."""

import datetime
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.audit.models import ChangeRecord
from phoihop.border.models import Inspection, Marker, Patrol
from phoihop.core import scale
from phoihop.core.choices import Role
from phoihop.core.text import fold, search_terms
from phoihop.orgs.models import Organisation
from phoihop.programs.models import PeriodicFigure
from phoihop.work.models import ProgressReport, Task, TaskUnit

FACTOR = 0.001
END = min(scale.DEFAULT_END, timezone.localdate())


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(**options):
    out = StringIO()
    call_command("seed_scale", factor=FACTOR, end=END, stdout=out, **options)
    return out.getvalue()


class Discard(Exception):
    pass


def figures_of_a_run(seed_value):
    """The key figures of a dataset generated with ``seed_value``, then rolled back."""
    try:
        with transaction.atomic():
            seed(seed=seed_value)
            figures = scale.key_figures()
            raise Discard
    except Discard:
        pass
    assert not Organisation.all_objects.exists()
    return figures


def test_the_plan_scales_with_the_factor():
    national = scale.Plan(1.0)
    assert (national.provinces, national.scale) == (25, 1.0)
    assert (national.patrols, national.inspections, national.tasks) == (1_000_000, 500_000, 200_000)
    assert (national.markers, national.users, national.periodic_figures) == (5000, 5000, 99_000)
    tenth = scale.Plan(0.1)
    assert (tenth.provinces, tenth.patrols, tenth.tasks, tenth.periodic_figures) == (3, 100_000, 20_000, 9900)

    tree = scale.Structure(national, seed=1)
    assert 2000 <= len(tree.orgs) <= 2100
    assert len(tree.users) == 5000
    assert all(8 <= len(province.posts) <= 12 for province in tree.provinces)
    roots = [org for org in tree.orgs if org.parent is None]
    assert [org.code for org in roots] == ["S-VPTW", "S-BTL"]
    for org in tree.orgs:
        assert org.path == f"{org.parent.path if org.parent else '/'}{org.id}/"
    post = tree.provinces[4].posts[2]
    assert post.path.startswith(tree.btl.path) and post.key == "p05.post03"
    assert "p05.post03.reporter2" in {user.username for user in tree.users}
    assert len({user.username for user in tree.users}) == 5000
    # A smaller factor, a smaller tree: organisations and users follow it.
    small = scale.Structure(scale.Plan(0.02), seed=1)
    assert 30 <= len(small.orgs) <= 60 and len(small.users) == 100


@pytest.mark.django_db
def test_seed_scale():
    # The same seed gives the same data; another seed other data.
    first = figures_of_a_run(7)
    assert figures_of_a_run(7) == first
    assert figures_of_a_run(8) != first

    output = seed(seed=7)
    plan = scale.Plan(FACTOR)
    assert Patrol.objects.count() == plan.patrols == 1000
    assert Inspection.objects.count() == plan.inspections == 500
    assert Task.objects.count() == plan.tasks == 200
    assert Marker.objects.count() == plan.markers
    assert PeriodicFigure.objects.count() == plan.periodic_figures == 99
    assert 2.2 * plan.tasks <= TaskUnit.objects.count() <= 2.7 * plan.tasks
    assert 4.5 * plan.tasks <= ProgressReport.objects.count() <= 6.5 * plan.tasks
    assert scale.key_figures() == first
    assert "border_patrol" in output and "p01.post01.reporter" in output and scale.PASSWORD in output
    assert not ChangeRecord.objects.exists()  # no save(), no signals, no history

    # The tree: two national roots, each province below them.
    vptw, btl = Organisation.objects.get(code="S-VPTW"), Organisation.objects.get(code="S-BTL")
    assert vptw.path == f"/{vptw.pk}/" and btl.path == f"/{btl.pk}/"
    tu, bch = Organisation.objects.get(code="S01-TU"), Organisation.objects.get(code="S01-BCH")
    assert tu.parent == vptw and tu.path == f"{vptw.path}{tu.pk}/" and tu.depth == 1
    assert bch.path.startswith(btl.path) and bch.depth == 2
    assert User.objects.get(username=scale.SUPERUSER).is_superuser
    assert User.objects.get(username="bdbp.admin").memberships.get().organisation == btl

    # The gate: a post's reporter sees the post's patrols, nothing of the other post.
    reporter = User.objects.get(username="p01.post01.reporter")
    post = reporter.memberships.get(role=Role.REPORTER).organisation
    own = Patrol.objects.filter(post__path__startswith=post.path)
    visible = Patrol.objects.restrict(reporter)
    assert 0 < visible.count() == own.count() < Patrol.objects.count()
    assert set(visible.values_list("pk", flat=True)) == set(own.values_list("pk", flat=True))
    assert Patrol.objects.restrict(User.objects.get(username="p01.bch.approver")).count() == Patrol.objects.count()

    # Search: the folded words of a name find it.
    for term in search_terms(post.name.upper()):
        assert term == fold(term)
    found = Organisation.objects.all()
    for term in search_terms(post.name.upper()):
        found = found.filter(search_text__contains=term)
    assert post in found
    marker = Marker.objects.filter(inspections__isnull=False).order_by("sort_key").first()
    assert Inspection.objects.filter(search_text__contains=fold(f"{marker.number}")).filter(marker=marker).exists()

    # Every table: what save() would store, and what full_clean() accepts.
    rng = random.Random(1)
    for model in [model for model in scale.MODELS if model is not User]:
        ids = sorted(model._base_manager.values_list("pk", flat=True))
        assert ids, model
        for pk in rng.sample(ids, min(15, len(ids))):
            record = model._base_manager.get(pk=pk)
            record.full_clean()
            assert (record.version, record.deleted_at) == (1, None)
            assert record.search_text == record.build_search_text(), (model, pk)
    for user in User.objects.all()[:20]:
        assert user.search_text == fold(" ".join(str(getattr(user, f) or "") for f in User.search_fields))
        assert user.check_password(scale.PASSWORD)

    # Consistent states: units follow their reports, tasks their units; nothing after the last day.
    for task in Task.objects.prefetch_related("units__reports"):
        units = list(task.units.all())
        assert sum(unit.role == "lead" for unit in units) == 1
        for unit in units:
            reports = sorted(unit.reports.all(), key=lambda report: (report.reported_on, report.pk))
            assert unit.progress == (reports[-1].progress if reports else 0)
            assert all(report.reported_on <= END for report in reports)
        if task.status != "done":
            assert task.progress == round(sum(unit.progress for unit in units) / len(units))
        if task.classification:
            assert not task.title and task.holding_unit_id and not any(unit.part for unit in units)
    assert not Patrol.objects.filter(started_at__date__gt=END + datetime.timedelta(days=1)).exists()

    # An organisation already there: the command refuses.
    with pytest.raises(CommandError, match="already has organisations"):
        seed()
