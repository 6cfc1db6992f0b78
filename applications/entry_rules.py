"""The rules a request's date of receipt obeys on every channel (docs/rules.md §1.4).

The online form, the admin, the register import and the services that record a request all call
check_received_on(), so a date one channel refuses no other accepts.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

# 国务院令第711号 (the 2019 revision) took effect on this day (Art. 56).
REGULATION_IN_FORCE = dt.date(2019, 5, 15)


def check_received_on(received_on: dt.date, *, today: dt.date | None = None) -> dt.date:
    """`received_on` if a request may have been received that day; ValidationError otherwise."""
    today = today or timezone.localdate()
    if received_on > today:
        raise ValidationError(_("收到申请之日不能晚于今天。"), code="receipt_in_future")
    if received_on < REGULATION_IN_FORCE:
        # The 2007 regulation's 15 + 15 工作日 applied then; this portal counts only the 2019 periods.
        raise ValidationError(
            _("收到申请之日早于2019年5月15日：当时适用修订前的条例（15个工作日），本系统不能按其计算期限。"),
            code="receipt_before_regulation",
        )
    return received_on
