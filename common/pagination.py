"""Pagination that never counts a million rows.

Django's Paginator runs ``SELECT COUNT(*)`` over the whole filtered list on every page view; with a
million 双公示 decisions that is the slowest query of the page. This paginator counts at most
``COUNT_CAP + 1`` rows (``SELECT COUNT(*) FROM (… LIMIT n)``, which stops early on an index) and
offers pages up to that depth; beyond it people narrow the list with the filters.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# Lists narrowed by words (search, the 双公示 name filter) count this far: each match is a row visit.
TEXT_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    """A Paginator whose count stops at ``count_cap`` (an index-only count of 10,000 rows takes a few
    milliseconds; a full-text match must visit each row, so search lists pass a lower cap)."""

    count_cap = COUNT_CAP

    def __init__(self, *args, count_cap: int | None = None, known_count: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if count_cap is not None:
            self.count_cap = count_cap
        if known_count is not None:  # counted already (capped the same way) by the caller
            self.__dict__["count"] = known_count

    @cached_property
    def count(self):
        object_list = self.object_list
        if hasattr(object_list, "query"):
            # Without the ordering (and so without computing any rank): only the rows' existence counts.
            return object_list.order_by().values("pk")[: self.count_cap + 1].count()
        return len(object_list)

    @property
    def count_is_capped(self) -> bool:
        """True when there are more rows than were counted: show “10,000+”, not a number."""
        return self.count > self.count_cap

    @cached_property
    def num_pages(self):
        # Pages beyond the cap are not offered (the last countable row ends the list).
        if self.count_is_capped:
            return -(-self.count_cap // self.per_page)
        return super().num_pages
