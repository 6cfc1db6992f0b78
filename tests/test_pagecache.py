"""The shared cache of public pages (common/pagecache.py)."""

import pytest
from django.test import Client

from disclosures import services
from tests.factories import DisclosureFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, django_capture_on_commit_callbacks):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    return settings


def test_a_second_visit_is_served_from_the_cache(client, page_cache, organ):
    DisclosureFactory(organ=organ, title="关于开展节能宣传周活动的通知")
    assert count_queries(client, "/catalogue/news/") > 0
    assert count_queries(client, "/catalogue/news/") == 0
    assert "节能宣传周" in client.get("/catalogue/news/").content.decode()


def test_a_change_to_the_record_shows_at_once(
    client, page_cache, organ, staff_user, django_capture_on_commit_callbacks
):
    item = DisclosureFactory(organ=organ, title="关于开展节能宣传周活动的通知")
    assert "节能宣传周" in client.get("/catalogue/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_disclosure(disclosure=item, reason="内容有误", actor=staff_user)
    assert "节能宣传周" not in client.get("/catalogue/news/").content.decode()
    assert client.get(item.get_absolute_url()).status_code == 404


def test_visitors_with_other_display_choices_get_their_own_page(client, page_cache, organ):
    DisclosureFactory(organ=organ)
    client.get("/")
    contrast = Client()
    contrast.cookies["a11y"] = "contrast"
    assert 'class="a11y-contrast"' in contrast.get("/").content.decode()
    assert 'class="a11y-contrast"' not in client.get("/").content.decode()


def test_logged_in_staff_always_get_a_fresh_page(staff_client, page_cache, organ):
    DisclosureFactory(organ=organ)
    staff_client.get("/catalogue/news/")
    assert count_queries(staff_client, "/catalogue/news/") > 0
