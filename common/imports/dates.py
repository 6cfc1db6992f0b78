"""The one date parser of the imports: every import accepts the same forms of a date.

Accepted: 2026-03-15 (also 2026-3-15), 2026/3/15 (Excel's CSV on Chinese Windows), 2026.3.15,
20260315, 2026年3月15日, and an XLSX date cell (read as YYYY-MM-DD by common.spreadsheets); a time
after the date (2026-03-15 10:12:00, 2026-03-15T10:12) is ignored. Full-width digits and
punctuation are read as their half-width forms.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils.translation import gettext as _

_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]
_TIME_SUFFIX = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def parse_date(value: str) -> dt.date | None:
    """The date `value` names in one of the accepted forms, or None if it names none."""
    value = _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", value).strip())
    for form in _FORMS:
        match = form.match(value)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:  # 2026-02-30
                return None
    return None


def date_error(label: str, value: str) -> str:
    """The row error of a cell that is not a date."""
    return _("“%(label)s”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“%(value)s”。") % {
        "label": label,
        "value": value,
    }
