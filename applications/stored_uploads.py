"""Files written to storage inside a transaction are deleted again if it does not commit.

A row rolls back with its transaction; the file its FileField wrote does not. Every service that
stores uploads (the requester's 补正 files, the answer's released files, the letter's DOCX and PDF)
runs its transaction inside `kept_if_committed()` and names each stored file to it: should the block
raise, the commit included, the files go too. Used outside any other atomic block: an outer
rollback would come after this one's exit.
"""

import contextlib
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


class Stored(list):
    """The (storage, name) of the files stored so far."""

    def add(self, field_file) -> None:
        if field_file:
            self.append((field_file.storage, field_file.name))


@contextlib.contextmanager
def kept_if_committed():
    stored = Stored()
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                logger.exception("could not delete the stored file %s after a rollback", name)
        raise
