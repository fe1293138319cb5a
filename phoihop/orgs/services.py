"""Write services of the orgs app (agreements)."""

from django.db import transaction

from phoihop.core.services import record_save
from phoihop.orgs.choices import AgreementStatus
from phoihop.orgs.models import Agreement, Clause


def agreement_save(*, acting_user, instance, expected_version=None, save_related=None):
    """Save an agreement; putting a renewal in force marks the agreement it replaces as replaced."""
    with transaction.atomic():
        agreement = record_save(
            acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=save_related
        )
        previous = agreement.previous
        if agreement.status == AgreementStatus.IN_FORCE and previous and previous.status != AgreementStatus.REPLACED:
            previous.status = AgreementStatus.REPLACED
            record_save(acting_user=acting_user, instance=previous)
    return agreement


def agreement_renew(*, acting_user, agreement, number, title=None):
    """Create the next agreement (a draft) with the same parties and clauses, linked to this one."""
    with transaction.atomic():
        renewal = Agreement(
            number=number,
            title=title or agreement.title,
            owner=agreement.owner,
            status=AgreementStatus.DRAFT,
            previous=agreement,
            summary=agreement.summary,
        )
        record_save(
            acting_user=acting_user,
            instance=renewal,
            save_related=lambda: renewal.parties.set(agreement.parties.all()),
        )
        for clause in agreement.clauses.all().prefetch_related("responsible"):
            copy = Clause(
                agreement=renewal,
                number=clause.number,
                title=clause.title,
                content=clause.content,
                review_frequency=clause.review_frequency,
                expected_evidence=clause.expected_evidence,
            )
            responsible = list(clause.responsible.all())
            record_save(
                acting_user=acting_user, instance=copy, save_related=lambda c=copy, r=responsible: c.responsible.set(r)
            )
    return renewal
