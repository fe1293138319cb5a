"""The OpenAPI document says what the API really answers (drf-spectacular schema class and postprocessing hook).

- Read-only fields whose source is a nullable model field (``actor``, a document's ``year`` …) are nullable.
- Blank-allowed strings with a format or pattern (an optional e-mail address …) also accept "".
- Every operation documents its error answers: 400 field errors, 401/403/404 ``{"detail": …}``, 414 for an
  address longer than ``MAX_URL_LENGTH``, 415 for a
  body in an unsupported media type, 409 for updates, deletions and workflow actions, and 503 for writes
  (the embedded database busy beyond its timeout).
- The calls that read people's personal data (list and retrieve of an ``access_personal_data`` record type) take
  the optional ``X-Processing-Purpose`` header (the purpose logged in the personal-data access log).
- ``version`` is required in the body of PUT and PATCH (``RecordSerializer`` refuses an update without it);
  PUT gets its own ``…UpdateRequest`` component, since POST shares the plain ``…Request`` one.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular import openapi
from rest_framework import serializers

OPERATION_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON = "application/json"

ERROR_SCHEMAS = {
    "ErrorDetail": {
        "type": "object",
        "description": "An error about the whole request.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "FieldErrors": {
        "type": "object",
        "description": (
            "Invalid input: for each field (or non_field_errors), its messages; nested and list fields carry "
            "the errors of their items. A request the server cannot parse answers {detail: message}."
        ),
        "additionalProperties": {
            "anyOf": [{"type": "array", "items": {}}, {"type": "object"}, {"type": "string"}],
        },
    },
    "ValidationErrors": {
        "anyOf": [
            {"$ref": "#/components/schemas/FieldErrors"},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
    "Conflict": {
        "type": "object",
        "description": (
            "The record changed since it was read ({version: [message], current_version: n}), or its state "
            "does not allow the action ({field: [message]})."
        ),
        "properties": {
            "version": {"type": "array", "items": {"type": "string"}},
            "current_version": {"type": "integer", "nullable": True},
        },
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
}

ERROR_RESPONSES = {
    "400": ("ValidationErrors", "Invalid input (field-level messages)."),
    "401": ("ErrorDetail", "Not signed in: send a token (Authorization: Token …)."),
    "403": ("ErrorDetail", "The caller may see the record but not do this."),
    "404": ("ErrorDetail", "No such record within the caller's scope (or no such page)."),
    "409": ("Conflict", "Stale version or a state that does not allow it."),
    "414": ("ErrorDetail", "The address (path and query string) is longer than the server accepts."),
    "415": ("ErrorDetail", "The body's media type is not supported."),
    "503": (
        "ErrorDetail",
        "Embedded (SQLite) database only: another writer held it beyond the busy timeout; nothing was written. "
        "Retry after the Retry-After header's seconds.",
    ),
}


def _model_path(serializer_field):
    """The model fields a serializer field's source goes through (empty when it isn't a model path)."""
    parent = getattr(serializer_field, "parent", None)
    model = getattr(getattr(parent, "Meta", None), "model", None)
    attrs = getattr(serializer_field, "source_attrs", None)
    if model is None or not attrs:
        return []
    path = []
    for attr in attrs:
        if model is None:
            return []
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return []
        path.append(model_field)
        model = getattr(model_field, "related_model", None)
    return path


def _may_be_null(field) -> bool:
    return any(getattr(model_field, "null", False) for model_field in _model_path(field))


def _may_be_blank(field) -> bool:
    if getattr(field, "allow_blank", False):
        return True
    if not isinstance(field, serializers.Field):
        return False
    path = _model_path(field) if field.read_only else []
    return bool(path) and getattr(path[-1], "blank", False)


def processing_purpose_parameter():
    """The ``X-Processing-Purpose`` header of the calls that read people's personal data (``audit.personal_data``)."""
    from drf_spectacular.utils import OpenApiParameter

    from phoihop.audit.choices import Purpose
    from phoihop.audit.personal_data import API_HEADER

    return OpenApiParameter(
        name=API_HEADER,
        location=OpenApiParameter.HEADER,
        type=str,
        enum=list(Purpose.values),
        required=False,
        description=(
            "Why the caller processes this personal data (Law on Personal Data Protection 91/2025/QH15). Every call "
            "that reads personal data is logged with it in the personal-data access log, which the owning "
            "organisation's admins read; without the header the purpose is logged as `not_stated`, and an unknown "
            "code answers 400."
        ),
    )


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        action = getattr(self.view, "action", None)
        if self.method == "GET" and action in ("list", "retrieve") and getattr(model, "access_personal_data", False):
            parameters = [*parameters, processing_purpose_parameter()]
        return parameters

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if (
            direction == "response"
            and isinstance(field, serializers.Field)
            and field.read_only
            and not meta.get("nullable")
            and _may_be_null(field)
        ):
            meta["nullable"] = True
        return meta

    def _insert_field_validators(self, field, schema):
        # drf-spectacular lets a writable blank-allowed string with a format or pattern be "" too (as a oneOf
        # without a type, which breaks "nullable" in OpenAPI 3.0); a read-only one (an optional e-mail address
        # shown to others) may just as well be "". Both become {type: string, anyOf: [constraint, empty]}.
        super()._insert_field_validators(field, schema)
        if not isinstance(field, serializers.CharField):
            return
        alternatives = schema.get("oneOf")
        if alternatives and len(alternatives) == 2 and alternatives[1] == {"type": "string", "maxLength": 0}:
            del schema["oneOf"]
            schema.update(alternatives[0])
        elif not _may_be_blank(field):
            return
        if schema.get("type") == "string" and ("format" in schema or "pattern" in schema):
            constraint = {key: schema.pop(key) for key in ("format", "pattern", "minLength") if key in schema}
            schema["anyOf"] = [constraint, {"maxLength": 0}]


