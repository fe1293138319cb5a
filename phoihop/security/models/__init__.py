from phoihop.security.models.cases import (
    Case,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
)
from phoihop.security.models.lists import CaseCategory, SeizedItemType
from phoihop.security.models.notes import SituationNote

__all__ = [
    "Case",
    "CaseCategory",
    "CaseSubjectGroup",
    "CaseSubjectIdentity",
    "CustodyStep",
    "Operation",
    "SeizedItem",
    "SeizedItemType",
    "SituationNote",
]
