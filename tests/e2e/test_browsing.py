"""What a reader does in the browser: browse the catalogue, switch 简体/繁體, use the accessibility
toolbar, read on a 360 px phone."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import PHONE
from tests.e2e.helpers import visit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HTML_CLASSES = "() => Array.from(document.documentElement.classList).filter(c => c.startsWith('a11y-')).sort()"


def html_lang(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def test_a_reader_browses_the_catalogue_and_opens_an_item(page, portal):
    visit(page, reverse("disclosures:home"))
    with page.expect_navigation():
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="公开目录").click()
    assert page.url.endswith(reverse("disclosures:catalogue"))
    assert page.locator("h1").inner_text().strip()

    category_url = reverse("disclosures:category", args=[portal.category_slug])
    with page.expect_navigation():
        page.locator(f'main a[href="{category_url}"]').first.click()
    assert page.url.endswith(category_url)

    with page.expect_navigation():
        page.locator(f'main a[href="{portal.item.get_absolute_url()}"]').first.click()
    assert page.locator("h1").inner_text().strip() == portal.item.title
    assert portal.item.index_number in page.locator("main").inner_text()
    attachment = page.locator('main a[href*="/attachments/"]').first
    download = page.request.get(attachment.get_attribute("href"))
    assert download.status == 200 and download.body().startswith(b"%PDF-")
    page.log.assert_clean()


def test_a_reader_switches_to_traditional_characters_and_back(page):
    visit(page, reverse("disclosures:home"))
    assert html_lang(page) == "zh-CN"
    with page.expect_navigation():
        page.locator('header a[lang="zh-Hant"]').click()
    assert html_lang(page) == "zh-Hant"
    nav = page.get_by_role("navigation", name="主導航")
    assert "公開目錄" in nav.inner_text() and "公开目录" not in nav.inner_text()

    # The choice holds as the reader moves on.
    with page.expect_navigation():
        nav.get_by_role("link", name="公開指南").click()
    assert page.url.endswith(reverse("disclosures:guide"))
    assert html_lang(page) == "zh-Hant"
    assert "公開" in page.locator("h1").inner_text()

    with page.expect_navigation():
        page.locator('header a[lang="zh-Hans"]').click()
    assert html_lang(page) in ("zh-CN", "zh-Hans")
    assert "公开" in page.locator("h1").inner_text()
    with page.expect_navigation():
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="公开目录").click()
    assert html_lang(page) in ("zh-CN", "zh-Hans")
    assert "公开目录" in page.locator("h1").inner_text()
    page.log.assert_clean()


def test_the_accessibility_toolbar_switches_at_once_and_the_settings_persist(page):
    visit(page, reverse("disclosures:home"))
    toolbar = page.get_by_role("region", name="无障碍工具栏")
    contrast = toolbar.locator('button[value="contrast"]')
    assert contrast.get_attribute("aria-pressed") == "false"
    colours_before = page.evaluate(
        "() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )

    page.evaluate("() => { window.notReloaded = true; }")
    contrast.click()
    page.wait_for_function("() => document.documentElement.classList.contains('a11y-contrast')")
    assert page.evaluate("() => window.notReloaded === true"), "the toolbar reloaded the page"
    assert contrast.get_attribute("aria-pressed") == "true"
    colours_after = page.evaluate(
        "() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colours_after != colours_before, "high contrast changed no colour of the page"
    assert any(cookie["name"] == "a11y" for cookie in page.context.cookies())

    for _ in range(2):
        toolbar.locator('button[value="zoom-in"]').click()
    toolbar.locator('button[value="zoom-out"]').click()
    toolbar.locator('button[value="guide"]').click()
    toolbar.locator('button[value="cursor"]').click()
    expected = ["a11y-contrast", "a11y-cursor", "a11y-guide", "a11y-zoom-1"]
    assert page.evaluate(HTML_CLASSES) == expected
    assert page.evaluate("() => window.notReloaded === true"), "the toolbar reloaded the page"

    page.reload()
    assert page.evaluate(HTML_CLASSES) == expected, "the settings did not survive a reload"
    assert (
        page.get_by_role("region", name="无障碍工具栏")
        .locator('button[value="contrast"]')
        .get_attribute("aria-pressed")
        == "true"
    )
    visit(page, reverse("disclosures:guide"))
    assert page.evaluate(HTML_CLASSES) == expected, "the settings did not follow the reader to the next page"

    toolbar.locator('button[value="reset"]').click()
    page.wait_for_function("() => !document.documentElement.className.includes('a11y-')")
    assert toolbar.locator('button[value="contrast"]').get_attribute("aria-pressed") == "false"
    page.reload()
    assert page.evaluate(HTML_CLASSES) == []
    page.log.assert_clean()


def test_the_accessibility_toolbar_works_without_javascript(open_page):
    page = open_page(javascript=False)
    visit(page, reverse("disclosures:guide"))
    with page.expect_navigation():
        page.locator('#a11y-toolbar button[value="contrast"]').click()
    assert page.url.endswith(reverse("disclosures:guide")), "the toolbar should come back to the same page"
    assert page.evaluate(HTML_CLASSES) == ["a11y-contrast"]
    with page.expect_navigation():
        page.locator('#a11y-toolbar button[value="reset"]').click()
    assert page.evaluate(HTML_CLASSES) == []
    page.log.assert_clean()


# The outermost elements that stick out past the right edge of the screen, leaving out what sits in a
# scrolling (or clipping) container, as a table in its wrapper does.
OVERFLOWING_ELEMENTS = """width => {
  const contained = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== "visible") return true;
    }
    return false;
  };
  const sticksOut = e => e.getBoundingClientRect().right > width + 0.5;
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + (typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\\s+/).join(".") : "");
  return Array.from(document.querySelectorAll("body *"))
    .filter(e => sticksOut(e) && !sticksOut(e.parentElement) && !contained(e))
    .slice(0, 5)
    .map(e => `${name(e)} (right edge at ${Math.round(e.getBoundingClientRect().right)} px)`);
}"""


def test_pages_fit_a_360_px_phone_without_sideways_scrolling(open_page, portal):
    page = open_page(PHONE)
    pages = {
        "home": reverse("disclosures:home"),
        "item": portal.item.get_absolute_url(),
        "request form": reverse("applications:submit"),
        "annual report": reverse("reports:report-detail", args=[portal.report_year]),
    }
    too_wide = []
    for name, path in pages.items():
        visit(page, path)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > PHONE["width"]:
            culprits = page.evaluate(OVERFLOWING_ELEMENTS, PHONE["width"])
            too_wide.append(f"{name} ({path}): scrollWidth {scroll_width} px; overflowing: {', '.join(culprits)}")
    assert not too_wide, "pages wider than a 360 px screen (tables should scroll inside their containers):\n" + (
        "\n".join(too_wide)
    )
