"""Write services of the security records.

* ``case_custody_record`` — records (or corrects) a step of the chain of custody and keeps the chain in order: a
  chain begins with the seizure, nothing follows the destruction or return of the evidence, and a step never comes
  before the one it follows. A chain is the case's own steps (all its evidence) or, for one seized item, the item's
  steps together with the case's.
* ``situation_note_record`` — saves a situation note; a new one is routed to the post's superiors (``notify``).
* ``situation_note_acknowledge`` — a superior marks a note read.
* ``situation_note_follow_up`` — opens the follow-up task of a note in one step (lead: the post), through
  ``work.services.task_create`` as a marker inspection does.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from phoihop.core.choices import Role
from phoihop.core.services import record_save
from phoihop.security.choices import CUSTODY_FINAL, CUSTODY_RANK, CustodyKind
from phoihop.security.models import Case, CustodyStep, SituationNote

# --- the chain of custody ----------------------------------------------------------------------------------


def _chain(step, *, removing=False):
    """The steps of ``step``'s chain in order, ``step`` in its place (or left out with ``removing``)."""
    steps = CustodyStep.objects.filter(case_id=step.case_id).select_related("seized_item")
    if step.seized_item_id is None:
        steps = steps.filter(seized_item__isnull=True)
    else:
        steps = steps.filter(seized_item__isnull=True) | steps.filter(seized_item_id=step.seized_item_id)
    chain = [s for s in steps if s.pk != step.pk]
    if not removing:
        chain.append(step)
    return sorted(chain, key=lambda s: (s.date, CUSTODY_RANK[s.kind], s.pk or float("inf")))


def _chain_error(chain):
    """The first rule ``chain`` breaks, worded for the user, or None."""
    for index, current in enumerate(chain):
        earlier = chain[:index]
        if current.kind == CustodyKind.SEIZED:
            if any(s.kind == CustodyKind.SEIZED and s.seized_item_id == current.seized_item_id for s in earlier):
                return _("The evidence was already recorded as seized.")
        elif not any(s.kind == CustodyKind.SEIZED for s in earlier):
            return _("The evidence must be recorded as seized before it is stored, handed over, destroyed or returned.")
        final = next((s for s in earlier if s.kind in CUSTODY_FINAL), None)
        if final is not None:
            return _("Nothing can follow: the evidence was %(step)s on %(date)s.") % {
                "step": str(final.get_kind_display()).lower(),
                "date": final.date.strftime("%d/%m/%Y"),
            }
    return None


def custody_order_error(step, *, removing=False):
    """Why recording ``step`` (or, with ``removing``, deleting it) would break its chain of custody; None if not."""
    if not step.case_id or not step.kind or not step.date:
        return None
    return _chain_error(_chain(step, removing=removing))


def case_custody_record(*, acting_user, instance: CustodyStep, expected_version=None, save_related=None):
    """Record (or correct) a custody step, keeping its chain in order. The case's row is locked meanwhile, so two
    steps recorded at once are checked one after the other."""
    with transaction.atomic():
        if instance.case_id:
            list(Case.objects.select_for_update().filter(pk=instance.case_id).values_list("pk", flat=True))
        message = custody_order_error(instance)
        if message:
            raise ValidationError({"kind": message})
        return record_save(
            acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=save_related
        )


# --- situation notes ---------------------------------------------------------------------------------------


def situation_note_record(*, acting_user, instance: SituationNote, expected_version=None, save_related=None):
    """Save a situation note; a new note is routed to the post's superiors once the transaction commits."""
    from phoihop.security import notify

    created = instance.pk is None
    with transaction.atomic():
        note = record_save(
            acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=save_related
        )
        if created:
            notify.note_to_superiors(note, acting_user=acting_user)
    return note


def superiors_of(organisation):
    """The organisations above ``organisation`` in the tree, nearest first."""
    from phoihop.orgs.models import Organisation

    ids = [int(part) for part in organisation.path.strip("/").split("/") if part][:-1]
    by_id = Organisation.objects.in_bulk(ids)
    return [by_id[pk] for pk in reversed(ids) if pk in by_id]


def is_superior_reader(user, note) -> bool:
    """Whether ``user`` reads ``note`` as a superior of its post: an approver or above in an organisation above the
    post (the post's own members do not mark their notes read)."""
    from phoihop.core.access import member_paths

    if user.is_superuser:
        return True
    post_path = note.post.path
    return any(post_path.startswith(path) and post_path != path for path in member_paths(user, Role.APPROVER))


def situation_note_acknowledge(*, acting_user, note: SituationNote):
    """A superior of the note's post marks it read (once; later readers change nothing)."""
    if not is_superior_reader(acting_user, note):
        raise PermissionDenied(_("Only the post's superiors mark its situation notes read."))
    with transaction.atomic():
        locked = SituationNote.objects.select_for_update().get(pk=note.pk)
        if locked.acknowledged_at is not None:
            return locked
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = acting_user
        return record_save(acting_user=acting_user, instance=locked, expected_version=locked.version)


def assigning_organisation(user, post):
    """The organisation a follow-up task of ``post``'s note is assigned by: the post itself when the user works
    there, else the superior of the post where the user holds their membership."""
    from phoihop.core.access import member_paths

    paths = set(member_paths(user, Role.REPORTER))
    for organisation in [post, *superiors_of(post)]:
        if organisation.path in paths:
            return organisation
    return post


def situation_note_follow_up(*, acting_user, note: SituationNote, deadline=None, title=""):
    """Open the follow-up task of ``note`` in one step: assigned by the post (or by the superior who opens it),
    led by the post, as classified as the note, linked back to it. Once per note."""
    from phoihop.work.models import Task
    from phoihop.work.services import holds_role, task_create

    with transaction.atomic():
        locked = (
            SituationNote.objects.select_for_update(of=("self",)).select_related("post", "category").get(pk=note.pk)
        )
        if locked.follow_up_task_id is not None:
            raise ValidationError(_("This situation note already has its handling task."))
        if not holds_role(acting_user, locked.post, Role.REPORTER):
            raise PermissionDenied(_("You may not open a handling task for this situation note."))
        assigner = assigning_organisation(acting_user, locked.post)
        with translation.override(settings.LANGUAGE_CODE):  # stored text: the deployment's language
            default_title = _("Handle the situation note of %(post)s of %(date)s") % {
                "post": locked.post,
                "date": locked.noted_on.strftime("%d/%m/%Y"),
            }
            if locked.category_id:
                default_title = f"{default_title}: {locked.category.name}"
        task = Task(
            title=(title or default_title)[:500],
            description=locked.assessment,
            assigned_by_org=assigner,
            deadline=deadline or timezone.localdate() + datetime.timedelta(days=15),
            classification=locked.classification,
            priority=3,
        )
        if task.is_register_entry:
            # as classified as the note, and like it a register entry: no text, the note's paper file named
            task.title = task.description = ""
            task.holding_unit_id = locked.holding_unit_id
            task.custodian, task.storage_place = locked.custodian, locked.storage_place
        task = task_create(acting_user=acting_user, task=task, lead=locked.post)
        SituationNote.all_objects.filter(pk=locked.pk).update(follow_up_task=task)
        locked.follow_up_task = task
    return locked
