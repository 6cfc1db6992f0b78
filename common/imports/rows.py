"""Reading one row's cells, the same way for every import, and collecting every problem of the row.

Every cell is cleaned the same way (common.spreadsheets.clean: control and direction characters
dropped, as common.personal_data defines them; then stripped), whichever import reads it, and
whether it comes from the file or back from the admin's signed preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from common import spreadsheets
from common.imports.columns import Table, unknown_columns_notice
from common.imports.dates import ambiguous_date_error, date_error, is_ambiguous, parse_date
from common.imports.errors import ImportFileError, group_errors


def clean_cell(text: str) -> str:
    return spreadsheets.clean(text).strip()


def fold_value(text: str) -> str:
    """A cell compared with a list of choices: as typed (common.spreadsheets.fold)."""
    return spreadsheets.fold(text)


_FOLDED: dict[int, tuple[Mapping, dict]] = {}


def _folded(choices: Mapping[str, Any]) -> dict:
    """`choices` by folded key, computed once per mapping (the imports' choices are constants)."""
    cached = _FOLDED.get(id(choices))
    if cached is None or cached[0] is not choices:
        if len(_FOLDED) > 256:  # mappings built on the fly: do not keep them all
            _FOLDED.clear()
        cached = _FOLDED[id(choices)] = (choices, {fold_value(key): choice for key, choice in choices.items()})
    return cached[1]


class RowReader:
    """Reads one row's cells by field, collecting every problem of the row as (row number, message).

    `labels` names each field as the file wrote it; `default_label(field)` names the others (by
    default the field itself)."""

    def __init__(
        self,
        number: int,
        cells: Mapping[str, str],
        labels: Mapping[str, str] | None = None,
        default_label: Callable[[str], str] | None = None,
        *,
        year_last: bool = False,
        date_order: str | None = None,
    ):
        self.number, self.cells, self.labels, self.errors = number, cells, labels or {}, []
        self._default_label = default_label
        # dates A/B/YYYY read too (common.imports.dates), in the order the file's dates settle
        self.year_last, self.date_order = year_last, date_order
        self._cleaned: dict[str, str] = {}

    def label(self, name: str) -> str:
        if name in self.labels:
            return self.labels[name]
        return self._default_label(name) if self._default_label else name

    def error(self, message: str) -> None:
        self.errors.append((self.number, message))

    def present(self, name: str) -> bool:
        return bool(self.text(name))

    def text(self, name: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self._cleaned.get(name)
        if value is None:
            value = self._cleaned[name] = clean_cell(self.cells.get(name, ""))
        if required and not value:
            self.error(_("缺少必填项“%(label)s”。") % {"label": self.label(name)})
        if max_length and len(value) > max_length:
            self.error(_("“%(label)s”不能超过%(count)d个字符。") % {"label": self.label(name), "count": max_length})
        return value

    def date(self, name: str, *, required: bool = False, open_ended: frozenset[str] = frozenset()) -> dt.date | None:
        """The cell as a date (common.imports.dates); None if blank, or one of the `open_ended` words."""
        value = self.text(name, required=required)
        if not value or (open_ended and fold_value(value) in open_ended):
            return None
        parsed = parse_date(value, year_last=self.year_last, order=self.date_order)
        if parsed is None:
            error = ambiguous_date_error if self.year_last and is_ambiguous(value) else date_error
            self.error(error(self.label(name), value))
        return parsed

    def choice(self, name: str, choices: Mapping[str, Any], *, required: bool = False, shown: str = "") -> Any:
        """The value of the choice the cell names (compared folded), or "" with an error."""
        value = self.text(name, required=required)
        if not value:
            return ""
        found = _folded(choices).get(fold_value(value))
        if found is None:
            self.error(
                _("“%(label)s”的值“%(value)s”不是可用的选项（%(shown)s）。")
                % {"label": self.label(name), "value": value, "shown": shown or "、".join(choices)}
            )
            return ""
        return found


@dataclass(frozen=True)
class Skip:
    """What `accept` returns for a row left out without refusing the file (a row repeating an
    earlier one in every field): why, said in the notices after the rows (第4、5行…)."""

    note: str


def check_rows(
    table: Table,
    check_row: Callable[[int, Mapping[str, str]], tuple[Any, list[tuple[int, str]]]],
    accept: Callable[[Any], str | Skip] | None = None,
    **facts: Any,
) -> CheckedFile:
    """Check every row of `table`: `check_row(number, cells)` gives (the checked row, []) or (None,
    the row's problems); `accept(row)` then says why a checked row cannot be taken with those
    before it (a repeat), or "", or Skip(note) to leave it out. Any problem refuses the file with
    every problem (ImportFileError). `facts`: what the import decided for the whole file."""
    rows, errors, skipped = [], [], []
    for number, cells in table.rows:
        row, row_errors = check_row(number, cells)
        if row is None:
            errors += row_errors
            continue
        problem = accept(row) if accept else ""
        if isinstance(problem, Skip):
            skipped.append((number, problem.note))
            continue
        if problem:
            errors.append((number, problem))
            continue
        rows.append(row)
    ImportFileError.raise_if(errors)
    return CheckedFile.of(table, rows, skipped=skipped, facts=facts)


@dataclass
class CheckedFile:
    """A file whose every row passed its import's checks: the checked rows (each with its
    `number`) and what the header said (Table's labels, ignored columns, kind, variant)."""

    rows: list[Any]
    labels: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    kind: str = ""
    variant: str = ""
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, why) of rows left out
    facts: dict[str, Any] = field(default_factory=dict)  # what the import decided for the whole file

    @classmethod
    def of(cls, table: Table, rows: list[Any], **more: Any) -> CheckedFile:
        return cls(
            rows=rows, labels=table.labels, ignored=table.ignored, kind=table.kind, variant=table.variant, **more
        )

    @property
    def warnings(self) -> list[str]:
        """The rows left out, grouped by why (common.imports.errors.group_errors)."""
        return [
            _("%(rows)s%(note)s。") % {"rows": group.where, "note": group.message}
            for group in group_errors(self.skipped)
        ]

    @property
    def notices(self) -> list[str]:
        return [*unknown_columns_notice(self.ignored), *self.warnings]
