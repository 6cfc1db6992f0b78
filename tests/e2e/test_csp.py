"""The Content-Security-Policy in a real browser: the public pages and the staff pages in the admin
work under it (no inline script or style refused, nothing else refused either), and the request
form's script still runs.

The policy is never bypassed here. A violation shows twice: as a `securitypolicyviolation` event
(recorded by a script Playwright injects, which the policy does not govern) and as a console error
("… violates the following Content Security Policy directive …"), which the `open_page` fixture
also fails on.
"""

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(
    event.effectiveDirective + " refused " + (event.blockedURI || "inline") +
    " (" + (event.sourceFile || event.documentURI) + ":" + event.lineNumber + ")"
  );
});
"""


def watched(open_page):
    """A desktop page whose CSP violations are kept in `page.csp_messages` and window.__cspViolations."""
    page = open_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.csp_messages = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and page.csp_messages.append(message.text)
    )
    return page


def violations(page) -> list[str]:
    # Reports are queued as tasks: let the ones of the page just loaded arrive first.
    page.wait_for_timeout(50)
    return page.evaluate("() => window.__cspViolations || []") + page.csp_messages


def visit_without_violations(page, path: str, *, status: int = 200) -> None:
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == status, f"{path}: HTTP {response and response.status}"
    assert response.headers.get("content-security-policy"), f"{path}: no Content-Security-Policy header"
    found = violations(page)
    assert not found, f"{path}: the Content-Security-Policy refused:\n  " + "\n  ".join(found)
    stylesheets = page.evaluate("() => Array.from(document.styleSheets).filter(s => s.cssRules.length).length")
    assert stylesheets >= 1, f"{path}: no stylesheet applied"


def log_in(page, username: str, password: str) -> None:
    page.goto(reverse("admin:login"), wait_until="load")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("#login-form [type=submit]").click()
    assert page.url.endswith(reverse("admin:index")), f"login failed: {page.url}"


def test_the_watch_sees_a_refused_inline_style(open_page, live_server):
    """The detector itself: an inline style under this policy is reported (else the tests below
    could pass without looking)."""
    page = watched(open_page)
    probe = live_server.url + "/csp-probe/"
    page.route(
        probe,
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "style-src 'self'"},
            body='<!DOCTYPE html><html lang="zh-CN"><body><p style="color: red">探针</p></body></html>',
        ),
    )
    page.goto(probe, wait_until="load")
    found = violations(page)
    assert any("style-src" in line for line in found), found
    page.log.console_errors.clear()  # the refusal this test provoked on purpose


def test_public_pages_need_no_inline_script_or_style(open_page, public_urls):
    page = watched(open_page)
    for url in public_urls:
        visit_without_violations(page, url, status=404 if url.startswith("/no-such-page/") else 200)
    # The 404 page arrived as it should; its status (and chromium's console line about it) is no failure here.
    page.log.failed_requests[:] = [line for line in page.log.failed_requests if "/no-such-page/" not in line]
    page.log.console_errors[:] = [line for line in page.log.console_errors if "/no-such-page/" not in line]


def test_the_request_form_script_runs_under_the_policy(open_page):
    page = watched(open_page)
    visit_without_violations(page, reverse("applications:submit"))
    assert page.evaluate("() => document.documentElement.classList.contains('js')")
    person = page.locator('[data-applicant="natural_person"]')
    organisation = page.locator('[data-applicant="organisation"]')

    page.locator('input[name=applicant_type][value="organisation"]').check()
    assert organisation.is_visible() and not person.is_visible()
    assert page.locator("[name=uscc]").get_attribute("required") is not None

    page.locator('input[name=applicant_type][value="natural_person"]').check()
    assert person.is_visible() and not organisation.is_visible()
    assert page.locator("[name=id_number]").get_attribute("required") is not None
    assert page.locator("[name=uscc]").get_attribute("required") is None
    assert not violations(page)


def test_staff_pages_in_the_admin_work_under_the_policy(open_page, staff_user):
    from applications import letters
    from applications.models import Outcome

    organ = factories.OrganFactory()
    info_request = factories.InformationRequestFactory()
    letter = letters.draft_letter(
        request=info_request,
        outcome=Outcome.DISCLOSED,
        legal_basis="依据《中华人民共和国政府信息公开条例》。",
        organ=organ,
    )
    letter.save()
    item = factories.DisclosureFactory(organ=organ)

    page = watched(open_page)
    log_in(page, "staff", "pw-staff-123")
    for url in [
        reverse("admin:index"),
        reverse("admin:applications_informationrequest_changelist"),
        reverse("admin:applications_informationrequest_change", args=[info_request.pk]),
        reverse("admin:applications_informationrequest_history", args=[info_request.pk]),
        reverse("admin:applications_dashboard"),
        reverse("admin:applications_replyletter_view", args=[letter.pk]),
        reverse("admin:disclosures_disclosure_changelist"),
        reverse("admin:disclosures_disclosure_change", args=[item.pk]),
        reverse("admin:disclosures_disclosure_add"),
        reverse("admin:disclosures_organ_changelist"),
    ]:
        visit_without_violations(page, url)

    # The admin's own scripts run: the actions bar counts the rows ticked.
    page.goto(reverse("admin:applications_informationrequest_changelist"), wait_until="load")
    page.locator("input.action-select").first.check()
    assert "1" in page.locator(".action-counter").inner_text()
    assert not violations(page)


@pytest.mark.parametrize(("fault", "status"), [(RuntimeError("bug"), 500), (OperationalError("refused"), 503)])
def test_error_pages_keep_their_inline_stylesheet_allowed_by_its_hash(open_page, monkeypatch, fault, status):
    import disclosures.views

    def fail():
        raise fault

    monkeypatch.setattr(disclosures.views, "catalogue_tree", fail)
    page = watched(open_page)
    visit_without_violations(page, reverse("disclosures:catalogue"), status=status)
    # The page's own stylesheet applied: body { max-width: 40rem } is 640 px.
    assert page.evaluate("() => getComputedStyle(document.body).maxWidth") == "640px"
    page.log.failed_requests.clear()  # the error status this test provoked
    page.log.console_errors[:] = [line for line in page.log.console_errors if "status of" not in line]
