"""Citizen experience (issue 8): the accessibility toolbar, 简体/繁體, page semantics, page weight.

Browser-only behaviour (the script's instant toggles, the reading guide, 360 px layout) is covered by
tests/e2e; these tests check what the server renders and the static files it serves.
"""

import datetime as dt
import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from common import middleware
from common.middleware import A11yPreferences
from disclosures.models import Category
from tests.factories import DecisionFactory, DisclosureFactory, InformationRequestFactory
from tests.utils import h1_count, request_form_data

pytestmark = pytest.mark.django_db

STATIC = Path(settings.BASE_DIR) / "static"
TOOLBAR_BUTTONS = {
    "zoom-in": "放大",
    "zoom-out": "缩小",
    "contrast": "高对比度",
    "guide": "辅助线",
    "cursor": "大鼠标",
    "reset": "重置",
}
TOGGLES = {"contrast", "guide", "cursor"}


# --- a small DOM, enough to check structure -----------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag=None, **attrs):
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and all(node.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    @property
    def text(self):
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def dom(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


# --- fixtures ---------------------------------------------------------------------------------


def get_page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == (404 if url.startswith("/no-such-page/") else 200), url
    return response


# --- the toolbar ------------------------------------------------------------------------------


def test_every_public_page_has_the_toolbar_after_the_skip_link(client, public_urls):
    for url in public_urls:
        response = get_page(client, url)
        page = dom(response.content.decode())
        body = page.find("body")
        first = [child for child in body.children if isinstance(child, Node)][:3]
        assert [node.attrs.get("class") for node in first[:1]] == ["skip-link"], url
        toolbar = first[1]
        assert toolbar.attrs.get("id") == "a11y-toolbar", url
        assert toolbar.attrs["role"] == "region" and toolbar.attrs["aria-label"] == "无障碍工具栏", url
        form = toolbar.find("form")
        assert form.attrs["method"] == "get" and form.attrs["action"] == "/preferences/", url
        assert not form.find("input", name="csrfmiddlewaretoken"), url  # a GET form: no token
        assert form.find("input", name="next").attrs["value"] == response.wsgi_request.get_full_path(), url
        buttons = {b.attrs["value"]: b for b in form.find_all("button", name="action")}
        assert set(buttons) == set(TOOLBAR_BUTTONS), url
        for value, text in TOOLBAR_BUTTONS.items():
            button = buttons[value]
            assert button.attrs["type"] == "submit" and text in button.text, (url, value)
            assert button.attrs.get("aria-pressed") == ("false" if value in TOGGLES else None), (url, value)
        status = toolbar.find(id="a11y-status")
        assert status.attrs["role"] == "status" and status.attrs["aria-live"] == "polite"
        guide = page.find(id="a11y-guide-line")
        assert guide.attrs["aria-hidden"] == "true", url
        assert page.find("html").attrs["lang"] == "zh-CN" and "class" not in page.find("html").attrs, url


def test_preferences_set_the_cookie_and_return_to_the_page(client, organ):
    response = client.get(reverse("preferences"), {"action": "contrast", "next": "/catalogue/?page=2"})
    assert response.status_code == 302 and response["Location"] == "/catalogue/?page=2"
    cookie = response.cookies["a11y"]
    assert cookie.value == "contrast"
    assert cookie["samesite"] == "Lax" and cookie["path"] == "/" and int(cookie["max-age"]) > 86400 * 300
    assert not cookie["httponly"]  # the toolbar's script writes the same cookie

    page = dom(client.get(reverse("disclosures:catalogue")).content.decode())
    assert page.find("html").attrs["class"] == "a11y-contrast"
    assert page.find("button", value="contrast").attrs["aria-pressed"] == "true"
    assert page.find("button", value="guide").attrs["aria-pressed"] == "false"


def test_zoom_steps_from_110_to_150_percent_and_back(client, organ):
    for _ in range(6):
        client.get(reverse("preferences"), {"action": "zoom-in", "next": "/"})
    assert client.cookies["a11y"].value == "zoom-4"
    page = dom(client.get("/").content.decode())
    assert page.find("html").attrs["class"] == "a11y-zoom-4"
    assert "150%" in page.find(id="a11y-zoom-level").text
    client.get(reverse("preferences"), {"action": "zoom-out", "next": "/"})
    client.get(reverse("preferences"), {"action": "guide", "next": "/"})
    client.get(reverse("preferences"), {"action": "cursor", "next": "/"})
    assert client.cookies["a11y"].value == "guide.cursor.zoom-3"
    assert dom(client.get("/").content.decode()).find("html").attrs["class"] == "a11y-guide a11y-cursor a11y-zoom-3"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
        "http://testserver:81/",
    ],
)
def test_preferences_refuse_to_redirect_off_site(client, db, next_url):
    response = client.get(reverse("preferences"), {"action": "contrast", "next": next_url})
    assert response.status_code == 302 and response["Location"] == reverse("disclosures:home")


