from phoihop.work.models.conferences import Conclusion, ReviewConference
from phoihop.work.models.dissemination import Dissemination, DisseminationSession
from phoihop.work.models.documents import Document, DocumentRelation, DocumentType
from phoihop.work.models.notifications import Notification, ReminderLog
from phoihop.work.models.outreach import EthnicLanguage, OutreachSession, OutreachTopic
from phoihop.work.models.tasks import ExtensionRequest, ProgressReport, Task, TaskUnit

__all__ = [
    "Conclusion",
    "Dissemination",
    "DisseminationSession",
    "Document",
    "DocumentRelation",
    "DocumentType",
    "EthnicLanguage",
    "ExtensionRequest",
    "Notification",
    "OutreachSession",
    "OutreachTopic",
    "ProgressReport",
    "ReminderLog",
    "ReviewConference",
    "Task",
    "TaskUnit",
]
