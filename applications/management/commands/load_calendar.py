"""Enter a year's official holiday arrangement from a CSV or XLSX file: `日期,类型,名称` (类型: 休 or 班).

Read by applications.calendar_file and saved by applications.calendar_import, as the admin's
upload is; `--dry-run` runs the load and rolls it back, so it says what the file would change.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from applications import calendar_file, calendar_import
from applications.models import CalendarDay
from common import spreadsheets
from common.imports.command import ImportCommand


class Command(ImportCommand):
    help = "导入国务院节假日安排（CSV：日期,类型,名称；类型为“休”或“班”），并重新计算受影响申请的答复期限。"
    file_help = "CSV 文件路径"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--source-notice", default="", help="依据文件名称")
        parser.add_argument("--source-url", default="", help="依据文件网址")

    def handle(self, *args, **options):
        options["source_notice"], options["source_url"] = check_source(options["source_notice"], options["source_url"])
        super().handle(*args, **options)

    def run_import(self, content, options):
        return calendar_import.import_calendar(
            calendar_file.read_calendar(content),
            source_notice=options["source_notice"],
            source_url=options["source_url"],
            dry_run=options["dry_run"],
        )

    def summary(self, result):
        return calendar_import.calendar_summary(result)


def check_source(notice: str, url: str) -> tuple[str, str]:
    """The notice's name and address as they may be stored, or CommandError saying what is wrong."""
    notice, url = spreadsheets.clean(notice).strip(), url.strip()
    errors = []
    notice_length = CalendarDay._meta.get_field("source_notice").max_length
    if len(notice) > notice_length:
        errors.append(_("依据文件名称不能超过%(count)d个字。") % {"count": notice_length})
    if url:
        url_length = CalendarDay._meta.get_field("source_url").max_length
        try:
            if len(url) > url_length:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.append(
                _("依据文件网址应为以 http:// 或 https:// 开头、不超过%(count)d个字符的网址。") % {"count": url_length}
            )
    if errors:
        raise CommandError(_("参数有误，未导入任何内容：") + "".join(errors))
    return notice, url
