"""axe-core (WCAG 2.0/2.1 A and AA rules) finds no serious or critical violation on the public pages.

The pages are checked in three groups, one database setup each (a browser test's setup and flush
cost more than the check); a failure lists every page of its group with its violations.
"""

import pytest
from django.urls import reverse

from tests.e2e.helpers import axe_violations, describe_violations, file_request_quickly, visit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _form_with_errors(page, data):
    visit(page, reverse("applications:submit"))
    # Skip the browser's own checks of required fields so the server answers with its error summary.
    page.locator("form[data-application-form]").evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.locator("form[data-application-form] [type=submit]").click()
    assert page.locator("#error-summary").is_visible()


def _receipt(page, data):
    file_request_quickly(page)


def _lookup_result(page, data):
    tracking_number, lookup_code = file_request_quickly(page)
    visit(page, reverse("applications:lookup"))
    page.locator("[name=tracking_number]").fill(tracking_number)
    page.locator("[name=lookup_code]").fill(lookup_code)
    with page.expect_navigation():
        page.locator("main form [type=submit]").click()
    assert tracking_number in page.locator("#result-title").inner_text()


def _path(path_of):
    return lambda page, data: visit(page, path_of(data))


RECORD_PAGES = {
    "home": _path(lambda data: reverse("disclosures:home")),
    "catalogue": _path(lambda data: reverse("disclosures:catalogue")),
    "category": _path(lambda data: reverse("disclosures:category", args=[data.category_slug])),
    "item": _path(lambda data: data.item.get_absolute_url()),
    "decisions (双公示)": _path(lambda data: reverse("disclosures:decisions")),
    "search results": _path(lambda data: reverse("disclosures:search") + f"?q={data.search_term}"),
    "guide": _path(lambda data: reverse("disclosures:guide")),
    "annual report": _path(lambda data: reverse("reports:report-detail", args=[data.report_year])),
}

REQUEST_PAGES = {
    "request form": _path(lambda data: reverse("applications:submit")),
    "request form with errors": _form_with_errors,
    "receipt": _receipt,
    "lookup": _path(lambda data: reverse("applications:lookup")),
    "lookup result": _lookup_result,
}


def violations_on(page, axe_script, pages, data=None) -> list[str]:
    found = []
    for name, go_there in pages.items():
        go_there(page, data)
        violations = axe_violations(page, axe_script)
        if violations:
            found.append(describe_violations(f"{name} ({page.url})", violations))
    return found


def test_public_record_pages_have_no_serious_or_critical_axe_violations(open_page, axe_script, portal):
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    found = violations_on(page, axe_script, RECORD_PAGES, portal)
    assert not found, "\n\n".join(found)


def test_request_pages_have_no_serious_or_critical_axe_violations(open_page, axe_script):
    page = open_page(bypass_csp=True)
    found = violations_on(page, axe_script, REQUEST_PAGES)
    assert not found, "\n\n".join(found)


def test_pages_in_high_contrast_have_no_serious_or_critical_axe_violations(open_page, axe_script, portal):
    page = open_page(bypass_csp=True)
    visit(page, reverse("disclosures:home"))
    page.locator('#a11y-toolbar button[value="contrast"]').click()
    page.wait_for_function("() => document.documentElement.classList.contains('a11y-contrast')")
    pages = {name: RECORD_PAGES[name] for name in ("home", "item", "search results", "annual report")}
    pages["request form with errors"] = _form_with_errors
    found = violations_on(page, axe_script, pages, portal)
    assert page.evaluate("() => document.documentElement.classList.contains('a11y-contrast')")
    assert not found, "high contrast mode:\n" + "\n\n".join(found)
