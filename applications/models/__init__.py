"""Information requests (依申请公开), their handling log, letters and appeals, and the staff-entered
working-day calendar.

One module per model family; this package is the interface (``from applications.models import X``).
"""

from applications.models.appeal import Appeal
from applications.models.calendar import CalendarDay, CalendarYear
from applications.models.choices import FeeMethod, Outcome
from applications.models.handling import (
    ReleasedFile,
    ReplyLetter,
    RequestAttachment,
    RequestEvent,
    request_attachment_path,
)
from applications.models.request import (
    APPLICANT_FIELDS,
    PERSONAL_FIELDS,
    REPORT_COLUMNS,
    InformationRequest,
    InformationRequestQuerySet,
    RequestCounter,
    report_column,
)
from applications.models.staff import CalendarFeedToken, ReminderLog, new_feed_token
from applications.models.storage import PrivateStorage, private_storage

__all__ = [
    "APPLICANT_FIELDS",
    "PERSONAL_FIELDS",
    "REPORT_COLUMNS",
    "Appeal",
    "CalendarDay",
    "CalendarFeedToken",
    "CalendarYear",
    "FeeMethod",
    "InformationRequest",
    "InformationRequestQuerySet",
    "Outcome",
    "PrivateStorage",
    "ReleasedFile",
    "ReminderLog",
    "ReplyLetter",
    "RequestAttachment",
    "RequestCounter",
    "RequestEvent",
    "new_feed_token",
    "private_storage",
    "report_column",
    "request_attachment_path",
]
