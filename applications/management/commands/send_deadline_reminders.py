"""E-mail each handler their overdue and soon-due requests, at most once a day (applications/reminders.py).

Cron, working days at 08:00:
    0 8 * * 1-5 cd /srv/portal && .venv/bin/python manage.py send_deadline_reminders
On a day that is not a working day (a holiday on a weekday) it sends nothing, so a daily line
(`0 8 * * *`) works as well and also covers worked weekend days (调休上班). Running it twice the same
day is safe: a handler already reminded today gets nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from applications import queries, reminders


class Command(BaseCommand):
    help = (
        "向承办人发送答复期限提醒邮件（已逾期、N个工作日内到期、补正告知期限将至），每人每天最多一封；"
        "非工作日不发送。未指定承办人的申请发给 ADMINS。"
        "cron：0 8 * * 1-5 cd /srv/portal && .venv/bin/python manage.py send_deadline_reminders"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=reminders.DEFAULT_DAYS,
            help="提醒范围：今日起第N个工作日及以前到期的申请（默认3；今日到期的也列入）",
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送邮件、不记录")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 0:
            raise CommandError("--days 不能为负数。")
        dry_run = options["dry_run"]
        today = timezone.localdate()
        calendar = queries.build_calendar()
        if not calendar.day(today).is_workday:
            self.stdout.write(f"{today:%Y-%m-%d} 不是工作日，不发送提醒。")
            return
        outcome = reminders.send_reminders(today=today, days=days, dry_run=dry_run, calendar=calendar)
        prefix = "（--dry-run，未发送）将" if dry_run else "已"
        self.stdout.write(f"{today:%Y-%m-%d}：提醒范围至 {outcome.until:%Y-%m-%d}。")
        for user, count in outcome.sent:
            self.stdout.write(f"{prefix}向 {user.get_username()} 发送提醒：{count} 项。")
        for user, count in outcome.already_sent:
            self.stdout.write(f"{user.get_username()} 今日已提醒过，不再发送（{count} 项）。")
        for user, count in outcome.failed:
            self.stderr.write(f"向 {user.get_username()} 发送提醒失败（{count} 项），下次运行时重试。")
        if outcome.unassigned:
            if not settings.ADMINS:
                self.stdout.write(
                    f"{outcome.unassigned} 项属于未指定承办人或承办人无法接收邮件的申请；未设置 ADMINS，未发送。"
                )
            elif dry_run:
                self.stdout.write(f"{prefix}向管理员（ADMINS）发送 {outcome.unassigned} 项未指定承办人的提醒。")
            elif outcome.admins_mailed:
                self.stdout.write(f"已向管理员（ADMINS）发送 {outcome.unassigned} 项未指定承办人的提醒。")
            else:
                self.stderr.write(f"向管理员（ADMINS）发送 {outcome.unassigned} 项提醒失败。")
        if not (outcome.sent or outcome.already_sent or outcome.failed or outcome.unassigned):
            self.stdout.write("没有需要提醒的申请。")
