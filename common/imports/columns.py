"""The header of an imported file: which column is which field, and the rows below it as text.

Each import declares its columns (`Column`: the field, the header names it goes by — synonyms
included —, whether the header must have it). A header name is compared folded (`fold_header`:
NFKC, so full-width brackets, digits and underscores count as half-width; no spaces; no leading
"*", the mark of a required column in many templates). A column the import does not know is
**reported, not silently dropped**: `Table.ignored` lists it and `unknown_columns_notice` says so
in the preview and the commands' output. A field named twice (the same name twice, or two of its
synonyms) and a required column missing are header errors, on the header's row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common import spreadsheets
from common.imports.errors import ImportFileError


def fold_header(text: str) -> str:
    """A header name as compared: NFKC, no spaces, no leading '*'."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lstrip("*")


@dataclass(frozen=True)
class Column:
    """A column an import reads: its field, the header names it goes by (the first is the one
    messages use), whether the header must have it, and whether it is stored (a column recognised
    but not kept may appear under several names)."""

    name: str
    labels: tuple[str, ...] = ()
    required: bool = False
    stored: bool = True

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.name


def columns_named(names: Iterable[str], *, optional: Iterable[str] = ()) -> list[Column]:
    """Columns whose field is their header name, every one required but the `optional` ones."""
    optional = set(optional)
    return [Column(name, (name,), required=name not in optional) for name in names]


class HeaderProblem(Exception):
    """Raised by an import's own resolver: a header name it recognises as wrong (said as the message)."""


@dataclass
class Header:
    number: int  # the header's row number
    index: dict[str, int]  # field → position
    labels: dict[str, str]  # field → the column's name as written in the file
    ignored: list[str]  # columns not recognised


def map_header(
    cells: list[str],
    columns: list[Column],
    *,
    number: int,
    resolve: Callable[[str, str], str | None] | None = None,
    assigned: Mapping[str, str] | None = None,
    missing_message: Callable[[list[Column]], str] | None = None,
) -> Header:
    """Map a header row to fields. `assigned` gives the field staff chose for a header (folded name
    → field, "" for a column not to read), before any name is looked up; `resolve(written, folded)`
    names the field of a header the columns do not list (or None), or raises HeaderProblem.
    Header errors: ImportFileError."""
    lookup = {fold_header(label): column for column in columns for label in column.labels}
    by_name = {column.name: column for column in columns}
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[str] = []
    repeated: list[str] = []
    for position, written in enumerate(cells):
        folded = fold_header(written)
        if not folded:
            continue
        if assigned and folded in assigned:
            if not assigned[folded]:
                continue  # chosen not to be read: not a column "not recognised"
            column = by_name.get(assigned[folded])
        else:
            column = lookup.get(folded)
        if column is None and resolve is not None and not (assigned and folded in assigned):
            try:
                name = resolve(written, folded)
            except HeaderProblem as exc:
                errors.append(str(exc))
                continue
            column = by_name.get(name) if name else None
        if column is None:
            ignored.append(written)
            continue
        if column.name in index:
            if not column.stored:
                continue
            if fold_header(labels[column.name]) == folded:
                if written not in repeated:
                    repeated.append(written)
            else:
                errors.append(
                    _("表头重复：“%(first)s”和“%(second)s”是同一项。")
                    % {"first": labels[column.name], "second": written}
                )
            continue
        index[column.name] = position
        labels[column.name] = written
    if repeated:
        errors.insert(0, _("表头重复：%(columns)s。") % {"columns": "、".join(repeated)})
    missing = [column for column in columns if column.required and column.name not in index]
    if missing:
        errors.append(missing_message(missing) if missing_message else missing_columns(missing))
    if errors:
        raise ImportFileError([(number, message) for message in errors])
    for column in columns:
        if not column.stored:
            index.pop(column.name, None)
            labels.pop(column.name, None)
    return Header(number, index, labels, ignored)


def missing_columns(missing: list[Column]) -> str:
    return _("表头缺少：%(columns)s。") % {"columns": "、".join(column.label for column in missing)}


