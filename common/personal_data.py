"""Personal data in free text: identity and travel-document numbers, phone numbers, e-mail addresses;
and the cleaning of text that comes from outside (control and format characters).

This module owns finding, masking and cleaning; the others only apply it. One finder,
find_personal_data(), for every place that hides personal data: the logs and the development mail
backend (common/logs.py applies it to log records and mails, adding URL secrets and log escaping),
a request promoted to proactive disclosure and the purge of a request (applications.services.promotion,
applications.retention, through mask_personal_data) and the free text of a person's decision
(disclosures/privacy.py, through replace_personal_data with the "id" and "mobile" kinds only), so
that what one hides the others hide too.

The text is matched in its NFKC form (full-width ``１３９１２３４５６７８``, ``（0770）``, ``＠``,
``＋８６``, ideographic spaces read as ASCII) and each find is given as a span of the original
characters, so the rest of a text can be left exactly as it was.

What is found, by kind:

* ``id``: an 18-digit 居民身份证号码 (last character may be X; grouped 6-8-4 or 6-4-4-4 by spaces
  or hyphens) and the old 15-digit one, when the birth date in it is a real date (positions 7–14
  YYYYMMDD in 1900–2099; 7–12 YYMMDD in the old one). The 港澳台居民居住证 number is such an
  18-digit number (starting 810000, 820000 or 830000), and so is found the same way. A run of
  digits that is part of a longer run or of a decimal number (``6.515929727227629``) is no ID. An
  all-digit 统一社会信用代码 has the ID's length but, after its area code, an organisation code,
  not a birth date (114506000000000017 and the 索引号 114506000000000017/2026-00012 stay readable);
  a code whose digits happen to form a date is found, as an ID would be. Codes with letters
  (91450600MA…) and runs of 19 or more digits are not IDs. Letters in front do not hide a number
  (``ID1101…``).
* ``passport``: ordinary passports E + 8 digits (E12345678), E + a letter + 7 digits (EA1234567,
  issued since 2017) and the older G + 8 digits; the electronic official passports DE/SE/PE + 7
  digits (外交, 公务, 公务普通) and their older forms D./S./P. + 7 digits and S + 8 digits; the
  Hong Kong SAR passport K + 8 digits and the Macao SAR passport MA + 7 digits. A bare P, D + 7
  digits and the old all-digit 14/15 + 7 digits are found only after a label (below): a letter or
  two and seven digits is too common a shape (part numbers, page references, byte counts).
* ``permit``: 港澳居民来往内地通行证 H or M + 8 digits, or + 10 digits on older cards (8 for the
  person, 2 counting the cards issued); an old 台湾居民来往大陆通行证 number, 10 digits and the
  issuing office's letter in brackets (0561682001(B)). The current 台胞证 number is 8 digits only,
  the shape of a local phone number or a date, so it is found after a label only.
* labelled numbers: after 护照 / passport (kind ``passport``) or 通行证, 台胞证, 回乡证, 证件号码
  (kind ``permit``), optionally followed by 号码, a colon or ``=``, a number of one or two letters
  (or a letter and a dot) and 7–10 digits, with a bracketed office code: 台胞证号码：12345678,
  港澳通行证C12345678, 护照 P1234567. Only the number is found, the label stays.
* ``mobile``: a mainland mobile number, 1[3-9] + 9 digits, in any grouping after its first three
  digits by spaces, hyphens or dashes or ``+`` (a space in a query string), or as 3-4-4 with dots
  (138.0013.8000); the first three may be bracketed (139)…; with +86, 0086 or 86 in front, also
  bracketed: (+86)13800138000, 0086-138-0013-8000.
* ``landline``: with an area code: 0770-2828077, 0770 2828077, (0770)2828077, 07702828077,
  (010) 1234-5678, 0770-282-8077, and from abroad +86 10 1234 5678, +86 (771) 2828077.
* ``phone``: Hong Kong, Macao and Taiwan numbers with their country code (+852 9123 4567,
  00853-6612-3456, +886 912 345 678).
* ``email``: e-mail addresses, also with a domain in other scripts (zhang@例子.中国).

Passport and permit numbers stand alone: not inside a longer run of digits and capital letters
(a 统一社会信用代码 such as 91450600MA1234567X holds MA1234567, 许可编号 JY14506020001234 holds
digits only), and not right after 字 or 注, where the same shapes are public approval numbers
(国药准字H20020001, 国食健注G20190001). A lower-case word may run into them (passportE12345678);
typed in lower case themselves (e12345678) they count only when no letter or digit touches them,
so a hex hash does not. Tracking numbers (2026-000123), dates (2026-03-15, 2026.03.15), years,
文号 (〔2018〕12号), licence numbers, amounts (12.90, 1380.00), postal codes (538001), decimal
numbers and timestamps are not personal data and are not found.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

MASK = "[已隐去]"

# ---------------------------------------------------------------------------
# Cleaning: control and format characters
# ---------------------------------------------------------------------------

# Control (Unicode category Cc: C0, DEL, C1) and format characters (Cf: direction overrides and
# isolates, zero-width characters, soft hyphen, tags…) are invisible: they disguise text (an
# override shows "exe.pdf" for "fdp.exe"), rewrite a log line, or are refused by PostgreSQL (NUL).
# Tab and line breaks are the only ones text may keep, where it has several lines.
CONTROL_CATEGORIES = ("Cc", "Cf")
TAB_AND_LINE_BREAKS = "\t\r\n"
# Where Unicode puts them: the first two planes and the tags of plane 14. Reading only these takes
# an eighth of the time of every code point, paid once per process on the first log line
# (tests/test_personal_data_scrub.py checks that nothing outside them is one).
CONTROL_PLANES = (range(0x20000), range(0xE0000, 0xE1000))


@functools.cache
def control_characters(keep: str = TAB_AND_LINE_BREAKS) -> re.Pattern:
    """A pattern matching one control or format character that is not in `keep` (built once)."""
    chars = (chr(c) for block in CONTROL_PLANES for c in block)
    found = "".join(c for c in chars if unicodedata.category(c) in CONTROL_CATEGORIES and c not in keep)
    return re.compile(f"[{re.escape(found)}]")


def has_control_characters(text: str, keep: str = TAB_AND_LINE_BREAKS) -> bool:
    return bool(control_characters(keep).search(text))


def strip_control_characters(text: str, keep: str = TAB_AND_LINE_BREAKS) -> str:
    """`text` without its control and format characters (but those in `keep`)."""
    return control_characters(keep).sub("", text)


# Candidates, matched on the NFKC form of the text. Numbers never start or end inside a longer
# run of digits or a decimal number. Each pattern opens with a lookahead for its first character,
# which lets the regex engine skip to the places where it can start (a log line is masked on
# every write).
_NUMBER_START = r"(?<!\d)(?<!\d\.)"
_NUMBER_END = r"(?!\d)(?!\.\d)"
# Hyphen-minus, the Unicode hyphens and dashes (‐ ‑ ‒ – — ―) and the minus sign; with a space.
_DASHES = "\\-\u2010-\u2015\u2212"
_SEP = f"[{_DASHES} ]"
_SEP_QUERY = f"[{_DASHES} +]"  # also "+", a space in a query string

_ID = re.compile(
    r"(?=[1-9])"
    + _NUMBER_START
    + r"(?:[1-9]\d{5}[- ]?(?:\d{8}|\d{4}[- ]?\d{4})[- ]?\d{3}[\dXx]|[1-9]\d{14}(?![Xx]))"
    + _NUMBER_END
)

_CN = r"(?:\((?:\+|00)?86\)|(?:\+|00)?86)"  # +86, 0086, 86, (+86)
_MOBILE = re.compile(
    r"(?=[\d(+])"
    + _NUMBER_START
    + rf"(?:{_CN}{_SEP_QUERY}?)?"
    + rf"(?:(?:1[3-9]\d|\(1[3-9]\d\))(?:{_SEP_QUERY}?\d){{8}}|1[3-9]\d\.\d{{4}}\.\d{{4}})"
    + _NUMBER_END
)
_AREA = r"(?:10|2\d|[3-9]\d{2})"  # an area code without its 0
_LANDLINE = re.compile(
    r"(?=[\d(+])"
    + _NUMBER_START
    + rf"(?:\(0\d{{2,3}}\){_SEP}?|0\d{{2,3}}{_SEP}?"
    + rf"|(?:\((?:\+|00)86\)|(?:\+|00)86){_SEP}?(?:\(0?{_AREA}\)|0?{_AREA}){_SEP}?)"
    + rf"(?:\d{{7,8}}|\d{{3,4}}{_SEP}\d{{4}})"
    + _NUMBER_END
)
_REGION_PHONE = re.compile(
    r"(?=[(+0])"
    + _NUMBER_START
    + rf"(?:\((?:\+|00)(?:852|853|886)\)|(?:\+|00)(?:852|853|886))(?:{_SEP}?\d){{8,9}}"
    + _NUMBER_END
)
# Starting only where a mailbox name can start keeps a long run of letters and digits linear.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[\w-]+(?:\.[\w-]+)+")


def _document(first: str, shape: str) -> re.Pattern:
    """A document number of `shape` (capital letters and digits; its first letter one of `first`)
    standing alone (see above)."""
    return re.compile(
        rf"(?=[{first}{first.lower()}])(?<![字注])(?:(?<![0-9A-Za-z])(?i:{shape})|(?<![0-9A-Z])(?:{shape}))(?![0-9A-Za-z])",
    )


_PASSPORT = _document("DEGKMPS", r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}|[DPS]E\d{7}|[DPS]\.\d{7}|S\d{8}|K\d{8}|MA\d{7}")
_PERMIT = _document("HM", r"[HM]\d{8}(?:\d{2})?")
_OLD_TAIWAN_PERMIT = re.compile(r"(?=\d)" + _NUMBER_START + r"\d{10}\([A-Z]\)")

# After a label, only the number (group "n") is personal data.
_LABEL_END = r"\s?(?:号码|號碼|号|號|编号|編號|no\.?|number)?\s{0,3}(?:[:=]|为|是|為)?\s{0,3}"
_LABELLED_NUMBER = r"(?P<n>(?<![0-9A-Za-z])[A-Za-z]{0,2}\.?\d{7,10}(?:\([A-Za-z0-9]\))?)(?![0-9A-Za-z])"
_PASSPORT_LABELLED = re.compile(r"(?:护照|護照|passport)" + _LABEL_END + _LABELLED_NUMBER, re.IGNORECASE)
_PERMIT_LABELLED = re.compile(
    r"(?:通行证|通行證|台胞证|台胞證|臺胞證|回乡证|回鄉證|证件号码|證件號碼|证件号|證件號)"
    + _LABEL_END
    + _LABELLED_NUMBER,
    re.IGNORECASE,
)

PATTERNS: dict[str, tuple[re.Pattern, ...]] = {
    "id": (_ID,),
    "passport": (_PASSPORT, _PASSPORT_LABELLED),
    "permit": (_PERMIT, _OLD_TAIWAN_PERMIT, _PERMIT_LABELLED),
    "mobile": (_MOBILE,),
    "landline": (_LANDLINE,),
    "phone": (_REGION_PHONE,),
    "email": (_EMAIL,),
}


def _is_birth_date(digits: str) -> bool:
    """Positions 7–14 of an 18-digit ID (YYYYMMDD) or 7–12 of a 15-digit one (YYMMDD, 19YY)."""
    if len(digits) == 18:
        year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
        if not 1900 <= year <= 2099:
            return False
    else:
        year, month, day = 2000, int(digits[8:10]), int(digits[10:12])  # a leap year: 29 Feb is a date
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _normalized(text: str) -> tuple[str, list[int] | None]:
    """The NFKC form of `text`, and for each of its characters the index of the one it came from
    (None when the text is its own NFKC form)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None
    parts, origin = [], []
    for index, char in enumerate(text):
        form = unicodedata.normalize("NFKC", char) if not char.isascii() else char
        parts.append(form)
        origin.extend([index] * len(form))
    return "".join(parts), origin


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` in order, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_personal_data(text: str, kinds: Iterable[str] = PATTERNS) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each ID, passport or permit number, phone number or e-mail address of
    the given kinds (keys of PATTERNS) in `text`, found in its NFKC form, in order, not
    overlapping (overlapping finds are one, of the kind of the longest that starts first:
    0086-138-0013-8000 is a mobile number, not the landline 0086-138-0013)."""
    normal, origin = _normalized(text)
    found = []
    for kind in kinds:
        for pattern in PATTERNS[kind]:
            for match in pattern.finditer(normal):
                if kind == "id" and not _is_birth_date(re.sub(r"[- ]", "", match.group())):
                    continue
                start, end = match.span("n") if "n" in pattern.groupindex else match.span()
                if origin is not None:
                    start, end = origin[start], origin[end - 1] + 1
                found.append((start, end, kind))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda find: (find[0], -find[1])):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, kind))
    return merged


def personal_data_spans(text: str, also: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where in `text` personal data is (merged, in order): what find_personal_data finds, and each
    occurrence of the strings in `also` (compared in NFKC)."""
    normal, origin = _normalized(text)
    found = [(start, end) for start, end, _kind in find_personal_data(text)]
    also_found = []
    for value in also:
        value = unicodedata.normalize("NFKC", value)
        if not value:
            continue
        start = normal.find(value)
        while start != -1:
            also_found.append((start, start + len(value)))
            start = normal.find(value, start + len(value))
    if origin is not None:
        also_found = [(origin[start], origin[end - 1] + 1) for start, end in also_found]
    return merge_spans(found + also_found)


def apply_mask(text: str, spans: list[tuple[int, int]], mask: str, encode=None) -> str:
    """`text` with each span (in order, not overlapping) replaced by `mask`, what is left passed
    through `encode`."""
    keep = encode or (lambda part: part)
    parts, last = [], 0
    for start, end in spans:
        parts.append(keep(text[last:start]))
        last = end
    parts.append(keep(text[last:]))
    return mask.join(parts)


def replace_personal_data(text: str, replace: Callable[[str, str], str], kinds: Iterable[str] = PATTERNS) -> str:
    """`text` with each find of the given kinds (find_personal_data) replaced by
    ``replace(found, kind)``: a partial mask that keeps part of the number, say; nothing else
    changes."""
    parts, last = [], 0
    for start, end, kind in find_personal_data(text, kinds):
        parts += [text[last:start], replace(text[start:end], kind)]
        last = end
    return "".join([*parts, text[last:]])


def mask_personal_data(text: str, *, mask: str = MASK, also: Iterable[str] = ()) -> str:
    """`text` with ID, passport and permit numbers, phone numbers, e-mail addresses (and the strings
    in `also`, known personal data such as a requester's name) replaced by `mask`; nothing else
    changes.

    The plain-text core of common.logs.redact(), for text that is not a log line (it does not read
    percent-encoding, mask URL secrets or escape control characters): applications.services.promotion uses it
    to take the requester out of a request promoted to proactive disclosure, applications.retention
    to mask a purged request's free text.
    """
    spans = personal_data_spans(text, [value for value in also if value])
    return apply_mask(text, spans, mask) if spans else text
