"""Recompute the deadline of every open request, e.g. after upgrading the chinesecalendar package.

A new release of the package can add a year's official arrangement; stored due dates and their
provisional marks are derived data, so they are refreshed here and every change is logged.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from applications import services


class Command(BaseCommand):
    help = "重新计算全部办理中申请的答复期限（升级 chinesecalendar 后运行）；有变化的记入办理记录。"

    def handle(self, *args, **options):
        this_year = timezone.localdate().year
        # Open requests reach back a few years at most; forward, the next years are what may change.
        changed = services.recompute_for_years(range(this_year - 5, this_year + 3))
        self.stdout.write(f"{changed} 件申请的答复期限有变化，已重新计算并记录。")