def unknown_columns_notice(ignored: list[str]) -> list[str]:
    """The notice on columns not recognised (none if every column was), for previews and commands."""
    if not ignored:
        return []
    return [_("未识别而忽略的列：%(columns)s。") % {"columns": "、".join(ignored)}]


# ---------------------------------------------------------------------------
# The file as a table of text
# ---------------------------------------------------------------------------

Cells = dict[str, str]


@dataclass
class Table:
    """The rows of a file below its header, as text by field; what the admin's preview signs."""

    rows: list[tuple[int, Cells]]  # (row number as the spreadsheet shows it, field → text)
    labels: dict[str, str] = field(default_factory=dict)  # field → the column's name as written
    ignored: list[str] = field(default_factory=list)  # columns not recognised
    kind: str = ""  # which of an import's kinds of file this is, for an import reading several
    variant: str = ""  # which naming of the columns the file follows, where there are several

    def to_payload(self) -> dict:
        fields = list(self.labels)
        return {
            "kind": self.kind,
            "variant": self.variant,
            "fields": fields,
            "labels": [self.labels[name] for name in fields],
            "ignored": self.ignored,
            "rows": [[number, [cells.get(name, "") for name in fields]] for number, cells in self.rows],
        }

    @classmethod
    def from_payload(cls, data: dict) -> Table:
        """The table of a payload; KeyError, TypeError or ValueError if it is not one."""
        fields = [str(name) for name in data["fields"]]
        return cls(
            rows=[(int(number), dict(zip(fields, map(str, cells), strict=True))) for number, cells in data["rows"]],
            labels=dict(zip(fields, map(str, data["labels"]), strict=True)),
            ignored=[str(name) for name in data["ignored"]],
            kind=str(data["kind"]),
            variant=str(data["variant"]),
        )


def read_rows(content: bytes, *, max_rows: int = spreadsheets.MAX_ROWS) -> spreadsheets.Rows:
    """The rows of a CSV or XLSX file (common.spreadsheets.read_rows), refusals as ImportFileError."""
    try:
        return spreadsheets.read_rows(content, max_rows=max_rows)
    except spreadsheets.SpreadsheetError as exc:
        raise ImportFileError(exc.errors) from exc


def table_below(
    raw: spreadsheets.Rows, header_at: int, header: Header, *, max_rows: int = spreadsheets.MAX_ROWS, **facts
) -> Table:
    """The non-blank rows below the header found at `raw[header_at]`, as a Table."""
    try:
        rows = spreadsheets.data_rows(raw, header_at, header.index, max_rows=max_rows)
    except spreadsheets.SpreadsheetError as exc:
        raise ImportFileError(exc.errors) from exc
    return Table(rows=rows, labels=header.labels, ignored=header.ignored, **facts)


def read_table(
    content: bytes, columns: list[Column], *, marks: list[str] | None = None, max_rows: int = spreadsheets.MAX_ROWS
) -> Table:
    """The rows of a file whose header has the columns of `marks` (default: the required ones;
    title rows above it are allowed), every required column checked."""
    raw = read_rows(content, max_rows=max_rows)
    marked = [column for column in columns if column.name in marks] if marks else [c for c in columns if c.required]
    mark_labels = [{fold_header(label) for label in column.labels} for column in marked]

    def is_header(cells):
        folded = {fold_header(cell) for cell in cells}
        return all(folded & labels for labels in mark_labels)

    header_at = spreadsheets.find_header(raw, is_header)
    if header_at is None:
        number, cells = spreadsheets.first_nonblank(raw)
        folded = {fold_header(cell) for cell in cells}
        missing = [c for c in columns if c.required and not folded & {fold_header(label) for label in c.labels}]
        raise ImportFileError([(number, missing_columns(missing or marked))])
    number, cells = raw[header_at]
    header = map_header(cells, columns, number=number)
    return table_below(raw, header_at, header, max_rows=max_rows)
