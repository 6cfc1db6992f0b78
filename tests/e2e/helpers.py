"""What the browser tests share: the request log, page visits, keyboard focus and axe-core."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class BrowserLog:
    """Everything that went wrong in one browser context, as readable lines.

    Requests to any origin other than the live server's are recorded and aborted, so a test never
    reaches the network and a third-party font, script or tracker shows up as a failure.
    """

    def __init__(self, base_url: str):
        self.origin = origin(base_url)
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.third_party: list[str] = []

    def attach(self, context) -> None:
        context.route("**/*", self._route)
        context.on("request", self._on_request)
        context.on("requestfailed", self._on_request_failed)
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.console_errors.append(f"uncaught: {error.error}"))

    def _ours(self, url: str) -> bool:
        return origin(url) == self.origin or urlsplit(url).scheme in ("data", "blob", "about")

    def _route(self, route) -> None:
        if self._ours(route.request.url):
            route.fallback()
        else:
            route.abort("blockedbyclient")

    def _on_request(self, request) -> None:
        if not self._ours(request.url):
            self.third_party.append(f"{request.method} {request.url} ({request.resource_type})")

    def _on_request_failed(self, request) -> None:
        if self._ours(request.url) and urlsplit(request.url).scheme.startswith("http"):
            self.failed_requests.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        if self._ours(response.url) and response.status >= 400:
            self.failed_requests.append(f"{response.request.method} {response.url}: HTTP {response.status}")

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.console_errors.append(f"{message.text} ({location.get('url', '')}:{location.get('lineNumber', '')})")

    def problems(self) -> list[str]:
        return (
            [f"console error: {line}" for line in self.console_errors]
            + [f"failed request: {line}" for line in self.failed_requests]
            + [f"third-party request: {line}" for line in self.third_party]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "The browser reported problems:\n  " + "\n  ".join(problems)


def visit(page, path: str):
    """Open a path of the live server and check it arrived whole: HTTP 200, stylesheet applied, one <h1>."""
    response = page.goto(path, wait_until="load")
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    assert page.locator("h1").count() == 1, f"{path}: expected exactly one <h1>"
    stylesheets = page.evaluate("() => Array.from(document.styleSheets).filter(s => s.cssRules.length).length")
    assert stylesheets >= 1, f"{path}: no stylesheet applied"
    page.log.assert_clean()
    return response


# --- keyboard ---------------------------------------------------------------------------------

DESCRIBE_FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "(body)";
  const name = e.getAttribute("name") ? `[name=${e.getAttribute("name")}]` : "";
  const id = e.id ? `#${e.id}` : "";
  const text = (e.innerText || e.value || "").trim().slice(0, 20);
  return `${e.tagName.toLowerCase()}${id}${name} ${JSON.stringify(text)}`;
}"""


def focused(page) -> str:
    return page.evaluate(DESCRIBE_FOCUS)


def focus_matches(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def press_until_focused(page, selector: str, *, key: str = "Tab", limit: int = 80, on_each=None) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`, as a keyboard user would.

    `on_each(page)` runs at every stop on the way (for example to check the focus indicator)."""
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        if on_each is not None:
            on_each(page)
        if focus_matches(page, selector):
            return
        path.append(focused(page))
    raise AssertionError(f"{key} × {limit} never reached {selector}; focus went: " + " → ".join(path))


FOCUS_INDICATOR = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {outline: outline ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : null,
          shadow: shadow ? style.boxShadow : null};
}"""


def focus_indicator(page) -> str | None:
    """The focused element's visible focus indicator (outline or box-shadow), or None."""
    found = page.evaluate(FOCUS_INDICATOR)
    return found["outline"] or found["shadow"]


# --- axe-core -----------------------------------------------------------------------------------

RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})"""


def axe_violations(page, axe_script: Path) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations axe-core finds on the current page."""
    page.add_script_tag(path=str(axe_script))
    result = page.evaluate(RUN_AXE, AXE_TAGS)
    return [violation for violation in result["violations"] if violation["impact"] in BLOCKING_IMPACTS]


def describe_violations(where: str, violations: list[dict], *, targets: int = 3) -> str:
    """One block per violation: rule id, impact, help, the first target selectors and axe's advice."""
    lines = [f"axe-core found {len(violations)} serious or critical violation(s) on {where}:"]
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in nodes[:targets]:
            selector = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {selector}: {summary[:300]}")
        if len(nodes) > targets:
            lines.append(f"    … and {len(nodes) - targets} more element(s)")
    return "\n".join(lines)


# --- the request form, filled the quick way (the keyboard journey fills it key by key) ----------


def file_request_quickly(page) -> tuple[str, str]:
    """File a valid request through the online form; return the receipt's tracking number and lookup code."""
    from django.urls import reverse

    visit(page, reverse("applications:submit"))
    page.locator('input[name=applicant_type][value="natural_person"]').check()
    page.locator("[name=name]").fill("李某某")
    page.locator("[name=id_number]").fill("11010519491231002X")
    page.locator("[name=phone]").fill("13800138000")
    page.locator("[name=email]").fill("li@example.cn")
    page.locator("[name=description]").fill("请公开2018年本局行政许可事项办理情况统计表。")
    page.locator('input[name=form_wanted][value="electronic"]').check()
    page.locator('input[name=delivery][value="email"]').check()
    page.locator("[name=declaration]").check()
    with page.expect_navigation():
        page.locator("form[data-application-form] [type=submit]").click()
    return receipt_codes(page)


def receipt_codes(page) -> tuple[str, str]:
    """The tracking number and lookup code printed on the receipt page."""
    assert "/apply/receipt/" in page.url, f"expected the receipt page, got {page.url}"
    codes = page.locator(".receipt .code").all_inner_texts()
    assert len(codes) == 2, f"expected the tracking number and the lookup code on the receipt, found {codes}"
    return codes[0].strip(), codes[1].strip()
