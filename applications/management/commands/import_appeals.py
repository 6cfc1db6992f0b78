"""Import 行政复议 and 行政诉讼 cases (report table 四) from CSV or XLSX."""

from django.core.management.base import BaseCommand, CommandError

from applications import register
from applications.management.commands.import_register import read_file


class Command(BaseCommand):
    help = (
        "导入政府信息公开行政复议、行政诉讼台账（CSV 或 XLSX，表头：" + "、".join(register.APPEAL_COLUMNS) + "）。"
        "有申请编号且系统中有该申请的，自动关联；文件有任何错误时整份不导入；已导入过的行自动跳过。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查文件，不保存")

    def handle(self, *args, **options):
        content = read_file(options["file"])
        try:
            result = register.import_appeals(register.read_appeals(content), dry_run=options["dry_run"])
        except register.RegisterFileError as exc:
            raise CommandError(f"文件有误，未导入任何内容：\n{register.error_lines(exc.errors)}") from exc
        summary = register.appeals_summary(result)
        if options["dry_run"]:
            summary += "（--dry-run，未保存）"
        self.stdout.write(self.style.SUCCESS(summary))
