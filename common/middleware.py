"""Citizens' display preferences: 简体/繁體 and the accessibility toolbar.

Two cookies, both readable without JavaScript on the server, so a page is rendered the way its
reader asked for it the first time (no flash of the wrong script or colours):

* ``script`` = ``hant`` asks for Traditional characters. ``?variant=hant`` in any URL sets it (and
  serves that page in Traditional, so the link can be shared); ``?variant=hans`` clears it.
* ``a11y`` holds the toolbar's settings as dot-separated tokens (``contrast.guide.cursor.zoom-2``).
  The toolbar's GET form to /preferences/ writes it without JavaScript (no CSRF token, so public
  pages stay cacheable); static/js/site.js writes the same value.

:class:`TraditionalChineseMiddleware` converts finished HTML responses with OpenCC ``s2t``
(characters only; ``s2twp`` would also swap vocabulary, e.g. 信息 → 資訊, and legal terms must stay
as they are). Tags, attribute names, URLs, CSRF tokens and codes are ASCII, which OpenCC leaves
alone. Form values and textareas are kept as written (what a visitor typed goes back unchanged: a
name such as 余华 must not become 餘華), and so is a region wrapped in ``<!--opencc:off-->`` …
``<!--opencc:on-->`` (the "简体" link itself). Names and 文号 shown as text are converted, as on any
Traditional page; the 文号 filter and search read Traditional input as Simplified.
"""

from __future__ import annotations

import functools
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import opencc
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

SCRIPT_COOKIE = "script"
SCRIPT_PARAM = "variant"
HANT = "hant"
HANS = "hans"
A11Y_COOKIE = "a11y"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
ZOOM_PERCENT = (100, 110, 120, 135, 150)  # html.a11y-zoom-N in static/css/site.css
MAX_ZOOM = len(ZOOM_PERCENT) - 1
TOGGLES = ("contrast", "guide", "cursor")
ACTIONS = ("zoom-in", "zoom-out", *TOGGLES, "reset")

# Converted pages kept: at most this many, holding at most this many characters in all (about
# 16 MB); a page larger than CACHE_MAX_CHARS is converted every time.
CACHE_ENTRIES = 256
CACHE_TOTAL_CHARS = 8_000_000
CACHE_MAX_CHARS = 500_000
# Kept as written: marked regions, and what a visitor typed or will send back (form values and
# textareas): converting 余华 to 餘華 in a re-shown form would file the request under another name,
# and a 文号 in a filter box would no longer match.
NO_CONVERT_RE = re.compile(
    r"(<!--opencc:off-->.*?<!--opencc:on-->|<textarea\b[^>]*>.*?</textarea>|\svalue=\"[^\"]*\")", re.S
)
# The CSRF token differs on every response: it is cut out before hashing so equal pages share a key.
CSRF_VALUE_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
HTML_LANG_RE = re.compile(r'(<html\b[^>]*?\blang=")[^"]*(")')

_local = threading.local()


# --- the a11y cookie -------------------------------------------------------------------------


@dataclass(frozen=True)
class A11yPreferences:
    """The toolbar's settings: zoom level 0 (100 %) … 4 (150 %) and three switches."""

    zoom: int = 0
    on: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_cookie(cls, value: str | None) -> A11yPreferences:
        """Parse the cookie; unknown or malformed tokens are ignored, never an error."""
        zoom, on = 0, set()
        for token in (value or "")[:100].split("."):
            if token in TOGGLES:
                on.add(token)
            elif token.startswith("zoom-") and token[5:] in {str(n) for n in range(1, MAX_ZOOM + 1)}:
                zoom = int(token[5:])
        return cls(zoom=zoom, on=frozenset(on))

    def cookie_value(self) -> str:
        tokens = [name for name in TOGGLES if name in self.on]
        if self.zoom:
            tokens.append(f"zoom-{self.zoom}")
        return ".".join(tokens)

    def apply(self, action: str) -> A11yPreferences:
        """The settings after one toolbar button; an unknown action changes nothing."""
        if action == "reset":
            return A11yPreferences()
        if action == "zoom-in":
            return A11yPreferences(zoom=min(self.zoom + 1, MAX_ZOOM), on=self.on)
        if action == "zoom-out":
            return A11yPreferences(zoom=max(self.zoom - 1, 0), on=self.on)
        if action in TOGGLES:
            return A11yPreferences(zoom=self.zoom, on=self.on ^ {action})
        return self

    @property
    def html_classes(self) -> str:
        """Classes of <html>: a11y-contrast, a11y-guide, a11y-cursor, a11y-zoom-N."""
        classes = [f"a11y-{name}" for name in TOGGLES if name in self.on]
        if self.zoom:
            classes.append(f"a11y-zoom-{self.zoom}")
        return " ".join(classes)

    @property
    def zoom_percent(self) -> int:
        return ZOOM_PERCENT[self.zoom]

    @property
    def contrast(self) -> bool:
        return "contrast" in self.on

    @property
    def guide(self) -> bool:
        return "guide" in self.on

    @property
    def cursor(self) -> bool:
        return "cursor" in self.on


def a11y_preferences(request) -> A11yPreferences:
    prefs = getattr(request, "_a11y_preferences", None)
    if prefs is None:
        prefs = request._a11y_preferences = A11yPreferences.from_cookie(request.COOKIES.get(A11Y_COOKIE))
    return prefs


