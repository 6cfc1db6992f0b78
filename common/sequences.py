"""Gap-free-enough sequence numbers (索引号, tracking numbers) that are safe under concurrency.

A counter row per key, locked with SELECT … FOR UPDATE inside the caller's transaction: concurrent
callers on PostgreSQL queue behind the lock, and a number once taken is never handed out again
(deleting the numbered row does not lower the counter).
"""

from django.db import transaction


def next_value(counter_model, **key) -> int:
    """Reserve and return the next value of the counter row identified by `key` (field `last`)."""
    with transaction.atomic():
        counter_model.objects.get_or_create(**key)
        counter = counter_model.objects.select_for_update().get(**key)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
