from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.access import PARTICIPANT_REFUSED, choice_queryset, participant_field_names
from phoihop.core.pickers import keep_current_choices, register_source, use_pickers
from phoihop.core.text import nfc_data


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box (the format comes from the active locale's format module)."""

    def __init__(self, attrs=None, format=None):
        attrs = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "class": "form-control", **(attrs or {})}
        super().__init__(attrs=attrs, format=format)


class JSONField(forms.JSONField):
    """A JSON text box left empty for no value (Django's own prints "null" in it)."""

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


def style_widgets(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        if css not in existing:
            widget.attrs["class"] = f"{existing} {css}".strip()


def show_state_secret_rule(form) -> None:
    """The state-secrets rule on the form (``core.state_secrets``): each content field says why it is refused on a
    register entry, the register fields that they are then required, and ``_form_fields.html`` shows the note
    (``static/phoihop/state_secrets.js`` shows it as soon as Mật or above is picked). The server refuses what the
    form lets through; this only explains it."""
    from phoihop.core import state_secrets as rule

    model = form._meta.model
    content = [name for name in getattr(model, "secret_content_fields", ()) if name in form.fields]
    required = [name for name in getattr(model, "content_required_fields", ()) if name in form.fields]
    for name in required:
        form.fields[name].content_required = True  # the label is marked required unless Mật or above is chosen
    if not content or rule.content_allowed():
        return
    if "classification" in form.fields:
        form.state_secret_rule = "classified"
        help_text = rule.HELP_CLASSIFIED % {"law": rule.LAW}
        form.fields["classification"].widget.attrs["data-state-secret-level"] = ""
        for name in rule.REGISTER_FIELDS:
            if name in form.fields:
                field = form.fields[name]
                field.help_text = " ".join(str(text) for text in (field.help_text, rule.HELP_REGISTER) if text)
    elif form.instance.is_register_entry:
        form.state_secret_rule = "child"
        help_text = rule.HELP_CHILD % {"level": rule.level_label(form.instance.classification_level())}
    else:
        return
    for name in content:
        field = form.fields[name]
        field.help_text = " ".join(str(text) for text in (field.help_text, help_text) if text)
        field.state_secret_content = True
        field.widget.attrs["data-state-secret-content"] = ""


class MarkInvalidMixin:
    """After validation, fields with errors get Bootstrap's ``is-invalid`` class."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


class BaseModelForm(MarkInvalidMixin, forms.ModelForm):
    """Every edit form: carries the record's version, scopes its choices through the access gate.

    ``scope_fields`` name the fields that decide the owning organisation; their choices are the
    organisations where the user holds the model's edit role. Participant fields (``participant_fields``: the
    model's ``access_participant_fields`` or the class's ``participant_choice_fields``) offer
    ``core.access.participant_organisations``. Every other choice of a record type that has the gate lists only
    what the user may see.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    scope_fields: tuple[str, ...] | None = None
    #: "classified" (the form chooses the level) or "child" (the record belongs to a register entry) when content
    #: fields are refused on a register entry (``show_state_secret_rule``); "" otherwise
    state_secret_rule = ""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = nfc_data(self.data)  # composed text (NFC) whatever the keyboard sent
        self.user = user
        if self.instance.pk and hasattr(self.instance, "version"):  # a user (accounts.User) has no version
            self.fields["version"].initial = self.instance.version
        model = self._meta.model
        scope_fields = self.scope_fields
        if scope_fields is None:
            field = getattr(model, "access_org_field", None)
            scope_fields = (field,) if field and "__" not in field and field != "pk" else ()
        #: the fields naming organisations that thereby read the record: one rule, the API's too
        self.participant_fields = participant_field_names(type(self), model, scope_fields)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
            elif isinstance(field, (forms.DecimalField, forms.FloatField)):
                # Vietnamese decimals: "12,5" in, "12,5" out.
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
            elif isinstance(field, forms.JSONField):
                field.__class__ = JSONField
            queryset = getattr(field, "queryset", None)
            if queryset is None or user is None:
                continue
            # the organisations the saved record already names stay choosable, as abolished ones do
            choices = choice_queryset(
                user,
                model,
                name,
                queryset,
                scope_fields=scope_fields,
                participant_fields=self.participant_fields,
                instance=self.instance,
            )
            if choices is not None:
                field.queryset = choices
            if name in self.participant_fields and name not in scope_fields:
                field.error_messages["invalid_choice"] = PARTICIPANT_REFUSED
        # Organisations, communes, clauses, markers, patrols …: searched on demand (core.pickers), never a
        # drop-down of the whole table.
        use_pickers(self, type(self))
        style_widgets(self)
        show_state_secret_rule(self)

    @property
    def state_secret_active(self) -> bool:
        """The form shows a record that is (or is being made) a register entry: the note is shown from the start."""
        if not self.state_secret_rule:
            return False
        if self.state_secret_rule == "child":
            return True
        try:
            return int(self["classification"].value() or 0) >= 1
        except (TypeError, ValueError):
            return False

    #: fields where any organisation may be named, beyond the user's scope (the parties of an agreement …): the
    #: picker offers what the form does (``core.pickers.offered``)
    open_choice_fields: tuple[str, ...] = ()
    #: the participant fields when they are not the model's own ``access_participant_fields`` (a task form's lead
    #: and coordinating units); None: the model's
    participant_choice_fields: tuple[str, ...] | None = None
    #: fields that may name abolished records (an area's predecessors …); elsewhere a new choice may not
    history_choice_fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        register_source(cls)  # its search pickers name it (``core.pickers``)

    @classmethod
    def picker_form(cls, request):
        """A blank form as ``request.user`` gets it: what its search pickers offer."""
        form = cls(user=request.user)
        keep_current_choices(form)
        return form

    def full_clean(self):
        # Choices are final now (subclasses narrow them after __init__): no abolished organisation for a new
        # choice, the record's own values kept.
        keep_current_choices(self)
        super().full_clean()


class ImportForm(MarkInvalidMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("An .xlsx or .csv file (UTF-8) whose first row holds the column names."),
    )

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not (name.endswith(".xlsx") or name.endswith(".csv")):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > settings.IMPORT_MAX_BYTES:
            from phoihop.core.importexport import file_too_large

            raise file_too_large()
        return upload
