"""The holiday-arrangement file saved: through services.load_calendar, for the admin and the command.

A dry run (the admin's preview, `load_calendar --dry-run`) runs the same load in a transaction
rolled back at the end, so the preview says how many days are new and how many open requests'
deadlines the file changes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications import services
from common.imports.result import ImportResult, RowOutcome, rolled_back_if, verb
from common.imports.rows import CheckedFile, clean_cell


def import_calendar(
    checked: CheckedFile, *, source_notice: str = "", source_url: str = "", actor=None, dry_run: bool = False
) -> ImportResult:
    """Save the days of a checked file and recompute the deadlines they touch (all or none)."""
    result = ImportResult.for_file(checked, dry_run=dry_run)
    with rolled_back_if(dry_run):
        result.details = services.load_calendar(
            rows=checked.rows, source_notice=clean_cell(source_notice), source_url=source_url.strip(), actor=actor
        )
    result.rows = [RowOutcome(row.number) for row in checked.rows]
    return result


def calendar_summary(result: ImportResult) -> str:
    details = result.details
    text = _("%(verb)s %(years)s 年的日历：新增 %(created)d 天，更新 %(updated)d 天；") % {
        "verb": verb(result),
        "years": "、".join(map(str, details["years"])),
        "created": details["created"],
        "updated": details["updated"],
    }
    if result.dry_run:
        return text + _("%(n)d 件办理中申请的答复期限将重新计算。") % {"n": details["recomputed"]}
    return text + _("%(n)d 件办理中申请的答复期限已重新计算。") % {"n": details["recomputed"]}
