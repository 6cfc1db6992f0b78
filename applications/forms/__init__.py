"""Forms of the request pages and the admin. They validate; services act.

- public: the online request form, the progress lookup, the deadline calculator
- staff: offline entry, receipt confirmation, the calendar upload
- steps: the admin's 办理 steps (one form per service function)
- applicant, cleaning, files: what those share (applicant checks, text cleaning, uploads)
"""

from applications.forms.files import MAX_FILES
from applications.forms.public import ApplicationForm, DeadlineCalculatorForm, LookupForm
from applications.forms.staff import CalendarUploadForm, ConfirmReceiptForm, StaffRequestForm
from applications.forms.steps import (
    ActionForm,
    AnswerForm,
    ConfirmForm,
    ConsultationForm,
    ConsultationReplyForm,
    CorrectionNoticeForm,
    CustomDeadlineForm,
    ExtensionForm,
    FeeNoticeForm,
    HandlerForm,
    WithdrawForm,
)

__all__ = [
    "MAX_FILES",
    "ActionForm",
    "AnswerForm",
    "ApplicationForm",
    "CalendarUploadForm",
    "ConfirmForm",
    "ConfirmReceiptForm",
    "ConsultationForm",
    "ConsultationReplyForm",
    "CorrectionNoticeForm",
    "CustomDeadlineForm",
    "DeadlineCalculatorForm",
    "ExtensionForm",
    "FeeNoticeForm",
    "HandlerForm",
    "LookupForm",
    "StaffRequestForm",
    "WithdrawForm",
]