def test_preferences_refuse_other_methods(client, db):
    assert client.post(reverse("preferences"), {"action": "contrast"}).status_code == 405


def test_public_pages_carry_no_csrf_token_and_set_no_cookie(client, organ):
    # The toolbar is a GET form: a cookieless visitor gets a page that can be cached and shared.
    response = client.get("/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_reset_clears_the_cookie(client, organ):
    client.cookies["a11y"] = "contrast.guide.cursor.zoom-2"
    assert dom(client.get("/").content.decode()).find("html").attrs["class"] == (
        "a11y-contrast a11y-guide a11y-cursor a11y-zoom-2"
    )
    response = client.get(reverse("preferences"), {"action": "reset", "next": "/"})
    assert response.cookies["a11y"].value == "" and response.cookies["a11y"]["max-age"] == 0
    assert "class" not in dom(client.get("/").content.decode()).find("html").attrs


@pytest.mark.parametrize(
    ("cookie", "classes"),
    [
        ("", ""),
        ("contrast", "a11y-contrast"),
        ("zoom-9.bogus.contrast", "a11y-contrast"),
        ("zoom-0", ""),
        ("zoom-x.zoom-", ""),
        ("cursor.contrast.contrast", "a11y-contrast a11y-cursor"),
        ('"><script>alert(1)</script>', ""),
        ("guide" + "." * 200 + "cursor", "a11y-guide"),  # only the first 100 characters are read
    ],
)
def test_cookie_values_outside_the_toolbar_settings_are_ignored(client, organ, cookie, classes):
    assert A11yPreferences.from_cookie(cookie).html_classes == classes
    client.cookies["a11y"] = cookie
    html = client.get("/").content.decode()
    assert dom(html).find("html").attrs.get("class", "") == classes
    assert "<script>alert" not in html


def test_unknown_action_changes_nothing(client, db):
    client.cookies["a11y"] = "guide"
    response = client.get(reverse("preferences"), {"action": "explode", "next": "/"})
    assert response.cookies["a11y"].value == "guide"


# --- 简体 / 繁體 ------------------------------------------------------------------------------


def test_variant_hant_serves_the_page_in_traditional_and_remembers_it(client, organ):
    url = reverse("disclosures:catalogue")
    response = client.get(url + "?variant=hant")
    html = response.content.decode()
    assert "政府信息公開目錄" in html and "政府信息公开目录" not in html
    assert "信息" in html and "資訊" not in html  # s2t keeps the legal vocabulary
    page = dom(html)
    assert page.find("html").attrs["lang"] == "zh-Hant"
    assert "Cookie" in response["Vary"] and response["Content-Language"] == "zh-Hant"
    assert int(response["Content-Length"]) == len(response.content)
    assert response.cookies["script"].value == "hant" and response.cookies["script"]["samesite"] == "Lax"

    hant = page.find("a", hreflang="zh-Hant")
    hans = page.find("a", hreflang="zh-Hans")
    assert hant.text == "繁體" and hant.attrs["lang"] == "zh-Hant" and hant.attrs["aria-current"] == "true"
    assert hans.text == "简体" and hans.attrs["lang"] == "zh-Hans" and "aria-current" not in hans.attrs

    # The cookie keeps the next page in Traditional, without the parameter.
    html = client.get(reverse("disclosures:guide")).content.decode()
    assert "公開指南" in html and dom(html).find("html").attrs["lang"] == "zh-Hant"

    # ?variant=hans returns to Simplified and clears the cookie.
    response = client.get(url + "?variant=hans")
    assert "政府信息公开目录" in response.content.decode()
    assert response.cookies["script"].value == "" and response.cookies["script"]["max-age"] == 0
    assert dom(response.content.decode()).find("a", hreflang="zh-Hans").attrs["aria-current"] == "true"
    html = client.get(reverse("disclosures:guide")).content.decode()
    assert "公开指南" in html and 'lang="zh-CN"' in html


def test_variant_in_the_url_wins_over_the_cookie(client, organ):
    client.cookies["script"] = "hant"
    assert "公开目录" in client.get(reverse("disclosures:catalogue") + "?variant=hans").content.decode()
    client.cookies["script"] = "hans-or-anything-else"
    assert "公开目录" in client.get(reverse("disclosures:catalogue")).content.decode()


def test_simplified_pages_vary_on_cookie_too(client, organ):
    response = client.get(reverse("disclosures:home"))
    assert "Cookie" in response["Vary"] and "Content-Language" not in response
    assert "script" not in response.cookies


def test_switch_links_keep_the_other_query_parameters(client, organ):
    page = dom(client.get(reverse("disclosures:search") + "?q=审批&kind=disclosures&variant=hans").content.decode())
    assert page.find("a", hreflang="zh-Hant").attrs["href"] == "?variant=hant&q=%E5%AE%A1%E6%89%B9&kind=disclosures"
    assert page.find("a", hreflang="zh-Hans").attrs["href"] == "?variant=hans&q=%E5%AE%A1%E6%89%B9&kind=disclosures"
    plain = dom(client.get(reverse("disclosures:guide")).content.decode())
    assert plain.find("a", hreflang="zh-Hant").attrs["href"] == "?variant=hant"


def test_every_public_page_converts(client, public_urls):
    for url in public_urls:
        # ?variant=hant next to the page's own parameters (filters, search) changes nothing else.
        html = get_page(client, url + ("&" if "?" in url else "?") + "variant=hant").content.decode()
        assert 'lang="zh-Hant"' in html and "無障礙工具欄" in html and "无障碍" not in html, url
        assert h1_count(html) == 1, url


def test_open_data_files_and_the_admin_are_not_converted(client, staff_client, organ):
    item = DisclosureFactory(organ=organ, title="行政审批服务公开事项")
    DecisionFactory(organ=organ)
    for c in (client, staff_client):
        c.cookies["script"] = "hant"

    api = client.get(reverse("open_data:api-disclosure-list") + "?variant=hant")
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")
    assert any(row["title"] == "行政审批服务公开事项" for row in api.json()["results"])
    assert "Content-Language" not in api

    csv = client.get(reverse("open_data:decisions-csv"))
    assert csv.streaming and "准予行政许可决定书" in b"".join(csv.streaming_content).decode("utf-8-sig")

    feed = client.get(reverse("open_data:feed-latest-rss")).content.decode()
    assert item.title in feed

    admin = staff_client.get(reverse("admin:index") + "?variant=hant")
    assert admin.status_code == 200
    assert "政府信息公开管理后台" in admin.content.decode() and "script" not in admin.cookies


def test_csrf_token_and_codes_survive_the_conversion(db, organ):
    client = Client(enforce_csrf_checks=True)
    html = client.get(reverse("applications:submit") + "?variant=hant").content.decode()
    assert "政府信息公開申請" in html
    page = dom(html)
    tokens = {node.attrs["value"] for node in page.find_all("input", name="csrfmiddlewaretoken")}
    assert len(tokens) == 1  # the application form's (the toolbar is a GET form)
    form_token = page.find("input", name="form_token").attrs["value"]
    response = client.post(
        reverse("applications:submit"), request_form_data(csrfmiddlewaretoken=tokens.pop(), form_token=form_token)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    receipt = client.get(response["Location"]).content.decode()
    tracking_number = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert tracking_number in receipt and "申請回執" in receipt and 'lang="zh-Hant"' in receipt
    assert re.search(r'<strong class="code">[A-Z0-9]{10}</strong>', receipt)


def test_conversion_is_cached_without_the_csrf_token():
    middleware._cache.clear()
    page = '<html lang="zh-CN"><form><input type="hidden" name="csrfmiddlewaretoken" value="{}">公开</form>'
    first = middleware.to_traditional(page.format("AAA"))
    second = middleware.to_traditional(page.format("BBB"))
    assert first == page.format("AAA").replace("公开", "公開").replace("zh-CN", "zh-Hant")
    assert second == first.replace("AAA", "BBB")
    assert len(middleware._cache.data) == 1
    big = "<p>" + "公开" * middleware.CACHE_MAX_CHARS + "</p>"
    assert middleware.to_traditional(big).count("公開") == middleware.CACHE_MAX_CHARS
    assert len(middleware._cache.data) == 1  # too large to keep
    kept = "<!--opencc:off--><a>简体</a><!--opencc:on-->"
    assert middleware.to_traditional(f"<p>简体</p>{kept}") == f"<p>簡體</p>{kept}"


def test_conversion_cache_is_bounded_in_entries_and_characters():
    cache = middleware._LRU(2, 10)
    cache.put(b"a", "1234")
    cache.put(b"b", "1234")
    assert cache.get(b"a") == "1234"  # now the most recently used
    cache.put(b"c", "1234")
    assert set(cache.data) == {b"a", b"c"}
    cache.put(b"d", "123456789")
    assert set(cache.data) == {b"d"} and cache.chars == 9


# --- semantics ----------------------------------------------------------------------------------


def test_every_public_page_has_landmarks_labelled_tables_and_alt_text(client, public_urls):
    for url in public_urls:
        page = dom(get_page(client, url).content.decode())
        assert len(page.find_all("main")) == 1, url
        assert page.find("header", **{"class": "site-header"}) and page.find("footer"), url
        assert page.find("nav", aria_label="主导航"), url
        for table in page.find_all("table"):
            assert table.find("caption") is not None, url
            for th in table.find_all("th"):
                assert th.attrs.get("scope") in {"row", "col", "rowgroup", "colgroup"} or th.attrs.get("id"), url
        for box in page.find_all("div", **{"class": "table-scroll"}):
            assert box.attrs.get("tabindex") == "0" and box.attrs.get("role") == "region", url
            assert box.attrs.get("aria-label") or box.attrs.get("aria-labelledby"), url
        for img in page.find_all("img"):
            assert "alt" in img.attrs, url
        ids = [node.attrs["id"] for node in page.iter() if "id" in node.attrs]
        assert len(ids) == len(set(ids)), (url, sorted({i for i in ids if ids.count(i) > 1}))
        for node in page.iter():
            for reference in node.attrs.get("aria-describedby", "").split():
                assert reference in ids, (url, node.tag, reference)


def form_fields(form):
    return [
        node
        for node in form.iter()
        if node.tag in {"input", "select", "textarea"} and node.attrs.get("type") not in {"hidden", "submit", "button"}
    ]


def assert_labelled(page, form, where):
    labels = {node.attrs.get("for") for node in page.find_all("label")}
    for field in form_fields(form):
        labelled = field.attrs.get("id") in labels or field.attrs.get("aria-label")
        in_fieldset = any(a.tag == "fieldset" and a.find("legend") for a in field.ancestors())
        assert labelled or (field.attrs.get("type") in {"radio", "checkbox"} and in_fieldset), (where, field.attrs)


def test_application_form_errors_are_tied_to_their_fields(client, organ):
    response = client.post(reverse("applications:submit"), request_form_data(name="", phone="123", declaration=""))
    assert response.status_code == 200
    page = dom(response.content.decode())
    form = page.find("form", **{"class": "application-form"})
    assert_labelled(page, form, "apply")
    invalid = [field for field in form.iter() if field.attrs.get("aria-invalid") == "true"]
    assert {field.attrs["name"] for field in invalid} >= {"name", "phone", "declaration"}
    ids = {node.attrs.get("id") for node in page.iter()}
    for field in invalid:
        described = field.attrs["aria-describedby"].split()
        assert f"{field.attrs['id']}_error" in described and all(ref in ids for ref in described), field.attrs
    summary = page.find(id="error-summary")
    assert summary.attrs["role"] == "alert" and summary.find("a", href="#id_name")


def test_every_form_field_on_public_pages_is_labelled(client, public_urls):
    for url in [*public_urls, reverse("applications:calculator") + "?received_on=bad&days=20"]:
        page = dom(get_page(client, url).content.decode())
        for form in page.find_all("form"):
            assert_labelled(page, form, url)


def test_calculator_and_statistics_errors_are_tied_to_their_fields(client, organ):
    page = dom(client.get(reverse("applications:calculator") + "?received_on=bad&days=20").content.decode())
    field = page.find("input", name="received_on")
    assert field.attrs["aria-invalid"] == "true" and page.find(id=field.attrs["aria-describedby"].split()[-1])

    InformationRequestFactory(received_on=dt.date(2025, 3, 3))
    page = dom(client.get(reverse("statistics:index") + "?year=1999").content.decode())
    field = page.find("select", name="year")
    if field is not None and field.attrs.get("aria-invalid") == "true":
        assert all(page.find(id=ref) for ref in field.attrs["aria-describedby"].split())


def test_stylesheet_colours_meet_the_contrast_minimums():
    css = (STATIC / "css" / "site.css").read_text()
    root = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css.split("}", 1)[0]))

    def luminance(colour):
        def channel(c):
            c = int(c, 16) / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def ratio(a, b):
        high, low = sorted([luminance(a), luminance(b)], reverse=True)
        return (high + 0.05) / (low + 0.05)

    for text in ("brand", "brand-dark", "accent", "text", "muted"):
        for background in ("#ffffff", root["bg-soft"]):
            assert ratio(root[text], background) >= 4.5, (text, background)
    assert ratio("#ffffff", root["brand"]) >= 4.5 and ratio("#ffffff", root["brand-dark"]) >= 4.5
    assert ratio(root["focus"], root["brand-dark"]) >= 3 and ratio("#1a1a1a", "#ffffff") >= 3  # focus rings
    assert ratio("#ffff00", "#000000") >= 7 and ratio("#ffffff", "#000000") >= 7  # high contrast scheme