def _response(component, description):
    return {"description": description, "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{component}"}}}}


def _error_codes(path, method, operation):
    codes = ["400", "401", "403", "404", "414"]
    if "requestBody" in operation:
        codes.append("415")
    if method in ("put", "patch", "delete") or (method == "post" and "{" in path):
        codes.append("409")
    if method in ("post", "put", "patch", "delete"):
        codes.append("503")
    return codes


def _require_version(schemas, name):
    schema = schemas.get(name)
    if not schema or "version" not in schema.get("properties", {}):
        return False
    required = schema.setdefault("required", [])
    if "version" not in required:
        required.append("version")
    return True


def _update_request_component(schemas, ref):
    """The …UpdateRequest copy of a …Request component, with ``version`` required; its ref (or None)."""
    prefix = "#/components/schemas/"
    name = ref[len(prefix) :]
    if not name.endswith("Request") or "version" not in schemas.get(name, {}).get("properties", {}):
        return None
    update_name = name[: -len("Request")] + "UpdateRequest"
    if update_name not in schemas:
        schemas[update_name] = copy.deepcopy(schemas[name])
        _require_version(schemas, update_name)
    return prefix + update_name


def personal_data_description():
    """The paragraph of the API's description about personal data and the ``X-Processing-Purpose`` header."""
    from phoihop.audit.choices import Purpose
    from phoihop.audit.personal_data import API_HEADER

    codes = ", ".join(f"`{value}`" for value in Purpose.values)
    return (
        "**Personal data.** Every call that reads people's personal data (the list and the detail of the endpoints of "
        "households, sponsored children, subjects' identities, cadres …) is logged in the personal-data access log "
        "(Law on Personal Data Protection 91/2025/QH15, Decree 356/2025/NĐ-CP): who, when, which records, and why. "
        f"State why in the optional `{API_HEADER}` header, one of {codes}; without it the purpose is logged as "
        "`not_stated`, and an unknown code answers 400."
    )


def postprocess_schema(result, generator, request, public):
    info = result.setdefault("info", {})
    info["description"] = f"{info.get('description', '')}\n\n{personal_data_description()}".strip()
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_SCHEMAS.items():
        schemas.setdefault(name, schema)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in OPERATION_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code in _error_codes(path, method, operation):
                if code not in responses:
                    responses[code] = _response(*ERROR_RESPONSES[code])
            if method not in ("put", "patch") or "requestBody" not in operation:
                continue
            for media in operation["requestBody"].get("content", {}).values():
                ref = media.get("schema", {}).get("$ref", "")
                if method == "patch":
                    _require_version(schemas, ref.rsplit("/", 1)[-1])
                else:
                    update_ref = _update_request_component(schemas, ref)
                    if update_ref:
                        media["schema"]["$ref"] = update_ref
    return result
