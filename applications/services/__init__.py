"""Write actions on information requests and the calendar: one function per business action.

Callers write `from applications import services` and `services.answer(...)`. Each action runs in
one transaction, writes a RequestEvent with its actor, and refuses what the law does not allow with
a ValidationError whose message the admin shows as is; notices to the requester go out by e-mail
after the commit (applications.notify). Reads (the calendar, a deadline's explanation, fee facts,
report counts) are in applications.queries and applications.stats.

- intake: filing online, recording a request received offline, confirming the receipt date
- handling: handler, 补正, consultation, extension, the Art. 35 date
- fees: fee notice, payment, lapse
- answers: the answer (with its letter), withdrawal
- promotion: Art. 44, an answered request becomes a proactive item
- clock: recording a clock event, storing the derived deadline
- calendar: staff-entered calendar days and the deadlines they move
"""

from applications.services.answers import ANSWER_OUTCOMES, LAPSE_OUTCOMES, answer, answer_with_letter, withdraw
from applications.services.calendar import load_calendar, recompute_for_years
from applications.services.clock import recompute_deadline, record_clock_event
from applications.services.fees import compute_fee, issue_fee_notice, record_fee_lapse, record_payment
from applications.services.handling import (
    approve_extension,
    assign_handler,
    mark_abandoned,
    record_consultation_reply,
    record_supplement,
    send_consultation,
    send_correction_notice,
    set_custom_deadline,
)
from applications.services.intake import (
    REPEAT_RECEIPT_SECONDS,
    UploadedFile,
    confirm_receipt,
    record_offline_request,
    repeat_receipt_code,
    submit_online_request,
)
from applications.services.promotion import promote_to_disclosure, scrub_personal_data
from applications.services.requester import (
    correction_notice,
    correction_period_end,
    send_supplement,
    supplement_open,
    withdraw_online,
)

__all__ = [
    "ANSWER_OUTCOMES",
    "LAPSE_OUTCOMES",
    "REPEAT_RECEIPT_SECONDS",
    "UploadedFile",
    "answer",
    "answer_with_letter",
    "approve_extension",
    "assign_handler",
    "compute_fee",
    "confirm_receipt",
    "correction_notice",
    "correction_period_end",
    "issue_fee_notice",
    "load_calendar",
    "mark_abandoned",
    "promote_to_disclosure",
    "recompute_deadline",
    "recompute_for_years",
    "record_clock_event",
    "record_consultation_reply",
    "record_fee_lapse",
    "record_offline_request",
    "record_payment",
    "record_supplement",
    "repeat_receipt_code",
    "scrub_personal_data",
    "send_consultation",
    "send_correction_notice",
    "send_supplement",
    "set_custom_deadline",
    "submit_online_request",
    "supplement_open",
    "withdraw",
    "withdraw_online",
]
