import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never into the work tree."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (throttle counters, cached statistics)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """`manage.py load_demo`, run once per test session (per xdist worker) and rolled back: see tests/demo_snapshot.py."""
    from tests.demo_snapshot import take_snapshot

    with django_db_blocker.unblock():
        return take_snapshot(tmp_path_factory.mktemp("demo-snapshot"))


@pytest.fixture
def loaded_demo(db, _media_root, demo_snapshot) -> str:
    """The demo data as `manage.py load_demo` leaves it (rows and files), in this test's transaction;
    the command's output."""
    return demo_snapshot.restore()


@pytest.fixture
def organ(db):
    return factories.OrganFactory()


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser(username="staff", password="pw-staff-123", email="s@example.cn")


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def public_urls(organ):
    """Every kind of public page, with data behind it (and one address that does not exist)."""
    item = factories.DisclosureFactory(organ=organ, normative=True)
    decision = factories.DecisionFactory(organ=organ)
    factories.GuideSectionFactory(organ=organ)
    factories.InformationRequestFactory(received_on=dt.date(2025, 3, 3))
    report = factories.publish_report(organ)
    return [
        reverse("disclosures:home"),
        reverse("disclosures:catalogue"),
        reverse("disclosures:category", kwargs={"slug": "normative"}),
        reverse("disclosures:category", kwargs={"slug": "licensing"}),
        item.get_absolute_url(),
        reverse("disclosures:decisions"),
        decision.get_absolute_url(),
        reverse("disclosures:guide"),
        reverse("applications:submit"),
        reverse("applications:lookup"),
        reverse("applications:calculator"),
        reverse("applications:calculator") + "?received_on=2026-09-15&days=20",
        reverse("reports:report-list"),
        report.get_absolute_url(),
        reverse("statistics:index"),
        reverse("statistics:index") + "?year=2025",
        reverse("disclosures:search"),
        reverse("disclosures:search") + "?q=审批",
        reverse("open_data:index"),
        "/no-such-page/",
    ]
