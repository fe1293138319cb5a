from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    """Why a user processes people's personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15: processing has a stated
    purpose). The codes are what the API's ``X-Processing-Purpose`` header takes."""

    CADRE_WORK = "cadre_work", _("Cadre work")
    PLANNING = "planning", _("Cadre planning")
    EVALUATION = "evaluation", _("Evaluation and rating")
    POLICY = "policy", _("Settling benefits and policies")
    INSPECTION = "inspection", _("Inspection and supervision")
    CASE_HANDLING = "case_handling", _("Handling a case")
    REPORTING = "reporting", _("Statistics and reports")
    OTHER = "other", _("Other purpose")
    #: an API call without the header, a record shown on the page of a related record before any purpose was given
    NOT_STATED = "not_stated", _("Not stated")


#: the purposes a person chooses on the purpose form
CHOSEN_PURPOSES = [(value, label) for value, label in Purpose.choices if value != Purpose.NOT_STATED]


class AccessAction(models.TextChoices):
    """How personal data was read."""

    DETAIL = "detail", _("Detail page")
    EDIT = "edit", _("Edit page")
    HISTORY = "history", _("History page")
    DELETE = "delete", _("Delete page")
    RELATED = "related", _("On a related record's page")
    LIST = "list", _("List page")
    EXPORT = "export", _("Export")
    BACKGROUND_EXPORT = "background_export", _("Background export")
    API_DETAIL = "api_detail", _("API: one record")
    API_LIST = "api_list", _("API: list")


#: actions that read a list of records: one log row per owning organisation (and level), with the number of rows
LIST_ACTIONS = {AccessAction.LIST, AccessAction.EXPORT, AccessAction.BACKGROUND_EXPORT, AccessAction.API_LIST}
