"""A person files an information request with the keyboard alone, keeps the receipt and looks it up."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from applications.models import InformationRequest
from tests.e2e.helpers import (
    axe_violations,
    describe_violations,
    focus_indicator,
    focus_matches,
    focused,
    press_until_focused,
    receipt_codes,
    visit,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORM = "form[data-application-form]"


def test_a_person_files_a_request_with_the_keyboard_alone_and_looks_it_up(page):
    links_without_focus_indicator = []
    links_checked = []

    def check_focus_indicator(page):
        if focus_matches(page, "a[href]"):
            links_checked.append(focused(page))
            if focus_indicator(page) is None:
                links_without_focus_indicator.append(focused(page))

    visit(page, reverse("disclosures:home"))

    # The first Tab reaches the skip link; then on to 依申请公开 in the main navigation.
    page.keyboard.press("Tab")
    assert focus_matches(page, 'a[href="#main"]'), f"the first Tab should reach the skip link, not {focused(page)}"
    check_focus_indicator(page)
    submit_url = reverse("applications:submit")
    press_until_focused(page, f'nav a[href="{submit_url}"]', on_each=check_focus_indicator)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(submit_url)
    assert links_checked, "no link was focused on the way"
    assert not links_without_focus_indicator, "focused links without a visible focus indicator: " + ", ".join(
        links_without_focus_indicator
    )

    # On the form page the skip link jumps over the header and the toolbar.
    page.keyboard.press("Tab")
    assert focus_matches(page, 'a[href="#main"]'), focused(page)
    page.keyboard.press("Enter")
    assert focus_matches(page, "main#main"), f"the skip link should move focus to <main>, not {focused(page)}"

    # 申请人信息: a natural person (Space picks the radio the Tab lands on, arrows move within the group).
    press_until_focused(page, f"{FORM} input[name=applicant_type]")
    page.keyboard.press("Space")
    for _ in range(3):
        if page.locator(f"{FORM} input[name=applicant_type]:checked").get_attribute("value") == "natural_person":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f"{FORM} input[name=applicant_type]:checked").get_attribute("value") == "natural_person"
    assert page.locator(f'{FORM} [data-applicant="organisation"]').is_hidden()

    press_until_focused(page, f"{FORM} [name=name]", limit=3)
    page.keyboard.type("张某")  # a character short: corrected below with Shift+Tab
    press_until_focused(page, f"{FORM} [name=id_number]", limit=3)  # 证件类型 stays 居民身份证
    page.keyboard.type("11010519491231002X")
    press_until_focused(page, f"{FORM} [name=name]", key="Shift+Tab", limit=3)
    page.keyboard.press("End")
    page.keyboard.type("某")
    press_until_focused(page, f"{FORM} [name=phone]", limit=5)

    # 联系方式
    page.keyboard.type("13800138000")
    press_until_focused(page, f"{FORM} [name=email]", limit=3)
    page.keyboard.type("zhang@example.cn")
    press_until_focused(page, f"{FORM} [name=address]", limit=3)
    page.keyboard.type("防城港市港口区北部湾大道148号")
    press_until_focused(page, f"{FORM} [name=postal_code]", limit=3)
    page.keyboard.type("538001")

    # 所需信息: electronic copies by e-mail
    press_until_focused(page, f"{FORM} [name=description]", limit=3)
    page.keyboard.type("请公开2018年本局行政许可事项办理情况统计表。")
    press_until_focused(page, f"{FORM} input[name=form_wanted]", limit=3)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # 纸质 → 电子
    press_until_focused(page, f"{FORM} input[name=delivery]", limit=3)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # 邮寄 → 电子邮件
    press_until_focused(page, f"{FORM} [name=declaration]", limit=4)  # past the file input
    page.keyboard.press("Space")
    assert page.locator(f"{FORM} [name=declaration]").is_checked()

    press_until_focused(page, f"{FORM} button[type=submit]", limit=3)
    check_focus_indicator(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The receipt: a tracking number and a lookup code.
    tracking_number, lookup_code = receipt_codes(page)
    assert re.fullmatch(r"\d{4}-\d{6}", tracking_number), tracking_number
    assert re.fullmatch(r"[0-9A-Z]{10}", lookup_code), lookup_code
    filed = InformationRequest.objects.get(tracking_number=tracking_number)
    assert (filed.name, filed.id_number, filed.phone, filed.email) == (
        "张某某",
        "11010519491231002X",
        "13800138000",
        "zhang@example.cn",
    )
    assert (filed.form_wanted, filed.delivery, filed.channel) == ("electronic", "email", "online")

    # From the receipt to the status lookup, still by keyboard.
    lookup_url = reverse("applications:lookup")
    press_until_focused(page, f'main a[href="{lookup_url}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(lookup_url)
    press_until_focused(page, "main [name=tracking_number]")
    page.keyboard.type(tracking_number)
    page.keyboard.press("Tab")
    assert focus_matches(page, "main [name=lookup_code]"), focused(page)
    page.keyboard.type(lookup_code.lower())  # the code is not case-sensitive
    with page.expect_navigation():
        page.keyboard.press("Enter")

    result = page.locator("#result-title")
    assert tracking_number in result.inner_text()
    assert filed.get_status_display() in page.locator(".lookup-result").inner_text()


# --- the form's security check, on as in production (with less work, to keep the test quick) ------

CHALLENGE_BOX = f"{FORM} [data-challenge-box]"
CHALLENGE_STATUS = f"{FORM} [data-challenge-status]"

# Records every text the check's status region (role=status, announced by screen readers) is given.
RECORD_STATUS = """document.addEventListener("DOMContentLoaded", () => {
  window.statusTexts = [];
  const status = document.querySelector("[data-challenge-status]");
  if (!status) return;
  new MutationObserver(() => window.statusTexts.push(status.textContent)).observe(
    status, {childList: true, characterData: true, subtree: true});
});"""

# Holds every SHA-256 digest the page asks for until the test calls window.releaseDigests().
GATED_DIGESTS = """(() => {
  const digest = crypto.subtle.digest.bind(crypto.subtle);
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  window.releaseDigests = () => release();
  crypto.subtle.digest = (...args) => gate.then(() => digest(...args));
})();"""


@pytest.fixture
def challenge_on(settings):
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 5000


def fill_request(page, name: str) -> None:
    page.locator(f'{FORM} input[name=applicant_type][value="natural_person"]').check()
    page.locator(f"{FORM} [name=name]").fill(name)
    page.locator(f"{FORM} [name=id_number]").fill("11010519491231002X")
    page.locator(f"{FORM} [name=phone]").fill("13800138000")
    page.locator(f"{FORM} [name=email]").fill("check@example.cn")
    page.locator(f"{FORM} [name=description]").fill("请公开2018年本局行政许可事项办理情况统计表。")
    page.locator(f'{FORM} input[name=form_wanted][value="electronic"]').check()
    page.locator(f'{FORM} input[name=delivery][value="email"]').check()
    page.locator(f"{FORM} [name=declaration]").check()


def sum_asked(page) -> int:
    """The answer to the question the form asks, read as a screen reader gives it: the field's label
    (验证题), then the description the field points to."""
    answer = page.locator(f"{FORM} [name=challenge_answer]")
    assert page.locator(f'{FORM} label[for="{answer.get_attribute("id")}"]').inner_text() == "验证题"
    described = " ".join(
        page.locator(f"#{ref}").inner_text() for ref in answer.get_attribute("aria-describedby").split()
    )
    first, second = re.search(r"请计算：(\d+) 加 (\d+) 等于几？", described).groups()
    return int(first) + int(second)


def test_the_browser_solves_the_security_check_in_the_background(open_page, challenge_on, axe_script):
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    page.add_init_script(RECORD_STATUS)
    visit(page, reverse("applications:submit"))
    expect(page.locator(f"{FORM} input[name=altcha]")).not_to_have_value("")
    status = page.locator(CHALLENGE_STATUS)
    # Nothing to announce: the check ran in the background as it should ("working", "done" are noise).
    assert page.evaluate("window.statusTexts") == [] and status.text_content() == ""
    assert page.locator(CHALLENGE_BOX).get_attribute("data-state") == "done"
    violations = axe_violations(page, axe_script)
    assert not violations, describe_violations("the request form with its security check", violations)
    assert status.get_attribute("aria-live") == "polite" and "visually-hidden" in status.get_attribute("class")
    assert page.locator(f"{FORM} [name=challenge_answer]").count() == 0  # the sum is only for browsers without JS

    fill_request(page, "赵某某")
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    tracking_number, _ = receipt_codes(page)
    assert InformationRequest.objects.get(tracking_number=tracking_number).name == "赵某某"


def test_a_request_sent_before_the_check_is_done_waits_for_it(page, challenge_on):
    page.add_init_script(GATED_DIGESTS)
    visit(page, reverse("applications:submit"))
    expect(page.locator(CHALLENGE_BOX)).to_have_attribute("data-state", "working")
    assert page.locator(CHALLENGE_STATUS).text_content() == ""  # silent until there is something to say
    fill_request(page, "钱某某")
    page.locator(f"{FORM} [type=submit]").click()

    # Held back, and said so where it can be seen.
    waiting = page.locator(CHALLENGE_STATUS)
    expect(waiting).to_contain_text("完成后将自动提交")
    expect(waiting).to_be_visible()
    expect(page.locator(f"{FORM} [type=submit]")).to_be_disabled()
    assert page.url.endswith(reverse("applications:submit")) and not InformationRequest.objects.exists()

    with page.expect_navigation():
        page.evaluate("window.releaseDigests()")
    tracking_number, _ = receipt_codes(page)
    assert InformationRequest.objects.get(tracking_number=tracking_number).name == "钱某某"


def test_without_javascript_a_person_answers_the_sum_instead(open_page, challenge_on):
    page = open_page(javascript=False)
    visit(page, reverse("applications:submit"))
    answer = page.locator(f"{FORM} [name=challenge_answer]")
    expect(answer).to_be_visible()

    fill_request(page, "孙某某")
    answer.fill(str(sum_asked(page) + 1))  # a slip first
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    assert "答案不正确" in page.locator("#error-summary").inner_text()
    assert not InformationRequest.objects.exists()
    # The form comes back filled in, with a new question.
    assert page.locator(f"{FORM} [name=name]").input_value() == "孙某某"
    answer.fill(str(sum_asked(page)))
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    tracking_number, _ = receipt_codes(page)
    assert InformationRequest.objects.get(tracking_number=tracking_number).name == "孙某某"


def test_a_browser_without_web_crypto_is_asked_the_sum(page, challenge_on):
    page.add_init_script('Object.defineProperty(Crypto.prototype, "subtle", {get: () => undefined});')
    visit(page, reverse("applications:submit"))
    status = page.locator(CHALLENGE_STATUS)
    expect(status).to_have_text("无法自动完成安全验证，请回答下面的验证题。")
    expect(status).to_be_visible()
    answer = page.locator(f"{FORM} [name=challenge_answer]")
    expect(answer).to_be_visible()

    fill_request(page, "李某某")
    answer.fill(str(sum_asked(page)))
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    tracking_number, _ = receipt_codes(page)
    assert InformationRequest.objects.get(tracking_number=tracking_number).name == "李某某"


def test_a_browser_whose_challenge_script_does_not_run_is_asked_the_sum_after_its_first_attempt(
    open_page, challenge_on, axe_script
):
    # Scripts on, but challenge.js does not run (blocked, failed to load, too old a browser): the
    # question stays in <noscript>, which such a browser does not show, and no solution is sent.
    page = open_page(bypass_csp=True)  # axe is injected as an inline script
    page.route("**/js/challenge.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
    visit(page, reverse("applications:submit"))
    assert page.locator(f"{FORM} [name=challenge_answer]").count() == 0

    fill_request(page, "周某某")
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    assert "请回答下面的验证题" in page.locator("#error-summary").inner_text()
    assert page.locator(f"{FORM} [name=name]").input_value() == "周某某"
    answer = page.locator(f"{FORM} [name=challenge_answer]")
    expect(answer).to_be_visible()  # shown outright this time
    violations = axe_violations(page, axe_script)
    assert not violations, describe_violations("the request form asking the sum after a failed check", violations)

    answer.fill(str(sum_asked(page)))
    page.locator(f"{FORM} [name=declaration]").check()
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    tracking_number, _ = receipt_codes(page)
    assert InformationRequest.objects.get(tracking_number=tracking_number).name == "周某某"


def test_a_wrong_answer_links_from_the_error_summary_to_the_visible_question(open_page, challenge_on):
    page = open_page(javascript=True)
    page.add_init_script('Object.defineProperty(Crypto.prototype, "subtle", {get: () => undefined});')
    visit(page, reverse("applications:submit"))
    fill_request(page, "吴某某")
    answer = page.locator(f"{FORM} [name=challenge_answer]")
    answer.fill(str(sum_asked(page) + 1))
    with page.expect_navigation():
        page.locator(f"{FORM} [type=submit]").click()
    link = page.locator("#error-summary a", has_text="答案不正确")
    assert link.inner_text() == "验证题：答案不正确，请计算新的题目后重新提交。"
    link.click()
    assert page.evaluate("document.activeElement.name") == "challenge_answer"
    expect(answer).to_be_visible()
    expect(answer).to_be_focused()
