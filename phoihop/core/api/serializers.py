from django.core import validators
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from phoihop.core.access import PARTICIPANT_REFUSED, choice_queryset, participant_field_names
from phoihop.core.numbers import INTEGER_MAX
from phoihop.core.services import record_save
from phoihop.core.text import nfc_data


def _bound_message(validator_class, limit) -> str:
    return str(validator_class.message) % {"limit_value": limit}


#: the bound of a model field, worded as Django words it on the form (the same message, and translation, on
#: the page, in the API and in an import)
bound_message = lazy(_bound_message, str)


class IdField(serializers.IntegerField):
    """The id of a record in a request body: a positive 64-bit integer, so larger numbers never reach the
    database (SQLite raises OverflowError on them)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", INTEGER_MAX)
        super().__init__(**kwargs)


class IdListField(serializers.ListField):
    """A non-empty list of record ids."""

    child = IdField()

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty", False)
        super().__init__(**kwargs)


class RecordSerializer(serializers.ModelSerializer):
    """Base serializer: writes through the services (history, version check, scope re-check).

    ``version`` is returned with every record and required on update: an update carrying an old
    version is refused with 409 instead of overwriting someone else's change.
    """

    version = serializers.IntegerField(
        required=False, min_value=0, max_value=INTEGER_MAX, help_text=_("Required on update: the version you read.")
    )
    url = serializers.SerializerMethodField()
    scope_fields: tuple[str, ...] | None = None
    #: as on the forms (``core.forms.BaseModelForm``): the participant fields when they are not the model's own
    #: ``access_participant_fields`` (None), and the fields that may name any organisation
    participant_choice_fields: tuple[str, ...] | None = None
    open_choice_fields: tuple[str, ...] = ()
    #: the write service (same signature as core.services.record_save)
    save_service = staticmethod(record_save)

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        model = self.Meta.model
        scope_fields = self.scope_fields
        if scope_fields is None:
            field = getattr(model, "access_org_field", None)
            scope_fields = (field,) if field and "__" not in field and field != "pk" else ()
        participant_fields = participant_field_names(type(self), model, scope_fields)
        # a list serializer's child gets the queryset as its instance: only a saved record keeps what it names
        instance = self.instance if isinstance(self.instance, models.Model) else None
        for name, field in self.fields.items():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is None:
                continue
            # the one rule of the forms (core.access.choice_queryset), the record's own participants kept
            choices = choice_queryset(
                user,
                model,
                name,
                queryset,
                scope_fields=scope_fields,
                participant_fields=participant_fields,
                instance=instance,
                model_field=field.source or name,
            )
            if choices is not None:
                target.queryset = choices
            if name in participant_fields and name not in scope_fields:
                target.error_messages["does_not_exist"] = PARTICIPANT_REFUSED

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        for key, validator_class in (
            ("min_value", validators.MinValueValidator),
            ("max_value", validators.MaxValueValidator),
        ):
            if kwargs.get(key) is not None:
                kwargs.setdefault("error_messages", {})[key] = bound_message(validator_class, kwargs[key])
        return field_class, kwargs

    def to_internal_value(self, data):
        data = nfc_data(data)  # composed text (NFC) whatever the client sent
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):
                error.detail.update(
                    {k: v for k, v in self._content_required_errors(data).items() if k not in error.detail}
                )
            raise
        missing = self._content_required_errors(data)
        if missing:
            raise serializers.ValidationError(missing)
        return value

    def _content_required_errors(self, data) -> dict:
        """A classified model's content fields required when the record may hold content (``content_required_fields``,
        optional on a register entry: ``core.state_secrets``): "this field is required" with the other field errors,
        as for any required field."""
        from phoihop.core.state_secrets import content_allowed

        model = self.Meta.model
        names = [n for n in getattr(model, "content_required_fields", ()) if n in self.fields and n in self._writable()]
        if not names or not isinstance(data, dict) or not any(f.name == "classification" for f in model._meta.fields):
            return {}
        level = data.get("classification", getattr(self.instance, "classification", 0))
        try:
            level = int(level or 0)
        except (TypeError, ValueError):
            return {}  # the classification field answers for itself
        if level >= 1 and not content_allowed():
            return {}
        errors = {}
        for name in names:
            if name not in data and (self.partial or self.instance is not None):
                continue  # not sent on an update: the stored value stands (full_clean checks it)
            value = data.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                errors[name] = [_("This field is required.")]
        return errors

    def _writable(self):
        return {name for name, field in self.fields.items() if not field.read_only}

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Send the version of the record you are changing.")]})
        from phoihop.core.pickers import abolished_choices

        # as on the pages: no abolished organisation newly named; the record's own are kept
        abolished = abolished_choices(self.instance, attrs)
        if abolished:
            raise serializers.ValidationError(abolished)
        return attrs

    def _split_m2m(self, validated_data):
        m2m = {}
        for field in self.Meta.model._meta.many_to_many:
            if field.name in validated_data:
                m2m[field.name] = validated_data.pop(field.name)
        return m2m

    def _save(self, instance, validated_data, expected_version):
        m2m = self._split_m2m(validated_data)
        for key, value in validated_data.items():
            setattr(instance, key, value)

        def save_related():
            for name, values in m2m.items():
                getattr(instance, name).set(values)

        user = self.context["request"].user
        return self.save_service(
            acting_user=user, instance=instance, expected_version=expected_version, save_related=save_related
        )

    def create(self, validated_data):
        validated_data.pop("version", None)
        return self._save(self.Meta.model(), validated_data, None)

    def update(self, instance, validated_data):
        expected = validated_data.pop("version")
        return self._save(instance, validated_data, expected)


class BriefSerializer(serializers.Serializer):
    """The nested {id, display} form used for related records."""

    id = serializers.IntegerField(read_only=True)
    display = serializers.CharField(source="__str__", read_only=True)


def readonly_bookkeeping():
    return ["created_at", "updated_at", "created_by", "updated_by"]


__all__ = ["RecordSerializer", "BriefSerializer", "IdField", "IdListField", "models"]
