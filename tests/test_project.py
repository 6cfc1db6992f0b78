import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.utils import h1_count

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_public_page_has_one_h1_a_skip_link_and_chinese_lang(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == (404 if url.startswith("/no-such-page/") else 200), url
        html = response.content.decode()
        assert h1_count(html) == 1, url
        assert 'href="#main"' in html and 'lang="zh-CN"' in html, url


def test_404_page_is_friendly_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "您访问的页面不存在" in html and h1_count(html) == 1


def test_500_page_is_friendly_chinese(db):
    from portal.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时无法响应" in html and "Traceback" not in html


def test_unhandled_error_shows_the_500_page(db, settings, monkeypatch):
    import disclosures.views

    def boom(request):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(disclosures.views, "catalogue_tree", lambda: boom(None))
    client = Client(raise_request_exception=False)
    response = client.get(reverse("disclosures:catalogue"))
    assert response.status_code == 500
    assert "系统暂时无法响应" in response.content.decode()
    assert "database on fire" not in response.content.decode()


def test_healthz_reports_database_and_cache(client, db):
    # Failures of either (503) are in tests/test_faults.py; headers in tests/test_security_headers.py.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_requesters_personal_data_never_reaches_public_pages(client, public_urls):
    from tests.factories import InformationRequestFactory

    InformationRequestFactory(
        name="独特姓名甲乙丙", id_number="360426199101010071", phone="13912349876", email="unique-applicant@example.cn"
    )
    for url in public_urls:
        html = client.get(url).content.decode()
        for personal in ["独特姓名甲乙丙", "360426199101010071", "13912349876", "unique-applicant@example.cn"]:
            assert personal not in html, (url, personal)
