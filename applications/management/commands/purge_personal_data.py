"""Purge the personal data of requests closed longer than PERSONAL_DATA_RETENTION_DAYS (applications/retention.py).

Daily, after the reminders (docker/scheduler.sh runs it in the compose `scheduler` service), or cron:
    45 7 * * * cd /srv/portal && .venv/bin/python manage.py purge_personal_data
Safe to run any number of times: a purged request is never touched again. `--dry-run` prints the
counts and changes nothing. The output holds counts only, never a name, number or tracking number.
The command needs the identity documents' storage (PRIVATE_MEDIA_ROOT): when none of the files
it would delete is there and the folder is empty or absent, it stops before changing anything (the
storage is not mounted where it runs); files missing from a storage that is there are reported.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applications import retention


class Command(BaseCommand):
    help = (
        "清除办结已超过保存期限（PERSONAL_DATA_RETENTION_DAYS，默认1826日）的申请中的个人信息："
        "遮盖申请人信息及修改记录，删除身份证明文件和答复告知书文件；统计数据和年度报告不变。可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计将清除的申请和文件数，不作任何修改")

    def handle(self, *args, **options):
        today = timezone.localdate()
        try:
            plan = retention.plan_purge(today=today)
        except ValueError as exc:
            raise CommandError(
                f"PERSONAL_DATA_RETENTION_DAYS 应为正整数（现为 {retention.retention_days()}）。"
            ) from exc
        files = plan.attachments + plan.letter_files
        self.stdout.write(f"保存期限 {plan.days} 日：{plan.cutoff:%Y-%m-%d} 以前办结的申请到期。")
        if files and plan.missing_files == files and not _has_entries(Path(settings.PRIVATE_MEDIA_ROOT)):
            raise CommandError(
                f"待删除的 {files} 个文件在 PRIVATE_MEDIA_ROOT（{settings.PRIVATE_MEDIA_ROOT}）中一个也找不到，"
                "存储可能未挂载；未作任何修改。"
            )
        downloads = retention.expire_downloads(today=today, dry_run=options["dry_run"])
        self.stdout.write(
            f"答复后超过 {settings.RELEASED_FILES_RETENTION_DAYS} 日的下载文件（所提供的信息、告知书PDF）："
            f"{'将删除' if options['dry_run'] else '已删除'} {downloads} 个。"
        )
        if options["dry_run"]:
            self.stdout.write(
                f"（--dry-run，未作任何修改）将清除 {plan.requests} 件申请的个人信息，"
                f"删除身份证明文件 {plan.attachments} 个、答复告知书文件 {plan.letter_files} 个。"
            )
            summary = plan
        else:
            summary = retention.purge_personal_data(today=today, days=plan.days)
            self.stdout.write(
                f"已清除 {summary.requests} 件申请的个人信息，"
                f"删除身份证明文件 {summary.attachments} 个、答复告知书文件 {summary.letter_files} 个。"
            )
        if plan.missing_files:
            self.stderr.write(f"其中 {plan.missing_files} 个文件在存储中已不存在。")
        if summary.waiting_for_appeal:
            self.stdout.write(
                f"另有 {summary.waiting_for_appeal} 件已到期，但行政复议或行政诉讼尚未审结或审结未满保存期限，暂不清除。"
            )
        if summary.undated:
            self.stdout.write(f"另有 {summary.undated} 件已办结但没有答复日期，不会按期限清除，请核对。")
        self.stdout.write(f"此前已清除 {summary.already_purged} 件。")


def _has_entries(folder: Path) -> bool:
    return folder.is_dir() and any(folder.iterdir())
