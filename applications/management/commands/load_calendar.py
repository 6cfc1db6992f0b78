"""Enter a year's official holiday arrangement from a CSV file: `日期,类型,名称` (类型: 休 or 班)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications import services


class Command(BaseCommand):
    help = "导入国务院节假日安排（CSV：日期,类型,名称；类型为“休”或“班”），并重新计算受影响申请的答复期限。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV 文件路径")
        parser.add_argument("--source-notice", default="", help="依据文件名称")
        parser.add_argument("--source-url", default="", help="依据文件网址")
        parser.add_argument("--dry-run", action="store_true", help="只检查文件，不保存")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        try:
            rows = services.parse_calendar_csv(content)
        except services.CalendarFileError as exc:
            lines = "\n".join(f"  第{row}行：{message}" for row, message in exc.errors)
            raise CommandError(f"文件有误，未导入任何内容：\n{lines}") from exc
        if options["dry_run"]:
            self.stdout.write(f"文件无误：{len(rows)} 天（--dry-run，未保存）。")
            return
        summary = services.load_calendar(
            rows=rows, source_notice=options["source_notice"], source_url=options["source_url"]
        )
        years = "、".join(map(str, summary["years"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"已导入 {years} 年：新增 {summary['created']} 天，更新 {summary['updated']} 天；"
                f"{summary['recomputed']} 件办理中申请的答复期限已重新计算。"
            )
        )
