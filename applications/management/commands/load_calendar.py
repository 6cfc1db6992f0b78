"""Enter a year's official holiday arrangement from a CSV file: `日期,类型,名称` (类型: 休 or 班)."""

import csv
import dataclasses
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from applications import calendar_file, services
from applications.models import CalendarDay
from common import spreadsheets


class Command(BaseCommand):
    help = "导入国务院节假日安排（CSV：日期,类型,名称；类型为“休”或“班”），并重新计算受影响申请的答复期限。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径")
        parser.add_argument("--source-notice", default="", help="依据文件名称")
        parser.add_argument("--source-url", default="", help="依据文件网址")
        parser.add_argument("--dry-run", action="store_true", help="只检查文件，不保存")

    def handle(self, *args, **options):
        source_notice, source_url = check_source(options["source_notice"], options["source_url"])
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        try:
            rows = calendar_file.parse_calendar_csv(content)
        except calendar_file.CalendarFileError as exc:
            lines = "\n".join(f"  第{row}行：{message}" for row, message in exc.errors)
            raise CommandError(f"文件有误，未导入任何内容：\n{lines}") from exc
        except csv.Error as exc:  # e.g. a cell larger than the csv module reads
            raise CommandError(_("文件不是有效的 CSV 文件，未导入任何内容（%(error)s）。") % {"error": exc}) from exc
        # Control characters and direction overrides have no place in a holiday's name (and
        # PostgreSQL refuses NUL): dropped, as the spreadsheet importers drop them.
        rows = [dataclasses.replace(row, name=spreadsheets.clean(row.name).strip()) for row in rows]
        if options["dry_run"]:
            self.stdout.write(f"文件无误：{len(rows)} 天（--dry-run，未保存）。")
            return
        summary = services.load_calendar(rows=rows, source_notice=source_notice, source_url=source_url)
        years = "、".join(map(str, summary["years"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {years} 年：新增 {summary['created']} 天，更新 {summary['updated']} 天；"
                f"{summary['recomputed']} 件办理中申请的答复期限已重新计算。"
            )
        )


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
