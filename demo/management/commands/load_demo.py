"""`manage.py load_demo`: load the demo data; running it again adds nothing.

Three parts, each idempotent: the public record of 防城港市行政审批局 (`demo.public_record`), its
requests and appeals (`demo.requests`), and its annual reports (`demo.reports`).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.public_record import DEMO_PASSWORD, DEMO_USERNAME, load_demo
from demo.reports import demo_organ, load_demo_reports
from demo.requests import load_demo_requests
from disclosures.models import Category


class Command(BaseCommand):
    help = (
        "Load the demo data (防城港市行政审批局: the 2018 items, requests and report its annual report counts, "
        "requests and appeals of 2025, a few of 2026, the 公开指南). Idempotent. The demo staff account is "
        "created only with DEBUG on or --demo-user."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-user",
            action="store_true",
            help=f"Also create the superuser “{DEMO_USERNAME}” (implied when DEBUG is on). Never on a public server.",
        )

    def handle(self, *args, demo_user=False, **options):
        try:
            summary = load_demo(with_user=demo_user or settings.DEBUG)
        except Category.DoesNotExist as exc:
            raise CommandError("The standard 公开目录 is missing; run `manage.py migrate` first.") from exc
        self.stdout.write(summary.line())
        self.stdout.write(load_demo_requests().line())
        reports = load_demo_reports(demo_organ())
        self.stdout.write(
            "Demo annual reports: " + "; ".join(f"{year} {state}" for year, state in sorted(reports.items())) + "."
        )
        if summary.user != "not requested":
            self.stdout.write(
                self.style.WARNING(
                    f"Demo staff account “{DEMO_USERNAME}” / “{DEMO_PASSWORD}” ({summary.user}) is for demonstration "
                    "only: never create it on a server the public can reach."
                )
            )
