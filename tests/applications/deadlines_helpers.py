"""Shared pieces of the deadline tests, worked out by hand from the official 2026 calendar (docs/rules.md §1.2, §5.1).

2026 (国办发明电〔2025〕号 notice of 2025-11-04): off 01-01..03, 02-15..23, 04-04..06, 05-01..05,
06-19..21, 09-25..27, 10-01..07; worked weekend days 01-04 (Sun), 02-14 (Sat), 02-28 (Sat),
05-09 (Sat), 09-20 (Sun), 10-10 (Sat). The receipt day is never counted (Decision 1).
"""

from applications.deadlines import ClockEvent


def ev(kind, date, **data):
    return ClockEvent(kind, date, data)
