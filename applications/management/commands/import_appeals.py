"""Import 行政复议 and 行政诉讼 cases (report table 四) from CSV or XLSX; see applications.appeals_import."""

from applications import appeals_import
from common.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "导入政府信息公开行政复议、行政诉讼台账（CSV 或 XLSX，表头："
        + "、".join(appeals_import.APPEAL_COLUMNS)
        + "）。"
        "有申请编号且系统中有该申请的，自动关联；文件有任何错误时整份不导入；已导入过的行自动跳过。"
    )

    def run_import(self, content, options):
        return appeals_import.import_appeals(appeals_import.read_appeals(content), dry_run=options["dry_run"])

    def summary(self, result):
        return appeals_import.appeals_summary(result)
