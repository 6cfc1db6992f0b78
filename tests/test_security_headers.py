"""Security headers and cookies: every kind of response (HTML pages, the API, feeds, the sitemap,
robots.txt, the health check, error pages, the admin) carries the Content-Security-Policy and the
other headers, and over HTTPS with production settings HSTS and secure cookies.

The test settings are the production settings (DEBUG off) less the HTTPS redirect; the tests that
need it turn it back on and ask over HTTPS (`secure=True`).
"""

import base64
import hashlib
import re

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

import disclosures.views
from tests import factories

pytestmark = pytest.mark.django_db

ONE_YEAR = 365 * 24 * 60 * 60
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"}


def parse_csp(header: str) -> dict[str, list[str]]:
    """{'script-src': ["'self'"], …} from a Content-Security-Policy header."""
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        if name:
            policy[name.lower()] = sources
    return policy


def assert_security_headers(response, where: str) -> None:
    csp = response.get("Content-Security-Policy")
    assert csp, f"{where}: no Content-Security-Policy"
    policy = parse_csp(csp)
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts, f"{where}: no script-src or default-src"
    assert not UNSAFE_SOURCES & set(scripts), f"{where}: script-src {scripts}"
    styles = policy.get("style-src", policy.get("default-src"))
    assert "'unsafe-inline'" not in styles, f"{where}: style-src {styles}"
    assert policy.get("object-src") == ["'none'"], f"{where}: object-src {policy.get('object-src')}"
    assert policy.get("frame-ancestors") == ["'none'"], f"{where}: frame-ancestors {policy.get('frame-ancestors')}"
    assert policy.get("base-uri") == ["'self'"], where
    assert policy.get("form-action") == ["'self'"], where
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy") == "same-origin", where
    assert response.get("X-Frame-Options") == "DENY", where
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions, f"{where}: Permissions-Policy {permissions!r}"


@pytest.fixture
def every_kind_of_response(public_urls):
    """public_urls (the HTML pages and the 404 page) plus everything that is not an HTML page."""
    item = factories.DisclosureFactory(normative=True)
    decision = factories.DecisionFactory()
    return [
        *public_urls,
        reverse("open_data:api-disclosure-list"),
        reverse("open_data:api-disclosure-detail", kwargs={"pk": item.pk}),
        reverse("open_data:api-decision-list"),
        reverse("open_data:api-decision-detail", kwargs={"pk": decision.pk}),
        reverse("open_data:api-openapi"),
        reverse("open_data:feed-latest-rss"),
        reverse("open_data:feed-latest-atom"),
        reverse("open_data:feed-decisions-rss"),
        reverse("open_data:decisions-csv"),
        reverse("sitemap"),
        reverse("robots"),
        reverse("healthz"),
        reverse("admin:login"),
        "/api/v1/no-such-endpoint/",
    ]


def test_every_kind_of_response_carries_the_security_headers(client, every_kind_of_response):
    for url in every_kind_of_response:
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_security_headers(response, url)


def test_staff_pages_carry_the_security_headers(client, staff_user):
    # Logged in through the form: force_login's request has no client address, which django-axes
    # records and PostgreSQL's inet column refuses.
    assert client.post(reverse("admin:login"), {"username": "staff", "password": "pw-staff-123"}).status_code == 302
    request = factories.InformationRequestFactory()
    for url in [
        reverse("admin:index"),
        reverse("admin:applications_informationrequest_changelist"),
        reverse("admin:applications_informationrequest_change", args=[request.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response, url)


def test_the_policy_allows_scripts_and_styles_of_this_site_only(client):
    policy = parse_csp(client.get(reverse("disclosures:home"))["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]


def test_error_pages_allow_exactly_their_own_inline_stylesheet(db, settings, monkeypatch):
    """The 500 and 503 pages must render with the database and static files gone, so their small
    stylesheet is inline: their policy lists its hash, and still no 'unsafe-inline'."""
    faults = {500: RuntimeError("bug"), 503: OperationalError("connection refused")}
    client = Client(raise_request_exception=False)
    for status, exception in faults.items():

        def fail(exception=exception):
            raise exception

        monkeypatch.setattr(disclosures.views, "catalogue_tree", fail)
        response = client.get(reverse("disclosures:catalogue"))
        assert response.status_code == status
        assert_security_headers(response, f"the {status} page")
        html = response.content.decode()
        assert ' style="' not in html
        (css,) = re.findall(r"<style>(.*?)</style>", html, re.S)
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        styles = parse_csp(response["Content-Security-Policy"])["style-src"]
        assert styles == ["'self'", f"'sha256-{digest}'"], status


# --- HTTPS, as in production ---------------------------------------------------------------------


@pytest.fixture
def https_only(settings):
    """Production: DEBUG off (the test settings already), and plain HTTP redirected to HTTPS."""
    assert settings.DEBUG is False
    settings.SECURE_SSL_REDIRECT = True
    return settings


def test_plain_http_is_redirected_to_https(client, https_only):
    response = client.get(reverse("disclosures:home"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver" + reverse("disclosures:home")


def test_https_responses_carry_hsts_for_a_year_or_more(client, https_only, every_kind_of_response):
    for url in every_kind_of_response:
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), (url, response.status_code)
        assert_security_headers(response, url)
        hsts = response.get("Strict-Transport-Security", "")
        max_age = re.search(r"max-age=(\d+)", hsts)
        assert max_age and int(max_age.group(1)) >= ONE_YEAR, f"{url}: {hsts!r}"
        assert "includeSubDomains" in hsts, url


def test_csrf_cookie_is_secure_and_same_site(client, https_only):
    response = client.get(reverse("applications:submit"), secure=True)
    assert response.status_code == 200
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] is True
    assert cookie["samesite"] in ("Lax", "Strict")


def test_session_cookie_is_secure_http_only_and_same_site(client, https_only, staff_user):
    client.get(reverse("admin:login"), secure=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "staff", "password": "pw-staff-123", "next": reverse("admin:index")},
        secure=True,
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] in ("Lax", "Strict")


def test_display_preference_cookies_are_secure_over_https(client, https_only):
    response = client.get(reverse("disclosures:home") + "?variant=hant", secure=True)
    script = response.cookies["script"]
    assert script["secure"] is True and script["httponly"] is True and script["samesite"] == "Lax"
    response = client.get(reverse("preferences") + "?action=contrast&next=/", secure=True)
    a11y = response.cookies["a11y"]
    # Not HttpOnly on purpose: the toolbar's script writes the same cookie (common/middleware.py).
    assert a11y["secure"] is True and a11y["samesite"] == "Lax"
