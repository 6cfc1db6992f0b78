"""The staff side of requests, one module per part: requests, the calendar, appeals."""

from applications.admin import appeals, calendar, requests  # noqa: F401  (registers the ModelAdmins)