def test_stylesheet_has_the_print_zoom_contrast_and_cursor_rules():
    css = (STATIC / "css" / "site.css").read_text()
    for n, percent in enumerate([110, 120, 135, 150], start=1):
        assert f"html.a11y-zoom-{n} {{ font-size: {percent}%; }}" in css
    assert "html.a11y-contrast" in css and "html.a11y-guide" in css and "pointer-events: none" in css
    assert re.search(r"html\.a11y-cursor[^{]*\{\s*cursor: url\(\"data:image/svg\+xml,[^)]+\) \d+ \d+, auto;", css)
    print_rules = css[css.index("@media print") :]
    for hidden in (".site-header", ".site-nav", ".a11y-toolbar", ".site-footer", ".filter-form", ".site-search"):
        assert hidden in print_rules.split("}", 1)[0]
    assert 'attr(href) ")"' in print_rules


# --- page weight and third parties --------------------------------------------------------------


def test_home_page_with_demo_content_stays_under_100_kb_compressed(client, organ):
    from disclosures.views import HOME_SECTIONS

    for slug in HOME_SECTIONS:
        category = Category.objects.filter(slug=slug).first()
        if category is not None:
            DisclosureFactory.create_batch(8, organ=organ, category=category)
    DecisionFactory.create_batch(8, organ=organ)
    html = client.get(reverse("disclosures:home")).content
    assert html.count(b'class="item-list"') >= 3  # the sections really are filled
    sizes = {
        "html": len(gzip.compress(html)),
        "css": len(gzip.compress((STATIC / "css" / "site.css").read_bytes())),
        "js": len(gzip.compress((STATIC / "js" / "site.js").read_bytes())),
    }
    assert sum(sizes.values()) < 100 * 1024, sizes


