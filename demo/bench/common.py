"""What the bench's row builders share: the mark on every bench row, the first year, blank search fields."""

from __future__ import annotations

from disclosures import search

BENCH_MARK = "seed_bench 性能测试数据"
FIRST_YEAR = 2019

_BLANKS = {name: "" for name in {*search.DECISION_TITLE_FIELDS, *search.DECISION_TEXT_FIELDS}} | {
    name: "" for name in {*search.DISCLOSURE_TITLE_FIELDS, *search.DISCLOSURE_TEXT_FIELDS}
}


def with_blanks(row: dict) -> dict:
    """The row with every field a search document reads (those it lacks blank)."""
    return {**_BLANKS, **row}
