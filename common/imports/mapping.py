"""The mapping step of an admin import: the file's columns shown against the import's fields.

An import whose files come in many local shapes (the 双公示 decisions) gives its AdminImport a
`MappingStep`. The upload page then shows, above the preview, every column of the file's header
with a sample value (personal data masked), the field it will be read as (chosen by name, or by
the mapping saved for the organ), and a warning on a column not recognised that looks like a code
column. Staff may change any column's field (or leave it out), and the kind of file, and preview
again; the raw rows come back signed (common.imports.admin_flow, with a salt of their own), so
nothing is stored on the server but the mapping staff ask to save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from common import spreadsheets
from common.personal_data import mask_personal_data

SAMPLE_LENGTH = 40
NOT_IMPORTED = ""  # the field of a column staff chose not to import


@dataclass
class ProposedColumn:
    position: int
    written: str  # the column's name as the file writes it
    folded: str  # as mappings key it (common.imports.columns.fold_header)
    field: str | None  # the field it is read as; NOT_IMPORTED; None when not recognised
    sample: str = ""  # the first value below the header, masked
    warning: str = ""

    @property
    def shown(self) -> str:
        """The name as the page shows it: masked, in case the row taken for the header is data."""
        return mask_personal_data(self.written)


@dataclass
class Proposal:
    """What the mapping step shows: the header row and its columns, the kind of file."""

    header_at: int  # position of the header in the file's rows
    number: int  # the header's row number
    columns: list[ProposedColumn]
    kind: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)  # (field, label) a column may be read as
    kinds: list[tuple[str, str]] = field(default_factory=list)  # (kind, label) of the files the import reads
    fields_of_kind: dict[str, set[str]] = field(default_factory=dict)  # kind → the fields its files have
    variant: str = ""  # which naming of the columns the file follows, as staff say ("" : the header tells)
    variants: list[tuple[str, str]] = field(default_factory=list)  # (variant, label) staff may choose
    notes: list[str] = field(default_factory=list)  # warnings on the whole file (no header found …)

    def mapping(self) -> dict[str, str]:
        """folded header → field, for the columns with one (recognised, or chosen)."""
        return {column.folded: column.field for column in self.columns if column.field is not None}

    def choose(self, data) -> list[str]:
        """Apply staff's choices posted from the page (`column_<position>`, `kind`, `variant`); the problems."""
        allowed = {name for name, _label in self.choices}
        kind, variant = data.get("kind", ""), data.get("variant", "")
        problems = []
        if kind and kind not in dict(self.kinds):
            problems.append(_("决定类型无效。"))
        if variant and variant not in dict(self.variants):
            problems.append(_("所选的列名版本无效。"))
        if problems:
            return problems
        self.kind, self.variant = kind, variant
        return self._choose_columns(data, allowed)

    def _choose_columns(self, data, allowed: set[str]) -> list[str]:
        problems, taken = [], {}
        of_kind = self.fields_of_kind.get(self.kind)
        kinds = dict(self.kinds)
        for column in self.columns:
            chosen = data.get(f"column_{column.position}", NOT_IMPORTED)
            if chosen != NOT_IMPORTED and chosen not in allowed:
                problems.append(_("列“%(column)s”的对应项无效。") % {"column": column.shown})
                continue
            if chosen and of_kind is not None and chosen not in of_kind:
                problems.append(
                    _("列“%(column)s”对应的“%(field)s”不是%(kind)s文件的项。")
                    % {"column": column.shown, "field": dict(self.choices)[chosen], "kind": kinds[self.kind]}
                )
                continue
            column.field = chosen
            if chosen and chosen in taken:
                label = dict(self.choices)[chosen]
                problems.append(
                    _("“%(first)s”和“%(second)s”都对应“%(field)s”：一项只能对应一列。")
                    % {"first": taken[chosen], "second": column.shown, "field": label}
                )
            taken.setdefault(chosen, column.shown)
        return problems


def sample_of(raw: spreadsheets.Rows, header_at: int, position: int) -> str:
    """The first non-blank value of a column below the header, masked and cut short."""
    for _number, cells in raw[header_at + 1 :]:
        if position < len(cells) and cells[position].strip():
            text = mask_personal_data(cells[position].strip())
            return text if len(text) <= SAMPLE_LENGTH else text[: SAMPLE_LENGTH - 1] + "…"
    return ""


@dataclass(frozen=True)
class MappingStep:
    """An import's mapping step. propose(raw, request) → Proposal (the columns as recognised, the
    organ's saved mapping applied); read(raw, proposal) → Table, the file read with the columns
    as proposed or chosen; save(request, proposal) → the message of a mapping saved for next time;
    may_save(request): whether this user may save one."""

    propose: Callable[[spreadsheets.Rows, Any], Proposal]
    read: Callable[[spreadsheets.Rows, Proposal], Any]
    save: Callable[[Any, Proposal], str]
    may_save: Callable[[Any], bool]
