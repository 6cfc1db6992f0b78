"""Import a bureau's request register (台账) from CSV or XLSX; see applications.register for the columns."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications import register


class Command(BaseCommand):
    help = (
        "导入政府信息公开申请台账（CSV 或 XLSX，表头：" + "、".join(register.REGISTER_COLUMNS) + "）。"
        "文件有任何错误时整份不导入；已导入过的行自动跳过。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查文件并试算，不保存")

    def handle(self, *args, **options):
        content = read_file(options["file"])
        try:
            result = register.import_register(register.read_register(content), dry_run=options["dry_run"])
        except register.RegisterFileError as exc:
            raise CommandError(f"文件有误，未导入任何内容：\n{register.error_lines(exc.errors)}") from exc
        summary = register.register_summary(result)
        if options["dry_run"]:
            summary += "（--dry-run，未保存）"
        self.stdout.write(self.style.SUCCESS(summary))


def read_file(name: str) -> bytes:
    path = Path(name)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