def test_no_page_loads_anything_from_another_origin(client, public_urls):
    for url in public_urls:
        page = dom(get_page(client, url).content.decode())
        for node in page.iter():
            source = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src"}.get(node.tag)
            if source and node.attrs.get(source):
                address = node.attrs[source]
                assert not re.match(r"^(https?:)?//", address) or address.startswith("http://testserver/"), (
                    url,
                    address,
                )
    css = (STATIC / "css" / "site.css").read_text()
    assert "@import" not in css
    assert all(address.startswith("data:") for address in re.findall(r"url\(\s*[\"']?([^\"')]+)", css))
    js = (STATIC / "js" / "site.js").read_text()
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest|import\(", js)


def test_production_serves_fingerprinted_compressed_static_files():
    from portal import settings as production

    if production.DEBUG:
        pytest.skip("DJANGO_DEBUG is on in this environment")
    assert production.STORAGES["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in production.MIDDLEWARE


def test_traditional_pages_keep_what_visitors_typed_and_send_back(client, organ):
    # 余华 would become 餘華: a re-shown form must send back exactly what was typed.
    html = client.get("/decisions/", {"party_name": "余华", "licence_number": "防审批许〔2026〕1号", "variant": "hant"})
    html = html.content.decode()
    assert 'value="余华"' in html and 'value="防审批许〔2026〕1号"' in html
    assert "公開" in html  # the rest of the page is converted


def test_a_document_number_copied_from_a_traditional_page_still_matches(client, organ):
    DecisionFactory(organ=organ, document_number="防审批许〔2026〕7号", party_name="防城港市海润有限公司")
    html = client.get("/decisions/", {"licence_number": "防審批許〔2026〕7號"}).content.decode()
    assert "海润有限公司" in html


def test_html_pages_are_not_kept_by_browsers_or_shared_proxies(client, organ):
    response = client.get("/")
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert not response.has_header("Expires")


def test_preferences_next_must_be_a_path_of_this_site(client, db):
    response = client.get(reverse("preferences"), {"action": "contrast", "next": "catalogue/"})
    assert response["Location"] == reverse("disclosures:home")
