"""Bulk benchmark data: many realistic 双公示 decisions and disclosures, written fast (``manage.py seed_bench``).

Not the demo (demo/, a small, hand-shaped record): this makes hundreds of thousands of
rows for timing pages and searches. Rows are plain dicts of column values built by pure functions
from a seeded generator and a modest vocabulary (borrowed from the demo), so that repeated values
hit the search module's term cache. Every row carries its search document, built with
``search.decision_document`` / ``search.disclosure_document``.

Writing bypasses ``save()`` and the audit history: PostgreSQL gets ``COPY`` (its generated
``search_vector`` column follows by itself), SQLite ``bulk_create`` (its FTS5 triggers follow).
Disclosures get their 索引号 from a block reserved on ``IndexCounter`` under a row lock, so they can
never collide with items numbered by ``Disclosure.save()`` before or after.

Bench rows are marked (decisions: ``remarks``, disclosures: ``author``) so ``clear_bench`` can
remove them again.

The parts: ``decisions`` and ``disclosures`` build the rows (pure functions of a seed), ``writer``
plans the dates and 索引号, builds the rows in chunks (in a process pool on PostgreSQL) and writes them.
"""

from demo.bench.common import BENCH_MARK
from demo.bench.writer import SeedResult, Timing, clear_bench, reserve_index_block, seed_bench

__all__ = ["BENCH_MARK", "SeedResult", "Timing", "clear_bench", "reserve_index_block", "seed_bench"]
