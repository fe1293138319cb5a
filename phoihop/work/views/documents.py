"""Documents: list, detail (related documents, dissemination duties), edit, import/export; relations between
documents; the managed list of document types."""

from auditlog import get_logentry_model
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from phoihop.core.access import can, has_role
from phoihop.core.choices import Action, Role
from phoihop.core.services import StaleVersionError, record_delete, record_save
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import (
    GatedObjectMixin,
    ObjectDetailView,
    ObjectEditView,
    add_validation_error,
    display_fields,
    model_context,
    object_actions,
)
from phoihop.work import resources, selectors
from phoihop.work.choices import RelationKind
from phoihop.work.filtersets import documents as filtersets
from phoihop.work.forms import documents as forms
from phoihop.work.models import Document, DocumentRelation, DocumentType
from phoihop.work.tables import documents as tables

#: how a relation reads from its target's page: "37-CT/TW implements 15-NQ/TU" → on 15-NQ/TU "implemented by"
INVERSE_KIND = {
    RelationKind.IMPLEMENTS: gettext_lazy("implemented by"),
    RelationKind.REPLACES: gettext_lazy("replaced by"),
    RelationKind.AMENDS: gettext_lazy("amended by"),
}
#: shown through the gate in "Related documents" instead of the generic (ungated) many-to-many row
HIDDEN_FIELDS = ("related",)
DISSEMINATIONS_SHOWN = 50


# --- writes (belong in work/services.py; kept here until its owner takes them over) ---------------------------


def document_relation_add(*, acting_user, relation):
    """Record that ``relation.source`` implements/replaces/amends ``relation.target``.

    The acting user must be able to change the source and see the target. The relation is saved through
    ``record_save``; the source document's history shows the related document added."""
    if not Document.objects.restrict(acting_user).filter(pk=relation.target_id).exists():
        raise PermissionDenied(_("You may relate only documents you can see."))
    with transaction.atomic():
        record_save(acting_user=acting_user, instance=relation)
        get_logentry_model().objects.log_m2m_changes(
            [relation.target], relation.source, "add", "related", actor=acting_user
        )
    return relation


def document_relation_remove(*, acting_user, relation):
    with transaction.atomic():
        record_delete(acting_user=acting_user, instance=relation)
        get_logentry_model().objects.log_m2m_changes(
            [relation.target], relation.source, "delete", "related", actor=acting_user
        )
    return relation


# --- pages ---------------------------------------------------------------------------------------------------


class DocumentDetailView(ObjectDetailView):
    """The document, its related documents in both directions, and its dissemination duties."""

    def get_object(self, action=Action.VIEW):
        obj = super().get_object(action)
        obj.detail_exclude = HIDDEN_FIELDS
        return obj

    def get(self, request, pk):
        return self.render_detail(self.get_object())

    def render_detail(self, obj, status=200, **extra):
        context = {**model_context(self.model), **object_actions(self.request.user, obj), "object": obj}
        context.update({"tab": self.tab, "fields": display_fields(obj, self.request.user)})
        context.update(self.get_extra_context(obj, **extra))
        template = select_template(self.get_template_names()).template.name
        return render(self.request, template, context, status=status)

    def get_extra_context(self, obj, relation_form=None):
        user = self.request.user
        visible = Document.objects.restrict(user).values("pk")
        outgoing = obj.relations_out.filter(target__in=visible).select_related("target").order_by("kind", "pk")
        incoming = obj.relations_in.filter(source__in=visible).select_related("source").order_by("kind", "pk")
        may_change = can(user, obj, Action.CHANGE)
        related_rows = [(rel, rel.get_kind_display(), rel.target) for rel in outgoing]
        related_rows += [(rel, INVERSE_KIND.get(rel.kind, rel.kind), rel.source) for rel in incoming]
        if may_change and relation_form is None:
            relation_form = forms.DocumentRelationForm(instance=DocumentRelation(source=obj), user=user)
        coverage = selectors.dissemination_coverage(user, document=obj)
        return {
            "related_rows": related_rows,
            "may_relate": may_change,
            "relation_form": relation_form if may_change else None,
            "coverage": coverage,
            "dissemination_rows": coverage.rows[:DISSEMINATIONS_SHOWN],
            "may_assign": has_role(user, Role.REPORTER),
        }


class DocumentEditView(ObjectEditView):
    def render_form(self, form, instance, status=200, **extra):
        current = extra.get("current")
        if current is not None:
            current.detail_exclude = HIDDEN_FIELDS
            extra["current_fields"] = display_fields(current, self.request.user)
        return super().render_form(form, instance, status=status, **extra)


class DocumentRelationAddView(DocumentDetailView):
    """POST from the document page: relate this document to another one the user can see."""

    def get(self, request, pk):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, pk):
        source = self.get_object(Action.CHANGE)
        form = forms.DocumentRelationForm(request.POST, instance=DocumentRelation(source=source), user=request.user)
        if form.is_valid():
            try:
                relation = document_relation_add(acting_user=request.user, relation=form.save(commit=False))
            except ValidationError as error:
                add_validation_error(form, error)
            except PermissionDenied as error:
                form.add_error(None, str(error) or _("You do not have permission for this change."))
            else:
                messages.success(request, _("Related: %(relation)s") % {"relation": relation})
                return redirect(source.get_absolute_url())
        return self.render_detail(source, status=400, relation_form=form)


class DocumentRelationDeleteView(GatedObjectMixin, View):
    """POST: remove a relation (recoverable from the recycle bin)."""

    queryset = DocumentRelation.objects.select_related("source", "target")

    def post(self, request, pk):
        visible_sources = Document.objects.restrict(request.user).values("pk")
        relation = get_object_or_404(self.queryset.restrict(request.user).filter(source__in=visible_sources), pk=pk)
        if not can(request.user, relation, Action.DELETE):
            raise PermissionDenied(_("You may see this record but not change it."))
        try:
            document_relation_remove(acting_user=request.user, relation=relation)
        except (ValidationError, StaleVersionError):
            messages.error(request, _("This record has been changed by someone else. Review it before deleting."))
        else:
            messages.success(request, _("Removed: %(relation)s") % {"relation": relation})
        return redirect(relation.source.get_absolute_url())


document_views = RecordViews(
    Document.objects.select_related("doc_type", "owner"),
    filterset=filtersets.DocumentFilterSet,
    table=tables.DocumentTable,
    form=forms.DocumentForm,
    resource=resources.DocumentResource,
    detail_view=DocumentDetailView,
    edit_view=DocumentEditView,
)
documenttype_views = RecordViews(
    DocumentType.objects.all(),
    filterset=filtersets.DocumentTypeFilterSet,
    table=tables.DocumentTypeTable,
    form=forms.DocumentTypeForm,
)

urlpatterns = [
    *document_views.urls("documents"),
    path(
        "documents/<int:pk>/relations/add/",
        DocumentRelationAddView.as_view(queryset=document_views.queryset),
        name="documentrelation_add",
    ),
    path("documents/relations/<int:pk>/delete/", DocumentRelationDeleteView.as_view(), name="documentrelation_delete"),
    *documenttype_views.urls("document-types"),
]
