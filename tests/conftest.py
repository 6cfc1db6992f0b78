import pytest
from django.db import connection

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
