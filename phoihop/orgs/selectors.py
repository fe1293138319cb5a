"""Read helpers of the orgs app — always through the access gate."""

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from phoihop.core.models import BaseModel
from phoihop.orgs.models import Clause


def clause_activity(user, agreement, date_from=None, date_to=None):
    """Per clause of ``agreement``: the records that implement it (every record type with a link to Clause,
    found from the model graph, so a new module is traced without changes here), counted through the gate,
    optionally only those created or changed within [date_from, date_to]."""
    clauses = list(agreement.clauses.all().prefetch_related("responsible"))
    relations = [
        rel
        for rel in Clause._meta.related_objects
        if issubclass(rel.related_model, BaseModel) and rel.related_model is not Clause
    ]
    per_clause = {clause.pk: [] for clause in clauses}
    for rel in relations:
        model, link = rel.related_model, rel.field.name
        queryset = model.objects.restrict(user).filter(**{f"{link}__agreement": agreement})
        if date_from:
            queryset = queryset.filter(updated_at__date__gte=date_from)
        if date_to:
            queryset = queryset.filter(updated_at__date__lte=date_to)
        try:
            list_url = reverse(model.url_name("list"))
        except NoReverseMatch:
            list_url = None
        for row in queryset.order_by().values(link).annotate(n=Count("pk", distinct=True)):
            if row[link] in per_clause:
                url = f"{list_url}?{link}={row[link]}" if list_url else None
                per_clause[row[link]].append((model._meta.verbose_name_plural, row["n"], url))
    return [(clause, per_clause[clause.pk], sum(n for _, n, _ in per_clause[clause.pk])) for clause in clauses]
