"""Import 双公示 decisions (行政许可 or 行政处罚) from CSV or XLSX; see disclosures.decision_import."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from disclosures import decision_import
from staff.commands import acting_user


class Command(BaseCommand):
    help = (
        "导入行政许可或行政处罚决定（双公示，CSV 或 XLSX；新旧两版“信用中国”列名均可）。"
        "文件有任何错误时整份不导入；决定文书号和许可（处罚）机关相同的决定只更新，不重复导入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件路径")
        parser.add_argument("--dry-run", action="store_true", help="只检查文件并统计，不保存")
        parser.add_argument(
            "--user",
            help="以该工作人员账号导入：按其权限办理（无发布权限时新增的决定为草稿，已公示的决定不能修改），"
            "修改记录中记为该账号；不指定时以服务器运维人员身份导入",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        user = acting_user(
            options["user"], needs_any=[decision_import.ADD_PERMISSION, decision_import.CHANGE_PERMISSION]
        )
        try:
            result = decision_import.import_file(content, actor=user, dry_run=options["dry_run"])
        except decision_import.DecisionFileError as exc:
            raise CommandError(
                f"文件有误，未导入任何内容（{len(exc.errors)} 处错误）：\n{decision_import.error_lines(exc.errors)}"
            ) from exc
        except decision_import.NoOrganError as exc:
            raise CommandError(str(exc)) from exc
        text = decision_import.summary(result)
        if options["dry_run"]:
            text += "（--dry-run，未保存）"
        self.stdout.write(self.style.SUCCESS(text))
