"""What an import did, or would do (a dry run), and running its rows all or none.

`ImportResult` is the one result type: an outcome per row (`RowOutcome`, which an import may
extend with what its rows show in the preview), the columns the file had that were not recognised,
and what a service reported beyond the rows (`details`, e.g. the deadlines the calendar
recomputed). `run_rows` imports rows one savepoint each in one transaction: every row's refusal
(ValidationError) is reported for its row and rolls everything back, as does a dry run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.imports.columns import unknown_columns_notice
from common.imports.errors import ImportFileError

CREATED, UPDATED, UNCHANGED, SKIPPED = "created", "updated", "unchanged", "skipped"


@dataclass
class RowOutcome:
    number: int
    action: str = CREATED
    note: str = ""


@dataclass
class ImportResult:
    dry_run: bool = False
    rows: list[RowOutcome] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # columns not recognised
    kind: str = ""  # the kind of file, for an import reading several
    details: dict[str, Any] = field(default_factory=dict)  # what a service reported beyond the rows
    warnings: list[str] = field(default_factory=list)  # rows left out, and why (CheckedFile.warnings)

    @classmethod
    def for_file(cls, checked, *, dry_run: bool = False) -> ImportResult:
        """The result of importing `checked` (a CheckedFile): its kind, the columns not recognised
        and the rows left out, with no row imported yet."""
        return cls(dry_run=dry_run, kind=checked.kind, ignored=list(checked.ignored), warnings=list(checked.warnings))

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def of(self, action: str) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == action]

    def by_number(self) -> dict[int, RowOutcome]:
        return {row.number: row for row in self.rows}

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)

    @property
    def skipped(self) -> int:
        return self.count(SKIPPED)

    @property
    def notices(self) -> list[str]:
        return [*unknown_columns_notice(self.ignored), *self.warnings]


def verb(result: ImportResult) -> str:
    """How a summary begins: what would be imported (dry run), or what was."""
    return _("将导入") if result.dry_run else _("已导入")


class _DryRun(Exception):
    pass


@contextlib.contextmanager
def rolled_back_if(dry_run: bool):
    """One transaction, rolled back at the end when `dry_run` (so a preview runs the real import)."""
    try:
        with transaction.atomic():
            yield
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass


def run_rows(rows: Iterable, import_row: Callable[[Any], RowOutcome], result: ImportResult) -> ImportResult:
    """Import every row (each with its `number`) in one transaction, each in its own savepoint; a
    refusal of any row (ValidationError, or a conflict with a concurrent import) is reported for
    its row, and any refusal rolls all back (ImportFileError), as does result.dry_run."""
    errors = []
    with rolled_back_if(result.dry_run):
        for row in rows:
            try:
                with transaction.atomic():
                    result.rows.append(import_row(row))
            except ValidationError as exc:
                errors += [(row.number, message) for message in exc.messages]
            except IntegrityError:
                errors.append((row.number, _("该行与已有记录冲突（可能正被另一次导入写入），请稍后重试。")))
        ImportFileError.raise_if(errors)
    return result
