"""Export a year's request register (台账) with computed deadlines, as CSV or XLSX."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications import register_export


class Command(BaseCommand):
    help = (
        "导出某年度收到的政府信息公开申请台账（与导入相同的列，另加答复期限、期限待定、是否逾期、状态）。"
        "CSV 为带 BOM 的 UTF-8，可直接用 Excel 打开。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="收到申请的年度")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="文件格式（默认 csv）")
        parser.add_argument("-o", "--output", help="输出文件路径（默认 register-年度.格式）")

    def handle(self, *args, **options):
        year, fmt = options["year"], options["format"]
        if not 1900 <= year <= 9999:
            raise CommandError(f"年度 {year} 无效。")
        path = Path(options["output"] or f"register-{year}.{fmt}")
        content, count = register_export.export_register(year, fmt)
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"无法写入文件 {path}：{exc.strerror}") from exc
        message = f"已导出 {year} 年收到的申请 {count} 件到 {path}。"
        unconfirmed = register_export.unconfirmed_count(year)
        if unconfirmed:
            message += f"另有 {unconfirmed} 件网络等渠道的申请尚未确认收到，未导出。"
        self.stdout.write(self.style.SUCCESS(message))
