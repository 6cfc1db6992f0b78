"""Import 双公示 decisions (行政许可 or 行政处罚) from CSV or XLSX; see disclosures.decision_import."""

from common.imports.command import ImportCommand
from disclosures import decision_import_apply, decision_import_rows
from staff.commands import acting_user


class Command(ImportCommand):
    help = (
        "导入行政许可或行政处罚决定（双公示，CSV 或 XLSX；新旧两版“信用中国”列名均可）。"
        "文件有任何错误时整份不导入；决定文书号和许可（处罚）机关相同的决定只更新，不重复导入。"
    )
    dry_run_help = "只检查文件并统计，不保存"
    refusals = (decision_import_apply.NoOrganError,)

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--user",
            help="以该工作人员账号导入：按其权限办理（无发布权限时新增的决定为草稿，已公示的决定不能修改），"
            "修改记录中记为该账号；不指定时以服务器运维人员身份导入",
        )

    def run_import(self, content, options):
        user = acting_user(
            options["user"], needs_any=[decision_import_apply.ADD_PERMISSION, decision_import_apply.CHANGE_PERMISSION]
        )
        checked = decision_import_rows.read_decisions(content)
        return decision_import_apply.import_decisions(checked, actor=user, dry_run=options["dry_run"])

    def summary(self, result):
        return decision_import_apply.summary(result)
