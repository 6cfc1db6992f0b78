"""The screenshots in docs/screenshots/ and the README, taken from the demo data.

Skipped unless SCREENSHOTS=1, so an ordinary test run never rewrites them:

    SCREENSHOTS=1 .venv/bin/pytest tests/e2e/test_screenshots.py
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from disclosures.models import Attachment
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import visit

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(os.environ.get("SCREENSHOTS") != "1", reason="set SCREENSHOTS=1 to rewrite docs/screenshots/"),
]

SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots"
MAX_HEIGHT = 2000  # px: the top of long pages is enough and keeps the files small


def test_take_the_readme_screenshots(open_page):
    call_command("load_demo", stdout=StringIO())
    item = Attachment.objects.select_related("disclosure").order_by("disclosure__published_at").first().disclosure
    pages = {
        "home": reverse("disclosures:home"),
        "item": item.get_absolute_url(),
        "request-form": reverse("applications:submit"),
        "annual-report": reverse("reports:report-detail", args=[2018]),
    }
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = open_page(viewport)
        for name, path in pages.items():
            visit(page, path)
            height = min(page.evaluate("() => document.documentElement.scrollHeight"), MAX_HEIGHT)
            page.screenshot(
                path=SCREENSHOTS / f"{name}-{label}.png",
                full_page=True,
                clip={"x": 0, "y": 0, "width": viewport["width"], "height": height},
                animations="disabled",
                caret="hide",
            )
