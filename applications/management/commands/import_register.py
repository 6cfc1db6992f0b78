"""Import a bureau's request register (台账) from CSV or XLSX; see applications.register_import for the columns."""

from applications import register_import, register_import_replay
from common.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "导入政府信息公开申请台账（CSV 或 XLSX，表头：" + "、".join(register_import.REGISTER_COLUMNS) + "）。"
        "文件有任何错误时整份不导入；已导入过的行自动跳过。"
    )
    dry_run_help = "只检查文件并试算，不保存"

    def run_import(self, content, options):
        checked = register_import.read_register(content)
        return register_import_replay.import_register(checked, dry_run=options["dry_run"])

    def summary(self, result):
        return register_import_replay.register_summary(result)