def set_a11y_cookie(response, request, prefs: A11yPreferences) -> None:
    """Store the settings, or drop the cookie when they are the defaults. Not HttpOnly: the
    toolbar's script writes the same cookie."""
    value = prefs.cookie_value()
    if value:
        response.set_cookie(
            A11Y_COOKIE, value, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure(), httponly=False
        )
    else:
        response.delete_cookie(A11Y_COOKIE, samesite="Lax")


# --- 简体 / 繁體 ------------------------------------------------------------------------------


def script_variant(request) -> str:
    """``hant`` or ``hans``: the URL's ?variant= first, then the cookie."""
    asked = request.GET.get(SCRIPT_PARAM)
    if asked in (HANT, HANS):
        return asked
    return HANT if request.COOKIES.get(SCRIPT_COOKIE) == HANT else HANS


def _s2t() -> opencc.OpenCC:
    # One converter per thread: OpenCC objects are not documented as thread-safe.
    converter = getattr(_local, "s2t", None)
    if converter is None:
        converter = _local.s2t = opencc.OpenCC("s2t")
    return converter


class _LRU:
    """A small thread-safe LRU of converted pages, keyed by a digest of the Simplified text and
    bounded both in entries and in total characters."""

    def __init__(self, size: int, total_chars: int):
        self.size, self.total_chars, self.chars = size, total_chars, 0
        self.data: OrderedDict[bytes, str] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: bytes) -> str | None:
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key: bytes, value: str) -> None:
        with self.lock:
            old = self.data.pop(key, None)
            self.chars += len(value) - (len(old) if old is not None else 0)
            self.data[key] = value
            while len(self.data) > self.size or self.chars > self.total_chars:
                self.chars -= len(self.data.popitem(last=False)[1])

    def clear(self) -> None:
        with self.lock:
            self.data.clear()
            self.chars = 0


_cache = _LRU(CACHE_ENTRIES, CACHE_TOTAL_CHARS)


def _convert(text: str) -> str:
    converter = _s2t()
    parts = NO_CONVERT_RE.split(text)  # odd indexes: the regions kept as written
    return "".join(part if index % 2 else converter.convert(part) for index, part in enumerate(parts))


def to_traditional(html: str) -> str:
    """The page in Traditional characters (OpenCC s2t), cached by content."""
    tokens: list[str] = []

    def cut(match):
        tokens.append(match.group(2))
        return match.group(1) + match.group(3)

    masked = CSRF_VALUE_RE.sub(cut, html)
    cacheable = len(masked) <= CACHE_MAX_CHARS
    key = hashlib.blake2b(masked.encode(), digest_size=16).digest() if cacheable else b""
    converted = _cache.get(key) if cacheable else None
    if converted is None:
        converted = HTML_LANG_RE.sub(r"\1zh-Hant\2", _convert(masked), count=1)
        if cacheable:
            _cache.put(key, converted)
    if tokens:
        restore = iter(tokens)
        converted = CSRF_VALUE_RE.sub(lambda m: m.group(1) + next(restore, "") + m.group(3), converted)
    return converted


@functools.lru_cache(maxsize=8)
def _admin_prefix(urlconf: str) -> str | None:
    """The admin's path (without the script prefix), looked up once per URLconf."""
    try:
        return "/" + reverse("admin:index", urlconf=urlconf)[len(get_script_prefix()) :]
    except NoReverseMatch:  # a URLconf without the admin
        return None


class TraditionalChineseMiddleware:
    """Serve public HTML pages in Traditional characters when the reader asked for them.

    Sets ``request.script_variant`` (read by the templates through the context processor), keeps
    the ``script`` cookie in step with ``?variant=``, adds ``Vary: Cookie`` to HTML responses (the
    script and the a11y classes depend on cookies) and converts the page. Left alone: the admin,
    anything not text/html (JSON API, CSV, feeds, files, DOCX/XLSX), streaming responses, pages
    without the public layout's script switch, and responses converted already.
    """

    MARKER = b"data-script-switch"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin = _admin_prefix(getattr(request, "urlconf", None) or settings.ROOT_URLCONF)
        if admin and request.path_info.startswith(admin):
            return self.get_response(request)
        variant = request.script_variant = script_variant(request)
        response = self.get_response(request)
        asked = request.GET.get(SCRIPT_PARAM)
        if asked == HANT:
            response.set_cookie(
                SCRIPT_COOKIE, HANT, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure(), httponly=True
            )
        elif asked == HANS and SCRIPT_COOKIE in request.COOKIES:
            response.delete_cookie(SCRIPT_COOKIE, samesite="Lax")
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        patch_vary_headers(response, ["Cookie"])
        # Pages differ by cookie and change when the record does: browsers and shared proxies must
        # ask again each time (many proxies ignore Vary: Cookie); the server-side page cache
        # (common/pagecache.py, inside this middleware) stored its copy before this.
        patch_cache_control(response, private=True, no_cache=True)
        if response.has_header("Expires"):
            del response["Expires"]
        if variant == HANT and self._convertible(response):
            charset = response.charset or "utf-8"
            try:
                html = response.content.decode(charset)
            except (UnicodeDecodeError, LookupError):
                return response
            response.content = to_traditional(html).encode(charset, errors="xmlcharrefreplace")
            response["Content-Language"] = "zh-Hant"
            response.converted_to_traditional = True
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response

    def _convertible(self, response) -> bool:
        return (
            not response.streaming
            and not getattr(response, "converted_to_traditional", False)
            and response.get("Content-Language") != "zh-Hant"
            and not 300 <= response.status_code < 400
            and self.MARKER in response.content
        )


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
