"""The one error of an import: a file refused whole, with every (row number, message)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from common.spreadsheets import SpreadsheetError


class ImportFileError(SpreadsheetError):
    """A file with errors; nothing of it was saved. `errors` lists (row number, message), by row."""

    @classmethod
    def raise_if(cls, errors: list[tuple[int, str]]) -> None:
        if errors:
            raise cls(errors)


def refusal(errors: list[tuple[int, str]]) -> str:
    """The refusal as the commands print it: a count, then one line a problem."""
    lines = "\n".join(_("  第%(row)s行：%(message)s") % {"row": row, "message": message} for row, message in errors)
    return _("文件有误，未导入任何内容（%(count)d 处错误）：") % {"count": len(errors)} + "\n" + lines
