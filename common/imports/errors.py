"""The one error of an import: a file refused whole, with every (row number, message).

A file of 2,560 rows with the same mistake gives 2,560 errors of one message; they are shown once,
with their rows (group_errors): identical messages make one ErrorGroup, the groups in the order of
their first row, each group's rows ascending and each row once. Its `where` names the rows: 第3行,
第3、7、9行 up to ten rows, and beyond ten the first five and the count, 第3、7、9、11、13…行（共2,560行）.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.spreadsheets import SpreadsheetError

ROWS_LISTED = 10  # a group of up to this many rows names them all
ROWS_SHOWN = 5  # a larger group names its first rows, then the count


class ImportFileError(SpreadsheetError):
    """A file with errors; nothing of it was saved. `errors` lists (row number, message), by row."""

    @classmethod
    def raise_if(cls, errors: list[tuple[int, str]]) -> None:
        if errors:
            raise cls(errors)


@dataclass(frozen=True)
class ErrorGroup:
    """One message of a refused file and the rows (ascending, each once) it was given for."""

    rows: tuple[int, ...]
    message: str

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def where(self) -> str:
        """The rows as text: 第3行, 第3、7、9行, or 第3、7、9、11、13…行（共2,560行） beyond ten rows."""
        if self.count <= ROWS_LISTED:
            return _("第%(rows)s行") % {"rows": "、".join(str(row) for row in self.rows)}
        return _("第%(rows)s…行（共%(count)s行）") % {
            "rows": "、".join(str(row) for row in self.rows[:ROWS_SHOWN]),
            "count": f"{self.count:,}",
        }


def group_errors(errors: list[tuple[int, str]]) -> list[ErrorGroup]:
    """`errors` by message: one group a distinct message, in the order of their first row (of
    their first appearance among messages of the same first row)."""
    rows_by_message: dict[str, set[int]] = {}
    for row, message in errors:
        rows_by_message.setdefault(message, set()).add(row)
    groups = [ErrorGroup(tuple(sorted(rows)), message) for message, rows in rows_by_message.items()]
    return sorted(groups, key=lambda group: group.rows[0])


def refusal(errors: list[tuple[int, str]]) -> str:
    """The refusal as the commands print it: a count, then one line a problem with its rows."""
    groups = group_errors(errors)
    lines = "\n".join(
        _("  %(where)s：%(message)s") % {"where": group.where, "message": group.message} for group in groups
    )
    if len(groups) == len(errors):
        heading = _("文件有误，未导入任何内容（%(count)s 处错误）：") % {"count": f"{len(errors):,}"}
    else:
        heading = _("文件有误，未导入任何内容（%(count)s 处错误，%(kinds)s 类）：") % {
            "count": f"{len(errors):,}",
            "kinds": f"{len(groups):,}",
        }
    return heading + "\n" + lines
